package dto

import "github.com/google/uuid"

// The ICompany requests.

func (r *PaymentLogQuery) Company() *uuid.UUID     { return r.CompanyId }
func (r *PaymentLogQuery) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *RefundBookingPayment) Company() *uuid.UUID     { return r.CompanyId }
func (r *RefundBookingPayment) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *PaysonV2CreateCheckout) Company() *uuid.UUID     { return r.CompanyId }
func (r *PaysonV2CreateCheckout) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *PaysonCheckoutv2GetCheckout) Company() *uuid.UUID     { return r.CompanyId }
func (r *PaysonCheckoutv2GetCheckout) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *SendCheckoutPaymentRequest) Company() *uuid.UUID     { return r.CompanyId }
func (r *SendCheckoutPaymentRequest) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *PaysonApiSettingsQuery) Company() *uuid.UUID     { return r.CompanyId }
func (r *PaysonApiSettingsQuery) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *AddPaysonApiSettings) Company() *uuid.UUID     { return r.CompanyId }
func (r *AddPaysonApiSettings) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *PaymentSettingsQuery) Company() *uuid.UUID     { return r.CompanyId }
func (r *PaymentSettingsQuery) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *AddPaymentSettings) Company() *uuid.UUID     { return r.CompanyId }
func (r *AddPaymentSettings) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *UpdatePaymentSettings) Company() *uuid.UUID     { return r.CompanyId }
func (r *UpdatePaymentSettings) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *StripeV1CreateCheckout) Company() *uuid.UUID     { return r.CompanyId }
func (r *StripeV1CreateCheckout) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *GetStripeCheckoutV1CheckoutStatus) Company() *uuid.UUID     { return r.CompanyId }
func (r *GetStripeCheckoutV1CheckoutStatus) SetCompany(id uuid.UUID) { r.CompanyId = &id }

func (r *CreateStripeWebhook) Company() *uuid.UUID     { return r.CompanyId }
func (r *CreateStripeWebhook) SetCompany(id uuid.UUID) { r.CompanyId = &id }
