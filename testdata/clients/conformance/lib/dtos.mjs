/* BokaMera request and response DTOs, written the way "Add ServiceStack
Reference" emits them in dtos.ts for a PascalCase server, as they read once
transpiled to JavaScript: a constructor that copies its init object,
getTypeName/getMethod/createResponse on requests, and the // @Route
comments, which @servicestack/client never reads. */

export class ResponseError {
  constructor(init) { Object.assign(this, init); }
}

export class ResponseStatus {
  constructor(init) { Object.assign(this, init); }
}

export class ArticleToCreate {
  // ArticleId: number; ArticleTypeId: number; Quantity: number;
  constructor(init) { Object.assign(this, init); }
}

export class StripeCheckoutQueryResponse {
  // SessionId, Url, Status, ClientSecret, CustomerId,
  // PaymentIntentClientSecret, PaymentIntentId, StripeAccount: string
  constructor(init) { Object.assign(this, init); }
}

export class StripeCheckoutStatusQueryResponse {
  // CustomerEmail, Status: string
  constructor(init) { Object.assign(this, init); }
}

export class PaymentProviderOption {
  constructor(init) { Object.assign(this, init); }
}

export class PaymentSettingsQueryResponse {
  // CompanyId: string; Enabled: boolean; PaymentProviderId: number;
  // StripeAccount, Currency, DefaultConfirmationUrl: string;
  // PaymentProviderOptions: PaymentProviderOption[]
  constructor(init) { Object.assign(this, init); }
}

export class StripeWebhookResponse {
  // Id: string; Events: string[]; Url: string
  constructor(init) { Object.assign(this, init); }
}

// Enums of a PascalCase server come out of dtos.ts as string enums.
export const PaymentOrigin = Object.freeze({
  HomePage: 'HomePage', Embedded: 'Embedded', Admin: 'Admin', Apps: 'Apps', HomePageNew: 'HomePageNew',
});

export const Payson2CheckoutStatus = Object.freeze({
  None: 'None', Created: 'Created', FormsFilled: 'FormsFilled', ReadyToPay: 'ReadyToPay',
  ProcessingPayment: 'ProcessingPayment', ReadyToShip: 'ReadyToShip', Shipped: 'Shipped',
  PaidToAccount: 'PaidToAccount', Canceled: 'Canceled', Credited: 'Credited', Expired: 'Expired', Denied: 'Denied',
});

export class PaysonCheckoutV2Response {
  // Id: string; Snippet: string; Status: Payson2CheckoutStatus
  constructor(init) { Object.assign(this, init); }
}

// @Route("/payment/stripe/v1/checkout", "POST")
// @Api(Description="Create Stripe checkout (requires settings for Stripe Checkout 1.0)")
export class StripeV1CreateCheckout {
  // CompanyId: string; CountryCode: string; Articles: ArticleToCreate[];
  // InternalReferenceId: string; ConfirmationUrl?: string; CancelUrl?: string;
  // UiMode: string
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'StripeV1CreateCheckout'; }
  getMethod() { return 'POST'; }
  createResponse() { return new StripeCheckoutQueryResponse(); }
}

// @Route("/payment/stripe/v1/checkout/status", "POST")
export class GetStripeCheckoutV1CheckoutStatus {
  // CompanyId: string; SessionId: string
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'GetStripeCheckoutV1CheckoutStatus'; }
  getMethod() { return 'POST'; }
  createResponse() { return new StripeCheckoutStatusQueryResponse(); }
}

// @Route("/payment/settings", "GET")
// @ValidateRequest(Validator="IsAuthenticated")
export class PaymentSettingsQuery {
  // CompanyId?: string; IncludePaymentProviderOptions: boolean
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'PaymentSettingsQuery'; }
  getMethod() { return 'GET'; }
  createResponse() { return new PaymentSettingsQueryResponse(); }
}

// @Route("/payment/stripe/v1/webhook", "POST")
// @ValidateRequest(Validator="IsAuthenticated")
export class CreateStripeWebhook {
  // CompanyId?: string; Events?: string[]; Connect: boolean; Url?: string
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'CreateStripeWebhook'; }
  getMethod() { return 'POST'; }
  createResponse() { return new StripeWebhookResponse(); }
}

// @Route("/payment/payson/v2/checkout", "POST")
export class PaysonV2CreateCheckout {
  // CompanyId: string; InternalReferenceId: string; CheckoutUrl?: string;
  // ConfirmationUrl?: string; PaymentOrigin: PaymentOrigin; Language?: string;
  // CountryCode: string; TestMode: boolean; Articles: ArticleToCreate[]
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'PaysonV2CreateCheckout'; }
  getMethod() { return 'POST'; }
  createResponse() { return new PaysonCheckoutV2Response(); }
}

// @Route("/payment/payson/v2/checkout/{Id}", "GET")
export class PaysonCheckoutv2GetCheckout {
  // CompanyId?: string; Id: string
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'PaysonCheckoutv2GetCheckout'; }
  getMethod() { return 'GET'; }
  createResponse() { return new PaysonCheckoutV2Response(); }
}

// @Route("/payment/payson/v2/checkout/{Id}/sendpaymentrequest", "PUT")
// @ValidateRequest(Validator="IsAuthenticated")
export class SendCheckoutPaymentRequest {
  // CompanyId?: string; Id: string
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'SendCheckoutPaymentRequest'; }
  getMethod() { return 'PUT'; }
  createResponse() { return new PaysonCheckoutV2Response(); }
}

// AutoQuery's QueryBase members travel on the request; the answer is
// QueryResponse<PaymentLogQueryResponse>, declared in dtos.ts as the open
// generic class QueryResponse<T>.
export class QueryResponse {
  // Offset: number; Total: number; Results: T[]; Meta: { [k: string]: string };
  // ResponseStatus: ResponseStatus
  constructor(init) { Object.assign(this, init); }
}

export class PaymentLogQueryResponse {
  // Id, ArticleTypeId: number; CompanyId, InternalReferenceId, PaymentProvider, CheckoutId,
  // PaymentReferenceId, Currency, Status, ProviderStatus, Created, Updated: string;
  // Amount, VatAmount, RefundedAmount, RefundableAmount: number;
  // Refunds: PaymentLogRefund[]; Articles: PaymentLogArticle[]
  constructor(init) { Object.assign(this, init); }
}

export class QueryBase {
  // Skip?: number; Take?: number; OrderBy, OrderByDesc, Include, Fields: string;
  // Meta: { [k: string]: string }
  constructor(init) { Object.assign(this, init); }
}

// @Route("/articles/payments", "GET")
export class PaymentLogQuery extends QueryBase {
  // CompanyId?: string; CreatedFrom, CreatedTo?: string; ArticleTypeId: number;
  // IncludeArticleType: boolean
  constructor(init) { super(init); Object.assign(this, init); }
  getTypeName() { return 'PaymentLogQuery'; }
  getMethod() { return 'GET'; }
  createResponse() { return new QueryResponse(); }
}

export class RefundBookingPaymentResponse {
  constructor(init) { Object.assign(this, init); }
}

// @Route("/bookings/{Id}/refund/{PaymentLogId}", "PUT")
export class RefundBookingPayment {
  // CompanyId?: string; Id: number; PaymentLogId: number; Amount: number; Comments: string
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return 'RefundBookingPayment'; }
  getMethod() { return 'PUT'; }
  createResponse() { return new RefundBookingPaymentResponse(); }
}
