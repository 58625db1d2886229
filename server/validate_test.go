package server_test

import (
	"errors"
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
