// The outbox survives a crash: events whose deliveries had not gone out when the server was
// killed with SIGKILL reach the receiver after a restart, each at least once, every signature
// valid; the receiver dedupes on webhook-id and the duplicates it saw are reported.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { client, createAccount, startServer } from './lib/server.mjs';
import { startReceiver } from './lib/receiver.mjs';

const plans = {
  plans: [{ id: 'hooks', name: 'Hooks', requestsPerMinute: 1000000, monthlyCredits: 0, features: ['webhooks'] }],
};
const args = ['--allow-loopback-http-endpoints', '--webhook-retry-scale', '0.001'];
let server;

after(async () => {
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

test('after SIGKILL, every event is delivered once the server is back, once per webhook-id after dedupe', async (t) => {
  server = await startServer({ plans, args });
  const admin = client(server, server.adminKey);
  const acme = await createAccount(server, admin, { name: 'acme', plan: 'hooks' });
  const receiver = await startReceiver();
  const hook = (await acme.call('POST', '/v1/webhooks', { body: { url: receiver.url, eventTypes: ['agent.*'] } })).body.data;
  await receiver.down();

  // Changes whose deliveries cannot go out: the receiver is down.
  const made = new Set();
  for (let i = 0; i < 20; i++) {
    const res = await acme.call('POST', '/v1/agents', { body: { name: `crash-${i}`, model: 'echo' } });
    assert.equal(res.status, 201, res.text);
    made.add(res.body.data.id);
  }
  server.child.kill('SIGKILL');
  server.killedWith = 'SIGKILL';
  await server.exited;

  await receiver.start();
  server = await startServer({ plans, args, dataDir: server.dataDir });
  const wh = new Webhook(hook.secret);
  const delivered = (r) => {
    const seen = new Set(r.requests.filter((q) => q.status === 200).map((q) => JSON.parse(q.body).data.object.id));
    return [...made].every((id) => seen.has(id));
  };
  // A delivery in flight at the kill is due again when its node's claim lapses (20 s).
  await receiver.until(delivered, 90000, 'every event after the restart');
  const ids = new Map();
  for (const request of receiver.requests) {
    const event = wh.verify(request.body, request.headers);
    assert.equal(event.id, request.headers['webhook-id']);
    assert.equal(event.type, 'agent.created');
    ids.set(event.id, (ids.get(event.id) ?? 0) + 1);
  }
  assert.equal(ids.size, made.size, 'one event id per change');
  const duplicates = receiver.requests.length - ids.size;
  t.diagnostic(`${receiver.requests.length} requests for ${ids.size} events: ${duplicates} deduped by webhook-id`);
  const events = (await client(server, acme.key)('GET', '/v1/events?type=agent.created&limit=100')).body.data;
  assert.deepEqual(new Set(events.map((e) => e.id)), new Set(ids.keys()));
});
