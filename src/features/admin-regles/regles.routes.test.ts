import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';

let ctx: TestContext;
let t13: number;
let t34: number;
const db = () => ctx.runtime.database.db;

before(async () => {
  ctx = await createTestApp();
  const ts = await db()
    .selectFrom('territoire')
    .select(['id', 'code'])
    .where('code', 'in', ['13', '34'])
    .execute();
  t13 = ts.find((t) => t.code === '13')?.id as number;
  t34 = ts.find((t) => t.code === '34')?.id as number;
});
after(async () => {
  await ctx?.close();
});

async function signedIn(email: string) {
  const b = new Browser(ctx.app);
  await b.signIn(email);
  return b;
}

function multipart(
  fields: Record<string, string>,
  file?: { name: string; filename: string; content: string },
) {
  const boundary = '----hltest';
  let body = '';
  for (const [k, v] of Object.entries(fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  }
  if (file) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { payload: Buffer.from(body), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('admin zones, rules, territories, simulator', { timeout: 60_000 }, () => {
  test('agents get 403 everywhere; responsables get 403 on territories', async () => {
    const agent = await signedIn('agent-13@histologe.test');
    for (const url of [
      '/bo/admin/regles-affectation',
      '/bo/admin/zones',
      '/bo/admin/simulateur',
      '/bo/admin/territoires',
    ]) {
      assert.equal((await agent.get(url)).statusCode, 403, url);
    }
    const rt = await signedIn('rt-13@histologe.test');
    assert.equal((await rt.get('/bo/admin/territoires')).statusCode, 403);
    assert.equal((await rt.get(`/bo/admin/regles-affectation?territoire=${t34}`)).statusCode, 404);
  });

  test('responsable: rule created, bad INSEE refused with the typed values kept, archived, simulated', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const page = await rt.get(`/bo/admin/regles-affectation/nouvelle?territoire=${t13}`);
    assert.equal(page.statusCode, 200);
    const token = await rt.csrfFrom(`/bo/admin/regles-affectation/nouvelle?territoire=${t13}`);
    const bad = await rt.post('/bo/admin/regles-affectation', {
      _csrf: token,
      territoireId: String(t13),
      partnerType: 'COMMUNE_SCHS',
      inseeToInclude: '13202, 1320X, 34172',
      description: 'Ma règle',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /1320X/);
    assert.match(bad.body, /Ma règle/);
    const ok = await rt.post('/bo/admin/regles-affectation', {
      _csrf: token,
      territoireId: String(t13),
      partnerType: 'COMMUNE_SCHS',
      inseeToInclude: '13202',
      parc: 'prive',
    });
    assert.equal(ok.statusCode, 303);
    const rule = await db()
      .selectFrom('autoAffectationRule')
      .selectAll()
      .where('territoireId', '=', t13)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(rule.inseeToInclude, ['13202']);
    assert.equal(rule.parc, 'prive');
    const list = await rt.get(`/bo/admin/regles-affectation?territoire=${t13}`);
    assert.match(list.body, /Parc privé/);

    const sim = await rt.get(
      `/bo/admin/simulateur?territoire=${t13}&simuler=1&commune=13202&lat=43.30&lng=5.37&profileDeclarant=LOCATAIRE&parc=prive`,
    );
    assert.equal(sim.statusCode, 200);
    assert.match(sim.body, /Périmètre du partenaire/);
    const simBad = await rt.get(`/bo/admin/simulateur?territoire=${t13}&simuler=1&commune=Nulle-part&lat=95`);
    assert.equal(simBad.statusCode, 400);
    assert.match(simBad.body, /Aucune commune/);
    assert.match(simBad.body, /latitude/);

    assert.equal(
      (await rt.post(`/bo/admin/regles-affectation/${rule.id}/statut`, { _csrf: token })).statusCode,
      303,
    );
    const archived = await db()
      .selectFrom('autoAffectationRule')
      .select('status')
      .where('id', '=', rule.id)
      .executeTakeFirstOrThrow();
    assert.equal(archived.status, 'ARCHIVED');
    const rt34 = await signedIn('rt-34@histologe.test');
    const t34token = await rt34.csrfFrom(`/bo/admin/regles-affectation/nouvelle?territoire=${t34}`);
    assert.equal(
      (await rt34.post(`/bo/admin/regles-affectation/${rule.id}/supprimer`, { _csrf: t34token })).statusCode,
      404,
    );
  });

  test('zones: WKT text, CSV file, errors kept, map drawn, deletion refused while a rule uses it', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const token = await rt.csrfFrom(`/bo/admin/regles-affectation/nouvelle?territoire=${t13}`);
    const post = async (
      fields: Record<string, string>,
      file?: { name: string; filename: string; content: string },
    ) => {
      const { payload, contentType } = multipart(fields, file);
      return ctx.app.inject({
        method: 'POST',
        url: `/bo/admin/zones?territoire=${t13}&_csrf=${encodeURIComponent(token)}`,
        payload,
        headers: { 'content-type': contentType, cookie: rt.cookieHeader() },
      });
    };
    const bad = await post({ name: 'Joliette', type: 'OPAH_RU', geometry: 'POLYGON((5.36 43.29, 5.38' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Joliette/);
    assert.match(bad.body, /parenthèse|longitude latitude/);
    const ok = await post({
      name: 'Joliette',
      type: 'OPAH_RU',
      geometry: 'POLYGON((5.36 43.29, 5.38 43.29, 5.38 43.31, 5.36 43.31, 5.36 43.29))',
    });
    assert.equal(ok.statusCode, 303);
    const csv = await post(
      { name: 'Belsunce', type: 'PERMIS_DE_LOUER', geometry: '' },
      {
        name: 'csv',
        filename: 'zone.csv',
        content: 'nom;WKT\nBelsunce;"POLYGON((5.37 43.30, 5.38 43.30, 5.38 43.31, 5.37 43.30))"\n',
      },
    );
    assert.equal(csv.statusCode, 303);
    const noCol = await post(
      { name: 'X', type: 'AUTRE', geometry: '' },
      { name: 'csv', filename: 'z.csv', content: 'a,b\n1,2\n' },
    );
    assert.equal(noCol.statusCode, 400);
    assert.match(noCol.body, /colonne nommée « WKT »/);
    const list = await rt.get(`/bo/admin/zones?territoire=${t13}`);
    assert.match(list.body, /<svg/);
    assert.match(list.body, /Belsunce/);
    const zone = await db()
      .selectFrom('zone')
      .select('id')
      .where('name', '=', 'Joliette')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('autoAffectationRule')
      .values({ territoireId: t13, partnerType: 'ARS', zonesToInclude: [zone.id] })
      .execute();
    const del = await rt.post(`/bo/admin/zones/${zone.id}/supprimer`, { _csrf: token });
    assert.equal(del.statusCode, 303);
    assert.ok(await db().selectFrom('zone').select('id').where('id', '=', zone.id).executeTakeFirst());
    assert.equal((await rt.get(`/bo/admin/zones/${zone.id}`)).statusCode, 200);
  });

  test('super admin: territory settings with validated INSEE codes and timezone', async () => {
    const admin = await signedIn('admin@histologe.test');
    assert.equal((await admin.get('/bo/admin/territoires')).statusCode, 200);
    const token = await admin.csrfFrom(`/bo/admin/territoires/${t34}`);
    const bad = await admin.post(`/bo/admin/territoires/${t34}`, {
      _csrf: token,
      isActive: '1',
      authorizedCodesInsee: '34172 99999 abc',
      timezone: 'Mars/Olympus',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /abc/);
    assert.match(bad.body, /fuseau horaire/);
    const ok = await admin.post(`/bo/admin/territoires/${t34}`, {
      _csrf: token,
      isActive: '1',
      isAutoAffectationEnabled: '1',
      authorizedCodesInsee: '34172, 34057',
      timezone: 'Europe/Paris',
    });
    assert.equal(ok.statusCode, 303);
    const t = await db().selectFrom('territoire').selectAll().where('id', '=', t34).executeTakeFirstOrThrow();
    assert.equal(t.isAutoAffectationEnabled, true);
    assert.deepEqual(t.authorizedCodesInsee, ['34172', '34057']);
  });
});
