// Debian's Chromium, driven by playwright-core, as a customer's browser:
//   - paygate's booking widget demo page creates a Stripe checkout by JSONP
//     and shows the checkout URL;
//   - the same widget embedded in a page of another origin (JSONP needs no
//     CORS), and its error state for an article paygate refuses;
//   - the UMD build of @servicestack/client on a page of an allowed origin
//     calling paygate cross-origin (CORS preflight included), and the same
//     call refused by the browser from an origin paygate does not allow.
// Screenshots go to OUT_DIR.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { Report } from './lib/tap.mjs';
import { demo, uniqueRef } from './lib/demo.mjs';

const site = process.env.SITE_URL; // an origin paygate allows (--cors-origins)
const otherSite = process.env.OTHER_SITE_URL; // the same pages on an origin it does not
const outDir = process.env.OUT_DIR;
if (!site || !otherSite || !outDir) throw new Error('SITE_URL, OTHER_SITE_URL and OUT_DIR must be set');

const t = new Report('Chromium via playwright-core: JSONP booking widget, @servicestack/client UMD over CORS');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
t.print(`# browser: Chromium ${browser.version()}`);
const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });

// open loads url in a new page that remembers its console errors and the
// responses of paygate's checkout route.
async function open(url) {
  const page = await context.newPage();
  const errors = [];
  const jsonp = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('/json/reply/StripeV1CreateCheckout')) {
      jsonp.push({ url: u, status: r.status(), contentType: r.headers()['content-type'] });
    }
  });
  const resp = await page.goto(url);
  return { page, resp, errors, jsonp };
}

async function screenshot(page, name) {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  t.print(`# screenshot: ${file}`);
}

// widgetDone waits for the widget in selector to leave idle and creating.
const widgetDone = (page, selector) => page.waitForSelector(
  `${selector}[data-state="ready"], ${selector}[data-state="error"]`);

function checkJSONP(call, companyId, article, quantity) {
  t.eq('JSONP request path', call?.url.pathname, '/json/reply/StripeV1CreateCheckout');
  t.match('callback parameter', call?.url.searchParams.get('callback'), /^paygateCheckout\d+_\w+$/);
  t.eq('CompanyId parameter', call?.url.searchParams.get('CompanyId'), companyId);
  t.eq('Articles parameter (JSV)', call?.url.searchParams.get('Articles'),
    `[{ArticleId:${article},ArticleTypeId:1,Quantity:${quantity}}]`);
  t.eq('UiMode parameter', call?.url.searchParams.get('UiMode'), 'hosted');
}

try {
  await t.call(`widget demo page GET ${demo.url}/widget/?company=...; click Pay -> JSONP GET /json/reply/StripeV1CreateCheckout?callback=...`, async () => {
    const ref = uniqueRef('browser-widget');
    const { page, resp, errors, jsonp } = await open(`${demo.url}/widget/?company=${demo.company}&reference=${ref}`);
    t.eq('page status', resp.status(), 200);
    t.match('page Content-Security-Policy', resp.headers()['content-security-policy'], /script-src 'self'/);
    t.eq('widget state before the click', await page.getAttribute('#booking', 'data-state'), 'idle');
    await page.click('#booking .paygate-pay');
    await widgetDone(page, '#booking');
    t.eq('widget state', await page.getAttribute('#booking', 'data-state'), 'ready');
    const href = await page.getAttribute('#booking a.paygate-checkout-url', 'href');
    t.match('checkout link href', href, /^https:\/\/checkout\.stripe\.com\/\S+$/);
    t.eq('checkout link text', await page.textContent('#booking a.paygate-checkout-url'), href);
    t.match('widget data-session-id', await page.getAttribute('#booking', 'data-session-id'), /^cs_test_\w+$/);
    t.eq('JSONP calls', jsonp.length, 1);
    checkJSONP(jsonp[0], demo.company, 1, 1);
    t.eq('InternalReferenceId parameter', jsonp[0]?.url.searchParams.get('InternalReferenceId'), ref);
    t.eq('JSONP response status', jsonp[0]?.status, 200);
    t.match('JSONP response Content-Type', jsonp[0]?.contentType, /^text\/javascript\b/);
    t.eq('callback functions left on window', await page.evaluate(
      () => Object.keys(window).filter((k) => k.startsWith('paygateCheckout')).length), 0);
    t.eq('console errors', errors.join(' | '), '');
    await screenshot(page, 'widget-demo-page');
    await page.close();
  });

  await t.call(`widget embedded on ${site}/site/shop.html, paygate on another origin`, async () => {
    const run = uniqueRef('shop');
    const { page, resp, errors, jsonp } = await open(
      `${site}/site/shop.html?api=${encodeURIComponent(demo.url)}&company=${demo.company}&run=${run}`);
    t.eq('page status', resp.status(), 200);
    await page.click('#addon .paygate-pay');
    await widgetDone(page, '#addon');
    t.eq('add-on widget state', await page.getAttribute('#addon', 'data-state'), 'ready');
    t.match('add-on checkout link href', await page.getAttribute('#addon a.paygate-checkout-url', 'href'),
      /^https:\/\/checkout\.stripe\.com\/\S+$/);
    checkJSONP(jsonp[0], demo.company, 2, 2);
    t.check('JSONP went to paygate, not to the page origin', jsonp[0]?.url.origin === new URL(demo.url).origin
      && new URL(site).origin !== new URL(demo.url).origin, `got ${jsonp[0]?.url.origin}`);
    t.eq('JSONP response status', jsonp[0]?.status, 200);

    await page.click('#unknown .paygate-pay');
    await widgetDone(page, '#unknown');
    t.eq('unknown-article widget state', await page.getAttribute('#unknown', 'data-state'), 'error');
    t.eq('unknown-article JSONP response status (validation errors keep their status)', jsonp[1]?.status, 400);
    t.eq('unknown-article message', await page.textContent('#unknown .paygate-result'),
      'paygate refused the checkout; check the company and the articles.');
    t.check('console errors only for the refused script',
      errors.every((e) => /400 \(Bad Request\)/.test(e)), errors.join(' | '));
    await screenshot(page, 'widget-on-another-site');
    await page.close();
  });

  // The calls below run inside the page, with the library the page loaded
  // from its <script> tag and DTOs imported from the site.
  const ssCalls = async ({ api, company, adminKey, ref }) => {
    const { JsonServiceClient, JsonApiClient } = window['@servicestack/client'];
    const { ArticleToCreate, PaymentSettingsQuery, StripeV1CreateCheckout } = await import('/lib/dtos.mjs');
    const checkout = (init) => new StripeV1CreateCheckout({
      CompanyId: company, CountryCode: 'SE', InternalReferenceId: ref, UiMode: 'hosted',
      Articles: [new ArticleToCreate({ ArticleId: 1, ArticleTypeId: 1, Quantity: 1 })], ...init,
    });
    const plain = (r) => ({ succeeded: r.succeeded, response: r.response, errorCode: r.errorCode,
      errorMessage: r.errorMessage, companyIdError: r.fieldErrorMessage('companyId') });
    const client = new JsonServiceClient(api);
    const out = {};
    out.post = show('JsonServiceClient.api(StripeV1CreateCheckout hosted)', plain(await client.api(checkout())));
    out.invalid = show('JsonServiceClient.api(StripeV1CreateCheckout without CompanyId)',
      plain(await client.api(checkout({ CompanyId: undefined }))));
    out.apiClient = show('JsonApiClient.api(StripeV1CreateCheckout embedded)',
      plain(await JsonApiClient.create(api).api(checkout({ UiMode: 'embedded' }))));
    const authed = new JsonServiceClient(api);
    authed.bearerToken = adminKey;
    out.settings = show('JsonServiceClient.api(PaymentSettingsQuery) with a bearer token',
      plain(await authed.api(new PaymentSettingsQuery())));
    return out;
  };

  await t.call(`@servicestack/client UMD on ${site} (allowed origin): JsonServiceClient, JsonApiClient, bearer token`, async () => {
    const { page, resp } = await open(`${site}/site/umd.html`);
    t.eq('page status', resp.status(), 200);
    const preflights = await watchPreflights(page);
    const out = await page.evaluate(ssCalls, {
      api: demo.url, company: demo.company, adminKey: demo.adminKey, ref: uniqueRef('browser-umd'),
    });
    t.eq('JsonServiceClient.api(StripeV1CreateCheckout) succeeded', out.post.succeeded, true);
    t.match('response.SessionId', out.post.response?.SessionId, /^cs_test_\w+$/);
    t.match('response.Url', out.post.response?.Url, /^https:\/\/checkout\.stripe\.com\/\S+$/);
    t.eq('response.Status', out.post.response?.Status, 'open');
    t.eq('invalid: errorCode', out.invalid.errorCode, 'NotEmpty');
    t.eq("invalid: fieldErrorMessage('companyId')", out.invalid.companyIdError, "'Company Id' must not be empty.");
    t.eq('JsonApiClient.api(StripeV1CreateCheckout embedded) succeeded', out.apiClient.succeeded, true);
    t.eq('JsonApiClient response.ClientSecret', out.apiClient.response?.ClientSecret, 'cs_test_secret_fixture');
    t.eq('bearer token: succeeded', out.settings.succeeded, true);
    t.eq('bearer token: response.CompanyId', out.settings.response?.CompanyId, demo.company);
    t.eq('bearer token: response.Currency', out.settings.response?.Currency, 'SEK');
    const origin = new URL(site).origin;
    const checkoutPreflight = preflights.find((p) => p.path === '/api/StripeV1CreateCheckout');
    t.eq('JsonServiceClient preflight OPTIONS /api/StripeV1CreateCheckout: status', checkoutPreflight?.status, 204);
    t.eq('preflight Access-Control-Allow-Origin', checkoutPreflight?.allowOrigin, origin);
    const settingsPreflight = preflights.find((p) => p.path === '/api/PaymentSettingsQuery');
    t.match('bearer-token preflight Access-Control-Allow-Headers', settingsPreflight?.allowHeaders, /authorization/i);
    await screenshot(page, 'servicestack-client-umd');
    await page.close();
  });

  await t.call(`@servicestack/client UMD on ${otherSite} (an origin paygate does not allow)`, async () => {
    const { page, resp, errors } = await open(`${otherSite}/site/umd.html`);
    t.eq('page status', resp.status(), 200);
    const out = await page.evaluate(async ({ api, company }) => {
      const { JsonServiceClient } = window['@servicestack/client'];
      const { StripeV1CreateCheckout } = await import('/lib/dtos.mjs');
      const r = await new JsonServiceClient(api).api(new StripeV1CreateCheckout({ CompanyId: company }));
      return show('JsonServiceClient.api(StripeV1CreateCheckout) from a foreign origin',
        { succeeded: r.succeeded, errorCode: r.errorCode, errorMessage: r.errorMessage });
    }, { api: demo.url, company: demo.company });
    t.eq('succeeded', out.succeeded, false);
    t.eq('errorCode (the browser blocked the response)', out.errorCode, 'Exception');
    t.eq('errorMessage', out.errorMessage, 'Failed to fetch');
    t.check('the browser reports the CORS refusal', errors.some((e) => /CORS policy/.test(e)), errors.join(' | '));
    await page.close();
  });
} finally {
  await browser.close();
}

// watchPreflights records the CORS preflights the page's requests cause, as
// Chromium reports them to DevTools (playwright's request events leave them
// out).
async function watchPreflights(page) {
  const cdp = await page.context().newCDPSession(page);
  const seen = [];
  const pending = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.method === 'OPTIONS') pending.set(e.requestId, new URL(e.request.url).pathname);
  });
  cdp.on('Network.responseReceived', (e) => {
    if (!pending.has(e.requestId)) return;
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    seen.push({ path: pending.get(e.requestId), status: e.response.status,
      allowOrigin: h['access-control-allow-origin'], allowHeaders: h['access-control-allow-headers'] });
  });
  await cdp.send('Network.enable');
  return seen;
}

process.exitCode = t.end() ? 0 : 1;
