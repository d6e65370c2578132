import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { describeHistory, plainText } from './dossier.labels.ts';
import { contentDisposition } from './dossier.routes.tsx';

let ctx: TestContext;
const browsers = new Map<string, Browser>();

before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});

async function as(email: string): Promise<Browser> {
  let b = browsers.get(email);
  if (!b) {
    b = new Browser(ctx.app);
    const res = await b.signIn(email);
    assert.equal(res.statusCode, 303, `sign in ${email}`);
    browsers.set(email, b);
  }
  return b;
}

const db = () => ctx.runtime.database.db;

/** A demo dossier of a territory, optionally affected to one of the given user's partners. */
async function dossier(
  territoire: string,
  opts: { statut?: string; affectedTo?: string; notAffectedTo?: string; rich?: boolean } = {},
) {
  let q = db()
    .selectFrom('signalement as s')
    .innerJoin('territoire as te', 'te.id', 's.territoireId')
    .select(['s.id', 's.uuid', 's.reference'])
    .where('te.code', '=', territoire)
    .where('s.statut', 'not in', ['ARCHIVED', 'DRAFT', 'DRAFT_ARCHIVED']);
  if (opts.statut) q = q.where('s.statut', '=', opts.statut as never);
  for (const [email, present] of [
    [opts.affectedTo, true],
    [opts.notAffectedTo, false],
  ] as const) {
    if (!email) continue;
    q = q.where((eb) => {
      const sub = eb.exists(
        eb
          .selectFrom('affectation as a')
          .innerJoin('utilisateurPartenaire as up', 'up.partenaireId', 'a.partenaireId')
          .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
          .select('a.id')
          .whereRef('a.signalementId', '=', 's.id')
          .where('u.email', '=', email),
      );
      return present ? sub : eb.not(sub);
    });
  }
  if (opts.rich) {
    // Many suivis, files linked to suivis, désordres with photos, affectations.
    q = q
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('suiviFichier as sf')
            .innerJoin('suivi as su', 'su.id', 'sf.suiviId')
            .select('sf.suiviId')
            .whereRef('su.signalementId', '=', 's.id'),
        ),
      )
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('fichier as f')
            .select('f.id')
            .whereRef('f.signalementId', '=', 's.id')
            .where('f.desordreSlug', 'is not', null),
        ),
      )
      .where((eb) =>
        eb.exists(eb.selectFrom('affectation as a').select('a.id').whereRef('a.signalementId', '=', 's.id')),
      );
  }
  return q.orderBy('s.id').executeTakeFirstOrThrow();
}

const href = (uuid: string) => `/bo/signalements/${uuid}`;

test('a responsable sees a dossier of their territory; another territory’s responsable gets 404', async () => {
  const d = await dossier('13', { rich: true });
  const rt13 = await as('rt-13@histologe.test');
  const res = await rt13.get(href(d.uuid));
  assert.equal(res.statusCode, 200);
  assert.match(res.body, new RegExp(`Signalement n° ${d.reference}`));
  assert.equal(res.headers['cache-control'], 'no-store');
  // The responsable may change the tags; the form posts to the dossier's tags route.
  assert.match(res.body, /Modifier les étiquettes/);
  assert.match(res.body, new RegExp(`action="/bo/signalements/${d.uuid}/etiquettes`));

  const rt01 = await as('rt-01@histologe.test');
  const denied = await rt01.get(href(d.uuid));
  assert.equal(denied.statusCode, 404);
  assert.doesNotMatch(denied.body, new RegExp(d.reference));
});

test('opening a dossier reads its notifications, and only this dossier’s', async () => {
  const d = await dossier('13');
  const other = await dossier('13', { rich: true });
  const rt = await db()
    .selectFrom('utilisateur')
    .select('id')
    .where('email', '=', 'rt-13@histologe.test')
    .executeTakeFirstOrThrow();
  const ids = await db()
    .selectFrom('signalement')
    .select(['id', 'uuid'])
    .where('uuid', 'in', [d.uuid, other.uuid])
    .execute();
  const idOf = (uuid: string) => ids.find((r) => r.uuid === uuid)!.id;
  await db()
    .insertInto('notification')
    .values(
      [d.uuid, other.uuid].map((u) => ({
        utilisateurId: rt.id,
        type: 'NOUVEAU_SUIVI',
        signalementId: idOf(u),
        description: 'test',
        createdAt: new Date(),
      })),
    )
    .execute();
  const b = await as('rt-13@histologe.test');
  assert.equal((await b.get(href(d.uuid))).statusCode, 200);
  const rows = await db()
    .selectFrom('notification')
    .select(['signalementId', 'isSeen'])
    .where('utilisateurId', '=', rt.id)
    .where('description', '=', 'test')
    .execute();
  assert.equal(rows.find((r) => r.signalementId === idOf(d.uuid))!.isSeen, true);
  assert.equal(rows.find((r) => r.signalementId === idOf(other.uuid))!.isSeen, false);
});

test('an agent sees only dossiers affected to their partner', async () => {
  const agent = await as('agent-13@histologe.test');
  const mine = await dossier('13', { affectedTo: 'agent-13@histologe.test' });
  const page = await agent.get(href(mine.uuid));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Affectation de [^:]+ : /, 'the agent sees where their partner stands');
  assert.doesNotMatch(page.body, /Modifier les étiquettes/, 'agents do not edit tags');
  const other = await dossier('13', { notAffectedTo: 'agent-13@histologe.test' });
  assert.equal((await agent.get(href(other.uuid))).statusCode, 404);
  const elsewhere = await dossier('01');
  assert.equal((await agent.get(href(elsewhere.uuid))).statusCode, 404);
  // Malformed or unknown identifiers are just not found.
  assert.equal((await agent.get('/bo/signalements/pas-un-uuid')).statusCode, 404);
  assert.equal((await agent.get(href('00000000-0000-4000-8000-000000000000'))).statusCode, 404);
});

test('an agent whose affectation is still waiting or refused still sees the dossier', async () => {
  const row = await db()
    .selectFrom('affectation as a')
    .innerJoin('utilisateurPartenaire as up', 'up.partenaireId', 'a.partenaireId')
    .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
    .innerJoin('signalement as s', 's.id', 'a.signalementId')
    .select(['s.uuid', 'u.email', 'a.statut'])
    .where('a.statut', 'in', ['NOUVEAU', 'REFUSE'])
    .where('u.role', 'in', ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER'])
    .where('s.statut', 'in', ['ACTIVE', 'CLOSED'])
    .where('u.statut', '=', 'ACTIVE')
    .where('u.email', 'like', '%@histologe.test')
    .executeTakeFirst();
  assert.ok(row, 'the demo data has an agent with a waiting or refused affectation');
  const b = new Browser(ctx.app);
  await b.signIn(row.email);
  assert.equal((await b.get(href(row.uuid))).statusCode, 200, `${row.email} on a ${row.statut} affectation`);
});

test('signed-out visitors are sent to the sign-in page', async () => {
  const d = await dossier('13');
  const res = await ctx.app.inject({ method: 'GET', url: href(d.uuid) });
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), /^\/connexion\?next=/);
});

test('a rich dossier shows every section, the désordres with photos, suivis and history', async () => {
  const d = await dossier('13', { rich: true });
  const res = await (await as('admin@histologe.test')).get(href(d.uuid));
  assert.equal(res.statusCode, 200);
  const body = res.body;
  for (const id of [
    'adresse-logement',
    'foyer',
    'situation-procedure',
    'desordres',
    'personnes',
    'affectations',
    'activite',
    'documents',
    'historique',
  ]) {
    assert.match(body, new RegExp(`id="${id}"`), `section ${id}`);
    assert.match(body, new RegExp(`href="#${id}"`), `summary link to ${id}`);
  }
  assert.match(body, /Criticité/);
  assert.match(body, /bâtiment .*logement/);
  assert.match(body, /Occupant/);
  // Photos: thumbnails through the authorised route.
  assert.match(body, new RegExp(`/bo/signalements/${d.uuid}/fichiers/[0-9a-f-]{36}\\?variant=thumb`));
  // History: the deposit is told in French.
  assert.match(body, /a déposé le signalement/);
  // Phones and e-mails are links.
  assert.match(body, /href="tel:/);
  assert.match(body, /href="mailto:/);
  // Catalogue labels never come through as HTML.
  const desordres = body.slice(body.indexOf('id="desordres"'), body.indexOf('id="personnes"'));
  assert.doesNotMatch(desordres, /<br|<b>|<strong>|<i>/);
});

test('suivis: internal ones are marked, text is escaped with its line breaks kept', async () => {
  const d = await dossier('13', { rich: true });
  const author = await db()
    .selectFrom('utilisateur')
    .select('id')
    .where('email', '=', 'rt-13@histologe.test')
    .executeTakeFirstOrThrow();
  const now = new Date();
  await db()
    .insertInto('suivi')
    .values([
      {
        signalementId: d.id,
        createdAt: now,
        createdById: author.id,
        description: 'Ligne un\nLigne deux <script>alert("x")</script><b>gras</b>',
        isVisibleForUsager: false,
        type: 3,
        category: 'MESSAGE_PARTNER',
      },
      {
        signalementId: d.id,
        createdAt: new Date(now.getTime() - 1000),
        createdById: author.id,
        description: 'Message public pour l’usager',
        isVisibleForUsager: true,
        type: 3,
        category: 'MESSAGE_PARTNER',
      },
    ])
    .execute();
  const res = await (await as('rt-13@histologe.test')).get(href(d.uuid));
  assert.equal(res.statusCode, 200);
  const body = res.body;
  assert.doesNotMatch(body, /<script>alert/);
  assert.doesNotMatch(body, /<b>gras<\/b>/);
  assert.ok(body.includes('Ligne un\nLigne deux &lt;script>'), 'escaped, line break kept');
  // Newest first: the internal one comes before the public one, each clearly marked.
  const internal = body.indexOf('Ligne un');
  const pub = body.indexOf('Message public pour l’usager');
  assert.ok(internal > 0 && pub > internal, 'newest first');
  const internalBlock = body.slice(body.lastIndexOf('<li', internal), internal);
  assert.match(internalBlock, /hl-suivi--internal/);
  assert.match(internalBlock, /Interne/);
  const publicBlock = body.slice(body.lastIndexOf('<li', pub), pub);
  assert.match(publicBlock, /Visible par l’usager/);
});

test('history entries are readable and never editable', async () => {
  const d = await dossier('13', { statut: 'ACTIVE', affectedTo: 'agent-13@histologe.test' });
  const aff = await db()
    .selectFrom('affectation as a')
    .innerJoin('partenaire as p', 'p.id', 'a.partenaireId')
    .select(['a.id', 'a.partenaireId', 'p.nom'])
    .where('a.signalementId', '=', d.id)
    .executeTakeFirstOrThrow();
  const rt = await db()
    .selectFrom('utilisateur')
    .select('id')
    .where('email', '=', 'rt-13@histologe.test')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('historyEntry')
    .values([
      {
        event: 'UPDATE',
        entityName: 'Signalement',
        entityId: String(d.id),
        changes: JSON.stringify({ statut: ['NEED_VALIDATION', 'ACTIVE'] }),
        source: 'back-office',
        signalementId: d.id,
        utilisateurId: rt.id,
        createdAt: new Date(),
      },
      {
        event: 'CREATE',
        entityName: 'Affectation',
        entityId: String(aff.id),
        changes: JSON.stringify({ partenaireId: [null, aff.partenaireId], statut: [null, 'NOUVEAU'] }),
        source: 'back-office',
        signalementId: d.id,
        utilisateurId: rt.id,
        createdAt: new Date(),
      },
    ])
    .execute();
  const res = await (await as('agent-13@histologe.test')).get(href(d.uuid));
  assert.equal(res.statusCode, 200);
  const history = res.body.slice(res.body.indexOf('id="historique"'));
  assert.match(history, /a changé le statut du signalement : Nouveau → En cours/);
  assert.match(history, /a affecté le partenaire /);
  assert.match(history, /Responsable de territoire|responsable de territoire/);
  assert.doesNotMatch(history, /<form|<button|<input/);
});

test('file download: authorised, right headers, cross-dossier and out-of-scope are 404', async () => {
  const d = await dossier('13', { rich: true });
  const files = await db()
    .selectFrom('fichier')
    .select(['uuid', 'mimeType', 'variants', 'title'])
    .where('signalementId', '=', d.id)
    .execute();
  const photo = files.find((f) => f.mimeType === 'image/jpeg')!;
  assert.ok(photo, 'the rich dossier has a photo');
  const rt13 = await as('rt-13@histologe.test');
  const url = `${href(d.uuid)}/fichiers/${photo.uuid}`;

  const res = await rt13.get(url);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'image/jpeg');
  assert.match(String(res.headers['content-disposition']), /^inline; filename="/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(String(res.headers['cache-control']), /^private/);
  assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline|unsafe-eval/);
  assert.ok(res.rawPayload.length > 100);
  assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xff, 0xd8, 0xff]);

  const thumb = await rt13.get(`${url}?variant=thumb`);
  assert.equal(thumb.statusCode, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  assert.ok(thumb.rawPayload.length < res.rawPayload.length);
  assert.equal((await rt13.get(`${url}?variant=original`)).statusCode, 404);

  const pdf = files.find((f) => f.mimeType === 'application/pdf');
  if (pdf) {
    const r = await rt13.get(`${href(d.uuid)}/fichiers/${pdf.uuid}`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
  }

  // The same file through another dossier of the same territory: not found.
  const other = await dossier('13', { statut: 'ACTIVE' });
  const otherUuid = other.uuid === d.uuid ? (await dossier('13', { statut: 'CLOSED' })).uuid : other.uuid;
  assert.equal((await rt13.get(`${href(otherUuid)}/fichiers/${photo.uuid}`)).statusCode, 404);
  // Out of scope: the dossier does not exist for them, nor its files.
  assert.equal((await (await as('rt-01@histologe.test')).get(url)).statusCode, 404);
  // Nonsense identifiers.
  assert.equal((await rt13.get(`${href(d.uuid)}/fichiers/..%2F..%2Fetc%2Fpasswd`)).statusCode, 404);
  // Signed-out.
  assert.equal((await ctx.app.inject({ method: 'GET', url })).statusCode, 303);
});

test('an agent downloads files only of dossiers affected to their partner', async () => {
  const mine = await dossier('13', { affectedTo: 'agent-13@histologe.test' });
  const notMine = await db()
    .selectFrom('fichier as f')
    .innerJoin('signalement as s', 's.id', 'f.signalementId')
    .innerJoin('territoire as te', 'te.id', 's.territoireId')
    .select(['f.uuid', 's.uuid as signalementUuid'])
    .where('te.code', '=', '13')
    .where('s.id', '!=', mine.id)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('affectation as a')
            .innerJoin('utilisateurPartenaire as up', 'up.partenaireId', 'a.partenaireId')
            .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
            .select('a.id')
            .whereRef('a.signalementId', '=', 's.id')
            .where('u.email', '=', 'agent-13@histologe.test'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  const agent = await as('agent-13@histologe.test');
  assert.equal(
    (await agent.get(`${href(notMine.signalementUuid)}/fichiers/${notMine.uuid}`)).statusCode,
    404,
  );
  // Nor by passing it through a dossier they do see.
  assert.equal((await agent.get(`${href(mine.uuid)}/fichiers/${notMine.uuid}`)).statusCode, 404);
});

test('signed link: without object storage it falls back to the authorised route', async () => {
  const d = await dossier('13', { rich: true });
  const f = await db()
    .selectFrom('fichier')
    .select('uuid')
    .where('signalementId', '=', d.id)
    .executeTakeFirstOrThrow();
  const rt13 = await as('rt-13@histologe.test');
  const res = await rt13.get(`${href(d.uuid)}/fichiers/${f.uuid}/lien`);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `${href(d.uuid)}/fichiers/${f.uuid}`);
  assert.equal(
    (await (await as('rt-01@histologe.test')).get(`${href(d.uuid)}/fichiers/${f.uuid}/lien`)).statusCode,
    404,
  );
});

test('a dossier of every status, profile and origin renders; hidden statuses are not found', async () => {
  const admin = await as('admin@histologe.test');
  const all = await db()
    .selectFrom('signalement')
    .distinctOn(['statut', 'profileDeclarant', 'creationSource'])
    .select(['uuid', 'statut'])
    .orderBy('statut')
    .orderBy('profileDeclarant')
    .orderBy('creationSource')
    .execute();
  for (const d of all) {
    const res = await admin.get(href(d.uuid));
    const hidden = ['ARCHIVED', 'DRAFT', 'DRAFT_ARCHIVED'].includes(d.statut);
    assert.equal(res.statusCode, hidden ? 404 : 200, `${d.statut} ${d.uuid}`);
  }
});

test('helpers: safe file names, plain catalogue text, history sentences', () => {
  assert.equal(
    contentDisposition('attachment', 'rapport "final"/../été.pdf'),
    `attachment; filename="rapport _final_.._ete.pdf"; filename*=UTF-8''rapport%20_final_.._%C3%A9t%C3%A9.pdf`,
  );
  assert.doesNotMatch(contentDisposition('inline', 'a\r\nSet-Cookie: x=1'), /[\r\n]/);
  assert.equal(
    plainText('Moisissures <br>sur les <b>murs</b> &amp; plafonds'),
    'Moisissures sur les murs & plafonds',
  );
  assert.equal(plainText('<script>x</script>Eau'), 'xEau');
  const ctxH = { affectationPartenaires: { '7': 'ADIL 13' }, partenaireNoms: { 3: 'CCAS de Marseille' } };
  assert.equal(
    describeHistory(
      {
        event: 'UPDATE',
        entityName: 'Affectation',
        entityId: '7',
        changes: { statut: ['NOUVEAU', 'EN_COURS'] },
        source: null,
      },
      ctxH,
    ).action,
    'a accepté l’affectation du partenaire ADIL 13',
  );
  assert.equal(
    describeHistory(
      {
        event: 'DELETE',
        entityName: 'Affectation',
        entityId: '9',
        changes: { partenaireId: [3, null] },
        source: null,
      },
      ctxH,
    ).action,
    'a retiré l’affectation du partenaire CCAS de Marseille',
  );
  assert.equal(
    describeHistory(
      {
        event: 'UPDATE',
        entityName: 'App\\Entity\\Signalement',
        entityId: '1',
        changes: { statut: ['ACTIVE', 'CLOSED'], motifCloture: [null, 'DOUBLON'] },
        source: null,
      },
      ctxH,
    ).details.join(' | '),
    'statut : En cours → Fermé | motif de clôture : vide → Doublon',
  );
});
