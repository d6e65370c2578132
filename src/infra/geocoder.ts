import { z } from 'zod';
import type { Config } from '../config.ts';

/**
 * Address search on the Base Adresse Nationale (IGN Géoplateforme, formerly api-adresse.data.gouv.fr; both
 * speak the same GeoJSON). When the service cannot answer, a degraded search on our own communes table keeps
 * the public form usable: the usager can still pick the commune from the postcode and type the street.
 */

export type GeocodeType = 'housenumber' | 'street' | 'municipality' | 'locality';

export interface GeocodeResult {
  label: string;
  housenumber?: string;
  /** Street name without the number (BAN `street`, or `name` for a street-level result). */
  street?: string;
  /** BAN `name`: number and street for an address ("8 Boulevard du Port"). */
  name?: string;
  postcode: string;
  city: string;
  /** INSEE code of the commune. */
  citycode: string;
  /** "13, Bouches-du-Rhône, Provence-Alpes-Côte d'Azur" */
  context?: string;
  /** BAN identifier (interoperability key); null for results of the offline fallback. */
  banId: string | null;
  lat: number | null;
  lng: number | null;
  /** 0–1 relevance from the BAN; 0 for fallback results, which are not ranked. */
  score: number;
  type: GeocodeType;
  source: 'ban' | 'fallback';
}

export interface SearchOptions {
  limit?: number;
  postcode?: string;
  citycode?: string;
  type?: 'housenumber' | 'street' | 'municipality';
  /** Position bias (e.g. the territory's centre). */
  lat?: number;
  lon?: number;
}

export interface Geocoder {
  search(q: string, opts?: SearchOptions): Promise<GeocodeResult[]>;
  reverse?(lat: number, lon: number): Promise<GeocodeResult | null>;
}

/** Looks communes up by postcode (or free text) in our own table; implemented by the app. */
export type CommuneLookup = (
  postcodeOrQuery: string,
) => Promise<{ codeInsee: string; codePostal: string; nom: string }[]>;

/** Only what we log: never the address itself (personal data). */
export interface GeocoderLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

const silentLogger: GeocoderLogger = { debug() {}, warn() {} };

const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const featureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({
    type: z.literal('Point'),
    coordinates: z.tuple([z.number(), z.number()]).rest(z.number()),
  }),
  properties: z.object({
    label: z.string().min(1),
    score: z.number(),
    id: z.string().min(1),
    type: z.enum(['housenumber', 'street', 'municipality', 'locality']),
    name: optionalText,
    housenumber: optionalText,
    street: optionalText,
    postcode: z.string().regex(/^\d{5}$/),
    citycode: z.string().regex(/^(\d{5}|2[AB]\d{3})$/),
    city: z.string().min(1),
    context: optionalText,
  }),
});

const collectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
});

class Unavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const POSTCODE_IN_TEXT = /(?:^|\D)(\d{5})(?!\d)/;

export class BanGeocoder implements Geocoder {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly logger: GeocoderLogger;

  constructor(
    config: Config['geocoder'],
    private readonly lookupCommunes: CommuneLookup,
    opts: { logger?: GeocoderLogger } = {},
  ) {
    this.url = config.url.replace(/\/$/, '');
    this.timeoutMs = config.timeoutMs;
    this.logger = opts.logger ?? silentLogger;
  }

  async search(q: string, opts: SearchOptions = {}): Promise<GeocodeResult[]> {
    const query = q.trim().replace(/\s+/g, ' ');
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 5), 1), 20);
    // The BAN refuses (400) queries shorter than 3 characters or not starting with a letter or digit.
    if (query.length < 3 || !/^[\p{L}\p{N}]/u.test(query) || query.length > 200) return [];

    const params = new URLSearchParams({ q: query, limit: String(limit) });
    if (opts.postcode) params.set('postcode', opts.postcode);
    if (opts.citycode) params.set('citycode', opts.citycode);
    if (opts.type) params.set('type', opts.type);
    if (opts.lat !== undefined && opts.lon !== undefined) {
      params.set('lat', String(opts.lat));
      params.set('lon', String(opts.lon));
    }
    try {
      return (await this.request('search', params)).slice(0, limit);
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      this.logger.warn(
        { reason: err.reason },
        'Géocodage BAN indisponible : recherche de secours par commune',
      );
      return this.fallback(query, opts, limit);
    }
  }

  async reverse(lat: number, lon: number): Promise<GeocodeResult | null> {
    const params = new URLSearchParams({ lat: String(lat), lon: String(lon), limit: '1' });
    try {
      return (await this.request('reverse', params))[0] ?? null;
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      this.logger.warn({ reason: err.reason }, 'Géocodage inverse BAN indisponible');
      return null;
    }
  }

  private async request(endpoint: 'search' | 'reverse', params: URLSearchParams): Promise<GeocodeResult[]> {
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(`${this.url}/${endpoint}/?${params}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error).name;
      throw new Unavailable(name === 'TimeoutError' ? 'timeout' : 'network');
    }
    const durationMs = Date.now() - started;
    // 429: the Géoplateforme caps each client at 50 requests/s; treat as a temporary outage.
    if (res.status >= 500 || res.status === 429) {
      await res.body?.cancel();
      throw new Unavailable(`http ${res.status}`);
    }
    if (!res.ok) {
      // A 4xx is our query's fault (e.g. odd characters): no result, nothing to fall back to.
      await res.body?.cancel();
      this.logger.warn({ endpoint, status: res.status, durationMs }, 'Géocodage BAN : requête refusée');
      return [];
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new Unavailable((err as Error).name === 'TimeoutError' ? 'timeout' : 'invalid json');
    }
    const collection = collectionSchema.safeParse(body);
    if (!collection.success) throw new Unavailable('unexpected body');
    const results: GeocodeResult[] = [];
    for (const raw of collection.data.features) {
      const f = featureSchema.safeParse(raw);
      if (f.success) results.push(fromFeature(f.data));
    }
    // Features present but none readable: the format changed under us, which is an outage for our purpose.
    if (collection.data.features.length > 0 && results.length === 0)
      throw new Unavailable('unexpected features');
    this.logger.debug({ endpoint, status: res.status, durationMs, count: results.length }, 'Géocodage BAN');
    return results;
  }

  private async fallback(query: string, opts: SearchOptions, limit: number): Promise<GeocodeResult[]> {
    const postcode = opts.postcode ?? POSTCODE_IN_TEXT.exec(query)?.[1];
    let communes: Awaited<ReturnType<CommuneLookup>>;
    try {
      communes = await this.lookupCommunes(postcode ?? query);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'Recherche de secours par commune en échec');
      return [];
    }
    return communes
      .filter((c) => !opts.citycode || c.codeInsee === opts.citycode)
      .slice(0, limit)
      .map((c) => ({
        label: `${c.codePostal} ${c.nom}`,
        postcode: c.codePostal,
        city: c.nom,
        citycode: c.codeInsee,
        banId: null,
        lat: null,
        lng: null,
        score: 0,
        type: 'municipality' as const,
        source: 'fallback' as const,
      }));
  }
}

function fromFeature(f: z.infer<typeof featureSchema>): GeocodeResult {
  const p = f.properties;
  const [lng, lat] = f.geometry.coordinates;
  return {
    label: p.label,
    housenumber: p.housenumber,
    street: p.street ?? (p.type === 'street' ? p.name : undefined),
    name: p.name,
    postcode: p.postcode,
    city: p.city,
    citycode: p.citycode,
    context: p.context,
    banId: p.id,
    lat,
    lng,
    score: p.score,
    type: p.type,
    source: 'ban',
  };
}

export function createGeocoder(
  config: Config['geocoder'],
  lookupCommunes: CommuneLookup,
  opts: { logger?: GeocoderLogger } = {},
): Geocoder {
  return new BanGeocoder(config, lookupCommunes, opts);
}
