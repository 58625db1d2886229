package server_test

import (
	"testing"

	"paygate/server"
)

func TestRequiresCaller(t *testing.T) {
	for _, tc := range []struct {
		r    server.Requirement
		want bool
	}{
		{server.Requirement{}, false},
		{server.Requirement{Authenticated: true}, true},
		{server.Requirement{AnyRole: []string{"r"}}, true},
		{server.Requirement{Scopes: []string{"s"}}, true},
	} {
		if got := tc.r.RequiresCaller(); got != tc.want {
			t.Errorf("%+v.RequiresCaller() = %v", tc.r, got)
		}
	}
}
