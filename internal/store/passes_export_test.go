package store

import (
	"context"

	"laborbridge/internal/sign"
)

// PassSignerForTest returns the store's pass key, so that tests can sign
// claims the store never issued, as someone holding the key could.
func PassSignerForTest(ctx context.Context, db *DB) (*sign.Signer, error) { return db.passSigner(ctx) }
