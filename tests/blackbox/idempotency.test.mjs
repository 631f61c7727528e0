import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createAccount, store, useServer } from './lib/server.mjs';

let server;
let admin;
let acme;

useServer({}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { plan: 'enterprise' });
});

const withKey = (key) => ({ 'idempotency-key': key });

test('a retried POST replays the first response and creates nothing new', async () => {
  const first = await acme.call('POST', '/v1/agents', { body: { name: 'once' }, headers: withKey('k-once') });
  assert.equal(first.status, 201);
  const again = await acme.call('POST', '/v1/agents', { body: { name: 'once' }, headers: withKey('k-once') });
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(again.body, first.body);
  const list = await acme.call('GET', '/v1/agents?q=once');
  assert.equal(list.body.pagination.total, 1);
});

test('the same key with a different body is a 422', async () => {
  await acme.call('POST', '/v1/agents', { body: { name: 'first-body' }, headers: withKey('k-body') });
  const res = await acme.call('POST', '/v1/agents', { body: { name: 'other-body' }, headers: withKey('k-body') });
  assert.equal(res.status, 422);
  assert.equal(res.body.error.code, 'idempotency_key_reused');
});

test('errors are replayed too, but requests that failed validation are not stored', async () => {
  await acme.call('POST', '/v1/agents', { body: { name: 'taken' } });
  const conflict = await acme.call('POST', '/v1/agents', { body: { name: 'taken' }, headers: withKey('k-conflict') });
  assert.equal(conflict.status, 409);
  const replay = await acme.call('POST', '/v1/agents', { body: { name: 'taken' }, headers: withKey('k-conflict') });
  assert.equal(replay.status, 409);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');

  const invalid = await acme.call('POST', '/v1/agents', { body: { name: '' }, headers: withKey('k-invalid') });
  assert.equal(invalid.status, 400);
  const fixed = await acme.call('POST', '/v1/agents', { body: { name: 'valid-now' }, headers: withKey('k-invalid') });
  assert.equal(fixed.status, 201);
});

test('keys belong to one account', async () => {
  const other = await createAccount(server, admin, { name: 'other', plan: 'enterprise' });
  const mine = await acme.call('POST', '/v1/agents', { body: { name: 'shared-key' }, headers: withKey('k-shared') });
  const theirs = await other.call('POST', '/v1/agents', { body: { name: 'shared-key' }, headers: withKey('k-shared') });
  assert.equal(theirs.status, 201);
  assert.notEqual(theirs.body.data.id, mine.body.data.id);
  assert.equal(theirs.headers.get('idempotent-replayed'), null);
});

test('concurrent requests with one key have exactly one effect', async () => {
  const attempts = await Promise.all(Array.from({ length: 8 }, () =>
    acme.call('POST', '/v1/agents', { body: { name: 'raced' }, headers: withKey('k-race') })));
  const created = new Set();
  for (const res of attempts) {
    assert.ok(res.status === 201 || (res.status === 409 && res.body.error.code === 'idempotency_key_in_use'), `${res.status} ${res.text}`);
    if (res.status === 201) created.add(res.body.data.id);
  }
  assert.equal(created.size, 1);
  assert.equal((await acme.call('GET', '/v1/agents?q=raced')).body.pagination.total, 1);
});

test('an over-long key is refused', async () => {
  const res = await acme.call('POST', '/v1/agents', { body: { name: 'long-key' }, headers: withKey('x'.repeat(256)) });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.field, 'Idempotency-Key');
});

test('the same JSON spelled with other whitespace or key order is the same request', async () => {
  const headers = { ...withKey('k-spelling'), 'content-type': 'application/json' };
  const first = await acme.call('POST', '/v1/agents', { raw: '{"name":"spelled","capabilities":["a","b"]}', headers });
  assert.equal(first.status, 201, first.text);
  const again = await acme.call('POST', '/v1/agents', {
    raw: '{\n  "capabilities": [ "a", "b" ],\n  "name": "spelled"\n}', headers,
  });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.body.data.id, first.body.data.id);
  const reordered = await acme.call('POST', '/v1/agents', { raw: '{"capabilities":["b","a"],"name":"spelled"}', headers });
  assert.equal(reordered.status, 422, 'an array in another order is another request');
});

test('a replay repeats the original Location and ETag headers', async () => {
  const first = await acme.call('POST', '/v1/agents', { body: { name: 'located' }, headers: withKey('k-headers') });
  assert.equal(first.status, 201);
  assert.ok(first.headers.get('location') && first.headers.get('etag'));
  const again = await acme.call('POST', '/v1/agents', { body: { name: 'located' }, headers: withKey('k-headers') });
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  assert.equal(again.headers.get('etag'), first.headers.get('etag'));
  assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
});

test('a replayed new API key is the same key, and the kept answer holds it only sealed', async () => {
  const first = await acme.call('POST', '/v1/api-keys', { body: { name: 'kept' }, headers: withKey('k-api-key') });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.headers.get('location'), `/v1/api-keys/${first.body.data.id}`);
  const again = await acme.call('POST', '/v1/api-keys', { body: { name: 'kept' }, headers: withKey('k-api-key') });
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.body.data.key, first.body.data.key);
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  const keys = await acme.call('GET', '/v1/api-keys?limit=100');
  assert.equal(keys.body.data.filter((k) => k.name === 'kept').length, 1);
  if (store === 'sqlite') {
    const dump = execFileSync('sqlite3', [path.join(server.dataDir, 'agentry.db'),
      'SELECT response_body FROM idempotency_keys'], { encoding: 'utf8' });
    assert.ok(dump.length > 0);
    assert.ok(!dump.includes(first.body.data.key), 'the stored answer shows the key');
  }
});
