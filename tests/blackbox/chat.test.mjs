// Chat with hosted agents: sessions and their history, replies whole or streamed as SSE from the
// provider's own stream, payment per turn, and a client that leaves mid-stream.
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
let echo;  // model echo
let gpt;   // model gpt-4o-mini through the OpenAI-compatible upstream

before(async () => {
  upstream = await startUpstream();
  server = await startServer({
    plans: bulkPlans,
    args: ['--openai-base-url', `${upstream.url}/v1`, '--signup-credits', '0'],
    env: { AGENTRY_OPENAI_API_KEY: 'sk-chat' },
  });
  admin = client(server, server.adminKey);
  acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
  await grant(admin, acme.account.id, 100);
  echo = (await acme.call('POST', '/v1/agents', { body: { name: 'echo', model: 'echo' } })).body.data;
  gpt = (await acme.call('POST', '/v1/agents', { body: { name: 'gpt', model: 'gpt-4o-mini', systemPrompt: 'Be kind.' } })).body.data;
});

after(async () => {
  assert.equal((await server.stop()).code, 0);
  server.cleanup();
  await upstream.close();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const miniCost = (u) => Math.ceil((u.inputTokens * 200000 + u.outputTokens * 600000) / 1e6) / 1e6;

function chatStream(agent, body) {
  return fetch(`${server.base}/v1/agents/${agent.id}/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
}

// Reads an SSE response to its end: [{event, data}].
async function eventsOf(res) {
  return (await eventsWithIds(res)).map(({ event, data }) => ({ event, data }));
}

test('a turn without a session opens one; the next turn sends the history to the model', async () => {
  const first = await acme.call('POST', `/v1/agents/${gpt.id}/chat`, { body: { message: 'my name is Ada', endUserId: 'user-7' } });
  assert.equal(first.status, 200, first.text);
  const sessionId = first.body.data.sessionId;
  assert.match(sessionId, /^ses_/);
  assert.equal(first.body.data.message.role, 'assistant');
  assert.equal(first.body.data.message.content, 'Hi gpt-4o-mini: my name is Ada');
  assert.equal(first.body.data.usage.cost, miniCost(first.body.data.usage));
  const second = await acme.call('POST', `/v1/agents/${gpt.id}/chat`, { body: { message: 'who am I?', sessionId } });
  assert.equal(second.status, 200, second.text);
  assert.deepEqual(upstream.requests.at(-1).body.messages, [
    { role: 'system', content: 'Be kind.' },
    { role: 'user', content: 'my name is Ada' },
    { role: 'assistant', content: 'Hi gpt-4o-mini: my name is Ada' },
    { role: 'user', content: 'who am I?' },
  ]);
  const session = await acme.call('GET', `/v1/sessions/${sessionId}`);
  assert.equal(session.body.data.messageCount, 4);
  assert.equal(session.body.data.endUserId, 'user-7');
  assert.equal(session.body.data.title, 'my name is Ada');
  const listed = await acme.call('GET', `/v1/sessions?agentId=${gpt.id}`);
  assert.ok(listed.body.data.some((s) => s.id === sessionId));
  // Messages newest first, cursor-paged.
  const seen = [];
  let cursor = null;
  for (;;) {
    const page = await acme.call('GET', `/v1/sessions/${sessionId}/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200, page.text);
    seen.push(...page.body.data.map((m) => m.content));
    if (!page.body.pagination.hasMore) break;
    cursor = page.body.pagination.nextCursor;
  }
  assert.deepEqual(seen, ['Hi gpt-4o-mini: who am I?', 'who am I?', 'Hi gpt-4o-mini: my name is Ada', 'my name is Ada']);
});

test('a streamed reply: session, deltas as the provider sends them, message, usage, done; paid once', async () => {
  const before = await balance(acme.call);
  const res = await chatStream(gpt, { message: 'slow:6' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const events = await eventsOf(res);
  const kinds = events.map((e) => e.event);
  assert.equal(kinds[0], 'session');
  assert.deepEqual(kinds.slice(-3), ['message', 'usage', 'done']);
  const deltas = events.filter((e) => e.event === 'delta');
  assert.ok(deltas.length >= 2, `${deltas.length} delta event(s) over 0.6 s`);
  const text = deltas.map((d) => d.data.text).join('');
  assert.equal(text, 'p0 p1 p2 p3 p4 p5 ');
  const message = events.find((e) => e.event === 'message').data;
  assert.equal(message.content, text);
  const usage = events.find((e) => e.event === 'usage').data;
  assert.equal(usage.outputTokens, 6);
  assert.equal(usage.cost, miniCost(usage));
  const after = await balance(acme.call);
  assert.equal(Math.round((before.available - after.available) * 1e6), Math.round(usage.cost * 1e6));
  assert.equal(after.held, 0);
});

test('a streamed turn is not stored under its Idempotency-Key: the key is released', async () => {
  const send = () => fetch(`${server.base}/v1/agents/${echo.id}/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json', 'idempotency-key': 'chat-1' },
    body: JSON.stringify({ message: 'once', stream: true }),
  });
  for (const attempt of [1, 2]) {
    const events = await eventsOf(await send());
    assert.equal(events.at(-1).event, 'done', `attempt ${attempt} streamed a whole answer`);
  }
});

test('a client that leaves mid-stream stops the provider call; the turn is undone and free', async () => {
  const before = await balance(acme.call);
  const opened = await acme.call('POST', '/v1/sessions', { body: { agentId: gpt.id, title: 'leaving' } });
  assert.equal(opened.status, 201, opened.text);
  const sessionId = opened.body.data.id;
  const controller = new AbortController();
  const res = await fetch(`${server.base}/v1/agents/${gpt.id}/chat`, {
    method: 'POST', signal: controller.signal,
    headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'slow:300', sessionId, stream: true }),
  });
  const reader = res.body.getReader();
  let seen = '';
  while (!seen.includes('event: delta')) seen += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  for (let i = 0; i < 100 && !upstream.requests.at(-1).closedEarly; i++) await sleep(20);
  assert.ok(upstream.requests.at(-1).closedEarly, 'the provider call was stopped');
  for (let i = 0; i < 100 && (await balance(acme.call)).held !== 0; i++) await sleep(20);
  assert.deepEqual(await balance(acme.call), before, 'nothing held, nothing charged');
  assert.equal((await acme.call('GET', `/v1/sessions/${sessionId}`)).body.data.messageCount, 0, 'the unanswered message is gone');
});

test('a provider failure: an error event when streamed, 503 when not; nothing charged', async () => {
  const before = await balance(acme.call);
  const events = await eventsOf(await chatStream(gpt, { message: 'error401' }));
  assert.deepEqual(events.map((e) => e.event), ['session', 'error']);
  assert.deepEqual(events[1].data, { code: 'provider_error', message: 'the provider answered 401 (invalid_request_error, invalid_api_key)' });
  const whole = await acme.call('POST', `/v1/agents/${gpt.id}/chat`, { body: { message: 'malformed' } });
  assert.equal(whole.status, 503);
  assert.equal(whole.body.error.code, 'unavailable');
  assert.deepEqual(await balance(acme.call), before);
  await assertLedgerSound(admin, 'after failed chat turns');
});

test('streamed turns racing for the last credits: one is paid, the others are refused and free', async (t) => {
  // Each turn holds the agent's price, 1 credit; the wallet covers one hold. Deltas do not wait
  // for the hold: a turn whose hold is refused after its stream began ends in an error event.
  const owner = await createAccount(server, admin, { name: 'race-owner', plan: 'bulk' });
  const priced = (await owner.call('POST', '/v1/agents', { body: { name: 'priced', model: 'echo', pricePerTask: 1, visibility: 'public' } })).body.data;
  const racer = await createAccount(server, admin, { name: 'racer', plan: 'bulk' });
  await grant(admin, racer.account.id, 1.5);
  const outcomes = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
    const res = await fetch(`${server.base}/v1/agents/${priced.id}/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${racer.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: `race ${i}`, stream: true }),
    });
    if (res.status !== 200) return { status: res.status, code: (await res.json()).error.code };
    const events = await eventsOf(res);
    return { status: 200, events };
  }));
  const paid = outcomes.filter((o) => o.status === 200 && o.events.at(-1).event === 'done');
  assert.equal(paid.length, 1, JSON.stringify(outcomes));
  for (const o of outcomes.filter((x) => !paid.includes(x))) {
    if (o.status === 200) {
      assert.equal(o.events[0].event, 'session');
      assert.deepEqual(o.events.at(-1), { event: 'error', data: { code: 'insufficient_credits', message: o.events.at(-1).data.message } });
      const session = await racer.call('GET', `/v1/sessions/${o.events[0].data.sessionId}`);
      assert.equal(session.status, 404, 'a refused turn stored nothing');
    } else {
      assert.deepEqual(o, { status: 402, code: 'insufficient_credits' });
    }
  }
  const late = outcomes.filter((o) => o.status === 200 && o.events.at(-1).event === 'error').length;
  t.diagnostic(`${late} refused after their stream began, ${7 - late} refused with 402`);
  const after = await balance(racer.call);
  assert.equal(after.held, 0);
  assert.equal(after.available, 0.5, 'one turn paid');
  assert.equal((await balance(owner.call)).available, 0.9, 'its price less the platform fee');
  await assertLedgerSound(admin, 'after racing turns');
});

test('the echo provider chats offline; sessions are private and deletable', async () => {
  const res = await acme.call('POST', `/v1/agents/${echo.id}/chat`, { body: { message: 'hello' } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.data.message.content, 'echo: hello');
  const sessionId = res.body.data.sessionId;
  const other = await createAccount(server, admin, { name: 'other', plan: 'bulk' });
  for (const [method, path] of [['GET', `/v1/sessions/${sessionId}`], ['GET', `/v1/sessions/${sessionId}/messages`], ['DELETE', `/v1/sessions/${sessionId}`]]) {
    assert.equal((await other.call(method, path)).status, 404, `${method} ${path}`);
  }
  const foreign = await other.call('POST', `/v1/agents/${echo.id}/chat`, { body: { message: 'x' } });
  assert.equal(foreign.status, 404, 'a private agent of another account');
  const wrongAgent = await acme.call('POST', `/v1/agents/${gpt.id}/chat`, { body: { message: 'x', sessionId } });
  assert.equal(wrongAgent.status, 404, 'a session belongs to one agent');
  assert.equal((await acme.call('DELETE', `/v1/sessions/${sessionId}`)).status, 204);
  assert.equal((await acme.call('GET', `/v1/sessions/${sessionId}`)).status, 404);
  assert.equal((await acme.call('POST', `/v1/agents/${echo.id}/chat`, { body: {} })).status, 400);
});

test('remote and stopped agents do not chat', async () => {
  const remote = (await acme.call('POST', '/v1/agents', { body: { name: 'far', kind: 'remote', endpointUrl: 'https://agent.example/run' } })).body.data;
  const res = await acme.call('POST', `/v1/agents/${remote.id}/chat`, { body: { message: 'hi' } });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.field, 'agentId');
  const sleepy = (await acme.call('POST', '/v1/agents', { body: { name: 'sleepy', model: 'echo' } })).body.data;
  await acme.call('POST', `/v1/agents/${sleepy.id}/stop`);
  const stopped = await acme.call('POST', `/v1/agents/${sleepy.id}/chat`, { body: { message: 'hi' } });
  assert.equal(stopped.status, 409);
  assert.equal(stopped.body.error.currentState, 'stopped');
});

// Reads an SSE response to its end, with ids: [{id, event, data}].
async function eventsWithIds(res) {
  const text = await res.text();
  return text.split('\n\n').filter((b) => b.includes('event:')).map((b) => {
    const fields = Object.fromEntries(b.split('\n').filter((l) => l && !l.startsWith(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
    return { id: fields.id, event: fields.event, data: JSON.parse(fields.data) };
  });
}

function reconnect(agent, body, lastEventId) {
  return fetch(`${server.base}/v1/agents/${agent.id}/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json', 'last-event-id': lastEventId },
    body: JSON.stringify({ ...body, stream: true }),
  });
}

test('streamed turn events carry ids; a reconnect with Last-Event-ID reads the rest, never a second turn', async () => {
  const body = { message: 'resume me' };
  const events = await eventsWithIds(await chatStream(gpt, body));
  const turn = events[0].data.userMessageId;
  assert.deepEqual(events.map((e) => e.id), [`${turn}:1`, ...events.slice(1, -3).map((_, i) => `${turn}:${i + 2}`),
    `${turn}:message`, `${turn}:usage`, `${turn}:done`]);
  const sessionId = events[0].data.sessionId;
  const charged = await balance(acme.call);
  const calls = upstream.requests.length;

  // The client lost the stream after the first delta: it gets message, usage and done again.
  const rest = await eventsWithIds(await reconnect(gpt, { ...body, sessionId }, `${turn}:2`));
  assert.deepEqual(rest.map((e) => e.event), ['message', 'usage', 'done']);
  assert.equal(rest[0].data.id, events.at(-3).data.id);
  assert.deepEqual(rest.map((e) => e.id), [`${turn}:message`, `${turn}:usage`, `${turn}:done`]);
  const afterMessage = await eventsWithIds(await reconnect(gpt, body, `${turn}:message`));
  assert.deepEqual(afterMessage.map((e) => e.event), ['usage', 'done']);
  // After the last event there is nothing more: 204, which ends an EventSource's reconnects.
  const done = await reconnect(gpt, body, `${turn}:done`);
  assert.equal(done.status, 204);
  assert.equal(upstream.requests.length, calls, 'no provider call for a reconnect');
  assert.deepEqual(await balance(acme.call), charged, 'charged once');
  assert.equal((await acme.call('GET', `/v1/sessions/${sessionId}`)).body.data.messageCount, 2);
  const bad = await reconnect(gpt, body, 'not-an-id');
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.field, 'Last-Event-ID');
});

test('a reconnect waits for a turn still going, and says clearly when one cannot be resumed', async () => {
  const first = await chatStream(gpt, { message: 'slow:5' });
  const reader = first.body.getReader();
  let seen = '';
  while (!seen.includes('event: delta')) seen += new TextDecoder().decode((await reader.read()).value);
  const turn = /"userMessageId":"([^"]+)"/.exec(seen)[1];
  // While the first connection still streams, a second one with its last id waits for the end.
  const rest = await eventsWithIds(await reconnect(gpt, { message: 'slow:5' }, `${turn}:2`));
  assert.deepEqual(rest.map((e) => e.event), ['message', 'usage', 'done']);
  assert.equal(rest[0].data.content, 'p0 p1 p2 p3 p4 ');
  while (!(await reader.read()).done);

  // A turn whose client left is stopped and undone: its reconnect gets an error event.
  const controller = new AbortController();
  const left = await fetch(`${server.base}/v1/agents/${gpt.id}/chat`, {
    method: 'POST', signal: controller.signal,
    headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'slow:300', stream: true }),
  });
  const leftReader = left.body.getReader();
  let leftSeen = '';
  while (!leftSeen.includes('event: delta')) leftSeen += new TextDecoder().decode((await leftReader.read()).value);
  const leftTurn = /"userMessageId":"([^"]+)"/.exec(leftSeen)[1];
  controller.abort();
  for (let i = 0; i < 100 && (await balance(acme.call)).held !== 0; i++) await sleep(20);
  const gone = await eventsWithIds(await reconnect(gpt, { message: 'slow:300' }, `${leftTurn}:2`));
  assert.deepEqual(gone.map((e) => [e.event, e.data.code, e.id]), [['error', 'turn_not_resumable', `${leftTurn}:error`]]);
  assert.equal((await reconnect(gpt, { message: 'slow:300' }, `${leftTurn}:error`)).status, 204);
});
