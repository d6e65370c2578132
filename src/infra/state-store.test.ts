import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase } from '../../test/helpers/test-database.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createPostgresStateStore, createRedisStateStore, type StateStore } from './state-store.ts';

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
