package store

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"laborbridge"
	"laborbridge/internal/transport"
)

// editPlan is an event's stored plan read back into the planner's terms,
// so that an operator's edit can be recomputed and checked by the same
// rules that made it, then written back.
type editPlan struct {
	ev       *laborbridge.DepartureEvent
	version  int
	settings planSettings
	req      transport.Request
	plan     transport.Plan
	trips    map[string]*tripMeta
	seats    map[seatKey]*seatMeta
}

type tripMeta struct {
	id, number, train, fromStation string
	status                         laborbridge.TripStatus
}

type seatKey struct {
	placement string
	leg       int
}

type seatMeta struct {
	id, trip, placement, worker, home, group string
	no, leg, stop                            int
	boarded                                  bool
}

// loadPlan reads the plan of an event in u's area.
func (tx *Tx) loadPlan(u *laborbridge.User, eventID string) (*editPlan, error) {
	ev, version, err := tx.event(u, eventID)
	if err != nil {
		return nil, err
	}
	var planJSON string
	if err := tx.queryRow(`SELECT plan_json FROM departure_events WHERE id = $1`, ev.ID).Scan(&planJSON); err != nil {
		return nil, internal("read event plan", err)
	}
	settings, err := parsePlanSettings(planJSON)
	if err != nil {
		return nil, err
	}
	day, err := eventDay(ev)
	if err != nil {
		return nil, err
	}
	ep := &editPlan{ev: ev, version: version, settings: settings, trips: map[string]*tripMeta{}, seats: map[seatKey]*seatMeta{}}
	ep.req = transport.Request{
		Origin: transport.Origin{ID: ev.ID, Name: ev.Point.Name, Lat: ev.Point.Lat, Lon: ev.Point.Lon, PerHour: ev.PerHour},
		Date:   day,
	}
	ep.plan = transport.Plan{Origin: ep.req.Origin, Date: day}

	rows, err := tx.query(`SELECT id, number, vehicle, capacity, train, from_station, station_name, station_lat, station_lon, depart_at,
		status FROM trips WHERE event_id = $1 ORDER BY number`, ev.ID)
	if err != nil {
		return nil, internal("read trips", err)
	}
	index := map[string]int{}
	stations := map[string]transport.Station{}
	for rows.Next() {
		var t transport.Trip
		var m tripMeta
		var stName, status string
		var stLat, stLon float64
		if err := rows.Scan(&t.ID, &m.number, &t.Vehicle, &t.Capacity, &t.Train, &t.From, &stName, &stLat, &stLon, &t.Depart, &status); err != nil {
			rows.Close()
			return nil, internal("read trips", err)
		}
		t.Depart = t.Depart.In(chinaTime)
		m.id, m.train, m.fromStation, m.status = t.ID, t.Train, t.From, laborbridge.TripStatus(status)
		if t.From != "" {
			stations[t.From] = transport.Station{ID: t.From, Name: stName, Lat: stLat, Lon: stLon}
		}
		index[t.ID] = len(ep.plan.Trips)
		ep.plan.Trips = append(ep.plan.Trips, t)
		ep.trips[t.ID] = &m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("read trips", err)
	}

	rows, err = tx.query(`SELECT trip_id, ord, place, name, lat, lon, km, arrive_at FROM trip_stops
		WHERE trip_id IN (SELECT id FROM trips WHERE event_id = $1) ORDER BY trip_id, ord`, ev.ID)
	if err != nil {
		return nil, internal("read stops", err)
	}
	gates := map[string]bool{}
	for rows.Next() {
		var tripID string
		var ord int
		var s transport.Stop
		var lat, lon float64
		if err := rows.Scan(&tripID, &ord, &s.Place, &s.Name, &lat, &lon, &s.Km, &s.Arrive); err != nil {
			rows.Close()
			return nil, internal("read stops", err)
		}
		s.Arrive = s.Arrive.In(chinaTime)
		t := &ep.plan.Trips[index[tripID]]
		if ord != len(t.Stops)+1 {
			rows.Close()
			return nil, laborbridge.InternalError(fmt.Errorf("trip %s: stop %d out of order", tripID, ord))
		}
		t.Stops = append(t.Stops, s)
		switch {
		case t.Train != "":
			stations[s.Place] = transport.Station{ID: s.Place, Name: s.Name, Lat: lat, Lon: lon}
		case !gates[s.Place]:
			gates[s.Place] = true
			ep.req.Gates = append(ep.req.Gates, transport.Gate{ID: s.Place, Name: s.Name, Lat: lat, Lon: lon})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("read stops", err)
	}
	for _, st := range stations {
		ep.plan.Stations = append(ep.plan.Stations, st)
	}
	sort.Slice(ep.plan.Stations, func(i, j int) bool { return ep.plan.Stations[i].ID < ep.plan.Stations[j].ID })
	sort.Slice(ep.req.Gates, func(i, j int) bool { return ep.req.Gates[i].ID < ep.req.Gates[j].ID })

	rows, err = tx.query(`SELECT id, trip_id, seat_no, leg, placement_id, worker_id, home, group_key, stop_ord,
		boarded_at IS NOT NULL OR denied_at IS NOT NULL FROM seats WHERE event_id = $1 ORDER BY trip_id, seat_no`, ev.ID)
	if err != nil {
		return nil, internal("read seats", err)
	}
	for rows.Next() {
		var s seatMeta
		if err := rows.Scan(&s.id, &s.trip, &s.no, &s.leg, &s.placement, &s.worker, &s.home, &s.group, &s.stop, &s.boarded); err != nil {
			rows.Close()
			return nil, internal("read seats", err)
		}
		ep.seats[seatKey{s.placement, s.leg}] = &s
		t := &ep.plan.Trips[index[s.trip]]
		if s.stop < 1 || s.stop > len(t.Stops) {
			rows.Close()
			return nil, laborbridge.InternalError(fmt.Errorf("seat %s: stop %d of %d", s.id, s.stop, len(t.Stops)))
		}
		t.Stops[s.stop-1].Passengers = append(t.Stops[s.stop-1].Passengers, s.placement)
		t.Seats = append(t.Seats, transport.Seat{No: s.no, Passenger: s.placement})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("read seats", err)
	}
	var ids []string
	for k := range ep.seats {
		if k.leg == 1 {
			ids = append(ids, k.placement)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		ep.req.Passengers = append(ep.req.Passengers, transport.Passenger{ID: id, Group: ep.seats[seatKey{id, 1}].group, Gate: ep.gateOf(id)})
	}
	return ep, nil
}

// seatOf returns a placement's seat on a leg, or nil.
func (ep *editPlan) seatOf(placement string, leg int) *seatMeta {
	return ep.seats[seatKey{placement, leg}]
}

// gateOf returns the gate a placement's worker gets off at: the stop of
// the last leg.
func (ep *editPlan) gateOf(placement string) string {
	s := ep.seatOf(placement, 2)
	if s == nil {
		s = ep.seatOf(placement, 1)
	}
	if s == nil {
		return ""
	}
	return ep.trip(s.trip).Stops[s.stop-1].Place
}

// tripsOf returns the trips a placement rides.
func (ep *editPlan) tripsOf(placement string) map[string]bool {
	out := map[string]bool{}
	for _, leg := range []int{1, 2} {
		if s := ep.seatOf(placement, leg); s != nil {
			out[s.trip] = true
		}
	}
	return out
}

func (ep *editPlan) trip(id string) *transport.Trip {
	for i := range ep.plan.Trips {
		if ep.plan.Trips[i].ID == id {
			return &ep.plan.Trips[i]
		}
	}
	return nil
}

// editable refuses an edit of trips that have started boarding.
func (ep *editPlan) editable(tripIDs ...string) error {
	for _, id := range tripIDs {
		if m := ep.trips[id]; m != nil && m.status != laborbridge.TripPlanned {
			return laborbridge.Errorf(laborbridge.Conflict, "trip %s is %s; only planned trips change", m.number, m.status)
		}
	}
	return nil
}

func (ep *editPlan) fleetKind(kind string) (transport.Vehicle, bool) {
	for _, v := range ep.settings.Fleet.Buses {
		if v.Kind == kind {
			return v, true
		}
	}
	if t := ep.settings.Fleet.Train; t.Seats > 0 && t.Kind == kind {
		return t.Vehicle, true
	}
	return transport.Vehicle{}, false
}

// kinds lists the fleet's bus kinds.
func (ep *editPlan) kinds() []string {
	var out []string
	for _, v := range ep.settings.Fleet.Buses {
		out = append(out, v.Kind)
	}
	return out
}

// remove takes a placement off every trip of the plan and out of the
// request.
func (ep *editPlan) remove(placement string) {
	for i := range ep.plan.Trips {
		t := &ep.plan.Trips[i]
		for j := range t.Stops {
			t.Stops[j].Passengers = without(t.Stops[j].Passengers, placement)
		}
		seats := t.Seats[:0]
		for _, s := range t.Seats {
			if s.Passenger != placement {
				seats = append(seats, s)
			}
		}
		t.Seats = seats
	}
	ps := ep.req.Passengers[:0]
	for _, p := range ep.req.Passengers {
		if p.ID != placement {
			ps = append(ps, p)
		}
	}
	ep.req.Passengers = ps
}

func without(xs []string, x string) []string {
	out := xs[:0]
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

// addTo puts a placement on a trip at its gate. When the trip does not stop
// there yet, the stop goes where the route grows least; whether the route
// then keeps the rules is Check's to say.
func (ep *editPlan) addTo(tripID, placement, gate string) error {
	t := ep.trip(tripID)
	var group string
	if s := ep.seatOf(placement, 1); s != nil {
		group = s.group
	}
	ep.req.Passengers = append(ep.req.Passengers, transport.Passenger{ID: placement, Group: group, Gate: gate})
	for i := range t.Stops {
		if t.Stops[i].Place == gate {
			t.Stops[i].Passengers = append(t.Stops[i].Passengers, placement)
			return nil
		}
	}
	best, bestKm := -1, math.Inf(1)
	for at := 0; at <= len(t.Stops); at++ {
		trial := *t
		trial.Stops = append(append(append([]transport.Stop(nil), t.Stops[:at]...), transport.Stop{Place: gate, Passengers: []string{placement}}),
			t.Stops[at:]...)
		p := transport.Plan{Origin: ep.plan.Origin, Date: ep.plan.Date, Stations: ep.plan.Stations, Trips: []transport.Trip{trial}}
		if err := transport.Recompute(&p, ep.req, ep.settings.Fleet, ep.settings.Rules); err != nil {
			return ruleError("to_trip", err)
		}
		if len(p.Trips) == 1 && p.Trips[0].Km < bestKm {
			best, bestKm = at, p.Trips[0].Km
		}
	}
	t.Stops = append(append(append([]transport.Stop(nil), t.Stops[:best]...), transport.Stop{Place: gate, Passengers: []string{placement}}),
		t.Stops[best:]...)
	return nil
}

// ruleError turns the planner's verdict on an edit into an Invalid error
// that lists every rule it breaks.
func ruleError(field string, err error) error {
	var te *transport.Error
	if !errors.As(err, &te) {
		return laborbridge.InternalError(err)
	}
	msgs := te.Problems
	if len(msgs) == 0 {
		msgs = []string{te.Message}
	}
	out := &laborbridge.Error{Kind: laborbridge.Invalid, Field: field, Message: "the change breaks the plan's rules"}
	for _, m := range msgs {
		out.Problems = append(out.Problems, &laborbridge.Error{Kind: laborbridge.Invalid, Field: field, Message: m})
	}
	return out
}

// savePlan recomputes the edited plan, checks it against the event's
// fleet and rules, and writes back the touched trips (deleting those left
// empty) and every seat that changed. Invalid, changing nothing, when the
// plan breaks a rule; Conflict when the event changed meanwhile.
func (tx *Tx) savePlan(ep *editPlan, touched map[string]bool) error {
	plan := ep.plan
	plan.Trips = append([]transport.Trip(nil), ep.plan.Trips...)
	if err := transport.Recompute(&plan, ep.req, ep.settings.Fleet, ep.settings.Rules); err != nil {
		return ruleError("plan", err)
	}
	if err := transport.Check(plan, ep.req, ep.settings.Fleet, ep.settings.Rules); err != nil {
		return ruleError("plan", err)
	}
	bumped, err := tx.exec(`UPDATE departure_events SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3`,
		tx.now, ep.ev.ID, ep.version)
	if err != nil {
		return internal("record edit", err)
	}
	if n, _ := bumped.RowsAffected(); n != 1 {
		return changedMeanwhile()
	}
	kept := map[string]bool{}
	type place struct {
		trip     string
		no, stop int
	}
	want := map[seatKey]place{}
	for _, t := range plan.Trips {
		kept[t.ID] = true
		leg := 1
		if t.From != "" {
			leg = 2
		}
		stopOf := map[string]int{}
		for i, s := range t.Stops {
			for _, p := range s.Passengers {
				stopOf[p] = i + 1
			}
		}
		for _, s := range t.Seats {
			want[seatKey{s.Passenger, leg}] = place{t.ID, s.No, stopOf[s.Passenger]}
		}
		if !touched[t.ID] {
			continue
		}
		if _, err := tx.exec(`UPDATE trips SET vehicle = $1, capacity = $2, depart_at = $3, arrive_at = $4, drivers = $5, km = $6,
			direct_km = $7, cost = $8, reason = $9, timetable_json = $10, updated_at = $11 WHERE id = $12`,
			t.Vehicle, t.Capacity, t.Depart.UTC(), lastArrival(t).UTC(), t.Drivers, t.Km, t.Direct, t.Cost, t.Reason,
			mustJSON(spans(t.Events)), tx.now, t.ID); err != nil {
			return internal("update trip", err)
		}
		if _, err := tx.exec(`DELETE FROM trip_stops WHERE trip_id = $1`, t.ID); err != nil {
			return internal("update stops", err)
		}
		gates := map[string]transport.Gate{}
		for _, g := range ep.req.Gates {
			gates[g.ID] = g
		}
		for _, st := range plan.Stations {
			gates[st.ID] = transport.Gate{ID: st.ID, Name: st.Name, Lat: st.Lat, Lon: st.Lon}
		}
		for i, s := range t.Stops {
			g := gates[s.Place]
			var emps string
			if t.Train == "" {
				if emps, err = tx.employersOf(s.Passengers); err != nil {
					return err
				}
			}
			if _, err := tx.exec(`INSERT INTO trip_stops (trip_id, ord, place, name, employers, lat, lon, arrive_at, km, passengers)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, t.ID, i+1, s.Place, g.Name, emps, g.Lat, g.Lon, s.Arrive.UTC(), s.Km,
				len(s.Passengers)); err != nil {
				return internal("update stops", err)
			}
		}
	}
	// Seats that moved go to a negative number first, so that two seats
	// trading numbers never meet the unique index halfway.
	var changed []*seatMeta
	for k, s := range ep.seats {
		w, ok := want[k]
		switch {
		case !ok:
			if _, err := tx.exec(`DELETE FROM seats WHERE id = $1`, s.id); err != nil {
				return internal("free seat", err)
			}
		case w.trip != s.trip || w.no != s.no || w.stop != s.stop:
			if _, err := tx.exec(`UPDATE seats SET trip_id = $1, seat_no = $2, stop_ord = $3, updated_at = $4 WHERE id = $5`,
				w.trip, -w.no, w.stop, tx.now, s.id); err != nil {
				return internal("move seat", err)
			}
			changed = append(changed, s)
		}
	}
	for _, s := range changed {
		if _, err := tx.exec(`UPDATE seats SET seat_no = -seat_no WHERE id = $1`, s.id); err != nil {
			return internal("move seat", err)
		}
	}
	for k := range want {
		if _, ok := ep.seats[k]; !ok {
			return laborbridge.InternalError(fmt.Errorf("edit gave placement %s a seat on leg %d it did not have", k.placement, k.leg))
		}
	}
	for id := range touched {
		if kept[id] {
			continue
		}
		if _, err := tx.exec(`DELETE FROM trip_stops WHERE trip_id = $1`, id); err != nil {
			return internal("drop empty trip", err)
		}
		if _, err := tx.exec(`DELETE FROM trips WHERE id = $1`, id); err != nil {
			return internal("drop empty trip", err)
		}
	}
	ep.plan = plan
	return nil
}

// employersOf lists the employers of placements for a stop (see
// stopEmployers).
func (tx *Tx) employersOf(placements []string) (string, error) {
	var names []string
	for _, id := range placements {
		var name string
		if err := tx.queryRow(`SELECT e.name FROM placements p JOIN employers e ON e.id = p.employer_id WHERE p.id = $1`, id).Scan(&name); err != nil {
			return "", internal("read a stop's employers", err)
		}
		names = append(names, name)
	}
	return stopEmployers(names), nil
}
