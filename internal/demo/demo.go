// Package demo makes a synthetic but realistic Shanxi for `laborbridge
// demo`, `laborbridge serve --demo`, and tests and benchmarks at scale:
// workers from the villages of its 117 counties with valid resident ID
// numbers, partners and vacancies in the six provinces Shanxi sends people
// to, and one account of each role.
//
// Everything is drawn from math/rand/v2 generators seeded from
// Options.Seed, so the same seed, size and day give the same bytes. The
// data reaches the store only through its public use cases, the workers
// through the same spreadsheet import the offices use.
package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"

	"laborbridge"
	"laborbridge/internal/sheet"
	"laborbridge/internal/store"
)

// MaxWorkers bounds a demo: the ID numbers of a larger one would no longer
// fit the sequence numbers of idcard.Generate, and a benchmark needs no more.
const MaxWorkers = 5_000_000

// Options say what demo to make.
type Options struct {
	// Workers is how many workers to register, 0 to MaxWorkers.
	Workers int
	// Seed picks the demo; the same seed gives the same data.
	Seed uint64
	// Today is the day the data is made for: ages, availability and the
	// Spring Festival campaign the vacancies start in follow from it.
	// Zero means now.
	Today time.Time
}

func (o Options) today() time.Time {
	if o.Today.IsZero() {
		return time.Now()
	}
	return o.Today
}

func (o Options) check() error {
	if o.Workers < 0 || o.Workers > MaxWorkers {
		return laborbridge.FieldErrorf("workers", "a demo has 0 to %d workers, not %d", MaxWorkers, o.Workers)
	}
	return nil
}

// Result says what Fill stored.
type Result struct {
	Accounts  []Account
	Workers   int
	Employers int
	Vacancies int
	Seats     int // the vacancies' headcounts added up
	// WorkerImport is how long the workers' import took, from the first
	// row written to the commit.
	WorkerImport time.Duration
}

// WorkersCSV writes the demo's workers as an import file: CSV with the
// headers of store.WorkerColumns, in the order of Workers. It returns an
// Invalid error for options out of range, or the error of writing.
func WorkersCSV(w io.Writer, opt Options) error {
	if err := opt.check(); err != nil {
		return err
	}
	return writeRows(w, store.WorkerColumns, workerField, Workers(opt), nil)
}

// VacanciesCSV writes the demo's vacancies as an import file with the
// headers of store.VacancyColumns. It returns an Invalid error for options
// out of range, or the error of writing.
func VacanciesCSV(w io.Writer, opt Options) error {
	if err := opt.check(); err != nil {
		return err
	}
	return writeRows(w, store.VacancyColumns, vacancyField, sliceSeq(Vacancies(opt)), nil)
}

func sliceSeq[T any](xs []T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, x := range xs {
			if !yield(x) {
				return
			}
		}
	}
}

// writeRows writes rows as CSV in schema's order, calling each (if set)
// after every row with the count so far.
func writeRows[T any](w io.Writer, schema sheet.Schema, field func(T, string) (string, bool), rows iter.Seq[T], each func(int)) error {
	sw, err := sheet.NewWriter(w, sheet.CSV, schema, sheet.WriteOptions{PlainCSV: true, BOM: sheet.BOMOff})
	if err != nil {
		return err
	}
	rec := make([]string, len(schema))
	n := 0
	for row := range rows {
		for i, c := range schema {
			rec[i], _ = field(row, c.Key)
		}
		if err := sw.Write(rec); err != nil {
			return err
		}
		n++
		if each != nil {
			each(n)
		}
	}
	return sw.Close()
}

// workerField returns the cell of a worker under a column key, and false
// for a key it does not know.
func workerField(in laborbridge.WorkerInput, key string) (string, bool) {
	switch key {
	case "name":
		return in.Name, true
	case "id_number":
		return in.IDNumber, true
	case "phone":
		return in.Phone, true
	case "home":
		return in.Home, true
	case "village":
		return in.Village, true
	case "occupation":
		return in.Occupation, true
	case "skill_level":
		return in.SkillLevel, true
	case "years":
		return in.Years, true
	case "cert_level":
		return in.CertLevel, true
	case "priority":
		return in.Priority, true
	case "wish_regions":
		return in.WishRegions, true
	case "min_wage":
		return in.MinWage, true
	case "available_from":
		return in.AvailableFrom, true
	}
	return "", false
}

// vacancyField is workerField for vacancies.
func vacancyField(in laborbridge.VacancyInput, key string) (string, bool) {
	switch key {
	case "credit_code":
		return in.CreditCode, true
	case "employer":
		return in.Employer, true
	case "ref":
		return in.Ref, true
	case "occupation":
		return in.Occupation, true
	case "title":
		return in.Title, true
	case "headcount":
		return in.Headcount, true
	case "wage_min":
		return in.WageMin, true
	case "wage_max":
		return in.WageMax, true
	case "place":
		return in.Place, true
	case "address":
		return in.Address, true
	case "start_date":
		return in.StartDate, true
	case "age_min":
		return in.AgeMin, true
	case "age_max":
		return in.AgeMax, true
	case "cert_level":
		return in.CertLevel, true
	case "min_years":
		return in.MinYears, true
	case "housing":
		return in.Housing, true
	case "meals":
		return in.Meals, true
	case "travel_paid":
		return in.TravelPaid, true
	case "contract_months":
		return in.ContractMonths, true
	}
	return "", false
}

// Progress stages reported by Fill, in order.
const (
	StageEmployers = "employers"
	StageVacancies = "vacancies"
	StageWorkers   = "workers"
	StageAccounts  = "accounts"
)

// Fill stores the demo in db, acting as the system: the employers, their
// vacancies (imported as a file), the workers (imported as a file, through
// the same path as an office's upload) and one account of each role, whose
// passwords it returns. progress, if set, hears of each stage's advance;
// during the workers' import it is called from another goroutine, never
// two calls at once.
//
// The database must be empty of workers and of the demo's usernames: the
// demo's accounts would collide with those of an earlier demo, and its
// people would mix with real ones. Fill returns an Invalid error for
// options out of range, a Conflict error for a database in use, and the
// store's errors otherwise; a failure part-way leaves what was stored.
func Fill(ctx context.Context, db *store.DB, opt Options, progress func(stage string, done, total int)) (*Result, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	ctx = laborbridge.WithActor(ctx, laborbridge.System())
	if err := checkEmpty(ctx, db, opt.Seed); err != nil {
		return nil, err
	}
	res := &Result{}

	emps := Employers(opt)
	var partnerID string
	for i, in := range emps {
		e, err := db.CreateEmployer(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("demo employer %s: %w", in.Name, err)
		}
		if i == 0 {
			partnerID = e.ID
		}
		progress(StageEmployers, i+1, len(emps))
	}
	res.Employers = len(emps)

	vacs := Vacancies(opt)
	progress(StageVacancies, 0, len(vacs))
	var buf bytes.Buffer
	if err := writeRows(&buf, store.VacancyColumns, vacancyField, sliceSeq(vacs), nil); err != nil {
		return nil, laborbridge.InternalError(err)
	}
	rep, err := db.Import(ctx, store.ImportVacancies, &buf, store.ImportOptions{FileName: "demo-vacancies.csv"})
	if err != nil {
		return nil, fmt.Errorf("demo vacancies: %w", err)
	}
	if err := stored(rep); err != nil {
		return nil, err
	}
	res.Vacancies = rep.Created
	for _, v := range vacs {
		h, _ := strconv.Atoi(v.Headcount) // written by Vacancies, always a number
		res.Seats += h
	}
	progress(StageVacancies, len(vacs), len(vacs))

	first, err := importWorkers(ctx, db, opt, progress, res)
	if err != nil {
		return nil, err
	}

	var workerID, workerName string
	if opt.Workers > 0 {
		w, err := db.FindWorkerByIDNumber(ctx, first.IDNumber)
		if err != nil {
			return nil, fmt.Errorf("demo worker account: %w", err)
		}
		workerID, workerName = w.ID, w.Name
	}
	accs := accounts(opt.Seed, emps[0], workerName)
	for i, a := range accs {
		if a.Role == laborbridge.RoleWorker && workerID == "" {
			continue // a demo without workers has no worker to sign in as
		}
		u := &laborbridge.User{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Division: a.Division}
		switch a.Role {
		case laborbridge.RolePartner:
			u.EmployerID = partnerID
		case laborbridge.RoleWorker:
			u.WorkerID = workerID
		}
		if err := db.CreateUser(ctx, u, a.Password); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", a.Username, err)
		}
		res.Accounts = append(res.Accounts, a)
		progress(StageAccounts, i+1, len(accs))
	}
	return res, nil
}

// checkEmpty refuses a database that already has workers or any of the
// demo's usernames.
func checkEmpty(ctx context.Context, db *store.DB, seed uint64) error {
	_, n, err := db.ListWorkers(ctx, store.WorkerFilter{Page: store.Page{Size: 1}})
	if err != nil {
		return err
	}
	if n > 0 {
		return laborbridge.Errorf(laborbridge.Conflict, "the database already holds %d workers; the demo fills an empty database only (use a new database file)", n)
	}
	for _, a := range accounts(seed, laborbridge.EmployerInput{}, "") {
		_, err := db.UserByName(ctx, a.Username)
		if err == nil {
			return laborbridge.Errorf(laborbridge.Conflict, "the database already has a user %q, as an earlier demo leaves; the demo's accounts would collide (use a new database file)", a.Username)
		}
		if laborbridge.KindOf(err) != laborbridge.NotFound {
			return err
		}
	}
	return nil
}

// importWorkers streams the workers through db.Import and returns the
// first one, who belongs to the worker account.
func importWorkers(ctx context.Context, db *store.DB, opt Options, progress func(string, int, int), res *Result) (laborbridge.WorkerInput, error) {
	var first laborbridge.WorkerInput
	n := opt.Workers
	progress(StageWorkers, 0, n)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	started := time.Now()
	go func() {
		rows := func(yield func(laborbridge.WorkerInput) bool) {
			for in := range Workers(opt) {
				if first.IDNumber == "" {
					first = in
				}
				if !yield(in) {
					return
				}
			}
		}
		err := writeRows(pw, store.WorkerColumns, workerField, rows, func(i int) {
			if i%1000 == 0 || i == n {
				progress(StageWorkers, i, n)
			}
		})
		pw.CloseWithError(err)
		done <- err
	}()
	rep, err := db.Import(ctx, store.ImportWorkers, pr, store.ImportOptions{FileName: "demo-workers.csv"})
	// Unblock the writer if the import stopped before the end of the file.
	pr.CloseWithError(errors.New("import ended"))
	werr := <-done
	res.WorkerImport = time.Since(started)
	if err != nil {
		return first, fmt.Errorf("demo workers: %w", err)
	}
	if werr != nil {
		return first, laborbridge.InternalError(fmt.Errorf("write demo workers: %w", werr))
	}
	if err := stored(rep); err != nil {
		return first, err
	}
	res.Workers = rep.Created
	return first, nil
}

// stored turns an import that did not store every row into an internal
// error: the generator made a row the rules refuse.
func stored(rep *store.ImportReport) error {
	if rep.Status == store.ImportStored {
		return nil
	}
	msg := fmt.Sprintf("demo %s import %s: %d invalid rows", rep.Kind, rep.Status, rep.Invalid)
	if len(rep.Errors) > 0 {
		e := rep.Errors[0]
		msg += fmt.Sprintf(", first at row %d, %s: %s", e.Line, e.Column, e.Reason)
	}
	return laborbridge.InternalError(errors.New(msg))
}
