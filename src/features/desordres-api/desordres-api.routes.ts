import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { desordresCatalogue } from '../../domain/desordres.ts';
import { ALL_USAGER_CATEGORIES, plainPrecisionLabel, plainText } from '../../domain/desordres-form.ts';

/**
 * Public, read-only JSON of the désordres catalogue (the v2 catégories, critères and précisions), for partners and
 * for anyone who wants to know what the form asks and how it weighs. Labels are plain text (the catalogue's
 * précision labels carry HTML, which is removed). The catalogue only changes with a deployment: the body is built
 * once, cached by browsers and proxies for an hour and revalidated with its ETag.
 */

export const DESORDRES_API_PATH = '/api/public/desordres';
export const DESORDRES_API_CACHE_CONTROL = 'public, max-age=3600, must-revalidate';

export interface PublicDesordresCatalogue {
  categories: { label: string; appContext: string }[];
  usagerCategories: { slug: string; label: string; zone: string }[];
  criteres: {
    slug: string;
    label: string;
    zone: string;
    /** Usager-facing category (slug and label), as in the form. */
    categorieUsager: { slug: string; label: string };
    /** Back-office category label. */
    categorie: string;
    precisionLibre: string | null;
  }[];
  precisions: {
    slug: string;
    critere: string;
    label: string;
    coef: number;
    danger: boolean;
    insalubrite: boolean;
    suroccupation: boolean;
    qualifications: string[];
  }[];
}

export function buildPublicCatalogue(): PublicDesordresCatalogue {
  const usagerLabel = new Map(ALL_USAGER_CATEGORIES.map((c) => [c.slug, c.label]));
  return {
    categories: desordresCatalogue.categories.map((c) => ({ label: c.label, appContext: c.appContext })),
    usagerCategories: [
      ...ALL_USAGER_CATEGORIES.map((c) => ({ slug: c.slug, label: c.label, zone: c.zone })),
      {
        slug: 'desordres_type_composition_logement',
        label: 'Type et composition du logement',
        zone: 'LOGEMENT',
      },
    ],
    criteres: desordresCatalogue.criteres.map((c) => ({
      slug: c.slugCritere,
      label: plainText(c.labelCritere),
      zone: c.zoneCategorie,
      categorieUsager: {
        slug: c.slugCategorie,
        label: usagerLabel.get(c.slugCategorie) ?? plainText(c.labelCategorie),
      },
      categorie: c.categorieLabel,
      precisionLibre: c.precisionLibre ? plainText(c.precisionLibre.label) : null,
    })),
    precisions: desordresCatalogue.precisions.map((p) => ({
      slug: p.slug,
      critere: p.critereSlug,
      label: plainPrecisionLabel(p),
      coef: p.coef,
      danger: p.isDanger,
      insalubrite: p.isInsalubrite,
      suroccupation: p.isSuroccupation,
      qualifications: [...p.qualifications],
    })),
  };
}

export function registerDesordresApi(app: FastifyInstance) {
  const body = JSON.stringify(buildPublicCatalogue());
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

  app.get(DESORDRES_API_PATH, async (request, reply) => {
    reply
      .header('cache-control', DESORDRES_API_CACHE_CONTROL)
      .header('etag', etag)
      .header('vary', 'accept-encoding');
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
      return reply.status(304).send();
    }
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
