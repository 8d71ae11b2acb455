package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"laborbridge"
)

// audit writes one audit entry in tx: the acting user, the action, the
// object, and its state before and after (nil when absent). Values are
// marshalled to JSON; callers pass views that hold no personal secrets.
func (tx *Tx) audit(action, objectType, objectID, division string, before, after any) error {
	actorID, actorName := "system", "system"
	if tx.actor != nil {
		actorID, actorName = tx.actor.ID, tx.actor.Username
	}
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	tx.seq++
	_, err = tx.exec(`INSERT INTO audit (id, at, seq, actor_id, actor_name, action, object_type, object_id, division, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		uuid.NewString(), tx.now, tx.seq, actorID, actorName, action, objectType, objectID, division, b, a)
	if err != nil {
		return internal("write audit entry", err)
	}
	return nil
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", laborbridge.InternalError(fmt.Errorf("audit: %w", err))
	}
	return string(b), nil
}

// AuditFilter narrows ListAudit.
type AuditFilter struct {
	Action     string
	ObjectType string
	ObjectID   string
	Actor      string
	Since      time.Time
	Page       Page
}

// ListAudit returns audit entries, newest first. Only the province role may
// read the audit trail (Forbidden otherwise).
func (db *DB) ListAudit(ctx context.Context, f AuditFilter) ([]laborbridge.AuditEntry, int, error) {
	if _, err := laborbridge.RequireActor(ctx, laborbridge.ActReadAudit); err != nil {
		return nil, 0, err
	}
	var w where
	if f.Action != "" {
		w.add("action LIKE ?", strings.TrimSuffix(f.Action, "*")+"%")
	}
	if f.ObjectType != "" {
		w.add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		w.add("object_id = ?", f.ObjectID)
	}
	if f.Actor != "" {
		w.add("actor_name = ?", f.Actor)
	}
	if !f.Since.IsZero() {
		w.add("at >= ?", f.Since.UTC())
	}
	total, err := db.count(ctx, "audit", w)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := f.Page.bounds()
	q := `SELECT id, at, actor_id, actor_name, action, object_type, object_id, division, before_json, after_json
		FROM audit` + w.sql() + fmt.Sprintf(" ORDER BY at DESC, seq DESC, id LIMIT %d OFFSET %d", limit, offset)
	rows, err := db.sql.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, internal("list audit", err)
	}
	defer rows.Close()
	var out []laborbridge.AuditEntry
	for rows.Next() {
		var e laborbridge.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID, &e.Division, &e.Before, &e.After); err != nil {
			return nil, 0, internal("list audit", err)
		}
		out = append(out, e)
	}
	return out, total, internal0("list audit", rows.Err())
}

func internal0(op string, err error) error {
	if err == nil {
		return nil
	}
	return internal(op, err)
}
