// What an operator relies on outside the API: the files agentry leaves on disk, and the
// commands that work on a data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binary, client, createAccount, startServer, store } from './lib/server.mjs';

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
