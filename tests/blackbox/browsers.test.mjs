// Browsers: CORS for the origins in --cors-origins (preflight, the API's headers exposed,
// credentials never allowed), and stream tokens, since an EventSource cannot send headers: a
// token opens one stream once, within 60 s, never a key in a URL. Then a real page in Chromium
// (headless, driven by playwright-core) on an allowed origin mints a token and reads a run's
// events through EventSource.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { client, createAccount, runToEnd, startServer } from './lib/server.mjs';

let page;  // the page's own server, on its own origin
let pageOrigin;
let server;
let admin;
let acme;
let agent;

before(async () => {
  page = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>agentry page</title><p>test page</p>');
  });
  await new Promise((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${page.address().port}`;
  server = await startServer({ args: ['--cors-origins', `https://app.example.com, ${pageOrigin}`] });
  admin = client(server, server.adminKey);
  acme = await createAccount(server, admin, { name: 'acme', plan: 'pro' });
  agent = (await acme.call('POST', '/v1/agents', { body: { name: 'echoer', model: 'echo' } })).body.data;
});

after(async () => {
  assert.equal((await server.stop()).code, 0);
  server.cleanup();
  await new Promise((resolve) => page.close(resolve));
});

const preflight = (origin, method = 'POST', headers = 'authorization, content-type') => fetch(`${server.base}/v1/agents`, {
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
});

test('a listed origin passes the preflight and reads the API\'s headers; others get no CORS', async () => {
  const ok = await preflight('https://app.example.com', 'POST', 'authorization, content-type, idempotency-key, x-stainless-os');
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.match(ok.headers.get('access-control-allow-methods'), /POST/);
  assert.equal(ok.headers.get('access-control-allow-headers'), 'authorization, content-type, idempotency-key, x-stainless-os');
  assert.equal(ok.headers.get('access-control-allow-credentials'), null, 'credentials are never allowed');
  assert.equal(ok.headers.get('vary'), 'Origin');

  const refused = await preflight('https://evil.example.net');
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get('access-control-allow-origin'), null);

  const read = await fetch(`${server.base}/v1/agents/${agent.id}`, { headers: { origin: 'https://app.example.com', authorization: `Bearer ${acme.key}` } });
  assert.equal(read.status, 200);
  assert.equal(read.headers.get('access-control-allow-origin'), 'https://app.example.com');
  const exposed = read.headers.get('access-control-expose-headers').split(', ');
  for (const h of ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'ETag', 'Location', 'Retry-After', 'Mcp-Session-Id']) {
    assert.ok(exposed.includes(h), h);
  }
  const error = await fetch(`${server.base}/v1/agents/agt_missing`, { headers: { origin: 'https://app.example.com', authorization: `Bearer ${acme.key}` } });
  assert.equal(error.status, 404);
  assert.equal(error.headers.get('access-control-allow-origin'), 'https://app.example.com', 'errors are readable too');
  const stranger = await fetch(`${server.base}/v1/agents/${agent.id}`, { headers: { origin: 'https://evil.example.net', authorization: `Bearer ${acme.key}` } });
  assert.equal(stranger.headers.get('access-control-allow-origin'), null);
});

test('an entry of --cors-origins that is not an origin stops the server at start', async () => {
  await assert.rejects(startServer({ args: ['--cors-origins', 'https://app.example.com/path'] }), /--cors-origins/);
});

test('without --cors-origins no origin is allowed', async () => {
  const plain = await startServer();
  try {
    const res = await fetch(`${plain.base}/v1/agents`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } });
    assert.notEqual(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  } finally {
    assert.equal((await plain.stop()).code, 0);
    plain.cleanup();
  }
});

const streamOf = async (url) => {
  const res = await fetch(`${server.base}${url}`);
  return { status: res.status, text: await res.text() };
};

test('a stream token opens its one stream once; never another stream, never twice, never a key in the URL', async () => {
  const run = await runToEnd(acme.call, agent, 'hello');
  const other = await runToEnd(acme.call, agent, 'other');
  const minted = await acme.call('POST', '/v1/stream-tokens', { body: { url: `/v1/runs/${run.id}/events` } });
  assert.equal(minted.status, 200, minted.text);
  const { token, url, expiresAt } = minted.body.data;
  assert.match(token, /^st_[0-9A-Za-z]{32}$/);
  assert.equal(url, `/v1/runs/${run.id}/events?token=${token}`);
  const ttl = Date.parse(expiresAt) - Date.now();
  assert.ok(ttl > 50_000 && ttl <= 60_000, `valid about 60 s: ${ttl}`);

  const wrongPath = await streamOf(`/v1/runs/${other.id}/events?token=${token}`);
  assert.equal(wrongPath.status, 401, 'bound to its own stream');
  const first = await streamOf(url);
  assert.equal(first.status, 200, first.text);
  assert.match(first.text, /event: status\ndata: \{"status":"completed"/);
  assert.match(first.text, /echo: hello/);
  const again = await streamOf(url);
  assert.equal(again.status, 401, 'single use');
  assert.equal(JSON.parse(again.text).error.code, 'invalid_api_key');

  // A key is never taken from a URL, and a token is never taken by a route that is not a stream.
  assert.equal((await streamOf(`/v1/runs/${run.id}/events?api_key=${acme.key}`)).status, 401);
  const plainRoute = await acme.call('POST', '/v1/stream-tokens', { body: { url: `/v1/runs/${run.id}/events` } });
  assert.equal((await fetch(`${server.base}/v1/runs/${run.id}?token=${plainRoute.body.data.token}`)).status, 401);
  // The query keeps what the page asked for.
  const withQuery = await acme.call('POST', '/v1/stream-tokens', { body: { url: `/v1/runs/${run.id}/events?x=1` } });
  assert.match(withQuery.body.data.url, /\?x=1&token=st_/);

  // Neither a token nor a key reaches the access log.
  assert.ok(!server.stdout.includes(token));
  assert.ok(!server.stdout.includes(acme.key));
});

test('minting checks the stream and the key\'s scopes; a revoked key\'s token opens nothing', async () => {
  const run = await runToEnd(acme.call, agent, 'scoped');
  const noUrl = await acme.call('POST', '/v1/stream-tokens', { body: {} });
  assert.equal(noUrl.status, 400);
  assert.equal(noUrl.body.error.code, 'validation_error');
  assert.equal(noUrl.body.error.field, 'url');
  const notStream = await acme.call('POST', '/v1/stream-tokens', { body: { url: `/v1/runs/${run.id}` } });
  assert.equal(notStream.status, 400);
  assert.equal(notStream.body.error.field, 'url');
  const reader = (await acme.call('POST', '/v1/api-keys', { body: { name: 'agents only', scopes: ['agents:read'] } })).body.data;
  const refused = await acme.call('POST', '/v1/stream-tokens', { key: reader.key, body: { url: `/v1/runs/${run.id}/events` } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'insufficient_scope');

  const runner = (await acme.call('POST', '/v1/api-keys', { body: { name: 'runner', scopes: ['runs:read'] } })).body.data;
  const minted = (await acme.call('POST', '/v1/stream-tokens', { key: runner.key, body: { url: `/v1/runs/${run.id}/events` } })).body.data;
  assert.equal((await acme.call('DELETE', `/v1/api-keys/${runner.id}`)).status, 204);
  assert.equal((await streamOf(minted.url)).status, 401, 'the key was revoked after minting');

  const globex = await createAccount(server, admin, { name: 'globex', plan: 'pro' });
  const theirs = (await globex.call('POST', '/v1/stream-tokens', { body: { url: `/v1/runs/${run.id}/events` } })).body.data;
  assert.equal((await streamOf(theirs.url)).status, 404, 'another account\'s run is not found');
});

test('a page on an allowed origin streams a run\'s events through EventSource with a stream token', async () => {
  const run = (await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'from the browser' } } })).body.data;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const tab = await browser.newPage();
    await tab.goto(pageOrigin);
    const seen = await tab.evaluate(async ({ base, key, runId }) => {
      const minted = await fetch(`${base}/v1/stream-tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `/v1/runs/${runId}/events` }),
      });
      const requestId = minted.headers.get('x-request-id');
      const { data } = await minted.json();
      return new Promise((resolve, reject) => {
        const events = [];
        const source = new EventSource(base + data.url);
        const timer = setTimeout(() => { source.close(); reject(new Error(`no end: ${JSON.stringify(events)}`)); }, 20000);
        source.addEventListener('status', (e) => {
          const data = JSON.parse(e.data);
          events.push(data);
          if (['completed', 'failed', 'cancelled'].includes(data.status)) {
            clearTimeout(timer);
            source.close();
            resolve({ events, requestId });
          }
        });
        source.onerror = () => { if (source.readyState === EventSource.CLOSED) { clearTimeout(timer); reject(new Error('the stream was refused')); } };
      });
    }, { base: server.base, key: acme.key, runId: run.id });
    assert.match(seen.requestId, /^req_/, 'X-Request-Id is exposed to the page');
    const last = seen.events.at(-1);
    assert.equal(last.status, 'completed', JSON.stringify(seen.events));
    assert.equal(last.result.output, 'echo: from the browser');
  } finally {
    await browser.close();
  }
});
