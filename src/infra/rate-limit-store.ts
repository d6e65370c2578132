import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { RateLimiter } from './state-store.ts';

/**
 * Adapts our RateLimiter (PostgreSQL or Redis) to @fastify/rate-limit's store contract, so that per-route limits
 * are shared by every web process.
 */
export function rateLimitStore(limiter: RateLimiter) {
  class SharedStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = 'http:') {}
    incr(
      key: string,
      cb: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      limiter.hit(`${this.prefix}${key}`, max, timeWindow).then(
        (r) => cb(null, { current: r.count, ttl: Math.max(0, r.resetAt.getTime() - Date.now()) }),
        (err) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    }
    child(routeOptions: { method: string | string[]; url?: string; path?: string }): FastifyRateLimitStore {
      const method = Array.isArray(routeOptions.method) ? routeOptions.method.join(',') : routeOptions.method;
      return new SharedStore(`http:${method}:${routeOptions.path ?? routeOptions.url}:`);
    }
  }
  return SharedStore as unknown as new (
    options: unknown,
  ) => FastifyRateLimitStore;
}
