// An agent's log: lifecycle and changes as they happen, newest first, filtered and cursor-paged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createAccount, useServer } from './lib/server.mjs';
import { grant } from './lib/market.mjs';
import { openSse } from './lib/sse.mjs';

let server;
let admin;
let acme;
let agent;

useServer({ args: ['--housekeeping-interval-ms', '100'] }, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'enterprise' });
  agent = (await acme.call('POST', '/v1/agents', { body: { name: 'logged', visibility: 'public' } })).body.data;
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const events = (res) => res.body.data.map((e) => e.event);

test('lifecycle and changes are logged, newest first', async () => {
  for (const verb of ['stop', 'start', 'restart']) {
    assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/${verb}`)).status, 200);
  }
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/start`)).status, 200, 'a no-op');
  assert.equal((await acme.call('PUT', `/v1/agents/${agent.id}/rules`, { body: { rules: ['r'] } })).status, 200);
  const res = await acme.call('GET', `/v1/agents/${agent.id}/logs`);
  assert.equal(res.status, 200);
  assert.deepEqual(events(res), ['agent.updated', 'agent.restarted', 'agent.started', 'agent.stopped', 'agent.created']);
  const first = res.body.data.at(-1);
  assert.equal(first.level, 'info');
  assert.match(first.id, /^log_/);
  assert.match(first.createdAt, /^\d{4}-\d\d-\d\dT/);
  assert.equal(first.runId, null);
});

test('pages follow the cursor; filters narrow by level, time and run', async () => {
  const all = events(await acme.call('GET', `/v1/agents/${agent.id}/logs`));
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 10; i++) {
    const res = await acme.call('GET', `/v1/agents/${agent.id}/logs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...events(res));
    cursor = res.body.pagination.nextCursor;
    if (!res.body.pagination.hasMore) break;
  }
  assert.deepEqual(seen, all);
  const future = new Date(Date.now() + 60000).toISOString();
  assert.deepEqual(events(await acme.call('GET', `/v1/agents/${agent.id}/logs?since=${future}`)), []);
  assert.deepEqual(events(await acme.call('GET', `/v1/agents/${agent.id}/logs?level=error`)), []);
  assert.deepEqual(events(await acme.call('GET', `/v1/agents/${agent.id}/logs?run=run_none`)), []);
  for (const q of ['level=loud', 'since=yesterday', 'cursor=x']) {
    assert.equal((await acme.call('GET', `/v1/agents/${agent.id}/logs?${q}`)).status, 400, q);
  }
});

test('a task that expires in the agent’s hands is logged as a warning', async () => {
  const poster = await createAccount(server, admin, { name: 'poster', plan: 'enterprise' });
  await grant(admin, poster.account.id, 10);
  const deadline = new Date(Date.now() + 3000).toISOString();
  const task = (await poster.call('POST', '/v1/tasks', { body: { title: 'late', budget: 1, deadline } })).body.data;
  assert.equal((await acme.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: agent.id } })).status, 200);
  let warnings = [];
  for (let i = 0; i < 100 && warnings.length === 0; i++) {
    await sleep(100);
    warnings = (await acme.call('GET', `/v1/agents/${agent.id}/logs?level=warn`)).body.data;
  }
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].event, 'task.expired');
  assert.equal(warnings[0].level, 'warn');
  assert.equal(warnings[0].taskId, task.id);
});

test('logs are the owner’s, need the logs scope, and go with the agent', async () => {
  const other = await createAccount(server, admin, { name: 'other', plan: 'enterprise' });
  assert.equal((await other.call('GET', `/v1/agents/${agent.id}/logs`)).status, 404);
  const key = (await acme.call('POST', '/v1/api-keys', { body: { name: 'no logs', scopes: ['agents:read'] } })).body.data.key;
  const res = await fetch(`${server.base}/v1/agents/${agent.id}/logs`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(res.status, 403);
  const doomed = (await acme.call('POST', '/v1/agents', { body: { name: 'doomed' } })).body.data;
  assert.equal((await acme.call('DELETE', `/v1/agents/${doomed.id}`)).status, 204);
  assert.equal((await acme.call('GET', `/v1/agents/${doomed.id}/logs`)).status, 404);
});

// Opens the agent's live log; returns {next(count) → events, close()}.
function openStream(headers = {}) {
  return openSse(`${server.base}/v1/agents/${agent.id}/logs/stream`, {
    authorization: `Bearer ${acme.key}`, ...headers,
  });
}

test('the live log streams new entries as SSE and resumes after Last-Event-ID', async () => {
  const live = await openStream();
  assert.equal(live.res.status, 200);
  assert.equal(live.res.headers.get('content-type'), 'text/event-stream');
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/stop`)).status, 200);
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/start`)).status, 200);
  const [stopped, started] = await live.next(2);
  live.close();
  assert.deepEqual([stopped.event, stopped.data.event, started.data.event], ['log', 'agent.stopped', 'agent.started']);
  assert.equal(stopped.id, stopped.data.id);
  assert.ok(stopped.id < started.id, 'ids increase');

  const resumed = await openStream({ 'last-event-id': stopped.id });
  const [again] = await resumed.next(1);
  resumed.close();
  assert.equal(again.id, started.id, 'resumes right after the last event seen, without repeating it');

  const bad = await fetch(`${server.base}/v1/agents/${agent.id}/logs/stream`, {
    headers: { authorization: `Bearer ${acme.key}`, 'last-event-id': 'nonsense' },
  });
  assert.equal(bad.status, 400);
});

// A stream, once a slot is free: streams closed just before are let go within moments.
async function openStreamWhenFree() {
  for (let tries = 0; tries < 100; tries++) {
    const s = await openStream();
    if (s.res.status === 200) return s;
    s.close();
    await sleep(50);
  }
  throw new Error('no stream slot came free');
}

test('the live log of an agent that is deleted ends, its entries gone with it', { timeout: 30000 }, async () => {
  const brief = (await acme.call('POST', '/v1/agents', { body: { name: 'brief' } })).body.data;
  const live = await openSse(`${server.base}/v1/agents/${brief.id}/logs/stream`, { authorization: `Bearer ${acme.key}` });
  assert.equal(live.res.status, 200);
  assert.equal((await acme.call('POST', `/v1/agents/${brief.id}/stop`)).status, 200);
  assert.equal((await live.next(1))[0].data.event, 'agent.stopped');
  assert.equal((await acme.call('DELETE', `/v1/agents/${brief.id}`)).status, 204);
  assert.deepEqual(await live.all(), [], 'the stream ends without another entry');
  assert.ok(live.ended);
});

test('an account holds at most 10 live streams', async () => {
  const open = [];
  while (open.length < 10) open.push(await openStreamWhenFree());
  const refused = await fetch(`${server.base}/v1/agents/${agent.id}/logs/stream`, {
    headers: { authorization: `Bearer ${acme.key}` },
  });
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).error.code, 'limit_reached');
  for (const s of open) s.close();
  // Slots come back as soon as the server notices the closed connections.
  let again;
  for (let i = 0; i < 100; i++) {
    again = await fetch(`${server.base}/v1/agents/${agent.id}/logs/stream`, {
      headers: { authorization: `Bearer ${acme.key}` },
    });
    if (again.status === 200) break;
    await again.body.cancel();
    await sleep(50);
  }
  assert.equal(again.status, 200);
  await again.body.cancel();
});

// One HTTP/1.0 request for the stream: what came back within about two seconds.
async function streamOverHttp10() {
  const socket = net.connect(server.port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => { received += d; });
  socket.write(`GET /v1/agents/${agent.id}/logs/stream HTTP/1.0\r\nAuthorization: Bearer ${acme.key}\r\n\r\n`);
  for (let i = 0; i < 100 && !received.includes('retry: 1000') && !received.includes('"limit_reached"'); i++) await sleep(20);
  socket.destroy();
  return received;
}

test('over HTTP/1.0 a stream is sent unchunked and ends with the connection', async () => {
  // The streams of the test before are let go within moments: wait for a free slot.
  let received = await streamOverHttp10();
  for (let tries = 0; tries < 100 && received.includes('"limit_reached"'); tries++) {
    await sleep(50);
    received = await streamOverHttp10();
  }
  const [head, body] = received.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.0 200 /);
  assert.doesNotMatch(head, /transfer-encoding/i);
  assert.doesNotMatch(head, /content-length/i);
  assert.match(body, /^retry: 1000\n\n/, 'the bare event stream, no chunk sizes');
});

test('a stream left open ends when the server shuts down, which still exits 0', async () => {
  const live = await openStreamWhenFree();
  assert.equal(live.res.status, 200);
  // useServer's after() stops the server with SIGTERM and asserts exit code 0.
});
