package auth

import (
	"fmt"
	"net/http"
	"time"

	"paygate/apierr"
)

// The messages callers see, worded as ServiceStack words them where it has
// an equivalent, so that existing client code matching on them still works.
const (
	MsgNotAuthenticated = "Not Authenticated"
	MsgBadHeader        = "Invalid Authorization header"
	MsgKeyUnknown       = "API Key does not exist"
	MsgKeyCancelled     = "API Key has been cancelled"
	MsgTokenExpired     = "Token has expired"
	MsgTokenInvalid     = "Token is invalid"
	MsgTokenNotYet      = "Token not valid yet"
)

// codeToken is ServiceStack's ErrorCode for JWT failures (its TokenException).
const codeToken = "TokenException"

// refusal says why a credential was refused. It is the cause of the
// *apierr.Error the caller gets, which the server never shows, and what the
// failure log line records; it never contains the credential.
type refusal string

func (r refusal) Error() string { return string(r) }

func refused(e *apierr.Error, why string) *apierr.Error {
	e.Err = refusal(why)
	return e
}

func unauthorized(msg string) *apierr.Error { return apierr.Unauthorized(msg) }

func tokenError(msg string) *apierr.Error {
	return apierr.New(http.StatusUnauthorized, codeToken, msg)
}

// RetryAfter is the cause carried by a 429: how long the caller should
// wait. The server turns it into a Retry-After header.
type RetryAfter time.Duration

func (d RetryAfter) Error() string { return "retry after " + time.Duration(d).String() }

// RetryAfter reports the wait.
func (d RetryAfter) RetryAfter() time.Duration { return time.Duration(d) }

func tooManyFailures(wait time.Duration) *apierr.Error {
	secs := retrySeconds(wait)
	return &apierr.Error{
		Status:  http.StatusTooManyRequests,
		Code:    "TooManyRequests",
		Message: fmt.Sprintf("Too many failed authentication attempts; retry in %d seconds", secs),
		Err:     RetryAfter(time.Duration(secs) * time.Second),
	}
}

// retrySeconds rounds a wait up to whole seconds, at least one, as
// Retry-After carries.
func retrySeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// crossSiteCookie refuses the ss-tok cookie on a state-changing request no
// page of ours or of an allowed origin vouches for.
func crossSiteCookie(verb string) *apierr.Error {
	return refused(apierr.Forbidden("The "+TokenCookie+" cookie is not honoured on a "+verb+
		" from another site (Origin or Referer must name this server or an allowed origin); send the token in the Authorization header."),
		"cross-site cookie")
}
