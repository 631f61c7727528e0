// Knowledge bases: entries ingested one by one or in batches, split along their Markdown,
// listed and read back with their chunks, searched by any of the query's words ranked by BM25
// with <mark>ed snippets and metadata filters, deleted; plan limits, bad input on every body,
// scopes, and another account's agents answering 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';

const plans = {
  plans: [
    { id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000, monthlyCredits: 0 },
    { id: 'tiny', name: 'Tiny', requestsPerMinute: 1000000, monthlyCredits: 0, maxKnowledgeEntries: 3, maxKnowledgeBytes: 100 },
  ],
};

let acme;
let globex;
let agent;

useServer({ plans }, async (server, admin) => {
  acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
  globex = await createAccount(server, admin, { name: 'globex', plan: 'tiny' });
  agent = (await acme.call('POST', '/v1/agents', { body: { name: 'librarian', model: 'echo' } })).body.data;
});

const guide = `# Webhooks

Deliveries are signed with HMAC-SHA256 in the Standard Webhooks format.

## Retries

A failed delivery is retried with jitter after 5 seconds, then 30 seconds, then longer.

# Schedules

Schedules fire runs on a cron expression in their own time zone.
`;

async function ingest(who, agentId, body) {
  const res = await who.call('POST', `/v1/agents/${agentId}/knowledge`, { body });
  assert.equal(res.status, 201, res.text);
  return res.body.data;
}

test('an entry is split along its headings, kept whole, and listed newest first', async () => {
  const res = await acme.call('POST', `/v1/agents/${agent.id}/knowledge`, {
    body: { content: guide, title: 'Operations guide', source: 'https://example.com/ops', metadata: { lang: 'en', version: 2 } },
  });
  assert.equal(res.status, 201, res.text);
  const entry = res.body.data;
  assert.match(entry.id, /^kn_/);
  assert.equal(res.headers.get('location'), `/v1/agents/${agent.id}/knowledge/${entry.id}`);
  assert.deepEqual([entry.agentId, entry.swarmId, entry.title, entry.source, entry.chunkCount, entry.bytes],
    [agent.id, null, 'Operations guide', 'https://example.com/ops', 3, Buffer.byteLength(guide)]);
  assert.deepEqual(entry.metadata, { lang: 'en', version: 2 });

  const detail = (await acme.call('GET', `/v1/agents/${agent.id}/knowledge/${entry.id}`)).body.data;
  assert.equal(detail.content, guide);
  assert.deepEqual(detail.chunks.map((c) => [c.index, c.heading]),
    [[0, 'Webhooks'], [1, 'Webhooks › Retries'], [2, 'Schedules']]);
  assert.match(detail.chunks[1].text, /retried with jitter/);

  const batch = await ingest(acme, agent.id, {
    entries: [
      { content: 'Refunds take five business days.', title: 'refunds-en', metadata: { lang: 'en' } },
      { content: 'Les remboursements prennent cinq jours (refunds).', title: 'refunds-fr', metadata: { lang: 'fr' } },
      { content: 'Escrow holds a task budget until the work is accepted.', title: 'escrow' },
    ],
  });
  assert.deepEqual(batch.map((e) => e.title), ['refunds-en', 'refunds-fr', 'escrow']);
  const page = (await acme.call('GET', `/v1/agents/${agent.id}/knowledge?limit=2`)).body;
  assert.deepEqual(page.data.map((e) => e.title), ['escrow', 'refunds-fr']);
  assert.deepEqual([page.pagination.total, page.pagination.hasMore], [4, true]);
  assert.equal(page.data[0].content, undefined, 'lists leave the content out');
});

test('search matches any word of a question, best first by BM25, with marked snippets', async () => {
  const res = await acme.call('POST', `/v1/agents/${agent.id}/knowledge/search`, {
    body: { query: 'How often are failed deliveries retried?' },
  });
  assert.equal(res.status, 200, res.text);
  const { data, terms, mode } = res.body;
  assert.equal(mode, 'bm25');
  assert.deepEqual(terms, ['fail', 'deliveri', 'retri'], 'folded, stemmed, without stop words or words no chunk holds');
  assert.equal(data[0].heading, 'Webhooks › Retries');
  assert.equal(data[0].title, 'Operations guide');
  assert.equal(data[0].chunk, 1);
  assert.match(data[0].snippet, /A <mark>failed<\/mark> <mark>delivery<\/mark> is <mark>retried<\/mark>/);
  assert.equal(data[1].heading, 'Webhooks', 'the other chunk with "deliveries" comes next');
  for (let i = 1; i < data.length; i++) assert.ok(data[i - 1].score >= data[i].score);

  const filtered = await acme.call('POST', `/v1/agents/${agent.id}/knowledge/search`, {
    body: { query: 'refunds', filter: { lang: 'fr' } },
  });
  assert.deepEqual(filtered.body.data.map((h) => h.title), ['refunds-fr']);
  const numeric = await acme.call('POST', `/v1/agents/${agent.id}/knowledge/search`, {
    body: { query: 'schedules', filter: { version: 2 } },
  });
  assert.deepEqual(numeric.body.data.map((h) => h.heading), ['Schedules']);
  const one = await acme.call('POST', `/v1/agents/${agent.id}/knowledge/search`, { body: { query: 'refunds escrow', limit: 1 } });
  assert.equal(one.body.data.length, 1);
  const none = await acme.call('POST', `/v1/agents/${agent.id}/knowledge/search`, { body: { query: 'what is it?' } });
  assert.deepEqual([none.status, none.body.data, none.body.terms], [200, [], []]);
});

test('a snippet is HTML-escaped around its marks', async () => {
  const other = (await acme.call('POST', '/v1/agents', { body: { name: 'escaper', model: 'echo' } })).body.data;
  await ingest(acme, other.id, { content: 'Never trust <script>alert("x")</script> in a payload & so on.' });
  const res = await acme.call('POST', `/v1/agents/${other.id}/knowledge/search`, { body: { query: 'payload script' } });
  assert.equal(res.body.data[0].snippet,
    'Never trust &lt;<mark>script</mark>&gt;alert("x")&lt;/<mark>script</mark>&gt; in a <mark>payload</mark> &amp; so on.');
});

test('deleting an entry takes it out of search; deleting the agent deletes its knowledge', async () => {
  const doomed = (await acme.call('POST', '/v1/agents', { body: { name: 'doomed', model: 'echo' } })).body.data;
  const entry = await ingest(acme, doomed.id, { content: 'The zeppelin lands at noon.' });
  const search = () => acme.call('POST', `/v1/agents/${doomed.id}/knowledge/search`, { body: { query: 'zeppelin' } });
  assert.equal((await search()).body.data.length, 1);
  const del = await acme.call('DELETE', `/v1/agents/${doomed.id}/knowledge/${entry.id}`);
  assert.equal(del.status, 204, del.text);
  assert.equal((await search()).body.data.length, 0);
  assert.equal((await acme.call('GET', `/v1/agents/${doomed.id}/knowledge/${entry.id}`)).status, 404);
  assert.equal((await acme.call('DELETE', `/v1/agents/${doomed.id}/knowledge/${entry.id}`)).status, 404);

  await ingest(acme, doomed.id, { content: 'Kept until the agent goes.' });
  assert.equal((await acme.call('DELETE', `/v1/agents/${doomed.id}`)).status, 204);
  assert.equal((await acme.call('GET', `/v1/agents/${doomed.id}/knowledge`)).status, 404);
});

test('bad bodies are refused with the field named, and a bad batch adds nothing', async () => {
  const path = `/v1/agents/${agent.id}/knowledge`;
  const before = (await acme.call('GET', path)).body.pagination.total;
  for (const [body, status, field] of [
    [{}, 400, 'content'],
    [{ content: 'x', entries: [{ content: 'y' }] }, 400, 'entries'],
    [{ content: '' }, 400, 'content'],
    [{ content: '   \n\n ' }, 400, 'content'],
    [{ content: 'PK\u0003\u0004\u0000binary' }, 400, 'content'],
    [{ content: 'x'.repeat(256 * 1024 + 1) }, 413, 'content'],
    [{ content: 'ok', title: 't'.repeat(301) }, 400, 'title'],
    [{ content: 'ok', metadata: 'not an object' }, 400, 'metadata'],
    [{ content: 'ok', metadata: { big: 'm'.repeat(5000) } }, 400, 'metadata'],
    [{ content: 'ok', extra: 1 }, 400, 'extra'],
    [{ entries: [] }, 400, 'entries'],
    [{ entries: [{ content: 'fine' }, { content: '\u0001' }] }, 400, 'entries[1].content'],
    [{ entries: [{ content: 'fine' }, { title: 'no content' }] }, 400, 'entries[1].content'],
  ]) {
    const res = await acme.call('POST', path, { body });
    assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
    assert.equal(res.body.error.field, field, res.text);
  }
  const tooMany = await acme.call('POST', path, { body: { entries: Array.from({ length: 101 }, () => ({ content: 'x' })) } });
  assert.equal(tooMany.status, 400);
  assert.equal((await acme.call('GET', path)).body.pagination.total, before, 'nothing was added');

  const search = `${path}/search`;
  for (const [body, field] of [
    [{}, 'query'], [{ query: '' }, 'query'], [{ query: 'x', limit: 0 }, 'limit'], [{ query: 'x', limit: 51 }, 'limit'],
    [{ query: 'x', filter: { a: { nested: true } } }, 'filter.a'], [{ query: 'x', other: 1 }, 'other'],
  ]) {
    const res = await acme.call('POST', search, { body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.field, field, res.text);
  }
});

test('a plan caps the entries and bytes of all the account\'s knowledge', async () => {
  const plan = (await globex.call('GET', '/v1/plans')).body.data.find((p) => p.id === 'tiny');
  assert.deepEqual([plan.maxKnowledgeEntries, plan.maxKnowledgeBytes], [3, 100]);
  const [a, b] = await Promise.all(['a', 'b'].map(async (name) =>
    (await globex.call('POST', '/v1/agents', { body: { name, model: 'echo' } })).body.data));
  await ingest(globex, a.id, { entries: [{ content: 'one' }, { content: 'two' }] });
  const overEntries = await globex.call('POST', `/v1/agents/${b.id}/knowledge`, { body: { entries: [{ content: '3' }, { content: '4' }] } });
  assert.equal(overEntries.status, 403, overEntries.text);
  assert.equal(overEntries.body.error.code, 'limit_reached');
  const overBytes = await globex.call('POST', `/v1/agents/${b.id}/knowledge`, { body: { content: 'x'.repeat(95) } });
  assert.equal(overBytes.status, 403);
  assert.match(overBytes.body.error.message, /bytes/);
  await ingest(globex, b.id, { content: 'three' });
});

test('another account\'s agents answer 404 and the knowledge scopes are needed', async () => {
  const entry = (await acme.call('GET', `/v1/agents/${agent.id}/knowledge?limit=1`)).body.data[0];
  for (const [method, path, body] of [
    ['POST', `/v1/agents/${agent.id}/knowledge`, { content: 'mine now' }],
    ['GET', `/v1/agents/${agent.id}/knowledge`],
    ['GET', `/v1/agents/${agent.id}/knowledge/${entry.id}`],
    ['DELETE', `/v1/agents/${agent.id}/knowledge/${entry.id}`],
    ['POST', `/v1/agents/${agent.id}/knowledge/search`, { query: 'refunds' }],
  ]) {
    const res = await globex.call(method, path, body ? { body } : {});
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.body.error.code, 'not_found');
  }
  const sibling = (await acme.call('POST', '/v1/agents', { body: { name: 'sibling', model: 'echo' } })).body.data;
  assert.equal((await acme.call('GET', `/v1/agents/${sibling.id}/knowledge/${entry.id}`)).status, 404,
    'an entry is reached only through its own agent');

  const reader = (await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['knowledge:read'] } })).body.data.key;
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/knowledge/search`, { key: reader, body: { query: 'refunds' } })).status, 200);
  assert.equal((await acme.call('GET', `/v1/agents/${agent.id}/knowledge`, { key: reader })).status, 200);
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/knowledge`, { key: reader, body: { content: 'x' } })).status, 403);
  const agentsOnly = (await acme.call('POST', '/v1/api-keys', { body: { name: 'agents', scopes: ['agents:read'] } })).body.data.key;
  assert.equal((await acme.call('GET', `/v1/agents/${agent.id}/knowledge`, { key: agentsOnly })).status, 403);
});
