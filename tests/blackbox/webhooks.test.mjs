// Webhooks: endpoints receive the account's events, each POST signed with Standard Webhooks and
// verified here with the standardwebhooks library; failures are retried on the schedule (scaled
// down with --webhook-retry-scale so that a test need not wait hours), 410 disables at once,
// secrets rotate with both signatures for a while, and the marketplace feed reaches agents
// whose capabilities a new task needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { createAccount, useServer } from './lib/server.mjs';
import { grant } from './lib/market.mjs';
import { startReceiver } from './lib/receiver.mjs';

const plans = {
  plans: [{ id: 'hooks', name: 'Hooks', requestsPerMinute: 1000000, monthlyCredits: 0, features: ['webhooks'] }],
};
// 5 s, 30 s, 2 min ... become 5 ms, 30 ms, 120 ms, 600 ms, 1.8 s, ...
const scale = 0.001;

let server;
let admin;
let acme;

useServer({ plans, args: ['--allow-loopback-http-endpoints', '--webhook-retry-scale', String(scale)] },
  async (started, adminClient) => {
    server = started;
    admin = adminClient;
    acme = await createAccount(server, admin, { name: 'acme', plan: 'hooks' });
  });

async function register(who, receiver, body = {}) {
  const res = await who.call('POST', '/v1/webhooks', { body: { url: receiver.url, eventTypes: ['*'], ...body } });
  assert.equal(res.status, 201, res.text);
  return res.body.data;
}

// The requests whose signature verifies with `secret`, parsed; throws on one that does not.
function verified(receiver, secret) {
  const wh = new Webhook(secret);
  return receiver.requests.map((r) => wh.verify(r.body, r.headers));
}

async function deliveriesOf(who, hook) {
  const res = await who.call('GET', `/v1/webhooks/${hook.id}/deliveries?limit=100`);
  assert.equal(res.status, 200, res.text);
  return res.body.data;
}

// The receiver sees a request before the server has recorded its answer: wait until `count`
// deliveries have left `pending`.
async function settledDeliveriesOf(who, hook, count) {
  let deliveries = [];
  for (let i = 0; i < 400; i++) {
    deliveries = await deliveriesOf(who, hook);
    if (deliveries.length >= count && deliveries.every((d) => d.status !== 'pending')) return deliveries;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return deliveries;
}

test('an endpoint receives its events signed; the secret shows once; the body is the event', async () => {
  const receiver = await startReceiver();
  const hook = await register(acme, receiver, { description: 'all of it' });
  assert.match(hook.id, /^whk_/);
  assert.match(hook.secret, /^whsec_[A-Za-z0-9+/=]+$/);
  assert.equal(hook.status, 'enabled');
  const read = await acme.call('GET', `/v1/webhooks/${hook.id}`);
  assert.equal(read.status, 200);
  assert.equal(read.body.data.secret, undefined, 'shown only once');
  assert.ok(!read.text.includes(hook.secret));
  assert.deepEqual((await acme.call('GET', '/v1/webhooks')).body.data.map((h) => h.id), [hook.id]);

  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'hooked', model: 'echo' } })).body.data;
  await receiver.until((r) => r.requests.length >= 1);
  const [payload] = verified(receiver, hook.secret);
  const [request] = receiver.requests;
  assert.equal(payload.type, 'agent.created');
  assert.equal(payload.data.object.id, agent.id);
  assert.equal(request.headers['webhook-id'], payload.id, 'webhook-id is the event id');
  assert.equal(request.headers['content-type'], 'application/json');
  assert.ok(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
  const event = await acme.call('GET', `/v1/events/${payload.id}`);
  assert.deepEqual(event.body.data, payload);
  // A tampered body does not verify.
  assert.throws(() => new Webhook(hook.secret).verify(request.body.replace('hooked', 'hacked'), request.headers));

  const [delivery] = await settledDeliveriesOf(acme, hook, 1);
  assert.equal(delivery.status, 'succeeded');
  assert.equal(delivery.eventId, payload.id);
  assert.equal(delivery.attempts.length, 1);
  assert.equal(delivery.attempts[0].statusCode, 200);
  assert.equal(delivery.nextAttemptAt, null);
  assert.equal((await acme.call('DELETE', `/v1/webhooks/${hook.id}`)).status, 204);
});

test('patterns and an agent scope choose what an endpoint receives', async () => {
  const runs = await startReceiver();
  const scoped = await startReceiver();
  const one = (await acme.call('POST', '/v1/agents', { body: { name: 'one', model: 'echo' } })).body.data;
  const other = (await acme.call('POST', '/v1/agents', { body: { name: 'other', model: 'echo' } })).body.data;
  const runHook = await register(acme, runs, { eventTypes: ['run.completed', 'run.failed'] });
  const scopedHook = await register(acme, scoped, { eventTypes: ['agent.*', 'run.*'], agentId: one.id });
  for (const agent of [one, other]) {
    const run = (await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'hi' } } })).body.data;
    await acme.call('GET', `/v1/runs/${run.id}/wait?timeout=30`);
  }
  await acme.call('POST', `/v1/agents/${other.id}/stop`);
  await acme.call('POST', `/v1/agents/${one.id}/stop`);
  await runs.until((r) => r.requests.length >= 2);
  await scoped.until((r) => r.events.some((e) => e.type === 'agent.stopped'));
  assert.deepEqual(verified(runs, runHook.secret).map((e) => e.type), ['run.completed', 'run.completed']);
  // Up to 4 deliveries to one endpoint are in flight at once, so they may arrive out of order
  // (the README says so); event ids order them.
  const seen = verified(scoped, scopedHook.secret).sort((a, b) => (a.id < b.id ? -1 : 1));
  assert.ok(seen.every((e) => e.data.object.id === one.id || e.data.object.agentId === one.id), 'only its agent');
  assert.deepEqual(seen.map((e) => e.type), ['run.queued', 'run.started', 'run.completed', 'agent.stopped']);
  await acme.call('DELETE', `/v1/webhooks/${runHook.id}`);
  await acme.call('DELETE', `/v1/webhooks/${scopedHook.id}`);
});

test('a receiver down, then failing, then back gets every event once it recovers, each signed', async () => {
  const receiver = await startReceiver();
  const hook = await register(acme, receiver, { eventTypes: ['agent.created'] });
  await receiver.down();
  const made = [];
  for (let i = 0; i < 3; i++) {
    made.push((await acme.call('POST', '/v1/agents', { body: { name: `flaky-${i}`, model: 'echo' } })).body.data.id);
  }
  // Down for the first two tries of each (5 ms, then 30 ms later), then 500 twice, then fine.
  await new Promise((resolve) => setTimeout(resolve, 60));
  let failures = 0;
  receiver.answer = () => (failures++ < 2 ? 500 : 200);
  await receiver.start();
  const delivered = (r) => made.every((id) => r.requests.some((q) => q.status === 200 && JSON.parse(q.body).data.object.id === id));
  await receiver.until(delivered, 30000, 'all three delivered');
  const payloads = verified(receiver, hook.secret);
  assert.deepEqual(new Set(payloads.map((p) => p.data.object.id)), new Set(made));
  const deliveries = await settledDeliveriesOf(acme, hook, 3);
  assert.equal(deliveries.length, 3);
  for (const d of deliveries) {
    assert.equal(d.status, 'succeeded', JSON.stringify(d));
    assert.ok(d.attempts.length >= 2, 'the first try found the receiver down');
    assert.equal(d.attempts[0].statusCode, null);
    assert.ok(d.attempts[0].error);
    assert.equal(d.attempts.at(-1).statusCode, 200);
  }
  assert.ok(deliveries.some((d) => d.attempts.some((a) => a.statusCode === 500)), 'the 500s were retried');
  assert.equal((await acme.call('GET', `/v1/webhooks/${hook.id}`)).body.data.failingSince, null, 'a success clears it');
  await acme.call('DELETE', `/v1/webhooks/${hook.id}`);
});

test('410 Gone disables the endpoint at once, with a webhook.disabled event; enabling restores it', async () => {
  const receiver = await startReceiver();
  receiver.answer = () => 410;
  const hook = await register(acme, receiver, { eventTypes: ['agent.updated'] });
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'gone', model: 'echo' } })).body.data;
  await acme.call('PATCH', `/v1/agents/${agent.id}`, { body: { description: 'one' } });
  await receiver.until((r) => r.requests.length >= 1);
  let read;
  for (let i = 0; i < 100; i++) {
    read = (await acme.call('GET', `/v1/webhooks/${hook.id}`)).body.data;
    if (read.status === 'disabled') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.equal(read.status, 'disabled');
  assert.match(read.disabledReason, /410/);
  const disabled = (await acme.call('GET', '/v1/events?type=webhook.disabled')).body.data;
  assert.equal(disabled[0].data.object.id, hook.id);
  await acme.call('PATCH', `/v1/agents/${agent.id}`, { body: { description: 'two' } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(receiver.requests.length, 1, 'a disabled endpoint receives nothing');
  const [failed] = await deliveriesOf(acme, hook);
  assert.equal(failed.status, 'failed');
  const refused = await acme.call('POST', `/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`);
  assert.equal(refused.status, 409);

  receiver.answer = () => 200;
  const enabled = await acme.call('PATCH', `/v1/webhooks/${hook.id}`, { body: { enabled: true } });
  assert.equal(enabled.body.data.status, 'enabled');
  assert.equal(enabled.body.data.disabledReason, null);
  const again = await acme.call('POST', `/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`);
  assert.equal(again.status, 202, again.text);
  assert.notEqual(again.body.data.id, failed.id);
  assert.equal(again.body.data.eventId, failed.eventId);
  await receiver.until((r) => r.requests.length >= 2);
  assert.equal(receiver.requests[1].headers['webhook-id'], failed.eventId, 'the same dedupe key');
  await acme.call('DELETE', `/v1/webhooks/${hook.id}`);
});

test('a rotated secret: both signatures for a while, each verifies', async () => {
  const receiver = await startReceiver();
  const hook = await register(acme, receiver, { eventTypes: ['agent.deleted'] });
  const rotated = await acme.call('POST', `/v1/webhooks/${hook.id}/rotate-secret`);
  assert.equal(rotated.status, 200, rotated.text);
  const secret = rotated.body.data.secret;
  assert.notEqual(secret, hook.secret);
  assert.ok(Date.parse(rotated.body.data.previousSecretExpiresAt) > Date.now() + 23 * 3600 * 1000);
  const sent = await acme.call('POST', `/v1/webhooks/${hook.id}/test`);
  assert.equal(sent.status, 202, sent.text);
  assert.equal(sent.body.data.eventType, 'webhook.test');
  await receiver.until((r) => r.requests.length >= 1);
  const signatures = receiver.requests[0].headers['webhook-signature'].split(' ');
  assert.equal(signatures.length, 2);
  assert.ok(signatures.every((s) => s.startsWith('v1,')));
  assert.equal(verified(receiver, secret)[0].type, 'webhook.test');
  assert.equal(verified(receiver, hook.secret)[0].data.object.webhookId, hook.id);
  assert.throws(() => verified(receiver, 'whsec_' + Buffer.alloc(24, 7).toString('base64')));
  await acme.call('DELETE', `/v1/webhooks/${hook.id}`);
});

test('the marketplace feed: task.posted reaches endpoints of agents with a capability it needs', async () => {
  const poster = await createAccount(server, admin, { name: 'poster', plan: 'hooks' });
  await grant(admin, poster.account.id, 100);
  const taker = await createAccount(server, admin, { name: 'taker', plan: 'hooks' });
  const agent = (await taker.call('POST', '/v1/agents', { body: { name: 'summarizer', capabilities: ['summarize'] } })).body.data;
  const receiver = await startReceiver();
  const hook = await register(taker, receiver, { eventTypes: ['task.posted'], agentId: agent.id });
  const post = async (capabilities) => (await poster.call('POST', '/v1/tasks', {
    body: { title: 'feed', budget: 1, requiredCapabilities: capabilities },
  })).body.data;
  const wanted = await post(['summarize', 'translate']);
  await post(['translate']);
  await post([]);
  await receiver.until((r) => r.requests.length >= 1);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const seen = verified(receiver, hook.secret);
  assert.deepEqual(seen.map((e) => [e.type, e.data.object.id]), [['task.posted', wanted.id]]);
  assert.deepEqual(seen[0].data.object.requiredCapabilities, ['summarize', 'translate']);
});

test('a remote agent is told at its endpoint when a run it accepted is cancelled', async () => {
  const receiver = await startReceiver();
  receiver.answer = (r) => (JSON.parse(r.body).type === 'run' ? 202 : 200);
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'remote-later', kind: 'remote', endpointUrl: receiver.url } })).body.data;
  const secret = (await acme.call('GET', `/v1/agents/${agent.id}/signing-secret`)).body.data.secret;
  const run = (await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { task: 'long' } } })).body.data;
  await receiver.until((r) => r.requests.length >= 1);
  for (let i = 0; i < 100; i++) {
    const log = (await acme.call('GET', `/v1/agents/${agent.id}/logs`)).body.data;
    if (log.some((e) => e.event === 'run.handed_off')) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.equal((await acme.call('POST', `/v1/runs/${run.id}/cancel`)).status, 200);
  await receiver.until((r) => r.requests.length >= 2);
  const [, notice] = verified(receiver, secret);
  assert.equal(notice.type, 'run.cancelled');
  assert.equal(notice.data.object.id, run.id);
  assert.equal(notice.data.object.status, 'cancelled');
});

test('plans without webhooks are refused, naming the plan; URLs and patterns are checked', async () => {
  const free = await createAccount(server, admin, { name: 'free', plan: 'free' });
  const refused = await free.call('POST', '/v1/webhooks', { body: { url: 'https://example.com/h', eventTypes: ['*'] } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'forbidden');
  assert.match(refused.body.error.message, /Free plan/);
  assert.equal((await free.call('GET', '/v1/webhooks')).status, 403);

  const bad = [
    { url: 'http://example.com/h', eventTypes: ['*'] },
    { url: 'ftp://example.com/h', eventTypes: ['*'] },
    { url: 'https://example.com/h', eventTypes: ['run'] },
    { url: 'https://example.com/h', eventTypes: [] },
    { url: 'https://example.com/h' },
    { url: 'https://example.com/h', eventTypes: ['*'], extra: 1 },
  ];
  for (const body of bad) {
    const res = await acme.call('POST', '/v1/webhooks', { body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_error');
  }
  const malformed = await acme.call('POST', '/v1/webhooks', { raw: '{"url":', headers: { 'content-type': 'application/json' } });
  assert.equal(malformed.status, 400);
  const noAgent = await acme.call('POST', '/v1/webhooks', { body: { url: 'https://example.com/h', eventTypes: ['*'], agentId: 'agt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W' } });
  assert.equal(noAgent.status, 404);
});

test('the guarded client refuses a private address: the attempt records why, nothing is sent', async () => {
  // An address literal is checked before any connection is made: no packet leaves the machine.
  const res = await acme.call('POST', '/v1/webhooks', { body: { url: 'https://10.11.12.13/hook', eventTypes: ['agent.deleted'] } });
  assert.equal(res.status, 201, res.text);
  const hook = res.body.data;
  assert.equal((await acme.call('POST', `/v1/webhooks/${hook.id}/test`)).status, 202);
  let delivery;
  for (let i = 0; i < 200; i++) {
    [delivery] = await deliveriesOf(acme, hook);
    if (delivery.attempts.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.equal(delivery.attempts[0].statusCode, null);
  assert.match(delivery.attempts[0].error, /address|private|not allowed|forbidden/i);
  await acme.call('DELETE', `/v1/webhooks/${hook.id}`);
});

test('another account’s endpoint is absent; the webhooks scope is needed', async () => {
  const receiver = await startReceiver();
  const hook = await register(acme, receiver, { eventTypes: ['agent.deleted'] });
  const other = await createAccount(server, admin, { name: 'other', plan: 'hooks' });
  for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/test'], ['POST', '/rotate-secret'], ['GET', '/deliveries']]) {
    const res = await other.call(method, `/v1/webhooks/${hook.id}${path}`, method === 'PATCH' ? { body: { description: 'x' } } : {});
    assert.equal(res.status, 404, `${method} ${path}`);
  }
  const narrow = (await acme.call('POST', '/v1/api-keys', { body: { name: 'no hooks', scopes: ['agents:read'] } })).body.data.key;
  const res = await acme.call('GET', '/v1/webhooks', { key: narrow });
  assert.equal(res.status, 403);
  assert.equal(res.body.error.code, 'insufficient_scope');
  await acme.call('DELETE', `/v1/webhooks/${hook.id}`);
});
