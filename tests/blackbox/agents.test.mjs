import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';

let server;
let admin;
let acme;
let other;

useServer({}, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'enterprise' });
  other = await createAccount(server, admin, { name: 'other', plan: 'enterprise' });
});

const full = {
  name: 'researcher',
  displayName: 'Research Bot',
  description: 'I research topics thoroughly',
  version: '2.1.0',
  kind: 'hosted',
  model: 'claude-sonnet-4',
  systemPrompt: 'You are a research assistant',
  soulMd: '# SOUL.md\n\nCurious.',
  workflowMd: '# Workflow\n\nSearch, read, summarize.',
  rules: ['cite sources'],
  capabilities: ['Research', 'summarization'],
  pricePerTask: 15.5,
  visibility: 'public',
  region: 'eu',
};

test('an agent is created with every field the seeds give it', async () => {
  const res = await acme.call('POST', '/v1/agents', { body: full });
  assert.equal(res.status, 201);
  const a = res.body.data;
  assert.match(a.id, /^agt_/);
  assert.equal(res.headers.get('location'), `/v1/agents/${a.id}`);
  assert.equal(res.headers.get('etag'), `"${a.revision}"`);
  for (const field of ['name', 'displayName', 'description', 'version', 'kind', 'model', 'systemPrompt', 'soulMd', 'workflowMd', 'rules', 'visibility', 'region']) {
    assert.deepEqual(a[field], full[field], field);
  }
  assert.deepEqual(a.capabilities, ['research', 'summarization']);
  assert.equal(a.pricePerTask, 15.5);
  assert.equal(a.status, 'running');
  assert.equal(a.runCount, 0);
  assert.equal(a.reputationScore, 0);
  assert.equal(a.totalTasks, 0);
  assert.equal(a.endpointUrl, null);
  assert.ok(Date.parse(a.createdAt) && Date.parse(a.updatedAt));
  assert.match(a.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const got = await acme.call('GET', `/v1/agents/${a.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body.data, a);
});

test('names are unique per account: 409 conflict', async () => {
  const first = await acme.call('POST', '/v1/agents', { body: { name: 'dup' } });
  assert.equal(first.status, 201);
  const second = await acme.call('POST', '/v1/agents', { body: { name: 'dup' } });
  assert.equal(second.status, 409);
  assert.equal(second.body.error.code, 'conflict');
  assert.equal((await other.call('POST', '/v1/agents', { body: { name: 'dup' } })).status, 201);
});

test('bad agent input names the field', async () => {
  const cases = [
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: 'a', kind: 'local' }, 'kind'],
    [{ name: 'a', visibility: 'everyone' }, 'visibility'],
    [{ name: 'a', pricePerTask: -1 }, 'pricePerTask'],
    [{ name: 'a', pricePerTask: 'free' }, 'pricePerTask'],
    [{ name: 'a', pricePerTask: 0.0000001 }, 'pricePerTask'],
    [{ name: 'a', capabilities: 'research' }, 'capabilities'],
    [{ name: 'a', capabilities: ['ok', '!bad'] }, 'capabilities[1]'],
    [{ name: 'a', rules: [1] }, 'rules[0]'],
    [{ name: 'a', kind: 'remote' }, 'endpointUrl'],
    [{ name: 'a', kind: 'remote', endpointUrl: 'http://insecure.example/run' }, 'endpointUrl'],
    [{ name: 'a', region: 'EU West' }, 'region'],
    [{ name: 'a', unknownField: true }, 'unknownField'],
  ];
  for (const [body, field] of cases) {
    const res = await acme.call('POST', '/v1/agents', { body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_error');
    assert.equal(res.body.error.field, field, JSON.stringify(body));
  }
  const notJson = await acme.call('POST', '/v1/agents', { raw: '{"name": ', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.code, 'bad_request');
});

test('remote agents keep their https endpoint', async () => {
  const res = await acme.call('POST', '/v1/agents', { body: { name: 'remote-1', kind: 'remote', endpointUrl: 'https://agent.example/execute' } });
  assert.equal(res.status, 201);
  assert.equal(res.body.data.endpointUrl, 'https://agent.example/execute');
  assert.equal(res.body.data.model, null);
});

test('PATCH changes fields and honours If-Match', async () => {
  const created = await acme.call('POST', '/v1/agents', { body: { name: 'patchy', description: 'v1' } });
  const id = created.body.data.id;
  const etag = created.headers.get('etag');
  const first = await acme.call('PATCH', `/v1/agents/${id}`, { body: { description: 'v2', capabilities: ['coding'] }, headers: { 'if-match': etag } });
  assert.equal(first.status, 200);
  assert.equal(first.body.data.description, 'v2');
  assert.deepEqual(first.body.data.capabilities, ['coding']);
  assert.notEqual(first.headers.get('etag'), etag);
  const stale = await acme.call('PATCH', `/v1/agents/${id}`, { body: { description: 'v3' }, headers: { 'if-match': etag } });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict');
  assert.equal((await acme.call('GET', `/v1/agents/${id}`)).body.data.description, 'v2');
  const unconditional = await acme.call('PATCH', `/v1/agents/${id}`, { body: { description: 'v3' } });
  assert.equal(unconditional.status, 200);
  const rename = await acme.call('PATCH', `/v1/agents/${id}`, { body: { name: 'dup' } });
  assert.equal(rename.status, 409);
  assert.equal((await acme.call('PATCH', `/v1/agents/${id}`, { body: {} })).status, 400);
  // An ETag that was never issued cannot match.
  const bogus = await acme.call('PATCH', `/v1/agents/${id}`, { body: { description: 'v4' }, headers: { 'if-match': '"not-a-revision"' } });
  assert.equal(bogus.status, 409);
  assert.equal(bogus.body.error.code, 'conflict');
});

test('start, stop, restart and status', async () => {
  const id = (await acme.call('POST', '/v1/agents', { body: { name: 'cycler' } })).body.data.id;
  let res = await acme.call('POST', `/v1/agents/${id}/stop`);
  assert.equal(res.status, 200);
  assert.equal(res.body.data.status, 'stopped');
  assert.ok(res.body.data.stoppedAt);
  res = await acme.call('GET', `/v1/agents/${id}/status`);
  assert.deepEqual(Object.keys(res.body.data).sort(), ['id', 'runCount', 'startedAt', 'status', 'stoppedAt']);
  assert.equal(res.body.data.status, 'stopped');
  res = await acme.call('POST', `/v1/agents/${id}/start`);
  assert.equal(res.body.data.status, 'running');
  res = await acme.call('POST', `/v1/agents/${id}/restart`);
  assert.equal(res.body.data.status, 'running');
  assert.equal((await acme.call('GET', `/v1/agents?status=stopped`)).body.data.filter((a) => a.id === id).length, 0);
});

test('lists paginate and filter', async () => {
  const acct = await createAccount(server, admin, { name: 'lister', plan: 'enterprise' });
  for (let i = 0; i < 25; i++) {
    const body = { name: `agent-${String(i).padStart(2, '0')}`, capabilities: i % 5 === 0 ? ['translation'] : ['coding'], description: i === 7 ? 'Speaks Klingon' : '' };
    assert.equal((await acct.call('POST', '/v1/agents', { body })).status, 201);
  }
  let res = await acct.call('GET', '/v1/agents');
  assert.equal(res.body.data.length, 20);
  assert.deepEqual(res.body.pagination, { total: 25, limit: 20, offset: 0, hasMore: true });
  res = await acct.call('GET', '/v1/agents?limit=10&offset=20');
  assert.equal(res.body.data.length, 5);
  assert.equal(res.body.pagination.hasMore, false);
  res = await acct.call('GET', '/v1/agents?capability=translation&limit=100');
  assert.equal(res.body.pagination.total, 5);
  assert.ok(res.body.data.every((a) => a.capabilities.includes('translation')));
  res = await acct.call('GET', '/v1/agents?q=klingon');
  assert.deepEqual(res.body.data.map((a) => a.name), ['agent-07']);
  res = await acct.call('GET', '/v1/agents?q=100%25');
  assert.equal(res.body.pagination.total, 0);
  for (const bad of ['limit=0', 'limit=101', 'limit=abc', 'offset=-1', 'status=sleeping', 'capability=%21%21']) {
    const r = await acct.call('GET', `/v1/agents?${bad}`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.body.error.code, 'validation_error');
  }
});

test('another account\'s agent is a 404 on every route', async () => {
  const id = (await acme.call('POST', '/v1/agents', { body: { name: 'private-one' } })).body.data.id;
  for (const [method, path, body] of [
    ['GET', `/v1/agents/${id}`],
    ['PATCH', `/v1/agents/${id}`, { description: 'mine now' }],
    ['DELETE', `/v1/agents/${id}`],
    ['POST', `/v1/agents/${id}/stop`],
    ['GET', `/v1/agents/${id}/status`],
  ]) {
    const res = await other.call(method, path, body ? { body } : {});
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.body.error.code, 'not_found');
  }
  assert.ok(!(await other.call('GET', '/v1/agents?limit=100')).body.data.some((a) => a.id === id));
  assert.equal((await acme.call('GET', `/v1/agents/${id}`)).body.data.status, 'running');
});

test('delete removes the agent', async () => {
  const id = (await acme.call('POST', '/v1/agents', { body: { name: 'doomed' } })).body.data.id;
  const res = await acme.call('DELETE', `/v1/agents/${id}`);
  assert.equal(res.status, 204);
  assert.equal(res.text, '');
  assert.equal((await acme.call('GET', `/v1/agents/${id}`)).status, 404);
  assert.equal((await acme.call('DELETE', `/v1/agents/${id}`)).status, 404);
});

test('the marketplace lists public agents of every account with public fields only', async () => {
  const pub = (await other.call('POST', '/v1/agents', { body: { ...full, name: 'market-bot', capabilities: ['market-research'] } })).body.data;
  await other.call('POST', '/v1/agents', { body: { name: 'hidden', capabilities: ['market-research'] } });
  const res = await acme.call('GET', '/v1/marketplace/agents?capability=market-research');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.data.map((a) => a.id), [pub.id]);
  const shown = res.body.data[0];
  for (const secret of ['systemPrompt', 'soulMd', 'workflowMd', 'rules', 'endpointUrl', 'visibility', 'revision']) {
    assert.equal(shown[secret], undefined, secret);
  }
  assert.equal(shown.pricePerTask, 15.5);
  const text = await acme.call('GET', '/v1/marketplace/agents?q=research%20bot');
  assert.ok(text.body.data.some((a) => a.id === pub.id));
  const one = await acme.call('GET', `/v1/marketplace/agents/${pub.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.data.soulMd, undefined);
  const hiddenId = (await other.call('GET', '/v1/agents?q=hidden')).body.data[0].id;
  assert.equal((await acme.call('GET', `/v1/marketplace/agents/${hiddenId}`)).status, 404);
});

test('a read right after a change sees it, however often the agent was read before', async () => {
  const id = (await acme.call('POST', '/v1/agents', { body: { name: 'hot', visibility: 'public', description: 'v1' } })).body.data.id;
  const read = async (path) => (await acme.call('GET', path)).body;
  for (let i = 0; i < 3; i++) {  // read repeatedly, as a cache would want it
    assert.equal((await read(`/v1/agents/${id}`)).data.description, 'v1');
    assert.equal((await read(`/v1/agents/${id}/status`)).data.status, 'running');
    assert.equal((await read(`/v1/marketplace/agents/${id}`)).data.description, 'v1');
  }
  await acme.call('PATCH', `/v1/agents/${id}`, { body: { description: 'v2' } });
  assert.equal((await read(`/v1/agents/${id}`)).data.description, 'v2');
  assert.equal((await read(`/v1/marketplace/agents/${id}`)).data.description, 'v2');
  await acme.call('POST', `/v1/agents/${id}/stop`);
  assert.equal((await read(`/v1/agents/${id}/status`)).data.status, 'stopped');
  assert.equal((await read(`/v1/agents/${id}`)).data.status, 'stopped');
  await acme.call('PATCH', `/v1/agents/${id}`, { body: { visibility: 'private' } });
  assert.equal((await acme.call('GET', `/v1/marketplace/agents/${id}`)).status, 404);
  assert.equal((await other.call('GET', `/v1/agents/${id}`)).status, 404, 'cached or not, it is not theirs');
  await acme.call('DELETE', `/v1/agents/${id}`);
  assert.equal((await acme.call('GET', `/v1/agents/${id}`)).status, 404);
  assert.equal((await acme.call('GET', `/v1/agents/${id}/status`)).status, 404);
});

test('a model without a price is refused when the agent is created or changed, not on every run', async () => {
  const created = await acme.call('POST', '/v1/agents', { body: { name: 'unpriced', model: 'llama-3-70b' } });
  assert.equal(created.status, 400, created.text);
  assert.equal(created.body.error.code, 'validation_error');
  assert.equal(created.body.error.field, 'model');
  assert.match(created.body.error.message, /llama-3-70b has no price; the operator adds it with --prices-file/);
  const priced = await acme.call('POST', '/v1/agents', { body: { name: 'priced', model: 'gpt-4o' } });
  assert.equal(priced.status, 201, priced.text);
  const echo = await acme.call('POST', '/v1/agents', { body: { name: 'offline', model: 'echo' } });
  assert.equal(echo.status, 201, echo.text);
  const changed = await acme.call('PATCH', `/v1/agents/${priced.body.data.id}`, { body: { model: 'mystery-1' } });
  assert.equal(changed.status, 400, changed.text);
  assert.equal(changed.body.error.field, 'model');
  assert.equal((await acme.call('GET', `/v1/agents/${priced.body.data.id}`)).body.data.model, 'gpt-4o');
});
