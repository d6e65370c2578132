import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defaultCompetences, isPartnerType } from '../../domain/competences.ts';
import { AppError, validation } from '../../infra/errors.ts';
import { pushFlash, takeFlashes } from '../../infra/flash.ts';
import { pageHrefFor } from '../../ui/dsfr/pagination.tsx';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import {
  createPartenairesService,
  type FormValues,
  many,
  one,
  PAGE_SIZE,
  type PartnerView,
} from './partenaires.service.ts';
import { PARTNERS_PATH, PartnerFormPage, PartnerListPage, partnerPath } from './views/partenaires-pages.tsx';

type Params = { uuid: string };

/** The stored partner as form values (tokens are never among them). */
function valuesOf({ partner, epciIds, zones }: PartnerView): FormValues {
  return {
    nom: partner.nom,
    type: partner.type,
    territoireId: partner.territoireId ? String(partner.territoireId) : '',
    email: partner.email ?? '',
    emailNotifiable: partner.emailNotifiable ? '1' : '',
    competences: partner.competences,
    insee: partner.insee.join(', '),
    epci: epciIds.map(String),
    zones: zones.zoneIds.map(String),
    zonesExclues: zones.excludedZoneIds.map(String),
    esaboraUrl: partner.esaboraUrl ?? '',
    isEsaboraActive: partner.isEsaboraActive ? '1' : '',
    idossUrl: partner.idossUrl ?? '',
    isIdossActive: partner.isIdossActive ? '1' : '',
  };
}
const isValidation = (e: unknown): e is AppError => e instanceof AppError && e.code === 'VALIDATION';
const LIMIT = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };

/** Partner administration, registered inside the /bo scope (see app.ts). */
export function registerAdminPartenaires(app: FastifyInstance) {
  const service = createPartenairesService(app.deps);

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/admin/partenaires',
    async (request, reply) => {
      const user = agentUser(request);
      const q = request.query;
      const territoireId = Number.parseInt(one(q.territoire), 10) || undefined;
      const page = Math.max(1, Math.min(10_000, Number.parseInt(one(q.page), 10) || 1));
      const filters = {
        territoireId,
        type: one(q.type) || undefined,
        q: one(q.q) || undefined,
        archives: one(q.archives) === '1',
        page,
      };
      const result = await service.list(user, filters);
      const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
      reply.header('cache-control', 'no-store');
      return reply.html(
        PartnerListPage({
          user: userView(user),
          csrfToken: reply.generateCsrf(),
          flashes: takeFlashes(request),
          isSuperAdmin: user.role === 'ROLE_ADMIN',
          filters,
          territoires: result.territoires,
          rows: result.rows,
          total: result.total,
          page,
          pageCount,
          hrefFor: pageHrefFor(request.url),
        }),
      );
    },
  );

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    mode: 'create' | 'edit',
    values: FormValues,
    errors: Record<string, string>,
    status: number,
    uuid?: string,
  ) => {
    const user = agentUser(request);
    const existing = uuid ? await service.get(user, uuid) : undefined;
    const territoireId =
      Number.parseInt(one(values.territoireId), 10) || existing?.partner.territoireId || undefined;
    const data = await service.formData(user, territoireId);
    reply.header('cache-control', 'no-store');
    return reply.html(
      PartnerFormPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        mode,
        uuid,
        isArchive: existing?.partner.isArchive,
        values,
        errors,
        territoires: data.territoires,
        epcis: data.epcis,
        zones: data.zones,
        stored: {
          esaboraToken: !!existing?.partner.esaboraToken,
          idossToken: !!existing?.partner.idossToken,
        },
      }),
      status,
    );
  };

  app.get<{ Querystring: { type?: string } }>('/admin/partenaires/nouveau', async (request, reply) => {
    const user = agentUser(request);
    const type = one(request.query.type);
    const data = await service.formData(user);
    const values: FormValues = {
      type,
      territoireId: data.territoires.length === 1 ? String(data.territoires[0]!.id) : '',
      competences: isPartnerType(type) ? defaultCompetences(type) : [],
    };
    return renderForm(request, reply, 'create', values, {}, 200);
  });

  app.post('/admin/partenaires/nouveau', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const body = (request.body ?? {}) as FormValues;
    try {
      const uuid = await service.create(user, body);
      pushFlash(request, 'success', `Le partenaire « ${one(body.nom)} » est créé.`);
      return reply.redirect(partnerPath(uuid), 303);
    } catch (err) {
      if (isValidation(err))
        return renderForm(request, reply, 'create', body, err.details?.fieldErrors ?? {}, 400);
      throw err;
    }
  });

  app.get<{ Params: Params }>('/admin/partenaires/:uuid', async (request, reply) => {
    const user = agentUser(request);
    const values = valuesOf(await service.get(user, request.params.uuid));
    return renderForm(request, reply, 'edit', values, {}, 200, request.params.uuid);
  });

  app.post<{ Params: Params }>('/admin/partenaires/:uuid', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const body = (request.body ?? {}) as FormValues;
    try {
      await service.update(user, request.params.uuid, body);
      pushFlash(request, 'success', 'Les modifications du partenaire sont enregistrées.');
      return reply.redirect(partnerPath(request.params.uuid), 303);
    } catch (err) {
      if (isValidation(err)) {
        // Tokens are never sent back to the page.
        const values = {
          ...body,
          esaboraToken: undefined,
          idossToken: undefined,
          competences: many(body.competences),
        };
        return renderForm(
          request,
          reply,
          'edit',
          values,
          err.details?.fieldErrors ?? {},
          400,
          request.params.uuid,
        );
      }
      throw err;
    }
  });

  app.post<{ Params: Params }>('/admin/partenaires/:uuid/archiver', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const body = (request.body ?? {}) as FormValues;
    try {
      if (one(body.confirm) !== '1') {
        await service.get(user, request.params.uuid); // 404/403 first
        throw validation('Confirmation manquante.', {
          confirm: 'Cochez la case pour confirmer l’archivage.',
        });
      }
      const r = await service.archive(user, request.params.uuid);
      pushFlash(
        request,
        'success',
        `Le partenaire « ${r.nom} » est archivé : ${r.archived.length} compte(s) archivé(s), ${r.detached.length} détaché(s), ${r.affectationsRemoved} affectation(s) en attente retirée(s).`,
      );
      return reply.redirect(PARTNERS_PATH, 303);
    } catch (err) {
      if (isValidation(err)) {
        const values = valuesOf(await service.get(user, request.params.uuid));
        return renderForm(
          request,
          reply,
          'edit',
          values,
          err.details?.fieldErrors ?? {},
          400,
          request.params.uuid,
        );
      }
      throw err;
    }
  });
}
