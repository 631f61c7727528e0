// Event streams end as clients expect: an EventSource that reconnects after a run's final event
// is told there is nothing more (204) and stops, holding no stream slot; on SIGTERM open streams
// get a last event saying the server is going away, with a retry hint.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import { client, createAccount, startServer } from './lib/server.mjs';
import { openSse } from './lib/sse.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const servers = [];
after(async () => {
  for (const s of servers) s.cleanup();
});

test('an EventSource resumes a finished run at its final event, gets 204 and stops', async () => {
  const server = await startServer();
  servers.push(server);
  const acme = await createAccount(server, client(server, server.adminKey), { name: 'es', plan: 'enterprise' });
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'parrot', model: 'echo' } })).body.data;
  const run = (await acme.call('POST', '/v1/execute', { body: { agentId: agent.id, input: { message: 'hi' } } })).body.data;
  assert.equal(run.status, 'completed');

  const requests = [];
  const source = new EventSource(`${server.base}/v1/runs/${run.id}/events`, {
    fetch: (input, init) => {
      requests.push(init.headers['Last-Event-ID'] ?? init.headers['last-event-id'] ?? null);
      return fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${acme.key}` } });
    },
  });
  const statuses = [];
  source.addEventListener('status', (e) => statuses.push([e.lastEventId, JSON.parse(e.data).status]));
  // The stream ends after the final status; the client reconnects with that id and is told to stop.
  for (let i = 0; i < 100 && source.readyState !== EventSource.CLOSED; i++) await sleep(50);
  assert.equal(source.readyState, EventSource.CLOSED, 'the EventSource kept reconnecting');
  source.close();
  assert.equal(statuses.at(-1)[1], 'completed');
  assert.equal(new Set(statuses.map(([id]) => id)).size, statuses.length, 'an event came twice');
  assert.equal(requests.length, 2);
  assert.equal(requests[1], statuses.at(-1)[0], 'the reconnect sent the final event id');

  // Many such reconnects hold no stream slot: a live stream can still be opened afterwards.
  for (let i = 0; i < 12; i++) {
    const res = await acme.call('GET', `/v1/runs/${run.id}/events`, { headers: { 'last-event-id': statuses.at(-1)[0] } });
    assert.equal(res.status, 204);
  }
  const live = await openSse(`${server.base}/v1/agents/${agent.id}/logs/stream`, { authorization: `Bearer ${acme.key}` });
  assert.equal(live.res.status, 200);
  live.close();
  assert.equal((await server.stop()).code, 0);
});

test('on SIGTERM an open stream gets a last event saying the server is going away', async () => {
  const server = await startServer();
  servers.push(server);
  const acme = await createAccount(server, client(server, server.adminKey), { name: 'bye', plan: 'enterprise' });
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'logger', model: 'echo' } })).body.data;
  const res = await fetch(`${server.base}/v1/agents/${agent.id}/logs/stream`, { headers: { authorization: `Bearer ${acme.key}` } });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  let text = '';
  while (!text.includes('retry:')) text += new TextDecoder().decode((await reader.read()).value);
  const stopped = server.stop();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const last = text.trim().split('\n\n').at(-1);
  assert.match(last, /^retry: \d+\nevent: shutdown\ndata: \{"message":"the server is shutting down; reconnect with Last-Event-ID to resume"\}$/);
  assert.equal((await stopped).code, 0);
});
