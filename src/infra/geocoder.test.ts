import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type CommuneLookup, createGeocoder, type GeocoderLogger } from './geocoder.ts';

// Shaped like a real answer of GET /search/?q=8+bd+du+Port+13002+Marseille&limit=3 (BAN GeoJSON, coordinates
// [lon, lat]); values are illustrative.
const SEARCH_SAMPLE = {
  type: 'FeatureCollection',
  version: 'draft',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5.366912, 43.309475] },
      properties: {
        label: '8 Boulevard du Port 13002 Marseille',
        score: 0.9612345454545455,
        housenumber: '8',
        id: '13202_1234_00008',
        name: '8 Boulevard du Port',
        postcode: '13002',
        citycode: '13202',
        x: 892512.37,
        y: 6246821.9,
        city: 'Marseille',
        district: 'Marseille 2e Arrondissement',
        context: "13, Bouches-du-Rhône, Provence-Alpes-Côte d'Azur",
        type: 'housenumber',
        importance: 0.67341,
        street: 'Boulevard du Port',
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5.367201, 43.309903] },
      properties: {
        label: 'Boulevard du Port 13002 Marseille',
        score: 0.7131818181818181,
        id: '13202_1234',
        name: 'Boulevard du Port',
        postcode: '13002',
        citycode: '13202',
        x: 892535.1,
        y: 6246869.2,
        city: 'Marseille',
        district: 'Marseille 2e Arrondissement',
        context: "13, Bouches-du-Rhône, Provence-Alpes-Côte d'Azur",
        type: 'street',
        importance: 0.65412,
      },
    },
    {
      // A result in a shape we do not understand is skipped, not fatal.
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5.37, 43.3] },
      properties: { label: 'Port', score: 0.3, type: 'poi' },
    },
  ],
  attribution: 'BAN',
  licence: 'ETALAB-2.0',
  query: '8 bd du Port 13002 Marseille',
  filters: { postcode: '13002' },
  limit: 3,
};

const REVERSE_SAMPLE = {
  type: 'FeatureCollection',
  version: 'draft',
  features: [SEARCH_SAMPLE.features[0]],
  attribution: 'BAN',
  licence: 'ETALAB-2.0',
  limit: 1,
};

type Mode = 'ok' | 'slow' | 'error500' | 'badjson' | 'wrongshape' | 'error400' | 'ratelimited';

const communes: CommuneLookup = async (postcodeOrQuery) => {
  lookups.push(postcodeOrQuery);
  if (postcodeOrQuery === '13002') return [{ codeInsee: '13202', codePostal: '13002', nom: 'Marseille' }];
  if (postcodeOrQuery === '69001') return [{ codeInsee: '69381', codePostal: '69001', nom: 'Lyon' }];
  if (postcodeOrQuery === '01000') {
    return [
      { codeInsee: '01053', codePostal: '01000', nom: 'Bourg-en-Bresse' },
      { codeInsee: '01344', codePostal: '01000', nom: 'Saint-Denis-lès-Bourg' },
    ];
  }
  return [];
};
let lookups: string[] = [];

describe('BAN geocoder', () => {
  let server: Server;
  let baseUrl: string;
  let mode: Mode = 'ok';
  let requests: URL[] = [];
  const logs: { level: string; obj: object; msg?: string }[] = [];
  const logger: GeocoderLogger = {
    debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
  };
  const geocoder = () => createGeocoder({ url: baseUrl, timeoutMs: 300 }, communes, { logger });

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push(url);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      switch (mode) {
        case 'slow':
          setTimeout(() => json(200, SEARCH_SAMPLE), 1500).unref();
          return;
        case 'error500':
          return json(500, { code: 500, message: 'Internal server error' });
        case 'ratelimited':
          res.writeHead(429, { 'content-type': 'text/html' });
          return res.end('<html><body>Too Many Requests</body></html>');
        case 'badjson':
          return json(200, '{"type":"FeatureCollection","features":[{"type":');
        case 'wrongshape':
          return json(200, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {} }] });
        case 'error400':
          return json(400, { code: 400, message: 'q must contain between 3 and 200 chars' });
      }
      if (url.pathname === '/search/') return json(200, SEARCH_SAMPLE);
      if (url.pathname === '/reverse/') return json(200, REVERSE_SAMPLE);
      json(404, { code: 404, message: 'Not found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    mode = 'ok';
    requests = [];
    lookups = [];
    logs.length = 0;
  });

  test('maps the BAN answer to typed results and passes the filters', async () => {
    const results = await geocoder().search('  8 bd du Port   13002 Marseille ', {
      limit: 3,
      postcode: '13002',
      type: 'housenumber',
      lat: 43.3,
      lon: 5.37,
    });
    assert.equal(requests.length, 1);
    const sent = requests[0]!;
    assert.equal(sent.pathname, '/search/');
    assert.equal(sent.searchParams.get('q'), '8 bd du Port 13002 Marseille');
    assert.equal(sent.searchParams.get('limit'), '3');
    assert.equal(sent.searchParams.get('postcode'), '13002');
    assert.equal(sent.searchParams.get('type'), 'housenumber');
    assert.equal(sent.searchParams.get('lat'), '43.3');
    assert.equal(sent.searchParams.get('lon'), '5.37');

    assert.equal(results.length, 2);
    assert.deepEqual(results[0], {
      label: '8 Boulevard du Port 13002 Marseille',
      housenumber: '8',
      street: 'Boulevard du Port',
      name: '8 Boulevard du Port',
      postcode: '13002',
      city: 'Marseille',
      citycode: '13202',
      context: "13, Bouches-du-Rhône, Provence-Alpes-Côte d'Azur",
      banId: '13202_1234_00008',
      lat: 43.309475,
      lng: 5.366912,
      score: 0.9612345454545455,
      type: 'housenumber',
      source: 'ban',
    });
    assert.equal(results[1]!.type, 'street');
    assert.equal(results[1]!.street, 'Boulevard du Port');
    assert.equal(results[1]!.housenumber, undefined);
    assert.deepEqual(lookups, []);
  });

  test('queries the BAN refuses are not sent', async () => {
    assert.deepEqual(await geocoder().search('8 '), []);
    assert.deepEqual(await geocoder().search('--- rue'), []);
    assert.equal(requests.length, 0);
  });

  test('a 4xx answer means no result, without fallback', async () => {
    mode = 'error400';
    assert.deepEqual(await geocoder().search('8 bd du Port 13002 Marseille'), []);
    assert.deepEqual(lookups, []);
  });

  for (const [m, reason] of [
    ['error500', 'http 500'],
    ['ratelimited', 'http 429'],
    ['badjson', 'invalid json'],
    ['wrongshape', 'unexpected features'],
    ['slow', 'timeout'],
  ] as const) {
    test(`falls back on the communes table when the BAN answers ${m}`, async () => {
      mode = m;
      const started = Date.now();
      const results = await geocoder().search('8 bd du Port 13002 Marseille');
      assert.ok(Date.now() - started < 1200, 'the timeout is honoured');
      assert.deepEqual(lookups, ['13002']);
      assert.deepEqual(results, [
        {
          label: '13002 Marseille',
          postcode: '13002',
          city: 'Marseille',
          citycode: '13202',
          banId: null,
          lat: null,
          lng: null,
          score: 0,
          type: 'municipality',
          source: 'fallback',
        },
      ]);
      assert.ok(logs.some((l) => l.level === 'warn' && (l.obj as { reason?: string }).reason === reason));
    });
  }

  test('fallback when the service is unreachable, with postcode option, citycode filter and limit', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const g = createGeocoder({ url: `http://127.0.0.1:${port}`, timeoutMs: 300 }, communes, { logger });

    assert.deepEqual(
      (await g.search('rue de la République', { postcode: '69001' })).map((r) => r.citycode),
      ['69381'],
    );
    assert.deepEqual(
      (await g.search('01000')).map((r) => r.city),
      ['Bourg-en-Bresse', 'Saint-Denis-lès-Bourg'],
    );
    assert.deepEqual((await g.search('01000', { limit: 1 })).length, 1);
    assert.deepEqual(
      (await g.search('place 01000 Bourg', { citycode: '01344' })).map((r) => r.city),
      ['Saint-Denis-lès-Bourg'],
    );
    // No postcode in the text: the lookup gets the text itself; ours finds nothing.
    assert.deepEqual(await g.search('Marseille'), []);
    assert.equal(lookups.at(-1), 'Marseille');
    // A 6-digit number is not a postcode.
    await g.search('130021 rue');
    assert.equal(lookups.at(-1), '130021 rue');
  });

  test('a failing lookup degrades to no result', async () => {
    mode = 'error500';
    const g = createGeocoder(
      { url: baseUrl, timeoutMs: 300 },
      async () => {
        throw new Error('base indisponible');
      },
      { logger },
    );
    assert.deepEqual(await g.search('8 bd du Port 13002 Marseille'), []);
  });

  test('reverse geocoding returns the nearest address, null when unavailable', async () => {
    const g = geocoder();
    const r = await g.reverse!(43.3095, 5.3669);
    assert.equal(requests[0]!.pathname, '/reverse/');
    assert.equal(requests[0]!.searchParams.get('lat'), '43.3095');
    assert.equal(r?.banId, '13202_1234_00008');
    mode = 'error500';
    assert.equal(await g.reverse!(43.3095, 5.3669), null);
  });

  test('logs never contain the searched address', async () => {
    await geocoder().search('8 bd du Port 13002 Marseille');
    mode = 'error500';
    await geocoder().search('8 bd du Port 13002 Marseille');
    assert.ok(logs.length >= 2);
    const text = JSON.stringify(logs);
    assert.doesNotMatch(text, /Port/);
    assert.doesNotMatch(text, /13002/);
  });
});
