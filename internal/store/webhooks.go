package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"laborbridge"
)

// The events webhooks may subscribe to.
var WebhookEvents = []string{
	"placement.accepted", "placement.declined", "placement.confirmed", "placement.rejected",
	"placement.scheduled", "placement.boarded", "placement.arrived", "placement.no_show", "placement.employed",
	"placement.retained", "placement.left", "trip.departed", "trip.arrived", "match.run",
}

// Delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed" // gave up after MaxAttempts
)

// MaxAttempts bounds the tries of one delivery; retryDelays spaces them.
const MaxAttempts = 8

var retryDelays = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour}

// Webhook is a subscription: events about a division (an office's area)
// or an employer (a partner's own) are POSTed to URL.
type Webhook struct {
	ID         string    `json:"id"`
	Division   string    `json:"division,omitempty"`
	EmployerID string    `json:"employer_id,omitempty"`
	URL        string    `json:"url"`
	Events     []string  `json:"events"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	// Secret signs the deliveries; it is returned once, at creation.
	Secret string `json:"secret,omitempty"`
}

// WebhookInput is what a user gives to subscribe.
type WebhookInput struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

const purposeWebhook = "webhook.secret"

// CreateWebhook subscribes the actor's area (an office) or employer (a
// partner) to events. Invalid for a bad URL or event; Forbidden for roles
// that receive none.
func (db *DB) CreateWebhook(ctx context.Context, in WebhookInput) (*Webhook, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	h := &Webhook{ID: newID(), Active: true}
	switch {
	case u.IsOffice():
		h.Division = u.DivisionPrefix()
	case u.Role == laborbridge.RolePartner:
		h.EmployerID = u.EmployerID
	default:
		return nil, laborbridge.Errorf(laborbridge.Forbidden, "the %s role receives no webhooks", u.Role)
	}
	var p laborbridge.Problems
	target, err := url.Parse(strings.TrimSpace(in.URL))
	if err != nil || (target.Scheme != "https" && target.Scheme != "http") || target.Host == "" {
		p.Add("url", "give an http:// or https:// address")
	} else {
		h.URL = target.String()
	}
	if len(in.Events) == 0 {
		p.Add("events", "choose at least one event")
	}
	for _, e := range in.Events {
		if !slices.Contains(WebhookEvents, e) {
			p.Add("events", "unknown event %q", e)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	h.Events = slices.Clone(in.Events)
	slices.Sort(h.Events)
	h.Secret = "whsec_" + rand.Text()
	err = db.inTx(ctx, func(tx *Tx) error {
		h.CreatedAt = tx.now
		_, err := tx.exec(`INSERT INTO webhooks (id, owner_id, division, employer_id, url, events, secret_enc, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, h.ID, u.ID, h.Division, nullable(h.EmployerID), h.URL,
			strings.Join(h.Events, ","), db.crypt.seal(purposeWebhook, h.Secret), true, tx.now)
		if err != nil {
			return internal("create webhook", err)
		}
		return tx.audit("webhook.create", "webhook", h.ID, h.Division, nil, map[string]any{"url": h.URL, "events": h.Events})
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// webhookScope limits webhooks to the actor's own subscriptions (all for
// the province).
func webhookScope(u *laborbridge.User, w *where) {
	switch {
	case u.Role == laborbridge.RoleProvince:
	case u.IsOffice():
		w.add("division = ?", u.DivisionPrefix())
	case u.Role == laborbridge.RolePartner:
		w.add("employer_id = ?", u.EmployerID)
	default:
		w.add("1 = 0")
	}
}

// ListWebhooks returns the actor's subscriptions.
func (db *DB) ListWebhooks(ctx context.Context) ([]*Webhook, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	var w where
	webhookScope(u, &w)
	rows, err := db.sql.QueryContext(ctx, `SELECT id, division, COALESCE(employer_id, ''), url, events, active, created_at FROM webhooks`+w.sql()+` ORDER BY created_at, id`, w.args...)
	if err != nil {
		return nil, internal("list webhooks", err)
	}
	defer rows.Close()
	var out []*Webhook
	for rows.Next() {
		var h Webhook
		var events string
		if err := rows.Scan(&h.ID, &h.Division, &h.EmployerID, &h.URL, &events, &h.Active, &h.CreatedAt); err != nil {
			return nil, internal("list webhooks", err)
		}
		h.Events = strings.Split(events, ",")
		out = append(out, &h)
	}
	return out, internal0("list webhooks", rows.Err())
}

// DeleteWebhook ends a subscription of the actor's; NotFound otherwise.
func (db *DB) DeleteWebhook(ctx context.Context, id string) error {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var w where
		w.add("id = ?", id)
		webhookScope(u, &w)
		res, err := tx.exec(`DELETE FROM webhooks`+w.sql(), w.args...)
		if err != nil {
			return internal("delete webhook", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return laborbridge.Errorf(laborbridge.NotFound, "webhook not found")
		}
		return tx.audit("webhook.delete", "webhook", id, u.Division, nil, nil)
	})
}

// emit queues event for every active webhook that should hear of it: the
// offices whose area contains division and the employer's partner. It
// writes in tx, so the announcement and the change commit together.
func (tx *Tx) emit(event, division, employerID string, payload any) error {
	body, err := json.Marshal(map[string]any{"event": event, "at": tx.now.Format(time.RFC3339), "data": payload})
	if err != nil {
		return laborbridge.InternalError(err)
	}
	rows, err := tx.query(`SELECT id, division, COALESCE(employer_id, ''), events FROM webhooks WHERE active`)
	if err != nil {
		return internal("find webhooks", err)
	}
	var targets []string
	for rows.Next() {
		var id, div, emp, events string
		if err := rows.Scan(&id, &div, &emp, &events); err != nil {
			rows.Close()
			return internal("find webhooks", err)
		}
		if !slices.Contains(strings.Split(events, ","), event) {
			continue
		}
		if (emp != "" && emp == employerID) || (emp == "" && division != "" && strings.HasPrefix(division, div)) {
			targets = append(targets, id)
		}
	}
	rows.Close()
	for _, id := range targets {
		if _, err := tx.exec(`INSERT INTO webhook_deliveries (id, webhook_id, event, payload_json, status, next_attempt_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)`, newID(), id, event, string(body), DeliveryPending, tx.now); err != nil {
			return internal("queue delivery", err)
		}
	}
	return nil
}

// Delivery is one message to send.
type Delivery struct {
	ID         string    `json:"id"`
	WebhookID  string    `json:"webhook_id"`
	URL        string    `json:"url"`
	Event      string    `json:"event"`
	Payload    string    `json:"payload"`
	Status     string    `json:"status"`
	Attempts   int       `json:"attempts"`
	LastStatus int       `json:"last_status"`
	LastError  string    `json:"last_error,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Secret     string    `json:"-"`
}

// DueDeliveries returns up to limit pending deliveries whose time has
// come, oldest first, with their webhooks' secrets, for the delivery loop.
func (db *DB) DueDeliveries(ctx context.Context, limit int) ([]*Delivery, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT d.id, d.webhook_id, h.url, d.event, d.payload_json, d.status, d.attempts, d.last_status,
		d.last_error, d.created_at, h.secret_enc FROM webhook_deliveries d JOIN webhooks h ON h.id = d.webhook_id
		WHERE d.status = $1 AND d.next_attempt_at <= $2 AND h.active ORDER BY d.next_attempt_at, d.id LIMIT $3`,
		DeliveryPending, db.now().UTC(), limit)
	if err != nil {
		return nil, internal("due deliveries", err)
	}
	defer rows.Close()
	var out []*Delivery
	for rows.Next() {
		var d Delivery
		var secret []byte
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.URL, &d.Event, &d.Payload, &d.Status, &d.Attempts, &d.LastStatus,
			&d.LastError, &d.CreatedAt, &secret); err != nil {
			return nil, internal("due deliveries", err)
		}
		if d.Secret, err = db.crypt.open(purposeWebhook, secret); err != nil {
			return nil, internal("due deliveries", err)
		}
		out = append(out, &d)
	}
	return out, internal0("due deliveries", rows.Err())
}

// RecordAttempt notes the outcome of sending a delivery: delivered on a
// 2xx answer, else pending again after a growing delay, or failed after
// MaxAttempts.
func (db *DB) RecordAttempt(ctx context.Context, id string, status int, sendErr error) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var attempts int
		if err := tx.queryRow(`SELECT attempts FROM webhook_deliveries WHERE id = $1`, id).Scan(&attempts); err != nil {
			return internal("record attempt", err)
		}
		attempts++
		msg := ""
		if sendErr != nil {
			msg = sendErr.Error()
		} else if status < 200 || status > 299 {
			msg = fmt.Sprintf("answered %d", status)
		}
		if len(msg) > 300 {
			msg = msg[:300]
		}
		state, next := DeliveryDelivered, tx.now
		var delivered any = tx.now
		if msg != "" {
			delivered = nil
			state = DeliveryPending
			if attempts >= MaxAttempts {
				state = DeliveryFailed
			} else {
				next = tx.now.Add(retryDelays[min(attempts-1, len(retryDelays)-1)])
			}
		}
		_, err := tx.exec(`UPDATE webhook_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, last_status = $4,
			last_error = $5, delivered_at = $6 WHERE id = $7`, state, attempts, next, status, msg, delivered, id)
		return internal0("record attempt", err)
	})
}

// ListDeliveries returns the latest deliveries of one of the actor's
// webhooks, newest first: the delivery log.
func (db *DB) ListDeliveries(ctx context.Context, webhookID string, page Page) ([]*Delivery, int, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.add("id = ?", webhookID)
	webhookScope(u, &w)
	var url string
	err = db.sql.QueryRowContext(ctx, `SELECT url FROM webhooks`+w.sql(), w.args...).Scan(&url)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, laborbridge.Errorf(laborbridge.NotFound, "webhook not found")
	}
	if err != nil {
		return nil, 0, internal("read webhook", err)
	}
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1`, webhookID).Scan(&total); err != nil {
		return nil, 0, internal("count deliveries", err)
	}
	limit, offset := page.bounds()
	rows, err := db.sql.QueryContext(ctx, fmt.Sprintf(`SELECT id, webhook_id, event, payload_json, status, attempts, last_status, last_error, created_at
		FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id LIMIT %d OFFSET %d`, limit, offset), webhookID)
	if err != nil {
		return nil, 0, internal("list deliveries", err)
	}
	defer rows.Close()
	var out []*Delivery
	for rows.Next() {
		d := Delivery{URL: url}
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.Event, &d.Payload, &d.Status, &d.Attempts, &d.LastStatus, &d.LastError, &d.CreatedAt); err != nil {
			return nil, 0, internal("list deliveries", err)
		}
		out = append(out, &d)
	}
	return out, total, internal0("list deliveries", rows.Err())
}
