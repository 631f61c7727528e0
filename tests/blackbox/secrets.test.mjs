// Account secrets are write-only: the API shows names and times, never a value, and the store
// holds them only sealed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createAccount, startServer, store, useServer } from './lib/server.mjs';

let server;
let acme;
let other;
const value = 'sk-ant-api03-very-secret-value-7d1e';

useServer({}, async (started, admin) => {
  server = started;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'enterprise' });
  other = await createAccount(server, admin, { name: 'other', plan: 'enterprise' });
});

test('a secret is stored, listed by name, and never shown', async () => {
  const put = await acme.call('PUT', '/v1/account/secrets/anthropicApiKey', { body: { value } });
  assert.equal(put.status, 201, 'a new secret is created');
  assert.equal(put.headers.get('location'), '/v1/account/secrets/anthropicApiKey');
  assert.equal(put.body.data.name, 'anthropicApiKey');
  assert.equal((await acme.call('PUT', '/v1/account/secrets/anthropicApiKey', { body: { value } })).status, 200, 'replaced');
  assert.ok(put.body.data.createdAt);
  const many = await acme.call('PUT', '/v1/account/secrets', {
    body: { secrets: { OPENAI_API_KEY: 'sk-openai-other-secret', anthropicApiKey: value } },
  });
  assert.equal(many.status, 200);
  assert.deepEqual(many.body.data.map((s) => s.name), ['OPENAI_API_KEY', 'anthropicApiKey']);
  const list = await acme.call('GET', '/v1/account/secrets');
  assert.deepEqual(list.body.data.map((s) => s.name), ['OPENAI_API_KEY', 'anthropicApiKey']);
  const one = await acme.call('GET', '/v1/account/secrets/anthropicApiKey');
  assert.equal(one.status, 200);
  assert.deepEqual(Object.keys(one.body.data).sort(), ['createdAt', 'name', 'updatedAt']);
  for (const res of [put, many, list, one]) {
    assert.ok(!res.text.includes(value) && !res.text.includes('sk-openai'), 'no value in responses');
  }
  assert.ok(!server.stdout.includes(value) && !server.stderr.includes(value), 'nor in the logs');
});

test('the store holds secrets only sealed', { skip: store !== 'sqlite' && 'reads the SQLite files' }, async () => {
  await acme.call('PUT', '/v1/account/secrets/plainCheck', { body: { value } });
  for (const name of readdirSync(server.dataDir)) {
    const file = path.join(server.dataDir, name);
    if (!statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    assert.ok(!bytes.includes(Buffer.from(value)), `${name} holds the value in the clear`);
  }
  const key = readFileSync(path.join(server.dataDir, 'master.key'), 'utf8').trim();
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(statSync(path.join(server.dataDir, 'master.key')).mode & 0o777, 0o600);
});

test('another account sees none of them; delete removes one', async () => {
  assert.deepEqual((await other.call('GET', '/v1/account/secrets')).body.data, []);
  assert.equal((await other.call('GET', '/v1/account/secrets/anthropicApiKey')).status, 404);
  assert.equal((await other.call('DELETE', '/v1/account/secrets/anthropicApiKey')).status, 404);
  assert.equal((await acme.call('DELETE', '/v1/account/secrets/OPENAI_API_KEY')).status, 204);
  assert.equal((await acme.call('DELETE', '/v1/account/secrets/OPENAI_API_KEY')).status, 404);
  assert.equal((await acme.call('GET', '/v1/account/secrets/OPENAI_API_KEY')).status, 404);
});

test('names and values are validated; a batch with one bad name stores nothing', async () => {
  for (const [url, body, field] of [
    ['/v1/account/secrets/9lives', { value: 'x' }, 'name'],
    ['/v1/account/secrets/ok', { value: '' }, 'value'],
    ['/v1/account/secrets/ok', { value: 'x'.repeat(8193) }, 'value'],
    ['/v1/account/secrets/ok', { value: 5 }, 'value'],
    ['/v1/account/secrets', { secrets: {} }, 'secrets'],
    ['/v1/account/secrets', { secrets: { good: 'x', 'bad name': 'y' } }, 'secrets.bad name'],
  ]) {
    const res = await acme.call('PUT', url, { body });
    assert.equal(res.status, 400, `${url} ${JSON.stringify(body).slice(0, 60)}`);
    assert.equal(res.body.error.field, field);
  }
  assert.equal((await acme.call('GET', '/v1/account/secrets/good')).status, 404);
});

test('a malformed AGENTRY_MASTER_KEY stops start-up without echoing it', async () => {
  const bad = 'not-a-key-but-something-secret';
  await assert.rejects(startServer({ env: { AGENTRY_MASTER_KEY: bad } }), (e) => {
    assert.match(e.message, /AGENTRY_MASTER_KEY must be 64 hex characters/);
    assert.ok(!e.message.includes(bad));
    return true;
  });
});
