import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { RateLimiter } from './state-store.ts';

/**
 * Adapts our RateLimiter (PostgreSQL or Redis) to @fastify/rate-limit's store contract, so that per-route limits
 * are shared by every web process.
 */
interface RouteLimitParams {
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string; path?: string };
}

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
    /**
     * One counter space per route: @fastify/rate-limit passes the route's merged limit settings, with the route
     * itself under `routeInfo` (a `groupId` lets several routes share one counter on purpose).
     */
    child(options: object): FastifyRateLimitStore {
      // The typings say RouteOptions; at run time it is the merged limit settings (checked by the test).
      const params = options as RouteLimitParams;
      if (params.groupId) return new SharedStore(`http:group:${params.groupId}:`);
      const route = params.routeInfo ?? {};
      const method = Array.isArray(route.method) ? route.method.join(',') : (route.method ?? 'ANY');
      return new SharedStore(`http:${method}:${route.path ?? route.url ?? ''}:`);
    }
  }
  return SharedStore as unknown as new (
    options: unknown,
  ) => FastifyRateLimitStore;
}
