package main

import (
	"context"
	"fmt"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
	"laborbridge/internal/transport"
)

// planEvents plans departure events of the database and stores their
// trips, then prints the same summary as a CSV plan, with the time it took.
// "all" among ids stands for every event in the actor's area.
func (a *app) planEvents(ctx context.Context, f *dbFlags, ids []string, out string, fleet transport.Fleet, rules transport.Rules) error {
	db, ctx, err := a.open(ctx, f)
	if err != nil {
		return err
	}
	defer db.Close()
	var queue []string
	for _, id := range ids {
		if id != "all" {
			queue = append(queue, id)
			continue
		}
		for page := 1; ; page++ {
			evs, total, err := db.ListEvents(ctx, store.EventFilter{Page: store.Page{Number: page, Size: store.MaxPageSize}})
			if err != nil {
				return err
			}
			for _, e := range evs {
				queue = append(queue, e.ID)
			}
			if page*store.MaxPageSize >= total {
				break
			}
		}
	}
	if len(queue) == 0 {
		return laborbridge.FieldErrorf("--event", "there is no event to plan in your area")
	}
	bar := a.newProgress(int64(len(queue)), "plan", false)
	plans := make([]transport.Plan, 0, len(queue))
	var solve, stored time.Duration
	start := time.Now()
	err = db.PlanEvents(ctx, queue, store.PlanOptions{Fleet: &fleet, Rules: &rules}, func(res *store.PlanResult) {
		plans = append(plans, res.Plan)
		solve += res.Solve
		stored += res.Store
		bar.set(int64(len(plans)))
	})
	bar.done()
	if err != nil {
		return fmt.Errorf("plan event %s: %w", queue[len(plans)], err)
	}
	took := time.Since(start)
	if out != "" {
		if err := writeTrips(out, plans); err != nil {
			return err
		}
	}
	// The planner runs beside the storing, so the parts add up to more
	// than the whole.
	fmt.Fprintf(a.stdout, "planned and stored %d events in %.2f s (planner %.2f s, storing %.2f s)\n\n",
		len(queue), took.Seconds(), solve.Seconds(), stored.Seconds())
	writeSummary(a.stdout, plans, fleet)
	return nil
}
