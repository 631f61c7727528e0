// The dashboard in Chromium against the real binary, as people use it: create an agent and edit
// it, resolve a SOUL.md edited in two tabs, watch a run's output stream and cancel one, chat,
// settle a marketplace task between two accounts, add a webhook and see its delivery, grant
// credits as the admin. Then every page passes axe-core (no serious or critical violation, light
// and dark), fits a phone's width, and is kept as a screenshot.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { axeViolations, keepScreenshot, settled, signIn, withTab } from './lib/browser.mjs';
import { client, createAccount, startServer } from './lib/server.mjs';
import { balance, grant } from './lib/market.mjs';
import { startReceiver } from './lib/receiver.mjs';
import { startUpstream } from './lib/upstream.mjs';

const plans = {
  plans: [{ id: 'team', name: 'Team', requestsPerMinute: 1000000, monthlyCredits: 0, features: ['webhooks'] }],
};

let upstream;
let server;
let admin;
let acme;    // the account most flows use
let globex;  // the other side of the marketplace

before(async () => {
  upstream = await startUpstream();
  server = await startServer({
    plans,
    args: ['--openai-base-url', `${upstream.url}/v1`, '--allow-loopback-http-endpoints', '--signup-credits', '0'],
    env: { AGENTRY_OPENAI_API_KEY: 'sk-dashboard' },
  });
  admin = client(server, server.adminKey);
  acme = await createAccount(server, admin, { name: 'acme-dash', plan: 'team' });
  globex = await createAccount(server, admin, { name: 'globex-dash', plan: 'team' });
  await grant(admin, acme.account.id, 1000);
  await grant(admin, globex.account.id, 1000);
});

after(async () => {
  assert.equal((await server.stop()).code, 0);
  server.cleanup();
  await upstream.close();
});

const hashOf = (tab) => new URL(tab.url()).hash;
// The first load asks for a session there is none of yet: its 401 is expected.
const options = { ignore: /401/ };

async function makeAgent(who, body) {
  const res = await who.call('POST', '/v1/agents', { body });
  assert.equal(res.status, 201, res.text);
  return res.body.data;
}

test('create an agent, change it, stop and start it', async () => {
  await withTab(server, async ({ tab, elsewhere, problems }) => {
    await signIn(tab, server, acme.key, '#/agents');
    await tab.getByLabel('Name', { exact: true }).fill('writer');
    await tab.getByLabel('Model').fill('echo');
    await tab.getByRole('button', { name: 'Create agent' }).click();
    await tab.getByRole('heading', { name: 'writer' }).waitFor();
    const id = hashOf(tab).split('/')[2];
    const made = (await acme.call('GET', `/v1/agents/${id}`)).body.data;
    assert.equal(made.name, 'writer');
    assert.equal(made.model, 'echo');

    await tab.getByLabel('Description').fill('Writes things down');
    await tab.getByRole('button', { name: 'Save changes' }).click();
    await tab.getByText('Agent saved').waitFor();
    assert.equal((await acme.call('GET', `/v1/agents/${id}`)).body.data.description, 'Writes things down');

    await tab.getByRole('button', { name: 'Stop', exact: true }).click();
    await tab.getByRole('button', { name: 'Start', exact: true }).waitFor();
    assert.equal((await acme.call('GET', `/v1/agents/${id}`)).body.data.status, 'stopped');
    await tab.getByRole('button', { name: 'Start', exact: true }).click();
    await tab.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    assert.equal((await acme.call('GET', `/v1/agents/${id}`)).body.data.status, 'running');

    // A refused change shows the API's message, code and request id.
    await tab.goto(`${server.base}/#/agents`);
    await tab.getByLabel('Name', { exact: true }).fill('writer');
    await tab.getByRole('button', { name: 'Create agent' }).click();
    const refused = tab.getByRole('alert');
    await refused.waitFor();
    assert.match(await refused.textContent(), /writer/);
    assert.match(await refused.textContent(), /conflict · request req_/);

    // Another account's agent is not found through this session.
    const theirs = await makeAgent(globex, { name: 'hidden', model: 'echo' });
    await tab.goto(`${server.base}/#/agents/${theirs.id}`);
    await tab.getByRole('alert').filter({ hasText: `no agent with id ${theirs.id}` }).waitFor();
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(problems.filter((p) => !/40[49]/.test(p)), []);
  }, options);
});

test('an agent\'s knowledge, skills and live log on its page', async () => {
  const agent = await makeAgent(acme, { name: 'librarian', model: 'echo' });
  await withTab(server, async ({ tab, problems }) => {
    await signIn(tab, server, acme.key, `#/agents/${agent.id}/knowledge`);
    await tab.getByLabel('Title').fill('Refunds');
    await tab.getByLabel('Content (text or Markdown)').fill('# Refunds\n\nRefunds are paid within fourteen days.');
    await tab.getByRole('button', { name: 'Add entry' }).click();
    await tab.locator('tr[data-entry]').filter({ hasText: 'Refunds' }).waitFor();
    await tab.getByLabel('Search the knowledge').fill('when are refunds paid');
    await tab.getByRole('button', { name: 'Search', exact: true }).click();
    await tab.locator('.hits li').filter({ hasText: 'fourteen days' }).waitFor();
    assert.equal((await acme.call('GET', `/v1/agents/${agent.id}/knowledge`)).body.data.length, 1);

    await tab.getByRole('link', { name: 'Skills' }).click();
    const builtIn = (await acme.call('GET', '/v1/skills/marketplace')).body.data.find((x) => x.builtIn);
    await tab.getByLabel('Skill', { exact: true }).selectOption(builtIn.id);
    await tab.getByRole('button', { name: 'Install' }).click();
    await tab.locator(`tr[data-skill="${builtIn.id}"]`).waitFor();
    assert.deepEqual((await acme.call('GET', `/v1/agents/${agent.id}/skills`)).body.data.map((x) => x.skill.id), [builtIn.id]);

    // The log follows the agent live: a run started elsewhere shows up without a reload.
    await tab.getByRole('link', { name: 'Log' }).click();
    await tab.getByRole('heading', { name: /Log/ }).waitFor();
    await settled(tab);
    const run = await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'ping' } } });
    await tab.locator('li[data-log="run.completed"]').filter({ hasText: run.body.data.id }).waitFor();
    assert.deepEqual(problems, []);
  }, options);
});

test('SOUL.md edited in two tabs: the second save shows the first, and either side can win', async () => {
  const agent = await makeAgent(acme, { name: 'souled', model: 'echo', soulMd: '# Start' });
  await withTab(server, async ({ context, tab, problems }) => {
    await signIn(tab, server, acme.key, `#/agents/${agent.id}/documents`);
    const second = await context.newPage();
    await second.goto(`${server.base}/#/agents/${agent.id}/documents`);
    const soul = (t) => t.getByRole('textbox', { name: 'SOUL.md' });
    const save = (t) => t.getByRole('button', { name: 'Save SOUL.md' });
    await soul(second).waitFor();
    assert.equal(await soul(tab).inputValue(), '# Start');

    await soul(tab).fill('# First tab');
    await save(tab).click();
    await tab.getByText('SOUL.md saved').waitFor();
    assert.equal((await acme.call('GET', `/v1/agents/${agent.id}`)).body.data.soulMd, '# First tab');

    // The second tab read '# Start': its save is refused and shows what the first saved.
    await soul(second).fill('# Second tab');
    await save(second).click();
    const conflict = second.locator('[data-conflict]');
    await conflict.waitFor();
    assert.equal(await conflict.locator('[data-theirs]').textContent(), '# First tab');
    assert.equal((await acme.call('GET', `/v1/agents/${agent.id}`)).body.data.soulMd, '# First tab');
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await conflict.waitFor({ state: 'detached' });
    assert.equal((await acme.call('GET', `/v1/agents/${agent.id}`)).body.data.soulMd, '# Second tab');

    // Now the first tab is behind: it takes theirs, and nothing more is written.
    await soul(tab).fill('# First again');
    await save(tab).click();
    await tab.locator('[data-conflict]').getByRole('button', { name: 'Take theirs' }).click();
    await tab.locator('[data-conflict]').waitFor({ state: 'detached' });
    assert.equal(await soul(tab).inputValue(), '# Second tab');
    assert.equal((await acme.call('GET', `/v1/agents/${agent.id}`)).body.data.soulMd, '# Second tab');

    // The second tab's WORKFLOW.md was read before its SOUL.md save changed the agent's ETag: as
    // nobody changed WORKFLOW.md meanwhile, it saves without a conflict to resolve.
    await second.getByRole('textbox', { name: 'WORKFLOW.md' }).fill('# Steps');
    await second.getByRole('button', { name: 'Save WORKFLOW.md' }).click();
    await second.getByText('WORKFLOW.md saved').waitFor();
    assert.equal(await second.locator('[data-conflict]').count(), 0);
    const saved = (await acme.call('GET', `/v1/agents/${agent.id}`)).body.data;
    assert.equal(saved.workflowMd, '# Steps');
    assert.equal(saved.soulMd, '# Second tab');
    assert.deepEqual(problems.filter((p) => !/409/.test(p)), []);
  }, options);
});

test('a run\'s output streams into its page; a long run is cancelled from there', async () => {
  const agent = await makeAgent(acme, { name: 'streamer', model: 'gpt-4o-mini' });
  await withTab(server, async ({ tab, problems }) => {
    await signIn(tab, server, acme.key, `#/agents/${agent.id}/run`);
    await tab.getByLabel('Message').fill('slow:30');
    await tab.getByRole('button', { name: 'Start run' }).click();
    const output = tab.locator('[data-output]');
    // Part of the output shows while the run is still active, then all of it once it completes.
    await tab.locator('[data-run-status="active"]').waitFor();
    await output.filter({ hasText: 'p0 p1' }).waitFor();
    assert.equal(await tab.locator('[data-run-status="active"]').count(), 1, 'the run was still going when its first words showed');
    await tab.locator('[data-run-status="completed"]').waitFor();
    const full = Array.from({ length: 30 }, (_, i) => `p${i} `).join('');
    assert.equal(await output.textContent(), full);
    const runId = hashOf(tab).split('/')[2];
    const run = (await acme.call('GET', `/v1/runs/${runId}`)).body.data;
    assert.equal(run.status, 'completed');
    assert.equal(run.agentId, agent.id);

    // The list filters by status: the run is among the completed, not among the failed.
    await tab.goto(`${server.base}/#/runs?status=completed`);
    await tab.locator(`tr[data-run="${runId}"]`).waitFor();
    await tab.goto(`${server.base}/#/runs?status=failed&agentId=${agent.id}`);
    await tab.getByText('No runs match.').waitFor();

    const long = await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'slow:600' } } });
    await tab.goto(`${server.base}/#/runs/${long.body.data.id}`);
    await tab.locator('[data-run-status="active"]').waitFor();
    await tab.getByRole('button', { name: 'Cancel run' }).click();
    await tab.locator('[data-run-status="cancelled"]').waitFor();
    assert.equal((await acme.call('GET', `/v1/runs/${long.body.data.id}`)).body.data.status, 'cancelled');
    assert.deepEqual(problems, []);
  }, options);
});

test('chat: the reply streams in, the session keeps the conversation', async () => {
  const agent = await makeAgent(acme, { name: 'talker', model: 'gpt-4o-mini' });
  await withTab(server, async ({ tab, problems }) => {
    await signIn(tab, server, acme.key, '#/chat');
    await tab.getByLabel('Agent').selectOption(agent.id);
    await tab.getByLabel('Message').fill('slow:20');
    await tab.getByRole('button', { name: 'Send' }).click();
    const reply = tab.locator('li[data-role="assistant"]').last();
    await reply.filter({ hasText: 'p0 p1' }).waitFor();
    assert.equal(await tab.getByRole('button', { name: 'Stop', exact: true }).count(), 1, 'the reply was still streaming');
    await tab.getByRole('button', { name: 'Send' }).waitFor();
    const sessionId = hashOf(tab).split('/')[3];
    assert.match(sessionId, /^ses_/);

    await tab.getByLabel('Message').fill('and again');
    await tab.getByRole('button', { name: 'Send' }).click();
    await tab.locator('li[data-role="assistant"]').filter({ hasText: 'Hi gpt-4o-mini: and again' }).waitFor();
    const messages = (await acme.call('GET', `/v1/sessions/${sessionId}/messages`)).body.data;
    assert.deepEqual(messages.map((m) => m.role), ['assistant', 'user', 'assistant', 'user']);
    assert.equal(messages[2].content, Array.from({ length: 20 }, (_, i) => `p${i} `).join(''));
    // A reload shows the session from the server.
    await tab.reload();
    await tab.locator('li[data-role="user"]').filter({ hasText: 'and again' }).waitFor();
    assert.equal(await tab.locator('li[data-role="assistant"]').count(), 2);
    assert.deepEqual(problems, []);
  }, options);
});

test('a marketplace task between two accounts: posted, accepted, completed, paid 90/10, reviewed', async () => {
  const worker = await makeAgent(globex, { name: 'poet', model: 'echo', visibility: 'public', capabilities: ['haiku'] });
  const posterBefore = await balance(acme.call);
  const workerBefore = await balance(globex.call);
  await withTab(server, async ({ context, tab, problems }) => {
    await signIn(tab, server, acme.key, '#/marketplace');
    await tab.locator(`[data-public-agent="${worker.id}"]`).waitFor();
    await tab.getByLabel('Title').fill('Write a haiku');
    await tab.getByLabel('Budget (credits)').fill('10');
    await tab.getByLabel('Required capabilities (comma-separated)').fill('haiku');
    await tab.getByRole('button', { name: 'Post task' }).click();
    await tab.locator('[data-task-status="open"]').waitFor();
    const taskId = hashOf(tab).split('/')[2];
    assert.equal((await balance(acme.call)).held, posterBefore.held + 10);

    const other = await context.browser().newContext();
    try {
      const w = await other.newPage();
      await signIn(w, server, globex.key, '#/marketplace?tasks=open');
      await w.locator(`tr[data-task="${taskId}"]`).getByRole('link').click();
      await w.getByLabel('With agent').selectOption(worker.id);
      await w.getByRole('button', { name: 'Accept task' }).click();
      await w.locator('[data-task-status="assigned"]').waitFor();
      await w.getByLabel('Result').fill('An old silent pond');
      await w.getByRole('button', { name: 'Complete task' }).click();
      await w.locator('[data-task-status="completed"]').waitFor();
    } finally {
      await other.close();
    }

    await tab.reload();
    await tab.locator('[data-task-status="completed"]').waitFor();
    assert.equal(await tab.locator('[data-result]').textContent(), 'An old silent pond');
    await tab.getByLabel('Comment').fill('Lovely');
    await tab.getByRole('button', { name: 'Send review' }).click();
    await tab.locator('[data-review]').filter({ hasText: '5 / 5' }).waitFor();
    assert.deepEqual(problems, []);
  }, options);
  const task = (await acme.call('GET', '/v1/tasks?postedByMe=true')).body.data.find((t) => t.title === 'Write a haiku');
  assert.equal(task.status, 'completed');
  assert.equal(task.review.rating, 5);
  const posterAfter = await balance(acme.call);
  const workerAfter = await balance(globex.call);
  assert.equal(Math.round((posterBefore.available - posterAfter.available) * 1e6), 10e6);
  assert.equal(Math.round((workerAfter.available - workerBefore.available) * 1e6), 9e6);
});

test('a webhook added on its page receives a signed test event; the delivery and its attempt show', async () => {
  const receiver = await startReceiver();
  await withTab(server, async ({ tab, problems }) => {
    await signIn(tab, server, acme.key, '#/webhooks');
    await tab.getByLabel('URL').fill(receiver.url);
    await tab.getByLabel('Description').fill('dashboard hook');
    await tab.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await tab.locator('[data-secret]').textContent()).trim();
    assert.match(secret, /^whsec_/);
    await tab.getByRole('link', { name: receiver.url }).click();
    await tab.getByRole('button', { name: 'Send test event' }).click();
    await receiver.until((r) => r.requests.some((q) => JSON.parse(q.body).type === 'webhook.test'));
    const sent = receiver.requests.find((q) => JSON.parse(q.body).type === 'webhook.test');
    new Webhook(secret).verify(sent.body, sent.headers);  // signed with the secret the page showed

    const delivery = tab.locator('[data-delivery="webhook.test"]');
    for (let i = 0; i < 50 && (await delivery.filter({ hasText: 'succeeded' }).count()) === 0; i++) {
      await tab.getByRole('button', { name: 'Refresh' }).click();
      await settled(tab);
    }
    await delivery.locator('summary').click();
    assert.equal(await delivery.locator('tr[data-attempt="1"] td').nth(2).textContent(), '200');

    // Redelivering sends the same event again.
    const before = receiver.requests.length;
    await delivery.getByRole('button', { name: 'Redeliver' }).click();
    await receiver.until((r) => r.requests.length > before);
    assert.equal(JSON.parse(receiver.requests.at(-1).body).type, 'webhook.test');

    tab.on('dialog', (d) => d.accept());
    await tab.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = (await tab.locator('[data-secret]').textContent()).trim();
    assert.match(rotated, /^whsec_/);
    assert.notEqual(rotated, secret);
    assert.deepEqual(problems, []);
  }, options);
});

test('the admin grants credits to an account and checks the ledger', async () => {
  const before = await balance(acme.call);
  await withTab(server, async ({ tab, problems }) => {
    await signIn(tab, server, server.adminKey, '#/admin');
    await tab.locator(`tr[data-account="${acme.account.id}"]`).getByRole('link').click();
    await tab.getByLabel('Amount (credits; negative takes back)').fill('25');
    await tab.getByLabel('Reason').fill('dashboard grant');
    await tab.getByRole('button', { name: 'Grant', exact: true }).click();
    await tab.getByText(/^Granted 25 cr/).waitFor();
    await tab.goto(`${server.base}/#/admin`);
    await tab.getByRole('button', { name: 'Check the ledger' }).click();
    await tab.locator('[data-ledger-ok="true"]').waitFor();
    assert.deepEqual(problems, []);
  }, options);
  assert.equal(Math.round(((await balance(acme.call)).available - before.available) * 1e6), 25e6);
  const history = (await acme.call('GET', '/v1/credits/history')).body.data;
  assert.equal(history[0].amount, 25);
  assert.equal(history[0].memo, 'dashboard grant');
  // A key that is not the admin's sees no admin page, and its session cannot grant.
  await withTab(server, async ({ tab }) => {
    await signIn(tab, server, acme.key);
    const links = await tab.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
    assert.ok(!links.includes('Admin'));
  }, options);
});

test('a schedule made on its page shows its next fire times in its own time zone', async () => {
  const agent = await makeAgent(acme, { name: 'early-bird', model: 'echo' });
  await withTab(server, async ({ tab, problems }) => {
    await signIn(tab, server, acme.key, '#/schedules');
    await tab.getByLabel('Name').fill('new york mornings');
    await tab.getByLabel('Cron expression').fill('30 7 * * *');
    await tab.getByLabel('Time zone').fill('America/New_York');
    await tab.getByRole('button', { name: 'Preview fire times' }).click();
    await tab.getByText('America/New_York').first().waitFor();
    await tab.getByLabel('Agent').selectOption(agent.id);
    await tab.getByLabel('Message').fill('good morning');
    await tab.getByRole('button', { name: 'Create schedule' }).click();
    const times = tab.locator('[data-next-fire-times] time');
    await times.first().waitFor();
    const id = hashOf(tab).split('/')[2];
    const made = (await acme.call('GET', `/v1/schedules/${id}`)).body.data;
    assert.equal(made.timeZone, 'America/New_York');
    assert.equal(made.target.agentId, agent.id);
    // Each time as it reads in New York (07:30), whatever the browser's own zone; the instant is
    // the API's.
    assert.equal(await times.count(), made.nextFireTimes.length);
    assert.match(await times.first().textContent(), /07:30.*America\/New_York/);
    assert.equal(await times.first().getAttribute('datetime'), made.nextFireTimes[0]);

    await tab.getByRole('button', { name: 'Pause' }).click();
    await tab.getByRole('button', { name: 'Resume' }).waitFor();
    assert.equal((await acme.call('GET', `/v1/schedules/${id}`)).body.data.status, 'paused');
    assert.deepEqual(problems, []);
  }, { ...options, context: { timezoneId: 'Asia/Tokyo' } });
});

test('a long list pages: the first page, then "Load more" until the last', async () => {
  const many = await createAccount(server, admin, { name: 'many-agents', plan: 'team' });
  for (let i = 0; i < 30; i++) await makeAgent(many, { name: `agent-${String(i).padStart(2, '0')}`, model: 'echo' });
  await withTab(server, async ({ tab, problems }) => {
    await signIn(tab, server, many.key, '#/agents');
    const rows = tab.locator('tr[data-agent]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 25);
    await tab.getByRole('button', { name: 'Load more' }).click();
    await rows.nth(29).waitFor();
    assert.equal(await rows.count(), 30);
    assert.equal(await tab.getByRole('button', { name: 'Load more' }).count(), 0);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.agent));
    assert.equal(new Set(ids).size, 30, 'no agent twice');
    assert.deepEqual(problems, []);
  }, options);
});

// Each page with something on it: the account's data made through the API first.
async function seedPages() {
  const agent = await makeAgent(acme, { name: 'showcase', displayName: 'Showcase', model: 'echo', visibility: 'public', capabilities: ['demo'] });
  await acme.call('POST', `/v1/agents/${agent.id}/knowledge`, { body: { title: 'Guide', content: '# Guide\n\nHow things work.' } });
  const skill = (await acme.call('GET', '/v1/skills/marketplace')).body.data.find((x) => x.builtIn);
  await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body: { skillId: skill.id } });
  const run = await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'hello' } } });
  await acme.call('GET', `/v1/runs/${run.body.data.id}/wait?timeout=30`);
  const chat = await acme.call('POST', `/v1/agents/${agent.id}/chat`, { body: { message: 'hello there' } });
  const task = await acme.call('POST', '/v1/tasks', { body: { title: 'Summarize a paper', budget: 5, requiredCapabilities: ['demo'] } });
  const sink = await startReceiver();
  const hook = await acme.call('POST', '/v1/webhooks', { body: { url: sink.url, eventTypes: ['run.*'] } });
  const schedule = await acme.call('POST', '/v1/schedules', {
    body: { name: 'mornings', cron: '0 9 * * 1-5', timeZone: 'Europe/Paris', target: { agentId: agent.id } },
  });
  const helper = await makeAgent(acme, { name: 'helper', model: 'echo' });
  const swarm = await acme.call('POST', '/v1/swarms', { body: { name: 'crew', members: [agent.id, helper.id], coordinatorId: agent.id } });
  for (const res of [run, chat, task, hook, schedule, swarm]) assert.ok(res.status < 300, res.text);
  return [
    ['overview', '#/overview'], ['agents', '#/agents'], ['agent-settings', `#/agents/${agent.id}/settings`],
    ['agent-documents', `#/agents/${agent.id}/documents`], ['agent-knowledge', `#/agents/${agent.id}/knowledge`],
    ['agent-skills', `#/agents/${agent.id}/skills`], ['agent-log', `#/agents/${agent.id}/logs`],
    ['agent-run', `#/agents/${agent.id}/run`], ['runs', '#/runs'], ['run', `#/runs/${run.body.data.id}`],
    ['chat', `#/chat/${agent.id}/${chat.body.data.sessionId}`], ['marketplace', '#/marketplace'],
    ['task', `#/marketplace/${task.body.data.id}`], ['credits', '#/credits'], ['keys', '#/keys'],
    ['webhooks', '#/webhooks'], ['webhook', `#/webhooks/${hook.body.data.id}`], ['schedules', '#/schedules'],
    ['schedule', `#/schedules/${schedule.body.data.id}`], ['swarms', '#/swarms'], ['swarm', `#/swarms/${swarm.body.data.id}`],
  ];
}

let seeded;  // made once, for both themes
for (const scheme of ['light', 'dark']) {
  test(`every page passes axe-core in the ${scheme} theme, fits a phone, and is kept as a screenshot`, async () => {
    seeded ??= await seedPages();
    const pages = seeded;
    const found = [];
    await withTab(server, async ({ tab, problems }) => {
      await signIn(tab, server, acme.key);
      for (const [name, hash] of pages) {
        await tab.goto(`${server.base}/${hash}`);
        await settled(tab);
        for (const v of await axeViolations(tab)) found.push(`${name}: ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
        await keepScreenshot(tab, `dashboard-${scheme}`, name);
      }
      await tab.setViewportSize({ width: 375, height: 740 });
      for (const [name, hash] of pages) {
        await tab.goto(`${server.base}/${hash}`);
        await settled(tab);
        const wide = await tab.evaluate(() => {
          const over = document.documentElement.scrollWidth - window.innerWidth;
          if (over <= 0) return null;
          // The outermost elements past the right edge, to say what to fix.
          const past = [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
          const outer = past.filter((e) => !past.includes(e.parentElement)).slice(0, 3);
          return `${over}px: ${outer.map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(', ')}`;
        });
        if (wide) found.push(`${name} is wider than a phone by ${wide}`);
      }
      await tab.goto(`${server.base}/#/runs`);
      await settled(tab);
      await keepScreenshot(tab, `dashboard-${scheme}`, 'runs-phone');
      assert.deepEqual(problems, []);
    }, { ...options, context: { colorScheme: scheme, viewport: { width: 1280, height: 800 } } });
    // The admin's pages, through an admin session.
    await withTab(server, async ({ tab }) => {
      await signIn(tab, server, server.adminKey, '#/admin');
      for (const [name, hash] of [['admin', '#/admin'], ['account', `#/admin/${acme.account.id}`]]) {
        await tab.goto(`${server.base}/${hash}`);
        await settled(tab);
        for (const v of await axeViolations(tab)) found.push(`${name}: ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
        await keepScreenshot(tab, `dashboard-${scheme}`, name);
      }
    }, { ...options, context: { colorScheme: scheme } });
    assert.deepEqual(found, []);
  });
}
