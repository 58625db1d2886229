package app

import (
	"os"
	"strings"

	"paygate/auth"
	"paygate/config"
)

// newJWTVerifier builds the JWT verifier from the settings, before
// anything opens: nil when no secret or public key is set, since JWTs are
// accepted only then (API keys always are).
func newJWTVerifier(cfg *config.Config) (*auth.JWTVerifier, error) {
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
		// config checked the secret; what is left is the public key.
		return nil, &config.Error{Setting: "jwt-public-key", Accepts: pemAccepts, Err: err}
	}
	return jv, nil
}

const pemAccepts = "an RSA public key in PEM, or the name of a file holding one"

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
		return nil, &config.Error{Setting: "jwt-public-key", Accepts: pemAccepts, Err: err}
	}
	return b, nil
}
