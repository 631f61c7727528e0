// Starts the real agentry binary on a free loopback port with a fresh data directory.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const binary = process.env.AGENTRY_BIN ?? path.resolve('../../build/asan/src/app/agentry');

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
      if (code !== 0 || signal !== null && signal !== 'SIGTERM' && signal !== 'SIGINT') {
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
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

// Options: env (extra variables), args (extra flags), dataDir (reuse one), plans (plans file
// content), listen (HOST:PORT; default a free port).
export async function startServer(options = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'agentry-test-'));
  const args = ['serve', '--data', dataDir, '--listen', options.listen ?? '127.0.0.1:0', '--access-log', 'stdout'];
  if (options.plans) {
    const plansFile = path.join(dataDir, 'plans.json');
    writeFileSync(plansFile, JSON.stringify(options.plans));
    args.push('--plans-file', plansFile);
  }
  args.push(...(options.args ?? []));
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
    return { status: res.status, headers: res.headers, body: json, text };
  };
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
