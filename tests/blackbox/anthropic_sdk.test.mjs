// The official `@anthropic-ai/sdk` against agentry: POST /v1/messages runs a stateless chat turn
// with the agent `model` names (as on the OpenAI surface), whole or streamed in the Messages
// event format, with `x-api-key` or a bearer token; errors come in Anthropic's shape.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { createAccount } from './lib/server.mjs';
import { startHosted } from './lib/hosted.mjs';

let hosted;
let upstream;
let server;
let acme;
let claude;

const anthropic = (apiKey, extra = {}) => new Anthropic({ apiKey, baseURL: server.base, maxRetries: 0, ...extra });
const messagesSince = (from) => upstream.requests.slice(from).filter((r) => r.path === '/v1/messages');

before(async () => {
  hosted = await startHosted();
  ({ upstream, server, acme } = hosted);
  claude = (await acme.call('POST', '/v1/agents', {
    body: { name: 'claude', model: 'claude-sonnet-4', systemPrompt: 'Be brief.' },
  })).body.data;
});

after(() => hosted.close());

test('a message is a turn with the agent: its prompt first, then the caller\'s system, settings passed on', async () => {
  const from = upstream.requests.length;
  const message = await anthropic(acme.key).messages.create({
    model: 'claude',
    max_tokens: 64,
    system: 'Use British spelling.',
    temperature: 0.5,
    stop_sequences: ['END'],
    metadata: { user_id: 'end-user-9' },
    messages: [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: [{ type: 'text', text: 'an answer' }] },
      { role: 'user', content: [{ type: 'text', text: 'what colour?' }] },
    ],
  });
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.equal(message.model, 'acme/claude');
  assert.deepEqual(message.content, [{ type: 'text', text: 'Hi claude-sonnet-4: what colour?' }]);
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);

  const raw = await acme.call('POST', '/v1/messages', { body: { model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'raw' }] } });
  assert.equal(raw.status, 200, raw.text);  // the shape /openapi.json documents

  const [sent] = messagesSince(from);
  assert.match(sent.body.system, /^Be brief\.[\s\S]*Use British spelling\.$/);
  assert.deepEqual(sent.body.messages.map((m) => m.role), ['user', 'assistant', 'user']);
  assert.equal(sent.body.temperature, 0.5);
  assert.equal(sent.body.max_tokens, 64);
  assert.deepEqual(sent.body.stop_sequences, ['END']);
  assert.deepEqual(sent.body.metadata, { user_id: 'end-user-9' });
});

test('streamed, the events run from message_start to message_stop, and a bearer token works too', async () => {
  const client = new Anthropic({ authToken: acme.key, apiKey: null, baseURL: server.base, maxRetries: 0 });
  const stream = client.messages.stream({ model: claude.id, max_tokens: 64, messages: [{ role: 'user', content: 'slow:3' }] });
  const types = [];
  let text = '';
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'content_block_delta') text += event.delta.text;
  }
  assert.equal(types[0], 'message_start');
  assert.equal(types.at(-1), 'message_stop');
  assert.ok(types.filter((t) => t === 'content_block_delta').length > 1);
  assert.equal(text, 'p0 p1 p2 ', 'three pieces, 100 ms apart');
  const final = await stream.finalMessage();
  assert.equal(final.content[0].text, text);
  assert.equal(final.stop_reason, 'end_turn');
  assert.ok(final.usage.output_tokens > 0);
});

test('the caller\'s tools come back as tool_use blocks; tool_result blocks continue', async () => {
  const client = anthropic(acme.key);
  const tools = [{ name: 'lookup', description: 'Look a word up', input_schema: { type: 'object', properties: { word: { type: 'string' } } } }];
  const messages = [{ role: 'user', content: 'call:lookup {"word":"agent"}' }];
  const first = await client.messages.create({ model: 'claude', max_tokens: 64, tools, messages });
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content.find((b) => b.type === 'tool_use');
  assert.equal(use.name, 'lookup');
  assert.deepEqual(use.input, { word: 'agent' });
  messages.push({ role: 'assistant', content: first.content });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'one who acts' }] });
  const second = await client.messages.create({ model: 'claude', max_tokens: 64, tools, messages });
  assert.equal(second.stop_reason, 'end_turn');
  assert.equal(second.content[0].text, 'Tool said: one who acts');

  const streamed = await client.messages.stream({ model: 'claude', max_tokens: 64, tools, messages: messages.slice(0, 1) }).finalMessage();
  assert.equal(streamed.stop_reason, 'tool_use');
  assert.deepEqual(streamed.content.find((b) => b.type === 'tool_use').input, { word: 'agent' });
});

test('errors come in Anthropic\'s shape, so the SDK raises its own exceptions', async () => {
  const expectError = async (promise, Type, status, errorType) => {
    await assert.rejects(promise, (e) => {
      assert.ok(e instanceof Type, String(e));
      assert.equal(e.status, status);
      assert.equal(e.error.type, 'error');
      assert.equal(e.error.error.type, errorType);
      assert.equal(typeof e.error.error.message, 'string');
      return true;
    });
  };
  const ask = (client, body = {}) => client.messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...body });
  await expectError(ask(anthropic('ak_live_not_a_real_key_0000000000000000000000')), Anthropic.AuthenticationError, 401, 'authentication_error');
  await expectError(ask(anthropic(acme.key), { temperature: 1.5 }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  await expectError(ask(anthropic(acme.key), { model: 'nobody/claude' }), Anthropic.NotFoundError, 404, 'not_found_error');
  await expectError(anthropic(acme.key).messages.create({
    model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }],
  }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  const reader = await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['agents:read'] } });
  await expectError(ask(anthropic(reader.body.data.key)), Anthropic.PermissionDeniedError, 403, 'permission_error');
  await expectError(ask(anthropic(acme.key), { tools: [{ name: 'f', input_schema: { type: 'object' } }], tool_choice: { type: 'any' } }),
    Anthropic.BadRequestError, 400, 'invalid_request_error');

  // Another account's private agent is no model, by id or by name.
  const globex = await createAccount(server, hosted.admin, { name: 'globex', plan: 'bulk' });
  const hidden = (await globex.call('POST', '/v1/agents', { body: { name: 'hidden', model: 'claude-sonnet-4' } })).body.data;
  for (const model of [hidden.id, 'globex/hidden']) {
    await expectError(ask(anthropic(acme.key), { model }), Anthropic.NotFoundError, 404, 'not_found_error');
  }

  // A body that is not JSON gets the same shape.
  const broken = await fetch(`${server.base}/v1/messages`, {
    method: 'POST', headers: { 'x-api-key': acme.key, 'content-type': 'application/json' }, body: '{"model":',
  });
  assert.equal(broken.status, 400);
  assert.equal((await broken.json()).error.type, 'invalid_request_error');
});
