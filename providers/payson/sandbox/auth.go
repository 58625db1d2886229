package sandbox

import (
	"crypto/subtle"
	"net/http"

	"paygate/providers/payson"
)

// authed wraps an API handler with Payson's Basic auth: agent id as user,
// API key as password.
func (s *Sandbox) authed(h func(http.ResponseWriter, *http.Request, Account)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		acct, ok := s.authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="Payson API"`)
			writeError(w, &payson.Error{
				Status:  http.StatusUnauthorized,
				Message: "Authorization has been denied for this request.",
			})
			return
		}
		h(w, r, acct)
	}
}

func (s *Sandbox) authenticate(r *http.Request) (Account, bool) {
	agentID, key, ok := r.BasicAuth()
	if !ok {
		return Account{}, false
	}
	acct, found := s.accounts[agentID]
	// Compare even when the agent is unknown, so timing tells nothing.
	if subtle.ConstantTimeCompare([]byte(key), []byte(acct.APIKey)) != 1 || !found {
		return Account{}, false
	}
	return acct, true
}
