package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"laborbridge"
	"laborbridge/internal/store"
)

// dbFlags are the flags of every command that opens the database.
type dbFlags struct {
	dsn     string
	keyFile string
	as      string
}

func (a *app) addDBFlags(c *cobra.Command, f *dbFlags, withAs bool) {
	def := a.getenv("LABORBRIDGE_DB")
	if def == "" {
		def = "laborbridge.db"
	}
	c.Flags().StringVar(&f.dsn, "db", def, "SQLite file or postgres:// URL (env LABORBRIDGE_DB)")
	c.Flags().StringVar(&f.keyFile, "key-file", a.getenv("LABORBRIDGE_KEY_FILE"), "file holding the personal-data key (env LABORBRIDGE_KEY_FILE; default: beside the database)")
	if withAs {
		c.Flags().StringVar(&f.as, "as", "", "act as this user, within its scope (default: the system, which sees everything)")
	}
}

// keyPath is where the personal-data key lives when no key is given: beside
// a SQLite file, or in the working directory for PostgreSQL.
func (f *dbFlags) keyPath() string {
	if f.keyFile != "" {
		return f.keyFile
	}
	if isPostgres(f.dsn) {
		return "laborbridge.key"
	}
	return strings.TrimPrefix(f.dsn, "file:") + ".key"
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// open opens and migrates the database, loading the key from
// LABORBRIDGE_KEY or the key file, and creating a key file with a warning
// on first use. It returns a context acting as the --as user or the system.
func (a *app) open(ctx context.Context, f *dbFlags) (*store.DB, context.Context, error) {
	var key []byte
	if env := a.getenv("LABORBRIDGE_KEY"); env != "" {
		k, err := store.ParseKey(env)
		if err != nil {
			return nil, nil, usageError{"LABORBRIDGE_KEY: " + err.Error()}
		}
		key = k
	} else {
		k, created, err := store.LoadKey(f.keyPath(), true)
		if err != nil {
			return nil, nil, err
		}
		if created {
			fmt.Fprintf(a.stderr, "warning: generated a new personal-data key in %s; keep it safe and back it up with the database: without it, ID numbers cannot be read\n", f.keyPath())
		}
		key = k
	}
	db, err := store.Open(ctx, f.dsn, store.Options{Key: key})
	if err != nil {
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	actor := laborbridge.System()
	if f.as != "" {
		u, err := db.UserByName(ctx, f.as)
		if err != nil {
			db.Close()
			return nil, nil, err
		}
		actor = u
	}
	return db, laborbridge.WithActor(ctx, actor), nil
}
