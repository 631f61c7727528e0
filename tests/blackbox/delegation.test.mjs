// Delegation in a swarm: a hosted member's model calls ask_agent, a child run of another member
// runs (a real run: events, cost, linked to its parent), its output comes back as the tool's
// answer; the chain is paid within the first run's maxCredits, is at most three levels deep, and
// never goes back to an agent already in it. Checked against a tool-calling upstream on loopback.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, runEvents, runToEnd } from './lib/server.mjs';
import { grant } from './lib/market.mjs';
import { startHosted } from './lib/hosted.mjs';

let hosted;
let admin;
let upstream;
let server;
let acme;
let globex;
const agents = {};

before(async () => {
  hosted = await startHosted();
  ({ upstream, server, admin, acme } = hosted);
  globex = await createAccount(server, admin, { name: 'globex', plan: 'bulk' });
  await grant(admin, globex.account.id, 1000);
  for (const name of ['alpha', 'beta', 'gamma', 'delta', 'outsider']) {
    agents[name] = (await acme.call('POST', '/v1/agents', { body: { name, model: 'gpt-4o-mini', visibility: 'public' } })).body.data;
  }
  const swarm = await acme.call('POST', '/v1/swarms', { body: { name: 'crew', members: ['alpha', 'beta', 'gamma', 'delta'].map((n) => agents[n].id) } });
  assert.equal(swarm.status, 201, swarm.text);
});

after(() => hosted.close());

const ask = (agent, message) => `call:ask_agent ${JSON.stringify({ agent, message })}`;
const children = async (run) => (await acme.call('GET', `/v1/runs?parentRunId=${run.id}`)).body.data;

test('a member asks another: the child is a real run linked to its parent, and its output is the answer', async () => {
  const run = await runToEnd(acme.call, agents.alpha, ask('beta', ask('gamma', 'hello')), { extra: { maxCredits: 0.5 } });
  assert.equal(run.result.output, 'Tool said: Tool said: Hi gpt-4o-mini: hello');
  assert.equal(run.parentRunId, null);
  assert.equal(run.depth, 0);
  const [beta] = await children(run);
  assert.equal(beta.agentId, agents.beta.id);
  assert.equal(beta.parentRunId, run.id);
  assert.equal(beta.depth, 1);
  assert.equal(beta.source, 'run');
  assert.deepEqual(beta.input, { message: ask('gamma', 'hello') });
  const [gamma] = await children(beta);
  assert.equal(gamma.depth, 2);
  assert.equal(gamma.status, 'completed');
  // Paid within the first run's maxCredits: each child may hold at most half of what its parent
  // had left, and all of them together cost no more than the parent's maxCredits.
  assert.ok(beta.maxCost <= 0.25, `${beta.maxCost}`);
  assert.ok(gamma.maxCost <= beta.maxCost / 2, `${gamma.maxCost}`);
  assert.ok(run.cost + beta.cost + gamma.cost <= 0.5);
  assert.ok(gamma.cost > 0 && beta.cost > 0);
  // The parent's events show the call and the child's answer.
  const events = await runEvents(server, acme.key, run.id);
  const result = events.find((e) => e.event === 'tool_result');
  assert.equal(result.data.name, 'ask_agent');
  assert.equal(result.data.ok, true);
  assert.equal(result.data.text, 'Tool said: Hi gpt-4o-mini: hello');
});

test('the chain never goes back to an agent in it, and stops at three levels', async () => {
  const cycle = await runToEnd(acme.call, agents.alpha, ask('beta', ask('alpha', 'again')));
  const [beta] = await children(cycle);
  assert.match(beta.result.output, /^Tool said: alpha is already working on this request further up the chain/);
  assert.deepEqual(await children(beta), []);

  const deep = await runToEnd(acme.call, agents.alpha, ask('beta', ask('gamma', ask('delta', ask('beta', 'too deep')))));
  const [b] = await children(deep);
  const [g] = await children(b);
  const [d] = await children(g);
  assert.equal(d.depth, 3);
  assert.deepEqual(await children(d), [], 'a run at depth 3 is not offered ask_agent');
  const deltaCall = upstream.requests.find((r) => r.path === '/v1/chat/completions' &&
    r.body.messages.find((m) => m.role === 'user')?.content === ask('beta', 'too deep'));
  assert.ok(deltaCall, "delta's model was called");
  assert.ok(!(deltaCall.body.tools ?? []).some((t) => t.function.name === 'ask_agent'));
});

test('unknown members are named back to the model; outsiders and hirers cannot delegate', async () => {
  const incomplete = await runToEnd(acme.call, agents.alpha, 'call:ask_agent {"agent":"beta"}');
  assert.equal(incomplete.result.output, 'Tool said: ask_agent needs an agent and a message.');
  assert.deepEqual(await children(incomplete), []);
  const unknown = await runToEnd(acme.call, agents.alpha, ask('outsider', 'hi'));
  assert.match(unknown.result.output, /No other member of your swarm is named "outsider"\. Members: /);
  assert.deepEqual(await children(unknown), []);
  // Another account hiring a public member pays for its run only: no ask_agent is offered.
  const hired = await runToEnd(globex.call, agents.alpha, ask('beta', 'hi'));
  assert.deepEqual((await globex.call('GET', `/v1/runs?parentRunId=${hired.id}`)).body.data, []);
  assert.match(hired.result.output, /^Hi gpt-4o-mini: call:ask_agent/);
});
