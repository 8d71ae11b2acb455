package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"laborbridge"
	"laborbridge/internal/sheet"
)

// Import kinds.
const (
	ImportWorkers   = "workers"
	ImportVacancies = "vacancies"
)

// Import statuses.
const (
	ImportStored   = "stored"   // every row stored
	ImportPartial  = "partial"  // valid rows stored, invalid ones reported (skip-invalid)
	ImportRejected = "rejected" // invalid rows found, nothing stored
	ImportFailed   = "failed"   // the file could not be read
)

// RowError is one problem of one row, as a spreadsheet user finds it: the
// row number the spreadsheet program shows and the column header as
// written in the file.
type RowError struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// ImportReport says what an import did.
type ImportReport struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	FileName  string     `json:"file_name"`
	Status    string     `json:"status"`
	Rows      int        `json:"rows"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Invalid   int        `json:"invalid"`
	Errors    []RowError `json:"errors"`
	Unknown   []string   `json:"unknown_columns,omitempty"`
	Started   time.Time  `json:"started_at"`
	Finished  time.Time  `json:"finished_at"`
	Actor     string     `json:"actor,omitempty"`
}

// maxStoredErrors bounds the errors kept with an import record; the CLI's
// report file and the API's answer carry them all.
const maxStoredErrors = 5000

// ImportOptions tune an import.
type ImportOptions struct {
	// FileName is recorded with the import and shown in reports.
	FileName string
	// SkipInvalid stores the valid rows even when some are invalid.
	SkipInvalid bool
	// Progress, if set, is called now and then with the bytes read so far.
	Progress func(read int64)
	// Sheet tunes the spreadsheet reader.
	Sheet sheet.Options
}

// Import reads workers or vacancies from a CSV or XLSX stream and stores
// them in one transaction: with any invalid row nothing is stored unless
// opt.SkipInvalid is set. Rows already stored (the same resident ID
// number, or the same vacancy) are updated when they changed and audited;
// unchanged rows are left alone, so re-importing a file adds nothing.
//
// A file that cannot be read as a spreadsheet of the kind returns an
// Invalid error and no report. Invalid rows are reported, not returned as
// an error; the report's Status says what was stored.
func (db *DB) Import(ctx context.Context, kind string, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	var action laborbridge.Action
	var schema sheet.Schema
	switch kind {
	case ImportWorkers:
		action, schema = laborbridge.ActImportWorkers, WorkerColumns
	case ImportVacancies:
		action, schema = laborbridge.ActImportVacancies, VacancyColumns
	default:
		return nil, laborbridge.FieldErrorf("kind", "%q is not a kind of import (workers or vacancies)", kind)
	}
	u, err := laborbridge.RequireActor(ctx, action)
	if err != nil {
		return nil, err
	}
	cr := &countingReader{r: r, progress: opt.Progress}
	sr, err := sheet.NewReader(cr, schema, opt.Sheet)
	if err != nil {
		return nil, fileProblem(err)
	}
	defer sr.Close()

	rep := &ImportReport{ID: uuid.NewString(), Kind: kind, FileName: opt.FileName, Errors: []RowError{},
		Unknown: sr.Header().Unknown, Started: db.now().UTC(), Actor: u.Username}
	var storeErr error
	err = db.inTx(ctx, func(tx *Tx) error {
		if db.dialect == SQLite {
			// A large import touches pages all over the two random-keyed
			// indexes; a bigger cache for this connection keeps them in
			// memory instead of spilling and re-reading them. It goes back
			// to the connection default afterwards.
			if _, err := tx.exec(`PRAGMA cache_size = -131072`); err != nil {
				return internal("import cache", err)
			}
			defer tx.exec(`PRAGMA cache_size = -65536`)
		}
		*rep = ImportReport{ID: rep.ID, Kind: kind, FileName: opt.FileName, Errors: []RowError{}, Unknown: rep.Unknown,
			Started: rep.Started, Actor: u.Username}
		im := &importer{tx: tx, actor: u, rep: rep, header: sr.Header(), schema: schema, skipInvalid: opt.SkipInvalid}
		if kind == ImportWorkers {
			im.batch = &workerBatch{im: im, seen: map[string]int{}}
		} else {
			im.batch = &vacancyBatch{im: im, seen: map[string]int{}}
		}
		for sr.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := im.row(sr.Row()); err != nil {
				return err
			}
		}
		if err := sr.Err(); err != nil {
			return fileProblem(err)
		}
		if err := im.flush(); err != nil {
			return err
		}
		rep.Finished = tx.now
		switch {
		case rep.Invalid == 0:
			rep.Status = ImportStored
		case opt.SkipInvalid:
			rep.Status = ImportPartial
		default:
			rep.Status = ImportRejected
			rep.Created, rep.Updated, rep.Unchanged = 0, 0, 0
			return errRollback
		}
		return tx.audit("import."+kind, "import", rep.ID, u.Division, nil, summary(rep))
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(cr.n)
	}
	if storeErr = db.recordImport(ctx, rep); storeErr != nil {
		return nil, storeErr
	}
	return rep, nil
}

// errRollback ends an import transaction without storing, keeping the report.
var errRollback = errors.New("import rejected")

// fileProblem turns a spreadsheet-level failure into an Invalid error with
// the sheet's own user-safe message.
func fileProblem(err error) error {
	var se *sheet.Error
	if errors.As(err, &se) {
		return laborbridge.FieldErrorf("file", "%s", se.Error())
	}
	var le *laborbridge.Error
	if errors.As(err, &le) {
		return err
	}
	return laborbridge.FieldErrorf("file", "cannot read the file: %v", err)
}

type importSummary struct {
	FileName  string `json:"file_name"`
	Status    string `json:"status"`
	Rows      int    `json:"rows"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Invalid   int    `json:"invalid"`
}

func summary(r *ImportReport) importSummary {
	return importSummary{r.FileName, r.Status, r.Rows, r.Created, r.Updated, r.Unchanged, r.Invalid}
}

// recordImport keeps the import's report, in a transaction of its own so
// that a rejected import still leaves its record.
func (db *DB) recordImport(ctx context.Context, rep *ImportReport) error {
	errs := rep.Errors
	if len(errs) > maxStoredErrors {
		errs = errs[:maxStoredErrors]
	}
	b, err := json.Marshal(errs)
	if err != nil {
		return laborbridge.InternalError(err)
	}
	u := laborbridge.ActorFrom(ctx)
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO imports (id, kind, file_name, actor_id, started_at, finished_at, total_rows, created_rows,
			updated_rows, unchanged_rows, invalid_rows, status, report_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			rep.ID, rep.Kind, rep.FileName, u.ID, rep.Started, tx.now, rep.Rows, rep.Created, rep.Updated, rep.Unchanged,
			rep.Invalid, rep.Status, string(b))
		if err != nil {
			return internal("record import", err)
		}
		if rep.Status == ImportRejected {
			return tx.audit("import."+rep.Kind, "import", rep.ID, u.Division, nil, summary(rep))
		}
		return nil
	})
}

// importer carries one import's state through its rows.
type importer struct {
	tx          *Tx
	actor       *laborbridge.User
	rep         *ImportReport
	header      *sheet.Header
	schema      sheet.Schema
	skipInvalid bool
	batch       batcher
}

// batcher stores valid rows of one kind, a batch at a time. flush looks
// the batch up against what is stored, reports rows that conflict with it,
// and writes the rest only when write is set.
type batcher interface {
	add(line int, r sheet.Row) (problems []RowError)
	flush(write bool) error
	pending() int
}

const importBatch = 500

func (im *importer) row(r sheet.Row) error {
	if im.empty(r) {
		// Office sheets number rows in advance (a 序号 column filled down
		// a hundred rows) and sign at the foot ("填表人：…"): rows with
		// nothing under any column of ours are not data.
		return nil
	}
	im.rep.Rows++
	if p := r.Problem(); p != nil {
		im.invalid([]RowError{{Line: p.Line, Column: p.Column, Reason: p.Msg}})
		return nil
	}
	if probs := im.batch.add(r.Line, r); len(probs) > 0 {
		im.invalid(probs)
		return nil
	}
	if im.batch.pending() >= importBatch {
		return im.flush()
	}
	return nil
}

// empty reports whether a row has no value under any column of the schema.
func (im *importer) empty(r sheet.Row) bool {
	for _, c := range im.schema {
		if !r.Empty(c.Key) {
			return false
		}
	}
	return true
}

func (im *importer) invalid(probs []RowError) {
	im.rep.Invalid++
	im.rep.Errors = append(im.rep.Errors, probs...)
}

// flush stores the pending rows, unless the import already failed and
// will be rolled back, in which case only validation goes on.
func (im *importer) flush() error {
	return im.batch.flush(im.rep.Invalid == 0 || im.skipInvalid)
}

// rejecting reports whether the import will store nothing.
func (im *importer) rejecting() bool { return im.rep.Invalid > 0 && !im.skipInvalid }

// rowErrors turns a validation error into one RowError per field, naming
// the column as the file does.
func (im *importer) rowErrors(line int, err error) []RowError {
	var e *laborbridge.Error
	if !errors.As(err, &e) {
		return []RowError{{Line: line, Reason: err.Error()}}
	}
	probs := e.Problems
	if len(probs) == 0 {
		probs = []*laborbridge.Error{e}
	}
	out := make([]RowError, 0, len(probs))
	for _, p := range probs {
		col := ""
		if p.Field != "" {
			col = im.header.Name(p.Field)
		}
		out = append(out, RowError{Line: line, Column: col, Field: p.Field, Reason: p.Message})
	}
	return out
}

// countingReader counts the bytes read for progress reports.
type countingReader struct {
	r        io.Reader
	n        int64
	last     int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && c.n-c.last >= 1<<20 {
		c.last = c.n
		c.progress(c.n)
	}
	return n, err
}

// GetImport returns an import's record with its stored errors. A user sees
// the imports they ran; the province sees all. NotFound otherwise.
func (db *DB) GetImport(ctx context.Context, id string) (*ImportReport, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	var w where
	w.add("i.id = ?", id)
	importScope(u, &w)
	rep, err := scanImport(db.sql.QueryRowContext(ctx, importSelect+w.sql(), w.args...), true)
	if err != nil {
		return nil, internal("read import", err)
	}
	return rep, nil
}

const importSelect = `SELECT i.id, i.kind, i.file_name, i.status, i.total_rows, i.created_rows, i.updated_rows, i.unchanged_rows,
	i.invalid_rows, i.started_at, i.finished_at, COALESCE(u.username, i.actor_id), i.report_json FROM imports i LEFT JOIN users u ON u.id = i.actor_id`

func importScope(u *laborbridge.User, w *where) {
	if u.Role != laborbridge.RoleProvince {
		w.add("i.actor_id = ?", u.ID)
	}
}

func scanImport(row interface{ Scan(...any) error }, withErrors bool) (*ImportReport, error) {
	var r ImportReport
	var report string
	var finished *time.Time
	if err := row.Scan(&r.ID, &r.Kind, &r.FileName, &r.Status, &r.Rows, &r.Created, &r.Updated, &r.Unchanged, &r.Invalid,
		&r.Started, &finished, &r.Actor, &report); err != nil {
		return nil, err
	}
	if finished != nil {
		r.Finished = *finished
	}
	r.Errors = []RowError{}
	if withErrors && report != "" {
		if err := json.Unmarshal([]byte(report), &r.Errors); err != nil {
			return nil, fmt.Errorf("import report: %w", err)
		}
	}
	return &r, nil
}

// ListImports returns recent imports, newest first.
func (db *DB) ListImports(ctx context.Context, page Page) ([]*ImportReport, int, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, 0, err
	}
	var w where
	importScope(u, &w)
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM imports i`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, internal("count imports", err)
	}
	limit, offset := page.bounds()
	rows, err := db.sql.QueryContext(ctx, importSelect+w.sql()+fmt.Sprintf(" ORDER BY i.started_at DESC, i.id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list imports", err)
	}
	defer rows.Close()
	var out []*ImportReport
	for rows.Next() {
		r, err := scanImport(rows, false)
		if err != nil {
			return nil, 0, internal("list imports", err)
		}
		out = append(out, r)
	}
	return out, total, internal0("list imports", rows.Err())
}

// inList returns the placeholders of k values that follow offset others
// in a statement whose values are all bound in order: "$n, $n+1, …" on
// PostgreSQL, plain "?, ?, …" on SQLite, which resolves each "$n" by a
// linear search of the statement's names, so that a multi-row insert of
// thousands of values with "$n" costs quadratic time there.
func (db *DB) inList(offset, k int) string {
	var b strings.Builder
	for i := 0; i < k; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		if db.dialect == SQLite {
			b.WriteByte('?')
		} else {
			fmt.Fprintf(&b, "$%d", offset+i+1)
		}
	}
	return b.String()
}
