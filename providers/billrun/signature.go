package billrun

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"slices"

	"paygate/auth"
	"paygate/formats"
)

const (
	sigField       = "_sig_"
	timestampField = "_t_"
)

// urlEncodedFields are urlencoded in the copy of data the signature is
// checked over: BillRun's own signer signs them urlencoded, and sends them
// plain.
var urlEncodedFields = []string{"return_url", "name", "ok_page", "fail_page"}

// bearerScope and bearerRole admit a Bearer credential instead of a
// signature: BillRun's OAuth2 scope, or an API key's role (superadmin
// passes too).
const (
	bearerScope = "global"
	bearerRole  = "billrun"
)

func bearerAllowed(p *auth.Principal) bool {
	return p != nil && (p.HasScope(bearerScope) || p.HasAnyRole(bearerRole))
}

// validSignature reports whether d carries, with its _t_, a _sig_ that is
// the hex HMAC-SHA512 under secret of signedPayload(d). An empty secret
// admits no signature.
func validSignature(d data, secret string) bool {
	sig, ok := d.str(sigField)
	if secret == "" || !ok || !d.isset(timestampField) {
		return false
	}
	payload, err := signedPayload(d)
	if err != nil {
		return false
	}
	mac := hmac.New(sha512.New, []byte(secret))
	mac.Write(payload)
	return hmac.Equal([]byte(sig), []byte(hex.EncodeToString(mac.Sum(nil))))
}

// errURLFieldType is a URL field that is not a string; checkURLFieldTypes
// answers it first, with the field's name.
var errURLFieldType = errors.New("a urlencoded field is not a string")

// signedPayload returns the bytes a signature covers: PHP's json_encode of
// data as PHP decoded it, without _sig_, with the URL fields urlencoded.
func signedPayload(d data) ([]byte, error) {
	signed := &formats.Node{Kind: formats.NodeObject, Fields: make([]formats.Member, 0, len(d.members))}
	for _, m := range d.members {
		if m.Name == sigField {
			continue
		}
		if slices.Contains(urlEncodedFields, m.Name) && m.Value.Kind != formats.NodeNull {
			if m.Value.Kind != formats.NodeScalar || !m.Value.Quoted {
				return nil, errURLFieldType
			}
			m.Value = &formats.Node{Kind: formats.NodeScalar, Quoted: true, Text: phpURLEncode(m.Value.Text)}
		}
		signed.Fields = append(signed.Fields, m)
	}
	return appendPHPJSON(nil, signed)
}
