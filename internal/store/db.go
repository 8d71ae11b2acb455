// Package store keeps laborbridge's data in SQLite or PostgreSQL. It holds
// one concrete type, *DB, with one file per aggregate; every use case runs
// in one transaction that checks the acting user's scope and writes the
// audit entry, so the CLI, the API and the pages cannot disagree.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/google/uuid"

	"laborbridge"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the platform's storage.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	crypt   *crypt
	now     func() time.Time
	path    string // the SQLite file, empty for PostgreSQL
}

// Options configure Open.
type Options struct {
	// Key is the 32-byte master key for personal data; see LoadKey.
	Key []byte
	// Now is the clock; nil means time.Now. Each transaction reads it once.
	Now func() time.Time
}

// sqlitePragmas are set on every connection: WAL for concurrent readers,
// synchronous FULL because NORMAL can lose the last commits on power loss,
// a busy timeout so writers queue instead of failing, foreign keys on, and
// immediate transactions so two writers never deadlock upgrading a lock.
// Statement journals stay in memory (temp_store), and each connection may
// cache 64 MiB of pages: a large import otherwise spends most of its time
// spilling dirty pages to the WAL mid-transaction. The WAL is copied back
// into the database every 8,000 pages (32 MiB) rather than SQLite's 1,000:
// planning a province's departures writes tens of megabytes in a row of
// transactions, and each checkpoint costs its own writes and syncs.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(15000)&_pragma=foreign_keys(1)" +
	"&_pragma=temp_store(2)&_pragma=cache_size(-65536)&_pragma=wal_autocheckpoint(8000)&_txlock=immediate"

// Open connects to the database named by dsn: a postgres:// or
// postgresql:// URL, or else a SQLite file path (created when absent).
// It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	if len(opt.Key) != keySize {
		return nil, fmt.Errorf("open store: the personal-data key must be %d bytes, got %d", keySize, len(opt.Key))
	}
	c, err := newCrypt(opt.Key)
	if err != nil {
		return nil, err
	}
	db := &DB{crypt: c, now: opt.Now}
	if db.now == nil {
		db.now = time.Now
	}
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db.dialect = Postgres
		db.sql, err = sql.Open("pgx", dsn)
		if err == nil {
			db.sql.SetMaxOpenConns(20)
		}
	default:
		db.dialect = SQLite
		db.path = strings.TrimPrefix(dsn, "file:")
		if i := strings.IndexByte(db.path, '?'); i >= 0 {
			db.path = db.path[:i]
		}
		db.sql, err = sql.Open("sqlite", "file:"+(&url.URL{Path: db.path}).EscapedPath()+"?"+sqlitePragmas)
		if err == nil {
			// Idle connections are kept, not closed: a SQLite connection
			// carries its page cache and parsed schema, and reopening one
			// for every burst of reads (database/sql keeps 2 by default)
			// cost planning a province's January a third of its time in
			// freeing and refilling caches.
			db.sql.SetMaxOpenConns(8)
			db.sql.SetMaxIdleConns(8)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", db.dialect, err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.dialect, err)
	}
	return db, nil
}

// Close releases the connections.
func (db *DB) Close() error { return db.sql.Close() }

// Dialect returns the engine behind db.
func (db *DB) Dialect() Dialect { return db.dialect }

// SQL returns the underlying handle, for tests and maintenance commands.
func (db *DB) SQL() *sql.DB { return db.sql }

// Path returns the SQLite file, or "" for PostgreSQL.
func (db *DB) Path() string { return db.path }

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is one transaction with its context, clock reading and acting user.
// A Tx from reader runs its queries outside a transaction.
type Tx struct {
	q     querier
	ctx   context.Context
	db    *DB
	now   time.Time
	actor *laborbridge.User
	seq   int // audit entries written so far, to keep their order
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	return tx.q.ExecContext(tx.ctx, query, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	return tx.q.QueryContext(tx.ctx, query, args...)
}

func (tx *Tx) prepare(query string) (*sql.Stmt, error) {
	if stx, ok := tx.q.(*sql.Tx); ok {
		return stx.PrepareContext(tx.ctx, query)
	}
	return tx.db.sql.PrepareContext(tx.ctx, query)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	return tx.q.QueryRowContext(tx.ctx, query, args...)
}

// reader returns a Tx for reads that need no transaction: on SQLite a
// transaction would take the write lock (immediate mode).
func (db *DB) reader(ctx context.Context) *Tx {
	return &Tx{q: db.sql, ctx: ctx, db: db, now: db.now().UTC(), actor: laborbridge.ActorFrom(ctx)}
}

// inTx runs fn in a transaction, committing when it returns nil. The clock
// is read once, so every row written carries the same time. Serialization
// failures and busy databases are retried a few times, since both engines
// may ask a writer to try again.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.tryTx(ctx, fn)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
	return err
}

func (db *DB) tryTx(ctx context.Context, fn func(tx *Tx) error) error {
	stx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return laborbridge.InternalError(fmt.Errorf("begin: %w", err))
	}
	tx := &Tx{q: stx, ctx: ctx, db: db, now: db.now().UTC(), actor: laborbridge.ActorFrom(ctx)}
	if err := fn(tx); err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return laborbridge.InternalError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

func retryable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE 40001") || strings.Contains(msg, "SQLSTATE 40P01") ||
		strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// internal wraps a database failure as an Internal error, keeping "not
// found" as its own kind.
func internal(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return laborbridge.Errorf(laborbridge.NotFound, "%s: not found", op)
	}
	var le *laborbridge.Error
	if errors.As(err, &le) {
		return err
	}
	return laborbridge.InternalError(fmt.Errorf("%s: %w", op, err))
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// prefixRange turns a division prefix into a half-open range of codes, so
// that scope filters use a plain index on both engines: "1401" → ["1401", "1402").
func prefixRange(prefix string) (lo, hi string) {
	if prefix == "" {
		return "", "~" // after every digit, and valid text for PostgreSQL
	}
	b := []byte(prefix)
	b[len(b)-1]++
	return prefix, string(b)
}

// newID returns a random (v4) UUID: keys that spread evenly when the
// tables are distributed.
func newID() string { return uuid.NewString() }

// sortedIDs returns n new ids in ascending order: rows inserted in that
// order append to the primary key's B-tree instead of splitting pages all
// over it, and the ids stay random v4 UUIDs.
func sortedIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = newID()
	}
	slices.Sort(ids)
	return ids
}
