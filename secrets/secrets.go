// Package secrets seals the provider credentials paygate stores (Stripe
// webhook signing secrets, Payson API keys) with AES-256-GCM. A Keyring
// holds one or more keys, each with an id: the first seals, every one
// opens, and a sealed value names the key that sealed it, so keys can be
// rotated while replicas that hold both keep serving.
//
// A sealed value reads "enc:v1:<key id>:<base64 of nonce and ciphertext>".
// Its additional data binds it to the row it belongs to, so a value copied
// into another row does not open.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// KeySize is the length of a key: AES-256.
const KeySize = 32

const prefix = "enc:v1:"

// ErrUnknownKey is returned for a value sealed under a key the keyring
// does not hold.
var ErrUnknownKey = errors.New("secrets: sealed under a key this keyring does not hold")

// ErrNotOpened is returned for a value the key named does not open: the
// key is wrong, or the value was altered or moved to another row.
var ErrNotOpened = errors.New("secrets: the value does not open with its key")

var keyID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Keyring is a set of keys by id. It is safe for concurrent use.
type Keyring struct {
	ids   []string // in the order given; ids[0] seals
	aeads map[string]cipher.AEAD
}

// Parse reads a keyring written "k2:BASE64,k1:BASE64": ids of letters,
// digits, '-' and '_', keys of 32 bytes in standard base64. Errors never
// repeat key material.
func Parse(s string) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	for _, part := range strings.Split(strings.TrimSpace(s), ",") {
		id, enc, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || !keyID.MatchString(id) {
			return nil, fmt.Errorf("key %d: want id:base64, the id of letters, digits, - or _", len(k.ids)+1)
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("key id %s is given twice", id)
		}
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil || len(raw) != KeySize {
			return nil, fmt.Errorf("key %s: want %d bytes in standard base64", id, KeySize)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", id, err)
		}
		k.ids = append(k.ids, id)
		k.aeads[id] = aead
	}
	return k, nil
}

// Generate returns a new keyring text with one random key named id.
func Generate(id string) (string, error) {
	if !keyID.MatchString(id) {
		return "", fmt.Errorf("secrets: bad key id %q", id)
	}
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("secrets: generate a key: %w", err)
	}
	return id + ":" + base64.StdEncoding.EncodeToString(raw), nil
}

// Current is the id of the key that seals.
func (k *Keyring) Current() string { return k.ids[0] }

// IDs are the ids of the keys, the sealing one first.
func (k *Keyring) IDs() []string { return append([]string(nil), k.ids...) }

// String names the keys, never their bytes.
func (k *Keyring) String() string { return "secrets.Keyring{" + strings.Join(k.ids, ",") + "}" }

// GoString keeps %#v from printing the keys.
func (k *Keyring) GoString() string { return k.String() }

// Seal encrypts plain under the current key, bound to aad.
func (k *Keyring) Seal(plain, aad string) (string, error) {
	id := k.ids[0]
	aead := k.aeads[id]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secrets: nonce: %w", err)
	}
	out := aead.Seal(nonce, nonce, []byte(plain), []byte(aad))
	return prefix + id + ":" + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts a sealed value bound to aad.
func (k *Keyring) Open(sealed, aad string) (string, error) {
	id, body, err := split(sealed)
	if err != nil {
		return "", err
	}
	aead, ok := k.aeads[id]
	if !ok {
		return "", fmt.Errorf("%w (%s; the keyring holds %s)", ErrUnknownKey, id, strings.Join(k.ids, ", "))
	}
	raw, err := base64.StdEncoding.DecodeString(body)
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("%w (key %s): malformed", ErrNotOpened, id)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(aad))
	if err != nil {
		return "", fmt.Errorf("%w (key %s)", ErrNotOpened, id)
	}
	return string(plain), nil
}

// Sealed reports whether v is a sealed value (not a plain one stored by an
// earlier paygate).
func Sealed(v string) bool { return strings.HasPrefix(v, prefix) }

// KeyOf is the id of the key that sealed v, or "" for a plain value.
func KeyOf(v string) string {
	id, _, err := split(v)
	if err != nil {
		return ""
	}
	return id
}

func split(sealed string) (id, body string, err error) {
	rest, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", "", errors.New("secrets: not a sealed value")
	}
	id, body, ok = strings.Cut(rest, ":")
	if !ok || !keyID.MatchString(id) {
		return "", "", fmt.Errorf("%w: malformed", ErrNotOpened)
	}
	return id, body, nil
}
