package main

import (
	"context"
	"fmt"

	"laborbridge/internal/demo"
	"laborbridge/internal/store"
)

// runJanuary plays the demo's January campaign with a bar per stage and
// prints what it did.
func (a *app) runJanuary(ctx context.Context, db *store.DB, opt demo.Options) error {
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
		return err
	}
	first, last := res.Events[0], res.Events[len(res.Events)-1]
	fmt.Fprintf(a.stdout, "\nJanuary campaign: match run %s placed %d; %d accepted, %d declined; %d confirmed, %d rejected by the partners\n",
		res.RunID, res.Placed, res.Accepted, res.Declined, res.Confirmed, res.Rejected)
	fmt.Fprintf(a.stdout, "%d departure events at the cities' sports centres, %s to %s; plan them with: laborbridge plan --event all\n",
		len(res.Events), first.Date, last.Date)
	return nil
}
