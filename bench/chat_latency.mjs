// Open-loop load at a fixed rate for bench/chat.sh: RATE requests/s for DURATION seconds, each on a new
// connection (agentry closes a connection after a stream), against URL with BODY, round-robin
// over the API keys in KEYS.
// For each request it times the first streamed text (the first SSE "delta" event from agentry,
// the first chunk with content from the provider) and the end of the stream. Prints
// "first_p50 first_p99 whole_p50 whole_p99 errors" in milliseconds.
import http from 'node:http';

const url = new URL(process.env.URL);
const body = process.env.BODY;
const keys = (process.env.KEYS ?? '').split(',');  // spread over accounts: streams are capped per account
const rate = Number(process.env.RATE ?? 500);
const seconds = Number(process.env.DURATION ?? 5);
const marker = process.env.MARKER;  // the text that shows the first token

const first = [];
const whole = [];
let errors = 0;

let sent = 0;
function one() {
  const key = keys[sent++ % keys.length];
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let seenFirst = false;
    let tail = '';
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    }, (res) => {
      if (res.statusCode !== 200) errors++;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (!seenFirst && (tail + chunk).includes(marker)) {
          seenFirst = true;
          first.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        tail = chunk.slice(-64);
      });
      res.on('end', () => {
        whole.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (!seenFirst) errors++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
}

const total = rate * seconds;
const pending = [];
const t0 = process.hrtime.bigint();
for (let i = 0; i < total; i++) {
  const due = t0 + BigInt(Math.round((i * 1e9) / rate));
  let now = process.hrtime.bigint();
  while (now < due) {
    await new Promise((r) => setTimeout(r, Math.max(0, Number(due - now) / 1e6 - 1)));
    now = process.hrtime.bigint();
  }
  pending.push(one());
}
await Promise.all(pending);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
console.log([pct(first, 50), pct(first, 99), pct(whole, 50), pct(whole, 99)].map((v) => v.toFixed(3)).join(' ') + ` ${errors}`);
