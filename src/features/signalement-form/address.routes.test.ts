import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import type { AddressSuggestion } from './address.routes.ts';

// A fake BAN (same GeoJSON shape as the real service; values illustrative).
const BAN_ANSWER = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5.366912, 43.309475] },
      properties: {
        label: '8 Boulevard du Port 13002 Marseille',
        score: 0.96,
        housenumber: '8',
        id: '13202_1234_00008',
        name: '8 Boulevard du Port',
        postcode: '13002',
        citycode: '13202',
        city: 'Marseille',
        context: "13, Bouches-du-Rhône, Provence-Alpes-Côte d'Azur",
        type: 'housenumber',
        street: 'Boulevard du Port',
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5.367201, 43.309903] },
      properties: {
        label: 'Boulevard du Port 13002 Marseille',
        score: 0.71,
        id: '13202_1234',
        name: 'Boulevard du Port',
        postcode: '13002',
        citycode: '13202',
        city: 'Marseille',
        type: 'street',
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5.38, 43.29] },
      properties: {
        label: 'Marseille',
        score: 0.5,
        id: '13055',
        name: 'Marseille',
        postcode: '13001',
        citycode: '13055',
        city: 'Marseille',
        type: 'municipality',
      },
    },
  ],
};

let server: Server;
let requests: URL[] = [];
let mode: 'ok' | 'down' | 'many' | 'unreachable' = 'ok';

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    if (mode === 'unreachable') {
      // Connection dropped without an answer, as when the service cannot be reached.
      req.socket.destroy();
      return;
    }
    if (mode === 'down') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      return res.end('maintenance');
    }
    const features =
      mode === 'many'
        ? Array.from({ length: 12 }, (_, i) => ({
            ...BAN_ANSWER.features[0],
            properties: { ...BAN_ANSWER.features[0]!.properties, id: `13202_1234_${i}`, housenumber: `${i}` },
          }))
        : BAN_ANSWER.features;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'FeatureCollection', features }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  requests = [];
  mode = 'ok';
});

let ipCounter = 1;
const nextIp = () => `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

describe('GET /api/adresse/recherche', () => {
  let ctx: TestContext;
  before(async () => {
    const port = (server.address() as AddressInfo).port;
    ctx = await createTestApp({ env: { GEOCODER_URL: `http://127.0.0.1:${port}` } });
  });
  after(async () => {
    await ctx.close();
  });
  const search = (query: string, ip = nextIp()) =>
    ctx.app.inject({ method: 'GET', url: `/api/adresse/recherche?${query}`, remoteAddress: ip });

  test('returns suggestions in our shape, cacheable privately', async () => {
    const res = await search(`q=${encodeURIComponent('8 bd du port marseille')}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.equal(res.headers['cache-control'], 'private, max-age=300');
    const body = res.json() as AddressSuggestion[];
    assert.deepEqual(body[0], {
      label: '8 Boulevard du Port 13002 Marseille',
      numero: '8 Boulevard du Port',
      codePostal: '13002',
      commune: 'Marseille',
      insee: '13202',
      banId: '13202_1234_00008',
      lat: 43.309475,
      lng: 5.366912,
    });
    assert.equal(body[1]?.numero, 'Boulevard du Port');
    assert.equal(body[2]?.numero, '', 'a commune alone has no street');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.searchParams.get('q'), '8 bd du port marseille');
    assert.equal(requests[0]?.searchParams.get('limit'), '8');
  });

  test('passes the postcode filter and caps the list at 8', async () => {
    mode = 'many';
    const res = await search('q=rue%20de%20la%20paix&cp=13002');
    assert.equal(res.statusCode, 200);
    assert.equal((res.json() as unknown[]).length, 8);
    assert.equal(requests[0]?.searchParams.get('postcode'), '13002');
  });

  test('refuses a query too short, too long or missing, with a French message', async () => {
    for (const query of ['q=ab', 'q=%20%20a%20%20', '', `q=${'a'.repeat(201)}`]) {
      const res = await search(query);
      assert.equal(res.statusCode, 400, query);
      const body = res.json() as { message: string };
      assert.match(body.message, /caractères|adresse/);
    }
    const badCp = await search('q=rue%20de%20la%20paix&cp=13');
    assert.equal(badCp.statusCode, 400);
    assert.match((badCp.json() as { message: string }).message, /code postal/i);
    assert.equal(requests.length, 0, 'the BAN is not called for a bad query');
  });

  test('an empty cp is ignored', async () => {
    const res = await search('q=rue%20de%20la%20paix&cp=');
    assert.equal(res.statusCode, 200);
    assert.equal(requests[0]?.searchParams.get('postcode'), null);
  });

  test('BAN answering 503: fallback on the communes table, still 200', async () => {
    mode = 'down';
    const res = await search('q=rue%20de%20la%20paix%2013002');
    assert.equal(res.statusCode, 200);
    const body = res.json() as AddressSuggestion[];
    assert.ok(body.length >= 1);
    assert.ok(body.every((s) => s.codePostal === '13002' && s.banId === null && s.numero === ''));
    assert.ok(body.some((s) => s.insee === '13202'));
    assert.equal(res.headers['cache-control'], 'private, max-age=30');
  });

  test('rate limited per IP (120 a minute), JSON answer', async () => {
    const ip = nextIp();
    for (let i = 0; i < 120; i++) {
      const res = await search('q=ab', ip);
      assert.equal(res.statusCode, 400);
    }
    const limited = await search('q=ab', ip);
    assert.equal(limited.statusCode, 429);
    assert.match((limited.json() as { message: string }).message, /Trop de requêtes/);
    // Another person is not affected.
    assert.equal((await search('q=ab')).statusCode, 400);
  });

  test('BAN unreachable: a postcode in the text gives its communes', async () => {
    mode = 'unreachable';
    const res = await search('q=3%20rue%20Haxo%2013001');
    assert.equal(res.statusCode, 200);
    const body = res.json() as AddressSuggestion[];
    assert.ok(body.length > 0);
    assert.ok(body.every((s) => s.codePostal === '13001'));
    assert.ok(body.some((s) => s.insee === '13201'));
  });

  test('BAN unreachable and nothing recognisable: an empty list, not an error', async () => {
    mode = 'unreachable';
    const res = await search('q=zzzz%20qqqq%20wwww');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), []);
  });
});
