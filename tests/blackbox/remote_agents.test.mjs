// Remote agents: agentry POSTs each run, signed, to the agent's endpoint (here the real example
// agent in examples/, as a process of its own); the agent answers at once, or accepts with 202
// and reports through the API. The guarded client refuses private and special addresses.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { client, createAccount, startServer } from './lib/server.mjs';
import { assertLedgerSound, balance, bulkPlans, grant } from './lib/market.mjs';
import { openSse } from './lib/sse.mjs';

const example = path.resolve('../../examples/remote_agent.mjs');
let server;
let admin;
let owner;
let consumer;
let agent;
let remote;  // the example agent's process

async function startExample(secret) {
  const child = spawn(process.execPath, [example], {
    env: { ...process.env, PORT: '0', AGENTRY_SIGNING_SECRET: secret, AGENTRY_URL: server.base, AGENTRY_API_KEY: owner.key },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the example agent exited ${code}`)));
  });
  return { child, url, stop: () => child.kill() };
}

before(async () => {
  server = await startServer({ plans: bulkPlans, args: ['--allow-loopback-http-endpoints', '--run-lease-ms', '1000'] });
  admin = client(server, server.adminKey);
  owner = await createAccount(server, admin, { name: 'owner', plan: 'bulk' });
  consumer = await createAccount(server, admin, { name: 'consumer', plan: 'bulk' });
  await grant(admin, consumer.account.id, 100);
  const created = await owner.call('POST', '/v1/agents', {
    body: { name: 'remote', kind: 'remote', endpointUrl: 'http://127.0.0.1:1/', pricePerTask: 2, visibility: 'public' },
  });
  assert.equal(created.status, 201, created.text);
  agent = created.body.data;
  const secret = await owner.call('GET', `/v1/agents/${agent.id}/signing-secret`);
  assert.equal(secret.status, 200);
  assert.match(secret.body.data.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
  remote = await startExample(secret.body.data.secret);
  const moved = await owner.call('PATCH', `/v1/agents/${agent.id}`, { body: { endpointUrl: remote.url } });
  assert.equal(moved.status, 200, moved.text);
});

after(async () => {
  remote.stop();
  assert.equal((await server.stop()).code, 0);
  server.cleanup();
});

async function run(input, who = consumer) {
  const started = await who.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input } });
  assert.equal(started.status, 202, started.text);
  const ended = await who.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`);
  return ended.body.data;
}

test('a remote agent answers at once with its result; the owner is paid', async () => {
  const ownerBefore = await balance(owner.call);
  const ended = await run({ message: 'ping' });
  assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
  assert.deepEqual(ended.result, { reply: 'remote agent got: ping' }, 'the agent verified the signature');
  assert.equal(ended.cost, 2);
  assert.equal((await balance(owner.call)).available, ownerBefore.available + 1.8);
});

test('an agent that accepts with 202 reports progress and its result through the API', async () => {
  const started = await consumer.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { async: true, message: 'later' } } });
  const events = await (await openSse(`${server.base}/v1/runs/${started.body.data.id}/events`, { authorization: `Bearer ${consumer.key}` })).all();
  assert.deepEqual(events.filter((e) => e.event === 'progress').map((e) => e.data), [{ progress: 50, message: 'halfway' }]);
  const last = events.at(-1);
  assert.equal(last.data.status, 'completed');
  assert.deepEqual(last.data.result, { reply: 'remote agent got: later' });
  const again = await owner.call('POST', `/v1/runs/${started.body.data.id}/complete`, { body: { result: 'twice' } });
  assert.equal(again.status, 409, 'a run is settled once');
  assert.equal(again.body.error.currentState, 'completed');
});

test('an accepted run the agent reports as failed is refunded', async () => {
  const before = await balance(consumer.call);
  const ended = await run({ async: true, fail: 'too hard' });
  assert.equal(ended.status, 'failed');
  assert.deepEqual(ended.error, { code: 'agent_gave_up', message: 'too hard' });
  assert.deepEqual(await balance(consumer.call), before);
  await assertLedgerSound(admin, 'after a remote failure');
});

test('an accepted run whose agent never reports fails at its time limit and is refunded', async () => {
  const before = await balance(consumer.call);
  const res = await consumer.call('POST', '/v1/execute', {
    body: { agentId: agent.id, input: { async: true, silent: true }, timeout: 1 },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.data.status, 'failed');
  assert.equal(res.body.data.error.code, 'timeout');
  assert.deepEqual(await balance(consumer.call), before);
});

test('only the agent’s owner reports, and only on runs waiting for a report', async () => {
  const ended = await run({ message: 'sync' });
  const stranger = await consumer.call('POST', `/v1/runs/${ended.id}/progress`, { body: { progress: 10 } });
  assert.equal(stranger.status, 404, 'the consumer does not own the agent');
  const late = await owner.call('POST', `/v1/runs/${ended.id}/fail`, { body: { error: { message: 'no' } } });
  assert.equal(late.status, 409);
  const bad = await owner.call('POST', `/v1/runs/${ended.id}/progress`, { body: { progress: 101 } });
  assert.equal(bad.status, 400);
});

test('a run handed to its agent is cancelled at once; the agent’s late report is refused', async () => {
  const before = await balance(consumer.call);
  const started = await consumer.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { async: true, silent: true } } });
  const id = started.body.data.id;
  const cancelled = await consumer.call('POST', `/v1/runs/${id}/cancel`);
  assert.equal(cancelled.status, 200, cancelled.text);
  const ended = (await consumer.call('GET', `/v1/runs/${id}/wait?timeout=30`)).body.data;
  assert.equal(ended.status, 'cancelled');
  assert.equal(ended.cost, 0);
  assert.deepEqual(await balance(consumer.call), before);
  const late = await owner.call('POST', `/v1/runs/${id}/complete`, { body: { result: 'late' } });
  assert.equal(late.status, 409);
  assert.equal(late.body.error.currentState, 'cancelled');
  await assertLedgerSound(admin, 'after a cancel of an accepted run');
});

test('an endpoint that refuses connections fails the run as remote_unreachable', async () => {
  const dead = await owner.call('POST', '/v1/agents', {
    body: { name: 'dead', kind: 'remote', endpointUrl: 'http://127.0.0.1:1/', visibility: 'public' },
  });
  const started = await consumer.call('POST', `/v1/agents/${dead.body.data.id}/runs`, { body: { input: {} } });
  const ended = (await consumer.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`)).body.data;
  assert.equal(ended.status, 'failed');
  assert.equal(ended.error.code, 'remote_unreachable');
});

test('a malformed endpoint URL is refused where it is given, on create and on update', async () => {
  const forms = ['http://localhost:107579/', 'http://127.0.0.1:70000/', 'https://agent.example:0/',
    'https://agent.example:/', 'https://user:pw@agent.example/', 'https://agent.example/#frag',
    'https:///run', 'https://agent example/', 'ftp://agent.example/'];
  for (const endpointUrl of forms) {
    const res = await owner.call('POST', '/v1/agents', { body: { name: 'odd-url', kind: 'remote', endpointUrl } });
    assert.equal(res.status, 400, `${endpointUrl}: ${res.text}`);
    assert.equal(res.body.error.code, 'validation_error');
    assert.equal(res.body.error.field, 'endpointUrl');
  }
  const wrapped = await owner.call('POST', '/v1/agents', { body: { name: 'wrap', kind: 'remote', endpointUrl: 'http://localhost:107579/' } });
  assert.equal(wrapped.body.error.message, "endpointUrl: the URL's port must be a number from 1 to 65535");
  const fine = await owner.call('POST', '/v1/agents', { body: { name: 'odd-url', kind: 'remote', endpointUrl: 'https://agent.example:8443/run' } });
  assert.equal(fine.status, 201, fine.text);
  const changed = await owner.call('PATCH', `/v1/agents/${fine.body.data.id}`, { body: { endpointUrl: 'https://agent.example:65536/' } });
  assert.equal(changed.status, 400, changed.text);
  assert.equal((await owner.call('GET', `/v1/agents/${fine.body.data.id}`)).body.data.endpointUrl, 'https://agent.example:8443/run');
});

test('after the secret is rotated the old one no longer verifies: the agent refuses', async () => {
  const rotated = await owner.call('POST', `/v1/agents/${agent.id}/signing-secret/rotate`);
  assert.equal(rotated.status, 200);
  const ended = await run({ message: 'stale' });
  assert.equal(ended.status, 'failed');
  assert.deepEqual(ended.error, { code: 'remote_error', message: 'the agent answered 401' });
  const other = await consumer.call('GET', `/v1/agents/${agent.id}/signing-secret`);
  assert.equal(other.status, 404, 'only the owner reads the secret');
  remote.stop();
  remote = await startExample(rotated.body.data.secret);
  await owner.call('PATCH', `/v1/agents/${agent.id}`, { body: { endpointUrl: remote.url } });
  assert.equal((await run({ message: 'fresh' })).status, 'completed');
});

test('the guarded client refuses every private and special address form, without the dev flag', async () => {
  const strict = await startServer({ plans: bulkPlans });
  try {
    const a = client(strict, strict.adminKey);
    const me = await createAccount(strict, a, { name: 'me', plan: 'bulk' });
    const plain = await me.call('POST', '/v1/agents', { body: { name: 'p', kind: 'remote', endpointUrl: 'http://127.0.0.1:9/' } });
    assert.equal(plain.status, 400, 'http endpoints need the development flag');
    const forms = {
      loopback: 'https://127.0.0.1/', 'loopback name': 'https://localhost/', 'IPv6 loopback': 'https://[::1]/',
      private: 'https://10.1.2.3/', 'private 192.168': 'https://192.168.0.1/', 'link-local (cloud metadata)': 'https://169.254.169.254/latest',
      CGNAT: 'https://100.64.0.1/', multicast: 'https://224.0.0.1/', unspecified: 'https://0.0.0.0/',
      'IPv4-mapped IPv6': 'https://[::ffff:127.0.0.1]/', NAT64: 'https://[64:ff9b::a00:1]/', 'unique local IPv6': 'https://[fd00::1]/',
      reserved: 'https://240.0.0.1/',
    };
    for (const [form, url] of Object.entries(forms)) {
      const created = await me.call('POST', '/v1/agents', { body: { name: `r${Object.keys(forms).indexOf(form)}`, kind: 'remote', endpointUrl: url } });
      assert.equal(created.status, 201, `${form}: ${created.text}`);
      const started = await me.call('POST', `/v1/agents/${created.body.data.id}/runs`, { body: { input: {} } });
      const ended = (await me.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`)).body.data;
      assert.equal(ended.status, 'failed', form);
      assert.equal(ended.error.code, 'endpoint_refused', `${form}: ${JSON.stringify(ended.error)}`);
    }
  } finally {
    assert.equal((await strict.stop()).code, 0);
    strict.cleanup();
  }
});
