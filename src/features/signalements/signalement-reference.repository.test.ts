import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/test-database.ts';
import { parseReference } from '../../domain/reference.ts';
import { newCodeSuivi, nextReference } from './signalement-reference.repository.ts';

let t: TestDatabase;
let territoireId: number;
before(async () => {
  t = await openTestDatabase();
  territoireId = (
    await t.database.db
      .selectFrom('territoire')
      .select('id')
      .where('code', '=', '2B')
      .executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t?.close();
});

test('50 parallel transactions in one territory get 50 distinct consecutive references', async () => {
  const db = t.database.db;
  const refs = await Promise.all(
    Array.from({ length: 50 }, () =>
      db.transaction().execute((trx) => nextReference(trx, territoireId, 2031)),
    ),
  );
  const numbers = refs.map((r) => parseReference(r)!.number).sort((a, b) => a - b);
  assert.deepEqual(
    numbers,
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
  assert.ok(refs.every((r) => r.startsWith('2031-')));
});

test('numbering is per territory and per year', async () => {
  const db = t.database.db;
  const other = (
    await db.selectFrom('territoire').select('id').where('code', '=', '2A').executeTakeFirstOrThrow()
  ).id;
  assert.equal(await nextReference(db, other, 2031), '2031-1');
  assert.equal(await nextReference(db, territoireId, 2032), '2032-1');
  assert.equal(await nextReference(db, territoireId, 2031), '2031-51');
});

test('a rolled-back submission does not consume a number', async () => {
  const db = t.database.db;
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await nextReference(trx, territoireId, 2033);
      throw new Error('submission failed');
    }),
  );
  assert.equal(await nextReference(db, territoireId, 2033), '2033-1');
});

test('codes suivi are long, URL-safe and unique', () => {
  const codes = new Set(Array.from({ length: 1000 }, newCodeSuivi));
  assert.equal(codes.size, 1000);
  for (const c of codes) assert.match(c, /^[A-Za-z0-9_-]{32}$/);
});
