package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/demo"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
	"laborbridge/internal/web"
)

// boardingSite is a demo province in its January campaign with every event
// planned, served over real HTTP, with an office token.
type boardingSite struct {
	db       *store.DB
	srv      *httptest.Server
	token    string
	province *laborbridge.User
	trips    []*laborbridge.Trip
}

func newBoardingSite(t testing.TB, workers int) *boardingSite {
	t.Helper()
	clock := &storetest.Clock{T: storetest.Start}
	db := storetest.OpenSQLite(t, clock)
	ctx := context.Background()
	opt := demo.Options{Workers: workers, Seed: 7, Today: storetest.Start}
	if _, err := demo.Fill(ctx, db, opt, nil); err != nil {
		t.Fatal(err)
	}
	res, err := demo.January(ctx, db, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	sys := storetest.System()
	site := &boardingSite{db: db}
	for _, ev := range res.Events {
		if _, err := db.PlanEvent(sys, ev.ID, store.PlanOptions{}); err != nil {
			t.Fatal(err)
		}
		trips, err := db.ListTrips(sys, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range trips {
			if !tr.IsCar() && tr.FromStation == "" {
				site.trips = append(site.trips, tr)
			}
		}
	}
	province, err := db.UserByName(ctx, "province")
	if err != nil {
		t.Fatal(err)
	}
	site.province = province
	if site.token, err = db.CreateSession(ctx, province, store.SessionAPI, "scanner"); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(db, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	site.srv = httptest.NewServer(h)
	t.Cleanup(site.srv.Close)
	return site
}

// passes returns the pass tokens of a trip's seats, by seat id.
func (s *boardingSite) passes(t testing.TB, trip *laborbridge.Trip) map[string]string {
	t.Helper()
	sys := storetest.System()
	seats, err := s.db.TripSeats(sys, trip.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, st := range seats {
		if st.Leg != 1 {
			continue
		}
		tok, err := s.db.PassToken(sys, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[st.ID] = tok
	}
	return out
}

func (s *boardingSite) post(t testing.TB, client *http.Client, path, token string, body any) (int, []byte) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, bytes.NewReader(b))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		t.Errorf("POST %s: %v", path, err)
		return 0, nil
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func healthy(c float64) map[string]any {
	return map[string]any{"identity_ok": true, "temperature": c, "security_ok": true}
}

func TestBoardingOverHTTP(t *testing.T) {
	site := newBoardingSite(t, 1500)
	trip := site.trips[0]
	tokens := site.passes(t, trip)
	var seats []string
	for id := range tokens {
		seats = append(seats, id)
	}
	slices.Sort(seats)
	c := site.srv.Client()
	board := func(code string, checks map[string]any) (int, map[string]any) {
		code2, body := site.post(t, c, "/api/v1/trips/"+trip.ID+"/board", site.token, map[string]any{"code": code, "checks": checks})
		var out map[string]any
		json.Unmarshal(body, &out)
		return code2, out
	}
	if code, out := board(tokens[seats[0]], healthy(36.4)); code != 200 || out["boarded"] != true {
		t.Fatalf("board = %d %v", code, out)
	}
	if code, out := board(tokens[seats[0]], healthy(36.4)); code != 200 || out["already"] != true || out["boarded"] == true {
		t.Fatalf("second scan = %d %v, want already boarded", code, out)
	}
	code, out := board(tokens[seats[1]], healthy(38.1))
	if code != 200 || out["boarded"] == true || !strings.Contains(fmt.Sprint(out["verdict"]), "temperature") {
		t.Fatalf("fever = %d %v", code, out)
	}
	if code, _ := board("not a pass", healthy(36.4)); code != http.StatusUnprocessableEntity {
		t.Errorf("garbage code = %d, want 422", code)
	}
	// The live board counts them.
	req, _ := http.NewRequest(http.MethodGet, site.srv.URL+"/api/v1/events/"+trip.EventID+"/live?trip="+trip.ID, nil)
	req.Header.Set("Authorization", "Bearer "+site.token)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var live store.EventBoard
	json.NewDecoder(res.Body).Decode(&live)
	res.Body.Close()
	if len(live.Trips) != 1 || live.Boarded != 1 || live.Refused != 1 || live.Waiting != len(tokens)-2 {
		t.Errorf("live board = %+v", live)
	}
	for path, want := range map[string]string{
		"/trips/" + trip.ID + "/board":      "登车",
		"/events/" + trip.EventID + "/live": "实时看板",
	} {
		req, _ := http.NewRequest(http.MethodGet, site.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+site.token)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s = %d, want 200 with %q", path, res.StatusCode, want)
		}
	}
	if code, body := site.post(t, c, "/api/v1/trips/"+trip.ID+"/status", site.token, map[string]string{"status": "departed"}); code != 200 {
		t.Fatalf("depart = %d %s", code, body)
	}
	if code, _ := board(tokens[seats[0]], healthy(36.4)); code != http.StatusConflict {
		t.Errorf("scanning a boarded pass after departure = %d, want 409", code)
	}
	if code, _ := board(tokens[seats[2]], healthy(36.4)); code != http.StatusNotFound {
		t.Errorf("scanning the pass of a worker left behind = %d, want 404 (the seat was freed)", code)
	}
	// At the gate, the employer hands the boarded worker over.
	ctx := storetest.System()
	seat, err := site.db.GetSeat(ctx, seats[0])
	if err != nil {
		t.Fatal(err)
	}
	partner := storetest.MustUser(t, site.db, laborbridge.User{Username: "gate-hr", Role: laborbridge.RolePartner, EmployerID: seat.EmployerID})
	ptoken, err := site.db.CreateSession(context.Background(), partner, store.SessionAPI, "gate")
	if err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest(http.MethodGet, site.srv.URL+"/trips/"+trip.ID+"/handover", nil)
	req.Header.Set("Authorization", "Bearer "+ptoken)
	if res, err := c.Do(req); err != nil || res.StatusCode != 200 {
		t.Errorf("hand-over page for the partner: %v %v", res.StatusCode, err)
	} else {
		res.Body.Close()
	}
	if code, body := site.post(t, c, "/api/v1/trips/"+trip.ID+"/hand-over", ptoken, map[string]string{"code": tokens[seats[0]]}); code != 200 {
		t.Fatalf("hand-over = %d %s", code, body)
	}
	pl, _ := site.db.GetPlacement(ctx, seat.PlacementID)
	if pl.State != laborbridge.PlacementEmployed {
		t.Errorf("after hand-over the placement is %s, want employed", pl.State)
	}
}

// TestConcurrentScanners sends every pass of several buses through
// scanners working at once, each pass twice (two queues reaching two desks
// at the same moment): every seat boards once, and the second scan of each
// is told so. With LABORBRIDGE_SCANNERS set (e.g. 100), it runs that many
// scanners over more buses and reports the rates for docs/benchmarks.md.
func TestConcurrentScanners(t *testing.T) {
	scanners, workers := 20, 1500
	if n := os.Getenv("LABORBRIDGE_SCANNERS"); n != "" {
		fmt.Sscan(n, &scanners)
		workers = 12000
	}
	site := newBoardingSite(t, workers)
	type job struct{ trip, token string }
	var jobs []job
	passes := 0
	for _, tr := range site.trips {
		for _, tok := range site.passes(t, tr) {
			jobs = append(jobs, job{tr.ID, tok}, job{tr.ID, tok})
			passes++
		}
		if passes >= 400 && os.Getenv("LABORBRIDGE_SCANNERS") == "" {
			break
		}
	}
	queue := make(chan job)
	var boarded, already, failed, throttled atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: scanners}}
	// Each scanner is a device signed in on its own.
	devices := make([]string, scanners)
	for i := range devices {
		tok, err := site.db.CreateSession(context.Background(), site.province, store.SessionAPI, fmt.Sprintf("scanner %d", i))
		if err != nil {
			t.Fatal(err)
		}
		devices[i] = tok
	}
	var wg sync.WaitGroup
	start := time.Now()
	for i := range scanners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				t0 := time.Now()
				code, body := site.post(t, client, "/api/v1/trips/"+j.trip+"/board", devices[i], map[string]any{"code": j.token, "checks": healthy(36.5)})
				for code == http.StatusTooManyRequests {
					// A device over its rate waits as told, as scanners do.
					throttled.Add(1)
					time.Sleep(200 * time.Millisecond)
					t0 = time.Now()
					code, body = site.post(t, client, "/api/v1/trips/"+j.trip+"/board", devices[i], map[string]any{"code": j.token, "checks": healthy(36.5)})
				}
				d := time.Since(t0)
				var out struct{ Boarded, Already bool }
				json.Unmarshal(body, &out)
				switch {
				case code != 200:
					failed.Add(1)
					t.Errorf("scan = %d %s", code, body)
				case out.Boarded:
					boarded.Add(1)
				case out.Already:
					already.Add(1)
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
	elapsed := time.Since(start)
	if boarded.Load() != int64(passes) || already.Load() != int64(passes) || failed.Load() != 0 {
		t.Fatalf("%d passes scanned twice: %d boarded, %d already boarded, %d failed", passes, boarded.Load(), already.Load(), failed.Load())
	}
	var doubles int
	if err := site.db.SQL().QueryRow(`SELECT COUNT(*) FROM (SELECT object_id FROM audit WHERE action = 'seat.board' GROUP BY object_id HAVING COUNT(*) > 1) x`).Scan(&doubles); err != nil {
		t.Fatal(err)
	}
	if doubles != 0 {
		t.Fatalf("%d seats boarded twice", doubles)
	}
	slices.Sort(lat)
	p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
	commits := commitRate(t, 2*time.Second)
	t.Logf("%d scanners, %d scans of %d passes in %.2fs: %.0f scans/s; latency p50 %v p99 %v max %v; 0 double boardings; %d scans throttled and retried; raw durable SQLite commits on the same disk: %.0f/s",
		scanners, len(jobs), passes, elapsed.Seconds(), float64(len(jobs))/elapsed.Seconds(), p(0.5).Round(time.Millisecond),
		p(0.99).Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), throttled.Load(), commits)
}

// commitRate measures how many single-row transactions per second SQLite
// commits durably (WAL, synchronous FULL, the store's pragmas) in a
// temporary folder on the same disk: the ceiling of any one-write-per-scan
// design.
func commitRate(t testing.TB, d time.Duration) float64 {
	t.Helper()
	path := filepath.Join(t.TempDir(), "commits.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(15000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	n := 0
	start := time.Now()
	for time.Since(start) < d {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO t (v) VALUES ('x')`); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds()
}
