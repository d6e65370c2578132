import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignalementFacts } from '../../domain/auto-affectation.ts';
import { PROCEDURES_SUSPECTEES } from '../../domain/competences.ts';
import { AppError, validation } from '../../infra/errors.ts';
import { pushFlash, takeFlashes } from '../../infra/flash.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import type { RuleRow } from './regles.repository.ts';
import { createReglesService, type RuleForm } from './regles.service.ts';
import { REGLES_PATH, RegleFormPage, ReglesPage } from './views/regles-page.tsx';
import { SIMULATEUR_PATH, SimulateurPage } from './views/simulateur-page.tsx';

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const LIMIT = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };
const isValidation = (e: unknown): e is AppError => e instanceof AppError && e.code === 'VALIDATION';
const territoireParam = (q: Body) => {
  const n = Number.parseInt(one(q.territoire), 10);
  return Number.isSafeInteger(n) ? n : undefined;
};
const clean = (body: Body): RuleForm => {
  const out: RuleForm = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf' || v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map((x) => x.slice(0, 5000)) : v.slice(0, 5000);
  }
  return out;
};
const valuesOf = (r: RuleRow): RuleForm => ({
  partnerType: r.partnerType,
  profileDeclarant: r.profileDeclarant,
  parc: r.parc,
  allocataire: r.allocataire,
  inseeToInclude: r.inseeToInclude.join(', '),
  inseeToExclude: r.inseeToExclude.join(', '),
  proceduresSuspectees: [...r.proceduresSuspectees],
  partnerToExclude: r.partnerToExclude.map(String),
  zonesToInclude: r.zonesToInclude.map(String),
  zonesToExclude: r.zonesToExclude.map(String),
  description: r.description ?? '',
});

/** Automatic assignment rules and simulator; registered inside the /bo scope (see app.ts). */
export function registerAdminRegles(app: FastifyInstance) {
  const service = createReglesService(app.deps);
  const db = app.deps.database.db;

  app.get<{ Querystring: Body }>('/admin/regles-affectation', async (request, reply) => {
    const user = agentUser(request);
    const data = await service.list(user, territoireParam(request.query));
    reply.header('cache-control', 'no-store');
    return reply.html(
      ReglesPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        ...data,
      }),
    );
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: { ruleId?: number; territoireId?: number },
    values: RuleForm | null,
    errors: Record<string, string>,
    status: number,
  ) => {
    const user = agentUser(request);
    const data = ctx.ruleId
      ? await service.forEdit(user, ctx.ruleId)
      : await service.forNew(user, ctx.territoireId);
    const initial = 'rule' in data ? valuesOf(data.rule as RuleRow) : {};
    reply.header('cache-control', 'no-store');
    return reply.html(
      RegleFormPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        territoire: data.territoire,
        partners: data.partners,
        zones: data.zones,
        ruleId: ctx.ruleId,
        values: values ?? initial,
        errors,
      }),
      status,
    );
  };

  app.get<{ Querystring: Body }>('/admin/regles-affectation/nouvelle', async (request, reply) =>
    renderForm(request, reply, { territoireId: territoireParam(request.query) }, null, {}, 200),
  );

  app.post('/admin/regles-affectation', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const body = (request.body ?? {}) as Body;
    const territoireId = Number(one(body.territoireId));
    const form = clean(body);
    try {
      const r = await service.create(user, territoireId, form);
      pushFlash(request, 'success', 'La règle est enregistrée.');
      return reply.redirect(`${REGLES_PATH}?territoire=${r.territoire.id}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        return renderForm(request, reply, { territoireId }, form, err.details?.fieldErrors ?? {}, 400);
      }
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/admin/regles-affectation/:id', async (request, reply) =>
    renderForm(request, reply, { ruleId: Number(request.params.id) }, null, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/admin/regles-affectation/:id', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const id = Number(request.params.id);
    const form = clean((request.body ?? {}) as Body);
    try {
      const r = await service.update(user, id, form);
      pushFlash(request, 'success', 'La règle est modifiée.');
      return reply.redirect(`${REGLES_PATH}?territoire=${r.territoire.id}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        return renderForm(request, reply, { ruleId: id }, form, err.details?.fieldErrors ?? {}, 400);
      }
      throw err;
    }
  });

  app.post<{ Params: { id: string } }>(
    '/admin/regles-affectation/:id/statut',
    LIMIT,
    async (request, reply) => {
      const r = await service.toggle(agentUser(request), Number(request.params.id));
      pushFlash(
        request,
        'success',
        r.status === 'ACTIVE' ? 'La règle est réactivée.' : 'La règle est archivée.',
      );
      return reply.redirect(`${REGLES_PATH}?territoire=${r.territoire.id}`, 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/admin/regles-affectation/:id/supprimer',
    LIMIT,
    async (request, reply) => {
      const r = await service.remove(agentUser(request), Number(request.params.id));
      pushFlash(request, 'success', 'La règle est supprimée.');
      return reply.redirect(`${REGLES_PATH}?territoire=${r.territoire.id}`, 303);
    },
  );

  // Simulator: a GET form (nothing changes), so the result can be bookmarked and works without JavaScript.
  app.get<{ Querystring: Body }>('/admin/simulateur', async (request, reply) => {
    const user = agentUser(request);
    const q = request.query;
    const territoires = await service.manageableTerritoires(user);
    const wanted = territoireParam(q);
    const territoire = wanted === undefined ? territoires[0] : territoires.find((t) => t.id === wanted);
    const values: Record<string, string | string[]> = {
      reference: one(q.reference).slice(0, 30),
      commune: one(q.commune).slice(0, 100),
      lat: one(q.lat).slice(0, 30),
      lng: one(q.lng).slice(0, 30),
      profileDeclarant: one(q.profileDeclarant),
      parc: one(q.parc),
      allocataire: one(q.allocataire),
      procedures: many(q.procedures).filter((p) => (PROCEDURES_SUSPECTEES as readonly string[]).includes(p)),
    };
    let errors: Record<string, string> = {};
    let outcome: Parameters<typeof SimulateurPage>[0]['outcome'];
    if (one(q.simuler) === '1' && territoire) {
      try {
        let facts: Partial<SignalementFacts> | undefined;
        if (!values.reference) {
          const errs: Record<string, string> = {};
          const num = (k: 'lat' | 'lng', min: number, max: number) => {
            const raw = (values[k] as string).replace(',', '.');
            if (!raw) return null;
            const n = Number(raw);
            if (!Number.isFinite(n) || n < min || n > max) {
              errs[k] =
                k === 'lat'
                  ? 'La latitude est un nombre entre -90 et 90.'
                  : 'La longitude est un nombre entre -180 et 180.';
              return null;
            }
            return n;
          };
          const lat = num('lat', -90, 90);
          const lng = num('lng', -180, 180);
          if ((lat === null) !== (lng === null) && !errs.lat && !errs.lng) {
            errs[lat === null ? 'lat' : 'lng'] = 'Indiquez la latitude et la longitude, ou aucune des deux.';
          }
          let insee: string | null = null;
          const commune = values.commune as string;
          if (!commune) errs.commune = 'Indiquez la commune du logement (code INSEE ou nom).';
          else {
            const c = await db
              .selectFrom('commune')
              .select(['codeInsee'])
              .where('territoireId', '=', territoire.id)
              .where((eb) =>
                /^\d[\dAB]\d{3}$/i.test(commune)
                  ? eb('codeInsee', '=', commune.toUpperCase())
                  : eb(eb.fn('lower', ['nom']), '=', commune.toLowerCase()),
              )
              .executeTakeFirst();
            if (!c) errs.commune = `Aucune commune « ${commune} » sur le territoire ${territoire.code}.`;
            else insee = c.codeInsee;
          }
          if (Object.keys(errs).length) throw validation('Simulation impossible.', errs);
          const parc = values.parc as string;
          facts = {
            insee,
            lat,
            lng,
            profileDeclarant: (values.profileDeclarant as string) || null,
            isLogementSocial: parc === 'public' ? true : parc === 'prive' ? false : null,
            isAllocataire: (values.allocataire as string) || null,
            procedures: values.procedures as string[],
          };
        }
        const r = await service.simulate(user, {
          territoireId: territoire.id,
          reference: (values.reference as string) || undefined,
          facts,
        });
        outcome = { facts: r.facts, reference: r.reference, result: r.result };
      } catch (err) {
        if (!isValidation(err)) throw err;
        errors = err.details?.fieldErrors ?? {};
      }
    }
    reply.header('cache-control', 'no-store');
    return reply.html(
      SimulateurPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        territoires,
        territoire,
        values,
        errors,
        outcome,
      }),
      Object.keys(errors).length ? 400 : 200,
    );
  });
}
export { SIMULATEUR_PATH };
