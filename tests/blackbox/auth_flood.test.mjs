// Requests without a valid key are limited per client address, before any database lookup; the
// client address comes from X-Forwarded-For only when the connection is from a trusted proxy.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { client, startServer } from './lib/server.mjs';

const servers = [];
after(async () => {
  for (const s of servers) {
    assert.equal((await s.stop()).code, 0);
    s.cleanup();
  }
});

// GET /v1/account from the loopback address `from` (each test uses its own, so that no other
// test's traffic shares its bucket), with `headers`.
function get(server, from, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: '/v1/account', localAddress: from, headers },
      (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
      });
    req.on('error', reject);
    req.end();
  });
}

const madeUp = () => `ak_live_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`;

test('a flood of missing, malformed and unknown keys from one address gets 429 with Retry-After', async () => {
  const server = await startServer({ args: ['--unauthenticated-per-minute', '20'] });
  servers.push(server);
  const from = '127.0.0.71';
  // A key known to the server before the flood keeps working through it.
  assert.equal((await get(server, '127.0.0.70', { authorization: `Bearer ${server.adminKey}` })).status, 200);
  const answers = await Promise.all(Array.from({ length: 600 }, (_, i) =>
    get(server, from, i % 3 === 0 ? {} : { authorization: `Bearer ${i % 3 === 1 ? 'nonsense' : madeUp()}` })));
  const refused = answers.filter((a) => a.status === 429);
  const unauthorized = answers.filter((a) => a.status === 401);
  assert.equal(unauthorized.length, 20, 'the burst is the per-minute limit');
  assert.equal(answers.length, 600);
  assert.equal(refused.length, 580);
  for (const a of refused) {
    assert.equal(a.body.error.code, 'rate_limit_exceeded');
    assert.ok(Number(a.headers['retry-after']) >= 1);
  }
  // Another address is not affected, and neither is a known key, whose lookup is cached.
  assert.equal((await get(server, '127.0.0.72', {})).status, 401);
  assert.equal((await get(server, from, { authorization: `Bearer ${server.adminKey}` })).status, 200);
  // X-Forwarded-For from an untrusted peer changes nothing.
  assert.equal((await get(server, from, { 'x-forwarded-for': '198.51.100.9' })).status, 429);
});

test('behind a trusted proxy each forwarded client address has its own limit', async () => {
  const server = await startServer({ args: ['--unauthenticated-per-minute', '5', '--trusted-proxies', '127.0.0.73/32, 10.0.0.0/8'] });
  servers.push(server);
  const proxy = '127.0.0.73';
  const client = (address) => ({ 'x-forwarded-for': `203.0.113.200, ${address}, 10.1.1.1` });
  for (let i = 0; i < 5; i++) assert.equal((await get(server, proxy, client('198.51.100.1'))).status, 401);
  assert.equal((await get(server, proxy, client('198.51.100.1'))).status, 429);
  assert.equal((await get(server, proxy, client('198.51.100.2'))).status, 401, 'another client behind the proxy');
  // A peer that is not a trusted proxy is its own client, whatever it forwards.
  for (let i = 0; i < 5; i++) assert.equal((await get(server, '127.0.0.74', client(`198.51.100.${10 + i}`))).status, 401);
  assert.equal((await get(server, '127.0.0.74', client('198.51.100.99'))).status, 429);
  // The access log names the client, not the proxy.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.match(server.stdout, /"remote":"198\.51\.100\.2"/);
});

test('a known key the cache dropped on a change is reloaded without counting against its address', async () => {
  // One unknown key per address and minute: a second charge to the same address is a 429.
  const server = await startServer({ args: ['--unauthenticated-per-minute', '1'] });
  servers.push(server);
  const admin = client(server, server.adminKey);
  const from = '127.0.0.75';
  const bearer = (key) => ({ authorization: `Bearer ${key}` });
  assert.equal((await get(server, from, bearer(server.adminKey))).status, 200, 'the first use loads the key');
  // Every change to api_keys drops every cached key: a new key (and each key's lastUsedAt).
  const created = await admin('POST', '/v1/api-keys', { body: { name: 'second', scopes: ['agents:read'] } });
  assert.equal(created.status, 201);
  for (let i = 0; i < 3; i++) {
    assert.equal((await get(server, from, bearer(server.adminKey))).status, 200, `reload ${i} is not charged`);
    assert.equal((await admin('POST', '/v1/api-keys', { body: { name: `more${i}`, scopes: ['agents:read'] } })).status, 201);
  }
  // A key never seen still counts, and this address has spent its one.
  assert.equal((await get(server, from, bearer(madeUp()))).status, 429);
  // A known key whose reload fails is unknown again: revoked, it is 401 once, then charged.
  const other = '127.0.0.76';
  const second = created.body.data;
  assert.equal((await get(server, other, bearer(second.key))).status, 200);
  assert.equal((await admin('DELETE', `/v1/api-keys/${second.id}`)).status, 204);
  assert.equal((await get(server, other, bearer(second.key))).status, 401);
  assert.equal((await get(server, other, bearer(second.key))).status, 429);
});
