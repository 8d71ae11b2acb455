package store

import (
	"context"
	"fmt"

	"laborbridge"
)

// Count is one bar of a chart: a key (a division or occupation code) and a number.
type Count struct {
	Key string
	N   int
}

// Overview is what the home page counts, within the actor's scope.
type Overview struct {
	Workers         int
	Priority        int
	Vacancies       int // open
	Seats           int // open seats
	Employers       int
	WorkersByArea   []Count // by city for a province user, by county below
	SeatsByProvince []Count
	TopOccupations  []Count // registered workers
	// Pipeline counts the placements the actor may see by state, in the
	// order of a placement's life: the campaign's funnel.
	Pipeline []Count
}

// Overview counts workers, vacancies and partners in the actor's scope.
func (db *DB) Overview(ctx context.Context) (*Overview, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	o := &Overview{}
	if u.Can(laborbridge.ActReadWorkers) {
		var w where
		workerScope(u, &w)
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN priority THEN 1 ELSE 0 END), 0) FROM workers`+w.sql(), w.args...).
			Scan(&o.Workers, &o.Priority); err != nil {
			return nil, internal("count workers", err)
		}
		digits := 4
		if p := u.DivisionPrefix(); len(p) >= 4 {
			digits = 6
		}
		if o.WorkersByArea, err = db.counts(ctx, fmt.Sprintf(`SELECT SUBSTR(home, 1, %d), COUNT(*) FROM workers%s GROUP BY SUBSTR(home, 1, %d) ORDER BY 2 DESC LIMIT 12`, digits, w.sql(), digits), w.args); err != nil {
			return nil, err
		}
		if o.TopOccupations, err = db.counts(ctx, `SELECT occupation, COUNT(*) FROM workers`+w.sql()+` GROUP BY occupation ORDER BY 2 DESC, 1 LIMIT 8`, w.args); err != nil {
			return nil, err
		}
	}
	if u.Can(laborbridge.ActReadVacancies) {
		var w where
		vacancyScope(u, &w)
		w.add("v.state = ?", string(laborbridge.VacancyOpen))
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(v.headcount - v.filled), 0)`+vacancyFrom+w.sql(), w.args...).
			Scan(&o.Vacancies, &o.Seats); err != nil {
			return nil, internal("count vacancies", err)
		}
		if o.SeatsByProvince, err = db.counts(ctx, `SELECT SUBSTR(v.division, 1, 2), SUM(v.headcount - v.filled)`+vacancyFrom+w.sql()+
			` GROUP BY SUBSTR(v.division, 1, 2) ORDER BY 2 DESC`, w.args); err != nil {
			return nil, err
		}
		for i := range o.SeatsByProvince {
			o.SeatsByProvince[i].Key += "0000"
		}
	}
	{
		var w where
		placementScope(u, &w)
		byState, err := db.counts(ctx, `SELECT p.state, COUNT(*) FROM placements p`+w.sql()+` GROUP BY p.state`, w.args)
		if err != nil {
			return nil, err
		}
		n := map[string]int{}
		for _, c := range byState {
			n[c.Key] = c.N
		}
		for _, st := range laborbridge.PlacementStates {
			if n[string(st)] > 0 {
				o.Pipeline = append(o.Pipeline, Count{string(st), n[string(st)]})
			}
		}
	}
	if u.Can(laborbridge.ActReadEmployers) {
		var w where
		employerScope(u, &w, "id")
		if o.Employers, err = db.count(ctx, "employers", w); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func (db *DB) counts(ctx context.Context, q string, args []any) ([]Count, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal("count", err)
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, internal("count", err)
		}
		out = append(out, c)
	}
	return out, internal0("count", rows.Err())
}
