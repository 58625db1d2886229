// @servicestack/client against the BokaMera Payson Checkout 2.0 operations:
// a checkout is created, the customer pays it in the Payson sandbox, it is
// read back ReadyToShip, and an administrator sends the payment request
// (PUT), which leaves it Shipped. Callers without a token or without the
// administrator role are refused.
import { JsonServiceClient } from '@servicestack/client';
import { Report } from './lib/tap.mjs';
import { demo, record, uniqueRef } from './lib/demo.mjs';
import {
  ArticleToCreate, Payson2CheckoutStatus, PaymentOrigin, PaysonCheckoutv2GetCheckout,
  PaysonV2CreateCheckout, SendCheckoutPaymentRequest,
} from './lib/dtos.mjs';

if (!demo.paysonSandbox) throw new Error('PAYSON_SANDBOX_URL is not set: the demo runs no Payson sandbox');

const t = new Report('@servicestack/client JsonServiceClient: Payson Checkout 2.0');
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const client = new JsonServiceClient(demo.url);
const seen = record(client);
const admin = new JsonServiceClient(demo.url);
admin.bearerToken = demo.adminKey;
const adminSeen = record(admin);
let created;

await t.call('JsonServiceClient.post(PaysonV2CreateCheckout) -> POST /api/PaysonV2CreateCheckout', async () => {
  created = await client.post(new PaysonV2CreateCheckout({
    CompanyId: demo.company, InternalReferenceId: uniqueRef('node-payson'), CountryCode: 'SE',
    PaymentOrigin: PaymentOrigin.Embedded, Language: 'sv',
    Articles: [new ArticleToCreate({ ArticleId: 1, ArticleTypeId: 1, Quantity: 1 })],
  }));
  t.eq('request path', seen.request.path, '/api/PaysonV2CreateCheckout');
  t.eq('response status', seen.response.status, 200);
  t.match('Id', created.Id, uuid);
  t.eq('Status', created.Status, Payson2CheckoutStatus.Created);
  t.check('Snippet embeds the sandbox checkout page',
    typeof created.Snippet === 'string' && created.Snippet.includes(`<iframe`) &&
    created.Snippet.includes(`/checkout/${created.Id}`), `got ${created.Snippet}`);
});

await t.call('the customer pays in the Payson sandbox: POST /sandbox/checkouts/{Id}/pay', async () => {
  const res = await fetch(`${demo.paysonSandbox}/sandbox/checkouts/${created.Id}/pay`, { method: 'POST' });
  t.eq('sandbox status', res.status, 200);
  t.eq('Payson status', (await res.json()).status, 'readyToShip');
});

await t.call('JsonServiceClient.get(PaysonCheckoutv2GetCheckout) -> GET /api/PaysonCheckoutv2GetCheckout?Id=...', async () => {
  const r = await client.get(new PaysonCheckoutv2GetCheckout({ CompanyId: demo.company, Id: created.Id }));
  t.eq('request method', seen.request.method, 'GET');
  t.eq('query Id', seen.request.query.get('Id'), created.Id);
  t.eq('Id', r.Id, created.Id);
  t.eq('Status', r.Status, Payson2CheckoutStatus.ReadyToShip);
  t.eq('Snippet', r.Snippet, created.Snippet);
});

await t.call('JsonServiceClient.api(SendCheckoutPaymentRequest) without a token', async () => {
  const api = await client.api(new SendCheckoutPaymentRequest({ CompanyId: demo.company, Id: created.Id }));
  t.eq('request method', seen.request.method, 'PUT');
  t.eq('response status', seen.response.status, 401);
  t.eq('errorCode', api.errorCode, 'Unauthorized');
});

await t.call('JsonServiceClient.api(SendCheckoutPaymentRequest) with a key without an administrator role', async () => {
  const app = new JsonServiceClient(demo.url);
  app.bearerToken = demo.appKey;
  const appSeen = record(app);
  const api = await app.api(new SendCheckoutPaymentRequest({ Id: created.Id }));
  t.eq('response status', appSeen.response.status, 403);
  t.eq('errorCode', api.errorCode, 'Forbidden');
  t.eq('errorMessage', api.errorMessage, 'Invalid Role');
});

await t.call('JsonServiceClient.put(SendCheckoutPaymentRequest) as administrator -> PUT /api/SendCheckoutPaymentRequest', async () => {
  const r = await admin.put(new SendCheckoutPaymentRequest({ Id: created.Id }));
  t.eq('request method', adminSeen.request.method, 'PUT');
  t.eq('request path', adminSeen.request.path, '/api/SendCheckoutPaymentRequest');
  t.eq('response status', adminSeen.response.status, 200);
  t.eq('Id', r.Id, created.Id);
  t.eq('Status', r.Status, Payson2CheckoutStatus.Shipped);
});

await t.call('JsonServiceClient.api(SendCheckoutPaymentRequest) again as administrator: already shipped', async () => {
  const api = await admin.api(new SendCheckoutPaymentRequest({ Id: created.Id }));
  t.eq('response status', adminSeen.response.status, 409);
  t.eq('errorCode', api.errorCode, 'CheckoutNotReadyToShip');
  t.match("fieldErrorMessage('id')", api.fieldErrorMessage('id'), /is Shipped \(6\); a payment request can only be sent for a checkout that is ReadyToShip \(5\)\.$/);
  t.eq('error.meta.status', api.error?.meta?.status, 'Shipped');
});

await t.call('JsonServiceClient.api(PaysonV2CreateCheckout without InternalReferenceId and Articles)', async () => {
  const api = await client.api(new PaysonV2CreateCheckout({ CompanyId: demo.company, CountryCode: 'SE', PaymentOrigin: PaymentOrigin.HomePage }));
  t.eq('response status', seen.response.status, 400);
  t.eq('errorCode', api.errorCode, 'NotEmpty');
  t.eq("fieldErrorMessage('internalReferenceId')", api.fieldErrorMessage('internalReferenceId'), "'Internal Reference Id' must not be empty.");
  t.eq("fieldErrorMessage('articles')", api.fieldErrorMessage('articles'), "'Articles' must not be empty.");
});

await t.call('JsonServiceClient.api(PaysonCheckoutv2GetCheckout) for a checkout that does not exist', async () => {
  const id = '00000000-0000-4000-8000-000000000001';
  const api = await client.api(new PaysonCheckoutv2GetCheckout({ CompanyId: demo.company, Id: id }));
  t.eq('response status', seen.response.status, 404);
  t.eq('errorCode', api.errorCode, 'NotFound');
  t.eq("fieldErrorMessage('Id')", api.fieldErrorMessage('Id'), `Checkout ${id} was not found.`);
});

process.exitCode = t.end() ? 0 : 1;
