// The served OpenAPI document is precise enough to generate a client: openapi-typescript makes
// types from it, a small TypeScript client (typescript/client.ts) type-checks against them with
// tsc --strict and no cast, and then runs against the server. Redocly's linter finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { client, createAccount, useServer } from './lib/server.mjs';
import { grant } from './lib/market.mjs';

let server;
let acme;
let doc;

useServer({}, async (started, admin) => {
  server = started;
  acme = await createAccount(server, admin, { name: 'typed', plan: 'enterprise' });
  await grant(admin, acme.account.id, 10);
  doc = (await client(server)('GET', '/openapi.json')).body;
});

const bin = (name) => path.resolve('node_modules/.bin', name);

// Redocly's report on `document`: its problems, and the totals.
function lint(document) {
  const dir = mkdtempSync(path.resolve('.openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const run = spawnSync(bin('redocly'), ['lint', file, '--config', 'redocly.yaml', '--format', 'json'],
      { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
    return {
      problems: report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`),
      totals: report.totals,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('Redocly lints the document with 0 errors and 0 warnings', () => {
  const { problems, totals } = lint(doc);
  assert.deepEqual(problems, []);
  assert.deepEqual(totals, { errors: 0, warnings: 0, ignored: 0 });
});

test('Redocly lints each seed system\'s document with 0 errors and 0 warnings', async () => {
  for (const system of ['agenco', 'agentscode', 'agenfleet', 'agentmarket', 'agento']) {
    const res = await fetch(`${server.base}/compat/${system}/openapi.json`);
    assert.equal(res.status, 200, system);
    const { problems, totals } = lint(await res.json());
    assert.deepEqual(problems, [], system);
    assert.deepEqual(totals, { errors: 0, warnings: 0, ignored: 0 }, system);
  }
});

test('a TypeScript client generated from /openapi.json type-checks under --strict without casts and runs', async () => {
  const dir = mkdtempSync(path.resolve('.tsclient-'));
  try {
    writeFileSync(path.join(dir, 'schema.d.ts'), astToString(await openapiTS(structuredClone(doc))));
    copyFileSync('typescript/client.ts', path.join(dir, 'client.ts'));
    copyFileSync('typescript/tsconfig.json', path.join(dir, 'tsconfig.json'));
    const source = readFileSync(path.join(dir, 'client.ts'), 'utf8').replace(/\/\/.*$/gm, '');
    // No type assertion (`as T`), non-null assertion (`x!.y`), `any` or suppressed error.
    for (const cast of [/\bas\s+(?!const\b)\w/, /[\w)\]]!(?=[.[),;])/, /\bany\b/, /@ts-/]) {
      assert.doesNotMatch(source, cast, 'the client casts');
    }
    try {
      execFileSync(bin('tsc'), ['-p', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      assert.fail(`tsc --strict failed:\n${e.stdout}${e.stderr}`);
    }
    writeFileSync(path.join(dir, 'out', 'package.json'), '{"type": "module"}');
    const printed = execFileSync('node', [path.join(dir, 'out', 'client.js')], {
      encoding: 'utf8', env: { ...process.env, AGENTRY_URL: server.base, AGENTRY_KEY: acme.key },
    });
    const result = JSON.parse(printed);
    assert.equal(result.status, 'completed');
    assert.equal(result.output, JSON.stringify({ output: 'echo: typed hello' }));
    assert.equal(result.reply, 'echo: typed chat');
    assert.match(result.etag, /^"\d+"$/);
    assert.ok(result.total >= 1);
    assert.ok(result.runs >= 1);
    assert.equal(result.code, 'not_found');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
