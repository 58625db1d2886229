package sandbox

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// snippet is the HTML a merchant embeds, shaped like Payson's: a script and
// a container holding the iframe with the checkout page.
func snippet(base string, id uuid.UUID) string {
	b := html.EscapeString(base)
	return fmt.Sprintf(`<script type="text/javascript" id="paysonCheckout" src="%s/checkout/payson.js"></script>`+
		`<div class="paysonCheckout" id="paysonContainer">`+
		`<iframe id="paysonIframe" name="paysonIframe" src="%s/checkout/%s" `+
		`style="width:100%%;min-height:640px;border:none;" scrolling="no" allowtransparency="true"></iframe>`+
		`</div>`, b, b, id)
}

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("checkout").Parse(pageHTML))

//go:embed payson.js
var scriptJS []byte

type pageData struct {
	Checkout         payson.Checkout
	Customer         payson.Customer
	Error            string
	CanFill          bool
	CanPay           bool
	CanLeave         bool // cancel or deny
	AwaitingShipment bool // paid, for the merchant to ship
	CanExpire        bool
	CanSettle        bool
}

// script is the snippet's script: it sizes the iframe to its page.
func (s *Sandbox) script(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	_, _ = w.Write(scriptJS)
}

// pageRedirect serves /checkout?id=<id>, the form of address Payson's own
// snippets use, by sending the browser to /checkout/<id>.
func (s *Sandbox) pageRedirect(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.URL.Query().Get("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, "/checkout/"+id.String(), http.StatusFound)
}

// page is GET /checkout/{id}: what the customer sees in the iframe.
func (s *Sandbox) page(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	co, err := s.withCheckout(id, "", nil)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	s.renderPage(w, http.StatusOK, co, "")
}

// pageAction is POST /checkout/{id}, the page's buttons. After paying or
// leaving, the browser goes where Payson sends it: confirmationUri or
// checkoutUri; otherwise back to the page.
func (s *Sandbox) pageAction(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	a := Action(r.PostFormValue("action"))
	customer := &payson.Customer{
		FirstName: strings.TrimSpace(r.PostFormValue("firstName")),
		LastName:  strings.TrimSpace(r.PostFormValue("lastName")),
		Email:     strings.TrimSpace(r.PostFormValue("email")),
	}
	co, err := s.Act(r.Context(), id, a, customer)
	if err != nil {
		current, gerr := s.withCheckout(id, "", nil)
		if gerr != nil {
			http.NotFound(w, r)
			return
		}
		status := http.StatusConflict
		if perr, ok := err.(*payson.Error); ok {
			status = perr.Status
		}
		s.renderPage(w, status, current, err.Error())
		return
	}
	switch a {
	case ActionPay:
		http.Redirect(w, r, co.Merchant.ConfirmationURI, http.StatusSeeOther)
	case ActionCancel:
		http.Redirect(w, r, co.Merchant.CheckoutURI, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/checkout/"+id.String(), http.StatusSeeOther)
	}
}

func (s *Sandbox) renderPage(w http.ResponseWriter, status int, co payson.Checkout, msg string) {
	st := co.Status
	d := pageData{
		Checkout:         co,
		Customer:         testPerson(),
		Error:            msg,
		CanFill:          st == payson.StatusCreated || st == payson.StatusFormsFilled,
		CanPay:           open(st),
		CanLeave:         open(st),
		AwaitingShipment: st == payson.StatusReadyToShip,
		CanExpire:        legal(st, payson.StatusExpired, byPayson),
		CanSettle:        st == payson.StatusShipped,
	}
	overlay(&d.Customer, co.Customer)
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, d); err != nil {
		http.Error(w, "render page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
