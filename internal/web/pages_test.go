package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

func TestSignInFlow(t *testing.T) {
	e := sqliteEnv(t, 3)
	steps := []struct {
		name       string
		req        req
		wantStatus int
		wantLoc    string
		want       []string
	}{
		{"home signed out", req{path: "/"}, 303, "/login", nil},
		{"a page signed out", req{path: "/workers?page=2"}, 303, "/login?next=%2Fworkers%3Fpage%3D2", nil},
		{"sign-in page", req{path: "/login?next=%2Fworkers"}, 200, "", []string{`<html lang="zh-CN">`, "登录", `name="username"`, `type="password"`, `name="next" value="/workers"`}},
		{"sign-in page in English", req{path: "/login?lang=en"}, 200, "", []string{`<html lang="en">`, "Sign in"}},
		{"wrong password", req{method: "POST", path: "/login", body: "username=xiaodian&password=nope-nope-nope&next=%2Fworkers", ctype: "application/x-www-form-urlencoded"},
			401, "", []string{"用户名或密码不正确", `value="xiaodian"`, `name="next" value="/workers"`}},
		{"unknown user", req{method: "POST", path: "/login", body: "username=ghost&password=nope-nope-nope", ctype: "application/x-www-form-urlencoded"},
			401, "", []string{"用户名或密码不正确"}},
		{"right password", req{method: "POST", path: "/login", body: "username=xiaodian&password=" + url.QueryEscape(password) + "&next=%2Fworkers", ctype: "application/x-www-form-urlencoded"},
			303, "/workers", nil},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			res, body := e.do(s.req)
			if res.StatusCode != s.wantStatus || res.Header.Get("Location") != s.wantLoc {
				t.Fatalf("%s %s = %d to %q, want %d to %q", s.req.method, s.req.path, res.StatusCode, res.Header.Get("Location"), s.wantStatus, s.wantLoc)
			}
			for _, w := range s.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s lacks %q", s.req.method, s.req.path, w)
				}
			}
		})
	}
	cookie := e.login("xiaodian")
	res, body := e.page(cookie, "/workers")
	if res.StatusCode != 200 || !strings.Contains(body, "小店区就业中心") || !strings.Contains(body, "退出") {
		t.Errorf("GET /workers signed in = %d, want the page with the user's name and a sign-out button", res.StatusCode)
	}
	if res, _ := e.page(cookie, "/login?next=%2Fvacancies"); res.StatusCode != 303 || res.Header.Get("Location") != "/vacancies" {
		t.Errorf("GET /login signed in = %d to %q, want 303 to /vacancies", res.StatusCode, res.Header.Get("Location"))
	}
}

// mainPages lists the pages of a province user with what each must show,
// in Chinese and in English.
func mainPages(e *env) []struct {
	path   string
	zh, en []string
} {
	w := e.workerIn("140105")
	v := e.vacancies[2]
	emp := e.employers[1]
	return []struct {
		path   string
		zh, en []string
	}{
		{"/", []string{"工作台", "登记劳动力", "各地登记劳动力", "太原市"}, []string{"Overview", "Taiyuan"}},
		{"/workers", []string{"劳动力登记", w.Name, w.IDMasked, "小店区"}, []string{"Workers", w.IDMasked, "Xiaodian"}},
		{"/workers/" + w.ID, []string{"基本信息", w.Name, w.IDMasked, w.PhoneMasked, "显示完整证件号"}, []string{"Show full ID number", w.IDMasked}},
		{"/workers/new", []string{"登记人员", `name="id_number"`, `name="phone"`}, []string{`name="id_number"`}},
		{"/workers/" + w.ID + "/edit", []string{"编辑人员信息", w.IDMasked, `value="` + w.Name + `"`}, []string{w.IDMasked}},
		{"/vacancies", []string{"岗位需求", v.Title, emp.Name, "苏州市"}, []string{"Vacancies", "Suzhou"}},
		{"/vacancies/" + v.ID, []string{v.Title, emp.Name}, []string{v.Title}},
		{"/vacancies/new", []string{"发布岗位", `name="credit_code"`}, []string{`name="credit_code"`}},
		{"/vacancies/" + v.ID + "/edit", []string{"编辑岗位", `value="` + v.Title + `"`}, nil},
		{"/employers", []string{"合作单位", emp.Name, emp.CreditCode}, []string{"Partners", emp.CreditCode}},
		{"/employers/" + emp.ID, []string{emp.Name, emp.CreditCode, v.Title}, []string{emp.CreditCode}},
		{"/imports", []string{"批量导入", "导入模板", "/templates/workers.xlsx"}, []string{"Imports"}},
		{"/audit", []string{"审计日志", "worker.create"}, []string{"Audit trail", "worker.create"}},
	}
}

// untranslated finds message ids shown as such: a capitalised word of
// letters and underscores standing alone as an element's text.
var untranslated = regexp.MustCompile(`>\s*([A-Z][a-z]+(?:[A-Z_][A-Za-z]*)+)\s*<`)

func TestPagesRender(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 12)
		cookie := e.login("shanxi")
		bad := csvRow(t, 420, "140105")
		bad[3] = "火星"
		body, ctype := multipartBody(t, "登记表.csv", csvOf(t, [][]string{csvRow(t, 421, "140105"), bad}), map[string]string{"kind": "workers"})
		res, _ := e.do(req{method: "POST", path: "/imports", body: body, ctype: ctype, cookies: []*http.Cookie{cookie}})
		report := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(report, "/imports/") {
			t.Fatalf("POST /imports = %d to %q, want a redirect to the report", res.StatusCode, report)
		}
		pages := append(mainPages(e), struct {
			path   string
			zh, en []string
		}{report, []string{"登记表.csv", "未保存", "户籍地", "请填写户籍所在县区", "火星", "下载错误清单"}, []string{"rejected", "Download the errors"}})

		enCookie := &http.Cookie{Name: "lang", Value: "en"}
		res, _ = e.do(req{path: "/lang/en?back=%2Fworkers"})
		for _, c := range res.Cookies() {
			if c.Name == "lang" {
				enCookie = c
			}
		}
		if enCookie.Value != "en" || res.Header.Get("Location") != "/workers" {
			t.Fatalf("GET /lang/en = %d to %q, cookie %v; want the English cookie and a way back", res.StatusCode, res.Header.Get("Location"), enCookie)
		}
		for _, p := range pages {
			t.Run(p.path, func(t *testing.T) {
				for _, v := range []struct {
					lang string
					r    req
					want []string
				}{
					{"zh", req{path: p.path, cookies: []*http.Cookie{cookie}}, p.zh},
					{"en", req{path: p.path + sep(p.path) + "lang=en", cookies: []*http.Cookie{cookie}}, p.en},
					{"en cookie", req{path: p.path, cookies: []*http.Cookie{cookie, enCookie}}, p.en},
					{"en browser", req{path: p.path, cookies: []*http.Cookie{cookie}, header: map[string]string{"Accept-Language": "en-GB,en;q=0.9"}}, p.en},
				} {
					res, body := e.do(v.r)
					if res.StatusCode != 200 {
						t.Fatalf("GET %s (%s) = %d, want 200\n%s", v.r.path, v.lang, res.StatusCode, body)
					}
					htmlLang := `<html lang="zh-CN">`
					if v.lang != "zh" {
						htmlLang = `<html lang="en">`
					}
					for _, w := range append(v.want, htmlLang) {
						if !strings.Contains(body, w) {
							t.Errorf("GET %s (%s) lacks %q", v.r.path, v.lang, w)
						}
					}
					if m := untranslated.FindStringSubmatch(body); m != nil {
						t.Errorf("GET %s (%s) shows the message id %s", v.r.path, v.lang, m[1])
					}
					if v.lang != "zh" && strings.Contains(body, "劳动力登记") {
						t.Errorf("GET %s (%s) still shows the Chinese menu", v.r.path, v.lang)
					}
				}
			})
		}
	})
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// TestPagesByRole checks what each role's menu offers and that pages a
// role may not use answer with an error page, not a crash.
func TestPagesByRole(t *testing.T) {
	e := sqliteEnv(t, 6)
	tests := []struct {
		user    string
		ok      []string
		refused map[string]int
	}{
		{"xiaodian", []string{"/", "/workers", "/workers/new", "/vacancies", "/employers", "/imports"},
			map[string]int{"/audit": 403, "/vacancies/new": 403}},
		{"suzhou-hr", []string{"/", "/vacancies", "/vacancies/new", "/employers", "/employers/" + e.employers[1].ID, "/imports"},
			map[string]int{"/workers": 403, "/workers/new": 403, "/audit": 403, "/employers/" + e.employers[0].ID: 404,
				"/vacancies/" + e.vacancies[0].ID: 404, "/workers/" + e.workers[0].ID: 403}},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			cookie := e.login(tt.user)
			for _, p := range tt.ok {
				if res, body := e.page(cookie, p); res.StatusCode != 200 {
					t.Errorf("GET %s as %s = %d, want 200\n%s", p, tt.user, res.StatusCode, body)
				}
			}
			for p, code := range tt.refused {
				res, body := e.page(cookie, p)
				if res.StatusCode != code {
					t.Errorf("GET %s as %s = %d, want %d", p, tt.user, res.StatusCode, code)
				}
				if !strings.Contains(body, "返回首页") {
					t.Errorf("GET %s as %s: no error page", p, tt.user)
				}
			}
		})
	}
	cookie := e.login("shanxi")
	res, body := e.page(cookie, "/workers/00000000-0000-4000-8000-000000000000")
	if res.StatusCode != 404 || !strings.Contains(body, "没有找到") {
		t.Errorf("GET an unknown worker = %d, want the 404 page", res.StatusCode)
	}
	if res, _ := e.page(cookie, "/workers/not-an-id"); res.StatusCode != 404 {
		t.Errorf("GET /workers/not-an-id = %d, want 404", res.StatusCode)
	}
}

// fieldBlock returns the form field (its label element) that holds the
// input named name.
func fieldBlock(body, name string) string {
	i := strings.Index(body, `name="`+name+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], `<label class="field`)
	end := strings.Index(body[i:], "</label>")
	if start < 0 || end < 0 {
		return ""
	}
	return body[start : i+end]
}

func TestFormErrorsInline(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 2)
		cookie := e.login("xiaodian")
		in := workerInput(t, 430, "140105")
		form := url.Values{"name": {in.Name}, "id_number": {in.IDNumber}, "phone": {"1391234"}, "home": {"小店区"}, "occupation": {"厨师"}, "priority": {"1"}}
		before := e.workerCount()
		res, body := e.postForm(cookie, "/workers", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST /workers with a bad phone = %d, want 422", res.StatusCode)
		}
		if e.workerCount() != before {
			t.Fatal("a form with an error stored a worker")
		}
		phone := fieldBlock(body, "phone")
		if !strings.Contains(phone, `class="field bad"`) || !strings.Contains(phone, `<em class="msg">`) || !strings.Contains(phone, "11") {
			t.Errorf("the phone field shows no message:\n%s", phone)
		}
		if !strings.Contains(phone, "手机号为 11 位数字") {
			t.Errorf("the phone field does not state its rule in Chinese:\n%s", phone)
		}
		if !strings.Contains(phone, `aria-invalid="true"`) {
			t.Errorf("the phone input is not marked invalid:\n%s", phone)
		}
		if name := fieldBlock(body, "name"); strings.Contains(name, "bad") || !strings.Contains(name, `value="`+in.Name+`"`) {
			t.Errorf("the good name field lost its value or is marked bad:\n%s", name)
		}
		for _, kept := range []string{`value="` + in.IDNumber + `"`, `value="小店区"`, `value="厨师"`, `name="priority" value="1" checked`} {
			if !strings.Contains(body, kept) {
				t.Errorf("the form lost %s", kept)
			}
		}
		if !strings.Contains(body, "请更正标红的字段") {
			t.Error("the form has no summary of its errors")
		}

		// Several fields at once, in English.
		form = url.Values{"name": {""}, "id_number": {"123"}, "phone": {"1391234"}, "home": {"火星"}, "occupation": {"宇航员"}}
		res, body = e.postForm(cookie, "/workers?lang=en", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Correct the fields marked in red") {
			t.Fatalf("POST /workers?lang=en with bad fields = %d, want the English form", res.StatusCode)
		}
		for _, f := range []string{"name", "id_number", "phone", "home", "occupation"} {
			if b := fieldBlock(body, f); !strings.Contains(b, `<em class="msg">`) {
				t.Errorf("field %s shows no message:\n%s", f, b)
			}
		}

		// A good form saves and says so on the next page.
		form = url.Values{"name": {in.Name}, "id_number": {in.IDNumber}, "phone": {in.Phone}, "home": {"小店区"}, "occupation": {"厨师"}}
		res, _ = e.postForm(cookie, "/workers", form)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/workers/") {
			t.Fatalf("POST /workers = %d to %q, want the new worker", res.StatusCode, res.Header.Get("Location"))
		}
		var flash *http.Cookie
		for _, c := range res.Cookies() {
			if c.Name == "flash" {
				flash = c
			}
		}
		if flash == nil {
			t.Fatal("saving set no message for the next page")
		}
		_, body = e.do(req{path: res.Header.Get("Location"), cookies: []*http.Cookie{cookie, flash}})
		if !strings.Contains(body, `class="flash"`) || !strings.Contains(body, in.Name+" 的信息已保存") {
			t.Error("the worker page does not say the worker was saved")
		}
		if strings.Contains(body, in.IDNumber) {
			t.Error("the page after saving shows the full ID number")
		}

		// The edit form: an error on one field keeps the others.
		w := e.workerIn("140105")
		form = url.Values{"name": {w.Name}, "phone": {""}, "home": {"小店区"}, "occupation": {"厨师"}, "min_wage": {"lots"}}
		res, body = e.postForm(cookie, "/workers/"+w.ID, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(body, "min_wage"), `<em class="msg">`) {
			t.Errorf("POST /workers/%s with a bad wage = %d, want the message by the field", w.ID, res.StatusCode)
		}
		form.Set("min_wage", "5000")
		if res, body := e.postForm(cookie, "/workers/"+w.ID, form); res.StatusCode != http.StatusSeeOther {
			t.Errorf("POST /workers/%s = %d, want 303\n%s", w.ID, res.StatusCode, body)
		}
		if got := e.mustReveal(w.ID); got.Phone == "" || got.MinWage != 5000 {
			t.Errorf("after an edit with a blank phone: phone %q, min wage %d; want the phone kept and 5000", got.Phone, got.MinWage)
		}

		// The vacancy form.
		p := e.login("suzhou-hr")
		res, body = e.postForm(p, "/vacancies", url.Values{"credit_code": {e.employers[1].CreditCode}, "occupation": {"电气和电子设备装配工"},
			"headcount": {"0"}, "wage_min": {"300"}, "place": {"苏州市"}, "start_date": {"2027-03-01"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST /vacancies with bad fields = %d, want 422", res.StatusCode)
		}
		for _, f := range []string{"headcount", "wage_min"} {
			if !strings.Contains(fieldBlock(body, f), `<em class="msg">`) {
				t.Errorf("vacancy field %s shows no message", f)
			}
		}
	})
}

func TestTemplatesAndExports(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 14)
		cookie := e.login("shanxi")
		for _, tt := range []struct {
			path, ctype, starts string
		}{
			{"/templates/workers.xlsx", "spreadsheetml", "PK"},
			{"/templates/workers.csv", "text/csv", ""},
			{"/templates/vacancies.xlsx", "spreadsheetml", "PK"},
			{"/templates/vacancies.csv", "text/csv", ""},
		} {
			res, body := e.page(cookie, tt.path)
			if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), tt.ctype) || !strings.HasPrefix(body, tt.starts) {
				t.Errorf("GET %s = %d %q, want a %s file", tt.path, res.StatusCode, res.Header.Get("Content-Type"), tt.ctype)
			}
			if !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("GET %s is not a download", tt.path)
			}
			if strings.HasSuffix(tt.path, ".csv") && !strings.Contains(body, "身份证号") && !strings.Contains(body, "统一社会信用代码") {
				t.Errorf("GET %s has no Chinese headers", tt.path)
			}
		}
		if res, _ := e.page(cookie, "/templates/payroll.xlsx"); res.StatusCode != 404 {
			t.Errorf("GET /templates/payroll.xlsx = %d, want 404", res.StatusCode)
		}

		// An export re-imports cleanly: into the same store nothing changes,
		// and into a new one it registers everyone.
		other := newEnv(t, storetest.OpenSQLite(t, clock), clock, 0)
		otherCookie := other.login("shanxi")
		for _, kind := range []string{"workers", "vacancies"} {
			res, file := e.page(cookie, "/"+kind+"/export?format=xlsx")
			if res.StatusCode != 200 || !strings.HasPrefix(file, "PK") {
				t.Fatalf("GET /%s/export = %d, want an XLSX file", kind, res.StatusCode)
			}
			want := len(e.workers)
			if kind == "vacancies" {
				want = len(e.vacancies)
			}
			rep := importPage(t, e, cookie, kind, file)
			if rep.Status != "stored" || rep.Rows != want || rep.Unchanged != want || rep.Invalid != 0 {
				t.Errorf("re-importing the %s export = %+v, want %d rows unchanged", kind, rep, want)
			}
			rep = importPage(t, other, otherCookie, kind, file)
			if rep.Status != "stored" || rep.Rows != want || rep.Created+rep.Unchanged != want || rep.Invalid != 0 {
				t.Errorf("importing the %s export into a new store = %+v, want %d rows stored", kind, rep, want)
			}
		}

		// A county's export holds its own workers only.
		county := e.login("xiaodian")
		res, file := e.page(county, "/workers/export?format=csv")
		if res.StatusCode != 200 {
			t.Fatalf("GET /workers/export as a county = %d", res.StatusCode)
		}
		for _, w := range e.workers {
			id := e.mustReveal(w.ID).IDNumber
			if got, want := strings.Contains(file, id), w.Home == "140105"; got != want {
				t.Errorf("the Xiaodian export holds %s of %s: %v, want %v", w.Name, w.Home, got, want)
			}
		}
	})
}

type importReport struct {
	Status    string `json:"status"`
	Rows      int    `json:"rows"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Invalid   int    `json:"invalid"`
	Errors    []struct {
		Line   int    `json:"line"`
		Column string `json:"column"`
		Reason string `json:"reason"`
	} `json:"errors"`
}

// importPage uploads file through the imports page and returns the
// report, read through the API.
func importPage(t *testing.T, e *env, cookie *http.Cookie, kind, file string) importReport {
	t.Helper()
	body, ctype := multipartBody(t, kind+".xlsx", []byte(file), map[string]string{"kind": kind})
	res, page := e.do(req{method: "POST", path: "/imports", body: body, ctype: ctype, cookies: []*http.Cookie{cookie}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/imports/") {
		t.Fatalf("POST /imports (%s) = %d to %q\n%s", kind, res.StatusCode, loc, page)
	}
	if res, _ := e.page(cookie, loc); res.StatusCode != 200 {
		t.Fatalf("GET %s = %d", loc, res.StatusCode)
	}
	_, js := e.do(req{path: "/api/v1" + loc, as: "shanxi"})
	var rep importReport
	decodeJSON(t, js, &rep)
	return rep
}

// TestMessages checks that every message the templates and handlers ask
// for exists in both languages, and that both have the same messages.
func TestMessages(t *testing.T) {
	catalogs := map[string]map[string]string{}
	for _, lang := range []string{"zh", "en"} {
		b, err := os.ReadFile(filepath.Join("locales", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("locales/%s.json: %v", lang, err)
		}
		catalogs[lang] = m
	}
	used := map[string]bool{}
	for _, pattern := range []string{"templates/*.html", "*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, re := range []*regexp.Regexp{
				regexp.MustCompile(`\.T "([A-Za-z]+)"`),
				regexp.MustCompile(`\.T\("([A-Za-z]+)"`),
				regexp.MustCompile(`newPage\(r, "([A-Za-z]+)"\)`),
				regexp.MustCompile(`i18n\.text\([^,]+, "([A-Za-z]+)"`),
			} {
				for _, m := range re.FindAllSubmatch(b, -1) {
					used[string(m[1])] = true
				}
			}
		}
	}
	// Ids built from a prefix and a value.
	for _, id := range []string{"Import_stored", "Import_partial", "Import_rejected", "Import_failed", "Kind_workers", "Kind_vacancies",
		"Level1", "Level2", "Level3", "Level4", "Level5", "State_open", "State_closed",
		"Status_registered", "Status_placed", "Status_employed", "Status_inactive",
		"Role_province", "Role_city", "Role_county", "Role_partner", "Role_trainer", "Role_worker"} {
		used[id] = true
	}
	if len(used) < 100 {
		t.Fatalf("found %d message ids in use; has the way templates ask for them changed?", len(used))
	}
	for id := range used {
		for lang, m := range catalogs {
			if strings.TrimSpace(m[id]) == "" {
				t.Errorf("message %s is missing in %s", id, lang)
			}
		}
	}
	for id := range catalogs["zh"] {
		if _, ok := catalogs["en"][id]; !ok {
			t.Errorf("message %s is in zh but not en", id)
		}
	}
	for id := range catalogs["en"] {
		if _, ok := catalogs["zh"][id]; !ok {
			t.Errorf("message %s is in en but not zh", id)
		}
	}
	// The Chinese messages name the product as the UI's brand does.
	brand := catalogs["zh"]["Brand"]
	for id, msg := range catalogs["zh"] {
		if strings.Contains(msg, "劳务通") && !strings.Contains(msg, brand) {
			t.Errorf("message %s names the product %q, want %q", id, "劳务通", brand)
		}
	}
}

func TestWorkerSearch(t *testing.T) {
	e := sqliteEnv(t, 10)
	cookie := e.login("xiaodian")
	mine := e.mustReveal(e.workerIn("140105").ID)
	other := e.mustReveal(e.workerIn("140106").ID)
	tests := []struct {
		name    string
		form    url.Values
		wantLoc string
	}{
		{"by name", url.Values{"q": {mine.Name}}, "/workers?q=" + url.QueryEscape(mine.Name)},
		{"with filters", url.Values{"q": {""}, "priority": {"true"}, "occupation": {"厨师"}}, "/workers?occupation=" + url.QueryEscape("厨师") + "&priority=true"},
		{"nothing", url.Values{}, "/workers"},
		{"by ID number", url.Values{"q": {mine.IDNumber}}, "/workers/" + mine.ID},
		{"by ID number in lower case", url.Values{"q": {strings.ToLower(mine.IDNumber)}}, "/workers/" + mine.ID},
		{"by another county's ID number", url.Values{"q": {other.IDNumber}}, "/workers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := e.postForm(cookie, "/workers/search", tt.form)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tt.wantLoc {
				t.Errorf("POST /workers/search %v = %d to %q, want 303 to %q", tt.form, res.StatusCode, res.Header.Get("Location"), tt.wantLoc)
			}
		})
	}
	// A search by ID number typed into the address bar still works, and
	// the page does not pass the number on in its links.
	res, body := e.page(cookie, "/workers?q="+mine.IDNumber)
	if res.StatusCode != 200 || !strings.Contains(body, `href="/workers/`+mine.ID+`"`) {
		t.Fatalf("GET /workers?q=<ID number> = %d, want the worker listed", res.StatusCode)
	}
	for _, h := range hrefs(body) {
		if strings.Contains(h, mine.IDNumber) {
			t.Errorf("the page links to %q", h)
		}
	}
}
