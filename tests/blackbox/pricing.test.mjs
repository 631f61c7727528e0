// The token price table: the seeds' defaults, overridden and extended by a prices file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, useServer } from './lib/server.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'agentry-prices-'));
const pricesFile = path.join(dir, 'prices.json');
writeFileSync(pricesFile, JSON.stringify({
  models: [
    { model: 'gpt-4o', inputPerMillion: 2.5 },
    { model: 'llama-3-70b', inputPerMillion: 0.59, outputPerMillion: 0.79, contextTokens: 8192 },
  ],
}));

let server;
useServer({ args: ['--prices-file', pricesFile] }, async (started) => { server = started; });

test('GET /v1/pricing lists the seeds’ prices with the file’s changes, without a key', async () => {
  const res = await fetch(`${server.base}/v1/pricing`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.data, [
    { model: 'gpt-4o', inputPerMillion: 2.5, outputPerMillion: 13, contextTokens: 128000, default: false },
    { model: 'gpt-4o-mini', inputPerMillion: 0.2, outputPerMillion: 0.6, contextTokens: 128000, default: true },
    { model: 'claude-sonnet-4', inputPerMillion: 3.9, outputPerMillion: 19.5, contextTokens: 200000, default: false },
    { model: 'llama-3-70b', inputPerMillion: 0.59, outputPerMillion: 0.79, contextTokens: 8192, default: false },
  ]);
  assert.equal(body.pagination.total, 4);
});

test('a malformed prices file stops start-up with a message naming the problem', async () => {
  for (const [content, message] of [
    ['{"models": [{"inputPerMillion": 1}]}', /needs a "model" name/],
    ['{"models": [{"model": "m", "inputPerMillion": -1}]}', /inputPerMillion must be/],
    ['{"models": [{"model": "m", "cost": 1}]}', /unknown field cost/],
    ['[]', /expected \{"models"/],
  ]) {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, content);
    await assert.rejects(startServer({ args: ['--prices-file', bad] }), message);
  }
});
