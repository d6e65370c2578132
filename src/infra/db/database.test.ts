import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/helpers/test-database.ts';
import { prepared } from './database.ts';

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
