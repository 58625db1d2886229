package billrun

import (
	"context"
	"time"

	"paygate/store"
)

// Store is what the gateway needs of the database: the accounts, their
// getRequest → okPage transactions and saved cards. Store is one, on
// either engine.
type Store interface {
	AddBillRunTx(ctx context.Context, t store.BillRunTx) error
	BillRunAccount(ctx context.Context, aid int64) (store.BillRunAccount, error)
	BillRunCardOf(ctx context.Context, tx string) (store.BillRunCard, error)
	BillRunTx(ctx context.Context, tx string) (store.BillRunTx, error)
	BillRunTxBySig(ctx context.Context, sig string) (store.BillRunTx, error)
	CompleteBillRunTx(ctx context.Context, c store.BillRunCard) (store.BillRunCard, error)
	FailBillRunTx(ctx context.Context, tx, reason string) error
	OpenBillRunTx(ctx context.Context, tx, customerID, sessionID string) error
	PutBillRunAccount(ctx context.Context, a store.BillRunAccount) error
	// Provider attempts in flight (see the recovery package).
	BeginAttempt(ctx context.Context, kind, ref string, request any, now time.Time) error
	EndAttempt(ctx context.Context, kind, ref string) error
}
