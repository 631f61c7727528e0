// Two nodes on one PostgreSQL database, as behind a load balancer: what a user sees through
// either node must be one system.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, client, createAccount, store, postgresUrlFor } from './lib/server.mjs';
import { startUpstream } from './lib/upstream.mjs';
import { openSse } from './lib/sse.mjs';

const skip = store !== 'postgres' && 'several nodes share a PostgreSQL database';
let a;
let b;
let acme;
let viaB;
let upstream;

before(async () => {
  if (skip) return;
  const dataA = mkdtempSync(path.join(tmpdir(), 'agentry-node-a-'));
  const db = postgresUrlFor(dataA);
  // Both nodes share Redis for rate limits (startServer adds --redis in the PostgreSQL run).
  const plans = { plans: [{ id: 'tight', name: 'Tight', requestsPerMinute: 20 }] };
  // Runs execute on A only: B serves the API. Leases are renewed every 20 s, far later than a
  // cancel through B must reach A's worker.
  upstream = await startUpstream();
  const runs = ['--run-lease-ms', '60000', '--openai-base-url', `${upstream.url}/v1`];
  // Every node of a deployment seals secrets with the same master key.
  const env = { AGENTRY_OPENAI_API_KEY: 'sk-nodes', AGENTRY_MASTER_KEY: randomBytes(32).toString('hex') };
  a = await startServer({ dataDir: dataA, plans, args: runs, env });
  // B counts keys it has not seen against their client's address at 20 a minute (the test
  // below); A keeps the default.
  b = await startServer({ args: ['--db', db, '--run-workers', '0', '--unauthenticated-per-minute', '20', ...runs], plans, env });
  acme = await createAccount(a, client(a, a.adminKey), { plan: 'enterprise' });
  viaB = client(b, acme.key);
});

after(async () => {
  if (skip) return;
  for (const node of [a, b]) {
    assert.equal((await node.stop()).code, 0);
    node.cleanup();
  }
  await upstream.close();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a run cancelled through the node that does not run it stops within a second or so', { skip }, async () => {
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'slow', model: 'gpt-4o-mini' } })).body.data;
  const before = upstream.requests.length;
  const started = await viaB('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'slow:300' } } });
  assert.equal(started.status, 202, started.text);
  const id = started.body.data.id;
  for (let i = 0; i < 100 && upstream.requests.length === before; i++) await sleep(50);
  const call = upstream.requests.at(-1);
  assert.equal(call.body.messages.at(-1).content, 'slow:300', 'node A called the provider');
  const cancelled = await viaB('POST', `/v1/runs/${id}/cancel`);
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.body.data.status, 'cancelling');
  const ended = (await viaB('GET', `/v1/runs/${id}/wait?timeout=10`)).body.data;
  assert.equal(ended.status, 'cancelled', 'ended long before the lease renewal, 20 s away');
  for (let i = 0; i < 100 && !call.closedEarly; i++) await sleep(20);
  assert.ok(call.closedEarly, 'the provider call was stopped');
  assert.equal(ended.cost, 0);
});

test('what one node writes the other reads at once', { skip }, async () => {
  const created = await acme.call('POST', '/v1/agents', { body: { name: 'shared', description: 'v1' } });
  assert.equal(created.status, 201);
  const id = created.body.data.id;
  assert.deepEqual((await viaB('GET', `/v1/agents/${id}`)).body.data, created.body.data);
  for (let i = 2; i <= 4; i++) {
    const [writer, reader] = i % 2 ? [acme.call, viaB] : [viaB, acme.call];
    assert.equal((await writer('PATCH', `/v1/agents/${id}`, { body: { description: `v${i}` } })).status, 200);
    assert.equal((await reader('GET', `/v1/agents/${id}`)).body.data.description, `v${i}`);
  }
  assert.equal((await viaB('POST', `/v1/agents/${id}/stop`)).status, 200);
  assert.equal((await acme.call('GET', `/v1/agents/${id}/status`)).body.data.status, 'stopped');
  assert.equal((await acme.call('DELETE', `/v1/agents/${id}`)).status, 204);
  assert.equal((await viaB('GET', `/v1/agents/${id}`)).status, 404);
});

// Each node caches agents; a read first waits until its node has heard of every commit made
// before it, so no acknowledged change is missed however fast the next request comes.
test('an agent cached by one node is never served stale after a change through the other', { skip }, async () => {
  // Public, so that AgentMarket's profile shows it.
  const id = (await acme.call('POST', '/v1/agents', { body: { name: 'cached', description: 'v0', visibility: 'public' } })).body.data.id;
  for (let i = 1; i <= 30; i++) {
    assert.equal((await viaB('GET', `/v1/agents/${id}`)).status, 200);  // in B's cache now
    const changed = await acme.call('PATCH', `/v1/agents/${id}`, { body: { description: `v${i}` } });
    assert.equal(changed.status, 200);
    // At once, also on another surface's profile that reads through the cache.
    const [read, agentmarket] = await Promise.all([
      viaB('GET', `/v1/agents/${id}`),
      fetch(`${b.base}/compat/agentmarket/api/agents/${id}`, { headers: { 'x-api-key': acme.key } }),
    ]);
    assert.equal(read.body.data.description, `v${i}`, `round ${i}`);
    assert.equal(read.headers.get('etag'), changed.headers.get('etag'), `round ${i}`);
    assert.equal(agentmarket.status, 200);
    assert.equal((await agentmarket.json()).data.description, `v${i}`, `round ${i}`);
  }
});

// A node re-reads a quiet stream only every 15 s; within that, news from the other node comes by
// PostgreSQL notification.
test('a stream on one node hears at once what happens through the other', { skip }, async () => {
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'followed', model: 'gpt-4o-mini' } })).body.data;
  const auth = { authorization: `Bearer ${acme.key}` };
  const log = await openSse(`${b.base}/v1/agents/${agent.id}/logs/stream`, auth);
  assert.equal(log.res.status, 200);
  const stoppedAt = Date.now();
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/stop`)).status, 200);
  const [entry] = await log.next(1);
  const logHeardMs = Date.now() - stoppedAt;
  log.close();
  assert.equal(entry.data.event, 'agent.stopped');
  assert.ok(logHeardMs < 2000, `node B's log stream heard node A's entry after ${logHeardMs} ms`);

  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/start`)).status, 200);
  const started = await viaB('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'hello' } } });
  assert.equal(started.status, 202, started.text);
  const startedAt = Date.now();
  // Node B runs nothing: every event of this run is written by node A.
  const events = await openSse(`${b.base}/v1/runs/${started.body.data.id}/events`, auth);
  const all = await events.all();
  const runHeardMs = Date.now() - startedAt;
  assert.deepEqual(all.filter((e) => e.event === 'status').map((e) => e.data.status), ['queued', 'active', 'completed']);
  assert.ok(runHeardMs < 4000, `node B's run stream ended ${runHeardMs} ms after the run started`);
});

// A node just started (or a key just made) under load: every connection brings a key the node
// has not seen yet. They share one lookup, which counts once against the client's address.
test('many requests at once with a key new to a node are all served', { skip }, async () => {
  const made = await acme.call('POST', '/v1/api-keys', { body: { name: 'busy' } });
  assert.equal(made.status, 201);
  const fresh = client(b, made.body.data.key);
  const answers = await Promise.all(Array.from({ length: 60 }, () => fresh('GET', '/v1/account')));
  assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
});

test('a key revoked through one node is refused by the other within a second', { skip }, async () => {
  const made = await acme.call('POST', '/v1/api-keys', { body: { name: 'short-lived' } });
  assert.equal(made.status, 201);
  const doomed = client(b, made.body.data.key);
  for (let i = 0; i < 3; i++) assert.equal((await doomed('GET', '/v1/account')).status, 200);  // cached on B
  assert.equal((await acme.call('DELETE', `/v1/api-keys/${made.body.data.id}`)).status, 204);
  const revokedAt = Date.now();
  let status;
  while ((status = (await doomed('GET', '/v1/account')).status) === 200 && Date.now() - revokedAt < 5000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(status, 401);
  assert.ok(Date.now() - revokedAt < 1000, `refused after ${Date.now() - revokedAt} ms`);
});

test('a plan changed through one node applies on the other', { skip }, async () => {
  const admin = client(a, a.adminKey);
  const beta = await createAccount(a, admin, { plan: 'free', name: 'beta' });
  const betaViaB = client(b, beta.key);
  assert.equal((await betaViaB('GET', '/v1/agents')).headers.get('x-ratelimit-limit'), '10');
  assert.equal((await admin('PATCH', `/v1/accounts/${beta.account.id}`, { body: { plan: 'pro' } })).status, 200);
  const changedAt = Date.now();
  let limit;
  while ((limit = (await betaViaB('GET', '/v1/agents')).headers.get('x-ratelimit-limit')) === '10' && Date.now() - changedAt < 5000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(limit, '300');
});

test('one Idempotency-Key raced through both nodes has exactly one effect', { skip }, async () => {
  for (let round = 0; round < 3; round++) {
    const name = `raced-${round}`;
    const send = (call) => call('POST', '/v1/agents', { body: { name }, headers: { 'idempotency-key': `race-${round}` } });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => send(i % 2 ? viaB : acme.call)));
    const created = results.filter((r) => r.status === 201);
    assert.ok(created.length >= 1);
    for (const r of results) {
      assert.ok(r.status === 201 || (r.status === 409 && r.body.error.code === 'idempotency_key_in_use'), `${r.status} ${r.text}`);
    }
    assert.equal(new Set(created.map((r) => r.body.data.id)).size, 1, 'every success is the same agent');
    const listed = await viaB('GET', `/v1/agents?q=${name}`);
    assert.equal(listed.body.pagination.total, 1);
  }
});

test('a rate limit of N per minute admits N requests spread over both nodes', { skip }, async () => {
  const tight = await createAccount(a, client(a, a.adminKey), { plan: 'tight', name: 'tight' });
  const nodes = [tight.call, client(b, tight.key)];
  const statuses = [];
  for (let i = 0; i < 40; i++) statuses.push((await nodes[i % 2]('GET', '/v1/account')).status);
  const admitted = statuses.filter((s) => s === 200).length;
  assert.ok(Math.abs(admitted - 20) <= 1, `admitted ${admitted} of 40`);
  assert.equal(statuses.filter((s) => s === 429).length, 40 - admitted);
  const refused = await nodes[1]('GET', '/v1/account');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('x-ratelimit-limit'), '20');
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
});
