import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { createSecretBox, isEncryptedSecret } from '../../infra/secrets.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  await db().deleteFrom('rateLimit').where('key', 'like', 'http:%').execute();
});

const db = () => ctx.runtime.database.db;
const LIST = '/bo/admin/partenaires';

async function signedIn(email: string) {
  const b = new Browser(ctx.app);
  const res = await b.signIn(email);
  assert.equal(res.statusCode, 303, `sign-in of ${email}`);
  return b;
}

async function territoire(code: string) {
  return db().selectFrom('territoire').select(['id']).where('code', '=', code).executeTakeFirstOrThrow();
}

async function partnerOf(code: string) {
  const t = await territoire(code);
  return db()
    .selectFrom('partenaire')
    .select(['id', 'uuid', 'nom'])
    .where('territoireId', '=', t.id)
    .where('isArchive', '=', false)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

/** POST with repeated fields (checkbox lists), which Browser.post cannot send. */
async function postPairs(b: Browser, url: string, pairs: [string, string][]) {
  return ctx.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
  });
}

describe('partners administration: who may enter', () => {
  test('agents and admins partenaire get 403; the list is scoped for a responsable', async () => {
    for (const email of ['agent-13@histologe.test', 'ap-13@histologe.test']) {
      const b = await signedIn(email);
      assert.equal((await b.get(LIST)).statusCode, 403, email);
      const p = await partnerOf('13');
      assert.equal((await b.get(`${LIST}/${p.uuid}`)).statusCode, 403, email);
      const token = await b.csrfFrom('/bo');
      assert.equal(
        (await b.post(`${LIST}/nouveau`, { _csrf: token, nom: 'X', type: 'ADIL' })).statusCode,
        403,
      );
    }
    const rt = await signedIn('rt-13@histologe.test');
    const res = await rt.get(LIST);
    assert.equal(res.statusCode, 200);
    const p13 = await partnerOf('13');
    const p01 = await partnerOf('01');
    assert.ok(res.body.includes(p13.uuid));
    assert.ok(!res.body.includes(p01.uuid));
  });

  test('a responsable of 13 cannot see, edit or archive a partner of 01 (404)', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const p01 = await partnerOf('01');
    assert.equal((await rt.get(`${LIST}/${p01.uuid}`)).statusCode, 404);
    const token = await rt.csrfFrom(LIST);
    const edit = await rt.post(`${LIST}/${p01.uuid}`, { _csrf: token, nom: 'Piraté', type: 'ADIL' });
    assert.equal(edit.statusCode, 404);
    const arch = await rt.post(`${LIST}/${p01.uuid}/archiver`, { _csrf: token, confirm: '1' });
    assert.equal(arch.statusCode, 404);
    const still = await db()
      .selectFrom('partenaire')
      .select(['nom', 'isArchive'])
      .where('id', '=', p01.id)
      .executeTakeFirstOrThrow();
    assert.equal(still.nom, p01.nom);
    assert.equal(still.isArchive, false);
    assert.equal((await rt.get(`${LIST}/pas-un-uuid`)).statusCode, 404);
  });

  test('the super admin sees every territory and filters by territory, type and name', async () => {
    const sa = await signedIn('admin@histologe.test');
    const t01 = await territoire('01');
    const p13 = await partnerOf('13');
    const p01 = await partnerOf('01');
    const all = await sa.get(LIST);
    assert.ok(all.body.includes(p13.uuid) && all.body.includes(p01.uuid));
    const only01 = await sa.get(`${LIST}?territoire=${t01.id}`);
    assert.ok(only01.body.includes(p01.uuid) && !only01.body.includes(p13.uuid));
    const archived = await sa.get(`${LIST}?archives=1`);
    assert.ok(archived.body.includes('OPAH Centre-Ville Marseille'));
    const search = await sa.get(`${LIST}?q=${encodeURIComponent('toit solidaire')}`);
    assert.ok(search.body.includes('Association Toit Solidaire 13'));
    assert.ok(!search.body.includes(p01.uuid));
  });
});

describe('partners administration: create and edit', () => {
  test('validation errors are shown per field and typed values kept', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const token = await rt.csrfFrom(`${LIST}/nouveau`);
    const res = await postPairs(rt, `${LIST}/nouveau`, [
      ['_csrf', token],
      ['nom', ''],
      ['type', 'PAS_UN_TYPE'],
      ['email', 'pas-une-adresse'],
      ['insee', '13055, 01053, 1234'],
      ['esaboraUrl', 'ftp://exemple'],
      ['isIdossActive', '1'],
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Indiquez le nom du partenaire/);
    assert.match(res.body, /Choisissez le type du partenaire/);
    assert.match(res.body, /adresse e-mail valide/);
    assert.match(res.body, /ne sont pas des codes INSEE[^<]*1234/);
    assert.match(res.body, /commençant par https/);
    assert.match(res.body, /activer l(&#39;|')interconnexion IDOSS/);
    assert.ok(res.body.includes('value="pas-une-adresse"'));
    assert.ok(res.body.includes('13055, 01053, 1234'));

    const unknown = await postPairs(rt, `${LIST}/nouveau`, [
      ['_csrf', token],
      ['nom', 'Mairie test'],
      ['type', 'COMMUNE_SCHS'],
      ['insee', '13055 01053'],
    ]);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /pas des communes du territoire : 01053/);
  });

  test('create with default competences, perimeter and EPCI; tokens encrypted and never shown back', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const t13 = await territoire('13');
    const epci = await db()
      .selectFrom('commune')
      .select('epciId')
      .where('territoireId', '=', t13.id)
      .where('epciId', 'is not', null)
      .executeTakeFirstOrThrow();
    const token = await rt.csrfFrom(`${LIST}/nouveau?type=COMMUNE_SCHS`);
    const created = await postPairs(rt, `${LIST}/nouveau`, [
      ['_csrf', token],
      ['nom', 'Mairie de Cassis – hygiène'],
      ['type', 'COMMUNE_SCHS'],
      ['email', 'Hygiene@Cassis.test'],
      ['emailNotifiable', '1'],
      ['insee', '13055;13001'],
      ['epci', String(epci.epciId)],
      ['esaboraUrl', 'https://esabora.example.test/ws'],
      ['esaboraToken', 'jeton-tres-secret-42'],
      ['isEsaboraActive', '1'],
    ]);
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    const uuid = String(created.headers.location).split('/').pop()!;
    const row = await db()
      .selectFrom('partenaire')
      .selectAll()
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    assert.equal(row.territoireId, t13.id);
    assert.equal(row.email, 'hygiene@cassis.test');
    assert.equal(row.emailNotifiable, true);
    assert.deepEqual(row.insee, ['13055', '13001']);
    assert.ok(row.competences.length > 0, 'default competences of the type');
    assert.ok(isEncryptedSecret(row.esaboraToken));
    assert.ok(!row.esaboraToken!.includes('jeton'));
    assert.equal(
      createSecretBox(ctx.config.sessionSecret).decrypt(row.esaboraToken!),
      'jeton-tres-secret-42',
    );
    const epcis = await db()
      .selectFrom('partenaireEpci')
      .select('epciId')
      .where('partenaireId', '=', row.id)
      .execute();
    assert.deepEqual(
      epcis.map((e) => e.epciId),
      [epci.epciId],
    );
    const history = await db()
      .selectFrom('historyEntry')
      .select('changes')
      .where('entityName', '=', 'Partenaire')
      .where('entityId', '=', String(row.id))
      .where('event', '=', 'CREATE')
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(history.changes).includes('jeton-tres'));

    const page = await rt.get(`/bo/admin/partenaires/${uuid}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('jeton-tres-secret-42'));
    assert.ok(!page.body.includes(row.esaboraToken!));
    assert.match(page.body, /•••• enregistré/);

    // Edit with an error: the token typed is not echoed; the stored one stays.
    const t2 = await rt.csrfFrom(`/bo/admin/partenaires/${uuid}`);
    const bad = await postPairs(rt, `/bo/admin/partenaires/${uuid}`, [
      ['_csrf', t2],
      ['nom', 'Mairie de Cassis – hygiène'],
      ['type', 'COMMUNE_SCHS'],
      ['email', 'faux'],
      ['idossToken', 'autre-jeton-secret-77'],
    ]);
    assert.equal(bad.statusCode, 400);
    assert.ok(!bad.body.includes('autre-jeton-secret-77'));

    // Edit, empty token field: kept; competences unchecked: none (editable); then clear the token.
    const ok = await postPairs(rt, `/bo/admin/partenaires/${uuid}`, [
      ['_csrf', t2],
      ['nom', 'Mairie de Cassis'],
      ['type', 'COMMUNE_SCHS'],
      ['competences', 'VISITES'],
      ['esaboraUrl', 'https://esabora.example.test/ws'],
    ]);
    assert.equal(ok.statusCode, 303);
    const after1 = await db()
      .selectFrom('partenaire')
      .selectAll()
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    assert.equal(after1.nom, 'Mairie de Cassis');
    assert.deepEqual(after1.competences, ['VISITES']);
    assert.equal(after1.esaboraToken, row.esaboraToken);
    assert.equal(after1.isEsaboraActive, false);
    assert.equal(after1.emailNotifiable, false);
    const cleared = await postPairs(rt, `/bo/admin/partenaires/${uuid}`, [
      ['_csrf', t2],
      ['nom', 'Mairie de Cassis'],
      ['type', 'COMMUNE_SCHS'],
      ['esaboraTokenClear', '1'],
    ]);
    assert.equal(cleared.statusCode, 303);
    const after2 = await db()
      .selectFrom('partenaire')
      .select('esaboraToken')
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    assert.equal(after2.esaboraToken, null);
  });
});

describe('partners administration: zones of the perimeter', () => {
  test('zones covered and excluded are saved, shown back, and checked against the territory', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const t13 = await territoire('13');
    const t01 = await territoire('01');
    const square = (lng: number, lat: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [lng, lat],
          [lng + 0.01, lat],
          [lng + 0.01, lat + 0.01],
          [lng, lat + 0.01],
          [lng, lat],
        ],
      ],
    });
    const zone = (territoireId: number, name: string) =>
      db()
        .insertInto('zone')
        .values({
          territoireId,
          name,
          geometry: JSON.stringify(square(5.37, 43.29)),
          bbox: JSON.stringify({ n: 43.3, e: 5.38, s: 43.29, w: 5.37 }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const covered = await zone(t13.id, 'Zone couverte test');
    const excluded = await zone(t13.id, 'Zone exclue test');
    const foreign = await zone(t01.id, 'Zone de l’Ain');
    const partner = await partnerOf('13');
    const url = `${LIST}/${partner.uuid}`;

    const page = await rt.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Zones couvertes/);
    assert.match(page.body, /Zone exclue test/);
    assert.doesNotMatch(page.body, /Zone de l’Ain/, 'only the territory’s zones are offered');

    const base = (token: string): [string, string][] => [
      ['_csrf', token],
      ['nom', partner.nom],
      ['type', 'COMMUNE_SCHS'],
    ];
    // Another territory's zone, or the same zone covered and excluded: refused with a message, nothing saved.
    let token = await rt.csrfFrom(url);
    const foreignZone = await postPairs(rt, url, [...base(token), ['zones', String(foreign.id)]]);
    assert.equal(foreignZone.statusCode, 400);
    assert.match(foreignZone.body, /zones du territoire du partenaire/);
    token = await rt.csrfFrom(url);
    const both = await postPairs(rt, url, [
      ...base(token),
      ['zones', String(covered.id)],
      ['zonesExclues', String(covered.id)],
    ]);
    assert.equal(both.statusCode, 400);
    assert.match(both.body, /à la fois couverte et exclue/);
    assert.equal(
      (
        await db()
          .selectFrom('partenaireZone')
          .select('zoneId')
          .where('partenaireId', '=', partner.id)
          .execute()
      ).length,
      0,
    );

    token = await rt.csrfFrom(url);
    const saved = await postPairs(rt, url, [
      ...base(token),
      ['zones', String(covered.id)],
      ['zonesExclues', String(excluded.id)],
    ]);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
    const rows = await db()
      .selectFrom('partenaireZone')
      .select(['zoneId', 'excluded'])
      .where('partenaireId', '=', partner.id)
      .orderBy('zoneId')
      .execute();
    assert.deepEqual(rows, [
      { zoneId: covered.id, excluded: false },
      { zoneId: excluded.id, excluded: true },
    ]);
    const again = await rt.get(url);
    assert.match(again.body, new RegExp(`name="zones" value="${covered.id}"[^>]*checked`));
    assert.match(again.body, new RegExp(`name="zonesExclues" value="${excluded.id}"[^>]*checked`));
  });
});

describe('partners administration: archive (spec §3.5)', () => {
  test('users archived or detached, pending affectations removed, history written, in one go', async () => {
    const t13 = await territoire('13');
    const now = new Date();
    const p = await db()
      .insertInto('partenaire')
      .values({
        territoireId: t13.id,
        nom: 'Partenaire à archiver',
        type: 'ADIL',
        email: 'arch@p.test',
        createdAt: now,
        updatedAt: now,
      })
      .returning(['id', 'uuid'])
      .executeTakeFirstOrThrow();
    const other = await partnerOf('13');
    const mkUser = async (email: string) =>
      db()
        .insertInto('utilisateur')
        .values({ email, role: 'ROLE_USER_PARTNER', statut: 'ACTIVE', createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
    const only = await mkUser('seul@p.test');
    const multi = await mkUser('multi@p.test');
    await db()
      .insertInto('utilisateurPartenaire')
      .values([
        { utilisateurId: only.id, partenaireId: p.id, createdAt: now },
        { utilisateurId: multi.id, partenaireId: p.id, createdAt: now },
        { utilisateurId: multi.id, partenaireId: other.id, createdAt: now },
      ])
      .execute();
    const sigs = await db()
      .selectFrom('signalement')
      .select('id')
      .where('territoireId', '=', t13.id)
      .where('statut', '=', 'ACTIVE')
      .limit(2)
      .execute();
    assert.equal(sigs.length, 2);
    await db()
      .insertInto('affectation')
      .values([
        {
          signalementId: sigs[0]!.id,
          partenaireId: p.id,
          territoireId: t13.id,
          statut: 'NOUVEAU',
          createdAt: now,
        },
        {
          signalementId: sigs[1]!.id,
          partenaireId: p.id,
          territoireId: t13.id,
          statut: 'EN_COURS',
          createdAt: now,
        },
      ])
      .execute();

    const rt = await signedIn('rt-13@histologe.test');
    const token = await rt.csrfFrom(`${LIST}/${p.uuid}`);
    const noConfirm = await rt.post(`${LIST}/${p.uuid}/archiver`, { _csrf: token });
    assert.equal(noConfirm.statusCode, 400);
    assert.match(noConfirm.body, /Cochez la case/);
    const res = await rt.post(`${LIST}/${p.uuid}/archiver`, { _csrf: token, confirm: '1' });
    assert.equal(res.statusCode, 303);

    const partner = await db()
      .selectFrom('partenaire')
      .select(['isArchive', 'email'])
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow();
    assert.equal(partner.isArchive, true);
    assert.match(partner.email ?? '', /\.archived@p\.test$/);
    const u1 = await db()
      .selectFrom('utilisateur')
      .select(['statut', 'email'])
      .where('id', '=', only.id)
      .executeTakeFirstOrThrow();
    assert.equal(u1.statut, 'ARCHIVE');
    assert.notEqual(u1.email, 'seul@p.test');
    const u2 = await db()
      .selectFrom('utilisateur')
      .select(['statut'])
      .where('id', '=', multi.id)
      .executeTakeFirstOrThrow();
    assert.equal(u2.statut, 'ACTIVE');
    const links = await db()
      .selectFrom('utilisateurPartenaire')
      .select('partenaireId')
      .where('utilisateurId', '=', multi.id)
      .execute();
    assert.deepEqual(
      links.map((l) => l.partenaireId),
      [other.id],
    );
    const affs = await db()
      .selectFrom('affectation')
      .select('statut')
      .where('partenaireId', '=', p.id)
      .execute();
    assert.deepEqual(
      affs.map((a) => a.statut),
      ['EN_COURS'],
    );
    const hist = await db()
      .selectFrom('historyEntry')
      .select(['entityName', 'signalementId'])
      .where('createdAt', '>=', now)
      .where('entityName', 'in', ['Partenaire', 'Utilisateur', 'Affectation'])
      .execute();
    assert.ok(hist.some((h) => h.entityName === 'Partenaire'));
    assert.equal(hist.filter((h) => h.entityName === 'Utilisateur').length, 2);
    assert.ok(hist.some((h) => h.entityName === 'Affectation' && h.signalementId === sigs[0]!.id));

    // Archived: read-only page, no second archive.
    const page = await rt.get(`${LIST}/${p.uuid}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /est archivé/);
    const again = await rt.post(`${LIST}/${p.uuid}/archiver`, { _csrf: token, confirm: '1' });
    assert.equal(again.statusCode, 404);
  });

  test('a responsable cannot archive their own partner', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const own = await db()
      .selectFrom('utilisateurPartenaire as up')
      .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
      .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
      .select('p.uuid')
      .where('u.email', '=', 'rt-13@histologe.test')
      .executeTakeFirstOrThrow();
    const token = await rt.csrfFrom(`${LIST}/${own.uuid}`);
    const res = await rt.post(`${LIST}/${own.uuid}/archiver`, { _csrf: token, confirm: '1' });
    assert.equal(res.statusCode, 403);
  });
});
