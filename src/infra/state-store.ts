import { isDeepStrictEqual } from 'node:util';
import { RedisStore } from 'connect-redis';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { type Db, hotStatement } from './db/database.ts';

/**
 * Short-lived shared state: HTTP sessions, rate-limit counters and a small cache. PostgreSQL tables by default
 * (embedded mode survives restarts), Redis when REDIS_URL is set. The shared store is the truth, so any number
 * of web processes can share it; each process only keeps what saves it a round trip per request (see
 * `withMemoryTier` and `skipUnchangedSessionWrites`), never anything another process could need to see.
 */

/** A session whose data did not change is written again only when its expiry moved by more than this. */
export const SESSION_TOUCH_INTERVAL_SECONDS = 300;

export interface HitResult {
  count: number;
  limited: boolean;
  resetAt: Date;
}

export interface RateLimiter {
  /** Counts one hit for `key` in a fixed window; `limited` once the count exceeds `max`. */
  hit(key: string, max: number, windowMs: number): Promise<HitResult>;
  /** Current count without counting a hit. */
  peek(key: string): Promise<number>;
  reset(key: string): Promise<void>;
}

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
}

type Cb<T = unknown> = (err?: unknown, result?: T) => void;
/** The store contract of @fastify/session (the express-session one). */
export interface SessionStore {
  get(sid: string, cb: Cb<any>): void;
  set(sid: string, session: any, cb: Cb): void;
  destroy(sid: string, cb: Cb): void;
}

export interface StateStore {
  kind: 'postgres' | 'redis';
  rateLimiter: RateLimiter;
  cache: Cache;
  sessionStore: SessionStore;
  ping(): Promise<boolean>;
  /** Removes expired rows (PostgreSQL only; Redis expires keys itself). */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
}

/** How long a value read from the shared cache is kept in this process's memory (at most; less if its TTL is). */
export const MEMORY_TIER_TTL_MS = 10_000;

/**
 * A per-process memory tier in front of a shared cache: a value read or written here is served from memory for
 * MEMORY_TIER_TTL_MS (or its own TTL when shorter), so a busy page does not pay a round trip to the shared store
 * per request. Another process may therefore see a `del` or a newer `set` up to MEMORY_TIER_TTL_MS late: only
 * for values that may lag that much (counts, filter options), never for anything a permission depends on.
 */
export function withMemoryTier(shared: Cache, opts: { max?: number; ttlMs?: number } = {}): Cache {
  const ttlCap = opts.ttlMs ?? MEMORY_TIER_TTL_MS;
  // Values are kept as JSON so that a caller mutating what it got cannot change what the next one gets.
  const memory = new LRUCache<string, string>({ max: opts.max ?? 5_000, ttl: ttlCap });
  return {
    async get<T>(key: string) {
      const hit = memory.get(key);
      if (hit !== undefined) return JSON.parse(hit) as T;
      const value = await shared.get<T>(key);
      if (value !== undefined) memory.set(key, JSON.stringify(value));
      return value;
    },
    async set(key, value, ttlMs) {
      await shared.set(key, value, ttlMs);
      memory.set(key, JSON.stringify(value ?? null), { ttl: Math.max(1, Math.min(ttlCap, ttlMs)) });
    },
    async del(key) {
      memory.delete(key);
      await shared.del(key);
    },
  };
}

/**
 * Rolling sessions are saved after every request, which is a write per page view. This skips the write when the
 * session's data is what was read at the start of the request and its expiry moved by less than
 * SESSION_TOUCH_INTERVAL_SECONDS (the stored expiry then lags the cookie's by at most that much, as the
 * PostgreSQL store's conditional upsert already allows). Only the last read of each session is remembered, in a
 * bounded map; a session this process never read is always written.
 */
export function skipUnchangedSessionWrites(store: SessionStore, opts: { max?: number } = {}): SessionStore {
  const lastRead = new LRUCache<string, { data: string; expiresAt: number }>({ max: opts.max ?? 10_000 });
  const withoutCookie = (session: unknown): Record<string, unknown> => {
    const plain = JSON.parse(JSON.stringify(session ?? {})) as Record<string, unknown>;
    delete plain.cookie;
    return plain;
  };
  const remember = (sid: string, session: unknown) => {
    lastRead.set(sid, {
      data: JSON.stringify(withoutCookie(session)),
      expiresAt: sessionExpiry(session, 0).getTime(),
    });
  };
  return {
    get(sid, cb) {
      store.get(sid, (err, data) => {
        if (!err && data) remember(sid, data);
        else lastRead.delete(sid);
        cb(err, data);
      });
    },
    set(sid, session, cb) {
      const seen = lastRead.get(sid);
      if (seen) {
        const moved = sessionExpiry(session, 0).getTime() - seen.expiresAt;
        if (
          moved >= 0 &&
          moved < SESSION_TOUCH_INTERVAL_SECONDS * 1000 &&
          isDeepStrictEqual(JSON.parse(seen.data), withoutCookie(session))
        ) {
          cb();
          return;
        }
      }
      store.set(sid, session, (err) => {
        if (err) lastRead.delete(sid);
        else remember(sid, session);
        cb(err);
      });
    },
    destroy(sid, cb) {
      lastRead.delete(sid);
      store.destroy(sid, cb);
    },
  };
}

function sessionExpiry(session: any, fallbackMs: number): Date {
  const exp = session?.cookie?.expires ?? session?.cookie?._expires;
  const d = exp ? new Date(exp) : new Date(Date.now() + fallbackMs);
  return Number.isNaN(d.getTime()) ? new Date(Date.now() + fallbackMs) : d;
}

/** Read on every request that carries a session cookie. */
const liveSession = hotStatement(
  (db: Db, sid: string) =>
    db
      .selectFrom('httpSession')
      .select('data')
      .where('id', '=', sid)
      .where('expiresAt', '>', sql<Date>`now()`),
  '\u0000session-id',
);

export function createPostgresStateStore(db: Db, opts: { sessionTtlMs: number }): StateStore {
  const rateLimiter: RateLimiter = {
    async hit(key, max, windowMs) {
      // One statement: start a new window when the previous one is over, otherwise count the hit.
      const row = await sql<{ hits: number; resetAt: Date }>`
        insert into rate_limit (key, hits, reset_at)
        values (${key}, 1, now() + ${`${windowMs} milliseconds`}::interval)
        on conflict (key) do update set
          hits = case when rate_limit.reset_at <= now() then 1 else rate_limit.hits + 1 end,
          reset_at = case when rate_limit.reset_at <= now() then excluded.reset_at else rate_limit.reset_at end
        returning hits, reset_at`.execute(db);
      const r = row.rows[0]!;
      return { count: r.hits, limited: r.hits > max, resetAt: new Date(r.resetAt) };
    },
    async peek(key) {
      const r = await db
        .selectFrom('rateLimit')
        .select('hits')
        .where('key', '=', key)
        .where('resetAt', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return r?.hits ?? 0;
    },
    async reset(key) {
      await db.deleteFrom('rateLimit').where('key', '=', key).execute();
    },
  };

  const cache: Cache = {
    async get<T>(key: string) {
      const r = await db
        .selectFrom('cacheEntry')
        .select('value')
        .where('key', '=', key)
        .where('expiresAt', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return r?.value as T | undefined;
    },
    async set(key, value, ttlMs) {
      const expiresAt = new Date(Date.now() + ttlMs);
      const json = JSON.stringify(value ?? null);
      await db
        .insertInto('cacheEntry')
        .values({ key, value: json, expiresAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, expiresAt }))
        .execute();
    },
    async del(key) {
      await db.deleteFrom('cacheEntry').where('key', '=', key).execute();
    },
  };

  const sessionStore: SessionStore = {
    get(sid, cb) {
      liveSession(db, sid).then(([r]) => cb(null, r ? r.data : null), cb);
    },
    set(sid, session, cb) {
      const data = JSON.stringify(session);
      const expiresAt = sessionExpiry(session, opts.sessionTtlMs);
      db.insertInto('httpSession')
        .values({ id: sid, data, expiresAt })
        // Rolling sessions are saved on every request: skip the write when only the expiry moved, and by less
        // than SESSION_TOUCH_INTERVAL (the stored expiry may then lag the cookie's by at most that much).
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ data, expiresAt })
            .where((eb) =>
              eb.or([
                eb(sql`http_session.data - 'cookie'`, 'is distinct from', sql`excluded.data - 'cookie'`),
                eb(
                  'httpSession.expiresAt',
                  '<',
                  sql<Date>`excluded.expires_at - ${`${SESSION_TOUCH_INTERVAL_SECONDS} seconds`}::interval`,
                ),
              ]),
            ),
        )
        .execute()
        .then(() => cb(), cb);
    },
    destroy(sid, cb) {
      db.deleteFrom('httpSession')
        .where('id', '=', sid)
        .execute()
        .then(() => cb(), cb);
    },
  };

  return {
    kind: 'postgres',
    rateLimiter,
    cache: withMemoryTier(cache),
    sessionStore: skipUnchangedSessionWrites(sessionStore),
    async ping() {
      return true;
    },
    async purgeExpired() {
      let n = 0;
      for (const t of ['http_session', 'cache_entry'] as const) {
        const r = await sql`delete from ${sql.table(t)} where expires_at <= now()`.execute(db);
        n += Number(r.numAffectedRows ?? 0);
      }
      const r = await sql`delete from rate_limit where reset_at <= now()`.execute(db);
      return n + Number(r.numAffectedRows ?? 0);
    },
    async close() {},
  };
}

export function createRedisStateStore(
  url: string,
  opts: { sessionTtlMs: number; prefix?: string },
): StateStore {
  const prefix = opts.prefix ?? 'histologe:';
  const redis = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 5000,
  });
  // Connection errors surface on commands and in /health; the process must not crash on them.
  redis.on('error', () => {});

  const rateLimiter: RateLimiter = {
    async hit(key, max, windowMs) {
      const k = `${prefix}rl:${key}`;
      const res = await redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
      const count = Number(res?.[0]?.[1] ?? 1);
      const ttl = Number(res?.[2]?.[1] ?? windowMs);
      return { count, limited: count > max, resetAt: new Date(Date.now() + (ttl > 0 ? ttl : windowMs)) };
    },
    async peek(key) {
      return Number((await redis.get(`${prefix}rl:${key}`)) ?? 0);
    },
    async reset(key) {
      await redis.del(`${prefix}rl:${key}`);
    },
  };

  const cache: Cache = {
    async get<T>(key: string) {
      const v = await redis.get(`${prefix}cache:${key}`);
      return v === null ? undefined : (JSON.parse(v) as T);
    },
    async set(key, value, ttlMs) {
      await redis.set(
        `${prefix}cache:${key}`,
        JSON.stringify(value ?? null),
        'PX',
        Math.max(1, Math.round(ttlMs)),
      );
    },
    async del(key) {
      await redis.del(`${prefix}cache:${key}`);
    },
  };

  const sessionStore = new RedisStore({
    client: redis,
    prefix: `${prefix}sess:`,
    ttl: Math.round(opts.sessionTtlMs / 1000),
  }) as unknown as SessionStore;

  return {
    kind: 'redis',
    rateLimiter,
    cache: withMemoryTier(cache),
    sessionStore: skipUnchangedSessionWrites(sessionStore),
    async ping() {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async purgeExpired() {
      return 0;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
