package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"laborbridge/internal/idcard"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// fullID matches a resident ID number written out in full.
var fullID = regexp.MustCompile(`\d{17}[\dXx]`)

// apiCase is one request of an API scenario and what must come back.
type apiCase struct {
	name            string
	req             req
	reqf            func() req // for a request naming what an earlier case created
	wantStatus      int
	wantHeader      map[string]string // header → substring of its value
	wantContains    []string
	wantNotContains []string
	check           func(t *testing.T, res *http.Response, body string)
}

// runScenario sends the cases in order, as a client would.
func runScenario(t *testing.T, e *env, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.reqf != nil {
				c.req = c.reqf()
			}
			res, body := e.do(c.req)
			if res.StatusCode != c.wantStatus {
				t.Fatalf("%s %s = %d, want %d\n%s", c.req.method, c.req.path, res.StatusCode, c.wantStatus, body)
			}
			// Errors are problem details, except a rejected import's report.
			if ct := res.Header.Get("Content-Type"); res.StatusCode >= 400 && strings.HasPrefix(c.req.path, "/api/") &&
				!strings.Contains(body, `"rows"`) && ct != "application/problem+json" {
				t.Errorf("%s %s Content-Type = %q, want application/problem+json", c.req.method, c.req.path, ct)
			}
			for h, want := range c.wantHeader {
				if got := res.Header.Get(h); !strings.Contains(got, want) {
					t.Errorf("%s %s header %s = %q, want it to contain %q", c.req.method, c.req.path, h, got, want)
				}
			}
			for _, s := range c.wantContains {
				if !strings.Contains(body, s) {
					t.Errorf("%s %s body lacks %q\n%s", c.req.method, c.req.path, s, body)
				}
			}
			for _, s := range c.wantNotContains {
				if strings.Contains(body, s) {
					t.Errorf("%s %s body contains %q\n%s", c.req.method, c.req.path, s, body)
				}
			}
			if c.check != nil {
				c.check(t, res, body)
			}
		})
	}
}

// problemFields returns the fields named in a problem's errors.
func problemFields(t *testing.T, body string) map[string]bool {
	t.Helper()
	var p struct {
		Status int `json:"status"`
		Errors []struct {
			Field  string `json:"field"`
			Detail string `json:"detail"`
		} `json:"errors"`
	}
	decodeJSON(t, body, &p)
	out := map[string]bool{}
	for _, e := range p.Errors {
		out[e.Field] = true
	}
	return out
}

func wantFields(fields ...string) func(t *testing.T, res *http.Response, body string) {
	return func(t *testing.T, res *http.Response, body string) {
		t.Helper()
		got := problemFields(t, body)
		for _, f := range fields {
			if !got[f] {
				t.Errorf("problem errors = %v, want field %q named", got, f)
			}
		}
	}
}

// page is the envelope of API lists.
type page[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

type workerOut struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
	Home     string `json:"home"`
	Priority bool   `json:"priority"`
}

func wantTotal(n int) func(t *testing.T, res *http.Response, body string) {
	return func(t *testing.T, res *http.Response, body string) {
		t.Helper()
		var p page[json.RawMessage]
		decodeJSON(t, body, &p)
		if p.Total != n {
			t.Errorf("total = %d, want %d", p.Total, n)
		}
	}
}

func newWorkerJSON(t testing.TB, i int, county string) string {
	b, err := json.Marshal(workerInput(t, i, county))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAPIAuth(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 4)
		good := `{"username":"shanxi","password":"` + password + `","name":"laptop"}`
		bad := `{"username":"shanxi","password":"wrong password!"}`
		var issued string
		runScenario(t, e, []apiCase{
			{name: "token with the right password", req: req{method: "POST", path: "/api/v1/auth/token", body: good},
				wantStatus: 201, wantContains: []string{`"token"`, `"token_type":"Bearer"`},
				check: func(t *testing.T, _ *http.Response, body string) {
					var tok struct{ Token string }
					decodeJSON(t, body, &tok)
					issued = tok.Token
				}},
			{name: "token with a wrong password", req: req{method: "POST", path: "/api/v1/auth/token", body: bad},
				wantStatus: 401, wantHeader: map[string]string{"WWW-Authenticate": "Bearer"}, wantNotContains: []string{"token_type"}},
			{name: "token for an unknown user", req: req{method: "POST", path: "/api/v1/auth/token", body: `{"username":"nobody","password":"whatever123"}`},
				wantStatus: 401, wantContains: []string{"wrong username or password"}},
			{name: "token request with an unknown field", req: req{method: "POST", path: "/api/v1/auth/token", body: `{"user":"shanxi"}`},
				wantStatus: 422, check: wantFields("user")},
			{name: "me without a token", req: req{path: "/api/v1/me"}, wantStatus: 401},
			{name: "me with another scheme", req: req{path: "/api/v1/me", header: map[string]string{"Authorization": "Basic c2hhbnhpOng="}}, wantStatus: 401},
			{name: "me with a made-up token", req: req{path: "/api/v1/me", header: map[string]string{"Authorization": "Bearer NOTATOKEN"}}, wantStatus: 401},
			{name: "me", req: req{path: "/api/v1/me", as: "xiaodian"}, wantStatus: 200,
				wantContains: []string{`"username":"xiaodian"`, `"role":"county"`, `"division":"140105"`}},
		})
		t.Run("issued token works and revokes", func(t *testing.T) {
			h := map[string]string{"Authorization": "Bearer " + issued}
			if res, body := e.do(req{path: "/api/v1/me", header: h}); res.StatusCode != 200 || !strings.Contains(body, "shanxi") {
				t.Fatalf("GET /api/v1/me with the issued token = %d %s, want 200 as shanxi", res.StatusCode, body)
			}
			if res, body := e.do(req{method: "DELETE", path: "/api/v1/auth/token", header: h}); res.StatusCode != 204 {
				t.Fatalf("DELETE /api/v1/auth/token = %d %s, want 204", res.StatusCode, body)
			}
			if res, _ := e.do(req{path: "/api/v1/me", header: h}); res.StatusCode != 401 {
				t.Errorf("GET /api/v1/me with a revoked token = %d, want 401", res.StatusCode)
			}
			if res, _ := e.do(req{path: "/api/v1/me", as: "shanxi"}); res.StatusCode != 200 {
				t.Errorf("revoking one token ended another: GET /api/v1/me = %d, want 200", res.StatusCode)
			}
		})
		t.Run("rate limit", func(t *testing.T) {
			guess := `{"username":"yingze","password":"wrong password!"}`
			// Successful sign-ins from one address do not use up its attempts.
			for i := range 8 {
				if res, body := e.do(req{method: "POST", path: "/api/v1/auth/token", body: good, remote: "198.51.100.7:1000"}); res.StatusCode != 201 {
					t.Fatalf("sign-in %d from one address = %d %s, want 201", i+1, res.StatusCode, body)
				}
			}
			for i := range 5 {
				res, _ := e.do(req{method: "POST", path: "/api/v1/auth/token", body: guess, remote: "203.0.113.9:1000"})
				if res.StatusCode != 401 || res.Header.Get("Retry-After") != "" {
					t.Fatalf("failure %d = %d, Retry-After %q; want 401 without Retry-After", i+1, res.StatusCode, res.Header.Get("Retry-After"))
				}
			}
			res, body := e.do(req{method: "POST", path: "/api/v1/auth/token", body: good, remote: "203.0.113.9:1000"})
			if res.StatusCode != 401 || res.Header.Get("Retry-After") == "" {
				t.Errorf("sign-in after 5 failures = %d, Retry-After %q; want 401 with Retry-After\n%s", res.StatusCode, res.Header.Get("Retry-After"), body)
			}
			// The username is limited too, from any address.
			yingze := `{"username":"yingze","password":"` + password + `"}`
			res, _ = e.do(req{method: "POST", path: "/api/v1/auth/token", body: yingze, remote: "192.0.2.200:1000"})
			if res.StatusCode != 401 || res.Header.Get("Retry-After") == "" {
				t.Errorf("sign-in as the guessed user from elsewhere = %d, want 401 with Retry-After", res.StatusCode)
			}
			// Other users elsewhere are not affected.
			other := `{"username":"taiyuan","password":"` + password + `"}`
			if res, _ := e.do(req{method: "POST", path: "/api/v1/auth/token", body: other, remote: "192.0.2.201:1000"}); res.StatusCode != 201 {
				t.Errorf("sign-in of another user = %d, want 201", res.StatusCode)
			}
		})
	})
}

func TestAPIWorkers(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 24)
		yingzeWorker := e.workerIn("140106")
		xiaodianWorker := e.workerIn("140105")
		inXiaodian, prio := 0, 0
		for _, w := range e.workers {
			if w.Home == "140105" {
				inXiaodian++
			}
			if w.Priority {
				prio++
			}
		}
		fresh := workerInput(t, 300, "140105")
		created := ""
		revealsBefore := e.auditOf("worker.reveal")
		runScenario(t, e, []apiCase{
			{name: "create", req: req{method: "POST", path: "/api/v1/workers", as: "xiaodian", body: newWorkerJSON(t, 300, "140105")},
				wantStatus: 201, wantHeader: map[string]string{"Location": "/api/v1/workers/"},
				wantContains:    []string{`"name":"` + fresh.Name + `"`, `"id_number":"` + fresh.IDNumber[:6] + `********` + fresh.IDNumber[14:] + `"`, `"home":"140105"`},
				wantNotContains: []string{fresh.IDNumber, fresh.Phone},
				check: func(t *testing.T, res *http.Response, body string) {
					var w workerOut
					decodeJSON(t, body, &w)
					created = w.ID
					if loc := res.Header.Get("Location"); loc != "/api/v1/workers/"+w.ID {
						t.Errorf("Location = %q, want /api/v1/workers/%s", loc, w.ID)
					}
				}},
			{name: "create the same person again", req: req{method: "POST", path: "/api/v1/workers", as: "xiaodian", body: newWorkerJSON(t, 300, "140105")},
				wantStatus: 409, check: wantFields("id_number"), wantNotContains: []string{fresh.IDNumber}},
			{name: "create with several bad fields", req: req{method: "POST", path: "/api/v1/workers", as: "shanxi",
				body: `{"name":"","id_number":"140105199001011234","phone":"12345","home":"火星","occupation":"宇航员","skill_level":"9"}`},
				wantStatus: 422, check: wantFields("name", "id_number", "phone", "home", "occupation", "skill_level")},
			{name: "create with an unknown field", req: req{method: "POST", path: "/api/v1/workers", as: "shanxi", body: `{"nmae":"王五"}`},
				wantStatus: 422, wantContains: []string{"unknown field"}, check: wantFields("nmae")},
			{name: "create with malformed JSON", req: req{method: "POST", path: "/api/v1/workers", as: "shanxi", body: `{"name": "王五",`},
				wantStatus: 422, check: wantFields("body")},
			{name: "create with a wrong type", req: req{method: "POST", path: "/api/v1/workers", as: "shanxi", body: `{"name": 7}`},
				wantStatus: 422, check: wantFields("name")},
			{name: "create with an empty body", req: req{method: "POST", path: "/api/v1/workers", as: "shanxi", body: ``},
				wantStatus: 422, check: wantFields("body")},
			{name: "create as form data", req: req{method: "POST", path: "/api/v1/workers", as: "shanxi", body: `name=x`, ctype: "application/x-www-form-urlencoded"},
				wantStatus: 422, check: wantFields("body")},
			{name: "create outside one's county", req: req{method: "POST", path: "/api/v1/workers", as: "xiaodian", body: newWorkerJSON(t, 301, "140106")},
				wantStatus: 422, check: wantFields("home")},
			{name: "create as a partner", req: req{method: "POST", path: "/api/v1/workers", as: "suzhou-hr", body: newWorkerJSON(t, 302, "140105")},
				wantStatus: 403},
			{name: "create without a token", req: req{method: "POST", path: "/api/v1/workers", body: newWorkerJSON(t, 302, "140105")},
				wantStatus: 401},
			{name: "list in a county", req: req{path: "/api/v1/workers", as: "xiaodian"}, wantStatus: 200,
				check: func(t *testing.T, _ *http.Response, body string) {
					var p page[workerOut]
					decodeJSON(t, body, &p)
					if p.Total != inXiaodian+1 || len(p.Items) != inXiaodian+1 {
						t.Errorf("total %d, %d items; want %d", p.Total, len(p.Items), inXiaodian+1)
					}
					for _, w := range p.Items {
						if w.Home != "140105" {
							t.Errorf("a Xiaodian user sees %s of %s", w.Name, w.Home)
						}
					}
					if fullID.MatchString(body) {
						t.Errorf("the list shows a full ID number: %s", fullID.FindString(body))
					}
				}},
			{name: "list filtered by division", req: req{path: "/api/v1/workers?division=140106", as: "shanxi"}, wantStatus: 200,
				check: wantTotal(3)},
			{name: "list filtered by city", req: req{path: "/api/v1/workers?division=140100", as: "shanxi"}, wantStatus: 200,
				check: wantTotal(25)},
			{name: "list of priority households", req: req{path: "/api/v1/workers?priority=true", as: "shanxi"}, wantStatus: 200,
				check: wantTotal(prio + 1)},
			{name: "list by occupation", req: req{path: "/api/v1/workers?occupation=7212", as: "shanxi"}, wantStatus: 200,
				check: wantTotal(2)},
			{name: "list by name", req: req{path: "/api/v1/workers?q=" + url.QueryEscape(e.workers[5].Name), as: "shanxi"}, wantStatus: 200,
				wantContains: []string{e.workers[5].ID}},
			{name: "list by exact ID number", req: req{path: "/api/v1/workers?q=" + fresh.IDNumber, as: "shanxi"}, wantStatus: 200,
				check: wantTotal(1), wantContains: []string{fresh.Name}},
			{name: "second page", req: req{path: "/api/v1/workers?per_page=10&page=2", as: "shanxi"}, wantStatus: 200,
				check: func(t *testing.T, _ *http.Response, body string) {
					var p page[workerOut]
					decodeJSON(t, body, &p)
					if p.Total != 26 || len(p.Items) != 10 || p.Page != 2 || p.PerPage != 10 {
						t.Errorf("page = total %d, %d items, page %d of %d; want 26, 10, 2, 10", p.Total, len(p.Items), p.Page, p.PerPage)
					}
				}},
			{name: "last page", req: req{path: "/api/v1/workers?per_page=10&page=3", as: "shanxi"}, wantStatus: 200,
				check: func(t *testing.T, _ *http.Response, body string) {
					var p page[workerOut]
					decodeJSON(t, body, &p)
					if len(p.Items) != 6 {
						t.Errorf("last page has %d items, want 6", len(p.Items))
					}
				}},
			{name: "per_page too large", req: req{path: "/api/v1/workers?per_page=501", as: "shanxi"}, wantStatus: 422, check: wantFields("per_page")},
			{name: "per_page zero", req: req{path: "/api/v1/workers?per_page=0", as: "shanxi"}, wantStatus: 422, check: wantFields("per_page")},
			{name: "page not a number", req: req{path: "/api/v1/workers?page=two", as: "shanxi"}, wantStatus: 422, check: wantFields("page")},
			{name: "priority not a boolean", req: req{path: "/api/v1/workers?priority=maybe", as: "shanxi"}, wantStatus: 422, check: wantFields("priority")},
			{name: "list as a partner", req: req{path: "/api/v1/workers", as: "suzhou-hr"}, wantStatus: 403},
			{name: "get in scope", req: req{path: "/api/v1/workers/" + xiaodianWorker.ID, as: "xiaodian"}, wantStatus: 200,
				wantContains: []string{xiaodianWorker.IDMasked, xiaodianWorker.PhoneMasked}, wantNotContains: []string{xiaodianWorker.IDNumber}},
			{name: "get another county's worker", req: req{path: "/api/v1/workers/" + yingzeWorker.ID, as: "xiaodian"}, wantStatus: 404,
				wantNotContains: []string{yingzeWorker.Name}},
			{name: "get a worker of another city", req: req{path: "/api/v1/workers/" + e.workers[len(e.workers)-1].ID, as: "taiyuan"}, wantStatus: 404},
			{name: "get an unknown id", req: req{path: "/api/v1/workers/00000000-0000-4000-8000-000000000000", as: "shanxi"}, wantStatus: 404},
			{name: "get a malformed id", req: req{path: "/api/v1/workers/1%27%20OR%201=1", as: "shanxi"}, wantStatus: 404},
			{name: "reveal as the county office", req: req{path: "/api/v1/workers/" + xiaodianWorker.ID + "?reveal=true", as: "xiaodian"}, wantStatus: 200,
				wantContains: []string{`"id_number":"` + xiaodianWorker.IDNumber + `"`, `"phone":"` + xiaodianWorker.Phone + `"`},
				check: func(t *testing.T, _ *http.Response, _ string) {
					if got := e.auditOf("worker.reveal"); got != revealsBefore+1 {
						t.Errorf("reveal audit entries = %d, want %d", got, revealsBefore+1)
					}
				}},
			{name: "reveal out of scope", req: req{path: "/api/v1/workers/" + yingzeWorker.ID + "?reveal=true", as: "xiaodian"}, wantStatus: 404,
				wantNotContains: []string{yingzeWorker.IDNumber},
				check: func(t *testing.T, _ *http.Response, _ string) {
					if got := e.auditOf("worker.reveal"); got != revealsBefore+1 {
						t.Errorf("a refused reveal was audited: %d entries, want %d", got, revealsBefore+1)
					}
				}},
			{name: "reveal=false masks", req: req{path: "/api/v1/workers/" + xiaodianWorker.ID + "?reveal=false", as: "xiaodian"}, wantStatus: 200,
				wantNotContains: []string{xiaodianWorker.IDNumber}},
			{name: "update", req: req{method: "PUT", path: "/api/v1/workers/" + xiaodianWorker.ID, as: "xiaodian",
				body: `{"name":"` + xiaodianWorker.Name + `","home":"140105","occupation":"5120","priority":"是","min_wage":"6000"}`},
				wantStatus: 200, wantContains: []string{`"min_wage":6000`, `"occupation":"5120"`, `"priority":true`}, wantNotContains: []string{xiaodianWorker.IDNumber}},
			{name: "update moving out of scope", req: req{method: "PUT", path: "/api/v1/workers/" + xiaodianWorker.ID, as: "xiaodian",
				body: `{"name":"` + xiaodianWorker.Name + `","home":"140106","occupation":"5120"}`}, wantStatus: 422, check: wantFields("home")},
			{name: "update another county's worker", req: req{method: "PUT", path: "/api/v1/workers/" + yingzeWorker.ID, as: "xiaodian",
				body: `{"name":"改名","home":"140106","occupation":"5120"}`}, wantStatus: 404},
			{name: "update changing the ID number", req: req{method: "PUT", path: "/api/v1/workers/" + xiaodianWorker.ID, as: "shanxi",
				body: `{"name":"x","id_number":"` + fresh.IDNumber + `","home":"140105","occupation":"5120"}`}, wantStatus: 422, check: wantFields("id_number")},
		})
		if created == "" {
			t.Fatal("no worker was created")
		}
	})
}

func TestAPIEmployersAndVacancies(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 2)
		own, other := e.employers[1], e.employers[2]
		var ownVacancy, otherVacancy string
		for _, v := range e.vacancies {
			if v.EmployerID == own.ID && ownVacancy == "" {
				ownVacancy = v.ID
			}
			if v.EmployerID == other.ID && otherVacancy == "" {
				otherVacancy = v.ID
			}
		}
		newCode := idcard.GenerateCreditCode("320500", 4242)
		vacancy := func(code, title string) string {
			return fmt.Sprintf(`{"credit_code":"%s","occupation":"8212","title":"%s","headcount":"30","wage_min":"5000","wage_max":"6500","place":"苏州市","start_date":"2027-03-01"}`, code, title)
		}
		runScenario(t, e, []apiCase{
			{name: "employers as the province", req: req{path: "/api/v1/employers", as: "shanxi"}, wantStatus: 200, check: wantTotal(len(e.employers))},
			{name: "employers as a partner", req: req{path: "/api/v1/employers", as: "suzhou-hr"}, wantStatus: 200, check: wantTotal(1),
				wantContains: []string{own.Name}, wantNotContains: []string{other.Name}},
			{name: "employers by region", req: req{path: "/api/v1/employers?division=320000", as: "shanxi"}, wantStatus: 200, check: wantTotal(2)},
			{name: "employer by credit code", req: req{path: "/api/v1/employers?q=" + other.CreditCode, as: "shanxi"}, wantStatus: 200, check: wantTotal(1)},
			{name: "another employer as a partner", req: req{path: "/api/v1/employers/" + other.ID, as: "suzhou-hr"}, wantStatus: 404},
			{name: "own employer as a partner", req: req{path: "/api/v1/employers/" + own.ID, as: "suzhou-hr"}, wantStatus: 200, wantContains: []string{own.CreditCode}},
			{name: "employers as a county", req: req{path: "/api/v1/employers", as: "xiaodian"}, wantStatus: 200},
			{name: "create employer", req: req{method: "POST", path: "/api/v1/employers", as: "shanxi",
				body: `{"credit_code":"` + newCode + `","name":"苏州新科技有限公司","division":"苏州市","contact_phone":"13800138000"}`},
				wantStatus: 201, wantHeader: map[string]string{"Location": "/api/v1/employers/"}, wantContains: []string{`"division":"320500"`}},
			{name: "create employer again", req: req{method: "POST", path: "/api/v1/employers", as: "shanxi",
				body: `{"credit_code":"` + newCode + `","name":"重复","division":"苏州市"}`}, wantStatus: 409},
			{name: "create employer with bad fields", req: req{method: "POST", path: "/api/v1/employers", as: "shanxi",
				body: `{"credit_code":"91320500XXXXXXXXXX","name":"","division":"月球","contact_phone":"123"}`},
				wantStatus: 422, check: wantFields("credit_code", "name", "division", "contact_phone")},
			{name: "create employer as a partner", req: req{method: "POST", path: "/api/v1/employers", as: "suzhou-hr",
				body: `{"credit_code":"` + idcard.GenerateCreditCode("320500", 4243) + `","name":"x","division":"苏州市"}`}, wantStatus: 403},
			{name: "create employer as a county", req: req{method: "POST", path: "/api/v1/employers", as: "xiaodian",
				body: `{"credit_code":"` + idcard.GenerateCreditCode("320500", 4244) + `","name":"x","division":"苏州市"}`}, wantStatus: 403},
			{name: "update own employer as a partner", req: req{method: "PUT", path: "/api/v1/employers/" + own.ID, as: "suzhou-hr",
				body: `{"credit_code":"` + own.CreditCode + `","name":"` + own.Name + `","division":"320500","industry":"电子"}`},
				wantStatus: 200, wantContains: []string{`"industry":"电子"`}},
			{name: "update another employer as a partner", req: req{method: "PUT", path: "/api/v1/employers/" + other.ID, as: "suzhou-hr",
				body: `{"credit_code":"` + other.CreditCode + `","name":"x","division":"440300"}`}, wantStatus: 404},

			{name: "vacancies as a partner", req: req{path: "/api/v1/vacancies", as: "suzhou-hr"}, wantStatus: 200, check: wantTotal(2),
				wantContains: []string{own.Name}, wantNotContains: []string{other.Name, e.employers[0].Name}},
			{name: "vacancies as a county", req: req{path: "/api/v1/vacancies", as: "xiaodian"}, wantStatus: 200, check: wantTotal(len(e.vacancies))},
			{name: "vacancies in Guangdong", req: req{path: "/api/v1/vacancies?region=440000", as: "xiaodian"}, wantStatus: 200, check: wantTotal(3)},
			{name: "vacancies paying 9000 or more", req: req{path: "/api/v1/vacancies?min_wage=9000", as: "xiaodian"}, wantStatus: 200, check: wantTotal(3)},
			{name: "vacancies with a bad wage filter", req: req{path: "/api/v1/vacancies?min_wage=lots", as: "xiaodian"}, wantStatus: 422, check: wantFields("min_wage")},
			{name: "another employer's vacancy as a partner", req: req{path: "/api/v1/vacancies/" + otherVacancy, as: "suzhou-hr"}, wantStatus: 404},
			{name: "own vacancy as a partner", req: req{path: "/api/v1/vacancies/" + ownVacancy, as: "suzhou-hr"}, wantStatus: 200},
			{name: "post for another employer", req: req{method: "POST", path: "/api/v1/vacancies", as: "suzhou-hr", body: vacancy(other.CreditCode, "冒名岗位")},
				wantStatus: 422, check: wantFields("credit_code")},
			{name: "post for an unregistered employer as a partner", req: req{method: "POST", path: "/api/v1/vacancies", as: "suzhou-hr",
				body: vacancy(idcard.GenerateCreditCode("320500", 5555), "新单位岗位")}, wantStatus: 422, check: wantFields("credit_code")},
			{name: "post for its own employer", req: req{method: "POST", path: "/api/v1/vacancies", as: "suzhou-hr", body: vacancy(own.CreditCode, "贴片操作工")},
				wantStatus: 201, wantHeader: map[string]string{"Location": "/api/v1/vacancies/"}, wantContains: []string{`"employer":"` + own.Name + `"`, `"place":"320500"`}},
			{name: "post the same vacancy again", req: req{method: "POST", path: "/api/v1/vacancies", as: "suzhou-hr", body: vacancy(own.CreditCode, "贴片操作工")},
				wantStatus: 409},
			{name: "post with bad fields", req: req{method: "POST", path: "/api/v1/vacancies", as: "shanxi",
				body: `{"credit_code":"` + own.CreditCode + `","occupation":"","headcount":"0","wage_min":"300","place":"江苏省","start_date":"明天"}`},
				wantStatus: 422, check: wantFields("occupation", "headcount", "wage_min", "place", "start_date")},
			{name: "post as a county", req: req{method: "POST", path: "/api/v1/vacancies", as: "xiaodian", body: vacancy(own.CreditCode, "x")}, wantStatus: 403},
			{name: "close a vacancy", req: req{method: "PUT", path: "/api/v1/vacancies/" + ownVacancy, as: "suzhou-hr",
				body: `{"occupation":"8212","title":"电子装配工","headcount":"120","wage_min":"5200","wage_max":"6800","place":"320500","start_date":"2027-02-20","state":"closed"}`},
				wantStatus: 200, wantContains: []string{`"state":"closed"`}},
			{name: "a bad state", req: req{method: "PUT", path: "/api/v1/vacancies/" + ownVacancy, as: "suzhou-hr",
				body: `{"occupation":"8212","headcount":"120","wage_min":"5200","place":"320500","start_date":"2027-02-20","state":"paused"}`},
				wantStatus: 422, check: wantFields("state")},
			{name: "update another employer's vacancy", req: req{method: "PUT", path: "/api/v1/vacancies/" + otherVacancy, as: "suzhou-hr",
				body: `{"occupation":"8212","headcount":"1","wage_min":"5200","place":"320500","start_date":"2027-02-20"}`}, wantStatus: 404},
			{name: "open vacancies only", req: req{path: "/api/v1/vacancies?state=open", as: "suzhou-hr"}, wantStatus: 200, check: wantTotal(2)},
		})
	})
}

// csvOf writes workers as an import file with Chinese headers.
func csvOf(t testing.TB, rows [][]string) []byte {
	var b strings.Builder
	b.WriteString("姓名,身份证号,手机号,户籍地,职业,技能等级,脱贫户,意向地区\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return []byte(b.String())
}

func csvRow(t testing.TB, i int, county string) []string {
	in := workerInput(t, i, county)
	return []string{in.Name, in.IDNumber, in.Phone, in.Home, in.Occupation, in.SkillLevel, in.Priority, strings.ReplaceAll(in.WishRegions, "、", " ")}
}

func TestAPIImportsAndAudit(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 2)
		bad := csvRow(t, 402, "140105")
		bad[2] = "1234"
		file := csvOf(t, [][]string{csvRow(t, 400, "140105"), csvRow(t, 401, "140106"), bad})
		body, ctype := multipartBody(t, "登记表.csv", file, nil)
		before := e.workerCount()
		var rejected string
		runScenario(t, e, []apiCase{
			{name: "import with a bad row", req: req{method: "POST", path: "/api/v1/imports?kind=workers", as: "taiyuan", body: body, ctype: ctype},
				wantStatus: 422, wantContains: []string{`"status":"rejected"`, `"line":4`, `"column":"手机号"`, `"invalid":1`},
				wantNotContains: []string{bad[1]},
				check: func(t *testing.T, res *http.Response, body string) {
					if n := e.workerCount(); n != before {
						t.Errorf("a rejected import stored %d workers", n-before)
					}
					var rep struct{ ID string }
					decodeJSON(t, body, &rep)
					rejected = rep.ID
					if loc := res.Header.Get("Location"); loc != "/api/v1/imports/"+rep.ID {
						t.Errorf("Location = %q, want the report", loc)
					}
				}},
			{name: "import skipping bad rows", req: req{method: "POST", path: "/api/v1/imports?kind=workers&skip_invalid=true", as: "taiyuan", body: body, ctype: ctype},
				wantStatus: 201, wantContains: []string{`"status":"partial"`, `"created":2`, `"invalid":1`},
				check: func(t *testing.T, _ *http.Response, _ string) {
					if n := e.workerCount(); n != before+2 {
						t.Errorf("a partial import stored %d workers, want 2", n-before)
					}
				}},
			{name: "import the same file again", req: req{method: "POST", path: "/api/v1/imports?kind=workers&skip_invalid=true", as: "taiyuan", body: body, ctype: ctype},
				wantStatus: 201, wantContains: []string{`"created":0`, `"unchanged":2`}},
			{name: "import out of scope", req: req{method: "POST", path: "/api/v1/imports?kind=workers", as: "xiaodian", body: body, ctype: ctype},
				wantStatus: 422, wantContains: []string{`"status":"rejected"`, `"line":3`}},
			{name: "import a raw CSV body", req: req{method: "POST", path: "/api/v1/imports?kind=workers&file_name=raw.csv", as: "taiyuan",
				body: string(csvOf(t, [][]string{csvRow(t, 403, "140107")})), ctype: "text/csv"},
				wantStatus: 201, wantContains: []string{`"status":"stored"`, `"file_name":"raw.csv"`, `"created":1`}},
			{name: "import without a kind", req: req{method: "POST", path: "/api/v1/imports", as: "taiyuan", body: body, ctype: ctype},
				wantStatus: 422, check: wantFields("kind")},
			{name: "import without a file", req: req{method: "POST", path: "/api/v1/imports?kind=workers", as: "taiyuan", body: "--x--\r\n", ctype: "multipart/form-data; boundary=x"},
				wantStatus: 422, check: wantFields("file")},
			{name: "import something that is no spreadsheet", req: req{method: "POST", path: "/api/v1/imports?kind=workers&file_name=a.xlsx", as: "taiyuan",
				body: "PK\x03\x04 not really a zip", ctype: "application/octet-stream"}, wantStatus: 422, check: wantFields("file")},
			{name: "import workers as a partner", req: req{method: "POST", path: "/api/v1/imports?kind=workers", as: "suzhou-hr", body: body, ctype: ctype},
				wantStatus: 403},
			{name: "the rejected report", reqf: func() req { return req{path: "/api/v1/imports/" + rejected, as: "taiyuan"} }, wantStatus: 200,
				wantContains: []string{`"status":"rejected"`, `"line":4`}},
			{name: "the rejected report as another county", reqf: func() req { return req{path: "/api/v1/imports/" + rejected, as: "yingze"} }, wantStatus: 404},
			{name: "imports list", req: req{path: "/api/v1/imports", as: "taiyuan"}, wantStatus: 200, check: wantTotal(4)},
			{name: "imports of someone else", req: req{path: "/api/v1/imports", as: "yingze"}, wantStatus: 200, check: wantTotal(0)},
			{name: "all imports for the province", req: req{path: "/api/v1/imports", as: "shanxi"}, wantStatus: 200, check: wantTotal(5)},

			{name: "audit as the province", req: req{path: "/api/v1/audit?action=import.&per_page=100", as: "shanxi"}, wantStatus: 200,
				wantContains: []string{`"action":"import.workers"`, `"actor":"taiyuan"`}},
			{name: "audit of worker writes", req: req{path: "/api/v1/audit?object_type=worker", as: "shanxi"}, wantStatus: 200,
				check: func(t *testing.T, _ *http.Response, body string) {
					if fullID.MatchString(body) {
						t.Errorf("the audit trail shows a full ID number: %s", fullID.FindString(body))
					}
				}},
			{name: "audit as a county", req: req{path: "/api/v1/audit", as: "xiaodian"}, wantStatus: 403},
			{name: "audit as a city", req: req{path: "/api/v1/audit", as: "taiyuan"}, wantStatus: 403},
			{name: "audit as a partner", req: req{path: "/api/v1/audit", as: "suzhou-hr"}, wantStatus: 403},
			{name: "audit without a token", req: req{path: "/api/v1/audit"}, wantStatus: 401},

			{name: "unknown API path", req: req{path: "/api/v1/nothing-here", as: "shanxi"}, wantStatus: 404,
				wantHeader: map[string]string{"Content-Type": "application/problem+json"}, wantContains: []string{`"status":404`}},
			{name: "unknown API method", req: req{method: "DELETE", path: "/api/v1/workers", as: "shanxi"}, wantStatus: 404,
				wantHeader: map[string]string{"Content-Type": "application/problem+json"}},
			{name: "unknown API version", req: req{path: "/api/v2/workers"}, wantStatus: 404,
				wantHeader: map[string]string{"Content-Type": "application/problem+json"}},
			{name: "health", req: req{path: "/healthz"}, wantStatus: 200, wantContains: []string{"ok"}},
			{name: "openapi", req: req{path: "/api/v1/openapi.json"}, wantStatus: 200, wantHeader: map[string]string{"Content-Type": "application/json"},
				wantContains: []string{`"openapi": "3.1.0"`}},
		})
	})
}
