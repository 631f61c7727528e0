import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, createAccount, useServer } from './lib/server.mjs';

let server;
let admin;

useServer({}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
});

test('a key is accepted as a Bearer token or as X-Api-Key', async () => {
  const { key } = await createAccount(server, admin);
  const bearer = await fetch(`${server.base}/v1/account`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(bearer.status, 200);
  const header = await fetch(`${server.base}/v1/account`, { headers: { 'x-api-key': key } });
  assert.equal(header.status, 200);
});

test('missing, malformed and unknown keys answer 401 with precise codes', async () => {
  const anon = client(server);
  let res = await anon('GET', '/v1/agents');
  assert.equal(res.status, 401);
  assert.equal(res.body.error.code, 'missing_api_key');
  assert.equal(res.body.error.statusCode, 401);
  assert.ok(res.body.error.requestId.startsWith('req_'));
  assert.equal(res.headers.get('x-request-id'), res.body.error.requestId);

  res = await anon('GET', '/v1/agents', { key: 'ak_live_short' });
  assert.equal(res.body.error.code, 'invalid_api_key');
  // Well-formed (valid checksum) but never issued.
  const { key } = await createAccount(server, admin);
  const forged = 'ak_live_' + 'A'.repeat(32);
  res = await anon('GET', '/v1/agents', { key: forged + key.slice(-6) });
  assert.equal(res.status, 401);
  assert.equal(res.body.error.code, 'invalid_api_key');
  // One changed character breaks the checksum.
  const typo = key.slice(0, 20) + (key[20] === 'x' ? 'y' : 'x') + key.slice(21);
  res = await anon('GET', '/v1/agents', { key: typo });
  assert.equal(res.body.error.code, 'invalid_api_key');
});

test('keys are created with scopes, shown once, listed without secrets', async () => {
  const { call, apiKey } = await createAccount(server, admin);
  const created = await call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['read:agents'] } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body.data.scopes, ['agents:read']);
  assert.match(created.body.data.key, /^ak_live_/);
  assert.equal(created.body.data.lastUsedAt, null);

  const list = await call('GET', '/v1/api-keys');
  assert.equal(list.status, 200);
  assert.equal(list.body.pagination.total, 2);
  assert.deepEqual(list.body.data.map((k) => k.id).sort(), [apiKey.id, created.body.data.id].sort());
  for (const k of list.body.data) {
    assert.equal(k.key, undefined);
    assert.ok(!JSON.stringify(k).includes(created.body.data.key));
  }
});

test('scope aliases from the seeds are accepted; unknown scopes are refused', async () => {
  const { call } = await createAccount(server, admin);
  const read = await call('POST', '/v1/api-keys', { body: { scopes: ['read'] } });
  assert.deepEqual(read.body.data.scopes, ['agents:read', 'tasks:read', 'runs:read', 'knowledge:read', 'swarms:read', 'usage:read', 'events:read', 'activity:read']);
  const rw = await call('POST', '/v1/api-keys', { body: { scopes: ['read-write'] } });
  assert.ok(rw.body.data.scopes.includes('webhooks'));
  assert.ok(!rw.body.data.scopes.includes('admin'));
  const bad = await call('POST', '/v1/api-keys', { body: { scopes: ['agents:fly'] } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'scopes');
});

test('a key cannot grant scopes it lacks, nor admin', async () => {
  const { call } = await createAccount(server, admin);
  const narrow = (await call('POST', '/v1/api-keys', { body: { scopes: ['agents:read'] } })).body.data.key;
  const narrowCall = client(server, narrow);
  const escalate = await narrowCall('POST', '/v1/api-keys', { body: { scopes: ['agents:write'] } });
  assert.equal(escalate.status, 403);
  assert.equal(escalate.body.error.code, 'insufficient_scope');
  const toAdmin = await call('POST', '/v1/api-keys', { body: { scopes: ['admin'] } });
  assert.equal(toAdmin.status, 403);
});

test('the wrong scope answers 403 insufficient_scope', async () => {
  const { call } = await createAccount(server, admin);
  const reader = client(server, (await call('POST', '/v1/api-keys', { body: { scopes: ['agents:read'] } })).body.data.key);
  assert.equal((await reader('GET', '/v1/agents')).status, 200);
  const res = await reader('POST', '/v1/agents', { body: { name: 'nope' } });
  assert.equal(res.status, 403);
  assert.equal(res.body.error.code, 'insufficient_scope');
  assert.match(res.body.error.message, /agents:write/);
});

test('revocation takes effect on the very next request', async () => {
  const { call } = await createAccount(server, admin);
  const extra = (await call('POST', '/v1/api-keys', { body: { name: 'temp' } })).body.data;
  const extraCall = client(server, extra.key);
  assert.equal((await extraCall('GET', '/v1/account')).status, 200);
  const revoked = await call('DELETE', `/v1/api-keys/${extra.id}`);
  assert.equal(revoked.status, 204);
  assert.equal(revoked.text, '');
  assert.ok((await call('GET', `/v1/api-keys/${extra.id}`)).body.data.revokedAt);
  const after = await extraCall('GET', '/v1/account');
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'invalid_api_key');
  assert.equal((await call('DELETE', `/v1/api-keys/${extra.id}`)).status, 404);
});

test('expired keys are refused', async () => {
  const { call } = await createAccount(server, admin);
  const soon = new Date(Date.now() + 1500).toISOString();
  const res = await call('POST', '/v1/api-keys', { body: { expiresAt: soon } });
  assert.equal(res.status, 201);
  assert.equal(res.body.data.expiresAt, soon);
  const shortLived = client(server, res.body.data.key);
  assert.equal((await shortLived('GET', '/v1/account')).status, 200);
  await new Promise((r) => setTimeout(r, 1600));
  const expired = await shortLived('GET', '/v1/account');
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.code, 'invalid_api_key');
  assert.match(expired.body.error.message, /expired/);
  const past = await call('POST', '/v1/api-keys', { body: { expiresAt: '2020-01-01T00:00:00Z' } });
  assert.equal(past.status, 400);
  assert.equal(past.body.error.field, 'expiresAt');
  const both = await call('POST', '/v1/api-keys', { body: { expiresAt: soon, expiresInDays: 1 } });
  assert.equal(both.status, 400);
  assert.equal(both.body.error.field, 'expiresInDays');
  const days = await call('POST', '/v1/api-keys', { body: { expiresInDays: 30 } });
  assert.equal(days.status, 201);
  assert.ok(Date.parse(days.body.data.expiresAt) > Date.now() + 29 * 86400e3);
});

test('lastUsedAt records use', async () => {
  const { call, apiKey } = await createAccount(server, admin);
  await call('GET', '/v1/account');
  let seen = null;
  for (let i = 0; i < 50 && !seen; i++) {
    const keys = await call('GET', '/v1/api-keys');
    seen = keys.body.data.find((k) => k.id === apiKey.id).lastUsedAt;
    if (!seen) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(seen, 'lastUsedAt was never set');
  assert.ok(Math.abs(Date.parse(seen) - Date.now()) < 60000);
});

test('each plan caps its active keys; revoked keys free a slot', async () => {
  const { call } = await createAccount(server, admin, { plan: 'free' });
  const second = await call('POST', '/v1/api-keys', { body: {} });
  assert.equal(second.status, 403);
  assert.equal(second.body.error.code, 'limit_reached');
  const starter = await createAccount(server, admin, { plan: 'starter' });
  assert.equal((await starter.call('POST', '/v1/api-keys', { body: {} })).status, 201);
  const third = await starter.call('POST', '/v1/api-keys', { body: {} });
  assert.equal(third.status, 201);
  assert.equal((await starter.call('POST', '/v1/api-keys', { body: {} })).status, 403);
  assert.equal((await starter.call('DELETE', `/v1/api-keys/${third.body.data.id}`)).status, 204);
  assert.equal((await starter.call('POST', '/v1/api-keys', { body: {} })).status, 201);
});

test('another account\'s key is a 404, never a 403', async () => {
  const a = await createAccount(server, admin, { name: 'a' });
  const b = await createAccount(server, admin, { name: 'b' });
  const res = await b.call('DELETE', `/v1/api-keys/${a.apiKey.id}`);
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
  assert.equal((await a.call('GET', '/v1/account')).status, 200);
});
