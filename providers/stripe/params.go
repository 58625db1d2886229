package stripe

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
)

// idempotencyPrefix names our keys in Stripe's request logs, apart from the
// random keys stripe-go adds to calls that set none.
const idempotencyPrefix = "paygate:"

// IdempotencyKey returns the Idempotency-Key for a create call, derived from
// our own ids, e.g. IdempotencyKey("checkout", companyID, checkoutID,
// attempt). Equal parts give equal keys across retries, processes and
// restarts, so Stripe answers a repeated create with the first result instead
// of a second object. Start the parts with the operation's name: the same row
// may create several Stripe objects, and a key reused with other parameters
// is an idempotency_error.
//
// The key is a digest (72 characters, within Stripe's 255), so any number of
// parts fits and our ids are not spelled out in Stripe's logs. It panics
// without parts, since a constant key would merge unrelated creates.
func IdempotencyKey(parts ...string) string {
	if len(parts) == 0 {
		panic("stripe: IdempotencyKey needs at least one part")
	}
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, p := range parts {
		// Length-prefix each part so that ("a:b", "c") and ("a", "b:c")
		// differ.
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write([]byte(p))
	}
	return idempotencyPrefix + hex.EncodeToString(h.Sum(nil))
}

// AccountParams is what carries the Stripe-Account header:
// *stripego.Params (creates, reads, updates) and *stripego.ListParams (lists).
type AccountParams interface {
	SetStripeAccount(acct string)
}

// WithAccount makes the call act on the connected account acct (the
// Stripe-Account header), e.g. WithAccount(&p.Params, acct). An empty acct
// changes nothing, leaving the call on the platform account.
func WithAccount(params AccountParams, acct string) {
	if acct = strings.TrimSpace(acct); acct != "" {
		params.SetStripeAccount(acct)
	}
}
