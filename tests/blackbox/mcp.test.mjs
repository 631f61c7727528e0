// The official MCP TypeScript SDK against /mcp (Streamable HTTP): initialize opens a session
// bound to the key; tools are the /v1 routes with their declared schemas, limited by the key's
// scopes and paid like the REST calls; running an agent reports progress over SSE; resources are
// agents' SOUL.md, WORKFLOW.md and installed skills; malformed JSON-RPC gets a JSON-RPC error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { createAccount, useServer } from './lib/server.mjs';
import { balance, bulkPlans, grant } from './lib/market.mjs';

let server;
let admin;
let acme;
let globex;
let helper;
let secret;

useServer({ plans: bulkPlans }, async (started, a) => {
  server = started;
  admin = a;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
  globex = await createAccount(server, admin, { name: 'globex', plan: 'bulk' });
  await grant(admin, acme.account.id, 100);
  await grant(admin, globex.account.id, 100);
  helper = (await acme.call('POST', '/v1/agents', {
    body: {
      name: 'helper', model: 'echo', description: 'Answers in echoes.', visibility: 'public', pricePerTask: 0.5,
      soulMd: '# Soul\n\nCalm and exact.\n', workflowMd: '# Workflow\n\n1. Listen.\n',
    },
  })).body.data;
  secret = (await globex.call('POST', '/v1/agents', { body: { name: 'secret', model: 'echo' } })).body.data;
  const remote = await globex.call('POST', '/v1/agents', {
    body: { name: 'faraway', kind: 'remote', endpointUrl: 'https://agent.example.com/run', visibility: 'public' },
  });
  assert.equal(remote.status, 201, remote.text);
});

async function connect(key, name = 'tests') {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

// A raw POST /mcp: {status, headers, body}.
async function post(key, body, headers = {}) {
  const res = await fetch(`${server.base}/mcp`, {
    method: 'POST',
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, body: json, text };
}

const initialize = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

test('initialize opens a session in the latest revision, and the server names itself', async () => {
  const { client, transport } = await connect(acme.key);
  assert.match(transport.sessionId, /^mcp_[0-9A-Za-z]{32}$/);
  assert.equal(transport.protocolVersion, LATEST_PROTOCOL_VERSION);
  assert.equal(client.getServerVersion().name, 'agentry');
  assert.ok(client.getServerCapabilities().tools);
  assert.ok(client.getServerCapabilities().resources);
  assert.match(client.getInstructions(), /marketplace/);
  await client.ping();

  const older = await post(acme.key, { ...initialize, params: { ...initialize.params, protocolVersion: '2025-06-18' } });
  assert.equal(older.body.result.protocolVersion, '2025-06-18', 'an older revision it speaks is kept');
  const unknown = await post(acme.key, { ...initialize, params: { ...initialize.params, protocolVersion: '2023-01-01' } });
  assert.equal(unknown.body.result.protocolVersion, LATEST_PROTOCOL_VERSION);

  await transport.terminateSession();
  const after = await post(acme.key, { jsonrpc: '2.0', id: 2, method: 'ping' }, { 'mcp-session-id': transport.sessionId });
  assert.equal(after.status, 404, 'an ended session is gone');
  assert.equal(after.body.error.code, -32600);
  await client.close();
});

test('tools are the routes: their input schemas are the routes\' declarations, and agents are tools too', async () => {
  const { client } = await connect(acme.key);
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const name of ['list_agents', 'search_agents', 'get_agent', 'run_agent', 'get_run', 'chat_with_agent',
    'search_knowledge', 'post_task', 'list_tasks', 'accept_task', 'complete_task', 'get_balance']) {
    assert.ok(names.includes(name), `${name} is listed`);
  }
  assert.ok(names.includes('acme__helper'), 'an agent the key may use is a tool of its own');
  assert.ok(names.includes('globex__faraway'), 'a public remote agent too');
  assert.ok(!names.some((n) => n.endsWith('__secret')), 'another account\'s private agent is not');

  const openapi = (await (await fetch(`${server.base}/openapi.json`)).json());
  const postTask = tools.find((t) => t.name === 'post_task');
  const declared = openapi.paths['/v1/tasks'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(postTask.inputSchema.properties, declared.properties);
  assert.deepEqual(postTask.inputSchema.required, declared.required);
  const listAgents = tools.find((t) => t.name === 'list_agents');
  const query = openapi.paths['/v1/agents'].get.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  assert.deepEqual(Object.keys(listAgents.inputSchema.properties).sort(), query.sort());
  const run = tools.find((t) => t.name === 'run_agent');
  assert.deepEqual(run.inputSchema.required, ['agentId', 'input']);
  assert.equal(tools.find((t) => t.name === 'get_balance').annotations.readOnlyHint, true);
  await client.close();
});

test('run_agent reports the run\'s progress as it goes and answers the finished run, paid as a run', async () => {
  const { client } = await connect(globex.key);
  const before = await balance(globex.call);
  const progress = [];
  const result = await client.callTool(
    { name: 'run_agent', arguments: { agentId: helper.id, input: { message: 'hello there' } } },
    undefined,
    { onprogress: (p) => progress.push(p) },
  );
  assert.equal(result.isError, false, JSON.stringify(result));
  const run = result.structuredContent.data;
  assert.equal(run.status, 'completed');
  assert.equal(run.agentId, helper.id);
  assert.match(JSON.stringify(run.result), /hello there/);
  assert.ok(progress.length >= 2, `progress: ${JSON.stringify(progress)}`);
  assert.ok(progress.some((p) => /completed/.test(p.message)), 'the last status is reported');
  for (let i = 1; i < progress.length; ++i) assert.ok(progress[i].progress > progress[i - 1].progress);
  const rest = await globex.call('GET', `/v1/runs/${run.id}`);
  assert.equal(rest.body.data.status, 'completed', 'the run is the same through /v1');
  const after = await balance(globex.call);
  assert.ok(after.available < before.available, 'a public agent of another account is paid for');

  const asTool = await client.callTool({ name: 'acme__helper', arguments: { input: { message: 'as a tool' } } });
  assert.equal(asTool.isError, false, JSON.stringify(asTool));
  assert.match(JSON.stringify(asTool.structuredContent.data.result), /as a tool/);

  const missing = await client.callTool({ name: 'run_agent', arguments: { input: { message: 'x' } } });
  assert.equal(missing.isError, true);
  assert.match(missing.content[0].text, /agentId: required/);
  const bad = await client.callTool({ name: 'run_agent', arguments: { agentId: helper.id, input: 'text' } });
  assert.equal(bad.isError, true, 'the route\'s validation judges the arguments');
  assert.match(bad.content[0].text, /^validation_error: input/);
  await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /unknown tool/);
  await client.close();
});

test('chat, knowledge search and the balance go through the same routes', async () => {
  const { client } = await connect(acme.key);
  const chat = await client.callTool({ name: 'chat_with_agent', arguments: { agentId: helper.id, message: 'ping pong' } });
  assert.equal(chat.isError, false, JSON.stringify(chat));
  assert.match(chat.structuredContent.data.message.content, /ping pong/);
  const again = await client.callTool({
    name: 'chat_with_agent', arguments: { agentId: helper.id, message: 'more', sessionId: chat.structuredContent.data.sessionId },
  });
  assert.equal(again.structuredContent.data.sessionId, chat.structuredContent.data.sessionId);

  const ingest = await acme.call('POST', `/v1/agents/${helper.id}/knowledge`, {
    body: { title: 'Tides', content: '# Tides\n\nThe moon pulls the oceans into tides twice a day.' },
  });
  assert.equal(ingest.status, 201, ingest.text);
  const found = await client.callTool({ name: 'search_knowledge', arguments: { agentId: helper.id, query: 'why are there tides?' } });
  assert.equal(found.isError, false, JSON.stringify(found));
  assert.equal(found.structuredContent.data[0].title, 'Tides');
  assert.match(found.structuredContent.data[0].snippet, /<mark>/);

  const money = await client.callTool({ name: 'get_balance', arguments: {} });
  assert.deepEqual(money.structuredContent.data, await balance(acme.call));
  const text = JSON.parse(money.content[0].text);
  assert.deepEqual(text, money.structuredContent, 'the text content is the same JSON');
  await client.close();
});

test('a marketplace task is posted, accepted and completed through tools, with the 90/10 split', async () => {
  const poster = await connect(acme.key);
  const worker = await connect(globex.key, 'worker');
  const workerAgent = (await globex.call('POST', '/v1/agents', { body: { name: 'doer', visibility: 'public' } })).body.data;
  const before = await balance(globex.call);
  const posted = await poster.client.callTool({ name: 'post_task', arguments: { title: 'Summarise', budget: 10 } });
  assert.equal(posted.isError, false, JSON.stringify(posted));
  const task = posted.structuredContent.data;
  assert.equal(task.status, 'open');
  const listed = await worker.client.callTool({ name: 'list_tasks', arguments: { status: 'open', limit: 50 } });
  assert.ok(listed.structuredContent.data.some((t) => t.id === task.id));
  const accepted = await worker.client.callTool({ name: 'accept_task', arguments: { taskId: task.id, agentId: workerAgent.id } });
  assert.equal(accepted.structuredContent.data.status, 'assigned', JSON.stringify(accepted));
  const done = await worker.client.callTool({ name: 'complete_task', arguments: { taskId: task.id, result: { summary: 'short' } } });
  assert.equal(done.structuredContent.data.status, 'completed', JSON.stringify(done));
  const after = await balance(globex.call);
  assert.equal(Math.round((after.available - before.available) * 1e6), 9e6, 'the worker earns 90%');
  const again = await worker.client.callTool({ name: 'complete_task', arguments: { taskId: task.id, result: 'x' } });
  assert.equal(again.isError, true);
  assert.match(again.content[0].text, /^conflict: /);
  await poster.client.close();
  await worker.client.close();
});

test('a key\'s scopes limit the tools it is offered and may call', async () => {
  const made = await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['agents:read'] } });
  assert.equal(made.status, 201, made.text);
  const { client } = await connect(made.body.data.key);
  const names = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(names.includes('list_agents') && names.includes('get_agent'));
  for (const name of ['run_agent', 'post_task', 'get_balance', 'acme__helper']) assert.ok(!names.includes(name), name);
  const refused = await client.callTool({ name: 'post_task', arguments: { title: 't', budget: 1 } });
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, /^insufficient_scope: /);
  const listed = await client.callTool({ name: 'list_agents', arguments: { q: 'helper' } });
  assert.deepEqual(listed.structuredContent.data.map((a) => a.id), [helper.id]);
  await client.close();
});

test('another account\'s agents and sessions are not found', async () => {
  const { client, transport } = await connect(acme.key);
  const theirs = await client.callTool({ name: 'get_agent', arguments: { agentId: secret.id } });
  assert.equal(theirs.isError, true);
  assert.match(theirs.content[0].text, /^not_found: /);
  const run = await client.callTool({ name: 'run_agent', arguments: { agentId: secret.id, input: { message: 'x' } } });
  assert.equal(run.isError, true);
  await assert.rejects(client.readResource({ uri: `agentry://agents/${secret.id}/SOUL.md` }), /-32002|no resource/);
  const stolen = await post(globex.key, { jsonrpc: '2.0', id: 5, method: 'tools/list' }, { 'mcp-session-id': transport.sessionId });
  assert.equal(stolen.status, 404, 'a session belongs to the key that opened it');
  await client.close();
});

test('resources are agents\' SOUL.md, WORKFLOW.md and installed skills', async () => {
  const skill = (await acme.call('POST', '/v1/skills', {
    body: { content: '---\nname: tidy-notes\ndescription: Tidies notes.\n---\n# Steps\n\nTidy them.\n' },
  })).body.data;
  const installed = await acme.call('POST', `/v1/agents/${helper.id}/skills`, { body: { skillId: skill.id } });
  assert.equal(installed.status, 201, installed.text);
  const { client } = await connect(acme.key);
  const { resources } = await client.listResources();
  const uris = resources.map((r) => r.uri);
  const root = `agentry://agents/${helper.id}`;
  assert.ok(uris.includes(`${root}/SOUL.md`) && uris.includes(`${root}/WORKFLOW.md`), uris.join(' '));
  assert.ok(uris.includes(`${root}/skills/${skill.id}/SKILL.md`));
  const soul = await client.readResource({ uri: `${root}/SOUL.md` });
  assert.deepEqual(soul.contents, [{ uri: `${root}/SOUL.md`, mimeType: 'text/markdown', text: '# Soul\n\nCalm and exact.\n' }]);
  const workflow = await client.readResource({ uri: `${root}/WORKFLOW.md` });
  assert.equal(workflow.contents[0].text, '# Workflow\n\n1. Listen.\n');
  const md = await client.readResource({ uri: `${root}/skills/${skill.id}/SKILL.md` });
  assert.match(md.contents[0].text, /^---\nname: tidy-notes/);
  const templates = await client.listResourceTemplates();
  assert.equal(templates.resourceTemplates.length, 3);
  await assert.rejects(client.readResource({ uri: 'file:///etc/passwd' }), /no resource/);
  await client.close();
});

test('malformed JSON-RPC and bad transport use get a JSON-RPC error, never a 500', async () => {
  const opened = await post(acme.key, initialize);
  assert.equal(opened.status, 200);
  const session = { 'mcp-session-id': opened.headers.get('mcp-session-id') };
  const cases = [
    ['{"jsonrpc": "2.0", "id": 1, "method"', {}, 400, -32700, null],
    ['[{"jsonrpc": "2.0", "id": 1, "method": "ping"}]', session, 400, -32600, null],
    [{ jsonrpc: '1.0', id: 2, method: 'ping' }, session, 400, -32600, 2],
    [{ jsonrpc: '2.0', id: 3 }, session, 400, -32600, 3],
    [{ jsonrpc: '2.0', id: 4, method: 'ping', params: [1] }, session, 400, -32602, 4],
    [{ jsonrpc: '2.0', id: 5, method: 'no/such' }, session, 200, -32601, 5],
    [{ jsonrpc: '2.0', id: 6, method: 'tools/list' }, {}, 400, -32600, 6],
    [{ jsonrpc: '2.0', id: 7, method: 'tools/list' }, { 'mcp-session-id': 'mcp_nope' }, 404, -32600, 7],
    [{ jsonrpc: '2.0', id: 8, method: 'ping' }, { ...session, 'mcp-protocol-version': '1999-01-01' }, 400, -32600, 8],
    [{ jsonrpc: '2.0', id: 9, method: 'initialize', params: {} }, {}, 400, -32602, 9],
    [{ jsonrpc: '2.0', id: 10, method: 'tools/call', params: { name: 'get_balance', arguments: 'x' } }, session, 200, -32602, 10],
    [{ jsonrpc: '2.0', id: 12, method: 'resources/list', params: { cursor: 'page-two' } }, session, 200, -32602, 12],
  ];
  for (const [body, headers, status, code, id] of cases) {
    const res = await post(acme.key, body, headers);
    assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
    assert.equal(res.body.jsonrpc, '2.0');
    assert.equal(res.body.error.code, code, `${JSON.stringify(body)}: ${res.text}`);
    assert.equal(res.body.id, id);
  }
  const noKey = await post(undefined, { jsonrpc: '2.0', id: 1, method: 'ping' }, session);
  assert.equal(noKey.status, 401);
  assert.equal(noKey.body.error.code, -32000);
  assert.match(noKey.body.error.message, /^missing_api_key: /);
  const notification = await post(acme.key, { jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  assert.equal(notification.status, 202);
  assert.equal(notification.text, '');
  const wrongAccept = await post(acme.key, { jsonrpc: '2.0', id: 11, method: 'ping' }, { ...session, accept: 'text/html' });
  assert.equal(wrongAccept.status, 406);
  const get = await fetch(`${server.base}/mcp`, { headers: { authorization: `Bearer ${acme.key}`, ...session } });
  assert.equal(get.status, 405, 'no server-initiated stream: GET is not offered');
  const closed = await fetch(`${server.base}/mcp`, { method: 'DELETE', headers: { authorization: `Bearer ${acme.key}`, ...session } });
  assert.equal(closed.status, 204);
  const twice = await fetch(`${server.base}/mcp`, { method: 'DELETE', headers: { authorization: `Bearer ${acme.key}`, ...session } });
  assert.equal(twice.status, 404);
});
