// The dashboard's only way to the server: the public API, same origin, with the session cookie.
// A change carries the session's CSRF token. Errors keep the API's message and request id.

let csrfToken = '';
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? 'error';
    this.requestId = error?.requestId ?? '';
    this.field = error?.field;
  }
}

// The ApiError of a refused answer: its envelope's code and message, and the request id (from the
// envelope, else the X-Request-Id header).
export function errorOf(res, json) {
  const error = new ApiError(res.status, json?.error);
  if (!error.requestId) error.requestId = res.headers.get('x-request-id') ?? '';
  return error;
}

export function setCsrfToken(token) {
  csrfToken = token;
}

// The header a change carries: the session's CSRF token.
export function csrfHeader() {
  return { 'x-csrf-token': csrfToken };
}

// Called when the server no longer knows the session (signed out elsewhere, expired, key revoked).
export function whenSignedOut(handler) {
  onSignedOut = handler;
}

// One call: `path` as the API documents it ("/v1/agents"), answered with its JSON body (or null
// for 204). Throws ApiError with the API's code, message and request id.
export async function api(method, path, { body, headers = {}, raw = false } = {}) {
  const h = { ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') Object.assign(h, csrfHeader());
  const res = await fetch(path.replace(/^\//, ''), {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const error = errorOf(res, json);
    if (res.status === 401 && path !== '/v1/web/session') onSignedOut(error);
    throw error;
  }
  if (raw) return { json, headers: res.headers, status: res.status };
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, { body });
export const patch = (path, body, headers) => api('PATCH', path, { body, headers });
export const put = (path, body, headers) => api('PUT', path, { body, headers });
export const del = (path) => api('DELETE', path);

// The account's agents, for a picker: the first 100.
export const ownAgents = () => get(q('/v1/agents', { limit: 100 }));

// The items of several of the API's lists (their first 100 each), in order, each id once.
export async function itemsOf(...paths) {
  const pages = await Promise.all(paths.map((p) => get(q(p, { limit: 100 }))));
  const seen = new Set();
  return pages.flatMap((page) => page.data).filter((x) => !seen.has(x.id) && seen.add(x.id));
}

// A path with a query: q('/v1/runs', {status: 'queued', cursor}) leaves out empty values.
export function q(path, params = {}) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}
