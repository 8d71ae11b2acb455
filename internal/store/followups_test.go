package store_test

import (
	"context"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

func TestFollowUps(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fillDemo(t, db, 400)
		sys := storetest.System()
		if _, err := db.RunMatch(sys, store.MatchParams{Day: "2027-01-04"}, nil); err != nil {
			t.Fatal(err)
		}
		county, _ := db.UserByName(context.Background(), "province")
		ps, _, err := db.ListPlacements(storetest.As(county), store.PlacementFilter{Page: store.Page{Size: 3}})
		if err != nil || len(ps) < 2 {
			t.Fatalf("placements: %d, %v", len(ps), err)
		}
		all := []laborbridge.PlacementEvent{laborbridge.EventAccept, laborbridge.EventConfirm, laborbridge.EventSchedule,
			laborbridge.EventBoard, laborbridge.EventArrive, laborbridge.EventEmploy}
		for _, p := range ps[:2] {
			if err := db.Advance(sys, p.ID, all...); err != nil {
				t.Fatal(err)
			}
		}
		ctx := storetest.As(county)
		open, total, err := db.ListFollowUps(ctx, store.FollowUpFilter{Status: "open"})
		if err != nil || total != 6 {
			t.Fatalf("open follow-ups = %d, %v; want 6", total, err)
		}
		if due, _, _ := db.ListFollowUps(ctx, store.FollowUpFilter{Status: "due"}); len(due) != 0 {
			t.Fatalf("%d follow-ups due on day 0", len(due))
		}
		if _, err := db.RecordFollowUp(ctx, open[0].ID, laborbridge.FollowUpInput{Employed: true, Contact: "phone", Reached: "worker"}); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("recording before the due day: %v", err)
		}
		clock.T = clock.T.Add(31 * 24 * time.Hour)
		due, _, err := db.ListFollowUps(ctx, store.FollowUpFilter{Status: "due"})
		if err != nil || len(due) != 2 || due[0].Day != 30 {
			t.Fatalf("due after 31 days = %+v, %v", due, err)
		}
		if _, err := db.RecordFollowUp(ctx, due[0].ID, laborbridge.FollowUpInput{Employed: true, Contact: "guess", Reached: "worker"}); laborbridge.KindOf(err) != laborbridge.Invalid {
			t.Errorf("a guess recorded: %v", err)
		}
		if _, err := db.RecordFollowUp(ctx, due[0].ID, laborbridge.FollowUpInput{Employed: true, Contact: "phone", Reached: "worker"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordFollowUp(ctx, due[1].ID, laborbridge.FollowUpInput{Contact: "phone", Reached: "employer", Reason: "不适应夜班"}); err != nil {
			t.Fatal(err)
		}
		p0, _ := db.GetPlacement(ctx, due[0].PlacementID)
		p1, _ := db.GetPlacement(ctx, due[1].PlacementID)
		if p0.State != laborbridge.PlacementRetained || p1.State != laborbridge.PlacementLeft || p1.Reason != "不适应夜班" {
			t.Errorf("states after follow-up = %s, %s (%s)", p0.State, p1.State, p1.Reason)
		}
		if _, total, _ := db.ListFollowUps(ctx, store.FollowUpFilter{Status: "open"}); total != 2 {
			t.Errorf("open follow-ups after a departure = %d, want 2 (the leaver's later ones close)", total)
		}
		if _, err := db.RecordFollowUp(ctx, due[0].ID, laborbridge.FollowUpInput{Employed: true, Contact: "phone", Reached: "worker"}); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("recording twice: %v", err)
		}
		elsewhere := "140302"
		if due[0].Home == elsewhere {
			elsewhere = "140105"
		}
		yq := storetest.MustUser(t, db, laborbridge.User{Username: "elsewhere", Role: laborbridge.RoleCounty, Division: elsewhere})
		if _, err := db.RecordFollowUp(storetest.As(yq), due[0].ID, laborbridge.FollowUpInput{Employed: true, Contact: "phone", Reached: "worker"}); laborbridge.KindOf(err) != laborbridge.NotFound {
			t.Errorf("another county recording: %v", err)
		}
	})
}
