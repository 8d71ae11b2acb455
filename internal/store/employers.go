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
)

const employerColumns = `id, credit_code, name, division, address, industry, contact_name, contact_phone_enc, contact_phone_mask, created_at, updated_at`

type employerView struct {
	CreditCode   string `json:"credit_code"`
	Name         string `json:"name"`
	Division     string `json:"division"`
	Address      string `json:"address,omitempty"`
	Industry     string `json:"industry,omitempty"`
	ContactName  string `json:"contact_name,omitempty"`
	ContactPhone string `json:"contact_phone,omitempty"`
}

func viewEmployer(e *laborbridge.Employer) employerView {
	return employerView{e.CreditCode, e.Name, e.Division, e.Address, e.Industry, e.ContactName, laborbridge.MaskPhone(e.ContactPhone)}
}

func (db *DB) scanEmployer(row interface{ Scan(...any) error }) (*laborbridge.Employer, error) {
	var e laborbridge.Employer
	var enc []byte
	var mask string
	if err := row.Scan(&e.ID, &e.CreditCode, &e.Name, &e.Division, &e.Address, &e.Industry, &e.ContactName, &enc, &mask, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	if len(enc) > 0 {
		p, err := db.crypt.open(purposeContact, enc)
		if err != nil {
			return nil, err
		}
		e.ContactPhone = p
	}
	return &e, nil
}

// employerScope limits a partner to its own employer.
func employerScope(u *laborbridge.User, w *where, column string) {
	if u.Role == laborbridge.RolePartner {
		w.add(column+" = ?", u.EmployerID)
	}
}

// CreateEmployer registers a partner employer (province role). Invalid for
// bad input; Conflict when the credit code is already registered.
func (db *DB) CreateEmployer(ctx context.Context, in laborbridge.EmployerInput) (*laborbridge.Employer, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteEmployers)
	if err != nil {
		return nil, err
	}
	if u.Role != laborbridge.RoleProvince {
		return nil, laborbridge.Errorf(laborbridge.Forbidden, "only the provincial office registers partners")
	}
	e, err := laborbridge.ParseEmployer(in)
	if err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx *Tx) error { return tx.insertEmployer(e) })
	return e, err
}

func (tx *Tx) insertEmployer(e *laborbridge.Employer) error {
	e.ID = uuid.NewString()
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	_, err := tx.exec(`INSERT INTO employers (`+employerColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		e.ID, e.CreditCode, e.Name, e.Division, e.Address, e.Industry, e.ContactName, tx.sealOptional(purposeContact, e.ContactPhone),
		laborbridge.MaskPhone(e.ContactPhone), tx.now)
	if isUniqueViolation(err) {
		return &laborbridge.Error{Kind: laborbridge.Conflict, Field: "credit_code", Message: fmt.Sprintf("an employer with credit code %s is already registered", e.CreditCode)}
	}
	if err != nil {
		return internal("insert employer", err)
	}
	return tx.audit("employer.create", "employer", e.ID, e.Division, nil, viewEmployer(e))
}

func (tx *Tx) sealOptional(purpose, s string) []byte {
	if s == "" {
		return nil
	}
	return tx.db.crypt.seal(purpose, s)
}

// UpdateEmployer replaces an employer's fields; the credit code identifies
// it and cannot change. A partner may edit only its own employer.
func (db *DB) UpdateEmployer(ctx context.Context, id string, in laborbridge.EmployerInput) (*laborbridge.Employer, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteEmployers)
	if err != nil {
		return nil, err
	}
	var e *laborbridge.Employer
	err = db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.employer(u, id)
		if err != nil {
			return err
		}
		if strings.TrimSpace(in.CreditCode) == "" {
			in.CreditCode = old.CreditCode
		}
		e, err = laborbridge.ParseEmployer(in)
		if err != nil {
			return err
		}
		if e.CreditCode != old.CreditCode {
			return laborbridge.FieldErrorf("credit_code", "the credit code identifies the employer and cannot be changed")
		}
		e.ID, e.CreatedAt, e.UpdatedAt = old.ID, old.CreatedAt, tx.now
		_, err = tx.exec(`UPDATE employers SET name = $1, division = $2, address = $3, industry = $4, contact_name = $5,
			contact_phone_enc = $6, contact_phone_mask = $7, updated_at = $8 WHERE id = $9`,
			e.Name, e.Division, e.Address, e.Industry, e.ContactName, tx.sealOptional(purposeContact, e.ContactPhone),
			laborbridge.MaskPhone(e.ContactPhone), tx.now, e.ID)
		if err != nil {
			return internal("update employer", err)
		}
		return tx.audit("employer.update", "employer", e.ID, e.Division, viewEmployer(old), viewEmployer(e))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

func (tx *Tx) employer(u *laborbridge.User, id string) (*laborbridge.Employer, error) {
	var w where
	w.add("id = ?", id)
	employerScope(u, &w, "id")
	e, err := tx.db.scanEmployer(tx.queryRow(`SELECT `+employerColumns+` FROM employers`+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "employer not found")
	}
	if err != nil {
		return nil, internal("read employer", err)
	}
	return e, nil
}

// GetEmployer returns an employer the actor may see; NotFound otherwise.
func (db *DB) GetEmployer(ctx context.Context, id string) (*laborbridge.Employer, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadEmployers)
	if err != nil {
		return nil, err
	}
	return db.reader(ctx).employer(u, id)
}

// EmployerFilter narrows ListEmployers.
type EmployerFilter struct {
	Q        string
	Division string
	Page     Page
}

// ListEmployers returns the employers the actor may see.
func (db *DB) ListEmployers(ctx context.Context, f EmployerFilter) ([]*laborbridge.Employer, int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadEmployers)
	if err != nil {
		return nil, 0, err
	}
	var w where
	employerScope(u, &w, "id")
	if q := strings.TrimSpace(f.Q); q != "" {
		w.add(`(name LIKE ? ESCAPE '\' OR credit_code = ?)`, likePattern(q), strings.ToUpper(q))
	}
	if f.Division != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Division))
		w.add("division >= ? AND division < ?", lo, hi)
	}
	total, err := db.count(ctx, "employers", w)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := f.Page.bounds()
	rows, err := db.sql.QueryContext(ctx, `SELECT `+employerColumns+` FROM employers`+w.sql()+
		fmt.Sprintf(" ORDER BY name, id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list employers", err)
	}
	defer rows.Close()
	var out []*laborbridge.Employer
	for rows.Next() {
		e, err := db.scanEmployer(rows)
		if err != nil {
			return nil, 0, internal("list employers", err)
		}
		out = append(out, e)
	}
	return out, total, internal0("list employers", rows.Err())
}

func parseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
