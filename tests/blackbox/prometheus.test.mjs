// GET /metrics: the server's metrics in the Prometheus text format — requests by route, method
// and status with latencies, in-flight requests, rate-limited requests, transactions, runs,
// provider calls, webhook deliveries and their lag, schedule firing lag, process figures — on the
// main port for a key with the metrics (or admin) scope, and without a key on --metrics-listen;
// every exposition passes `promtool check metrics`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createAccount, useServer } from './lib/server.mjs';
import { startReceiver } from './lib/receiver.mjs';
import { openSse } from './lib/sse.mjs';

const plans = {
  plans: [
    { id: 'hooks', name: 'Hooks', requestsPerMinute: 1000000, monthlyCredits: 0, features: ['webhooks'] },
    { id: 'tight', name: 'Tight', requestsPerMinute: 2, monthlyCredits: 0 },
  ],
};

let server;
let admin;
let acme;
let metricsBase;

useServer({ plans, args: ['--metrics-listen', '127.0.0.1:0', '--allow-loopback-http-endpoints', '--schedule-seconds'] },
  async (started, adminClient) => {
    server = started;
    admin = adminClient;
    acme = await createAccount(server, admin, { name: 'acme', plan: 'hooks' });
    const port = /metrics on [^ ]+:(\d+)\/metrics/.exec(server.stderr)?.[1];
    assert.ok(port, 'the log names the metrics address');
    metricsBase = `http://127.0.0.1:${port}`;
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Samples of an exposition: [{name, labels, value}].
function samples(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    const labels = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

function value(text, name, labels = {}) {
  const found = samples(text).filter((s) => s.name === name &&
    Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.length ? found.reduce((n, s) => n + s.value, 0) : undefined;
}

async function scrape(key = server.adminKey) {
  const res = await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return res.text();
}

function promtool(text) {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(run.error, undefined, 'promtool is installed by the test command');
  assert.equal(run.status, 0, `promtool check metrics: ${run.stdout}${run.stderr}`);
}

test('a scrape counts requests by route template, method and status, with their latency', async () => {
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'counted', model: 'echo' } })).body.data;
  for (let i = 0; i < 3; i++) assert.equal((await acme.call('GET', `/v1/agents/${agent.id}`)).status, 200);
  assert.equal((await acme.call('GET', '/v1/agents/agt_missing')).status, 404);
  assert.equal((await acme.call('GET', '/v1/nowhere')).status, 404);
  for (const method of ['BREW', 'WHEN', 'PROPFIND']) assert.equal((await acme.call(method, '/v1/nowhere')).status, 404);
  const text = await scrape();
  promtool(text);
  assert.ok(value(text, 'agentry_http_requests_total', { route: '/v1/agents/{id}', method: 'GET', status: '200' }) >= 3);
  assert.ok(value(text, 'agentry_http_requests_total', { route: '/v1/agents/{id}', method: 'GET', status: '404' }) >= 1);
  assert.ok(value(text, 'agentry_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' }) >= 1);
  assert.ok(value(text, 'agentry_http_requests_total', { route: 'unmatched', method: 'other' }) >= 3,
    'made-up methods share one label');
  assert.equal(value(text, 'agentry_http_requests_total', { method: 'BREW' }), undefined);
  assert.ok(value(text, 'agentry_http_requests_total', { route: '/v1/agents', method: 'POST', status: '201' }) >= 1);
  const count = value(text, 'agentry_http_request_duration_seconds_count', { route: '/v1/agents/{id}', method: 'GET' });
  assert.ok(count >= 4);
  assert.equal(value(text, 'agentry_http_request_duration_seconds_bucket', { route: '/v1/agents/{id}', method: 'GET', le: '+Inf' }), count);
  assert.ok(value(text, 'agentry_http_requests_in_flight') >= 1, 'the scrape itself is in flight');
  assert.ok(value(text, 'agentry_db_transaction_duration_seconds_count', { kind: 'write' }) >= 1);
  assert.ok(value(text, 'agentry_db_transaction_duration_seconds_count', { kind: 'read' }) >= 1);
  assert.equal(value(text, 'agentry_db_writer_queue_depth'), 0);
  assert.ok(value(text, 'agentry_process_resident_memory_bytes') > 1e6);
  assert.ok(value(text, 'agentry_process_open_fds') > 3);
  assert.ok(!text.includes(acme.key) && !text.includes(server.adminKey), 'no secret in the exposition');
});

test('an open stream is counted while it is open', async () => {
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'streamed', model: 'echo' } })).body.data;
  const stream = await openSse(`${server.base}/v1/agents/${agent.id}/logs/stream`, { authorization: `Bearer ${acme.key}` });
  assert.equal(stream.res.status, 200);
  assert.equal(value(await scrape(), 'agentry_open_streams'), 1);
  stream.close();
  let open;
  for (let i = 0; i < 400; i++) {
    open = value(await scrape(), 'agentry_open_streams');
    if (open === 0) break;
    await sleep(50);
  }
  assert.equal(open, 0, 'a closed stream is no longer counted');
});

test('runs, provider calls, rate limits, webhook deliveries and schedule lag are counted', async () => {
  const receiver = await startReceiver();
  const hook = await acme.call('POST', '/v1/webhooks', { body: { url: receiver.url, eventTypes: ['agent.*'] } });
  assert.equal(hook.status, 201, hook.text);
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'runner', model: 'echo' } })).body.data;
  const started = await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'hi' } } });
  assert.equal(started.status, 202, started.text);
  const ended = await acme.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`);
  assert.equal(ended.body.data.status, 'completed');
  const every = await acme.call('POST', '/v1/schedules', {
    body: { name: 'each second', cron: '* * * * * *', timeZone: 'UTC', target: { agentId: agent.id, input: {} } },
  });
  assert.equal(every.status, 201, every.text);
  const tight = await createAccount(server, admin, { name: 'tight', plan: 'tight' });
  let refused = 0;
  for (let i = 0; i < 6; i++) if ((await tight.call('GET', '/v1/account')).status === 429) refused++;
  assert.ok(refused > 0);
  await receiver.until((r) => r.requests.length >= 1, 20000, 'the agent.created delivery');

  let text;
  for (let i = 0; i < 100; i++) {
    text = await scrape();
    if (value(text, 'agentry_webhook_deliveries_total', { outcome: 'delivered' }) >= 1 &&
        value(text, 'agentry_schedule_firing_lag_seconds_count') >= 1) break;
    await sleep(50);
  }
  await acme.call('DELETE', `/v1/schedules/${every.body.data.id}`);
  await receiver.down();
  promtool(text);
  assert.ok(value(text, 'agentry_provider_calls_total', { provider: 'echo', outcome: 'ok' }) >= 1);
  assert.ok(value(text, 'agentry_provider_call_duration_seconds_count', { provider: 'echo' }) >= 1);
  assert.ok(value(text, 'agentry_rate_limited_total') >= refused);
  assert.ok(value(text, 'agentry_webhook_deliveries_total', { outcome: 'delivered' }) >= 1);
  assert.ok(value(text, 'agentry_webhook_delivery_lag_seconds_count') >= 1);
  assert.ok(value(text, 'agentry_schedule_firing_lag_seconds_count') >= 1);
  for (const state of ['queued', 'active', 'cancelling']) {
    assert.ok(value(text, 'agentry_runs', { state }) >= 0, state);
  }
  assert.equal(value(text, 'agentry_run_workers'), 64);
  assert.ok(value(text, 'agentry_run_workers_busy') >= 0);
});

test('on the main port /metrics takes a key with the metrics or admin scope; accounts’ keys cannot', async () => {
  assert.equal((await fetch(`${server.base}/metrics`)).status, 401);
  const refused = await acme.call('GET', '/metrics');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'insufficient_scope');
  const readWrite = await acme.call('POST', '/v1/api-keys', { body: { name: 'everything', scopes: ['read-write'] } });
  assert.equal(readWrite.status, 201, readWrite.text);
  assert.equal((await acme.call('GET', '/metrics', { key: readWrite.body.data.key })).status, 403, 'read-write is not the operator’s');
  assert.equal((await acme.call('POST', '/v1/api-keys', { body: { name: 'm', scopes: ['metrics'] } })).status, 403,
    'an account key cannot mint a metrics key');
  const made = await admin('POST', '/v1/api-keys', { body: { name: 'prometheus', scopes: ['metrics'] } });
  assert.equal(made.status, 201, made.text);
  promtool(await scrape(made.body.data.key));
  assert.equal((await admin('GET', '/v1/agents', { key: made.body.data.key })).status, 403, 'it reads nothing else');
});

test('--metrics-listen serves /metrics without a key, and nothing else', async () => {
  const res = await fetch(`${metricsBase}/metrics`);
  assert.equal(res.status, 200);
  const text = await res.text();
  promtool(text);
  assert.ok(value(text, 'agentry_http_requests_total') >= 1);
  const other = await fetch(`${metricsBase}/v1/account`, { headers: { authorization: `Bearer ${acme.key}` } });
  assert.equal(other.status, 404);
  assert.equal((await other.json()).error.code, 'not_found');
});
