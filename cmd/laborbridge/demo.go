package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"laborbridge/internal/demo"
	"laborbridge/internal/store"
)

func (a *app) demoCmd() *cobra.Command {
	var f dbFlags
	var workers int
	var seed int64
	var csvOut, day string
	var january bool
	c := &cobra.Command{
		Use:   "demo",
		Short: "Fill a new database with a synthetic Shanxi province",
		Long: `Demo fills an empty database with a synthetic but realistic Shanxi: workers
from the villages of its 117 counties, with valid ID numbers; partners and
vacancies in Beijing, Zhejiang, Jiangsu, Guangdong, Shaanxi and Shandong for
the coming Spring Festival campaign; and one account of each role, whose
passwords it prints. The same --seed gives the same data and passwords.

It refuses a database that already has workers or demo accounts: the demo's
people would mix with real ones and its accounts would collide. Use a new
--db file. Never run a demo on a production database.

With --csv-out it touches no database and writes the workers as an import
file instead, for import benchmarks.

With --january it then plays the Spring Festival campaign: a match run over
the province, nine in ten offers accepted and nineteen in twenty of those
confirmed by the partners, and departure events at each city's sports centre
on four days a week apart, ready for "laborbridge plan --event all". With
--seed 1 --today 2026-12-01, 70,000 workers give 27,663 confirmed
placements, about the January target of 27,000.`,
		Example: `  laborbridge demo --db demo.db && laborbridge serve --db demo.db
  laborbridge demo --workers 100000 --seed 7 --db big.db
  laborbridge demo --workers 1000000 --csv-out workers-1m.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opt := demo.Options{Workers: workers, Seed: uint64(seed)}
			if day != "" {
				t, err := time.ParseInLocation("2006-01-02", day, time.Local)
				if err != nil {
					return usageError{fmt.Sprintf("--today %q: give a date as YYYY-MM-DD", day)}
				}
				opt.Today = t.Add(12 * time.Hour)
			}
			if workers < 0 || workers > demo.MaxWorkers {
				return usageError{fmt.Sprintf("--workers: give 0 to %d", demo.MaxWorkers)}
			}
			if csvOut != "" {
				return a.writeDemoCSV(csvOut, opt)
			}
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			res, err := a.runDemo(ctx, db, opt)
			if err != nil {
				return err
			}
			a.printDemo(res, opt.Seed)
			if january {
				if _, err := a.runJanuary(ctx, db, opt, true); err != nil {
					return err
				}
			}
			serve := "laborbridge serve"
			if cmd.Flags().Changed("db") {
				serve += " --db " + f.dsn
			}
			fmt.Fprintf(a.stdout, "\nstart the server with: %s\n", serve)
			return nil
		},
	}
	c.Flags().IntVar(&workers, "workers", 20000, "how many workers")
	c.Flags().Int64Var(&seed, "seed", 1, "seed of the data and the passwords")
	c.Flags().StringVar(&csvOut, "csv-out", "", "write the workers' import file here (- for standard output) instead of filling a database")
	c.Flags().StringVar(&day, "today", "", "make the data for this day, YYYY-MM-DD (default: today)")
	c.Flags().BoolVar(&january, "january", false, "then play the January campaign: match, accept, confirm, departure events")
	a.addDBFlags(c, &f, false)
	return c
}

// fillDemo fills db for serve --demo and prints the accounts.
func (a *app) fillDemo(ctx context.Context, db *store.DB, workers int, seed int64, campaign bool) error {
	if workers < 0 || workers > demo.MaxWorkers {
		return usageError{fmt.Sprintf("--demo-workers: give 0 to %d", demo.MaxWorkers)}
	}
	opt := demo.Options{Workers: workers, Seed: uint64(seed)}
	res, err := a.runDemo(ctx, db, opt)
	if err != nil {
		return err
	}
	a.printDemo(res, opt.Seed)
	if !campaign || workers == 0 {
		return nil
	}
	jan, err := a.runJanuary(ctx, db, opt, false)
	if err != nil {
		return err
	}
	return a.planJanuary(ctx, db, jan)
}

// runDemo fills db, with a progress bar per stage on a terminal.
func (a *app) runDemo(ctx context.Context, db *store.DB, opt demo.Options) (*demo.Result, error) {
	var bar *progress
	var stage string
	// Fill reports one stage after another, never two calls at once, so
	// the bar needs no lock even when the workers' stage reports from the
	// goroutine that writes the import file.
	res, err := demo.Fill(ctx, db, opt, func(s string, done, total int) {
		if s != stage {
			if bar != nil {
				bar.done()
			}
			stage = s
			bar = a.newProgress(int64(total), "demo "+s, false)
		}
		bar.set(int64(done))
	})
	if bar != nil {
		bar.done()
	}
	return res, err
}

// printDemo prints what the demo stored and its accounts.
func (a *app) printDemo(res *demo.Result, seed uint64) {
	fmt.Fprintf(a.stdout, "demo (seed %d): %d workers, %d employers, %d vacancies with %d seats\n",
		seed, res.Workers, res.Employers, res.Vacancies, res.Seats)
	if s := res.WorkerImport.Seconds(); res.Workers > 0 && s > 0 {
		fmt.Fprintf(a.stdout, "workers imported in %.1fs (%.0f rows/s)\n", s, float64(res.Workers)/s)
	}
	fmt.Fprintln(a.stdout, "\ndemo accounts (the same seed gives the same passwords):")
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  USERNAME\tPASSWORD\tROLE\tDIVISION\tNAME")
	for _, acc := range res.Accounts {
		div := acc.Division
		if div == "" {
			div = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", acc.Username, acc.Password, acc.Role, div, acc.DisplayName)
	}
	tw.Flush()
}

// writeDemoCSV writes the demo's workers as an import file.
func (a *app) writeDemoCSV(path string, opt demo.Options) (err error) {
	var w io.Writer = a.stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return usageError{err.Error()}
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	started := time.Now()
	if err := demo.WorkersCSV(w, opt); err != nil {
		return err
	}
	if path != "-" {
		fmt.Fprintf(a.stdout, "wrote %d workers to %s in %.1fs\n", opt.Workers, path, time.Since(started).Seconds())
	}
	return nil
}
