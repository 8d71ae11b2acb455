package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"laborbridge"
)

// BoardRequest is one scan at the gathering point: a boarding pass's token
// or an ID number typed by staff, and the results of the checks.
type BoardRequest struct {
	Code   string                   `json:"code"`
	Checks laborbridge.CheckResults `json:"checks"`
}

// Offer is a later trip a refused worker could take.
type Offer struct {
	TripID string    `json:"trip_id"`
	Number string    `json:"number"`
	Depart time.Time `json:"depart_at"`
	Free   int       `json:"free_seats"`
}

// BoardResult says what a scan did.
type BoardResult struct {
	Seat    *laborbridge.Seat   `json:"seat"`
	Trip    string              `json:"trip"`
	Verdict laborbridge.Verdict `json:"verdict"`
	// Boarded is set when this scan boarded the worker; Already when the
	// worker had boarded before (a second scan of the same pass, even one
	// at the same moment on another scanner), at BoardedAt.
	Boarded   bool       `json:"boarded"`
	Already   bool       `json:"already"`
	BoardedAt *time.Time `json:"boarded_at,omitempty"`
	// Offers lists later trips of the event to the worker's gate with a
	// free seat, when the checks refused the worker.
	Offers []Offer `json:"offers,omitempty"`
	// Temperature is the reading this scan recorded, if any.
	Temperature *float64 `json:"temperature,omitempty"`
}

// looksLikeIDNumber tells a typed ID number from a pass token.
func looksLikeIDNumber(code string) bool {
	code = strings.TrimSpace(code)
	if len(code) != 18 && len(code) != 15 {
		return false
	}
	for i, r := range code {
		if !unicode.IsDigit(r) && !(i == len(code)-1 && (r == 'X' || r == 'x')) {
			return false
		}
	}
	return true
}

// seatRef is what a scan names, resolved before any transaction opens (a
// transaction holds a connection, and on SQLite the write lock, while it
// reads): a pass's ids, or an ID number's look-up hash.
type seatRef struct {
	pass   *passIDs
	idHash []byte
	masked string
}

// resolveCode reads a scan: a typed ID number, or a pass token whose
// signature and expiry it checks. Invalid for anything else.
func (db *DB) resolveCode(ctx context.Context, code string) (*seatRef, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, laborbridge.FieldErrorf("code", "scan a boarding pass or type an ID number")
	}
	if looksLikeIDNumber(code) {
		id, err := laborbridge.ParseIDNumber(code, db.now())
		if err != nil {
			return nil, laborbridge.FieldErrorf("code", "%s", laborbridge.MessageOf(err))
		}
		return &seatRef{idHash: db.crypt.lookup(purposeIDNumber, id.Number), masked: id.Mask()}, nil
	}
	c, err := db.passClaims(ctx, code)
	if err != nil {
		return nil, err
	}
	return &seatRef{pass: c}, nil
}

// seatOnTrip finds the leg-1 seat a scan names on a trip, in the actor's
// area: an office's events, or a partner's own workers.
func (tx *Tx) seatOnTrip(u *laborbridge.User, tripID string, ref *seatRef) (*laborbridge.Seat, error) {
	if ref.pass != nil && ref.pass.trip != tripID {
		var number string
		err := tx.queryRow(`SELECT number FROM trips WHERE id = $1`, ref.pass.trip).Scan(&number)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, laborbridge.FieldErrorf("code", "this pass is for a trip that no longer exists; print a new pass")
		}
		if err != nil {
			return nil, internal("read trip", err)
		}
		return nil, laborbridge.FieldErrorf("code", "this pass is for trip %s, seat %d, not this trip", number, ref.pass.seat)
	}
	var w where
	w.add("s.trip_id = ? AND s.leg = 1", tripID)
	if ref.pass != nil {
		w.add("s.seat_no = ? AND s.worker_id = ?", ref.pass.seat, ref.pass.worker)
	} else {
		w.add("w.id_hash = ?", ref.idHash)
	}
	if u.Role == laborbridge.RolePartner {
		w.add("p.employer_id = ?", u.EmployerID)
	} else {
		eventScope(u, &w, "e.division")
	}
	s, err := scanSeat(tx.queryRow(`SELECT `+seatColumns+seatFrom+` JOIN departure_events e ON e.id = s.event_id`+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		if ref.pass != nil {
			return nil, laborbridge.Errorf(laborbridge.NotFound, "this pass's seat is no longer the worker's: the worker was moved or unseated; print a new pass")
		}
		return nil, laborbridge.Errorf(laborbridge.NotFound, "%s has no seat on this trip", ref.masked)
	}
	if err != nil {
		return nil, internal("find seat", err)
	}
	return s, nil
}

// FindSeat finds the seat on a trip that a scan names: the seat of the
// pass's token, or the worker's seat found by an ID number. Invalid for a
// forged or unreadable pass, or a pass of another trip (the message names
// it); NotFound when the worker has no seat on this trip. Offices only.
func (db *DB) FindSeat(ctx context.Context, tripID, code string) (*laborbridge.Seat, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	ref, err := db.resolveCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return db.reader(ctx).seatOnTrip(u, tripID, ref)
}

// Board runs the boarding checks for the worker a scan names, in the
// configured order, and records the outcome on the seat: boarded exactly
// once, however many scanners submit the same pass at the same moment (the
// others are told it already boarded), or refused with the reason and the
// later trips that could take the worker. Temperature readings are kept
// apart and deleted after the configured days. Conflict once the trip has
// left; errors of FindSeat otherwise.
func (db *DB) Board(ctx context.Context, tripID string, req BoardRequest, rules laborbridge.BoardingRules) (*BoardResult, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	ref, err := db.resolveCode(ctx, req.Code)
	if err != nil {
		return nil, err
	}
	var out *BoardResult
	err = db.inTx(ctx, func(tx *Tx) error {
		seat, err := tx.seatOnTrip(u, tripID, ref)
		if err != nil {
			return err
		}
		var status, number string
		var depart time.Time
		if err := tx.queryRow(`SELECT status, number, depart_at FROM trips WHERE id = $1`, tripID).Scan(&status, &number, &depart); err != nil {
			return internal("read trip", err)
		}
		if s := laborbridge.TripStatus(status); s != laborbridge.TripPlanned && s != laborbridge.TripBoarding {
			return laborbridge.Errorf(laborbridge.Conflict, "trip %s has %s", number, s)
		}
		out = &BoardResult{Seat: seat, Trip: number}
		if seat.BoardedAt != nil {
			out.Already, out.BoardedAt = true, seat.BoardedAt
			out.Verdict = laborbridge.Verdict{Board: true}
			return nil
		}
		out.Verdict = rules.Judge(req.Checks)
		out.Temperature = req.Checks.Temperature
		if t := req.Checks.Temperature; t != nil {
			if _, err := tx.exec(`INSERT INTO temperature_readings (id, seat_id, worker_id, celsius, taken_at) VALUES ($1, $2, $3, $4, $5)`,
				newID(), seat.ID, seat.WorkerID, *t, tx.now); err != nil {
				return internal("record temperature", err)
			}
		}
		checks := mustJSON(map[string]any{"identity_ok": req.Checks.IdentityOK, "temperature_taken": req.Checks.Temperature != nil,
			"security_ok": req.Checks.SecurityOK, "verdict": out.Verdict})
		if !out.Verdict.Board {
			if _, err := tx.exec(`UPDATE seats SET denied_at = $1, denial_reason = $2, checks_json = $3, scanned_by = $4, updated_at = $1
				WHERE id = $5 AND boarded_at IS NULL`, tx.now, out.Verdict.Reason, checks, u.Username, seat.ID); err != nil {
				return internal("refuse boarding", err)
			}
			seat.DenialReason = out.Verdict.Reason
			if out.Offers, err = tx.laterTrips(seat, depart); err != nil {
				return err
			}
			return tx.audit("seat.refuse", "seat", seat.ID, seat.Home, nil, map[string]any{"worker": seat.WorkerName,
				"trip": number, "seat": seat.No, "failed": out.Verdict.Failed, "reason": out.Verdict.Reason})
		}
		res, err := tx.exec(`UPDATE seats SET boarded_at = $1, denied_at = NULL, denial_reason = '', checks_json = $2, scanned_by = $3,
			updated_at = $1 WHERE id = $4 AND boarded_at IS NULL`, tx.now, checks, u.Username, seat.ID)
		if err != nil {
			return internal("board", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			var at time.Time
			if err := tx.queryRow(`SELECT boarded_at FROM seats WHERE id = $1`, seat.ID).Scan(&at); err != nil {
				return internal("board", err)
			}
			out.Already, out.BoardedAt = true, &at
			return nil
		}
		p, err := tx.placement(laborbridge.System(), seat.PlacementID)
		if err != nil {
			return err
		}
		if err := tx.transition(p, laborbridge.EventBoard, ""); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE trips SET status = $1, status_at = $2 WHERE id = $3 AND status = $4`,
			string(laborbridge.TripBoarding), tx.now, tripID, string(laborbridge.TripPlanned)); err != nil {
			return internal("start boarding", err)
		}
		now := tx.now
		out.Boarded, out.BoardedAt = true, &now
		seat.BoardedAt = &now
		return tx.audit("seat.board", "seat", seat.ID, seat.Home, nil, map[string]any{"worker": seat.WorkerName, "trip": number, "seat": seat.No})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// laterTrips lists the buses of the seat's event that leave after depart,
// are not boarding yet, stop at the worker's gate and have a free seat.
func (tx *Tx) laterTrips(seat *laborbridge.Seat, depart time.Time) ([]Offer, error) {
	rows, err := tx.query(`SELECT t.id, t.number, t.depart_at, t.capacity - (SELECT COUNT(*) FROM seats x WHERE x.trip_id = t.id)
		FROM trips t JOIN seats s ON s.id = $1 JOIN trip_stops mine ON mine.trip_id = s.trip_id AND mine.ord = s.stop_ord
		WHERE t.event_id = s.event_id AND t.id <> s.trip_id AND t.depart_at > $2 AND t.status = $3 AND t.train = '' AND t.from_station = ''
		AND EXISTS (SELECT 1 FROM trip_stops st WHERE st.trip_id = t.id AND st.place = mine.place)
		ORDER BY t.depart_at, t.number`, seat.ID, depart, string(laborbridge.TripPlanned))
	if err != nil {
		return nil, internal("find later trips", err)
	}
	defer rows.Close()
	var out []Offer
	for rows.Next() {
		var o Offer
		if err := rows.Scan(&o.TripID, &o.Number, &o.Depart, &o.Free); err != nil {
			return nil, internal("find later trips", err)
		}
		if o.Free > 0 {
			out = append(out, o)
		}
	}
	return out, internal0("find later trips", rows.Err())
}

// Rebook moves a worker refused at boarding to a later trip of the same
// event (one of the offers), re-checked by the plan's rules like any move.
// Conflict unless the seat was refused and not boarded; Invalid when the
// move breaks a rule.
func (db *DB) Rebook(ctx context.Context, seatID, toTripID string) (*laborbridge.Seat, error) {
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
		if seat.BoardedAt != nil || seat.DenialReason == "" {
			return laborbridge.Errorf(laborbridge.Conflict, "only a worker refused at boarding is rebooked; move others with the plan's tools")
		}
		ep, err := tx.loadPlan(u, eventID)
		if err != nil {
			return err
		}
		to, ok := ep.trips[toTripID]
		if !ok || to.train != "" || to.fromStation != "" {
			return laborbridge.FieldErrorf("to_trip", "choose a bus of this event")
		}
		if err := ep.editable(to.id); err != nil {
			return err
		}
		from := ep.seatOf(seat.PlacementID, 1)
		gate := ep.gateOf(seat.PlacementID)
		touched := ep.tripsOf(seat.PlacementID)
		touched[to.id] = true
		ep.remove(seat.PlacementID)
		if err := ep.addTo(to.id, seat.PlacementID, gate); err != nil {
			return err
		}
		if err := tx.savePlan(ep, touched); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE seats SET denied_at = NULL, denial_reason = '', checks_json = '' WHERE id = $1`, from.id); err != nil {
			return internal("rebook", err)
		}
		if moved, _, err = tx.seatInScope(u, from.id); err != nil {
			return err
		}
		return tx.audit("seat.rebook", "seat", from.id, seat.Home, map[string]any{"trip": seat.TripID, "seat": seat.No,
			"refused": seat.DenialReason}, map[string]any{"trip": to.number, "seat": moved.No})
	})
	return moved, err
}

// SetTripStatus moves a trip forward: it departs (from planned or
// boarding) or arrives (once departed). On departure the workers who did
// not board — refused, or absent — are taken off it and their placements
// go back to confirmed, to be planned for a later event, each with the
// reason; departure and arrival are announced to webhooks. Conflict for a
// step backwards or skipped. The offices of the trip's event and its
// driver may; a driver only reports departure and arrival.
func (db *DB) SetTripStatus(ctx context.Context, tripID string, want laborbridge.TripStatus) (*laborbridge.Trip, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActMoveTrips)
	if err != nil {
		return nil, err
	}
	if u.Role == laborbridge.RoleDriver && want != laborbridge.TripDeparted && want != laborbridge.TripArrived {
		return nil, laborbridge.Errorf(laborbridge.Forbidden, "a driver reports departure and arrival; boarding is the office's")
	}
	var t *laborbridge.Trip
	err = db.inTx(ctx, func(tx *Tx) error {
		if t, err = tx.trip(u, tripID); err != nil {
			return err
		}
		next, err := t.Status.NextTrip(want)
		if err != nil {
			return err
		}
		division, err := tx.eventDivision(t.EventID)
		if err != nil {
			return err
		}
		if next == laborbridge.TripDeparted {
			if t.Train == "" && t.FromStation == "" {
				if err := tx.leaveBehind(t); err != nil {
					return err
				}
			}
		}
		if _, err := tx.exec(`UPDATE trips SET status = $1, status_at = $2, updated_at = $2 WHERE id = $3`, string(next), tx.now, t.ID); err != nil {
			return internal("update trip", err)
		}
		before := t.Status
		t.Status = next
		var boarded int
		if err := tx.queryRow(`SELECT COUNT(*) FROM seats WHERE trip_id = $1 AND boarded_at IS NOT NULL`, t.ID).Scan(&boarded); err != nil {
			return internal("count boarded", err)
		}
		if err := tx.emit("trip."+string(next), division, "", map[string]any{"trip_id": t.ID, "number": t.Number,
			"vehicle": t.Vehicle, "plate": t.Plate, "boarded": boarded, "depart_at": t.Depart, "stops": stopNames(t)}); err != nil {
			return err
		}
		for _, emp := range tripEmployers(tx, t.ID) {
			if err := tx.emit("trip."+string(next), "", emp, map[string]any{"trip_id": t.ID, "number": t.Number,
				"vehicle": t.Vehicle, "plate": t.Plate, "stops": stopNames(t)}); err != nil {
				return err
			}
		}
		return tx.audit("trip."+string(next), "trip", t.ID, division, map[string]string{"status": string(before)}, map[string]any{"status": next, "boarded": boarded})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// eventDivision returns the organising division of an event, which files
// the audit entries and webhook events of its trips.
func (tx *Tx) eventDivision(eventID string) (string, error) {
	var division string
	if err := tx.queryRow(`SELECT division FROM departure_events WHERE id = $1`, eventID).Scan(&division); err != nil {
		return "", internal("read event", err)
	}
	return division, nil
}

func stopNames(t *laborbridge.Trip) []string {
	out := make([]string, len(t.Stops))
	for i, s := range t.Stops {
		out[i] = s.Name
	}
	return out
}

// tripEmployers lists the employers whose workers ride a trip; a failed
// read gives none, since announcing is best effort next to the change.
func tripEmployers(tx *Tx, tripID string) []string {
	rows, err := tx.query(`SELECT DISTINCT p.employer_id FROM seats s JOIN placements p ON p.id = s.placement_id WHERE s.trip_id = $1 ORDER BY 1`, tripID)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if rows.Scan(&e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// leaveBehind takes the workers who did not board off a departing bus:
// their seats (and their seats on a bus meeting a train) are freed and
// their placements go back to confirmed with the reason.
func (tx *Tx) leaveBehind(t *laborbridge.Trip) error {
	rows, err := tx.query(`SELECT s.id, s.placement_id, s.denial_reason, s.home FROM seats s WHERE s.trip_id = $1 AND s.leg = 1 AND s.boarded_at IS NULL`, t.ID)
	if err != nil {
		return internal("find absent workers", err)
	}
	type left struct{ seat, placement, reason, home string }
	var gone []left
	for rows.Next() {
		var l left
		if err := rows.Scan(&l.seat, &l.placement, &l.reason, &l.home); err != nil {
			rows.Close()
			return internal("find absent workers", err)
		}
		if l.reason == "" {
			l.reason = "did not come to board"
		}
		gone = append(gone, l)
	}
	rows.Close()
	for _, l := range gone {
		if _, err := tx.exec(`DELETE FROM seats WHERE placement_id = $1`, l.placement); err != nil {
			return internal("free seat", err)
		}
		p, err := tx.placement(laborbridge.System(), l.placement)
		if err != nil {
			return err
		}
		if err := tx.transition(p, laborbridge.EventUnseat, l.reason); err != nil {
			return err
		}
		if err := tx.audit("seat.left_behind", "seat", l.seat, l.home, nil, map[string]string{"trip": t.Number, "reason": l.reason}); err != nil {
			return err
		}
	}
	return nil
}

// HandOver is the partner's confirmation at the gate that a worker has
// arrived: the placement becomes arrived, then employed, which starts the
// follow-ups. code is a pass token, an ID number, or a seat id from the
// partner's list. Conflict before the trip has left or when the worker did
// not board; NotFound for a worker of another employer.
func (db *DB) HandOver(ctx context.Context, tripID, code string) (*laborbridge.Seat, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadTrips)
	if err != nil {
		return nil, err
	}
	if !laborbridge.MayCause(u.Role, laborbridge.EventArrive) {
		return nil, laborbridge.Errorf(laborbridge.Forbidden, "the employer confirms arrivals")
	}
	ref, err := db.seatIDOrCode(ctx, code)
	if err != nil {
		return nil, err
	}
	var seat *laborbridge.Seat
	err = db.inTx(ctx, func(tx *Tx) error {
		if seat, err = tx.landingSeat(u, tripID, ref); err != nil {
			return err
		}
		t, err := tx.trip(u, tripID)
		if err != nil {
			return err
		}
		if t.Status != laborbridge.TripDeparted && t.Status != laborbridge.TripArrived {
			return laborbridge.Errorf(laborbridge.Conflict, "trip %s has not left yet", t.Number)
		}
		p, err := tx.placement(laborbridge.System(), seat.PlacementID)
		if err != nil {
			return err
		}
		if p.State != laborbridge.PlacementBoarded {
			return laborbridge.Errorf(laborbridge.Conflict, "%s is %s, not on the way", seat.WorkerName, p.State)
		}
		for _, e := range []laborbridge.PlacementEvent{laborbridge.EventArrive, laborbridge.EventEmploy} {
			if err := tx.transition(p, e, ""); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`UPDATE seats SET arrived_at = $1 WHERE placement_id = $2`, tx.now, p.ID); err != nil {
			return internal("record arrival", err)
		}
		return tx.audit("seat.hand_over", "seat", seat.ID, seat.Home, nil, map[string]any{"worker": seat.WorkerName, "trip": t.Number})
	})
	return seat, err
}

// ReportNoShow records that a worker who boarded did not arrive at the
// gate: the placement becomes no_show and the sending office is told at
// once (webhooks, and its list of no-shows). Partners and offices.
func (db *DB) ReportNoShow(ctx context.Context, tripID, code, reason string) (*laborbridge.Seat, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadTrips)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = "did not arrive at the gate"
	}
	if len([]rune(reason)) > 200 {
		return nil, laborbridge.FieldErrorf("reason", "at most 200 characters")
	}
	ref, err := db.seatIDOrCode(ctx, code)
	if err != nil {
		return nil, err
	}
	var seat *laborbridge.Seat
	err = db.inTx(ctx, func(tx *Tx) error {
		if seat, err = tx.landingSeat(u, tripID, ref); err != nil {
			return err
		}
		p, err := tx.placement(laborbridge.System(), seat.PlacementID)
		if err != nil {
			return err
		}
		if err := tx.transition(p, laborbridge.EventNoShow, reason); err != nil {
			return err
		}
		return tx.audit("seat.no_show", "seat", seat.ID, seat.Home, nil, map[string]string{"worker": seat.WorkerName, "reason": reason})
	})
	return seat, err
}

// seatIDOrCode reads what a partner at the gate gives: a seat id from
// the list, or a scan (see resolveCode).
func (db *DB) seatIDOrCode(ctx context.Context, code string) (*seatRef, error) {
	code = strings.TrimSpace(code)
	if len(code) == 36 && strings.Count(code, "-") == 4 {
		return &seatRef{masked: code}, nil
	}
	return db.resolveCode(ctx, code)
}

// landingSeat finds, on a trip, the seat of a worker getting off at a
// gate: a partner's own workers, or an office's. A worker who changed to a
// bus meeting a train is found by the pass of the first leg too.
func (tx *Tx) landingSeat(u *laborbridge.User, tripID string, ref *seatRef) (*laborbridge.Seat, error) {
	var w where
	w.add("s.trip_id = ?", tripID)
	switch {
	case ref.pass != nil:
		w.add("s.placement_id = (SELECT y.placement_id FROM seats y WHERE y.trip_id = ? AND y.seat_no = ? AND y.worker_id = ? AND y.leg = 1)",
			ref.pass.trip, ref.pass.seat, ref.pass.worker)
	case ref.idHash != nil:
		w.add("w.id_hash = ?", ref.idHash)
	default:
		w.add("s.id = ?", ref.masked)
	}
	if u.Role == laborbridge.RolePartner {
		w.add("p.employer_id = ?", u.EmployerID)
	} else {
		eventScope(u, &w, "e.division")
	}
	s, err := scanSeat(tx.queryRow(`SELECT `+seatColumns+seatFrom+` JOIN departure_events e ON e.id = s.event_id`+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "no worker of yours with that pass or number on this trip")
	}
	if err != nil {
		return nil, internal("find seat", err)
	}
	return s, nil
}

// TripBoard is the live state of one trip at the gathering point.
type TripBoard struct {
	TripID    string                 `json:"trip_id"`
	Number    string                 `json:"number"`
	Vehicle   string                 `json:"vehicle"`
	Capacity  int                    `json:"capacity"`
	Status    laborbridge.TripStatus `json:"status"`
	Depart    time.Time              `json:"depart_at"`
	Seats     int                    `json:"seats"`
	Boarded   int                    `json:"boarded"`
	Refused   int                    `json:"refused"`
	Waiting   int                    `json:"waiting"`
	Arrived   int                    `json:"arrived"`
	Stops     []string               `json:"stops"`
	Refusals  []BoardNote            `json:"refusals,omitempty"`
	WaitingOn []BoardNote            `json:"waiting_on,omitempty"`
}

// BoardNote names a worker on the live board; a refused one with the
// check that failed.
type BoardNote struct {
	SeatID string            `json:"seat_id"`
	Seat   int               `json:"seat"`
	Name   string            `json:"name"`
	Failed laborbridge.Check `json:"failed,omitempty"`
	Reason string            `json:"reason,omitempty"`
}

// EventBoard is the live state of an event: its trips and totals.
type EventBoard struct {
	EventID string       `json:"event_id"`
	Trips   []*TripBoard `json:"trips"`
	Seats   int          `json:"seats"`
	Boarded int          `json:"boarded"`
	Refused int          `json:"refused"`
	Waiting int          `json:"waiting"`
	At      time.Time    `json:"at"`
}

// LiveBoard returns who has boarded, who is waiting and who was refused,
// per trip of an event; with tripID set, only that trip, with names.
// Offices of the event's area.
func (db *DB) LiveBoard(ctx context.Context, eventID, tripID string) (*EventBoard, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("t.event_id = ?", eventID)
	eventScope(u, &w, "e.division")
	if tripID != "" {
		w.add("t.id = ?", tripID)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT t.id, t.number, t.vehicle, t.capacity, t.status, t.depart_at,
		COUNT(s.id), COUNT(s.boarded_at), COUNT(s.denied_at), COUNT(s.arrived_at)
		FROM trips t JOIN departure_events e ON e.id = t.event_id LEFT JOIN seats s ON s.trip_id = t.id AND s.leg = 1`+w.sql()+`
		GROUP BY t.id, t.number, t.vehicle, t.capacity, t.status, t.depart_at ORDER BY t.depart_at, t.number`, w.args...)
	if err != nil {
		return nil, internal("live board", err)
	}
	defer rows.Close()
	b := &EventBoard{EventID: eventID, At: db.now()}
	for rows.Next() {
		var t TripBoard
		var status string
		if err := rows.Scan(&t.TripID, &t.Number, &t.Vehicle, &t.Capacity, &status, &t.Depart, &t.Seats, &t.Boarded, &t.Refused, &t.Arrived); err != nil {
			return nil, internal("live board", err)
		}
		t.Status = laborbridge.TripStatus(status)
		t.Waiting = t.Seats - t.Boarded - t.Refused
		b.Trips = append(b.Trips, &t)
		b.Seats, b.Boarded, b.Refused, b.Waiting = b.Seats+t.Seats, b.Boarded+t.Boarded, b.Refused+t.Refused, b.Waiting+t.Waiting
	}
	if err := rows.Err(); err != nil {
		return nil, internal("live board", err)
	}
	if tripID == "" {
		if len(b.Trips) == 0 {
			if _, err := db.GetEvent(ctx, eventID); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	if len(b.Trips) == 0 {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "trip not found")
	}
	t := b.Trips[0]
	names, err := db.sql.QueryContext(ctx, `SELECT s.id, s.seat_no, w.name, s.denial_reason, s.denied_at IS NOT NULL, s.checks_json FROM seats s
		JOIN workers w ON w.id = s.worker_id WHERE s.trip_id = $1 AND s.leg = 1 AND s.boarded_at IS NULL ORDER BY s.seat_no`, tripID)
	if err != nil {
		return nil, internal("live board", err)
	}
	defer names.Close()
	for names.Next() {
		var n BoardNote
		var refused bool
		var checks string
		if err := names.Scan(&n.SeatID, &n.Seat, &n.Name, &n.Reason, &refused, &checks); err != nil {
			return nil, internal("live board", err)
		}
		if checks != "" {
			var c struct{ Verdict laborbridge.Verdict }
			if json.Unmarshal([]byte(checks), &c) == nil {
				n.Failed = c.Verdict.Failed
			}
		}
		if refused {
			t.Refusals = append(t.Refusals, n)
		} else {
			t.WaitingOn = append(t.WaitingOn, n)
		}
	}
	return b, internal0("live board", names.Err())
}

// PurgeTemperatures deletes the temperature readings taken more than days
// ago and returns how many it deleted; the deletion is audited.
func (db *DB) PurgeTemperatures(ctx context.Context, days int) (int, error) {
	if days < 0 {
		return 0, laborbridge.FieldErrorf("days", "days must not be negative")
	}
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(`DELETE FROM temperature_readings WHERE taken_at < $1`, tx.now.Add(-time.Duration(days)*24*time.Hour))
		if err != nil {
			return internal("purge temperatures", err)
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return nil
		}
		return tx.audit("temperature.purge", "temperature_readings", "", "", nil, map[string]any{"deleted": n, "older_than_days": days})
	})
	return int(n), err
}

// TemperatureCount returns how many readings are kept, for checks.
func (db *DB) TemperatureCount(ctx context.Context) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM temperature_readings`).Scan(&n); err != nil {
		return 0, internal("count temperatures", err)
	}
	return n, nil
}

// passIDs are the ids a pass token names.
type passIDs struct {
	trip, worker string
	seat         int
}

// passClaims verifies a pass token's signature and expiry, without the
// office scope of VerifyPass: the partner at the gate checks passes too.
func (db *DB) passClaims(ctx context.Context, token string) (*passIDs, error) {
	v, err := db.passVerifier(ctx, "code")
	if err != nil {
		return nil, err
	}
	c, err := v.Pass(strings.TrimSpace(token))
	if err != nil {
		return nil, laborbridge.FieldErrorf("code", "%v", err)
	}
	if c.Expired(db.now().In(chinaTime)) {
		return nil, laborbridge.FieldErrorf("code", "this pass expired on %s", c.Expires.Format("2006-01-02"))
	}
	return &passIDs{trip: uuid.UUID(c.Trip).String(), worker: uuid.UUID(c.Worker).String(), seat: c.Seat}, nil
}
