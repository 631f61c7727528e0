// Hosted agents against LLM providers: an OpenAI-compatible and an Anthropic upstream on
// loopback speaking their real streaming formats; streaming, cancel, failures, keys, and a
// crash in the middle of a run.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { client, createAccount, startServer } from './lib/server.mjs';
import { assertLedgerSound, balance, bulkPlans, grant } from './lib/market.mjs';
import { openSse } from './lib/sse.mjs';
import { startUpstream } from './lib/upstream.mjs';

let upstream;
let server;
let admin;
let acme;
let gpt;     // model gpt-4o-mini through the OpenAI-compatible upstream
let claude;  // model claude-sonnet-4 through the Anthropic upstream

function serverOptions(dataDir) {
  return {
    dataDir,
    plans: bulkPlans,
    args: ['--openai-base-url', `${upstream.url}/v1`, '--anthropic-base-url', upstream.url,
      '--run-lease-ms', '1000'],
    env: { AGENTRY_OPENAI_API_KEY: 'sk-server-key', AGENTRY_ANTHROPIC_API_KEY: 'ant-server-key' },
  };
}

before(async () => {
  upstream = await startUpstream();
  server = await startServer(serverOptions());
  admin = client(server, server.adminKey);
  acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
  await grant(admin, acme.account.id, 1000);
  gpt = (await acme.call('POST', '/v1/agents', {
    body: { name: 'gpt', model: 'gpt-4o-mini', systemPrompt: 'You are terse.', soulMd: 'Calm.' },
  })).body.data;
  claude = (await acme.call('POST', '/v1/agents', { body: { name: 'claude', model: 'claude-sonnet-4' } })).body.data;
});

after(async () => {
  assert.equal((await server.stop()).code, 0);
  server.cleanup();
  await upstream.close();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(agent, message, extra = {}) {
  const started = await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message }, ...extra } });
  assert.equal(started.status, 202, started.text);
  return started.body.data;
}

async function waitEnd(id) {
  const res = await acme.call('GET', `/v1/runs/${id}/wait?timeout=30`);
  assert.equal(res.status, 200, res.text);
  return res.body.data;
}

// gpt-4o-mini's price: 0.20 and 0.60 credits per million input and output tokens, rounded up.
const miniCost = (u) => Math.ceil((u.inputTokens * 200000 + u.outputTokens * 600000) / 1e6) / 1e6;

test('a gpt-4o-mini agent streams through the OpenAI-compatible upstream and pays its tokens', async () => {
  const before = await balance(acme.call);
  const ended = await waitEnd((await run(gpt, 'hello there')).id);
  assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
  assert.deepEqual(ended.result, { output: 'Hi gpt-4o-mini: hello there' });
  const seen = upstream.requests.at(-1);
  assert.equal(seen.path, '/v1/chat/completions');
  assert.equal(seen.headers.authorization, 'Bearer sk-server-key');
  assert.equal(seen.body.stream, true);
  assert.deepEqual(seen.body.stream_options, { include_usage: true });
  assert.equal(seen.body.max_tokens, 4096);
  assert.deepEqual(seen.body.messages, [
    { role: 'system', content: 'You are terse.\n\nCalm.' },
    { role: 'user', content: 'hello there' },
  ]);
  assert.equal(ended.usage.inputTokens, JSON.stringify(seen.body.messages).length, 'usage as the upstream reported it');
  assert.equal(ended.usage.outputTokens, 4);
  assert.equal(ended.cost, miniCost(ended.usage));
  const after = await balance(acme.call);
  assert.equal(Math.round((before.available - after.available) * 1e6), Math.round(ended.cost * 1e6));
  const log = await acme.call('GET', `/v1/agents/${gpt.id}/logs?run=${ended.id}`);
  const call = log.body.data.find((e) => e.event === 'provider.call');
  assert.match(call.message, /^provider call: openai gpt-4o-mini, \d+ ms: \d+ input and 4 output tokens$/);
});

test('a claude agent goes to the Anthropic upstream with its headers', async () => {
  const ended = await waitEnd((await run(claude, 'bonjour')).id);
  assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
  assert.deepEqual(ended.result, { output: 'Hi claude-sonnet-4: bonjour' });
  const seen = upstream.requests.at(-1);
  assert.equal(seen.path, '/v1/messages');
  assert.equal(seen.headers['x-api-key'], 'ant-server-key');
  assert.equal(seen.headers['anthropic-version'], '2023-06-01');
  assert.equal(seen.body.stream, true);
  assert.equal(seen.body.system, undefined, 'no system prompt was set');
  assert.deepEqual(ended.usage, { inputTokens: JSON.stringify(seen.body.messages).length, outputTokens: 3 });
});

test('the agent owner’s own key, kept as an account secret, is used before the server’s', async () => {
  assert.equal((await acme.call('PUT', '/v1/account/secrets/OPENAI_API_KEY', { body: { value: 'sk-acme-own' } })).status, 201);
  const ended = await waitEnd((await run(gpt, 'with my key')).id);
  assert.equal(ended.status, 'completed');
  assert.equal(upstream.requests.at(-1).headers.authorization, 'Bearer sk-acme-own');
  assert.equal((await acme.call('DELETE', '/v1/account/secrets/OPENAI_API_KEY')).status, 204);
});

test('output streams into the run’s events while the model is still answering', async () => {
  const started = await run(gpt, 'slow:8');
  const stream = await openSse(`${server.base}/v1/runs/${started.id}/events`, { authorization: `Bearer ${acme.key}` });
  const events = await stream.all();
  const deltas = events.filter((e) => e.event === 'delta');
  assert.ok(deltas.length >= 2, `output came in ${deltas.length} piece(s) over 0.8 s`);
  assert.equal(deltas.map((d) => d.data.text).join(''), 'p0 p1 p2 p3 p4 p5 p6 p7 ');
  assert.equal(events.at(-1).data.status, 'completed');
  const ids = events.map((e) => Number(e.id));
  assert.deepEqual(ids, ids.map((_, i) => i + 1), 'ids increase by one, no gaps');
});

test('cancel during streaming stops the provider call and charges nothing', async () => {
  const before = await balance(acme.call);
  const started = await run(gpt, 'slow:300');
  const stream = await openSse(`${server.base}/v1/runs/${started.id}/events`, { authorization: `Bearer ${acme.key}` });
  for (;;) {
    const [e] = await stream.next(1);
    if (e.event === 'delta') break;
  }
  const cancelled = await acme.call('POST', `/v1/runs/${started.id}/cancel`);
  assert.equal(cancelled.status, 200);
  assert.ok(['cancelling', 'cancelled'].includes(cancelled.body.data.status));
  const rest = await stream.all();
  assert.deepEqual(rest.filter((e) => e.event === 'status').map((e) => e.data.status), ['cancelling', 'cancelled']);
  const ended = await waitEnd(started.id);
  assert.equal(ended.status, 'cancelled');
  assert.equal(ended.cost, 0);
  assert.deepEqual(await balance(acme.call), before);
  for (let i = 0; i < 50 && !upstream.requests.at(-1).closedEarly; i++) await sleep(20);
  assert.ok(upstream.requests.at(-1).closedEarly, 'the upstream connection was closed mid-answer');
});

test('provider failures end the run failed and unpaid, without leaking the key', async () => {
  const before = await balance(acme.call);
  const refused = await waitEnd((await run(gpt, 'error401')).id);
  assert.equal(refused.status, 'failed');
  assert.equal(refused.error.code, 'provider_error');
  assert.equal(refused.error.message, 'the provider answered 401 (invalid_request_error, invalid_api_key)');
  const malformed = await waitEnd((await run(claude, 'malformed')).id);
  assert.equal(malformed.status, 'failed');
  assert.match(malformed.error.message, /not JSON/);
  const huge = await waitEnd((await run(gpt, 'huge:1100')).id);
  assert.equal(huge.status, 'failed');
  assert.equal(huge.error.code, 'output_too_large');
  const hung = await acme.call('POST', '/v1/execute', { body: { agentId: gpt.id, input: { message: 'hang' }, timeout: 1 } });
  assert.equal(hung.status, 200);
  assert.equal(hung.body.data.status, 'failed');
  assert.equal(hung.body.data.error.code, 'timeout');
  assert.deepEqual(await balance(acme.call), before);
  const logs = await acme.call('GET', `/v1/agents/${gpt.id}/logs?level=warn`);
  assert.ok(!logs.text.includes('sk-server-key'), 'no key in the agent’s log');
  assert.ok(!server.stdout.includes('sk-server-key') && !server.stderr.includes('sk-server-key'));
  await assertLedgerSound(admin, 'after failed provider calls');
});

test('a model without a key is refused at run time; a self-hosted base URL needs none', async () => {
  const other = await startServer({ plans: bulkPlans, args: ['--openai-base-url', 'https://api.openai.com/v1'] });
  try {
    const a = client(other, other.adminKey);
    const me = await createAccount(other, a, { name: 'nokey', plan: 'bulk' });
    await grant(a, me.account.id, 10);
    const agent = (await me.call('POST', '/v1/agents', { body: { name: 'g', model: 'gpt-4o' } })).body.data;
    const started = await me.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'x' } } });
    const ended = (await me.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`)).body.data;
    assert.equal(ended.status, 'failed');
    assert.equal(ended.error.code, 'provider_not_configured');
    assert.match(ended.error.message, /OPENAI_API_KEY/);
    // Chat answers at once, with a 4xx the agent's owner can act on, not a retryable 503.
    const chat = await me.call('POST', `/v1/agents/${agent.id}/chat`, { body: { message: 'x' } });
    assert.equal(chat.status, 409, chat.text);
    assert.equal(chat.body.error.code, 'provider_not_configured');
    assert.match(chat.body.error.message, /sets the account secret OPENAI_API_KEY/);
  } finally {
    assert.equal((await other.stop()).code, 0);
    other.cleanup();
  }
  const local = await startServer({ plans: bulkPlans, args: ['--openai-base-url', `${upstream.url}/v1`] });
  try {
    const a = client(local, local.adminKey);
    const me = await createAccount(local, a, { name: 'ollama', plan: 'bulk' });
    await grant(a, me.account.id, 10);
    const agent = (await me.call('POST', '/v1/agents', { body: { name: 'l', model: 'gpt-4o-mini' } })).body.data;
    const started = await me.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'local' } } });
    const ended = (await me.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`)).body.data;
    assert.equal(ended.status, 'completed');
    assert.equal(upstream.requests.at(-1).headers.authorization, undefined);
  } finally {
    assert.equal((await local.stop()).code, 0);
    local.cleanup();
  }
});

test('workers keep to the per-agent and the per-node concurrency limits', async () => {
  const limited = await startServer({
    plans: bulkPlans,
    args: ['--openai-base-url', `${upstream.url}/v1`, '--run-agent-concurrency', '1', '--run-workers', '2'],
    env: { AGENTRY_OPENAI_API_KEY: 'sk-server-key' },
  });
  try {
    const a = client(limited, limited.adminKey);
    const me = await createAccount(limited, a, { name: 'busy', plan: 'bulk' });
    await grant(a, me.account.id, 10);
    const agents = [];
    for (const name of ['one', 'two', 'three']) {
      agents.push((await me.call('POST', '/v1/agents', { body: { name, model: 'gpt-4o-mini' } })).body.data);
    }
    const ids = [];
    for (const [agent, count] of [[agents[0], 3], [agents[1], 2], [agents[2], 1]]) {
      for (let i = 0; i < count; i++) {
        ids.push((await me.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'slow:4' } } })).body.data.id);
      }
    }
    let mostPerAgent = 0;
    let most = 0;
    for (;;) {
      const active = (await me.call('GET', '/v1/runs?status=active&limit=100')).body.data;
      const perAgent = {};
      for (const r of active) perAgent[r.agentId] = (perAgent[r.agentId] ?? 0) + 1;
      mostPerAgent = Math.max(mostPerAgent, ...Object.values(perAgent), 0);
      most = Math.max(most, active.length);
      const open = (await me.call('GET', '/v1/runs?status=queued&limit=1')).body.data.length + active.length;
      if (open === 0) break;
      await sleep(30);
    }
    assert.equal(mostPerAgent, 1, 'one run of an agent at a time');
    assert.equal(most, 2, 'two runs on the node at a time');
    for (const id of ids) assert.equal((await me.call('GET', `/v1/runs/${id}`)).body.data.status, 'completed');
  } finally {
    assert.equal((await limited.stop()).code, 0);
    limited.cleanup();
  }
});

test('a run active when the server is killed is taken up again after the restart and paid once', async () => {
  const before = await balance(acme.call);
  const started = await run(gpt, 'slow:20');
  const stream = await openSse(`${server.base}/v1/runs/${started.id}/events`, { authorization: `Bearer ${acme.key}` });
  for (;;) {
    const [e] = await stream.next(1);
    if (e.event === 'delta') break;
  }
  stream.close();
  await server.stop('SIGKILL');
  server = await startServer(serverOptions(server.dataDir));
  acme.call = client(server, acme.key);
  admin = client(server, server.adminKey);
  const ended = await waitEnd(started.id);
  assert.equal(ended.status, 'completed', JSON.stringify(ended));
  assert.equal(ended.attempts, 2);
  const after = await balance(acme.call);
  assert.equal(Math.round((before.available - after.available) * 1e6), Math.round(ended.cost * 1e6), 'charged once');
  assert.equal(after.held, 0);
  const events = await (await openSse(`${server.base}/v1/runs/${started.id}/events`, { authorization: `Bearer ${acme.key}` })).all();
  const statuses = events.filter((e) => e.event === 'status').map((e) => e.data.status);
  assert.deepEqual(statuses, ['queued', 'active', 'queued', 'active', 'completed']);
  await assertLedgerSound(admin, 'after recovering a run');
});
