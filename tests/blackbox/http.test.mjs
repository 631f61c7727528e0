import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, client, createAccount, useServer, store } from './lib/server.mjs';

let server;
let admin;
let acme;

useServer({ args: ['--header-timeout-ms', '500', '--max-connections', '50'] }, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { plan: 'enterprise' });
});

// Sends raw bytes and collects everything the server answers until it closes (or `ms` pass).
function raw(bytes, { ms = 3000, keepOpen = false } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let data = '';
    let closed = false;
    socket.on('data', (d) => { data += d; });
    socket.on('error', () => {});
    socket.on('close', () => { closed = true; clearTimeout(timer); resolve({ data, closed }); });
    const timer = setTimeout(() => { if (!keepOpen) socket.destroy(); resolve({ data, closed }); }, ms);
    if (bytes) socket.write(bytes);
  });
}

test('unknown paths are 404 not_found and wrong methods 405 with Allow', async () => {
  let res = await acme.call('GET', '/v1/nothing-here');
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
  res = await acme.call('PUT', '/v1/agents');
  assert.equal(res.status, 405);
  assert.equal(res.body.error.code, 'method_not_allowed');
  assert.equal(res.headers.get('allow'), 'POST, GET, HEAD');
});

test('every response carries a distinct X-Request-Id, echoed in errors', async () => {
  const ids = new Set();
  for (const path of ['/healthz', '/v1/agents', '/nope', '/v1/account']) {
    const res = await acme.call('GET', path);
    const id = res.headers.get('x-request-id');
    assert.match(id, /^req_[0-9A-Z]{26}$/);
    ids.add(id);
    if (res.status >= 400) assert.equal(res.body.error.requestId, id);
  }
  assert.equal(ids.size, 4);
});

test('authenticated responses carry the rate-limit headers', async () => {
  const res = await acme.call('GET', '/v1/agents');
  assert.equal(res.headers.get('x-ratelimit-limit'), '1000');
  assert.ok(Number(res.headers.get('x-ratelimit-remaining')) < 1000);
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  assert.ok(reset > Date.now() / 1000 - 1 && reset < Date.now() / 1000 + 120);
});

test('a body over 1 MiB is refused with 413', async () => {
  const big = JSON.stringify({ name: 'x', description: 'y'.repeat(1024 * 1024) });
  const res = await acme.call('POST', '/v1/agents', { raw: big, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 413);
  assert.equal(res.body.error.code, 'payload_too_large');
  // The server is still fine afterwards.
  assert.equal((await acme.call('GET', '/healthz')).status, 200);
});

test('a client still sending a refused body is not reset: it reads the 413, then the server closes', async () => {
  // The 413 goes out on the Content-Length alone; the client goes on sending after reading it.
  const bodyBytes = 2 * 1024 * 1024;
  const outcome = await new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let data = '';
    let error = null;
    let sent = false;
    socket.on('data', (d) => {
      data += d;
      if (!sent && data.includes('\r\n\r\n') && data.includes('}')) {
        sent = true;
        socket.end('x'.repeat(bodyBytes - 1024));
      }
    });
    socket.on('error', (e) => { error = e; });
    socket.on('close', () => resolve({ data, error, sent }));
    socket.write(`POST /v1/agents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${acme.key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${bodyBytes}\r\n\r\n${'y'.repeat(1024)}`);
  });
  assert.ok(outcome.sent, 'the 413 arrived while the body was being sent');
  assert.match(outcome.data, /^HTTP\/1\.1 413 /);
  assert.match(outcome.data, /"code":"payload_too_large"/);
  assert.equal(outcome.error, null, `the connection ended without ${outcome.error?.code}`);
});

test('headers over 16 KiB are refused with 431', async () => {
  const { data } = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
  assert.match(data, /^HTTP\/1\.1 431 /);
  assert.match(data, /"code":"headers_too_large"/);
});

test('JSON nested deeper than 32 levels is a 400', async () => {
  const deep = '{"name":"deep","rules":' + '['.repeat(40) + ']'.repeat(40) + '}';
  const res = await acme.call('POST', '/v1/agents', { raw: deep, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.match(res.body.error.message, /deeper than 32/);
});

test('malformed HTTP gets a 400 and the connection is closed', async () => {
  const { data, closed } = await raw('THIS IS NOT HTTP\r\n\r\n');
  assert.match(data, /^HTTP\/1\.1 400 /);
  assert.ok(closed);
});

test('a client that never finishes its headers is cut off', async () => {
  const { data, closed } = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\n', { ms: 5000 });
  assert.equal(data, '');
  assert.ok(closed, 'the server kept a slow client connected');
});

test('slow bodies and idle keep-alive connections are cut off', async () => {
  const strict = await startServer({ args: ['--body-timeout-ms', '400', '--idle-timeout-ms', '400'] });
  try {
    const send = (bytes) => new Promise((resolve) => {
      const socket = net.connect(strict.port, '127.0.0.1');
      let data = '';
      socket.on('data', (d) => { data += d; });
      socket.on('error', () => {});
      socket.on('close', () => resolve({ data, closed: true }));
      setTimeout(() => { socket.destroy(); resolve({ data, closed: false }); }, 5000);
      socket.write(bytes);
    });
    // Headers promise 100 bytes of body; only 5 ever come.
    const slow = await send('POST /v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"na');
    assert.ok(slow.closed, 'a slow body kept the connection');
    assert.equal(slow.data, '');
    // One request answered, then nothing: the idle connection is closed.
    const idle = await send('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(idle.closed, 'an idle keep-alive connection was kept');
    assert.match(idle.data, /^HTTP\/1\.1 200 /);
  } finally {
    assert.equal((await strict.stop()).code, 0);
    strict.cleanup();
  }
});

test('Expect: 100-continue gets an interim response before the body is sent', async () => {
  const body = JSON.stringify({ name: 'continued' });
  const result = await new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => {
      data += d;
      // Only once the server has said 100 Continue does the body go out.
      if (data.startsWith('HTTP/1.1 100 ') && !socket.sentBody) {
        socket.sentBody = true;
        socket.write(body);
      }
      if (/\r\n\r\n\{.*\}$/s.test(data.slice(data.indexOf('HTTP/1.1 2')))) socket.end();
    });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
    setTimeout(() => { socket.destroy(); resolve(data); }, 5000);
    socket.write(`POST /v1/agents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${acme.key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`);
  });
  assert.match(result, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
});

test('keep-alive serves several requests on one connection', async () => {
  const req = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const { data } = await raw(req + req + 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(data.match(/HTTP\/1\.1 200 OK/g).length, 3);
});

test('each request writes one JSON access-log line without secrets', async () => {
  const res = await acme.call('GET', '/v1/agents?limit=5');
  const id = res.headers.get('x-request-id');
  // The access log is flushed in batches every 50 ms.
  let line;
  for (let i = 0; i < 40 && !line; i++) {
    await new Promise((r) => setTimeout(r, 50));
    line = server.stdout.split('\n').find((l) => l.includes(id));
  }
  assert.ok(line, 'no access-log line');
  const entry = JSON.parse(line);
  assert.equal(entry.method, 'GET');
  assert.equal(entry.path, '/v1/agents');
  assert.equal(entry.status, 200);
  assert.equal(entry.accountId, acme.account.id);
  assert.equal(typeof entry.durationMs, 'number');
  assert.ok(!server.stdout.includes(acme.key), 'an API key reached the log');
});

test('health and readiness', async () => {
  const anon = client(server);
  const health = await anon('GET', '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
  const ready = await anon('GET', '/readyz');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.database, store);
});

test('connections beyond the cap are closed', async () => {
  const capped = await startServer({ args: ['--max-connections', '2'] });
  try {
    const open = [];
    for (let i = 0; i < 2; i++) {
      const s = net.connect(capped.port, '127.0.0.1');
      s.on('error', () => {});
      await new Promise((r) => s.on('connect', r));
      open.push(s);
    }
    await new Promise((r) => setTimeout(r, 200));
    const third = await new Promise((resolve) => {
      const s = net.connect(capped.port, '127.0.0.1');
      let data = '';
      s.on('data', (d) => { data += d; });
      s.on('error', () => {});
      s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      s.on('close', () => resolve(data));
      setTimeout(() => { s.destroy(); resolve('still open'); }, 3000);
    });
    assert.equal(third, '');
    for (const s of open) s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await client(capped)('GET', '/healthz')).status, 200);
  } finally {
    assert.equal((await capped.stop()).code, 0);
    capped.cleanup();
  }
});

test('a request without Host, or with two, gets 400 (RFC 9112 section 3.2); HTTP/1.0 may omit it', async () => {
  let { data, closed } = await raw('GET /healthz HTTP/1.1\r\n\r\n');
  assert.match(data, /^HTTP\/1\.1 400 /);
  assert.match(data, /needs a Host header/);
  assert.ok(closed);
  ({ data } = await raw('GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'));
  assert.match(data, /^HTTP\/1\.1 400 /);
  assert.match(data, /one Host header, not 2/);
  ({ data } = await raw('GET /healthz HTTP/1.0\r\n\r\n'));
  assert.match(data, /^HTTP\/1\.0 200 /);
});

test('a malformed chunk extension gets 400 at once, not a stall until the body times out', async () => {
  const head = 'POST /v1/agents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n' +
    `Authorization: Bearer ${acme.key}\r\n\r\n`;
  const { data, closed } = await raw(`${head}5;ext="unterminated\r\nhello\r\n0\r\n\r\n`);
  assert.match(data, /^HTTP\/1\.1 400 /);
  assert.match(data, /"code":"bad_request"/);
  assert.ok(closed);
  // Well-formed extensions, quoted or not, are still read.
  const body = '{"name":"chunked-ext"}';
  const ok = await raw(`${head}${body.length.toString(16)};a=b;q="x y"\r\n${body}\r\n0\r\n\r\n`, { ms: 1500 });
  assert.match(ok.data, /^HTTP\/1\.1 201 /);
});

test('HEAD works wherever GET does: the same status and headers, no body', async () => {
  for (const path of ['/healthz', '/v1/agents', '/openapi.json', '/v1/nothing-here']) {
    const got = await acme.call('GET', path);
    const head = await acme.call('HEAD', path);
    assert.equal(head.status, got.status, path);
    assert.equal(head.text, '', path);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(got.text)), path);
    assert.equal(head.headers.get('content-type'), got.headers.get('content-type'), path);
  }
  const limited = await acme.call('HEAD', '/v1/agents');
  assert.ok(limited.headers.get('x-ratelimit-remaining'));
  assert.equal((await client(server)('HEAD', '/v1/agents')).status, 401);
});

test('a client\'s own X-Request-Id is kept and echoed when it is a sane token; traceparent is logged', async () => {
  const mine = await acme.call('GET', '/v1/nothing-here', { headers: { 'x-request-id': 'trace-42.a_b:c' } });
  assert.equal(mine.headers.get('x-request-id'), 'trace-42.a_b:c');
  assert.equal(mine.body.error.requestId, 'trace-42.a_b:c');
  for (const bad of ['has space', 'x'.repeat(129), 'quote"d']) {
    const res = await acme.call('GET', '/healthz', { headers: { 'x-request-id': bad } });
    assert.match(res.headers.get('x-request-id'), /^req_[0-9A-Z]{26}$/, bad);
  }
  const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  await acme.call('GET', '/healthz', { headers: { 'x-request-id': 'traced-1', traceparent: trace } });
  await acme.call('GET', '/healthz', { headers: { 'x-request-id': 'traced-2', traceparent: 'nonsense' } });
  let lines = [];
  for (let i = 0; i < 40 && lines.length < 2; i++) {
    await new Promise((r) => setTimeout(r, 50));
    lines = server.stdout.split('\n').filter((l) => l.includes('"traced-'));
  }
  const entries = lines.map((l) => JSON.parse(l));
  assert.equal(entries.find((e) => e.requestId === 'traced-1').traceparent, trace);
  assert.equal(entries.find((e) => e.requestId === 'traced-2').traceparent, undefined);
});
