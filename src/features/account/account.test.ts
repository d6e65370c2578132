import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Browser, createTestApp, DEMO_PASSWORD, type TestContext } from '../../../test/helpers/test-app.ts';
import { listOutbox, readOutbox } from '../../infra/mailer.ts';
import {
  NEUTRAL_RESET_MESSAGE,
  RESET_MAX_PER_EMAIL,
  RESET_MAX_PER_IP,
  sendActivationEmail,
} from './account.service.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  // Per-route HTTP limits (@fastify/rate-limit) count every request of this file from 127.0.0.1.
  const keys = await db().selectFrom('rateLimit').select('key').where('key', 'like', 'http:%').execute();
  if (process.env.DEBUG_KEYS) console.log(keys);
  await db().deleteFrom('rateLimit').where('key', 'like', 'http:%').execute();
  await ctx.runtime.state.rateLimiter.reset('reset:ip:127.0.0.1');
  await ctx.runtime.state.rateLimiter.reset('login:ip:127.0.0.1');
});

const db = () => ctx.runtime.database.db;
const NEW_PASSWORD = 'Velo-Rouge-du-Port-7';
const decode = (s: string) =>
  s
    .replace(/&#39;|&#x27;|&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&amp;/g, '&');

async function mailsTo(address: string) {
  const entries = await listOutbox(ctx.config.mail.outboxDir, { limit: 500 });
  const own = entries.filter((e) => e.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  return Promise.all(own.map(async (e) => (await readOutbox(ctx.config.mail.outboxDir, e.id))!));
}

/** The path of the link in the newest e-mail sent to `address`. */
async function linkTo(address: string, pathPrefix: string): Promise<string> {
  const [mail] = await mailsTo(address);
  assert.ok(mail, `an e-mail was sent to ${address}`);
  const m = new RegExp(`${ctx.config.appUrl}(${pathPrefix}/[A-Za-z0-9_-]+)`).exec(mail.text ?? '');
  assert.ok(m, `the e-mail holds a ${pathPrefix} link`);
  return m[1]!;
}

async function newInactiveAgent(email: string): Promise<number> {
  const partner = await db()
    .selectFrom('utilisateurPartenaire as up')
    .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
    .select('up.partenaireId')
    .where('u.email', '=', 'agent-13@histologe.test')
    .executeTakeFirstOrThrow();
  const u = await db()
    .insertInto('utilisateur')
    .values({
      email,
      role: 'ROLE_USER_PARTNER',
      statut: 'INACTIVE',
      prenom: 'Nina',
      nom: 'Nouvelle',
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('utilisateurPartenaire')
    .values({ utilisateurId: u.id, partenaireId: partner.partenaireId, createdAt: new Date() })
    .execute();
  return u.id;
}

async function postPasswords(b: Browser, path: string, password: string, confirmation = password) {
  const token = await b.csrfFrom(path);
  return b.post(path, { _csrf: token, password, passwordConfirmation: confirmation });
}

describe('activation', () => {
  test('the link lets a new agent choose a password, activates the account and signs in; it works once', async () => {
    const id = await newInactiveAgent('nina.nouvelle@histologe.test');
    const pending = await sendActivationEmail(db(), ctx.runtime, id);
    assert.deepEqual(pending, [], 'sent at once outside a transaction');
    const [mail] = await mailsTo('nina.nouvelle@histologe.test');
    assert.match(mail!.subject, /Activez votre compte/);
    assert.match(mail!.text ?? '', /24 heures/);
    const link = await linkTo('nina.nouvelle@histologe.test', '/activation-compte');

    const stored = await db()
      .selectFrom('accountToken')
      .select('tokenHash')
      .where('utilisateurId', '=', id)
      .execute();
    assert.equal(stored.length, 1);
    assert.ok(!link.includes(stored[0]!.tokenHash), 'only a hash is stored');

    const b = new Browser(ctx.app);
    const page = await b.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Activez votre compte/);
    assert.match(page.body, /nina.nouvelle@histologe.test/);
    assert.match(page.body, /autocomplete="new-password"/);

    const weak = await postPasswords(b, link, 'azerty');
    assert.equal(weak.statusCode, 400);
    assert.match(decode(weak.body), /au moins 12 caractères/);
    const common = await postPasswords(b, link, 'Azerty123456!');
    assert.match(decode(common.body), /trop courant/);
    const mismatch = await postPasswords(b, link, NEW_PASSWORD, 'Autre-Chose-99!');
    assert.equal(mismatch.statusCode, 400);
    assert.match(decode(mismatch.body), /pas identiques/);
    assert.equal((await b.get('/bo')).statusCode, 303, 'not signed in yet');

    const ok = await postPasswords(b, link, NEW_PASSWORD);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/bo');
    const home = await b.get('/bo');
    assert.equal(home.statusCode, 200, 'signed in after activation');
    const user = await db()
      .selectFrom('utilisateur')
      .select(['statut'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(user.statut, 'ACTIVE');

    const again = await new Browser(ctx.app).get(link);
    assert.equal(again.statusCode, 410);
    assert.match(decode(again.body), /déjà servi/);
    assert.match(again.body, /href="\/mot-de-passe-perdu"/);
    const replay = await new Browser(ctx.app).post(link, {
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    assert.equal(replay.statusCode, 403, 'no CSRF token, no change');

    const signIn = await new Browser(ctx.app).signIn('nina.nouvelle@histologe.test', NEW_PASSWORD);
    assert.equal(signIn.statusCode, 303);
  });

  test('an expired link gets a kind page offering a new one; a malformed one too', async () => {
    const id = await newInactiveAgent('paul.perime@histologe.test');
    await sendActivationEmail(db(), ctx.runtime, id);
    const link = await linkTo('paul.perime@histologe.test', '/activation-compte');
    await db()
      .updateTable('accountToken')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('utilisateurId', '=', id)
      .execute();
    const b = new Browser(ctx.app);
    const page = await b.get(link);
    assert.equal(page.statusCode, 410);
    assert.match(decode(page.body), /a expiré/);
    assert.match(decode(page.body), /Recevoir un nouveau lien/);
    const bad = await b.get('/activation-compte/abc');
    assert.equal(bad.statusCode, 410);
    assert.match(decode(bad.body), /ne fonctionne pas/);

    // "Mot de passe perdu" on an account never activated sends a fresh activation link.
    const token = await b.csrfFrom('/mot-de-passe-perdu');
    await b.post('/mot-de-passe-perdu', { _csrf: token, email: 'paul.perime@histologe.test' });
    const fresh = await linkTo('paul.perime@histologe.test', '/activation-compte');
    assert.notEqual(fresh, link);
    assert.equal((await b.get(fresh)).statusCode, 200);
    assert.equal((await b.get(link)).statusCode, 410, 'the old link stays dead');
  });

  test('inside a transaction with jobs disabled, the mail is returned to send after the commit', async () => {
    const id = await newInactiveAgent('tom.transaction@histologe.test');
    const mails = await db()
      .transaction()
      .execute((trx) => sendActivationEmail(trx, ctx.runtime, id));
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0]!.to, 'tom.transaction@histologe.test');
    assert.equal((await mailsTo('tom.transaction@histologe.test')).length, 0);
  });
});

describe('mot de passe perdu', () => {
  test('the sign-in page links to it', async () => {
    const page = await new Browser(ctx.app).get('/connexion');
    assert.match(page.body, /href="\/mot-de-passe-perdu"/);
  });

  test('known and unknown addresses get the same answer; only a real account gets an e-mail', async () => {
    const b = new Browser(ctx.app);
    const answer = async (email: string) => {
      const token = await b.csrfFrom('/mot-de-passe-perdu');
      const res = await b.post('/mot-de-passe-perdu', { _csrf: token, email });
      assert.equal(res.statusCode, 200);
      return decode(res.body)
        .replace(/name="_csrf" value="[^"]+"|value="[^"]+" name="_csrf"/g, '')
        .replace(/value="[^"]*@[^"]*"/g, '');
    };
    const known = await answer('rt-34@histologe.test');
    const unknown = await answer('personne@histologe.test');
    assert.ok(known.includes(NEUTRAL_RESET_MESSAGE));
    assert.equal(known, unknown, 'the two pages are identical');
    assert.equal((await mailsTo('personne@histologe.test')).length, 0);
    const [mail] = await mailsTo('rt-34@histologe.test');
    assert.match(mail!.text ?? '', /1 heure/);

    const invalid = await b.post('/mot-de-passe-perdu', {
      _csrf: await b.csrfFrom('/mot-de-passe-perdu'),
      email: 'pas-une-adresse',
    });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.body, /value="pas-une-adresse"/);
  });

  test('rate limited per e-mail (silently) and per IP address (with a message)', async () => {
    const b = new Browser(ctx.app);
    const ask = async (email: string) =>
      b.post('/mot-de-passe-perdu', { _csrf: await b.csrfFrom('/mot-de-passe-perdu'), email });
    for (let i = 0; i < RESET_MAX_PER_EMAIL + 2; i++) {
      const r = await ask('agent-01@histologe.test');
      assert.equal(r.statusCode, 200);
      assert.ok(decode(r.body).includes(NEUTRAL_RESET_MESSAGE));
    }
    assert.equal((await mailsTo('agent-01@histologe.test')).length, RESET_MAX_PER_EMAIL);
    for (let i = RESET_MAX_PER_EMAIL + 2; i < RESET_MAX_PER_IP; i++) await ask(`x${i}@histologe.test`);
    const blocked = await ask('agent-34@histologe.test');
    assert.equal(blocked.statusCode, 429);
    assert.match(decode(blocked.body), /Trop de demandes/);
  });

  test('a reset link changes the password once, and ends the other sessions', async () => {
    const email = 'agent-34@histologe.test';
    await ctx.runtime.state.rateLimiter.reset(`reset:email:${email}`);
    const other = new Browser(ctx.app);
    assert.equal((await other.signIn(email)).statusCode, 303);
    assert.equal((await other.get('/bo')).statusCode, 200);

    const b = new Browser(ctx.app);
    await b.post('/mot-de-passe-perdu', { _csrf: await b.csrfFrom('/mot-de-passe-perdu'), email });
    const link = await linkTo(email, '/nouveau-mot-de-passe');
    const page = await b.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Choisissez un nouveau mot de passe/);
    const withEmail = await postPasswords(b, link, 'Agent-34@histologe.test!');
    assert.equal(withEmail.statusCode, 400);
    assert.match(decode(withEmail.body), /adresse e-mail/);
    const ok = await postPasswords(b, link, NEW_PASSWORD);
    assert.equal(ok.statusCode, 303);
    assert.equal((await b.get('/bo')).statusCode, 200, 'this browser is signed in');

    const kicked = await other.get('/bo');
    assert.equal(kicked.statusCode, 303, 'the session opened before the change is ended');
    assert.match(String(kicked.headers.location), /^\/connexion/);
    assert.equal(
      (await new Browser(ctx.app).signIn(email)).statusCode,
      401,
      'the old password no longer works',
    );
    assert.equal((await new Browser(ctx.app).signIn(email, NEW_PASSWORD)).statusCode, 303);
    assert.equal((await new Browser(ctx.app).get(link)).statusCode, 410, 'single use');

    // Expired reset link.
    await ctx.runtime.state.rateLimiter.reset(`reset:email:${email}`);
    await b.post('/mot-de-passe-perdu', { _csrf: await b.csrfFrom('/mot-de-passe-perdu'), email });
    const link2 = await linkTo(email, '/nouveau-mot-de-passe');
    await db()
      .updateTable('accountToken')
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where('purpose', '=', 'RESET')
      .where('usedAt', 'is', null)
      .execute();
    assert.equal((await b.get(link2)).statusCode, 410);
  });
});

describe('profile page', () => {
  test('shows the names, partners and territories, and saves the names', async () => {
    const b = new Browser(ctx.app);
    assert.equal((await b.get('/bo/profil')).statusCode, 303, 'sign-in required');
    await b.signIn('agent-01@histologe.test');
    const page = await b.get('/bo/profil');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mon profil/);
    assert.match(page.body, /Ain/);
    assert.match(page.body, /agent-01@histologe.test/);

    const token = await b.csrfFrom('/bo/profil');
    const bad = await b.post('/bo/profil/identite', { _csrf: token, prenom: 'Aline', nom: '  ' });
    assert.equal(bad.statusCode, 400);
    assert.match(decode(bad.body), /Saisissez votre nom/);
    assert.match(bad.body, /value="Aline"/);
    const ok = await b.post('/bo/profil/identite', { _csrf: token, prenom: 'Aline', nom: 'Martin' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/bo/profil');
    const after = await b.get('/bo/profil');
    assert.match(decode(after.body), /Votre identité est enregistrée/);
    const row = await db()
      .selectFrom('utilisateur')
      .select(['prenom', 'nom'])
      .where('email', '=', 'agent-01@histologe.test')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { prenom: 'Aline', nom: 'Martin' });
  });

  test('notification preference is saved; a forged value is refused', async () => {
    const b = new Browser(ctx.app);
    await b.signIn('rt-01@histologe.test');
    const token = await b.csrfFrom('/bo/profil');
    const bad = await b.post('/bo/profil/notifications', {
      _csrf: token,
      notificationPreference: 'SOMETIMES',
    });
    assert.equal(bad.statusCode, 400);
    const ok = await b.post('/bo/profil/notifications', { _csrf: token, notificationPreference: 'DIGEST' });
    assert.equal(ok.statusCode, 303);
    const row = await db()
      .selectFrom('utilisateur')
      .select('notificationPreference')
      .where('email', '=', 'rt-01@histologe.test')
      .executeTakeFirstOrThrow();
    assert.equal(row.notificationPreference, 'DIGEST');
    const page = await b.get('/bo/profil');
    assert.match(page.body, /value="DIGEST"[^>]*checked|checked[^>]*value="DIGEST"/);
  });

  test('password change needs the current password and ends the other sessions only', async () => {
    const email = 'rt-13@histologe.test';
    const other = new Browser(ctx.app);
    await other.signIn(email);
    const b = new Browser(ctx.app);
    await b.signIn(email);
    const token = await b.csrfFrom('/bo/profil');
    const wrong = await b.post('/bo/profil/mot-de-passe', {
      _csrf: token,
      currentPassword: 'pas-le-bon',
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(decode(wrong.body), /mot de passe actuel est incorrect/);
    assert.doesNotMatch(wrong.body, /pas-le-bon/);
    const weak = await b.post('/bo/profil/mot-de-passe', {
      _csrf: token,
      currentPassword: DEMO_PASSWORD,
      newPassword: 'court',
      newPasswordConfirmation: 'court',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(decode(weak.body), /au moins 12 caractères/);
    const ok = await b.post('/bo/profil/mot-de-passe', {
      _csrf: token,
      currentPassword: DEMO_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await b.get('/bo/profil')).statusCode, 200, 'this session stays open');
    assert.equal((await other.get('/bo')).statusCode, 303, 'the other one is ended');
    assert.equal((await new Browser(ctx.app).signIn(email, NEW_PASSWORD)).statusCode, 303);
  });

  test('e-mail change is confirmed through a link sent to the new address; the old one is told', async () => {
    const b = new Browser(ctx.app);
    await b.signIn('ap-13@histologe.test');
    const token = await b.csrfFrom('/bo/profil');
    const taken = await b.post('/bo/profil/email', { _csrf: token, newEmail: 'agent-13@histologe.test' });
    assert.equal(taken.statusCode, 400);
    assert.match(decode(taken.body), /déjà celle d’un autre compte/);
    const invalid = await b.post('/bo/profil/email', { _csrf: token, newEmail: 'nimporte' });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.body, /value="nimporte"/);

    const ok = await b.post('/bo/profil/email', { _csrf: token, newEmail: 'Nouvelle.Adresse@Exemple.fr' });
    assert.equal(ok.statusCode, 303);
    const [warning] = await mailsTo('ap-13@histologe.test');
    assert.match(warning!.text ?? '', /nouvelle.adresse@exemple.fr/);
    const still = await db()
      .selectFrom('utilisateur')
      .select('id')
      .where('email', '=', 'ap-13@histologe.test')
      .executeTakeFirst();
    assert.ok(still, 'nothing changes before the confirmation');

    const link = await linkTo('nouvelle.adresse@exemple.fr', '/confirmation-adresse');
    const confirmed = await new Browser(ctx.app).get(link);
    assert.equal(confirmed.statusCode, 200);
    assert.match(decode(confirmed.body), /Adresse e-mail confirmée/);
    const row = await db()
      .selectFrom('utilisateur')
      .select('email')
      .where('id', '=', still.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.email, 'nouvelle.adresse@exemple.fr');
    assert.equal((await new Browser(ctx.app).get(link)).statusCode, 410, 'single use');
    assert.equal((await new Browser(ctx.app).signIn('nouvelle.adresse@exemple.fr')).statusCode, 303);
  });
});

describe('purge job', () => {
  test('expired tokens are removed, valid ones kept', async () => {
    const { purgeExpiredAccountTokens } = await import('./account.service.ts');
    const id = await newInactiveAgent('purge.moi@histologe.test');
    await sendActivationEmail(db(), ctx.runtime, id);
    const before = await db()
      .selectFrom('accountToken')
      .select('id')
      .where('utilisateurId', '=', id)
      .execute();
    assert.equal(before.length, 1);
    await purgeExpiredAccountTokens(ctx.runtime);
    assert.equal(
      (await db().selectFrom('accountToken').select('id').where('utilisateurId', '=', id).execute()).length,
      1,
    );
    await db()
      .updateTable('accountToken')
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where('utilisateurId', '=', id)
      .execute();
    assert.ok((await purgeExpiredAccountTokens(ctx.runtime)) >= 1);
    assert.equal(
      (await db().selectFrom('accountToken').select('id').where('utilisateurId', '=', id).execute()).length,
      0,
    );
  });
});
