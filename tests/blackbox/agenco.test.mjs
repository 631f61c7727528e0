// Agenco's External API (seed 000) under /compat/agenco, replayed from its document: Bearer keys
// with Agenco's scopes, agents (the caller's and public ones, by id or name), tasks that are
// runs charged per token, usage, the rate-limit headers with an ISO 8601 reset, and its error
// codes — on the same accounts, agents and runs as /v1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, createAccount, useServer } from './lib/server.mjs';
import { compatClient } from './lib/compat.mjs';
import { grant } from './lib/market.mjs';

let server;
let admin;
let acme;        // owns the private agent "code-reviewer"
let globex;      // publishes the priced agent "translator"
let reviewer;
let translator;

const isoSeconds = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

useServer({
  plans: { plans: [
    { id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000, monthlyCredits: 0 },
    { id: 'starter', name: 'Starter', requestsPerMinute: 3, monthlyCredits: 0 },
    { id: 'tiny', name: 'Tiny', requestsPerMinute: 1000000, tokensPerMinute: 5, monthlyCredits: 0 },
  ] },
  args: ['--signup-credits', '0'],
}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
  globex = await createAccount(server, admin, { name: 'globex', plan: 'bulk' });
  await grant(admin, acme.account.id, 50);
  reviewer = (await acme.call('POST', '/v1/agents', { body: { name: 'code-reviewer', model: 'echo' } })).body.data;
  translator = (await globex.call('POST', '/v1/agents', {
    body: { name: 'translator', model: 'echo', visibility: 'public', pricePerTask: 0.25 },
  })).body.data;
  await globex.call('POST', '/v1/agents', { body: { name: 'secret-helper', model: 'echo' } });
});

// A key of `account` with Agenco's scope names.
async function agencoKey(account, scopes) {
  const res = await account.call('POST', '/v1/api-keys', { body: { name: scopes.join(' '), scopes } });
  assert.equal(res.status, 201, res.text);
  return compatClient(server, 'agenco', res.body.data.key);
}

test('GET /api/v1/ext/agents lists the caller\'s agents and public ones, with token pricing', async () => {
  const agenco = await agencoKey(acme, ['read:agents']);
  const res = await agenco('GET', '/api/v1/ext/agents');
  assert.equal(res.status, 200, res.text);
  const names = res.body.data.map((a) => a.name).sort();
  assert.deepEqual(names, ['code-reviewer', 'translator'], 'another account\'s private agent is not listed');
  assert.equal(res.body.pagination.total, 2);
  const mine = res.body.data.find((a) => a.name === 'code-reviewer');
  assert.equal(mine.owned, true);
  assert.equal(mine.id, reviewer.id);
  const theirs = res.body.data.find((a) => a.name === 'translator');
  assert.equal(theirs.owned, false);
  assert.equal(theirs.price_per_task, 0.25);
  assert.equal(theirs.display_name, translator.displayName);
  // Every response includes rate limit information, the reset as an ISO 8601 time.
  assert.match(res.headers.get('x-ratelimit-reset'), isoSeconds);
  assert.ok(Date.parse(res.headers.get('x-ratelimit-reset')) > Date.now() - 1000);
  assert.equal(res.headers.get('x-ratelimit-limit'), '1000000');
  assert.ok(Number(res.headers.get('x-ratelimit-remaining')) < 1000000);

  const byCapability = await agenco('GET', '/api/v1/ext/agents?capability=nothing-has-this');
  assert.deepEqual(byCapability.body.data, []);
});

test('GET /api/v1/ext/agents/:id reads an agent by id or by name', async () => {
  const agenco = await agencoKey(acme, ['read:agents']);
  const byId = await agenco('GET', `/api/v1/ext/agents/${reviewer.id}`);
  assert.equal(byId.status, 200, byId.text);
  assert.equal(byId.body.name, 'code-reviewer');
  assert.equal(byId.body.pricing, null, 'echo has no token price');
  const byName = await agenco('GET', '/api/v1/ext/agents/code-reviewer');
  assert.equal(byName.body.id, reviewer.id);
  const publicByName = await agenco('GET', '/api/v1/ext/agents/translator');
  assert.equal(publicByName.body.id, translator.id);
  for (const hidden of ['secret-helper', 'agt_nothing']) {
    const res = await agenco('GET', `/api/v1/ext/agents/${hidden}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  }
});

test('POST /api/v1/ext/tasks runs the agent the document\'s example names; the task is a run everywhere', async () => {
  const agenco = await agencoKey(acme, ['write:tasks', 'read:tasks']);
  const created = await agenco('POST', '/api/v1/ext/tasks', {
    body: { agent_id: 'code-reviewer', description: 'Review this code for security issues', priority: 'high' },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.agent_id, reviewer.id);
  assert.equal(created.body.description, 'Review this code for security issues');
  assert.equal(created.body.priority, 'high');
  assert.ok(['queued', 'active'].includes(created.body.status));
  assert.equal(created.headers.get('location'), `/compat/agenco/api/v1/ext/tasks/${created.body.id}`);
  // The same run, natively.
  const waited = await acme.call('GET', `/v1/runs/${created.body.id}/wait?timeout=30`);
  assert.equal(waited.body.data.status, 'completed', waited.text);
  const done = await agenco('GET', `/api/v1/ext/tasks/${created.body.id}`);
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.status, 'completed');
  assert.equal(done.body.progress, 100);
  assert.match(JSON.stringify(done.body.result), /Review this code for security issues/);
  assert.equal(done.body.usage.total_tokens, done.body.usage.input_tokens + done.body.usage.output_tokens);
  assert.ok(done.body.completed_at);
  // Another account cannot see it.
  const other = await agencoKey(globex, ['read:tasks']);
  const hidden = await other('GET', `/api/v1/ext/tasks/${created.body.id}`);
  assert.equal(hidden.status, 404);
  assert.equal(hidden.body.error.code, 'not_found');
});

test('a task of a public agent costs its price in dollars, exactly', async () => {
  const agenco = await agencoKey(acme, ['write:tasks', 'read:tasks']);
  const before = (await acme.call('GET', '/v1/credits/balance')).body.data.available;
  const created = await agenco('POST', '/api/v1/ext/tasks', { body: { agent_id: 'translator', description: 'bonjour' } });
  assert.equal(created.status, 201, created.text);
  await acme.call('GET', `/v1/runs/${created.body.id}/wait?timeout=30`);
  const done = await agenco('GET', `/api/v1/ext/tasks/${created.body.id}`);
  assert.equal(done.body.cost, 0.25);
  const after = (await acme.call('GET', '/v1/credits/balance')).body.data.available;
  assert.equal(Math.round((before - after) * 1e6), 250000);
});

test('errors use Agenco\'s codes', async () => {
  const agenco = compatClient(server, 'agenco');
  const missing = await agenco('GET', '/api/v1/ext/agents');
  assert.equal(missing.status, 401);
  assert.deepEqual(Object.keys(missing.body.error).sort(), ['code', 'message']);
  assert.equal(missing.body.error.code, 'missing_api_key');
  assert.match(missing.headers.get('x-ratelimit-reset'), isoSeconds, 'unauthenticated answers carry the headers too');
  const invalid = await agenco('GET', '/api/v1/ext/agents', { key: 'ak_live_not_a_real_key_at_all_000000' });
  assert.equal(invalid.status, 401);
  assert.equal(invalid.body.error.code, 'invalid_api_key');

  const reader = await agencoKey(acme, ['read:agents']);
  const scope = await reader('POST', '/api/v1/ext/tasks', { body: { agent_id: 'code-reviewer', description: 'x' } });
  assert.equal(scope.status, 403);
  assert.equal(scope.body.error.code, 'insufficient_scope');

  const writer = await agencoKey(acme, ['write:tasks']);
  const bad = await writer('POST', '/api/v1/ext/tasks', { body: { agent_id: 'code-reviewer', description: 'x', priority: 'urgent' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'validation_error');
  const precise = await writer('POST', '/api/v1/ext/tasks', { body: { agent_id: 'code-reviewer', description: 'x', max_credits: 0.0000001 } });
  assert.equal(precise.status, 400, 'credits are exact to the millionth');
  assert.equal(precise.body.error.code, 'validation_error');
  const unknownAgent = await writer('POST', '/api/v1/ext/tasks', { body: { agent_id: 'nobody', description: 'x' } });
  assert.equal(unknownAgent.status, 404);
  assert.equal(unknownAgent.body.error.code, 'not_found');

  const unknownPath = await reader('GET', '/api/v1/ext/nothing-here', { check: false });
  assert.equal(unknownPath.status, 404);
  assert.equal(unknownPath.body.error.code, 'not_found');
  assert.deepEqual(Object.keys(unknownPath.body.error).sort(), ['code', 'message']);
});

test('402 insufficient_credits when the balance does not cover the task', async () => {
  const poor = await createAccount(server, admin, { name: 'poor', plan: 'bulk' });
  const agenco = await agencoKey(poor, ['write:tasks']);
  const res = await agenco('POST', '/api/v1/ext/tasks', { body: { agent_id: 'translator', description: 'hola' } });
  assert.equal(res.status, 402, res.text);
  assert.equal(res.body.error.code, 'insufficient_credits');
});

test('past the plan\'s RPM: 429 rate_limit_exceeded, "Rate limit exceeded. Please slow down."', async () => {
  const starter = await createAccount(server, admin, { name: 'starter', plan: 'starter' });
  const agenco = await agencoKey(starter, ['read:agents']);  // the key's creation was one request
  let res;
  for (let i = 0; i < 3; i++) res = await agenco('GET', '/api/v1/ext/agents');
  assert.equal(res.status, 429);
  assert.deepEqual(res.body, { error: { code: 'rate_limit_exceeded', message: 'Rate limit exceeded. Please slow down.' } });
  assert.equal(res.headers.get('x-ratelimit-limit'), '3');
  assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
  assert.match(res.headers.get('x-ratelimit-reset'), isoSeconds);
  assert.ok(Number(res.headers.get('retry-after')) >= 1);
});

test('past the plan\'s TPM: 429 rate_limit_exceeded', async () => {
  const tiny = await createAccount(server, admin, { name: 'tiny', plan: 'tiny' });
  await grant(admin, tiny.account.id, 10);
  await tiny.call('POST', '/v1/agents', { body: { name: 'counter', model: 'echo' } });
  const agenco = await agencoKey(tiny, ['write:tasks', 'read:tasks']);
  // Both tasks must fall in one UTC minute: start early enough in one.
  const second = new Date().getUTCSeconds();
  if (second >= 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
  const first = await agenco('POST', '/api/v1/ext/tasks', { body: { agent_id: 'counter', description: 'one two three' } });
  assert.equal(first.status, 201, first.text);
  await tiny.call('GET', `/v1/runs/${first.body.id}/wait?timeout=30`);
  const refused = await agenco('POST', '/api/v1/ext/tasks', { body: { agent_id: 'counter', description: 'again' } });
  assert.equal(refused.status, 429, refused.text);
  assert.equal(refused.body.error.code, 'rate_limit_exceeded');
});

test('GET /api/v1/ext/usage answers the account\'s requests, tokens and spend', async () => {
  const user = await createAccount(server, admin, { name: 'usage', plan: 'bulk' });
  await grant(admin, user.account.id, 5);
  const agenco = await agencoKey(user, ['read:usage', 'write:tasks']);
  const created = await agenco('POST', '/api/v1/ext/tasks', { body: { agent_id: 'translator', description: 'ciao' } });
  await user.call('GET', `/v1/runs/${created.body.id}/wait?timeout=30`);
  // Requests are counted in memory and stored in batches: wait until they show.
  let res;
  for (let i = 0; i < 100; i++) {
    res = await agenco('GET', '/api/v1/ext/usage?days=7');
    if (res.body.requests >= 2 && res.body.credits_spent > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.credits_spent, 0.25);
  assert.ok(res.body.total_tokens > 0);
  assert.equal(res.body.total_tokens, res.body.input_tokens + res.body.output_tokens);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(res.body.period.to, today);
  assert.equal(res.body.daily.at(-1).date, today);
  const noScope = await agencoKey(user, ['read:agents']);
  assert.equal((await noScope('GET', '/api/v1/ext/usage')).status, 403);
  assert.equal((await agenco('GET', '/api/v1/ext/usage?days=0')).body.error.code, 'validation_error');
});

test('a native key works on the surface, and the surface has its own OpenAPI document', async () => {
  const agenco = compatClient(server, 'agenco', acme.key);
  assert.equal((await agenco('GET', '/api/v1/ext/agents')).status, 200);
  const doc = await (await fetch(`${server.base}/compat/agenco/openapi.json`)).json();
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(doc.servers, [{ url: '/compat/agenco' }]);
  assert.deepEqual(Object.keys(doc.paths).sort(), ['/api/v1/ext/agents', '/api/v1/ext/agents/{id}',
    '/api/v1/ext/tasks', '/api/v1/ext/tasks/{id}', '/api/v1/ext/usage', '/openapi.json']);
  assert.equal(doc.paths['/api/v1/ext/tasks'].post['x-required-scope'], 'tasks:write');
  const native = await (await fetch(`${server.base}/openapi.json`)).json();
  assert.ok(!Object.keys(native.paths).some((p) => p.startsWith('/compat/')), 'the native document leaves the surfaces out');
});
