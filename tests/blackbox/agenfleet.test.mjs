// AgenFleet's REST API (seed 002) under /compat/agenfleet, replayed from its document: Bearer
// keys scoped read or read-write, bare single resources, {data, pagination} lists paged by limit
// and offset, the error envelope with AgenFleet's codes and statusCode, rate-limit headers with
// a Unix reset, Idempotency-Key, and the paths it implies (agents, sessions and messages,
// metrics, webhooks, activity, cron jobs) — on the same accounts and agents as /v1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { compatClient } from './lib/compat.mjs';
import { grant } from './lib/market.mjs';
import { Receiver } from './lib/receiver.mjs';

let server;
let admin;
let acme;
let fleet;    // read-write
let reader;   // read
let receiver;

useServer({
  plans: { plans: [
    { id: 'operational', name: 'Operational', requestsPerMinute: 1000000, monthlyCredits: 0, features: ['webhooks'] },
    { id: 'foundation', name: 'Foundation', requestsPerMinute: 2, requestsPerHour: 500, monthlyCredits: 0 },
  ] },
  args: ['--allow-loopback-http-endpoints'],
}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'operational' });
  await grant(admin, acme.account.id, 10);
  const key = async (scope) => (await acme.call('POST', '/v1/api-keys', { body: { name: scope, scopes: [scope] } })).body.data.key;
  fleet = compatClient(server, 'agenfleet', await key('read-write'));
  reader = compatClient(server, 'agenfleet', await key('read'));
  receiver = await new Receiver().start();
});

const unixSeconds = /^\d{10}$/;

test('agents: created bare and online, listed with pagination, read, updated, deleted', async () => {
  const created = await fleet('POST', '/v1/agents', { body: { name: 'Nova', model: 'echo' }, headers: { 'idempotency-key': 'a8f3b2c1-4d5e-6f7a-8b9c-0d1e2f3a4b5c' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.name, 'Nova');
  assert.equal(created.body.status, 'online');
  assert.ok(created.body.createdAt);
  assert.equal(created.body.data, undefined, 'a single resource is bare');
  assert.equal(created.headers.get('location'), `/compat/agenfleet/v1/agents/${created.body.id}`);
  assert.match(created.headers.get('x-ratelimit-reset'), unixSeconds);
  const again = await fleet('POST', '/v1/agents', { body: { name: 'Nova', model: 'echo' }, headers: { 'idempotency-key': 'a8f3b2c1-4d5e-6f7a-8b9c-0d1e2f3a4b5c' } });
  assert.equal(again.status, 201, 'the same key returns the original response');
  assert.equal(again.body.id, created.body.id);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const duplicate = await fleet('POST', '/v1/agents', { body: { name: 'Nova', model: 'echo' } });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.body.error.code, 'CONFLICT');
  assert.equal(duplicate.body.error.statusCode, 409);

  const listed = await reader('GET', '/v1/agents');
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(Object.keys(listed.body).sort(), ['data', 'pagination']);
  assert.deepEqual(listed.body.pagination, { total: 1, limit: 20, offset: 0, hasMore: false });
  const native = (await acme.call('POST', '/v1/agents', { body: { name: 'Orion', model: 'echo' } })).body.data;
  await acme.call('POST', `/v1/agents/${native.id}/stop`);
  const paged = await reader('GET', '/v1/agents?limit=1&offset=1');
  assert.deepEqual(paged.body.pagination, { total: 2, limit: 1, offset: 1, hasMore: false });
  const all = (await reader('GET', '/v1/agents')).body.data;
  assert.equal(all.find((a) => a.name === 'Orion').status, 'offline', 'a native agent, stopped');
  const tooMany = await reader('GET', '/v1/agents?limit=101');
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.error.code, 'VALIDATION_ERROR');

  const read = await reader('GET', `/v1/agents/${created.body.id}`);
  assert.equal(read.body.id, created.body.id);
  const updated = await fleet('PATCH', `/v1/agents/${created.body.id}`, { body: { description: 'research' } });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.body.description, 'research');
  const refused = await reader('PATCH', `/v1/agents/${created.body.id}`, { body: { description: 'x' } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'FORBIDDEN');
  assert.equal((await fleet('DELETE', `/v1/agents/${native.id}`)).status, 204);
  const gone = await fleet('GET', `/v1/agents/${native.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, 'AGENT_NOT_FOUND');
  assert.equal(gone.body.error.statusCode, 404);
  const missing = await fleet('GET', '/v1/agents/agent_01jq8abc');
  assert.equal(missing.body.error.code, 'AGENT_NOT_FOUND');
});

test('sessions: the document\'s POST /v1/sessions, read by a read key; messages get the agent\'s reply', async () => {
  const agent = (await fleet('POST', '/v1/agents', { body: { name: 'Scribe', model: 'echo' } })).body;
  const created = await fleet('POST', '/v1/sessions', { body: { agentId: agent.id, name: 'Q1 Research' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.name, 'Q1 Research');
  assert.equal(created.body.agentId, agent.id);
  assert.equal(created.headers.get('location'), `/compat/agenfleet/v1/sessions/${created.body.id}`);
  const read = await reader('GET', `/v1/sessions/${created.body.id}`);
  assert.equal(read.status, 200, read.text);
  assert.equal(read.body.name, 'Q1 Research');
  const listed = await reader('GET', '/v1/sessions');
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.body.pagination.total, 1);
  assert.equal(listed.body.data[0].id, created.body.id);

  const reply = await fleet('POST', `/v1/sessions/${created.body.id}/messages`, { body: { content: 'hello fleet' } });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.sessionId, created.body.id);
  assert.match(reply.body.message.content, /hello fleet/);
  assert.equal(reply.body.message.role, 'assistant');
  assert.equal((await reader('GET', `/v1/sessions/${created.body.id}`)).body.messageCount, 2);
  const readOnly = await reader('POST', `/v1/sessions/${created.body.id}/messages`, { body: { content: 'x' } });
  assert.equal(readOnly.status, 403);
  assert.equal(readOnly.body.error.code, 'FORBIDDEN');
  const noSession = await fleet('POST', '/v1/sessions/ses_01JQ8Z3K4M5N6P7Q8R9S0T1V2W/messages', { body: { content: 'x' } });
  assert.equal(noSession.status, 404);
  assert.equal(noSession.body.error.code, 'SESSION_NOT_FOUND');
  const noAgent = await fleet('POST', '/v1/sessions', { body: { agentId: 'agt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W' } });
  assert.equal(noAgent.status, 404);
  assert.equal(noAgent.body.error.code, 'AGENT_NOT_FOUND');
});

test('metrics and the activity log, paged by limit and offset', async () => {
  const metrics = await reader('GET', '/v1/metrics');
  assert.equal(metrics.status, 200, metrics.text);
  assert.ok(Array.isArray(metrics.body.agents));
  const first = await reader('GET', '/v1/activity?limit=2');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.data.length, 2);
  assert.equal(first.body.pagination.limit, 2);
  assert.ok(first.body.pagination.total > 2);
  assert.equal(first.body.pagination.hasMore, true);
  const second = await reader('GET', '/v1/activity?limit=2&offset=2');
  assert.notEqual(second.body.data[0].id, first.body.data[0].id);
  assert.ok(first.body.data.some((a) => a.action === 'createAgent' || a.action === 'createSession'));
});

test('webhooks: create, list, read, update, delete', async () => {
  const created = await fleet('POST', '/v1/webhooks', { body: { url: receiver.url, eventTypes: ['*'] } });
  assert.equal(created.status, 201, created.text);
  assert.match(created.body.secret, /^whsec_/);
  const id = created.body.id;
  const listed = await fleet('GET', '/v1/webhooks');
  assert.equal(listed.body.data.length, 1);
  assert.equal(listed.body.pagination.total, 1);
  assert.equal((await fleet('GET', `/v1/webhooks/${id}`)).body.id, id);
  const updated = await fleet('PATCH', `/v1/webhooks/${id}`, { body: { eventTypes: ['run.completed'] } });
  assert.equal(updated.status, 200, updated.text);
  assert.deepEqual(updated.body.eventTypes, ['run.completed']);
  assert.equal((await fleet('DELETE', `/v1/webhooks/${id}`)).status, 204);
  const gone = await fleet('GET', `/v1/webhooks/${id}`);
  assert.equal(gone.body.error.code, 'WEBHOOK_NOT_FOUND');
});

test('cron jobs: the schedules of agent runs', async () => {
  const agent = (await fleet('POST', '/v1/agents', { body: { name: 'Cronos', model: 'echo' } })).body;
  const created = await fleet('POST', '/v1/cron-jobs', {
    body: { name: 'nightly', cron: '0 3 * * *', timeZone: 'UTC', target: { agentId: agent.id, input: { report: 'daily' } } },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.headers.get('location'), `/compat/agenfleet/v1/schedules/${created.body.id}`.replace('/schedules/', '/cron-jobs/'));
  assert.equal(created.body.nextFireTimes.length, 5);
  const id = created.body.id;
  assert.equal((await reader('GET', '/v1/cron-jobs')).status, 403, 'a read key does not manage cron jobs');
  assert.equal((await fleet('GET', '/v1/cron-jobs')).body.pagination.total, 1);
  const paused = await fleet('PATCH', `/v1/cron-jobs/${id}`, { body: { cron: '0 4 * * *' } });
  assert.equal(paused.status, 200, paused.text);
  assert.equal(paused.body.cron, '0 4 * * *');
  assert.equal((await fleet('DELETE', `/v1/cron-jobs/${id}`)).status, 204);
  const gone = await fleet('GET', `/v1/cron-jobs/${id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, 'CRON_JOB_NOT_FOUND');
});

test('errors and rate limits in AgenFleet\'s forms', async () => {
  const anonymous = compatClient(server, 'agenfleet');
  const missing = await anonymous('GET', '/v1/agents');
  assert.equal(missing.status, 401);
  assert.deepEqual(Object.keys(missing.body.error).sort(), ['code', 'message', 'statusCode']);
  assert.equal(missing.body.error.code, 'UNAUTHORIZED');
  assert.match(missing.headers.get('x-ratelimit-reset'), unixSeconds);
  const bad = await fleet('POST', '/v1/agents', { body: { name: 42 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'VALIDATION_ERROR');
  const unknown = await fleet('GET', '/v1/nothing', { check: false });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'NOT_FOUND');
  assert.equal(unknown.body.error.statusCode, 404);

  const small = await createAccount(server, admin, { name: 'small', plan: 'foundation' });
  const limited = compatClient(server, 'agenfleet', small.key);
  let res;
  for (let i = 0; i < 3; i++) res = await limited('GET', '/v1/agents');
  assert.equal(res.status, 429);
  assert.equal(res.body.error.code, 'RATE_LIMITED');
  assert.equal(res.body.error.statusCode, 429);
  assert.equal(res.headers.get('x-ratelimit-limit'), '2');
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  assert.ok(reset >= Date.now() / 1000 - 1 && reset <= Date.now() / 1000 + 61);
});

test('another tenant\'s agents, sessions, webhooks and cron jobs answer 404 with their codes', async () => {
  const agent = (await fleet('POST', '/v1/agents', { body: { name: 'Private', model: 'echo' } })).body;
  const session = (await fleet('POST', '/v1/sessions', { body: { agentId: agent.id } })).body;
  const webhook = (await fleet('POST', '/v1/webhooks', { body: { url: receiver.url, eventTypes: ['*'] } })).body;
  const cron = (await fleet('POST', '/v1/cron-jobs', {
    body: { name: 'private', cron: '0 3 * * *', timeZone: 'UTC', target: { agentId: agent.id, input: {} } },
  })).body;
  const globex = await createAccount(server, admin, { name: 'globex', plan: 'operational' });
  const other = compatClient(server, 'agenfleet', globex.key);
  for (const [path, code] of [[`/v1/agents/${agent.id}`, 'AGENT_NOT_FOUND'], [`/v1/sessions/${session.id}`, 'SESSION_NOT_FOUND'],
    [`/v1/webhooks/${webhook.id}`, 'WEBHOOK_NOT_FOUND'], [`/v1/cron-jobs/${cron.id}`, 'CRON_JOB_NOT_FOUND']]) {
    const res = await other('GET', path);
    assert.equal(res.status, 404, path);
    assert.equal(res.body.error.code, code, path);
  }
  const patched = await other('PATCH', `/v1/agents/${agent.id}`, { body: { description: 'mine now' } });
  assert.equal(patched.status, 404);
  const message = await other('POST', `/v1/sessions/${session.id}/messages`, { body: { content: 'hi' } });
  assert.equal(message.body.error.code, 'SESSION_NOT_FOUND');
  assert.equal((await other('GET', '/v1/agents')).body.pagination.total, 0, 'lists are the caller\'s own');
});
