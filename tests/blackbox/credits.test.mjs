// Credits: the signup bonus and plan credits, the balance, the history with cursor pagination,
// the admin's grants and deductions, and usage by day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { assertLedgerSound, balance, createWorker, grant, settle } from './lib/market.mjs';

let server;
let admin;
let acme;

useServer({ args: ['--housekeeping-interval-ms', '100'] }, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'pro' });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a new account starts with 100 free credits and its plan’s monthly credits', async () => {
  assert.deepEqual(await balance(acme.call), { available: 150, held: 0, used: 0, lowBalanceThreshold: null });
  const history = (await acme.call('GET', '/v1/credits/history')).body.data;
  assert.deepEqual(history.map((e) => [e.kind, e.amount, e.counterparty]).sort(),
    [['plan_credits', 50, 'platform'], ['signup_bonus', 100, 'platform']]);
  const month = new Date().toISOString().slice(0, 7);
  assert.ok(history.some((e) => e.memo === `plan credits for ${month}`));
  await assertLedgerSound(admin);
});

test('the admin grants and deducts credits with a reason; an overdraw is refused with 402', async () => {
  const id = acme.account.id;
  const granted = await grant(admin, id, 12.345678, 'goodwill');
  assert.equal(granted.entry.amount, 12.345678);
  assert.equal(granted.entry.kind, 'grant');
  assert.equal(granted.entry.memo, 'goodwill');
  assert.equal(granted.balance.available, 162.345678);
  const deducted = await admin('POST', `/v1/accounts/${id}/credits`, { body: { amount: -2.345678, reason: 'correction' } });
  assert.equal(deducted.status, 201);
  assert.equal(deducted.body.data.entry.amount, -2.345678);
  assert.equal(deducted.body.data.balance.available, 160);
  const over = await admin('POST', `/v1/accounts/${id}/credits`, { body: { amount: -160.000001, reason: 'too much' } });
  assert.equal(over.status, 402);
  assert.equal(over.body.error.code, 'insufficient_credits');
  assert.equal((await balance(acme.call)).available, 160);

  for (const body of [{ amount: 0, reason: 'x' }, { amount: 1 }, { amount: 1.0000001, reason: 'x' }, { amount: 1, reason: '' }]) {
    const bad = await admin('POST', `/v1/accounts/${id}/credits`, { body });
    assert.equal(bad.status, 400, JSON.stringify(body));
  }
  assert.equal((await admin('POST', '/v1/accounts/acc_missing/credits', { body: { amount: 1, reason: 'x' } })).status, 404);
  const self = await acme.call('POST', `/v1/accounts/${id}/credits`, { body: { amount: 1000, reason: 'free money' } });
  assert.equal(self.status, 403);
  await assertLedgerSound(admin);
});

test('a grant sent twice with one Idempotency-Key moves money once', async () => {
  const before = await balance(acme.call);
  const send = () => admin('POST', `/v1/accounts/${acme.account.id}/credits`, {
    body: { amount: 5, reason: 'retry-safe' }, headers: { 'idempotency-key': 'grant-once-1' },
  });
  const first = await send();
  const second = await send();
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(second.body, first.body);
  assert.equal((await balance(acme.call)).available, before.available + 5);
});

test('history is newest first and its cursor pages through without gaps or repeats', async () => {
  const pager = await createAccount(server, admin, { name: 'pager', plan: 'free' });
  for (let i = 1; i <= 23; i++) await grant(admin, pager.account.id, i, `grant ${i}`);
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const res = await pager.call('GET', `/v1/credits/history?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.status, 200);
    seen.push(...res.body.data);
    assert.equal(res.body.pagination.limit, 5);
    assert.equal(res.body.pagination.hasMore, res.body.pagination.nextCursor !== null);
    cursor = res.body.pagination.nextCursor;
    if (!res.body.pagination.hasMore) break;
  }
  // 23 grants and the signup bonus (the Free plan has no monthly credits).
  assert.equal(seen.length, 24);
  assert.equal(new Set(seen.map((e) => e.id)).size, 24);
  const ids = seen.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort().reverse(), 'newest first');
  assert.deepEqual(seen.filter((e) => e.kind === 'grant').map((e) => e.amount),
    Array.from({ length: 23 }, (_, i) => 23 - i));
  const bad = await pager.call('GET', '/v1/credits/history?cursor=nonsense');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'cursor');
});

test('history shows each side of a task: escrow, payout from the poster', async () => {
  const poster = await createAccount(server, admin, { name: 'hist-poster', plan: 'pro' });
  const worker = await createWorker(server, admin, 'hist-worker', [], 'pro');
  const task = await settle(poster, worker, 10);
  const posterSide = (await poster.call('GET', '/v1/credits/history?limit=1')).body.data[0];
  assert.deepEqual([posterSide.kind, posterSide.amount, posterSide.counterparty, posterSide.taskId],
    ['task_hold', -10, 'escrow', task.id]);
  const workerSide = (await worker.call('GET', '/v1/credits/history?limit=1')).body.data[0];
  assert.deepEqual([workerSide.kind, workerSide.amount, workerSide.counterparty, workerSide.taskId, workerSide.agentId],
    ['task_payout', 9, poster.account.id, task.id, worker.agent.id]);
  assert.deepEqual(await balance(poster.call), { available: 140, held: 0, used: 10, lowBalanceThreshold: null });
});

test('usage counts requests by day; grants are neither spent nor earned', async () => {
  const user = await createAccount(server, admin, { name: 'usage', plan: 'pro' });
  for (let i = 0; i < 4; i++) await user.call('GET', '/v1/account');
  const today = new Date().toISOString().slice(0, 10);
  let usage;
  for (let i = 0; i < 50; i++) {
    usage = (await user.call('GET', '/v1/usage')).body.data;
    if (usage.total.requests >= 4) break;
    await sleep(100);
  }
  assert.equal(usage.to, today);
  assert.equal(usage.days[0].date, today);
  assert.ok(usage.days[0].requests >= 4);
  assert.equal(usage.total.creditsSpent, 0);
  assert.equal(usage.total.creditsEarned, 0);
});

test('a key without usage:read cannot see the wallet', async () => {
  const key = await acme.call('POST', '/v1/api-keys', { body: { name: 'agents only', scopes: ['agents:read'] } });
  assert.equal(key.status, 201);
  const res = await fetch(`${server.base}/v1/credits/balance`, { headers: { authorization: `Bearer ${key.body.data.key}` } });
  assert.equal(res.status, 403);
});

test('credits are written as plain decimals, a micro-credit as 0.000001', async () => {
  const tiny = await createAccount(server, admin, { name: 'tiny', plan: 'free' });
  const granted = await admin('POST', `/v1/accounts/${tiny.account.id}/credits`, { body: { amount: 0.000001, reason: 'one micro' } });
  assert.equal(granted.status, 201, granted.text);
  assert.match(granted.text, /"amount":0\.000001\b/);
  const posted = await tiny.call('POST', '/v1/tasks', { body: { title: 'tiny', budget: 0.000003 } });
  assert.equal(posted.status, 201, posted.text);
  assert.match(posted.text, /"budget":0\.000003\b/);
  const text = (await tiny.call('GET', '/v1/credits/balance')).text;
  assert.match(text, /"available":99\.999998\b/);
  assert.match(text, /"held":0\.000003\b/);
  // No JSON number in exponent form (ids may hold "8E7", so only values after a colon count).
  assert.doesNotMatch(text + posted.text + granted.text, /:\s*-?\d+(\.\d+)?[eE][-+]?\d/);
});

test('amounts and balances have documented maximums: past them a grant is refused, nothing wraps', async () => {
  const rich = await createAccount(server, admin, { name: 'rich', plan: 'free' });
  const tooBig = await admin('POST', `/v1/accounts/${rich.account.id}/credits`, { body: { amount: 1000000000.000001, reason: 'x' } });
  assert.equal(tooBig.status, 400, tooBig.text);
  assert.equal(tooBig.body.error.code, 'validation_error');
  assert.match(tooBig.body.error.message, /at most 1000000000/);
  // 100 signup credits, then grants of a billion until the wallet's ten billion.
  for (let i = 0; i < 9; i++) await grant(admin, rich.account.id, 1000000000);
  await grant(admin, rich.account.id, 999999900);
  assert.deepEqual(await balance(rich.call), { available: 10000000000, held: 0, used: 0, lowBalanceThreshold: null });
  const over = await admin('POST', `/v1/accounts/${rich.account.id}/credits`, { body: { amount: 0.000001, reason: 'one more' } });
  assert.equal(over.status, 409, over.text);
  assert.equal(over.body.error.code, 'conflict');
  assert.match(over.body.error.message, /would pass the maximum of 10000000000 credits/);
  assert.deepEqual(await balance(rich.call), { available: 10000000000, held: 0, used: 0, lowBalanceThreshold: null });
  const budget = await rich.call('POST', '/v1/tasks', { body: { title: 'huge', budget: 1000000001 } });
  assert.equal(budget.status, 400, budget.text);
  await assertLedgerSound(admin, 'at the maximum');
});
