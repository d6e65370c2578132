import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { listOutbox } from '../../infra/mailer.ts';
import { TWO_FACTOR_MAX_RESENDS } from './account.service.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp({ env: { FEATURE_2FA_EMAIL_ENABLED: 'true' } });
});
after(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  await ctx.runtime.database.db.deleteFrom('rateLimit').where('key', 'like', 'http:%').execute();
  await ctx.runtime.state.rateLimiter.reset('login:ip:127.0.0.1');
});

const ADMIN = 'admin@histologe.test';
const decode = (s: string) => s.replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&');

/** The code in the newest e-mail to the super admin (it is in the subject). */
async function lastCode(): Promise<string> {
  const entries = await listOutbox(ctx.config.mail.outboxDir, { limit: 200 });
  const mail = entries.find((e) => e.to.includes(ADMIN));
  assert.ok(mail, 'a code was e-mailed');
  const m = /(\d{6})/.exec(mail.subject);
  assert.ok(m);
  return m[1]!;
}

async function postCode(b: Browser, code: string) {
  const token = await b.csrfFrom('/connexion/code');
  return b.post('/connexion/code', { _csrf: token, code });
}

describe('two-factor sign-in of super admins (FEATURE_2FA_EMAIL_ENABLED)', () => {
  test('after the password, a 6-digit code is asked; the right code signs in and is recorded', async () => {
    const b = new Browser(ctx.app);
    const res = await b.signIn(ADMIN);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/connexion/code');
    assert.equal((await b.get('/bo')).statusCode, 303, 'not signed in before the code');
    const page = await b.get('/connexion/code');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /autocomplete="one-time-code"/);
    const code = await lastCode();
    const ok = await postCode(b, code);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/bo');
    assert.equal((await b.get('/bo')).statusCode, 200);
    const history = await ctx.runtime.database.db
      .selectFrom('historyEntry as h')
      .innerJoin('utilisateur as u', 'u.id', 'h.utilisateurId')
      .select('h.event')
      .where('u.email', '=', ADMIN)
      .where('h.event', '=', 'LOGIN_2FA')
      .execute();
    assert.equal(history.length, 1);
    // The code works once.
    const b2 = new Browser(ctx.app);
    await b2.signIn(ADMIN);
    if ((await lastCode()) !== code) {
      assert.equal((await postCode(b2, code)).statusCode, 400, 'a used code does not work again');
    }
  });

  test('five wrong codes lock the attempt: even the right code is then refused', async () => {
    const b = new Browser(ctx.app);
    await b.signIn(ADMIN);
    const code = await lastCode();
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 1; i < 5; i++) {
      const r = await postCode(b, wrong);
      assert.equal(r.statusCode, 400);
      assert.match(decode(r.body), new RegExp(`Il vous reste ${5 - i} essai`));
    }
    const locked = await postCode(b, wrong);
    assert.equal(locked.statusCode, 429);
    assert.match(decode(locked.body), /recommencez la connexion/i);
    const token = await b.csrfFrom('/connexion');
    const late = await b.post('/connexion/code', { _csrf: token, code });
    assert.equal(late.statusCode, 303);
    assert.equal(late.headers.location, '/connexion', 'the pending sign-in was dropped');
    assert.equal((await b.get('/bo')).statusCode, 303);
  });

  test('a new code can be asked a few times; only the newest works', async () => {
    const b = new Browser(ctx.app);
    await b.signIn(ADMIN);
    const first = await lastCode();
    let last = first;
    for (let i = 0; i < TWO_FACTOR_MAX_RESENDS; i++) {
      const token = await b.csrfFrom('/connexion/code');
      const r = await b.post('/connexion/code/renvoyer', { _csrf: token });
      assert.equal(r.statusCode, 200);
      last = await lastCode();
    }
    const token = await b.csrfFrom('/connexion/code');
    const limited = await b.post('/connexion/code/renvoyer', { _csrf: token });
    assert.equal(limited.statusCode, 429);
    if (first !== last) assert.equal((await postCode(b, first)).statusCode, 400, 'an older code is refused');
    const ok = await postCode(b, last);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/bo');
  });

  test('other roles sign in without a code', async () => {
    const res = await new Browser(ctx.app).signIn('agent-13@histologe.test');
    assert.equal(res.headers.location, '/bo');
    assert.equal((await new Browser(ctx.app).get('/connexion/code')).statusCode, 303);
  });
});
