import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/test-database.ts';
import { checkTerritory, normalizeInsee, type TerritoryCheck, zipFromCode } from './territory-check.ts';

// Runs on the real reference data (territoires file + communes of @etalab/decoupage-administratif).

let testDb: TestDatabase;
before(async () => {
  testDb = await openTestDatabase();
});
after(async () => {
  await testDb.close();
});

const check = (input: Parameters<typeof checkTerritory>[1]) => checkTerritory(testDb.database.db, input);

function zipOf(r: TerritoryCheck): string | undefined {
  return r.status === 'unknown' ? undefined : r.territoire?.zip;
}

describe('normalizeInsee / zipFromCode', () => {
  test('whole-city codes of Marseille, Lyon and Paris become the arrondissement of the postcode', () => {
    assert.equal(normalizeInsee('13001', '13055'), '13201');
    assert.equal(normalizeInsee('13016', '13055'), '13216');
    assert.equal(normalizeInsee('69003', '69123'), '69383');
    assert.equal(normalizeInsee('75001', '75056'), '75101');
    assert.equal(normalizeInsee('75020', '75056'), '75120');
    assert.equal(normalizeInsee('75116', '75056'), '75116');
    // Not an arrondissement postcode, or another commune: unchanged.
    assert.equal(normalizeInsee('13100', '13055'), '13055');
    assert.equal(normalizeInsee('13001', '13201'), '13201');
    assert.equal(normalizeInsee(undefined, '13055'), '13055');
  });

  test('département of a code, Corsica and overseas included', () => {
    assert.equal(zipFromCode('2A004'), '2A');
    assert.equal(zipFromCode('2B033'), '2B');
    assert.equal(zipFromCode('20000'), '2A');
    assert.equal(zipFromCode('20137'), '2A');
    assert.equal(zipFromCode('20200'), '2B');
    assert.equal(zipFromCode('20600'), '2B');
    assert.equal(zipFromCode('97105'), '971');
    assert.equal(zipFromCode('97600'), '976');
    assert.equal(zipFromCode('13002'), '13');
    assert.equal(zipFromCode('00000'), null);
    assert.equal(zipFromCode('99999'), null);
  });
});

describe('checkTerritory', () => {
  test('Marseille (13, open): by INSEE of the arrondissement or of the whole city', async () => {
    const r = await check({ codePostal: '13002', insee: '13202' });
    assert.equal(r.status, 'open');
    assert.ok(r.status === 'open');
    assert.equal(r.territoire.zip, '13');
    assert.equal(r.territoire.name, 'Bouches-du-Rhône');
    assert.equal(typeof r.territoire.id, 'number');
    assert.equal(r.insee, '13202');

    const city = await check({ codePostal: '13002', insee: '13055' });
    assert.equal(city.status, 'open');
    assert.ok(city.status === 'open');
    assert.equal(city.insee, '13202', 'normalised to the arrondissement');
  });

  test('postcode only (address typed by hand), with or without the commune name', async () => {
    const byName = await check({ codePostal: '13002', commune: 'marseille' });
    assert.equal(byName.status, 'open');
    assert.equal(zipOf(byName), '13');
    assert.ok(byName.status === 'open');
    assert.equal(byName.insee, '13202', 'the arrondissement is preferred to the whole city');

    const onlyCp = await check({ codePostal: '13002' });
    assert.equal(onlyCp.status, 'open');
    assert.equal(zipOf(onlyCp), '13');

    const spaced = await check({ codePostal: ' 13 002 ', commune: '  ' });
    assert.equal(spaced.status, 'open');
  });

  test('a closed territory (Hautes-Alpes, Paris, Mayotte) is named', async () => {
    const gap = await check({ codePostal: '05000', insee: '05061' });
    assert.equal(gap.status, 'closed');
    assert.equal(zipOf(gap), '05');
    assert.ok(gap.status === 'closed');
    assert.equal(gap.territoire?.name, 'Hautes-Alpes');

    const gapByHand = await check({ codePostal: '05000', commune: 'Gap' });
    assert.equal(gapByHand.status, 'closed');
    assert.equal(zipOf(gapByHand), '05');

    const paris = await check({ codePostal: '75011', insee: '75056' });
    assert.equal(paris.status, 'closed');
    assert.equal(zipOf(paris), '75');

    const mayotte = await check({ codePostal: '97600' });
    assert.equal(mayotte.status, 'closed');
    assert.equal(zipOf(mayotte), '976');
  });

  test('Métropole de Lyon (69A) and the rest of the Rhône (69) are told apart', async () => {
    const lyon = await check({ codePostal: '69003', insee: '69123' });
    assert.equal(lyon.status, 'open');
    assert.equal(zipOf(lyon), '69A');
    assert.ok(lyon.status === 'open');
    assert.equal(lyon.insee, '69383');

    const villeurbanne = await check({ codePostal: '69100', commune: 'Villeurbanne' });
    assert.equal(villeurbanne.status, 'open');
    assert.equal(zipOf(villeurbanne), '69A');

    // Rhône outside the métropole: open only in its authorised communes.
    const tarare = await check({ codePostal: '69170', insee: '69243' });
    assert.equal(tarare.status, 'open');
    assert.equal(zipOf(tarare), '69');

    const villefranche = await check({ codePostal: '69400', insee: '69264' });
    assert.equal(villefranche.status, 'closed');
    assert.equal(zipOf(villefranche), '69');

    // INSEE 69001 is Affoux (Rhône), not Lyon 1er: the code decides, not the look of it.
    const affoux = await check({ codePostal: '69170', insee: '69001' });
    assert.equal(zipOf(affoux), '69');
    assert.equal(affoux.status, 'open');
  });

  test('postcode shared by authorised and other communes: the name decides, else unknown', async () => {
    // 69490: Saint-Forgeux is authorised, Sarcey is not.
    const forgeux = await check({ codePostal: '69490', commune: 'St Forgeux' });
    assert.equal(forgeux.status, 'open');
    const sarcey = await check({ codePostal: '69490', commune: 'Sarcey' });
    assert.equal(sarcey.status, 'closed');
    assert.equal(zipOf(sarcey), '69');
    const unsure = await check({ codePostal: '69490' });
    assert.equal(unsure.status, 'unknown');
    const unsureName = await check({ codePostal: '69490', commune: 'Nulle-Part' });
    assert.equal(unsureName.status, 'unknown');
    // Every commune of the postcode agrees: the answer is sure even without a name.
    const allOpen = await check({ codePostal: '69550' });
    assert.equal(allOpen.status, 'open');
    assert.equal(zipOf(allOpen), '69');
  });

  test('Corsica: 2A and 2B by INSEE and by postcode', async () => {
    const ajaccio = await check({ codePostal: '20000', insee: '2A004' });
    assert.equal(ajaccio.status, 'open');
    assert.equal(zipOf(ajaccio), '2A');

    const bastia = await check({ codePostal: '20200', insee: '2b033' });
    assert.equal(bastia.status, 'open');
    assert.equal(zipOf(bastia), '2B');

    const byHand = await check({ codePostal: '20200', commune: 'Bastia' });
    assert.equal(zipOf(byHand), '2B');
  });

  test('overseas: Guadeloupe (971) open', async () => {
    const r = await check({ codePostal: '97100', insee: '97105' });
    assert.equal(r.status, 'open');
    assert.equal(zipOf(r), '971');
  });

  test('unknown or malformed input answers unknown, never throws', async () => {
    assert.deepEqual(await check({ codePostal: '99999' }), { status: 'unknown' });
    assert.deepEqual(await check({ codePostal: '00000' }), { status: 'unknown' });
    assert.deepEqual(await check({}), { status: 'unknown' });
    assert.deepEqual(await check({ codePostal: 'abcde', insee: "1'; drop" }), { status: 'unknown' });
    assert.deepEqual(await check({ codePostal: null, insee: null, commune: null }), { status: 'unknown' });
    // An unknown Rhône postcode cannot tell 69 from 69A.
    assert.deepEqual(await check({ codePostal: '69999' }), { status: 'unknown' });
  });

  test('an unknown INSEE code still gives the département', async () => {
    // A CEDEX-like postcode and a commune code that is not in our table (e.g. merged since).
    const r = await check({ codePostal: '13998', insee: '13999' });
    assert.equal(zipOf(r), '13');
    assert.equal(r.status, 'open');
  });

  test('follows the territoire opening in the database', async () => {
    const db = testDb.database.db;
    await db.updateTable('territoire').set({ isActive: false }).where('code', '=', '13').execute();
    try {
      const r = await check({ codePostal: '13002', insee: '13202' });
      assert.equal(r.status, 'closed');
      assert.equal(zipOf(r), '13');
    } finally {
      await db.updateTable('territoire').set({ isActive: true }).where('code', '=', '13').execute();
    }
  });
});
