package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"laborbridge"
)

// Purposes bind ciphertexts and look-up hashes to their column.
const (
	purposeIDNumber = "worker.id_number"
	purposePhone    = "worker.phone"
	purposeContact  = "employer.contact_phone"
)

// workerView is what the audit trail keeps of a worker: masked identity only.
type workerView struct {
	Name          string   `json:"name"`
	IDMasked      string   `json:"id_number"`
	PhoneMasked   string   `json:"phone"`
	Home          string   `json:"home"`
	Village       string   `json:"village,omitempty"`
	Occupation    string   `json:"occupation"`
	SkillLevel    int      `json:"skill_level,omitempty"`
	Years         int      `json:"years,omitempty"`
	CertLevel     int      `json:"cert_level,omitempty"`
	Priority      bool     `json:"priority"`
	WishRegions   []string `json:"wish_regions,omitempty"`
	MinWage       int      `json:"min_wage,omitempty"`
	AvailableFrom string   `json:"available_from,omitempty"`
	Status        string   `json:"status"`
	PhoneChanged  bool     `json:"phone_changed,omitempty"`
}

func viewWorker(w *laborbridge.Worker) workerView {
	return workerView{w.Name, w.IDMasked, w.PhoneMasked, w.Home, w.Village, w.Occupation, w.SkillLevel, w.Years,
		w.CertLevel, w.Priority, w.WishRegions, w.MinWage, w.AvailableFrom, string(w.Status), false}
}

// sameWorker reports whether two versions of a worker hold the same data.
func sameWorker(a, b *laborbridge.Worker) bool {
	return a.Name == b.Name && a.Phone == b.Phone && a.Home == b.Home && a.Village == b.Village &&
		a.Occupation == b.Occupation && a.SkillLevel == b.SkillLevel && a.Years == b.Years &&
		a.CertLevel == b.CertLevel && a.Priority == b.Priority && strings.Join(a.WishRegions, ",") == strings.Join(b.WishRegions, ",") &&
		a.MinWage == b.MinWage && a.AvailableFrom == b.AvailableFrom
}

const workerColumns = `id, id_enc, id_mask, name, birth_date, male, registered, phone_enc, phone_mask, home, village,
	occupation, skill_level, years, cert_level, priority, wish_regions, min_wage, available_from, status, created_at, updated_at`

// scanWorker reads a row of workerColumns, decrypting the ID number and
// phone only when full is set.
func (db *DB) scanWorker(row interface{ Scan(...any) error }, full bool) (*laborbridge.Worker, error) {
	var w laborbridge.Worker
	var idEnc, phoneEnc []byte
	var birth, wishes, status string
	err := row.Scan(&w.ID, &idEnc, &w.IDMasked, &w.Name, &birth, &w.Male, &w.Registered, &phoneEnc, &w.PhoneMasked,
		&w.Home, &w.Village, &w.Occupation, &w.SkillLevel, &w.Years, &w.CertLevel, &w.Priority, &wishes, &w.MinWage,
		&w.AvailableFrom, &status, &w.CreatedAt, &w.UpdatedAt)
	if err != nil {
		return nil, err
	}
	w.Birth, _ = parseDay(birth)
	w.Status = laborbridge.WorkerStatus(status)
	if wishes != "" {
		w.WishRegions = strings.Split(wishes, ",")
	}
	if full {
		if w.IDNumber, err = db.crypt.open(purposeIDNumber, idEnc); err != nil {
			return nil, err
		}
		if w.Phone, err = db.crypt.open(purposePhone, phoneEnc); err != nil {
			return nil, err
		}
	}
	return &w, nil
}

// workerScope adds the acting user's scope to a worker query: offices see
// their division, a worker only their own record.
func workerScope(u *laborbridge.User, w *where) {
	switch {
	case u.IsOffice():
		if p := u.DivisionPrefix(); p != "" {
			lo, hi := prefixRange(p)
			w.add("home >= ? AND home < ?", lo, hi)
		}
	case u.Role == laborbridge.RoleWorker:
		w.add("id = ?", u.WorkerID)
	default:
		w.add("1 = 0")
	}
}

// outOfScope returns the error for a worker the actor may not touch: an
// office writing outside its area is refused plainly, since the division is
// the actor's own input.
func outOfScope(u *laborbridge.User, home string) error {
	return laborbridge.FieldErrorf("home", "home county %s is outside your area (%s)", home, u.Division)
}

// CreateWorker registers a worker from in. Invalid when a rule is broken or
// the home county is outside the actor's area; Conflict when the ID number
// is already registered.
func (db *DB) CreateWorker(ctx context.Context, in laborbridge.WorkerInput) (*laborbridge.Worker, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteWorkers)
	if err != nil {
		return nil, err
	}
	w, err := laborbridge.ParseWorker(in, db.now())
	if err != nil {
		return nil, err
	}
	if !u.SeesDivision(w.Home) {
		return nil, outOfScope(u, w.Home)
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		return tx.insertWorker(w)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (tx *Tx) insertWorker(w *laborbridge.Worker) error {
	c := tx.db.crypt
	w.ID = uuid.NewString()
	w.CreatedAt, w.UpdatedAt = tx.now, tx.now
	_, err := tx.exec(`INSERT INTO workers (`+workerColumns+`, id_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
		w.ID, c.seal(purposeIDNumber, w.IDNumber), w.IDMasked, w.Name, w.Birth.Format("2006-01-02"), w.Male, w.Registered,
		c.seal(purposePhone, w.Phone), w.PhoneMasked, w.Home, w.Village, w.Occupation, w.SkillLevel, w.Years, w.CertLevel,
		w.Priority, strings.Join(w.WishRegions, ","), w.MinWage, w.AvailableFrom, string(w.Status), tx.now, tx.now,
		c.lookup(purposeIDNumber, w.IDNumber))
	if isUniqueViolation(err) {
		return &laborbridge.Error{Kind: laborbridge.Conflict, Field: "id_number", Message: fmt.Sprintf("a worker with ID number %s is already registered", w.IDMasked)}
	}
	if err != nil {
		return internal("insert worker", err)
	}
	return tx.audit("worker.create", "worker", w.ID, w.Home, nil, viewWorker(w))
}

// updateWorker writes w's editable fields over the stored row old,
// auditing the difference.
func (tx *Tx) updateWorker(old, w *laborbridge.Worker) error {
	c := tx.db.crypt
	w.ID, w.CreatedAt, w.UpdatedAt, w.Status = old.ID, old.CreatedAt, tx.now, old.Status
	_, err := tx.exec(`UPDATE workers SET name = $1, phone_enc = $2, phone_mask = $3, home = $4, village = $5, occupation = $6,
		skill_level = $7, years = $8, cert_level = $9, priority = $10, wish_regions = $11, min_wage = $12, available_from = $13,
		updated_at = $14 WHERE id = $15`,
		w.Name, c.seal(purposePhone, w.Phone), w.PhoneMasked, w.Home, w.Village, w.Occupation, w.SkillLevel, w.Years,
		w.CertLevel, w.Priority, strings.Join(w.WishRegions, ","), w.MinWage, w.AvailableFrom, tx.now, w.ID)
	if err != nil {
		return internal("update worker", err)
	}
	after := viewWorker(w)
	after.PhoneChanged = old.Phone != w.Phone
	return tx.audit("worker.update", "worker", w.ID, w.Home, viewWorker(old), after)
}

// UpdateWorker replaces the editable fields of a worker in the actor's
// scope. The ID number identifies the person and cannot change here
// (Invalid when in names another); an empty ID number or phone keeps the
// stored one, so that forms need not reveal them. NotFound outside the
// actor's scope.
func (db *DB) UpdateWorker(ctx context.Context, id string, in laborbridge.WorkerInput) (*laborbridge.Worker, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteWorkers)
	if err != nil {
		return nil, err
	}
	var w *laborbridge.Worker
	err = db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.workerForUpdate(u, id)
		if err != nil {
			return err
		}
		if strings.TrimSpace(in.IDNumber) == "" {
			in.IDNumber = old.IDNumber
		}
		if strings.TrimSpace(in.Phone) == "" {
			in.Phone = old.Phone
		}
		w, err = laborbridge.ParseWorker(in, tx.now)
		if err != nil {
			return err
		}
		if w.IDNumber != old.IDNumber {
			return laborbridge.FieldErrorf("id_number", "the ID number identifies the worker and cannot be changed; register a new worker instead")
		}
		if !u.SeesDivision(w.Home) {
			return outOfScope(u, w.Home)
		}
		if sameWorker(old, w) {
			*w = *old
			return nil
		}
		return tx.updateWorker(old, w)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (tx *Tx) workerForUpdate(u *laborbridge.User, id string) (*laborbridge.Worker, error) {
	var w where
	w.add("id = ?", id)
	workerScope(u, &w)
	old, err := tx.db.scanWorker(tx.queryRow(`SELECT `+workerColumns+` FROM workers`+w.sql(), w.args...), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "worker not found")
	}
	if err != nil {
		return nil, internal("read worker", err)
	}
	return old, nil
}

// GetWorker returns a worker in the actor's scope (NotFound otherwise). The
// ID number and phone come masked unless reveal is set and the role may see
// them; each reveal is audited.
func (db *DB) GetWorker(ctx context.Context, id string, reveal bool) (*laborbridge.Worker, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadWorkers)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("id = ?", id)
	workerScope(u, &w)
	full := reveal && (u.SeesFullIDNumbers() || u.Role == laborbridge.RoleWorker)
	wk, err := db.scanWorker(db.sql.QueryRowContext(ctx, `SELECT `+workerColumns+` FROM workers`+w.sql(), w.args...), full)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "worker not found")
	}
	if err != nil {
		return nil, internal("read worker", err)
	}
	if !full {
		return wk, nil
	}
	if err := db.inTx(ctx, func(tx *Tx) error {
		return tx.audit("worker.reveal", "worker", wk.ID, wk.Home, nil, nil)
	}); err != nil {
		return nil, err
	}
	return wk, nil
}

// FindWorkerByIDNumber returns the worker registered with an ID number, in
// the actor's scope; NotFound otherwise.
func (db *DB) FindWorkerByIDNumber(ctx context.Context, number string) (*laborbridge.Worker, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadWorkers)
	if err != nil {
		return nil, err
	}
	id, err := laborbridge.ParseIDNumber(number, db.now())
	if err != nil {
		return nil, err
	}
	var w where
	w.add("id_hash = ?", db.crypt.lookup(purposeIDNumber, id.Number))
	workerScope(u, &w)
	wk, err := db.scanWorker(db.sql.QueryRowContext(ctx, `SELECT `+workerColumns+` FROM workers`+w.sql(), w.args...), false)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "no worker with ID number %s", id.Mask())
	}
	if err != nil {
		return nil, internal("find worker", err)
	}
	return wk, nil
}

// where turns the filter into SQL within the actor's scope.
func (f WorkerFilter) where(db *DB, u *laborbridge.User) where {
	var w where
	workerScope(u, &w)
	if f.Division != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Division))
		w.add("home >= ? AND home < ?", lo, hi)
	}
	if f.Occupation != "" {
		w.add("occupation = ?", f.Occupation)
	}
	if f.Priority != nil {
		w.add("priority = ?", *f.Priority)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		if id, err := laborbridge.ParseIDNumber(q, db.now()); err == nil {
			w.add("id_hash = ?", db.crypt.lookup(purposeIDNumber, id.Number))
		} else {
			w.add(`name LIKE ? ESCAPE '\'`, likePattern(q))
		}
	}
	return w
}

// WorkerFilter narrows ListWorkers. Q matches a name, or an exact ID number
// or mobile number.
type WorkerFilter struct {
	Q          string
	Division   string // a division code or prefix within the actor's scope
	Occupation string
	Priority   *bool
	Status     string
	Page       Page
}

// ListWorkers returns the workers in the actor's scope that match f, and
// how many match in all.
func (db *DB) ListWorkers(ctx context.Context, f WorkerFilter) ([]*laborbridge.Worker, int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadWorkers)
	if err != nil {
		return nil, 0, err
	}
	w := f.where(db, u)
	total, err := db.count(ctx, "workers", w)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := f.Page.bounds()
	rows, err := db.sql.QueryContext(ctx, `SELECT `+workerColumns+` FROM workers`+w.sql()+
		fmt.Sprintf(" ORDER BY home, name, id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list workers", err)
	}
	defer rows.Close()
	var out []*laborbridge.Worker
	for rows.Next() {
		wk, err := db.scanWorker(rows, false)
		if err != nil {
			return nil, 0, internal("list workers", err)
		}
		out = append(out, wk)
	}
	return out, total, internal0("list workers", rows.Err())
}
