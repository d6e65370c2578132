import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/helpers/test-database.ts';
import { type Db, hotStatement, prepared } from './database.ts';

test('a statement marked prepared runs like any other, and PostgreSQL prepares it once per connection', async () => {
  const testDb = await openTestDatabase();
  try {
    const { db, kind } = testDb.database;
    // One connection for the whole check: prepared statements belong to a connection.
    await db.connection().execute(async (conn) => {
      const run = (code: string) =>
        conn
          .selectFrom('territoire')
          .select(['code', 'nom'])
          .where('code', '=', code)
          .modifyEnd(prepared())
          .executeTakeFirst();
      const [a, b, none] = [await run('13'), await run('34'), await run('zz')];
      assert.equal(a?.code, '13');
      assert.equal(b?.code, '34');
      assert.equal(none, undefined);
      if (kind === 'postgres') {
        const stmts = await sql<{ statement: string }>`
          select statement from pg_prepared_statements where statement like '%/* prepared */'`.execute(conn);
        assert.equal(stmts.rows.length, 1, 'one statement, prepared once and reused');
        assert.match(stmts.rows[0]!.statement, /from "territoire"/);
      }
    });
    // An unmarked statement is never prepared.
    if (kind === 'postgres') {
      await db.connection().execute(async (conn) => {
        await conn.selectFrom('territoire').select('code').where('code', '=', '01').execute();
        const stmts = await sql<{ n: number }>`
          select count(*)::int as n from pg_prepared_statements where statement like '%"code" = $1'`.execute(
          conn,
        );
        assert.equal(stmts.rows[0]!.n, 0);
      });
    }
  } finally {
    await testDb.close();
  }
});

test('a hot statement is compiled once per handle and run with each value, constants kept', async () => {
  const testDb = await openTestDatabase();
  try {
    const { db } = testDb.database;
    let builds = 0;
    const byCode = hotStatement((h: Db, code: string) => {
      builds++;
      // '13' is also a constant of the statement: only the sentinel's slots take the value.
      return h
        .selectFrom('territoire')
        .select(['code'])
        .where((eb) => eb.or([eb('code', '=', code), eb('code', '=', '13')]))
        .orderBy('code');
    }, 'sentinel');
    assert.deepEqual(
      (await byCode(db, '34')).map((r) => r.code),
      ['13', '34'],
    );
    assert.deepEqual(
      (await byCode(db, '01')).map((r) => r.code),
      ['01', '13'],
    );
    assert.equal(builds, 1);
    // A transaction is a handle of its own: the statement runs on the transaction's connection.
    await db.transaction().execute(async (trx) => {
      assert.deepEqual(
        (await byCode(trx, 'zz')).map((r) => r.code),
        ['13'],
      );
    });
    assert.equal(builds, 2);

    const broken = hotStatement((h: Db, _code: string) => h.selectFrom('territoire').select('code'), 'x');
    await assert.rejects(() => broken(db, '13'), /must appear among the parameters/);
  } finally {
    await testDb.close();
  }
});
