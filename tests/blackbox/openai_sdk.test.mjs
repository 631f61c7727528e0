// The official `openai` SDK against agentry: agents are its models (by id, by name, or
// <handle>/<agent-name> for a public agent), chat completions run a stateless chat turn with the
// agent — its prompt applies, the caller's settings reach the provider, the caller's own tools
// come back as tool calls — paid and limited like any chat turn, and every error comes in
// OpenAI's shape so that the SDK raises its usual exceptions.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { createAccount } from './lib/server.mjs';
import { balance, grant } from './lib/market.mjs';
import { startHosted } from './lib/hosted.mjs';

let hosted;
let upstream;
let server;
let admin;
let acme;
let globex;
let gpt;
let sdk;

const openai = (apiKey) => new OpenAI({ apiKey, baseURL: `${server.base}/v1`, maxRetries: 0 });

// The upstream's chat requests made since `from`.
const chatRequestsSince = (from) => upstream.requests.slice(from).filter((r) => r.path === '/v1/chat/completions');

before(async () => {
  hosted = await startHosted();
  ({ upstream, server, admin, acme } = hosted);
  gpt = (await acme.call('POST', '/v1/agents', {
    body: { name: 'gpt', model: 'gpt-4o-mini', systemPrompt: 'Be kind.', description: 'A kind helper.' },
  })).body.data;
  globex = await createAccount(server, admin, { name: 'Globex Corp', plan: 'bulk' });
  await grant(admin, globex.account.id, 100);
  sdk = openai(acme.key);
});

after(() => hosted.close());

test('each account has a unique handle, made from its name and changeable', async () => {
  const own = (await acme.call('GET', '/v1/account')).body.data;
  assert.equal(own.handle, 'acme');
  assert.equal((await globex.call('GET', '/v1/account')).body.data.handle, 'globex-corp');
  const taken = await globex.call('PATCH', '/v1/account', { body: { handle: 'acme' } });
  assert.equal(taken.status, 409, taken.text);
  assert.equal(taken.body.error.field, 'handle');
  const bad = await globex.call('PATCH', '/v1/account', { body: { handle: 'Globex_Corp' } });
  assert.equal(bad.status, 400, bad.text);
  const renamed = await globex.call('PATCH', '/v1/account', { body: { handle: 'globex' } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.body.data.handle, 'globex');
});

test('models are the agents a key may use: its own, then public ones, never another account\'s private ones', async () => {
  const shared = (await globex.call('POST', '/v1/agents', { body: { name: 'shared', model: 'gpt-4o-mini', visibility: 'public' } })).body.data;
  const hidden = (await globex.call('POST', '/v1/agents', { body: { name: 'hidden', model: 'gpt-4o-mini' } })).body.data;
  const ids = [];
  for await (const model of sdk.models.list()) ids.push(model.id);
  assert.ok(ids.includes('acme/gpt'), ids.join());
  assert.ok(ids.indexOf('acme/gpt') < ids.indexOf('globex/shared'), 'own agents first');
  assert.ok(!ids.includes('globex/hidden'));

  const byHandle = await sdk.models.retrieve('globex/shared');
  assert.equal(byHandle.id, 'globex/shared');
  assert.equal(byHandle.object, 'model');
  assert.equal(byHandle.owned_by, 'globex');
  assert.equal(byHandle.agent_id, shared.id);
  assert.equal((await sdk.models.retrieve('gpt')).id, 'acme/gpt', 'one of mine by its name');
  assert.equal((await sdk.models.retrieve(gpt.id)).id, 'acme/gpt', 'by its id');
  for (const name of ['globex/hidden', hidden.id, 'nobody/gpt', 'no-such-agent']) {
    await assert.rejects(sdk.models.retrieve(name), (e) => {
      assert.ok(e instanceof OpenAI.NotFoundError, `${name}: ${e}`);
      assert.equal(e.code, 'model_not_found');
      assert.equal(e.type, 'invalid_request_error');
      assert.equal(e.param, 'model');
      return true;
    });
  }
});

test('a chat completion is a turn with the agent: its prompt first, the caller\'s settings passed on, nothing kept', async () => {
  const from = upstream.requests.length;
  const before = await balance(acme.call);
  const completion = await sdk.chat.completions.create({
    model: 'gpt',
    messages: [
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: [{ type: 'text', text: 'hello ' }, { type: 'text', text: 'there' }] },
    ],
    temperature: 0.2,
    max_tokens: 50,
    stop: ['\n\n'],
    user: 'end-user-7',
  });
  assert.equal(completion.object, 'chat.completion');
  assert.match(completion.id, /^chatcmpl-/);
  assert.equal(completion.model, 'acme/gpt');
  assert.equal(completion.choices.length, 1);
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.equal(completion.choices[0].message.content, 'Hi gpt-4o-mini: hello there');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.ok(completion.usage.prompt_tokens > 0 && completion.usage.completion_tokens > 0);
  assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);

  const [sent] = chatRequestsSince(from);
  assert.equal(sent.body.model, 'gpt-4o-mini');
  assert.equal(sent.body.messages[0].role, 'system');
  assert.match(sent.body.messages[0].content, /^Be kind\.[\s\S]*Answer in French\.$/, 'the agent\'s prompt, then the caller\'s');
  assert.deepEqual(sent.body.messages.slice(1).map((m) => [m.role, m.content]),
    [['user', 'first question'], ['assistant', 'first answer'], ['user', 'hello there']]);
  assert.equal(sent.body.temperature, 0.2);
  assert.equal(sent.body.max_tokens, 50);
  assert.deepEqual(sent.body.stop, ['\n\n']);
  assert.equal(sent.body.user, 'end-user-7');

  assert.ok((await balance(acme.call)).available < before.available, 'the turn was paid for');
  // The answers are the shapes /openapi.json documents (the client checks every 2xx body).
  const raw = await acme.call('POST', '/v1/chat/completions', { body: { model: 'gpt', messages: [{ role: 'user', content: 'raw' }] } });
  assert.equal(raw.status, 200, raw.text);
  assert.equal((await acme.call('GET', '/v1/models')).status, 200);
  assert.equal((await acme.call('GET', '/v1/models/acme/gpt')).body.id, 'acme/gpt');
  const sessions = await acme.call('GET', `/v1/sessions?agentId=${gpt.id}`);
  assert.equal(sessions.body.data.length, 0, 'a stateless turn keeps no session');
});

test('streamed, the text comes in chunks, then the finish reason, the usage and [DONE]', async () => {
  const stream = await sdk.chat.completions.create({
    model: gpt.id,
    messages: [{ role: 'user', content: 'slow:3' }],  // three pieces, 100 ms apart
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id));
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  assert.equal(text, 'p0 p1 p2 ');
  assert.ok(chunks.filter((c) => c.choices[0]?.delta?.content).length > 1, 'more than one piece');
  assert.equal(chunks.at(-2).choices[0].finish_reason, 'stop');
  assert.deepEqual(chunks.at(-1).choices, []);
  assert.ok(chunks.at(-1).usage.completion_tokens > 0);

  // The SDK's own helper reassembles the same completion.
  const runner = sdk.chat.completions.stream({ model: 'gpt', messages: [{ role: 'user', content: 'again' }] });
  const done = await runner.finalChatCompletion();
  assert.equal(done.choices[0].message.content, 'Hi gpt-4o-mini: again');
});

test('the caller\'s own tools come back as tool calls; their results continue the conversation', async () => {
  const tools = [{
    type: 'function',
    function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  }];
  const messages = [{ role: 'user', content: 'call:get_weather {"city":"Paris"}' }];
  const from = upstream.requests.length;
  const first = await sdk.chat.completions.create({ model: 'gpt', messages, tools });
  const choice = first.choices[0];
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.content, null);
  assert.equal(choice.message.tool_calls.length, 1);
  const call = choice.message.tool_calls[0];
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
  const [sent] = chatRequestsSince(from);
  assert.deepEqual(sent.body.tools.map((t) => t.function.name), ['get_weather']);
  assert.deepEqual(sent.body.tools[0].function.parameters.required, ['city']);

  messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21 °C' });
  const second = await sdk.chat.completions.create({ model: 'gpt', messages, tools });
  assert.equal(second.choices[0].finish_reason, 'stop');
  assert.equal(second.choices[0].message.content, 'Tool said: sunny, 21 °C');
  const [again] = chatRequestsSince(from).slice(1);
  assert.deepEqual(again.body.messages.at(-1), { role: 'tool', content: 'sunny, 21 °C', tool_call_id: call.id });

  // Streamed, the calls come as a tool_calls delta.
  const stream = await sdk.chat.completions.create({ model: 'gpt', messages: messages.slice(0, 1), tools, stream: true });
  const deltas = [];
  for await (const chunk of stream) deltas.push(chunk.choices[0]);
  const withCalls = deltas.find((d) => d?.delta?.tool_calls);
  assert.equal(withCalls.delta.tool_calls[0].function.name, 'get_weather');
  assert.equal(withCalls.delta.tool_calls[0].index, 0);
  assert.equal(deltas.at(-1).finish_reason, 'tool_calls');

  // tool_choice "none" offers the model none of them.
  const before = upstream.requests.length;
  const none = await sdk.chat.completions.create({ model: 'gpt', messages: messages.slice(0, 1), tools, tool_choice: 'none' });
  assert.equal(none.choices[0].finish_reason, 'stop');
  assert.equal(chatRequestsSince(before)[0].body.tools, undefined);
});

test('errors come in OpenAI\'s shape, so the SDK raises its own exceptions', async () => {
  const expectError = async (promise, Type, status, check = () => {}) => {
    await assert.rejects(promise, (e) => {
      assert.ok(e instanceof Type, String(e));
      assert.equal(e.status, status);
      assert.equal(typeof e.error.message, 'string');
      assert.ok('param' in e.error && 'code' in e.error && 'type' in e.error, JSON.stringify(e.error));
      check(e);
      return true;
    });
  };
  const ask = (client, body) => client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], ...body });
  await expectError(ask(openai('ak_live_not_a_real_key_0000000000000000000000')), OpenAI.AuthenticationError, 401,
    (e) => assert.equal(e.type, 'authentication_error'));
  await expectError(ask(sdk, { temperature: 3 }), OpenAI.BadRequestError, 400, (e) => {
    assert.equal(e.param, 'temperature');
    assert.equal(e.code, 'validation_error');
  });
  await expectError(ask(sdk, { frequency_penalty: 1 }), OpenAI.BadRequestError, 400);
  await expectError(ask(sdk, { tool_choice: 'required', tools: [{ type: 'function', function: { name: 'f' } }] }),
    OpenAI.BadRequestError, 400, (e) => assert.equal(e.param, 'tool_choice'));
  await expectError(sdk.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }),
    OpenAI.BadRequestError, 400, (e) => assert.equal(e.param, 'messages[0].content'));
  await expectError(sdk.chat.completions.create({ model: 'gpt', messages: [{ role: 'system', content: 'only rules' }] }),
    OpenAI.BadRequestError, 400, (e) => assert.equal(e.param, 'messages'));
  await expectError(ask(sdk, { model: 'globex/hidden' }), OpenAI.NotFoundError, 404);

  const reader = await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['agents:read'] } });
  await expectError(ask(openai(reader.body.data.key)), OpenAI.PermissionDeniedError, 403,
    (e) => assert.equal(e.code, 'insufficient_scope'));
  await expectError(openai(reader.body.data.key).models.list(), OpenAI.PermissionDeniedError, 403);
  await expectError(openai(reader.body.data.key).responses.create({ model: 'gpt', input: 'hi' }), OpenAI.PermissionDeniedError, 403);

  // A body that is not JSON gets the same shape.
  const broken = await fetch(`${server.base}/v1/chat/completions`, {
    method: 'POST', headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json' }, body: '{"model":',
  });
  assert.equal(broken.status, 400);
  const brokenBody = await broken.json();
  assert.equal(brokenBody.error.type, 'invalid_request_error');
  assert.equal(brokenBody.error.code, 'bad_request');

  // A tool of the caller's may not take the name of one the agent runs itself.
  const skill = (await acme.call('POST', '/v1/skills', { body: { content: '---\nname: be-brief\ndescription: Keep it short.\n---\nShort answers.\n' } })).body.data;
  const skilled = (await acme.call('POST', '/v1/agents', { body: { name: 'skilled', model: 'gpt-4o-mini' } })).body.data;
  assert.equal((await acme.call('POST', `/v1/agents/${skilled.id}/skills`, { body: { skillId: skill.id } })).status, 201);
  await expectError(ask(sdk, { model: 'skilled', tools: [{ type: 'function', function: { name: 'load_skill' } }] }),
    OpenAI.BadRequestError, 400, (e) => assert.equal(e.param, 'tools'));

  const dear = (await globex.call('POST', '/v1/agents', { body: { name: 'dear', model: 'gpt-4o-mini', pricePerTask: 5000, visibility: 'public' } })).body.data;
  await expectError(ask(sdk, { model: 'globex/dear' }), OpenAI.APIError, 402, (e) => {
    assert.equal(e.type, 'insufficient_quota');
    assert.equal(e.code, 'insufficient_credits');
  });
  await expectError(ask(sdk, { model: dear.id.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }), OpenAI.NotFoundError, 404);
  const stopped = (await acme.call('POST', `/v1/agents/${gpt.id}/stop`)).body.data;
  assert.equal(stopped.status, 'stopped');
  await expectError(ask(sdk), OpenAI.ConflictError, 409);
  await acme.call('POST', `/v1/agents/${gpt.id}/start`);
});

test('responses are turns of a session: previous_response_id continues it, instructions apply to one response', async () => {
  const from = upstream.requests.length;
  const first = await sdk.responses.create({ model: 'gpt', input: 'my name is Ada', instructions: 'Be terse.', user: 'end-user-3' });
  assert.equal(first.object, 'response');
  assert.equal(first.status, 'completed');
  assert.match(first.id, /^resp_msg_/);
  assert.equal(first.model, 'acme/gpt');
  assert.equal(first.output_text, 'Hi gpt-4o-mini: my name is Ada');
  assert.ok(first.usage.output_tokens > 0);
  const [sentFirst] = chatRequestsSince(from);
  assert.match(sentFirst.body.messages[0].content, /^Be kind\.[\s\S]*Be terse\.$/);

  const second = await sdk.responses.create({ model: 'gpt', input: 'what is my name?', previous_response_id: first.id });
  assert.equal(second.previous_response_id, first.id);
  const [, sentSecond] = chatRequestsSince(from);
  assert.deepEqual(sentSecond.body.messages.slice(1).map((m) => [m.role, m.content]), [
    ['user', 'my name is Ada'], ['assistant', 'Hi gpt-4o-mini: my name is Ada'], ['user', 'what is my name?'],
  ], 'the session\'s history, then the new input');
  assert.doesNotMatch(sentSecond.body.messages[0].content, /Be terse/, 'instructions were for the first response only');
  const sessions = (await acme.call('GET', `/v1/sessions?agentId=${gpt.id}`)).body.data;
  assert.equal(sessions.length, 1, 'one session holds both');
  assert.equal(sessions[0].endUserId, 'end-user-3');

  // Streamed: semantic events in order, the text in deltas, the whole response at the end.
  const stream = await sdk.responses.create({ model: 'gpt', input: 'slow:3', previous_response_id: second.id, stream: true });
  const events = [];
  for await (const e of stream) events.push(e);
  const types = events.map((e) => e.type);
  assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
  assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
  const deltas = events.filter((e) => e.type === 'response.output_text.delta');
  assert.ok(deltas.length > 1);
  assert.equal(deltas.map((e) => e.delta).join(''), 'p0 p1 p2 ');
  assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
  const completed = events.at(-1).response;
  assert.equal(completed.status, 'completed');
  assert.equal(completed.output[0].content[0].text, 'p0 p1 p2 ');

  // The SDK's stream helper, and an input of message items.
  const helper = sdk.responses.stream({ model: 'gpt', input: [{ role: 'developer', content: 'Short.' }, { role: 'user', content: [{ type: 'input_text', text: 'items' }] }] });
  const final = await helper.finalResponse();
  assert.equal(final.output_text, 'Hi gpt-4o-mini: items');

  await assert.rejects(sdk.responses.create({ model: 'gpt', input: 'x', previous_response_id: 'resp_msg_nope' }), (e) => {
    assert.ok(e instanceof OpenAI.NotFoundError);
    assert.equal(e.param, 'previous_response_id');
    return true;
  });
  for (const [body, param] of [
    [{ model: 'gpt' }, 'input'],
    [{ model: 'gpt', input: 'x', store: false }, 'store'],
    [{ model: 'gpt', input: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }, 'input'],
    [{ model: 'gpt', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }] }, 'input[0].content'],
  ]) {
    await assert.rejects(sdk.responses.create(body), (e) => {
      assert.ok(e instanceof OpenAI.BadRequestError, `${JSON.stringify(body)}: ${e}`);
      assert.equal(e.param, param);
      return true;
    });
  }
  const other = await globex.call('POST', '/v1/responses', { body: { model: 'globex/shared', input: 'x', previous_response_id: first.id } });
  assert.equal(other.status, 404, 'another account\'s response is not found');
  const raw = await acme.call('POST', '/v1/responses', { body: { model: 'gpt', input: 'raw' } });
  assert.equal(raw.status, 200, raw.text);  // the shape /openapi.json documents
});
