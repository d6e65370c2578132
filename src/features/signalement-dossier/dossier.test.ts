import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { loadPrincipal } from '../../../test/helpers/principals.ts';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import type { DB } from '../../infra/db/schema.ts';
import { AppError } from '../../infra/errors.ts';
import { tagsOfSignalement, tagsOfTerritoire } from '../admin-tags/tags.repository.ts';
import { createNotificationRepository } from '../notifications/notification.repository.ts';
import { describeHistory, plainText } from './dossier.labels.ts';
import { createDossierRepository } from './dossier.repository.ts';
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

test('the whole dossier in one statement: every list with its shape, types and order; 404 out of scope', async (t) => {
  const d = await dossier('13', { statut: 'ACTIVE', affectedTo: 'agent-13@histologe.test' });
  const { territoireId } = await db()
    .selectFrom('signalement')
    .select('territoireId')
    .where('id', '=', d.id)
    .executeTakeFirstOrThrow();
  const rt = await loadPrincipal(db(), 'rt-13@histologe.test');
  // Partners of the territory not affected: p2 gets an (old) affectation, p3 and p4 only appear in history.
  const [p2, p3, p4] = await db()
    .selectFrom('partenaire as p')
    .select(['p.id', 'p.nom'])
    .where('p.territoireId', '=', territoireId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('affectation as a')
            .select('a.id')
            .whereRef('a.partenaireId', '=', 'p.id')
            .where('a.signalementId', '=', d.id),
        ),
      ),
    )
    .orderBy('p.id')
    .limit(3)
    .execute();
  assert.ok(p2 && p3 && p4, 'three partners of the territory are not affected to the dossier');
  await db()
    .insertInto('affectation')
    .values({
      signalementId: d.id,
      partenaireId: p2.id,
      territoireId,
      statut: 'EN_COURS',
      createdAt: new Date('2000-01-01T10:00:00Z'),
      answeredAt: new Date('2000-01-02T11:30:00.123Z'),
      answeredById: rt.id,
      affectedById: rt.id,
    })
    .execute();

  // Files: a photo with a thumbnail (attached to a suivi), a PDF without, and one of another dossier.
  const file = (n: number, over: Record<string, unknown> = {}) => ({
    signalementId: d.id,
    storageKey: `test/one-statement-${n}-${d.id}`,
    filename: `f${n}.jpg`,
    title: `Fichier ${n}`,
    extension: 'jpg',
    mimeType: 'image/jpeg',
    size: 1000 + n,
    variants: JSON.stringify({ thumb: `test/one-statement-${n}-thumb` }),
    createdAt: new Date('2031-01-01T00:00:00Z'),
    ...over,
  });
  const files = await db()
    .insertInto('fichier')
    .values([
      file(1, { datePriseDeVue: '2030-05-06', uploadedById: rt.id }),
      file(2, { mimeType: 'application/pdf', extension: 'pdf', variants: '{}' }),
    ])
    .returning(['id', 'uuid'])
    .execute();
  const [f1, f2] = files;
  // These files have no stored content: keep them out of the download tests below, whatever happens here.
  t.after(() =>
    db()
      .deleteFrom('fichier')
      .where(
        'id',
        'in',
        files.map((f) => f.id),
      )
      .execute(),
  );
  const author = rt.id;
  const suivi = (at: string, over: Record<string, unknown> = {}) => ({
    signalementId: d.id,
    createdAt: new Date(at),
    createdById: author,
    description: `Suivi du ${at}`,
    type: 3,
    category: 'MESSAGE_PARTNER',
    ...over,
  });
  const suivis = await db()
    .insertInto('suivi')
    .values([
      suivi('2031-02-01T08:00:00Z', { updatedAt: new Date('2031-02-02T08:00:00Z') }),
      suivi('2031-02-01T08:00:00Z', { createdById: null, usagerRole: 'OCCUPANT' }),
      suivi('2031-03-01T08:00:00Z', { deletedAt: new Date(), description: 'Suivi supprimé' }),
    ])
    .returning('id')
    .execute();
  await db()
    .insertInto('suiviFichier')
    .values([
      { suiviId: suivis[0]!.id, fichierId: f2!.id },
      { suiviId: suivis[0]!.id, fichierId: f1!.id },
    ])
    .execute();

  // Précisions of two critères, inserted against the catalogue order.
  const present = db()
    .selectFrom('signalementDesordrePrecision')
    .select('desordrePrecisionId')
    .where('signalementId', '=', d.id);
  const candidates = await db()
    .selectFrom('desordrePrecision as dp')
    .select(['dp.id', 'dp.desordreCritereId'])
    .where('dp.id', 'not in', present)
    .orderBy('dp.desordreCritereId', 'desc')
    .orderBy('dp.id', 'desc')
    .limit(40)
    .execute();
  const lastCritere = candidates[0]!.desordreCritereId;
  const chosen = [
    ...candidates.filter((c) => c.desordreCritereId === lastCritere).slice(0, 2),
    candidates.find((c) => c.desordreCritereId !== lastCritere)!,
  ];
  await db()
    .insertInto('signalementDesordrePrecision')
    .values(
      chosen.map((c, i) => ({
        signalementId: d.id,
        desordrePrecisionId: c.id,
        precisionLibre: i === 0 ? 'Précision libre' : null,
        pieces: i === 0 ? ['cuisine', 'salon'] : null,
      })),
    )
    .execute();

  await db().deleteFrom('signalementQualification').where('signalementId', '=', d.id).execute();
  await db()
    .insertInto('signalementQualification')
    .values([
      { signalementId: d.id, qualification: 'NON_DECENCE', status: 'ARCHIVED', details: '{}' },
      { signalementId: d.id, qualification: 'RSD', status: 'DANGER_CHECK', details: '{}' },
      {
        signalementId: d.id,
        qualification: 'INSALUBRITE',
        status: 'INSALUBRITE_CHECK',
        isPostVisite: true,
        details: '{}',
      },
    ])
    .execute();

  const tags = await db()
    .insertInto('tag')
    .values([
      { territoireId, label: 'zz étiquette une', createdAt: new Date() },
      { territoireId, label: 'Aa étiquette deux', createdAt: new Date() },
      { territoireId, label: 'mm étiquette archivée', isArchive: true, createdAt: new Date() },
    ])
    .returning(['id', 'label'])
    .execute();
  await db().deleteFrom('tagSignalement').where('signalementId', '=', d.id).execute();
  await db()
    .insertInto('tagSignalement')
    .values(tags.map((t) => ({ tagId: t.id, signalementId: d.id })))
    .execute();

  // History: a removed affectation (partner as a pair), a partner as a plain number, a number too large to be
  // a partner id (ignored, never cast), a login line (not shown), two lines at the same instant.
  const h = (at: string, over: Record<string, unknown>) => ({
    event: 'UPDATE' as const,
    entityName: 'Affectation',
    entityId: '999999',
    changes: '{}',
    source: 'back-office',
    signalementId: d.id,
    utilisateurId: rt.id,
    createdAt: new Date(at),
    ...over,
  });
  const hist = await db()
    .insertInto('historyEntry')
    .values([
      h('2031-04-01T00:00:00Z', {
        event: 'DELETE',
        changes: JSON.stringify({ partenaireId: [p3.id, null] }),
      }),
      h('2031-04-02T00:00:00Z', { changes: JSON.stringify({ partenaireId: p4.id }), utilisateurId: null }),
      h('2031-04-02T00:00:00Z', { changes: JSON.stringify({ partenaireId: 1e30, statut: ['A', 'B'] }) }),
      h('2031-04-03T00:00:00Z', { event: 'LOGIN', entityName: 'Utilisateur' }),
    ])
    .returning('id')
    .execute();

  // Counted on the same pool: the policy target, then one statement for everything (history partners too).
  const statements: string[] = [];
  const counting = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: ctx.runtime.database.pool }),
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
    log: (e) => {
      statements.push(e.query.sql);
    },
  });
  const repo = createDossierRepository(counting);
  const { dossier: v, tagChoices } = await repo.loadPage(rt, d.uuid);
  assert.equal(statements.length, 2, statements.join('\n'));

  // The row itself: numbers stay numbers, JSON columns objects.
  assert.equal(v.signalement.id, d.id);
  assert.equal(v.territoire.id, territoireId);
  assert.ok(v.signalement.createdAt instanceof Date);
  assert.ok(v.signalement.score === null || typeof v.signalement.score === 'number');
  assert.equal(typeof v.signalement.situationFoyer, 'object');

  // Affectations: oldest first; dates as Date; people as { id, prenom, nom }.
  const affs = await db()
    .selectFrom('affectation')
    .select(['id', 'createdAt'])
    .where('signalementId', '=', d.id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    v.affectations.map((a) => a.id),
    affs.map((a) => a.id),
  );
  const a2 = v.affectations[0]!;
  assert.equal(a2.partenaireId, p2.id);
  assert.equal(a2.partenaireNom, p2.nom);
  assert.equal(a2.statut, 'EN_COURS');
  assert.ok(a2.createdAt instanceof Date);
  assert.equal(a2.createdAt.toISOString(), '2000-01-01T10:00:00.000Z');
  assert.equal(a2.answeredAt?.toISOString(), '2000-01-02T11:30:00.123Z');
  assert.deepEqual(a2.answeredBy, { id: rt.id, prenom: rt.prenom, nom: rt.nom });
  assert.deepEqual(a2.affectedBy, a2.answeredBy);
  assert.equal(a2.isSynchronized, false);
  for (const a of v.affectations) {
    assert.ok(a.createdAt instanceof Date && (a.answeredAt === null || a.answeredAt instanceof Date));
    assert.equal(typeof a.uuid, 'string');
  }

  // Suivis: newest first (same instant: highest id first), deleted ones left out, files in attach order.
  const mine = v.suivis.filter((s) => suivis.some((x) => x.id === s.id));
  assert.deepEqual(
    mine.map((s) => s.id),
    [suivis[1]!.id, suivis[0]!.id],
  );
  assert.equal(v.suivis[0]!.id, suivis[1]!.id, 'the newest suivi comes first');
  assert.ok(!v.suivis.some((s) => s.description === 'Suivi supprimé'));
  const [sA, sB] = mine;
  assert.equal(sA!.author, null);
  assert.equal(sA!.usagerRole, 'OCCUPANT');
  assert.equal(sA!.updatedAt, null);
  assert.deepEqual(sA!.fichiers, []);
  assert.deepEqual(sB!.author, { id: rt.id, prenom: rt.prenom, nom: rt.nom });
  assert.equal(sB!.updatedAt?.toISOString(), '2031-02-02T08:00:00.000Z');
  assert.equal(sB!.createdAt.toISOString(), '2031-02-01T08:00:00.000Z');
  assert.deepEqual(sB!.fichiers, [
    { uuid: f1!.uuid, title: 'Fichier 1', mimeType: 'image/jpeg', size: 1001 },
    { uuid: f2!.uuid, title: 'Fichier 2', mimeType: 'application/pdf', size: 1002 },
  ]);
  for (const s of v.suivis) {
    assert.ok(s.createdAt instanceof Date && (s.updatedAt === null || s.updatedAt instanceof Date));
    assert.equal(typeof s.type, 'number');
  }

  // Files: newest first (same instant: highest id first), thumbnails known, dates as Date, `date` as text.
  assert.deepEqual(
    v.fichiers.slice(0, 2).map((f) => f.uuid),
    [f2!.uuid, f1!.uuid],
  );
  const vf1 = v.fichiers.find((f) => f.uuid === f1!.uuid)!;
  const vf2 = v.fichiers.find((f) => f.uuid === f2!.uuid)!;
  assert.equal(vf1.hasThumb, true);
  assert.equal(vf2.hasThumb, false);
  assert.equal(vf1.datePriseDeVue, '2030-05-06');
  assert.equal(vf2.datePriseDeVue, null);
  assert.equal(vf1.size, 1001);
  assert.deepEqual(vf1.uploadedBy, { id: rt.id, prenom: rt.prenom, nom: rt.nom });
  assert.equal(vf2.uploadedBy, null);
  assert.equal(vf1.uploadedByUsager, false);
  assert.ok(v.fichiers.every((f) => f.createdAt instanceof Date && typeof f.id === 'number'));
  const fileCount = await db()
    .selectFrom('fichier')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('signalementId', '=', d.id)
    .executeTakeFirstOrThrow();
  assert.equal(v.fichiers.length, Number(fileCount.n));

  // Désordres: catalogue order (critère, then précision), grouped by critère.
  const catalogue = await db()
    .selectFrom('signalementDesordrePrecision as sdp')
    .innerJoin('desordrePrecision as dp', 'dp.id', 'sdp.desordrePrecisionId')
    .innerJoin('desordreCritere as dc', 'dc.id', 'dp.desordreCritereId')
    .select(['dp.slug', 'dc.slugCritere'])
    .where('sdp.signalementId', '=', d.id)
    .orderBy('dc.id')
    .orderBy('dp.id')
    .execute();
  assert.deepEqual(
    v.desordres.flatMap((c) => c.precisions.map((p) => p.slug)),
    catalogue.map((c) => c.slug),
  );
  assert.deepEqual(
    v.desordres.map((c) => c.slug),
    [...new Set(catalogue.map((c) => c.slugCritere))],
  );
  const withLibre = v.desordres
    .flatMap((c) => c.precisions)
    .find((p) => p.precisionLibre === 'Précision libre');
  assert.deepEqual(withLibre?.pieces, ['cuisine', 'salon']);
  for (const c of v.desordres) {
    assert.ok(['BATIMENT', 'LOGEMENT'].includes(c.zone) && c.label && c.categorieLabel);
    for (const p of c.precisions) assert.equal(typeof p.isDanger, 'boolean');
  }

  // Qualifications: post-visite first, archived ones left out.
  assert.deepEqual(v.qualifications, [
    { qualification: 'INSALUBRITE', status: 'INSALUBRITE_CHECK', isPostVisite: true },
    { qualification: 'RSD', status: 'DANGER_CHECK', isPostVisite: false },
  ]);

  // Tags: by label, archived ones left out; the tag form (TAGS_EDIT) lists them all, archived included.
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  const live = tags.filter((t) => !t.label.includes('archivée'));
  assert.deepEqual([...v.tags].sort(byLabel), [...live].sort(byLabel));
  assert.deepEqual(
    v.tags.map((t) => t.label),
    ['Aa étiquette deux', 'zz étiquette une'],
  );
  assert.ok(tagChoices, 'the responsable may edit the tags');
  assert.deepEqual(
    tagChoices.current.map((t) => t.label),
    ['Aa étiquette deux', 'mm étiquette archivée', 'zz étiquette une'],
  );
  // Exactly what the admin-tags repository gives for the form.
  assert.deepEqual(tagChoices.current, await tagsOfSignalement(db(), d.id));
  assert.deepEqual(tagChoices.available, await tagsOfTerritoire(db(), territoireId));
  assert.ok(!tagChoices.available.some((t) => t.label.includes('archivée')));

  // History: newest first (same instant: highest id first), no login lines, changes as objects.
  const [hDelete, hNumber, hHuge, hLogin] = hist.map((x) => x.id);
  const shown = v.history.filter((x) => hist.some((y) => y.id === x.id)).map((x) => x.id);
  assert.deepEqual(shown, [hHuge, hNumber, hDelete]);
  assert.ok(!v.history.some((x) => x.id === hLogin));
  const del = v.history.find((x) => x.id === hDelete)!;
  assert.equal(del.event, 'DELETE');
  assert.deepEqual(del.changes, { partenaireId: [p3.id, null] });
  assert.ok(del.createdAt instanceof Date);
  assert.equal(del.createdAt.toISOString(), '2031-04-01T00:00:00.000Z');
  assert.deepEqual(del.user, { id: rt.id, prenom: rt.prenom, nom: rt.nom, role: rt.role });
  assert.equal(v.history.find((x) => x.id === hNumber)!.user, null);
  assert.ok(v.history.every((x) => x.createdAt instanceof Date && typeof x.changes === 'object'));
  // Partner names: affected partners, and those only history mentions (no longer affected).
  assert.equal(v.partenaireNoms[p2.id], p2.nom);
  assert.equal(v.partenaireNoms[p3.id], p3.nom);
  assert.equal(v.partenaireNoms[p4.id], p4.nom);
  for (const a of v.affectations) assert.equal(v.partenaireNoms[a.partenaireId], a.partenaireNom);

  // The plain view loader gives the same dossier; the page renders it, the removed partner named.
  const plain = await repo.loadForView(rt, d.uuid);
  assert.deepEqual({ ...plain, access: null }, { ...v, access: null });
  const page = await (await as('rt-13@histologe.test')).get(href(d.uuid));
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`a retiré l’affectation du partenaire ${p3.nom}`), 'removed partner named');

  // Agents do not edit tags; out of scope is a 404 before anything is read.
  const agent = await loadPrincipal(db(), 'agent-13@histologe.test');
  const seenByAgent = await repo.loadPage(agent, d.uuid);
  assert.equal(seenByAgent.dossier.signalement.id, d.id);
  assert.equal(seenByAgent.tagChoices, undefined);
  for (const email of ['rt-01@histologe.test', 'agent-01@histologe.test']) {
    const outsider = await loadPrincipal(db(), email);
    await assert.rejects(
      () => repo.loadPage(outsider, d.uuid),
      (err) => err instanceof AppError && err.code === 'NOT_FOUND',
      email,
    );
    await assert.rejects(
      () => repo.loadForView(outsider, d.uuid),
      (err) => err instanceof AppError && err.code === 'NOT_FOUND',
      email,
    );
  }
  const notMine = await dossier('13', { notAffectedTo: 'agent-13@histologe.test' });
  await assert.rejects(
    () => repo.loadPage(agent, notMine.uuid),
    (err) => err instanceof AppError && err.code === 'NOT_FOUND',
  );
});

test('marking a dossier’s notifications read and counting the rest is one statement', async () => {
  const d = await dossier('13');
  const other = await dossier('13', { rich: true });
  const user = await loadPrincipal(db(), 'rt-13@histologe.test');
  const repo = createNotificationRepository(db());
  await db()
    .insertInto('notification')
    .values(
      [d.id, d.id, other.id].map((signalementId) => ({
        utilisateurId: user.id,
        type: 'NOUVEAU_SUIVI',
        signalementId,
        description: 'compte',
        createdAt: new Date(),
      })),
    )
    .execute();
  const before = await repo.unreadCount(user.id, 10_000);
  assert.equal(await repo.markSeenForSignalementAndCount(user.id, d.id, 10_000), before - 2);
  assert.equal(await repo.unreadCount(user.id, 10_000), before - 2);
  const rows = await db()
    .selectFrom('notification')
    .select(['signalementId', 'isSeen', 'seenAt'])
    .where('description', '=', 'compte')
    .execute();
  for (const r of rows) {
    assert.equal(r.isSeen, r.signalementId === d.id);
    assert.equal(r.seenAt instanceof Date, r.signalementId === d.id);
  }
  // Nothing left to mark: the count is unchanged; the cap still applies.
  assert.equal(await repo.markSeenForSignalementAndCount(user.id, d.id, 10_000), before - 2);
  assert.equal(await repo.markSeenForSignalementAndCount(user.id, other.id, 0), 0);
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
