import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';

let ctx: TestContext;
const db = () => ctx.runtime.database.db;
let agent13: number;
let agent01: number;
let s1: { id: number; uuid: string; reference: string };
let s2: { id: number; uuid: string; reference: string };
let browser: Browser;

async function userId(email: string) {
  return (
    await db().selectFrom('utilisateur').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  ).id;
}

async function add(utilisateurId: number, s: { id: number }, description: string, createdAt = new Date()) {
  return db()
    .insertInto('notification')
    .values({ utilisateurId, type: 'NOUVEAU_SUIVI', signalementId: s.id, description, createdAt })
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow();
}

/** The unread count shown in the header navigation ("3 non lues"), 0 when absent. */
function headerCount(html: string): number {
  const m = /hl-nav-count">\s*(\d+)/.exec(html);
  return m ? Number(m[1]) : 0;
}

before(async () => {
  ctx = await createTestApp();
  agent13 = await userId('agent-13@histologe.test');
  agent01 = await userId('agent-01@histologe.test');
  const rows = await db()
    .selectFrom('signalement')
    .select(['id', 'uuid', 'reference'])
    .orderBy('id')
    .limit(2)
    .execute();
  s1 = rows[0]!;
  s2 = rows[1]!;
  browser = new Browser(ctx.app);
  const res = await browser.signIn('agent-13@histologe.test');
  assert.equal(res.statusCode, 303);
});
after(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  await db().deleteFrom('notification').where('utilisateurId', 'in', [agent13, agent01]).execute();
});

describe('/bo/notifications', () => {
  test('requires sign-in', async () => {
    const res = await new Browser(ctx.app).get('/bo/notifications');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/connexion/);
  });

  test('lists own notifications, newest first, with reference, link, sentence and a text unread marker', async () => {
    await add(agent13, s1, 'Ancienne <b>notification</b>', new Date(Date.now() - 3_600_000));
    const recent = await add(agent13, s2, 'Récente notification');
    await add(agent01, s1, 'Celle d’un autre agent');
    const res = await browser.get('/bo/notifications');
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.ok(html.includes(`Dossier ${s2.reference}`));
    assert.ok(html.includes(`/bo/notifications/${recent.uuid}/ouvrir`));
    assert.ok(html.indexOf('Récente notification') < html.indexOf('Ancienne'), 'newest first');
    assert.ok(html.includes('Ancienne &lt;b>notification&lt;/b>'), 'escaped');
    assert.ok(!html.includes('<b>notification'));
    assert.ok(!html.includes('Celle d’un autre agent'));
    assert.equal((html.match(/>Non lue</g) ?? []).length, 2);
    assert.ok(html.includes('Tout marquer comme lu'));
    assert.equal(headerCount(html), 2);
  });

  test('header count on other back-office pages', async () => {
    await add(agent13, s1, 'Une');
    await add(agent13, s1, 'Deux');
    await add(agent13, s1, 'Trois');
    const res = await browser.get('/bo');
    assert.equal(res.statusCode, 200);
    assert.equal(headerCount(res.body), 3);
    assert.match(res.body, /3<span class="fr-sr-only"> non lues<\/span>/);
  });

  test('mark one as read (PRG), then all', async () => {
    const a = await add(agent13, s1, 'Une');
    await add(agent13, s2, 'Deux');
    let token = await browser.csrfFrom('/bo/notifications');
    let res = await browser.post(`/bo/notifications/${a.uuid}/lu?page=2`, { _csrf: token });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/bo/notifications?page=2');
    const row = await db()
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.isSeen, true);
    assert.ok(row.seenAt);
    res = await browser.get('/bo/notifications');
    assert.equal(headerCount(res.body), 1);

    token = await browser.csrfFrom('/bo/notifications');
    res = await browser.post('/bo/notifications/tout-lu', { _csrf: token });
    assert.equal(res.statusCode, 303);
    res = await browser.get('/bo/notifications');
    assert.equal(headerCount(res.body), 0);
    assert.ok(!res.body.includes('>Non lue<'));
    assert.ok(res.body.includes('marquées comme lues'), 'flash message');
    assert.ok(!res.body.includes('Tout marquer comme lu'));
  });

  test('"tout marquer" only touches own notifications', async () => {
    await add(agent13, s1, 'À moi');
    const theirs = await add(agent01, s1, 'À un autre');
    const token = await browser.csrfFrom('/bo/notifications');
    await browser.post('/bo/notifications/tout-lu', { _csrf: token });
    const row = await db()
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.isSeen, false);
  });

  test('opening marks read and redirects to the dossier', async () => {
    const a = await add(agent13, s1, 'Une');
    const res = await browser.get(`/bo/notifications/${a.uuid}/ouvrir`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/bo/signalements/${s1.uuid}`);
    const row = await db()
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.isSeen, true);
  });

  test("another user's notification, an unknown or malformed uuid: 404, nothing changed", async () => {
    const theirs = await add(agent01, s1, 'À un autre');
    const token = await browser.csrfFrom('/bo/notifications');
    for (const uuid of [theirs.uuid, '00000000-0000-4000-8000-000000000000', 'pas-un-uuid']) {
      const open = await browser.get(`/bo/notifications/${uuid}/ouvrir`);
      assert.equal(open.statusCode, 404, `ouvrir ${uuid}`);
      const mark = await browser.post(`/bo/notifications/${uuid}/lu`, { _csrf: token });
      assert.equal(mark.statusCode, 404, `lu ${uuid}`);
    }
    const row = await db()
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.isSeen, false);
  });

  test('POST without CSRF token is refused', async () => {
    const a = await add(agent13, s1, 'Une');
    const res = await browser.post(`/bo/notifications/${a.uuid}/lu`, {});
    assert.ok(res.statusCode === 403 || res.statusCode === 400, String(res.statusCode));
    const row = await db()
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.isSeen, false);
  });

  test('pagination: 20 per page, bad page numbers fall back, empty list message', async () => {
    let res = await browser.get('/bo/notifications');
    assert.ok(res.body.includes('aucune notification'));
    const base = Date.now();
    for (let i = 0; i < 25; i++) await add(agent13, s1, `Notification ${i}`, new Date(base - i * 1000));
    res = await browser.get('/bo/notifications?page=2');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('Notification 24'));
    assert.ok(!res.body.includes('Notification 0<'));
    for (const bad of ['abc', '-1', '999999999']) {
      res = await browser.get(`/bo/notifications?page=${bad}`);
      assert.equal(res.statusCode, 200, bad);
    }
  });
});
