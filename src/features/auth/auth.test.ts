import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { loadPrincipal } from '../../../test/helpers/principals.ts';
import { Browser, createTestApp, DEMO_PASSWORD, type TestContext } from '../../../test/helpers/test-app.ts';
import { createDashboardRepository } from '../dashboard/dashboard.repository.ts';
import { LOGIN_BLOCKED_MESSAGE, LOGIN_FAILED_MESSAGE } from './auth.service.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&#34;');
const containsMessage = (body: string, message: string) =>
  body.includes(message) ||
  body.includes(escapeHtml(message)) ||
  body.includes(message.replace(/'/g, '&#x27;'));

describe('sign-in page', () => {
  test('renders a French form with a CSRF token and no caching', async () => {
    const b = new Browser(ctx.app);
    const res = await b.get('/connexion');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="fr"/);
    assert.match(res.body, /name="_csrf"/);
    assert.match(res.body, /type="password"/);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test('a post without a valid CSRF token does not sign in, and keeps the e-mail typed', async () => {
    const b = new Browser(ctx.app);
    await b.get('/connexion');
    const res = await b.post('/connexion', { email: 'agent-13@histologe.test', password: DEMO_PASSWORD });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /session a expiré/);
    assert.match(res.body, /value="agent-13@histologe.test"/);
    assert.equal(res.headers.location, undefined);
    const forged = await b.post('/connexion', {
      _csrf: 'forged',
      email: 'agent-13@histologe.test',
      password: DEMO_PASSWORD,
    });
    assert.equal(forged.statusCode, 403);
    assert.equal((await b.get('/bo')).statusCode, 303, 'still not signed in');
    // The re-rendered form carries a working token.
    const token = /name="_csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_csrf"/.exec(forged.body);
    const ok = await b.post('/connexion', {
      _csrf: (token![1] ?? token![2])!,
      email: 'agent-13@histologe.test',
      password: DEMO_PASSWORD,
    });
    assert.equal(ok.statusCode, 303);
  });

  test('other state-changing routes refuse a missing token with a French page', async () => {
    const b = new Browser(ctx.app);
    await b.get('/connexion');
    const res = await b.post('/deconnexion', {});
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /<html lang="fr"/);
  });
});

describe('sign-in outcomes', () => {
  beforeEach(async () => {
    // Each test starts with fresh failure counters.
    await ctx.runtime.state.rateLimiter.reset('login:ip:127.0.0.1');
    for (const e of ['agent-13@histologe.test', 'inconnu@histologe.test', 'rt-13@histologe.test']) {
      await ctx.runtime.state.rateLimiter.reset(`login:account:${e}`);
    }
  });

  test('a wrong password and an unknown account get the same neutral message; the e-mail is kept', async () => {
    const b = new Browser(ctx.app);
    const wrong = await b.signIn('agent-13@histologe.test', 'pas-le-bon');
    const unknown = await b.signIn('inconnu@histologe.test', 'pas-le-bon');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.ok(containsMessage(wrong.body, LOGIN_FAILED_MESSAGE), 'neutral message shown');
    assert.ok(containsMessage(unknown.body, LOGIN_FAILED_MESSAGE), 'same message for unknown account');
    assert.match(wrong.body, /value="agent-13@histologe.test"/);
    assert.doesNotMatch(wrong.body, /pas-le-bon/);
  });

  test('an invalid e-mail gets a field error and keeps the input', async () => {
    const b = new Browser(ctx.app);
    const res = await b.signIn('pas-une-adresse', 'x');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /adresse e-mail valide/);
    assert.match(res.body, /value="pas-une-adresse"/);
  });

  test('success regenerates the session, sets a safe cookie and lands on the back-office home', async () => {
    const b = new Browser(ctx.app);
    await b.get('/connexion');
    const before = b.cookieHeader();
    const res = await b.signIn('agent-13@histologe.test');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/bo');
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.notEqual(b.cookieHeader(), before, 'session id changed at sign-in');
    const home = await b.get('/bo');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Bouches-du-Rh/);
  });

  test('after 5 failures the account is blocked, even with the right password', async () => {
    const b = new Browser(ctx.app);
    for (let i = 0; i < 5; i++) {
      const r = await b.signIn('rt-13@histologe.test', `mauvais-${i}`);
      assert.equal(r.statusCode, 401);
    }
    const blocked = await b.signIn('rt-13@histologe.test');
    assert.equal(blocked.statusCode, 429);
    assert.ok(containsMessage(blocked.body, LOGIN_BLOCKED_MESSAGE));
    assert.equal(blocked.headers.location, undefined);
  });

  test('the return path after sign-in is kept, but only inside the back-office', async () => {
    const b = new Browser(ctx.app);
    const first = await b.get('/bo/signalements?statut=ACTIVE');
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/connexion?next=%2Fbo%2Fsignalements%3Fstatut%3DACTIVE');
    const token = await b.csrfFrom('/connexion?next=%2Fbo%2Fsignalements%3Fstatut%3DACTIVE');
    const ok = await b.post('/connexion', {
      _csrf: token,
      email: 'agent-13@histologe.test',
      password: DEMO_PASSWORD,
      next: '/bo/signalements?statut=ACTIVE',
    });
    assert.equal(ok.headers.location, '/bo/signalements?statut=ACTIVE');

    const evil = new Browser(ctx.app);
    const t2 = await evil.csrfFrom('/connexion');
    const r = await evil.post('/connexion', {
      _csrf: t2,
      email: 'agent-13@histologe.test',
      password: DEMO_PASSWORD,
      next: '//evil.example/bo',
    });
    assert.equal(r.headers.location, '/bo');
  });

  test('sign-out ends the session', async () => {
    const b = new Browser(ctx.app);
    await b.signIn('agent-13@histologe.test');
    const home = await b.get('/bo');
    const token = /name="_csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_csrf"/.exec(home.body);
    assert.ok(token, 'the sign-out form carries a CSRF token');
    const out = await b.post('/deconnexion', { _csrf: (token[1] ?? token[2])! });
    assert.equal(out.statusCode, 303);
    const again = await b.get('/bo');
    assert.equal(again.statusCode, 303);
    assert.match(String(again.headers.location), /^\/connexion/);
  });

  test('an inactive account cannot sign in', async () => {
    await ctx.runtime.database.db
      .updateTable('utilisateur')
      .set({ statut: 'INACTIVE' })
      .where('email', '=', 'agent-13@histologe.test')
      .execute();
    try {
      const b = new Browser(ctx.app);
      const res = await b.signIn('agent-13@histologe.test');
      assert.equal(res.statusCode, 401);
    } finally {
      await ctx.runtime.database.db
        .updateTable('utilisateur')
        .set({ statut: 'ACTIVE' })
        .where('email', '=', 'agent-13@histologe.test')
        .execute();
    }
  });
});

describe('back-office home for every demo account', () => {
  const accounts: [string, RegExp][] = [
    ['admin@histologe.test', /Tous les territoires/],
    ['rt-13@histologe.test', /Bouches-du-Rh/],
    ['rt-01@histologe.test', /Ain/],
    ['rt-34@histologe.test', /H(é|&#233;|&eacute;)rault/],
    ['ap-13@histologe.test', /Bouches-du-Rh/],
    ['agent-13@histologe.test', /Bouches-du-Rh/],
    ['agent-01@histologe.test', /Ain/],
    ['agent-34@histologe.test', /H(é|&#233;|&eacute;)rault/],
  ];

  for (const [email, territory] of accounts) {
    test(`${email} sees their territory and the number of dossiers they can see`, async () => {
      await ctx.runtime.state.rateLimiter.reset('login:ip:127.0.0.1');
      const b = new Browser(ctx.app);
      const res = await b.signIn(email);
      assert.equal(res.statusCode, 303, `sign-in of ${email}`);
      const home = await b.get('/bo');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, territory);
      const current = await loadPrincipal(ctx.runtime.database.db, email);
      const counts = await createDashboardRepository(ctx.runtime.database.db).counts(current);
      assert.ok(counts.total > 0, `${email} sees some dossiers`);
      assert.match(home.body, new RegExp(`>\\s*${counts.total}\\s*<`), 'the total is displayed');
    });
  }

  test('agents see fewer dossiers than their responsable, who sees fewer than the super admin', async () => {
    const db = ctx.runtime.database.db;
    const count = async (email: string) =>
      (await createDashboardRepository(db).countNow(await loadPrincipal(db, email))).total;
    const [sa, rt, agent] = await Promise.all([
      count('admin@histologe.test'),
      count('rt-13@histologe.test'),
      count('agent-13@histologe.test'),
    ]);
    assert.ok(agent < rt, `agent ${agent} < rt ${rt}`);
    assert.ok(rt < sa, `rt ${rt} < sa ${sa}`);
  });
});
