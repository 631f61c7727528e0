// Schedules: created, read with their next fire times, changed, paused, resumed, triggered and
// deleted; firing for real (with --schedule-seconds, a six-field expression fires every second),
// the overlap policy, schedule.fired events, the missed times of a stopped server firing once
// when it starts again, and the time-zone rules across daylight-saving changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, createAccount, startServer, useServer } from './lib/server.mjs';

const plans = { plans: [{ id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000 }] };
let server;
let admin;
let acme;
let agent;

useServer({ plans, args: ['--schedule-seconds'] }, async (started, adminClient) => {
  server = started;
  admin = adminClient;
  acme = await createAccount(server, admin, { plan: 'bulk' });
  agent = (await acme.call('POST', '/v1/agents', { body: { name: 'clock', model: 'echo' } })).body.data;
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(read, ok, what) {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (ok(value)) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const schedule = async (who, id) => (await who.call('GET', `/v1/schedules/${id}`)).body.data;

test('a schedule shows its next five fire times in its zone; bad input names the field', async () => {
  const res = await acme.call('POST', '/v1/schedules', {
    body: { name: 'weekday mornings', cron: '30 9 * * MON-FRI', timeZone: 'Europe/Berlin', target: { agentId: agent.id, input: { report: 'daily' } }, maxCredits: 2.5 },
  });
  assert.equal(res.status, 201, res.text);
  const s = res.body.data;
  assert.match(s.id, /^sch_/);
  assert.equal(res.headers.get('location'), `/v1/schedules/${s.id}`);
  assert.deepEqual(s.target, { type: 'run', agentId: agent.id, input: { report: 'daily' } });
  assert.equal(s.maxCredits, 2.5);
  assert.equal(s.overlap, 'skip');
  assert.equal(s.status, 'active');
  assert.equal(s.nextFireTimes.length, 5);
  let last = Date.now();
  for (const t of s.nextFireTimes) {
    const at = new Date(t);
    assert.ok(at.getTime() > last, 'ascending, after now');
    last = at.getTime();
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
    assert.match(local, /^(Mon|Tue|Wed|Thu|Fri) 09:30$/, `${t} is ${local} in Berlin`);
  }
  assert.deepEqual(s.recentFirings, []);

  for (const [body, field] of [
    [{ name: 'x', cron: '61 * * * *', target: { agentId: agent.id } }, 'cron'],
    [{ name: 'x', cron: '0 0 30 2 *', target: { agentId: agent.id } }, 'cron'],
    [{ name: 'x', cron: '@daily', timeZone: 'Mars/Olympus', target: { agentId: agent.id } }, 'timeZone'],
    [{ name: 'x', cron: '@reboot', target: { agentId: agent.id } }, 'cron'],
  ]) {
    const bad = await acme.call('POST', '/v1/schedules', { body });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.code, 'validation_error');
    assert.equal(bad.body.error.field, field, bad.text);
  }
  const noAgent = await acme.call('POST', '/v1/schedules', { body: { name: 'x', cron: '@daily', target: { agentId: 'agt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W' } } });
  assert.equal(noAgent.status, 404);
  const extra = await acme.call('POST', '/v1/schedules', { body: { name: 'x', cron: '@daily', target: { agentId: agent.id }, when: 'now' } });
  assert.equal(extra.status, 400);
  assert.equal(extra.body.error.code, 'validation_error', extra.text);

  const changed = await acme.call('PATCH', `/v1/schedules/${s.id}`, { body: { cron: '0 12 1 * *', timeZone: 'UTC' } });
  assert.equal(changed.status, 200, changed.text);
  assert.ok(changed.body.data.nextFireTimes.every((t) => /^\d{4}-\d{2}-01T12:00:00(\.000)?Z$/.test(t)), changed.text);
  assert.equal((await acme.call('GET', '/v1/schedules')).body.data.some((x) => x.id === s.id), true);

  const other = await createAccount(server, admin, { name: 'other', plan: 'bulk' });
  for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/pause'], ['POST', '/resume'], ['POST', '/trigger']]) {
    const res2 = await other.call(method, `/v1/schedules/${s.id}${path}`, method === 'PATCH' ? { body: { name: 'mine' } } : {});
    assert.equal(res2.status, 404, `${method} ${path}`);
  }
  const narrow = (await acme.call('POST', '/v1/api-keys', { body: { name: 'no schedules', scopes: ['agents:read'] } })).body.data.key;
  assert.equal((await acme.call('GET', '/v1/schedules', { key: narrow })).status, 403);
  assert.equal((await acme.call('DELETE', `/v1/schedules/${s.id}`)).status, 204);
  assert.equal((await acme.call('GET', `/v1/schedules/${s.id}`)).status, 404);
});

test('across daylight-saving changes a wall-clock time fires once; an hourly one follows elapsed time', async () => {
  const preview = async (cron, timeZone, from, count = 3) => {
    const res = await acme.call('GET', `/v1/schedules/preview?${new URLSearchParams({ cron, timeZone, from, count: String(count) })}`);
    assert.equal(res.status, 200, res.text);
    return res.body.data.fireTimes.map((t) => t.replace('.000Z', 'Z'));
  };
  // New York springs forward on 2027-03-14 at 02:00 EST (07:00 UTC): 02:30 does not exist.
  assert.deepEqual(await preview('30 2 * * *', 'America/New_York', '2027-03-13T12:00:00Z'),
    ['2027-03-14T07:00:00Z', '2027-03-15T06:30:00Z', '2027-03-16T06:30:00Z']);
  assert.deepEqual(await preview('*/15 2 * * *', 'America/New_York', '2027-03-14T06:00:00Z', 2),
    ['2027-03-14T07:00:00Z', '2027-03-15T06:00:00Z']);
  // It falls back on 2027-11-07 at 02:00 EDT (06:00 UTC): 01:30 happens twice, fires once.
  assert.deepEqual(await preview('30 1 * * *', 'America/New_York', '2027-11-06T12:00:00Z', 2),
    ['2027-11-07T05:30:00Z', '2027-11-08T06:30:00Z']);
  // Hourly: every real hour, the repeated one included, the skipped one not made up.
  assert.deepEqual(await preview('30 * * * *', 'America/New_York', '2027-11-07T05:00:00Z'),
    ['2027-11-07T05:30:00Z', '2027-11-07T06:30:00Z', '2027-11-07T07:30:00Z']);
  assert.deepEqual(await preview('30 * * * *', 'America/New_York', '2027-03-14T06:00:00Z'),
    ['2027-03-14T06:30:00Z', '2027-03-14T07:30:00Z', '2027-03-14T08:30:00Z']);
  const bad = await acme.call('GET', '/v1/schedules/preview?cron=*+*&timeZone=UTC');
  assert.equal(bad.status, 400);
  for (const count of ['0', '101', '5x', '', '-1']) {
    const res = await acme.call('GET', `/v1/schedules/preview?cron=%40daily&count=${count}`);
    assert.equal(res.status, 400, `count=${count}`);
  }
});

test('a due schedule starts runs, emits schedule.fired, skips while its run is going, and pause stops it', async () => {
  const res = await acme.call('POST', '/v1/schedules', {
    body: { name: 'every second', cron: '* * * * * *', target: { agentId: agent.id, input: { tick: true } }, overlap: 'queue' },
  });
  assert.equal(res.status, 201, res.text);
  const s = res.body.data;
  const fired = await until(() => schedule(acme, s.id), (x) => x.recentFirings.filter((f) => f.outcome === 'started').length >= 2, 'two firings');
  const dues = fired.recentFirings.map((f) => f.dueAt);
  assert.equal(new Set(dues).size, dues.length, 'each due time fired once');
  for (const f of fired.recentFirings.filter((x) => x.outcome === 'started')) {
    assert.equal(f.manual, false);
    const run = await until(async () => (await acme.call('GET', `/v1/runs/${f.runId}`)).body.data, (r) => r.status === 'completed', 'the run');
    assert.deepEqual(run.input, { tick: true });
    assert.equal(run.agentId, agent.id);
  }
  const events = (await acme.call('GET', '/v1/events?type=schedule.fired')).body.data;
  assert.ok(events.length >= 2);
  assert.equal(events[0].data.object.id, s.id);
  assert.equal(events[0].data.object.recentFirings.length, 1, 'the firing it made');

  const paused = await acme.call('POST', `/v1/schedules/${s.id}/pause`);
  assert.equal(paused.body.data.status, 'paused');
  assert.deepEqual(paused.body.data.nextFireTimes, []);
  const count = (await schedule(acme, s.id)).recentFirings.length;
  await sleep(1500);
  assert.equal((await schedule(acme, s.id)).recentFirings.length, count, 'a paused schedule does not fire');
  const manual = await acme.call('POST', `/v1/schedules/${s.id}/trigger`);
  assert.equal(manual.status, 202, manual.text);
  assert.equal(manual.body.data.manual, true);
  assert.equal(manual.body.data.dueAt, null);
  assert.equal(manual.body.data.outcome, 'started');
  const resumed = await acme.call('POST', `/v1/schedules/${s.id}/resume`);
  assert.equal(resumed.body.data.status, 'active');
  assert.equal(resumed.body.data.nextFireTimes.length, 5);
  assert.equal((await acme.call('DELETE', `/v1/schedules/${s.id}`)).status, 204);
});

test('a stopped agent fails each firing with the reason and the schedule goes on; started again, its runs start', async () => {
  // A stopped agent's runs are refused: the firing records why, and the schedule goes on.
  const idle = (await acme.call('POST', '/v1/agents', { body: { name: 'idle', model: 'echo' } })).body.data;
  await acme.call('POST', `/v1/agents/${idle.id}/stop`);
  const s = (await acme.call('POST', '/v1/schedules', { body: { name: 'stopped', cron: '* * * * * *', target: { agentId: idle.id } } })).body.data;
  const failed = await until(() => schedule(acme, s.id), (x) => x.recentFirings.length >= 2, 'two firings');
  for (const f of failed.recentFirings) {
    assert.equal(f.outcome, 'failed');
    assert.match(f.error, /stopped/);
    assert.equal(f.runId, null);
  }
  await acme.call('POST', `/v1/agents/${idle.id}/start`);
  await acme.call('PATCH', `/v1/schedules/${s.id}`, { body: { name: 'skipping' } });
  const manual = (await acme.call('POST', `/v1/schedules/${s.id}/trigger`)).body.data;
  assert.equal(manual.outcome, 'started');
  await acme.call('DELETE', `/v1/schedules/${s.id}`);
});

test('a chat schedule sends its message to the agent; with a sessionId each firing continues that session', async () => {
  const chatty = (await acme.call('POST', '/v1/agents', { body: { name: 'chatty', model: 'echo' } })).body.data;
  const fresh = (await acme.call('POST', '/v1/schedules', {
    body: { name: 'standup', cron: '@daily', target: { type: 'chat', agentId: chatty.id, message: 'what changed?' } },
  }));
  assert.equal(fresh.status, 201, fresh.text);
  assert.deepEqual(fresh.body.data.target, { type: 'chat', agentId: chatty.id, sessionId: null, message: 'what changed?' });
  const manual = await acme.call('POST', `/v1/schedules/${fresh.body.data.id}/trigger`);
  assert.equal(manual.status, 202, manual.text);
  assert.equal(manual.body.data.outcome, 'started');
  const answered = await until(() => schedule(acme, fresh.body.data.id), (x) => x.recentFirings[0].messageId !== null, 'the reply');
  const [firing] = answered.recentFirings;
  assert.equal(firing.outcome, 'started');
  assert.match(firing.sessionId, /^ses_/);
  const messages = (await acme.call('GET', `/v1/sessions/${firing.sessionId}/messages`)).body.data;
  // Newest first: the reply, then the message the schedule sent.
  assert.deepEqual(messages.map((m) => [m.role, m.content]), [['assistant', 'echo: what changed?'], ['user', 'what changed?']]);
  assert.equal(messages[0].id, firing.messageId);

  // Every second, into the session just made: each firing adds its turn there.
  const kept = (await acme.call('POST', '/v1/schedules', {
    body: { name: 'ticker', cron: '* * * * * *', target: { type: 'chat', agentId: chatty.id, sessionId: firing.sessionId, message: 'tick' } },
  })).body.data;
  const two = await until(() => schedule(acme, kept.id), (x) => x.recentFirings.filter((f) => f.messageId).length >= 2, 'two replies');
  assert.ok(two.recentFirings.filter((f) => f.messageId).every((f) => f.sessionId === firing.sessionId));
  await acme.call('POST', `/v1/schedules/${kept.id}/pause`);
  const after = (await acme.call('GET', `/v1/sessions/${firing.sessionId}/messages?limit=100`)).body.data;
  assert.ok(after.filter((m) => m.content === 'echo: tick').length >= 2);
  const other = (await acme.call('POST', '/v1/agents', { body: { name: 'other-chat', model: 'echo' } })).body.data;
  const wrong = await acme.call('PATCH', `/v1/schedules/${kept.id}`, { body: { target: { agentId: other.id } } });
  assert.equal(wrong.status, 404, 'the session is with another agent');
  for (const id of [fresh.body.data.id, kept.id]) await acme.call('DELETE', `/v1/schedules/${id}`);
});

test('times missed while the server was down fire once when it starts again', async () => {
  const first = await startServer({ plans, args: ['--schedule-seconds'] });
  let again;
  try {
    const owner = await createAccount(first, client(first, first.adminKey), { plan: 'bulk' });
    const a = (await owner.call('POST', '/v1/agents', { body: { name: 'clock', model: 'echo' } })).body.data;
    const s = (await owner.call('POST', '/v1/schedules', { body: { name: 'tick', cron: '* * * * * *', overlap: 'queue', target: { agentId: a.id } } })).body.data;
    await until(() => schedule(owner, s.id), (x) => x.recentFirings.length >= 1, 'a firing');
    assert.equal((await first.stop()).code, 0);
    const stoppedAt = Date.now();
    await sleep(3500);
    again = await startServer({ plans, args: ['--schedule-seconds'], dataDir: first.dataDir });
    const startedAt = Date.now();
    const same = { call: client(again, owner.key) };
    const after = await until(() => schedule(same, s.id), (x) => x.recentFirings.some((f) => Date.parse(f.firedAt) >= startedAt - 1000), 'a firing after the restart');
    // The seconds due while it was down (3.5 s) fire once; the next due time is after the start.
    const since = after.recentFirings.filter((f) => Date.parse(f.firedAt) > stoppedAt);
    const missed = since.filter((f) => Date.parse(f.dueAt) < stoppedAt + 3000);
    assert.equal(missed.length, 1, `the missed seconds fire once: ${JSON.stringify(after.recentFirings)}`);
  } finally {
    if (again) assert.equal((await again.stop()).code, 0);
    first.cleanup();
  }
});
