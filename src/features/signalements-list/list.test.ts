import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadPrincipal } from '../../../test/helpers/principals.ts';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import type { AffectationStatus } from '../../domain/statuts.ts';
import type { CurrentUser } from '../auth/auth.repository.ts';
import { createListRepository, type ListRow } from './list.repository.ts';
import {
  type ListFilters,
  listQuery,
  PAGE_SIZE,
  parseFrenchDate,
  parseListQuery,
  restrictToOptions,
} from './list.schema.ts';

let ctx: TestContext;
let agent13: CurrentUser;
let rt13: CurrentUser;
let rt01: CurrentUser;
let admin: CurrentUser;
let t13: number;
let t01: number;

before(async () => {
  ctx = await createTestApp();
  const db = ctx.runtime.database.db;
  agent13 = await loadPrincipal(db, 'agent-13@histologe.test');
  rt13 = await loadPrincipal(db, 'rt-13@histologe.test');
  rt01 = await loadPrincipal(db, 'rt-01@histologe.test');
  admin = await loadPrincipal(db, 'admin@histologe.test');
  const ts = await db
    .selectFrom('territoire')
    .select(['id', 'code'])
    .where('code', 'in', ['13', '01'])
    .execute();
  t13 = ts.find((t) => t.code === '13')!.id;
  t01 = ts.find((t) => t.code === '01')!.id;
});
after(async () => {
  await ctx?.close();
});

const repo = () => createListRepository(ctx.runtime.database.db);
const db = () => ctx.runtime.database.db;

function filters(query: string, user: CurrentUser = admin): ListFilters {
  return parseListQuery(new URLSearchParams(query), { isSuperAdmin: user.role === 'ROLE_ADMIN' }).filters;
}

/** Every row of every page: also checks that the count equals the rows. */
async function all(user: CurrentUser, query = ''): Promise<ListRow[]> {
  const f = filters(query, user);
  const first = await repo().page(user, f);
  const rows = [...first.rows];
  for (let page = 2; page <= first.pageCount; page++)
    rows.push(...(await repo().page(user, { ...f, page })).rows);
  assert.equal(rows.length, first.total, `count equals rows for "${query}"`);
  assert.equal(new Set(rows.map((r) => r.uuid)).size, rows.length, 'no row twice across pages');
  return rows;
}

/** Ids and territories of the listed rows. */
async function facts(rows: ListRow[]) {
  if (rows.length === 0) return [];
  return db()
    .selectFrom('signalement')
    .select(['id', 'uuid', 'territoireId', 'statut', 'createdAt', 'score', 'reference'])
    .where(
      'uuid',
      'in',
      rows.map((r) => r.uuid),
    )
    .execute();
}

describe('query string parsing', () => {
  test('reads every filter and keeps the canonical URL', () => {
    const q =
      'q=dupont&territoire=3&statut=ACTIVE&statut=CLOSED&commune=13001&partenaire=4&affectation=EN_COURS&sansAffectation=1&du=01/02/2025&au=2026-03-04&scoreMin=12,5&scoreMax=80&procedure=INSALUBRITE&constat=suspectee&tag=2&mesDossiers=1&tri=score&ordre=asc&page=2';
    const { filters: f, notices } = parseListQuery(new URLSearchParams(q), { isSuperAdmin: true });
    assert.deepEqual(notices, []);
    assert.equal(f.q, 'dupont');
    assert.equal(f.territoire, 3);
    assert.deepEqual(f.statut, ['ACTIVE', 'CLOSED']);
    assert.equal(f.du, '2025-02-01');
    assert.equal(f.au, '2026-03-04');
    assert.equal(f.scoreMin, 12.5);
    assert.equal(f.page, 2);
    const again = parseListQuery(new URLSearchParams(listQuery(f).slice(1)), { isSuperAdmin: true });
    assert.deepEqual(again.filters, f);
  });

  test('bad values are left out with a French notice, never an exception', () => {
    const q =
      'statut=NIMPORTE&partenaire=abc&partenaire=-1&du=31/02/2026&au=hier&scoreMin=beaucoup&scoreMax=200&tri=nom&ordre=haut&page=0&constat=x&q=a&procedure=FOO&tag=1.5&territoire=2';
    const { filters: f, notices } = parseListQuery(new URLSearchParams(q), { isSuperAdmin: false });
    assert.deepEqual(f.statut, []);
    assert.deepEqual(f.partenaire, []);
    assert.equal(f.du, undefined);
    assert.equal(f.au, undefined);
    assert.equal(f.scoreMin, undefined);
    assert.equal(f.scoreMax, undefined);
    assert.equal(f.tri, 'depot');
    assert.equal(f.page, 1);
    assert.equal(f.q, undefined);
    assert.equal(f.territoire, undefined, 'only super admins choose a territory');
    assert.ok(notices.length >= 10, notices.join('\n'));
    for (const n of notices) assert.match(n, /[a-zé]/);
  });

  test('swapped bounds are put back in order', () => {
    const { filters: f, notices } = parseListQuery(
      new URLSearchParams('du=2026-05-01&au=2026-01-01&scoreMin=80&scoreMax=20'),
      { isSuperAdmin: false },
    );
    assert.equal(f.du, '2026-01-01');
    assert.equal(f.au, '2026-05-01');
    assert.equal(f.scoreMin, 20);
    assert.equal(f.scoreMax, 80);
    assert.equal(notices.length, 2);
  });

  test('French dates', () => {
    assert.equal(parseFrenchDate('28/11/2026'), '2026-11-28');
    assert.equal(parseFrenchDate('1.2.2026'), '2026-02-01');
    assert.equal(parseFrenchDate('2026-02-29'), undefined);
    assert.equal(parseFrenchDate('29/02/2028'), '2028-02-29');
  });

  test('partner and tag ids outside the options are dropped', () => {
    const parsed = parseListQuery(new URLSearchParams('partenaire=1&partenaire=2&tag=9'), {
      isSuperAdmin: false,
    });
    const r = restrictToOptions(parsed, {
      territoires: [],
      partenaires: [{ id: 2, nom: 'P', territoireId: 1 }],
      tags: [],
    });
    assert.deepEqual(r.filters.partenaire, [2]);
    assert.deepEqual(r.filters.tag, []);
    assert.equal(r.notices.length, 2);
  });
});

describe('scope', () => {
  test('agent-13 sees only dossiers affected to their partner', async () => {
    const rows = await all(agent13);
    assert.ok(rows.length > 0);
    const own = agent13.partenaires.map((p) => p.id);
    const affected = await db()
      .selectFrom('affectation')
      .select('signalementId')
      .where('partenaireId', 'in', own)
      .execute();
    const ids = new Set(affected.map((a) => a.signalementId));
    for (const f of await facts(rows)) assert.ok(ids.has(f.id), `dossier ${f.uuid} is affected to the agent`);
    // And every visible one is listed (list statuses only).
    const expected = await db()
      .selectFrom('signalement as s')
      .where('s.statut', 'in', ['NEED_VALIDATION', 'ACTIVE', 'CLOSED', 'REFUSED'])
      .where('s.id', 'in', [...ids])
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(rows.length, Number(expected.n));
  });

  test('rt-13 sees only territory 13, admin sees every territory', async () => {
    const rows13 = await facts(await all(rt13));
    assert.ok(rows13.length > 0);
    assert.ok(rows13.every((r) => r.territoireId === t13));
    const rowsAll = await facts(await all(admin));
    assert.ok(rowsAll.some((r) => r.territoireId === t01));
    assert.ok(rowsAll.some((r) => r.territoireId === t13));
    assert.ok(rowsAll.every((r) => ['NEED_VALIDATION', 'ACTIVE', 'CLOSED', 'REFUSED'].includes(r.statut)));
  });

  test('a name from territory 01 finds nothing for rt-13, but is found by rt-01', async () => {
    const names = await db()
      .selectFrom('signalement')
      .select(['occupantNom', sql<string>`immutable_unaccent(lower(occupant_nom))`.as('key')])
      .where('territoireId', '=', t01)
      .where('statut', '=', 'ACTIVE')
      .where('occupantNom', 'is not', null)
      .execute();
    const texts13 = (
      await db().selectFrom('signalement').select('searchText').where('territoireId', '=', t13).execute()
    ).map((r) => r.searchText);
    const other = names.find((n) => !texts13.some((t) => t.includes(n.key)));
    assert.ok(other, 'a name only found in territory 01');
    const q = `q=${encodeURIComponent(other.occupantNom!)}`;
    assert.equal((await all(rt13, q)).length, 0);
    assert.ok((await all(rt01, q)).length > 0);
  });

  test('a partner of another territory reveals nothing', async () => {
    const p01 = await db()
      .selectFrom('partenaire as p')
      .innerJoin('affectation as a', 'a.partenaireId', 'p.id')
      .select('p.id')
      .where('p.territoireId', '=', t01)
      .executeTakeFirstOrThrow();
    // Straight to the repository (no option check): the scope alone hides them.
    const f = filters(`partenaire=${p01.id}`, rt13);
    assert.deepEqual(f.partenaire, [p01.id]);
    const page = await repo().page(rt13, f);
    assert.equal(page.total, 0);
    assert.equal(page.rows.length, 0);
    // Through the options: the filter is dropped with a notice.
    const options = await repo().optionsNow(rt13);
    assert.ok(options.partenaires.every((p) => p.territoireId === t13));
    const r = restrictToOptions(
      parseListQuery(new URLSearchParams(`partenaire=${p01.id}`), { isSuperAdmin: false }),
      options,
    );
    assert.deepEqual(r.filters.partenaire, []);
  });
});

describe('filters', () => {
  test('statut', async () => {
    const rows = await all(rt13, 'statut=ACTIVE&statut=CLOSED');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.statut === 'ACTIVE' || r.statut === 'CLOSED'));
  });

  test('territoire (super admin only)', async () => {
    const rows = await facts(await all(admin, `territoire=${t01}`));
    assert.ok(rows.length > 0 && rows.every((r) => r.territoireId === t01));
    const f = filters(`territoire=${t01}`, rt13);
    assert.equal(f.territoire, undefined);
  });

  test('commune by postcode, INSEE code and accent-insensitive name', async () => {
    const one = await db()
      .selectFrom('signalement')
      .select(['cpOccupant', 'inseeOccupant', 'villeOccupant'])
      .where('territoireId', '=', t13)
      .where('statut', '=', 'ACTIVE')
      .where('inseeOccupant', 'is not', null)
      .executeTakeFirstOrThrow();
    const byCp = await all(rt13, `commune=${one.cpOccupant}`);
    assert.ok(byCp.length > 0 && byCp.every((r) => r.cp === one.cpOccupant));
    const byInsee = await facts(await all(rt13, `commune=${one.inseeOccupant}`));
    assert.ok(byInsee.length > 0);
    const upper = one.villeOccupant.toUpperCase().replace(/E/g, 'É');
    const byName = await all(rt13, `commune=${encodeURIComponent(upper)}`);
    assert.ok(byName.length > 0);
    assert.ok(
      byName.every((r) => r.ville.toLowerCase().startsWith(one.villeOccupant.toLowerCase().slice(0, 3))),
    );
  });

  test('partenaire and affectation status (responsable)', async () => {
    const aff = await db()
      .selectFrom('affectation as a')
      .innerJoin('signalement as s', 's.id', 'a.signalementId')
      .select(['a.partenaireId', 'a.statut'])
      .where('s.territoireId', '=', t13)
      .where('s.statut', '=', 'ACTIVE')
      .executeTakeFirstOrThrow();
    const rows = await all(rt13, `partenaire=${aff.partenaireId}&affectation=${aff.statut}`);
    assert.ok(rows.length > 0);
    for (const r of rows)
      assert.ok(r.affectations.some((a) => a.partenaireId === aff.partenaireId && a.statut === aff.statut));
  });

  test('affectation status of an agent is their own partner’s', async () => {
    const own = agent13.partenaires.map((p) => p.id);
    for (const statut of ['NOUVEAU', 'EN_COURS']) {
      const rows = await all(agent13, `affectation=${statut}`);
      for (const r of rows)
        assert.ok(r.affectations.some((a) => own.includes(a.partenaireId) && a.statut === statut));
    }
  });

  test('agent with two partners: the status of either own affectation, never another partner’s', async () => {
    // A second partner of territory 13 with EN_COURS affectations, added to agent-13's own.
    const first = agent13.partenaires[0]!;
    const other = await db()
      .selectFrom('affectation as a')
      .innerJoin('partenaire as p', 'p.id', 'a.partenaireId')
      .select(['p.id', 'p.uuid', 'p.nom'])
      .where('p.territoireId', '=', t13)
      .where('p.id', '!=', first.id)
      .where('a.statut', '=', 'EN_COURS')
      .groupBy(['p.id', 'p.uuid', 'p.nom'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('p.id')
      .executeTakeFirstOrThrow();
    const two: CurrentUser = {
      ...agent13,
      partenaires: [first, { ...first, id: other.id, uuid: other.uuid, nom: other.nom }],
    };
    const own = [first.id, other.id];
    /** Ids of the listed dossiers with an affectation to a partner in (or not in) `partners`, of `statuts`. */
    const affected = async (partners: number[], statuts?: AffectationStatus[], op: 'in' | 'not in' = 'in') =>
      new Set(
        (
          await db()
            .selectFrom('affectation as a')
            .innerJoin('signalement as s', 's.id', 'a.signalementId')
            .select('s.id')
            .where('a.partenaireId', op, partners)
            .$if(statuts !== undefined, (q) => q.where('a.statut', 'in', statuts ?? []))
            .where('s.statut', 'in', ['NEED_VALIDATION', 'ACTIVE', 'CLOSED', 'REFUSED'])
            .execute()
        ).map((r) => r.id),
      );
    const ids = async (query: string) => new Set((await facts(await all(two, query))).map((r) => r.id));

    // Scope: affected to either partner.
    const inScope = await affected(own);
    assert.deepEqual(await ids(''), inScope);

    // Status filter: the status of an affectation to one of their own partners, whichever.
    const enCours = await ids('affectation=EN_COURS');
    assert.deepEqual(enCours, await affected(own, ['EN_COURS']));
    const firstEnCours = await affected([first.id], ['EN_COURS']);
    assert.ok(
      [...enCours].some((id) => !firstEnCours.has(id)),
      'a dossier brought in by the second partner',
    );
    // In scope, EN_COURS only at a partner that is not theirs: left out (the data must have one).
    const elsewhere = await affected(own, ['EN_COURS'], 'not in');
    assert.ok([...elsewhere].some((id) => inScope.has(id) && !enCours.has(id)));

    // Partner filter for an agent: affected to the chosen partner (any status), the status still their own.
    const pair = await db()
      .selectFrom('affectation as mine')
      .innerJoin('affectation as theirs', 'theirs.signalementId', 'mine.signalementId')
      .select(['theirs.partenaireId', 'mine.signalementId'])
      .where('mine.partenaireId', 'in', own)
      .where('mine.statut', '=', 'FERME')
      .where('theirs.partenaireId', 'not in', own)
      .where('theirs.statut', '!=', 'FERME')
      .executeTakeFirstOrThrow();
    const withPartner = await ids(`partenaire=${pair.partenaireId}&affectation=FERME`);
    const toChosen = await affected([pair.partenaireId]);
    const expected = [...(await affected(own, ['FERME']))].filter((id) => toChosen.has(id));
    assert.deepEqual(withPartner, new Set(expected));
    assert.ok(withPartner.has(pair.signalementId), 'the chosen partner’s own status does not matter');
  });

  test('sans affectation', async () => {
    const rows = await all(rt13, 'sansAffectation=1');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.affectations.length === 0));
    assert.equal((await all(agent13, 'sansAffectation=1')).length, 0);
  });

  test('dates de dépôt (Paris calendar days)', async () => {
    const rows = await facts(await all(admin));
    const sorted = rows.map((r) => r.createdAt.getTime()).sort((a, b) => a - b);
    const mid = new Date(sorted[Math.floor(sorted.length / 2)]!);
    const day = mid.toISOString().slice(0, 10);
    const from = await facts(await all(admin, `du=${day}`));
    const until = await facts(await all(admin, `au=${day}`));
    assert.ok(from.length > 0 && until.length > 0);
    const start = new Date(`${day}T00:00:00+01:00`).getTime() - 3_600_000;
    assert.ok(from.every((r) => r.createdAt.getTime() >= start));
    const end = new Date(`${day}T23:59:59+01:00`).getTime() + 1000;
    assert.ok(until.every((r) => r.createdAt.getTime() <= end));
    const fr = day.split('-').reverse().join('/');
    assert.equal((await all(admin, `du=${fr}`)).length, from.length, 'French format gives the same result');
  });

  test('score range', async () => {
    const rows = await all(admin, 'scoreMin=20&scoreMax=60');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.score >= 20 && r.score <= 60));
  });

  test('procédure suspectée or constatée', async () => {
    const q = await db()
      .selectFrom('signalementQualification as sq')
      .innerJoin('signalement as s', 's.id', 'sq.signalementId')
      .select(['sq.qualification', 'sq.isPostVisite'])
      .where('s.statut', '=', 'ACTIVE')
      .where('sq.status', 'not in', ['ARCHIVED', 'NDE_OK'])
      .executeTakeFirstOrThrow();
    const constat = q.isPostVisite ? 'constatee' : 'suspectee';
    const rows = await all(admin, `procedure=${q.qualification}&constat=${constat}`);
    assert.ok(rows.length > 0);
    for (const r of rows)
      assert.ok(
        r.qualifications.some(
          (x) => x.qualification === q.qualification && x.isPostVisite === q.isPostVisite,
        ),
      );
  });

  test('étiquettes', async () => {
    const t = await db()
      .selectFrom('tagSignalement as ts')
      .innerJoin('tag', 'tag.id', 'ts.tagId')
      .innerJoin('signalement as s', 's.id', 'ts.signalementId')
      .select(['ts.tagId', 'tag.territoireId'])
      .where('s.statut', 'in', ['ACTIVE', 'CLOSED', 'NEED_VALIDATION'])
      .executeTakeFirst();
    if (!t) return;
    const rows = await facts(await all(admin, `tag=${t.tagId}`));
    assert.ok(rows.length > 0);
    const tagged = await db()
      .selectFrom('tagSignalement')
      .select('signalementId')
      .where('tagId', '=', t.tagId)
      .execute();
    const ids = new Set(tagged.map((x) => x.signalementId));
    assert.ok(rows.every((r) => ids.has(r.id)));
  });

  test('mes dossiers: only the subscribed ones', async () => {
    const visible = await facts(await all(agent13));
    const target = visible[0]!;
    await db().deleteFrom('abonnement').where('utilisateurId', '=', agent13.id).execute();
    await db()
      .insertInto('abonnement')
      .values({ utilisateurId: agent13.id, signalementId: target.id, createdAt: new Date() })
      .execute();
    const rows = await all(agent13, 'mesDossiers=1');
    assert.deepEqual(
      rows.map((r) => r.uuid),
      [target.uuid],
    );
  });

  test('text search: accent- and case-insensitive on names, reference, e-mail, address', async () => {
    const s = await db()
      .selectFrom('signalement')
      .select(['uuid', 'reference', 'occupantNom', 'occupantEmail', 'adresseOccupant'])
      .where('territoireId', '=', t13)
      .where('statut', '=', 'ACTIVE')
      .where('occupantNom', 'is not', null)
      .where('occupantEmail', 'is not', null)
      .executeTakeFirstOrThrow();
    const accented = s.occupantNom!.toUpperCase().replace(/E/g, 'É');
    for (const text of [accented, s.reference, s.occupantEmail!, s.adresseOccupant]) {
      const rows = await all(rt13, `q=${encodeURIComponent(text)}`);
      assert.ok(
        rows.some((r) => r.uuid === s.uuid),
        `found by "${text}"`,
      );
    }
    // A reference matches exactly: 2026-1 is not 2026-10.
    const byRef = await all(rt13, `q=${encodeURIComponent(s.reference)}`);
    assert.ok(byRef.every((r) => r.reference === s.reference));
    // LIKE wildcards are plain characters.
    assert.equal((await all(rt13, 'q=%25%25')).length, 0);
  });
});

describe('sort', () => {
  test('by date, both directions', async () => {
    const desc = await facts((await repo().page(admin, filters(''))).rows);
    const rows = (await repo().page(admin, filters(''))).rows;
    const byUuid = new Map(desc.map((r) => [r.uuid, r.createdAt.getTime()]));
    const times = rows.map((r) => byUuid.get(r.uuid)!);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const asc = (await repo().page(admin, filters('tri=depot&ordre=asc'))).rows.map((r) =>
      r.createdAt.getTime(),
    );
    assert.deepEqual(
      asc,
      [...asc].sort((a, b) => a - b),
    );
  });

  test('by score', async () => {
    const rows = await all(admin, 'tri=score&ordre=desc');
    const scores = rows.map((r) => r.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  test('by reference, natural order (2026-9 before 2026-10)', async () => {
    const rows = await all(rt13, 'tri=reference&ordre=asc');
    const keys = rows.map((r) => {
      const [y, n] = r.reference.split('-').map(Number);
      return y! * 1e7 + n!;
    });
    assert.deepEqual(
      keys,
      [...keys].sort((a, b) => a - b),
    );
  });

  test('by last activity, never-active dossiers last', async () => {
    const rows = await all(rt13, 'tri=activite&ordre=desc');
    const times = rows.map((r) => r.lastSuiviAt?.getTime() ?? -1);
    const seen = times.filter((t) => t >= 0);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
    );
    const firstNull = times.indexOf(-1);
    if (firstNull >= 0) assert.ok(times.slice(firstNull).every((t) => t === -1));
  });
});

describe('pages and counts', () => {
  test('a page past the end shows the last page; cached counts are per scope', async () => {
    const cached = createListRepository(db(), ctx.runtime.state.cache);
    const f = filters('page=999', rt13);
    const page = await cached.page(rt13, f);
    const total = (await all(rt13)).length;
    assert.equal(page.total, total);
    assert.equal(page.page, Math.ceil(total / PAGE_SIZE));
    assert.ok(page.rows.length > 0);
    // Same filters, other territory: its own total, never the cached one of rt-13.
    const a = await cached.page(rt13, filters('', rt13));
    const b = await cached.page(rt01, filters('', rt01));
    assert.equal(a.total, total);
    assert.equal(b.total, (await all(rt01)).length);
  });
});

describe('HTTP', () => {
  test('the page lists, counts and paginates; filters stay in the links', async () => {
    const b = new Browser(ctx.app);
    await b.signIn('rt-13@histologe.test');
    const res = await b.get('/bo/signalements?statut=ACTIVE&tri=score&ordre=desc');
    assert.equal(res.statusCode, 200);
    const total = (await all(rt13, 'statut=ACTIVE')).length;
    assert.match(res.body.replace(/\u202f/g, ' '), new RegExp(`${total} signalement`));
    assert.match(res.body, /<caption>/);
    assert.match(res.body, /aria-sort="descending"/);
    assert.match(res.body, /href="\/bo\/signalements\/[0-9a-f-]{36}"/);
    assert.match(res.body, /statut=ACTIVE/);
    if (total > PAGE_SIZE) assert.match(res.body, /page=2/);
  });

  test('bad query values answer 200 with a notice', async () => {
    const b = new Browser(ctx.app);
    await b.signIn('agent-13@histologe.test');
    const res = await b.get(
      '/bo/signalements?statut=%3Cscript%3E&page=-4&du=32/13/2026&scoreMin=x&tri=%27&partenaire=999999&territoire=1&q=%00',
    );
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /n’existe pas/);
    assert.doesNotMatch(res.body, /<script>/);
    const malformed = await b.get('/bo/signalements?q=%E0%A4%A&statut[]=ACTIVE&commune=%ZZ');
    assert.equal(malformed.statusCode, 200);
  });

  test('empty result shows a kind sentence and a reset link', async () => {
    const b = new Browser(ctx.app);
    await b.signIn('rt-13@histologe.test');
    const res = await b.get('/bo/signalements?q=zzzzqqqqxxxx');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Aucun signalement ne correspond/);
    assert.match(res.body, /Réinitialiser les filtres/);
  });

  test('signed-out visitors are sent to the sign-in page', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/bo/signalements' });
    assert.equal(res.statusCode, 303);
  });
});
