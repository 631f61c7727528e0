import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, createAccount, useServer } from './lib/server.mjs';

let server;
let admin;

useServer({
    plans: { plans: [
      { id: 'burst', name: 'Burst', requestsPerMinute: 60 },
      // 60 an hour refills one a minute: the sharing tests spend it in any time the machine takes.
      { id: 'shared', name: 'Shared', requestsPerMinute: 1000, requestsPerHour: 60 },
      { id: 'per-key', name: 'Per key', requestsPerMinute: 1000, requestsPerHour: 60, rateLimitPer: 'key' },
      { id: 'hourly', name: 'Hourly', requestsPerMinute: 100, requestsPerHour: 5 },
    ] },
  }, async (started, adminClient) => {
  server = started;
  admin = adminClient;
});

test('a key gets its plan\'s burst, then 429 with Retry-After, then recovers', async () => {
  const { call } = await createAccount(server, admin, { plan: 'burst' });
  // The whole burst of 60 is granted, counted down from 59; the plan refills one a second, so a
  // slow machine may be granted a few more before the first refusal, never fewer.
  let granted = 0;
  let refused;
  let lastGranted;
  while (!refused && granted < 120) {
    const res = await call('GET', '/v1/account');
    if (res.status === 429) {
      refused = res;
      break;
    }
    assert.equal(res.status, 200, `request ${granted + 1}`);
    if (granted === 0) assert.equal(res.headers.get('x-ratelimit-remaining'), '59');
    lastGranted = res;
    granted++;
  }
  assert.ok(refused, 'refused once the burst is spent');
  assert.ok(granted >= 60, `granted ${granted}`);
  assert.equal(lastGranted.headers.get('x-ratelimit-remaining'), '0', 'the last one granted left none');
  assert.equal(refused.body.error.code, 'rate_limit_exceeded');
  assert.equal(refused.headers.get('x-ratelimit-limit'), '60');
  assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
  const retryAfter = Number(refused.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);
  // Refused requests do not push recovery further out.
  for (let i = 0; i < 5; i++) assert.equal((await call('GET', '/v1/account')).status, 429);
  await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
  assert.equal((await call('GET', '/v1/account')).status, 200);
});

test('limits are the account\'s: all its keys share them', async () => {
  const { call } = await createAccount(server, admin, { plan: 'shared' });
  const second = client(server, (await call('POST', '/v1/api-keys', { body: {} })).body.data.key);
  for (let i = 0; i < 29; i++) await call('GET', '/v1/account');
  for (let i = 0; i < 30; i++) await second('GET', '/v1/account');
  assert.equal((await call('GET', '/v1/account')).status, 429);
  assert.equal((await second('GET', '/v1/account')).status, 429);
  const other = await createAccount(server, admin, { plan: 'shared' });
  assert.equal((await other.call('GET', '/v1/account')).status, 200, 'another account has its own');
});

test('a plan with rateLimitPer "key" gives each key its own limits', async () => {
  const { call } = await createAccount(server, admin, { plan: 'per-key' });
  const second = client(server, (await call('POST', '/v1/api-keys', { body: {} })).body.data.key);
  for (let i = 0; i < 59; i++) await call('GET', '/v1/account');
  assert.equal((await call('GET', '/v1/account')).status, 429);
  assert.equal((await second('GET', '/v1/account')).status, 200);
  const plans = (await call('GET', '/v1/plans')).body.data;
  assert.equal(plans.find((p) => p.id === 'per-key').rateLimitPer, 'key');
  assert.equal(plans.find((p) => p.id === 'shared').rateLimitPer, 'account');
});

test('the optional per-hour window applies too and is reported when it binds', async () => {
  const { call } = await createAccount(server, admin, { plan: 'hourly' });
  for (let i = 0; i < 5; i++) {
    const res = await call('GET', '/v1/account');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ratelimit-limit'), '5');
  }
  const refused = await call('GET', '/v1/account');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('x-ratelimit-limit'), '5');
  assert.ok(Number(refused.headers.get('retry-after')) > 60);
});

test('a plans file changes the defaults field by field', async () => {
  const res = await client(server)('GET', '/v1/plans');
  const byId = Object.fromEntries(res.body.data.map((p) => [p.id, p]));
  assert.equal(byId.hourly.requestsPerHour, 5);
  assert.equal(byId.free.requestsPerMinute, 10);
});
