import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/test-database.ts';
import { createCommuneLookup, findTerritoireForCommune } from './communes.repository.ts';

let t: TestDatabase;
before(async () => {
  t = await openTestDatabase();
});
after(async () => {
  await t?.close();
});

test('a postcode in the query gives its communes (offline geocoding fallback)', async () => {
  const lookup = createCommuneLookup(t.database.db);
  const rows = await lookup('12 rue de la République 13001 Marseille');
  assert.ok(
    rows.some((r) => r.codeInsee === '13201' || r.codeInsee === '13055'),
    JSON.stringify(rows),
  );
  assert.ok(rows.every((r) => r.codePostal === '13001'));
});

test('a commune name matches without accents or case', async () => {
  const lookup = createCommuneLookup(t.database.db);
  const rows = await lookup('BEZIERS');
  assert.ok(
    rows.some((r) => r.nom === 'Béziers' && r.codeInsee === '34032'),
    JSON.stringify(rows),
  );
  assert.deepEqual(await lookup('%'), []);
});

test('territory resolution from postcode and INSEE code, Lyon métropole included', async () => {
  const db = t.database.db;
  assert.equal((await findTerritoireForCommune(db, '01000'))?.code, '01');
  assert.equal((await findTerritoireForCommune(db, '69001', '69381'))?.code, '69A');
  assert.equal((await findTerritoireForCommune(db, '20000', '2A004'))?.code, '2A');
  assert.equal(await findTerritoireForCommune(db, '99999'), undefined);
});
