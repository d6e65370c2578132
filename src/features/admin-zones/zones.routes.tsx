import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, validation } from '../../infra/errors.ts';
import { pushFlash, takeFlashes } from '../../infra/flash.ts';
import { CSRF_PARAM } from '../../infra/multipart.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { ZONES_PATH, ZonePage, ZonesPage } from './views/zones-page.tsx';
import { CSV_MAX_BYTES, createZonesService, type ZoneInput } from './zones.service.ts';

type PartsOptions = NonNullable<Parameters<FastifyRequest['parts']>[0]> & { throwFileSizeLimit?: boolean };
type Query = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const LIMIT = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };
const isValidation = (e: unknown): e is AppError => e instanceof AppError && e.code === 'VALIDATION';
const territoireParam = (q: Query) => {
  const n = Number.parseInt(one(q.territoire), 10);
  return Number.isSafeInteger(n) ? n : undefined;
};

/**
 * Reads the zone form (multipart: text fields and an optional CSV file). The CSV is plain text, not an
 * image or PDF, so its part is read here with its own size limit instead of infra/uploads.ts.
 */
async function readZoneForm(request: FastifyRequest): Promise<ZoneInput> {
  if (!request.isMultipart()) {
    throw validation('Le formulaire n’a pas été envoyé correctement. Rechargez la page, puis réessayez.');
  }
  const fields: Record<string, string> = {};
  let csv: string | null = null;
  let csvError: string | null = null;
  // throwFileSizeLimit false: an oversized file is cut and flagged instead of aborting the request.
  const options: PartsOptions = { throwFileSizeLimit: false, limits: { fileSize: CSV_MAX_BYTES } };
  for await (const part of request.parts(options)) {
    if (part.type === 'field') {
      if (part.fieldname === CSRF_PARAM || typeof part.value !== 'string') continue;
      if (part.valueTruncated && part.fieldname === 'geometry') {
        csvError = null;
        fields.geometryTooLong = '1';
      }
      fields[part.fieldname] = part.value;
      continue;
    }
    const buffer = await part.toBuffer();
    if (part.fieldname !== 'csv' || (buffer.length === 0 && !part.filename)) continue;
    if (part.file.truncated) csvError = 'Ce fichier dépasse 5 Mo.';
    else if (buffer.includes(0)) csvError = 'Ce fichier n’est pas un fichier texte CSV.';
    else csv = buffer.toString('utf8');
  }
  if (fields.geometryTooLong && !csv) {
    csvError =
      'Ce contour est trop long pour être collé : envoyez-le dans un fichier CSV avec une colonne « WKT ».';
  }
  return {
    name: (fields.name ?? '').slice(0, 500),
    type: fields.type ?? '',
    geometry: fields.geometry ?? '',
    csv,
    csvError,
  };
}

/** Zones administration; registered inside the /bo scope (see app.ts). */
export function registerAdminZones(app: FastifyInstance) {
  const service = createZonesService(app.deps);

  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    territoireId: number | undefined,
    values: Record<string, string>,
    errors: Record<string, string>,
    status: number,
  ) => {
    const user = agentUser(request);
    const data = await service.list(user, territoireId);
    reply.header('cache-control', 'no-store');
    return reply.html(
      ZonesPage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        ...data,
        values,
        errors,
      }),
      status,
    );
  };

  const renderZone = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, string> | null,
    errors: Record<string, string>,
    status: number,
  ) => {
    const user = agentUser(request);
    const data = await service.get(user, id);
    reply.header('cache-control', 'no-store');
    return reply.html(
      ZonePage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        ...data,
        values: values ?? { name: data.zone.name, type: data.zone.type },
        errors,
      }),
      status,
    );
  };

  app.get<{ Querystring: Query }>('/admin/zones', async (request, reply) =>
    renderList(request, reply, territoireParam(request.query), {}, {}, 200),
  );

  app.post<{ Querystring: Query }>('/admin/zones', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const territoireId = territoireParam(request.query);
    let input: ZoneInput = { name: '', type: '', geometry: '' };
    try {
      input = await readZoneForm(request);
      const z = await service.create(user, territoireId, input);
      pushFlash(request, 'success', `La zone « ${z.name} » est ajoutée.`);
      return reply.redirect(`${ZONES_PATH}?territoire=${z.territoire.id}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        const values = { name: input.name, type: input.type, geometry: input.geometry.slice(0, 100_000) };
        return renderList(request, reply, territoireId, values, err.details?.fieldErrors ?? {}, 400);
      }
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/admin/zones/:id', async (request, reply) =>
    renderZone(request, reply, Number(request.params.id), null, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/admin/zones/:id', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const id = Number(request.params.id);
    let input: ZoneInput = { name: '', type: '', geometry: '' };
    try {
      input = await readZoneForm(request);
      const z = await service.update(user, id, input);
      pushFlash(request, 'success', `La zone « ${z.name} » est enregistrée.`);
      return reply.redirect(`${ZONES_PATH}/${id}`, 303);
    } catch (err) {
      if (isValidation(err)) {
        const values = { name: input.name, type: input.type, geometry: input.geometry.slice(0, 100_000) };
        return renderZone(request, reply, id, values, err.details?.fieldErrors ?? {}, 400);
      }
      throw err;
    }
  });

  app.post<{ Params: { id: string } }>('/admin/zones/:id/supprimer', LIMIT, async (request, reply) => {
    const user = agentUser(request);
    const id = Number(request.params.id);
    try {
      const z = await service.remove(user, id);
      pushFlash(request, 'success', `La zone « ${z.name} » est supprimée.`);
      return reply.redirect(`${ZONES_PATH}?territoire=${z.territoire.id}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') {
        pushFlash(request, 'error', err.message);
        return reply.redirect(`${ZONES_PATH}/${id}`, 303);
      }
      throw err;
    }
  });
}
