// AgentMarket's API (seed 003) under /compat/agentmarket, replayed from its document: agents that
// register themselves (an account, a key bound to the agent, 100 free credits), capability
// search without a key, the task marketplace (the budget held at posting, 90 % to the agent on
// completion), the wallet, direct execution, and task.posted webhooks signed
// X-AgentMarket-Signature that a receiver verifies as the document shows — with
// {success, data, balance} answers and {success: false, error} errors, on the same accounts,
// agents, tasks and money as /v1.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { client, createAccount, startServer, useServer } from './lib/server.mjs';
import { compatClient } from './lib/compat.mjs';
import { assertLedgerSound, grant } from './lib/market.mjs';
import { startReceiver } from './lib/receiver.mjs';
import { startUpstream } from './lib/upstream.mjs';

const upstream = await startUpstream();
let server;
let admin;
let anonymous;   // no key: browsing
let research;    // the document's ResearchBot: {id, key, secret, market}
let poster;      // an agent that posts tasks
let researchHooks;

// The receiver's check, as the document writes it.
function verifySignature(body, secret, signatureHeader) {
  const expected = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
  return expected === signatureHeader;
}

const micro = (x) => Math.round(x * 1e6);

useServer({
  plans: { plans: [
    { id: 'market', name: 'Market', requestsPerMinute: 1000000, monthlyCredits: 0, features: ['webhooks'] },
    { id: 'nohooks', name: 'No hooks', requestsPerMinute: 1000000, monthlyCredits: 0 },
  ] },
  args: ['--open-signup', '--default-plan', 'market', '--allow-loopback-http-endpoints',
    '--openai-base-url', `${upstream.url}/v1`, '--public-url', 'https://market.example.com'],
  env: { AGENTRY_OPENAI_API_KEY: 'sk-market' },
}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  anonymous = compatClient(server, 'agentmarket', undefined, { auth: 'X-API-Key' });
  researchHooks = await startReceiver();
  research = await register({
    name: 'ResearchBot',
    description: 'I research topics thoroughly',
    capabilities: ['research', 'summarization'],
    price_per_task: 2,
    system_prompt: 'You are a research assistant',
    webhook_url: researchHooks.url,
    owner_email: 'me@example.com',
  });
  poster = await register({ name: 'Poster', capabilities: ['writing'], owner_email: 'poster@example.com' });
});

after(async () => {
  await upstream.close();
});

// POST /api/agents/register without a key: the new agent with its key and a client using it.
async function register(body) {
  const res = await anonymous('POST', '/api/agents/register', { body });
  assert.equal(res.status, 201, res.text);
  const market = compatClient(server, 'agentmarket', res.body.data.api_key, { auth: 'X-API-Key' });
  return { ...res.body.data, key: res.body.data.api_key, market, res };
}

test('registration answers the agent, a key, 100 free credits and the webhook secret, once', async () => {
  const { res } = research;
  assert.equal(res.body.success, true);
  assert.equal(res.body.balance, 100);
  assert.equal(res.body.data.name, 'ResearchBot');
  assert.deepEqual(res.body.data.capabilities, ['research', 'summarization']);
  assert.match(res.body.data.api_key, /\S{20,}/);
  assert.match(res.body.data.webhook_secret, /\S{20,}/);
  assert.equal(res.headers.get('location'), `/compat/agentmarket/api/agents/${research.id}`);
  assert.equal(poster.webhook_secret, null, 'no webhook_url, no secret');

  // The quick start's minimal registration.
  const quick = await register({ name: 'MyBot', capabilities: ['coding'], owner_email: 'me@example.com' });
  assert.equal(quick.res.body.balance, 100);

  // The key is a native key too, acting for an account of its own.
  const native = client(server, research.key);
  const mine = await native('GET', '/v1/agents');
  assert.deepEqual(mine.body.data.map((a) => a.id), [research.id]);
  assert.equal(mine.body.data[0].visibility, 'public');
  const keys = await native('GET', '/v1/api-keys');
  assert.equal(keys.body.data[0].agentId, research.id, 'the key acts as the agent');
  const wallet = await native('GET', '/v1/credits/balance');
  assert.equal(wallet.body.data.available, 100);

  // owner_email is a contact, not a unique account email: another agent may give the same.
  const again = await anonymous('POST', '/api/agents/register', {
    body: { name: 'ResearchBot', owner_email: 'me@example.com' },
  });
  assert.equal(again.status, 201, again.text);

  const bad = await anonymous('POST', '/api/agents/register', { body: { name: 'NoEmail' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.success, false);
  assert.match(bad.body.error, /owner_email/);
  const badCapability = await anonymous('POST', '/api/agents/register', {
    body: { name: 'Odd', capabilities: ['no spaces'], owner_email: 'a@b.c' },
  });
  assert.equal(badCapability.status, 400);
  assert.match(badCapability.body.error, /capabilities/);
  const plainHttp = await anonymous('POST', '/api/agents/register', {
    body: { name: 'Plain', webhook_url: 'http://example.com/hook', owner_email: 'a@b.c' },
  });
  assert.equal(plainHttp.status, 400, plainHttp.text);
  assert.match(plainHttp.body.error, /https/);
});

test('browsing agents needs no key; an answer to a call with a key carries the balance', async () => {
  const found = await anonymous('GET', '/api/agents?capability=research&limit=20');
  assert.equal(found.status, 200, found.text);
  assert.equal(found.body.success, true);
  assert.equal(found.body.balance, undefined, 'no key, no balance');
  assert.ok(found.headers.get('x-ratelimit-limit'), 'open routes are counted per client address');
  const bot = found.body.data.find((a) => a.id === research.id);
  assert.deepEqual(bot.capabilities, ['research', 'summarization']);
  assert.equal(bot.price_per_task, 2);
  assert.equal(bot.reputation_score, 0);
  assert.equal(bot.total_tasks, 0);
  assert.ok(found.body.data.every((a) => a.capabilities.includes('research')));

  const one = await anonymous('GET', `/api/agents/${research.id}`);
  assert.equal(one.body.data.name, 'ResearchBot');
  assert.equal(one.body.data.owner_email, undefined, 'the public profile keeps the contact private');

  const keyed = await poster.market('GET', '/api/agents?limit=1');
  assert.equal(keyed.body.data.length, 1);
  assert.equal(keyed.body.balance, 100);
  const keyedOne = await poster.market('GET', `/api/agents/${research.id}`);
  assert.equal(keyedOne.body.data.id, research.id);
  assert.equal(keyedOne.body.balance, 100);

  // An agent that is not public is as absent as a missing one.
  const acme = await createAccount(server, admin, { name: 'acme', plan: 'market' });
  const hidden = (await acme.call('POST', '/v1/agents', { body: { name: 'hidden', model: 'echo' } })).body.data;
  const missing = await anonymous('GET', `/api/agents/${hidden.id}`);
  assert.equal(missing.status, 404);
  assert.deepEqual(Object.keys(missing.body).sort(), ['error', 'success']);
  assert.equal(missing.body.success, false);
  const own = await compatClient(server, 'agentmarket', acme.key, { auth: 'X-API-Key' })('GET', `/api/agents/${hidden.id}`);
  assert.equal(own.status, 200, 'its owner sees it');
  assert.equal(own.body.balance, (await acme.call('GET', '/v1/credits/balance')).body.data.available);
  const tooMany = await anonymous('GET', '/api/agents?limit=101');
  assert.equal(tooMany.status, 400);
});

test('GET /api/agents/me: your own profile and balance; no key is 401', async () => {
  const me = await research.market('GET', '/api/agents/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.data.id, research.id);
  assert.equal(me.body.data.owner_email, 'me@example.com');
  assert.equal(me.body.data.system_prompt, 'You are a research assistant');
  assert.equal(me.body.data.webhook_url, `...${researchHooks.url.slice(-10)}`);
  assert.equal(typeof me.body.balance, 'number');
  const none = await anonymous('GET', '/api/agents/me');
  assert.equal(none.status, 401);
  assert.equal(none.body.success, false);
});

test('a task: posted (budget held), task.posted signed to capable agents, accepted, completed 90/10', async () => {
  const coderHooks = await startReceiver();
  const coder = await register({ name: 'Coder', capabilities: ['coding'], webhook_url: coderHooks.url, owner_email: 'c@example.com' });
  const before = (await research.market('GET', '/api/wallet')).body.balance;

  const posted = await poster.market('POST', '/api/tasks', {
    body: {
      title: 'Summarize this research paper',
      description: 'Full text of the paper...',
      budget: 25,
      required_capabilities: ['research', 'summarization'],
    },
  });
  assert.equal(posted.status, 201, posted.text);
  assert.equal(posted.body.data.status, 'open');
  assert.equal(posted.body.balance, 75, 'the budget is held when the task is posted');
  const id = posted.body.data.id;

  // The research agent's receiver verifies the delivery as the document shows.
  await researchHooks.until((r) => r.requests.some((q) => JSON.parse(q.body).task?.id === id));
  const delivery = researchHooks.requests.find((q) => JSON.parse(q.body).task?.id === id);
  assert.equal(delivery.headers['x-agentmarket-event'], 'task.posted');
  assert.equal(delivery.headers['content-type'], 'application/json');
  assert.ok(verifySignature(delivery.body, research.webhook_secret, delivery.headers['x-agentmarket-signature']));
  assert.ok(!verifySignature(delivery.body, 'another secret', delivery.headers['x-agentmarket-signature']));
  const payload = JSON.parse(delivery.body);
  assert.equal(payload.event, 'task.posted');
  assert.equal(payload.marketplace_url, 'https://market.example.com');
  assert.deepEqual(Object.keys(payload.task).sort(),
    ['budget', 'created_at', 'description', 'id', 'required_capabilities', 'title']);
  assert.equal(payload.task.budget, 25);
  assert.equal(payload.task.title, 'Summarize this research paper');
  assert.deepEqual(payload.task.required_capabilities, ['research', 'summarization']);

  // Browsing tasks needs no key.
  const open = await anonymous('GET', '/api/tasks?status=open&capability=research&limit=20');
  assert.ok(open.body.data.some((t) => t.id === id && t.budget === 25 && t.status === 'open'));
  const detail = await anonymous('GET', `/api/tasks/${id}`);
  assert.equal(detail.body.data.title, 'Summarize this research paper');

  // Not one's own task; not twice.
  const own = await poster.market('POST', `/api/tasks/${id}/accept`);
  assert.equal(own.status, 403, own.text);
  const accepted = await research.market('POST', `/api/tasks/${id}/accept`);
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.body.data.status, 'assigned');
  assert.equal(accepted.body.data.assigned_to, research.id);
  assert.equal(accepted.body.balance, before);
  const twice = await coder.market('POST', `/api/tasks/${id}/accept`);
  assert.equal(twice.status, 409);
  const notAssignee = await coder.market('POST', `/api/tasks/${id}/complete`, { body: { result: 'mine' } });
  assert.equal(notAssignee.status, 403);

  const done = await research.market('POST', `/api/tasks/${id}/complete`, {
    body: { result: 'Here is the completed summary...' },
  });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.data.status, 'completed');
  assert.equal(done.body.data.result, 'Here is the completed summary...');
  assert.equal(micro(done.body.balance), micro(before) + micro(22.5), '90 % of 25 to the agent');
  const posterWallet = await poster.market('GET', '/api/wallet');
  assert.equal(posterWallet.body.data.balance, 75);
  assert.equal(posterWallet.body.data.agent_id, poster.id);
  assert.equal(posterWallet.body.balance, 75);
  // The result is the parties' only.
  assert.equal((await anonymous('GET', `/api/tasks/${id}`)).body.data.result, null);
  assert.equal((await poster.market('GET', `/api/tasks/${id}`)).body.data.result, 'Here is the completed summary...');
  // The same task natively.
  const native = await client(server, poster.key)('GET', `/v1/tasks/${id}`);
  assert.equal(native.body.data.status, 'completed');
  assert.equal(native.body.data.payout, 22.5);

  // The coder's capabilities do not overlap: it is told of the next coding task, never of this
  // one (deliveries to one endpoint start in the order they were made).
  const coding = await poster.market('POST', '/api/tasks', {
    body: { title: 'Fix a bug', budget: 1, required_capabilities: ['coding'] },
  });
  await coderHooks.until((r) => r.requests.some((q) => JSON.parse(q.body).task?.id === coding.body.data.id));
  assert.ok(!coderHooks.events.some((e) => e.task?.id === id));
  assert.ok(verifySignature(coderHooks.requests[0].body, coder.webhook_secret,
    coderHooks.requests[0].headers['x-agentmarket-signature']));
  await assertLedgerSound(admin, 'after a settled AgentMarket task');
});

test('posting past the balance is refused and holds nothing', async () => {
  const poor = await register({ name: 'Poor', owner_email: 'p@example.com' });
  const res = await poor.market('POST', '/api/tasks', { body: { title: 'Too much', budget: 1000 } });
  assert.equal(res.status, 402, res.text);
  assert.equal(res.body.success, false);
  assert.equal((await poor.market('GET', '/api/wallet')).body.balance, 100);
  const missing = await poor.market('GET', '/api/tasks/tsk_missing');
  assert.equal(missing.status, 404);
});

test('POST /api/execute hires an agent and answers its result; paid automatically', async () => {
  const hirer = await register({ name: 'Hirer', owner_email: 'h@example.com' });
  const hiredBefore = (await research.market('GET', '/api/wallet')).body.balance;
  const res = await hirer.market('POST', '/api/execute', {
    body: { agent_id: research.id, task_description: 'Write a haiku about distributed systems', budget: 15 },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.data.status, 'completed');
  assert.match(res.body.data.result, /Write a haiku about distributed systems/);
  const cost = res.body.data.cost;
  assert.ok(cost >= 2, 'the agent\'s price, and its tokens');
  assert.equal(micro(res.body.balance), micro(100) - micro(cost));
  // The run is the hirer's, natively.
  const run = await client(server, hirer.key)('GET', `/v1/runs/${res.body.data.task_id}`);
  assert.equal(run.body.data.agentId, research.id);
  assert.ok((await research.market('GET', '/api/wallet')).body.balance > hiredBefore, 'the agent is paid');

  const tooLittle = await hirer.market('POST', '/api/execute', {
    body: { agent_id: research.id, task_description: 'again', budget: 1 },
  });
  assert.equal(tooLittle.body.success, false, tooLittle.text);
  assert.equal(tooLittle.status, 400, tooLittle.text);
  assert.match(tooLittle.body.error, /does not cover the agent's price/);
  const nobody = await hirer.market('POST', '/api/execute', { body: { agent_id: 'agt_nobody', task_description: 'x' } });
  assert.equal(nobody.status, 404);
});

test('the webhook: shown masked, set over https only, made with its secret when there was none', async () => {
  const shown = await research.market('GET', '/api/agents/me/webhook');
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.data.webhook_url, `...${researchHooks.url.slice(-10)}`);
  assert.equal(shown.body.data.webhook_secret, undefined);

  const plain = await research.market('PUT', '/api/agents/me/webhook', { body: { webhook_url: 'http://example.com/webhooks' } });
  assert.equal(plain.status, 400, plain.text);
  assert.match(plain.body.error, /https/);

  // The poster had none: setting one makes it, and shows its secret this once.
  const fresh = await startReceiver();
  const made = await poster.market('PUT', '/api/agents/me/webhook', { body: { webhook_url: fresh.url } });
  assert.equal(made.status, 200, made.text);
  assert.equal(made.body.data.webhook_url, `...${fresh.url.slice(-10)}`);
  assert.match(made.body.data.webhook_secret, /\S{20,}/);
  const moved = await poster.market('PUT', '/api/agents/me/webhook', { body: { webhook_url: `${fresh.url}/agentmarket` } });
  assert.equal(moved.body.data.webhook_url, '...gentmarket', 'as the document shows it');
  assert.equal(moved.body.data.webhook_secret, undefined, 'the secret is shown once');
  // It is an endpoint like any other, natively.
  const hooks = await client(server, poster.key)('GET', '/v1/webhooks');
  assert.equal(hooks.body.data.length, 1);
  assert.equal(hooks.body.data[0].url, `${fresh.url}/agentmarket`);
  assert.equal(hooks.body.data[0].agentId, poster.id);

  // A plan without webhooks has none.
  const plain2 = await createAccount(server, admin, { name: 'plain', plan: 'nohooks' });
  await plain2.call('POST', '/v1/agents', { body: { name: 'only', model: 'echo' } });
  const refused = await compatClient(server, 'agentmarket', plain2.key, { auth: 'X-API-Key' })(
    'PUT', '/api/agents/me/webhook', { body: { webhook_url: 'https://example.com/hook' } });
  assert.equal(refused.status, 403, refused.text);
});

test('a native key of an account with several agents names the one that acts; a bound key acts as its own', async () => {
  const acme = await createAccount(server, admin, { name: 'acme-two', plan: 'market' });
  await grant(admin, acme.account.id, 10);
  const one = (await acme.call('POST', '/v1/agents', { body: { name: 'one', model: 'echo', capabilities: ['research'], visibility: 'public' } })).body.data;
  await acme.call('POST', '/v1/agents', { body: { name: 'two', model: 'echo' } });
  const market = compatClient(server, 'agentmarket', acme.key, { auth: 'X-API-Key' });
  const unnamed = await market('GET', '/api/agents/me');
  assert.equal(unnamed.status, 400, unnamed.text);
  assert.match(unnamed.body.error, /agent_id/);
  const named = await market('GET', `/api/agents/me?agent_id=${one.id}`);
  assert.equal(named.status, 200, named.text);
  assert.equal(named.body.data.id, one.id);
  const held = (await acme.call('GET', '/v1/credits/balance')).body.data.available;
  assert.equal(named.body.balance, held, 'the balance is the account wallet, signup credits and grant included');

  const task = await poster.market('POST', '/api/tasks', { body: { title: 'Look it up', budget: 1, required_capabilities: ['research'] } });
  const accepted = await market('POST', `/api/tasks/${task.body.data.id}/accept`, { body: { agent_id: one.id } });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.body.data.assigned_to, one.id);

  const otherAgent = await research.market('GET', `/api/agents/me?agent_id=${one.id}`);
  assert.equal(otherAgent.status, 403, 'a bound key acts only as its agent');
});

test('a key without the scope is 403, another account\'s agent is 404, a malformed body is the error envelope', async () => {
  const acme = await createAccount(server, admin, { name: 'scoped', plan: 'market' });
  const mine = await acme.call('POST', '/v1/agents', { body: { name: 'mine', model: 'echo' } });
  assert.equal(mine.status, 201, mine.text);
  const reader = (await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['agents:read'] } })).body.data.key;
  const readOnly = compatClient(server, 'agentmarket', reader, { auth: 'X-API-Key' });
  const me = await readOnly('GET', '/api/agents/me', { check: false });
  assert.equal(me.status, 200, me.text);
  for (const [method, path, body] of [
    ['POST', '/api/tasks', { title: 'Look it up', budget: 1 }],
    ['GET', '/api/wallet'],
    ['PUT', '/api/agents/me/webhook', { webhook_url: 'https://example.com/hook' }],
    ['POST', '/api/execute', { agent_id: research.id, task_description: 'x' }],
  ]) {
    const res = await readOnly(method, path, { body });
    assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
    assert.deepEqual(Object.keys(res.body).sort(), ['error', 'success']);
  }

  const market = compatClient(server, 'agentmarket', acme.key, { auth: 'X-API-Key' });
  const theirs = await market('GET', `/api/agents/me?agent_id=${research.id}`);
  assert.equal(theirs.status, 404, theirs.text);
  const open = await poster.market('POST', '/api/tasks', { body: { title: 'Theirs to take', budget: 0.5, required_capabilities: ['research'] } });
  const accept = await market('POST', `/api/tasks/${open.body.data.id}/accept`, { body: { agent_id: research.id } });
  assert.equal(accept.status, 404, 'another account\'s agent cannot be acted as');
  assert.equal((await anonymous('GET', `/api/tasks/${open.body.data.id}`)).body.data.status, 'open');

  const malformed = await market('POST', '/api/tasks', { body: '{"title": ' });
  assert.equal(malformed.status, 400, malformed.text);
  assert.equal(malformed.body.success, false);
  assert.equal(typeof malformed.body.error, 'string');
  const wrongType = await market('POST', '/api/tasks', { body: { title: 'x', budget: 'lots' } });
  assert.equal(wrongType.status, 400);
  assert.match(wrongType.body.error, /budget/);
});

test('registration is closed unless the operator opens signup', async () => {
  const closed = await startServer({});
  try {
    const market = compatClient(closed, 'agentmarket', undefined, { auth: 'X-API-Key' });
    const res = await market('POST', '/api/agents/register', { body: { name: 'Bot', owner_email: 'a@b.c' } });
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.success, false);
    assert.match(res.body.error, /registration is closed/);
  } finally {
    assert.equal((await closed.stop()).code, 0);
    closed.cleanup();
  }
});

test('unknown paths under the surface answer in its shape; its OpenAPI document', async () => {
  const res = await anonymous('GET', '/api/nothing-here', { check: false });
  assert.equal(res.status, 404);
  assert.equal(res.body.success, false);
  const doc = await (await fetch(`${server.base}/compat/agentmarket/openapi.json`)).json();
  assert.equal(doc.servers[0].url, '/compat/agentmarket');
  assert.ok(doc.paths['/api/agents/register'].post);
  assert.ok(doc.components.securitySchemes);
});
