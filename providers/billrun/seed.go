package billrun

import (
	"context"

	"paygate/store"
)

// DemoAID is the account SeedDemo adds; the demo's getRequest calls use it.
const DemoAID = 1000

// SeedDemo adds (or restores) the demo's BillRun account.
func SeedDemo(ctx context.Context, db Store) error {
	return db.PutBillRunAccount(ctx, store.BillRunAccount{
		AID: DemoAID, Email: "billrun-demo@example.org", FirstName: "Demo", LastName: "Customer",
	})
}
