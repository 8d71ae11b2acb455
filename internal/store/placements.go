package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"laborbridge"
)

const placementColumns = `p.id, p.run_id, p.worker_id, w.name, p.home, p.vacancy_id, v.title, p.employer_id, e.name, v.division,
	v.start_date, p.score, p.parts_json, p.distance_km, p.state, p.reason, p.created_at, p.updated_at`

const placementFrom = ` FROM placements p JOIN workers w ON w.id = p.worker_id JOIN vacancies v ON v.id = p.vacancy_id
	JOIN employers e ON e.id = p.employer_id`

func scanPlacement(row interface{ Scan(...any) error }) (*laborbridge.Placement, error) {
	var p laborbridge.Placement
	var parts, state string
	err := row.Scan(&p.ID, &p.RunID, &p.WorkerID, &p.WorkerName, &p.Home, &p.VacancyID, &p.VacancyTitle, &p.EmployerID,
		&p.EmployerName, &p.Place, &p.StartDate, &p.Score, &parts, &p.DistanceKm, &state, &p.Reason, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, err
	}
	p.State = laborbridge.PlacementState(state)
	if parts != "" {
		if err := json.Unmarshal([]byte(parts), &p.Parts); err != nil {
			return nil, fmt.Errorf("placement parts: %w", err)
		}
	}
	return &p, nil
}

// placementScope limits placements to those the actor may see: an office's
// workers, a partner's vacancies, a worker's own.
func placementScope(u *laborbridge.User, w *where) {
	switch {
	case u.IsOffice():
		if p := u.DivisionPrefix(); p != "" {
			lo, hi := prefixRange(p)
			w.add("p.home >= ? AND p.home < ?", lo, hi)
		}
	case u.Role == laborbridge.RolePartner:
		w.add("p.employer_id = ?", u.EmployerID)
	case u.Role == laborbridge.RoleWorker:
		w.add("p.worker_id = ?", u.WorkerID)
	default:
		w.add("1 = 0")
	}
}

// PlacementFilter narrows ListPlacements.
type PlacementFilter struct {
	RunID     string
	State     string
	Division  string // home division code or prefix
	Employer  string
	VacancyID string
	WorkerID  string
	Q         string // worker name
	Page      Page
}

func (f PlacementFilter) where(u *laborbridge.User) where {
	var w where
	placementScope(u, &w)
	if f.RunID != "" {
		w.add("p.run_id = ?", f.RunID)
	}
	if f.State != "" {
		w.add("p.state = ?", f.State)
	}
	if f.Division != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Division))
		w.add("p.home >= ? AND p.home < ?", lo, hi)
	}
	if f.Employer != "" {
		w.add("p.employer_id = ?", f.Employer)
	}
	if f.VacancyID != "" {
		w.add("p.vacancy_id = ?", f.VacancyID)
	}
	if f.WorkerID != "" {
		w.add("p.worker_id = ?", f.WorkerID)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		w.add(`w.name LIKE ? ESCAPE '\'`, likePattern(q))
	}
	return w
}

// ListPlacements returns the placements the actor may see that match f,
// newest first, and how many match in all.
func (db *DB) ListPlacements(ctx context.Context, f PlacementFilter) ([]*laborbridge.Placement, int, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, 0, err
	}
	w := f.where(u)
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*)`+placementFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, internal("count placements", err)
	}
	limit, offset := f.Page.bounds()
	rows, err := db.sql.QueryContext(ctx, `SELECT `+placementColumns+placementFrom+w.sql()+
		fmt.Sprintf(" ORDER BY p.created_at DESC, p.home, w.name, p.id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list placements", err)
	}
	defer rows.Close()
	var out []*laborbridge.Placement
	for rows.Next() {
		p, err := scanPlacement(rows)
		if err != nil {
			return nil, 0, internal("list placements", err)
		}
		out = append(out, p)
	}
	return out, total, internal0("list placements", rows.Err())
}

// GetPlacement returns a placement the actor may see; NotFound otherwise.
func (db *DB) GetPlacement(ctx context.Context, id string) (*laborbridge.Placement, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	return db.reader(ctx).placement(u, id)
}

func (tx *Tx) placement(u *laborbridge.User, id string) (*laborbridge.Placement, error) {
	var w where
	w.add("p.id = ?", id)
	placementScope(u, &w)
	p, err := scanPlacement(tx.queryRow(`SELECT `+placementColumns+placementFrom+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "placement not found")
	}
	if err != nil {
		return nil, internal("read placement", err)
	}
	return p, nil
}

// TransitionResult says what happened to each placement of a bulk change.
type TransitionResult struct {
	ID    string `json:"id"`
	State string `json:"state,omitempty"`
	Error string `json:"error,omitempty"`
}

// Transition applies event to each placement, all in one transaction: a
// placement the actor may not see, or whose state forbids the event, is
// reported and left unchanged; the others change. reason is kept with
// declines, rejections and departures. The role must be allowed to cause
// the event (Forbidden otherwise).
func (db *DB) Transition(ctx context.Context, ids []string, event laborbridge.PlacementEvent, reason string) ([]TransitionResult, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	if !laborbridge.MayCause(u.Role, event) {
		return nil, laborbridge.Errorf(laborbridge.Forbidden, "the %s role may not %s placements", u.Role, event)
	}
	if len(ids) == 0 {
		return nil, laborbridge.FieldErrorf("ids", "choose at least one placement")
	}
	if len(ids) > 5000 {
		return nil, laborbridge.FieldErrorf("ids", "at most 5,000 placements at once")
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 200 {
		return nil, laborbridge.FieldErrorf("reason", "at most 200 characters")
	}
	out := make([]TransitionResult, len(ids))
	err = db.inTx(ctx, func(tx *Tx) error {
		for i, id := range ids {
			out[i] = TransitionResult{ID: id}
			p, err := tx.placement(u, id)
			if err == nil {
				err = tx.transition(p, event, reason)
			}
			if err != nil {
				if laborbridge.KindOf(err) == laborbridge.Internal {
					return err
				}
				out[i].Error = laborbridge.MessageOf(err)
				continue
			}
			out[i].State = string(p.State)
		}
		return nil
	})
	return out, err
}

// transition moves p by event, keeping the vacancy's count of live
// placements and the worker's status in step, and audits the change.
func (tx *Tx) transition(p *laborbridge.Placement, event laborbridge.PlacementEvent, reason string) error {
	next, err := p.State.Next(event)
	if err != nil {
		return err
	}
	before := p.State
	if _, err := tx.exec(`UPDATE placements SET state = $1, live = $2, reason = $3, updated_at = $4 WHERE id = $5 AND state = $6`,
		string(next), next.Live(), reason, tx.now, p.ID, string(before)); err != nil {
		return internal("update placement", err)
	}
	if before.Live() && !next.Live() {
		if _, err := tx.exec(`UPDATE vacancies SET filled = filled - 1, updated_at = $1 WHERE id = $2`, tx.now, p.VacancyID); err != nil {
			return internal("free seat", err)
		}
		if _, err := tx.exec(`UPDATE workers SET status = $1, updated_at = $2 WHERE id = $3`, string(laborbridge.WorkerRegistered), tx.now, p.WorkerID); err != nil {
			return internal("free worker", err)
		}
	}
	if next == laborbridge.PlacementEmployed {
		if _, err := tx.exec(`UPDATE workers SET status = $1, updated_at = $2 WHERE id = $3`, string(laborbridge.WorkerEmployed), tx.now, p.WorkerID); err != nil {
			return internal("employ worker", err)
		}
	}
	p.State, p.Reason, p.UpdatedAt = next, reason, tx.now
	type view struct {
		State  string `json:"state"`
		Reason string `json:"reason,omitempty"`
	}
	return tx.audit("placement."+string(event), "placement", p.ID, p.Home, view{State: string(before)}, view{string(next), reason})
}
