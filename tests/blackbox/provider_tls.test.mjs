// The outbound client over TLS: a provider at an https URL is trusted through --provider-ca-file
// and its name checked against its certificate; without the trust the run fails cleanly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { client, createAccount, startServer } from './lib/server.mjs';
import { bulkPlans, grant } from './lib/market.mjs';
import { startUpstream } from './lib/upstream.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'agentry-tls-'));
const certFile = path.join(dir, 'cert.pem');
let upstream;

before(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  upstream = await startUpstream({ tls: { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(certFile) } });
});

after(() => upstream.close());

// Starts a server with `args` and an account with a gpt-4o-mini agent, and passes them to `use`.
async function withAgent(args, use) {
  const server = await startServer({ plans: bulkPlans, args, env: { AGENTRY_OPENAI_API_KEY: 'sk-tls' } });
  try {
    const admin = client(server, server.adminKey);
    const me = await createAccount(server, admin, { name: 'tls', plan: 'bulk' });
    await grant(admin, me.account.id, 10);
    const agent = (await me.call('POST', '/v1/agents', { body: { name: 'g', model: 'gpt-4o-mini' } })).body.data;
    return await use(me, agent);
  } finally {
    assert.equal((await server.stop()).code, 0);
    server.cleanup();
  }
}

// Runs a gpt-4o-mini agent once on a server with `args` and returns the ended run.
function runOnce(args) {
  return withAgent(args, async (me, agent) => {
    const started = await me.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'secure' } } });
    return (await me.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`)).body.data;
  });
}

test('an https provider whose certificate is trusted and names the host is called', async () => {
  for (const host of ['localhost', '127.0.0.1']) {
    const ended = await runOnce(['--openai-base-url', `https://${host}:${upstream.port}/v1`, '--provider-ca-file', certFile]);
    assert.equal(ended.status, 'completed', `${host}: ${JSON.stringify(ended.error)}`);
    assert.deepEqual(ended.result, { output: 'Hi gpt-4o-mini: secure' });
  }
});

test('calls reuse their TLS connection to the provider; one the provider cut is replaced', async () => {
  // One I/O thread, whose kept connections every turn sees.
  const args = ['--threads', '1', '--openai-base-url', `https://localhost:${upstream.port}/v1`, '--provider-ca-file', certFile];
  await withAgent(args, async (me, agent) => {
    const turn = async (message) => {
      const res = await me.call('POST', `/v1/agents/${agent.id}/chat`, { body: { message } });
      assert.equal(res.status, 200, res.text);
      return res.body.data.message.content;
    };
    const from = upstream.requests.length;
    assert.equal(await turn('one'), 'Hi gpt-4o-mini: one');
    assert.equal(await turn('two'), 'Hi gpt-4o-mini: two');
    const [first, second] = upstream.requests.slice(from);
    assert.equal(second.connection, first.connection, 'the second call went over the first one\'s connection');
    upstream.dropReused();
    assert.equal(await turn('three'), 'Hi gpt-4o-mini: three', 'the call did not fail');
    const [cut, answered] = upstream.requests.slice(from + 2);
    assert.equal(cut.connection, first.connection, 'the kept connection was tried first');
    assert.notEqual(answered.connection, first.connection, 'then a new one');
    assert.equal(upstream.requests.length, from + 4);
  });
});

test('an untrusted certificate fails the run with a clean error, and nothing is sent', async () => {
  const before = upstream.requests.length;
  const ended = await runOnce(['--openai-base-url', `https://localhost:${upstream.port}/v1`]);
  assert.equal(ended.status, 'failed');
  assert.equal(ended.error.code, 'provider_error');
  assert.match(ended.error.message, /certificate/);
  assert.equal(upstream.requests.length, before, 'no request reached the provider');
});

test('a missing --provider-ca-file stops start-up with a message', async () => {
  await assert.rejects(startServer({ args: ['--provider-ca-file', path.join(dir, 'none.pem')] }),
    /--provider-ca-file: no such file/);
});
