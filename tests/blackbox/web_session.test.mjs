// The dashboard's sign-in (/v1/web/session) and its page: a key given once becomes an HttpOnly
// SameSite=Strict session cookie; changes need the session's CSRF token; signing out or revoking
// the key ends the session; tenants stay apart. The page and its hashed files come from the
// binary, and in Chromium a person signs in, sees the overview, and signs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { withTab } from './lib/browser.mjs';
import { client, createAccount, useServer } from './lib/server.mjs';

let server;
let admin;

useServer({}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
});

// A call with the session cookie (and `csrf` when given) instead of a key.
function withCookie(cookie, csrf) {
  return async (method, path, body) => {
    const headers = { cookie };
    if (csrf !== undefined) headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}

async function signIn(apiKey) {
  const res = await fetch(`${server.base}/v1/web/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey }),
  });
  const body = await res.json();
  return { status: res.status, body, setCookie: res.headers.get('set-cookie'), headers: res.headers };
}

const cookieOf = (setCookie) => setCookie.split(';')[0];

test('a key signs in once: an HttpOnly SameSite=Strict cookie, the key\'s scopes and a CSRF token', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-session', plan: 'pro' });
  const signed = await signIn(acme.key);
  assert.equal(signed.status, 201);
  assert.match(signed.setCookie, /^agentry_session=ws_[0-9A-Za-z]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    'no Secure on loopback, where a browser would not keep it');
  assert.ok(!signed.setCookie.includes(acme.key), 'the cookie is not the key');
  assert.equal(signed.headers.get('cache-control'), 'no-store');
  assert.equal(signed.body.data.accountId, acme.account.id);
  assert.deepEqual(signed.body.data.scopes, acme.apiKey.scopes);
  assert.match(signed.body.data.csrfToken, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(signed.body).includes(acme.key), 'the answer does not show the key');
  assert.ok(signed.headers.get('x-ratelimit-limit'), 'sign-ins are counted per client address');

  const call = withCookie(cookieOf(signed.setCookie), signed.body.data.csrfToken);
  const shown = await call('GET', '/v1/web/session');
  assert.equal(shown.status, 200);
  assert.equal(shown.body.data.id, signed.body.data.id);
  assert.equal(shown.body.data.csrfToken, signed.body.data.csrfToken);
  assert.equal((await call('GET', '/v1/account')).body.data.id, acme.account.id);
  // With a key there is no session to show.
  assert.equal((await acme.call('GET', '/v1/web/session')).status, 404);
});

test('a change through the session needs its CSRF token; reads do not', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-csrf', plan: 'pro' });
  const signed = await signIn(acme.key);
  const cookie = cookieOf(signed.setCookie);
  const csrf = signed.body.data.csrfToken;
  const agent = { name: 'via-dashboard', kind: 'hosted' };
  for (const [label, token] of [['none', undefined], ['another', '0'.repeat(64)], ['the key', acme.key]]) {
    const refused = await withCookie(cookie, token)('POST', '/v1/agents', agent);
    assert.equal(refused.status, 403, label);
    assert.equal(refused.body.error.code, 'forbidden');
    assert.match(refused.body.error.message, /X-CSRF-Token/);
  }
  assert.equal((await acme.call('GET', '/v1/agents')).body.data.length, 0, 'nothing was made');
  const made = await withCookie(cookie, csrf)('POST', '/v1/agents', agent);
  assert.equal(made.status, 201);
  assert.equal((await withCookie(cookie)('GET', `/v1/agents/${made.body.data.id}`)).status, 200);

  // Another session's token does not fit this one.
  const other = await signIn(acme.key);
  assert.notEqual(other.body.data.csrfToken, csrf);
  assert.equal((await withCookie(cookie, other.body.data.csrfToken)('DELETE', `/v1/agents/${made.body.data.id}`)).status, 403);
});

test('the session acts as its key only: another account\'s agent is absent, scopes hold', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-tenant', plan: 'pro' });
  const globex = await createAccount(server, admin, { name: 'globex-tenant', plan: 'pro' });
  const theirs = await globex.call('POST', '/v1/agents', { body: { name: 'private-one', kind: 'hosted' } });
  assert.equal(theirs.status, 201);
  const narrow = await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['agents:read'] } });
  const signed = await signIn(narrow.body.data.key);
  assert.deepEqual(signed.body.data.scopes, ['agents:read']);
  const call = withCookie(cookieOf(signed.setCookie), signed.body.data.csrfToken);
  const absent = await call('GET', `/v1/agents/${theirs.body.data.id}`);
  assert.equal(absent.status, 404);
  const refused = await call('POST', '/v1/agents', { name: 'no', kind: 'hosted' });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'insufficient_scope');
});

test('signing out, or revoking the key, ends the session; a bad key does not sign in', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-end', plan: 'pro' });
  const bad = await signIn(`${acme.key}x`);
  assert.equal(bad.status, 401);
  assert.equal(bad.body.error.code, 'invalid_api_key');
  assert.equal(bad.setCookie, null);

  const first = await signIn(acme.key);
  const call = withCookie(cookieOf(first.setCookie), first.body.data.csrfToken);
  const out = await call('DELETE', '/v1/web/session');
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /^agentry_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/);
  const after = await call('GET', '/v1/account');
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'invalid_api_key');

  const second = await acme.call('POST', '/v1/api-keys', { body: { name: 'soon-revoked', scopes: ['agents:read'] } });
  const signed = await signIn(second.body.data.key);
  const session = withCookie(cookieOf(signed.setCookie));
  assert.equal((await session('GET', '/v1/agents')).status, 200);
  assert.equal((await acme.call('DELETE', `/v1/api-keys/${second.body.data.id}`)).status, 204);
  assert.equal((await session('GET', '/v1/agents')).status, 401, 'the revoked key ended its session');
});

test('a malformed sign-in is the error envelope; the OpenAPI entry declares the body and the cookie', async () => {
  for (const [body, pattern] of [['{"apiKey": 7}', /apiKey/], ['{}', /apiKey/], ['{"apiKey": "k", "extra": 1}', /extra/], ['not json', /JSON/]]) {
    const res = await fetch(`${server.base}/v1/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 400, body);
    const error = (await res.json()).error;
    assert.match(error.code, /^(validation_error|bad_request)$/);
    assert.match(error.message, pattern);
    assert.ok(error.requestId);
    assert.equal(res.headers.get('set-cookie'), null);
  }
  const doc = await (await fetch(`${server.base}/openapi.json`)).json();
  const signIn = doc.paths['/v1/web/session'].post;
  assert.deepEqual(signIn.security, [], 'signing in takes no key');
  assert.deepEqual(signIn.requestBody.content['application/json'].schema.required, ['apiKey']);
  assert.ok(signIn.responses['201'] && signIn.responses['401'] && signIn.responses['429']);
  assert.deepEqual(doc.paths['/v1/web/session'].delete.responses['204'] !== undefined, true);
  assert.equal(doc.components.securitySchemes.sessionCookie.in, 'cookie');
  assert.equal(doc.components.securitySchemes.sessionCookie.name, 'agentry_session');
});

test('off loopback the cookie is Secure', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-secure', plan: 'pro' });
  const setCookie = await new Promise((resolve, reject) => {
    const req = request(`${server.base}/v1/web/session`, {
      method: 'POST', headers: { host: 'dashboard.example.com', 'content-type': 'application/json' },
    }, (res) => { res.resume(); resolve(res.headers['set-cookie']); });
    req.on('error', reject);
    req.end(JSON.stringify({ apiKey: acme.key }));
  });
  assert.match(setCookie[0], /; HttpOnly; SameSite=Strict; Secure$/);
});

test('the page and its hashed files come from the binary: CSP, no-cache page, immutable gzipped files', async () => {
  const page = await fetch(`${server.base}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.match(page.headers.get('content-security-policy'), /default-src 'none'; script-src 'self'; style-src 'self'/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  const html = await page.text();
  const script = html.match(/src="assets\/(dashboard-[0-9a-f]{16}\.js)"/)?.[1];
  const style = html.match(/href="assets\/(dashboard-[0-9a-f]{16}\.css)"/)?.[1];
  assert.ok(script && style, 'the page names its files by hash');
  const again = await fetch(`${server.base}/`, { headers: { 'if-none-match': page.headers.get('etag') } });
  assert.equal(again.status, 304);

  const zipped = await new Promise((resolve, reject) => {
    request(`${server.base}/assets/${script}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.ok(zipped.body.length <= 150 * 1024, `the first screen's script is ${zipped.body.length} bytes compressed`);
  const plain = await fetch(`${server.base}/assets/${script}`, { headers: { 'accept-encoding': 'identity' } });
  assert.ok(Buffer.from(await plain.arrayBuffer()).equals(gunzipSync(zipped.body)));
  assert.equal((await fetch(`${server.base}/assets/${style}`)).status, 200);
  const stale = await fetch(`${server.base}/assets/dashboard-0000000000000000.js`);
  assert.equal(stale.status, 404);
  assert.equal((await stale.json()).error.code, 'not_found');
});

test('in Chromium: sign in with a key, see the overview, sign out; nothing comes from elsewhere', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-browser', plan: 'pro' });
  // The first load asks for a session there is none of yet: its 401 is expected.
  await withTab(server, async ({ context, tab, elsewhere, problems }) => {
    await tab.goto(`${server.base}/`);
    await tab.getByLabel('API key').fill(acme.key);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'Overview' }).waitFor();
    const available = tab.locator('[data-figure="available"]');
    await available.waitFor();
    assert.match(await available.textContent(), /^[0-9.]+ cr$/);

    const cookies = await context.cookies();
    assert.equal(cookies.length, 1);
    assert.equal(cookies[0].httpOnly, true);
    assert.equal(cookies[0].sameSite, 'Strict');
    assert.equal(await tab.evaluate(() => document.cookie), '', 'the page cannot read the session');
    const stored = await tab.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!stored.includes(acme.key), 'the key is not stored in the page');

    // A reload keeps the session; signing out ends it on the server.
    await tab.reload();
    await tab.getByRole('heading', { name: 'Overview' }).waitFor();
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByLabel('API key').waitFor();
    const stale = await fetch(`${server.base}/v1/account`, { headers: { cookie: `agentry_session=${cookies[0].value}` } });
    assert.equal(stale.status, 401);

    assert.deepEqual(elsewhere, []);
    assert.deepEqual(problems, []);
  }, { ignore: /401/ });
});

test('in Chromium: a key made on the keys page is shown once; revoking it ends its own session', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-keys-page', plan: 'pro' });
  await withTab(server, async ({ context, tab, elsewhere, problems }) => {
    tab.on('dialog', (d) => d.accept());
    await tab.goto(`${server.base}/#/keys`);
    await tab.getByLabel('API key').fill(acme.key);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'API keys' }).waitFor();

    await tab.getByLabel('Name').fill('ci-reader');
    await tab.getByLabel('agents:read').check();
    await tab.getByRole('button', { name: 'Create key' }).click();
    const secret = tab.locator('[data-secret]');
    await secret.waitFor();
    const made = (await secret.textContent()).trim();
    assert.match(made, /^ak_live_/);
    const listed = (await acme.call('GET', '/v1/api-keys')).body.data.find((k) => k.name === 'ci-reader');
    assert.deepEqual(listed.scopes, ['agents:read']);
    await tab.locator(`tr[data-key="${listed.id}"]`).waitFor();

    // Another browser signs in with the new key; revoking it here ends that session.
    const other = await context.browser().newContext();
    try {
      const second = await other.newPage();
      await second.goto(`${server.base}/`);
      await second.getByLabel('API key').fill(made);
      await second.getByRole('button', { name: 'Sign in' }).click();
      await second.getByRole('link', { name: 'API keys' }).waitFor();

      await tab.getByRole('button', { name: 'Revoke ci-reader' }).click();
      await tab.locator(`tr[data-key="${listed.id}"]`).filter({ hasText: 'revoked' }).waitFor();
      assert.notEqual((await acme.call('GET', `/v1/api-keys/${listed.id}`)).body.data.revokedAt, null);

      await second.reload();
      await second.getByLabel('API key').waitFor();
    } finally {
      await other.close();
    }
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(problems, []);
  }, { ignore: /401/ });
});

test('in Chromium: the credits page lists the wallet\'s movements; pages follow the session\'s scopes', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-credits-page', plan: 'pro' });
  const history = (await acme.call('GET', '/v1/credits/history')).body.data;
  assert.ok(history.length > 0, 'a new account has its plan credits');
  const narrow = await acme.call('POST', '/v1/api-keys', { body: { name: 'agents-only', scopes: ['agents:read'] } });
  await withTab(server, async ({ context, tab, elsewhere, problems }) => {
    await tab.goto(`${server.base}/#/credits`);
    await tab.getByLabel('API key').fill(acme.key);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'Credits' }).waitFor();
    await tab.locator('tr[data-entry]').first().waitFor();
    assert.equal(await tab.locator('tr[data-entry]').count(), history.length);
    assert.equal(await tab.locator(`tr[data-entry="${history[0].kind}"]`).count() > 0, true);

    // A key without usage:read sees neither the credits page nor the overview's figures.
    const other = await context.browser().newContext();
    try {
      const second = await other.newPage();
      await second.goto(`${server.base}/`);
      await second.getByLabel('API key').fill(narrow.body.data.key);
      await second.getByRole('button', { name: 'Sign in' }).click();
      await second.getByRole('heading', { name: 'Overview' }).waitFor();
      const links = await second.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
      assert.deepEqual(links, ['Overview', 'Agents', 'API keys']);
      assert.equal(await second.locator('[data-figure="available"]').count(), 0);
    } finally {
      await other.close();
    }
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(problems, []);
  }, { ignore: /401/ });
});
