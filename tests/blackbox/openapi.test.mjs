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
