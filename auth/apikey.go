package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
)

// An API key is "ak_" followed by the URL-safe, unpadded base64 of 32
// random bytes. Its first KeyIDLen characters after the prefix are the
// key's id: not secret, stored in clear, shown in listings and logs, and
// used to find the key's row. The remaining 35 characters (208 bits) are
// what makes the key unguessable.
const (
	KeyPrefix   = "ak_"
	KeyIDLen    = 8
	keyBytes    = 32
	keyTextLen  = len(KeyPrefix) + (keyBytes*8+5)/6 // 3 + 43
	keyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
)

// NewAPIKey returns a fresh key and its id, reading randomness from rnd
// (crypto/rand.Reader when nil).
func NewAPIKey(rnd io.Reader) (key, id string, err error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	b := make([]byte, keyBytes)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return "", "", fmt.Errorf("auth: new api key: %w", err)
	}
	key = KeyPrefix + base64.RawURLEncoding.EncodeToString(b)
	return key, key[len(KeyPrefix) : len(KeyPrefix)+KeyIDLen], nil
}

// HashAPIKey is what is stored for key. Keys carry 256 random bits, so a
// plain SHA-256 resists guessing as well as a deliberately slow hash would,
// without costing every request a key-stretching delay.
func HashAPIKey(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return sum[:]
}

// APIKeyID returns the id part of key, and false when key is not shaped
// like a paygate API key at all.
func APIKeyID(key string) (string, bool) {
	if len(key) != keyTextLen || !strings.HasPrefix(key, KeyPrefix) {
		return "", false
	}
	for i := len(KeyPrefix); i < len(key); i++ {
		if strings.IndexByte(keyAlphabet, key[i]) < 0 {
			return "", false
		}
	}
	return key[len(KeyPrefix) : len(KeyPrefix)+KeyIDLen], true
}

// keyMatches compares key with a stored hash in constant time.
func keyMatches(key string, hash []byte) bool {
	return subtle.ConstantTimeCompare(HashAPIKey(key), hash) == 1
}

// dummyHash stands in for a missing row so that an unknown id costs the
// same hashing and comparison as a known one.
var dummyHash = make([]byte, sha256.Size)
