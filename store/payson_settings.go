package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// PaysonSettings are the credentials paygate calls Payson with for one
// company: the Payson agent id and API key, and the receiver BokaMera's
// settings carry alongside them.
type PaysonSettings struct {
	CompanyID         uuid.UUID
	AgentID           string
	APIKey            string
	ReceiverEmail     string
	ReceiverFirstname string
	ReceiverLastname  string
}

// String leaves the API key out, so printing or logging settings cannot
// leak it.
func (s PaysonSettings) String() string {
	return fmt.Sprintf("PaysonSettings{company %s agent %s}", s.CompanyID, s.AgentID)
}

// GoString keeps %#v from printing the API key.
func (s PaysonSettings) GoString() string { return s.String() }

// PutPaysonSettings stores s as the company's settings, replacing earlier
// ones. The company must exist (ErrNotFound otherwise).
func (db *DB) PutPaysonSettings(ctx context.Context, s PaysonSettings) error {
	key, err := db.seal(s.APIKey, "payson_settings", s.CompanyID.String())
	if err != nil {
		return err
	}
	now := ms(db.now())
	return db.tx(ctx, func(tx querier) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM companies WHERE id = ?`, s.CompanyID.String()).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: payson settings: company %s: %w", s.CompanyID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: payson settings: company %s: %w", s.CompanyID, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO payson_settings
			(company_id, agent_id, api_key, receiver_email, receiver_firstname, receiver_lastname, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (company_id) DO UPDATE SET
				agent_id = excluded.agent_id, api_key = excluded.api_key,
				receiver_email = excluded.receiver_email, receiver_firstname = excluded.receiver_firstname,
				receiver_lastname = excluded.receiver_lastname,
				updated_at = excluded.updated_at`,
			s.CompanyID.String(), s.AgentID, key, s.ReceiverEmail, s.ReceiverFirstname, s.ReceiverLastname, now, now)
		if err != nil {
			return fmt.Errorf("store: put payson settings of %s: %w", s.CompanyID, err)
		}
		return nil
	})
}

// PaysonSettings returns the company's settings, or ErrNotFound.
func (db *DB) PaysonSettings(ctx context.Context, company uuid.UUID) (PaysonSettings, error) {
	s := PaysonSettings{CompanyID: company}
	err := db.conn.QueryRowContext(ctx, `SELECT agent_id, api_key, receiver_email, receiver_firstname, receiver_lastname
		FROM payson_settings WHERE company_id = ?`, company.String()).
		Scan(&s.AgentID, &s.APIKey, &s.ReceiverEmail, &s.ReceiverFirstname, &s.ReceiverLastname)
	if errors.Is(err, sql.ErrNoRows) {
		return PaysonSettings{}, ErrNotFound
	}
	if err != nil {
		return PaysonSettings{}, fmt.Errorf("store: payson settings of %s: %w", company, err)
	}
	if s.APIKey, err = db.open(s.APIKey, "payson_settings", company.String()); err != nil {
		return PaysonSettings{}, err
	}
	return s, nil
}
