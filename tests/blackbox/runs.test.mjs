// Runs of agents with the built-in echo provider: the queue, results, events, payment and limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAccount, useServer } from './lib/server.mjs';
import { assertLedgerSound, balance, grant } from './lib/market.mjs';
import { openSse } from './lib/sse.mjs';

// echo priced so that costs are easy to read: 0.5 credits per input token, 1 per output token.
const dir = mkdtempSync(path.join(tmpdir(), 'agentry-runs-'));
const pricesFile = path.join(dir, 'prices.json');
writeFileSync(pricesFile, JSON.stringify({
  models: [{ model: 'echo', inputPerMillion: 500000, outputPerMillion: 1000000 }],
}));
const plans = {
  plans: [
    { id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000, monthlyCredits: 0 },
    { id: 'tiny', name: 'Tiny', requestsPerMinute: 1000000, tokensPerMinute: 5, monthlyCredits: 0 },
  ],
};

let server;
let admin;
let owner;     // publishes a priced echo agent
let consumer;  // pays to run it
let paid;      // the public agent, pricePerTask 5
let free;      // the consumer's own unpriced echo agent

useServer({ plans, args: ['--prices-file', pricesFile, '--signup-credits', '0'] }, async (started, a) => {
  server = started;
  admin = a;
  owner = await createAccount(server, admin, { name: 'owner', plan: 'bulk' });
  consumer = await createAccount(server, admin, { name: 'consumer', plan: 'bulk' });
  paid = (await owner.call('POST', '/v1/agents', {
    body: { name: 'paid', model: 'echo', pricePerTask: 5, visibility: 'public' },
  })).body.data;
  free = (await consumer.call('POST', '/v1/agents', { body: { name: 'free', model: 'echo' } })).body.data;
  assert.ok(paid && free);
  await grant(admin, consumer.account.id, 100000);
});

async function runAndWait(who, agentId, body) {
  const started = await who.call('POST', `/v1/agents/${agentId}/runs`, { body });
  assert.equal(started.status, 202, started.text);
  const ended = await who.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`);
  assert.equal(ended.status, 200, ended.text);
  return { started: started.body.data, ended: ended.body.data, location: started.headers.get('location') };
}

test('a run of one’s own agent is queued with 202, then completes with the result and usage', async () => {
  const { started, ended, location } = await runAndWait(consumer, free.id, { input: { message: 'hello world' } });
  assert.equal(started.status, 'queued');
  assert.match(started.id, /^run_/);
  assert.equal(location, `/v1/runs/${started.id}`);
  assert.equal(ended.status, 'completed');
  assert.equal(ended.progress, 100);
  assert.deepEqual(ended.result, { output: 'echo: hello world' });
  assert.deepEqual(ended.usage, { inputTokens: 2, outputTokens: 3 });
  assert.equal(ended.error, null);
  assert.equal(ended.attempts, 1);
  assert.equal(ended.model, 'echo');
  assert.ok(ended.durationMs >= 0 && ended.startedAt && ended.finishedAt);
  const agent = await consumer.call('GET', `/v1/agents/${free.id}`);
  assert.equal(agent.body.data.runCount, 1, 'completed runs are counted on the agent');
});

test('a paid run holds its most possible cost, then charges tokens and the agent’s price', async () => {
  const before = await balance(consumer.call);
  const ownerBefore = await balance(owner.call);
  const { started, ended } = await runAndWait(consumer, paid.id, { input: { message: 'hello world' } });
  // The hold: 57 input tokens at most (the input's 25 bytes + 32), 4096 output tokens, plus 5.
  assert.equal(started.maxCost, 57 * 0.5 + 4096 + 5);
  // 2 input tokens × 0.5 + 3 output tokens × 1 + the price of 5.
  assert.equal(ended.cost, 9);
  const after = await balance(consumer.call);
  assert.equal(after.available, before.available - 9);
  assert.equal(after.held, 0);
  assert.equal((await balance(owner.call)).available, ownerBefore.available + 4.5, 'the price less the 10 % fee');

  const history = await consumer.call('GET', '/v1/credits/history');
  const mine = history.body.data.filter((e) => e.runId === ended.id);
  assert.deepEqual(mine.map((e) => [e.kind, e.amount]).sort(), [['run_hold', -4129.5], ['run_release', 4120.5]]);
  const earned = await owner.call('GET', '/v1/credits/history');
  assert.deepEqual(earned.body.data.filter((e) => e.runId === ended.id).map((e) => [e.kind, e.amount]),
    [['run_payout', 4.5]]);
  const usage = await consumer.call('GET', '/v1/usage?groupBy=agent');
  assert.ok(usage.body.data.groups.find((g) => g.id === paid.id).total.creditsSpent >= ended.cost);
  await assertLedgerSound(admin, 'after a paid run');
});

test('maxCredits caps the hold and the model’s output; below the agent’s price it is refused', async () => {
  const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
  const { started, ended } = await runAndWait(consumer, paid.id, { input: { message: words }, maxCredits: 120 });
  // At most 195 input tokens (the input's 163 bytes + 32) × 0.5 + the price of 5 leave 17.5
  // credits: 17 output tokens.
  assert.equal(started.maxCost, 119.5);
  assert.equal(ended.status, 'completed');
  assert.ok(ended.cost <= 120);
  assert.equal(ended.usage.outputTokens, 17, 'the output was cut to what maxCredits covers');
  const refused = await consumer.call('POST', `/v1/agents/${paid.id}/runs`, { body: { input: {}, maxCredits: 4 } });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.field, 'maxCredits');
});

test('a failed run is not charged: an unserved model fails with its hold released', async () => {
  const priced = (await consumer.call('POST', '/v1/agents', { body: { name: 'gpt', model: 'gpt-4o' } })).body.data;
  const before = await balance(consumer.call);
  const { ended } = await runAndWait(consumer, priced.id, { input: { message: 'hi' } });
  assert.equal(ended.status, 'failed');
  assert.equal(ended.error.code, 'provider_not_configured');
  assert.equal(ended.cost, 0);
  assert.deepEqual(await balance(consumer.call), before);
  const log = await consumer.call('GET', `/v1/agents/${priced.id}/logs?run=${ended.id}`);
  assert.deepEqual(log.body.data.map((e) => e.event), ['run.failed', 'run.started']);
  assert.equal(log.body.data[0].level, 'error');
  await assertLedgerSound(admin, 'after a failed run');
});

test('without the credits for its hold a run is refused with 402 and nothing is queued', async () => {
  const poor = await createAccount(server, admin, { name: 'poor', plan: 'bulk' });
  const res = await poor.call('POST', `/v1/agents/${paid.id}/runs`, { body: { input: { message: 'x' } } });
  assert.equal(res.status, 402);
  assert.equal(res.body.error.code, 'insufficient_credits');
  assert.deepEqual((await poor.call('GET', '/v1/runs')).body.data, []);
});

test('stopped, private and unknown agents, and other accounts’ runs', async () => {
  const stopped = (await owner.call('POST', '/v1/agents', { body: { name: 'sleepy', model: 'echo', visibility: 'public' } })).body.data;
  await owner.call('POST', `/v1/agents/${stopped.id}/stop`);
  const res = await consumer.call('POST', `/v1/agents/${stopped.id}/runs`, { body: { input: {} } });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.currentState, 'stopped');
  const hidden = (await owner.call('POST', '/v1/agents', { body: { name: 'hidden', model: 'echo' } })).body.data;
  assert.equal((await consumer.call('POST', `/v1/agents/${hidden.id}/runs`, { body: { input: {} } })).status, 404);
  assert.equal((await consumer.call('POST', '/v1/agents/agt_nope/runs', { body: { input: {} } })).status, 404);
  assert.equal((await consumer.call('POST', `/v1/agents/${free.id}/runs`, { body: { input: 'text' } })).status, 400);

  const { ended } = await runAndWait(consumer, free.id, { input: { message: 'mine' } });
  for (const [method, suffix] of [['GET', ''], ['POST', '/cancel'], ['GET', '/wait?timeout=0'], ['GET', '/events']]) {
    const other = await owner.call(method, `/v1/runs/${ended.id}${suffix}`);
    assert.equal(other.status, 404, `${method} ${suffix}`);
  }
  assert.ok(!(await owner.call('GET', '/v1/runs')).body.data.some((r) => r.id === ended.id));
});

test('an ended run cannot be cancelled: 409 with its state', async () => {
  const { ended } = await runAndWait(consumer, free.id, { input: { message: 'done' } });
  const res = await consumer.call('POST', `/v1/runs/${ended.id}/cancel`);
  assert.equal(res.status, 409);
  assert.equal(res.body.error.currentState, 'completed');
});

test('events stream in order with increasing ids, end after the final status, and resume', async () => {
  const { ended } = await runAndWait(consumer, free.id, { input: { message: 'stream me' } });
  const url = `${server.base}/v1/runs/${ended.id}/events`;
  const headers = { authorization: `Bearer ${consumer.key}` };
  const stream = await openSse(url, headers);
  assert.equal(stream.res.headers.get('content-type'), 'text/event-stream');
  const events = await stream.all();
  assert.ok(stream.ended, 'the stream ends after the run’s last event');
  assert.deepEqual(events.map((e) => e.event), ['status', 'status', 'log', 'delta', 'log', 'log', 'status']);
  assert.deepEqual(events.map((e) => Number(e.id)), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(events.filter((e) => e.event === 'log').map((e) => e.data.event),
    ['run.started', 'provider.call', 'run.completed']);
  assert.deepEqual(events.filter((e) => e.event === 'status').map((e) => e.data.status), ['queued', 'active', 'completed']);
  assert.equal(events.filter((e) => e.event === 'delta').map((e) => e.data.text).join(''), 'echo: stream me');
  assert.deepEqual(events.at(-1).data.result, { output: 'echo: stream me' });

  for (const last of [2, 4]) {
    const resumed = await (await openSse(url, { ...headers, 'last-event-id': String(last) })).all();
    assert.deepEqual(resumed, events.slice(last), `after ${last}: the rest, without gaps or repeats`);
  }
  const bad = await fetch(url, { headers: { ...headers, 'last-event-id': 'x1' } });
  assert.equal(bad.status, 400);
});

test('runs list newest first with a cursor, filtered by agent and status', async () => {
  const all = (await consumer.call('GET', '/v1/runs?limit=100')).body.data;
  assert.ok(all.length >= 5);
  const seen = [];
  let cursor = null;
  for (;;) {
    const page = await consumer.call('GET', `/v1/runs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.body.data.map((r) => r.id));
    if (!page.body.pagination.hasMore) break;
    cursor = page.body.pagination.nextCursor;
  }
  assert.deepEqual(seen, all.map((r) => r.id));
  assert.deepEqual(seen, [...seen].sort().reverse(), 'newest first');
  const failed = (await consumer.call('GET', '/v1/runs?status=failed')).body.data;
  assert.ok(failed.length >= 1 && failed.every((r) => r.status === 'failed'));
  const ofPaid = (await consumer.call('GET', `/v1/runs?agentId=${paid.id}`)).body.data;
  assert.ok(ofPaid.length >= 2 && ofPaid.every((r) => r.agentId === paid.id));
  assert.equal((await consumer.call('GET', '/v1/runs?status=lost')).status, 400);
  assert.equal((await consumer.call('GET', '/v1/runs?cursor=tsk_x')).status, 400);
  assert.equal((await consumer.call('GET', `/v1/runs/${all[0].id}/wait?timeout=61`)).status, 400);
  assert.equal((await consumer.call('GET', `/v1/runs/${all[0].id}/wait?timeout=soon`)).status, 400);
});

test('POST /v1/execute answers with the ended run; taskDescription stands for input', async () => {
  const res = await consumer.call('POST', '/v1/execute', {
    body: { agentId: paid.id, taskDescription: 'write a haiku', budget: 100 },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.data.status, 'completed');
  assert.equal(res.body.data.source, 'execute');
  assert.deepEqual(res.body.data.result, { output: 'echo: write a haiku' });
  assert.ok(res.body.data.cost > 5 && res.body.data.cost <= 100);
  const listed = await consumer.call('GET', `/v1/runs/${res.body.data.id}`);
  assert.equal(listed.body.data.status, 'completed', 'it is a run like any other');
  const neither = await consumer.call('POST', '/v1/execute', { body: { agentId: paid.id } });
  assert.equal(neither.status, 400);
  const badTimeout = await consumer.call('POST', '/v1/execute', { body: { agentId: paid.id, input: {}, timeout: 0 } });
  assert.equal(badTimeout.status, 400);
  const missing = await consumer.call('POST', '/v1/execute', { body: { agentId: 'agt_missing', input: {} } });
  assert.equal(missing.status, 404);
  await assertLedgerSound(admin, 'after execute');
});

test('the plan’s tokens per minute: once used up, runs are refused with 429 and Retry-After', async () => {
  const tiny = await createAccount(server, admin, { name: 'tiny', plan: 'tiny' });
  await grant(admin, tiny.account.id, 10000);
  const agent = (await tiny.call('POST', '/v1/agents', { body: { name: 't', model: 'echo' } })).body.data;
  // Both runs must fall in one UTC minute: start early enough in one.
  const second = new Date().getUTCSeconds();
  if (second >= 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
  const first = await runAndWait(tiny, agent.id, { input: { message: 'one two three' } });
  assert.equal(first.ended.status, 'completed', '7 tokens: the minute had room when it started');
  const refused = await tiny.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'again' } } });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error.code, 'token_limit_exceeded');
  const retry = Number(refused.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
});
