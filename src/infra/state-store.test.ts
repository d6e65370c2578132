import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase } from '../../test/helpers/test-database.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import {
  type Cache,
  createPostgresStateStore,
  createRedisStateStore,
  MEMORY_TIER_TTL_MS,
  SESSION_TOUCH_INTERVAL_SECONDS,
  type SessionStore,
  type StateStore,
  skipUnchangedSessionWrites,
  withMemoryTier,
} from './state-store.ts';

const cb = <T>(fn: (done: (err?: unknown, v?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));

function contract(name: string, make: () => Promise<{ store: StateStore; close: () => Promise<void> }>) {
  describe(name, () => {
    let store: StateStore;
    let close: () => Promise<void>;
    before(async () => {
      ({ store, close } = await make());
    });
    after(async () => close?.());

    test('rate limiter counts hits in a window and flags the ones over the limit', async () => {
      const key = `t:${Math.random()}`;
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await store.rateLimiter.hit(key, 3, 60_000));
      assert.deepEqual(
        results.map((r) => [r.count, r.limited]),
        [
          [1, false],
          [2, false],
          [3, false],
          [4, true],
        ],
      );
      assert.equal(await store.rateLimiter.peek(key), 4);
      await store.rateLimiter.reset(key);
      assert.equal(await store.rateLimiter.peek(key), 0);
    });

    test('a new window starts once the previous one is over', async () => {
      const key = `t:${Math.random()}`;
      await store.rateLimiter.hit(key, 1, 150);
      await store.rateLimiter.hit(key, 1, 150);
      await new Promise((r) => setTimeout(r, 300));
      const r = await store.rateLimiter.hit(key, 1, 150);
      assert.equal(r.count, 1);
      assert.equal(r.limited, false);
    });

    test('concurrent hits are all counted', async () => {
      const key = `t:${Math.random()}`;
      await Promise.all(Array.from({ length: 20 }, () => store.rateLimiter.hit(key, 100, 60_000)));
      assert.equal(await store.rateLimiter.peek(key), 20);
    });

    test('cache keeps values until they expire', async () => {
      await store.cache.set('k1', { a: 1, b: 'é' }, 60_000);
      assert.deepEqual(await store.cache.get('k1'), { a: 1, b: 'é' });
      await store.cache.set('k2', 'bref', 100);
      await new Promise((r) => setTimeout(r, 250));
      assert.equal(await store.cache.get('k2'), undefined);
      await store.cache.del('k1');
      assert.equal(await store.cache.get('k1'), undefined);
    });

    test('session store saves, reads and destroys sessions', async () => {
      const sid = `sid-${Math.random()}`;
      const session = { userId: 42, cookie: { expires: new Date(Date.now() + 60_000).toISOString() } };
      await cb((d) => store.sessionStore.set(sid, session, d));
      const got = await cb<any>((d) => store.sessionStore.get(sid, d));
      assert.equal(got.userId, 42);
      await cb((d) => store.sessionStore.destroy(sid, d));
      assert.equal(await cb<any>((d) => store.sessionStore.get(sid, d)), null);
    });

    test('an expired session is not returned', async () => {
      const sid = `sid-${Math.random()}`;
      const session = { userId: 1, cookie: { expires: new Date(Date.now() - 1000).toISOString() } };
      await cb((d) => store.sessionStore.set(sid, session, d));
      const got = await cb<any>((d) => store.sessionStore.get(sid, d));
      assert.ok(got === null || got === undefined);
    });
  });
}

// On PGlite, or on real PostgreSQL when TEST_DATABASE_URL is set.
contract('PostgreSQL state store', async () => {
  const testDb = await openTestDatabase();
  return {
    store: createPostgresStateStore(testDb.database.db, { sessionTtlMs: 60_000 }),
    close: () => testDb.close(),
  };
});

if (process.env.REDIS_URL) {
  contract('Redis state store', async () => {
    const store = createRedisStateStore(process.env.REDIS_URL!, {
      sessionTtlMs: 60_000,
      prefix: `histologe-test:${process.pid}:`,
    });
    return { store, close: () => store.close() };
  });
}

test('the PostgreSQL store purges expired rows', async () => {
  const db = await openDatabase('pglite://memory://');
  try {
    await migrateToLatest(db.db);
    const store = createPostgresStateStore(db.db, { sessionTtlMs: 60_000 });
    await store.cache.set('old', 1, 1);
    await store.rateLimiter.hit('old', 1, 1);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok((await store.purgeExpired()) >= 2);
  } finally {
    await db.close();
  }
});

/** A session store in a Map that counts its writes (the wrapper under test only sees the store contract). */
function countingStore() {
  const rows = new Map<string, string>();
  const counts = { set: 0 };
  const store: SessionStore = {
    get: (sid, done) => done(null, rows.has(sid) ? JSON.parse(rows.get(sid)!) : null),
    set: (sid, session, done) => {
      counts.set++;
      rows.set(sid, JSON.stringify(session));
      done();
    },
    destroy: (sid, done) => {
      rows.delete(sid);
      done();
    },
  };
  return { store, rows, counts };
}

describe('skipping unchanged session writes', () => {
  const expiresIn = (ms: number) => ({ expires: new Date(Date.now() + ms).toISOString() });
  const hour = 3_600_000;

  test('a session read then saved unchanged, its expiry moved by less than the interval, is not written', async () => {
    const { store, rows, counts } = countingStore();
    const s = skipUnchangedSessionWrites(store);
    rows.set('a', JSON.stringify({ userId: 7, flash: { b: 1, a: [1, 2] }, cookie: expiresIn(hour) }));
    const read = await cb<any>((d) => s.get('a', d));
    // Same data, keys in another order (JSONB does that), expiry a minute later.
    const again = { flash: { a: [1, 2], b: 1 }, userId: 7, cookie: expiresIn(hour + 60_000) };
    await cb((d) => s.set('a', again, d));
    assert.equal(read.userId, 7);
    assert.equal(counts.set, 0);
  });

  test('changed data, an expiry moved past the interval, or a session never read here are written', async () => {
    const { store, rows, counts } = countingStore();
    const s = skipUnchangedSessionWrites(store);
    rows.set('a', JSON.stringify({ userId: 7, cookie: expiresIn(hour) }));
    await cb((d) => s.get('a', d));
    await cb((d) => s.set('a', { userId: 8, cookie: expiresIn(hour) }, d));
    assert.equal(counts.set, 1, 'changed data');
    assert.equal(JSON.parse(rows.get('a')!).userId, 8);

    await cb((d) => s.get('a', d));
    const later = hour + (SESSION_TOUCH_INTERVAL_SECONDS + 60) * 1000;
    await cb((d) => s.set('a', { userId: 8, cookie: expiresIn(later) }, d));
    assert.equal(counts.set, 2, 'expiry moved past the interval');

    await cb((d) => s.set('new', { userId: 1, cookie: expiresIn(hour) }, d));
    assert.equal(counts.set, 3, 'never read here');

    // A removed key is a change too.
    rows.set('b', JSON.stringify({ userId: 7, suivi: { ok: true }, cookie: expiresIn(hour) }));
    await cb((d) => s.get('b', d));
    await cb((d) => s.set('b', { userId: 7, cookie: expiresIn(hour) }, d));
    assert.equal(counts.set, 4, 'removed key');
  });

  test('after destroy, the same id is written again', async () => {
    const { store, rows, counts } = countingStore();
    const s = skipUnchangedSessionWrites(store);
    rows.set('a', JSON.stringify({ userId: 7, cookie: expiresIn(hour) }));
    await cb((d) => s.get('a', d));
    await cb((d) => s.destroy('a', d));
    await cb((d) => s.set('a', { userId: 7, cookie: expiresIn(hour) }, d));
    assert.equal(counts.set, 1);
    assert.ok(rows.has('a'));
  });

  test('on PostgreSQL, a page view of an unchanged session leaves its row alone', async () => {
    const testDb = await openTestDatabase();
    try {
      const state = createPostgresStateStore(testDb.database.db, { sessionTtlMs: hour });
      const sid = `sid-${Math.random()}`;
      const first = new Date(Date.now() + hour);
      await cb((d) =>
        state.sessionStore.set(sid, { userId: 3, cookie: { expires: first.toISOString() } }, d),
      );
      await cb((d) => state.sessionStore.get(sid, d));
      const moved = new Date(first.getTime() + 30_000).toISOString();
      await cb((d) => state.sessionStore.set(sid, { userId: 3, cookie: { expires: moved } }, d));
      const row = await testDb.database.db
        .selectFrom('httpSession')
        .select('expiresAt')
        .where('id', '=', sid)
        .executeTakeFirstOrThrow();
      assert.equal(new Date(row.expiresAt).getTime(), first.getTime());
      await cb((d) => state.sessionStore.destroy(sid, d));
    } finally {
      await testDb.close();
    }
  });
});

describe('memory tier in front of the shared cache', () => {
  function sharedMap() {
    const values = new Map<string, string>();
    const counts = { get: 0 };
    const cache: Cache = {
      async get<T>(key: string) {
        counts.get++;
        const v = values.get(key);
        return v === undefined ? undefined : (JSON.parse(v) as T);
      },
      async set(key, value) {
        values.set(key, JSON.stringify(value));
      },
      async del(key) {
        values.delete(key);
      },
    };
    return { cache, values, counts };
  }

  test('a value read once is served from memory, and a copy: callers cannot change it', async () => {
    const { cache, values, counts } = sharedMap();
    const tier = withMemoryTier(cache);
    values.set('k', JSON.stringify({ n: 1 }));
    const first = await tier.get<{ n: number }>('k');
    first!.n = 99;
    assert.deepEqual(await tier.get('k'), { n: 1 });
    assert.equal(counts.get, 1);
  });

  test('set and del go through to the shared cache; a short TTL is kept in memory no longer', async () => {
    const { cache, values } = sharedMap();
    const tier = withMemoryTier(cache);
    await tier.set('k', 5, 60_000);
    assert.equal(values.get('k'), '5');
    await tier.del('k');
    assert.equal(values.has('k'), false);
    assert.equal(await tier.get('k'), undefined);

    await tier.set('short', 'x', 50);
    values.delete('short'); // the shared copy expired
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(await tier.get('short'), undefined);
  });

  test('a value changed in the shared cache by another process is seen once the memory TTL is over', async () => {
    const { cache, values } = sharedMap();
    const tier = withMemoryTier(cache, { ttlMs: 50 });
    await tier.set('k', 1, 60_000);
    values.set('k', '2');
    assert.equal(await tier.get('k'), 1);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(await tier.get('k'), 2);
    assert.ok(MEMORY_TIER_TTL_MS <= 30_000);
  });
});
