// When the database cannot keep up, a request is refused at once with 503 and Retry-After rather
// than queued behind an ever longer line (--db-queue-limit), and /metrics counts it. The test
// holds the database busy from outside: another process takes SQLite's write lock, or locks the
// agents table in PostgreSQL, so that agentry's writes wait for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { startServer, client, createAccount, store, postgresUrlFor } from './lib/server.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Holds the database busy until release(); resolves once the lock is taken.
async function holdDatabase(server) {
  const [command, args, lock] = store === 'postgres'
    ? ['psql', ['-qAt', postgresUrlFor(server.dataDir)], 'BEGIN; LOCK TABLE agents IN EXCLUSIVE MODE;']
    : ['sqlite3', [path.join(server.dataDir, 'agentry.db')], 'BEGIN IMMEDIATE;'];
  const holder = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(holder, 'exit');
  // sqlite3 waits for agentry's writer, should it be writing, instead of failing at once.
  if (store !== 'postgres') holder.stdin.write('.timeout 10000\n');
  holder.stdin.write(`${lock}\nSELECT 'locked';\n`);
  let out = '';
  holder.stdout.on('data', (d) => { out += d; });
  while (!out.includes('locked')) {
    if (holder.exitCode !== null) throw new Error(`${command} ended before it held the lock`);
    await sleep(20);
  }
  return async () => {
    holder.stdin.end('ROLLBACK;\n');
    await exited;
  };
}

test('requests beyond the database queue limit get 503 with Retry-After at once, and /metrics counts them', async () => {
  const server = await startServer({ args: ['--db-queue-limit', '3', '--metrics-listen', '127.0.0.1:0'] });
  try {
    const admin = client(server, server.adminKey);
    const acme = await createAccount(server, admin);
    // The metrics address is logged after the API's.
    let port;
    for (let i = 0; i < 100 && !(port = /metrics on [^ ]+:(\d+)\/metrics/.exec(server.stderr)?.[1]); i++) await sleep(50);
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    const release = await holdDatabase(server);
    const answered = [];
    const post = (name) => acme.call('POST', '/v1/agents', { body: { name } })
      .then((r) => { answered.push(r); return r; });
    // Writes that wait for the lock, then a burst that finds the queue full.
    const held = Array.from({ length: 12 }, (_, i) => post(`held-${i}`));
    await sleep(500);
    const burst = Array.from({ length: 12 }, (_, i) => post(`burst-${i}`));
    await sleep(500);
    const shedEarly = answered.filter((r) => r.status === 503).length;
    // Liveness and the operator's metrics address still answer while the queue is full.
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
    const during = await fetch(metricsUrl);
    assert.equal(during.status, 200);
    const duringText = await during.text();
    await release();
    const all = await Promise.all([...held, ...burst]);

    const shed = all.filter((r) => r.status === 503);
    for (const r of all) assert.ok(r.status === 201 || r.status === 503, `${r.status} ${r.text}`);
    assert.ok(shed.length >= 12, `${shed.length} of 24 shed with a queue limit of 3`);
    assert.ok(all.some((r) => r.status === 201), 'the queued writes went through once the lock was gone');
    assert.equal(shedEarly, shed.length, 'every refusal came while the database was still held');
    for (const r of shed) {
      assert.equal(r.headers.get('retry-after'), '1');
      assert.equal(r.body.error.code, 'unavailable');
      assert.match(r.body.error.message, /the server is busy: \d+ database transactions are waiting \(at most 3\)/);
    }
    // Nothing of a refused request was stored.
    const names = new Set((await acme.call('GET', '/v1/agents?limit=100')).body.data.map((a) => a.name));
    assert.equal(names.size, all.length - shed.length);

    const metrics = await (await fetch(metricsUrl)).text();
    assert.equal(Number(/^agentry_http_shed_total (\d+)$/m.exec(metrics)[1]), shed.length);
    assert.match(duringText, /^agentry_db_writer_queue_depth [3-9]\d*$/m, 'the queue was full while held');
    // Once the queue drains, requests are served again.
    assert.equal((await acme.call('POST', '/v1/agents', { body: { name: 'after' } })).status, 201);
  } finally {
    assert.equal((await server.stop()).code, 0);
    server.cleanup();
  }
});
