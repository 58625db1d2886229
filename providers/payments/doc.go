// Package payments serves the payments /v1 surface (seed 004): POST
// /v1/checkout creates a payment backed by a Stripe PaymentIntent, or by a
// Stripe Subscription when a plan is named; GET /v1/payments/{id} reads it;
// POST /v1/webhooks/stripe moves its status.
//
// Decisions where the published contract is silent:
//
//   - Tenant: a payment belongs to the caller's company, or to the caller's
//     user when the credentials carry no company. Another tenant's payment
//     is a 404, as if it did not exist.
//   - Scopes: payments:write for POST /v1/checkout, payments:read for GET.
//     Missing or invalid credentials are 401 unauthorized, a missing scope
//     403 insufficient_scope. The webhook is authenticated by its signature.
//   - Input is JSON only (415 otherwise), bound strictly to the request
//     schema (see decode.go and checks.go); errors are {error, message}
//     naming the member. Responses are JSON unless the caller asks for XML,
//     JSV or CSV (Accept, ?format=, a .xml suffix), which render the same
//     members, errors included.
//   - Mode is subscription when subscription_plan_id is given. One-shot
//     amounts come from amount_cents or line_items (equal when both); a
//     promotion code's coupon is applied to them, since PaymentIntents take
//     no coupons, and amount_cents answers what Stripe charges. A
//     subscription passes the code to Stripe, and amount_cents answers the
//     stated amount, else the line_items total, else the plan's price.
//   - Idempotency-Key is kept per caller for 24 h (idempotency.go). The
//     payment id is chosen when a key is first reserved, and every Stripe
//     create is keyed by it, so a retried or concurrent request never makes
//     a second PaymentIntent or Subscription.
//   - Webhooks: events are recorded once by Stripe's event id; a repeat is
//     acknowledged (200, status "duplicate") and changes nothing. Stripe delivers out of order, so a payment takes
//     an event's status only if no later event (by Stripe's created time)
//     has set it.
package payments
