package store

import (
	"context"

	"laborbridge"
)

// Advance moves placement id through events as the system would,
// bypassing the steps (trips, boarding) that normally cause them: for
// tests of what comes after.
func (db *DB) Advance(ctx context.Context, id string, events ...laborbridge.PlacementEvent) error {
	return db.inTx(ctx, func(tx *Tx) error {
		p, err := tx.placement(laborbridge.System(), id)
		if err != nil {
			return err
		}
		for _, e := range events {
			if err := tx.transition(p, e, ""); err != nil {
				return err
			}
		}
		return nil
	})
}

// ScanWorkersFrom sets the number of workers from which a match reads them
// by scanning the table, and returns a function that restores it.
func ScanWorkersFrom(n int64) (restore func()) {
	old := scanWorkersFrom
	scanWorkersFrom = n
	return func() { scanWorkersFrom = old }
}
