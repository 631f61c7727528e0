// Hosted agents use what they have: each run and chat turn tells the model the agent's installed
// skills and the chunks of its knowledge that best match the input, numbered for citing; the
// run's result and the chat reply list those sources, and the agent's log says what was
// retrieved. Checked on the request the model received (an OpenAI-compatible upstream on
// loopback).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runToEnd } from './lib/server.mjs';
import { startHosted } from './lib/hosted.mjs';

let hosted;
let upstream;
let server;
let acme;
let agent;
let plain;
let entry;

before(async () => {
  hosted = await startHosted();
  ({ upstream, server, acme } = hosted);
  agent = (await acme.call('POST', '/v1/agents', { body: { name: 'support', model: 'gpt-4o-mini', systemPrompt: 'You answer support questions.' } })).body.data;
  plain = (await acme.call('POST', '/v1/agents', { body: { name: 'plain', model: 'gpt-4o-mini', systemPrompt: 'Plain.' } })).body.data;
  const res = await acme.call('POST', `/v1/agents/${agent.id}/knowledge`, {
    body: {
      title: 'Billing FAQ',
      content: '# Refunds\n\nRefunds reach the card within five business days.\n\n# Invoices\n\nInvoices are emailed on the first of the month.\n',
    },
  });
  assert.equal(res.status, 201, res.text);
  entry = res.body.data;
  const skill = await acme.call('POST', '/v1/skills', {
    body: { content: '---\nname: polite-reply\ndescription: Answer politely and briefly.\n---\nBe polite.\n' },
  });
  assert.equal(skill.status, 201, skill.text);
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body: { skillId: skill.body.data.id } })).status, 201);
});

after(() => hosted.close());

const systemOf = (request) => request.body.messages.find((m) => m.role === 'system')?.content ?? '';

const runOf = (who, message) => runToEnd(acme.call, who, message);

test('a run\'s prompt holds the skills and the matching knowledge, and its result lists the sources', async () => {
  const run = await runOf(agent, 'How long do refunds take?');
  const system = systemOf(upstream.requests.at(-1));
  assert.equal(system, [
    'You answer support questions.',
    'Skills you have (load one\'s full instructions with the load_skill tool before you use it):\n- polite-reply: Answer politely and briefly.',
    'Knowledge (excerpts of your knowledge base that may help; cite one as [n] when you use it):\n\n'
      + '[1] Billing FAQ › Refunds\nRefunds reach the card within five business days.',
  ].join('\n\n'));
  assert.equal(run.result.output, 'Hi gpt-4o-mini: How long do refunds take?');
  assert.deepEqual(run.result.sources, [{ n: 1, entryId: entry.id, title: 'Billing FAQ', chunk: 0, heading: 'Refunds' }]);

  const logs = (await acme.call('GET', `/v1/agents/${agent.id}/logs?run=${run.id}`)).body.data;
  const retrieval = logs.find((l) => l.event === 'knowledge.retrieval');
  assert.ok(retrieval, JSON.stringify(logs.map((l) => l.event)));
  assert.equal(retrieval.message, `retrieved 1 chunk(s) of knowledge: [1] ${entry.id} chunk 0`);
});

test('a run whose input matches nothing, or an agent without knowledge, has no sources', async () => {
  const run = await runOf(agent, 'hello there');
  assert.equal(run.result.sources, undefined);
  assert.doesNotMatch(systemOf(upstream.requests.at(-1)), /Knowledge/);
  const other = await runOf(plain, 'How long do refunds take?');
  assert.equal(other.result.sources, undefined);
  assert.equal(systemOf(upstream.requests.at(-1)), 'Plain.');
});

test('a chat reply lists the sources its prompt held, kept with the message', async () => {
  const res = await acme.call('POST', `/v1/agents/${agent.id}/chat`, { body: { message: 'When are invoices sent?' } });
  assert.equal(res.status, 200, res.text);
  const reply = res.body.data.message;
  assert.deepEqual(reply.sources, [{ n: 1, entryId: entry.id, title: 'Billing FAQ', chunk: 1, heading: 'Invoices' }]);
  assert.match(systemOf(upstream.requests.at(-1)), /\[1\] Billing FAQ › Invoices\nInvoices are emailed on the first of the month\.$/);
  const messages = (await acme.call('GET', `/v1/sessions/${res.body.data.sessionId}/messages`)).body.data;
  assert.deepEqual(messages.map((m) => m.sources.length), [1, 0], 'the reply keeps them; the user message has none');
  const logs = (await acme.call('GET', `/v1/agents/${agent.id}/logs`)).body.data;
  assert.ok(logs.some((l) => l.event === 'knowledge.retrieval' && l.message.startsWith(`chat turn ${messages[1].id}:`)));
});

test('at most four chunks are retrieved, within the prompt\'s knowledge budget', async () => {
  const many = (await acme.call('POST', '/v1/agents', { body: { name: 'many', model: 'gpt-4o-mini' } })).body.data;
  await acme.call('POST', `/v1/agents/${many.id}/knowledge`, {
    body: { entries: Array.from({ length: 8 }, (_, i) => ({ title: `note ${i}`, content: `Shipping note ${i}: ${'parcels travel far. '.repeat(50)}` })) },
  });
  const run = await runOf(many, 'shipping parcels');
  assert.equal(run.result.sources.length, 4);
  const knowledge = systemOf(upstream.requests.at(-1)).split('Knowledge (')[1];
  assert.ok(Buffer.byteLength(knowledge) < 6200, `${Buffer.byteLength(knowledge)} bytes`);
});
