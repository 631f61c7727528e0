// Plan limits from the plans file: maxAgents and maxRunningAgents answer 403 limit_reached past
// them (as Agento documents), so does a live stream past maxStreams, and GET /v1/plans shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';

const plans = {
  plans: [{ id: 'tiny', name: 'Tiny', requestsPerMinute: 1000000, monthlyCredits: 0, maxAgents: 2, maxRunningAgents: 1, maxStreams: 2 }],
};
let server;
let acme;

useServer({ plans }, async (started, admin) => {
  server = started;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'tiny' });
});

test('GET /v1/plans shows the limits; built-in plans have none', async () => {
  const listed = (await acme.call('GET', '/v1/plans')).body.data;
  const tiny = listed.find((p) => p.id === 'tiny');
  assert.equal(tiny.maxAgents, 2);
  assert.equal(tiny.maxRunningAgents, 1);
  assert.equal(tiny.maxStreams, 2);
  assert.equal(listed.find((p) => p.id === 'pro').maxAgents, null);
  assert.equal(listed.find((p) => p.id === 'pro').maxStreams, 10);
  assert.equal((await acme.call('GET', '/v1/account')).body.data.limits.maxRunningAgents, 1);
});

test('past maxRunningAgents and maxAgents a create or start answers 403 limit_reached', async () => {
  const create = (name) => acme.call('POST', '/v1/agents', { body: { name, model: 'echo' } });
  const first = (await create('first')).body.data;
  const running = await create('second');
  assert.equal(running.status, 403);
  assert.equal(running.body.error.code, 'limit_reached');
  assert.match(running.body.error.message, /Tiny plan allows 1 running agents/);
  assert.equal((await acme.call('POST', `/v1/agents/${first.id}/stop`)).status, 200);
  const second = (await create('second')).body.data;
  const third = await create('third');
  assert.equal(third.status, 403);
  assert.match(third.body.error.message, /Tiny plan allows 2 agents/);
  const start = await acme.call('POST', `/v1/agents/${first.id}/start`);
  assert.equal(start.status, 403);
  assert.equal(start.body.error.code, 'limit_reached');
  assert.equal((await acme.call('POST', `/v1/agents/${second.id}/stop`)).status, 200);
  assert.equal((await acme.call('POST', `/v1/agents/${first.id}/start`)).status, 200);
  assert.equal((await acme.call('GET', '/v1/agents')).body.data.length, 2, 'nothing half-made');
});

test('past maxStreams a live stream answers 403 limit_reached; a closed one frees its slot', async () => {
  const [agent] = (await acme.call('GET', '/v1/agents')).body.data;
  const url = `${server.base}/v1/agents/${agent.id}/logs/stream`;
  const headers = { authorization: `Bearer ${acme.key}` };
  const open = [];
  for (let i = 0; i < 2; i++) {
    const controller = new AbortController();
    const res = await fetch(url, { headers, signal: controller.signal });
    assert.equal(res.status, 200);
    open.push(controller);
  }
  const refused = await fetch(url, { headers });
  assert.equal(refused.status, 403);
  const error = (await refused.json()).error;
  assert.equal(error.code, 'limit_reached');
  assert.equal(error.message, 'an account may hold 2 live streams open at once');
  for (const c of open) c.abort();
  // The slots come back as soon as the server notices the closed connections.
  let again;
  for (let i = 0; i < 100; i++) {
    again = await fetch(url, { headers });
    if (again.status === 200) break;
    await again.body.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(again.status, 200);
  await again.body.cancel();
});
