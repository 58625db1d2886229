package authsvc

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
)

func TestWhoAmI(t *testing.T) {
	if _, err := whoAmI(context.Background(), &dto.Authenticate{}); apierr.From(err).Status != http.StatusUnauthorized {
		t.Errorf("anonymous: %v", err)
	}
	company := uuid.New()
	ctx := auth.WithPrincipal(context.Background(), &auth.Principal{UserID: "u", Name: "Ada", CompanyID: company, Method: auth.MethodJWT})
	resp, err := whoAmI(ctx, &dto.Authenticate{Provider: "JWT"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.UserId != "u" || resp.DisplayName != "Ada" || resp.Roles == nil || resp.Permissions == nil ||
		resp.AuthProvider != "jwt" || resp.Meta["CompanyId"] != company.String() || resp.BearerToken != "" {
		t.Errorf("response = %+v", resp)
	}
	if _, err := whoAmI(ctx, &dto.Authenticate{Provider: "credentials"}); apierr.From(err).Status != http.StatusNotFound {
		t.Errorf("unknown provider: %v", err)
	}
}
