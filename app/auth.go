package app

import (
	"fmt"
	"log/slog"
	"os"
	"strings"

	"paygate/auth"
	"paygate/config"
	"paygate/store"
)

// newAuthenticator builds the authenticator from the JWT settings and the
// key store. JWTs are accepted only when a secret or public key is set;
// API keys always are.
func newAuthenticator(cfg *config.Config, db *store.DB, log *slog.Logger) (*auth.RequestAuthenticator, error) {
	pem, err := pemSetting(cfg.JWTPublicKey)
	if err != nil {
		return nil, err
	}
	jv, err := auth.NewJWTVerifier(auth.JWTConfig{
		Secret:       []byte(cfg.JWTSecret),
		PublicKeyPEM: pem,
		Issuer:       cfg.JWTIssuer,
		Audience:     cfg.JWTAudience,
	})
	if err != nil {
		return nil, fmt.Errorf("jwt settings: %w", err)
	}
	if jv == nil && (cfg.JWTIssuer != "" || cfg.JWTAudience != "") {
		return nil, fmt.Errorf("jwt-issuer and jwt-audience need jwt-secret or jwt-public-key")
	}
	return auth.NewAuthenticator(auth.Config{Keys: db, JWT: jv, Logger: log}), nil
}

// pemSetting reads jwt-public-key, which holds either the PEM text itself
// or the name of a file containing it.
func pemSetting(v string) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	if strings.Contains(v, "-----BEGIN") {
		return []byte(v), nil
	}
	b, err := os.ReadFile(v)
	if err != nil {
		return nil, fmt.Errorf("jwt-public-key: %w", err)
	}
	return b, nil
}
