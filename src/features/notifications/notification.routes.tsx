import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../infra/errors.ts';
import { takeFlashes } from '../../infra/flash.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { createNotificationRepository } from './notification.repository.ts';
import { NOTIFICATIONS_PATH, NotificationsPage } from './views/notifications-page.tsx';

export const NOTIFICATIONS_PAGE_SIZE = 20;

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });
const uuidParams = z.object({ uuid: z.guid() });

function listUrl(page: number): string {
  return page > 1 ? `${NOTIFICATIONS_PATH}?page=${page}` : NOTIFICATIONS_PATH;
}

/** Registered inside the /bo scope (see app.ts): every route acts on the signed-in agent's own notifications. */
export function registerNotifications(app: FastifyInstance) {
  const repo = createNotificationRepository(app.deps.database.db);

  const ownUuid = (params: unknown): string => {
    const parsed = uuidParams.safeParse(params);
    if (!parsed.success) throw notFound();
    return parsed.data.uuid;
  };

  app.get('/notifications', async (request, reply) => {
    const user = agentUser(request);
    const { page } = pageQuery.parse(request.query ?? {});
    const result = await repo.page(user.id, page, NOTIFICATIONS_PAGE_SIZE);
    const flashes = takeFlashes(request);
    reply.header('cache-control', 'no-store');
    return reply.html(
      NotificationsPage({
        user: { ...userView(user), unreadNotifications: result.unread },
        csrfToken: reply.generateCsrf(),
        flashes,
        items: result.rows.map((r) => ({
          uuid: r.uuid,
          reference: r.reference,
          sentence: r.description ?? 'Nouvelle activité sur le dossier',
          createdAt: r.createdAt,
          isSeen: r.isSeen,
          hasDossier: r.signalementUuid !== null,
        })),
        total: result.total,
        unread: result.unread,
        page: result.page,
        pageCount: result.pageCount,
      }),
    );
  });

  app.post('/notifications/tout-lu', async (request, reply) => {
    const user = agentUser(request);
    const n = await repo.markAllSeen(user.id);
    request.session.flash = [
      ...(request.session.flash ?? []),
      {
        type: 'success',
        message: n > 1 ? `${n} notifications marquées comme lues.` : 'Notifications marquées comme lues.',
      },
    ];
    return reply.redirect(NOTIFICATIONS_PATH, 303);
  });

  app.post('/notifications/:uuid/lu', async (request, reply) => {
    const user = agentUser(request);
    const found = await repo.markSeen(user.id, ownUuid(request.params));
    if (!found) throw notFound();
    const { page } = pageQuery.parse(request.query ?? {});
    return reply.redirect(listUrl(page), 303);
  });

  // A link (GET) so that it works from the list without a form; marking read twice changes nothing.
  app.get('/notifications/:uuid/ouvrir', async (request, reply) => {
    const user = agentUser(request);
    const found = await repo.markSeen(user.id, ownUuid(request.params));
    if (!found) throw notFound();
    return reply.redirect(
      found.signalementUuid ? `/bo/signalements/${found.signalementUuid}` : NOTIFICATIONS_PATH,
      303,
    );
  });
}
