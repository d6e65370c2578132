import type { FastifyInstance } from 'fastify';
import { ping } from '../../infra/db/database.ts';

/** Liveness and dependency check for load balancers and monitoring. 200 when everything answers, else 503. */
export function registerHealth(app: FastifyInstance) {
  app.get('/health', async (_request, reply) => {
    const { database, state, jobs } = app.deps;
    const [db, redis, queue] = await Promise.all([
      ping(database.db),
      state.kind === 'redis' ? state.ping() : Promise.resolve(null),
      jobs ? jobs.health().catch(() => false) : Promise.resolve(null),
    ]);
    const checks = {
      database: db ? 'ok' : 'indisponible',
      redis: redis === null ? 'non configuré' : redis ? 'ok' : 'indisponible',
      jobs: queue === null ? 'non démarré' : queue ? 'ok' : 'indisponible',
    };
    const ok = db && redis !== false && queue !== false;
    reply.header('cache-control', 'no-store');
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks });
  });
}
