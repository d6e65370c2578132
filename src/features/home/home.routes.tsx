import type { FastifyInstance } from 'fastify';
import { HomePage } from './views/home.tsx';

export function registerHome(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    // One-time messages left by a redirect (e.g. "signalement abandonné").
    const flashes = request.session?.flash;
    if (flashes?.length) {
      request.session.flash = undefined;
      reply.header('cache-control', 'no-store');
    }
    return reply.html(HomePage({ flashes }));
  });
}
