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

const vacancyColumns = `v.id, v.employer_id, e.name, e.credit_code, v.ref, v.occupation, v.title, v.headcount, v.filled, v.wage_min,
	v.wage_max, v.division, v.address, v.lat, v.lon, v.start_date, v.age_min, v.age_max, v.cert_level, v.min_years,
	v.housing, v.meals, v.travel_paid, v.contract_months, v.state, v.created_at, v.updated_at`

const vacancyFrom = ` FROM vacancies v JOIN employers e ON e.id = v.employer_id`

func scanVacancy(row interface{ Scan(...any) error }) (*laborbridge.Vacancy, error) {
	var v laborbridge.Vacancy
	var state string
	err := row.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.CreditCode, &v.Ref, &v.Occupation, &v.Title, &v.Headcount,
		&v.Filled, &v.WageMin, &v.WageMax, &v.Division, &v.Address, &v.Lat, &v.Lon, &v.StartDate, &v.AgeMin, &v.AgeMax,
		&v.CertLevel, &v.MinYears, &v.Housing, &v.Meals, &v.TravelPaid, &v.ContractMonths, &state, &v.CreatedAt, &v.UpdatedAt)
	v.State = laborbridge.VacancyState(state)
	return &v, err
}

// vacancyView is what the audit trail keeps of a vacancy.
type vacancyView struct {
	laborbridge.VacancyInput
	State string `json:"state"`
}

func viewVacancy(v *laborbridge.Vacancy) vacancyView {
	return vacancyView{v.Input(), string(v.State)}
}

func sameVacancy(a, b *laborbridge.Vacancy) bool {
	return viewVacancy(a) == viewVacancy(b)
}

// naturalKey identifies a vacancy across re-imports: the employer's own
// reference when there is one, else what makes two postings the same job.
func naturalKey(employerID string, v *laborbridge.Vacancy) string {
	if v.Ref != "" {
		return employerID + "|ref|" + v.Ref
	}
	return strings.Join([]string{employerID, v.Occupation, v.Title, v.Division, v.StartDate}, "|")
}

// vacancyWriter resolves the employer a vacancy input names and checks
// that the actor may post for it. A province user may name a new employer
// (credit code and name), which is registered on the way.
func (tx *Tx) vacancyEmployer(u *laborbridge.User, v *laborbridge.Vacancy, employerName string) (*laborbridge.Employer, error) {
	e, err := tx.db.scanEmployer(tx.queryRow(`SELECT `+employerColumns+` FROM employers WHERE credit_code = $1`, v.CreditCode))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if u.Role != laborbridge.RoleProvince {
			return nil, laborbridge.FieldErrorf("credit_code", "no partner is registered with credit code %s", v.CreditCode)
		}
		if strings.TrimSpace(employerName) == "" {
			return nil, laborbridge.FieldErrorf("employer", "credit code %s is not registered yet; give the employer's name to register it", v.CreditCode)
		}
		e, err := laborbridge.ParseEmployer(laborbridge.EmployerInput{CreditCode: v.CreditCode, Name: employerName, Division: v.Division})
		if err != nil {
			return nil, err
		}
		if err := tx.insertEmployer(e); err != nil {
			return nil, err
		}
		return e, nil
	case err != nil:
		return nil, internal("read employer", err)
	}
	if u.Role == laborbridge.RolePartner && e.ID != u.EmployerID {
		return nil, laborbridge.FieldErrorf("credit_code", "you may post vacancies only for your own employer")
	}
	return e, nil
}

// CreateVacancy posts a vacancy. Invalid for bad input or an employer the
// actor may not post for; Conflict when the same vacancy exists.
func (db *DB) CreateVacancy(ctx context.Context, in laborbridge.VacancyInput) (*laborbridge.Vacancy, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteVacancies)
	if err != nil {
		return nil, err
	}
	v, err := laborbridge.ParseVacancy(in)
	if err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.vacancyEmployer(u, v, in.Employer)
		if err != nil {
			return err
		}
		v.EmployerID, v.EmployerName = e.ID, e.Name
		return tx.insertVacancy(v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (tx *Tx) insertVacancy(v *laborbridge.Vacancy) error {
	v.ID = uuid.NewString()
	v.CreatedAt, v.UpdatedAt = tx.now, tx.now
	_, err := tx.exec(`INSERT INTO vacancies (id, employer_id, natural_key, ref, occupation, title, headcount, filled, wage_min, wage_max,
		division, address, lat, lon, start_date, age_min, age_max, cert_level, min_years, housing, meals, travel_paid,
		contract_months, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $24)`,
		v.ID, v.EmployerID, naturalKey(v.EmployerID, v), v.Ref, v.Occupation, v.Title, v.Headcount, v.WageMin, v.WageMax,
		v.Division, v.Address, v.Lat, v.Lon, v.StartDate, v.AgeMin, v.AgeMax, v.CertLevel, v.MinYears, v.Housing, v.Meals,
		v.TravelPaid, v.ContractMonths, string(v.State), tx.now)
	if isUniqueViolation(err) {
		return laborbridge.Errorf(laborbridge.Conflict, "this vacancy is already posted (same employer, occupation, title, place and start date, or same reference)")
	}
	if err != nil {
		return internal("insert vacancy", err)
	}
	return tx.audit("vacancy.create", "vacancy", v.ID, v.Division, nil, viewVacancy(v))
}

func (tx *Tx) updateVacancy(old, v *laborbridge.Vacancy) error {
	v.ID, v.EmployerID, v.EmployerName, v.Filled, v.CreatedAt, v.UpdatedAt = old.ID, old.EmployerID, old.EmployerName, old.Filled, old.CreatedAt, tx.now
	if v.Headcount < old.Filled {
		return laborbridge.FieldErrorf("headcount", "%d seats are already taken; the headcount cannot go below that", old.Filled)
	}
	_, err := tx.exec(`UPDATE vacancies SET natural_key = $1, ref = $2, occupation = $3, title = $4, headcount = $5, wage_min = $6,
		wage_max = $7, division = $8, address = $9, lat = $10, lon = $11, start_date = $12, age_min = $13, age_max = $14,
		cert_level = $15, min_years = $16, housing = $17, meals = $18, travel_paid = $19, contract_months = $20, state = $21,
		updated_at = $22 WHERE id = $23`,
		naturalKey(v.EmployerID, v), v.Ref, v.Occupation, v.Title, v.Headcount, v.WageMin, v.WageMax, v.Division, v.Address,
		v.Lat, v.Lon, v.StartDate, v.AgeMin, v.AgeMax, v.CertLevel, v.MinYears, v.Housing, v.Meals, v.TravelPaid,
		v.ContractMonths, string(v.State), tx.now, v.ID)
	if isUniqueViolation(err) {
		return laborbridge.Errorf(laborbridge.Conflict, "another vacancy of this employer has the same reference or description")
	}
	if err != nil {
		return internal("update vacancy", err)
	}
	return tx.audit("vacancy.update", "vacancy", v.ID, v.Division, viewVacancy(old), viewVacancy(v))
}

// UpdateVacancy replaces a vacancy's fields; state may be "open" or
// "closed". NotFound when the actor may not see it.
func (db *DB) UpdateVacancy(ctx context.Context, id string, in laborbridge.VacancyInput, state laborbridge.VacancyState) (*laborbridge.Vacancy, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActWriteVacancies)
	if err != nil {
		return nil, err
	}
	var v *laborbridge.Vacancy
	err = db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.vacancy(u, id)
		if err != nil {
			return err
		}
		if strings.TrimSpace(in.CreditCode) == "" {
			in.CreditCode = old.CreditCode
		}
		v, err = laborbridge.ParseVacancy(in)
		if err != nil {
			return err
		}
		if v.CreditCode != old.CreditCode {
			return laborbridge.FieldErrorf("credit_code", "a vacancy cannot move to another employer")
		}
		switch state {
		case "":
			v.State = old.State
		case laborbridge.VacancyOpen, laborbridge.VacancyClosed:
			v.State = state
		default:
			return laborbridge.FieldErrorf("state", "state must be open or closed")
		}
		if sameVacancy(old, v) {
			*v = *old
			return nil
		}
		return tx.updateVacancy(old, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func vacancyScope(u *laborbridge.User, w *where) {
	employerScope(u, w, "v.employer_id")
}

func (tx *Tx) vacancy(u *laborbridge.User, id string) (*laborbridge.Vacancy, error) {
	var w where
	w.add("v.id = ?", id)
	vacancyScope(u, &w)
	v, err := scanVacancy(tx.queryRow(`SELECT `+vacancyColumns+vacancyFrom+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "vacancy not found")
	}
	if err != nil {
		return nil, internal("read vacancy", err)
	}
	return v, nil
}

// GetVacancy returns a vacancy the actor may see; NotFound otherwise.
func (db *DB) GetVacancy(ctx context.Context, id string) (*laborbridge.Vacancy, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadVacancies)
	if err != nil {
		return nil, err
	}
	return db.reader(ctx).vacancy(u, id)
}

// VacancyFilter narrows ListVacancies.
type VacancyFilter struct {
	Q          string
	Province   string // destination province or any division prefix
	Occupation string // a unit group, or a shorter ISCO prefix for a group
	EmployerID string
	State      string
	MinWage    int
	Housing    bool
	Page       Page
}

// ListVacancies returns the vacancies the actor may see that match f.
func (db *DB) ListVacancies(ctx context.Context, f VacancyFilter) ([]*laborbridge.Vacancy, int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadVacancies)
	if err != nil {
		return nil, 0, err
	}
	var w where
	vacancyScope(u, &w)
	if f.Province != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Province))
		w.add("v.division >= ? AND v.division < ?", lo, hi)
	}
	if f.Occupation != "" {
		lo, hi := prefixRange(f.Occupation)
		w.add("v.occupation >= ? AND v.occupation < ?", lo, hi)
	}
	if f.EmployerID != "" {
		w.add("v.employer_id = ?", f.EmployerID)
	}
	if f.State != "" {
		w.add("v.state = ?", f.State)
	}
	if f.MinWage > 0 {
		w.add("v.wage_max >= ?", f.MinWage)
	}
	if f.Housing {
		w.add("v.housing = ?", true)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		p := likePattern(q)
		w.add(`(v.title LIKE ? ESCAPE '\' OR e.name LIKE ? ESCAPE '\')`, p, p)
	}
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*)`+vacancyFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, internal("count vacancies", err)
	}
	limit, offset := f.Page.bounds()
	rows, err := db.sql.QueryContext(ctx, `SELECT `+vacancyColumns+vacancyFrom+w.sql()+
		fmt.Sprintf(" ORDER BY v.start_date, e.name, v.title, v.id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list vacancies", err)
	}
	defer rows.Close()
	var out []*laborbridge.Vacancy
	for rows.Next() {
		v, err := scanVacancy(rows)
		if err != nil {
			return nil, 0, internal("list vacancies", err)
		}
		out = append(out, v)
	}
	return out, total, internal0("list vacancies", rows.Err())
}
