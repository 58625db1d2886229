package payments

import (
	"mime"
	"net/http"
	"strings"

	"paygate/apierr"
	"paygate/dto"
	"paygate/server"
)

// bindCheckout reads the body as JSON, strictly (see decode.go), whatever
// format the response is negotiated in, and holds the members sent to the
// DTO's rules as the published schema reads them.
func (s *service) bindCheckout(x *server.Exchange, req *dto.CreateCheckout) error {
	if ct := x.Request.Header.Get("Content-Type"); ct != "" && !isJSON(ct) {
		return apierr.New(http.StatusUnsupportedMediaType, codeUnsupportedMedia,
			"the request body must be JSON (Content-Type: application/json), not "+ct)
	}
	return s.readCheckout(x.Body, req)
}

// readCheckout decodes body into req and validates it.
func (s *service) readCheckout(body []byte, req *dto.CreateCheckout) error {
	sent, err := decodeJSON(body, &s.plans, req)
	if err != nil {
		return err
	}
	if err := s.val.ValidateSent(req, func(path string) bool { return sent[path] }); err != nil {
		return err
	}
	// Afterwards a zero amount_cents or subscription_plan_id means the
	// member was not sent.
	req.Currency = strings.ToLower(req.Currency) // as Stripe writes it
	return nil
}

// bindPaymentID takes the id from the route, or from the query on the
// predefined routes (/api/GetPayment?id=…); an empty one was not sent.
func (s *service) bindPaymentID(x *server.Exchange, req *dto.GetPayment) error {
	req.ID = x.Vars["id"]
	if req.ID == "" {
		req.ID = x.Query.Get("id")
	}
	return s.val.ValidateSent(req, func(string) bool { return req.ID != "" })
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
