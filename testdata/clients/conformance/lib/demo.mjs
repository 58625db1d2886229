// The running demo the Go suite started, as it described it in environment
// variables, and a recorder of what a client sent and received.

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the clients through go test ./conformance`);
  return v;
}

export const demo = {
  url: need('PAYGATE_URL'),
  company: need('PAYGATE_COMPANY'),
  adminKey: need('PAYGATE_ADMIN_KEY'),
  appKey: need('PAYGATE_APP_KEY'),
  paysonSandbox: process.env.PAYSON_SANDBOX_URL || '',
};

// record notes the last request and response of client through its public
// request and response filters (both run for failed calls too).
export function record(client) {
  const seen = { request: null, response: null };
  client.requestFilter = (r) => {
    const u = new URL(r.url);
    seen.request = {
      method: r.method,
      path: decodeURIComponent(u.pathname),
      query: u.searchParams,
      contentType: r.headers.get('Content-Type'),
      authorization: r.headers.get('Authorization'),
    };
  };
  client.responseFilter = (res) => {
    seen.response = { status: res.status, contentType: res.headers.get('Content-Type'), headers: res.headers };
  };
  return seen;
}

// uniqueRef makes InternalReferenceIds that no other client or run uses,
// so no checkout here invalidates another's.
export function uniqueRef(prefix) {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}
