// Tool calls: a hosted agent's model is offered load_skill (it has installed skills) and
// search_knowledge (it has knowledge), calls them in the OpenAI and the Anthropic streamed
// formats, gets their answers and goes on; each call and answer is a run event and an agent log
// line; rounds are bounded, and each round must fit what the run holds.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runEvents, runToEnd } from './lib/server.mjs';
import { startHosted } from './lib/hosted.mjs';

let hosted;
let upstream;
let server;
let acme;
let gpt;
let claude;
let skillMd;
let entry;

before(async () => {
  hosted = await startHosted({ plans: { plans: [{ id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000, tokensPerMinute: 100000000, monthlyCredits: 0 }] } });
  ({ upstream, server, acme } = hosted);
  gpt = (await acme.call('POST', '/v1/agents', { body: { name: 'gpt', model: 'gpt-4o-mini' } })).body.data;
  claude = (await acme.call('POST', '/v1/agents', { body: { name: 'claude', model: 'claude-sonnet-4' } })).body.data;
  skillMd = `---\nname: polite-reply\ndescription: Answer politely.\n---\n${'Say please and thank you. '.repeat(300)}\n`;
  const skill = (await acme.call('POST', '/v1/skills', { body: { content: skillMd } })).body.data;
  for (const agent of [gpt, claude]) {
    assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body: { skillId: skill.id } })).status, 201);
  }
  entry = (await acme.call('POST', `/v1/agents/${claude.id}/knowledge`, {
    body: { title: 'Billing FAQ', content: '# Refunds\n\nRefunds reach the card within five business days.\n' },
  })).body.data;
});

after(() => hosted.close());

const runOf = (agent, message, extra = {}) =>
  runToEnd(acme.call, agent, message, { extra, ended: ['completed', 'failed'] });

const eventsOf = (id) => runEvents(server, acme.key, id);

test('an OpenAI-format model loads a skill through load_skill and answers with it', async () => {
  const before = upstream.requests.length;
  const run = await runOf(gpt, 'call:load_skill {"name":"polite-reply"}');
  assert.equal(run.status, 'completed', JSON.stringify(run.error));
  assert.equal(run.result.output, `Tool said: ${skillMd}`);
  const [first, second] = upstream.requests.slice(before);
  assert.deepEqual(first.body.tools.map((t) => [t.type, t.function.name]), [['function', 'load_skill']],
    'no knowledge: only load_skill is offered');
  assert.deepEqual(first.body.tools[0].function.parameters.required, ['name']);
  const assistant = second.body.messages.at(-2);
  assert.equal(assistant.role, 'assistant');
  assert.equal(assistant.content, null);
  assert.deepEqual(assistant.tool_calls.map((c) => [c.type, c.function.name, JSON.parse(c.function.arguments)]),
    [['function', 'load_skill', { name: 'polite-reply' }]]);
  assert.deepEqual(second.body.messages.at(-1), { role: 'tool', content: skillMd, tool_call_id: assistant.tool_calls[0].id });

  const events = await eventsOf(run.id);
  const call = events.find((e) => e.event === 'tool_call');
  const result = events.find((e) => e.event === 'tool_result');
  assert.deepEqual(call.data, { id: assistant.tool_calls[0].id, name: 'load_skill', arguments: { name: 'polite-reply' } });
  assert.deepEqual([result.data.name, result.data.ok, result.data.text], ['load_skill', true, skillMd]);
  assert.ok(events.indexOf(call) < events.indexOf(result));
  const logs = (await acme.call('GET', `/v1/agents/${gpt.id}/logs?run=${run.id}`)).body.data.map((l) => l.event);
  assert.ok(logs.includes('tool.call') && logs.includes('tool.result'), logs.join());
  assert.deepEqual(run.usage, {
    inputTokens: JSON.stringify(first.body.messages).length + JSON.stringify(second.body.messages).length,
    outputTokens: 7 + 1,
  }, 'both calls\' tokens are counted (the upstream reports its messages\' JSON length as input)');
});

test('an Anthropic-format model searches knowledge through search_knowledge', async () => {
  const before = upstream.requests.length;
  const run = await runOf(claude, 'call:search_knowledge {"query":"refunds"}');
  assert.equal(run.status, 'completed', JSON.stringify(run.error));
  assert.equal(run.result.output,
    `Tool said: (1) Billing FAQ › Refunds [entry ${entry.id}, chunk 0]\nRefunds reach the card within five business days.`);
  const [first, second] = upstream.requests.slice(before);
  assert.deepEqual(first.body.tools.map((t) => t.name), ['load_skill', 'search_knowledge']);
  assert.deepEqual(first.body.tools[1].input_schema.required, ['query']);
  const [assistant, results] = second.body.messages.slice(-2);
  assert.equal(assistant.role, 'assistant');
  assert.deepEqual(assistant.content.map((b) => [b.type, b.name, b.input]), [['tool_use', 'search_knowledge', { query: 'refunds' }]]);
  assert.equal(results.role, 'user');
  assert.deepEqual(results.content.map((b) => [b.type, b.tool_use_id]), [['tool_result', assistant.content[0].id]]);
});

test('a call the tool cannot serve answers its reason to the model, which goes on', async () => {
  const run = await runOf(gpt, 'call:load_skill {"name":"no-such-skill"}');
  assert.equal(run.status, 'completed');
  assert.equal(run.result.output, 'Tool said: No skill named "no-such-skill". Your skills: polite-reply.');
  const result = (await eventsOf(run.id)).find((e) => e.event === 'tool_result');
  assert.equal(result.data.ok, false);
});

test('a model that keeps calling tools is stopped after four rounds', async () => {
  const before = upstream.requests.length;
  const run = await runOf(gpt, 'loop:load_skill {"name":"polite-reply"}');
  assert.equal(run.status, 'failed');
  assert.equal(run.error.code, 'tool_rounds_exhausted');
  assert.equal(upstream.requests.length - before, 5, 'the first call and four rounds');
  assert.equal((await eventsOf(run.id)).filter((e) => e.event === 'tool_call').length, 4);
});

test('a round that would pass what the run holds is not made', async () => {
  const before = upstream.requests.length;
  const run = await runOf(gpt, 'call:load_skill {"name":"polite-reply"}', { maxCredits: 0.0005 });
  assert.equal(run.status, 'failed', JSON.stringify(run.result));
  assert.equal(run.error.code, 'budget_exhausted');
  assert.equal(upstream.requests.length - before, 1, 'the skill\'s 7 KB answer does not fit 0.0005 credits');
  assert.ok(run.cost <= 0.0005);
});

test('a streamed chat shows the model\'s tool calls and answers between its text', async () => {
  const res = await fetch(`${server.base}/v1/agents/${claude.id}/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'call:search_knowledge {"query":"refunds"}', stream: true }),
  });
  assert.equal(res.status, 200);
  const events = [];
  for (const block of (await res.text()).split('\n\n')) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event) events.push({ event, data: JSON.parse(data) });
  }
  assert.deepEqual(events.map((e) => e.event), ['session', 'tool_call', 'tool_result', 'delta', 'message', 'usage', 'done']);
  assert.deepEqual([events[1].data.name, events[1].data.arguments], ['search_knowledge', { query: 'refunds' }]);
  assert.equal(events[2].data.id, events[1].data.id);
  assert.equal(events[2].data.ok, true);
  const answer = `Tool said: (1) Billing FAQ › Refunds [entry ${entry.id}, chunk 0]\nRefunds reach the card within five business days.`;
  assert.equal(events[3].data.text, answer);
  assert.equal(events[4].data.content, answer);
  const logs = (await acme.call('GET', `/v1/agents/${claude.id}/logs`)).body.data;
  assert.ok(logs.some((l) => l.event === 'tool.call' && l.runId === null && l.message === 'called search_knowledge {"query":"refunds"}'));
  assert.ok(logs.some((l) => l.event === 'tool.result' && l.runId === null && l.message.startsWith('search_knowledge answered ')));
});

test('a chat turn whose model keeps calling tools fails unpaid, as a provider failure does', async () => {
  const before = (await acme.call('GET', '/v1/credits/balance')).body.data.available;
  const res = await acme.call('POST', `/v1/agents/${gpt.id}/chat`, { body: { message: 'loop:load_skill {"name":"polite-reply"}' } });
  assert.equal(res.status, 503, res.text);
  assert.match(res.body.error.message, /still asked for tools after 4 rounds/);
  assert.equal((await acme.call('GET', '/v1/credits/balance')).body.data.available, before, 'not charged');
});

test('a tool call whose arguments are not a JSON object fails the run as a provider error', async () => {
  const run = await runOf(gpt, 'call:load_skill not-json');
  assert.equal(run.status, 'failed');
  assert.equal(run.error.code, 'provider_error');
  assert.match(run.error.message, /arguments that are not a JSON object/);
  assert.equal((await eventsOf(run.id)).filter((e) => e.event === 'tool_call').length, 0, 'nothing was run');
});
