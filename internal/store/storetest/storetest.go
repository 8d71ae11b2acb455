// Package storetest opens fresh, migrated stores for tests: SQLite in a
// temporary file always, and PostgreSQL in a schema of its own whenever
// LABORBRIDGE_TEST_POSTGRES names a server (always in CI).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

// Key is the fixed personal-data key of test stores.
var Key = []byte("0123456789abcdef0123456789abcdef")

// Clock is a settable clock for tests.
type Clock struct{ T time.Time }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Start is the default test time: 2026-12-01 09:00 in Beijing.
var Start = time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Engines runs fn once per available engine as a subtest named after it.
// PostgreSQL is required, not skipped, when CI is set.
func Engines(t *testing.T, fn func(t *testing.T, db *store.DB, clock *Clock)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		clock := &Clock{T: Start}
		fn(t, OpenSQLite(t, clock), clock)
	})
	t.Run("postgres", func(t *testing.T) {
		clock := &Clock{T: Start}
		fn(t, OpenPostgres(t, clock), clock)
	})
}

// OpenSQLite returns a migrated store in a fresh SQLite file.
func OpenSQLite(t testing.TB, clock *Clock) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"), clock)
}

// PostgresDSN returns the test server's address, or "" when none is
// configured; it fails the test in CI, where one must be.
func PostgresDSN(t testing.TB) string {
	dsn := os.Getenv("LABORBRIDGE_TEST_POSTGRES")
	if dsn == "" && os.Getenv("CI") != "" {
		t.Fatal("LABORBRIDGE_TEST_POSTGRES is not set, and CI must test on PostgreSQL")
	}
	return dsn
}

// OpenPostgres returns a migrated store in a new schema of the test server,
// dropped when the test ends; it skips when no server is configured
// outside CI.
func OpenPostgres(t testing.TB, clock *Clock) *store.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	if dsn == "" {
		t.Skip("LABORBRIDGE_TEST_POSTGRES is not set")
	}
	schema := "lbtest_" + strings.ToLower(rand.Text()[:12])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("LABORBRIDGE_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return open(t, u.String(), clock)
}

func open(t testing.TB, dsn string, clock *Clock) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{Key: Key, Now: clock.Now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// As returns ctx acting as u.
func As(u *laborbridge.User) context.Context {
	return laborbridge.WithActor(context.Background(), u)
}

// System returns a context acting as the system user.
func System() context.Context { return As(laborbridge.System()) }

// MustUser creates a user with a known password and returns it.
func MustUser(t testing.TB, db *store.DB, u laborbridge.User) *laborbridge.User {
	t.Helper()
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	if err := db.CreateUser(System(), &u, "correct horse battery"); err != nil {
		t.Fatalf("create user %s: %v", u.Username, fmt.Sprint(err))
	}
	return &u
}
