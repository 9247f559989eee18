import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, GroupDelivery } from '../../server/domain/ports/store.port.js';
import { LockSpace, type OrderingLock } from '../../server/store/postgres/postgres-transactions.js';
import { SendSequencer, type SequencedWrite } from '../../server/store/postgres/send-sequencer.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

const available = await servicesAvailable('The PostgreSQL send groups', { postgres: true });
const CHANNEL: readonly OrderingLock[] = [[LockSpace.Channel, 7]];

/** A delivery that records what it was given and, while held, does not answer. */
function recordingDelivery() {
  const calls: Delivery[][] = [];
  let release: () => void = () => {};
  let held: Promise<void> | null = null;
  const delivery: GroupDelivery = {
    async deliverAll(deliveries) {
      calls.push([...deliveries]);
      await held;
      return [];
    },
  };
  return {
    delivery,
    calls,
    hold: () => (held = new Promise<void>((resolve) => (release = resolve))),
    release: () => release(),
  };
}

describe.skipIf(!available)('SendSequencer on PostgreSQL (group commit)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  /** Another connection: what it sees is what has been committed. */
  let reader: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    reader = new pg.Client({ connectionString: database.url });
    await reader.connect();
  });
  afterAll(async () => {
    await reader?.end();
    await pool?.end();
    await database?.drop();
  });
  beforeEach(async () => {
    await pool.query(`DROP TABLE IF EXISTS rows, parents, event_outbox;
      CREATE TABLE event_outbox (id bigserial PRIMARY KEY);
      CREATE TABLE parents (id int PRIMARY KEY);
      CREATE TABLE rows (id bigserial PRIMARY KEY, body text NOT NULL, tx bigint NOT NULL,
        parent int REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED)`);
  });

  const bodies = async () => (await reader.query<{ body: string }>('SELECT body FROM rows ORDER BY id')).rows.map((row) => row.body);

  /** Inserts a row (and its transaction's id), announced with its group through `to`. */
  const insert = (to: GroupDelivery, body: string, options: { parent?: number; fail?: boolean } = {}): SequencedWrite<string> => ({
    async write(client) {
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO rows (body, tx, parent) VALUES ($1, txid_current(), $2) RETURNING id',
        [body, options.parent ?? null],
      );
      if (options.fail) throw new Error(`refused ${body}`);
      return rows[0]!.id;
    },
    announcement: (id) => ({
      together: to,
      // Each later insert of a group sees the earlier ones as older: the sequencer must not believe it.
      delivery: { entry: { id, olderPending: body !== 'a' }, events: [{ topic: 'T', payload: body }] },
    }),
  });

  it('should run the writes queued together in one transaction each group, in queue order, no more per group than its bound', async () => {
    const sequencer = new SendSequencer(pool, 2);
    const { delivery, calls } = recordingDelivery();
    const ids = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((body) => sequencer.run(CHANNEL, insert(delivery, body))));

    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => x - y));
    const { rows } = await reader.query<{ body: string; tx: string }>('SELECT body, tx FROM rows ORDER BY id');
    expect(rows.map((row) => row.body)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const transactions = rows.map((row) => row.tx);
    expect(new Set(transactions).size).toBe(3);
    expect([transactions[0] === transactions[1], transactions[2] === transactions[3], transactions[3] !== transactions[4]]).toEqual([
      true,
      true,
      true,
    ]);
    // One delivery per group, its entries in id order, the first one's olderPending speaking for the group.
    expect(calls.map((call) => call.map((entry) => entry.events[0]!.payload))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(calls[0]!.map((entry) => entry.entry)).toEqual([
      { id: ids[0], olderPending: false },
      { id: ids[1], olderPending: false },
    ]);
  });

  it('should acknowledge a write only once its group is committed and announced', async () => {
    const sequencer = new SendSequencer(pool);
    const recording = recordingDelivery();
    recording.hold();
    const settled: string[] = [];
    const writes = ['a', 'b'].map((body) => sequencer.run(CHANNEL, insert(recording.delivery, body)).then(() => settled.push(body)));

    await expect.poll(() => recording.calls.length).toBe(1);
    // Committed (another connection sees both), but not yet acknowledged: the announcement is still out.
    expect(await bodies()).toEqual(['a', 'b']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toEqual([]);
    recording.release();
    await Promise.all(writes);
    expect(settled).toEqual(['a', 'b']);
  });

  it("should hold the channel's advisory lock from before the transaction until the group is announced", async () => {
    const sequencer = new SendSequencer(pool);
    const recording = recordingDelivery();
    recording.hold();
    const locked = async () => {
      const { rows } = await reader.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [...CHANNEL[0]!]);
      if (rows[0]!.taken) await reader.query('SELECT pg_advisory_unlock($1, $2)', [...CHANNEL[0]!]);
      return !rows[0]!.taken;
    };
    const write = sequencer.run(CHANNEL, insert(recording.delivery, 'a'));
    await expect.poll(() => recording.calls.length).toBe(1);
    expect(await locked()).toBe(true);
    recording.release();
    await write;
    await expect.poll(locked).toBe(false);
  });

  it('should forget the entries its delivery published before it unlocks', async () => {
    const sequencer = new SendSequencer(pool);
    await pool.query('INSERT INTO event_outbox (id) SELECT generate_series(1, 3)');
    const forgetting: GroupDelivery = { deliverAll: async () => ['1', '3'] };
    await Promise.all(['a', 'b'].map((body) => sequencer.run(CHANNEL, insert(forgetting, body))));
    await expect
      .poll(async () => (await reader.query<{ id: string }>('SELECT id FROM event_outbox ORDER BY id')).rows.map((row) => row.id))
      .toEqual(['2']);
    // Unlocked: the next group runs.
    await sequencer.run(CHANNEL, insert(forgetting, 'c'));
  });

  it('should reject a write that throws alone, commit the others once, and announce only them', async () => {
    const sequencer = new SendSequencer(pool);
    const { delivery, calls } = recordingDelivery();
    const [a, doomed, b] = await Promise.allSettled([
      sequencer.run(CHANNEL, insert(delivery, 'a')),
      sequencer.run(CHANNEL, insert(delivery, 'doomed', { fail: true })),
      sequencer.run(CHANNEL, insert(delivery, 'b')),
    ]);

    expect(doomed).toMatchObject({ status: 'rejected', reason: new Error('refused doomed') });
    expect([a?.status, b?.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(await bodies()).toEqual(['a', 'b']);
    // Still one transaction for the two that stayed.
    expect((await reader.query('SELECT DISTINCT tx FROM rows')).rowCount).toBe(1);
    expect(calls.map((call) => call.map((entry) => entry.events[0]!.payload))).toEqual([['a', 'b']]);
  });

  it('should reject every write of a group whose commit fails, keep none and announce none', async () => {
    const sequencer = new SendSequencer(pool);
    const { delivery, calls } = recordingDelivery();
    const fine = sequencer.run(CHANNEL, insert(delivery, 'fine'));
    const dangling = sequencer.run(CHANNEL, insert(delivery, 'dangling', { parent: 42 }));
    await expect(fine).rejects.toThrow(/foreign key/);
    await expect(dangling).rejects.toThrow(/foreign key/);
    expect(await bodies()).toEqual([]);
    expect(calls).toEqual([]);
    // The sequencer goes on: the next write commits.
    await sequencer.run(CHANNEL, insert(delivery, 'after'));
    expect(await bodies()).toEqual(['after']);
  });

  it('should let writes queued while a group runs form the next group, after it', async () => {
    const sequencer = new SendSequencer(pool);
    const recording = recordingDelivery();
    recording.hold();
    const first = sequencer.run(CHANNEL, insert(recording.delivery, 'a'));
    await expect.poll(() => recording.calls.length).toBe(1);
    // The lock is held until the first group is announced: these wait, and then go together.
    const later = ['b', 'c', 'd'].map((body) => sequencer.run(CHANNEL, insert(recording.delivery, body)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await bodies()).toEqual(['a']);
    recording.release();
    await Promise.all([first, ...later]);
    expect(recording.calls.map((call) => call.map((entry) => entry.events[0]!.payload))).toEqual([['a'], ['b', 'c', 'd']]);
  });
});
