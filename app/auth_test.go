package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"paygate/app"
	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/config"
	"paygate/store"
	"paygate/store/storetest"
)

// TestAuthWiring starts the whole app and authenticates against it with
// an API key from the store and with a JWT signed with the configured
// secret.
func TestAuthWiring(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dbPath := filepath.Join(t.TempDir(), "p.db")
	secret := "0123456789abcdef0123456789abcdef"
	env := map[string]string{"PAYGATE_DB": dbPath, "PAYGATE_JWT_SECRET": secret, "PAYGATE_JWT_AUDIENCE": "paygate"}
	cfg, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	company := uuid.New()
	storetest.AddCompany(t, a.DB, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
	key := authtest.Key(t, a.DB, auth.KeySpec{Company: company, Roles: []string{"r"}})
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u1", "aud": "paygate",
		"exp": time.Now().Add(time.Hour).Unix()}).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.ServeListener(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	for _, c := range []struct {
		name, auth string
		status     int
		want       string
	}{
		{"anonymous", "", 401, `"Message":"Not Authenticated"`},
		{"api key", "Bearer " + key, 200, `"AuthProvider":"apikey"`},
		{"jwt", "Bearer " + tok, 200, `"UserId":"u1"`},
	} {
		req, _ := http.NewRequest("GET", base+"/auth", nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(string(b), c.want) {
			t.Errorf("%s: %d %s", c.name, resp.StatusCode, b)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}

// TestAuthSettingsRefused: a JWT setting paygate cannot use stops it as a
// configuration error naming the variable, whether config or app finds it.
func TestAuthSettingsRefused(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"short secret":          {"PAYGATE_JWT_SECRET": "short"},
		"missing key file":      {"PAYGATE_JWT_PUBLIC_KEY": "/nonexistent/key.pem"},
		"broken key":            {"PAYGATE_JWT_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"},
		"audience without keys": {"PAYGATE_JWT_AUDIENCE": "paygate"},
	} {
		env["PAYGATE_DB"] = filepath.Join(t.TempDir(), "p.db")
		cfg, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
		if err == nil {
			var a *app.App
			if a, err = app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
				a.Close()
			}
		}
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.Contains(ce.Setting, "jwt-") {
			t.Errorf("%s: %v, want a config error naming the JWT setting", name, err)
		}
	}
}
