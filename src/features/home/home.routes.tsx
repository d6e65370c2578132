import type { FastifyInstance } from 'fastify';
import { takeFlashes } from '../../infra/flash.ts';
import { HomePage } from './views/home.tsx';

export function registerHome(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    // One-time messages left by a redirect (e.g. "signalement abandonné").
    const flashes = takeFlashes(request);
    if (flashes.length) reply.header('cache-control', 'no-store');
    return reply.html(HomePage({ flashes }));
  });
}
