import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { spawnServerProcess, startChildServer, unprivilegedUser, type ChildServer, type ProcessUser } from '../support/child-server.js';
import { login, postGraphQL } from '../support/http-client.js';
import { SEND_MESSAGE } from '../support/operations.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';

const FAST_MS = 10_000;

/** Starts the server and waits for it to give up; it must not start. */
async function refusedStart(databaseUrl: string, user: ProcessUser = {}) {
  const startedAt = Date.now();
  const child = spawnServerProcess({ DATABASE_URL: databaseUrl }, user);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  expect(stdout).not.toMatch(/Flask-Chat is listening/);
  return { code, stderr, elapsedMs: Date.now() - startedAt };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A folder the unprivileged user owns, so that only the modes the test sets apply. */
function ownedDir(parent: string, name: string, user: ProcessUser): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  return dir;
}

/** A migrated Flask-Chat database with `count` messages of about 2 KB each. */
async function databaseWithMessages(file: string, count: number): Promise<void> {
  const store = new SqliteStore(file);
  await store.close();
  const db = new Database(file);
  db.prepare(
    `INSERT INTO users (name, name_key, skeleton, claim_key, created_at) VALUES ('ada', 'ada', 'ada', 'ada', '2026-01-01T00:00:00.000Z')`,
  ).run();
  const insert = db.prepare(
    `INSERT INTO messages (channel_id, author_id, body, client_id, created_at) VALUES (1, 1, ?, NULL, '2026-01-01T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(randomBytes(1000).toString('hex'));
  })();
  db.close();
}

describe('the SQLite database at start-up', () => {
  const dir = makeTempDir();
  const user = unprivilegedUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const children: ChildServer[] = [];
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    removeTempDir(dir);
  });

  it('should refuse a read-only file, naming DATABASE_URL and the file', { timeout: 60_000 }, async () => {
    const folder = ownedDir(dir, 'read-only-file', user);
    const file = join(folder, 'chat.db');
    await databaseWithMessages(file, 1);
    if (user.uid !== undefined) chownSync(file, user.uid, user.gid!);
    chmodSync(file, 0o444);
    const { code, stderr, elapsedMs } = await refusedStart(file, user);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(
      new RegExp(`DATABASE_URL names the SQLite file ${escape(file)}, which is read-only for the user that runs Flask-Chat`),
    );
    expect(stderr).toMatch(/chmod u\+rw/);
    expect(elapsedMs).toBeLessThan(FAST_MS);
  });

  it('should refuse a read-only directory, naming DATABASE_URL, the file and the directory', { timeout: 60_000 }, async () => {
    const folder = ownedDir(dir, 'read-only-dir', user);
    chmodSync(folder, 0o555);
    const file = join(folder, 'chat.db');
    const { code, stderr, elapsedMs } = await refusedStart(file, user);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(
      new RegExp(`DATABASE_URL names the SQLite file ${escape(file)}, which is in a directory that is read-only .*: ${escape(folder)}\\.`),
    );
    expect(elapsedMs).toBeLessThan(FAST_MS);
  });

  it('should refuse a path under /proc at once rather than spin', { timeout: 60_000 }, async () => {
    const { code, stderr, elapsedMs } = await refusedStart('/proc/1/flask-chat/chat.db');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/DATABASE_URL names the SQLite file \/proc\/1\/flask-chat\/chat\.db, which is on proc, a virtual filesystem/);
    expect(elapsedMs).toBeLessThan(FAST_MS);
  });

  it('should refuse a directory given as the file', { timeout: 60_000 }, async () => {
    const folder = ownedDir(dir, 'a-directory', user);
    const { code, stderr, elapsedMs } = await refusedStart(folder, user);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(
      new RegExp(`DATABASE_URL names the SQLite file ${escape(folder)}, which is a directory\\. Point DATABASE_URL at a file`),
    );
    expect(elapsedMs).toBeLessThan(FAST_MS);
  });

  it('should name DATABASE_URL as given when it is a relative path', { timeout: 60_000 }, async () => {
    const { stderr } = await refusedStart('tests');
    expect(stderr).toMatch(/DATABASE_URL names the SQLite file \/.*\/tests, resolved from "tests", which is a directory/);
  });

  it('should refuse a damaged database and leave it byte for byte as it was', { timeout: 60_000 }, async () => {
    const file = join(ownedDir(dir, 'damaged', user), 'chat.db');
    await databaseWithMessages(file, 2000);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(3_000_000);
    // Overwrite 16 pages in the middle of the file, where the messages are.
    const fd = openSync(file, 'r+');
    const pageSize = 4096;
    writeSync(fd, randomBytes(16 * pageSize), 0, 16 * pageSize, Math.floor(size / 2 / pageSize) * pageSize);
    closeSync(fd);
    const before = sha256(file);

    const { code, stderr, elapsedMs } = await refusedStart(file);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(new RegExp(`DATABASE_URL names the SQLite file ${escape(file)}, which is damaged: SQLite's quick_check found`));
    expect(stderr).toMatch(/It was left untouched\. Restore it from a backup/);
    expect(elapsedMs).toBeLessThan(FAST_MS);
    expect(sha256(file)).toBe(before);
    expect(statSync(file).size).toBe(size);
  });

  it(
    'should refuse a second instance on the same file, saying to use PostgreSQL, while the first keeps serving',
    { timeout: 60_000 },
    async () => {
      const file = join(ownedDir(dir, 'two-instances', user), 'chat.db');
      const first = await startChildServer({ DATABASE_URL: file });
      children.push(first);
      const ada = await login(first.httpUrl, 'ada');

      const { code, stderr, elapsedMs } = await refusedStart(file);
      expect(code).not.toBe(0);
      expect(stderr).toMatch(
        new RegExp(`DATABASE_URL names the SQLite file ${escape(file)}, which is in use by another Flask-Chat instance`),
      );
      expect(stderr).toMatch(
        /A SQLite database serves one instance only: stop the other instance, or, to run several, give every instance the same PostgreSQL database/,
      );
      expect(elapsedMs).toBeLessThan(FAST_MS);

      const sent = await postGraphQL(first.httpUrl, SEND_MESSAGE, { channelId: '1', body: 'still here' }, { token: ada.token });
      expect(sent.errors).toBeUndefined();
      expect(sent.data.sendMessage.body).toBe('still here');
      expect((await fetch(first.httpUrl.replace('/graphql', '/healthz'))).status).toBe(200);
    },
  );

  it('should let the next instance start once the first has stopped, even by kill -9', { timeout: 60_000 }, async () => {
    const file = join(ownedDir(dir, 'after-a-crash', user), 'chat.db');
    const first = await startChildServer({ DATABASE_URL: file });
    children.push(first);
    await first.kill();
    const second = await startChildServer({ DATABASE_URL: file });
    children.push(second);
    expect((await fetch(second.httpUrl.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
