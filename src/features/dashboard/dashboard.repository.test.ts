import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadPrincipal } from '../../../test/helpers/principals.ts';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { createDashboardRepository } from './dashboard.repository.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});

const principal = (email: string) => loadPrincipal(ctx.runtime.database.db, email);

test('the agent count equals the dossiers affected to their partner, hidden statuses excluded', async () => {
  const db = ctx.runtime.database.db;
  const agent = await principal('agent-13@histologe.test');
  const counts = await createDashboardRepository(db).countNow(agent);
  const expected = await db
    .selectFrom('affectation as a')
    .innerJoin('signalement as s', 's.id', 'a.signalementId')
    .where(
      'a.partenaireId',
      'in',
      agent.partenaires.map((p) => p.id),
    )
    .where('s.statut', 'not in', ['ARCHIVED', 'DRAFT', 'DRAFT_ARCHIVED'])
    .select((eb) => eb.fn.count<number>('s.id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(counts.total, Number(expected.n));
  assert.ok(counts.total >= counts.enCours + counts.fermes + counts.nouveaux);
});

test('cached counts are per scope: one territory never sees another one’s figures', async () => {
  const repo = createDashboardRepository(ctx.runtime.database.db, ctx.runtime.state.cache);
  const rt13 = await principal('rt-13@histologe.test');
  const rt01 = await principal('rt-01@histologe.test');
  const [a, b] = [await repo.counts(rt13), await repo.counts(rt01)];
  assert.deepEqual(a, await repo.countNow(rt13));
  assert.deepEqual(b, await repo.countNow(rt01));
});

test('counts are cached for a minute, then recomputed', async () => {
  const db = ctx.runtime.database.db;
  const repo = createDashboardRepository(db, ctx.runtime.state.cache);
  const rt34 = await principal('rt-34@histologe.test');
  const first = await repo.counts(rt34);
  const victim = await db
    .selectFrom('signalement as s')
    .innerJoin('territoire as t', 't.id', 's.territoireId')
    .where('t.code', '=', '34')
    .where('s.statut', '=', 'ACTIVE')
    .select('s.id')
    .executeTakeFirstOrThrow();
  await db.updateTable('signalement').set({ statut: 'ARCHIVED' }).where('id', '=', victim.id).execute();
  assert.deepEqual(await repo.counts(rt34), first, 'served from the cache');
  assert.equal((await repo.countNow(rt34)).total, first.total - 1);
  await ctx.runtime.state.cache.del(
    `dashboard:counts:${JSON.stringify({ kind: 'territoires', territoireIds: rt34.partenaires.map((p) => p.territoireId) })}`,
  );
  assert.equal((await repo.counts(rt34)).total, first.total - 1, 'recomputed once the entry is gone');
});
