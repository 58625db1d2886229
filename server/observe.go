package server

import (
	"time"

	"paygate/apierr"
	"paygate/formats"
)

// Observation is what the server saw of one request it routed to the
// operations, handed to Config.Observe once the answer is written (for
// metrics). It holds names from the registry and codes from the code,
// never a value from the request.
type Observation struct {
	Operation  string // empty when no operation matched
	Predefined bool   // reached by /api/… or /{format}/reply|oneway/…
	Format     formats.Format
	JSONP      bool
	Status     int
	Code       string // the error code answered; empty on success
	Outcome    string // what the handler said it did, in its dto.Reply
	Duration   time.Duration
}

// Outcomes handlers report in their dto.Reply.
const (
	OutcomeDuplicate = "duplicate" // a notification delivered before, acknowledged again
	OutcomeIgnored   = "ignored"   // a verified notification about nothing paygate acts on
	OutcomeReplayed  = "replayed"  // an idempotent request answered with its first response
)

// failed notes the error about to be answered.
func (o *Observation) failed(err error) {
	if o != nil {
		o.Code = apierr.From(err).Code
	}
}
