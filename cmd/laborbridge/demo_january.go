package main

import (
	"context"
	"fmt"

	"laborbridge/internal/demo"
	"laborbridge/internal/store"
)

// runJanuary plays the demo's January campaign with a bar per stage and
// prints what it did; with hint, how to plan its events.
func (a *app) runJanuary(ctx context.Context, db *store.DB, opt demo.Options, hint bool) (*demo.CampaignResult, error) {
	var bar *progress
	var stage string
	res, err := demo.January(ctx, db, opt, func(s string, done, total int) {
		if s != stage {
			if bar != nil {
				bar.done()
			}
			stage = s
			bar = a.newProgress(int64(total), "campaign "+s, false)
		}
		bar.set(int64(done))
	})
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return nil, err
	}
	first, last := res.Events[0], res.Events[len(res.Events)-1]
	fmt.Fprintf(a.stdout, "\nJanuary campaign: match run %s placed %d; %d accepted, %d declined; %d confirmed, %d rejected by the partners\n",
		res.RunID, res.Placed, res.Accepted, res.Declined, res.Confirmed, res.Rejected)
	fmt.Fprintf(a.stdout, "%d departure events at the cities' sports centres, %s to %s", len(res.Events), first.Date, last.Date)
	if hint {
		fmt.Fprint(a.stdout, "; plan them with: laborbridge plan --event all")
	}
	fmt.Fprintln(a.stdout)
	return res, nil
}

// planJanuary plans the campaign's departure events, so that a demo server
// shows trips, manifests, passes and boarding from the start.
func (a *app) planJanuary(ctx context.Context, db *store.DB, res *demo.CampaignResult) error {
	ids := make([]string, len(res.Events))
	for i, e := range res.Events {
		ids[i] = e.ID
	}
	bar := a.newProgress(int64(len(ids)), "campaign trips", false)
	trips, riders := 0, 0
	var done int64
	err := db.PlanEvents(ctx, ids, store.PlanOptions{}, func(r *store.PlanResult) {
		trips += r.Stats.Trips
		riders += r.Stats.Passengers
		done++
		bar.set(done)
	})
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "planned %d trips for %d workers; the events are on the 点对点输送 page\n", trips, riders)
	return nil
}
