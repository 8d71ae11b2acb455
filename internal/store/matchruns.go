package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"laborbridge"
	"laborbridge/internal/match"
)

// MatchParams are what a user chooses for a run.
type MatchParams struct {
	// Scope is the division whose registered, unplaced workers are
	// matched: a code or prefix within the actor's own area; empty means
	// the actor's whole area.
	Scope string `json:"scope"`
	// Objective is max, priority or stable.
	Objective match.Objective `json:"objective"`
	// Day is the earliest start date (YYYY-MM-DD); empty means today.
	Day string `json:"day"`
	// Candidates per worker (0: the engine's default).
	Candidates int `json:"candidates,omitempty"`
	// Weights, when set, replace the default score weights.
	Weights *match.Weights `json:"weights,omitempty"`
	// Dry computes the run without storing it.
	Dry bool `json:"dry,omitempty"`
}

// Stage timings of a run, in seconds.
type StageTimes struct {
	Load       float64 `json:"load"`
	Candidates float64 `json:"candidates"`
	Scores     float64 `json:"scores"`
	Solve      float64 `json:"solve"`
	Results    float64 `json:"results"`
	Store      float64 `json:"store"`
}

// Total is the time of all stages.
func (s StageTimes) Total() float64 {
	return s.Load + s.Candidates + s.Scores + s.Solve + s.Results + s.Store
}

// MatchRun is a stored run: who ran it, on what, what it found.
type MatchRun struct {
	ID              string          `json:"id"`
	Actor           string          `json:"actor"`
	Scope           string          `json:"scope"`
	Objective       match.Objective `json:"objective"`
	Day             string          `json:"day"`
	Status          string          `json:"status"`
	Params          MatchParams     `json:"params"`
	Workers         int             `json:"workers"`
	Vacancies       int             `json:"vacancies"`
	Seats           int             `json:"seats"`
	Arcs            int             `json:"arcs"`
	Placed          int             `json:"placed"`
	PriorityWorkers int             `json:"priority_workers"`
	PriorityPlaced  int             `json:"priority_placed"`
	TotalScore      int64           `json:"total_score"`
	Unplaced        map[string]int  `json:"unplaced"` // by reason
	Summary         RunSummary      `json:"summary"`
	Stages          StageTimes      `json:"stages"`
	Started         time.Time       `json:"started_at"`
	Finished        time.Time       `json:"finished_at"`
	// Outcome and Instance are kept in memory for the CLI's export; they
	// are not stored.
	Outcome *match.Outcome `json:"-"`
}

// RunSummary breaks a run's placements down for its charts.
type RunSummary struct {
	ByDestination []Count `json:"by_destination"` // province of the workplace
	ByOccupation  []Count `json:"by_occupation"`  // ISCO-08 major group of the vacancy
	ByHome        []Count `json:"by_home"`        // worker's city
}

// Run statuses.
const (
	RunStored = "stored"
	RunDry    = "dry"
)

// loaded is what a run matches: workers and vacancies with their ids.
type loaded struct {
	workerIDs   []string
	workerHome  []string
	workers     []match.Worker
	vacancyIDs  []string
	employerIDs []string
	vacancies   []match.Vacancy
	vacancyDiv  []string
	vacancyOcc  []string
}

// RunMatch matches the registered workers of a scope who have no live
// placement to the open seats of all open vacancies, with the chosen
// objective, and stores the run and its proposed placements in one
// transaction. Seats taken meanwhile by another run are checked again when
// storing: a run that would exceed a headcount is refused with Conflict
// (run it again). progress, if set, is told each stage as it starts.
// Office roles only (Forbidden otherwise); a scope outside the actor's
// area is Invalid.
func (db *DB) RunMatch(ctx context.Context, p MatchParams, progress func(stage string)) (*MatchRun, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActRunMatch)
	if err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string) {}
	}
	scope := laborbridge.DivisionPrefix(strings.TrimSpace(p.Scope))
	if scope == "" {
		scope = u.DivisionPrefix()
	}
	if !strings.HasPrefix(scope, u.DivisionPrefix()) || strings.Trim(scope, "0123456789") != "" || len(scope) > 6 {
		return nil, laborbridge.FieldErrorf("scope", "%s is outside your area (%s)", p.Scope, u.Division)
	}
	if p.Objective == "" {
		p.Objective = match.MaxScore
	}
	switch p.Objective {
	case match.MaxScore, match.PriorityFirst, match.Stable:
	default:
		return nil, laborbridge.FieldErrorf("objective", "objective must be max, priority or stable")
	}
	day := db.now().In(chinaTime)
	if p.Day != "" {
		d, err := time.ParseInLocation("2006-01-02", p.Day, chinaTime)
		if err != nil {
			return nil, laborbridge.FieldErrorf("day", "%q is not a date (YYYY-MM-DD)", p.Day)
		}
		day = d
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, chinaTime)
	p.Day, p.Scope = day.Format("2006-01-02"), scope

	run := &MatchRun{ID: newID(), Actor: u.Username, Scope: scope, Objective: p.Objective, Day: p.Day, Params: p,
		Started: db.now().UTC(), Unplaced: map[string]int{}}
	t0 := time.Now()
	progress("load")
	in, err := db.loadMatch(ctx, scope)
	if err != nil {
		return nil, err
	}
	run.Stages.Load = time.Since(t0).Seconds()

	params := match.DefaultParams(day)
	params.Objective = p.Objective
	if p.Candidates > 0 {
		params.Candidates = p.Candidates
	}
	if p.Weights != nil {
		params.Weights = *p.Weights
	}
	stageStart, current := time.Now(), ""
	mark := func(next string) {
		d := time.Since(stageStart).Seconds()
		switch current {
		case string(match.StageCandidates):
			run.Stages.Candidates += d
		case string(match.StageScores):
			run.Stages.Scores += d
		case string(match.StageSolve):
			run.Stages.Solve += d
		case string(match.StageResults):
			run.Stages.Results += d
		}
		stageStart, current = time.Now(), next
		if next != "" {
			progress(next)
		}
	}
	out, err := match.Run(in.workers, in.vacancies, params, func(s match.Stage) { mark(string(s)) })
	mark("")
	if err != nil {
		return nil, laborbridge.FieldErrorf("params", "%v", err)
	}
	run.Outcome = out
	db.summarise(run, in, out)
	if p.Dry {
		run.Status, run.Finished = RunDry, db.now().UTC()
		return run, nil
	}
	t0 = time.Now()
	progress("store")
	if err := db.storeRun(ctx, run, in, out); err != nil {
		return nil, err
	}
	run.Stages.Store = time.Since(t0).Seconds()
	if _, err := db.sql.ExecContext(ctx, `UPDATE match_runs SET stages_json = $1 WHERE id = $2`, mustJSON(run.Stages), run.ID); err != nil {
		return nil, internal("record run times", err)
	}
	return run, nil
}

// chinaTime is the time zone of the service's days.
var chinaTime = time.FixedZone("CST", 8*3600)

// loadMatch reads the workers of a scope without a live placement, by home
// and id, and the open vacancies, by id.
func (db *DB) loadMatch(ctx context.Context, scope string) (*loaded, error) {
	lo, hi := prefixRange(scope)
	in, err := db.loadWorkers(ctx, lo, hi)
	if err != nil {
		return nil, err
	}
	vrows, err := db.sql.QueryContext(ctx, `SELECT id, employer_id, occupation, division, lat, lon, headcount - filled, wage_min,
		wage_max, start_date, age_min, age_max, cert_level, min_years, housing, meals, travel_paid
		FROM vacancies WHERE state = $1 AND filled < headcount ORDER BY id`, string(laborbridge.VacancyOpen))
	if err != nil {
		return nil, internal("load vacancies", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var id, start string
		var v match.Vacancy
		if err := vrows.Scan(&id, &v.Employer, &v.Occupation, &v.Division, &v.Lat, &v.Lon, &v.Open, &v.WageMin, &v.WageMax,
			&start, &v.AgeMin, &v.AgeMax, &v.CertLevel, &v.MinYears, &v.Housing, &v.Meals, &v.TravelPaid); err != nil {
			return nil, internal("load vacancies", err)
		}
		v.StartDate, _ = time.ParseInLocation("2006-01-02", start, chinaTime)
		in.vacancyIDs = append(in.vacancyIDs, id)
		in.employerIDs = append(in.employerIDs, v.Employer)
		in.vacancyDiv = append(in.vacancyDiv, v.Division)
		in.vacancyOcc = append(in.vacancyOcc, v.Occupation)
		in.vacancies = append(in.vacancies, v)
	}
	return in, internal0("load vacancies", vrows.Err())
}

// scanWorkersFrom is the number of workers in scope from which SQLite
// reads them by scanning the table (when they are also a quarter of it).
var scanWorkersFrom int64 = 100_000

// matchWorkerColumns are what a match needs of a worker.
const matchWorkerColumns = `w.id, w.home, w.village, w.occupation, w.skill_level, w.cert_level, w.years,
	w.birth_date, w.male, w.priority, w.wish_regions, w.min_wage, w.available_from`

// loadWorkers reads the registered workers without a live placement whose
// home lies in [lo, hi), by home and id.
//
// A scope of a few counties is read through the index on home. A large
// one on SQLite is read by scanning the table in its own order instead —
// through the index every row is a jump to another page, which took
// twice as long for a province of a million — in two halves side by side
// (decoding rows is processor work), then sorted.
func (db *DB) loadWorkers(ctx context.Context, lo, hi string) (*loaded, error) {
	const where = ` WHERE w.home >= $1 AND w.home < $2 AND w.status = $3
		AND NOT EXISTS (SELECT 1 FROM placements p WHERE p.worker_id = w.id AND p.live)`
	status := string(laborbridge.WorkerRegistered)
	indexed := `SELECT ` + matchWorkerColumns + ` FROM workers w` + where + ` ORDER BY w.home, w.id`
	if db.dialect != SQLite {
		return db.readWorkers(ctx, 0, indexed, lo, hi, status)
	}
	// A county's run counts its workers through the index; only a large
	// scope pays for counting the whole table.
	var inScope, all, maxRow int64
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM workers WHERE home >= $1 AND home < $2`, lo, hi).Scan(&inScope)
	if err == nil && inScope >= scanWorkersFrom {
		err = db.sql.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM workers`).Scan(&all, &maxRow)
	}
	if err != nil {
		return nil, internal("count workers", err)
	}
	if inScope < scanWorkersFrom || inScope < all/4 {
		return db.readWorkers(ctx, int(inScope), indexed, lo, hi, status)
	}
	q := `SELECT ` + matchWorkerColumns + ` FROM workers w NOT INDEXED` + where + ` AND w.rowid > $4 AND w.rowid <= $5`
	halves := [2]*loaded{}
	errs := [2]error{}
	var wg sync.WaitGroup
	for i, r := range [2][2]int64{{0, maxRow / 2}, {maxRow / 2, maxRow}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each half holds about half of the scope's workers.
			halves[i], errs[i] = db.readWorkers(ctx, int(inScope/2+inScope/16), q, lo, hi, status, r[0], r[1])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return sortedWorkers(halves[0], halves[1]), nil
}

// readWorkers runs a query of matchWorkerColumns; room is how many rows
// to make room for at once (growing slices of a million workers copies
// them again and again).
func (db *DB) readWorkers(ctx context.Context, room int, q string, args ...any) (*loaded, error) {
	in := &loaded{workerIDs: make([]string, 0, room), workerHome: make([]string, 0, room), workers: make([]match.Worker, 0, room)}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal("load workers", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, birth, wishes, avail string
		var w match.Worker
		if err := rows.Scan(&id, &w.Home, &w.Village, &w.Occupation, &w.SkillLevel, &w.CertLevel, &w.Years, &birth,
			&w.Male, &w.Priority, &wishes, &w.MinWage, &avail); err != nil {
			return nil, internal("load workers", err)
		}
		w.Birth, _ = time.ParseInLocation("2006-01-02", birth, chinaTime)
		if wishes != "" {
			w.WishRegions = strings.Split(wishes, ",")
		}
		if avail != "" {
			w.AvailableFrom, _ = time.ParseInLocation("2006-01-02", avail, chinaTime)
		}
		in.workerIDs = append(in.workerIDs, id)
		in.workerHome = append(in.workerHome, w.Home)
		in.workers = append(in.workers, w)
	}
	return in, internal0("load workers", rows.Err())
}

// sortedWorkers joins the halves in the order of the indexed read, by
// home and id, so that a run's input — and with it how ties are broken —
// does not depend on how the rows were read. By home first, counting (a
// province has about 120 counties), then each home's workers by id, the
// homes shared between two goroutines.
func sortedWorkers(parts ...*loaded) *loaded {
	type ref struct{ part, row int32 }
	byHome := map[string][]ref{}
	n := 0
	for p, part := range parts {
		n += len(part.workerIDs)
		for i, h := range part.workerHome {
			byHome[h] = append(byHome[h], ref{int32(p), int32(i)})
		}
	}
	homes := make([]string, 0, len(byHome))
	for h := range byHome {
		homes = append(homes, h)
	}
	slices.Sort(homes)
	id := func(r ref) string { return parts[r.part].workerIDs[r.row] }
	var wg sync.WaitGroup
	for half := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := half; k < len(homes); k += 2 {
				slices.SortFunc(byHome[homes[k]], func(a, b ref) int { return strings.Compare(id(a), id(b)) })
			}
		}()
	}
	wg.Wait()
	out := &loaded{workerIDs: make([]string, 0, n), workerHome: make([]string, 0, n), workers: make([]match.Worker, 0, n)}
	for _, h := range homes {
		for _, r := range byHome[h] {
			p := parts[r.part]
			out.workerIDs = append(out.workerIDs, p.workerIDs[r.row])
			out.workerHome = append(out.workerHome, h)
			out.workers = append(out.workers, p.workers[r.row])
		}
	}
	return out
}

// summarise fills the run's counts and chart data from the outcome.
func (db *DB) summarise(run *MatchRun, in *loaded, out *match.Outcome) {
	run.Workers, run.Vacancies, run.Seats, run.Arcs = out.Workers, out.Vacancies, int(out.Seats), out.Arcs
	run.Placed, run.PriorityPlaced, run.TotalScore = len(out.Placements), out.PriorityPlaced, out.Total
	for _, w := range in.workers {
		if w.Priority {
			run.PriorityWorkers++
		}
	}
	for _, u := range out.Unplaced {
		run.Unplaced[string(u.Reason)]++
	}
	dest, occ, home := map[string]int{}, map[string]int{}, map[string]int{}
	for _, p := range out.Placements {
		dest[in.vacancyDiv[p.Vacancy][:2]+"0000"]++
		occ[in.vacancyOcc[p.Vacancy][:1]]++
		home[in.workerHome[p.Worker][:4]+"00"]++
	}
	run.Summary = RunSummary{sortedCounts(dest), sortedCounts(occ), sortedCounts(home)}
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain structs reach here
	}
	return string(b)
}

// storeRun writes the run, its placements and its unplaced workers, and
// takes the seats, all in one transaction.
func (db *DB) storeRun(ctx context.Context, run *MatchRun, in *loaded, out *match.Outcome) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if db.dialect == SQLite && len(out.Placements)+len(out.Unplaced) > 100_000 {
			// As for a large import: the rows' indexes and the parents
			// their foreign keys check stay in memory instead of spilling.
			if _, err := tx.exec(`PRAGMA cache_size = -262144`); err != nil {
				return internal("store run cache", err)
			}
			defer tx.exec(`PRAGMA cache_size = -65536`)
		}
		run.Status, run.Finished = RunStored, tx.now
		_, err := tx.exec(`INSERT INTO match_runs (id, actor_id, actor_name, scope, objective, params_json, today, status, workers,
			vacancies, seats, arcs, placed, priority_workers, priority_placed, total_score, unplaced_json, stages_json, started_at, finished_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
			run.ID, tx.actor.ID, tx.actor.Username, run.Scope, string(run.Objective), mustJSON(run.Params), run.Day, run.Status,
			run.Workers, run.Vacancies, run.Seats, run.Arcs, run.Placed, run.PriorityWorkers, run.PriorityPlaced, run.TotalScore,
			mustJSON(struct {
				Unplaced map[string]int `json:"unplaced"`
				Summary  RunSummary     `json:"summary"`
			}{run.Unplaced, run.Summary}), mustJSON(run.Stages), run.Started, tx.now)
		if err != nil {
			return internal("store run", err)
		}
		// Take the seats: a vacancy whose seats another run took since
		// loading refuses the update, and the whole run with it.
		take := map[int32]int{}
		for _, p := range out.Placements {
			take[p.Vacancy]++
		}
		keys := make([]int32, 0, len(take))
		for v := range take {
			keys = append(keys, v)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		seat, err := tx.prepare(`UPDATE vacancies SET filled = filled + $1, updated_at = $2 WHERE id = $3 AND state = 'open' AND filled + $1 <= headcount`)
		if err != nil {
			return internal("take seats", err)
		}
		defer seat.Close()
		for _, v := range keys {
			res, err := seat.ExecContext(ctx, take[v], tx.now, in.vacancyIDs[v])
			if err != nil {
				return internal("take seats", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return laborbridge.Errorf(laborbridge.Conflict, "seats changed while the run was computed (another run or an edit); run it again")
			}
		}
		if err := tx.insertPlacements(run, in, out); err != nil {
			return err
		}
		if err := tx.insertUnplaced(run, in, out); err != nil {
			return err
		}
		return tx.audit("match.run", "match_run", run.ID, run.Scope, nil, map[string]any{"scope": run.Scope,
			"objective": run.Objective, "day": run.Day, "workers": run.Workers, "placed": run.Placed, "total_score": run.TotalScore})
	})
}

// insertPlacements stores a run's placements. Rows go in in the order of
// the keys they are filed under — ids generated then sorted, workers
// sorted — so that SQLite appends to its B-trees instead of splitting
// pages all over them; the ids stay random v4 UUIDs.
func (tx *Tx) insertPlacements(run *MatchRun, in *loaded, out *match.Outcome) error {
	const cols = 14
	order := make([]int, len(out.Placements))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		return in.workerIDs[out.Placements[order[a]].Worker] < in.workerIDs[out.Placements[order[b]].Worker]
	})
	ids := sortedIDs(len(order))
	return tx.bulkInsert(`INSERT INTO placements (id, run_id, worker_id, vacancy_id, employer_id, home, score, parts_json,
		distance_km, state, live, reason, created_at, updated_at) VALUES `, cols, len(out.Placements), func(i int, args []any) []any {
		p := out.Placements[order[i]]
		return append(args, ids[i], run.ID, in.workerIDs[p.Worker], in.vacancyIDs[p.Vacancy], in.employerIDs[p.Vacancy],
			in.workerHome[p.Worker], p.Score, mustJSON(p.Parts), float64(p.DistanceKm), string(laborbridge.PlacementProposed),
			true, "", tx.now, tx.now)
	}, func(err error) error {
		if isUniqueViolation(err) {
			return laborbridge.Errorf(laborbridge.Conflict, "a worker of this run was placed by another run meanwhile; run it again")
		}
		return internal("store placements", err)
	})
}

// insertUnplaced stores why each worker was left out, in worker order, the
// order of the table's key, for the same reason as insertPlacements.
func (tx *Tx) insertUnplaced(run *MatchRun, in *loaded, out *match.Outcome) error {
	order := make([]int, len(out.Unplaced))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		return in.workerIDs[out.Unplaced[order[a]].Worker] < in.workerIDs[out.Unplaced[order[b]].Worker]
	})
	return tx.bulkInsert(`INSERT INTO unplaced (run_id, worker_id, home, reason, detail) VALUES `, 5, len(out.Unplaced),
		func(i int, args []any) []any {
			u := out.Unplaced[order[i]]
			return append(args, run.ID, in.workerIDs[u.Worker], in.workerHome[u.Worker], string(u.Reason), u.Detail)
		}, func(err error) error { return internal("store unplaced workers", err) })
}

// bulkInsert inserts n rows of cols values each, one prepared row at a
// time on SQLite and 200 rows per statement on PostgreSQL (see
// insertWorkers for why).
func (tx *Tx) bulkInsert(prefix string, cols, n int, row func(i int, args []any) []any, fail func(error) error) error {
	per := 200
	if tx.db.dialect == SQLite {
		per = 1
	}
	var stmt *sql.Stmt
	stmtRows := 0
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]any, 0, per*cols)
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		args = args[:0]
		for i := start; i < start+k; i++ {
			args = row(i, args)
		}
		if stmt == nil || stmtRows != k {
			if stmt != nil {
				stmt.Close()
			}
			var q strings.Builder
			q.WriteString(prefix)
			for i := 0; i < k; i++ {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(" + tx.db.inList(i*cols, cols) + ")")
			}
			var err error
			if stmt, err = tx.prepare(q.String()); err != nil {
				return fail(err)
			}
			stmtRows = k
		}
		if _, err := stmt.ExecContext(tx.ctx, args...); err != nil {
			return fail(err)
		}
	}
	return nil
}

// ExportRunDIMACS writes the instance a run solved in the DIMACS
// min-cost-flow format, for checking with other solvers.
func ExportRunDIMACS(w io.Writer, run *MatchRun) error {
	if run.Outcome == nil || run.Outcome.Instance == nil {
		return laborbridge.Errorf(laborbridge.Invalid, "this run has no instance in memory (stable runs solve none)")
	}
	return match.WriteAssignment(w, run.Outcome.Instance, run.Outcome.Options)
}

const runColumns = `id, actor_name, scope, objective, params_json, today, status, workers, vacancies, seats, arcs, placed,
	priority_workers, priority_placed, total_score, unplaced_json, stages_json, started_at, finished_at`

func scanRun(row interface{ Scan(...any) error }) (*MatchRun, error) {
	var r MatchRun
	var params, unplaced, stages, obj string
	var finished *time.Time
	if err := row.Scan(&r.ID, &r.Actor, &r.Scope, &obj, &params, &r.Day, &r.Status, &r.Workers, &r.Vacancies, &r.Seats,
		&r.Arcs, &r.Placed, &r.PriorityWorkers, &r.PriorityPlaced, &r.TotalScore, &unplaced, &stages, &r.Started, &finished); err != nil {
		return nil, err
	}
	r.Objective = match.Objective(obj)
	if finished != nil {
		r.Finished = *finished
	}
	var extra struct {
		Unplaced map[string]int `json:"unplaced"`
		Summary  RunSummary     `json:"summary"`
	}
	for _, f := range []struct {
		s string
		v any
	}{{params, &r.Params}, {unplaced, &extra}, {stages, &r.Stages}} {
		if f.s != "" {
			if err := json.Unmarshal([]byte(f.s), f.v); err != nil {
				return nil, fmt.Errorf("run %s: %w", r.ID, err)
			}
		}
	}
	r.Unplaced, r.Summary = extra.Unplaced, extra.Summary
	if r.Unplaced == nil {
		r.Unplaced = map[string]int{}
	}
	return &r, nil
}

// runScope limits runs to those over the actor's area; the province sees
// every run, the system's included.
func runScope(u *laborbridge.User, w *where) {
	if p := u.DivisionPrefix(); p != "" && u.Role != laborbridge.RoleProvince {
		w.add("scope LIKE ?", p+"%")
	}
}

// GetMatchRun returns a run over the actor's area; NotFound otherwise.
func (db *DB) GetMatchRun(ctx context.Context, id string) (*MatchRun, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActRunMatch)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("id = ?", id)
	runScope(u, &w)
	r, err := scanRun(db.sql.QueryRowContext(ctx, `SELECT `+runColumns+` FROM match_runs`+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "match run not found")
	}
	if err != nil {
		return nil, internal("read run", err)
	}
	return r, nil
}

// ListMatchRuns returns the runs over the actor's area, newest first.
func (db *DB) ListMatchRuns(ctx context.Context, page Page) ([]*MatchRun, int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActRunMatch)
	if err != nil {
		return nil, 0, err
	}
	var w where
	runScope(u, &w)
	total, err := db.count(ctx, "match_runs", w)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := page.bounds()
	rows, err := db.sql.QueryContext(ctx, `SELECT `+runColumns+` FROM match_runs`+w.sql()+
		fmt.Sprintf(" ORDER BY started_at DESC, id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list runs", err)
	}
	defer rows.Close()
	var out []*MatchRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, 0, internal("list runs", err)
		}
		out = append(out, r)
	}
	return out, total, internal0("list runs", rows.Err())
}

// UnplacedReason is why a worker was left out of a run.
type UnplacedReason struct {
	RunID  string    `json:"run_id"`
	Reason string    `json:"reason"`
	Detail string    `json:"detail"`
	At     time.Time `json:"at"`
}

// LastUnplaced returns why the latest run that considered a worker left
// them out, if it did; NotFound when no run did.
func (db *DB) LastUnplaced(ctx context.Context, workerID string) (*UnplacedReason, error) {
	if _, err := db.GetWorker(ctx, workerID, false); err != nil {
		return nil, err
	}
	var r UnplacedReason
	err := db.sql.QueryRowContext(ctx, `SELECT u.run_id, u.reason, u.detail, m.started_at FROM unplaced u JOIN match_runs m ON m.id = u.run_id
		WHERE u.worker_id = $1 ORDER BY m.started_at DESC LIMIT 1`, workerID).Scan(&r.RunID, &r.Reason, &r.Detail, &r.At)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "no run has left this worker out")
	}
	if err != nil {
		return nil, internal("read unplaced", err)
	}
	return &r, nil
}
