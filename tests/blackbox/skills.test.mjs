// Skills: SKILL.md uploads validated and versioned, published to the marketplace (text and tag
// search, install counts), installed on agents pinned or following; bad input named; another
// account's private skill and agents answer 404; the skills scope is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, useServer } from './lib/server.mjs';
import { bulkPlans } from './lib/market.mjs';

let server;
let admin;
let acme;
let globex;
let agent;

useServer({ plans: bulkPlans }, async (started, a) => {
  server = started;
  admin = a;
  acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
  globex = await createAccount(server, admin, { name: 'globex', plan: 'bulk' });
  agent = (await acme.call('POST', '/v1/agents', { body: { name: 'skilled', model: 'echo' } })).body.data;
});

const skillMd = (name, description, { tags = '[]', body = '# Steps\n\nDo it.\n' } = {}) =>
  `---\nname: ${name}\ndescription: ${description}\ntags: ${tags}\nmetadata:\n  author: tests\n---\n${body}`;

async function upload(who, content, extra = {}) {
  const res = await who.call('POST', '/v1/skills', { body: { content, ...extra } });
  assert.equal(res.status, 201, res.text);
  return res.body.data;
}

test('an upload is version 1 of a private skill; each update is the next version, the old ones kept', async () => {
  const first = skillMd('release-notes', 'Turn changes into release notes.', { tags: '[Writing, changelog]' });
  const created = await acme.call('POST', '/v1/skills', { body: { content: first, name: 'release-notes' } });
  assert.equal(created.status, 201, created.text);
  const s = created.body.data;
  assert.match(s.id, /^skl_/);
  assert.equal(created.headers.get('location'), `/v1/skills/${s.id}`);
  assert.deepEqual([s.name, s.description, s.visibility, s.version, s.builtIn, s.installs],
    ['release-notes', 'Turn changes into release notes.', 'private', 1, false, 0]);
  assert.deepEqual(s.tags, ['writing', 'changelog']);
  assert.equal(s.content, first);

  const second = skillMd('release-notes', 'Release notes, grouped.', { body: 'Group them.\n' });
  const updated = await acme.call('PUT', `/v1/skills/${s.id}`, { body: { content: second } });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.body.data.version, 2);
  assert.equal(updated.body.data.description, 'Release notes, grouped.');
  assert.equal((await acme.call('GET', `/v1/skills/${s.id}`)).body.data.content, second);
  const v1 = await acme.call('GET', `/v1/skills/${s.id}/versions/1`);
  assert.equal(v1.status, 200, v1.text);
  assert.equal(v1.body.data.content, first);
  assert.equal((await acme.call('GET', `/v1/skills/${s.id}/versions/3`)).status, 404);
  assert.equal((await acme.call('GET', `/v1/skills/${s.id}/versions/x`)).status, 404);

  const renamed = await acme.call('PUT', `/v1/skills/${s.id}`, { body: { content: skillMd('other-name', 'x') } });
  assert.equal(renamed.status, 400);
  assert.match(renamed.body.error.message, /name is fixed/);
  const twice = await acme.call('POST', '/v1/skills', { body: { content: first } });
  assert.equal(twice.status, 409);
  const listed = await acme.call('GET', '/v1/skills');
  assert.deepEqual(listed.body.data.map((x) => [x.id, x.version]), [[s.id, 2]]);
  assert.equal(listed.body.data[0].content, undefined, 'lists leave the SKILL.md out');
});

test('bad uploads are refused with the rule they break', async () => {
  const cases = [
    [{ content: 'no front matter at all' }, 400, 'content', /front matter/],
    [{ content: '---\nname: Bad_Name\ndescription: d\n---\n' }, 400, 'content', /lowercase/],
    [{ content: '---\nname: ok-name\n---\n' }, 400, 'content', /description/],
    [{ content: '---\nname: a\ndescription: d\nx: &anchor y\nz: *anchor\n---\n' }, 400, 'content', /front matter/],
    [{ content: skillMd('ok-name', 'd'), name: 'other' }, 400, 'name', /differs/],
    [{ content: skillMd('ok-name', 'd'), visibility: 'secret' }, 400, 'visibility', /./],
    [{ content: skillMd('ok-name', 'd', { body: 'x'.repeat(70000) }) }, 413, 'content', /64/],
    [{ content: `---\nname: a\ndescription: d\n---\nbinary \u0000 data` }, 400, 'content', /UTF-8 text/],
    [{}, 400, 'content', /./],
  ];
  for (const [body, status, field, message] of cases) {
    const res = await acme.call('POST', '/v1/skills', { body });
    assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
    assert.equal(res.body.error.field, field, res.text);
    assert.match(res.body.error.message, message);
  }
});

test('the marketplace lists public and built-in skills by installs, searchable by text and tag', async () => {
  const pdf = await upload(globex, skillMd('pdf-reader', 'Read 100% of a PDF.', { tags: '[pdf, documents]' }), { visibility: 'public' });
  const mail = await upload(globex, skillMd('mail-writer', 'Polite email.', { tags: '[writing, etiquette]' }), { visibility: 'public' });
  await upload(globex, skillMd('secret-sauce', 'Private pdf tricks.', { tags: '[pdf]' }));
  const install = await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body: { skillId: mail.id } });
  assert.equal(install.status, 201, install.text);
  const market = async (query = '') => (await acme.call('GET', `/v1/skills/marketplace${query}`)).body.data.map((s) => s.name);
  const all = await market();
  assert.ok(all.indexOf('mail-writer') < all.indexOf('pdf-reader'), 'the installed one first');
  assert.ok(!all.includes('secret-sauce'), 'private skills are not listed');
  assert.deepEqual(await market('?q=PDF'), ['pdf-reader']);
  assert.deepEqual(await market('?q=100%25'), ['pdf-reader']);
  assert.deepEqual(await market('?tag=etiquette'), ['mail-writer']);
  const builtIns = (await acme.call('GET', '/v1/skills/marketplace?limit=100')).body.data.filter((s) => s.builtIn);
  assert.deepEqual(builtIns.map((s) => s.name).sort(), ['code-review', 'summarize', 'write-email']);
  const summarize = await acme.call('GET', `/v1/skills/${builtIns.find((s) => s.name === 'summarize').id}`);
  assert.match(summarize.body.data.content, /^---\nname: summarize\n/);
  assert.deepEqual(await market('?tag=pdf&q=polite'), []);
  assert.equal((await acme.call('GET', `/v1/skills/${pdf.id}`)).status, 200, 'a public skill is readable');
  assert.equal((await acme.call('GET', `/v1/skills/${mail.id}`)).body.data.installs, 1);
});

test('an installed skill follows the current version or stays pinned; removing it uninstalls it', async () => {
  const s = await upload(globex, skillMd('summarizer', 'Summaries.', { body: 'v1\n' }), { visibility: 'public' });
  const pinned = await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body: { skillId: s.id, version: 1 } });
  assert.equal(pinned.status, 201, pinned.text);
  await globex.call('PUT', `/v1/skills/${s.id}`, { body: { content: skillMd('summarizer', 'Summaries v2.', { body: 'v2\n' }) } });
  const onAgent = async () => (await acme.call('GET', `/v1/agents/${agent.id}/skills`)).body.data.find((i) => i.skill.id === s.id);
  assert.deepEqual([(await onAgent()).version, (await onAgent()).pinnedVersion, (await onAgent()).skill.version], [1, 1, 2]);
  const follow = await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body: { skillId: s.id } });
  assert.equal(follow.status, 200, 're-pinning is not a new install');
  assert.deepEqual([follow.body.data.version, follow.body.data.pinnedVersion], [2, null]);
  assert.equal((await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body: { skillId: s.id, version: 7 } })).status, 404);

  assert.equal((await globex.call('DELETE', `/v1/skills/${s.id}`)).status, 204);
  assert.equal(await onAgent(), undefined);
  assert.equal((await acme.call('DELETE', `/v1/agents/${agent.id}/skills/${s.id}`)).status, 404);
});

test('another account’s private skill and agents are not found; the skills scope is needed', async () => {
  const mine = await upload(acme, skillMd('acme-only', 'Ours.'));
  for (const [method, path, body] of [
    ['GET', `/v1/skills/${mine.id}`],
    ['GET', `/v1/skills/${mine.id}/versions/1`],
    ['PUT', `/v1/skills/${mine.id}`, { content: skillMd('acme-only', 'Theirs.') }],
    ['DELETE', `/v1/skills/${mine.id}`],
    ['GET', `/v1/agents/${agent.id}/skills`],
    ['GET', `/v1/agents/${agent.id}/skills/${mine.id}`],
    ['POST', `/v1/agents/${agent.id}/skills`, { skillId: mine.id }],
    ['DELETE', `/v1/agents/${agent.id}/skills/${mine.id}`],
  ]) {
    const res = await globex.call(method, path, body ? { body } : {});
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.body.error.code, 'not_found');
  }
  const theirAgent = (await globex.call('POST', '/v1/agents', { body: { name: 'theirs', model: 'echo' } })).body.data;
  const res = await globex.call('POST', `/v1/agents/${theirAgent.id}/skills`, { body: { skillId: mine.id } });
  assert.equal(res.status, 404, 'a private skill cannot be installed by others');
  const key = (await acme.call('POST', '/v1/api-keys', { body: { name: 'agents only', scopes: ['agents:read'] } })).body.data.key;
  assert.equal((await acme.call('GET', '/v1/skills', { key })).status, 403);
  for (const [body, field] of [[{ skillId: mine.id, version: 0 }, 'version'], [{}, 'skillId'], [{ skillId: mine.id, extra: 1 }, 'extra']]) {
    const bad = await acme.call('POST', `/v1/agents/${agent.id}/skills`, { body });
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal(bad.body.error.code, 'validation_error');
    assert.equal(bad.body.error.field, field, bad.text);
  }
  const badPut = await acme.call('PUT', `/v1/skills/${mine.id}`, { body: { content: 'no front matter' } });
  assert.equal(badPut.status, 400);
  assert.equal(badPut.body.error.field, 'content');
  assert.equal((await acme.call('PUT', `/v1/skills/${mine.id}`, { body: { visibility: 'public' } })).status, 400, 'content is required');
  assert.equal((await acme.call('GET', `/v1/agents/${agent.id}/skills/${mine.id}`)).status, 404, 'not installed');
});
