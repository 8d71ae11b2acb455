package store_test

import (
	"sync"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

func temperature(c float64) *float64 { return &c }

var passes = laborbridge.CheckResults{IdentityOK: true, Temperature: temperature(36.5), SecurityOK: true}

// plannedTrip plans the campaign's first event and returns a bus of it
// from the gathering point with its passes' tokens by seat.
func plannedTrip(t *testing.T, db *store.DB) (*laborbridge.Trip, map[string]string) {
	t.Helper()
	res := campaign(t, db, 1500)
	ctx := storetest.System()
	for _, ev := range res.Events {
		if _, err := db.PlanEvent(ctx, ev.ID, store.PlanOptions{}); err != nil {
			t.Fatal(err)
		}
		trips, err := db.ListTrips(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range trips {
			if tr.IsCar() || tr.FromStation != "" || tr.Passengers < 5 {
				continue
			}
			seats, err := db.TripSeats(ctx, tr.ID)
			if err != nil {
				t.Fatal(err)
			}
			tokens := map[string]string{}
			for _, s := range seats {
				tok, err := db.PassToken(ctx, s.ID)
				if err != nil {
					t.Fatal(err)
				}
				tokens[s.ID] = tok
			}
			return tr, tokens
		}
	}
	t.Fatal("no bus with passengers")
	return nil, nil
}

func TestBoardExactlyOnce(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		trip, tokens := plannedTrip(t, db)
		ctx := storetest.System()
		rules := laborbridge.DefaultBoardingRules()
		// Every pass is scanned by four scanners at the same moment.
		var wg sync.WaitGroup
		var mu sync.Mutex
		boarded, already := map[string]int{}, 0
		for seat, tok := range tokens {
			for k := 0; k < 4; k++ {
				wg.Add(1)
				go func(seat, tok string) {
					defer wg.Done()
					res, err := db.Board(ctx, trip.ID, store.BoardRequest{Code: tok, Checks: passes}, rules)
					if err != nil {
						t.Errorf("Board: %v", err)
						return
					}
					mu.Lock()
					defer mu.Unlock()
					if res.Boarded {
						boarded[seat]++
					}
					if res.Already {
						already++
					}
				}(seat, tok)
			}
		}
		wg.Wait()
		for seat := range tokens {
			if boarded[seat] != 1 {
				t.Errorf("seat %s boarded %d times", seat, boarded[seat])
			}
		}
		if already != 3*len(tokens) {
			t.Errorf("%d scans were told the worker had boarded, want %d", already, 3*len(tokens))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit WHERE action = 'seat.board'`); n != len(tokens) {
			t.Errorf("%d boarding audit entries, want %d", n, len(tokens))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM placements p JOIN seats s ON s.placement_id = p.id WHERE s.trip_id = $1 AND p.state = 'boarded'`, trip.ID); n != len(tokens) {
			t.Errorf("%d placements boarded, want %d", n, len(tokens))
		}
	})
}

func TestBoardingChecksAndDeparture(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		trip, tokens := plannedTrip(t, db)
		ctx := storetest.System()
		rules := laborbridge.DefaultBoardingRules()
		seats, _ := db.TripSeats(ctx, trip.ID)
		fever := laborbridge.CheckResults{IdentityOK: true, Temperature: temperature(38.2), SecurityOK: true}
		res, err := db.Board(ctx, trip.ID, store.BoardRequest{Code: tokens[seats[0].ID], Checks: fever}, rules)
		if err != nil || res.Boarded || res.Verdict.Failed != laborbridge.CheckTemperature {
			t.Fatalf("fever: %+v, %v", res, err)
		}
		// A typed ID number finds the seat as the pass does.
		w, err := db.GetWorker(ctx, seats[1].WorkerID, true)
		if err != nil {
			t.Fatal(err)
		}
		res, err = db.Board(ctx, trip.ID, store.BoardRequest{Code: w.IDNumber, Checks: passes}, rules)
		if err != nil || !res.Boarded || res.Seat.ID != seats[1].ID {
			t.Fatalf("by ID number: %+v, %v", res, err)
		}
		// A forged pass and another trip's pass are refused.
		forged := []byte(tokens[seats[2].ID])
		forged[len(forged)/2] ^= 1
		if _, err := db.Board(ctx, trip.ID, store.BoardRequest{Code: string(forged), Checks: passes}, rules); laborbridge.KindOf(err) != laborbridge.Invalid {
			t.Errorf("forged pass: %v", err)
		}
		if n, _ := db.TemperatureCount(ctx); n != 2 {
			t.Errorf("%d temperature readings, want 2", n)
		}
		clock.T = clock.T.Add(15 * 24 * time.Hour)
		if n, err := db.PurgeTemperatures(ctx, 14); err != nil || n != 2 {
			t.Errorf("PurgeTemperatures = %d, %v; want 2", n, err)
		}
		// Departure leaves the others behind, back to confirmed.
		tr, err := db.SetTripStatus(ctx, trip.ID, laborbridge.TripDeparted)
		if err != nil || tr.Status != laborbridge.TripDeparted {
			t.Fatalf("depart: %+v, %v", tr, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM seats WHERE trip_id = $1 AND leg = 1`, trip.ID); n != 1 {
			t.Errorf("%d seats left on the departed bus, want the one boarded", n)
		}
		p0, _ := db.GetPlacement(ctx, seats[0].PlacementID)
		if p0.State != laborbridge.PlacementConfirmed || p0.Reason == "" {
			t.Errorf("refused worker's placement = %s (%q), want confirmed with the reason", p0.State, p0.Reason)
		}
		if _, err := db.Board(ctx, trip.ID, store.BoardRequest{Code: tokens[seats[1].ID], Checks: passes}, rules); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("boarding a departed bus: %v", err)
		}
		if _, err := db.SetTripStatus(ctx, trip.ID, laborbridge.TripPlanned); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("a trip going back: %v", err)
		}
		// Hand-over at the gate by the partner of the boarded worker.
		emp := seats[1].EmployerID
		partner := storetest.MustUser(t, db, laborbridge.User{Username: "gatekeeper", Role: laborbridge.RolePartner, EmployerID: emp})
		if _, err := db.HandOver(storetest.As(partner), trip.ID, seats[1].ID); err != nil {
			t.Fatalf("HandOver: %v", err)
		}
		p1, _ := db.GetPlacement(ctx, seats[1].PlacementID)
		if p1.State != laborbridge.PlacementEmployed {
			t.Errorf("handed-over placement = %s", p1.State)
		}
		if _, err := db.HandOver(storetest.As(partner), trip.ID, seats[1].ID); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("second hand-over: %v", err)
		}
		if _, err := db.SetTripStatus(ctx, trip.ID, laborbridge.TripArrived); err != nil {
			t.Errorf("arrive: %v", err)
		}
	})
}
