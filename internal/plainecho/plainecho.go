// Package plainecho is the wire path's baseline: a plain echo handler
// binding the request DTO of a create, validating it with validator/v10 and
// answering a ResponseStatus, without paygate's negotiation, routing,
// dialects, metrics or request log. The load benchmark serves it as a
// process of its own, the Go benchmarks in process, and both send it the
// same refused request as paygate.
package plainecho

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"paygate/dto"
)

// Path is the operation both paygate and the baseline serve.
const Path = "/api/StripeV1CreateCheckout"

// The refused request: no company, no articles, no reference, so
// validation refuses it before any store or provider is involved. XMLPath
// is paygate's route for the XML body; the baseline reads either on Path.
const (
	JSON = `{"CountryCode":"SE","UiMode":"hosted"}`
	XML  = `<StripeV1CreateCheckout xmlns="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos">` +
		`<CountryCode>SE</CountryCode><UiMode>hosted</UiMode></StripeV1CreateCheckout>`
	XMLPath = "/xml/reply/StripeV1CreateCheckout"
)

// Request is the refused request to url, body JSON or XML by ctype.
func Request(url, ctype string) *http.Request {
	body := JSON
	if ctype == "application/xml" {
		body = XML
	}
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	return req
}

type status struct {
	ErrorCode string       `json:"ErrorCode" xml:"ErrorCode"`
	Message   string       `json:"Message" xml:"Message"`
	Errors    []fieldError `json:"Errors" xml:"Errors>ResponseError"`
}

type fieldError struct {
	ErrorCode string `json:"ErrorCode" xml:"ErrorCode"`
	FieldName string `json:"FieldName" xml:"FieldName"`
	Message   string `json:"Message" xml:"Message"`
}

type response struct {
	XMLName        struct{} `json:"-" xml:"ErrorResponse"`
	ResponseStatus status   `json:"ResponseStatus" xml:"ResponseStatus"`
}

// Handler serves the baseline on Path.
func Handler() *echo.Echo {
	v := validator.New()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST(Path, func(c echo.Context) error {
		var req dto.StripeV1CreateCheckout
		if err := c.Bind(&req); err != nil {
			return err
		}
		var resp response
		var fields validator.ValidationErrors
		if err := v.Struct(&req); errors.As(err, &fields) {
			for _, f := range fields {
				resp.ResponseStatus.Errors = append(resp.ResponseStatus.Errors, fieldError{
					ErrorCode: "NotEmpty", FieldName: f.Field(), Message: "'" + f.Field() + "' must not be empty.",
				})
			}
			resp.ResponseStatus.ErrorCode = resp.ResponseStatus.Errors[0].ErrorCode
			resp.ResponseStatus.Message = resp.ResponseStatus.Errors[0].Message
		}
		if c.Request().Header.Get("Content-Type") == "application/xml" {
			return c.XML(http.StatusBadRequest, resp)
		}
		return c.JSON(http.StatusBadRequest, resp)
	})
	return e
}
