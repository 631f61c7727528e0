// Events: every state change the API exposes is recorded with the object as the API shows it,
// listed newest first (filtered by type patterns and agent, cursor-paged) and read one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createAccount, useServer } from './lib/server.mjs';
import { bulkPlans, grant } from './lib/market.mjs';

let server;
let admin;
let acme;
let worker;
let endpoint;  // a remote agent's endpoint: /fail answers 500, /later 202 (it reports later)

useServer({ plans: bulkPlans, args: ['--allow-loopback-http-endpoints', '--housekeeping-interval-ms', '100'] },
  async (started, adminClient) => {
    server = started;
    admin = adminClient;
    acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
    worker = await createAccount(server, admin, { name: 'worker', plan: 'bulk' });
    endpoint = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(req.url === '/later' ? 202 : 500, { 'content-type': 'application/json' });
        res.end(req.url === '/later' ? '{"accepted":true}' : '{"error":"down"}');
      });
    });
    await new Promise((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpoint.unref();
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Every event of `who` matching `query`, newest first, following the cursor.
async function allEvents(who, query = '') {
  const out = [];
  let cursor = null;
  for (let page = 0; page < 100; page++) {
    const sep = query ? '&' : '';
    const res = await who.call('GET', `/v1/events?limit=7${sep}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.status, 200, res.text);
    out.push(...res.body.data);
    if (!res.body.pagination.hasMore) return out;
    cursor = res.body.pagination.nextCursor;
  }
  throw new Error('too many pages');
}

const types = (events) => events.map((e) => e.type);

// Waits until `who` has an event of `type` about object `id`.
async function eventOf(who, type, id) {
  for (let i = 0; i < 200; i++) {
    const found = (await allEvents(who, `type=${type}`)).find((e) => e.data.object.id === id);
    if (found) return found;
    await sleep(50);
  }
  throw new Error(`no ${type} event about ${id}`);
}

test('an agent’s lifecycle, each event with the agent as the API shows it', async () => {
  const created = (await acme.call('POST', '/v1/agents', { body: { name: 'life', model: 'echo' } })).body.data;
  assert.equal((await acme.call('PATCH', `/v1/agents/${created.id}`, { body: { description: 'd' } })).status, 200);
  for (const verb of ['stop', 'start', 'restart', 'start']) {
    assert.equal((await acme.call('POST', `/v1/agents/${created.id}/${verb}`)).status, 200);
  }
  assert.equal((await acme.call('DELETE', `/v1/agents/${created.id}`)).status, 204);
  const about = await allEvents(acme, `agentId=${created.id}`);
  assert.deepEqual(types(about).reverse(), ['agent.created', 'agent.updated', 'agent.stopped', 'agent.started',
    'agent.stopped', 'agent.started', 'agent.deleted'], 'a restart is a stop and a start; a no-op start is none');
  const [deleted, , , , stopped, updated, first] = about;
  assert.equal(first.data.object.id, created.id);
  assert.equal(first.data.object.revision, 1);
  assert.equal(updated.data.object.description, 'd');
  assert.equal(stopped.data.object.status, 'stopped');
  assert.equal(deleted.data.object.name, 'life', 'a deleted agent’s event shows it as it was');
  for (const e of about) {
    assert.match(e.id, /^evt_/);
    assert.ok(Date.parse(e.createdAt) > 0);
  }
  // Wildcards and exact types; several patterns at once.
  const agentOnly = await allEvents(acme, 'type=agent.*');
  assert.ok(agentOnly.length >= 7 && agentOnly.every((e) => e.type.startsWith('agent.')));
  assert.deepEqual(types(await allEvents(acme, `type=agent.deleted&agentId=${created.id}`)), ['agent.deleted']);
  assert.deepEqual(types(await allEvents(acme, `type=agent.deleted,agent.created&agentId=${created.id}`)),
    ['agent.deleted', 'agent.created']);
  assert.equal((await allEvents(acme, `type=*&agentId=${created.id}`)).length, 7);
});

test('runs: queued, started and how each ended, with the run', async () => {
  const echo = (await acme.call('POST', '/v1/agents', { body: { name: 'echo', model: 'echo' } })).body.data;
  const run = (await acme.call('POST', `/v1/agents/${echo.id}/runs`, { body: { input: { message: 'hi' } } })).body.data;
  const done = (await acme.call('GET', `/v1/runs/${run.id}/wait?timeout=30`)).body.data;
  assert.equal(done.status, 'completed');
  const completed = await eventOf(acme, 'run.completed', run.id);
  assert.deepEqual(completed.data.object.result, done.result);
  assert.equal((await eventOf(acme, 'run.queued', run.id)).data.object.status, 'queued');
  assert.equal((await eventOf(acme, 'run.started', run.id)).data.object.status, 'active');

  const failing = (await acme.call('POST', '/v1/agents', {
    body: { name: 'failing', kind: 'remote', endpointUrl: `http://127.0.0.1:${endpoint.address().port}/fail` },
  })).body.data;
  const failed = (await acme.call('POST', `/v1/agents/${failing.id}/runs`, { body: { input: {} } })).body.data;
  const failedEvent = await eventOf(acme, 'run.failed', failed.id);
  assert.equal(failedEvent.data.object.status, 'failed');
  assert.ok(failedEvent.data.object.error.code);

  const later = (await acme.call('POST', '/v1/agents', {
    body: { name: 'later', kind: 'remote', endpointUrl: `http://127.0.0.1:${endpoint.address().port}/later` },
  })).body.data;
  const handed = (await acme.call('POST', `/v1/agents/${later.id}/runs`, { body: { input: {} } })).body.data;
  await eventOf(acme, 'run.started', handed.id);
  assert.equal((await acme.call('POST', `/v1/runs/${handed.id}/cancel`)).status, 200);
  assert.equal((await eventOf(acme, 'run.cancelled', handed.id)).data.object.status, 'cancelled');
  assert.deepEqual(types(await allEvents(acme, `type=run.*&agentId=${later.id}`)),
    ['run.cancelled', 'run.started', 'run.queued']);
});

test('the marketplace: each transition is an event of the poster and of the other party', async () => {
  await grant(admin, acme.account.id, 50);
  const agent = (await worker.call('POST', '/v1/agents', {
    body: { name: 'taker', capabilities: ['summarize'], visibility: 'public' },
  })).body.data;
  const post = async (body) => {
    const res = await acme.call('POST', '/v1/tasks', { body: { title: 't', budget: 2, ...body } });
    assert.equal(res.status, 201, res.text);
    return res.body.data;
  };
  const done = await post({});
  assert.equal((await worker.call('POST', `/v1/tasks/${done.id}/accept`, { body: { agentId: agent.id } })).status, 200);
  assert.equal((await worker.call('POST', `/v1/tasks/${done.id}/complete`, { body: { result: { ok: true } } })).status, 200);
  assert.equal((await acme.call('POST', `/v1/tasks/${done.id}/review`, { body: { rating: 5 } })).status, 200);
  const cancelled = await post({});
  assert.equal((await acme.call('POST', `/v1/tasks/${cancelled.id}/cancel`)).status, 200);
  const expiring = await post({ deadline: new Date(Date.now() + 1500).toISOString() });
  assert.equal((await worker.call('POST', `/v1/tasks/${expiring.id}/accept`, { body: { agentId: agent.id } })).status, 200);

  const expired = await eventOf(acme, 'task.expired', expiring.id);
  assert.equal(expired.data.object.status, 'expired');
  await eventOf(worker, 'task.expired', expiring.id);
  const of = async (who, id) => types((await allEvents(who, 'type=task.*')).filter((e) => e.data.object.id === id)).reverse();
  assert.deepEqual(await of(acme, done.id), ['task.posted', 'task.accepted', 'task.completed', 'task.reviewed']);
  assert.deepEqual(await of(worker, done.id), ['task.accepted', 'task.completed', 'task.reviewed'],
    'an open task is the marketplace’s, not yet the worker’s');
  assert.deepEqual(await of(acme, cancelled.id), ['task.posted', 'task.cancelled']);
  assert.deepEqual(await of(worker, cancelled.id), []);
  const reviewed = await eventOf(worker, 'task.reviewed', done.id);
  assert.equal(reviewed.data.object.review.rating, 5);
  assert.equal(reviewed.data.object.agentId, agent.id);
  // The agent's filter finds what happened to it on either side.
  assert.ok((await allEvents(worker, `agentId=${agent.id}`)).some((e) => e.type === 'task.completed'));
});

test('a chat turn: chat.turn.completed with the reply, about the agent', async () => {
  const echo = (await acme.call('POST', '/v1/agents', { body: { name: 'talker', model: 'echo' } })).body.data;
  const turn = await acme.call('POST', `/v1/agents/${echo.id}/chat`, { body: { message: 'hello' } });
  assert.equal(turn.status, 200, turn.text);
  const [event] = await allEvents(acme, `type=chat.*&agentId=${echo.id}`);
  assert.equal(event.type, 'chat.turn.completed');
  assert.deepEqual(event.data.object, turn.body.data.message);
});

test('credits: granted, and low once when the available balance falls below the threshold', async () => {
  const thrifty = await createAccount(server, admin, { name: 'thrifty', plan: 'bulk' });
  const granted = await grant(admin, thrifty.account.id, 10);
  const grantEvent = await eventOf(thrifty, 'credits.granted', granted.entry.id);
  assert.deepEqual(grantEvent.data.object, granted.entry);

  const { available } = (await thrifty.call('GET', '/v1/credits/balance')).body.data;
  const threshold = available - 5;
  const set = await thrifty.call('PATCH', '/v1/account', { body: { lowBalanceThreshold: threshold } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.body.data.lowBalanceThreshold, threshold);
  assert.equal((await thrifty.call('GET', '/v1/account')).body.data.lowBalanceThreshold, threshold);
  assert.equal((await thrifty.call('GET', '/v1/credits/balance')).body.data.lowBalanceThreshold, threshold);
  const post = (budget) => thrifty.call('POST', '/v1/tasks', { body: { title: 't', budget } });
  assert.equal((await post(4)).status, 201);
  assert.deepEqual(await allEvents(thrifty, 'type=credits.low'), [], 'one above the threshold: not below');
  assert.equal((await post(2)).status, 201);
  const low = await allEvents(thrifty, 'type=credits.low');
  assert.equal(low.length, 1);
  assert.deepEqual(low[0].data.object, { available: threshold - 1, held: 6, used: 0, lowBalanceThreshold: threshold });
  assert.equal((await post(1)).status, 201);
  assert.equal((await allEvents(thrifty, 'type=credits.low')).length, 1, 'once per crossing');

  const off = await thrifty.call('PATCH', '/v1/account', { body: { lowBalanceThreshold: null, name: 'frugal' } });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.data.lowBalanceThreshold, null);
  assert.equal(off.body.data.name, 'frugal');
});

test('API keys: created and revoked, never with the secret', async () => {
  const made = await acme.call('POST', '/v1/api-keys', { body: { name: 'ci', scopes: ['agents:read'] } });
  assert.equal(made.status, 201, made.text);
  assert.equal((await acme.call('DELETE', `/v1/api-keys/${made.body.data.id}`)).status, 204);
  const created = await eventOf(acme, 'api_key.created', made.body.data.id);
  const revoked = await eventOf(acme, 'api_key.revoked', made.body.data.id);
  assert.equal(created.data.object.key, undefined);
  assert.ok(!JSON.stringify(created).includes(made.body.data.key));
  assert.ok(revoked.data.object.revokedAt);
});

test('one event by id; another account’s is absent; the scope and the filters are checked', async () => {
  const [newest] = await allEvents(acme);
  const one = await acme.call('GET', `/v1/events/${newest.id}`);
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(one.body.data, newest);
  assert.equal((await worker.call('GET', `/v1/events/${newest.id}`)).status, 404);
  assert.equal((await acme.call('GET', '/v1/events/evt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W')).status, 404);
  assert.ok(!(await allEvents(worker)).some((e) => e.id === newest.id));

  const narrow = (await acme.call('POST', '/v1/api-keys', { body: { name: 'agents only', scopes: ['agents:read'] } })).body.data.key;
  const refused = await acme.call('GET', '/v1/events', { key: narrow });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'insufficient_scope');
  const reader = (await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['read'] } })).body.data.key;
  assert.equal((await acme.call('GET', '/v1/events', { key: reader })).status, 200, 'read covers events:read');

  for (const q of ['type=run', 'type=bogus.*', 'type=run.*,', 'type=.*', 'cursor=run_1', `type=${'agent.created,'.repeat(33)}agent.created`]) {
    const res = await acme.call('GET', `/v1/events?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.body.error.code, 'validation_error', q);
  }
});

test('PATCH /v1/account: its scope and its body are checked', async () => {
  const reader = (await acme.call('POST', '/v1/api-keys', { body: { name: 'ro', scopes: ['read'] } })).body.data.key;
  const refused = await acme.call('PATCH', '/v1/account', { key: reader, body: { name: 'x' } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'insufficient_scope');
  for (const body of [{}, { lowBalanceThreshold: -1 }, { lowBalanceThreshold: 'five' }, { plan: 'enterprise' }]) {
    const res = await acme.call('PATCH', '/v1/account', { body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_error');
  }
  const broken = await acme.call('PATCH', '/v1/account', { raw: '{"name":', headers: { 'content-type': 'application/json' } });
  assert.equal(broken.status, 400);
});
