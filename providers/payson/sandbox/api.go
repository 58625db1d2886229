package sandbox

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// createCheckout is POST /2.0/Checkouts: 201 with the stored checkout and
// its Location.
func (s *Sandbox) createCheckout(w http.ResponseWriter, r *http.Request, acct Account) {
	var req payson.CreateCheckoutRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, err)
		return
	}
	co, err := s.newCheckout(req)
	if err != nil {
		writeError(w, err)
		return
	}
	base := s.baseURL(r)
	co.Snippet = snippet(base, co.ID)
	s.insert(acct.AgentID, co)
	w.Header().Set("Location", base+"/2.0/Checkouts/"+co.ID.String())
	writeJSON(w, http.StatusCreated, co)
}

// newCheckout validates req and builds the checkout Payson would store.
func (s *Sandbox) newCheckout(req payson.CreateCheckoutRequest) (payson.Checkout, error) {
	now := s.opts.Now()
	var p problems
	checkMerchant(&req.Merchant, &p)
	prepareOrder(&req.Order, nil, &p)
	gui := payson.GUI{}
	if req.GUI != nil {
		gui = *req.GUI
	}
	checkGUI(&gui, &p)
	if req.Customer != nil {
		checkCustomer(req.Customer, &p)
	}
	checkExpiration(req.ExpirationTime, now, &p)
	if len(p) > 0 {
		return payson.Checkout{}, invalid(p)
	}
	co := payson.Checkout{
		ID:             uuid.New(),
		Status:         payson.StatusCreated,
		Description:    req.Description,
		ExpirationTime: req.ExpirationTime,
		Merchant:       req.Merchant,
		Order:          req.Order,
		Customer:       req.Customer,
		GUI:            &gui,
		History:        &payson.History{},
	}
	co.History.Set(payson.StatusCreated, now)
	return co, nil
}

// getCheckout is GET /2.0/Checkouts/{id}.
func (s *Sandbox) getCheckout(w http.ResponseWriter, r *http.Request, acct Account) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	co, err := s.withCheckout(id, acct.AgentID, nil)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, co)
}

// listCheckouts is GET /2.0/Checkouts?page=N&pageSize=M: the agent's
// checkouts, newest first, pageSize (1 to 100, default 20) at a time.
func (s *Sandbox) listCheckouts(w http.ResponseWriter, r *http.Request, acct Account) {
	page, size := 1, 20
	for name, v := range map[string]*int{"page": &page, "pageSize": &size} {
		q := r.URL.Query().Get(name)
		if q == "" {
			continue
		}
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || (name == "pageSize" && n > 100) {
			writeError(w, &payson.Error{Status: http.StatusBadRequest, Message: "The request is invalid.",
				Errors: []payson.FieldError{{Property: name, Message: "must be a whole number from 1" + map[bool]string{true: " to 100", false: ""}[name == "pageSize"]}}})
			return
		}
		*v = n
	}
	list, more := s.list(acct.AgentID, page, size)
	writeJSON(w, http.StatusOK, payson.CheckoutList{Data: list, HasMore: more})
}

// updateCheckout is PUT /2.0/Checkouts/{id} with the whole checkout.
func (s *Sandbox) updateCheckout(w http.ResponseWriter, r *http.Request, acct Account) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var in payson.Checkout
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	co, err := s.withCheckout(id, acct.AgentID, func(rec *record, ch *changes) error {
		return s.update(rec, &in, ch)
	})
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, co)
}

// getAccount is GET /2.0/Accounts.
func (s *Sandbox) getAccount(w http.ResponseWriter, _ *http.Request, acct Account) {
	writeJSON(w, http.StatusOK, payson.Account{
		AccountEmail:      acct.Email,
		Status:            "Approved",
		MerchantID:        acct.MerchantID,
		EnabledForInvoice: true,
	})
}

// pathID reads the {id} of the route; a malformed id is a checkout that does
// not exist.
func pathID(w http.ResponseWriter, r *http.Request) (uuid.UUID, bool) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		writeError(w, &payson.Error{
			Status:  http.StatusNotFound,
			Message: fmt.Sprintf("Checkout %.40q was not found.", r.PathValue("id")),
		})
		return uuid.Nil, false
	}
	return id, true
}
