import type { FastifyInstance } from 'fastify';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { createListRepository } from './list.repository.ts';
import { parseListQuery, restrictToOptions } from './list.schema.ts';
import { ListPage } from './views/list-page.tsx';

export function registerSignalementList(app: FastifyInstance) {
  const repo = createListRepository(app.deps.database.db, app.deps.state.cache);

  // Registered inside the /bo scope (see app.ts), which requires a signed-in agent.
  app.get('/signalements', async (request, reply) => {
    const user = agentUser(request);
    // Read the raw query string ourselves: repeated keys (statut=…&statut=…) always come as a list.
    const search = new URLSearchParams(request.url.split('?')[1] ?? '');
    const parsed = parseListQuery(search, { isSuperAdmin: user.role === 'ROLE_ADMIN' });
    const options = await repo.options(user, parsed.filters.territoire);
    const { filters, notices } = restrictToOptions(parsed, options);
    const result = await repo.page(user, filters);
    reply.header('cache-control', 'no-store');
    return reply.html(
      ListPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        role: user.role,
        ownPartenaireIds: user.partenaires.map((p) => p.id),
        filters,
        notices,
        options,
        result,
      }),
    );
  });
}
