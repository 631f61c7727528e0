// Retrieval quality of knowledge search on a labelled set: the man-pages corpus (corpus.mjs)
// ingested into one agent's knowledge on two servers of the same binary — one searching by BM25
// alone, one hybrid with the SIF-GloVe embeddings model (embeddings_server.mjs) — and each
// question of queries.json (written in a user's words, labelled with the pages that answer it)
// searched on both. Prints recall@10 and MRR over pages (a page's chunks count once, at its
// best rank) for each, and their ratio. Usage: node eval.mjs (AGENTRY_BIN names the binary,
// MAN2_DIR the pages' directory).
import fs from 'node:fs';
import { client, createAccount, startServer } from '../../tests/blackbox/lib/server.mjs';
import { pages, aliases } from './corpus.mjs';
import { startEmbeddings } from './embeddings_server.mjs';

const plans = { plans: [{ id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000, monthlyCredits: 0 }] };
const man2 = process.env.MAN2_DIR ?? '/usr/share/man/man2';
const corpus = pages(man2);
const alias = aliases(man2);
const titles = new Set(corpus.map((p) => p.title));
const canonical = (name) => {
  let c = name;
  for (let i = 0; i < 4 && !titles.has(c); i++) c = alias.get(c) ?? c;
  if (!titles.has(c)) throw new Error(`label ${name} names no page of the corpus`);
  return c;
};
const queries = JSON.parse(fs.readFileSync(new URL('./queries.json', import.meta.url)))
  .map(({ q, relevant }) => ({ q, relevant: [...new Set(relevant.map(canonical))] }));

async function load(args) {
  const server = await startServer({ plans, args, accessLog: 'off' });
  const admin = client(server, server.adminKey);
  const who = await createAccount(server, admin, { name: 'eval', plan: 'bulk' });
  const agent = (await who.call('POST', '/v1/agents', { body: { name: 'man', model: 'echo' } })).body.data;
  const started = Date.now();
  for (let i = 0; i < corpus.length; i += 10) {
    const res = await who.call('POST', `/v1/agents/${agent.id}/knowledge`, { body: { entries: corpus.slice(i, i + 10) } });
    if (res.status !== 201) throw new Error(`ingest failed: ${res.status} ${res.text}`);
  }
  return { server, who, agent, ingestMs: Date.now() - started };
}

async function evaluate({ who, agent }) {
  let recall = 0;
  let reciprocal = 0;
  let mode;
  for (const { q, relevant } of queries) {
    const res = await who.call('POST', `/v1/agents/${agent.id}/knowledge/search`, { body: { query: q, limit: 50 } });
    if (res.status !== 200) throw new Error(`search failed: ${res.status} ${res.text}`);
    mode = res.body.mode;
    const ranked = [...new Set(res.body.data.map((h) => h.title))];
    const top = ranked.slice(0, 10);
    recall += relevant.filter((r) => top.includes(r)).length / relevant.length;
    const first = ranked.findIndex((t) => relevant.includes(t));
    if (first >= 0) reciprocal += 1 / (first + 1);
  }
  return { mode, recall: recall / queries.length, mrr: reciprocal / queries.length };
}

const embeddings = await startEmbeddings();
const results = {};
for (const [name, args] of [
  ['bm25', []],
  ['hybrid', ['--embeddings-model', 'sif-glove-100d', '--embeddings-base-url', embeddings.url]],
]) {
  const loaded = await load(args);
  results[name] = { ...(await evaluate(loaded)), ingestMs: loaded.ingestMs };
  await loaded.server.stop();
  loaded.server.cleanup();
}
await embeddings.close();

const f = (x) => x.toFixed(3);
console.log(`corpus: ${corpus.length} pages of man-pages section 2; ${queries.length} labelled queries`);
for (const [name, r] of Object.entries(results)) {
  console.log(`${name.padEnd(6)} (mode ${r.mode}): recall@10 ${f(r.recall)}  MRR ${f(r.mrr)}  ingest ${(r.ingestMs / 1000).toFixed(1)} s`);
}
console.log(`hybrid / bm25: recall@10 ${f(results.hybrid.recall / results.bm25.recall)}×  MRR ${f(results.hybrid.mrr / results.bm25.mrr)}×`);
