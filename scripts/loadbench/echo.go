package main

import (
	"context"
	"errors"
	"net/http"
	"os/signal"
	"syscall"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"paygate/dto"
)

// The wire-path baseline: a plain echo handler binding the same request
// DTO, validating it with validator/v10 and answering a ResponseStatus,
// without paygate's negotiation, routing, dialects or request log.

type plainStatus struct {
	ErrorCode string       `json:"ErrorCode" xml:"ErrorCode"`
	Message   string       `json:"Message" xml:"Message"`
	Errors    []plainError `json:"Errors" xml:"Errors>ResponseError"`
}

type plainError struct {
	ErrorCode string `json:"ErrorCode" xml:"ErrorCode"`
	FieldName string `json:"FieldName" xml:"FieldName"`
	Message   string `json:"Message" xml:"Message"`
}

type plainResponse struct {
	XMLName        struct{}    `json:"-" xml:"ErrorResponse"`
	ResponseStatus plainStatus `json:"ResponseStatus" xml:"ResponseStatus"`
}

// echoBaseline serves the baseline on addr until SIGTERM.
func echoBaseline(addr string) error {
	v := validator.New()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	h := func(c echo.Context) error {
		var req dto.StripeV1CreateCheckout
		if err := c.Bind(&req); err != nil {
			return err
		}
		var resp plainResponse
		var fields validator.ValidationErrors
		if err := v.Struct(&req); errors.As(err, &fields) {
			for _, f := range fields {
				resp.ResponseStatus.Errors = append(resp.ResponseStatus.Errors, plainError{
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
	}
	e.POST("/api/StripeV1CreateCheckout", h)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = e.Close()
	}()
	if err := e.Start(addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
