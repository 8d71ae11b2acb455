package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/idcard"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
	"laborbridge/internal/web"
)

// password is the password of every test user (storetest.MustUser's).
const password = "correct horse battery"

// env is a server over a store filled with a small province: one user of
// each office level, a partner, workers in Taiyuan's counties and one in
// Yangquan, employers and vacancies in Beijing, Jiangsu and Guangdong.
type env struct {
	t      testing.TB
	db     *store.DB
	clock  *storetest.Clock
	srv    *web.Server
	logs   *syncBuffer
	tokens map[string]string // username → API token

	province, city, xiaodian, yingze, partner *laborbridge.User

	workers   []*laborbridge.Worker
	employers []*laborbridge.Employer
	vacancies []*laborbridge.Vacancy
}

// syncBuffer collects the server's log lines from concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// counties are the Taiyuan counties the test workers come from.
var counties = []string{"140105", "140106", "140107", "140108", "140109", "140110", "140121", "140181"}

var (
	surnames   = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"}
	givenNames = []string{"建国", "秀英", "志强", "丽娟", "海军", "桂兰", "晓明", "春梅", "永强", "玉珍", "伟", "芳", "磊", "静", "军", "敏", "小龙", "红霞", "国庆", "艳"}
	trades     = []string{"5120", "7212", "7411", "8212", "9329", "9621", "8322", "7115", "7112", "8153", "9313", "4321"}
	wishes     = []string{"北京、江苏", "广东", "", "江苏、广东", "北京"}
)

// workerInput returns the i-th test worker, homed in county.
func workerInput(t testing.TB, i int, county string) laborbridge.WorkerInput {
	t.Helper()
	male := i%2 == 0
	birth := time.Date(1975+i%28, time.Month(1+i%12), 1+i%27, 0, 0, 0, 0, time.UTC)
	id := idcard.Generate(county, birth, i%400, male)
	if id == "" {
		t.Fatalf("idcard.Generate(%s, %d) failed", county, i)
	}
	prio := "否"
	if i%3 == 0 {
		prio = "是"
	}
	return laborbridge.WorkerInput{
		Name:        surnames[i%len(surnames)] + givenNames[(i*7)%len(givenNames)],
		IDNumber:    id,
		Phone:       fmt.Sprintf("139%08d", 10000000+i*7919%90000000),
		Home:        county,
		Village:     fmt.Sprintf("%d 村", 1+i%6),
		Occupation:  trades[i%len(trades)],
		SkillLevel:  fmt.Sprint(1 + i%5),
		Years:       fmt.Sprint(i % 15),
		Priority:    prio,
		WishRegions: wishes[i%len(wishes)],
		MinWage:     fmt.Sprint(3500 + 500*(i%6)),
	}
}

type employerSeed struct{ name, division, industry, contact string }

var employerSeeds = []employerSeed{
	{"北京城建服务有限公司", "110100", "建筑", "赵经理"},
	{"苏州精密电子有限公司", "320500", "电子制造", "钱主管"},
	{"深圳顺达物流有限公司", "440300", "物流", "孙主任"},
	{"东莞华美服装有限公司", "441900", "纺织服装", "李厂长"},
	{"无锡新能源装备有限公司", "320200", "装备制造", "周部长"},
}

type vacancySeed struct {
	employer            int
	occupation, title   string
	headcount, min, max int
	place               string
}

var vacancySeeds = []vacancySeed{
	{0, "9313", "建筑普工", 40, 5500, 7000, "110100"},
	{0, "7411", "建筑电工", 12, 7000, 9000, "110100"},
	{1, "8212", "电子装配工", 120, 5200, 6800, "320500"},
	{1, "4321", "仓库管理员", 6, 4800, 5600, "320500"},
	{2, "9621", "快递分拣员", 80, 6000, 8500, "440300"},
	{2, "8322", "城配司机", 20, 7500, 9500, "440300"},
	{3, "8153", "缝纫工", 60, 5000, 7500, "441900"},
	{4, "7212", "焊工", 25, 7000, 10000, "320200"},
}

// newEnv fills db and starts a server over it, with nWorkers workers
// spread over Taiyuan's counties.
func newEnv(t testing.TB, db *store.DB, clock *storetest.Clock, nWorkers int) *env {
	t.Helper()
	e := &env{t: t, db: db, clock: clock, logs: &syncBuffer{}, tokens: map[string]string{}}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := web.New(db, web.Options{Log: log, TempDir: t.TempDir()})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	e.srv = srv
	sys := storetest.System()

	for i, s := range employerSeeds {
		emp, err := db.CreateEmployer(sys, laborbridge.EmployerInput{CreditCode: idcard.GenerateCreditCode(s.division, 1000+i),
			Name: s.name, Division: s.division, Industry: s.industry, ContactName: s.contact, Address: s.name[:6] + "工业园区 8 号"})
		if err != nil {
			t.Fatalf("CreateEmployer(%s): %v", s.name, err)
		}
		e.employers = append(e.employers, emp)
	}
	for i, s := range vacancySeeds {
		emp := e.employers[s.employer]
		v, err := db.CreateVacancy(sys, laborbridge.VacancyInput{CreditCode: emp.CreditCode, Ref: fmt.Sprintf("R-%03d", i+1),
			Occupation: s.occupation, Title: s.title, Headcount: fmt.Sprint(s.headcount), WageMin: fmt.Sprint(s.min),
			WageMax: fmt.Sprint(s.max), Place: s.place, StartDate: "2027-02-20", AgeMin: "18", AgeMax: "50",
			Housing: "是", Meals: yesNo(i%2 == 0), TravelPaid: yesNo(i%3 == 0), ContractMonths: "12"})
		if err != nil {
			t.Fatalf("CreateVacancy(%s): %v", s.title, err)
		}
		e.vacancies = append(e.vacancies, v)
	}
	for i := range nWorkers {
		w, err := db.CreateWorker(sys, workerInput(t, i, counties[i%len(counties)]))
		if err != nil {
			t.Fatalf("CreateWorker(%d): %v", i, err)
		}
		e.workers = append(e.workers, w)
	}
	// One worker outside Taiyuan, in Yangquan's 城区.
	w, err := db.CreateWorker(sys, workerInput(t, 499, "140302"))
	if err != nil {
		t.Fatalf("CreateWorker(Yangquan): %v", err)
	}
	e.workers = append(e.workers, w)

	e.province = e.user(laborbridge.User{Username: "shanxi", DisplayName: "省就业局", Role: laborbridge.RoleProvince, Division: "140000"})
	e.city = e.user(laborbridge.User{Username: "taiyuan", DisplayName: "太原市人社局", Role: laborbridge.RoleCity, Division: "140100"})
	e.xiaodian = e.user(laborbridge.User{Username: "xiaodian", DisplayName: "小店区就业中心", Role: laborbridge.RoleCounty, Division: "140105"})
	e.yingze = e.user(laborbridge.User{Username: "yingze", DisplayName: "迎泽区就业中心", Role: laborbridge.RoleCounty, Division: "140106"})
	e.partner = e.user(laborbridge.User{Username: "suzhou-hr", DisplayName: "苏州精密电子", Role: laborbridge.RolePartner, EmployerID: e.employers[1].ID})
	return e
}

// sqliteEnv returns an env over a fresh SQLite store with its own clock.
func sqliteEnv(t testing.TB, nWorkers int) *env {
	t.Helper()
	clock := &storetest.Clock{T: storetest.Start}
	return newEnv(t, storetest.OpenSQLite(t, clock), clock, nWorkers)
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// user creates u and an API token for it.
func (e *env) user(u laborbridge.User) *laborbridge.User {
	e.t.Helper()
	created := storetest.MustUser(e.t, e.db, u)
	token, err := e.db.CreateSession(context.Background(), created, store.SessionAPI, "test")
	if err != nil {
		e.t.Fatalf("CreateSession(%s): %v", u.Username, err)
	}
	e.tokens[created.Username] = token
	return created
}

// workerIn returns a stored worker homed in county.
func (e *env) workerIn(county string) *laborbridge.Worker {
	e.t.Helper()
	for _, w := range e.workers {
		if w.Home == county {
			return w
		}
	}
	e.t.Fatalf("no test worker in %s", county)
	return nil
}

// req describes one request to the server.
type req struct {
	method, path string
	as           string // username whose API token is sent
	body         string
	ctype        string
	header       map[string]string
	cookies      []*http.Cookie
	remote       string // client address; httptest's default when empty
}

// do sends r to the server in process and returns the response with its body read.
func (e *env) do(r req) (*http.Response, string) {
	e.t.Helper()
	if r.method == "" {
		r.method = http.MethodGet
	}
	hr := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
	if r.body != "" {
		ct := r.ctype
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if r.as != "" {
		token, ok := e.tokens[r.as]
		if !ok {
			e.t.Fatalf("no token for %q", r.as)
		}
		hr.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	for _, c := range r.cookies {
		hr.AddCookie(c)
	}
	if r.remote != "" {
		hr.RemoteAddr = r.remote
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, hr)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// login signs in through the form and returns the session cookie.
func (e *env) login(username string) *http.Cookie {
	e.t.Helper()
	form := url.Values{"username": {username}, "password": {password}}
	res, body := e.do(req{method: "POST", path: "/login", body: form.Encode(), ctype: "application/x-www-form-urlencoded"})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("POST /login as %s = %d, want 303\n%s", username, res.StatusCode, body)
	}
	for _, c := range res.Cookies() {
		if c.Name == "lb_session" && c.Value != "" {
			return c
		}
	}
	e.t.Fatalf("POST /login as %s set no lb_session cookie", username)
	return nil
}

// page fetches a page with a session cookie.
func (e *env) page(cookie *http.Cookie, path string) (*http.Response, string) {
	e.t.Helper()
	return e.do(req{path: path, cookies: []*http.Cookie{cookie}})
}

// postForm posts an urlencoded form with a session cookie.
func (e *env) postForm(cookie *http.Cookie, path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	return e.do(req{method: "POST", path: path, body: form.Encode(), ctype: "application/x-www-form-urlencoded", cookies: []*http.Cookie{cookie}})
}

// multipartBody returns a multipart form with a file part and fields.
func multipartBody(t testing.TB, fileName string, content []byte, fields map[string]string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), mw.FormDataContentType()
}

// auditCount returns how many audit entries there are.
func (e *env) auditCount() int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRow(`SELECT COUNT(*) FROM audit`).Scan(&n); err != nil {
		e.t.Fatalf("count audit: %v", err)
	}
	return n
}

// auditOf returns how many audit entries record action.
func (e *env) auditOf(action string) int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRow(`SELECT COUNT(*) FROM audit WHERE action = $1`, action).Scan(&n); err != nil {
		e.t.Fatalf("count audit: %v", err)
	}
	return n
}

// workerCount returns how many workers are stored.
func (e *env) workerCount() int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRow(`SELECT COUNT(*) FROM workers`).Scan(&n); err != nil {
		e.t.Fatalf("count workers: %v", err)
	}
	return n
}

// decodeJSON unmarshals body into v or fails the test.
func decodeJSON(t testing.TB, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
}

// mustReveal returns a worker with its full ID number and phone, read as
// the system.
func (e *env) mustReveal(id string) *laborbridge.Worker {
	e.t.Helper()
	w, err := e.db.GetWorker(storetest.System(), id, true)
	if err != nil {
		e.t.Fatalf("GetWorker(%s): %v", id, err)
	}
	return w
}
