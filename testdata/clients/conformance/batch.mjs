// @servicestack/client's batched sendAll: one POST of a JSON array to
// /api/{Op}[] (and /json/reply/{Op}[] with basePath = null), answered with
// the responses in order, and a failing batch stopping at the failed
// request with its ResponseStatus.
import { JsonServiceClient } from '@servicestack/client';
import { Report } from './lib/tap.mjs';
import { demo, record, uniqueRef } from './lib/demo.mjs';
import { ArticleToCreate, GetStripeCheckoutV1CheckoutStatus, StripeV1CreateCheckout } from './lib/dtos.mjs';

const t = new Report('@servicestack/client JsonServiceClient: batched sendAll');

const checkout = (init) => new StripeV1CreateCheckout({
  CompanyId: demo.company, CountryCode: 'SE', InternalReferenceId: uniqueRef('node-batch'),
  Articles: [new ArticleToCreate({ ArticleId: 1, ArticleTypeId: 1, Quantity: 1 })], ...init,
});

const client = new JsonServiceClient(demo.url);
const seen = record(client);
let sessions = [];

await t.call('JsonServiceClient.sendAll([StripeV1CreateCheckout hosted, embedded, hosted gift card]) -> POST /api/StripeV1CreateCheckout[]', async () => {
  const rs = await client.sendAll([
    checkout({ UiMode: 'hosted' }),
    checkout({ UiMode: 'embedded' }),
    checkout({ UiMode: 'hosted', Articles: [new ArticleToCreate({ ArticleId: 3, ArticleTypeId: 5, Quantity: 2 })] }),
  ]);
  t.eq('request path', seen.request.path, '/api/StripeV1CreateCheckout[]');
  t.eq('response status', seen.response.status, 200);
  t.eq('X-AutoBatch-Completed', seen.response.headers.get('X-AutoBatch-Completed'), '3');
  t.eq('responses', Array.isArray(rs) && rs.length, 3);
  t.match('[0].Url', rs[0]?.Url, /^https:\/\/checkout\.stripe\.com\//);
  t.eq('[0].ClientSecret', rs[0]?.ClientSecret, undefined);
  t.eq('[1].ClientSecret', rs[1]?.ClientSecret, 'cs_test_secret_fixture');
  t.eq('[1].Url', rs[1]?.Url, undefined);
  t.match('[2].Url', rs[2]?.Url, /^https:\/\/checkout\.stripe\.com\//);
  for (const [i, r] of rs.entries()) t.eq(`[${i}].Status`, r.Status, 'open');
  sessions = rs.map((r) => r.SessionId);
  t.eq('distinct SessionIds', new Set(sessions).size, 3);
});

await t.call('JsonServiceClient.sendAll([GetStripeCheckoutV1CheckoutStatus x3]) -> POST /api/GetStripeCheckoutV1CheckoutStatus[]', async () => {
  const rs = await client.sendAll(sessions.map((SessionId) =>
    new GetStripeCheckoutV1CheckoutStatus({ CompanyId: demo.company, SessionId })));
  t.eq('request path', seen.request.path, '/api/GetStripeCheckoutV1CheckoutStatus[]');
  t.eq('responses', rs.length, 3);
  for (const [i, r] of rs.entries()) t.eq(`[${i}].Status`, r.Status, 'open');
});

await t.call('JsonServiceClient.sendAll([valid, without CompanyId, valid]) stops at the second request', async () => {
  const e = await t.throws('sendAll', () => client.sendAll([
    checkout({ UiMode: 'hosted' }),
    checkout({ CompanyId: undefined }),
    checkout({ UiMode: 'hosted' }),
  ]));
  t.eq('response status', seen.response.status, 400);
  t.eq('X-AutoBatch-Completed', seen.response.headers.get('X-AutoBatch-Completed'), '1');
  t.eq('responseStatus.errorCode', e.responseStatus?.errorCode, 'NotEmpty');
  t.eq('responseStatus.errors[0].fieldName', e.responseStatus?.errors?.[0]?.fieldName, 'CompanyId');
  // The client camel-cases every key of an error body, Meta's too.
  t.eq('responseStatus.meta.autoBatchIndex', e.responseStatus?.meta?.autoBatchIndex, '1');
});

await t.call('JsonServiceClient with basePath = null: sendAll([StripeV1CreateCheckout x2]) -> POST /json/reply/StripeV1CreateCheckout[]', async () => {
  const legacy = new JsonServiceClient(demo.url);
  legacy.basePath = null;
  const legacySeen = record(legacy);
  const rs = await legacy.sendAll([checkout({ UiMode: 'hosted' }), checkout({ UiMode: 'embedded' })]);
  t.eq('request path', legacySeen.request.path, '/json/reply/StripeV1CreateCheckout[]');
  t.eq('responses', rs.length, 2);
  t.match('[0].SessionId', rs[0]?.SessionId, /^cs_test_\w+$/);
  t.eq('[1].ClientSecret', rs[1]?.ClientSecret, 'cs_test_secret_fixture');
});

process.exitCode = t.end() ? 0 : 1;
