// The server is killed with SIGKILL in the middle of marketplace traffic and restarted: the
// store must be intact, the books must balance, and every operation whose response a client
// received must still be there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { binary, client, createAccount, startServer, store, postgresUrlFor } from './lib/server.mjs';
import { assertLedgerSound, bulkPlans, createWorker, grant } from './lib/market.mjs';

// The fee is not the default here, to show that the setting is applied.
const options = { plans: bulkPlans, args: ['--signup-credits', '0', '--platform-fee-percent', '20'] };
const rank = { open: 0, assigned: 1, completed: 2 };
let server;

after(async () => {
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

test('after SIGKILL under load every acknowledged operation survives, retries with their Idempotency-Key are answered once, and the books balance', async () => {
  server = await startServer(options);
  const admin = client(server, server.adminKey);
  const poster = await createAccount(server, admin, { name: 'poster', plan: 'bulk' });
  await grant(admin, poster.account.id, 1000000);
  const workers = [];
  for (let i = 0; i < 4; i++) workers.push(await createWorker(server, admin, `w${i}`));

  const acked = new Map(); // task id → the furthest state a response confirmed
  const unanswered = []; // the request each loop had in flight at the kill, to retry
  let running = true;
  let failure = null;
  // Every request carries an Idempotency-Key, as a careful client's would.
  const send = async (who, step) => {
    step.key = randomUUID();
    step.who = who;
    step.answered = false;
    const res = await who.call(step.method, step.path, { body: step.body, headers: { 'idempotency-key': step.key } });
    step.answered = true;
    return res;
  };
  const loop = async (worker) => {
    let step;
    while (running) {
      try {
        step = { method: 'POST', path: '/v1/tasks', body: { title: 'load', budget: 1 } };
        const posted = await send(poster, step);
        if (posted.status !== 201) throw new Error(posted.text);
        const id = posted.body.data.id;
        acked.set(id, 'open');
        step = { method: 'POST', path: `/v1/tasks/${id}/accept`, body: { agentId: worker.agent.id }, id };
        const taken = await send(worker, step);
        if (taken.status !== 200) throw new Error(taken.text);
        acked.set(id, 'assigned');
        step = { method: 'POST', path: `/v1/tasks/${id}/complete`, body: { result: 'ok' }, id };
        const done = await send(worker, step);
        if (done.status !== 200) throw new Error(done.text);
        acked.set(id, 'completed');
      } catch (e) {
        // After the kill: the request died with the server, nothing was acknowledged.
        if (running) failure = e;
        else if (step && !step.answered) unanswered.push(step);
        return;
      }
    }
  };
  const loops = Array.from({ length: 16 }, (_, i) => loop(workers[i % workers.length]));
  while (acked.size < 200 && !failure) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(failure, null, `marketplace traffic failed before the kill: ${failure}\n${server.stderr.slice(-3000)}`);
  running = false;
  const killed = await server.stop('SIGKILL');
  assert.equal(killed.signal, 'SIGKILL');
  await Promise.all(loops);

  server = await startServer({ ...options, dataDir: server.dataDir });
  const again = client(server, server.adminKey);
  await assertLedgerSound(again, 'after the restart');

  // Each unanswered request, sent again with its key and body, is answered as if it had been
  // sent once: replayed when its effect committed before the kill, performed now when not.
  assert.ok(unanswered.length > 0, 'no request was in flight at the kill');
  for (const step of unanswered) {
    const retried = client(server, step.who.key);
    const res = await retried(step.method, step.path, { body: step.body, headers: { 'idempotency-key': step.key } });
    assert.equal(res.status, step.path === '/v1/tasks' ? 201 : 200,
      `retry of ${step.method} ${step.path} with its key: ${res.status} ${res.text}`);
    const state = res.body.data.status;
    const id = res.body.data.id;
    if (!acked.has(id) || rank[acked.get(id)] < rank[state]) acked.set(id, state);
  }
  await assertLedgerSound(again, 'after the retries');
  // No retry had a second effect: the poster has exactly the tasks its answers named.
  const own = await client(server, poster.key)('GET', '/v1/tasks?postedByMe=true&limit=1');
  assert.equal(own.body.pagination.total, acked.size);

  let completed = 0;
  for (const [id, state] of acked) {
    const res = await client(server, poster.key)('GET', `/v1/tasks/${id}`);
    assert.equal(res.status, 200, `task ${id} (acknowledged ${state}) is gone`);
    assert.ok(rank[res.body.data.status] >= rank[state],
      `task ${id} was acknowledged ${state} but is ${res.body.data.status}`);
    if (state === 'completed') {
      completed++;
      assert.equal(res.body.data.payout, 0.8);
      assert.equal(res.body.data.fee, 0.2);
    }
  }
  assert.ok(completed > 0);

  // The same check from the command line, on the stopped server's store.
  assert.equal((await server.stop()).code, 0);
  const where = store === 'postgres' ? ['--db', postgresUrlFor(server.dataDir)] : ['--data', server.dataDir];
  const out = execFileSync(binary, ['check', ...where], { encoding: 'utf8' });
  assert.match(out, /agentry check: ok/);
});
