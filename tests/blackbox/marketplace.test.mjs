// The task marketplace: escrow on posting, the 90/10 split on completion, cancel and expiry
// refunds, reviews, and correctness when many clients race for the same task or wallet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { assertLedgerSound, balance, bulkPlans, createWorker, grant, settle } from './lib/market.mjs';

let server;
let admin;
let poster;
let worker;
let third;

useServer({ plans: bulkPlans, args: ['--signup-credits', '0', '--housekeeping-interval-ms', '100'] },
  async (started, adminClient) => {
    server = started;
    admin = adminClient;
    poster = await createAccount(server, admin, { name: 'poster', plan: 'bulk' });
    worker = await createWorker(server, admin, 'worker', ['research', 'summarization']);
    third = await createWorker(server, admin, 'third', ['research']);
    await grant(admin, poster.account.id, 1000);
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a completed task pays 90 % to the agent owner and 10 % to the platform', async () => {
  const before = await balance(poster.call);
  const workerBefore = await balance(worker.call);
  const posted = await poster.call('POST', '/v1/tasks', {
    body: { title: 'Summarize this paper', description: 'Full text...', budget: 25.5,
      requiredCapabilities: ['Research'], priority: 'high' },
  });
  assert.equal(posted.status, 201);
  const task = posted.body.data;
  assert.match(task.id, /^tsk_/);
  assert.equal(posted.headers.get('location'), `/v1/tasks/${task.id}`);
  assert.equal(task.status, 'open');
  assert.deepEqual(task.requiredCapabilities, ['research']);
  assert.equal(task.postedBy, poster.account.id);
  assert.deepEqual(await balance(poster.call),
    { available: before.available - 25.5, held: before.held + 25.5, used: before.used, lowBalanceThreshold: null });

  const taken = await worker.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: worker.agent.id } });
  assert.equal(taken.status, 200);
  assert.equal(taken.body.data.status, 'assigned');
  assert.equal(taken.body.data.agentId, worker.agent.id);
  assert.equal(taken.body.data.assignedTo, worker.account.id);

  const done = await worker.call('POST', `/v1/tasks/${task.id}/complete`, {
    body: { result: { summary: 'short', pages: 3 } },
  });
  assert.equal(done.status, 200);
  assert.equal(done.body.data.status, 'completed');
  assert.deepEqual(done.body.data.result, { summary: 'short', pages: 3 });
  assert.equal(done.body.data.fee, 2.55);
  assert.equal(done.body.data.payout, 22.95);
  assert.deepEqual(await balance(poster.call),
    { available: before.available - 25.5, held: before.held, used: before.used + 25.5, lowBalanceThreshold: null });
  assert.equal((await balance(worker.call)).available, workerBefore.available + 22.95);

  const seen = await poster.call('GET', `/v1/tasks/${task.id}`);
  assert.deepEqual(seen.body.data, done.body.data);
  await assertLedgerSound(admin);
});

test('illegal transitions answer 409 with the current state', async () => {
  const done = await settle(poster, worker, 3);
  for (const [who, verb, body] of [
    [worker, 'accept', { agentId: worker.agent.id }],
    [worker, 'complete', { result: 'again' }],
    [poster, 'cancel', undefined],
  ]) {
    const res = await who.call('POST', `/v1/tasks/${done.id}/${verb}`, { body });
    assert.equal(res.status, 409, verb);
    assert.equal(res.body.error.code, 'conflict');
    assert.equal(res.body.error.currentState, 'completed');
  }
  const open = (await poster.call('POST', '/v1/tasks', { body: { title: 'x', budget: 1 } })).body.data;
  const early = await worker.call('POST', `/v1/tasks/${open.id}/complete`, { body: { result: 1 } });
  assert.equal(early.status, 403, 'an open task has no assignee yet');
  const review = await poster.call('POST', `/v1/tasks/${open.id}/review`, { body: { rating: 5 } });
  assert.equal(review.status, 409);
  assert.equal(review.body.error.currentState, 'open');
});

test('who may accept: not the poster, only with every capability, only a running agent', async () => {
  const task = (await poster.call('POST', '/v1/tasks', {
    body: { title: 'x', budget: 2, requiredCapabilities: ['research', 'summarization'] },
  })).body.data;
  const own = await createWorker(server, admin, 'self-poster', ['research', 'summarization']);
  await grant(admin, own.account.id, 10);
  const mine = (await own.call('POST', '/v1/tasks', { body: { title: 'mine', budget: 1 } })).body.data;
  const self = await own.call('POST', `/v1/tasks/${mine.id}/accept`, { body: { agentId: own.agent.id } });
  assert.equal(self.status, 403);
  assert.equal(self.body.error.code, 'forbidden');

  const lacking = await third.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: third.agent.id } });
  assert.equal(lacking.status, 400);
  assert.match(lacking.body.error.message, /summarization/);
  const foreign = await third.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: worker.agent.id } });
  assert.equal(foreign.status, 404, "another account's agent is not the caller's to use");

  assert.equal((await worker.call('POST', `/v1/agents/${worker.agent.id}/stop`)).status, 200);
  const stopped = await worker.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: worker.agent.id } });
  assert.equal(stopped.status, 409);
  assert.equal(stopped.body.error.currentState, 'stopped');
  assert.equal((await worker.call('POST', `/v1/agents/${worker.agent.id}/start`)).status, 200);
  assert.equal((await worker.call('GET', `/v1/tasks/${task.id}`)).body.data.status, 'open');
});

test('a budget beyond the available balance is refused with 402 and nothing is held', async () => {
  const before = await balance(poster.call);
  const res = await poster.call('POST', '/v1/tasks', { body: { title: 'x', budget: before.available + 0.000001 } });
  assert.equal(res.status, 402);
  assert.equal(res.body.error.code, 'insufficient_credits');
  assert.deepEqual(await balance(poster.call), before);
  for (const budget of [0, -1, 1e10, 0.0000001, '5']) {
    const bad = await poster.call('POST', '/v1/tasks', { body: { title: 'x', budget } });
    assert.equal(bad.status, 400, `budget ${budget}`);
    assert.equal(bad.body.error.field, 'budget');
  }
});

test('cancel returns the budget; only the poster may cancel, only while open', async () => {
  const before = await balance(poster.call);
  const task = (await poster.call('POST', '/v1/tasks', { body: { title: 'x', budget: 40 } })).body.data;
  const notMine = await worker.call('POST', `/v1/tasks/${task.id}/cancel`);
  assert.equal(notMine.status, 403);
  const cancelled = await poster.call('POST', `/v1/tasks/${task.id}/cancel`);
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.data.status, 'cancelled');
  assert.deepEqual(await balance(poster.call), before);
  const history = (await poster.call('GET', '/v1/credits/history?limit=2')).body.data;
  assert.deepEqual(history.map((e) => [e.kind, e.amount, e.taskId]),
    [['task_refund', 40, task.id], ['task_hold', -40, task.id]]);
  const seen = await worker.call('GET', `/v1/tasks/${task.id}`);
  assert.equal(seen.body.data.status, 'cancelled', 'the marketplace is public');
});

test('a task past its deadline expires and its budget returns', async () => {
  const before = await balance(poster.call);
  const deadline = new Date(Date.now() + 3000).toISOString();
  const open = (await poster.call('POST', '/v1/tasks', { body: { title: 'soon', budget: 5, deadline } })).body.data;
  const taken = (await poster.call('POST', '/v1/tasks', { body: { title: 'soon too', budget: 6, deadline } })).body.data;
  assert.equal(open.deadline, deadline);
  assert.equal((await worker.call('POST', `/v1/tasks/${taken.id}/accept`, { body: { agentId: worker.agent.id } })).status, 200);
  const past = await poster.call('POST', '/v1/tasks', {
    body: { title: 'late', budget: 1, deadline: new Date(Date.now() - 1000).toISOString() },
  });
  assert.equal(past.status, 400);
  assert.equal(past.body.error.field, 'deadline');

  let states = [];
  for (let i = 0; i < 100; i++) {
    states = await Promise.all([open, taken].map(async (t) => (await poster.call('GET', `/v1/tasks/${t.id}`)).body.data.status));
    if (states.every((s) => s === 'expired')) break;
    await sleep(100);
  }
  assert.deepEqual(states, ['expired', 'expired']);
  assert.deepEqual(await balance(poster.call), before);
  const late = await worker.call('POST', `/v1/tasks/${taken.id}/complete`, { body: { result: 'late' } });
  assert.equal(late.status, 409);
  assert.equal(late.body.error.currentState, 'expired');
  await assertLedgerSound(admin);
});

test('a review is given once, by the poster, and feeds the agent’s reputation', async () => {
  const reviewer = await createAccount(server, admin, { name: 'reviewer', plan: 'bulk' });
  await grant(admin, reviewer.account.id, 100);
  const rated = await createWorker(server, admin, 'rated');
  const profile = async () => (await reviewer.call('GET', `/v1/marketplace/agents/${rated.agent.id}`)).body.data;
  const a = await settle(reviewer, rated, 1);
  const b = await settle(reviewer, rated, 1);
  assert.equal((await profile()).totalTasks, 2);
  assert.equal((await rated.call('POST', `/v1/tasks/${a.id}/review`, { body: { rating: 5 } })).status, 403);
  const first = await reviewer.call('POST', `/v1/tasks/${a.id}/review`, { body: { rating: 5, comment: 'great' } });
  assert.equal(first.status, 200);
  assert.equal(first.body.data.review.rating, 5);
  assert.equal(first.body.data.review.comment, 'great');
  const again = await reviewer.call('POST', `/v1/tasks/${a.id}/review`, { body: { rating: 1 } });
  assert.equal(again.status, 409);
  assert.equal((await reviewer.call('POST', `/v1/tasks/${b.id}/review`, { body: { rating: 2 } })).status, 200);
  assert.equal((await reviewer.call('POST', `/v1/tasks/${b.id}/review`, { body: { rating: 3 } })).status, 409);
  const p = await profile();
  assert.equal(p.reputationScore, 3.5);
  assert.equal(p.totalTasks, 2);
  const bad = await reviewer.call('POST', `/v1/tasks/${b.id}/review`, { body: { rating: 0 } });
  assert.equal(bad.status, 400);
});

test('a direct offer is seen and taken only by the offered agent', async () => {
  const task = (await poster.call('POST', '/v1/tasks', {
    body: { title: 'for you', budget: 1, agentId: worker.agent.id },
  })).body.data;
  assert.equal(task.offeredAgentId, worker.agent.id);
  assert.equal((await third.call('GET', `/v1/tasks/${task.id}`)).status, 404);
  const listed = (await worker.call('GET', '/v1/tasks?status=open&limit=100')).body.data.map((t) => t.id);
  assert.ok(listed.includes(task.id));
  const othersList = (await third.call('GET', '/v1/tasks?status=open&limit=100')).body.data.map((t) => t.id);
  assert.ok(!othersList.includes(task.id));
  const selfOffer = await worker.call('POST', '/v1/tasks', { body: { title: 'x', budget: 1, agentId: worker.agent.id } });
  assert.ok([402, 403].includes(selfOffer.status), 'the worker has credits from earlier tests');
  const missing = await poster.call('POST', '/v1/tasks', { body: { title: 'x', budget: 1, agentId: 'agt_nope' } });
  assert.equal(missing.status, 404);
  const sibling = (await worker.call('POST', '/v1/agents', { body: { name: 'sibling' } })).body.data;
  const wrongAgent = await worker.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: sibling.id } });
  assert.equal(wrongAgent.status, 403, 'the offer is to one agent, not to its owner');
  assert.equal(wrongAgent.body.error.field, 'agentId');
  assert.equal((await worker.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: worker.agent.id } })).status, 200);
});

test('task lists filter by status, capability, poster and assignee', async () => {
  const lister = await createAccount(server, admin, { name: 'lister', plan: 'bulk' });
  await grant(admin, lister.account.id, 50);
  const cap = `cap-${Date.now()}`;
  const tasks = [];
  for (let i = 0; i < 3; i++) {
    tasks.push((await lister.call('POST', '/v1/tasks', { body: { title: `t${i}`, budget: 1, requiredCapabilities: [cap] } })).body.data);
  }
  const byCap = await third.call('GET', `/v1/tasks?capability=${cap}&limit=2`);
  assert.equal(byCap.status, 200);
  assert.deepEqual(byCap.body.data.map((t) => t.id), [tasks[2].id, tasks[1].id]);
  assert.deepEqual(byCap.body.pagination, { total: 3, limit: 2, offset: 0, hasMore: true });
  const capAgent = await createWorker(server, admin, 'cap-worker', [cap]);
  assert.equal((await capAgent.call('POST', `/v1/tasks/${tasks[0].id}/accept`, { body: { agentId: capAgent.agent.id } })).status, 200);
  const mine = await capAgent.call('GET', '/v1/tasks?assignedToMe=true');
  assert.deepEqual(mine.body.data.map((t) => t.id), [tasks[0].id]);
  const posted = await lister.call('GET', '/v1/tasks?postedByMe=true&status=assigned');
  assert.deepEqual(posted.body.data.map((t) => t.id), [tasks[0].id]);
  assert.equal((await third.call('GET', `/v1/tasks?capability=${cap}&status=open`)).body.pagination.total, 2,
    'an assigned task leaves the open ones');
  const outsider = await third.call('GET', `/v1/tasks/${tasks[0].id}`);
  assert.equal(outsider.body.data.status, 'assigned');
  for (const q of ['status=done', 'capability=%20', 'postedByMe=yes']) {
    assert.equal((await lister.call('GET', `/v1/tasks?${q}`)).status, 400, q);
  }
});

test('100+ concurrent accepts of one task: exactly one wins, the rest get 409', async () => {
  const racers = await Promise.all(Array.from({ length: 8 }, (_, i) => createWorker(server, admin, `racer${i}`)));
  const task = (await poster.call('POST', '/v1/tasks', { body: { title: 'race', budget: 3 } })).body.data;
  const attempts = [];
  for (let i = 0; i < 120; i++) {
    const r = racers[i % racers.length];
    attempts.push(r.call('POST', `/v1/tasks/${task.id}/accept`, { body: { agentId: r.agent.id } }));
  }
  const statuses = (await Promise.all(attempts)).map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1);
  assert.equal(statuses.filter((s) => s === 409).length, 119);
  await assertLedgerSound(admin);
});

test('concurrent completes, cancels and completes-after-cancel settle each task once', async () => {
  const start = await balance(poster.call);
  const workerStart = await balance(worker.call);
  const assigned = [];
  const open = [];
  for (let i = 0; i < 10; i++) {
    const t = (await poster.call('POST', '/v1/tasks', { body: { title: `c${i}`, budget: 2 } })).body.data;
    if (i % 2 === 0) {
      assert.equal((await worker.call('POST', `/v1/tasks/${t.id}/accept`, { body: { agentId: worker.agent.id } })).status, 200);
      assigned.push(t);
    } else {
      open.push(t);
    }
  }
  const results = await Promise.all([
    ...assigned.flatMap((t) => [
      ...Array.from({ length: 6 }, () => worker.call('POST', `/v1/tasks/${t.id}/complete`, { body: { result: 'r' } })),
      ...Array.from({ length: 6 }, () => poster.call('POST', `/v1/tasks/${t.id}/cancel`)),
    ].map((p) => p.then((r) => ['assigned', t.id, r.status]))),
    ...open.flatMap((t) => [
      ...Array.from({ length: 6 }, () => poster.call('POST', `/v1/tasks/${t.id}/cancel`)),
      ...Array.from({ length: 6 }, () => worker.call('POST', `/v1/tasks/${t.id}/accept`, { body: { agentId: worker.agent.id } })
        .then(() => worker.call('POST', `/v1/tasks/${t.id}/complete`, { body: { result: 'r' } }))),
    ].map((p) => p.then((r) => ['open', t.id, r.status]))),
  ]);
  let completed = 0;
  for (const t of [...assigned, ...open]) {
    const mine = results.filter(([, id]) => id === t.id);
    const wins = mine.filter(([, , s]) => s === 200).length;
    assert.equal(wins, 1, `${t.id}: exactly one transition won (${mine.map(([, , s]) => s)})`);
    assert.ok(mine.every(([, , s]) => s === 200 || s === 409 || s === 403), `${mine.map(([, , s]) => s)}`);
    const final = (await poster.call('GET', `/v1/tasks/${t.id}`)).body.data.status;
    if (assigned.includes(t)) assert.equal(final, 'completed', 'an assigned task cannot be cancelled');
    if (final === 'completed') completed++;
    else assert.equal(final, 'cancelled');
  }
  const end = await balance(poster.call);
  assert.equal(end.available, start.available - completed * 2);
  assert.equal((await balance(worker.call)).available, workerStart.available + completed * 1.8);
  await assertLedgerSound(admin);
});

test('concurrent posts against one wallet: exactly the affordable number succeed', async () => {
  const spender = await createAccount(server, admin, { name: 'spender', plan: 'bulk' });
  await grant(admin, spender.account.id, 100);
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    spender.call('POST', '/v1/tasks', { body: { title: `p${i}`, budget: 7 } })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 14);
  assert.equal(statuses.filter((s) => s === 402).length, 26);
  assert.deepEqual(await balance(spender.call), { available: 2, held: 98, used: 0, lowBalanceThreshold: null });
  await assertLedgerSound(admin);
});
