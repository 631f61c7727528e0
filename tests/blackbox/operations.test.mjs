// What an operator relies on outside the API: the files agentry leaves on disk, and the
// commands that work on a data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binary, client, createAccount, postgresUrlFor, startServer, store } from './lib/server.mjs';

const mode = (file) => statSync(file).mode & 0o777;

test('the data directory is created 0700 and every file agentry writes is 0600, whatever the umask', async () => {
  const previous = process.umask(0o022);
  const parent = mkdtempSync(path.join(tmpdir(), 'agentry-files-'));
  const dataDir = path.join(parent, store === 'sqlite' ? 'new-data' : '');
  const accessLog = path.join(parent, 'access.log');
  let server;
  try {
    server = await startServer({ dataDir, accessLog });
    const admin = client(server, server.adminKey);
    await createAccount(server, admin, { name: 'files' });
    if (store === 'sqlite') {
      assert.equal(mode(dataDir), 0o700);
      for (const file of ['agentry.db', 'agentry.db-wal', 'agentry.db-shm']) {
        assert.equal(mode(path.join(dataDir, file)), 0o600, file);
      }
    }
    for (const file of ['admin.key', 'master.key']) assert.equal(mode(path.join(dataDir, file)), 0o600, file);
  } finally {
    process.umask(previous);
    if (server) assert.equal((await server.stop()).code, 0);
  }
  assert.equal(mode(accessLog), 0o600);
  rmSync(parent, { recursive: true, force: true });
});

test('agentry check and agentry migrate on a data directory that does not exist say so and create nothing', () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'agentry-missing-'));
  const missing = path.join(parent, 'nowhere');
  for (const command of ['check', 'migrate']) {
    const run = spawnSync(binary, [command, '--data', missing], { encoding: 'utf8' });
    assert.notEqual(run.status, 0, `${command} succeeded on a missing directory`);
    assert.match(run.stderr, /data directory .*nowhere does not exist/);
    assert.ok(!existsSync(missing), `${command} created ${missing}`);
  }
  const empty = mkdtempSync(path.join(tmpdir(), 'agentry-empty-'));
  const run = spawnSync(binary, ['check', '--data', empty], { encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /no database at .*agentry\.db: nothing to check/);
  assert.ok(!existsSync(path.join(empty, 'agentry.db')));
  rmSync(parent, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

test('a restored copy started without its master key, or with another, is refused and says why', async () => {
  const first = await startServer();
  const admin = client(first, first.adminKey);
  const acme = await createAccount(first, admin, { name: 'keyed' });
  assert.equal((await acme.call('PUT', '/v1/account/secrets/OPENAI_API_KEY', { body: { value: 'sk-restore' } })).status, 201);
  assert.equal((await first.stop()).code, 0);
  const keyFile = path.join(first.dataDir, 'master.key');
  const key = readFileSync(keyFile, 'utf8');
  // The master key is looked for in the data directory, whichever store holds the data.
  const where = ['--data', first.dataDir, ...(store === 'postgres' ? ['--db', postgresUrlFor(first.dataDir)] : [])];
  const checked = spawnSync(binary, ['check', ...where], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);

  // The key file is lost: no new key is made, the server does not start.
  rmSync(keyFile);
  await assert.rejects(startServer({ dataDir: first.dataDir }), (e) => {
    assert.match(e.message, /has a master key for its secrets, but there is no .*master\.key and AGENTRY_MASTER_KEY is not set/);
    return true;
  });
  assert.ok(!existsSync(keyFile), 'a new master key was made');
  const noKey = spawnSync(binary, ['check', ...where], { encoding: 'utf8' });
  assert.equal(noKey.status, 1);
  assert.match(noKey.stdout, /master key: the database holds sealed secrets, but there is no/);

  // Another key is refused by serve and by check.
  const other = randomBytes(32).toString('hex');
  await assert.rejects(startServer({ dataDir: first.dataDir, env: { AGENTRY_MASTER_KEY: other } }), (e) => {
    assert.match(e.message, /the master key from AGENTRY_MASTER_KEY is not the one this database's secrets were sealed with/);
    assert.ok(!e.message.includes(other), 'the key was echoed');
    return true;
  });
  const wrong = spawnSync(binary, ['check', ...where], {
    encoding: 'utf8', env: { ...process.env, AGENTRY_MASTER_KEY: other },
  });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stdout, /master key: the key from AGENTRY_MASTER_KEY is not the one/);
  assert.match(wrong.stdout, /master key: 1 of 1 secrets do not open/);

  // With its key back, the copy serves, and its secret is there.
  writeFileSync(keyFile, key, { mode: 0o600 });
  const again = await startServer({ dataDir: first.dataDir });
  const listed = await client(again, acme.key)('GET', '/v1/account/secrets');
  assert.deepEqual(listed.body.data.map((s) => s.name), ['OPENAI_API_KEY']);
  assert.equal((await again.stop()).code, 0);
  again.cleanup();
});

test('a port already in use is one clear line before anything is written', async () => {
  const holder = await startServer();
  const parent = mkdtempSync(path.join(tmpdir(), 'agentry-busy-'));
  const dataDir = path.join(parent, 'data');
  const run = spawnSync(binary, ['serve', '--data', dataDir, '--listen', `127.0.0.1:${holder.port}`], { encoding: 'utf8', timeout: 30000 });
  assert.equal(run.status, 1);
  assert.equal(run.stderr.trim(), `agentry: cannot listen on 127.0.0.1:${holder.port}: the address is already in use`);
  assert.ok(!existsSync(dataDir), 'the data directory was created');
  assert.equal(run.stdout, '', 'an admin key was made');
  assert.equal((await holder.stop()).code, 0);
  holder.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

test('the documented backup and restore: an online SQLite backup and the master key', { skip: store !== 'sqlite' && 'SQLite\'s online backup' }, async () => {
  const live = await startServer();
  const acme = await createAccount(live, client(live, live.adminKey), { name: 'backed-up' });
  await acme.call('PUT', '/v1/account/secrets/ANTHROPIC_API_KEY', { body: { value: 'sk-backup' } });
  const agent = (await acme.call('POST', '/v1/agents', { body: { name: 'kept' } })).body.data;
  const backups = mkdtempSync(path.join(tmpdir(), 'agentry-backup-'));
  // While the server runs, as the README says.
  const copy = spawnSync('sqlite3', [path.join(live.dataDir, 'agentry.db'), `.backup ${path.join(backups, 'agentry.db')}`], { encoding: 'utf8' });
  assert.equal(copy.status, 0, copy.stderr);
  const key = readFileSync(path.join(live.dataDir, 'master.key'), 'utf8');
  assert.equal((await live.stop()).code, 0);
  live.cleanup();

  const restored = mkdtempSync(path.join(tmpdir(), 'agentry-restored-'));
  writeFileSync(path.join(restored, 'agentry.db'), readFileSync(path.join(backups, 'agentry.db')));
  writeFileSync(path.join(restored, 'master.key'), key, { mode: 0o600 });
  const checked = spawnSync(binary, ['check', '--data', restored], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stdout);
  assert.match(checked.stdout, /agentry check: ok/);
  const again = await startServer({ dataDir: restored });
  const call = client(again, acme.key);
  assert.equal((await call('GET', `/v1/agents/${agent.id}`)).status, 200);
  assert.deepEqual((await call('GET', '/v1/account/secrets')).body.data.map((s) => s.name), ['ANTHROPIC_API_KEY']);
  assert.equal((await again.stop()).code, 0);
  again.cleanup();
  rmSync(backups, { recursive: true, force: true });
});

test('the command line names what it does not know, and serve --help lists every setting', () => {
  const unknown = spawnSync(binary, ['frobnicate'], { encoding: 'utf8' });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate" \(commands: serve, migrate, check, keygen\)/);
  const option = spawnSync(binary, ['serve', '--frobnicate'], { encoding: 'utf8' });
  assert.equal(option.status, 2);
  assert.match(option.stderr, /unknown option "--frobnicate"/);
  const outOfRange = spawnSync(binary, ['serve', '--db-queue-limit', '-1'], { encoding: 'utf8' });
  assert.equal(outOfRange.status, 2);
  assert.match(outOfRange.stderr, /--db-queue-limit: Value -1 not in range 0 to 1000000/);
  const parent = mkdtempSync(path.join(tmpdir(), 'agentry-config-'));
  const config = path.join(parent, 'agentry.toml');
  for (const [text, message] of [
    ['listen = "127.0.0.1:0"\nlisen = "x"\n', /the config file has no setting "lisen"/],
    ['[server]\nlisten = "127.0.0.1:0"\n', /the config file has no section \[server\]/],
  ]) {
    writeFileSync(config, text);
    const run = spawnSync(binary, ['serve', '--config', config, '--data', path.join(parent, 'data')], { encoding: 'utf8', timeout: 30000 });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.ok(!existsSync(path.join(parent, 'data')));
  }
  const help = spawnSync(binary, ['serve', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  for (const [flag, env, fallback] of [['--listen', 'AGENTRY_LISTEN', '127.0.0.1:8080'], ['--data', 'AGENTRY_DATA', './data'],
    ['--trusted-proxies', 'AGENTRY_TRUSTED_PROXIES', null], ['--run-workers', 'AGENTRY_RUN_WORKERS', '64'],
    ['--unauthenticated-per-minute', 'AGENTRY_UNAUTHENTICATED_PER_MINUTE', '60'],
    ['--db-queue-limit', 'AGENTRY_DB_QUEUE_LIMIT', '2000']]) {
    const line = help.stdout.split('\n').find((l) => l.trim().startsWith(`${flag} `));
    assert.ok(line, `serve --help does not list ${flag}`);
    assert.ok(line.includes(`(Env:${env})`), line);
    if (fallback) assert.ok(line.includes(`=${fallback}`), line);
  }
  rmSync(parent, { recursive: true, force: true });
});
