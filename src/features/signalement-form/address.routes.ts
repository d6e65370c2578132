import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validation } from '../../infra/errors.ts';
import type { GeocodeResult } from '../../infra/geocoder.ts';

/**
 * Address suggestions for the public form's autocomplete (src/client/address-autocomplete.island.ts).
 * Our own endpoint in front of the Base Adresse Nationale: the browser never calls a third party (CSP
 * `connect-src 'self'`), and when the BAN is down the geocoder's fallback (communes table) or an empty list
 * still answers 200, so the person simply types the address in the fields below.
 */

export interface AddressSuggestion {
  label: string;
  /** Numéro et voie ("8 Boulevard du Port"); empty for a commune-only result. */
  numero: string;
  codePostal: string;
  commune: string;
  insee: string;
  banId: string | null;
  lat: number | null;
  lng: number | null;
}

export const ADDRESS_SEARCH_PATH = '/api/adresse/recherche';
export const ADDRESS_SEARCH_LIMIT = 8;

const querySchema = z.object({
  q: z
    .string({ error: 'Saisissez une adresse à rechercher.' })
    .trim()
    .min(3, 'Saisissez au moins 3 caractères pour rechercher une adresse.')
    .max(200, 'Cette adresse est trop longue : 200 caractères au maximum.'),
  cp: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'Le code postal doit comporter 5 chiffres.')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export function toSuggestion(r: GeocodeResult): AddressSuggestion {
  const numero =
    r.type === 'municipality' || r.type === 'locality'
      ? ''
      : (r.name ?? [r.housenumber, r.street].filter(Boolean).join(' '));
  return {
    label: r.label,
    numero,
    codePostal: r.postcode,
    commune: r.city,
    insee: r.citycode,
    banId: r.banId,
    lat: r.lat,
    lng: r.lng,
  };
}

export function registerAddressRoutes(app: FastifyInstance) {
  app.get(
    ADDRESS_SEARCH_PATH,
    { config: { rateLimit: { max: 120, timeWindow: 60_000 } } },
    async (request, reply) => {
      const parsed = querySchema.safeParse(request.query ?? {});
      if (!parsed.success) {
        throw validation(parsed.error.issues[0]?.message ?? 'Recherche d’adresse invalide.');
      }
      const { q, cp } = parsed.data;
      let results: GeocodeResult[] = [];
      let degraded = false;
      const geocoder = app.deps.geocoder;
      if (geocoder) {
        try {
          results = await geocoder.search(q, { limit: ADDRESS_SEARCH_LIMIT, postcode: cp });
        } catch (err) {
          // Never an error page for a suggestion list: the fields can always be filled by hand.
          request.log.warn({ err: (err as Error).message }, 'Recherche d’adresse en échec');
          degraded = true;
        }
      } else {
        degraded = true;
      }
      const suggestions = results.slice(0, ADDRESS_SEARCH_LIMIT).map(toSuggestion);
      degraded ||= results.some((r) => r.source === 'fallback');
      // Fallback answers are cached briefly so that real suggestions come back soon after the BAN does.
      reply.header('cache-control', `private, max-age=${degraded ? 30 : 300}`);
      return reply.send(suggestions);
    },
  );
}
