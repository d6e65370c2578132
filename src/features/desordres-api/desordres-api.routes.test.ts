import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { DESORDRES_API_PATH, type PublicDesordresCatalogue } from './desordres-api.routes.ts';

describe('GET /api/public/desordres', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestApp();
  });
  after(async () => {
    await ctx.close();
  });

  test('the whole catalogue as plain JSON, without signing in', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: DESORDRES_API_PATH });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.match(String(res.headers['cache-control']), /public, max-age=3600/);
    assert.match(String(res.headers.etag), /^"[\w-]+"$/);
    const body = res.json() as PublicDesordresCatalogue;
    assert.equal(body.categories.length, 16);
    assert.equal(body.criteres.length, 84);
    assert.equal(body.precisions.length, 195);
    assert.equal(
      body.usagerCategories.length,
      21,
      '9 bâtiment, 10 logement, type et composition, service secours',
    );
    for (const p of body.precisions) {
      assert.doesNotMatch(p.label, /<\/?[a-z][^>]*>/i, p.slug);
      assert.ok(p.label.length > 0, p.slug);
    }
    const plomb = body.precisions.find(
      (p) => p.slug === 'desordres_logement_securite_plomb_pieces_tout_diagnostique_non',
    );
    assert.deepEqual(plomb, {
      slug: 'desordres_logement_securite_plomb_pieces_tout_diagnostique_non',
      critere: 'desordres_logement_securite_plomb',
      label: 'Dans : Tout le logement – Diagnostic plomb / amiante disponible : non',
      coef: 4,
      danger: true,
      insalubrite: false,
      suroccupation: false,
      qualifications: ['INSALUBRITE'],
    });
    const critere = body.criteres.find((c) => c.slug === 'desordres_batiment_nuisibles_autres');
    assert.equal(critere?.zone, 'BATIMENT');
    assert.deepEqual(critere?.categorieUsager, { slug: 'desordres_batiment_nuisibles', label: 'Nuisibles' });
    assert.equal(critere?.precisionLibre, 'Précisez le type de nuisible');
  });

  test('revalidation with the ETag answers 304 without a body', async () => {
    const first = await ctx.app.inject({ method: 'GET', url: DESORDRES_API_PATH });
    const etag = String(first.headers.etag);
    const again = await ctx.app.inject({
      method: 'GET',
      url: DESORDRES_API_PATH,
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    const weak = await ctx.app.inject({
      method: 'GET',
      url: DESORDRES_API_PATH,
      headers: { 'if-none-match': `W/${etag}` },
    });
    assert.equal(weak.statusCode, 304);
    const stale = await ctx.app.inject({
      method: 'GET',
      url: DESORDRES_API_PATH,
      headers: { 'if-none-match': '"autre"' },
    });
    assert.equal(stale.statusCode, 200);
  });

  test('only GET (and HEAD)', async () => {
    const head = await ctx.app.inject({ method: 'HEAD', url: DESORDRES_API_PATH });
    assert.equal(head.statusCode, 200);
    const post = await ctx.app.inject({ method: 'POST', url: DESORDRES_API_PATH, payload: {} });
    assert.ok([403, 404, 405].includes(post.statusCode), String(post.statusCode));
  });
});
