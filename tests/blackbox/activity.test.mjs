// The activity log: every change made through the API (who: the key and its name, or admin;
// what: the operation and its target; from where: client address and request id) and every
// money movement of the wallet, newest first, filtered and cursor-paged; another account's
// entries are not seen, and the activity:read scope is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { bulkPlans, grant } from './lib/market.mjs';

let server;
let admin;
let acme;

useServer({ plans: bulkPlans }, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
});

const activity = async (who, query = '') => {
  const res = await who.call('GET', `/v1/activity${query}`);
  assert.equal(res.status, 200, res.text);
  return res.body.data;
};

test('a change made through the API says which key made it, from where, in which request', async () => {
  const made = (await acme.call('POST', '/v1/api-keys', { body: { name: 'deploy bot', scopes: ['agents:write', 'agents:read'] } })).body.data;
  const bot = { call: (method, path, options = {}) => acme.call(method, path, { key: made.key, ...options }) };
  const created = await bot.call('POST', '/v1/agents', { body: { name: 'audited', model: 'echo' } });
  assert.equal(created.status, 201);
  const agent = created.body.data;
  await bot.call('PATCH', `/v1/agents/${agent.id}`, { body: { description: 'changed' } });
  const refused = await bot.call('PATCH', `/v1/agents/${agent.id}`, { body: { visibility: 'galaxy' } });
  assert.equal(refused.status, 400);
  await bot.call('GET', `/v1/agents/${agent.id}`);

  const entries = await activity(acme, `?target=${agent.id}`);
  assert.deepEqual(entries.map((e) => e.action), ['updateAgent', 'createAgent'], 'reads and refusals are not changes');
  const [updated, createdEntry] = entries;
  assert.equal(createdEntry.actor, 'key');
  assert.equal(createdEntry.keyId, made.id);
  assert.equal(createdEntry.keyName, 'deploy bot');
  assert.equal(createdEntry.targetId, agent.id);
  assert.equal(createdEntry.clientAddress, '127.0.0.1');
  assert.equal(createdEntry.requestId, created.headers.get('x-request-id'));
  assert.equal(createdEntry.amount, null);
  assert.ok(Date.parse(updated.createdAt) >= Date.parse(createdEntry.createdAt));
  const byBot = await activity(acme, `?actor=${made.id}`);
  assert.ok(byBot.every((e) => e.keyId === made.id));
  assert.equal(byBot.length, 2);
});

test('every money movement of the wallet is an entry, with the actor that caused it', async () => {
  await grant(admin, acme.account.id, 40, 'top-up');
  const grants = await activity(acme, '?action=credits.grant');
  assert.equal(grants.length, 1);
  assert.equal(grants[0].actor, 'admin');
  assert.equal(grants[0].amount, 40);
  assert.match(grants[0].targetId, /^txf_/);
  const posted = (await acme.call('POST', '/v1/tasks', { body: { title: 'audit me', budget: 7.5 } })).body.data;
  await acme.call('POST', `/v1/tasks/${posted.id}/cancel`);
  const money = await activity(acme, '?action=credits.*');
  const holds = money.filter((e) => e.action === 'credits.task_hold');
  assert.equal(holds.length, 1);
  assert.equal(holds[0].amount, -7.5);
  assert.equal(holds[0].actor, 'key');
  assert.equal(holds[0].keyId, acme.apiKey.id);
  const released = money.filter((e) => e.amount === 7.5);
  assert.equal(released.length, 1, JSON.stringify(money));
  assert.ok(money.every((e) => e.action.startsWith('credits.')));
  const all = await activity(acme, `?target=${posted.id}`);
  assert.deepEqual(all.map((e) => e.action), ['cancelTask', 'postTask']);
});

test('filters, time range and cursor paging; another account sees none; the scope is needed', async () => {
  const before = new Date().toISOString();
  for (let i = 0; i < 3; i++) await acme.call('POST', '/v1/agents', { body: { name: `paged-${i}`, model: 'echo' } });
  const recent = await activity(acme, `?from=${encodeURIComponent(before)}&action=createAgent`);
  assert.equal(recent.length, 3);
  const first = await acme.call('GET', `/v1/activity?from=${encodeURIComponent(before)}&action=createAgent&limit=2`);
  assert.equal(first.body.data.length, 2);
  const next = first.body.pagination.nextCursor;
  assert.ok(next);
  const second = await activity(acme, `?from=${encodeURIComponent(before)}&action=createAgent&limit=2&cursor=${next}`);
  assert.equal(second.length, 1);
  assert.deepEqual([...first.body.data, ...second].map((e) => e.id), recent.map((e) => e.id));
  assert.equal((await activity(acme, `?to=${encodeURIComponent(before)}&action=createAgent`)).every((e) => e.createdAt < before), true);

  const other = await createAccount(server, admin, { name: 'other', plan: 'bulk' });
  const theirs = await activity(other);
  assert.ok(theirs.every((e) => e.keyId !== acme.apiKey.id));
  assert.equal(theirs.filter((e) => e.action === 'createAgent').length, 0);
  const narrow = (await acme.call('POST', '/v1/api-keys', { body: { name: 'agents only', scopes: ['agents:read'] } })).body.data.key;
  assert.equal((await acme.call('GET', '/v1/activity', { key: narrow })).status, 403);
  const bad = await acme.call('GET', '/v1/activity?action=cre*dits');
  assert.equal(bad.status, 400);
  const badTime = await acme.call('GET', '/v1/activity?from=yesterday');
  assert.equal(badTime.status, 400);
});
