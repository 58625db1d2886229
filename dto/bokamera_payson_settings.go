package dto

import "github.com/google/uuid"

// PaysonApiSettingsQuery reads a company's Payson API settings.
type PaysonApiSettingsQuery struct {
	bokamera
	CompanyId *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
}

// AddPaysonApiSettings stores a company's Payson API settings. For Payson
// Checkout 2.0 the security user id is the agent id and the password the API
// key.
type AddPaysonApiSettings struct {
	bokamera
	CompanyId         *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	SecurityUserId    string     `desc:"The Payson agent id." validate:"required,max=100"`
	SecurityPassword  string     `desc:"The Payson API key." validate:"required,max=200"`
	ReceiverEmail     string     `desc:"The e-mail address of the Payson account receiving the payments." validate:"omitempty,email,max=254"`
	ReceiverFirstname string     `desc:"The first name of the receiver." validate:"max=100"`
	ReceiverLastname  string     `desc:"The last name of the receiver." validate:"max=100"`
}

// PaysonApiSettingsQueryResponse describes a company's Payson API settings.
// The API key is never returned in full.
type PaysonApiSettingsQueryResponse struct {
	bokamera
	CompanyId         uuid.UUID `desc:"The company id"`
	SecurityUserId    string    `desc:"The Payson agent id"`
	SecurityPassword  string    `desc:"The Payson API key, masked: only its last four characters are shown"`
	ReceiverEmail     string    `desc:"The e-mail address of the Payson account receiving the payments"`
	ReceiverFirstname string    `desc:"The first name of the receiver"`
	ReceiverLastname  string    `desc:"The last name of the receiver"`
}
