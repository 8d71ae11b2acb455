package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"laborbridge"
	"laborbridge/internal/sign"
)

// driverLinkDays is how long after its trip's last arrival a driver's link
// still works: the driver reports a late arrival, the office a late
// hand-over.
const driverLinkDays = 2

// DriverLink is a trip's driver's link: a token, signed with the pass key,
// that lets whoever holds it see the trip and its passengers (masked) and
// report its departure and arrival, until Expires (a calendar date in
// China, inclusive).
type DriverLink struct {
	Token   string
	Expires time.Time
}

// URL is the driver's page of the link on the server at base, an address
// such as https://jobs.example.cn.
func (l *DriverLink) URL(base string) string {
	return strings.TrimRight(base, "/") + "/drive/" + l.Token
}

// DriverLink issues the driver's link of a trip of the actor's office's
// events. Issuing is audited, since the link grants access. NotFound for a
// trip outside the actor's area; Conflict once the trip has arrived.
func (db *DB) DriverLink(ctx context.Context, tripID string) (*DriverLink, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	t, err := db.reader(ctx).trip(u, tripID)
	if err != nil {
		return nil, err
	}
	if t.Status == laborbridge.TripArrived {
		return nil, laborbridge.Errorf(laborbridge.Conflict, "trip %s has arrived; its driver needs no link", t.Number)
	}
	id, err := uuid.Parse(t.ID)
	if err != nil {
		return nil, laborbridge.InternalError(err)
	}
	signer, err := db.passSigner(ctx)
	if err != nil {
		return nil, err
	}
	today := db.now().In(chinaTime)
	last := t.Arrive
	if last.IsZero() || last.Before(today) {
		last = today
	}
	expires := last.In(chinaTime).AddDate(0, 0, driverLinkDays)
	token, err := signer.Driver(sign.DriverClaims{Trip: id, Issued: today, Expires: expires})
	if err != nil {
		return nil, laborbridge.InternalError(err)
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		division, err := tx.eventDivision(t.EventID)
		if err != nil {
			return err
		}
		return tx.audit("trip.driver_link", "trip", t.ID, division, nil, map[string]string{"number": t.Number, "expires": expires.Format(time.DateOnly)})
	})
	if err != nil {
		return nil, err
	}
	y, m, d := expires.Date()
	return &DriverLink{Token: token, Expires: time.Date(y, m, d, 0, 0, 0, 0, chinaTime)}, nil
}

// DriverActor checks a driver's link and returns the actor it stands for
// (laborbridge.Driver). Unauthorized when the token is not a genuine
// driver's link or has expired; NotFound when its trip no longer exists
// (re-planned). It needs no signed-in actor: the link is the credential.
func (db *DB) DriverActor(ctx context.Context, token string) (*laborbridge.User, error) {
	v, err := db.passVerifier(ctx, "token")
	if err != nil {
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "this driver's link is not genuine")
	}
	c, err := v.Driver(strings.TrimSpace(token))
	if err != nil {
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "this driver's link is not genuine: %v", err)
	}
	if c.Expired(db.now().In(chinaTime)) {
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "this driver's link expired on %s; ask the office for a new one", c.Expires.Format(time.DateOnly))
	}
	tripID := uuid.UUID(c.Trip).String()
	var number string
	if err := db.sql.QueryRowContext(ctx, `SELECT number FROM trips WHERE id = $1`, tripID).Scan(&number); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, laborbridge.Errorf(laborbridge.NotFound, "this driver's trip is no longer planned; ask the office for the new trip's link")
		}
		return nil, internal("read trip", err)
	}
	return laborbridge.Driver(tripID, number), nil
}
