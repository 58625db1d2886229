// Package sandbox emulates the Payson Checkout 2.0 REST API, statefully and
// in memory, because Payson offers no sandbox a test can reach.
//
// It speaks the API as Payson does: Basic auth with agent id and API key,
// POST/GET/PUT /2.0/Checkouts and GET /2.0/Accounts, Payson's error bodies,
// the status machine with only its legal transitions, totals computed from
// the items, and notifications POSTed to the merchant's notificationUri with
// ?checkout=<id>, retried until answered 200.
//
// What a customer does in Payson's iframe is played through a control API,
// POST /sandbox/checkouts/{id}/{action} (or Sandbox.Act in-process), or by
// hand on the small checkout page the snippet's iframe shows.
package sandbox
