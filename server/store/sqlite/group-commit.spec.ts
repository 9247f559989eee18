import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit, type BeforeCommit } from './group-commit.js';

describe('GroupCommit', () => {
  let dir: string;
  let db: Database.Database;
  /** A second connection: what it sees is what has been committed. */
  let reader: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    db = new Database(join(dir, 'test.db'));
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
      CREATE TABLE rows (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED, body TEXT);`);
    db.pragma('foreign_keys = ON');
    reader = new Database(join(dir, 'test.db'), { readonly: true });
  });
  afterEach(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert =
    (body: string, parent: number | null = null) =>
    () =>
      db.prepare(`INSERT INTO rows (body, parent) VALUES (?, ?) RETURNING id`).pluck().get(body, parent) as number;
  const committed = () => reader.prepare(`SELECT count(*) FROM rows`).pluck().get();

  it('should run the writes of one turn in one transaction, and no more per transaction than its limit', async () => {
    const groups = new GroupCommit(db, 2);
    const committedBefore: unknown[] = [];
    const writes = ['a', 'b', 'c', 'd', 'e'].map((body) =>
      groups.run({
        write: () => {
          committedBefore.push(committed());
          return insert(body)();
        },
      }),
    );
    expect(committed()).toBe(0);
    expect(await Promise.all(writes)).toEqual([1, 2, 3, 4, 5]);
    // a and b share the first commit, c and d the second, e the third.
    expect(committedBefore).toEqual([0, 0, 2, 2, 4]);
  });

  it('should reject a write that throws alone, and commit each of the others once', async () => {
    const groups = new GroupCommit(db);
    const writes = [
      groups.run({ write: insert('a') }),
      groups.run({
        write: () => {
          insert('doomed')();
          throw new Error('refused');
        },
      }),
      groups.run({ write: insert('b') }),
    ];
    const [a, refused, b] = await Promise.allSettled(writes);
    expect(refused).toMatchObject({ status: 'rejected', reason: new Error('refused') });
    expect([a?.status, b?.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(reader.prepare(`SELECT body FROM rows ORDER BY id`).pluck().all()).toEqual(['a', 'b']);
  });

  it('should reject every write of a group whose commit fails, and keep none of them', async () => {
    const groups = new GroupCommit(db);
    const fine = groups.run({ write: insert('fine') });
    const dangling = groups.run({ write: insert('dangling', 42) });
    await expect(fine).rejects.toThrow(/FOREIGN KEY/);
    await expect(dangling).rejects.toThrow(/FOREIGN KEY/);
    expect(db.prepare(`SELECT count(*) FROM rows`).pluck().get()).toBe(0);
  });

  it('should reject a write whose afterCommit throws, and still settle the others', async () => {
    const groups = new GroupCommit(db);
    const failing = groups.run({
      write: insert('a'),
      afterCommit: () => {
        throw new Error('announce failed');
      },
    });
    const other = groups.run({ write: insert('b'), afterCommit: async () => undefined });
    await expect(failing).rejects.toThrow('announce failed');
    expect(await other).toBe(2);
  });

  /** Work kept by the writes in a journal, written as rows of its own at the end: what TransactionTail does with prunes. */
  function journalTail() {
    const journal: string[] = [];
    const runs: { kept: string[]; committedBefore: unknown }[] = [];
    const tail: BeforeCommit = {
      begin: () => void (journal.length = 0),
      mark: () => journal.length,
      undo: (mark) => void (journal.length = mark),
      run: () => {
        runs.push({ kept: [...journal], committedBefore: committed() });
        for (const body of journal) insert(`tail ${body}`)();
      },
    };
    const keeping =
      (body: string, fail = false) =>
      () => {
        journal.push(body);
        const id = insert(body)();
        if (fail) throw new Error(`refused ${body}`);
        return id;
      };
    return { tail, runs, keeping };
  }

  it('should run the work its writes kept once, after the last of them and before the commit', async () => {
    const { tail, runs, keeping } = journalTail();
    const groups = new GroupCommit(db, 256, tail);
    await Promise.all([groups.run({ write: keeping('a') }), groups.run({ write: keeping('b') })]);
    expect(runs).toEqual([{ kept: ['a', 'b'], committedBefore: 0 }]);
    expect(reader.prepare(`SELECT body FROM rows ORDER BY id`).pluck().all()).toEqual(['a', 'b', 'tail a', 'tail b']);
  });

  it('should run the work of the writes that succeeded alone, without what a write that threw kept', async () => {
    const { tail, runs, keeping } = journalTail();
    const groups = new GroupCommit(db, 256, tail);
    const [a, refused, b] = await Promise.allSettled([
      groups.run({ write: keeping('a') }),
      groups.run({ write: keeping('doomed', true) }),
      groups.run({ write: keeping('b') }),
    ]);
    expect([a?.status, refused?.status, b?.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The first run was rolled back before its end: only the second reached it.
    expect(runs.map((run) => run.kept)).toEqual([['a', 'b']]);
    expect(reader.prepare(`SELECT body FROM rows ORDER BY id`).pluck().all()).toEqual(['a', 'b', 'tail a', 'tail b']);
  });

  it('should reject every write of the group when the work kept for the end throws', async () => {
    const groups = new GroupCommit(db, 256, {
      begin() {},
      mark: () => 0,
      undo() {},
      run: () => {
        throw new Error('tail failed');
      },
    });
    const writes = [groups.run({ write: insert('a') }), groups.run({ write: insert('b') })];
    for (const write of writes) await expect(write).rejects.toThrow('tail failed');
    expect(committed()).toBe(0);
  });
});
