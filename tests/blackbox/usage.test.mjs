// Usage and agent figures: GET /v1/usage (requests, tokens, credits spent and earned, per day,
// in all or by model, agent or key) and GET /v1/metrics, /v1/agents/{id}/metrics (runs by
// outcome, success rate, duration percentiles, tokens, cost, chat turns, tasks and ratings over
// a window), each counted as it happens; another account's agent is not seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { bulkPlans, createWorker, grant, settle } from './lib/market.mjs';

let server;
let admin;
let owner;     // owns `paid`, a public echo agent at 5 credits a run, and a task worker
let consumer;  // runs `paid` through two keys, chats with its own echo agent
let paid;
let own;
let ci;        // the consumer's second key: {id, key}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const today = () => new Date().toISOString().slice(0, 10);
const sum = (runs, field) => runs.reduce((n, r) => n + r.usage[field], 0);

let runs = [];
let chatUsage;
let task;

useServer({ plans: bulkPlans, args: ['--signup-credits', '0'] }, async (started, a) => {
  server = started;
  admin = a;
  owner = await createWorker(server, admin, 'owner');
  consumer = await createAccount(server, admin, { name: 'consumer', plan: 'bulk' });
  await grant(admin, consumer.account.id, 1000);
  paid = (await owner.call('POST', '/v1/agents', {
    body: { name: 'paid', model: 'echo', pricePerTask: 5, visibility: 'public' },
  })).body.data;
  own = (await consumer.call('POST', '/v1/agents', { body: { name: 'own', model: 'echo' } })).body.data;
  ci = (await consumer.call('POST', '/v1/api-keys', { body: { name: 'ci', scopes: ['runs:write', 'runs:read'] } })).body.data;

  const runThrough = async (key, message) => {
    const started = await consumer.call('POST', `/v1/agents/${paid.id}/runs`, { key, body: { input: { message } } });
    assert.equal(started.status, 202, started.text);
    const ended = await consumer.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`, { key });
    assert.equal(ended.body.data.status, 'completed', ended.text);
    return ended.body.data;
  };
  runs = [
    await runThrough(ci.key, 'one two three'),
    await runThrough(ci.key, 'four'),
    await runThrough(consumer.key, 'five six'),
  ];
  const turn = await consumer.call('POST', `/v1/agents/${own.id}/chat`, { body: { message: 'hello there' } });
  assert.equal(turn.status, 200, turn.text);
  chatUsage = turn.body.data.usage;
  task = await settle(consumer, owner, 20);
  const reviewed = await consumer.call('POST', `/v1/tasks/${task.id}/review`, { body: { rating: 4, comment: 'fine' } });
  assert.equal(reviewed.status, 200, reviewed.text);
});

// The usage, once the requests counted in memory (written each second) have reached it.
async function usageOf(who, query = '', atLeastRequests = 1) {
  let data;
  for (let i = 0; i < 50; i++) {
    const res = await who.call('GET', `/v1/usage${query}`);
    assert.equal(res.status, 200, res.text);
    data = res.body.data;
    if (data.total.requests >= atLeastRequests) break;
    await sleep(100);
  }
  return data;
}

test('usage adds up tokens and credits spent for the payer, credits earned for the payee', async () => {
  const u = await usageOf(consumer, '', 8);
  assert.equal(u.to, today());
  assert.equal(u.groupBy, null);
  assert.equal(u.groups, null);
  assert.equal(u.total.inputTokens, sum(runs, 'inputTokens') + chatUsage.inputTokens);
  assert.equal(u.total.outputTokens, sum(runs, 'outputTokens') + chatUsage.outputTokens);
  assert.equal(u.total.creditsSpent, 3 * 5 + 20, 'three runs at 5 and a task of 20; the own agent is free');
  assert.equal(u.total.creditsEarned, 0);
  assert.ok(u.total.requests >= 8, `${u.total.requests} requests`);
  assert.equal(u.days.length, 1);
  assert.equal(u.days[0].date, today());
  assert.equal(u.days[0].creditsSpent, u.total.creditsSpent);

  const earned = await usageOf(owner);
  assert.equal(earned.total.creditsEarned, 3 * 4.5 + 18, 'the prices and the payout, less the 10% fee');
  assert.equal(earned.total.creditsSpent, 0);
  assert.equal(earned.total.inputTokens, 0, 'tokens are the payer’s');
  const byAgent = await usageOf(owner, '?groupBy=agent');
  const ofPaid = byAgent.groups.find((g) => g.id === paid.id);
  assert.equal(ofPaid.name, 'paid');
  assert.equal(ofPaid.total.creditsEarned, 13.5);
  assert.equal(byAgent.groups.find((g) => g.id === owner.agent.id).total.creditsEarned, 18);
});

test('usage by key, agent and model: each key’s requests and runs, the requests outside any agent', async () => {
  const byKey = await usageOf(consumer, '?groupBy=key', 8);
  assert.equal(byKey.groupBy, 'key');
  const ofCi = byKey.groups.find((g) => g.id === ci.id);
  assert.equal(ofCi.name, 'ci');
  assert.equal(ofCi.total.creditsSpent, 10);
  assert.equal(ofCi.total.inputTokens, sum(runs.slice(0, 2), 'inputTokens'));
  assert.ok(ofCi.total.requests >= 4, 'two starts and two waits');
  assert.equal(ofCi.days.length, 1);
  const ofMain = byKey.groups.find((g) => g.id === consumer.apiKey.id);
  assert.equal(ofMain.total.inputTokens, runs[2].usage.inputTokens + chatUsage.inputTokens);
  assert.equal(byKey.groups.reduce((n, g) => n + g.total.creditsSpent, 0), byKey.total.creditsSpent);

  const byAgent = await usageOf(consumer, '?groupBy=agent');
  assert.equal(byAgent.groups.find((g) => g.id === paid.id).total.creditsSpent, 15);
  assert.equal(byAgent.groups.find((g) => g.id === own.id).total.inputTokens, chatUsage.inputTokens);
  const outside = byAgent.groups.find((g) => g.id === null);
  assert.ok(outside.total.requests > 0 && outside.total.inputTokens === 0, 'requests have no agent');
  const byModel = await usageOf(consumer, '?groupBy=model');
  assert.equal(byModel.groups.find((g) => g.id === 'echo').total.inputTokens, byModel.total.inputTokens);

  const past = await consumer.call('GET', '/v1/usage?from=2020-01-01&to=2020-01-31&groupBy=key');
  assert.equal(past.status, 200, past.text);
  assert.deepEqual(past.body.data.days, []);
  assert.deepEqual(past.body.data.groups, []);
  assert.equal(past.body.data.total.creditsSpent, 0);
  for (const q of ['from=2020-13-01', 'from=2021-01-01&to=2020-01-01', 'from=2020-01-01&to=2022-01-01', 'groupBy=day']) {
    const res = await consumer.call('GET', `/v1/usage?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.body.error.code, 'validation_error');
  }
  assert.equal((await consumer.call('GET', '/v1/usage?groupBy=hour')).body.error.field, 'groupBy');
});

test('an agent’s figures: runs by outcome, success rate, durations, tokens, cost, tasks, rating', async () => {
  const res = await owner.call('GET', `/v1/agents/${paid.id}/metrics`);
  assert.equal(res.status, 200, res.text);
  const m = res.body.data;
  assert.equal(m.agentId, paid.id);
  assert.equal(m.name, 'paid');
  assert.equal(m.window, '24h');
  assert.ok(Date.parse(m.to) - Date.parse(m.from) > 23 * 3600e3);
  assert.deepEqual(m.runs, { created: 3, completed: 3, failed: 0, cancelled: 0 });
  assert.equal(m.successRate, 1);
  assert.ok(Number.isInteger(m.durationMs.p50) && m.durationMs.p95 >= m.durationMs.p50);
  const longest = Math.max(...runs.map((r) => r.durationMs));
  assert.ok(m.durationMs.p95 <= longest * 1.04 + 1, `p95 ${m.durationMs.p95} ≤ ${longest}`);
  assert.equal(m.inputTokens, sum(runs, 'inputTokens'));
  assert.equal(m.cost, 15, 'what the runs were charged');
  assert.equal(m.chatTurns, 0);

  const worker = (await owner.call('GET', `/v1/agents/${owner.agent.id}/metrics?window=1h`)).body.data;
  assert.equal(worker.tasksCompleted, 1);
  assert.deepEqual(worker.rating, { average: 4, count: 1 });
  assert.equal(worker.successRate, null, 'no run ended');
  assert.deepEqual(worker.durationMs, { p50: null, p95: null });

  const chatty = (await consumer.call('GET', `/v1/agents/${own.id}/metrics?window=30d`)).body.data;
  assert.equal(chatty.chatTurns, 1);
  assert.equal(chatty.inputTokens, chatUsage.inputTokens);
});

test('the account’s figures: totals and each agent with any, over each window', async () => {
  for (const window of ['1h', '24h', '7d', '30d']) {
    const res = await owner.call('GET', `/v1/metrics?window=${window}`);
    assert.equal(res.status, 200, res.text);
    const m = res.body.data;
    assert.equal(m.window, window);
    assert.deepEqual(m.agents.map((a) => a.agentId).sort(), [paid.id, owner.agent.id].sort());
    assert.equal(m.total.runs.completed, 3);
    assert.equal(m.total.tasksCompleted, 1);
    assert.equal(m.total.cost, 15);
  }
  for (const path of ['/v1/metrics?window=2h', `/v1/agents/${paid.id}/metrics?window=1d`]) {
    const bad = await owner.call('GET', path);
    assert.equal(bad.status, 400, path);
    assert.equal(bad.body.error.code, 'validation_error');
    assert.equal(bad.body.error.field, 'window');
    assert.match(bad.body.error.message, /1h, 24h, 7d, 30d/);
  }
});

test('another account’s agent has no figures for you, and figures need usage:read', async () => {
  const res = await consumer.call('GET', `/v1/agents/${paid.id}/metrics`);
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
  const consumerView = (await consumer.call('GET', '/v1/metrics')).body.data;
  assert.deepEqual(consumerView.agents.map((a) => a.agentId), [own.id], 'runs of others’ agents are theirs');
  for (const path of ['/v1/metrics', `/v1/agents/${own.id}/metrics`, '/v1/usage']) {
    const refused = await consumer.call('GET', path, { key: ci.key });
    assert.equal(refused.status, 403, path);
    assert.equal(refused.body.error.code, 'insufficient_scope');
  }
});
