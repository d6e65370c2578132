import type { FastifyInstance } from 'fastify';
import { takeFlashes } from '../../infra/flash.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { createDashboardRepository } from './dashboard.repository.ts';
import { BoHomePage } from './views/bo-home.tsx';

export function registerDashboard(app: FastifyInstance) {
  const repo = createDashboardRepository(app.deps.database.db, app.deps.state.cache);

  // Registered inside the /bo scope (see app.ts), which requires a signed-in agent.
  app.get('/', async (request, reply) => {
    const user = agentUser(request);
    const counts = await repo.counts(user);
    const partenaire = user.partenaires[0];
    reply.header('cache-control', 'no-store');
    return reply.html(
      BoHomePage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        partenaireNom: partenaire?.nom,
        territoireNom:
          user.role === 'ROLE_ADMIN' ? 'Tous les territoires' : (partenaire?.territoireNom ?? undefined),
        counts,
        flashes: takeFlashes(request),
      }),
    );
  });
}
