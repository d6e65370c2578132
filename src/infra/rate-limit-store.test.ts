import assert from 'node:assert/strict';
import { test } from 'node:test';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { rateLimitStore } from './rate-limit-store.ts';
import type { HitResult, RateLimiter } from './state-store.ts';

/** In-memory limiter with the same fixed-window contract as the PostgreSQL and Redis ones. */
function memoryLimiter() {
  const counts = new Map<string, number>();
  const limiter: RateLimiter = {
    async hit(key, max, windowMs): Promise<HitResult> {
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { count, limited: count > max, resetAt: new Date(Date.now() + windowMs) };
    },
    async peek(key) {
      return counts.get(key) ?? 0;
    },
    async reset(key) {
      counts.delete(key);
    },
  };
  return { limiter, counts };
}

test('each route counts in its own space; a groupId shares one on purpose', async () => {
  const { limiter, counts } = memoryLimiter();
  const app = Fastify();
  await app.register(rateLimit, { global: false, store: rateLimitStore(limiter) });
  const limit = { max: 2, timeWindow: 60_000 };
  app.get('/a', { config: { rateLimit: limit } }, async () => 'a');
  app.post('/b', { config: { rateLimit: limit } }, async () => 'b');
  app.get('/c', { config: { rateLimit: { ...limit, groupId: 'shared' } } }, async () => 'c');
  app.get('/d', { config: { rateLimit: { ...limit, groupId: 'shared' } } }, async () => 'd');

  for (let i = 0; i < 2; i++) assert.equal((await app.inject({ url: '/a' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/a' })).statusCode, 429);
  // Exhausting /a leaves /b untouched.
  assert.equal((await app.inject({ method: 'POST', url: '/b' })).statusCode, 200);

  assert.equal((await app.inject({ url: '/c' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/d' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/c' })).statusCode, 429);

  const keys = [...counts.keys()];
  assert.ok(
    keys.some((k) => k.startsWith('http:GET:/a:')),
    keys.join(' '),
  );
  assert.ok(
    keys.some((k) => k.startsWith('http:POST:/b:')),
    keys.join(' '),
  );
  assert.ok(
    keys.some((k) => k.startsWith('http:group:shared:')),
    keys.join(' '),
  );
  assert.ok(!keys.some((k) => k.includes('undefined')), keys.join(' '));
  await app.close();
});
