package billrun

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"
)

// txIDName is the query parameter that carries the transaction id.
const txIDName = "txId"

// txIDSpan makes ids of exactly 19 digits: 10^18 + [0, 9·10^18).
var txIDSpan = big.NewInt(9e18)

// newTxID returns a 19-digit transaction id drawn from crypto/rand: about
// 63 bits nobody can guess, where BillRun's is a short random prefix on the
// clock. okPage has no other authentication.
func newTxID() (string, error) {
	n, err := rand.Int(rand.Reader, txIDSpan)
	if err != nil {
		return "", fmt.Errorf("billrun: transaction id: %w", err)
	}
	return strconv.FormatUint(n.Uint64()+1e18, 10), nil
}

// withQueryParam returns raw with key=value in its query, in place of any
// key there; the rest of the URL stays as the caller wrote it.
func withQueryParam(raw, key, value string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("billrun: %q: %w", raw, err)
	}
	var kept []string
	for _, p := range strings.Split(u.RawQuery, "&") {
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); p == "" || err == nil && n == key {
			continue
		}
		kept = append(kept, p)
	}
	u.RawQuery = strings.Join(append(kept, url.QueryEscape(key)+"="+url.QueryEscape(value)), "&")
	return u.String(), nil
}

// withMessage returns the tenant return URL carrying a failure as BillRun
// sends it, message={"content":…,"type":"danger"}, but encoded as a query
// parameter (BillRun appends it raw, after '&' even when the URL has no
// query).
func withMessage(returnURL, msg string) (string, error) {
	m := append([]byte(`{"content":`), appendPHPString(nil, msg)...)
	m = append(m, `,"type":"danger"}`...)
	return withQueryParam(returnURL, "message", string(m))
}
