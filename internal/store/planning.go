package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/refdata"
	"laborbridge/internal/transport"
)

// PlanOptions say with which fleet and rules to plan; nil takes the
// planner's defaults. Later edits of the plan are checked against the
// same fleet and rules, which the event keeps.
type PlanOptions struct {
	Fleet *transport.Fleet
	Rules *transport.Rules
}

// planSettings is what an event keeps of its last plan.
type planSettings struct {
	Fleet transport.Fleet `json:"fleet"`
	Rules transport.Rules `json:"rules"`
	Solve float64         `json:"solve_seconds"`
}

func parsePlanSettings(s string) (planSettings, error) {
	ps := planSettings{Fleet: transport.DefaultFleet(), Rules: transport.DefaultRules()}
	if s == "" {
		return ps, nil
	}
	if err := json.Unmarshal([]byte(s), &ps); err != nil {
		return ps, laborbridge.InternalError(fmt.Errorf("event plan settings: %w", err))
	}
	return ps, nil
}

// PlanResult says what PlanEvent did.
type PlanResult struct {
	Event *laborbridge.DepartureEvent
	Stats *EventStats
	// Scheduled counts the placements that moved from confirmed to
	// scheduled; Unseated those that had a seat of an earlier plan and
	// are left out by this one (back to confirmed).
	Scheduled int
	Unseated  int
	Unplanned []UnplannedPlacement
	Solve     time.Duration
	Store     time.Duration
	// Plan is the planner's answer, kept in memory for the CLI's summary,
	// with its trips named by their stored IDs.
	Plan transport.Plan
	// tripIDs maps the planner's trip IDs to the stored ones.
	tripIDs map[string]string
}

// UnplannedPlacement is a placement a plan could not carry, and why.
type UnplannedPlacement struct {
	PlacementID string `json:"placement_id"`
	Worker      string `json:"worker"`
	Reason      string `json:"reason"`
}

// rider is a placement an event serves, with what planning needs of it.
type rider struct {
	id, workerID, workerName, home, village string
	vacancyID, vacancyTitle, startDate      string
	employerID, employerName                string
	division                                string
	lat, lon                                float64
	state                                   laborbridge.PlacementState
}

const riderColumns = `p.id, p.worker_id, w.name, p.home, w.village, p.vacancy_id, v.title, v.start_date, p.employer_id, e.name,
	v.division, v.lat, v.lon, p.state`

const riderFrom = ` FROM placements p JOIN workers w ON w.id = p.worker_id JOIN vacancies v ON v.id = p.vacancy_id
	JOIN employers e ON e.id = p.employer_id`

func scanRider(row interface{ Scan(...any) error }) (*rider, error) {
	var r rider
	var state string
	if err := row.Scan(&r.id, &r.workerID, &r.workerName, &r.home, &r.village, &r.vacancyID, &r.vacancyTitle, &r.startDate,
		&r.employerID, &r.employerName, &r.division, &r.lat, &r.lon, &state); err != nil {
		return nil, err
	}
	r.state = laborbridge.PlacementState(state)
	return &r, nil
}

// group is the key that keeps people of one village together on a bus:
// the village within its home county, and the gate they get off at. A
// village's people bound for different cities could share a bus only on a
// route through all their cities, and keeping them together that way took
// 2.6 times the lower bound in buses on the demo's January (against 1.01
// keyed by gate; docs/benchmarks.md); fellow villagers bound for one
// place, the ones who travel and start work together, still sit together.
func (r *rider) group() string {
	if r.village == "" {
		return ""
	}
	return r.home + "/" + r.village + "@" + r.gate().ID
}

// gate is where a placement's worker gets off: the vacancy's point, or
// its city's when the vacancy has none. Gates are points, not employers:
// the planner knows nothing of two sites at one point but that they are
// one stop, so the employers whose vacancies share a point (today every
// employer of a city, since vacancies carry their city's point) share its
// stop and receive their workers there. A gate without coordinates leaves
// its workers unplanned with the planner's reason.
func (r *rider) gate() transport.Gate {
	lat, lon := r.lat, r.lon
	if lat == 0 && lon == 0 {
		if c, ok := refdata.CityOf(r.division); ok {
			lat, lon, _ = refdata.Point(c.Code)
		}
	}
	if lat == 0 && lon == 0 || math.IsNaN(lat) || math.IsNaN(lon) {
		return transport.Gate{ID: "place:" + r.division, Name: cityName(r.division)}
	}
	return transport.Gate{ID: fmt.Sprintf("%.5f,%.5f", lat, lon), Name: cityName(r.division), Lat: lat, Lon: lon}
}

// stopEmployers lists the employers whose workers get off at a stop, for
// the people who hand them over.
func stopEmployers(names []string) string {
	sort.Strings(names)
	names = slices.Compact(names)
	const most = 6
	if len(names) > most {
		return strings.Join(names[:most], "、") + fmt.Sprintf(" 等 %d 家", len(names))
	}
	return strings.Join(names, "、")
}

// placement returns what the audit trail and the webhooks are told.
func (r *rider) placement() *laborbridge.Placement {
	return &laborbridge.Placement{ID: r.id, WorkerID: r.workerID, WorkerName: r.workerName, Home: r.home, VacancyID: r.vacancyID,
		VacancyTitle: r.vacancyTitle, EmployerID: r.employerID, EmployerName: r.employerName, Place: r.division,
		StartDate: r.startDate, State: r.state}
}

// eventDay is the event's date at midnight in China Standard Time, the
// planner's Request.Date.
func eventDay(ev *laborbridge.DepartureEvent) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", ev.Date, chinaTime)
	if err != nil {
		return d, laborbridge.InternalError(fmt.Errorf("event %s date %q: %w", ev.ID, ev.Date, err))
	}
	return d, nil
}

// PlanEvent plans the trips of a departure event and stores them: every
// confirmed placement the event serves gets a seat and moves to scheduled,
// or is reported unplanned with the planner's reason. Planning an event
// again replaces its trips, as long as none has started boarding: the
// placements of the old plan are planned again with the new ones, and those
// the new plan leaves out go back to confirmed. The plan is computed outside
// the transaction that stores it; a change meanwhile (another plan, an edit,
// a placement declined) makes the store refuse it with Conflict, and it can
// be run again. Office roles only (Forbidden otherwise); NotFound outside
// the actor's area; Invalid for a fleet or rules the planner refuses;
// Conflict when a trip of the event is boarding or later.
func (db *DB) PlanEvent(ctx context.Context, eventID string, opt PlanOptions) (*PlanResult, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	sp, err := db.solveEvent(ctx, u, eventID, opt)
	if err != nil {
		return nil, err
	}
	return db.storeSolved(ctx, sp)
}

// PlanEvents plans several events as PlanEvent does, solving the next
// events while the last ones are stored. each, if set, hears of every event
// planned, in order. It stops at the first error, which is PlanEvent's; the
// events planned before it stay planned.
//
// Events are stored several to a transaction (batchSeats riders at most):
// their seats, placements and audit entries land on pages all over the
// tables' random-keyed indexes, and a page that several events touch is
// then written once instead of once per event — a province's January
// campaign wrote a sixth of the pages this way. When a batch fails, its
// events are stored one by one, so that those before the failing one stay
// planned as the contract says.
func (db *DB) PlanEvents(ctx context.Context, ids []string, opt PlanOptions, each func(*PlanResult)) error {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type solved struct {
		sp  *solvedPlan
		err error
	}
	next := make(chan solved, 64)
	go func() {
		defer close(next)
		for _, id := range ids {
			sp, err := db.solveEvent(ctx, u, id, opt)
			select {
			case next <- solved{sp, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var batch []*solvedPlan
	riders := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		results, err := db.storeBatch(ctx, batch)
		if each != nil {
			for _, res := range results {
				each(res)
			}
		}
		batch, riders = batch[:0], 0
		return err
	}
	for {
		var s solved
		var ok bool
		select {
		case s, ok = <-next:
		default:
			// Nothing solved yet: store what is waiting rather than idle.
			if err := flush(); err != nil {
				return err
			}
			s, ok = <-next
		}
		if !ok {
			break
		}
		if s.err != nil {
			if err := flush(); err != nil {
				return err
			}
			return s.err
		}
		batch = append(batch, s.sp)
		riders += len(s.sp.byID)
		if riders >= batchSeats {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return ctx.Err()
}

// batchSeats bounds the riders of the events PlanEvents stores in one
// transaction, and with it the pages the transaction holds dirty.
const batchSeats = 8000

// storeBatch stores solved plans in one transaction and returns their
// results, each result's Store its share of the time by riders. When the
// transaction fails it stores them one by one instead, so that the plans
// before a failing one are stored, and returns those with the error.
func (db *DB) storeBatch(ctx context.Context, batch []*solvedPlan) ([]*PlanResult, error) {
	t0 := time.Now()
	err := db.inTx(ctx, func(tx *Tx) error {
		if db.dialect == SQLite {
			if _, err := tx.exec(`PRAGMA cache_size = -131072`); err != nil {
				return internal("plan cache", err)
			}
			defer tx.exec(`PRAGMA cache_size = -65536`)
		}
		for _, sp := range batch {
			sp.res.Unplanned = nil
			if err := tx.storePlan(sp.ev, sp.version, sp.seated, sp.res.Plan, sp.byID, sp.settings, sp.res); err != nil {
				return err
			}
		}
		return nil
	})
	var out []*PlanResult
	if err != nil {
		if len(batch) == 1 {
			return nil, err
		}
		for _, sp := range batch {
			res, err := db.storeSolved(ctx, sp)
			if err != nil {
				return out, err
			}
			out = append(out, res)
		}
		return out, nil
	}
	took := time.Since(t0)
	total := 0
	for _, sp := range batch {
		total += len(sp.byID)
	}
	for _, sp := range batch {
		share := took / time.Duration(len(batch))
		if total > 0 {
			share = time.Duration(float64(took) * float64(len(sp.byID)) / float64(total))
		}
		res, err := db.finishStored(ctx, sp, share)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

// solvedPlan is an event's plan computed and not yet stored.
type solvedPlan struct {
	ev       *laborbridge.DepartureEvent
	version  int
	seated   int
	byID     map[string]*rider
	settings planSettings
	res      *PlanResult
}

// solveEvent reads what an event serves and plans it, outside any
// transaction.
func (db *DB) solveEvent(ctx context.Context, u *laborbridge.User, eventID string, opt PlanOptions) (*solvedPlan, error) {
	sp := &solvedPlan{settings: planSettings{Fleet: transport.DefaultFleet(), Rules: transport.DefaultRules()}}
	if opt.Fleet != nil {
		sp.settings.Fleet = *opt.Fleet
	}
	if opt.Rules != nil {
		sp.settings.Rules = *opt.Rules
	}
	rd := db.reader(ctx)
	var err error
	if sp.ev, sp.version, err = rd.event(u, eventID); err != nil {
		return nil, err
	}
	riders, seated, err := rd.served(sp.ev)
	if err != nil {
		return nil, err
	}
	req, byID, err := planRequest(sp.ev, riders)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	plan, err := transport.Solve(req, sp.settings.Fleet, sp.settings.Rules)
	if err != nil {
		return nil, laborbridge.FieldErrorf("plan", "%v", err)
	}
	sp.seated, sp.byID = seated, byID
	sp.res = &PlanResult{Event: sp.ev, Plan: plan, Solve: time.Since(t0)}
	sp.settings.Solve = sp.res.Solve.Seconds()
	return sp, nil
}

// storeSolved stores a solved plan in one transaction and sums it up.
func (db *DB) storeSolved(ctx context.Context, sp *solvedPlan) (*PlanResult, error) {
	t0 := time.Now()
	res := sp.res
	err := db.inTx(ctx, func(tx *Tx) error {
		res.Unplanned = nil
		return tx.storePlan(sp.ev, sp.version, sp.seated, res.Plan, sp.byID, sp.settings, res)
	})
	if err != nil {
		return nil, err
	}
	return db.finishStored(ctx, sp, time.Since(t0))
}

// finishStored completes a stored plan's result: the stored trips' IDs in
// place of the planner's, the event's status and statistics.
func (db *DB) finishStored(ctx context.Context, sp *solvedPlan, took time.Duration) (*PlanResult, error) {
	res := sp.res
	res.Store = took
	var err error
	// The planner's trip IDs mean nothing outside this plan; the stored
	// ones are what other commands and pages take.
	trips := make([]transport.Trip, len(res.Plan.Trips))
	for i, t := range res.Plan.Trips {
		t.ID = res.tripIDs[t.ID]
		trips[i] = t
	}
	res.Plan.Trips = trips
	sp.ev.Status = laborbridge.EventPlanned
	if res.Stats, err = db.reader(ctx).stats(sp.ev); err != nil {
		return nil, err
	}
	return res, nil
}

// seatsHeld returns how many seats (both legs) an event's plan holds;
// Conflict when a trip has started boarding, since the plan can then no
// longer be replaced.
func (tx *Tx) seatsHeld(ev *laborbridge.DepartureEvent) (int, error) {
	var started, seats, boarded int
	if err := tx.queryRow(`SELECT COUNT(*) FROM trips WHERE event_id = $1 AND status <> $2`, ev.ID, string(laborbridge.TripPlanned)).Scan(&started); err != nil {
		return 0, internal("read trips", err)
	}
	if err := tx.queryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN boarded_at IS NOT NULL OR denied_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM seats WHERE event_id = $1`, ev.ID).Scan(&seats, &boarded); err != nil {
		return 0, internal("read seats", err)
	}
	if started+boarded > 0 {
		return 0, laborbridge.Errorf(laborbridge.Conflict, "boarding has started for this event; its trips can no longer be planned again")
	}
	return seats, nil
}

// served returns the placements an event serves: the confirmed ones of
// its area and window, and those seated by its current plan; and how many
// seats its plan holds (see seatsHeld).
func (tx *Tx) served(ev *laborbridge.DepartureEvent) ([]*rider, int, error) {
	seats, err := tx.seatsHeld(ev)
	if err != nil {
		return nil, 0, err
	}
	lo, hi := prefixRange(laborbridge.DivisionPrefix(ev.Division))
	var out []*rider
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SELECT ` + riderColumns + riderFrom + ` WHERE p.home >= $1 AND p.home < $2 AND p.state = $3 AND v.start_date >= $4 AND v.start_date <= $5`,
			[]any{lo, hi, string(laborbridge.PlacementConfirmed), ev.StartFrom, ev.StartTo}},
		{`SELECT ` + riderColumns + riderFrom + ` JOIN seats s ON s.placement_id = p.id WHERE s.event_id = $1 AND s.leg = 1`, []any{ev.ID}},
	} {
		rows, err := tx.query(q.sql, q.args...)
		if err != nil {
			return nil, 0, internal("load placements to plan", err)
		}
		for rows.Next() {
			r, err := scanRider(rows)
			if err != nil {
				rows.Close()
				return nil, 0, internal("load placements to plan", err)
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, internal("load placements to plan", err)
		}
	}
	// The planner breaks ties by input order; a fixed order makes the same
	// data give the same plan on both engines.
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, seats, nil
}

// planRequest turns an event and its riders into the planner's request.
func planRequest(ev *laborbridge.DepartureEvent, riders []*rider) (transport.Request, map[string]*rider, error) {
	day, err := eventDay(ev)
	if err != nil {
		return transport.Request{}, nil, err
	}
	// The request's ID prefixes the planner's trip IDs; the stored trip
	// numbers drop it again (tripNumber).
	req := transport.Request{
		ID:     ev.ID[:min(8, len(ev.ID))],
		Origin: transport.Origin{ID: ev.ID, Name: ev.Point.Name, Lat: ev.Point.Lat, Lon: ev.Point.Lon, PerHour: ev.PerHour},
		Date:   day,
	}
	byID := make(map[string]*rider, len(riders))
	gates := map[string]bool{}
	for _, r := range riders {
		byID[r.id] = r
		g := r.gate()
		if !gates[g.ID] {
			gates[g.ID] = true
			req.Gates = append(req.Gates, g)
		}
		req.Passengers = append(req.Passengers, transport.Passenger{ID: r.id, Group: r.group(), Gate: g.ID})
	}
	sort.Slice(req.Gates, func(i, j int) bool { return req.Gates[i].ID < req.Gates[j].ID })
	return req, byID, nil
}

// storePlan replaces an event's trips by plan, over the version the plan
// was computed from.
func (tx *Tx) storePlan(ev *laborbridge.DepartureEvent, version, seated int, plan transport.Plan, byID map[string]*rider,
	settings planSettings, res *PlanResult) error {
	bumped, err := tx.exec(`UPDATE departure_events SET version = version + 1, status = $1, lower_bound = $2, plan_json = $3,
		planned_at = $4, updated_at = $4 WHERE id = $5 AND version = $6`,
		string(laborbridge.EventPlanned), plan.LowerBound, mustJSON(settings), tx.now, ev.ID, version)
	if err != nil {
		return internal("record plan", err)
	}
	if n, _ := bumped.RowsAffected(); n != 1 {
		return changedMeanwhile()
	}
	if seats, err := tx.seatsHeld(ev); err != nil {
		return err
	} else if seats != seated {
		return changedMeanwhile()
	}
	for _, q := range []string{
		`DELETE FROM seats WHERE event_id = $1`,
		`DELETE FROM trip_stops WHERE trip_id IN (SELECT id FROM trips WHERE event_id = $1)`,
		`DELETE FROM trips WHERE event_id = $1`,
		`DELETE FROM event_unplanned WHERE event_id = $1`,
	} {
		if _, err := tx.exec(q, ev.ID); err != nil {
			return internal("replace the old plan", err)
		}
	}
	rows := newPlanRows(tx, ev, plan, byID)
	if err := rows.insert(); err != nil {
		return err
	}
	res.tripIDs = rows.tripID
	// Net changes only: a placement on a seat before and after stays
	// scheduled; the plan's audit entry records the rest.
	var schedule, unseat []*rider
	planned := map[string]bool{}
	for _, t := range plan.Trips {
		if t.From != "" {
			continue
		}
		for _, s := range t.Seats {
			planned[s.Passenger] = true
			if r := byID[s.Passenger]; r.state == laborbridge.PlacementConfirmed {
				schedule = append(schedule, r)
			}
		}
	}
	for _, u := range plan.Unplanned {
		if r := byID[u.Passenger]; r.state == laborbridge.PlacementScheduled {
			unseat = append(unseat, r)
		}
		res.Unplanned = append(res.Unplanned, UnplannedPlacement{PlacementID: u.Passenger, Worker: byID[u.Passenger].workerName, Reason: u.Reason})
	}
	if err := tx.moveMany(schedule, laborbridge.EventSchedule, ""); err != nil {
		return err
	}
	if err := tx.moveMany(unseat, laborbridge.EventUnseat, "left out when the event was planned again"); err != nil {
		return err
	}
	res.Scheduled, res.Unseated = len(schedule), len(unseat)
	err = tx.bulkInsert(`INSERT INTO event_unplanned (event_id, placement_id, reason) VALUES `, 3, len(plan.Unplanned),
		func(i int, args []any) []any {
			return append(args, ev.ID, plan.Unplanned[i].Passenger, plan.Unplanned[i].Reason)
		}, func(err error) error { return internal("store unplanned placements", err) })
	if err != nil {
		return err
	}
	return tx.audit("event.plan", "event", ev.ID, ev.Division, nil, map[string]any{"trips": len(plan.Trips),
		"passengers": len(planned), "unplanned": len(plan.Unplanned), "lower_bound": plan.LowerBound, "km": math.Round(plan.Km),
		"cost": math.Round(plan.Cost), "scheduled": len(schedule), "unseated": len(unseat)})
}

func changedMeanwhile() error {
	return laborbridge.Errorf(laborbridge.Conflict, "the event's plan or placements changed while it was planned; plan it again")
}

// planRows turns a plan into the rows of trips, trip_stops and seats.
type planRows struct {
	tx     *Tx
	ev     *laborbridge.DepartureEvent
	plan   transport.Plan
	byID   map[string]*rider
	tripID map[string]string // planner's trip ID → stored ID
}

func newPlanRows(tx *Tx, ev *laborbridge.DepartureEvent, plan transport.Plan, byID map[string]*rider) *planRows {
	pr := &planRows{tx: tx, ev: ev, plan: plan, byID: byID, tripID: map[string]string{}}
	for _, t := range plan.Trips {
		pr.tripID[t.ID] = newID()
	}
	return pr
}

func (pr *planRows) insert() error {
	tx, plan := pr.tx, pr.plan
	stations := map[string]transport.Station{}
	for _, st := range plan.Stations {
		st.Name = pr.stationName(st)
		stations[st.ID] = st
	}
	err := tx.bulkInsert(`INSERT INTO trips (id, event_id, number, vehicle, capacity, train, from_station, station_name, station_lat,
		station_lon, depart_at, arrive_at, drivers, km, direct_km, cost, reason, timetable_json, status, created_at, updated_at) VALUES `,
		21, len(plan.Trips), func(i int, args []any) []any {
			t := plan.Trips[i]
			st := stations[t.From]
			return append(args, pr.tripID[t.ID], pr.ev.ID, tripNumber(t.ID), t.Vehicle, t.Capacity, t.Train, t.From, st.Name, st.Lat,
				st.Lon, t.Depart.UTC(), lastArrival(t).UTC(), t.Drivers, t.Km, t.Direct, t.Cost, t.Reason, mustJSON(spans(t.Events)),
				string(laborbridge.TripPlanned), tx.now, tx.now)
		}, func(err error) error { return internal("store trips", err) })
	if err != nil {
		return err
	}
	type stopRow struct {
		trip string
		ord  int
		stop transport.Stop
		g    transport.Gate
		emps string
	}
	var stops []stopRow
	for _, t := range plan.Trips {
		for i, s := range t.Stops {
			row := stopRow{trip: pr.tripID[t.ID], ord: i + 1, stop: s}
			if st, ok := stations[s.Place]; ok {
				row.g = transport.Gate{ID: st.ID, Name: st.Name, Lat: st.Lat, Lon: st.Lon}
			} else {
				row.g = pr.byID[s.Passengers[0]].gate()
				var names []string
				for _, p := range s.Passengers {
					names = append(names, pr.byID[p].employerName)
				}
				row.emps = stopEmployers(names)
			}
			stops = append(stops, row)
		}
	}
	err = tx.bulkInsert(`INSERT INTO trip_stops (trip_id, ord, place, name, employers, lat, lon, arrive_at, km, passengers) VALUES `,
		10, len(stops), func(i int, args []any) []any {
			s := stops[i]
			return append(args, s.trip, s.ord, s.g.ID, s.g.Name, s.emps, s.g.Lat, s.g.Lon, s.stop.Arrive.UTC(), s.stop.Km, len(s.stop.Passengers))
		}, func(err error) error { return internal("store stops", err) })
	if err != nil {
		return err
	}
	type seatRow struct {
		trip      string
		no, leg   int
		stop      int
		passenger string
	}
	var seats []seatRow
	for _, t := range plan.Trips {
		stopOf := map[string]int{}
		for i, s := range t.Stops {
			for _, p := range s.Passengers {
				stopOf[p] = i + 1
			}
		}
		leg := 1
		if t.From != "" {
			leg = 2
		}
		for _, s := range t.Seats {
			seats = append(seats, seatRow{pr.tripID[t.ID], s.No, leg, stopOf[s.Passenger], s.Passenger})
		}
	}
	ids := sortedIDs(len(seats))
	return tx.bulkInsert(`INSERT INTO seats (id, trip_id, seat_no, leg, event_id, placement_id, worker_id, home, group_key, stop_ord,
		created_at, updated_at) VALUES `, 12, len(seats), func(i int, args []any) []any {
		s := seats[i]
		r := pr.byID[s.passenger]
		return append(args, ids[i], s.trip, s.no, s.leg, pr.ev.ID, r.id, r.workerID, r.home, r.group(), s.stop, tx.now, tx.now)
	}, func(err error) error {
		if isUniqueViolation(err) {
			return changedMeanwhile()
		}
		return internal("store seats", err)
	})
}

// stationName names a train's arrival station after the city of the gate
// nearest to it, since the planner places stations at the centre of their
// gates and knows no station list.
func (pr *planRows) stationName(st transport.Station) string {
	best, name := math.Inf(1), ""
	for _, r := range pr.byID {
		g := r.gate()
		for _, id := range st.Gates {
			if id != g.ID {
				continue
			}
			if d := refdata.Haversine(st.Lat, st.Lon, g.Lat, g.Lon); d < best || d == best && g.ID < name {
				best, name = d, cityName(r.division)
			}
		}
	}
	if name == "" {
		return st.ID
	}
	return name + "站"
}

// cityName returns the Chinese name of a division's city.
func cityName(code string) string {
	if c, ok := refdata.CityOf(code); ok {
		return c.NameZh
	}
	if d, ok := refdata.DivisionByCode(code); ok {
		return d.NameZh
	}
	return code
}

// tripNumber is the planner's trip ID without its request prefix: T001.
func tripNumber(id string) string {
	if i := strings.LastIndexByte(id, '-'); i >= 0 {
		return id[i+1:]
	}
	return id
}

func lastArrival(t transport.Trip) time.Time {
	if len(t.Stops) == 0 {
		return t.Depart
	}
	return t.Stops[len(t.Stops)-1].Arrive
}

func spans(events []transport.Event) []laborbridge.Span {
	out := make([]laborbridge.Span, len(events))
	for i, e := range events {
		out[i] = laborbridge.Span{Kind: string(e.Kind), Start: e.Start.UTC(), End: e.End.UTC(), Km: math.Round(e.Km*10) / 10}
	}
	return out
}

// moveMany applies event to placements that all stand in one state and
// stay live (schedule, unseat), in bulk: the update requires each to be in
// that state still, so a placement changed meanwhile refuses the whole
// change (Conflict). Each placement gets its audit entry and its webhook
// announcements, as transition writes them one at a time.
func (tx *Tx) moveMany(rs []*rider, event laborbridge.PlacementEvent, reason string) error {
	if len(rs) == 0 {
		return nil
	}
	from := rs[0].state
	to, err := from.Next(event)
	if err != nil {
		return err
	}
	if from.Live() != to.Live() {
		return laborbridge.InternalError(fmt.Errorf("moveMany: %s changes whether a placement is live", event))
	}
	for _, r := range rs {
		if r.state != from {
			return laborbridge.InternalError(fmt.Errorf("moveMany: placement %s is %s, not %s", r.id, r.state, from))
		}
	}
	if tx.db.dialect == SQLite {
		if err := tx.moveEach(rs, from, to, reason); err != nil {
			return err
		}
	} else if err := tx.moveChunks(rs, from, to, reason); err != nil {
		return err
	}
	return tx.auditMoves(rs, event, from, to, reason)
}

// moveEach updates the placements one prepared statement each: on SQLite
// an update of one row by its key needs no statement journal, where one of
// 500 rows copied every page it touched into one first (a sixth of the
// time of planning a province's January).
func (tx *Tx) moveEach(rs []*rider, from, to laborbridge.PlacementState, reason string) error {
	st, err := tx.prepare(`UPDATE placements SET state = ?, reason = ?, updated_at = ? WHERE id = ? AND state = ?`)
	if err != nil {
		return internal("update placements", err)
	}
	defer st.Close()
	for _, r := range rs {
		res, err := st.ExecContext(tx.ctx, string(to), reason, tx.now, r.id, string(from))
		if err != nil {
			return internal("update placements", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return changedMeanwhile()
		}
	}
	return nil
}

// moveChunks updates the placements 500 to a statement.
func (tx *Tx) moveChunks(rs []*rider, from, to laborbridge.PlacementState, reason string) error {
	const chunk = 500
	for start := 0; start < len(rs); start += chunk {
		part := rs[start:min(start+chunk, len(rs))]
		marks := strings.Split(tx.db.inList(0, 4+len(part)), ", ")
		args := []any{string(to), reason, tx.now, string(from)}
		for _, r := range part {
			args = append(args, r.id)
		}
		res, err := tx.exec(`UPDATE placements SET state = `+marks[0]+`, reason = `+marks[1]+`, updated_at = `+marks[2]+
			` WHERE state = `+marks[3]+` AND id IN (`+strings.Join(marks[4:], ", ")+`)`, args...)
		if err != nil {
			return internal("update placements", err)
		}
		if n, _ := res.RowsAffected(); int(n) != len(part) {
			return changedMeanwhile()
		}
	}
	return nil
}

// auditMoves writes one audit entry per moved placement and announces the
// moves to webhooks.
func (tx *Tx) auditMoves(rs []*rider, event laborbridge.PlacementEvent, from, to laborbridge.PlacementState, reason string) error {
	type view struct {
		State  string `json:"state"`
		Reason string `json:"reason,omitempty"`
	}
	before, after := mustJSON(view{State: string(from)}), mustJSON(view{string(to), reason})
	actorID, actorName := "system", "system"
	if tx.actor != nil {
		actorID, actorName = tx.actor.ID, tx.actor.Username
	}
	seq := tx.seq
	tx.seq += len(rs)
	ids := sortedIDs(len(rs))
	err := tx.bulkInsert(`INSERT INTO audit (id, at, seq, actor_id, actor_name, action, object_type, object_id, division, before_json,
		after_json) VALUES `, 11, len(rs), func(i int, args []any) []any {
		return append(args, ids[i], tx.now, seq+i+1, actorID, actorName, "placement."+string(event), "placement", rs[i].id,
			rs[i].home, before, after)
	}, func(err error) error { return internal("write audit entries", err) })
	if err != nil {
		return err
	}
	// Announcing is one query per placement; skip it when nobody listens.
	var hooks int
	if err := tx.queryRow(`SELECT COUNT(*) FROM webhooks WHERE active`).Scan(&hooks); err != nil {
		return internal("find webhooks", err)
	}
	for _, r := range rs {
		if hooks == 0 {
			break
		}
		p := r.placement()
		p.State, p.Reason, p.UpdatedAt = to, reason, tx.now
		if err := tx.emit("placement."+string(to), p.Home, p.EmployerID, placementEvent(p)); err != nil {
			return err
		}
	}
	return nil
}
