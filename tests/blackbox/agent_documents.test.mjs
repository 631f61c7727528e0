// An agent's SOUL.md, WORKFLOW.md and rules, each read and replaced on its own, with the agent's
// ETag guarding against concurrent edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';

let server;
let acme;
let other;
let agent;

useServer({}, async (started, admin) => {
  server = started;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'enterprise' });
  other = await createAccount(server, admin, { name: 'other', plan: 'enterprise' });
  agent = (await acme.call('POST', '/v1/agents', {
    body: { name: 'writer', soulMd: '# SOUL.md\n\nCalm.', workflowMd: '# Workflow', rules: ['be kind'] },
  })).body.data;
});

const documents = [
  ['personality', 'soulMd', '# SOUL.md\n\nCurious and precise.'],
  ['workflow', 'workflowMd', '# Workflow\n\n1. Read.\n2. Summarize.'],
  ['rules', 'rules', ['cite sources', 'never guess']],
];

for (const [path, field, value] of documents) {
  test(`${path}: read, replace with If-Match, and a stale ETag answers 409`, async () => {
    const read = await acme.call('GET', `/v1/agents/${agent.id}/${path}`);
    assert.equal(read.status, 200);
    const etag = read.headers.get('etag');
    assert.match(etag, /^"\d+"$/);
    assert.ok(field in read.body.data);

    const put = await acme.call('PUT', `/v1/agents/${agent.id}/${path}`, {
      body: { [field]: value }, headers: { 'if-match': etag },
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.data[field], value);
    assert.notEqual(put.headers.get('etag'), etag);

    // A second writer that read before the first one saved is refused, and changes nothing.
    const stale = await acme.call('PUT', `/v1/agents/${agent.id}/${path}`, {
      body: { [field]: path === 'rules' ? ['lost'] : 'lost update' }, headers: { 'if-match': etag },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'conflict');
    const now = await acme.call('GET', `/v1/agents/${agent.id}/${path}`);
    assert.deepEqual(now.body.data[field], value);
    assert.equal(now.headers.get('etag'), put.headers.get('etag'));

    const whole = (await acme.call('GET', `/v1/agents/${agent.id}`)).body.data;
    assert.deepEqual(whole[field], value, 'the agent shows the new document');

    assert.equal((await other.call('GET', `/v1/agents/${agent.id}/${path}`)).status, 404);
    assert.equal((await other.call('PUT', `/v1/agents/${agent.id}/${path}`, { body: { [field]: value } })).status, 404);
  });
}

test('an edit of one document makes an ETag read with another one stale', async () => {
  const etag = (await acme.call('GET', `/v1/agents/${agent.id}/personality`)).headers.get('etag');
  assert.equal((await acme.call('PUT', `/v1/agents/${agent.id}/rules`, { body: { rules: [] } })).status, 200);
  const stale = await acme.call('PUT', `/v1/agents/${agent.id}/personality`, {
    body: { soulMd: 'x' }, headers: { 'if-match': etag },
  });
  assert.equal(stale.status, 409);
});

test('documents are validated: type, size, unknown fields', async () => {
  for (const [path, body] of [
    ['personality', { soulMd: 5 }],
    ['personality', { soulMd: 'x'.repeat(65537) }],
    ['workflow', {}],
    ['rules', { rules: 'one rule' }],
    ['rules', { rules: Array.from({ length: 33 }, () => 'r') }],
    ['rules', { rules: [], extra: 1 }],
  ]) {
    const res = await acme.call('PUT', `/v1/agents/${agent.id}/${path}`, { body });
    assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
    assert.equal(res.body.error.code, 'validation_error');
  }
});

test('reading needs agents:read, replacing agents:write', async () => {
  const key = (await acme.call('POST', '/v1/api-keys', { body: { name: 'ro', scopes: ['agents:read'] } })).body.data.key;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const base = server.base;
  assert.equal((await fetch(`${base}/v1/agents/${agent.id}/workflow`, { headers })).status, 200);
  const put = await fetch(`${base}/v1/agents/${agent.id}/workflow`, {
    method: 'PUT', headers, body: JSON.stringify({ workflowMd: 'x' }),
  });
  assert.equal(put.status, 403);
});
