package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// columnTypes fills the type placeholders of the migrations per dialect, so
// that both engines run one schema text.
var columnTypes = map[Dialect]*strings.Replacer{
	SQLite: strings.NewReplacer("{{bytes}}", "BLOB", "{{time}}", "TIMESTAMP", "{{float}}", "REAL",
		"{{without_rowid}}", " WITHOUT ROWID"),
	Postgres: strings.NewReplacer("{{bytes}}", "BYTEA", "{{time}}", "TIMESTAMPTZ", "{{float}}", "DOUBLE PRECISION",
		"{{without_rowid}}", ""),
}

// migrations returns the embedded migrations rewritten for d.
func migrations(d Dialect) (fs.FS, error) {
	out := fstest.MapFS{}
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out[e.Name()] = &fstest.MapFile{Data: []byte(columnTypes[d].Replace(string(b)))}
	}
	return out, nil
}

// Migrate applies every embedded migration not yet applied and returns how
// many ran. Concurrent callers on PostgreSQL wait on a lock table rather
// than an advisory lock, which distributed engines lack.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	fsys, err := migrations(db.dialect)
	if err != nil {
		return 0, fmt.Errorf("read migrations: %w", err)
	}
	// Parts of the system are built side by side, each with its migration
	// number reserved in advance, so a number may land after higher ones
	// were applied (00003, transport, after 00004 and 00005): such a
	// migration is applied first, then the new ones, instead of refusing
	// the database.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresTableLocker()
		if err != nil {
			return 0, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.sql, fsys, opts...)
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}
