// Helpers for tests of money: accounts with credits, agents that take work, the ledger check.
import assert from 'node:assert/strict';
import { createAccount } from './server.mjs';

// A plan whose limits never get in the way of a test that sends many requests.
export const bulkPlans = {
  plans: [{ id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000, monthlyCredits: 0 }],
};

// Asserts that the server's ledger check passes (invariants and, on SQLite, integrity).
export async function assertLedgerSound(admin, context = '') {
  const res = await admin('GET', '/v1/admin/ledger/check');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.data.violations, [], `${context}: ${res.body.data.violations.join('; ')}`);
  assert.equal(res.body.data.ok, true, `${context}: integrity ${res.body.data.integrity}`);
}

export async function grant(admin, accountId, amount, reason = 'test credits') {
  const res = await admin('POST', `/v1/accounts/${accountId}/credits`, { body: { amount, reason } });
  assert.equal(res.status, 201, res.text);
  return res.body.data;
}

export async function balance(call) {
  const res = await call('GET', '/v1/credits/balance');
  assert.equal(res.status, 200, res.text);
  return res.body.data;
}

// An account with one running public agent having `capabilities`: {account, key, call, agent}.
export async function createWorker(server, admin, name, capabilities = [], plan = 'bulk') {
  const worker = await createAccount(server, admin, { name, plan });
  const res = await worker.call('POST', '/v1/agents', {
    body: { name: `${name}-agent`, capabilities, visibility: 'public' },
  });
  assert.equal(res.status, 201, res.text);
  return { ...worker, agent: res.body.data };
}

// post → accept → complete; returns the completed task.
export async function settle(poster, worker, budget, result = 'done') {
  const posted = await poster.call('POST', '/v1/tasks', { body: { title: 'work', budget } });
  assert.equal(posted.status, 201, posted.text);
  const id = posted.body.data.id;
  const taken = await worker.call('POST', `/v1/tasks/${id}/accept`, { body: { agentId: worker.agent.id } });
  assert.equal(taken.status, 200, taken.text);
  const done = await worker.call('POST', `/v1/tasks/${id}/complete`, { body: { result } });
  assert.equal(done.status, 200, done.text);
  return done.body.data;
}
