import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { User } from '../domain/models.js';
import type { PresenceChange, PresenceTracker } from '../domain/ports/presence.port.js';
import type { Logger } from '../logger.js';
import type { EventBus, EventStream } from '../domain/ports/events.port.js';
import { byName } from './local-presence.js';
import { Topic } from '../domain/ports/events.port.js';

export interface RedisPresenceOptions {
  /** Put before every key. */
  prefix: string;
  /** The Redis channel the PRESENCE_CHANGED topic travels on, where the scripts publish transitions. */
  presenceChannel: string;
  log: Logger;
  /** A lease not renewed for this long ends: how long a killed instance's users stay online. Default 15 s. */
  leaseMs?: number;
  /** How often leases are renewed, expired ones swept and the mirror resynchronised. Default 5 s. */
  heartbeatMs?: number;
}

/*
 * The shared state, in Redis (all keys prefixed):
 *   {presence}:leases  sorted set of "userId|instanceId", scored by expiry (Redis's own clock, so instances' clocks may differ)
 *   {presence}:counts  hash userId → number of leases
 *   {presence}:users   hash userId → the user as JSON; a user is online exactly while listed here
 * Each script changes them and publishes the resulting transition in one
 * atomic step, so a transition is published once (by whichever instance
 * caused it) and in the order the changes happened.
 *
 * `{presence}` is a hash tag: Redis Cluster places a key by the part between
 * its first `{` and the next `}` only, so the three keys share one slot and a
 * script may touch them together. Since the keys are the same string up to
 * and past that tag, they share a slot whatever REDIS_PREFIX holds.
 * These keys were `presence:leases`, `presence:counts` and `presence:users`
 * (behind the prefix) before: during a rolling upgrade, instances of the old
 * and the new version do not see each other's online users until the old ones
 * are gone, and the old keys, which nothing renews any more, can be deleted.
 * Nothing else is lost: presence is only leases, rebuilt within a heartbeat.
 */
/** The presence keys behind a prefix, in the order the scripts take them: leases, counts, users. */
export function presenceKeys(prefix: string): [string, string, string] {
  const p = `${prefix}{presence}:`;
  return [`${p}leases`, `${p}counts`, `${p}users`];
}

const NOW_MS = `local clock = redis.call('TIME') local now = clock[1] * 1000 + math.floor(clock[2] / 1000)`;

/** KEYS: leases, counts, users. ARGV: member, userId, user JSON, lease ms, channel, online payload. Returns 1 on a transition. */
const TOUCH = `${NOW_MS}
if redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[2], 1) end
if redis.call('HSET', KEYS[3], ARGV[2], ARGV[3]) == 1 then redis.call('PUBLISH', ARGV[5], ARGV[6]) return 1 end
return 0`;

/** KEYS: leases, counts, users. ARGV: member, userId, channel, offline payload. Returns 1 on a transition. */
const RELEASE = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) > 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[2])
if redis.call('HDEL', KEYS[3], ARGV[2]) == 1 then redis.call('PUBLISH', ARGV[3], ARGV[4]) return 1 end
return 0`;

/** KEYS: leases, counts, users. ARGV: channel, batch size. Returns how many users went offline. */
const SWEEP = `${NOW_MS}
local gone = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))) do
  redis.call('ZREM', KEYS[1], member)
  local userId = string.match(member, '^([^|]+)|')
  if redis.call('HINCRBY', KEYS[2], userId, -1) <= 0 then
    redis.call('HDEL', KEYS[2], userId)
    local user = redis.call('HGET', KEYS[3], userId)
    if user then
      redis.call('HDEL', KEYS[3], userId)
      local change = cjson.decode(user)
      change.online = false
      redis.call('PUBLISH', ARGV[1], cjson.encode(change))
      gone = gone + 1
    end
  end
end
return gone`;

type PresenceCommands = {
  presenceTouch(...args: (string | number)[]): Promise<number>;
  presenceRelease(...args: (string | number)[]): Promise<number>;
  presenceSweep(...args: (string | number)[]): Promise<number>;
};

/**
 * Presence across instances. Per instance (memory): how many connections
 * each user has here. Shared (Redis): one lease per user and instance,
 * renewed by heartbeats, so a user connected to any instance is online
 * everywhere, and the users of an instance killed without a goodbye go
 * offline once its leases expire (every instance sweeps). `isOnline` and
 * `onlineUsers` read an in-memory mirror kept current by PRESENCE_CHANGED
 * events and resynchronised on each heartbeat: never a Redis round trip per call.
 */
export class RedisPresenceTracker implements PresenceTracker {
  private readonly instanceId = randomUUID();
  private readonly local = new Map<string, { user: User; count: number }>();
  private readonly mirror = new Map<string, User>();
  private readonly redis: Redis & PresenceCommands;
  private readonly keys: [string, string, string];
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private changes: EventStream<PresenceChange> | null = null;
  /** Changes received while a resync's snapshot is on its way: applied again on top of it, since they may be newer. */
  private duringResync: PresenceChange[] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** A slow Redis must not start a second heartbeat before the first is done. */
  private beating = false;

  constructor(
    redis: Redis,
    private readonly bus: EventBus,
    private readonly options: RedisPresenceOptions,
  ) {
    redis.defineCommand('presenceTouch', { numberOfKeys: 3, lua: TOUCH });
    redis.defineCommand('presenceRelease', { numberOfKeys: 3, lua: RELEASE });
    redis.defineCommand('presenceSweep', { numberOfKeys: 3, lua: SWEEP });
    this.redis = redis as Redis & PresenceCommands;
    this.keys = presenceKeys(options.prefix);
    this.leaseMs = options.leaseMs ?? 15_000;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
  }

  /** Starts following transitions, loads who is online, and starts the heartbeat. */
  async start(): Promise<void> {
    this.changes = await this.bus.subscribe(Topic.PresenceChanged);
    void this.follow(this.changes);
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
  }

  async connect(user: User): Promise<void> {
    if (this.closed) return;
    const entry = this.local.get(user.id);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.local.set(user.id, { user, count: 1 });
    this.mirror.set(user.id, user);
    // Best effort: when Redis is away, the next heartbeat after it returns takes the lease.
    await this.touch(user).catch((error: unknown) => this.warn(error, 'could not record a user online'));
  }

  async disconnect(user: User): Promise<void> {
    const entry = this.local.get(user.id);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count > 0) return;
    this.local.delete(user.id);
    try {
      // Otherwise the lease expires, and a sweep takes the user offline.
      if (await this.release(user)) this.mirror.delete(user.id);
    } catch (error) {
      this.warn(error, 'could not record a user offline');
    }
  }

  isOnline(userId: string): boolean {
    return this.mirror.has(userId);
  }

  onlineUsers(): User[] {
    return [...this.mirror.values()].sort(byName);
  }

  subscribe(): Promise<EventStream<PresenceChange>> {
    return this.bus.subscribe(Topic.PresenceChanged);
  }

  /** Ends this instance's leases: its users go offline at once wherever they have no other connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.changes?.return?.();
    const users = [...this.local.values()].map((entry) => entry.user);
    this.local.clear();
    await Promise.allSettled(users.map((user) => this.release(user)));
  }

  private touch(user: User): Promise<number> {
    const [leases, counts, users] = this.keys;
    const change: PresenceChange = { id: user.id, name: user.name, protected: user.protected, online: true };
    return this.redis.presenceTouch(
      leases,
      counts,
      users,
      this.member(user.id),
      user.id,
      JSON.stringify({ id: user.id, name: user.name, protected: user.protected }),
      this.leaseMs,
      this.options.presenceChannel,
      JSON.stringify(change),
    );
  }

  private async release(user: User): Promise<boolean> {
    const [leases, counts, users] = this.keys;
    const change: PresenceChange = { id: user.id, name: user.name, protected: user.protected, online: false };
    const changed = await this.redis.presenceRelease(
      leases,
      counts,
      users,
      this.member(user.id),
      user.id,
      this.options.presenceChannel,
      JSON.stringify(change),
    );
    return changed === 1;
  }

  /** Renews this instance's leases, sweeps expired ones (any instance's), and reloads the mirror. */
  private async heartbeat(): Promise<void> {
    if (this.closed || this.beating || this.redis.status !== 'ready') return;
    this.beating = true;
    try {
      await Promise.all([...this.local.values()].map((entry) => this.touch(entry.user)));
      const [leases, counts, users] = this.keys;
      await this.redis.presenceSweep(leases, counts, users, this.options.presenceChannel, 1000);
      this.duringResync = [];
      const online = await this.redis.hgetall(users);
      this.mirror.clear();
      for (const json of Object.values(online)) {
        const user = JSON.parse(json) as User;
        this.mirror.set(user.id, { id: user.id, name: user.name, protected: Boolean(user.protected) });
      }
      for (const change of this.duringResync) this.apply(change);
      for (const { user } of this.local.values()) this.mirror.set(user.id, user);
    } catch (error) {
      this.warn(error, 'presence heartbeat failed');
    } finally {
      this.duringResync = null;
      this.beating = false;
    }
  }

  private apply(change: PresenceChange): void {
    if (change.online) this.mirror.set(change.id, { id: change.id, name: change.name, protected: Boolean(change.protected) });
    else if (!this.local.has(change.id)) this.mirror.delete(change.id);
  }

  private async follow(changes: EventStream<PresenceChange>): Promise<void> {
    try {
      for await (const change of changes) {
        this.apply(change);
        this.duringResync?.push(change);
      }
    } catch (error) {
      this.warn(error, 'stopped following presence changes');
    }
  }

  private member(userId: string): string {
    return `${userId}|${this.instanceId}`;
  }

  private warn(error: unknown, message: string): void {
    this.options.log.warn({ err: error }, message);
  }
}
