// Starts the real agentry binary on a free loopback port with a fresh data directory.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { responseSchemasOf } from './response_schemas.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const binary = process.env.AGENTRY_BIN ?? path.resolve('../../build/asan/src/app/agentry');

// The store every server of this run uses: 'sqlite' (a file in the data directory, one node) or
// 'postgres' (the many-node set-up: a fresh database per data directory on the cluster at
// AGENTRY_TEST_POSTGRES, and rate limits in the Redis at AGENTRY_TEST_REDIS; the test command
// starts both).
export const store = process.env.AGENTRY_TEST_STORE ?? 'sqlite';
export const postgresBase = process.env.AGENTRY_TEST_POSTGRES;
export const redisUrl = process.env.AGENTRY_TEST_REDIS;
if (store === 'postgres' && !(postgresBase && redisUrl)) {
  throw new Error('AGENTRY_TEST_STORE=postgres needs AGENTRY_TEST_POSTGRES and AGENTRY_TEST_REDIS');
}

// The PostgreSQL URL of the database that belongs to `dataDir`, created on first use, so that a
// restart on the same data directory finds its data as it would with SQLite.
export function postgresUrlFor(dataDir) {
  const nameFile = path.join(dataDir, 'test-database');
  if (!existsSync(nameFile)) {
    const name = `t_${randomUUID().replaceAll('-', '')}`;
    execFileSync('psql', [`${postgresBase}/postgres`, '-qc', `CREATE DATABASE ${name}`]);
    writeFileSync(nameFile, name);
  }
  return `${postgresBase}/${readFileSync(nameFile, 'utf8').trim()}`;
}

export class Server {
  constructor(child, dataDir, port) {
    this.child = child;
    this.dataDir = dataDir;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.stdout = '';
    this.stderr = '';
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      // A crash (a sanitizer report, an abort) is shown in the test output to be diagnosed.
      const expected = signal === 'SIGTERM' || signal === 'SIGINT' || signal === this.killedWith;
      if (code !== 0 && code !== null || signal !== null && !expected) {
        process.stderr.write(`agentry exited with ${code ?? signal}; its stderr ends:\n${this.stderr.slice(-6000)}\n`);
      }
      resolve({ code, signal });
    }));
  }

  get adminKey() {
    return readFileSync(path.join(this.dataDir, 'admin.key'), 'utf8').trim();
  }

  // Sends SIGTERM and resolves with the exit status.
  async stop(signal = 'SIGTERM') {
    this.killedWith = signal;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

// Options: env (extra variables), args (extra flags), dataDir (reuse one), plans (plans file
// content), listen (HOST:PORT; default a free port), accessLog (default stdout).
export async function startServer(options = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'agentry-test-'));
  const args = ['serve', '--data', dataDir, '--listen', options.listen ?? '127.0.0.1:0',
    '--access-log', options.accessLog ?? 'stdout'];
  if (options.plans) {
    const plansFile = path.join(dataDir, 'plans.json');
    writeFileSync(plansFile, JSON.stringify(options.plans));
    args.push('--plans-file', plansFile);
  }
  const extra = options.args ?? [];
  // Tests create many keys from one address; the limit on unknown keys has its own test.
  if (!extra.includes('--unauthenticated-per-minute')) args.push('--unauthenticated-per-minute', '1000000');
  if (store === 'postgres' && !extra.includes('--db')) args.push('--db', postgresUrlFor(dataDir));
  if (store === 'postgres' && !extra.includes('--redis')) args.push('--redis', redisUrl);
  args.push(...extra);
  const env = { ...process.env, ...(options.env ?? {}) };
  if (!('AGENTRY_ADMIN_KEY' in (options.env ?? {}))) delete env.AGENTRY_ADMIN_KEY;
  const child = spawn(options.binary ?? binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agentry did not start:\n${stderr}`)), 30000);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /listening on [^ ]+:(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`agentry exited ${code}:\n${stderr}`)); });
  });
  const server = new Server(child, dataDir, port);
  child.stdout.on('data', (d) => { server.stdout += d; });
  child.stderr.on('data', (d) => { server.stderr += d; });
  server.stdout = stdout;
  server.stderr = stderr;
  server.cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  return server;
}

// A small client: call(method, path, {key, body, headers, raw}) → {status, headers, body, text}.
// A 2xx JSON body must be the shape /openapi.json documents for the route (response_schemas.mjs).
export function client(server, defaultKey) {
  return async function call(method, urlPath, { key = defaultKey, body, headers = {}, raw } = {}) {
    const h = { ...headers };
    if (key) h.authorization = `Bearer ${key}`;
    let payload = raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(server.base + urlPath, { method, headers: h, body: payload });
    const text = await res.text();
    let json;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
    if (res.ok && isJson && json !== undefined && urlPath !== '/openapi.json') {
      (await responseSchemasOf(server)).check(method, urlPath, res.status, json);
    }
    return { status: res.status, headers: res.headers, body: json, text };
  };
}

// Starts a run of `agent` with input {message} (and `extra` body members) through `call`, waits
// for its end and asserts it ended in one of `ended`: the ended run.
export async function runToEnd(call, agent, message, { extra = {}, ended = ['completed'] } = {}) {
  const started = await call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message }, ...extra } });
  assert.equal(started.status, 202, started.text);
  const res = await call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`);
  assert.ok(ended.includes(res.body.data.status), res.text);
  return res.body.data;
}

// The events of an ended run, read whole from its event stream: [{event, data}].
export async function runEvents(server, key, id) {
  const res = await fetch(`${server.base}/v1/runs/${id}/events`, { headers: { authorization: `Bearer ${key}` } });
  const events = [];
  for (const block of (await res.text()).split('\n\n')) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event) events.push({ event, data: JSON.parse(data) });
  }
  return events;
}

// Creates an account through the admin key and returns {account, key, call}.
export async function createAccount(server, admin, { plan = 'pro', name = 'acme', email } = {}) {
  const res = await admin('POST', '/v1/accounts', { body: { name, plan, ...(email ? { email } : {}) } });
  if (res.status !== 201) throw new Error(`account creation failed: ${res.status} ${res.text}`);
  const key = res.body.data.apiKey.key;
  return { account: res.body.data.account, key, apiKey: res.body.data.apiKey, call: client(server, key) };
}

// One server for a whole test file: started before its tests, then `setup(server, admin)` runs
// (admin: a client with the admin key); after the tests the server must exit 0 — a sanitizer
// report or a crash fails the file.
export function useServer(options, setup) {
  let server;
  before(async () => {
    server = await startServer(options);
    await setup(server, client(server, server.adminKey));
  });
  after(async () => {
    assert.equal((await server.stop()).code, 0);
    server.cleanup();
  });
}
