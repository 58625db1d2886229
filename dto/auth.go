package dto

import "time"

// Authenticate is ServiceStack's sign-in request (GET /auth answers who the
// caller is). paygate has no sign-in providers of its own: callers present
// API keys or JWTs on every request, so only the provider member is read.
type Authenticate struct {
	servicestack
	Provider          string            `json:"provider" order:"1" desc:"The auth provider; empty asks who the caller is."`
	UserName          string            `order:"2"`
	Password          string            `order:"3"`
	RememberMe        *bool             `order:"4"`
	AccessToken       string            `order:"5"`
	AccessTokenSecret string            `order:"6"`
	ReturnUrl         string            `order:"7"`
	ErrorView         string            `order:"8"`
	Meta              map[string]string `order:"9"`
}

// AuthenticateResponse describes the caller.
type AuthenticateResponse struct {
	servicestack
	UserId             string            `order:"1"`
	SessionId          string            `order:"2"`
	UserName           string            `order:"3"`
	DisplayName        string            `order:"4"`
	ReferrerUrl        string            `order:"5"`
	BearerToken        string            `order:"6"`
	RefreshToken       string            `order:"7"`
	RefreshTokenExpiry *time.Time        `order:"8"`
	ProfileUrl         string            `order:"9"`
	Roles              []string          `order:"10"`
	Permissions        []string          `order:"11"`
	AuthProvider       string            `order:"12"`
	ResponseStatus     *ResponseStatus   `order:"13"`
	Meta               map[string]string `order:"14"`
}
