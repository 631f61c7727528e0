// The cron parser is ours; the npm cron-parser package is the reference. Thousands of random
// expressions (a fixed seed, so every run asks the same) go to GET /v1/schedules/preview and to
// cron-parser: both must accept or refuse each alike, and agree on its next five fire times, in
// UTC and in zones without daylight saving (across a change the two differ on purpose: the
// README's rules, tested on their own in schedules.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CronExpressionParser } from 'cron-parser';
import { createAccount, store, useServer } from './lib/server.mjs';

const plans = { plans: [{ id: 'bulk', name: 'Bulk', requestsPerMinute: 1000000 }] };
let acme;

useServer({ plans }, async (server, admin) => {
  acme = await createAccount(server, admin, { plan: 'bulk' });
});

// A small seeded generator (mulberry32).
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fields = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function expression(rand) {
  const pick = (n) => Math.floor(rand() * n);
  const value = (f, slack = 0) => f.min - slack + pick(f.max - f.min + 1 + 2 * slack);
  const spell = (f, v) => (f.names && v >= f.min && v - f.min < f.names.length && rand() < 0.3 ? f.names[v - f.min] : String(v));
  const item = (f) => {
    const slack = rand() < 0.05 ? 2 : 0;  // now and then a value outside the field
    switch (pick(6)) {
      case 0: return '*';
      case 1: return `*/${1 + pick(rand() < 0.1 ? 70 : f.max - f.min + 1)}`;
      case 2: return spell(f, value(f, slack));
      case 3: {
        const a = value(f, slack);
        const b = rand() < 0.1 ? value(f) : Math.min(f.max, a + pick(f.max - f.min + 1));
        return `${spell(f, a)}-${spell(f, b)}`;
      }
      case 4: {
        const a = value(f);
        return `${a}-${Math.min(f.max, a + pick(f.max - f.min + 1))}/${1 + pick(10)}`;
      }
      default: return `${value(f)}/${1 + pick(15)}`;
    }
  };
  return fields.map((f) => {
    if (rand() < 0.45) return '*';
    const n = 1 + (rand() < 0.3 ? pick(3) : 0);
    return Array.from({ length: n }, () => item(f)).join(',');
  }).join(' ');
}

// The times cron-parser gives, or null when it refuses the expression; undefined when it
// refuses it for a reason ours does not share (a value listed twice: cron allows it).
function reference(cron, tz, from) {
  try {
    const parsed = CronExpressionParser.parse(cron, { currentDate: new Date(from), tz });
    return Array.from({ length: 5 }, () => parsed.next().toISOString());
  } catch (error) {
    if (/duplicate values/.test(error.message)) return undefined;
    return null;
  }
}

// The parser does not touch the store: once per build is enough.
const skip = store === 'postgres' && 'the parser is the same on every store';

test('our cron agrees with cron-parser on thousands of random expressions', { skip }, async (t) => {
  const rand = random(20261130);
  const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/Phoenix', 'Asia/Tokyo'];
  let compared = 0;
  let refused = 0;
  let skipped = 0;
  for (let i = 0; i < 3000; i++) {
    const cron = expression(rand);
    const tz = zones[i % zones.length];
    const from = Date.UTC(2027, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24), Math.floor(rand() * 60), Math.floor(rand() * 60));
    const expected = reference(cron, tz, from);
    if (expected === undefined) {
      skipped++;
      continue;
    }
    const query = new URLSearchParams({ cron, timeZone: tz, from: new Date(from).toISOString(), count: '5' });
    const res = await acme.call('GET', `/v1/schedules/preview?${query}`);
    if (expected === null) {
      assert.equal(res.status, 400, `${cron} (${tz}): cron-parser refuses it, we answered ${res.text}`);
      assert.equal(res.body.error.code, 'validation_error');
      refused++;
      continue;
    }
    assert.equal(res.status, 200, `${cron} (${tz}) from ${new Date(from).toISOString()}: ${res.text}`);
    assert.deepEqual(res.body.data.fireTimes.map((t) => new Date(t).toISOString()), expected, `${cron} (${tz}) from ${new Date(from).toISOString()}`);
    compared++;
  }
  t.diagnostic(`${compared} expressions agreed on five fire times, ${refused} refused by both, ${skipped} skipped (values listed twice)`);
  assert.ok(compared > 1500 && refused > 100, 'the generator covers both sides');
});
