package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"laborbridge"
)

// scheduleFollowUps creates the 30-, 90- and 180-day follow-ups of a
// placement that has just become employed.
func (tx *Tx) scheduleFollowUps(p *laborbridge.Placement) error {
	today := tx.now.In(chinaTime)
	for _, d := range laborbridge.FollowUpDays {
		due := today.AddDate(0, 0, d).Format("2006-01-02")
		if _, err := tx.exec(`INSERT INTO follow_ups (id, placement_id, worker_id, home, employer_id, day, due) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			newID(), p.ID, p.WorkerID, p.Home, p.EmployerID, d, due); err != nil {
			return internal("schedule follow-up", err)
		}
	}
	return nil
}

// FollowUp is one check that a job held.
type FollowUp struct {
	ID          string     `json:"id"`
	PlacementID string     `json:"placement_id"`
	WorkerID    string     `json:"worker_id"`
	Worker      string     `json:"worker"`
	Home        string     `json:"home"`
	Employer    string     `json:"employer"`
	Day         int        `json:"day"`
	Due         string     `json:"due"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	Employed    *bool      `json:"employed,omitempty"`
	Contact     string     `json:"contact,omitempty"`
	Reached     string     `json:"reached,omitempty"`
	Reason      string     `json:"reason,omitempty"`
	Note        string     `json:"note,omitempty"`
	Actor       string     `json:"actor,omitempty"`
}

// FollowUpFilter narrows ListFollowUps. Status is "due" (open and due by
// today), "open" (all not yet done), "done", or empty for all.
type FollowUpFilter struct {
	Status   string
	Division string
	Page     Page
}

const followUpSelect = `SELECT f.id, f.placement_id, f.worker_id, w.name, f.home, e.name, f.day, f.due, f.done_at, f.employed,
	f.contact, f.reached, f.reason, f.note, f.actor_name FROM follow_ups f JOIN workers w ON w.id = f.worker_id
	JOIN employers e ON e.id = f.employer_id`

func scanFollowUp(row interface{ Scan(...any) error }) (*FollowUp, error) {
	var f FollowUp
	var employed sql.NullBool
	if err := row.Scan(&f.ID, &f.PlacementID, &f.WorkerID, &f.Worker, &f.Home, &f.Employer, &f.Day, &f.Due, &f.DoneAt, &employed,
		&f.Contact, &f.Reached, &f.Reason, &f.Note, &f.Actor); err != nil {
		return nil, err
	}
	if employed.Valid {
		f.Employed = &employed.Bool
	}
	return &f, nil
}

// ListFollowUps returns the follow-ups of the office's workers, soonest
// due first. Office roles only.
func (db *DB) ListFollowUps(ctx context.Context, f FollowUpFilter) ([]*FollowUp, int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteWorkers)
	if err != nil {
		return nil, 0, err
	}
	var w where
	lo, hi := prefixRange(u.DivisionPrefix())
	w.add("f.home >= ? AND f.home < ?", lo, hi)
	if f.Division != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Division))
		w.add("f.home >= ? AND f.home < ?", lo, hi)
	}
	today := db.now().In(chinaTime).Format("2006-01-02")
	switch f.Status {
	case "due":
		w.add("f.done_at IS NULL AND f.due <= ?", today)
	case "open":
		w.add("f.done_at IS NULL")
	case "done":
		w.add("f.done_at IS NOT NULL")
	case "":
	default:
		return nil, 0, laborbridge.FieldErrorf("status", "status must be due, open or done")
	}
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM follow_ups f`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, internal("count follow-ups", err)
	}
	limit, offset := f.Page.bounds()
	rows, err := db.sql.QueryContext(ctx, followUpSelect+w.sql()+fmt.Sprintf(" ORDER BY f.due, f.home, w.name, f.id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list follow-ups", err)
	}
	defer rows.Close()
	var out []*FollowUp
	for rows.Next() {
		fu, err := scanFollowUp(rows)
		if err != nil {
			return nil, 0, internal("list follow-ups", err)
		}
		out = append(out, fu)
	}
	return out, total, internal0("list follow-ups", rows.Err())
}

// RecordFollowUp closes a follow-up with what the contact found: the
// placement becomes retained, or left with the reason (and the later
// follow-ups close with it). Invalid for an incomplete record; Conflict
// when it is already done or not yet due; NotFound outside the office's area.
func (db *DB) RecordFollowUp(ctx context.Context, id string, in laborbridge.FollowUpInput) (*FollowUp, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteWorkers)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *FollowUp
	err = db.inTx(ctx, func(tx *Tx) error {
		lo, hi := prefixRange(u.DivisionPrefix())
		fu, err := scanFollowUp(tx.queryRow(followUpSelect+` WHERE f.id = $1 AND f.home >= $2 AND f.home < $3`, id, lo, hi))
		if errors.Is(err, sql.ErrNoRows) {
			return laborbridge.Errorf(laborbridge.NotFound, "follow-up not found")
		}
		if err != nil {
			return internal("read follow-up", err)
		}
		if fu.DoneAt != nil {
			return laborbridge.Errorf(laborbridge.Conflict, "this follow-up was recorded on %s", fu.DoneAt.In(chinaTime).Format("2006-01-02"))
		}
		if today := tx.now.In(chinaTime).Format("2006-01-02"); fu.Due > today {
			return laborbridge.Errorf(laborbridge.Conflict, "this follow-up is due on %s", fu.Due)
		}
		p, err := tx.placement(u, fu.PlacementID)
		if err != nil {
			return err
		}
		event := laborbridge.EventRetain
		if !in.Employed {
			event = laborbridge.EventLeave
		}
		if err := tx.transition(p, event, in.Reason); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE follow_ups SET done_at = $1, employed = $2, contact = $3, reached = $4, reason = $5, note = $6,
			actor_name = $7 WHERE id = $8`, tx.now, in.Employed, in.Contact, in.Reached, in.Reason, in.Note, u.Username, id); err != nil {
			return internal("record follow-up", err)
		}
		if !in.Employed {
			if _, err := tx.exec(`UPDATE follow_ups SET done_at = $1, note = $2, actor_name = $3 WHERE placement_id = $4 AND done_at IS NULL`,
				tx.now, "closed: the worker left", u.Username, fu.PlacementID); err != nil {
				return internal("close follow-ups", err)
			}
		}
		if err := tx.audit("followup.record", "follow_up", id, fu.Home, nil, in); err != nil {
			return err
		}
		out, err = scanFollowUp(tx.queryRow(followUpSelect+` WHERE f.id = $1`, id))
		return internal0("read follow-up", err)
	})
	return out, err
}
