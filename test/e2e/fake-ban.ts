/**
 * A local stand-in for the Base Adresse Nationale (no internet in tests): answers GET /search/ with GeoJSON
 * shaped like the real service (coordinates [lon, lat]), for a few known addresses. `down = true` makes it
 * answer 503, as when the service is unavailable.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBanAddress {
  housenumber?: string;
  street: string;
  postcode: string;
  citycode: string;
  city: string;
  context: string;
  lon: number;
  lat: number;
  /** Words of a query that find this address (lower case). */
  keywords: string[];
}

export const BAN_ADDRESSES: FakeBanAddress[] = [
  {
    housenumber: '8',
    street: 'Boulevard du Port',
    postcode: '13002',
    citycode: '13202',
    city: 'Marseille',
    context: "13, Bouches-du-Rhône, Provence-Alpes-Côte d'Azur",
    lon: 5.366912,
    lat: 43.309475,
    keywords: ['port'],
  },
  {
    housenumber: '15',
    street: 'Rue de la République',
    postcode: '13002',
    citycode: '13202',
    city: 'Marseille',
    context: "13, Bouches-du-Rhône, Provence-Alpes-Côte d'Azur",
    lon: 5.372611,
    lat: 43.300122,
    keywords: ['republique', 'république'],
  },
  {
    housenumber: '12',
    street: 'Rue de Rivoli',
    postcode: '75004',
    citycode: '75104',
    city: 'Paris',
    context: '75, Paris, Île-de-France',
    lon: 2.356433,
    lat: 48.855847,
    keywords: ['rivoli'],
  },
];

function feature(a: FakeBanAddress, i: number) {
  const name = a.housenumber ? `${a.housenumber} ${a.street}` : a.street;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
    properties: {
      label: `${name} ${a.postcode} ${a.city}`,
      score: 0.95 - i * 0.1,
      ...(a.housenumber ? { housenumber: a.housenumber } : {}),
      id: `${a.citycode}_${1000 + i}_${(a.housenumber ?? '').padStart(5, '0')}`,
      name,
      postcode: a.postcode,
      citycode: a.citycode,
      city: a.city,
      context: a.context,
      type: a.housenumber ? 'housenumber' : 'street',
      importance: 0.6,
      street: a.street,
    },
  };
}

export interface FakeBan {
  url: string;
  down: boolean;
  queries: string[];
  close(): Promise<void>;
}

export async function startFakeBan(): Promise<FakeBan> {
  const state = { down: false, queries: [] as string[] };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (state.down) return json(503, { code: 503, message: 'Service unavailable' });
    if (url.pathname !== '/search/') return json(404, { code: 404, message: 'Not found' });
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    state.queries.push(q);
    const found = BAN_ADDRESSES.filter((a) => a.keywords.some((k) => q.includes(k)));
    json(200, {
      type: 'FeatureCollection',
      version: 'draft',
      features: found.map(feature),
      attribution: 'BAN',
      licence: 'ETALAB-2.0',
      query: q,
      limit: Number(url.searchParams.get('limit') ?? 5),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    queries: state.queries,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
