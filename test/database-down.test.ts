import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, createTestApp } from './helpers/test-app.ts';

// The embedded engine lives inside the process and cannot be stopped from outside; this scenario needs a
// PostgreSQL server (TEST_DATABASE_URL, as in CI).
const server = process.env.TEST_DATABASE_URL;

test('when PostgreSQL goes away, pages answer a French 500, /health says 503, and the app recovers', {
  skip: server ? false : 'needs TEST_DATABASE_URL (a PostgreSQL server that the test can cut off)',
}, async () => {
  const ctx = await createTestApp();
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const name = new URL(ctx.testDb.url).pathname.slice(1);
  try {
    assert.equal((await ctx.app.inject({ url: '/health' })).statusCode, 200);
    const agent = new Browser(ctx.app);
    await agent.signIn('agent-13@histologe.test');
    await admin.query(`alter database "${name}" allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);

    const health = await ctx.app.inject({ url: '/health' });
    assert.equal(health.statusCode, 503);
    assert.equal(health.json().checks.database, 'indisponible');
    const page = await agent.get('/bo');
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /<html lang="fr"/);
    assert.doesNotMatch(page.body, /pg_terminate|ECONNREFUSED|stack/i);

    await admin.query(`alter database "${name}" allow_connections true`);
    assert.equal((await ctx.app.inject({ url: '/health' })).statusCode, 200);
    assert.equal((await agent.get('/bo')).statusCode, 200, 'the session survived the outage');
  } finally {
    await admin.query(`alter database "${name}" allow_connections true`).catch(() => {});
    await admin.end();
    await ctx.close();
  }
});
