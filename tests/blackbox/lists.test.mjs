// Lists and resources behave one way everywhere: lists say how they page and refuse what they do
// not understand, creates answer 201 with a Location that can be read, deletes answer 204, and
// a GET with the current ETag in If-None-Match is answered 304.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';

let server;
let admin;
let acme;

useServer({}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'lister', plan: 'enterprise' });
});

test('an unknown query parameter, or offset on a cursor list, is a 400 naming it', async () => {
  const typo = await acme.call('GET', '/v1/agents?limt=5');
  assert.equal(typo.status, 400);
  assert.equal(typo.body.error.code, 'validation_error');
  assert.equal(typo.body.error.field, 'limt');
  assert.match(typo.body.error.message, /unknown query parameter "limt": this endpoint takes limit, offset, capability/);
  const offset = await acme.call('GET', '/v1/runs?offset=20');
  assert.equal(offset.status, 400);
  assert.equal(offset.body.error.field, 'offset');
  assert.match(offset.body.error.message, /pages by cursor/);
  const none = await acme.call('GET', '/v1/account?verbose=1');
  assert.match(none.body.error.message, /this endpoint takes none/);
  // Offset lists carry total; cursor lists carry nextCursor.
  const agents = await acme.call('GET', '/v1/agents?limit=1&offset=0');
  assert.equal(typeof agents.body.pagination.total, 'number');
  const runs = await acme.call('GET', '/v1/runs?limit=1');
  assert.ok('nextCursor' in runs.body.pagination);
});

test('every create answers 201 with a Location that reads the new resource', async () => {
  const creates = [
    [admin, '/v1/accounts', { name: 'located', plan: 'free' }, (b) => b.data.account.id],
    [acme.call, '/v1/api-keys', { name: 'located' }, (b) => b.data.id],
    [acme.call, '/v1/agents', { name: 'located' }, (b) => b.data.id],
    // A grant creates credits in the account's wallet: its Location reads that wallet.
    [admin, `/v1/accounts/${acme.account.id}/credits`, { amount: 5, reason: 'located' }, () => `/v1/accounts/${acme.account.id}/credits`],
  ];
  for (const [call, path, body, idOf] of creates) {
    const res = await call('POST', path, { body });
    assert.equal(res.status, 201, `${path}: ${res.text}`);
    const location = res.headers.get('location');
    assert.ok(location.endsWith(idOf(res.body)), `${path}: ${location}`);
    const read = await call('GET', location);
    assert.equal(read.status, 200, `${location}: ${read.text}`);
  }
  const wallet = await admin('GET', `/v1/accounts/${acme.account.id}/credits`);
  assert.deepEqual(wallet.body.data, (await acme.call('GET', '/v1/credits/balance')).body.data);
  assert.equal((await acme.call('GET', `/v1/accounts/${acme.account.id}/credits`)).status, 403, 'admin only');
});

test('every DELETE answers 204 with no body', async () => {
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'doomed' } })).body.data;
  const key = (await acme.call('POST', '/v1/api-keys', { body: { name: 'doomed' } })).body.data;
  await acme.call('PUT', '/v1/account/secrets/DOOMED', { body: { value: 'x' } });
  const session = (await acme.call('POST', '/v1/sessions', { body: { agentId: (await acme.call('POST', '/v1/agents', { body: { name: 'talker', model: 'echo' } })).body.data.id } })).body.data;
  for (const path of [`/v1/agents/${agent.id}`, `/v1/api-keys/${key.id}`, '/v1/account/secrets/DOOMED', `/v1/sessions/${session.id}`]) {
    const res = await acme.call('DELETE', path);
    assert.equal(res.status, 204, `${path}: ${res.text}`);
    assert.equal(res.text, '');
  }
});

test('a GET with the current ETag in If-None-Match is answered 304', async () => {
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'cached' } })).body.data;
  const first = await acme.call('GET', `/v1/agents/${agent.id}`);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const same = await acme.call('GET', `/v1/agents/${agent.id}`, { headers: { 'if-none-match': etag } });
  assert.equal(same.status, 304);
  assert.equal(same.text, '');
  assert.equal(same.headers.get('etag'), etag);
  assert.equal((await acme.call('GET', `/v1/agents/${agent.id}`, { headers: { 'if-none-match': `"nope", W/${etag}` } })).status, 304);
  await acme.call('PATCH', `/v1/agents/${agent.id}`, { body: { description: 'changed' } });
  const changed = await acme.call('GET', `/v1/agents/${agent.id}`, { headers: { 'if-none-match': etag } });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.get('etag'), etag);
});

test('the new read routes keep tenants apart, check scope, refuse bad input and are documented', async () => {
  const other = await createAccount(server, admin, { name: 'other-lister', plan: 'enterprise' });
  const mine = (await acme.call('POST', '/v1/api-keys', { body: { name: 'mine' } })).body.data;
  // Another account's key id answers 404, exactly as a missing one.
  const foreign = await other.call('GET', `/v1/api-keys/${mine.id}`);
  assert.equal(foreign.status, 404);
  assert.equal(foreign.body.error.code, 'not_found');
  assert.equal((await acme.call('GET', '/v1/api-keys/key_missing')).status, 404);
  assert.ok(!JSON.stringify((await acme.call('GET', `/v1/api-keys/${mine.id}`)).body).includes(mine.key), 'the secret is never shown again');
  // An account's wallet is the admin's to read: a member's key is 403, an unknown account 404.
  const member = await acme.call('GET', `/v1/accounts/${other.account.id}/credits`);
  assert.equal(member.status, 403);
  assert.equal(member.body.error.code, 'insufficient_scope');
  assert.equal((await admin('GET', '/v1/accounts/acc_missing/credits')).status, 404);
  // Bad input gets the error envelope.
  for (const [call, url] of [[acme.call, `/v1/api-keys/${mine.id}?verbose=1`], [admin, `/v1/accounts/${other.account.id}/credits?x=1`]]) {
    const bad = await call('GET', url);
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.error).sort(), ['code', 'field', 'message', 'requestId', 'statusCode']);
  }
  // Both are documented with their required fields.
  const doc = (await admin('GET', '/openapi.json')).body;
  for (const [path, schema] of [['/v1/api-keys/{id}', 'ApiKey'], ['/v1/accounts/{id}/credits', 'CreditBalance']]) {
    const op = doc.paths[path].get;
    assert.ok(op.responses['200'] && op.responses['404'] && op.responses['400'], path);
    assert.equal(op.responses['200'].content['application/json'].schema.properties.data.$ref, `#/components/schemas/${schema}`);
    assert.ok(doc.components.schemas[schema].required.length > 0, schema);
  }
  assert.equal(doc.paths['/v1/accounts/{id}/credits'].get['x-required-scope'], 'admin');
});
