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
// format the response is negotiated in.
func (s *service) bindCheckout(x *server.Exchange, req *dto.CreateCheckout) error {
	if ct := x.Request.Header.Get("Content-Type"); ct != "" && !isJSON(ct) {
		return apierr.New(http.StatusUnsupportedMediaType, codeUnsupportedMedia,
			"the request body must be JSON (Content-Type: application/json), not "+ct)
	}
	sent, err := decodeJSON(x.Body, &s.plans, req)
	if err != nil {
		return err
	}
	return checkCheckout(req, sent)
}

// bindPaymentID takes the id from the route, or from the query on the
// predefined routes (/api/GetPayment?id=…).
func bindPaymentID(x *server.Exchange, req *dto.GetPayment) error {
	req.ID = x.Vars["id"]
	if req.ID == "" {
		req.ID = x.Query.Get("id")
	}
	if req.ID == "" {
		return invalid("id", "is required")
	}
	return nil
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
