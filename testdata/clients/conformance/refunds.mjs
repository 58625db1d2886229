// @servicestack/client against BokaMera's payment log and refunds: a Payson
// checkout is paid in the sandbox and shipped, read back from the payment
// log as a QueryResponse<PaymentLogQueryResponse>, and refunded in two
// parts that add up to what was paid; more is refused with 409 naming
// Amount, as is a member the log cannot be ordered by.
import { JsonServiceClient } from '@servicestack/client';
import { Report } from './lib/tap.mjs';
import { demo, record } from './lib/demo.mjs';
import {
  ArticleToCreate, PaymentLogQuery, PaymentOrigin, PaysonV2CreateCheckout, RefundBookingPayment,
  SendCheckoutPaymentRequest,
} from './lib/dtos.mjs';

if (!demo.paysonSandbox) throw new Error('PAYSON_SANDBOX_URL is not set: the demo runs no Payson sandbox');

const t = new Report('@servicestack/client JsonServiceClient: PaymentLogQuery and RefundBookingPayment');
const admin = new JsonServiceClient(demo.url);
admin.bearerToken = demo.adminKey;
const seen = record(admin);
// A numeric booking id, as RefundBookingPayment names it, of this run only.
const booking = 200000000 + Math.floor(Math.random() * 100000000);
let checkout, payment;

await t.call('a Payson checkout for the booking is paid in the sandbox and shipped', async () => {
  checkout = await new JsonServiceClient(demo.url).post(new PaysonV2CreateCheckout({
    CompanyId: demo.company, InternalReferenceId: String(booking), CountryCode: 'SE',
    PaymentOrigin: PaymentOrigin.Embedded, Language: 'sv',
    Articles: [new ArticleToCreate({ ArticleId: 1, ArticleTypeId: 1, Quantity: 1 })],
  }));
  const res = await fetch(`${demo.paysonSandbox}/sandbox/checkouts/${checkout.Id}/pay`, { method: 'POST' });
  t.eq('sandbox status', res.status, 200);
  const shipped = await admin.put(new SendCheckoutPaymentRequest({ Id: checkout.Id }));
  t.eq('Status', shipped.Status, 'Shipped');
});

const logQuery = () => new PaymentLogQuery({ ArticleTypeId: 1, Include: 'Total', OrderByDesc: 'Id', Take: 100 });

await t.call('JsonServiceClient.get(PaymentLogQuery) -> GET /api/PaymentLogQuery?ArticleTypeId=1&Include=Total...', async () => {
  const r = await admin.get(logQuery());
  t.eq('request method', seen.request.method, 'GET');
  t.eq('query Include', seen.request.query.get('Include'), 'Total');
  t.eq('response status', seen.response.status, 200);
  t.eq('Offset', r.Offset, 0);
  t.check('Total counts at least the page', r.Total >= r.Results.length && r.Results.length > 0, `Total ${r.Total}`);
  payment = r.Results.find((p) => p.CheckoutId === checkout.Id);
  t.check('the checkout is in the log', payment !== undefined, JSON.stringify(r.Results.map((p) => p.CheckoutId)));
  t.eq('PaymentProvider', payment?.PaymentProvider, 'Payson');
  t.eq('Status', payment?.Status, 'Paid');
  t.eq('InternalReferenceId', payment?.InternalReferenceId, String(booking));
  t.eq('RefundableAmount', payment?.RefundableAmount, payment?.Amount);
  t.check('Amount is positive', payment?.Amount > 0, `got ${payment?.Amount}`);
});

await t.call('JsonServiceClient.put(RefundBookingPayment) twice: partial refunds adding up to the payment', async () => {
  const first = Math.round(payment.Amount * 40) / 100;
  const rest = Math.round((payment.Amount - first) * 100) / 100;
  await admin.put(new RefundBookingPayment({ Id: booking, PaymentLogId: payment.Id, Amount: first, Comments: 'Avbokad' }));
  t.eq('request path', seen.request.path, '/api/RefundBookingPayment');
  t.eq('response status', seen.response.status, 200);
  await admin.put(new RefundBookingPayment({ Id: booking, PaymentLogId: payment.Id, Amount: rest }));
  const r = await admin.get(logQuery());
  const p = r.Results.find((x) => x.Id === payment.Id);
  t.eq('RefundedAmount', p?.RefundedAmount, payment.Amount);
  t.eq('Status', p?.Status, 'Refunded');
  t.eq('Refunds', p?.Refunds?.map((x) => `${x.Amount} ${x.Status}`).join(', '), `${first} Succeeded, ${rest} Succeeded`);
});

await t.call('JsonServiceClient.api(RefundBookingPayment) for more than is left', async () => {
  const api = await admin.api(new RefundBookingPayment({ Id: booking, PaymentLogId: payment.Id, Amount: 1 }));
  t.eq('response status', seen.response.status, 409);
  t.eq('errorCode', api.errorCode, 'RefundExceedsPayment');
  t.match("fieldErrorMessage('Amount')", api.fieldErrorMessage('Amount'), /has 0\.00 SEK left to refund/);
});

await t.call('JsonServiceClient.api(PaymentLogQuery) ordered by a member the log does not have', async () => {
  const api = await admin.api(new PaymentLogQuery({ ArticleTypeId: 1, OrderBy: 'Password' }));
  t.eq('response status', seen.response.status, 400);
  t.eq('errorCode', api.errorCode, 'InvalidOrderBy');
  t.match("fieldErrorMessage('OrderBy')", api.fieldErrorMessage('OrderBy'), /'Password' is not a member/);
});

process.exitCode = t.end() ? 0 : 1;
