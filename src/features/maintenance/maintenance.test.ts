import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp({
    env: { MAINTENANCE_ENABLE: 'true', MAINTENANCE_MESSAGE: 'Retour prévu à 14 h.' },
  });
});
after(async () => {
  await ctx?.close();
});

test('the public gets a French maintenance page with status 503', async () => {
  const res = await ctx.app.inject({ url: '/' });
  assert.equal(res.statusCode, 503);
  assert.match(res.body, /maintenance/i);
  assert.match(res.body, /Retour prévu à 14 h\./);
  assert.equal(res.headers['retry-after'], '3600');
});

test('the API answers 503 JSON', async () => {
  const res = await ctx.app.inject({ url: '/api/signalements' });
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().code, 'MAINTENANCE');
});

test('health and assets stay available', async () => {
  assert.equal((await ctx.app.inject({ url: '/health' })).statusCode, 200);
  assert.equal((await ctx.app.inject({ url: '/dsfr/1.14.4/dsfr.min.css' })).statusCode, 200);
});

test('agents see the maintenance page; super admins keep working', async () => {
  const agent = new Browser(ctx.app);
  await agent.signIn('agent-13@histologe.test');
  assert.equal((await agent.get('/bo')).statusCode, 503);

  const admin = new Browser(ctx.app);
  const res = await admin.signIn('admin@histologe.test');
  assert.equal(res.statusCode, 303);
  const home = await admin.get('/bo');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Tous les territoires/);
});
