package store

import (
	"database/sql"
	"fmt"
	"strings"

	"laborbridge"
	"laborbridge/internal/sheet"
)

// workerBatch collects valid worker rows and stores them a batch at a time.
type workerBatch struct {
	im   *importer
	seen map[string]int // ID number → the row that first had it
	rows []pendingWorker
}

type pendingWorker struct {
	line int
	w    *laborbridge.Worker
	hash []byte
}

func (b *workerBatch) pending() int { return len(b.rows) }

func (b *workerBatch) add(line int, r sheet.Row) []RowError {
	im := b.im
	in := workerInputOf(r)
	// An 18-digit number cell cannot be right: spreadsheets keep 15
	// significant digits. The 15-digit old form survives as a number.
	if r.Numeric("id_number") && len(strings.TrimSpace(in.IDNumber)) > 15 {
		return []RowError{{Line: line, Column: im.header.Name("id_number"), Field: "id_number",
			Reason: fmt.Sprintf("the ID number %s was stored as a number and lost its last digits; format the column as text and type it again", in.IDNumber)}}
	}
	w, err := laborbridge.ParseWorker(in, im.tx.now)
	if err != nil {
		return im.rowErrors(line, err)
	}
	if !im.actor.SeesDivision(w.Home) {
		return im.rowErrors(line, outOfScope(im.actor, w.Home))
	}
	if first, dup := b.seen[w.IDNumber]; dup {
		return []RowError{{Line: line, Column: im.header.Name("id_number"), Field: "id_number",
			Reason: fmt.Sprintf("the same ID number as row %d", first)}}
	}
	b.seen[w.IDNumber] = line
	b.rows = append(b.rows, pendingWorker{line: line, w: w, hash: im.tx.db.crypt.lookup(purposeIDNumber, w.IDNumber)})
	return nil
}

func (b *workerBatch) flush(write bool) error {
	if len(b.rows) == 0 {
		return nil
	}
	im, tx := b.im, b.im.tx
	existing, err := b.lookup()
	if err != nil {
		return err
	}
	var fresh []*laborbridge.Worker
	type change struct{ old, w *laborbridge.Worker }
	var changes []change
	for _, p := range b.rows {
		old, ok := existing[string(p.hash)]
		switch {
		case !ok:
			fresh = append(fresh, p.w)
		case !im.actor.SeesDivision(old.Home):
			im.invalid([]RowError{{Line: p.line, Column: im.header.Name("id_number"), Field: "id_number",
				Reason: fmt.Sprintf("this person is registered by another office (%s)", old.Home)}})
		case sameWorker(old, p.w):
			im.rep.Unchanged++
		default:
			changes = append(changes, change{old, p.w})
		}
	}
	b.rows = b.rows[:0]
	if !write || im.rejecting() {
		return nil
	}
	if err := tx.insertWorkers(fresh); err != nil {
		return err
	}
	im.rep.Created += len(fresh)
	for _, c := range changes {
		if err := tx.updateWorker(c.old, c.w); err != nil {
			return err
		}
	}
	im.rep.Updated += len(changes)
	return nil
}

// lookup returns the stored workers of the batch by ID hash.
func (b *workerBatch) lookup() (map[string]*laborbridge.Worker, error) {
	tx := b.im.tx
	args := make([]any, len(b.rows))
	for i, p := range b.rows {
		args[i] = p.hash
	}
	rows, err := tx.query(`SELECT `+workerColumns+`, id_hash FROM workers WHERE id_hash IN (`+tx.db.inList(0, len(args))+`)`, args...)
	if err != nil {
		return nil, internal("look up workers", err)
	}
	defer rows.Close()
	out := map[string]*laborbridge.Worker{}
	for rows.Next() {
		var hash []byte
		w, err := tx.db.scanWorker(scanPlus{rows, &hash}, true)
		if err != nil {
			return nil, internal("look up workers", err)
		}
		out[string(hash)] = w
	}
	return out, internal0("look up workers", rows.Err())
}

// scanPlus scans a row with extra trailing columns.
type scanPlus struct {
	row   interface{ Scan(...any) error }
	extra any
}

func (s scanPlus) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

const workerInsertColumns = 23

// insertWorkers stores new workers. On SQLite one prepared single-row
// insert per worker is fastest: a multi-row insert must keep a statement
// journal (it could fail half-way on a unique key), which costs more than
// the statement calls it saves. PostgreSQL gets multi-row inserts, which
// save round trips. Their creation is audited by the import's own entry,
// which names the file and counts; updates are audited row by row.
func (tx *Tx) insertWorkers(ws []*laborbridge.Worker) error {
	if len(ws) == 0 {
		return nil
	}
	per := 400
	if tx.db.dialect == SQLite {
		per = 1
	}
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]any, 0, per*workerInsertColumns)
	for start := 0; start < len(ws); start += per {
		chunk := ws[start:min(start+per, len(ws))]
		args = args[:0]
		for _, w := range chunk {
			args = tx.workerRow(args, w)
		}
		if stmt == nil || len(chunk) != per {
			if stmt != nil {
				stmt.Close()
			}
			var err error
			if stmt, err = tx.prepare(tx.insertWorkersSQL(len(chunk))); err != nil {
				return internal("insert workers", err)
			}
		}
		if _, err := stmt.ExecContext(tx.ctx, args...); err != nil {
			return internal("insert workers", err)
		}
	}
	return nil
}

func (tx *Tx) insertWorkersSQL(rows int) string {
	var q strings.Builder
	q.WriteString(`INSERT INTO workers (` + workerColumns + `, id_hash) VALUES `)
	for i := 0; i < rows; i++ {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(" + tx.db.inList(i*workerInsertColumns, workerInsertColumns) + ")")
	}
	return q.String()
}

// workerRow appends the insert values of a new worker, giving it its id.
func (tx *Tx) workerRow(args []any, w *laborbridge.Worker) []any {
	c := tx.db.crypt
	w.ID = newID()
	w.CreatedAt, w.UpdatedAt = tx.now, tx.now
	return append(args, w.ID, c.seal(purposeIDNumber, w.IDNumber), w.IDMasked, w.Name, w.Birth.Format("2006-01-02"),
		w.Male, w.Registered, c.seal(purposePhone, w.Phone), w.PhoneMasked, w.Home, w.Village, w.Occupation,
		w.SkillLevel, w.Years, w.CertLevel, w.Priority, strings.Join(w.WishRegions, ","), w.MinWage, w.AvailableFrom,
		string(w.Status), tx.now, tx.now, c.lookup(purposeIDNumber, w.IDNumber))
}
