// Agento's public API (seed 004) under /compat/agento, replayed from its document: X-Api-Key,
// scopes checked on every request (403 forbidden), {data} and {data, pagination} answers, agents
// with region, image, swarm, startedAt and stoppedAt, creation with secrets, SOUL.md and
// WORKFLOW.md (refused without an LLM credential), the account without a scope, secrets several
// at once, optimistic concurrency, chat, knowledge, logs, skills and swarms, Agento's error codes,
// the per-key rate limit with Retry-After, X-Request-Id, and /openapi.json, /docs and
// /llms-full.txt — on the same accounts and agents as /v1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { compatClient } from './lib/compat.mjs';
import { grant } from './lib/market.mjs';

let server;
let admin;
let acme;
let agento;   // every scope

useServer({
  plans: { plans: [
    { id: 'agento', name: 'Agento', requestsPerMinute: 1000000, rateLimitPer: 'key', monthlyCredits: 0 },
    { id: 'agento-small', name: 'Agento small', requestsPerMinute: 2, rateLimitPer: 'key', monthlyCredits: 0 },
  ] },
}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'agento' });
  await grant(admin, acme.account.id, 10);
  agento = compatClient(server, 'agento', acme.key, { auth: 'x-api-key' });
});

async function scopedKey(scopes) {
  const res = await acme.call('POST', '/v1/api-keys', { body: { name: scopes.join(' ') || 'none', scopes } });
  assert.equal(res.status, 201, res.text);
  return compatClient(server, 'agento', res.body.data.key, { auth: 'x-api-key' });
}

test('the document\'s create call: secrets, SOUL.md and WORKFLOW.md in one call; then the first call lists it', async () => {
  const created = await agento('POST', '/v1/agents', {
    body: {
      name: 'Support Bot', region: 'eu',
      secrets: { anthropicApiKey: 'sk-ant-api03-test-only' },
      soulMd: '# SOUL.md\n\nYou are a helpful support agent.',
      workflowMd: '# Workflow\n\n## Role\n\nYou answer customer support questions.',
    },
  });
  assert.equal(created.status, 201, created.text);
  const agent = created.body.data;
  assert.equal(agent.region, 'eu');
  assert.equal(agent.status, 'running');
  assert.equal(agent.swarm, null);
  assert.match(agent.image, /^agentry\/hosted:\d+\.\d+\.\d+/);
  assert.ok(agent.startedAt);
  assert.equal(agent.stoppedAt, null);
  assert.equal(agent.model, 'claude-sonnet-4', 'an Anthropic key alone: an Anthropic model');
  assert.equal(agent.soulMd, '# SOUL.md\n\nYou are a helpful support agent.');
  assert.equal(created.headers.get('location'), `/compat/agento/v1/agents/${agent.id}`);
  assert.ok(created.headers.get('x-request-id'));
  // The key is the account's secret now, by the name the providers read; its value never shows.
  const secrets = await agento('GET', '/v1/account/secrets');
  assert.deepEqual(secrets.body.data.map((s) => s.name), ['ANTHROPIC_API_KEY']);
  assert.doesNotMatch(secrets.text, /sk-ant-api03-test-only/);

  const listed = await agento('GET', '/v1/agents');
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.body.pagination.total, 1);
  assert.equal(listed.body.data[0].image, agent.image);
  for (const field of ['id', 'name', 'status', 'region', 'image', 'swarm', 'createdAt', 'startedAt', 'stoppedAt']) {
    assert.ok(field in listed.body.data[0], field);
  }
});

test('creating a hosted agent with no LLM credential anywhere is 400 validation_error, and stores nothing', async () => {
  const other = await createAccount(server, admin, { name: 'bare', plan: 'agento' });
  const call = compatClient(server, 'agento', other.key, { auth: 'x-api-key' });
  const refused = await call('POST', '/v1/agents', { body: { name: 'no-key', model: 'gpt-4o' } });
  assert.equal(refused.status, 400, refused.text);
  assert.equal(refused.body.error.code, 'validation_error');
  assert.match(refused.body.error.message, /LLM credential/);
  assert.equal((await call('GET', '/v1/agents')).body.pagination.total, 0);
  const half = await call('POST', '/v1/agents', { body: { name: 'wrong-key', model: 'gpt-4o', secrets: { anthropicApiKey: 'sk-ant-x' } } });
  assert.equal(half.status, 400, 'an Anthropic key does not serve an OpenAI model');
  assert.deepEqual((await call('GET', '/v1/account/secrets')).body.data, [], 'the refused call stored no secret');
  const withOpenai = await call('POST', '/v1/agents', { body: { name: 'ok', model: 'gpt-4o', secrets: { openaiApiKey: 'sk-test' } } });
  assert.equal(withOpenai.status, 201, withOpenai.text);
  const again = await call('POST', '/v1/agents', { body: { name: 'ok-too', model: 'gpt-4o-mini' } });
  assert.equal(again.status, 201, 'the account\'s secret serves the next agent');
  const echo = await call('POST', '/v1/agents', { body: { name: 'offline', model: 'echo' } });
  assert.equal(echo.status, 201, 'the offline echo model needs no credential');
});

test('GET /v1/account needs no scope; secrets are put several at once', async () => {
  const bare = await scopedKey(['logs']);
  const account = await bare('GET', '/v1/account');
  assert.equal(account.status, 200, account.text);
  assert.equal(account.body.data.plan, 'agento');
  assert.ok(account.body.data.usage);
  const put = await agento('PUT', '/v1/account/secrets', { body: { secrets: { SLACK_TOKEN: 'xoxb-1', GITHUB_TOKEN: 'ghp-1' } } });
  assert.equal(put.status, 200, put.text);
  const names = (await agento('GET', '/v1/account/secrets')).body.data.map((s) => s.name).sort();
  assert.deepEqual(names, ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'SLACK_TOKEN']);
  const missing = await agento('DELETE', '/v1/account/secrets/NOPE');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'secret_not_found');
});

test('lifecycle, SOUL.md with optimistic concurrency, chat, knowledge, logs, skills and swarms', async () => {
  const agent = (await agento('POST', '/v1/agents', { body: { name: 'helper', model: 'echo' } })).body.data;
  const stopped = await agento('POST', `/v1/agents/${agent.id}/stop`);
  assert.equal(stopped.body.data.status, 'stopped');
  assert.ok(stopped.body.data.stoppedAt);
  assert.equal((await agento('GET', `/v1/agents/${agent.id}/status`)).body.data.status, 'stopped');
  assert.equal((await agento('POST', `/v1/agents/${agent.id}/start`)).body.data.status, 'running');

  const soul = await agento('GET', `/v1/agents/${agent.id}/personality`);
  const etag = soul.headers.get('etag');
  const put = await agento('PUT', `/v1/agents/${agent.id}/personality`, { body: { soulMd: '# Helper' }, headers: { 'if-match': etag } });
  assert.equal(put.status, 200, put.text);
  const stale = await agento('PUT', `/v1/agents/${agent.id}/personality`, { body: { soulMd: '# Lost' }, headers: { 'if-match': etag } });
  assert.equal(stale.status, 409);
  assert.deepEqual(Object.keys(stale.body.error).sort(), ['code', 'message']);
  assert.equal(stale.body.error.code, 'conflict');

  const chat = await agento('POST', `/v1/agents/${agent.id}/chat`, { body: { message: 'hi there' } });
  assert.equal(chat.status, 200, chat.text);
  assert.match(chat.body.data.message.content, /hi there/);
  const sessions = await agento('GET', '/v1/sessions');
  assert.equal(sessions.body.data[0].id, chat.body.data.sessionId);
  const streamed = await fetch(`${server.base}/compat/agento/v1/agents/${agent.id}/chat`, {
    method: 'POST', headers: { 'x-api-key': acme.key, 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'stream me', stream: true }),
  });
  assert.equal(streamed.headers.get('content-type'), 'text/event-stream');
  assert.match(await streamed.text(), /event: done/);

  const entry = await agento('POST', `/v1/agents/${agent.id}/knowledge`, { body: { title: 'Refunds', content: 'Refunds take five days.' } });
  assert.equal(entry.status, 201, entry.text);
  assert.equal((await agento('GET', `/v1/agents/${agent.id}/knowledge`)).body.data.length, 1);
  const noEntry = await agento('GET', `/v1/agents/${agent.id}/knowledge/kn_01JQ8Z3K4M5N6P7Q8R9S0T1V2W`);
  assert.equal(noEntry.body.error.code, 'knowledge_entry_not_found');

  const logs = await agento('GET', `/v1/agents/${agent.id}/logs`);
  assert.equal(logs.status, 200, logs.text);
  assert.ok(logs.body.data.length > 0);
  const market = await agento('GET', '/v1/skills/marketplace');
  assert.equal(market.status, 200, market.text);

  const swarm = await agento('POST', '/v1/swarms', { body: { name: 'support', members: [agent.id] } });
  assert.equal(swarm.status, 201, swarm.text);
  assert.equal((await agento('GET', `/v1/agents/${agent.id}`)).body.data.swarm, swarm.body.data.id);
  assert.equal((await agento('GET', '/v1/swarms')).body.data.length, 1);
  const noSwarm = await agento('GET', '/v1/swarms/swm_01JQ8Z3K4M5N6P7Q8R9S0T1V2W');
  assert.equal(noSwarm.status, 404);
  assert.equal(noSwarm.body.error.code, 'swarm_not_found');
});

test('errors in Agento\'s codes; 429 rate_limit_exceeded with Retry-After, per key', async () => {
  const missing = await compatClient(server, 'agento')('GET', '/v1/agents');
  assert.equal(missing.status, 401);
  assert.equal(missing.body.error.code, 'unauthorized');
  assert.match(missing.headers.get('x-ratelimit-reset'), /^\d{10}$/);
  const reader = await scopedKey(['agents:read']);
  const forbidden = await reader('POST', '/v1/agents', { body: { name: 'x', model: 'echo' } });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.body.error.code, 'forbidden');
  const invalid = await agento('POST', '/v1/agents', { body: { name: '' } });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.error.code, 'validation_error');
  const unknown = await agento('GET', '/v1/agents/agt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'agent_not_found');
  const noAgentSession = await agento('POST', '/v1/sessions', { body: { agentId: 'agt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W' } });
  assert.equal(noAgentSession.status, 404);
  assert.equal(noAgentSession.body.error.code, 'agent_not_found');
  // Another account's agent and swarm are as absent as missing ones.
  const mine = (await agento('POST', '/v1/agents', { body: { name: 'kept', model: 'echo' } })).body.data;
  const swarm = (await agento('POST', '/v1/swarms', { body: { name: 'kept', members: [mine.id] } })).body.data;
  const globex = await createAccount(server, admin, { name: 'globex', plan: 'agento' });
  const other = compatClient(server, 'agento', globex.key, { auth: 'x-api-key' });
  assert.equal((await other('GET', `/v1/agents/${mine.id}`)).body.error.code, 'agent_not_found');
  assert.equal((await other('PUT', `/v1/agents/${mine.id}/personality`, { body: { soulMd: 'x' } })).body.error.code, 'agent_not_found');
  assert.equal((await other('GET', `/v1/swarms/${swarm.id}`)).body.error.code, 'swarm_not_found');
  const noPath = await agento('GET', '/v1/runs', { check: false });
  assert.equal(noPath.status, 404, 'runs are not part of Agento\'s API');
  assert.equal(noPath.body.error.code, 'not_found');

  const small = await createAccount(server, admin, { name: 'small', plan: 'agento-small' });
  const first = compatClient(server, 'agento', small.key, { auth: 'x-api-key' });
  const secondKey = (await small.call('POST', '/v1/api-keys', { body: { name: 'second' } })).body.data.key;
  const second = compatClient(server, 'agento', secondKey, { auth: 'x-api-key' });
  let res;
  for (let i = 0; i < 2; i++) res = await first('GET', '/v1/agents');
  assert.equal(res.status, 429);
  assert.equal(res.body.error.code, 'rate_limit_exceeded');
  assert.ok(Number(res.headers.get('retry-after')) >= 1);
  assert.equal((await second('GET', '/v1/agents')).status, 200, 'each key has its own limit');
});

test('the surface documents itself: /openapi.json, /docs and /llms-full.txt', async () => {
  const doc = await (await fetch(`${server.base}/compat/agento/openapi.json`)).json();
  assert.deepEqual(doc.servers, [{ url: '/compat/agento' }]);
  assert.deepEqual(doc.components.securitySchemes, { apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } });
  for (const path of ['/v1/agents', '/v1/agents/{id}/restart', '/v1/account/secrets', '/v1/agents/{id}/rules',
    '/v1/sessions/{id}/messages', '/v1/swarms/{id}/knowledge', '/v1/agents/{id}/logs/stream', '/v1/skills/marketplace']) {
    assert.ok(doc.paths[path], path);
  }
  assert.ok(!doc.paths['/v1/runs'], 'only what Agento documents');
  const page = await fetch(`${server.base}/compat/agento/docs`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /swagger-ui/);
  const init = await fetch(`${server.base}/compat/agento/docs/init.js`);
  assert.match(await init.text(), /url: 'openapi.json'/, 'the page reads the surface\'s document');
  const llms = await fetch(`${server.base}/compat/agento/llms-full.txt`);
  assert.equal(llms.status, 200);
  const text = await llms.text();
  assert.match(text, /\/v1\/agents\/\{id\}\/personality/);
  assert.doesNotMatch(text, /\/v1\/runs/);
});
