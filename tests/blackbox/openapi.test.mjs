import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { client, useServer } from './lib/server.mjs';

let server;
let doc;

useServer({}, async (started) => {
  server = started;
  doc = (await client(server)('GET', '/openapi.json')).body;
});

test('/openapi.json is a valid OpenAPI 3.1 document', async () => {
  assert.equal(doc.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc));
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.equal(validator.version, '3.1');
});

// The routes this foundation promises; each must be documented.
const promised = [
  'POST /v1/accounts', 'GET /v1/account', 'GET /v1/accounts', 'GET /v1/accounts/{id}',
  'PATCH /v1/accounts/{id}', 'POST /v1/api-keys', 'GET /v1/api-keys', 'DELETE /v1/api-keys/{id}',
  'POST /v1/agents', 'GET /v1/agents', 'GET /v1/agents/{id}', 'PATCH /v1/agents/{id}',
  'DELETE /v1/agents/{id}', 'POST /v1/agents/{id}/start', 'POST /v1/agents/{id}/stop',
  'POST /v1/agents/{id}/restart', 'GET /v1/agents/{id}/status', 'GET /v1/marketplace/agents',
  'GET /healthz', 'GET /readyz', 'GET /openapi.json',
];

function documented() {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) out.push(`${method.toUpperCase()} ${p}`);
  }
  return out;
}

test('every promised route is documented, with scope, errors and schemas', () => {
  const routes = documented();
  for (const r of promised) assert.ok(routes.includes(r), `${r} is not documented`);
  const create = doc.paths['/v1/agents'].post;
  assert.equal(create['x-required-scope'], 'agents:write');
  assert.ok(create.requestBody.content['application/json'].schema.properties.soulMd);
  for (const status of ['201', '400', '401', '403', '409', '422', '429']) assert.ok(create.responses[status], status);
  assert.ok(create.parameters.some((p) => p.name === 'Idempotency-Key'));
  assert.ok(doc.components.securitySchemes.bearerAuth);
});

test('the routes of the other clients are documented with their required fields and scopes', () => {
  const required = (p, method) => doc.paths[p][method].requestBody.content['application/json'].schema.required;
  assert.deepEqual(required('/v1/chat/completions', 'post'), ['model', 'messages']);
  assert.deepEqual(required('/v1/responses', 'post'), ['model', 'input']);
  assert.deepEqual(required('/v1/messages', 'post'), ['model', 'max_tokens', 'messages']);
  assert.deepEqual(required('/v1/stream-tokens', 'post'), ['url']);
  for (const p of ['/v1/chat/completions', '/v1/responses', '/v1/messages']) {
    assert.equal(doc.paths[p].post['x-required-scope'], 'chat', p);
  }
  assert.equal(doc.paths['/v1/models'].get['x-required-scope'], 'chat');
  assert.equal(doc.paths['/v1/chat/completions'].post.responses['400'].content['application/json'].schema.$ref, '#/components/schemas/OpenAIError');
  assert.equal(doc.paths['/v1/messages'].post.responses['400'].content['application/json'].schema.$ref, '#/components/schemas/AnthropicError');
  assert.ok(doc.paths['/v1/runs/{id}/events'].get.parameters.some((p) => p.name === 'token' && p.in === 'query'),
    'stream routes take ?token=');
});

test('every documented route is served', async () => {
  const anon = client(server);
  for (const route of documented()) {
    const [method, template] = route.split(' ');
    const url = template.replace(/\{[^}]+\}/g, 'x_probe');
    const res = await anon(method, url, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
    assert.notEqual(res.status, 405, route);
    if (res.status === 404) assert.doesNotMatch(res.body.error.message, /^no endpoint/, route);
  }
  // And the router does not serve what is not documented.
  const stray = await anon('GET', '/v1/undocumented');
  assert.equal(stray.status, 404);
  assert.match(stray.body.error.message, /^no endpoint/);
});

// The reference for language models: /llms.txt indexes every documented route, and
// /llms-full.txt describes each with its fields, an example request and its errors — both
// written from the same declarations as /openapi.json. Each example body is one the route's own
// schema accepts.
test('/llms.txt and /llms-full.txt describe every documented route, with examples that validate', async () => {
  const anon = client(server);
  const index = await anon('GET', '/llms.txt');
  const full = await anon('GET', '/llms-full.txt');
  for (const res of [index, full]) {
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/markdown; charset=utf-8');
  }
  assert.match(index.text, /^# agentry API\n\n> /);
  const Ajv2020 = (await import('ajv/dist/2020.js')).default;
  const addFormats = (await import('ajv-formats')).default;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  const sections = new Map(full.text.split('\n### ').slice(1).map((s) => [s.slice(0, s.indexOf('\n')), s]));
  for (const route of documented()) {
    const [method, path] = route.split(' ');
    const anchor = `${method} ${path}`.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
    assert.ok(index.text.includes(`- [${route}](/llms-full.txt#${anchor}): `), `${route} is not in /llms.txt`);
    const section = sections.get(route);
    assert.ok(section, `${route} has no section in /llms-full.txt`);
    assert.ok(section.includes('Example request:'), route);
    const op = doc.paths[path][method.toLowerCase()];
    const schema = op.requestBody?.content['application/json']?.schema;
    if (!schema) continue;
    for (const field of Object.keys(schema.properties ?? {})) {
      assert.ok(section.includes(`- \`${field}\` — `), `${route}: body field ${field} is not described`);
    }
    const example = JSON.parse(/Content-Type: application\/json\n\n(.*)\n```/.exec(section)[1]);
    const pointer = `openapi.json#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
    const valid = ajv.validate({ $ref: pointer }, example);
    assert.ok(valid, `${route}: the example body ${JSON.stringify(example)} is refused: ${ajv.errorsText()}`);
  }
});
