package stripe

import (
	"errors"
	"fmt"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// SignatureHeader is the request header carrying a webhook's signature.
const SignatureHeader = "Stripe-Signature"

// DefaultWebhookTolerance is how old a signature timestamp may be; older
// deliveries are treated as replays. It is Stripe's own default.
const DefaultWebhookTolerance = webhook.DefaultTolerance

var (
	// ErrWebhookSignature: the Stripe-Signature header is missing,
	// malformed, too old or signed with another secret. Callers answer 400
	// and must not act on the payload.
	ErrWebhookSignature = errors.New("stripe webhook: bad signature")

	// ErrWebhookAPIVersion: a validly signed event was rendered for another
	// API version than stripe-go's, so its object would decode wrongly. The
	// webhook endpoint at Stripe must be created with our API version.
	ErrWebhookAPIVersion = errors.New("stripe webhook: API version mismatch")
)

// VerifyWebhook checks payload (the raw request body, byte for byte) against
// the Stripe-Signature header sigHeader with the endpoint's signing secret,
// and decodes the event. A zero or negative tolerance means
// DefaultWebhookTolerance.
//
// Events without api_version are accepted: stripe-mock's and hand-built test
// events carry none, and Stripe always sets it, so that changes nothing in
// production.
func VerifyWebhook(payload []byte, sigHeader, secret string, tolerance time.Duration) (stripego.Event, error) {
	if secret == "" {
		// An empty secret is an HMAC key anyone can use.
		return stripego.Event{}, errors.New("stripe webhook: no signing secret configured")
	}
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	// The version check is ours so that a missing version passes and a
	// mismatch has an error callers can test for.
	ev, err := webhook.ConstructEventWithOptions(payload, sigHeader, secret, webhook.ConstructEventOptions{
		Tolerance:                tolerance,
		IgnoreAPIVersionMismatch: true,
	})
	switch {
	case isSignatureError(err):
		return stripego.Event{}, fmt.Errorf("%w: %w", ErrWebhookSignature, err)
	case err != nil:
		// Signed by Stripe but not an event: nothing to retry.
		return stripego.Event{}, fmt.Errorf("stripe webhook: %w", err)
	}
	if ev.APIVersion != "" && ev.APIVersion != stripego.APIVersion {
		return stripego.Event{}, fmt.Errorf("%w: event %s has %s, we speak %s",
			ErrWebhookAPIVersion, ev.ID, ev.APIVersion, stripego.APIVersion)
	}
	return ev, nil
}

func isSignatureError(err error) bool {
	return errors.Is(err, webhook.ErrNotSigned) ||
		errors.Is(err, webhook.ErrInvalidHeader) ||
		errors.Is(err, webhook.ErrNoValidSignature) ||
		errors.Is(err, webhook.ErrTooOld)
}
