import type { FastifyInstance } from 'fastify';
import { AccessibilitePage, DonneesPersonnellesPage, MentionsLegalesPage } from './views/legal.tsx';

export function registerStaticPages(app: FastifyInstance) {
  app.get('/accessibilite', async (_request, reply) => reply.html(AccessibilitePage({})));
  app.get('/mentions-legales', async (_request, reply) => reply.html(MentionsLegalesPage({})));
  app.get('/donnees-personnelles', async (_request, reply) => reply.html(DonneesPersonnellesPage({})));
}
