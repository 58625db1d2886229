// paygate booking widget. Include it on any page:
//
//   <div data-paygate-widget data-company="GUID" data-article="1" data-article-type="1"
//        data-reference="booking-42" data-label="Pay for the massage"></div>
//   <script src="https://paygate.example/widget/widget.js" defer></script>
//
// Each element with data-paygate-widget gets a button that creates a Stripe
// checkout and then links to Stripe's payment page. The element's
// data-state says where it is: idle, creating, ready or error.
//
// The checkout is created with JSONP (a <script> element calling
// /json/reply/StripeV1CreateCheckout?callback=...), so the page needs no
// CORS permission from paygate. paygate is reached where this script came
// from, unless the script element names another base URL in data-api.
// Missing company and reference fall back to the page's ?company= and
// ?reference= query parameters, which is how the demo page is driven.
(function () {
  'use strict';

  var script = document.currentScript;
  var api = (script && script.getAttribute('data-api')) ||
    (script ? script.src.replace(/\/widget\/widget\.js(?:[?#].*)?$/, '') : '');
  var calls = 0;

  function start() {
    var els = document.querySelectorAll('[data-paygate-widget]');
    for (var i = 0; i < els.length; i++) setUp(els[i]);
  }

  function setUp(el) {
    var query = new URLSearchParams(window.location.search);
    var d = el.dataset;
    var order = {
      company: d.company || query.get('company') || '',
      article: d.article || '1',
      articleType: d.articleType || '1',
      quantity: d.quantity || '1',
      reference: d.reference || query.get('reference') || 'widget-' + Date.now().toString(36),
      country: d.country || 'SE',
      confirmationUrl: d.confirmationUrl || ''
    };
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'paygate-pay';
    button.textContent = d.label || 'Pay';
    var result = document.createElement('output');
    result.className = 'paygate-result';
    result.setAttribute('role', 'status');
    el.appendChild(button);
    el.appendChild(result);

    function show(state, text) {
      el.setAttribute('data-state', state);
      result.textContent = text || '';
    }

    if (!/^[0-9a-fA-F-]{36}$/.test(order.company)) {
      button.disabled = true;
      show('error', 'No company: give the widget data-company, or the page ?company=.');
      return;
    }
    if (![order.article, order.articleType, order.quantity].every(isCount)) {
      button.disabled = true;
      show('error', 'Article, article type and quantity must be whole numbers.');
      return;
    }
    show('idle');
    button.addEventListener('click', function () {
      button.disabled = true;
      show('creating', 'Creating your checkout…');
      createCheckout(order, function (resp) {
        button.disabled = false;
        if (resp.ResponseStatus) {
          show('error', resp.ResponseStatus.Message || resp.ResponseStatus.ErrorCode);
          return;
        }
        if (!/^https:\/\//.test(resp.Url || '')) {
          show('error', 'paygate answered without a payment page.');
          return;
        }
        show('ready', 'Continue to payment: ');
        var link = document.createElement('a');
        link.className = 'paygate-checkout-url';
        link.href = resp.Url;
        link.textContent = resp.Url;
        result.appendChild(link);
        el.setAttribute('data-session-id', resp.SessionId || '');
      }, function () {
        button.disabled = false;
        show('error', 'paygate refused the checkout; check the company and the articles.');
      });
    });
  }

  function isCount(s) { return /^[0-9]{1,9}$/.test(s); }

  // createCheckout asks paygate for a hosted checkout with one JSONP call.
  // The query values are JSV, ServiceStack's query syntax, hence Articles.
  function createCheckout(order, done, failed) {
    var name = 'paygateCheckout' + (++calls) + '_' + Date.now().toString(36);
    var params = new URLSearchParams();
    params.set('callback', name);
    params.set('CompanyId', order.company);
    params.set('CountryCode', order.country);
    params.set('InternalReferenceId', order.reference);
    params.set('UiMode', 'hosted');
    params.set('Articles', '[{ArticleId:' + order.article + ',ArticleTypeId:' + order.articleType +
      ',Quantity:' + order.quantity + '}]');
    if (order.confirmationUrl) params.set('ConfirmationUrl', order.confirmationUrl);
    var el = document.createElement('script');
    function cleanup() {
      delete window[name];
      el.remove();
    }
    window[name] = function (resp) { cleanup(); done(resp || {}); };
    el.onerror = function () { cleanup(); failed(); };
    el.src = api + '/json/reply/StripeV1CreateCheckout?' + params.toString();
    document.head.appendChild(el);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
