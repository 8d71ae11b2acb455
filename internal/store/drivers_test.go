package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

func TestDriverLink(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		trip, tokens := plannedTrip(t, db)
		ctx := storetest.System()
		link, err := db.DriverLink(ctx, trip.ID)
		if err != nil {
			t.Fatal(err)
		}
		arrive := trip.Arrive.In(time.FixedZone("CST", 8*3600))
		if want := arrive.AddDate(0, 0, 2).Format(time.DateOnly); link.Expires.Format(time.DateOnly) != want {
			t.Errorf("link expires %s, want %s (two days after the last arrival)", link.Expires.Format(time.DateOnly), want)
		}
		driver, err := db.DriverActor(context.Background(), link.Token)
		if err != nil {
			t.Fatalf("DriverActor(genuine link): %v", err)
		}
		if driver.Role != laborbridge.RoleDriver || driver.TripID != trip.ID {
			t.Fatalf("DriverActor = %+v, want the driver of trip %s", driver, trip.ID)
		}
		dctx := storetest.As(driver)

		// The driver sees its trip and every passenger, masked.
		if _, err := db.GetTrip(dctx, trip.ID); err != nil {
			t.Errorf("driver GetTrip(own trip): %v", err)
		}
		seats, err := db.TripSeats(dctx, trip.ID)
		if err != nil || len(seats) != trip.Passengers {
			t.Errorf("driver TripSeats = %d seats, %v; want %d", len(seats), err, trip.Passengers)
		}
		m, err := db.ManifestData(dctx, trip.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Passengers) != trip.Passengers {
			t.Errorf("driver's manifest lists %d passengers, want %d", len(m.Passengers), trip.Passengers)
		}
		for _, p := range m.Passengers {
			if !strings.Contains(p.ID, "*") || !strings.Contains(p.Phone, "*") {
				t.Fatalf("driver's manifest shows ID %s, phone %s: not masked", p.ID, p.Phone)
			}
		}

		// Nothing else: no other trip, no boarding, no workers, no plan edits.
		others, err := db.ListTrips(ctx, trip.EventID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range others {
			if o.ID == trip.ID {
				continue
			}
			if _, err := db.GetTrip(dctx, o.ID); laborbridge.KindOf(err) != laborbridge.NotFound {
				t.Errorf("driver GetTrip(other trip) error = %v, want not found", err)
			}
			if _, err := db.SetTripStatus(dctx, o.ID, laborbridge.TripDeparted); laborbridge.KindOf(err) != laborbridge.NotFound {
				t.Errorf("driver departs another trip: error = %v, want not found", err)
			}
			break
		}
		var seatID, token string
		for id, tok := range tokens {
			seatID, token = id, tok
			break
		}
		if _, err := db.Board(dctx, trip.ID, store.BoardRequest{Code: token, Checks: passes}, laborbridge.DefaultBoardingRules()); laborbridge.KindOf(err) != laborbridge.Forbidden {
			t.Errorf("driver boards a worker: error = %v, want forbidden", err)
		}
		if err := db.Unseat(dctx, seatID, false, "ill"); laborbridge.KindOf(err) != laborbridge.Forbidden {
			t.Errorf("driver unseats a worker: error = %v, want forbidden", err)
		}
		if _, _, err := db.ListWorkers(dctx, store.WorkerFilter{}); laborbridge.KindOf(err) != laborbridge.Forbidden {
			t.Errorf("driver lists workers: error = %v, want forbidden", err)
		}
		if _, err := db.SetTripStatus(dctx, trip.ID, laborbridge.TripBoarding); laborbridge.KindOf(err) != laborbridge.Forbidden {
			t.Errorf("driver starts boarding: error = %v, want forbidden", err)
		}
		if _, err := db.DriverLink(dctx, trip.ID); laborbridge.KindOf(err) != laborbridge.Forbidden {
			t.Errorf("driver issues a link: error = %v, want forbidden", err)
		}

		// The office boards one worker; the driver departs and arrives.
		if res, err := db.Board(ctx, trip.ID, store.BoardRequest{Code: token, Checks: passes}, laborbridge.DefaultBoardingRules()); err != nil || !res.Boarded {
			t.Fatalf("office boards: %+v, %v", res, err)
		}
		if got, err := db.SetTripStatus(dctx, trip.ID, laborbridge.TripDeparted); err != nil || got.Status != laborbridge.TripDeparted {
			t.Fatalf("driver departs: %v, %v", got, err)
		}
		if _, err := db.SetTripStatus(dctx, trip.ID, laborbridge.TripDeparted); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("driver departs twice: error = %v, want conflict", err)
		}
		if got, err := db.SetTripStatus(dctx, trip.ID, laborbridge.TripArrived); err != nil || got.Status != laborbridge.TripArrived {
			t.Fatalf("driver arrives: %v, %v", got, err)
		}
		entries, _, err := db.ListAudit(ctx, store.AuditFilter{ObjectType: "trip", ObjectID: trip.ID})
		if err != nil {
			t.Fatal(err)
		}
		byAction := map[string]string{}
		for _, e := range entries {
			byAction[e.Action] = e.ActorName
		}
		if want := "driver of " + trip.Number; byAction["trip.departed"] != want || byAction["trip.arrived"] != want {
			t.Errorf("audit actors %v, want departure and arrival by %q", byAction, want)
		}
		if byAction["trip.driver_link"] != "system" {
			t.Errorf("issuing the link is not audited: %v", byAction)
		}
		if _, err := db.DriverLink(ctx, trip.ID); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("link for an arrived trip: error = %v, want conflict", err)
		}

		// Forged, altered, other kinds and expired links are refused.
		for name, tok := range map[string]string{
			"a boarding pass": token,
			"altered":         link.Token[:20] + flip(link.Token[20]) + link.Token[21:],
			"empty":           "",
		} {
			if _, err := db.DriverActor(context.Background(), tok); laborbridge.KindOf(err) != laborbridge.Unauthorized {
				t.Errorf("DriverActor(%s) error = %v, want unauthorized", name, err)
			}
		}
		clock.T = link.Expires.AddDate(0, 0, 1).Add(time.Hour)
		if _, err := db.DriverActor(context.Background(), link.Token); laborbridge.KindOf(err) != laborbridge.Unauthorized {
			t.Errorf("DriverActor(expired link) error = %v, want unauthorized", err)
		}
	})
}

// flip returns another base32 letter than c.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}
