// Package authtest issues credentials for tests.
package authtest

import (
	"testing"
	"time"

	"paygate/auth"
)

// Key issues an API key for spec and returns it, failing tb if it cannot.
func Key(tb testing.TB, st auth.KeyAdmin, spec auth.KeySpec) string {
	tb.Helper()
	key, _, err := auth.IssueAPIKey(tb.Context(), st, spec, time.Now(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}
