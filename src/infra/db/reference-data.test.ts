import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { loadReferenceData, planCommunes } from './reference-data.ts';

/**
 * PGlite in memory by default; with TEST_DATABASE_URL (e.g. postgres://root@127.0.0.1:5432/test) the same test
 * runs on a throwaway database created next to it and dropped at the end.
 */
async function openTestDatabase(): Promise<{ database: Database; dispose: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const database = await openDatabase('pglite://memory://');
    return { database, dispose: () => database.close() };
  }
  const name = `histologe_ref_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolSize: 2 });
  return {
    database,
    async dispose() {
      await database.close();
      const again = new pg.Client({ connectionString: base });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

async function count(db: Kysely<any>, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n);
}

async function territoiresOf(db: Kysely<any>, where: ReturnType<typeof sql>): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    select distinct t.code from commune c join territoire t on t.id = c.territoire_id where ${where} order by 1
  `.execute(db);
  return rows.map((r) => r.code);
}

describe('reference data', () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let db: Kysely<any>;
  const logs: string[] = [];
  let firstLoad: { loaded: string[] };
  let firstMs = 0;

  before(async () => {
    ({ database, dispose } = await openTestDatabase());
    db = database.db as unknown as Kysely<any>;
    await migrateToLatest(db);
    const started = performance.now();
    firstLoad = await loadReferenceData(db, { log: (m) => logs.push(m) });
    firstMs = performance.now() - started;
  });

  after(async () => {
    await dispose?.();
  });

  it('loads every dataset on an empty database and logs one line each', () => {
    assert.deepEqual(firstLoad.loaded, ['territoires', 'communes', 'desordres']);
    assert.equal(logs.length, 3);
    assert.match(logs[0]!, /territoires: 102 territoires in \d+ ms/);
    assert.match(logs[1]!, /communes: \d+ communes .* skipped/);
    assert.match(logs[2]!, /desordres: 16 categories, 84 criteres, 195 precisions/);
    // Informative only: the figure is reported by the test run, not asserted (timings are not tests).
    console.log(`first load: ${Math.round(firstMs)} ms (${database.kind})`);
  });

  it('creates the 102 territoires with their time zone, bbox and authorised communes', async () => {
    assert.equal(await count(db, sql`select count(*) as n from territoire`), 102);
    const { rows } = await sql<{
      code: string;
      nom: string;
      timezone: string;
      bbox: unknown;
      insee: unknown;
    }>`
      select code, nom, timezone, bbox, authorized_codes_insee as insee from territoire
      where code in ('01', '29', '69A', '971') order by code
    `.execute(db);
    assert.deepEqual(
      rows.map((r) => [r.code, r.timezone]),
      [
        ['01', 'Europe/Paris'],
        ['29', 'Europe/Paris'],
        ['69A', 'Europe/Paris'],
        ['971', 'America/Guadeloupe'],
      ],
    );
    assert.deepEqual(rows[0]!.bbox, { n: 46.519953, e: 6.170198, s: 45.611093, w: 4.728067 });
    assert.equal(rows[3]!.bbox, null);
    assert.deepEqual(rows[1]!.insee, ['29232', '29019']);
    assert.equal(rows[0]!.insee, null);
    assert.equal(rows[2]!.nom, 'Métropole de Lyon');
  });

  it('creates the désordres catalogue with its flags', async () => {
    assert.equal(await count(db, sql`select count(*) as n from desordre_categorie`), 16);
    assert.equal(await count(db, sql`select count(*) as n from desordre_critere`), 84);
    assert.equal(await count(db, sql`select count(*) as n from desordre_precision`), 195);
    assert.equal(await count(db, sql`select count(*) as n from desordre_precision where is_danger`), 45);
    assert.equal(await count(db, sql`select count(*) as n from desordre_precision where is_insalubrite`), 11);
    assert.equal(
      await count(db, sql`select count(*) as n from desordre_precision where is_suroccupation`),
      2,
    );
    assert.equal(
      await count(
        db,
        sql`select count(*) as n from desordre_categorie where app_context = 'service_secours'`,
      ),
      1,
    );
    const { rows } = await sql<{
      coef: number;
      qualifications: string[];
      zone: string;
      libre: string | null;
    }>`
      select p.coef, p.qualifications, c.zone_categorie as zone, c.precision_libre_type as libre
      from desordre_precision p join desordre_critere c on c.id = p.desordre_critere_id
      where p.slug = 'desordres_type_composition_logement_sous_combles'
    `.execute(db);
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0]!.coef), 24);
    assert.equal(rows[0]!.zone, 'LOGEMENT');
    assert.ok(Array.isArray(rows[0]!.qualifications));
    const range = await sql<{ lo: number; hi: number }>`
      select min(coef) as lo, max(coef) as hi from desordre_precision
    `.execute(db);
    assert.deepEqual([Number(range.rows[0]!.lo), Number(range.rows[0]!.hi)], [0, 24]);
    // Ids follow the source order.
    const first = await sql<{
      slug: string;
    }>`select slug from desordre_precision order by id limit 1`.execute(db);
    assert.equal(first.rows[0]!.slug, 'desordres_batiment_proprete_interieur');
  });

  it('loads the communes with the right territoire', async () => {
    const communes = await count(db, sql`select count(*) as n from commune`);
    assert.ok(communes > 34_000, `${communes} communes`);
    assert.ok(communes < 40_000, `${communes} communes`);
    assert.ok((await count(db, sql`select count(*) as n from epci`)) > 1000);

    // Marseille 1er: both the commune (13055) and its arrondissement (13201) carry the postcode 13001.
    // Single-word aliases: the application's Kysely instance camelCases result keys.
    const marseille = await sql<{ insee: string; nom: string }>`
      select code_insee as insee, nom from commune where code_postal = '13001' order by code_insee
    `.execute(db);
    assert.deepEqual(
      marseille.rows.map((r) => r.insee),
      ['13055', '13201'],
    );
    assert.deepEqual(await territoiresOf(db, sql`c.code_postal = '13001'`), ['13']);

    assert.deepEqual(await territoiresOf(db, sql`c.code_insee = '69123'`), ['69A']);
    assert.deepEqual(await territoiresOf(db, sql`c.code_insee = '69381'`), ['69A']);
    assert.deepEqual(await territoiresOf(db, sql`c.code_insee = '69264'`), ['69']);
    assert.deepEqual(await territoiresOf(db, sql`c.code_insee = '2A004'`), ['2A']);
    assert.deepEqual(await territoiresOf(db, sql`c.code_insee = '2B033'`), ['2B']);
    assert.deepEqual(await territoiresOf(db, sql`c.code_insee = '75101'`), ['75']);
    // Saint-Martin (COM 978) is attached to Guadeloupe, whose time zone applies.
    assert.deepEqual(await territoiresOf(db, sql`c.code_insee = '97801'`), ['971']);
    // Saint-Pierre-et-Miquelon has no territoire: skipped.
    assert.deepEqual(await territoiresOf(db, sql`c.code_insee like '975%'`), []);

    const guadeloupe = await sql<{ timezone: string; nom: string }>`
      select t.timezone, c.nom from commune c join territoire t on t.id = c.territoire_id
      where c.code_insee = '97105'
    `.execute(db);
    assert.deepEqual(guadeloupe.rows, [{ timezone: 'America/Guadeloupe', nom: 'Basse-Terre' }]);

    // Every commune of the Métropole de Lyon is in 69A, none of the rest of the Rhône.
    const lyon = await sql<{ code: string; n: number }>`
      select t.code, count(*) as n from commune c
      join territoire t on t.id = c.territoire_id join epci e on e.id = c.epci_id
      where e.code = '200046977' group by t.code
    `.execute(db);
    assert.deepEqual(
      lyon.rows.map((r) => r.code),
      ['69A'],
    );
    // Arrondissements inherit the EPCI of their commune.
    const arrondissement = await sql<{ epci: string }>`
      select e.code as epci from commune c join epci e on e.id = c.epci_id where c.code_insee = '69385'
    `.execute(db);
    assert.deepEqual(arrondissement.rows, [{ epci: '200046977' }]);
  });

  it('finds a commune by name regardless of accents and case', async () => {
    const { rows } = await sql<{ nom: string }>`
      select distinct nom from commune
      where immutable_unaccent(lower(nom)) like immutable_unaccent(lower(${'%villefranche-sur-saone%'}))
    `.execute(db);
    assert.ok(rows.some((r) => r.nom === 'Villefranche-sur-Saône'));
  });

  it('skips everything on a second call', async () => {
    const second: string[] = [];
    const started = performance.now();
    const result = await loadReferenceData(db, { log: (m) => second.push(m) });
    const ms = performance.now() - started;
    assert.deepEqual(result.loaded, []);
    assert.equal(second.length, 1);
    assert.match(second[0]!, /up to date/);
    console.log(`second load: ${Math.round(ms)} ms (${database.kind})`);
  });

  it('reloads a dataset whose checksum changed, keeping ids and creating no duplicate', async () => {
    const before = await sql<{ id: number }>`
      select id from commune where code_postal = '69400' and code_insee = '69264'
    `.execute(db);
    const precisionBefore = await sql<{ id: number }>`
      select id from desordre_precision where slug = 'desordres_batiment_proprete_interieur'
    `.execute(db);
    await sql`update reference_data_version set checksum = 'stale' where name in ('communes', 'desordres')`.execute(
      db,
    );
    await sql`update desordre_precision set coef = 99 where slug = 'desordres_batiment_proprete_interieur'`.execute(
      db,
    );
    await sql`update commune set nom = 'Ancien nom' where code_postal = '69400' and code_insee = '69264'`.execute(
      db,
    );

    const result = await loadReferenceData(db);
    assert.deepEqual(result.loaded, ['communes', 'desordres']);

    const after = await sql<{ id: number; nom: string }>`
      select id, nom from commune where code_postal = '69400' and code_insee = '69264'
    `.execute(db);
    assert.deepEqual(after.rows, [{ id: before.rows[0]!.id, nom: 'Villefranche-sur-Saône' }]);
    const precisionAfter = await sql<{ id: number; coef: number }>`
      select id, coef from desordre_precision where slug = 'desordres_batiment_proprete_interieur'
    `.execute(db);
    assert.equal(precisionAfter.rows[0]!.id, precisionBefore.rows[0]!.id);
    assert.equal(Number(precisionAfter.rows[0]!.coef), 1);
    assert.equal(await count(db, sql`select count(*) as n from desordre_precision`), 195);
  });
});

describe('planCommunes', () => {
  const epcis = [
    { code: '200046977', nom: 'Métropole de Lyon', membres: [{ code: '69123' }] },
    { code: '200000001', nom: 'CA Test', membres: [{ code: '69264' }, { code: '97105' }] },
  ];
  const communes = [
    {
      code: '69123',
      nom: 'Lyon',
      type: 'commune-actuelle',
      departement: '69',
      codesPostaux: ['69001', '69002'],
    },
    {
      code: '69381',
      nom: 'Lyon 1er Arrondissement',
      type: 'arrondissement-municipal',
      departement: '69',
      commune: '69123',
      codesPostaux: ['69001'],
    },
    {
      code: '69264',
      nom: 'Villefranche-sur-Saône',
      type: 'commune-actuelle',
      departement: '69',
      codesPostaux: ['69400', '69400'],
    },
    { code: '69152', nom: 'Pierre-Bénite', type: 'commune-deleguee', departement: '69' },
    {
      code: '97801',
      nom: 'Saint-Martin',
      type: 'commune-actuelle',
      departement: '978',
      codesPostaux: ['97150'],
    },
    {
      code: '97502',
      nom: 'Saint-Pierre',
      type: 'commune-actuelle',
      departement: '975',
      codesPostaux: ['97500'],
    },
    { code: '2A004', nom: 'Ajaccio', type: 'commune-actuelle', departement: '2A', codesPostaux: [] },
  ];

  it('maps départements to territoires, splits the Rhône and skips what has no territoire', () => {
    const plan = planCommunes(communes, epcis, new Set(['69', '69A', '971', '2A']));
    assert.deepEqual(
      plan.communes.map((c) => [c.code_insee, c.code_postal, c.territoire, c.epci]),
      [
        ['69123', '69001', '69A', '200046977'],
        ['69123', '69002', '69A', '200046977'],
        ['69381', '69001', '69A', '200046977'],
        ['69264', '69400', '69', '200000001'],
        ['97801', '97150', '971', null],
      ],
    );
    assert.deepEqual(plan.skipped, { '975': 1 });
    assert.deepEqual(plan.withoutPostcode, ['2A004']);
    assert.equal(plan.epcis.length, 2);
  });
});
