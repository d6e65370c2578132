import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../infra/errors.ts';
import { takeFlashes } from '../../infra/flash.ts';
import { FileNotFoundError, InvalidStorageKeyError } from '../../infra/storage.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { createNotificationRepository } from '../notifications/notification.repository.ts';
import { createDossierRepository } from './dossier.repository.ts';
import { DossierPage } from './views/dossier-page.tsx';

const fileQuery = z.object({ variant: z.enum(['thumb']).optional() });

/** Shown by the browser itself (anything else is downloaded): our uploads are images and PDF only. */
const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
]);

const VARIANT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

/**
 * CSP sent with a served file (no inline styles or scripts allowed): nothing may run or load from it; PDFs are not sandboxed
 * so that the browser's own viewer can open them. Shared by the agent and the usager download routes.
 */
export function fileContentSecurityPolicy(mimeType: string): string {
  return mimeType === 'application/pdf'
    ? "default-src 'none'; img-src 'self' data:; object-src 'self'"
    : "default-src 'none'; img-src 'self'; sandbox";
}

/** Minutes a signed storage link stays valid (S3 only; see the `lien` route). */
export const SIGNED_LINK_TTL_SECONDS = 5 * 60;

/**
 * `Content-Disposition` with a harmless ASCII fallback name and the real name in RFC 5987 form.
 * Quotes, backslashes, control characters and path separators never reach the header.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const cleaned = name
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, '_')
    .trim()
    .slice(0, 150);
  const safe = cleaned || 'document';
  const ascii = safe
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(safe).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Registered inside the /bo scope (see app.ts), which requires a signed-in agent. */
export function registerSignalementDossier(app: FastifyInstance) {
  const repo = createDossierRepository(app.deps.database.db);
  const storage = app.deps.storage;
  const notifications = createNotificationRepository(app.deps.database.db);

  app.get<{ Params: { uuid: string } }>('/signalements/:uuid', async (request, reply) => {
    const user = agentUser(request);
    // Two statements: the policy target (404 outside the user's scope), then the whole dossier with the tag
    // form's choices when the user may edit its tags.
    const { dossier, tagChoices } = await repo.loadPage(user, request.params.uuid);
    // Opening a dossier reads its notifications (spec §6.16); nothing to do when none is unread.
    if (user.unreadNotifications) {
      user.unreadNotifications = await notifications.markSeenForSignalementAndCount(
        user.id,
        dossier.signalement.id,
      );
    }
    const flashes = takeFlashes(request);
    reply.header('cache-control', 'no-store');
    return reply.html(
      DossierPage({
        dossier,
        principal: user,
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes,
        tagChoices,
      }),
    );
  });

  app.get<{ Params: { uuid: string; fichierUuid: string } }>(
    '/signalements/:uuid/fichiers/:fichierUuid',
    async (request, reply) => {
      const user = agentUser(request);
      const query = fileQuery.safeParse(request.query);
      if (!query.success) throw notFound();
      const file = await repo.findFileForDownload(user, request.params.uuid, request.params.fichierUuid);
      let key = file.storageKey;
      let mimeType = file.mimeType;
      let name = file.title || file.filename;
      if (query.data.variant) {
        const variantKey = file.variants[query.data.variant];
        if (typeof variantKey !== 'string') throw notFound();
        key = variantKey;
        const ext = variantKey.split('.').pop()?.toLowerCase() ?? '';
        mimeType = VARIANT_TYPES[ext] ?? 'application/octet-stream';
        name = `miniature-${name.replace(/\.[^.]+$/, '')}.${ext || 'jpg'}`;
      }
      let body: Awaited<ReturnType<typeof storage.get>>;
      try {
        body = await storage.get(key);
      } catch (err) {
        if (err instanceof FileNotFoundError || err instanceof InvalidStorageKeyError) {
          throw notFound('Ce fichier est introuvable. Il a peut-être été supprimé.');
        }
        throw err;
      }
      const inline = INLINE_TYPES.has(mimeType);
      reply
        .header('content-type', inline ? mimeType : 'application/octet-stream')
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300')
        // A file is never a page: nothing in it may run. (Browsers refuse to show a PDF in a sandbox.)
        .header('content-security-policy', fileContentSecurityPolicy(mimeType));
      return reply.send(body);
    },
  );

  // Short-lived direct link (S3 presigned URL), for messages sent outside the app. Without object storage
  // (local folder) the authorised route above is the only way, so this redirects there.
  app.get<{ Params: { uuid: string; fichierUuid: string } }>(
    '/signalements/:uuid/fichiers/:fichierUuid/lien',
    async (request, reply) => {
      const user = agentUser(request);
      const file = await repo.findFileForDownload(user, request.params.uuid, request.params.fichierUuid);
      const url = storage.signedUrl
        ? await storage.signedUrl(file.storageKey, SIGNED_LINK_TTL_SECONDS)
        : null;
      reply.header('cache-control', 'no-store');
      return reply.redirect(
        url ??
          `/bo/signalements/${encodeURIComponent(request.params.uuid)}/fichiers/${encodeURIComponent(file.uuid)}`,
        303,
      );
    },
  );
}
