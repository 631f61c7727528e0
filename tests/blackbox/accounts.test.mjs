import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, createAccount, useServer } from './lib/server.mjs';

let server;
let admin;

useServer({}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
});

test('the admin creates an account with a first key that works', async () => {
  const res = await admin('POST', '/v1/accounts', { body: { name: 'Acme', email: 'ops@acme.test', plan: 'starter' } });
  assert.equal(res.status, 201);
  const { account, apiKey } = res.body.data;
  assert.match(account.id, /^acc_[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.equal(account.plan, 'starter');
  assert.equal(account.role, 'member');
  assert.match(apiKey.key, /^ak_live_[0-9A-Za-z]{38}$/);
  assert.equal(apiKey.prefix, apiKey.key.slice(0, 12));
  assert.ok(apiKey.scopes.includes('agents:write'));
  assert.ok(!apiKey.scopes.includes('admin'));

  const me = await client(server, apiKey.key)('GET', '/v1/account');
  assert.equal(me.status, 200);
  assert.equal(me.body.data.id, account.id);
  assert.equal(me.body.data.email, 'ops@acme.test');
  assert.equal(me.body.data.limits.requestsPerMinute, 60);
  assert.equal(me.body.data.limits.maxApiKeys, 3);
  assert.deepEqual(me.body.data.usage, { agents: 0, apiKeys: 1 });
});

test('account creation validates its body and refuses a taken email', async () => {
  let res = await admin('POST', '/v1/accounts', { body: { email: 'x@y.test' } });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, 'validation_error');
  assert.equal(res.body.error.field, 'name');
  res = await admin('POST', '/v1/accounts', { body: { name: 'n', email: 'not-an-email' } });
  assert.equal(res.body.error.field, 'email');
  res = await admin('POST', '/v1/accounts', { body: { name: 'n', plan: 'platinum' } });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.field, 'plan');
  res = await admin('POST', '/v1/accounts', { body: { name: 'n', plan: 'admin' } });
  assert.equal(res.status, 400);
  res = await admin('POST', '/v1/accounts', { body: { name: 'first', email: 'dup@acme.test' } });
  assert.equal(res.status, 201);
  res = await admin('POST', '/v1/accounts', { body: { name: 'second', email: 'dup@acme.test' } });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, 'conflict');
});

test('without open signup only the admin creates accounts', async () => {
  const res = await client(server)('POST', '/v1/accounts', { body: { name: 'anon' } });
  assert.equal(res.status, 401);
  assert.equal(res.body.error.code, 'missing_api_key');
  const { call } = await createAccount(server, admin, { name: 'member' });
  const denied = await call('POST', '/v1/accounts', { body: { name: 'sneaky' } });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'insufficient_scope');
});

test('admins list, read and change accounts; members cannot', async () => {
  const { account, call } = await createAccount(server, admin, { name: 'planned', plan: 'free' });
  const list = await admin('GET', '/v1/accounts?limit=100');
  assert.equal(list.status, 200);
  assert.ok(list.body.data.some((a) => a.id === account.id));
  assert.equal(list.body.pagination.limit, 100);

  const one = await admin('GET', `/v1/accounts/${account.id}`);
  assert.equal(one.body.data.plan, 'free');
  const changed = await admin('PATCH', `/v1/accounts/${account.id}`, { body: { plan: 'enterprise' } });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.data.plan, 'enterprise');
  // The change reaches the account's next request: its limits are the new plan's.
  const me = await call('GET', '/v1/account');
  assert.equal(me.body.data.limits.requestsPerMinute, 1000);
  assert.equal(me.headers.get('x-ratelimit-limit'), '1000');

  assert.equal((await admin('PATCH', `/v1/accounts/${account.id}`, { body: { plan: 'nope' } })).status, 400);
  assert.equal((await admin('PATCH', `/v1/accounts/${account.id}`, { body: {} })).status, 400);
  assert.equal((await admin('GET', '/v1/accounts/acc_01J00000000000000000000000')).status, 404);
  assert.equal((await call('GET', '/v1/accounts')).status, 403);
  assert.equal((await call('GET', `/v1/accounts/${account.id}`)).status, 403);
  assert.equal((await call('PATCH', `/v1/accounts/${account.id}`, { body: { plan: 'pro' } })).status, 403);
});

test('plans are listed publicly with the seeds\' defaults', async () => {
  const res = await client(server)('GET', '/v1/plans');
  assert.equal(res.status, 200);
  const byId = Object.fromEntries(res.body.data.map((p) => [p.id, p]));
  assert.deepEqual(Object.keys(byId), ['free', 'starter', 'pro', 'enterprise']);
  assert.equal(byId.free.requestsPerMinute, 10);
  assert.equal(byId.free.tokensPerMinute, 10000);
  assert.equal(byId.starter.priceCentsPerMonth, 900);
  assert.equal(byId.pro.monthlyCredits, 50);
  assert.equal(byId.pro.volumeDiscountPercent, 10);
  assert.equal(byId.enterprise.maxApiKeys, null);
  assert.ok(byId.enterprise.features.includes('custom_agents'));
});

test('the admin account has an unlimited plan but is still counted', async () => {
  const res = await admin('GET', '/v1/account');
  assert.equal(res.body.data.role, 'admin');
  assert.equal(res.body.data.plan, 'admin');
  const limit = Number(res.headers.get('x-ratelimit-limit'));
  const remaining = Number(res.headers.get('x-ratelimit-remaining'));
  assert.ok(limit >= 1e9);
  assert.ok(remaining < limit);
});

test('open signup lets anyone create an account on the default plan', async () => {
  const open = await startServer({ args: ['--open-signup', '--default-plan', 'starter'] });
  try {
    const anon = client(open);
    const res = await anon('POST', '/v1/accounts', { body: { name: 'self-serve' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.account.plan, 'starter');
    assert.ok(res.headers.get('x-ratelimit-limit'));
    const chooses = await anon('POST', '/v1/accounts', { body: { name: 'greedy', plan: 'enterprise' } });
    assert.equal(chooses.status, 403);
    assert.equal(chooses.body.error.field, 'plan');
  } finally {
    assert.equal((await open.stop()).code, 0);
    open.cleanup();
  }
});
