package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"laborbridge"
	"laborbridge/internal/store"
)

// boardingFlags configure the checks at gathering points.
type boardingFlags struct {
	checks string
	fever  float64
	keep   int
}

func (b *boardingFlags) flags(c *cobra.Command) {
	def := laborbridge.DefaultBoardingRules()
	c.Flags().StringVar(&b.checks, "checks", "identity,temperature,security", "boarding checks, in the order staff run them")
	c.Flags().Float64Var(&b.fever, "fever", def.Threshold, "temperature (°C) at or above which a worker may not board")
	c.Flags().IntVar(&b.keep, "keep-temperature-days", def.KeepTemperatureDays, "days temperature readings are kept before they are deleted")
}

func (b *boardingFlags) rules() (laborbridge.BoardingRules, error) {
	order, err := laborbridge.ParseChecks(b.checks)
	if err != nil {
		return laborbridge.BoardingRules{}, usageError{"--checks: " + laborbridge.MessageOf(err)}
	}
	if b.fever < 35 || b.fever > 40 {
		return laborbridge.BoardingRules{}, usageError{fmt.Sprintf("--fever %.1f: give a threshold between 35 and 40 °C", b.fever)}
	}
	if b.keep < 0 {
		return laborbridge.BoardingRules{}, usageError{"--keep-temperature-days must not be negative"}
	}
	return laborbridge.BoardingRules{Order: order, Threshold: b.fever, KeepTemperatureDays: b.keep}, nil
}

// purgeLoop deletes expired temperature readings now and every hour.
func (a *app) purgeLoop(ctx context.Context, db *store.DB, days int) {
	ctx = laborbridge.WithActor(ctx, laborbridge.System())
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := db.PurgeTemperatures(ctx, days); err != nil && ctx.Err() == nil {
			a.log.ErrorContext(ctx, "purge temperature readings", "err", err)
		} else if n > 0 {
			a.log.InfoContext(ctx, "deleted expired temperature readings", "count", n, "older_than_days", days)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *app) purgeCmd() *cobra.Command {
	var f dbFlags
	var days int
	c := &cobra.Command{
		Use:   "purge",
		Short: "Delete temperature readings older than the days they may be kept",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			n, err := db.PurgeTemperatures(ctx, days)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "deleted %d temperature readings older than %d days\n", n, days)
			return nil
		},
	}
	c.Flags().IntVar(&days, "temperature-days", laborbridge.DefaultBoardingRules().KeepTemperatureDays, "keep readings this many days")
	a.addDBFlags(c, &f, false)
	return c
}
