// Package stripe wires stripe-go for paygate: one client per configuration
// (no package-global key or backend), idempotency keys derived from our own
// rows, the Stripe-Account header for connected accounts, error
// classification into what our handlers answer, and webhook verification.
//
// Every caller follows the same rules:
//
//   - set Params.Context to the request's context;
//   - set an idempotency key from IdempotencyKey on every call that creates
//     something, built from our row's ids, so a retry never creates twice;
//   - answer every error with APIError: 400 with a *RequestError's
//     message, 502 (504 out of time) for ErrUnavailable, whatever the
//     surface's dialect.
//
// The API version is the one stripe-go v76 pins (2023-10-16); tests run
// against stripe-mock v0.183.0, whose spec is that version (see stripetest).
package stripe
