package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"laborbridge/internal/store/storetest"
)

// chromiumPath returns the browser to drive. Outside CI the test skips
// when there is none; CI must have one.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed, and CI must run the browser tests")
	}
	t.Skip("chromium is not installed")
	return ""
}

// browser starts a headless Chromium with a fresh profile that asks for
// Chinese pages, as the offices' browsers do.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1366, 900)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// shooter saves full-page screenshots into docs/screenshots when
// LABORBRIDGE_SCREENSHOTS=1, so that ordinary runs leave the files alone.
type shooter struct {
	dir string
}

func newShooter(t *testing.T) *shooter {
	if os.Getenv("LABORBRIDGE_SCREENSHOTS") != "1" {
		return &shooter{}
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &shooter{dir: dir}
}

func (s *shooter) shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if s.dir == "" {
			return nil
		}
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(s.dir, name+".png"), png, 0o644)
	})
}

// visible reads the text a person sees in the page's main area.
func visible(ctx context.Context, t *testing.T, want ...string) {
	t.Helper()
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatalf("read the page: %v", err)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the page does not show %q:\n%s", w, text)
		}
	}
}

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	clock := &storetest.Clock{T: storetest.Start}
	e := newEnv(t, storetest.OpenSQLite(t, clock), clock, 36)
	// What the visit does happens after the data was filled in, so the
	// audit trail lists it first.
	clock.T = clock.T.Add(time.Hour)
	ts := httptest.NewServer(e.srv)
	t.Cleanup(ts.Close)
	shots := newShooter(t)
	w := e.workerIn("140105")

	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	run("sign-in page", chromedp.Navigate(ts.URL+"/workers"), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)), shots.shot("01-sign-in"))
	visible(ctx, t, "劳务桥", "登录", "用户名", "密码")
	run("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "shanxi"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`aside.side`)),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/workers") {
		t.Errorf("signing in from /workers led to %s", loc)
	}
	visible(ctx, t, "劳动力登记", "共 37 人", w.Name, w.IDMasked, "省就业局")

	run("overview", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.stats`)), shots.shot("02-overview"))
	visible(ctx, t, "工作台", "登记劳动力", "37", "各地登记劳动力", "太原市", "各输入地空缺岗位", "江苏省")

	run("workers", chromedp.Navigate(ts.URL+"/workers"), chromedp.WaitVisible(chromedp.CSS(`table.list`)), shots.shot("03-workers"))
	run("worker", chromedp.Click(chromedp.CSS(`a[href="/workers/`+w.ID+`"]`)), chromedp.WaitVisible(chromedp.CSS(`dl.kv`)), shots.shot("04-worker"))
	visible(ctx, t, "基本信息", w.Name, w.IDMasked, w.PhoneMasked, "技能与意向", "显示完整证件号")

	// A search by ID number goes straight to the worker, and the number
	// never shows in the address bar.
	full := e.mustReveal(w.ID).IDNumber
	run("search by ID number", chromedp.Navigate(ts.URL+"/workers"), chromedp.WaitVisible(chromedp.CSS(`form.filters input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`form.filters input[name=q]`), full), chromedp.Submit(chromedp.CSS(`form.filters`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.kv`)))
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/workers/"+w.ID) {
		t.Errorf("searching by ID number led to %s, want the worker's page", loc)
	}

	run("worker form", chromedp.Navigate(ts.URL+"/workers/new"), chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "赵春生"),
		chromedp.SendKeys(chromedp.CSS(`input[name=id_number]`), workerInput(t, 440, "140105").IDNumber),
		chromedp.SendKeys(chromedp.CSS(`input[name=phone]`), "139123"),
		chromedp.SendKeys(chromedp.CSS(`input[name=home]`), "小店区"),
		chromedp.SendKeys(chromedp.CSS(`input[name=occupation]`), "焊工和气割工"),
		chromedp.Click(chromedp.CSS(`form.card button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field.bad .msg`)),
		shots.shot("05-worker-form-error"),
	)
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.field.bad:has(input[name=phone]) .msg`)))
	if err != nil || !strings.Contains(msg, "11") {
		t.Errorf("the phone field says %q, want the 11-digit rule", msg)
	}
	visible(ctx, t, "请更正标红的字段后再保存")

	run("vacancies", chromedp.Navigate(ts.URL+"/vacancies"), chromedp.WaitVisible(chromedp.CSS(`table.list`)), shots.shot("06-vacancies"))
	visible(ctx, t, "岗位需求", "电子装配工", "苏州精密电子有限公司", "深圳市")

	bad := csvRow(t, 450, "140106")
	bad[3] = "火星县"
	file := filepath.Join(t.TempDir(), "三月登记表.csv")
	if err := os.WriteFile(file, csvOf(t, [][]string{csvRow(t, 451, "140106"), csvRow(t, 452, "140107"), bad}), 0o644); err != nil {
		t.Fatal(err)
	}
	run("import", chromedp.Navigate(ts.URL+"/imports"), chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/imports"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert`)),
		shots.shot("07-import-report"),
	)
	visible(ctx, t, "三月登记表.csv", "发现 1 行错误", "户籍地", "火星县", "下载错误清单")
	line, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`table.list tbody tr td.num`)))
	if err != nil || strings.TrimSpace(line) != "4" {
		t.Errorf("the report lists row %q, want 4", line)
	}

	run("audit", chromedp.Navigate(ts.URL+"/audit"), chromedp.WaitVisible(chromedp.CSS(`table.list`)), shots.shot("08-audit"))
	visible(ctx, t, "审计日志", "import.workers", "shanxi")

	run("switch to English", chromedp.Navigate(ts.URL+"/workers"), chromedp.WaitVisible(chromedp.CSS(`.lang a`)),
		chromedp.Click(chromedp.CSS(`.lang a`)), chromedp.WaitVisible(chromedp.CSS(`html[lang=en]`)))
	visible(ctx, t, "Workers", "Vacancies", "37 workers", "Xiaodian")
	run("English stays", chromedp.Navigate(ts.URL+"/vacancies"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	visible(ctx, t, "Vacancies", "Suzhou")

	run("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.Navigate(ts.URL+"/workers"), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)))
}
