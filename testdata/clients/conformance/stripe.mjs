// @servicestack/client against the BokaMera Stripe Checkout 1.0 operations:
// JsonServiceClient on /api/... and, with basePath = null, /json/reply/...;
// JsonApiClient (a JSON body sent as text/plain); successes read field by
// field; validation and business errors through api() and thrown errors.
import { JsonServiceClient, JsonApiClient } from '@servicestack/client';
import { Report } from './lib/tap.mjs';
import { demo, record, uniqueRef } from './lib/demo.mjs';
import { ArticleToCreate, GetStripeCheckoutV1CheckoutStatus, StripeV1CreateCheckout } from './lib/dtos.mjs';

const t = new Report('@servicestack/client JsonServiceClient, JsonApiClient: Stripe Checkout 1.0');

const massage = () => [new ArticleToCreate({ ArticleId: 1, ArticleTypeId: 1, Quantity: 1 })];
const checkout = (init) => new StripeV1CreateCheckout({
  CompanyId: demo.company, CountryCode: 'SE', Articles: massage(),
  InternalReferenceId: uniqueRef('node-stripe'), ...init,
});

// hosted checks a hosted checkout as BokaMera's booking pages read it.
function hosted(r) {
  t.match('SessionId', r.SessionId, /^cs_test_\w+$/);
  t.match('Url', r.Url, /^https:\/\/checkout\.stripe\.com\/\S+$/);
  t.eq('Status', r.Status, 'open');
  t.eq('ClientSecret (hosted has none)', r.ClientSecret, undefined);
  t.match('PaymentIntentId', r.PaymentIntentId, /^pi_\w+$/);
  t.match('PaymentIntentClientSecret', r.PaymentIntentClientSecret, /^pi_\w+_secret_\w+$/);
  t.eq('StripeAccount (platform account)', r.StripeAccount, undefined);
}

function sentJSON(seen, path) {
  t.eq('request method', seen.request.method, 'POST');
  t.eq('request path', seen.request.path, path);
  t.eq('response status', seen.response.status, 200);
  t.match('response Content-Type', seen.response.contentType, /^application\/json\b/);
}

const client = new JsonServiceClient(demo.url);
const seen = record(client);
let sessionId;

await t.call('JsonServiceClient.post(StripeV1CreateCheckout hosted) -> POST /api/StripeV1CreateCheckout', async () => {
  const r = await client.post(checkout({ UiMode: 'hosted' }));
  sentJSON(seen, '/api/StripeV1CreateCheckout');
  t.eq('request Content-Type', seen.request.contentType, 'application/json');
  hosted(r);
  sessionId = r.SessionId;
});

await t.call('JsonServiceClient.send(StripeV1CreateCheckout embedded), verb from getMethod()', async () => {
  const r = await client.send(checkout({ UiMode: 'embedded' }));
  sentJSON(seen, '/api/StripeV1CreateCheckout');
  t.match('SessionId', r.SessionId, /^cs_test_\w+$/);
  t.eq('ClientSecret', r.ClientSecret, 'cs_test_secret_fixture');
  t.eq('Url (embedded has none)', r.Url, undefined);
  t.eq('Status', r.Status, 'open');
});

await t.call('JsonServiceClient.api(StripeV1CreateCheckout hosted) -> ApiResult', async () => {
  const api = await client.api(checkout({ UiMode: 'hosted', ConfirmationUrl: 'https://example.org/booked' }));
  t.eq('succeeded', api.succeeded, true);
  t.eq('error', api.error, undefined);
  hosted(api.response);
});

await t.call('JsonServiceClient.post(GetStripeCheckoutV1CheckoutStatus) for the first session', async () => {
  const r = await client.post(new GetStripeCheckoutV1CheckoutStatus({ CompanyId: demo.company, SessionId: sessionId }));
  sentJSON(seen, '/api/GetStripeCheckoutV1CheckoutStatus');
  t.eq('Status', r.Status, 'open');
  t.eq('CustomerEmail (stripe-mock\'s session)', r.CustomerEmail, 'example@example.com');
});

await t.call('JsonServiceClient.api(StripeV1CreateCheckout without CompanyId, Articles, InternalReferenceId): validation errors', async () => {
  const api = await client.api(new StripeV1CreateCheckout({ CountryCode: 'SE', UiMode: 'hosted' }));
  t.eq('response status', seen.response.status, 400);
  t.eq('failed', api.failed, true);
  t.eq('errorCode', api.errorCode, 'NotEmpty');
  t.eq('errorMessage', api.errorMessage, "'Company Id' must not be empty.");
  t.eq("fieldErrorMessage('companyId')", api.fieldErrorMessage('companyId'), "'Company Id' must not be empty.");
  t.eq("fieldError('articles').errorCode", api.fieldError('articles')?.errorCode, 'NotEmpty');
  t.eq("fieldErrorMessage('InternalReferenceId')", api.fieldErrorMessage('InternalReferenceId'), "'Internal Reference Id' must not be empty.");
  t.eq("hasFieldError('countryCode')", api.hasFieldError('countryCode'), false);
  t.eq('errors.length', api.errors.length, 3);
});

await t.call('JsonServiceClient.post(StripeV1CreateCheckout without CompanyId) throws a camel-cased ErrorResponse', async () => {
  const e = await t.throws('post', () => client.post(checkout({ CompanyId: null })));
  t.eq('responseStatus.errorCode', e.responseStatus?.errorCode, 'NotEmpty');
  t.eq('responseStatus.errors[0].fieldName', e.responseStatus?.errors?.[0]?.fieldName, 'CompanyId');
  t.eq('responseStatus.errors[0].message', e.responseStatus?.errors?.[0]?.message, "'Company Id' must not be empty.");
});

await t.call('JsonServiceClient.api(StripeV1CreateCheckout with an article not in the catalog)', async () => {
  const api = await client.api(checkout({ Articles: [new ArticleToCreate({ ArticleId: 99, ArticleTypeId: 1, Quantity: 1 })] }));
  t.eq('response status', seen.response.status, 400);
  t.eq('errorCode', api.errorCode, 'ArticleNotFound');
  t.eq("fieldErrorMessage('Articles[0].ArticleId')", api.fieldErrorMessage('Articles[0].ArticleId'),
    "Article 99 of article type 1 is not in the company's catalog.");
});

await t.call('JsonServiceClient.api(StripeV1CreateCheckout embedded with a CancelUrl)', async () => {
  const api = await client.api(checkout({ UiMode: 'embedded', CancelUrl: 'https://example.org/cancel' }));
  t.eq('response status', seen.response.status, 400);
  t.eq("fieldError('cancelUrl').errorCode", api.fieldError('cancelUrl')?.errorCode, 'NotAllowed');
  t.eq("fieldErrorMessage('cancelUrl')", api.fieldErrorMessage('cancelUrl'), "'Cancel Url' is not allowed when UiMode is embedded.");
});

await t.call('JsonServiceClient.api(StripeV1CreateCheckout for a company without Stripe settings)', async () => {
  const other = '0b7c2f4e-1d2a-4c3b-8e5f-6a7b8c9d0e1f';
  const api = await client.api(checkout({ CompanyId: other }));
  t.eq('response status', seen.response.status, 400);
  t.eq('errorCode', api.errorCode, 'PaymentSettingsMissing');
  t.match("fieldErrorMessage('companyId')", api.fieldErrorMessage('companyId'), new RegExp(`company ${other} has no payment settings`));
});

await t.call('JsonServiceClient.api(GetStripeCheckoutV1CheckoutStatus for an unknown session)', async () => {
  const api = await client.api(new GetStripeCheckoutV1CheckoutStatus({ CompanyId: demo.company, SessionId: 'cs_test_unknown' }));
  t.eq('response status', seen.response.status, 404);
  t.eq('errorCode', api.errorCode, 'NotFound');
  t.eq('errorMessage', api.errorMessage, `Company ${demo.company} has no checkout session 'cs_test_unknown'.`);
});

const legacy = new JsonServiceClient(demo.url);
legacy.basePath = null;
const legacySeen = record(legacy);

await t.call('JsonServiceClient with basePath = null: post(StripeV1CreateCheckout) -> POST /json/reply/StripeV1CreateCheckout', async () => {
  const r = await legacy.post(checkout({ UiMode: 'hosted' }));
  sentJSON(legacySeen, '/json/reply/StripeV1CreateCheckout');
  hosted(r);
});

await t.call('JsonServiceClient with basePath = null: api(StripeV1CreateCheckout without CompanyId)', async () => {
  const api = await legacy.api(checkout({ CompanyId: undefined }));
  t.eq('request path', legacySeen.request.path, '/json/reply/StripeV1CreateCheckout');
  t.eq('response status', legacySeen.response.status, 400);
  t.eq("fieldErrorMessage('companyId')", api.fieldErrorMessage('companyId'), "'Company Id' must not be empty.");
});

const apiClient = JsonApiClient.create(demo.url);
const apiSeen = record(apiClient);

await t.call('JsonApiClient.post(StripeV1CreateCheckout hosted): JSON body sent as text/plain', async () => {
  const r = await apiClient.post(checkout({ UiMode: 'hosted' }));
  sentJSON(apiSeen, '/api/StripeV1CreateCheckout');
  t.eq('Content-Type set by the client (fetch sends text/plain;charset=UTF-8)', apiSeen.request.contentType, null);
  hosted(r);
});

await t.call('JsonApiClient.api(StripeV1CreateCheckout without CompanyId)', async () => {
  const api = await apiClient.api(checkout({ CompanyId: undefined, UiMode: 'embedded' }));
  t.eq('response status', apiSeen.response.status, 400);
  t.eq('failed', api.failed, true);
  t.eq("fieldErrorMessage('companyId')", api.fieldErrorMessage('companyId'), "'Company Id' must not be empty.");
});

await t.call('JsonApiClient.api(GetStripeCheckoutV1CheckoutStatus)', async () => {
  const api = await apiClient.api(new GetStripeCheckoutV1CheckoutStatus({ CompanyId: demo.company, SessionId: sessionId }));
  t.eq('succeeded', api.succeeded, true);
  t.eq('response.Status', api.response?.Status, 'open');
});

process.exitCode = t.end() ? 0 : 1;
