// Package payson is a client for the Payson Checkout 2.0 REST API.
//
// The API is four calls under /2.0 with HTTP Basic auth (agent id and API
// key): create a checkout, read it back, update it by sending the whole
// object (which is also how a merchant ships, cancels and credits), and read
// the account. The types mirror Payson's JSON field for field so that an
// object read with GetCheckout can be changed and sent back with
// UpdateCheckout unchanged in every other respect, as Payson requires.
//
// Errors come in two kinds. A request Payson understood and refused is an
// *Error carrying the HTTP status and Payson's field errors. A request that
// never got an answer, or got a 5xx or 429, matches ErrUnavailable, so the
// caller can tell "fix your input" from "try again later".
package payson
