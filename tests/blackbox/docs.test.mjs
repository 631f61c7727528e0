// /docs: Swagger UI from the pinned swagger-ui-dist (web/package-lock.json), embedded in the
// binary, over /openapi.json. Its files come with ETags and gzip; in Chromium (headless) the page
// loads with every request kept to the server itself, "Authorize" takes a key, and "Try it out"
// calls the API with it.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { withTab } from './lib/browser.mjs';
import { client, createAccount, startServer } from './lib/server.mjs';

let server;
let acme;

before(async () => {
  server = await startServer();
  acme = await createAccount(server, client(server, server.adminKey), { name: 'acme', plan: 'pro' });
});

after(async () => {
  assert.equal((await server.stop()).code, 0);
  server.cleanup();
});

const pinned = (file) => readFileSync(new URL(`../../web/node_modules/swagger-ui-dist/${file}`, import.meta.url));

test('the page and its files are served from the binary, with ETags, gzip and a strict CSP', async () => {
  const page = await fetch(`${server.base}/docs`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.headers.get('content-security-policy'), /default-src 'none'; script-src 'self'/);
  assert.match(await page.text(), /<div id="swagger-ui">/);

  const plain = await fetch(`${server.base}/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('content-encoding'), null);
  const bytes = Buffer.from(await plain.arrayBuffer());
  assert.ok(bytes.equals(pinned('swagger-ui-bundle.js')), 'the pinned package\'s file, byte for byte');

  const zipped = await new Promise((resolve, reject) => {
    // fetch() would decode the body: read the wire bytes with node:http instead.
    import('node:http').then(({ get }) => get(`${server.base}/docs/swagger-ui.css`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject));
  });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.ok(gunzipSync(zipped.body).equals(pinned('swagger-ui.css')));

  const etag = plain.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const again = await fetch(`${server.base}/docs/swagger-ui-bundle.js`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const missing = await fetch(`${server.base}/docs/secrets.txt`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'not_found');
});

test('in Chromium the page loads offline, authorizes with a key and runs a call', async () => {
  await withTab(server, async ({ tab, elsewhere, problems }) => {
    await tab.goto(`${server.base}/docs`);
    await tab.locator('.swagger-ui .info .title').filter({ hasText: 'agentry' }).waitFor();

    await tab.locator('.scheme-container button.authorize').click();
    const bearer = tab.locator('.modal-ux .auth-container').filter({ hasText: 'bearerAuth' });
    await bearer.locator('input').fill(acme.key);
    await bearer.locator('button.authorize').click();
    await bearer.locator('button.btn-done').click();

    const operation = tab.locator('#operations-Accounts-getAccount');
    await operation.locator('.opblock-summary').first().click();
    // Try it out is on from the start (tryItOutEnabled): its button offers to cancel.
    assert.equal((await operation.locator('button.try-out__btn').textContent()).trim(), 'Cancel');
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    assert.equal((await status.textContent()).trim(), '200');
    const body = await operation.locator('.live-responses-table .response-col_description pre.microlight').first().textContent();
    assert.equal(JSON.parse(body).data.id, acme.account.id, 'the call went out with the key');

    assert.deepEqual(elsewhere, [], 'nothing is fetched from anywhere but the server');
    assert.deepEqual(problems, []);
  });
});
