package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"laborbridge"
	"laborbridge/internal/printout"
	"laborbridge/internal/sign"
)

// Boarding passes carry a token signed with the store's pass key, which is
// made on first use and kept sealed with the personal-data key.
const (
	keyPurposePass    = "pass"
	purposeSigningKey = "signing_key.private"
)

// passSigner returns the active pass key, making one when there is none.
// Two callers making one at once both end with the one that was stored
// first.
func (db *DB) passSigner(ctx context.Context) (*sign.Signer, error) {
	s, err := db.reader(ctx).activeSigner(keyPurposePass)
	if err == nil || laborbridge.KindOf(err) != laborbridge.NotFound {
		return s, err
	}
	key, err := sign.NewKey()
	if err != nil {
		return nil, laborbridge.InternalError(err)
	}
	private, err := key.MarshalText()
	if err != nil {
		return nil, laborbridge.InternalError(err)
	}
	public, err := key.Public().MarshalText()
	if err != nil {
		return nil, laborbridge.InternalError(err)
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO signing_keys (id, purpose, private_enc, public_key, active, created_at) VALUES ($1, $2, $3, $4, TRUE, $5)`,
			key.ID(), keyPurposePass, db.crypt.seal(purposeSigningKey, string(private)), string(public), tx.now)
		if err != nil {
			return err
		}
		return tx.audit("signing_key.create", "signing_key", key.ID(), "", nil, map[string]any{"purpose": keyPurposePass, "public_key": string(public)})
	})
	if err != nil && !isUniqueViolation(err) {
		return nil, internal("store the pass key", err)
	}
	return db.reader(ctx).activeSigner(keyPurposePass)
}

func (tx *Tx) activeSigner(purpose string) (*sign.Signer, error) {
	var sealed []byte
	err := tx.queryRow(`SELECT private_enc FROM signing_keys WHERE purpose = $1 AND active`, purpose).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "no %s key yet", purpose)
	}
	if err != nil {
		return nil, internal("read signing key", err)
	}
	text, err := tx.db.crypt.open(purposeSigningKey, sealed)
	if err != nil {
		return nil, laborbridge.InternalError(err)
	}
	var s sign.Signer
	if err := s.UnmarshalText([]byte(text)); err != nil {
		return nil, laborbridge.InternalError(fmt.Errorf("signing key: %w", err))
	}
	return &s, nil
}

// PassKeys returns the public keys that verify boarding passes, the
// retired ones included, for scanners that check passes offline.
func (db *DB) PassKeys(ctx context.Context) ([]sign.PublicKey, error) {
	if _, err := laborbridge.RequireActor(ctx, ""); err != nil {
		return nil, err
	}
	return db.passKeys(ctx)
}

// passVerifier checks tokens signed with any pass key, retired ones
// included; Invalid on the field when there is no key yet.
func (db *DB) passVerifier(ctx context.Context, field string) (*sign.Verifier, error) {
	keys, err := db.passKeys(ctx)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, laborbridge.FieldErrorf(field, "%v", sign.ErrUnknownKey)
	}
	v, err := sign.NewVerifier(keys...)
	if err != nil {
		return nil, laborbridge.InternalError(err)
	}
	return v, nil
}

func (db *DB) passKeys(ctx context.Context) ([]sign.PublicKey, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT public_key FROM signing_keys WHERE purpose = $1 ORDER BY created_at, id`, keyPurposePass)
	if err != nil {
		return nil, internal("read pass keys", err)
	}
	defer rows.Close()
	var out []sign.PublicKey
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return nil, internal("read pass keys", err)
		}
		var k sign.PublicKey
		if err := k.UnmarshalText([]byte(text)); err != nil {
			return nil, laborbridge.InternalError(fmt.Errorf("pass key: %w", err))
		}
		out = append(out, k)
	}
	return out, internal0("read pass keys", rows.Err())
}

// BoardingPass is what a seat's pass shows, with the seat it belongs to.
type BoardingPass struct {
	SeatID string
	TripID string
	printout.Pass
}

const passColumns = `s.id, s.trip_id, t.number, s.seat_no, s.worker_id, w.name, w.id_mask, t.depart_at, e.event_date, e.point_name,
	e.point_address, em.name, v.division, v.address`

const passFrom = ` FROM seats s JOIN trips t ON t.id = s.trip_id JOIN departure_events e ON e.id = s.event_id
	JOIN workers w ON w.id = s.worker_id JOIN placements p ON p.id = s.placement_id JOIN employers em ON em.id = p.employer_id
	JOIN vacancies v ON v.id = p.vacancy_id`

// passScope limits passes to the seats an actor may print: an office's
// events, a worker's own. The pass is for the seat where boarding happens,
// the one from the gathering point.
func passScope(u *laborbridge.User, w *where) {
	w.add("s.leg = 1")
	switch {
	case u.IsOffice():
		eventScope(u, w, "e.division")
	case u.Role == laborbridge.RoleWorker:
		w.add("s.worker_id = ?", u.WorkerID)
	default:
		w.add("1 = 0")
	}
}

func (db *DB) passes(ctx context.Context, u *laborbridge.User, w where, order string) ([]*BoardingPass, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+passColumns+passFrom+w.sql()+order, w.args...)
	if err != nil {
		return nil, internal("read passes", err)
	}
	type claim struct {
		trip, worker string
		seat         int
		day          string
	}
	var out []*BoardingPass
	var claims []claim
	for rows.Next() {
		var b BoardingPass
		var workerID, day, address, division, pointAddr string
		if err := rows.Scan(&b.SeatID, &b.TripID, &b.Trip, &b.Seat, &workerID, &b.Name, &b.ID, &b.Depart, &day, &b.Gathering,
			&pointAddr, &b.Employer, &division, &address); err != nil {
			rows.Close()
			return nil, internal("read passes", err)
		}
		b.Depart = b.Depart.In(chinaTime)
		b.Event = day + " " + b.Gathering
		if pointAddr != "" {
			b.Gathering += "（" + pointAddr + "）"
		}
		// A vacancy's address names its city already; without one the
		// city is all there is.
		b.Gate = address
		if b.Gate == "" {
			b.Gate = cityName(division)
		}
		out = append(out, &b)
		claims = append(claims, claim{b.TripID, workerID, b.Seat, day})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("read passes", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	signer, err := db.passSigner(ctx)
	if err != nil {
		return nil, err
	}
	today := db.now().In(chinaTime)
	for i, c := range claims {
		day, err := time.Parse("2006-01-02", c.day)
		if err != nil {
			return nil, laborbridge.InternalError(err)
		}
		trip, terr := uuid.Parse(c.trip)
		worker, werr := uuid.Parse(c.worker)
		if err := errors.Join(terr, werr); err != nil {
			return nil, laborbridge.InternalError(fmt.Errorf("pass of seat %s: %w", out[i].SeatID, err))
		}
		// A pass is good through the day after departure, for a bus that
		// waits out the night or a late boarding.
		token, err := signer.Pass(sign.PassClaims{Trip: trip, Worker: worker, Seat: c.seat, Issued: today, Expires: day.AddDate(0, 0, 1)})
		if err != nil {
			return nil, laborbridge.InternalError(fmt.Errorf("sign pass: %w", err))
		}
		out[i].Token = token
	}
	return out, nil
}

// Pass returns the boarding pass of a seat from the gathering point, with
// its signed token: offices print those of their events, a worker sees
// their own. NotFound otherwise.
func (db *DB) Pass(ctx context.Context, seatID string) (*BoardingPass, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	var w where
	w.add("s.id = ?", seatID)
	passScope(u, &w)
	ps, err := db.passes(ctx, u, w, "")
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "boarding pass not found")
	}
	return ps[0], nil
}

// PassToken returns the signed token of a seat's boarding pass: it names
// the trip, the seat and the worker, so it cannot be moved to another trip
// or seat, and any change to it breaks the signature. Scope and errors as
// Pass.
func (db *DB) PassToken(ctx context.Context, seatID string) (string, error) {
	p, err := db.Pass(ctx, seatID)
	if err != nil {
		return "", err
	}
	return p.Token, nil
}

// TripPasses returns the boarding passes of a trip from the gathering
// point, by seat, for printing. Offices only; NotFound for a trip outside
// the actor's area, Invalid for a bus meeting a train (its passengers
// board the train).
func (db *DB) TripPasses(ctx context.Context, tripID string) ([]*BoardingPass, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	t, err := db.reader(ctx).trip(u, tripID)
	if err != nil {
		return nil, err
	}
	if t.FromStation != "" {
		return nil, laborbridge.FieldErrorf("trip", "trip %s meets a train; its passengers' passes are those of their train car", t.Number)
	}
	var w where
	w.add("s.trip_id = ?", tripID)
	passScope(u, &w)
	return db.passes(ctx, u, w, " ORDER BY s.seat_no")
}

// WorkerPasses returns the signed-in worker's boarding passes for trips
// that have not left yet, soonest first. Forbidden for other roles.
func (db *DB) WorkerPasses(ctx context.Context) ([]*BoardingPass, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	if u.Role != laborbridge.RoleWorker {
		return nil, laborbridge.Errorf(laborbridge.Forbidden, "boarding passes are shown to their workers; offices print them from the trip")
	}
	var w where
	passScope(u, &w)
	w.add("t.status IN (?, ?)", string(laborbridge.TripPlanned), string(laborbridge.TripBoarding))
	return db.passes(ctx, u, w, " ORDER BY t.depart_at, s.id")
}

// VerifyPass checks a boarding pass token and returns the seat it names.
// Invalid when the token is not a pass, was forged or altered, was signed
// by an unknown key, or has expired; NotFound when its seat no longer holds
// that worker (moved to another trip or seat, or unseated) or lies outside
// the actor's area. Whether the seat is on the trip being boarded is the
// caller's check. Offices only.
func (db *DB) VerifyPass(ctx context.Context, token string) (*laborbridge.Seat, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActPlanTrips)
	if err != nil {
		return nil, err
	}
	v, err := db.passVerifier(ctx, "token")
	if err != nil {
		return nil, err
	}
	c, err := v.Pass(strings.TrimSpace(token))
	if err != nil {
		return nil, laborbridge.FieldErrorf("token", "%v", err)
	}
	if c.Expired(db.now().In(chinaTime)) {
		return nil, laborbridge.FieldErrorf("token", "this pass expired on %s", c.Expires.Format("2006-01-02"))
	}
	var w where
	w.add("s.trip_id = ? AND s.seat_no = ? AND s.worker_id = ? AND s.leg = 1", uuid.UUID(c.Trip).String(), c.Seat, uuid.UUID(c.Worker).String())
	eventScope(u, &w, "e.division")
	row := db.sql.QueryRowContext(ctx, `SELECT `+seatColumns+seatFrom+` JOIN departure_events e ON e.id = s.event_id`+w.sql(), w.args...)
	s, err := scanSeat(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "this pass's seat is no longer the worker's: the worker was moved or unseated; print a new pass")
	}
	if err != nil {
		return nil, internal("find the pass's seat", err)
	}
	return s, nil
}
