// Two nodes on one PostgreSQL database both look for due schedules: each due time still fires
// exactly once (one firing, one run, one schedule.fired event), none is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, client, createAccount, store, postgresUrlFor } from './lib/server.mjs';

const skip = store !== 'postgres' && 'several nodes share a PostgreSQL database';
const plans = { plans: [{ id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000 }] };
let a;
let b;

before(async () => {
  if (skip) return;
  const dataA = mkdtempSync(path.join(tmpdir(), 'agentry-node-a-'));
  const env = { AGENTRY_MASTER_KEY: randomBytes(32).toString('hex') };
  a = await startServer({ dataDir: dataA, plans, args: ['--schedule-seconds'], env });
  b = await startServer({ plans, args: ['--schedule-seconds', '--db', postgresUrlFor(dataA)], env });
});

after(async () => {
  if (skip) return;
  for (const node of [a, b]) {
    assert.equal((await node.stop()).code, 0);
    node.cleanup();
  }
});

test('two nodes fire one schedule exactly once per due time', { skip }, async () => {
  const acme = await createAccount(a, client(a, a.adminKey), { plan: 'bulk' });
  const viaB = client(b, acme.key);
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'clock', model: 'echo' } })).body.data;
  const s = (await viaB('POST', '/v1/schedules', { body: { name: 'tick', cron: '* * * * * *', overlap: 'queue', target: { agentId: agent.id } } })).body.data;
  let firings = [];
  for (let i = 0; i < 400 && firings.length < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    firings = (await acme.call('GET', `/v1/schedules/${s.id}`)).body.data.recentFirings;
  }
  await acme.call('POST', `/v1/schedules/${s.id}/pause`);
  firings = (await viaB('GET', `/v1/schedules/${s.id}`)).body.data.recentFirings;
  assert.ok(firings.length >= 6, JSON.stringify(firings));
  const dues = firings.map((f) => Date.parse(f.dueAt)).sort((x, y) => x - y);
  assert.equal(new Set(dues).size, dues.length, 'no due time fired twice');
  for (let i = 1; i < dues.length; i++) assert.equal(dues[i] - dues[i - 1], 1000, 'no second was lost');
  assert.equal(new Set(firings.map((f) => f.runId)).size, firings.length, 'one run each');
  assert.ok(firings.every((f) => f.outcome === 'started'));
  const events = (await acme.call('GET', '/v1/events?type=schedule.fired&limit=100')).body.data;
  if (firings.length < 10) assert.equal(events.length, firings.length, 'one schedule.fired per firing');
  assert.equal(new Set(events.map((e) => e.data.object.recentFirings[0].id)).size, events.length, 'one event per firing');
});
