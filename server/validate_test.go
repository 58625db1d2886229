package server_test

import (
	"errors"
	"strings"
	"testing"

	"paygate/apierr"
	"paygate/server"
)

// The English templates of ServiceStack's validators (§6.4 of the wire
// reference): length rules on strings say how many characters were sent.
func TestValidationMessages(t *testing.T) {
	type Lengths struct {
		Min   string  `validate:"omitempty,min=3"`
		Max   string  `validate:"max=4"`
		Exact string  `validate:"omitempty,len=3"`
		Ptr   *string `validate:"omitnil,max=2"`
	}
	s := func(v string) *string { return &v }
	for _, tt := range []struct {
		name      string
		req       any
		code, msg string
	}{
		{"minimum length", &Lengths{Min: "ab"}, "MinimumLength",
			"The length of 'Min' must be at least 3 characters. You entered 2 characters."},
		{"maximum length", &Lengths{Max: "abcdef"}, "MaximumLength",
			"The length of 'Max' must be 4 characters or fewer. You entered 6 characters."},
		{"maximum length counts characters", &Lengths{Max: "åäöåäö"}, "MaximumLength",
			"The length of 'Max' must be 4 characters or fewer. You entered 6 characters."},
		{"exact length", &Lengths{Exact: "abcd"}, "Length",
			"'Exact' must be 3 characters in length. You entered 4 characters."},
		{"pointer", &Lengths{Ptr: s("abc")}, "MaximumLength",
			"The length of 'Ptr' must be 2 characters or fewer. You entered 3 characters."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := server.NewValidator().Validate(tt.req)
			var e *apierr.Error
			if !errors.As(err, &e) || len(e.Fields) != 1 {
				t.Fatalf("Validate = %v, want one field error", err)
			}
			if f := e.Fields[0]; f.Code != tt.code || f.Message != tt.msg {
				t.Errorf("got %s %q\nwant %s %q", f.Code, f.Message, tt.code, tt.msg)
			}
		})
	}
}

// ValidateSent reads the rules as JSON Schema does: required is presence,
// and a member sent is held to its rules even when it is zero.
func TestValidateSent(t *testing.T) {
	type Item struct {
		Qty  int64 `json:"qty" validate:"required,gt=0"`
		Free int64 `json:"free" validate:"required,gte=0"`
	}
	type Req struct {
		Name  string  `json:"name" validate:"required,min=1"`
		Code  *string `json:"code" validate:"omitnil,min=1"`
		Cents int64   `json:"cents" validate:"omitempty,gt=0"`
		Items []Item  `json:"items" validate:"omitnil,min=1,dive"`
	}
	s := func(v string) *string { return &v }
	val := server.NewValidator()
	for _, tt := range []struct {
		name    string
		req     Req
		sent    string
		problem string // of the first failure, after the path
	}{
		{"required member missing", Req{}, "", "name: is required"},
		{"required string sent empty", Req{}, "name", "name: must not be empty"},
		{"zero sent is held to gt", Req{Name: "n"}, "name cents", "cents: must be greater than 0, got 0"},
		{"zero not sent is absent", Req{Name: "n"}, "name", ""},
		{"null pointer is held to nothing", Req{Name: "n"}, "name code", ""},
		{"empty string behind a pointer", Req{Name: "n", Code: s("")}, "name code", "code: must not be empty"},
		{"empty list", Req{Name: "n", Items: []Item{}}, "name items", "items: must contain at least 1 item"},
		{"item member missing", Req{Name: "n", Items: []Item{{Qty: 1}}}, "name items items[0].qty", "items[0].free: is required"},
		{"item zero allowed by gte", Req{Name: "n", Items: []Item{{Qty: 1}}}, "name items items[0].qty items[0].free", ""},
		{"item zero refused by gt", Req{Name: "n", Items: []Item{{}}}, "name items items[0].qty items[0].free", "items[0].qty: must be greater than 0, got 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sent := map[string]bool{}
			for _, p := range strings.Fields(tt.sent) {
				sent[p] = true
			}
			err := val.ValidateSent(&tt.req, func(p string) bool { return sent[p] })
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("ValidateSent = %v, want nil", err)
				}
				return
			}
			var e *apierr.Error
			if !errors.As(err, &e) || len(e.Fields) == 0 {
				t.Fatalf("ValidateSent = %v, want field errors", err)
			}
			if got := e.Fields[0].Field + ": " + e.Fields[0].Problem; got != tt.problem {
				t.Errorf("got %q, want %q", got, tt.problem)
			}
			if e.Fields[0].Code == "" || e.Fields[0].Message == "" {
				t.Errorf("no ServiceStack code or message: %+v", e.Fields[0])
			}
		})
	}
}
