package auth

import "paygate/apierr"

// VerifyJWT runs v.Verify and returns a refusal as an *apierr.Error.
func VerifyJWT(v *JWTVerifier, token string) (*Principal, *apierr.Error) {
	p, err := v.Verify(token)
	if err != nil {
		return nil, apierr.From(err)
	}
	return p, nil
}
