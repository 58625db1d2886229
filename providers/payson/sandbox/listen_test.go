package sandbox

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"paygate/internal/logtest"
	"paygate/providers/payson"
)

func TestListenAndServe(t *testing.T) {
	// Find a free port, then let ListenAndServe take it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs logtest.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	go func() { done <- ListenAndServe(ctx, addr, Options{Logger: logger}) }()

	c := payson.New("http://"+addr, DemoAgentID, DemoAPIKey, &http.Client{Timeout: time.Second})
	var a *payson.Account
	for range 100 {
		if a, err = c.GetAccount(context.Background()); err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("ListenAndServe returned early: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err != nil || a.MerchantID == 0 {
		t.Fatalf("account: %v, %v", a, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("ListenAndServe after cancel: %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "path=/2.0/Accounts status=200") || strings.Contains(out, DemoAPIKey) {
		t.Errorf("request log:\n%s", out)
	}
}

func TestListenAndServeBadAddress(t *testing.T) {
	if err := ListenAndServe(context.Background(), "256.0.0.1:bad", Options{}); err == nil {
		t.Error("no error for a bad address")
	}
}
