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

// Starts a server with `args`, runs a gpt-4o-mini agent once and returns the ended run.
async function runOnce(args) {
  const server = await startServer({ plans: bulkPlans, args, env: { AGENTRY_OPENAI_API_KEY: 'sk-tls' } });
  try {
    const admin = client(server, server.adminKey);
    const me = await createAccount(server, admin, { name: 'tls', plan: 'bulk' });
    await grant(admin, me.account.id, 10);
    const agent = (await me.call('POST', '/v1/agents', { body: { name: 'g', model: 'gpt-4o-mini' } })).body.data;
    const started = await me.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'secure' } } });
    return (await me.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`)).body.data;
  } finally {
    assert.equal((await server.stop()).code, 0);
    server.cleanup();
  }
}

test('an https provider whose certificate is trusted and names the host is called', async () => {
  for (const host of ['localhost', '127.0.0.1']) {
    const ended = await runOnce(['--openai-base-url', `https://${host}:${upstream.port}/v1`, '--provider-ca-file', certFile]);
    assert.equal(ended.status, 'completed', `${host}: ${JSON.stringify(ended.error)}`);
    assert.deepEqual(ended.result, { output: 'Hi gpt-4o-mini: secure' });
  }
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
