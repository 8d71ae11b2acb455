package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"laborbridge"
)

const eventColumns = `id, event_date, point_name, point_address, lat, lon, division, per_hour, start_from, start_to, status,
	version, created_by, created_at, updated_at`

func scanEvent(row interface{ Scan(...any) error }) (*laborbridge.DepartureEvent, int, error) {
	var e laborbridge.DepartureEvent
	var status string
	var version int
	err := row.Scan(&e.ID, &e.Date, &e.Point.Name, &e.Point.Address, &e.Point.Lat, &e.Point.Lon, &e.Division, &e.PerHour,
		&e.StartFrom, &e.StartTo, &status, &version, &e.CreatedBy, &e.CreatedAt, &e.UpdatedAt)
	if err != nil {
		return nil, 0, err
	}
	e.Status = laborbridge.EventStatus(status)
	return &e, version, nil
}

// eventScope limits events to those an office organises: its division's
// code starts with the office's prefix. Other roles see none.
func eventScope(u *laborbridge.User, w *where, column string) {
	if !u.IsOffice() {
		w.add("1 = 0")
		return
	}
	if p := u.DivisionPrefix(); p != "" {
		lo, hi := prefixRange(p)
		w.add(column+" >= ? AND "+column+" < ?", lo, hi)
	}
}

// eventView is what the audit trail keeps of an event.
type eventView struct {
	Date      string  `json:"date"`
	Point     string  `json:"point"`
	Address   string  `json:"address,omitempty"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	Division  string  `json:"division"`
	PerHour   int     `json:"per_hour"`
	StartFrom string  `json:"start_from"`
	StartTo   string  `json:"start_to"`
}

func viewEvent(e *laborbridge.DepartureEvent) eventView {
	return eventView{e.Date, e.Point.Name, e.Point.Address, e.Point.Lat, e.Point.Lon, e.Division, e.PerHour, e.StartFrom, e.StartTo}
}

// CreateEvent stores a departure event organised by an office of the
// actor's area. Forbidden for roles that do not plan trips; Invalid for bad
// input or a division outside the actor's area; Conflict when an event of
// an overlapping area (one division within the other) has a window of start
// dates that overlaps this one's, since a placement must belong to one
// event only.
func (db *DB) CreateEvent(ctx context.Context, in laborbridge.EventInput) (*laborbridge.DepartureEvent, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	e, err := laborbridge.ParseEvent(in)
	if err != nil {
		return nil, err
	}
	if !u.SeesDivision(e.Division) {
		return nil, laborbridge.FieldErrorf("division", "%s is outside your area (%s)", e.Division, u.Division)
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		if err := tx.checkOverlap(e); err != nil {
			return err
		}
		e.ID, e.CreatedBy, e.CreatedAt, e.UpdatedAt = newID(), u.Username, tx.now, tx.now
		_, err := tx.exec(`INSERT INTO departure_events (`+eventColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $13, $13)`,
			e.ID, e.Date, e.Point.Name, e.Point.Address, e.Point.Lat, e.Point.Lon, e.Division, e.PerHour, e.StartFrom,
			e.StartTo, string(e.Status), e.CreatedBy, tx.now)
		if err != nil {
			return internal("insert event", err)
		}
		return tx.audit("event.create", "event", e.ID, e.Division, nil, viewEvent(e))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// checkOverlap refuses an event whose area and window overlap another's.
// Areas overlap when one division's prefix starts the other's.
func (tx *Tx) checkOverlap(e *laborbridge.DepartureEvent) error {
	prefix := laborbridge.DivisionPrefix(e.Division)
	var ancestors []string
	for n := 2; n < len(prefix); n += 2 {
		ancestors = append(ancestors, laborbridge.DivisionPrefix(prefix[:n]+strings.Repeat("0", 6-n)))
	}
	lo, hi := prefixRange(prefix)
	cond := "(division >= ? AND division < ?"
	args := []any{lo, hi}
	for _, a := range ancestors {
		cond += " OR division = ?"
		args = append(args, a+strings.Repeat("0", 6-len(a)))
	}
	var w where
	w.add(cond+")", args...)
	w.add("start_from <= ? AND start_to >= ?", e.StartTo, e.StartFrom)
	row := tx.queryRow(`SELECT `+eventColumns+` FROM departure_events`+w.sql()+` ORDER BY event_date, id LIMIT 1`, w.args...)
	other, _, err := scanEvent(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return internal("check overlapping events", err)
	}
	return &laborbridge.Error{Kind: laborbridge.Conflict, Field: "start_from", Message: fmt.Sprintf(
		"the event of %s at %s (division %s) already serves vacancies starting %s to %s; choose another window or a smaller area",
		other.Date, other.Point.Name, other.Division, other.StartFrom, other.StartTo)}
}

// EventFilter narrows ListEvents.
type EventFilter struct {
	Division string // a code or prefix within the actor's area
	From, To string // event dates, YYYY-MM-DD, both included
	Page     Page
}

// EventRow is an event in a list, with its plan's headline numbers.
type EventRow struct {
	*laborbridge.DepartureEvent
	Trips      int
	Passengers int
}

// ListEvents returns the events the actor's office organises (its area),
// by date, and how many match in all. Forbidden for roles other than the
// offices.
func (db *DB) ListEvents(ctx context.Context, f EventFilter) ([]*EventRow, int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, 0, err
	}
	var w where
	eventScope(u, &w, "division")
	if f.Division != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Division))
		w.add("division >= ? AND division < ?", lo, hi)
	}
	if f.From != "" {
		w.add("event_date >= ?", f.From)
	}
	if f.To != "" {
		w.add("event_date <= ?", f.To)
	}
	total, err := db.count(ctx, "departure_events", w)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := f.Page.bounds()
	rows, err := db.sql.QueryContext(ctx, `SELECT `+eventColumns+`,
		(SELECT COUNT(*) FROM trips t WHERE t.event_id = departure_events.id),
		(SELECT COUNT(*) FROM seats s WHERE s.event_id = departure_events.id AND s.leg = 1)
		FROM departure_events`+w.sql()+fmt.Sprintf(" ORDER BY event_date, division, id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list events", err)
	}
	defer rows.Close()
	var out []*EventRow
	for rows.Next() {
		var r EventRow
		var e laborbridge.DepartureEvent
		var status string
		var version int
		if err := rows.Scan(&e.ID, &e.Date, &e.Point.Name, &e.Point.Address, &e.Point.Lat, &e.Point.Lon, &e.Division, &e.PerHour,
			&e.StartFrom, &e.StartTo, &status, &version, &e.CreatedBy, &e.CreatedAt, &e.UpdatedAt, &r.Trips, &r.Passengers); err != nil {
			return nil, 0, internal("list events", err)
		}
		e.Status = laborbridge.EventStatus(status)
		r.DepartureEvent = &e
		out = append(out, &r)
	}
	return out, total, internal0("list events", rows.Err())
}

// GetEvent returns an event the actor's office organises; NotFound
// otherwise (Forbidden for roles other than the offices).
func (db *DB) GetEvent(ctx context.Context, id string) (*laborbridge.DepartureEvent, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	e, _, err := db.reader(ctx).event(u, id)
	return e, err
}

// event reads an event in u's scope with its version.
func (tx *Tx) event(u *laborbridge.User, id string) (*laborbridge.DepartureEvent, int, error) {
	var w where
	w.add("id = ?", id)
	eventScope(u, &w, "division")
	e, v, err := scanEvent(tx.queryRow(`SELECT `+eventColumns+` FROM departure_events`+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, laborbridge.Errorf(laborbridge.NotFound, "departure event not found")
	}
	if err != nil {
		return nil, 0, internal("read event", err)
	}
	return e, v, nil
}

// EventStats sums up an event's current plan: what its trips carry and
// cost, against the planner's lower bound, and who it left out and why.
type EventStats struct {
	Trips      int            `json:"trips"` // a train counts once
	Vehicles   int            `json:"vehicles"`
	ByKind     map[string]int `json:"by_kind"`
	Passengers int            `json:"passengers"`
	Seats      int            `json:"seats"`
	LowerBound int            `json:"lower_bound"`
	Km         float64        `json:"km"`
	Cost       float64        `json:"cost"`
	// Largest is the largest bus kind; PerLargest the average passengers
	// of its trips from the gathering point, to set against the 45 per
	// vehicle of the field campaign.
	Largest    string  `json:"largest"`
	PerLargest float64 `json:"per_largest"`
	// Kinds are the bus kinds of the fleet the event was planned with,
	// which edits may swap in.
	Kinds []string `json:"kinds"`
	// Unplanned counts the placements the plan could not carry, by reason.
	Unplanned      []Count `json:"-"`
	UnplannedTotal int     `json:"unplanned"`
	// Waiting counts the confirmed placements the event serves that have
	// no seat: not planned yet, or confirmed since the last plan.
	Waiting   int       `json:"waiting"`
	PlannedAt time.Time `json:"planned_at,omitzero"`
	// Solve is how long the planner took, in seconds.
	Solve float64 `json:"solve_seconds"`
}

// PerVehicle is the average number of passengers per vehicle leaving the
// gathering point.
func (s *EventStats) PerVehicle() float64 {
	first := s.Vehicles
	if first == 0 {
		return 0
	}
	return float64(s.Passengers) / float64(first)
}

// BoundRatio is the plan's vehicles over the lower bound, or 0 without one.
func (s *EventStats) BoundRatio() float64 {
	if s.LowerBound == 0 {
		return 0
	}
	return float64(s.Vehicles) / float64(s.LowerBound)
}

// Stats returns the numbers of an event's current plan. NotFound outside
// the actor's scope.
func (db *DB) Stats(ctx context.Context, eventID string) (*EventStats, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	tx := db.reader(ctx)
	ev, _, err := tx.event(u, eventID)
	if err != nil {
		return nil, err
	}
	return tx.stats(ev)
}

func (tx *Tx) stats(ev *laborbridge.DepartureEvent) (*EventStats, error) {
	s := &EventStats{ByKind: map[string]int{}}
	var planJSON string
	var planned *time.Time
	if err := tx.queryRow(`SELECT lower_bound, plan_json, planned_at FROM departure_events WHERE id = $1`, ev.ID).
		Scan(&s.LowerBound, &planJSON, &planned); err != nil {
		return nil, internal("read event plan", err)
	}
	if planned != nil {
		s.PlannedAt = *planned
	}
	settings, err := parsePlanSettings(planJSON)
	if err != nil {
		return nil, err
	}
	s.Solve = settings.Solve
	largest, most := "", 0
	for _, b := range settings.Fleet.Buses {
		if b.Seats > most || (b.Seats == most && b.Kind < largest) {
			largest, most = b.Kind, b.Seats
		}
	}
	s.Largest = largest
	for _, b := range settings.Fleet.Buses {
		s.Kinds = append(s.Kinds, b.Kind)
	}
	rows, err := tx.query(`SELECT t.vehicle, t.capacity, t.train, t.from_station, t.km, t.cost,
		(SELECT COUNT(*) FROM seats s WHERE s.trip_id = t.id) FROM trips t WHERE t.event_id = $1`, ev.ID)
	if err != nil {
		return nil, internal("sum trips", err)
	}
	defer rows.Close()
	trains := map[string]bool{}
	onLargest, largestTrips := 0, 0
	for rows.Next() {
		var kind, train, from string
		var capacity, aboard int
		var km, cost float64
		if err := rows.Scan(&kind, &capacity, &train, &from, &km, &cost, &aboard); err != nil {
			return nil, internal("sum trips", err)
		}
		s.Vehicles++
		s.ByKind[kind]++
		s.Seats += capacity
		s.Km += km
		s.Cost += cost
		switch {
		case train == "":
			s.Trips++
		case !trains[train]:
			trains[train] = true
			s.Trips++
		}
		if from == "" {
			s.Passengers += aboard
			if kind == largest {
				onLargest += aboard
				largestTrips++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal("sum trips", err)
	}
	if largestTrips > 0 {
		s.PerLargest = float64(onLargest) / float64(largestTrips)
	}
	urows, err := tx.query(`SELECT reason, COUNT(*) FROM event_unplanned WHERE event_id = $1 GROUP BY reason`, ev.ID)
	if err != nil {
		return nil, internal("count unplanned", err)
	}
	defer urows.Close()
	reasons := map[string]int{}
	for urows.Next() {
		var r string
		var n int
		if err := urows.Scan(&r, &n); err != nil {
			return nil, internal("count unplanned", err)
		}
		reasons[r] = n
		s.UnplannedTotal += n
	}
	if err := urows.Err(); err != nil {
		return nil, internal("count unplanned", err)
	}
	s.Unplanned = sortedCounts(reasons)
	lo, hi := prefixRange(laborbridge.DivisionPrefix(ev.Division))
	if err := tx.queryRow(`SELECT COUNT(*) FROM placements p JOIN vacancies v ON v.id = p.vacancy_id
		WHERE p.home >= $1 AND p.home < $2 AND p.state = $3 AND v.start_date >= $4 AND v.start_date <= $5`,
		lo, hi, string(laborbridge.PlacementConfirmed), ev.StartFrom, ev.StartTo).Scan(&s.Waiting); err != nil {
		return nil, internal("count waiting placements", err)
	}
	return s, nil
}
