import type { FastifyInstance } from 'fastify';
import { ErrorPage } from '../errors/views/error-page.tsx';

const ALWAYS_OPEN = [/^\/health$/, /^\/dsfr\//, /^\/static\//, /^\/connexion/, /^\/deconnexion/];

/**
 * MAINTENANCE_ENABLE: everyone gets a maintenance page (503 JSON on /api), except super admins who can still
 * sign in and work.
 */
export function registerMaintenance(app: FastifyInstance) {
  const { maintenance } = app.deps.config;
  if (!maintenance.enabled) return;
  app.addHook('preHandler', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (ALWAYS_OPEN.some((r) => r.test(url))) return;
    if (request.currentUser?.role === 'ROLE_ADMIN') return;
    reply.header('retry-after', '3600');
    if (url.startsWith('/api')) {
      return reply.status(503).send({
        code: 'MAINTENANCE',
        message: maintenance.message ?? 'Le service est en maintenance. Merci de réessayer plus tard.',
      });
    }
    return reply.html(ErrorPage({ status: 503, area: 'public', message: maintenance.message }), 503);
  });
}
