package store_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"laborbridge"
	"laborbridge/internal/demo"
	"laborbridge/internal/sign"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// campaign fills a small demo and plays its January campaign: confirmed
// placements and one event per city and week.
func campaign(t *testing.T, db *store.DB, n int) *demo.CampaignResult {
	t.Helper()
	fillDemo(t, db, n)
	res, err := demo.January(context.Background(), db, demo.Options{Workers: n, Seed: 3, Today: storetest.Start}, nil)
	if err != nil {
		t.Fatalf("demo.January: %v", err)
	}
	if res.Confirmed == 0 || len(res.Events) == 0 {
		t.Fatalf("January = %+v, want confirmed placements and events", res)
	}
	return res
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// snapshot is what an edit that is refused must leave unchanged.
func snapshot(t *testing.T, db *store.DB, eventID string) string {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT t.number, t.vehicle, t.capacity, t.km, s.seat_no, s.placement_id, s.stop_ord
		FROM trips t JOIN seats s ON s.trip_id = t.id WHERE t.event_id = $1 ORDER BY t.number, s.seat_no`, eventID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var number, vehicle, placement string
		var capacity, seat, stop int
		var km float64
		if err := rows.Scan(&number, &vehicle, &capacity, &km, &seat, &placement, &stop); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %d %.3f %d %s %d\n", number, vehicle, capacity, km, seat, placement, stop)
	}
	return b.String()
}

func TestPlanEvent(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		res := campaign(t, db, 1500)
		ctx := storetest.System()
		planned, seated := 0, 0
		for _, ev := range res.Events {
			waiting := count(t, db, `SELECT COUNT(*) FROM placements p JOIN vacancies v ON v.id = p.vacancy_id
				WHERE p.state = 'confirmed' AND p.home LIKE $1 AND v.start_date BETWEEN $2 AND $3`,
				laborbridge.DivisionPrefix(ev.Division)+"%", ev.StartFrom, ev.StartTo)
			pr, err := db.PlanEvent(ctx, ev.ID, store.PlanOptions{})
			if err != nil {
				t.Fatalf("PlanEvent(%s): %v", ev.Name(), err)
			}
			if got := pr.Stats.Passengers + len(pr.Unplanned); got != waiting {
				t.Errorf("%s: %d seated + %d unplanned, want the %d confirmed placements it serves", ev.Name(), pr.Stats.Passengers, len(pr.Unplanned), waiting)
			}
			if pr.Scheduled != pr.Stats.Passengers || pr.Stats.Waiting != len(pr.Unplanned) {
				t.Errorf("%s: scheduled %d of %d seated; %d still waiting, %d unplanned", ev.Name(), pr.Scheduled, pr.Stats.Passengers, pr.Stats.Waiting, len(pr.Unplanned))
			}
			if pr.Stats.Passengers > 0 && pr.Stats.LowerBound == 0 {
				t.Errorf("%s: no lower bound", ev.Name())
			}
			planned += pr.Stats.Passengers
			seated += pr.Scheduled
		}
		// Every scheduled placement has exactly one seat from the gathering
		// point, and every seat holds a scheduled placement.
		if n := count(t, db, `SELECT COUNT(*) FROM placements WHERE state = 'scheduled'`); n != planned || planned == 0 {
			t.Errorf("%d scheduled placements, %d seated", n, planned)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM (SELECT placement_id FROM seats WHERE leg = 1 GROUP BY placement_id HAVING COUNT(*) > 1) x`); n != 0 {
			t.Errorf("%d placements hold two seats", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM seats s JOIN placements p ON p.id = s.placement_id WHERE p.state <> 'scheduled'`); n != 0 {
			t.Errorf("%d seats hold placements that are not scheduled", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit WHERE action = 'placement.schedule'`); n != seated {
			t.Errorf("%d schedule audit entries, want %d", n, seated)
		}

		// Planning again replaces the trips and keeps everyone seated.
		ev := biggest(t, db, res)
		before := count(t, db, `SELECT COUNT(*) FROM seats WHERE event_id = $1`, ev.ID)
		oldTrips := tripIDs(t, db, ev.ID)
		pr, err := db.PlanEvent(ctx, ev.ID, store.PlanOptions{})
		if err != nil {
			t.Fatalf("PlanEvent again: %v", err)
		}
		if after := count(t, db, `SELECT COUNT(*) FROM seats WHERE event_id = $1`, ev.ID); after != before || pr.Scheduled != 0 || pr.Unseated != 0 {
			t.Errorf("planned again: %d seats (was %d), %d scheduled, %d unseated", after, before, pr.Scheduled, pr.Unseated)
		}
		for _, id := range tripIDs(t, db, ev.ID) {
			for _, old := range oldTrips {
				if id == old {
					t.Fatalf("trip %s survived planning again", id)
				}
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM trips WHERE event_id = $1`, ev.ID); n != len(oldTrips) {
			t.Errorf("planned again: %d trips, was %d", n, len(oldTrips))
		}

		// Scope: a county office sees no city's event.
		county, _ := db.UserByName(context.Background(), "xiaodian")
		if _, err := db.GetEvent(storetest.As(county), ev.ID); laborbridge.KindOf(err) != laborbridge.NotFound {
			t.Errorf("a county reading a city's event: %v, want not found", err)
		}
		if _, err := db.PlanEvent(storetest.As(county), ev.ID, store.PlanOptions{}); laborbridge.KindOf(err) != laborbridge.NotFound {
			t.Errorf("a county planning a city's event: %v, want not found", err)
		}
		partner, _ := db.UserByName(context.Background(), "partner")
		if _, err := db.PlanEvent(storetest.As(partner), ev.ID, store.PlanOptions{}); laborbridge.KindOf(err) != laborbridge.Forbidden {
			t.Errorf("a partner planning: %v, want forbidden", err)
		}
		// An overlapping event is refused.
		_, err = db.CreateEvent(ctx, laborbridge.EventInput{Date: ev.Date, PointName: "小店区体育场", Division: "140105",
			StartFrom: ev.StartFrom, StartTo: ev.StartTo})
		if ev.Division == "140100" && laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("an event overlapping Taiyuan's: %v, want conflict", err)
		}
		if _, err := db.CreateEvent(storetest.As(county), laborbridge.EventInput{Date: "2027-02-01", PointName: "迎泽公园",
			Division: "140106"}); laborbridge.KindOf(err) != laborbridge.Invalid {
			t.Errorf("a county creating another county's event: %v, want invalid", err)
		}
	})
}

func tripIDs(t *testing.T, db *store.DB, eventID string) []string {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT id FROM trips WHERE event_id = $1`, eventID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		out = append(out, id)
	}
	return out
}

// biggest returns the event with the most confirmed placements.
func biggest(t *testing.T, db *store.DB, res *demo.CampaignResult) *laborbridge.DepartureEvent {
	t.Helper()
	var best *laborbridge.DepartureEvent
	most := -1
	for _, ev := range res.Events {
		n := count(t, db, `SELECT COUNT(*) FROM seats WHERE event_id = $1`, ev.ID)
		if n > most {
			best, most = ev, n
		}
	}
	return best
}

// plannedEvent fills a small demo, has every placement of a match run
// accepted and confirmed, and plans them all from one province-wide event,
// so that its buses fill up.
func plannedEvent(t *testing.T, db *store.DB) *laborbridge.DepartureEvent {
	t.Helper()
	fillDemo(t, db, 1500)
	ctx := storetest.System()
	run, err := db.RunMatch(ctx, store.MatchParams{Day: "2027-01-03"}, nil)
	if err != nil {
		t.Fatalf("RunMatch: %v", err)
	}
	ps, _, err := db.ListPlacements(ctx, store.PlacementFilter{RunID: run.ID, Page: store.Page{Size: store.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	for _, ev := range []laborbridge.PlacementEvent{laborbridge.EventAccept, laborbridge.EventConfirm} {
		if _, err := db.Transition(ctx, ids, ev, ""); err != nil {
			t.Fatalf("Transition(%s): %v", ev, err)
		}
	}
	ev, err := db.CreateEvent(ctx, laborbridge.EventInput{Date: "2027-01-01", PointName: "山西省体育中心", Division: "140000",
		Lat: "37.87", Lon: "112.55", StartFrom: "2027-01-03", StartTo: "2027-01-31"})
	if err != nil {
		t.Fatalf("CreateEvent: %v", err)
	}
	pr, err := db.PlanEvent(ctx, ev.ID, store.PlanOptions{})
	if err != nil {
		t.Fatalf("PlanEvent: %v", err)
	}
	if pr.Stats.Passengers < 100 {
		t.Fatalf("the event carries %d passengers; the edits need more", pr.Stats.Passengers)
	}
	return ev
}

func TestEditPlan(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ev := plannedEvent(t, db)
		ctx := storetest.System()
		trips, err := db.ListTrips(ctx, ev.ID)
		if err != nil || len(trips) < 2 {
			t.Fatalf("ListTrips = %d trips, %v; want two or more", len(trips), err)
		}
		var full *laborbridge.Trip
		for _, tr := range trips {
			if !tr.IsCar() && (full == nil || tr.Passengers > full.Passengers) {
				full = tr
			}
		}
		seats, err := db.TripSeats(ctx, full.ID)
		if err != nil || len(seats) != full.Passengers {
			t.Fatalf("TripSeats = %d, %v; want %d", len(seats), err, full.Passengers)
		}

		refused := []struct {
			name  string
			edit  func() error
			field string
		}{
			{"a bus too small", func() error {
				_, err := db.SwapVehicle(ctx, full.ID, "bus-19", "")
				return err
			}, "plan"},
			{"a vehicle not in the fleet", func() error {
				_, err := db.SwapVehicle(ctx, full.ID, "bus-99", "")
				return err
			}, "vehicle"},
			{"onto the worker's own trip", func() error {
				_, err := db.MoveSeat(ctx, seats[0].ID, full.ID)
				return err
			}, "to_trip"},
		}
		// A worker moved onto a bus that is already full breaks its
		// capacity; onto a bus to other gates, possibly its detour.
		for _, tr := range trips {
			if tr.ID != full.ID && !tr.IsCar() && tr.FromStation == "" && tr.Passengers == tr.Capacity {
				refused = append(refused, struct {
					name  string
					edit  func() error
					field string
				}{"onto a full bus", func() error {
					_, err := db.MoveSeat(ctx, seats[0].ID, tr.ID)
					return err
				}, "plan"})
				break
			}
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				before := snapshot(t, db, ev.ID)
				err := c.edit()
				var le *laborbridge.Error
				if laborbridge.KindOf(err) != laborbridge.Invalid || !asError(err, &le) || le.Field != c.field {
					t.Fatalf("edit = %v, want invalid on %s", err, c.field)
				}
				if after := snapshot(t, db, ev.ID); after != before {
					t.Errorf("a refused edit changed the plan")
				}
			})
		}

		// A move that keeps the rules: onto another bus that stops at the
		// worker's gate, made the largest kind first when it is full.
		moved := false
		for _, tr := range trips {
			if moved || tr.IsCar() || tr.FromStation != "" || tr.Passengers >= 53 {
				continue
			}
			for _, other := range trips {
				if moved || other.ID == tr.ID || other.IsCar() || other.FromStation != "" {
					continue
				}
				seats, err := db.TripSeats(ctx, other.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range seats {
					if !stopsAt(tr, s.Stop) {
						continue
					}
					if tr.Passengers == tr.Capacity {
						if _, err := db.SwapVehicle(ctx, tr.ID, "bus-53", ""); err != nil {
							break
						}
					}
					got, err := db.MoveSeat(ctx, s.ID, tr.ID)
					if err != nil {
						t.Fatalf("MoveSeat onto a bus with room at the same gate: %v", err)
					}
					if got.TripID != tr.ID || got.ID != s.ID {
						t.Errorf("MoveSeat = trip %s seat %s, want trip %s", got.TripID, got.ID, tr.ID)
					}
					moved = true
					break
				}
			}
		}
		if !moved {
			t.Fatal("no worker could move to another bus to the same gate")
		}
		if got, err := db.SwapVehicle(ctx, full.ID, "bus-53", "晋A 12345"); err != nil || got.Vehicle != "bus-53" || got.Plate != "晋A12345" {
			t.Errorf("SwapVehicle to the largest bus = %v, %v", got, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit WHERE action = 'trip.move_seat'`); n != 1 {
			t.Errorf("%d move audit entries, want 1", n)
		}

		// Unseat: the seat is freed and the placement is confirmed again.
		seats, _ = db.TripSeats(ctx, full.ID)
		s := seats[len(seats)-1]
		if err := db.Unseat(ctx, s.ID, false, "临时生病"); err != nil {
			t.Fatalf("Unseat: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM seats WHERE placement_id = $1`, s.PlacementID); n != 0 {
			t.Errorf("the unseated placement keeps %d seats", n)
		}
		p, err := db.GetPlacement(ctx, s.PlacementID)
		if err != nil || p.State != laborbridge.PlacementConfirmed {
			t.Fatalf("unseated placement = %v, %v; want confirmed", p, err)
		}
		after, _ := db.GetTrip(ctx, full.ID)
		if after == nil && len(seats) > 1 || after != nil && after.Passengers != len(seats)-1 {
			t.Errorf("the trip carries %v after an unseat, want %d", after, len(seats)-1)
		}
		// And declining frees the vacancy's seat too.
		s = seats[0]
		if err := db.Unseat(ctx, s.ID, true, "家中有事"); err != nil {
			t.Fatalf("Unseat with decline: %v", err)
		}
		if p, _ := db.GetPlacement(ctx, s.PlacementID); p.State != laborbridge.PlacementDeclined || p.Reason != "家中有事" {
			t.Errorf("declined placement = %s (%s)", p.State, p.Reason)
		}
		seatsHeld(t, db)
	})
}

func stopsAt(t *laborbridge.Trip, name string) bool {
	for _, s := range t.Stops {
		if s.Name == name {
			return true
		}
	}
	return false
}

func asError(err error, target **laborbridge.Error) bool {
	e, ok := err.(*laborbridge.Error)
	if ok {
		*target = e
	}
	return ok
}

var fullID = regexp.MustCompile(`\d{17}[\dX]`)

func TestManifestsAndPasses(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ev := plannedEvent(t, db)
		ctx := storetest.System()
		trips, _ := db.ListTrips(ctx, ev.ID)
		tr := trips[0]

		m, err := db.ManifestData(ctx, tr.ID, false)
		if err != nil || len(m.Passengers) != tr.Passengers || m.Masked {
			t.Fatalf("ManifestData(office) = %d passengers masked %v, %v", len(m.Passengers), m.Masked, err)
		}
		if !fullID.MatchString(m.Passengers[0].ID) {
			t.Errorf("the office's full copy shows %q", m.Passengers[0].ID)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit WHERE action = 'trip.manifest.reveal' AND object_id = $1`, tr.ID); n != 1 {
			t.Errorf("%d reveal audit entries, want 1", n)
		}
		masked, err := db.ManifestData(ctx, tr.ID, true)
		if err != nil || !masked.Masked || fullID.MatchString(masked.Passengers[0].ID) {
			t.Errorf("ManifestData(masked) = %q masked %v, %v", masked.Passengers[0].ID, masked.Masked, err)
		}

		// A partner gets a masked copy with its own workers only.
		var employer string
		if err := db.SQL().QueryRow(`SELECT p.employer_id FROM seats s JOIN placements p ON p.id = s.placement_id WHERE s.trip_id = $1 LIMIT 1`, tr.ID).Scan(&employer); err != nil {
			t.Fatal(err)
		}
		partner := storetest.MustUser(t, db, laborbridge.User{Username: "gate-hr", Role: laborbridge.RolePartner, EmployerID: employer})
		pm, err := db.ManifestData(storetest.As(partner), tr.ID, false)
		if err != nil || !pm.Masked || len(pm.Passengers) == 0 {
			t.Fatalf("ManifestData(partner) = %d passengers, masked %v, %v", len(pm.Passengers), pm.Masked, err)
		}
		own := count(t, db, `SELECT COUNT(*) FROM seats s JOIN placements p ON p.id = s.placement_id WHERE s.trip_id = $1 AND p.employer_id = $2`, tr.ID, employer)
		if len(pm.Passengers) != own {
			t.Errorf("the partner's copy lists %d, want its %d", len(pm.Passengers), own)
		}
		for _, p := range pm.Passengers {
			if fullID.MatchString(p.ID) || len(p.Phone) == 11 && !strings.Contains(p.Phone, "*") {
				t.Errorf("the partner's copy shows %q, %q", p.ID, p.Phone)
			}
		}
		other := storetest.MustUser(t, db, laborbridge.User{Username: "other-hr", Role: laborbridge.RolePartner, EmployerID: otherEmployer(t, db, tr.ID)})
		if _, err := db.ManifestData(storetest.As(other), tr.ID, true); laborbridge.KindOf(err) != laborbridge.NotFound {
			t.Errorf("a partner with nobody on the trip: %v, want not found", err)
		}

		// Passes: a token verifies for its seat, and nothing else does.
		seats, _ := db.TripSeats(ctx, tr.ID)
		s := seats[0]
		token, err := db.PassToken(ctx, s.ID)
		if err != nil {
			t.Fatalf("PassToken: %v", err)
		}
		got, err := db.VerifyPass(ctx, token)
		if err != nil || got.ID != s.ID || got.WorkerID != s.WorkerID {
			t.Fatalf("VerifyPass = %v, %v; want seat %s", got, err, s.ID)
		}
		edited := []byte(token)
		if edited[len(edited)/2] == 'A' {
			edited[len(edited)/2] = 'B'
		} else {
			edited[len(edited)/2] = 'A'
		}
		forger, _ := sign.NewKey()
		forged, _ := forger.Pass(sign.PassClaims{Trip: uuid.MustParse(tr.ID), Worker: uuid.MustParse(s.WorkerID), Seat: s.No, Issued: storetest.Start})
		signer := passSigner(t, db)
		otherTrip, _ := signer.Pass(sign.PassClaims{Trip: uuid.MustParse(trips[1].ID), Worker: uuid.MustParse(s.WorkerID), Seat: s.No, Issued: storetest.Start})
		for _, c := range []struct {
			name, token string
			kind        laborbridge.ErrorKind
		}{
			{"edited", string(edited), laborbridge.Invalid},
			{"forged", forged, laborbridge.Invalid},
			{"garbage", "HELLO", laborbridge.Invalid},
			{"another trip", otherTrip, laborbridge.NotFound},
		} {
			if _, err := db.VerifyPass(ctx, c.token); laborbridge.KindOf(err) != c.kind {
				t.Errorf("VerifyPass(%s) = %v, want %s", c.name, err, c.kind)
			}
		}
		// The worker sees their own pass; another worker does not.
		worker := storetest.MustUser(t, db, laborbridge.User{Username: "seat-holder", Role: laborbridge.RoleWorker, WorkerID: s.WorkerID})
		mine, err := db.WorkerPasses(storetest.As(worker))
		if err != nil || len(mine) != 1 || mine[0].SeatID != s.ID || fullID.MatchString(mine[0].ID) {
			t.Fatalf("WorkerPasses = %v, %v", mine, err)
		}
		stranger := storetest.MustUser(t, db, laborbridge.User{Username: "stranger", Role: laborbridge.RoleWorker, WorkerID: seats[1].WorkerID})
		if _, err := db.Pass(storetest.As(stranger), s.ID); laborbridge.KindOf(err) != laborbridge.NotFound {
			t.Errorf("another worker's pass: %v, want not found", err)
		}
		// Unseated, the pass no longer verifies.
		if err := db.Unseat(ctx, s.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.VerifyPass(ctx, token); laborbridge.KindOf(err) != laborbridge.NotFound {
			t.Errorf("the pass of a freed seat: %v, want not found", err)
		}
	})
}

func otherEmployer(t *testing.T, db *store.DB, tripID string) string {
	t.Helper()
	var id string
	if err := db.SQL().QueryRow(`SELECT id FROM employers e WHERE NOT EXISTS (SELECT 1 FROM seats s JOIN placements p ON p.id = s.placement_id
		WHERE s.trip_id = $1 AND p.employer_id = e.id) LIMIT 1`, tripID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// passSigner reads the store's pass key, as someone who stole the key
// would, to sign claims the store never issued.
func passSigner(t *testing.T, db *store.DB) *sign.Signer {
	t.Helper()
	s, err := store.PassSignerForTest(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPlanEventsStopsAtTheFirstError: events are stored several to a
// transaction, yet when one cannot be planned again (its boarding has
// started) those before it are planned and those after it are left alone,
// as when each had its own transaction.
func TestPlanEventsStopsAtTheFirstError(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		res := campaign(t, db, 1500)
		ctx := storetest.System()
		ids := make([]string, len(res.Events))
		for i, e := range res.Events {
			ids[i] = e.ID
		}
		if err := db.PlanEvents(ctx, ids, store.PlanOptions{}, nil); err != nil {
			t.Fatal(err)
		}
		// Boarding starts on the first bus of an event in the middle.
		const stuck = 5
		var bus string
		for k := stuck; bus == ""; k++ {
			trips, err := db.ListTrips(ctx, ids[k])
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range trips {
				if !tr.IsCar() && tr.FromStation == "" && tr.Passengers > 0 {
					bus = tr.ID
					ids[stuck], ids[k] = ids[k], ids[stuck]
					break
				}
			}
		}
		if _, err := db.SetTripStatus(ctx, bus, laborbridge.TripBoarding); err != nil {
			t.Fatal(err)
		}
		version := func(id string) int {
			return count(t, db, `SELECT version FROM departure_events WHERE id = $1`, id)
		}
		before := make([]int, len(ids))
		for i, id := range ids {
			before[i] = version(id)
		}
		var heard []string
		err := db.PlanEvents(ctx, ids, store.PlanOptions{}, func(r *store.PlanResult) { heard = append(heard, r.Event.ID) })
		if laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Fatalf("PlanEvents with boarding under way: error = %v, want conflict", err)
		}
		if len(heard) != stuck {
			t.Errorf("PlanEvents reported %d events planned, want the %d before the stuck one", len(heard), stuck)
		}
		for i, id := range ids {
			changed := version(id) != before[i]
			if want := i < stuck; changed != want {
				t.Errorf("event %d of %d (stuck: %d): planned again = %v, want %v", i, len(ids), stuck, changed, want)
			}
		}
	})
}
