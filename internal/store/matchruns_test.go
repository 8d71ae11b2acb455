package store_test

import (
	"context"
	"testing"

	"laborbridge"
	"laborbridge/internal/demo"
	"laborbridge/internal/match"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

func fillDemo(t *testing.T, db *store.DB, n int) {
	t.Helper()
	if _, err := demo.Fill(context.Background(), db, demo.Options{Workers: n, Seed: 3, Today: storetest.Start}, nil); err != nil {
		t.Fatalf("demo.Fill: %v", err)
	}
}

// seatsHeld checks that no vacancy holds more live placements than its
// headcount and that filled counts them exactly.
func seatsHeld(t *testing.T, db *store.DB) int {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT v.id, v.headcount, v.filled, (SELECT COUNT(*) FROM placements p WHERE p.vacancy_id = v.id AND p.live) FROM vacancies v`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var id string
		var head, filled, live int
		if err := rows.Scan(&id, &head, &filled, &live); err != nil {
			t.Fatal(err)
		}
		if live > head || filled != live {
			t.Errorf("vacancy %s: headcount %d, filled %d, live placements %d", id, head, filled, live)
		}
		total += live
	}
	return total
}

func TestRunMatch(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fillDemo(t, db, 1500)
		province, err := db.UserByName(context.Background(), "province")
		if err != nil {
			t.Fatal(err)
		}
		ctx := storetest.As(province)
		run, err := db.RunMatch(ctx, store.MatchParams{Objective: match.PriorityFirst, Day: "2027-01-04"}, nil)
		if err != nil {
			t.Fatalf("RunMatch: %v", err)
		}
		if run.Workers != 1500 || run.Placed == 0 || run.Placed > run.Seats {
			t.Fatalf("run = %d workers, %d placed of %d seats", run.Workers, run.Placed, run.Seats)
		}
		unplaced := 0
		for _, n := range run.Unplaced {
			unplaced += n
		}
		if run.Placed+unplaced != run.Workers {
			t.Errorf("placed %d + unplaced %d != workers %d", run.Placed, unplaced, run.Workers)
		}
		if held := seatsHeld(t, db); held != run.Placed {
			t.Errorf("live placements %d, run placed %d", held, run.Placed)
		}
		got, err := db.GetMatchRun(ctx, run.ID)
		if err != nil || got.Placed != run.Placed || got.Stages.Store == 0 || len(got.Summary.ByDestination) == 0 {
			t.Fatalf("GetMatchRun = %+v, %v", got, err)
		}

		// A second run finds only the workers left over and the seats left.
		clock.T = clock.T.Add(60e9)
		again, err := db.RunMatch(ctx, store.MatchParams{Day: "2027-01-04"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Workers != run.Workers-run.Placed {
			t.Errorf("second run saw %d workers, want %d", again.Workers, run.Workers-run.Placed)
		}
		seatsHeld(t, db)

		// A county officer declines for a worker; the seat is freed.
		county, _ := db.UserByName(context.Background(), "xiaodian")
		ps, total, err := db.ListPlacements(storetest.As(county), store.PlacementFilter{State: "proposed"})
		if err != nil || total == 0 {
			t.Fatalf("county sees %d placements, %v", total, err)
		}
		for _, p := range ps {
			if p.Home != "140105" {
				t.Fatalf("county sees a placement of %s", p.Home)
			}
		}
		res, err := db.Transition(storetest.As(county), []string{ps[0].ID, ps[0].ID}, laborbridge.EventDecline, "家中有事")
		if err != nil || res[0].State != "declined" || res[1].Error == "" {
			t.Fatalf("Transition = %+v, %v", res, err)
		}
		held := seatsHeld(t, db)
		if held != run.Placed+again.Placed-1 {
			t.Errorf("after a decline %d seats held, want %d", held, run.Placed+again.Placed-1)
		}
		// A partner cannot accept for a worker, and cannot see others' placements.
		partner, _ := db.UserByName(context.Background(), "partner")
		if _, err := db.Transition(storetest.As(partner), []string{ps[1].ID}, laborbridge.EventAccept, ""); laborbridge.KindOf(err) != laborbridge.Forbidden {
			t.Errorf("partner accept: %v, want forbidden", err)
		}
		pps, _, err := db.ListPlacements(storetest.As(partner), store.PlacementFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pps {
			if p.EmployerID != partner.EmployerID {
				t.Fatalf("partner sees a placement at %s", p.EmployerName)
			}
		}
		// Out of scope: a county user's run over another county is refused.
		if _, err := db.RunMatch(storetest.As(county), store.MatchParams{Scope: "140302"}, nil); laborbridge.KindOf(err) != laborbridge.Invalid {
			t.Errorf("county running another county: %v", err)
		}
	})
}

// TestMatchLoadPaths: reading a large scope by scanning the table gives a
// run the same input, in the same order, as reading it through the index,
// so the same placements.
func TestMatchLoadPaths(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fillDemo(t, db, 1500)
		ctx := storetest.System()
		params := store.MatchParams{Objective: match.PriorityFirst, Day: "2027-01-04", Dry: true}
		indexed, err := db.RunMatch(ctx, params, nil)
		if err != nil {
			t.Fatal(err)
		}
		restore := store.ScanWorkersFrom(0)
		defer restore()
		scanned, err := db.RunMatch(ctx, params, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, b := indexed.Outcome, scanned.Outcome
		if a.Workers != 1500 || b.Workers != a.Workers || b.Total != a.Total || len(b.Placements) != len(a.Placements) {
			t.Fatalf("scanned: %d workers, total %d, %d placed; indexed: %d, %d, %d", b.Workers, b.Total, len(b.Placements),
				a.Workers, a.Total, len(a.Placements))
		}
		for i := range a.Placements {
			if a.Placements[i].Worker != b.Placements[i].Worker || a.Placements[i].Vacancy != b.Placements[i].Vacancy {
				t.Fatalf("placement %d: scanned %+v, indexed %+v", i, b.Placements[i], a.Placements[i])
			}
		}
	})
}
