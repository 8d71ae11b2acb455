package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"laborbridge"
)

const tripColumns = `t.id, t.event_id, t.number, t.vehicle, t.capacity, t.train, t.station_name, t.depart_at, t.arrive_at, t.drivers,
	t.km, t.direct_km, t.cost, t.reason, t.timetable_json, t.status, t.plate, t.created_at, t.updated_at,
	(SELECT COUNT(*) FROM seats s WHERE s.trip_id = t.id)`

const tripFrom = ` FROM trips t JOIN departure_events e ON e.id = t.event_id`

func scanTrip(row interface{ Scan(...any) error }) (*laborbridge.Trip, error) {
	var t laborbridge.Trip
	var timetable, status string
	if err := row.Scan(&t.ID, &t.EventID, &t.Number, &t.Vehicle, &t.Capacity, &t.Train, &t.FromStation, &t.Depart, &t.Arrive,
		&t.Drivers, &t.Km, &t.DirectKm, &t.Cost, &t.Reason, &timetable, &status, &t.Plate, &t.CreatedAt, &t.UpdatedAt, &t.Passengers); err != nil {
		return nil, err
	}
	t.Status = laborbridge.TripStatus(status)
	t.Depart, t.Arrive = t.Depart.In(chinaTime), t.Arrive.In(chinaTime)
	if timetable != "" {
		if err := json.Unmarshal([]byte(timetable), &t.Timetable); err != nil {
			return nil, fmt.Errorf("trip %s timetable: %w", t.ID, err)
		}
		for i := range t.Timetable {
			t.Timetable[i].Start, t.Timetable[i].End = t.Timetable[i].Start.In(chinaTime), t.Timetable[i].End.In(chinaTime)
		}
	}
	return &t, nil
}

// tripScope limits trips to those an actor may see: an office's events,
// for a partner the trips that carry its workers, for a driver its trip.
func tripScope(u *laborbridge.User, w *where) {
	switch {
	case u.IsOffice():
		eventScope(u, w, "e.division")
	case u.Role == laborbridge.RoleDriver:
		w.add("t.id = ?", u.TripID)
	case u.Role == laborbridge.RolePartner:
		w.add(`EXISTS (SELECT 1 FROM seats s JOIN placements p ON p.id = s.placement_id WHERE s.trip_id = t.id AND p.employer_id = ?)`, u.EmployerID)
	default:
		w.add("1 = 0")
	}
}

// ListTrips returns the trips of an event, by number, with their stops.
// Offices only (Forbidden otherwise); NotFound for an event outside the
// actor's area.
func (db *DB) ListTrips(ctx context.Context, eventID string) ([]*laborbridge.Trip, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	tx := db.reader(ctx)
	if _, _, err := tx.event(u, eventID); err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT `+tripColumns+tripFrom+` WHERE t.event_id = $1 ORDER BY t.number`, eventID)
	if err != nil {
		return nil, internal("list trips", err)
	}
	defer rows.Close()
	var out []*laborbridge.Trip
	byID := map[string]*laborbridge.Trip{}
	for rows.Next() {
		t, err := scanTrip(rows)
		if err != nil {
			return nil, internal("list trips", err)
		}
		out = append(out, t)
		byID[t.ID] = t
	}
	if err := rows.Err(); err != nil {
		return nil, internal("list trips", err)
	}
	return out, tx.loadStops(byID, `SELECT `+stopColumns+` FROM trip_stops WHERE trip_id IN (SELECT id FROM trips WHERE event_id = $1)
		ORDER BY trip_id, ord`, eventID)
}

// GetTrip returns a trip with its stops and timetable: offices see the
// trips of their events, a partner those that carry its workers. NotFound
// otherwise.
func (db *DB) GetTrip(ctx context.Context, id string) (*laborbridge.Trip, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadTrips)
	if err != nil {
		return nil, err
	}
	return db.reader(ctx).trip(u, id)
}

func (tx *Tx) trip(u *laborbridge.User, id string) (*laborbridge.Trip, error) {
	var w where
	w.add("t.id = ?", id)
	tripScope(u, &w)
	t, err := scanTrip(tx.queryRow(`SELECT `+tripColumns+tripFrom+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "trip not found")
	}
	if err != nil {
		return nil, internal("read trip", err)
	}
	return t, tx.loadStops(map[string]*laborbridge.Trip{t.ID: t}, `SELECT `+stopColumns+` FROM trip_stops WHERE trip_id = $1 ORDER BY ord`, t.ID)
}

const stopColumns = `trip_id, place, name, employers, lat, lon, arrive_at, km, passengers`

func (tx *Tx) loadStops(trips map[string]*laborbridge.Trip, q string, args ...any) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return internal("read stops", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tripID string
		var s laborbridge.Stop
		if err := rows.Scan(&tripID, &s.Place, &s.Name, &s.Employers, &s.Lat, &s.Lon, &s.Arrive, &s.Km, &s.Passengers); err != nil {
			return internal("read stops", err)
		}
		s.Arrive = s.Arrive.In(chinaTime)
		if t := trips[tripID]; t != nil {
			t.Stops = append(t.Stops, s)
		}
	}
	return internal0("read stops", rows.Err())
}

const seatColumns = `s.id, s.trip_id, s.seat_no, s.leg, s.placement_id, s.worker_id, w.name, s.home, w.village, s.group_key,
	p.employer_id, em.name, COALESCE(st.name, ''), s.boarded_at, s.denial_reason`

const seatFrom = ` FROM seats s JOIN workers w ON w.id = s.worker_id JOIN placements p ON p.id = s.placement_id
	JOIN employers em ON em.id = p.employer_id LEFT JOIN trip_stops st ON st.trip_id = s.trip_id AND st.ord = s.stop_ord`

func scanSeat(row interface{ Scan(...any) error }) (*laborbridge.Seat, error) {
	var s laborbridge.Seat
	var boarded *time.Time
	if err := row.Scan(&s.ID, &s.TripID, &s.No, &s.Leg, &s.PlacementID, &s.WorkerID, &s.WorkerName, &s.Home, &s.Village, &s.Group,
		&s.EmployerID, &s.Employer, &s.Stop, &boarded, &s.DenialReason); err != nil {
		return nil, err
	}
	s.BoardedAt = boarded
	return &s, nil
}

// TripSeats returns the seats of a trip, by number: all of them to the
// offices of its event and to its driver, a partner's own workers' to the
// partner. NotFound
// for a trip the actor may not see.
func (db *DB) TripSeats(ctx context.Context, tripID string) ([]*laborbridge.Seat, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadTrips)
	if err != nil {
		return nil, err
	}
	tx := db.reader(ctx)
	if _, err := tx.trip(u, tripID); err != nil {
		return nil, err
	}
	var w where
	w.add("s.trip_id = ?", tripID)
	if u.Role == laborbridge.RolePartner {
		w.add("p.employer_id = ?", u.EmployerID)
	}
	rows, err := tx.query(`SELECT `+seatColumns+seatFrom+w.sql()+` ORDER BY s.seat_no`, w.args...)
	if err != nil {
		return nil, internal("list seats", err)
	}
	defer rows.Close()
	var out []*laborbridge.Seat
	for rows.Next() {
		s, err := scanSeat(rows)
		if err != nil {
			return nil, internal("list seats", err)
		}
		out = append(out, s)
	}
	return out, internal0("list seats", rows.Err())
}

// seatInScope reads a seat of an event the office actor organises.
func (tx *Tx) seatInScope(u *laborbridge.User, seatID string) (*laborbridge.Seat, string, error) {
	var w where
	w.add("s.id = ?", seatID)
	eventScope(u, &w, "e.division")
	row := tx.queryRow(`SELECT `+seatColumns+`, s.event_id`+seatFrom+` JOIN departure_events e ON e.id = s.event_id`+w.sql(), w.args...)
	var s laborbridge.Seat
	var boarded *time.Time
	var eventID string
	err := row.Scan(&s.ID, &s.TripID, &s.No, &s.Leg, &s.PlacementID, &s.WorkerID, &s.WorkerName, &s.Home, &s.Village, &s.Group,
		&s.EmployerID, &s.Employer, &s.Stop, &boarded, &s.DenialReason, &eventID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", laborbridge.Errorf(laborbridge.NotFound, "seat not found")
	}
	if err != nil {
		return nil, "", internal("read seat", err)
	}
	s.BoardedAt = boarded
	return &s, eventID, nil
}

// GetSeat returns a seat of an event the actor's office organises;
// NotFound otherwise.
func (db *DB) GetSeat(ctx context.Context, id string) (*laborbridge.Seat, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	s, _, err := db.reader(ctx).seatInScope(u, id)
	return s, err
}

// MoveSeat moves the worker of a seat to another bus of the same event
// that leaves from the gathering point; the worker gets the lowest free
// seat there, and a stop at the worker's gate when the bus had none. The
// whole plan is then checked against the rules it was planned with
// (capacity, stops, detour, driving times, the gathering point's boarding
// rate); a change that breaks one is refused with Invalid naming the rule,
// and nothing changes. Invalid also for a trip of another event, a train
// car or a bus meeting a train, or the worker's own trip; Conflict once
// either trip has started boarding; NotFound for a seat outside the actor's
// area. It returns the worker's new seat.
func (db *DB) MoveSeat(ctx context.Context, seatID, toTripID string) (*laborbridge.Seat, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	var moved *laborbridge.Seat
	err = db.inTx(ctx, func(tx *Tx) error {
		seat, eventID, err := tx.seatInScope(u, seatID)
		if err != nil {
			return err
		}
		ep, err := tx.loadPlan(u, eventID)
		if err != nil {
			return err
		}
		from := ep.seatOf(seat.PlacementID, 1)
		to, ok := ep.trips[toTripID]
		switch {
		case from == nil:
			return laborbridge.InternalError(fmt.Errorf("placement %s has no seat from the gathering point", seat.PlacementID))
		case !ok:
			return laborbridge.FieldErrorf("to_trip", "that trip is not one of this event's")
		case to.id == from.trip:
			return laborbridge.FieldErrorf("to_trip", "%s is already on trip %s", seat.WorkerName, to.number)
		case to.train != "" || to.fromStation != "":
			return laborbridge.FieldErrorf("to_trip", "trip %s is a train car or meets one; workers move onto buses from the gathering point", to.number)
		}
		touched := ep.tripsOf(seat.PlacementID)
		touched[to.id] = true
		ids := make([]string, 0, len(touched))
		for id := range touched {
			ids = append(ids, id)
		}
		if err := ep.editable(ids...); err != nil {
			return err
		}
		if from.boarded {
			return laborbridge.Errorf(laborbridge.Conflict, "%s has boarded", seat.WorkerName)
		}
		gate := ep.gateOf(seat.PlacementID)
		ep.remove(seat.PlacementID)
		if err := ep.addTo(to.id, seat.PlacementID, gate); err != nil {
			return err
		}
		if err := tx.savePlan(ep, touched); err != nil {
			return err
		}
		moved, _, err = tx.seatInScope(u, from.id)
		if err != nil {
			return err
		}
		return tx.audit("trip.move_seat", "seat", from.id, seat.Home, map[string]any{"worker": seat.WorkerName,
			"trip": ep.trips[from.trip].number, "seat": from.no}, map[string]any{"trip": to.number, "seat": moved.No})
	})
	if err != nil {
		return nil, err
	}
	return moved, nil
}

// SwapVehicle changes the vehicle of a trip to another kind of the fleet
// the event was planned with, and its plate number when one is given
// (up to 16 characters). The plan is checked as by MoveSeat: a vehicle too
// small for its passengers, or one whose boarding time breaks the gathering
// point's rate, is refused with Invalid naming the rule, and nothing
// changes. Invalid for a kind not in the fleet; Conflict once the trip has
// started boarding; NotFound outside the actor's area.
func (db *DB) SwapVehicle(ctx context.Context, tripID, kind, plate string) (*laborbridge.Trip, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	kind, plate = strings.TrimSpace(kind), strings.ToUpper(strings.Join(strings.Fields(plate), ""))
	if kind == "" {
		return nil, laborbridge.FieldErrorf("vehicle", "choose a kind of vehicle")
	}
	if len([]rune(plate)) > 16 {
		return nil, laborbridge.FieldErrorf("plate", "a plate number has at most 16 characters")
	}
	var out *laborbridge.Trip
	err = db.inTx(ctx, func(tx *Tx) error {
		t, err := tx.trip(u, tripID)
		if err != nil {
			return err
		}
		if !u.IsOffice() {
			return laborbridge.Errorf(laborbridge.NotFound, "trip not found")
		}
		ep, err := tx.loadPlan(u, t.EventID)
		if err != nil {
			return err
		}
		if err := ep.editable(t.ID); err != nil {
			return err
		}
		if _, ok := ep.fleetKind(kind); !ok {
			return laborbridge.FieldErrorf("vehicle", "%q is not a vehicle of the fleet (%s)", kind, strings.Join(ep.kinds(), ", "))
		}
		ep.trip(t.ID).Vehicle = kind
		if err := tx.savePlan(ep, map[string]bool{t.ID: true}); err != nil {
			return err
		}
		if plate != "" {
			if _, err := tx.exec(`UPDATE trips SET plate = $1, updated_at = $2 WHERE id = $3`, plate, tx.now, t.ID); err != nil {
				return internal("record plate", err)
			}
		}
		if out, err = tx.trip(u, t.ID); err != nil {
			return err
		}
		return tx.audit("trip.swap_vehicle", "trip", t.ID, ep.ev.Division, map[string]any{"vehicle": t.Vehicle, "plate": t.Plate},
			map[string]any{"vehicle": out.Vehicle, "plate": out.Plate})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Unseat frees the seat of a worker who can no longer travel on it: the
// seat (and the worker's seat on a bus meeting a train) is released, the
// trips are recomputed without the worker, and the placement goes back to
// confirmed, to be planned again, or is declined when decline is set, with
// the reason (up to 200 characters). Conflict once the trip has started
// boarding (a worker turned away then is recorded by boarding) or the
// placement's state forbids it; NotFound for a seat outside the actor's
// area.
func (db *DB) Unseat(ctx context.Context, seatID string, decline bool, reason string) error {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 200 {
		return laborbridge.FieldErrorf("reason", "at most 200 characters")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		seat, eventID, err := tx.seatInScope(u, seatID)
		if err != nil {
			return err
		}
		ep, err := tx.loadPlan(u, eventID)
		if err != nil {
			return err
		}
		touched := ep.tripsOf(seat.PlacementID)
		ids := make([]string, 0, len(touched))
		for id := range touched {
			ids = append(ids, id)
		}
		if err := ep.editable(ids...); err != nil {
			return err
		}
		if s := ep.seatOf(seat.PlacementID, 1); s != nil && s.boarded {
			return laborbridge.Errorf(laborbridge.Conflict, "%s has boarded", seat.WorkerName)
		}
		p, err := tx.placement(u, seat.PlacementID)
		if err != nil {
			return err
		}
		event := laborbridge.EventUnseat
		if decline {
			event = laborbridge.EventDecline
		}
		ep.remove(seat.PlacementID)
		if err := tx.savePlan(ep, touched); err != nil {
			return err
		}
		if err := tx.transition(p, event, reason); err != nil {
			return err
		}
		return tx.audit("trip.unseat", "seat", seat.ID, seat.Home, map[string]any{"worker": seat.WorkerName, "trip": seat.TripID,
			"seat": seat.No}, map[string]any{"placement": string(p.State), "reason": reason})
	})
}
