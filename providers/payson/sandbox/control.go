package sandbox

import (
	"bytes"
	"net/http"

	"paygate/providers/payson"
)

// controlAction is POST /sandbox/checkouts/{id}/{action}, the customer's
// side over HTTP, for a sandbox in another process. The body, if any, is the
// customer data for fill or pay. There is no auth: the customer has none.
func (s *Sandbox) controlAction(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	body, perr := readBody(w, r)
	if perr != nil {
		writeError(w, perr)
		return
	}
	var customer *payson.Customer
	if len(bytes.TrimSpace(body)) > 0 {
		customer = new(payson.Customer)
		if perr := unmarshal(body, customer); perr != nil {
			writeError(w, perr)
			return
		}
	}
	co, err := s.Act(r.Context(), id, Action(r.PathValue("action")), customer)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, co)
}

// controlNotifications is GET /sandbox/checkouts/{id}/notifications: the
// attempts made so far, for tests driving a sandbox in another process.
func (s *Sandbox) controlNotifications(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	attempts := s.Notifications(id)
	if attempts == nil {
		attempts = []NotificationAttempt{}
	}
	writeJSON(w, http.StatusOK, attempts)
}
