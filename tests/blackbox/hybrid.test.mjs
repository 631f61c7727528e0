// Hybrid knowledge search, with an embeddings model behind an OpenAI-compatible /embeddings
// endpoint (a toy model on loopback that puts synonyms near each other): ingest embeds every
// chunk (and stores nothing when the provider fails), search fuses BM25 with cosine similarity
// and says "hybrid", so a question in other words than the document's still finds it; runs
// retrieve the same way and log it; a provider failure at search time falls back to BM25 and
// says so.
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

const embeddingCalls = () => upstream.requests.filter((r) => r.path === '/v1/embeddings');

before(async () => {
  hosted = await startHosted({ args: ['--embeddings-model', 'toy-embed'] });
  ({ upstream, server, acme } = hosted);
  agent = (await acme.call('POST', '/v1/agents', { body: { name: 'shell-help', model: 'gpt-4o-mini', systemPrompt: 'You explain shell commands.' } })).body.data;
  plain = (await acme.call('POST', '/v1/agents', { body: { name: 'plain', model: 'gpt-4o-mini', systemPrompt: 'Plain.' } })).body.data;
  const res = await acme.call('POST', `/v1/agents/${agent.id}/knowledge`, {
    body: {
      entries: [
        { title: 'rm', content: 'Delete files from the disk for good.' },
        { title: 'cp', content: 'Copy files and directories to another place.' },
        { title: 'date', content: 'Print the current date and time of day.' },
      ],
    },
  });
  assert.equal(res.status, 201, res.text);
});

after(() => hosted.close());

async function search(query, who = agent) {
  const res = await acme.call('POST', `/v1/agents/${who.id}/knowledge/search`, { body: { query } });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

test('ingest embeds each chunk with the configured model, title and heading included', () => {
  const [call] = embeddingCalls();
  assert.ok(call, 'the embeddings endpoint was called');
  assert.equal(call.body.model, 'toy-embed');
  assert.equal(call.headers.authorization, 'Bearer sk-server-key');
  assert.deepEqual(call.body.input, [
    'rm\n\nDelete files from the disk for good.',
    'cp\n\nCopy files and directories to another place.',
    'date\n\nPrint the current date and time of day.',
  ]);
});

test('a question in other words than the document finds it by its vector', async () => {
  const found = await search('how do I erase something');
  assert.equal(found.mode, 'hybrid');
  assert.deepEqual(found.terms, [], 'no chunk holds "erase": BM25 alone finds nothing');
  assert.equal(found.data[0].title, 'rm', JSON.stringify(found.data.map((h) => h.title)));
  assert.ok(Math.abs(found.data[0].score - 1 / 61) < 1e-9, 'first by cosine alone: 1/(60+1)');
  // A word both rankings agree on scores in both.
  const both = await search('copy');
  assert.equal(both.data[0].title, 'cp');
  assert.ok(Math.abs(both.data[0].score - 2 / 61) < 1e-9, `${both.data[0].score}`);
  assert.match(both.data[0].snippet, /<mark>Copy<\/mark>/);
});

test('when the provider fails, ingest stores nothing and search falls back to BM25', async () => {
  const before = (await acme.call('GET', `/v1/agents/${agent.id}/knowledge`)).body.pagination.total;
  upstream.failEmbeddings(1);
  const refused = await acme.call('POST', `/v1/agents/${agent.id}/knowledge`, { body: { title: 'ls', content: 'List a directory.' } });
  assert.equal(refused.status, 503, refused.text);
  assert.equal(refused.body.error.code, 'unavailable');
  assert.match(refused.body.error.message, /embeddings: the provider answered 500 \(server_error\)/);
  assert.equal((await acme.call('GET', `/v1/agents/${agent.id}/knowledge`)).body.pagination.total, before);

  // A refused ingest is refused before anything is embedded.
  const calls = embeddingCalls().length;
  const strangers = await acme.call('POST', '/v1/agents/agt_00000000000000000000000000/knowledge', { body: { content: 'x' } });
  assert.equal(strangers.status, 404);
  const empty = await acme.call('POST', `/v1/agents/${agent.id}/knowledge`, { body: { content: '   ' } });
  assert.equal(empty.status, 400, empty.text);
  assert.equal(embeddingCalls().length, calls);

  upstream.failEmbeddings(1);
  const fallback = await search('erase');
  assert.equal(fallback.mode, 'bm25');
  assert.deepEqual(fallback.data, [], 'no chunk holds "erase"');
  assert.equal((await search('erase')).mode, 'hybrid', 'the next search is hybrid again');
});

const runOf = (who, message) => runToEnd(acme.call, who, message);

test('a run retrieves by meaning too, and its log says the retrieval was hybrid', async () => {
  const run = await runOf(agent, 'erase an old report');
  const request = upstream.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
  const system = request.body.messages.find((m) => m.role === 'system').content;
  assert.match(system, /\[1\] rm\nDelete files from the disk for good\./);
  assert.equal(run.result.sources[0].title, 'rm');
  const logs = (await acme.call('GET', `/v1/agents/${agent.id}/logs?run=${run.id}`)).body.data;
  const retrieval = logs.find((l) => l.event === 'knowledge.retrieval');
  assert.ok(retrieval, JSON.stringify(logs.map((l) => l.event)));
  assert.match(retrieval.message, /chunk\(s\) of knowledge \(hybrid\)/);

  upstream.failEmbeddings(1);
  const degraded = await runOf(agent, 'erase an old report');
  assert.equal(degraded.result.sources, undefined, 'BM25 alone finds nothing for these words');
  const notes = (await acme.call('GET', `/v1/agents/${agent.id}/logs?run=${degraded.id}`)).body.data;
  assert.ok(notes.some((l) => l.event === 'knowledge.retrieval' && /searched by BM25 alone/.test(l.message)),
    JSON.stringify(notes.map((l) => l.message)));
});

test('an agent without knowledge costs no embeddings call', async () => {
  const calls = embeddingCalls().length;
  await runOf(plain, 'erase an old report');
  assert.equal(embeddingCalls().length, calls);
});

test("a swarm's knowledge is embedded and searched by meaning from its members", async () => {
  const swarm = (await acme.call('POST', '/v1/swarms', { body: { name: 'ops', members: [plain.id] } })).body.data;
  const res = await acme.call('POST', `/v1/swarms/${swarm.id}/knowledge`, { body: { title: 'refunds', content: 'Money goes back to the card within five days.' } });
  assert.equal(res.status, 201, res.text);
  const found = await search('reimburse me', plain);
  assert.equal(found.mode, 'hybrid');
  assert.equal(found.data[0].title, 'refunds');
});
