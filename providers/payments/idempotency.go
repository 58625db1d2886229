package payments

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"paygate/apierr"
	"paygate/dto"
	"paygate/server"
)

const (
	// idempotencyTTL is how long a key is bound to its request and result.
	idempotencyTTL = 24 * time.Hour
	// retryAfter is the Retry-After of a 409 for a key in flight.
	retryAfter = retryLater(time.Second)
)

// keyLease is how long a request holds its key before a retry (or the
// recoverer) may take it over, the holder having crashed: the attempt
// bound, which limits everything the request does with the key, so the
// key is free by the time the recoverer looks at the attempt. Taking over
// is safe anyway, since the retry sends Stripe the same key and only one
// completes.
func (s *service) keyLease() time.Duration { return s.AttemptTimeout }

// idempotencyKeyOf returns the request's Idempotency-Key, "" when it has
// none.
func idempotencyKeyOf(vs []string) (string, error) {
	switch {
	case len(vs) == 0:
		return "", nil
	case len(vs) > 1:
		return "", apierr.BadRequest(codeIdempotencyKey, fmt.Sprintf("Idempotency-Key: send one key, not %d", len(vs)))
	}
	k := vs[0]
	ok := len(k) >= 1 && len(k) <= 255
	for i := 0; ok && i < len(k); i++ {
		ok = k[i] >= 0x20 && k[i] <= 0x7e
	}
	if !ok {
		return "", apierr.BadRequest(codeIdempotencyKey, "Idempotency-Key: must be 1 to 255 printable ASCII characters")
	}
	return k, nil
}

// fingerprint identifies a request body by its meaning: the decoded,
// normalised request, so that member order and spacing do not matter.
func fingerprint(req *dto.CreateCheckout) (string, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return "", fmt.Errorf("payments: fingerprint: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// replay answers with the response stored for the key.
func (s *service) replay(stored []byte) (*dto.Payment, error) {
	var p dto.Payment
	if err := json.Unmarshal(stored, &p); err != nil {
		return nil, fmt.Errorf("payments: stored response: %w", err)
	}
	p.Reply.SetHeader("Idempotent-Replayed", "true")
	p.Reply.Outcome = server.OutcomeReplayed
	s.created(&p)
	return &p, nil
}

// inFlight is the 409 for a key whose first request still runs; the server
// turns its cause into Retry-After.
func inFlight(msg string) error {
	return &apierr.Error{Status: http.StatusConflict, Code: codeIdempotencyConflict, Message: msg, Err: retryAfter}
}

// retryLater is a cause telling the server when the caller may retry.
type retryLater time.Duration

func (d retryLater) Error() string             { return "retry after " + time.Duration(d).String() }
func (d retryLater) RetryAfter() time.Duration { return time.Duration(d) }
