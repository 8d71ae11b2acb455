package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
	"laborbridge/internal/web"
)

// checkSecurityHeaders fails unless res carries the headers every answer needs.
func checkSecurityHeaders(t *testing.T, what string, res *http.Response) {
	t.Helper()
	csp := res.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'", "object-src 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("%s: Content-Security-Policy %q lacks %q", what, csp, d)
		}
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q, want nosniff", what, got)
	}
	if got := res.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("%s: X-Frame-Options = %q, want DENY", what, got)
	}
}

// hrefs returns the URLs a page links to, submits to or loads.
var attrURL = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)

// linkURL matches the links a crawl follows: forms are not submitted.
var linkURL = regexp.MustCompile(`href="([^"]*)"`)

func hrefs(body string) []string {
	var out []string
	for _, m := range attrURL.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	return out
}

// crawl visits every page reachable from start by GET links within the
// site, and returns the bodies by path.
func crawl(t *testing.T, e *env, cookie *http.Cookie, start ...string) map[string]*crawled {
	t.Helper()
	seen := map[string]*crawled{}
	queue := slices.Clone(start)
	for len(queue) > 0 && len(seen) < 300 {
		p := queue[0]
		queue = queue[1:]
		if _, ok := seen[p]; ok {
			continue
		}
		res, body := e.page(cookie, p)
		c := &crawled{res: res, body: body}
		seen[p] = c
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range linkURL.FindAllStringSubmatch(body, -1) {
			h := strings.ReplaceAll(m[1], "&amp;", "&")
			u, err := url.Parse(h)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/static/") ||
				strings.HasPrefix(u.Path, "/lang/") || strings.HasSuffix(u.Path, "/reveal") || u.Path == "/logout" {
				continue
			}
			if _, ok := seen[h]; !ok {
				queue = append(queue, h)
			}
		}
	}
	return seen
}

type crawled struct {
	res  *http.Response
	body string
}

func TestSecurityHeadersAndCaching(t *testing.T) {
	e := sqliteEnv(t, 12)
	cookie := e.login("shanxi")
	pages := crawl(t, e, cookie, "/")
	if len(pages) < 30 {
		t.Fatalf("the crawl reached %d pages, want the whole site", len(pages))
	}
	for p, c := range pages {
		checkSecurityHeaders(t, "GET "+p, c.res)
		if c.res.StatusCode != http.StatusOK {
			t.Errorf("GET %s (linked from a page) = %d, want 200", p, c.res.StatusCode)
		}
		if strings.HasPrefix(p, "/templates/") {
			continue
		}
		if got := c.res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control = %q, want no-store", p, got)
		}
	}
	w := e.workerIn("140105")
	others := []req{
		{path: "/login"},
		{path: "/workers"}, // signed out: a redirect
		{path: "/static/app.css"},
		{path: "/nowhere"},
		{path: "/healthz"},
		{path: "/api/v1/openapi.json"},
		{path: "/api/v1/workers", as: "shanxi"},
		{path: "/api/v1/workers/" + w.ID + "?reveal=true", as: "shanxi"},
		{path: "/api/v1/nowhere", as: "shanxi"},
		{path: "/api/v1/workers"},
		{method: "POST", path: "/api/v1/workers", as: "shanxi", body: "{"},
		{method: "POST", path: "/workers/" + w.ID + "/reveal", cookies: []*http.Cookie{cookie}},
	}
	for _, r := range others {
		res, _ := e.do(r)
		checkSecurityHeaders(t, r.method+" "+r.path, res)
	}
	// Personal data is never cached, whichever door it leaves by.
	for _, r := range []req{
		{path: "/api/v1/workers", as: "shanxi"},
		{path: "/api/v1/workers/" + w.ID + "?reveal=true", as: "shanxi"},
		{method: "POST", path: "/workers/" + w.ID + "/reveal", cookies: []*http.Cookie{cookie}},
		{path: "/workers/export?format=xlsx", cookies: []*http.Cookie{cookie}},
		{path: "/workers/export?format=csv", cookies: []*http.Cookie{cookie}},
	} {
		res, _ := e.do(r)
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: Cache-Control = %q, want no-store", r.method, r.path, got)
		}
	}

	t.Run("secure", func(t *testing.T) {
		srv, err := web.New(e.db, web.Options{Secure: true})
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"username": {"shanxi"}, "password": {password}}
		hr := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, hr)
		if got := rec.Header().Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
			t.Errorf("Strict-Transport-Security = %q behind TLS", got)
		}
		var session *http.Cookie
		for _, c := range rec.Result().Cookies() {
			if c.Name == "lb_session" {
				session = c
			}
		}
		if session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
			t.Errorf("session cookie = %+v, want Secure, HttpOnly, SameSite=Lax", session)
		}
	})
}

func TestCrossOriginWritesRefused(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 2)
		cookie := e.login("shanxi")
		worker := workerInput(t, 320, "140105")
		form := url.Values{"name": {worker.Name}, "id_number": {worker.IDNumber}, "phone": {worker.Phone}, "home": {"140105"}, "occupation": {"5120"}}
		login := url.Values{"username": {"shanxi"}, "password": {password}}
		before, audits := e.workerCount(), e.auditCount()
		for _, origin := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "same-site"},
			{"Origin": "https://evil.example"},
			{"Origin": "http://example.com.evil.example"},
		} {
			for _, r := range []req{
				{method: "POST", path: "/login", body: login.Encode(), ctype: "application/x-www-form-urlencoded", header: origin},
				{method: "POST", path: "/workers", body: form.Encode(), ctype: "application/x-www-form-urlencoded", header: origin, cookies: []*http.Cookie{cookie}},
				{method: "POST", path: "/api/v1/workers", body: newWorkerJSON(t, 320, "140105"), as: "shanxi", header: origin},
				{method: "POST", path: "/logout", header: origin, cookies: []*http.Cookie{cookie}},
			} {
				res, body := e.do(r)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s with %v = %d, want 403\n%s", r.path, origin, res.StatusCode, body)
				}
			}
		}
		if e.workerCount() != before || e.auditCount() != audits {
			t.Fatalf("refused cross-origin requests changed data: %d workers (was %d), %d audit entries (was %d)", e.workerCount(), before, e.auditCount(), audits)
		}
		// The same requests from the site itself go through.
		same := map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}
		res, body := e.do(req{method: "POST", path: "/workers", body: form.Encode(), ctype: "application/x-www-form-urlencoded", header: same, cookies: []*http.Cookie{cookie}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("same-origin POST /workers = %d, want 303\n%s", res.StatusCode, body)
		}
		if res, _ := e.page(cookie, "/workers"); res.StatusCode != http.StatusOK {
			t.Errorf("a refused cross-origin logout ended the session: GET /workers = %d", res.StatusCode)
		}
	})
}

func TestGetChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 8)
		cookie := e.login("shanxi")
		county := e.login("xiaodian")
		w := e.workerIn("140105")
		before := e.auditCount()
		pages := crawl(t, e, cookie, "/", "/workers/"+w.ID+"/edit", "/vacancies/"+e.vacancies[0].ID+"/edit", "/workers?q="+url.QueryEscape(w.Name))
		countyPages := crawl(t, e, county, "/")
		for _, p := range []string{"/api/v1/me", "/api/v1/workers", "/api/v1/workers/" + w.ID, "/api/v1/employers", "/api/v1/vacancies",
			"/api/v1/imports", "/api/v1/audit", "/api/v1/workers/" + w.ID + "?reveal=false"} {
			e.do(req{path: p, as: "shanxi"})
		}
		exports := 0
		for _, crawled := range []map[string]*crawled{pages, countyPages} {
			for p := range crawled {
				if strings.Contains(p, "/export") {
					exports++
				}
			}
		}
		// Exports are reads, but each is recorded with its row count, like
		// a reveal; nothing else a GET does leaves a trace.
		if got := e.auditCount() - before; got != exports {
			rows, _ := db.SQL().Query(`SELECT action FROM audit ORDER BY at`)
			var actions []string
			for rows.Next() {
				var a string
				rows.Scan(&a)
				actions = append(actions, a)
			}
			rows.Close()
			t.Errorf("GET requests wrote %d audit entries, want %d (the exports); actions: %v", got, exports, actions[before:])
		}
		if got := e.auditOf("worker.reveal"); got != 0 {
			t.Errorf("GET requests revealed %d workers", got)
		}
		// A reveal on the pages is a POST, and is audited.
		res, body := e.do(req{method: "POST", path: "/workers/" + w.ID + "/reveal", cookies: []*http.Cookie{county}})
		if res.StatusCode != 200 || !strings.Contains(body, e.mustReveal(w.ID).IDNumber) {
			t.Fatalf("POST /workers/%s/reveal = %d, want the page with the full ID number", w.ID, res.StatusCode)
		}
		if got := e.auditOf("worker.reveal"); got != 2 { // the page's, and mustReveal's
			t.Errorf("reveal audit entries = %d, want 2", got)
		}
		if res, _ := e.page(county, "/workers/"+w.ID+"/reveal"); res.StatusCode == http.StatusOK {
			t.Errorf("GET /workers/%s/reveal = 200; a reveal must be a POST", w.ID)
		}
	})
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	e := sqliteEnv(t, 1)
	cookie := e.login("shanxi")
	tests := []struct {
		next string
		want string
	}{
		{"/workers?page=2", "/workers?page=2"},
		{"/vacancies", "/vacancies"},
		{"", "/"},
		{"//evil.example/", "/"},
		{"///evil.example/", "/"},
		{`/\evil.example/`, "/"},
		{`\\evil.example`, "/"},
		{"https://evil.example/", "/"},
		{"http:evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"%2F%2Fevil.example", "/"},
	}
	base, _ := url.Parse("http://example.com/login")
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			form := url.Values{"username": {"shanxi"}, "password": {password}, "next": {tt.next}}
			for _, r := range []req{
				{method: "POST", path: "/login", body: form.Encode(), ctype: "application/x-www-form-urlencoded"},
				{path: "/login?next=" + url.QueryEscape(tt.next), cookies: []*http.Cookie{cookie}},
				{path: "/lang/en?back=" + url.QueryEscape(tt.next)},
			} {
				res, _ := e.do(r)
				loc := res.Header.Get("Location")
				if res.StatusCode != http.StatusSeeOther || loc != tt.want {
					t.Errorf("%s %s = %d to %q, want 303 to %q", r.method, r.path, res.StatusCode, loc, tt.want)
				}
				// Browsers read backslashes as slashes.
				target, err := base.Parse(strings.ReplaceAll(loc, `\`, "/"))
				if err != nil || target.Host != "example.com" {
					t.Errorf("%s %s leaves the site for %q", r.method, r.path, loc)
				}
			}
		})
	}
}

func TestSessions(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 2)
		first := e.login("xiaodian")
		second := e.login("xiaodian")
		if first.Value == second.Value {
			t.Fatal("two sign-ins got the same session token")
		}
		if !first.HttpOnly || first.SameSite != http.SameSiteLaxMode || first.Path != "/" {
			t.Errorf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/", first)
		}
		if res, _ := e.page(first, "/workers"); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /workers signed in = %d", res.StatusCode)
		}
		res, _ := e.do(req{method: "POST", path: "/logout", cookies: []*http.Cookie{first}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Fatalf("POST /logout = %d to %q, want 303 to /login", res.StatusCode, res.Header.Get("Location"))
		}
		cleared := false
		for _, c := range res.Cookies() {
			if c.Name == "lb_session" && c.MaxAge < 0 {
				cleared = true
			}
		}
		if !cleared {
			t.Error("POST /logout did not clear the session cookie")
		}
		// The old cookie, kept by a copy of the browser's jar, no longer works.
		res, _ = e.page(first, "/workers")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("GET /workers with a signed-out cookie = %d to %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
		}
		if res, _ := e.do(req{path: "/api/v1/me", header: map[string]string{"Authorization": "Bearer " + first.Value}}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a browser session used as an API token = %d, want 401", res.StatusCode)
		}
		// Other sessions of the user go on.
		if res, _ := e.page(second, "/workers"); res.StatusCode != http.StatusOK {
			t.Errorf("signing out ended another session: GET /workers = %d", res.StatusCode)
		}
		// An API token is no browser session.
		res, _ = e.page(&http.Cookie{Name: "lb_session", Value: e.tokens["xiaodian"]}, "/workers")
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("an API token as a session cookie = %d, want a redirect to sign in", res.StatusCode)
		}
		// A session ends 12 hours after sign-in.
		clock.T = clock.T.Add(store.BrowserSessionTTL + 1)
		if res, _ := e.page(second, "/workers"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("GET /workers with an expired session = %d, want a redirect to sign in", res.StatusCode)
		}
		if res, _ := e.do(req{path: "/logout"}); res.StatusCode == http.StatusSeeOther {
			t.Errorf("GET /logout signs out; it must be a POST")
		}
	})
}

// TestNoPersonalDataInLogsOrURLs runs a busy session — reveals, imports
// with bad rows, forms with errors, searches by ID number — and then looks
// for any full ID number or phone number in the server's log and in every
// URL the pages link to.
func TestNoPersonalDataInLogsOrURLs(t *testing.T) {
	e := sqliteEnv(t, 10)
	cookie := e.login("shanxi")
	w := e.mustReveal(e.workerIn("140105").ID)
	secrets := []string{w.IDNumber, w.Phone}
	for _, wk := range e.workers {
		full := e.mustReveal(wk.ID)
		secrets = append(secrets, full.IDNumber, full.Phone)
	}

	e.do(req{path: "/api/v1/workers/" + w.ID + "?reveal=true", as: "shanxi"})
	e.do(req{method: "POST", path: "/workers/" + w.ID + "/reveal", cookies: []*http.Cookie{cookie}})
	e.do(req{path: "/api/v1/workers?q=" + w.IDNumber, as: "shanxi"})
	e.page(cookie, "/workers?q="+w.IDNumber)
	if res, _ := e.postForm(cookie, "/workers/search", url.Values{"q": {w.IDNumber}}); strings.Contains(res.Header.Get("Location"), w.IDNumber) {
		t.Errorf("a search by ID number leads to %q", res.Header.Get("Location"))
	}

	// Imports with a duplicate, a bad phone and a bad ID number.
	dup := csvRow(t, 0, counties[0])
	badPhone := csvRow(t, 410, "140105")
	badPhone[2] = "1391234567"
	badID := csvRow(t, 411, "140105")
	badID[1] = badID[1][:17] + "0"
	if badID[1] == csvRow(t, 411, "140105")[1] {
		badID[1] = badID[1][:17] + "1"
	}
	good := csvRow(t, 412, "140106")
	secrets = append(secrets, good[1], good[2], badPhone[1], badID[2], dup[1], dup[2])
	file := csvOf(t, [][]string{dup, badPhone, badID, good})
	body, ctype := multipartBody(t, "import.csv", file, nil)
	e.do(req{method: "POST", path: "/api/v1/imports?kind=workers", as: "shanxi", body: body, ctype: ctype})
	pageBody, pageType := multipartBody(t, "import.csv", file, map[string]string{"kind": "workers", "skip_invalid": "1"})
	res, _ := e.do(req{method: "POST", path: "/imports", body: pageBody, ctype: pageType, cookies: []*http.Cookie{cookie}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /imports = %d, want a redirect to the report", res.StatusCode)
	}
	report := res.Header.Get("Location")

	// A form with an error echoes what was typed, in the page, not the URL.
	fresh := workerInput(t, 413, "140105")
	secrets = append(secrets, fresh.IDNumber)
	e.postForm(cookie, "/workers", url.Values{"name": {fresh.Name}, "id_number": {fresh.IDNumber}, "phone": {"139"}, "home": {"140105"}, "occupation": {"5120"}})
	e.do(req{method: "POST", path: "/api/v1/workers", as: "shanxi", body: newWorkerJSON(t, 0, counties[0])})

	pages := crawl(t, e, cookie, "/", report, report+"?format=csv", "/workers/"+w.ID, "/workers/"+w.ID+"/edit", "/workers?q="+w.IDNumber)
	for p, c := range pages {
		for _, h := range append(hrefs(c.body), c.res.Header.Get("Location")) {
			for _, s := range secrets {
				if s != "" && strings.Contains(h, s) {
					t.Errorf("page %s links to %q, which holds %s", p, h, s)
				}
			}
			if fullID.MatchString(h) {
				t.Errorf("page %s links to %q, which holds an ID number", p, h)
			}
		}
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "/workers/"+w.ID+"/reveal") {
		t.Fatalf("the request log misses the reveal; is the log captured?\n%s", logs)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			t.Errorf("the server log holds %s", s)
		}
	}
	if m := fullID.FindString(logs); m != "" {
		t.Errorf("the server log holds the ID number %s", m)
	}
}
