// Clients of the seed systems' surfaces (/compat/<system>): each sends the key the way that
// system's document says, and checks every JSON answer it gets on a route, successes and errors
// alike, against the surface's own OpenAPI document (/compat/<system>/openapi.json), as strictly
// as client() checks /v1's.
import { ResponseSchemas } from './response_schemas.mjs';

const documents = new WeakMap();

// The checker of `system`'s document on `server`, fetched once.
export async function compatSchemas(server, system) {
  if (!documents.has(server)) documents.set(server, new Map());
  const bySystem = documents.get(server);
  if (!bySystem.has(system)) {
    bySystem.set(system, fetch(`${server.base}/compat/${system}/openapi.json`)
      .then((res) => res.json())
      .then((doc) => new ResponseSchemas(doc)));
  }
  return bySystem.get(system);
}

// call(method, path, {key, body, headers, check}) → {status, headers, body, text}, where `path`
// is the seed's own path (after /compat/<system>). `auth`: 'bearer' (Authorization: Bearer) or
// the name of the header that carries the key (X-API-Key, X-Api-Key). `check: false` skips the
// document check (a path the surface does not have).
export function compatClient(server, system, defaultKey, { auth = 'bearer' } = {}) {
  return async function call(method, path, { key = defaultKey, body, headers = {}, check = true } = {}) {
    const h = { ...headers };
    if (key && auth === 'bearer') h.authorization = `Bearer ${key}`;
    else if (key) h[auth] = key;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(`${server.base}/compat/${system}${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    let json;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
    if (check && isJson && json !== undefined && path !== '/openapi.json') {
      (await compatSchemas(server, system)).check(method, path, res.status, json);
    }
    return { status: res.status, headers: res.headers, body: json, text };
  };
}
