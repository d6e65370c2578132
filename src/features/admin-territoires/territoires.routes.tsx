import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../infra/errors.ts';
import { pushFlash, takeFlashes } from '../../infra/flash.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { createTerritoiresService, type TerritoireForm, TIMEZONES } from './territoires.service.ts';
import { TERRITOIRES_PATH, TerritoireEditPage, TerritoiresPage } from './views/territoires-page.tsx';

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const LIMIT = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };

/** Territories administration (super admins); registered inside the /bo scope (see app.ts). */
export function registerAdminTerritoires(app: FastifyInstance) {
  const service = createTerritoiresService(app.deps);

  app.get('/admin/territoires', async (request, reply) => {
    const user = agentUser(request);
    const territoires = await service.list(user);
    reply.header('cache-control', 'no-store');
    return reply.html(
      TerritoiresPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        territoires,
      }),
    );
  });

  const renderEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: TerritoireForm | null,
    errors: Record<string, string>,
    status: number,
  ) => {
    const user = agentUser(request);
    const t = await service.get(user, id);
    reply.header('cache-control', 'no-store');
    return reply.html(
      TerritoireEditPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        territoire: t,
        timezones: TIMEZONES,
        values: values ?? {
          isActive: t.isActive,
          isAutoAffectationEnabled: t.isAutoAffectationEnabled,
          authorizedCodesInsee: (t.authorizedCodesInsee ?? []).join(', '),
          timezone: t.timezone,
        },
        errors,
      }),
      status,
    );
  };

  app.get<{ Params: { id: string } }>('/admin/territoires/:id', async (request, reply) =>
    renderEdit(request, reply, Number(request.params.id), null, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/admin/territoires/:id', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const id = Number(request.params.id);
    const body = (request.body ?? {}) as Body;
    const form: TerritoireForm = {
      isActive: one(body.isActive) === '1',
      isAutoAffectationEnabled: one(body.isAutoAffectationEnabled) === '1',
      authorizedCodesInsee: one(body.authorizedCodesInsee).slice(0, 20_000),
      timezone: one(body.timezone),
    };
    try {
      const t = await service.update(user, id, form);
      pushFlash(request, 'success', `Le territoire ${t.code} – ${t.nom} est enregistré.`);
      return reply.redirect(TERRITOIRES_PATH, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') {
        return renderEdit(request, reply, id, form, err.details?.fieldErrors ?? {}, 400);
      }
      throw err;
    }
  });
}
