// Webhook deliveries through the outbox, measured against a baseline without it. One process is
// the receiver (a loopback HTTP server that answers 204 and notes when each event arrives) and
// the driver:
// - agentry: each change is a PATCH /v1/agents/{id} (an agent.updated event); the event and its
//   delivery are written in the change's transaction, the delivery worker claims, signs and
//   POSTs it;
// - baseline: the same payloads (as agentry sent them), signed with the same HMAC-SHA256 scheme
//   and POSTed straight to the receiver, four at a time (the worker's limit per endpoint).
// Throughput: `burst` changes as fast as 64 clients make them, until the last is received.
// Lag: `rate` changes a second for `seconds`; lag = received − the event's createdAt (agentry)
// or − the moment the payload was made (baseline).
// Usage: node bench/webhooks.mjs BASE_URL KEY AGENT_ID [burst] [rate] [seconds]
import http from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';

const [base, key, agent, burstArg, rateArg, secondsArg] = process.argv.slice(2);
const burst = Number(burstArg ?? 2000);
const rate = Number(rateArg ?? 200);
const seconds = Number(secondsArg ?? 5);
const agentOptions = { keepAlive: true, maxSockets: 64 };
const client = new http.Agent(agentOptions);

let received = [];  // {id, at, made}
let waiting = null;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    const body = Buffer.concat(chunks).toString();
    const made = Number(req.headers['x-made-at']) || Date.parse(JSON.parse(body).createdAt);
    received.push({ id: req.headers['webhook-id'], at, made, body });
    res.writeHead(204);
    res.end();
    if (waiting && received.length >= waiting.count) waiting.resolve();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${server.address().port}/hook`;

function request(method, url, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: client, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const api = (method, path, body) => request(method, base + path, {
  body: body === undefined ? undefined : JSON.stringify(body),
  headers: { authorization: `Bearer ${key}` },
});

function until(count) {
  if (received.length >= count) return Promise.resolve();
  return new Promise((resolve) => { waiting = { count, resolve }; });
}

async function inParallel(total, clients, one) {
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) await one(next++);
  }));
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const hook = JSON.parse((await api('POST', '/v1/webhooks', { url: receiverUrl, eventTypes: ['agent.updated'] })).text).data;
if (!hook?.secret) throw new Error('could not register the webhook (a plan with the webhooks feature?)');
const secret = Buffer.from(hook.secret.slice('whsec_'.length), 'base64');
let change = 0;
const patch = async () => {
  const res = await api('PATCH', `/v1/agents/${agent}`, { description: `change ${change++}` });
  if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${res.text}`);
};

// agentry, throughput.
received = [];
let start = performance.now();
await inParallel(burst, 64, patch);
await until(burst);
const agentryRate = burst / ((performance.now() - start) / 1000);
const template = received[0].body;

// agentry, lag at a fixed rate.
received = [];
const ticks = rate * seconds;
const every = 1000 / rate;
start = performance.now();
const pending = [];
for (let i = 0; i < ticks; i++) {
  const due = start + i * every;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  pending.push(patch());
}
await Promise.all(pending);
await until(ticks);
const agentryLag = received.map((r) => r.at - r.made);

// Baseline: sign and POST the same payload, four at a time, no outbox.
const send = (madeAt) => {
  const id = `evt_${randomBytes(13).toString('hex')}`;
  const body = template;
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return request('POST', receiverUrl, {
    body,
    headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}`, 'x-made-at': String(madeAt) },
  });
};
received = [];
start = performance.now();
await inParallel(burst, 4, () => send(Date.now()));
await until(burst);
const baselineRate = burst / ((performance.now() - start) / 1000);

received = [];
start = performance.now();
const sends = [];
for (let i = 0; i < ticks; i++) {
  const due = start + i * every;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  sends.push(send(Date.now()));
}
await Promise.all(sends);
await until(ticks);
const baselineLag = received.map((r) => r.at - r.made);

console.log(JSON.stringify({
  agentry: { deliveriesPerSecond: Math.round(agentryRate), lagP50: quantile(agentryLag, 0.5), lagP99: quantile(agentryLag, 0.99) },
  baseline: { deliveriesPerSecond: Math.round(baselineRate), lagP50: quantile(baselineLag, 0.5), lagP99: quantile(baselineLag, 0.99) },
}));
server.close();
client.destroy();
