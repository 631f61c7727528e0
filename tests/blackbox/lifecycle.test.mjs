import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binary, startServer, client, createAccount, store, postgresUrlFor } from './lib/server.mjs';

test('first start creates the admin key once, mode 0600; a restart keeps every row', async () => {
  const first = await startServer();
  const key = first.adminKey;
  assert.match(first.stdout, new RegExp(key));
  assert.equal(statSync(path.join(first.dataDir, 'admin.key')).mode & 0o777, 0o600);
  const admin = client(first, key);
  const acme = await createAccount(first, admin, { plan: 'pro' });
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'survivor', capabilities: ['persistence'] } })).body.data;
  const idem = await acme.call('POST', '/v1/agents', { body: { name: 'idem' }, headers: { 'idempotency-key': 'across-restart' } });
  assert.equal((await first.stop()).code, 0);

  const second = await startServer({ dataDir: first.dataDir });
  try {
    assert.ok(!second.stdout.includes('created the admin account'));
    assert.equal(second.adminKey, key);
    const again = client(second, acme.key);
    assert.deepEqual((await again('GET', `/v1/agents/${agent.id}`)).body.data, agent);
    const replay = await again('POST', '/v1/agents', { body: { name: 'idem' }, headers: { 'idempotency-key': 'across-restart' } });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(replay.body, idem.body);
    assert.equal((await client(second, key)('GET', '/v1/account')).status, 200);
  } finally {
    assert.equal((await second.stop()).code, 0);
    second.cleanup();
  }
});

test('AGENTRY_ADMIN_KEY presets the admin key; a malformed one stops start-up', async () => {
  const preset = execFileSync(binary, ['keygen']).toString().trim();
  const server = await startServer({ env: { AGENTRY_ADMIN_KEY: preset } });
  try {
    assert.equal(server.adminKey, preset);
    assert.equal((await client(server, preset)('GET', '/v1/accounts')).status, 200);
  } finally {
    assert.equal((await server.stop()).code, 0);
    server.cleanup();
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'agentry-test-'));
  const bad = spawnSync(binary, ['serve', '--data', dir, '--listen', '127.0.0.1:0'], {
    env: { ...process.env, AGENTRY_ADMIN_KEY: 'ak_live_not-a-real-key' }, encoding: 'utf8', timeout: 30000,
  });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /AGENTRY_ADMIN_KEY is not a valid key/);
});

test('a malformed plans file stops start-up with a message naming it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentry-plans-'));
  try {
    const plans = path.join(dir, 'plans.json');
    for (const [content, message] of [
      ['{"plans": [{"id": "free", "requestsPerMinute": "many"}]}', /requestsPerMinute must be an integer/],
      ['{"plans": [{"id": "free", "colour": "red"}]}', /unknown field colour/],
      ['{"plans": [{"id": "free", "rateLimitPer": "ip"}]}', /rateLimitPer must be "account" or "key"/],
      ['{"plans": [{"id": "free", "rateLimitPer": 1}]}', /rateLimitPer must be "account" or "key"/],
      ['not json', /expected \{"plans": \[\.\.\.\]\}/],
      ['{"plans": [{"id": "free", "requestsPerMinute": 0}]}', /request limits must be positive/],
      ['{"plans": [{"id": "free", "maxStreams": 0}]}', /maxStreams must be from 1 to 100000/],
    ]) {
      writeFileSync(plans, content);
      const run = spawnSync(binary, ['serve', '--data', path.join(dir, 'data'), '--listen', '127.0.0.1:0', '--plans-file', plans], {
        encoding: 'utf8', timeout: 30000,
      });
      assert.equal(run.status, 1, content);
      assert.match(run.stderr, message, content);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('settings come from flags, AGENTRY_* variables and a config file', async () => {
  const viaEnv = await startServer({ env: { AGENTRY_OPEN_SIGNUP: 'true', AGENTRY_DEFAULT_PLAN: 'pro' } });
  try {
    const res = await client(viaEnv)('POST', '/v1/accounts', { body: { name: 'env' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.account.plan, 'pro');
  } finally {
    await viaEnv.stop();
    viaEnv.cleanup();
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'agentry-conf-'));
  const conf = path.join(dir, 'agentry.toml');
  writeFileSync(conf, 'open-signup = true\ndefault-plan = "starter"\n');
  const viaFile = await startServer({ args: ['--config', conf] });
  try {
    const res = await client(viaFile)('POST', '/v1/accounts', { body: { name: 'file' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.account.plan, 'starter');
  } finally {
    await viaFile.stop();
    viaFile.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
  const server = await startServer();
  const body = JSON.stringify({ name: 'in-flight' });
  const socket = net.connect(server.port, '127.0.0.1');
  let data = '';
  socket.on('data', (d) => { data += d; });
  const closed = new Promise((r) => socket.on('close', r));
  await new Promise((r) => socket.on('connect', r));
  socket.write(`POST /v1/agents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.adminKey}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
  await new Promise((r) => setTimeout(r, 300));
  // An idle keep-alive connection must not hold the shutdown up.
  const idle = net.connect(server.port, '127.0.0.1');
  idle.on('error', () => {});
  await new Promise((r) => idle.on('connect', r));
  const exited = server.stop('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  socket.write(body.slice(5));
  await closed;
  assert.match(data, /^HTTP\/1\.1 201 /);
  assert.match(data, /Connection: close/i);
  assert.equal((await exited).code, 0);
  server.cleanup();
});

test('--version and migrate', () => {
  const version = execFileSync(binary, ['--version']).toString();
  assert.match(version, /^agentry \d+\.\d+\.\d+/);
  const dir = mkdtempSync(path.join(tmpdir(), 'agentry-migrate-'));
  try {
    const args = ['migrate', '--data', dir, ...(store === 'postgres' ? ['--db', postgresUrlFor(dir)] : [])];
    const first = execFileSync(binary, args).toString();
    assert.match(first, /[1-9]\d* migration\(s\) applied/);
    const second = execFileSync(binary, args).toString();
    assert.match(second, /^agentry: 0 migration\(s\) applied/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--db chooses the store; one that cannot be used stops start-up', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentry-db-'));
  try {
    for (const [db, message] of [
      ['mysql://127.0.0.1/x', /--db must be sqlite:PATH or a postgres:\/\/ URL/],
      ['sqlite:', /--db sqlite: needs a file path/],
      ['postgres://nobody@127.0.0.1:1/none', /cannot connect to PostgreSQL/],
    ]) {
      const run = spawnSync(binary, ['serve', '--data', path.join(dir, 'data'), '--listen', '127.0.0.1:0', '--db', db], {
        encoding: 'utf8', timeout: 30000,
      });
      assert.equal(run.status, 1, db);
      assert.match(run.stderr, message, db);
    }
    const file = path.join(dir, 'elsewhere.db');
    const server = await startServer({ args: ['--db', `sqlite:${file}`] });
    try {
      assert.ok(existsSync(file));
      assert.equal((await client(server)('GET', '/readyz')).body.database, 'sqlite');
    } finally {
      assert.equal((await server.stop()).code, 0);
      server.cleanup();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
