// @servicestack/client with bearer tokens: paygate API keys in
// client.bearerToken, what an operation requiring a role answers without a
// token (401), with an unknown one (401), with a key lacking the role (403)
// and for another company (403); and a successful authenticated GET.
import { JsonServiceClient, JsonApiClient } from '@servicestack/client';
import { Report } from './lib/tap.mjs';
import { demo, record } from './lib/demo.mjs';
import { CreateStripeWebhook, PaymentSettingsQuery } from './lib/dtos.mjs';

const t = new Report('@servicestack/client JsonServiceClient, JsonApiClient: bearer-token auth');

function newClient(token) {
  const c = new JsonServiceClient(demo.url);
  if (token) c.bearerToken = token;
  return [c, record(c)];
}

await t.call('JsonServiceClient.get(PaymentSettingsQuery) without a token', async () => {
  const [c, seen] = newClient();
  const e = await t.throws('get', () => c.get(new PaymentSettingsQuery()));
  t.eq('request Authorization', seen.request.authorization, null);
  t.eq('response status', seen.response.status, 401);
  t.eq('WWW-Authenticate', seen.response.headers.get('WWW-Authenticate'), 'Bearer realm="paygate"');
  t.eq('responseStatus.errorCode', e.responseStatus?.errorCode, 'Unauthorized');
  t.eq('responseStatus.message', e.responseStatus?.message, 'Not Authenticated');
});

await t.call('JsonServiceClient.api(PaymentSettingsQuery) with an unknown key', async () => {
  const [c, seen] = newClient('ak_thiskeywasneverissued');
  const api = await c.api(new PaymentSettingsQuery());
  t.eq('request Authorization', seen.request.authorization, 'Bearer ak_thiskeywasneverissued');
  t.eq('response status', seen.response.status, 401);
  t.eq('errorCode', api.errorCode, 'Unauthorized');
  t.eq('errorMessage', api.errorMessage, 'API Key does not exist');
});

await t.call('JsonServiceClient.get(PaymentSettingsQuery IncludePaymentProviderOptions) as administrator -> GET /api/PaymentSettingsQuery?...', async () => {
  const [c, seen] = newClient(demo.adminKey);
  const r = await c.get(new PaymentSettingsQuery({ IncludePaymentProviderOptions: true }));
  t.eq('request method', seen.request.method, 'GET');
  t.eq('request path', seen.request.path, '/api/PaymentSettingsQuery');
  t.eq('query IncludePaymentProviderOptions', seen.request.query.get('IncludePaymentProviderOptions'), 'true');
  t.eq('request Authorization', seen.request.authorization, `Bearer ${demo.adminKey}`);
  t.eq('response status', seen.response.status, 200);
  t.eq('CompanyId (the key\'s company)', r.CompanyId, demo.company);
  t.eq('Enabled', r.Enabled, true);
  t.eq('PaymentProviderId', r.PaymentProviderId, 1);
  t.eq('Currency', r.Currency, 'SEK');
  t.eq('DefaultConfirmationUrl', r.DefaultConfirmationUrl, 'https://example.org/booking/confirmed');
  t.eq('PaymentProviderOptions.length', r.PaymentProviderOptions?.length, 2);
  t.eq('PaymentProviderOptions[0].Id', r.PaymentProviderOptions?.[0]?.Id, 1);
  t.eq('PaymentProviderOptions[0].Name', r.PaymentProviderOptions?.[0]?.Name, 'Stripe Checkout 1.0');
  t.eq('PaymentProviderOptions[1].Name', r.PaymentProviderOptions?.[1]?.Name, 'Payson Checkout 2.0');
});

await t.call('JsonServiceClient.api(PaymentSettingsQuery) with a key without an administrator role', async () => {
  const [c, seen] = newClient(demo.appKey);
  const api = await c.api(new PaymentSettingsQuery());
  t.eq('response status', seen.response.status, 403);
  t.eq('failed', api.failed, true);
  t.eq('errorCode', api.errorCode, 'Forbidden');
  t.eq('errorMessage', api.errorMessage, 'Invalid Role');
});

await t.call('JsonServiceClient.api(PaymentSettingsQuery) as administrator for another company', async () => {
  const [c, seen] = newClient(demo.adminKey);
  const api = await c.api(new PaymentSettingsQuery({ CompanyId: '0b7c2f4e-1d2a-4c3b-8e5f-6a7b8c9d0e1f' }));
  t.eq('query CompanyId', seen.request.query.get('CompanyId'), '0b7c2f4e-1d2a-4c3b-8e5f-6a7b8c9d0e1f');
  t.eq('response status', seen.response.status, 403);
  t.eq('errorCode', api.errorCode, 'Forbidden');
  t.eq('errorMessage', api.errorMessage, 'You are not allowed to act for this company');
});

await t.call('JsonServiceClient.api(CreateStripeWebhook) as administrator', async () => {
  const [c, seen] = newClient(demo.adminKey);
  const api = await c.api(new CreateStripeWebhook());
  t.eq('request path', seen.request.path, '/api/CreateStripeWebhook');
  t.eq('succeeded', api.succeeded, true);
  t.match('Id', api.response?.Id, /^we_\w+$/);
  t.eq('Url', api.response?.Url, `${demo.url}/payment/stripe/v1/ipncallback?CompanyId=${demo.company}`);
  t.check('Events include checkout.session.completed', api.response?.Events?.includes('checkout.session.completed'),
    `got ${JSON.stringify(api.response?.Events)}`);
});

await t.call('JsonServiceClient.api(CreateStripeWebhook) with a key without an administrator role', async () => {
  const [c, seen] = newClient(demo.appKey);
  const api = await c.api(new CreateStripeWebhook());
  t.eq('response status', seen.response.status, 403);
  t.eq('errorCode', api.errorCode, 'Forbidden');
});

await t.call('JsonApiClient.get(PaymentSettingsQuery) as administrator', async () => {
  const c = JsonApiClient.create(demo.url);
  c.bearerToken = demo.adminKey;
  const seen = record(c);
  const r = await c.get(new PaymentSettingsQuery());
  t.eq('request path', seen.request.path, '/api/PaymentSettingsQuery');
  t.eq('response status', seen.response.status, 200);
  t.eq('CompanyId', r.CompanyId, demo.company);
  t.eq('PaymentProviderOptions (not asked for)', r.PaymentProviderOptions, undefined);
});

process.exitCode = t.end() ? 0 : 1;
