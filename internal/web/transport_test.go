package web_test

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/routers/gorillamux"

	"laborbridge"
	"laborbridge/internal/printout"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// departure matches the env's workers, has every placement accepted and
// confirmed, and creates Taiyuan's departure for the vacancies starting on
// 20 February, as the city office, through the API.
func (e *env) departure() string {
	e.t.Helper()
	ctx := storetest.System()
	run, err := e.db.RunMatch(ctx, store.MatchParams{Day: "2027-02-01"}, nil)
	if err != nil {
		e.t.Fatalf("RunMatch: %v", err)
	}
	ps, _, err := e.db.ListPlacements(ctx, store.PlacementFilter{RunID: run.ID, Page: store.Page{Size: store.MaxPageSize}})
	if err != nil || len(ps) < 10 {
		e.t.Fatalf("the run placed %d, %v; the tests need more", len(ps), err)
	}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	for _, ev := range []laborbridge.PlacementEvent{laborbridge.EventAccept, laborbridge.EventConfirm} {
		if _, err := e.db.Transition(ctx, ids, ev, ""); err != nil {
			e.t.Fatalf("Transition(%s): %v", ev, err)
		}
	}
	res, body := e.do(req{method: "POST", path: "/api/v1/events", as: "taiyuan",
		body: `{"date":"2027-02-17","point_name":"太原市体育中心","point_address":"滨河西路","division":"太原市","start_from":"2027-02-19","start_to":"2027-02-25"}`})
	if res.StatusCode != http.StatusCreated {
		e.t.Fatalf("POST /api/v1/events = %d\n%s", res.StatusCode, body)
	}
	var ev struct{ ID string }
	decodeJSON(e.t, body, &ev)
	return ev.ID
}

// hasFont reports whether PDFs can be drawn here; CI installs the font.
func hasFont(t *testing.T) bool {
	if _, err := printout.LoadFont(printout.DefaultFontPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI has no font for PDFs: %v", err)
		}
		return false
	}
	return true
}

type tripBody struct {
	ID         string `json:"id"`
	Number     string `json:"number"`
	Vehicle    string `json:"vehicle"`
	Capacity   int    `json:"capacity"`
	Passengers int    `json:"passengers"`
	Train      string `json:"train"`
	Stops      []struct {
		Name string `json:"name"`
	} `json:"stops"`
	Seats []struct {
		ID       string `json:"id"`
		Seat     int    `json:"seat"`
		Leg      int    `json:"leg"`
		WorkerID string `json:"worker_id"`
		Stop     string `json:"stop"`
		Employer string `json:"employer"`
	} `json:"seats"`
}

func TestTransportAPI(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 80)
		doc := loadOpenAPI(t, e)
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			t.Fatal(err)
		}
		status := func(r req, want int) (*http.Response, string) {
			t.Helper()
			res, body := e.do(r)
			if res.StatusCode != want {
				t.Fatalf("%s %s as %s = %d, want %d\n%s", r.method, r.path, r.as, res.StatusCode, want, body)
			}
			return res, body
		}
		// check also holds the exchange to the OpenAPI document; requests
		// that break the document on purpose go through status only.
		check := func(r req, want int) string {
			t.Helper()
			res, body := status(r, want)
			validateExchange(t, router, r, e.tokens[r.as], res, body)
			return body
		}
		evID := e.departure()
		check(req{path: "/api/v1/events", as: "taiyuan"}, 200)
		check(req{path: "/api/v1/events/" + evID, as: "shanxi"}, 200)
		check(req{path: "/api/v1/events/" + evID, as: "xiaodian"}, 404)
		check(req{path: "/api/v1/events", as: "suzhou-hr"}, 403)
		check(req{method: "POST", path: "/api/v1/events", as: "xiaodian", body: `{"date":"2027-02-17","point_name":"迎泽公园","division":"140106"}`}, 422)
		check(req{method: "POST", path: "/api/v1/events", as: "xiaodian",
			body: `{"date":"2027-02-17","point_name":"小店区体育场","division":"140105","start_from":"2027-02-20","start_to":"2027-02-21"}`}, 409)
		status(req{method: "POST", path: "/api/v1/events", as: "xiaodian", body: `{"date":"2027-02-17","point_name":"小店区体育场","division":"140105","colour":"red"}`}, 422)

		body := check(req{method: "POST", path: "/api/v1/events/" + evID + "/plan", as: "taiyuan"}, 200)
		var plan struct {
			Scheduled int `json:"scheduled"`
			Stats     struct {
				Passengers int `json:"passengers"`
				Vehicles   int `json:"vehicles"`
				LowerBound int `json:"lower_bound"`
			} `json:"stats"`
		}
		decodeJSON(t, body, &plan)
		if plan.Scheduled == 0 || plan.Scheduled != plan.Stats.Passengers || plan.Stats.Vehicles < plan.Stats.LowerBound {
			t.Fatalf("plan = %+v", plan)
		}
		check(req{method: "POST", path: "/api/v1/events/" + evID + "/plan", as: "suzhou-hr"}, 403)

		body = check(req{path: "/api/v1/events/" + evID + "/trips", as: "taiyuan"}, 200)
		var trips struct{ Items []tripBody }
		decodeJSON(t, body, &trips)
		if len(trips.Items) == 0 {
			t.Fatal("the plan has no trips")
		}
		tr := trips.Items[0]
		for _, x := range trips.Items {
			if x.Passengers > tr.Passengers && x.Train == "" {
				tr = x
			}
		}
		body = check(req{path: "/api/v1/trips/" + tr.ID, as: "taiyuan"}, 200)
		var full tripBody
		decodeJSON(t, body, &full)
		if len(full.Seats) != tr.Passengers {
			t.Fatalf("trip %s lists %d seats, carries %d", tr.Number, len(full.Seats), tr.Passengers)
		}
		check(req{path: "/api/v1/trips/" + tr.ID, as: "yingze"}, 404)
		seat := full.Seats[0]

		// A partner sees the trip only with its own workers on it.
		var theirs int
		for _, s := range full.Seats {
			if s.Employer == e.employers[1].Name {
				theirs++
			}
		}
		if theirs > 0 {
			body = check(req{path: "/api/v1/trips/" + tr.ID, as: "suzhou-hr"}, 200)
			var seen tripBody
			decodeJSON(t, body, &seen)
			if len(seen.Seats) != theirs {
				t.Errorf("the partner sees %d seats, has %d workers aboard", len(seen.Seats), theirs)
			}
		} else {
			check(req{path: "/api/v1/trips/" + tr.ID, as: "suzhou-hr"}, 404)
		}

		// Passes: the token verifies, and a changed one does not.
		body = check(req{path: "/api/v1/seats/" + seat.ID + "/pass", as: "taiyuan"}, 200)
		var pass struct {
			Token    string `json:"token"`
			IDNumber string `json:"id_number"`
		}
		decodeJSON(t, body, &pass)
		if pass.Token == "" || !strings.Contains(pass.IDNumber, "*") {
			t.Errorf("pass = %+v, want a token and a masked ID number", pass)
		}
		check(req{method: "POST", path: "/api/v1/passes/verify", as: "taiyuan", body: `{"token":"` + pass.Token + `"}`}, 200)
		edited := "A"
		if pass.Token[40] == 'A' {
			edited = "B"
		}
		check(req{method: "POST", path: "/api/v1/passes/verify", as: "taiyuan", body: `{"token":"` + pass.Token[:40] + edited + pass.Token[41:] + `"}`}, 422)
		check(req{method: "POST", path: "/api/v1/passes/verify", as: "taiyuan", body: `{"token":"NOT-A-PASS"}`}, 422)
		worker := e.user(laborbridge.User{Username: "rider", Role: laborbridge.RoleWorker, WorkerID: seat.WorkerID})
		body = check(req{path: "/api/v1/passes", as: worker.Username}, 200)
		if !strings.Contains(body, seat.ID) {
			t.Errorf("the worker's passes lack seat %s", seat.ID)
		}
		check(req{path: "/api/v1/passes", as: "taiyuan"}, 403)

		// Manifests: the office's full copy, the partner's masked one.
		if hasFont(t) {
			for _, r := range []req{
				{path: "/api/v1/trips/" + tr.ID + "/manifest.pdf", as: "taiyuan"},
				{path: "/api/v1/trips/" + tr.ID + "/manifest.pdf?masked=true", as: "taiyuan"},
				{path: "/api/v1/trips/" + tr.ID + "/passes.pdf", as: "taiyuan"},
			} {
				res, body := e.do(r)
				if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
					t.Errorf("GET %s = %d %s", r.path, res.StatusCode, res.Header.Get("Content-Type"))
				}
			}
		}
		res, xlsx := e.do(req{path: "/api/v1/trips/" + tr.ID + "/manifest.xlsx", as: "taiyuan"})
		if res.StatusCode != 200 || !strings.HasPrefix(xlsx, "PK") {
			t.Errorf("GET manifest.xlsx = %d", res.StatusCode)
		}
		if n := e.auditOf("trip.manifest.reveal"); n == 0 {
			t.Error("a full manifest was not audited as a reveal")
		}
		status(req{path: "/api/v1/trips/" + tr.ID + "/manifest.xlsx?masked=maybe", as: "taiyuan"}, 422)

		// Edits: one that breaks a rule is refused and changes nothing.
		check(req{method: "POST", path: "/api/v1/trips/" + tr.ID + "/move-seat", as: "taiyuan",
			body: `{"seat_id":"` + seat.ID + `","to_trip_id":"` + tr.ID + `"}`}, 422)
		if tr.Passengers > 19 {
			body = check(req{method: "POST", path: "/api/v1/trips/" + tr.ID + "/swap-vehicle", as: "taiyuan", body: `{"vehicle":"bus-19"}`}, 422)
			if !strings.Contains(body, "seats") {
				t.Errorf("the refusal does not name the rule:\n%s", body)
			}
		}
		check(req{method: "POST", path: "/api/v1/trips/" + tr.ID + "/swap-vehicle", as: "taiyuan", body: `{"vehicle":"bus-53","plate":"晋A·D1234"}`}, 200)
		check(req{method: "POST", path: "/api/v1/trips/" + tr.ID + "/unseat", as: "yingze", body: `{"seat_id":"` + seat.ID + `"}`}, 404)
		check(req{method: "POST", path: "/api/v1/trips/" + tr.ID + "/unseat", as: "taiyuan", body: `{"seat_id":"` + seat.ID + `","reason":"生病"}`}, 204)
		check(req{method: "POST", path: "/api/v1/passes/verify", as: "taiyuan", body: `{"token":"` + pass.Token + `"}`}, 404)
		check(req{method: "POST", path: "/api/v1/trips/" + tr.ID + "/unseat", as: "taiyuan", body: `{"seat_id":"` + seat.ID + `"}`}, 404)
	})
}

var fullIDNumber = regexp.MustCompile(`\b\d{17}[\dX]\b`)

func TestTransportPages(t *testing.T) {
	e := sqliteEnv(t, 80)
	evID := e.departure()
	city := e.login("taiyuan")
	steps := []struct {
		name string
		path string
		want []string
	}{
		{"events", "/events", []string{"点对点输送", "太原市体育中心", "新建发车活动", `name="point_name"`, "未排车"}},
		{"event before planning", "/events/" + evID, []string{"太原市体育中心", "尚未排车", `action="/events/` + evID + `/plan"`}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			res, body := e.page(city, s.path)
			if res.StatusCode != 200 {
				t.Fatalf("GET %s = %d\n%s", s.path, res.StatusCode, body)
			}
			for _, w := range s.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s lacks %q", s.path, w)
				}
			}
		})
	}

	// The create form keeps what was typed and marks the bad field.
	res, body := e.postForm(city, "/events", url.Values{"date": {"2027-02-30"}, "point_name": {"晋源区体育场"}, "division": {"140100"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(body, "date"), `<em class="msg">`) ||
		!strings.Contains(body, `value="晋源区体育场"`) {
		t.Errorf("POST /events with a bad date = %d, want the form with the date marked", res.StatusCode)
	}

	res, _ = e.postForm(city, "/events/"+evID+"/plan", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/events/"+evID {
		t.Fatalf("POST plan = %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = e.page(city, "/events/"+evID)
	for _, w := range []string{"车辆数下限", "53 座大客车", "乘客", "/trips/"} {
		if !strings.Contains(body, w) {
			t.Errorf("the planned event page lacks %q", w)
		}
	}
	tripID := regexp.MustCompile(`href="/trips/([0-9a-f-]{36})"`).FindStringSubmatch(body)
	if tripID == nil {
		t.Fatal("the event page links no trip")
	}
	for _, lang := range []string{"", "?lang=en"} {
		res, body = e.page(city, "/trips/"+tripID[1]+lang)
		if res.StatusCode != 200 {
			t.Fatalf("GET /trips/%s%s = %d", tripID[1], lang, res.StatusCode)
		}
		for _, w := range []string{`class="timeline"`, `class="seatmap"`, "manifest.pdf", "manifest.xlsx", "passes.pdf", `action="/trips/` + tripID[1] + `/move"`, `/pass"`} {
			if !strings.Contains(body, w) {
				t.Errorf("the trip page%s lacks %q", lang, w)
			}
		}
		if m := untranslated.FindStringSubmatch(body); m != nil {
			t.Errorf("the trip page%s shows the message id %s", lang, m[1])
		}
		if fullIDNumber.MatchString(body) {
			t.Errorf("the trip page%s shows a full ID number", lang)
		}
	}
	if !strings.Contains(body, "Seat map") || !strings.Contains(body, "53-seat coach") && !strings.Contains(body, "seat coach") && !strings.Contains(body, "minibus") {
		t.Error("the English trip page is not in English")
	}

	// A refused edit shows the rule on the page and changes nothing.
	seat := regexp.MustCompile(`href="/seats/([0-9a-f-]{36})/pass"`).FindStringSubmatch(body)
	if seat == nil {
		t.Fatal("the trip page links no pass")
	}
	res, body = e.postForm(city, "/trips/"+tripID[1]+"/move", url.Values{"seat": {seat[1]}, "to_trip": {tripID[1]}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `class="alert"`) {
		t.Errorf("POST move onto the same trip = %d, want the page with the refusal", res.StatusCode)
	}

	// The pass page: printable, with the QR code inline and a masked ID.
	res, body = e.page(city, "/seats/"+seat[1]+"/pass")
	if res.StatusCode != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "点对点输送乘车证") || fullIDNumber.MatchString(body) {
		t.Errorf("GET the pass page = %d, want a pass with its QR code and no full ID number", res.StatusCode)
	}
	// The worker sees their own pass, and not another's.
	s, err := e.db.GetSeat(storetest.System(), seat[1])
	if err != nil {
		t.Fatal(err)
	}
	e.user(laborbridge.User{Username: "rider", Role: laborbridge.RoleWorker, WorkerID: s.WorkerID})
	rider := e.login("rider")
	if res, body := e.page(rider, "/pass"); res.StatusCode != 200 || !strings.Contains(body, s.WorkerName) || !strings.Contains(body, "<svg") {
		t.Errorf("GET /pass as the worker = %d", res.StatusCode)
	}
	if res, _ := e.page(rider, "/events"); res.StatusCode != 403 {
		t.Errorf("GET /events as a worker = %d, want 403", res.StatusCode)
	}
	if hasFont(t) {
		res, _ := e.page(city, "/trips/"+tripID[1]+"/manifest.pdf?masked=true")
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("GET the masked manifest = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	// Unseat from the page.
	res, _ = e.postForm(city, "/trips/"+tripID[1]+"/unseat", url.Values{"seat": {seat[1]}, "reason": {"家中有事"}, "event": {evID}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("POST unseat = %d, want 303", res.StatusCode)
	}
	if _, err := e.db.GetSeat(storetest.System(), seat[1]); laborbridge.KindOf(err) != laborbridge.NotFound {
		t.Errorf("the seat is still there after an unseat: %v", err)
	}
}
