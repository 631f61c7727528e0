// Live streams at scale, agentry against a bare push server (streams_baseline.mjs) in the same
// run: `count` streams are opened to each (agentry: GET /v1/agents/{id}/logs/stream), then
// - memory: the server's resident memory after opening them, less before, per stream;
// - idle: the server's CPU over `idle` seconds while every stream stays open and quiet;
// - fan-out: `events` times, one event (agentry: POST /v1/agents/{id}/stop or /start, which logs
//   agent.stopped or agent.started; baseline: POST /event), and the time from sending it to its
//   arrival on each stream: the median over the events of the p50, the p99 and the last stream.
// EVENTS_BASE, when given, is another node of the same database through which agentry's events
// are made (the streams are on BASE).
// Prints one JSON line: {agentry: {...}, baseline: {...}}.
// Usage: node bench/streams.mjs BASE KEY AGENT PID BASELINE_URL BASELINE_PID [count] [idle] [events]
//        [EVENTS_BASE]
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [base, key, agent, pid, baselineUrl, baselinePid, countArg, idleArg, eventsArg, eventsBase] = process.argv.slice(2);
const fireBase = eventsBase || base;
const count = Number(countArg ?? 5000);
const idleSeconds = Number(idleArg ?? 10);
const events = Number(eventsArg ?? 5);
const ticksPerSecond = 100;  // Linux's USER_HZ, what /proc/PID/stat counts in

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rssKb = (p) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))[1]);
const cpuTicks = (p) => {
  const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);  // utime + stime
};
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Opens one stream; `onEvent()` runs on each "event: log" it receives.
function open(url, headers, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk) => { if (chunk.includes('event: log')) onEvent(); });
      resolve(req);
    });
    req.on('error', reject);
    req.end();
  });
}

function post(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(side, streamUrl, headers, serverPid, fire) {
  let round = null;  // {sent, arrivals[], heard[]}
  const before = rssKb(serverPid);
  const opened = [];
  for (let i = 0; i < count; i += 200) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 200); j++) {
      // A stream's first event of the round is the one timed (one change may log more than once).
      batch.push(open(streamUrl, headers, () => {
        if (round && !round.heard[j]) {
          round.heard[j] = true;
          round.arrivals.push(performance.now() - round.sent);
        }
      }));
    }
    opened.push(...await Promise.all(batch));
  }
  await sleep(1000);
  const perStreamKb = (rssKb(serverPid) - before) / count;
  const ticks = cpuTicks(serverPid);
  await sleep(idleSeconds * 1000);
  const idleCore = (cpuTicks(serverPid) - ticks) / ticksPerSecond / idleSeconds;
  const p50s = [];
  const p99s = [];
  const lasts = [];
  for (let e = 0; e < events; e++) {
    round = { sent: performance.now(), arrivals: [], heard: new Array(count).fill(false) };
    const status = await fire(e);
    if (status >= 300) throw new Error(`${side}: the event answered ${status}`);
    for (let waited = 0; round.arrivals.length < count; waited += 5) {
      if (waited > 30000) throw new Error(`${side}: ${round.arrivals.length} of ${count} streams heard the event`);
      await sleep(5);
    }
    const sorted = [...round.arrivals].sort((a, b) => a - b);
    p50s.push(quantile(sorted, 0.5));
    p99s.push(quantile(sorted, 0.99));
    lasts.push(sorted.at(-1));
    round = null;
    await sleep(300);
  }
  for (const req of opened) req.destroy();
  await sleep(1000);
  const r = (x) => Math.round(x * 10) / 10;
  return { streams: count, kbPerStream: r(perStreamKb), idleCorePercent: r(idleCore * 100),
    fanoutP50Ms: r(median(p50s)), fanoutP99Ms: r(median(p99s)), fanoutLastMs: r(median(lasts)) };
}

const auth = { authorization: `Bearer ${key}` };
const baseline = await measure('baseline', `${baselineUrl}/stream`, {}, baselinePid,
  () => post(`${baselineUrl}/event`));
const agentry = await measure('agentry', `${base}/v1/agents/${agent}/logs/stream`, auth, pid,
  (e) => post(`${fireBase}/v1/agents/${agent}/${e % 2 === 0 ? 'stop' : 'start'}`, auth));
console.log(JSON.stringify({ agentry, baseline }));
