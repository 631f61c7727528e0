// A randomized sequence of marketplace and credit operations across several accounts, compared
// step by step with a model of what each one must answer, with the ledger's invariants checked
// after every step. The seed is printed; AGENTRY_TEST_SEED=<seed> replays a failure and
// AGENTRY_TEST_OPS sets the length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { assertLedgerSound, bulkPlans, createWorker } from './lib/market.mjs';

const seed = Number(process.env.AGENTRY_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const operations = Number(process.env.AGENTRY_TEST_OPS ?? 2000);
const micro = 1000000;

// mulberry32: small, seedable, good enough to pick operations.
function random(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let admin;
const accounts = [];

useServer({ plans: bulkPlans, args: ['--signup-credits', '0'] }, async (server, adminClient) => {
  admin = adminClient;
  const capabilitySets = [['a'], ['b'], ['a', 'b'], [], ['a']];
  for (let i = 0; i < capabilitySets.length; i++) {
    const w = await createWorker(server, admin, `acct${i}`, capabilitySets[i]);
    accounts.push({ ...w, caps: capabilitySets[i], available: 0, held: 0, used: 0 });
  }
});

test(`a random sequence of ${operations} operations keeps the books (seed ${seed})`, async () => {
  console.log(`ledger property test: seed ${seed} (replay with AGENTRY_TEST_SEED=${seed})`);
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const amount = () => Math.floor(rand() * 5000 + 1) * 100; // 0.0001 to 0.5 credits, in µcr
  const tasks = [];
  const counts = {};

  const ops = {
    async grant() {
      const a = pick(accounts);
      const n = amount() * 20;
      const res = await admin('POST', `/v1/accounts/${a.account.id}/credits`, { body: { amount: n / micro, reason: 'p' } });
      a.available += n;
      return [res, 201];
    },
    async deduct() {
      const a = pick(accounts);
      const n = amount();
      const res = await admin('POST', `/v1/accounts/${a.account.id}/credits`, { body: { amount: -n / micro, reason: 'p' } });
      const ok = a.available >= n;
      if (ok) a.available -= n;
      return [res, ok ? 201 : 402];
    },
    async post() {
      const a = pick(accounts);
      const budget = amount();
      const caps = pick([[], ['a'], ['b'], ['a', 'b']]);
      const res = await a.call('POST', '/v1/tasks', { body: { title: 't', budget: budget / micro, requiredCapabilities: caps } });
      const ok = a.available >= budget;
      if (ok && res.status === 201) {
        a.available -= budget;
        a.held += budget;
        tasks.push({ id: res.body.data.id, poster: a, budget, caps, status: 'open', assignee: null });
      }
      return [res, ok ? 201 : 402];
    },
    async accept() {
      if (!tasks.length) return null;
      const t = pick(tasks);
      const a = pick(accounts);
      const res = await a.call('POST', `/v1/tasks/${t.id}/accept`, { body: { agentId: a.agent.id } });
      let expected;
      if (a === t.poster) expected = 403;
      else if (t.status !== 'open') expected = 409;
      else if (!t.caps.every((c) => a.caps.includes(c))) expected = 400;
      else expected = 200;
      if (expected === 200 && res.status === 200) {
        t.status = 'assigned';
        t.assignee = a;
      }
      return [res, expected];
    },
    async complete() {
      if (!tasks.length) return null;
      const t = pick(tasks);
      const a = rand() < 0.8 && t.assignee ? t.assignee : pick(accounts);
      const res = await a.call('POST', `/v1/tasks/${t.id}/complete`, { body: { result: 'r' } });
      let expected;
      if (a !== t.assignee) expected = 403;
      else if (t.status !== 'assigned') expected = 409;
      else expected = 200;
      if (expected === 200 && res.status === 200) {
        const fee = Math.floor(t.budget / 10);
        t.status = 'completed';
        t.poster.held -= t.budget;
        t.poster.used += t.budget;
        a.available += t.budget - fee;
      }
      return [res, expected];
    },
    async cancel() {
      if (!tasks.length) return null;
      const t = pick(tasks);
      const a = rand() < 0.8 ? t.poster : pick(accounts);
      const res = await a.call('POST', `/v1/tasks/${t.id}/cancel`);
      let expected;
      if (a !== t.poster) expected = 403;
      else if (t.status !== 'open') expected = 409;
      else expected = 200;
      if (expected === 200 && res.status === 200) {
        t.status = 'cancelled';
        t.poster.held -= t.budget;
        t.poster.available += t.budget;
      }
      return [res, expected];
    },
  };
  const weighted = ['grant', 'deduct', 'post', 'post', 'post', 'accept', 'accept', 'accept',
    'complete', 'complete', 'complete', 'cancel'];

  for (let step = 0; step < operations; step++) {
    const name = pick(weighted);
    const outcome = await ops[name]();
    if (!outcome) continue;
    const [res, expected] = outcome;
    counts[`${name} ${res.status}`] = (counts[`${name} ${res.status}`] ?? 0) + 1;
    assert.equal(res.status, expected, `step ${step} (${name}), seed ${seed}: ${res.text}`);
    await assertLedgerSound(admin, `after step ${step} (${name}), seed ${seed}`);
  }
  for (const a of accounts) {
    const b = (await a.call('GET', '/v1/credits/balance')).body.data;
    assert.deepEqual(
      [Math.round(b.available * micro), Math.round(b.held * micro), Math.round(b.used * micro)],
      [a.available, a.held, a.used], `balances of ${a.account.name}, seed ${seed}`);
  }
  console.log(`ledger property test: ${JSON.stringify(counts)}`);
  for (const kind of ['post 201', 'accept 200', 'complete 200', 'cancel 200', 'post 402']) {
    assert.ok(counts[kind] > 0 || operations < 500, `the sequence exercised ${kind}`);
  }
});
