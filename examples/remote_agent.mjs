#!/usr/bin/env node
// A small remote agent for agentry, with no dependencies: run it, point a remote agent's
// endpointUrl at it, and run that agent.
//
//   AGENTRY_SIGNING_SECRET=whsec_...  the agent's secret (GET /v1/agents/{id}/signing-secret)
//   AGENTRY_URL=http://127.0.0.1:8080 agentry's address, for reports of accepted runs
//   AGENTRY_API_KEY=ak_live_...       a key of the agent's owner with runs:write
//   PORT=8787                         where to listen (0: any free port)
//
// It checks each request's Standard Webhooks signature (and refuses ones older than five
// minutes), then answers from the run's input:
//   {"message": "..."}                 at once: {"result": {"reply": "remote agent got: ..."}}
//   {"async": true, "message": "..."}  202, then reports progress 50 and the same result
//   {"async": true, "fail": "..."}     202, then reports the run failed with that message
//   {"async": true, "silent": true}    202, then nothing (the run fails at its time limit)
// agentry also tells it when a run it accepted (202) is cancelled: an event
// {"type": "run.cancelled", "data": {"object": <the run>}}, signed the same way; it then stops
// working on that run (it answers 2xx, or agentry retries the notice).
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';

const secret = process.env.AGENTRY_SIGNING_SECRET ?? '';
const agentry = process.env.AGENTRY_URL ?? 'http://127.0.0.1:8080';
const apiKey = process.env.AGENTRY_API_KEY ?? '';
const toleranceSeconds = 300;
const cancelled = new Set();  // runs agentry said were cancelled: no report is sent for them

function verified(headers, body) {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  const signatures = String(headers['webhook-signature'] ?? '').split(' ');
  if (!id || !Number.isInteger(timestamp) || !secret.startsWith('whsec_')) return false;
  if (Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.some((s) => {
    const [version, value] = s.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function report(runId, verb, body) {
  const res = await fetch(`${agentry}/v1/runs/${runId}/${verb}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) console.error(`report ${verb} of ${runId}: ${res.status} ${await res.text()}`);
}

const server = http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  if (req.method !== 'POST' || !verified(req.headers, body)) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
    return;
  }
  const run = JSON.parse(body);
  if (run.type === 'run.cancelled') {
    cancelled.add(run.data.object.id);
    res.writeHead(204).end();
    return;
  }
  const input = run.input ?? {};
  const result = { reply: `remote agent got: ${input.message ?? JSON.stringify(input)}` };
  if (!input.async) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result }));
    return;
  }
  res.writeHead(202).end();
  if (input.silent || cancelled.has(run.runId)) return;
  await report(run.runId, 'progress', { progress: 50, message: 'halfway' });
  if (input.fail) {
    await report(run.runId, 'fail', { error: { code: 'agent_gave_up', message: input.fail } });
  } else {
    await report(run.runId, 'complete', { result });
  }
});

server.listen(Number(process.env.PORT ?? 8787), '127.0.0.1', () => {
  console.log(`remote agent listening on http://127.0.0.1:${server.address().port}`);
});
