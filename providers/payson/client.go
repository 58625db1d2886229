package payson

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Payson's two hosts. The client adds the /2.0 path itself.
const (
	ProductionBaseURL = "https://api.payson.se"
	TestBaseURL       = "https://test-api.payson.se"
)

// maxResponseBytes bounds what the client reads from Payson. A checkout with
// its snippet is a few kilobytes; anything near this is not a checkout.
const maxResponseBytes = 1 << 20

// Client calls the Payson Checkout 2.0 API with one set of credentials. It
// is safe for concurrent use.
type Client struct {
	baseURL string
	agentID string
	apiKey  string
	http    *http.Client
}

// New returns a client for the API at baseURL (ProductionBaseURL,
// TestBaseURL, or an emulator's address), authenticating as agentID with
// apiKey. A baseURL ending in /2.0, as Payson's documentation writes it, is
// accepted too. A nil httpClient means http.DefaultClient; give one with a
// timeout in production.
func New(baseURL, agentID, apiKey string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	base := strings.TrimSuffix(strings.TrimRight(baseURL, "/"), "/2.0")
	return &Client{baseURL: base, agentID: agentID, apiKey: apiKey, http: httpClient}
}

// String names the client without its API key, so that printing or logging
// a Client cannot leak the secret.
func (c Client) String() string {
	return fmt.Sprintf("payson.Client{%s agent %s}", c.baseURL, c.agentID)
}

// GoString keeps %#v from printing the API key.
func (c Client) GoString() string { return c.String() }

// do sends one request and decodes a 2xx body into out. It returns the
// response headers for callers that need them (Location on create).
func (c *Client) do(ctx context.Context, method, path string, in, out any) (http.Header, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+"/2.0"+path, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.SetBasicAuth(c.agentID, c.apiKey)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			// The caller gave up; that says nothing about Payson.
			return nil, ctxErr
		}
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("%w: read response: %w", ErrUnavailable, err)
	}
	if len(raw) > maxResponseBytes {
		return nil, fmt.Errorf("%w: response larger than %d bytes", ErrUnavailable, maxResponseBytes)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		perr := decodeError(resp.StatusCode, raw)
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, perr)
		}
		return nil, perr
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return nil, fmt.Errorf("%w: malformed %d response: %w", ErrUnavailable, resp.StatusCode, err)
		}
	}
	return resp.Header, nil
}

// decodeError reads Payson's error body. 401 and some proxies send no JSON;
// the status alone is then the message.
func decodeError(status int, raw []byte) *Error {
	e := &Error{}
	if err := json.Unmarshal(raw, e); err != nil {
		e = &Error{}
	}
	e.Status = status
	if e.Message == "" && len(e.Errors) == 0 {
		e.Message = http.StatusText(status)
	}
	return e
}
