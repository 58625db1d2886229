// Package authtest issues credentials for tests.
package authtest

import (
	"testing"
	"time"

	"github.com/google/uuid"

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

// Keys issues one API key per role and company and hands it out again.
type Keys struct {
	DB   auth.KeyAdmin
	keys map[string]string
}

// Bearer is the Authorization value of the key with role for company
// (uuid.Nil: a key of no company).
func (k *Keys) Bearer(tb testing.TB, role string, company uuid.UUID) string {
	tb.Helper()
	id := role + "@" + company.String()
	if v, ok := k.keys[id]; ok {
		return v
	}
	if k.keys == nil {
		k.keys = map[string]string{}
	}
	k.keys[id] = "Bearer " + Key(tb, k.DB, auth.KeySpec{Company: company, Roles: []string{role}, Name: "test"})
	return k.keys[id]
}
