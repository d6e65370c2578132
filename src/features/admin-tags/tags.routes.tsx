import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../infra/errors.ts';
import { pushFlash, takeFlashes } from '../../infra/flash.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { createTagsService } from './tags.service.ts';
import { TAGS_PATH, TagEditPage, TagsPage } from './views/tags-page.tsx';

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const isValidation = (e: unknown): e is AppError => e instanceof AppError && e.code === 'VALIDATION';
const LIMIT = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };

/** Tags administration and tags on a dossier; registered inside the /bo scope (see app.ts). */
export function registerAdminTags(app: FastifyInstance) {
  const service = createTagsService(app.deps);

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    territoireId: number | undefined,
    values: Record<string, string>,
    errors: Record<string, string>,
    status: number,
  ) => {
    const user = agentUser(request);
    const { tags, territoires } = await service.list(user, territoireId);
    reply.header('cache-control', 'no-store');
    return reply.html(
      TagsPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        territoireId,
        territoires,
        tags,
        values,
        errors,
      }),
      status,
    );
  };

  const renderTag = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    value: string | undefined,
    error: string | undefined,
    status: number,
  ) => {
    const user = agentUser(request);
    const tag = await service.get(user, id);
    reply.header('cache-control', 'no-store');
    return reply.html(
      TagEditPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        tag,
        value,
        error,
      }),
      status,
    );
  };

  app.get<{ Params: { id: string } }>('/admin/etiquettes/:id', async (request, reply) =>
    renderTag(request, reply, Number(request.params.id), undefined, undefined, 200),
  );

  app.get<{ Querystring: Body }>('/admin/etiquettes', async (request, reply) => {
    const territoireId = Number.parseInt(one(request.query.territoire), 10) || undefined;
    return render(request, reply, territoireId, {}, {}, 200);
  });

  app.post('/admin/etiquettes', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const body = (request.body ?? {}) as Body;
    try {
      const tag = await service.create(user, {
        label: one(body.label),
        territoireId: one(body.territoireId),
      });
      pushFlash(request, 'success', `L’étiquette « ${tag.label} » est ajoutée.`);
      return reply.redirect(TAGS_PATH, 303);
    } catch (err) {
      if (isValidation(err)) {
        const values = { label: one(body.label), territoireId: one(body.territoireId) };
        return render(request, reply, undefined, values, err.details?.fieldErrors ?? {}, 400);
      }
      throw err;
    }
  });

  app.post<{ Params: { id: string } }>('/admin/etiquettes/:id', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const id = Number(request.params.id);
    const body = (request.body ?? {}) as Body;
    try {
      const r = await service.rename(user, id, one(body.label));
      pushFlash(request, 'success', `L’étiquette « ${r.before} » s’appelle maintenant « ${r.label} ».`);
      return reply.redirect(`${TAGS_PATH}/${id}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        return renderTag(request, reply, id, one(body.label), err.details?.fieldErrors?.label, 400);
      }
      throw err;
    }
  });

  app.post<{ Params: { id: string } }>('/admin/etiquettes/:id/supprimer', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const r = await service.remove(user, Number(request.params.id));
    pushFlash(
      request,
      'success',
      `L’étiquette « ${r.label} » est supprimée${r.dossiers ? ` et retirée de ${r.dossiers} dossier${r.dossiers > 1 ? 's' : ''}` : ''}.`,
    );
    return reply.redirect(TAGS_PATH, 303);
  });

  app.post<{ Params: { uuid: string } }>('/signalements/:uuid/etiquettes', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const body = (request.body ?? {}) as Body;
    const back = `/bo/signalements/${encodeURIComponent(request.params.uuid)}`;
    try {
      const r = await service.setOnDossier(user, request.params.uuid, many(body.tags));
      pushFlash(
        request,
        'success',
        r.added || r.removed
          ? 'Les étiquettes du dossier sont enregistrées.'
          : 'Les étiquettes n’ont pas changé.',
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') pushFlash(request, 'error', err.message);
      else throw err;
    }
    return reply.redirect(back, 303);
  });
}
