// Swarms: an account's agents grouped to share knowledge and credentials. Created with members
// and a coordinator, renamed, joined and left (an agent shows its swarm, in one at most), deleted;
// a member's search and runs reach the swarm's knowledge, and its provider key is the swarm's
// secret before the account's; bad bodies, scopes, and another account's swarms answering 404.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount } from './lib/server.mjs';
import { startHosted } from './lib/hosted.mjs';

let hosted;
let admin;
let upstream;
let server;
let acme;
let globex;
const agents = {};

before(async () => {
  hosted = await startHosted();
  ({ upstream, server, admin, acme } = hosted);
  globex = await createAccount(server, admin, { name: 'globex', plan: 'bulk' });
  for (const name of ['alpha', 'beta', 'gamma', 'loner']) {
    agents[name] = (await acme.call('POST', '/v1/agents', { body: { name, model: 'gpt-4o-mini' } })).body.data;
  }
});

after(() => hosted.close());

const ids = (...names) => names.map((n) => agents[n].id).sort();

test('a swarm is made with members and a coordinator; agents show it; members come and go', async () => {
  const res = await acme.call('POST', '/v1/swarms', {
    body: { name: 'support', description: 'First line', members: [agents.alpha.id, agents.beta.id], coordinatorId: agents.alpha.id },
  });
  assert.equal(res.status, 201, res.text);
  const swarm = res.body.data;
  assert.match(swarm.id, /^swm_/);
  assert.equal(res.headers.get('location'), `/v1/swarms/${swarm.id}`);
  assert.deepEqual([swarm.name, swarm.description, swarm.members, swarm.coordinatorId],
    ['support', 'First line', ids('alpha', 'beta'), agents.alpha.id]);
  const alpha = await acme.call('GET', `/v1/agents/${agents.alpha.id}`);
  assert.equal(alpha.body.data.swarm, swarm.id);
  assert.equal(alpha.body.data.revision, agents.alpha.revision + 1, 'joining is a change of the agent');
  assert.equal((await acme.call('GET', `/v1/agents/${agents.loner.id}`)).body.data.swarm, null);

  assert.equal((await acme.call('POST', '/v1/swarms', { body: { name: 'support' } })).status, 409, 'names are unique');
  const taken = await acme.call('POST', '/v1/swarms', { body: { name: 'other', members: [agents.beta.id] } });
  assert.equal(taken.status, 409, 'an agent belongs to one swarm at most');

  const added = await acme.call('POST', `/v1/swarms/${swarm.id}/members`, { body: { agentId: agents.gamma.id } });
  assert.equal(added.status, 200, added.text);
  assert.deepEqual(added.body.data.members, ids('alpha', 'beta', 'gamma'));
  const renamed = await acme.call('PATCH', `/v1/swarms/${swarm.id}`, { body: { name: 'frontline', coordinatorId: agents.gamma.id } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.deepEqual([renamed.body.data.name, renamed.body.data.coordinatorId], ['frontline', agents.gamma.id]);
  const left = await acme.call('DELETE', `/v1/swarms/${swarm.id}/members/${agents.gamma.id}`);
  assert.equal(left.status, 200, left.text);
  assert.deepEqual([left.body.data.members, left.body.data.coordinatorId], [ids('alpha', 'beta'), null],
    'a coordinator that leaves is no longer the coordinator');
  assert.equal((await acme.call('DELETE', `/v1/swarms/${swarm.id}/members/${agents.gamma.id}`)).status, 404);
  const bad = await acme.call('PATCH', `/v1/swarms/${swarm.id}`, { body: { coordinatorId: agents.loner.id } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'coordinatorId');
  const listed = (await acme.call('GET', '/v1/swarms')).body;
  assert.deepEqual(listed.data.map((s) => s.id), [swarm.id]);
});

test('a member\'s search and runs reach the swarm\'s knowledge; others\' do not', async () => {
  const swarm = (await acme.call('GET', '/v1/swarms')).body.data[0];
  const entry = await acme.call('POST', `/v1/swarms/${swarm.id}/knowledge`, {
    body: { title: 'Shared playbook', content: 'Escalations go to the on-call engineer within ten minutes.' },
  });
  assert.equal(entry.status, 201, entry.text);
  assert.deepEqual([entry.body.data.swarmId, entry.body.data.agentId], [swarm.id, null]);
  assert.equal(entry.headers.get('location'), `/v1/swarms/${swarm.id}/knowledge/${entry.body.data.id}`);
  const search = (agent) => acme.call('POST', `/v1/agents/${agent.id}/knowledge/search`, { body: { query: 'escalations' } });
  assert.deepEqual((await search(agents.alpha)).body.data.map((h) => h.title), ['Shared playbook']);
  assert.deepEqual((await search(agents.loner)).body.data, []);
  const swarmSearch = await acme.call('POST', `/v1/swarms/${swarm.id}/knowledge/search`, { body: { query: 'escalations' } });
  assert.equal(swarmSearch.body.data.length, 1);
  assert.equal((await acme.call('GET', `/v1/swarms/${swarm.id}/knowledge`)).body.pagination.total, 1);

  const started = await acme.call('POST', `/v1/agents/${agents.beta.id}/runs`, { body: { input: { message: 'Who handles escalations?' } } });
  const run = (await acme.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`)).body.data;
  assert.equal(run.status, 'completed', JSON.stringify(run.error));
  assert.deepEqual(run.result.sources.map((s) => [s.entryId, s.title]), [[entry.body.data.id, 'Shared playbook']]);
});

test('a member\'s provider key is the swarm\'s secret before the account\'s', async () => {
  const swarm = (await acme.call('GET', '/v1/swarms')).body.data[0];
  assert.equal((await acme.call('PUT', '/v1/account/secrets/OPENAI_API_KEY', { body: { value: 'sk-account' } })).status, 201);
  const put = await acme.call('PUT', `/v1/swarms/${swarm.id}/secrets/OPENAI_API_KEY`, { body: { value: 'sk-swarm' } });
  assert.equal(put.status, 201, put.text);
  assert.equal(put.body.data.name, 'OPENAI_API_KEY');
  assert.equal(put.body.data.value, undefined, 'write-only');
  const keyOf = async (agent) => {
    const started = await acme.call('POST', `/v1/agents/${agent.id}/runs`, { body: { input: { message: 'hi' } } });
    await acme.call('GET', `/v1/runs/${started.body.data.id}/wait?timeout=30`);
    return upstream.requests.at(-1).headers.authorization;
  };
  assert.equal(await keyOf(agents.alpha), 'Bearer sk-swarm');
  assert.equal(await keyOf(agents.loner), 'Bearer sk-account');
  assert.deepEqual((await acme.call('GET', `/v1/swarms/${swarm.id}/secrets`)).body.data.map((s) => s.name), ['OPENAI_API_KEY']);
  assert.equal((await acme.call('DELETE', `/v1/swarms/${swarm.id}/secrets/OPENAI_API_KEY`)).status, 204);
  assert.equal(await keyOf(agents.alpha), 'Bearer sk-account');
  assert.equal((await acme.call('GET', `/v1/swarms/${swarm.id}/secrets/OPENAI_API_KEY`)).status, 404);
  const many = await acme.call('PUT', `/v1/swarms/${swarm.id}/secrets`, { body: { secrets: { A_KEY: 'a', B_KEY: 'b' } } });
  assert.equal(many.status, 200, many.text);
  assert.deepEqual(many.body.data.map((s) => s.name), ['A_KEY', 'B_KEY']);
});

test('another account\'s swarms answer 404, bad bodies name their field, and the swarm scopes are needed', async () => {
  const swarm = (await acme.call('GET', '/v1/swarms')).body.data[0];
  for (const [method, path, body] of [
    ['GET', `/v1/swarms/${swarm.id}`], ['PATCH', `/v1/swarms/${swarm.id}`, { name: 'x' }],
    ['DELETE', `/v1/swarms/${swarm.id}`], ['POST', `/v1/swarms/${swarm.id}/members`, { agentId: agents.gamma.id }],
    ['DELETE', `/v1/swarms/${swarm.id}/members/${agents.alpha.id}`], ['GET', `/v1/swarms/${swarm.id}/secrets`],
    ['PUT', `/v1/swarms/${swarm.id}/secrets/X_KEY`, { value: 'v' }], ['GET', `/v1/swarms/${swarm.id}/knowledge`],
    ['POST', `/v1/swarms/${swarm.id}/knowledge`, { content: 'mine' }],
  ]) {
    const res = await globex.call(method, path, body ? { body } : {});
    assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
  }
  const theirs = (await globex.call('POST', '/v1/agents', { body: { name: 'theirs', model: 'echo' } })).body.data;
  const stolen = await acme.call('POST', '/v1/swarms', { body: { name: 'thief', members: [theirs.id] } });
  assert.equal(stolen.status, 400);
  assert.equal(stolen.body.error.field, 'members');
  assert.equal((await acme.call('POST', `/v1/swarms/${swarm.id}/members`, { body: { agentId: theirs.id } })).status, 404);
  for (const [method, path, body, field] of [
    ['POST', '/v1/swarms', {}, 'name'], ['POST', '/v1/swarms', { name: '' }, 'name'],
    ['POST', '/v1/swarms', { name: 'x', members: 'a' }, 'members'], ['POST', '/v1/swarms', { name: 'x', extra: 1 }, 'extra'],
    ['PATCH', `/v1/swarms/${swarm.id}`, {}, ''], ['POST', `/v1/swarms/${swarm.id}/members`, {}, 'agentId'],
    ['PUT', `/v1/swarms/${swarm.id}/secrets/X_KEY`, {}, 'value'], ['PUT', `/v1/swarms/${swarm.id}/secrets/1bad`, { value: 'v' }, 'name'],
    ['PUT', `/v1/swarms/${swarm.id}/secrets`, { secrets: { OK_KEY: 'v', '1bad': 'v' } }, 'secrets.1bad'],
  ]) {
    const res = await acme.call(method, path, { body });
    assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${res.text}`);
    if (field) assert.equal(res.body.error.field, field, res.text);
  }
  const reader = (await acme.call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['swarms:read'] } })).body.data.key;
  assert.equal((await acme.call('GET', '/v1/swarms', { key: reader })).status, 200);
  assert.equal((await acme.call('POST', '/v1/swarms', { key: reader, body: { name: 'no' } })).status, 403);
  assert.deepEqual((await acme.call('GET', `/v1/swarms/${swarm.id}/secrets`)).body.data.map((s) => s.name), ['A_KEY', 'B_KEY'],
    'the refused batch stored nothing');
});

test('deleting a swarm frees its members and deletes its knowledge and secrets', async () => {
  const swarm = (await acme.call('GET', '/v1/swarms')).body.data[0];
  assert.equal((await acme.call('DELETE', `/v1/swarms/${swarm.id}`)).status, 204);
  assert.equal((await acme.call('GET', `/v1/swarms/${swarm.id}`)).status, 404);
  assert.equal((await acme.call('GET', `/v1/agents/${agents.alpha.id}`)).body.data.swarm, null);
  const search = await acme.call('POST', `/v1/agents/${agents.alpha.id}/knowledge/search`, { body: { query: 'escalations' } });
  assert.deepEqual(search.body.data, []);
  const again = await acme.call('POST', '/v1/swarms', { body: { name: 'again', members: [agents.alpha.id] } });
  assert.equal(again.status, 201, 'its members may join another');
});

test('a run started on a swarm goes to the named member, the coordinator, or the best capabilities', async () => {
  const make = async (name, capabilities) => (await acme.call('POST', '/v1/agents', { body: { name, model: 'echo', capabilities } })).body.data;
  const biller = await make('biller', ['billing', 'refunds']);
  const translator = await make('translator', ['translation', 'french', 'german']);
  const desk = (await acme.call('POST', '/v1/swarms', { body: { name: 'desk', members: [biller.id, translator.id] } })).body.data;
  const start = (body, who = acme) => who.call('POST', `/v1/swarms/${desk.id}/runs`, { body });

  const translated = await start({ input: { message: 'Please translate this letter into French' } });
  assert.equal(translated.status, 202, translated.text);
  assert.equal(translated.body.data.agentId, translator.id, 'its capabilities share "translat" and "french"');
  assert.equal(translated.headers.get('location'), `/v1/runs/${translated.body.data.id}`);
  const done = await acme.call('GET', `/v1/runs/${translated.body.data.id}/wait?timeout=30`);
  assert.equal(done.body.data.status, 'completed', done.text);

  assert.equal((await start({ input: { message: 'I want my refunds' } })).body.data.agentId, biller.id);
  // No match: the oldest member, the first listed (two agents made in one millisecond are
  // ordered by the rest of their ids).
  assert.equal((await start({ input: { message: 'hello' } })).body.data.agentId, desk.members[0]);
  assert.equal((await start({ input: { message: 'refunds' }, agentId: translator.id })).body.data.agentId, translator.id);

  assert.equal((await acme.call('PATCH', `/v1/swarms/${desk.id}`, { body: { coordinatorId: translator.id } })).status, 200);
  assert.equal((await start({ input: { message: 'I want my refunds' } })).body.data.agentId, translator.id, 'the coordinator takes it');

  const stranger = await start({ input: { message: 'x' }, agentId: agents.loner.id });
  assert.equal(stranger.status, 400, stranger.text);
  assert.equal(stranger.body.error.field, 'agentId');
  assert.equal((await start({ agentId: biller.id })).status, 400, 'input is required');
  assert.equal((await start({ input: { message: 'x' } }, globex)).status, 404);
  const reader = (await acme.call('POST', '/v1/api-keys', { body: { name: 'swarm-reader', scopes: ['swarms:read', 'runs:read'] } })).body.data.key;
  const refused = await acme.call('POST', `/v1/swarms/${desk.id}/runs`, { key: reader, body: { input: { message: 'x' } } });
  assert.equal(refused.status, 403, 'starting a run needs runs:write');
  assert.equal(refused.body.error.code, 'insufficient_scope');
  const empty = (await acme.call('POST', '/v1/swarms', { body: { name: 'empty' } })).body.data;
  const none = await acme.call('POST', `/v1/swarms/${empty.id}/runs`, { body: { input: { message: 'x' } } });
  assert.equal(none.status, 409, none.text);
});
