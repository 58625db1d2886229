package stripe

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	stripego "github.com/stripe/stripe-go/v76"
)

// secretPattern matches API keys, webhook secrets and client secrets. stripe-go
// logs error bodies verbatim: a card error embeds its PaymentIntent (with
// client_secret), and stripe-mock's 401 quotes the Authorization header.
var secretPattern = regexp.MustCompile(`\b(?:sk|rk|pk)_(?:test|live)_[0-9A-Za-z]+|\bwhsec_[0-9A-Za-z]+|\b[0-9A-Za-z_]+_secret_[0-9A-Za-z]+`)

const masked = "[masked]"

// logAdapter feeds stripe-go's leveled logger into slog.
type logAdapter struct {
	log *slog.Logger
	key string
}

func newLogAdapter(l *slog.Logger, key string) stripego.LeveledLoggerInterface {
	if l == nil {
		return &stripego.LeveledLogger{Level: stripego.LevelNull}
	}
	return &logAdapter{log: l.With("component", "stripe-go"), key: key}
}

// Debugf is dropped: stripe-go logs whole response bodies at debug level,
// and those hold client secrets.
func (a *logAdapter) Debugf(string, ...any) {}

// Infof goes to debug: stripe-go writes two info lines per request, and our
// request log already has one.
func (a *logAdapter) Infof(format string, v ...any) { a.emit(slog.LevelDebug, format, v) }

func (a *logAdapter) Warnf(format string, v ...any) { a.emit(slog.LevelWarn, format, v) }

func (a *logAdapter) Errorf(format string, v ...any) { a.emit(slog.LevelError, format, v) }

func (a *logAdapter) emit(level slog.Level, format string, v []any) {
	ctx := context.Background()
	if !a.log.Enabled(ctx, level) {
		return
	}
	a.log.Log(ctx, level, maskSecrets(fmt.Sprintf(format, v...), a.key))
}

// maskSecrets hides key in s (whatever its shape) and anything that looks
// like a Stripe secret.
func maskSecrets(s, key string) string {
	if key != "" {
		s = strings.ReplaceAll(s, key, masked)
	}
	return secretPattern.ReplaceAllString(s, masked)
}
