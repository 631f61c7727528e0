// The AgentsCode API (seed 001) under /compat/agentscode, replayed from its document: Bearer
// keys, agents as a bare array with credits and ACTIVE/INACTIVE, runs as jobs, the credit
// balance and the cursor-paged credit history, {"error": message} with its status codes, and
// only successful runs charged — on the same accounts, agents and runs as /v1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { compatClient } from './lib/compat.mjs';
import { grant } from './lib/market.mjs';

let server;
let admin;
let user;         // runs agents
let publisher;    // publishes the priced agents
let transcriber;  // public, 5 credits a run, echo: succeeds
let broken;       // public, 5 credits a run, a model no provider serves: fails
let agentscode;

useServer({
  plans: { plans: [
    { id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000, monthlyCredits: 0 },
    { id: 'slow', name: 'Slow', requestsPerMinute: 2, monthlyCredits: 0 },
  ] },
  args: ['--signup-credits', '0'],
}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  user = await createAccount(server, admin, { name: 'user', plan: 'bulk' });
  publisher = await createAccount(server, admin, { name: 'publisher', plan: 'bulk' });
  await grant(admin, user.account.id, 100);
  transcriber = (await publisher.call('POST', '/v1/agents', {
    body: { name: 'youtube-transcription', displayName: 'YouTube Transcription', version: '1.0.0',
      description: 'Transcribe YouTube videos to text', model: 'echo', visibility: 'public', pricePerTask: 5 },
  })).body.data;
  broken = (await publisher.call('POST', '/v1/agents', {
    body: { name: 'broken', model: 'gpt-4o', visibility: 'public', pricePerTask: 5 },
  })).body.data;
  agentscode = compatClient(server, 'agentscode', user.key);
});

// Polls the job until it ends.
async function jobEnd(agent, jobId) {
  for (let i = 0; i < 300; i++) {
    const res = await agentscode('GET', `/v1/agents/${agent}/${jobId}`);
    assert.equal(res.status, 200, res.text);
    if (['completed', 'failed', 'cancelled'].includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not end`);
}

test('GET /v1/agents answers a bare array of agent objects', async () => {
  const mine = (await user.call('POST', '/v1/agents', { body: { name: 'mine', model: 'echo' } })).body.data;
  await user.call('POST', `/v1/agents/${mine.id}/stop`);
  const res = await agentscode('GET', '/v1/agents');
  assert.equal(res.status, 200, res.text);
  assert.ok(Array.isArray(res.body));
  const listed = Object.fromEntries(res.body.map((a) => [a.name, a]));
  assert.deepEqual(Object.keys(listed).sort(), ['broken', 'mine', 'youtube-transcription']);
  assert.deepEqual(listed['youtube-transcription'], {
    id: transcriber.id, name: 'youtube-transcription', displayName: 'YouTube Transcription', version: '1.0.0',
    credits: 5, description: 'Transcribe YouTube videos to text', status: 'ACTIVE', runCount: 0,
  });
  assert.equal(listed.mine.status, 'INACTIVE', 'a stopped agent');
  await user.call('POST', `/v1/agents/${mine.id}/start`);
});

test('a run is a job: POST answers 200 {jobId, status: "queued"}; GET follows it to completed', async () => {
  const before = (await agentscode('GET', '/v1/credits/balance')).body;
  const run = await agentscode('POST', '/v1/agents/youtube-transcription', {
    body: { input: { url: 'https://youtube.com/watch?v=1' }, contextData: 'english' },
  });
  assert.equal(run.status, 200, run.text);
  assert.deepEqual(Object.keys(run.body).sort(), ['jobId', 'status']);
  assert.equal(run.body.status, 'queued');
  const job = await jobEnd('youtube-transcription', run.body.jobId);
  assert.equal(job.jobId, run.body.jobId);
  assert.equal(job.status, 'completed');
  assert.equal(job.progress, 100);
  assert.ok(job.result);
  // The job is the run, natively too; by id as well as by name.
  const native = await user.call('GET', `/v1/runs/${run.body.jobId}`);
  assert.equal(native.body.data.agentId, transcriber.id);
  assert.equal((await agentscode('GET', `/v1/agents/${transcriber.id}/${run.body.jobId}`)).status, 200);
  const after = (await agentscode('GET', '/v1/credits/balance')).body;
  assert.equal(Math.round((before.available - after.available) * 1e6), 5e6, 'a successful run costs its credits');
  assert.equal(Math.round((after.used - before.used) * 1e6), 5e6);
});

test('only successful runs are charged', async () => {
  const before = (await agentscode('GET', '/v1/credits/balance')).body;
  const run = await agentscode('POST', '/v1/agents/broken', { body: { input: { text: 'hi' } } });
  assert.equal(run.status, 200, run.text);
  const job = await jobEnd('broken', run.body.jobId);
  assert.equal(job.status, 'failed');
  assert.equal(typeof job.error, 'string');
  assert.deepEqual((await agentscode('GET', '/v1/credits/balance')).body, before);
});

test('GET /v1/credits/history pages runs with limit and cursor: {runs, hasMore, nextCursor}', async () => {
  for (let i = 0; i < 3; i++) {
    const run = await agentscode('POST', '/v1/agents/youtube-transcription', { body: { input: { n: i } } });
    await jobEnd('youtube-transcription', run.body.jobId);
  }
  const first = await agentscode('GET', '/v1/credits/history?limit=2');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.runs.length, 2);
  assert.equal(first.body.hasMore, true);
  const newest = first.body.runs[0];
  assert.equal(newest.agent, 'youtube-transcription');
  assert.equal(newest.creditsUsed, 5);
  assert.equal(newest.status, 'completed');
  assert.equal(newest.jobId, newest.id);
  assert.equal(typeof newest.duration, 'number');
  assert.ok(Date.parse(newest.completedAt) >= Date.parse(newest.startedAt));
  const seen = new Set(first.body.runs.map((r) => r.id));
  let cursor = first.body.nextCursor;
  while (cursor) {
    const page = await agentscode('GET', `/v1/credits/history?limit=2&cursor=${cursor}`);
    for (const r of page.body.runs) {
      assert.ok(!seen.has(r.id), 'pages do not overlap');
      seen.add(r.id);
    }
    cursor = page.body.nextCursor;
    if (!page.body.hasMore) assert.equal(cursor, null);
  }
  assert.equal(seen.size, 5, 'every run: the four that succeeded and the one that failed');
});

test('errors are {"error": message} with AgentsCode\'s status codes', async () => {
  const anonymous = compatClient(server, 'agentscode');
  const missing = await anonymous('GET', '/v1/agents');
  assert.equal(missing.status, 401);
  assert.equal(typeof missing.body.error, 'string');
  assert.deepEqual(Object.keys(missing.body), ['error']);
  const bad = await agentscode('POST', '/v1/agents/youtube-transcription', { body: { contextData: 'no input' } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /input/);
  const badCursor = await agentscode('GET', '/v1/credits/history?cursor=not-a-cursor');
  assert.equal(badCursor.status, 400);
  assert.match(badCursor.body.error, /cursor/);
  const unknown = await agentscode('POST', '/v1/agents/no-such-agent', { body: { input: {} } });
  assert.equal(unknown.status, 404);
  const otherJob = await agentscode('GET', `/v1/agents/broken/run_000000000000000000000000`);
  assert.equal(otherJob.status, 404);
  // Another account's job of the same public agent is as absent as a missing one.
  const theirs = await createAccount(server, admin, { name: 'theirs', plan: 'bulk' });
  await grant(admin, theirs.account.id, 10);
  const theirClient = compatClient(server, 'agentscode', theirs.key);
  const theirJob = (await theirClient('POST', '/v1/agents/youtube-transcription', { body: { input: {} } })).body.jobId;
  assert.equal((await agentscode('GET', `/v1/agents/youtube-transcription/${theirJob}`)).status, 404);
  assert.equal((await theirClient('GET', `/v1/agents/youtube-transcription/${theirJob}`)).status, 200);

  const poor = await createAccount(server, admin, { name: 'poor', plan: 'bulk' });
  const poorClient = compatClient(server, 'agentscode', poor.key);
  const broke = await poorClient('POST', '/v1/agents/youtube-transcription', { body: { input: {} } });
  assert.equal(broke.status, 400, 'too few credits is a bad request here');
  const readOnly = (await user.call('POST', '/v1/api-keys', { body: { name: 'ro', scopes: ['read'] } })).body.data.key;
  const scoped = await agentscode('POST', '/v1/agents/youtube-transcription', { key: readOnly, body: { input: {} } });
  assert.equal(scoped.status, 401, 'a key without the scope is unauthorized here');
  const wrongMethod = await agentscode('DELETE', '/v1/agents/youtube-transcription', { check: false });
  assert.equal(wrongMethod.status, 404);
  assert.deepEqual(Object.keys(wrongMethod.body), ['error']);

  const slow = await createAccount(server, admin, { name: 'slow', plan: 'slow' });
  const slowClient = compatClient(server, 'agentscode', slow.key);
  let limited;
  for (let i = 0; i < 3; i++) limited = await slowClient('GET', '/v1/agents');
  assert.equal(limited.status, 429);
  assert.equal(typeof limited.body.error, 'string');
  assert.ok(/^\d+$/.test(limited.headers.get('x-ratelimit-reset')), 'the reset in Unix seconds');
});

test('the surface has its own OpenAPI document, with only the statuses AgentsCode documents', async () => {
  const doc = await (await fetch(`${server.base}/compat/agentscode/openapi.json`)).json();
  assert.deepEqual(doc.servers, [{ url: '/compat/agentscode' }]);
  assert.deepEqual(Object.keys(doc.paths).sort(), ['/openapi.json', '/v1/agents', '/v1/agents/{agentId}',
    '/v1/agents/{agentId}/{agentJobId}', '/v1/credits/balance', '/v1/credits/history']);
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      for (const status of Object.keys(op.responses)) {
        assert.ok(['200', '400', '401', '404', '429', '500'].includes(status), `${op.operationId} ${status}`);
      }
    }
  }
});
