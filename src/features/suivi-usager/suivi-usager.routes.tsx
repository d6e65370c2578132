import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError, notFound } from '../../infra/errors.ts';
import { readMultipartForm } from '../../infra/multipart.ts';
import { FileNotFoundError, InvalidStorageKeyError } from '../../infra/storage.ts';
import type { Flash } from '../../ui/layout/page.tsx';
import { contentDisposition, fileContentSecurityPolicy } from '../signalement-dossier/dossier.routes.tsx';
import { USAGER_IDLE_MS } from './suivi-usager.rules.ts';
import {
  accessSchema,
  createSuiviUsagerService,
  LINK_SENT_MESSAGE,
  type UsagerAccess,
} from './suivi-usager.service.ts';
import { AccessPage, type AccessPageProps } from './views/access-page.tsx';
import { DossierPage, type UsagerFormName } from './views/dossier-page.tsx';
import { LinkPage } from './views/link-page.tsx';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** The usager follow-up access: one dossier only (see suivi-usager). */
    usagerAccess?: UsagerAccess;
  }
}

export const SUIVI_BASE = '/suivre-mon-signalement';
const EXPIRED_MESSAGE =
  'Pour protéger vos informations, vous avez été déconnecté après un moment sans activité. Répondez de nouveau aux questions pour voir votre dossier.';

const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
]);
const fileQuery = z.object({ variant: z.enum(['thumb']).optional() });

type CodeParams = { Params: { code: string } };

function str(v: unknown): string {
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
}

export function registerSuiviUsager(app: FastifyInstance) {
  app.register(async (scope) => {
    const service = createSuiviUsagerService(scope.deps);

    // The follow-up code is the key to the dossier: it must never leave in a Referer header, nor be indexed
    // or cached by a shared cache.
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-robots-tag', 'noindex, nofollow');
      reply.header('cache-control', 'no-store');
    });

    const baseOf = (code: string) => `${SUIVI_BASE}/${encodeURIComponent(code)}`;

    /** The access held by this session for the dossier of `code`, refreshed; `expired` when it timed out. */
    async function accessFor(request: FastifyRequest, code: string) {
      const access = request.session.usagerAccess;
      if (!access) return { access: undefined, expired: false };
      if (Date.now() - access.at > USAGER_IDLE_MS) {
        request.session.usagerAccess = undefined;
        return { access: undefined, expired: true };
      }
      const id = await service.signalementIdOf(code);
      if (id === undefined || id !== access.signalementId) return { access: undefined, expired: false };
      const fresh = { ...access, at: Date.now() };
      request.session.usagerAccess = fresh;
      return { access: fresh, expired: false };
    }

    const renderAccess = async (
      reply: FastifyReply,
      code: string,
      props: Partial<AccessPageProps>,
      status = 200,
    ) => {
      const { askRole } = await service.questionsFor(code);
      return reply.html(
        AccessPage({ csrfToken: reply.generateCsrf(), action: baseOf(code), askRole, ...props }),
        status,
      );
    };

    const takeFlashes = (request: FastifyRequest): Flash[] => {
      const flashes = request.session.flash ?? [];
      if (request.session.flash) request.session.flash = undefined;
      return flashes;
    };

    const renderDossier = async (
      request: FastifyRequest,
      reply: FastifyReply,
      code: string,
      access: UsagerAccess,
      form?: {
        name: UsagerFormName;
        error?: string;
        fieldErrors?: Record<string, string>;
        values?: Record<string, string>;
      },
      status = 200,
    ) => {
      const model = await service.page(access);
      return reply.html(
        DossierPage({
          csrfToken: reply.generateCsrf(),
          base: baseOf(code),
          model,
          flashes: takeFlashes(request),
          form,
        }),
        status,
      );
    };

    const flashAndBack = (
      request: FastifyRequest,
      reply: FastifyReply,
      code: string,
      message: string,
      anchor: string,
    ) => {
      request.session.flash = [...(request.session.flash ?? []), { type: 'success', message }];
      return reply.redirect(`${baseOf(code)}#${anchor}`, 303);
    };

    /** Runs an action; a refused or invalid one shows the dossier page again with its message. */
    async function action(
      request: FastifyRequest<CodeParams>,
      reply: FastifyReply,
      name: UsagerFormName | (() => UsagerFormName),
      run: (access: UsagerAccess) => Promise<{ message: string; anchor: string }>,
      values: () => Record<string, string> = () => ({}),
    ) {
      const { code } = request.params;
      const { access } = await accessFor(request, code);
      // No access to THIS dossier (other dossier, expired, unknown code): back to the questions.
      if (!access) return reply.redirect(baseOf(code), 303);
      try {
        const done = await run(access);
        return flashAndBack(request, reply, code, done.message, done.anchor);
      } catch (err) {
        if (!isAppError(err) || err.code === 'UNAUTHENTICATED' || err.code === 'RATE_LIMITED') throw err;
        if (err.code === 'NOT_FOUND') throw err;
        return renderDossier(
          request,
          reply,
          code,
          access,
          {
            name: typeof name === 'function' ? name() : name,
            error: err.message,
            fieldErrors: err.details?.fieldErrors,
            values: values(),
          },
          err.statusCode,
        );
      }
    }

    // ----- Retrouver mon lien -------------------------------------------------------------------------------
    scope.get(SUIVI_BASE, async (_request, reply) =>
      reply.html(LinkPage({ csrfToken: reply.generateCsrf() })),
    );

    scope.post(SUIVI_BASE, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const email = str(body.email).slice(0, 255);
      try {
        await service.sendLinks(email, request.ip);
      } catch (err) {
        if (!isAppError(err)) throw err;
        if (err.code === 'VALIDATION') {
          return reply.html(
            LinkPage({ csrfToken: reply.generateCsrf(), email, fieldErrors: err.details?.fieldErrors }),
            400,
          );
        }
        if (err.code === 'RATE_LIMITED') {
          return reply.html(LinkPage({ csrfToken: reply.generateCsrf(), email, error: err.message }), 429);
        }
        throw err;
      }
      // No redirect to a page naming the address: the same sentence, whatever the address.
      return reply.html(LinkPage({ csrfToken: reply.generateCsrf(), sent: LINK_SENT_MESSAGE }));
    });

    // ----- Access ---------------------------------------------------------------------------------------------
    scope.get<CodeParams>(`${SUIVI_BASE}/:code`, async (request, reply) => {
      const { code } = request.params;
      const { access, expired } = await accessFor(request, code);
      if (access) return renderDossier(request, reply, code, access);
      const query = request.query as Record<string, unknown>;
      const info = expired
        ? EXPIRED_MESSAGE
        : query.deconnexion === '1'
          ? 'Vous êtes déconnecté. À bientôt !'
          : undefined;
      return renderAccess(reply, code, { info });
    });

    scope.post<CodeParams>(`${SUIVI_BASE}/:code`, async (request, reply) => {
      const { code } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = {
        prenomInitial: str(body.prenomInitial).slice(0, 5),
        nomInitial: str(body.nomInitial).slice(0, 5),
        codePostal: str(body.codePostal).slice(0, 10),
        role: str(body.role).slice(0, 20),
      };
      const { askRole } = await service.questionsFor(code);
      const parsed = accessSchema.safeParse({ ...values, role: values.role || undefined });
      const fieldErrors: Record<string, string> = {};
      if (!parsed.success) {
        for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
      }
      if (askRole && !parsed.data?.role && !fieldErrors.role) {
        fieldErrors.role = 'Indiquez si vous habitez le logement ou si vous avez fait le signalement.';
      }
      if (!parsed.success || Object.keys(fieldErrors).length) {
        return renderAccess(reply, code, { values, fieldErrors }, 400);
      }
      try {
        const granted = await service.authenticate(code, parsed.data, request.ip);
        // A new session id when access is granted (no session fixation); an agent's own sign-in is kept.
        await request.session.regenerate(['userId']);
        request.session.usagerAccess = { ...granted, at: Date.now() };
        await request.session.save();
        return reply.redirect(baseOf(code), 303);
      } catch (err) {
        if (err instanceof AppError && err.code === 'RATE_LIMITED') {
          return renderAccess(reply, code, { error: err.message, blocked: true }, 429);
        }
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED') {
          return renderAccess(reply, code, { values, error: err.message }, 401);
        }
        throw err;
      }
    });

    scope.post<CodeParams>(`${SUIVI_BASE}/:code/deconnexion`, async (request, reply) => {
      request.session.usagerAccess = undefined;
      await request.session.regenerate(['userId']);
      return reply.redirect(`${baseOf(request.params.code)}?deconnexion=1`, 303);
    });

    // ----- Actions --------------------------------------------------------------------------------------------
    scope.post<CodeParams>(`${SUIVI_BASE}/:code/messages`, async (request, reply) => {
      let fields: Record<string, string | string[]> = {};
      let formName: UsagerFormName = 'message';
      return action(
        request,
        reply,
        () => formName,
        async (access) => {
          const form = await readMultipartForm(request, { allowed: ['image', 'pdf'] });
          fields = form.fields;
          // The answer to an agent's request ("À faire") is a message too, sent from its own form.
          if (str(form.fields.reponse) === '1') formName = 'reponse';
          await service.sendMessage(access, { message: str(form.fields.message), files: form.files });
          return {
            message: 'Votre message a bien été envoyé. Les services vous répondront ici.',
            anchor: 'messages',
          };
        },
        () => ({ message: str(fields.message).slice(0, 6000) }),
      );
    });

    scope.post<CodeParams>(`${SUIVI_BASE}/:code/documents`, async (request, reply) =>
      action(request, reply, 'documents', async (access) => {
        const form = await readMultipartForm(request, { allowed: ['image', 'pdf'] });
        const n = await service.addDocuments(access, { files: form.files });
        return {
          message: n > 1 ? `Vos ${n} fichiers ont bien été ajoutés.` : 'Votre fichier a bien été ajouté.',
          anchor: 'documents',
        };
      }),
    );

    scope.post<CodeParams>(`${SUIVI_BASE}/:code/coordonnees`, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (k !== '_csrf') values[k] = str(v).slice(0, 300);
      return action(
        request,
        reply,
        'coordonnees',
        async (access) => {
          const n = await service.updateCoordonnees(access, values);
          return {
            message:
              n > 0 ? 'Vos modifications ont bien été enregistrées.' : 'Aucune modification à enregistrer.',
            anchor: 'coordonnees',
          };
        },
        () => values,
      );
    });

    scope.post<CodeParams>(`${SUIVI_BASE}/:code/arret-procedure`, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { motif: str(body.motif).slice(0, 50), details: str(body.details).slice(0, 6000) };
      return action(
        request,
        reply,
        'arret',
        async (access) => {
          await service.askAbandon(access, values);
          return {
            message: 'Votre demande d’arrêt de la procédure a bien été transmise aux services.',
            anchor: 'etat',
          };
        },
        () => values,
      );
    });

    scope.post<CodeParams>(`${SUIVI_BASE}/:code/poursuite-procedure`, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { details: str(body.details).slice(0, 6000) };
      return action(
        request,
        reply,
        'poursuite',
        async (access) => {
          await service.askPoursuite(access, values);
          return {
            message: 'C’est noté : les services savent que vous souhaitez que la procédure continue.',
            anchor: 'etat',
          };
        },
        () => values,
      );
    });

    // ----- Files ----------------------------------------------------------------------------------------------
    scope.get<{ Params: { code: string; uuid: string } }>(
      `${SUIVI_BASE}/:code/fichiers/:uuid`,
      async (request, reply) => {
        const { access } = await accessFor(request, request.params.code);
        if (!access) throw notFound();
        const query = fileQuery.safeParse(request.query);
        if (!query.success) throw notFound();
        const file = await service.file(access, request.params.uuid);
        let key = file.storageKey;
        let mimeType = file.mimeType;
        let name = file.title || file.filename;
        if (query.data.variant) {
          const variantKey = (file.variants as Record<string, unknown>)[query.data.variant];
          if (typeof variantKey !== 'string') throw notFound();
          key = variantKey;
          mimeType = variantKey.endsWith('.png') ? 'image/png' : 'image/jpeg';
          name = `miniature-${name.replace(/\.[^.]+$/, '')}.${variantKey.split('.').pop() ?? 'jpg'}`;
        }
        let body: Awaited<ReturnType<typeof scope.deps.storage.get>>;
        try {
          body = await scope.deps.storage.get(key);
        } catch (err) {
          if (err instanceof FileNotFoundError || err instanceof InvalidStorageKeyError) {
            throw notFound('Ce document est introuvable. Il a peut-être été supprimé.');
          }
          throw err;
        }
        const inline = INLINE_TYPES.has(mimeType);
        reply
          .header('content-type', inline ? mimeType : 'application/octet-stream')
          .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', name))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, max-age=300')
          .header('content-security-policy', fileContentSecurityPolicy(mimeType));
        return reply.send(body);
      },
    );
  });
}
