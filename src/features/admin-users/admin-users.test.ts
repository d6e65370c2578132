import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { listOutbox, readOutbox } from '../../infra/mailer.ts';
import { processInactiveAccounts, remindNeverActivated } from './admin-users.jobs.ts';
import { archivedEmail, originalEmail } from './admin-users.service.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  await db().deleteFrom('rateLimit').where('key', 'like', 'http:%').execute();
  await ctx.runtime.state.rateLimiter.reset('login:ip:127.0.0.1');
});

const db = () => ctx.runtime.database.db;
const DAY = 24 * 3600 * 1000;
const decode = (s: string) =>
  s
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&amp;/g, '&');

async function mailsTo(address: string) {
  const entries = await listOutbox(ctx.config.mail.outboxDir, { limit: 1000 });
  const own = entries.filter((e) => e.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  return Promise.all(own.map(async (e) => (await readOutbox(ctx.config.mail.outboxDir, e.id))!));
}

async function signedIn(email: string) {
  const b = new Browser(ctx.app);
  const res = await b.signIn(email);
  assert.equal(res.statusCode, 303, `${email} signs in`);
  return b;
}

async function userId(email: string) {
  return (
    await db().selectFrom('utilisateur').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  ).id;
}
async function partnerOf(email: string) {
  return await db()
    .selectFrom('utilisateurPartenaire as up')
    .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
    .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
    .select(['p.id', 'p.territoireId'])
    .where('u.email', '=', email)
    .executeTakeFirstOrThrow();
}
/** Another partner of the same territory as `email`'s partner. */
async function otherPartnerSameTerritory(email: string) {
  const p = await partnerOf(email);
  return (
    await db()
      .selectFrom('partenaire')
      .select('id')
      .where('territoireId', '=', p.territoireId)
      .where('id', '!=', p.id)
      .where('isArchive', '=', false)
      .executeTakeFirstOrThrow()
  ).id;
}

async function newAgent(email: string, partenaireId: number, extra: Record<string, unknown> = {}) {
  const u = await db()
    .insertInto('utilisateur')
    .values({
      email,
      role: 'ROLE_USER_PARTNER',
      prenom: 'Test',
      nom: 'Agent',
      statut: 'ACTIVE',
      createdAt: new Date(),
      updatedAt: new Date(),
      ...extra,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('utilisateurPartenaire')
    .values({ utilisateurId: u.id, partenaireId, createdAt: new Date() })
    .execute();
  return u.id;
}

async function postForm(b: Browser, url: string, csrfUrl: string, form: [string, string][]) {
  const token = await b.csrfFrom(csrfUrl);
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams([['_csrf', token], ...form]).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
  });
  return res;
}

test('archived e-mail form round-trips', () => {
  assert.equal(archivedEmail('jean.dupont@ville.fr', 42), 'jean.dupont.archived-42@ville.fr');
  assert.equal(archivedEmail('jean.dupont.archived-42@ville.fr', 42), 'jean.dupont.archived-42@ville.fr');
  assert.equal(originalEmail('jean.dupont.archived-42@ville.fr'), 'jean.dupont@ville.fr');
});

describe('permissions over HTTP', () => {
  test('pages: agents get 403, admins 200', async () => {
    const agentId = await userId('agent-13@histologe.test');
    const expect: Record<string, number> = {
      'admin@histologe.test': 200,
      'rt-13@histologe.test': 200,
      'ap-13@histologe.test': 200,
      'agent-13@histologe.test': 403,
    };
    for (const [email, status] of Object.entries(expect)) {
      const b = await signedIn(email);
      for (const url of [
        '/bo/admin',
        '/bo/admin/utilisateurs',
        '/bo/admin/utilisateurs/nouveau',
        `/bo/admin/utilisateurs/${agentId}`,
      ]) {
        const res = await b.get(url);
        assert.equal(res.statusCode, status, `${email} GET ${url}`);
      }
    }
    const anonymous = await new Browser(ctx.app).get('/bo/admin/utilisateurs');
    assert.equal(anonymous.statusCode, 303);
  });

  test('scope: out-of-scope accounts answer 404 on every route; list shows only the scope', async () => {
    const agent13 = await userId('agent-13@histologe.test');
    const agent01 = await userId('agent-01@histologe.test');
    const adminId = await userId('admin@histologe.test');
    const other13 = await newAgent(
      'autre.partenaire@histologe.test',
      await otherPartnerSameTerritory('agent-13@histologe.test'),
    );

    const ap = await signedIn('ap-13@histologe.test');
    const list = decode((await ap.get('/bo/admin/utilisateurs')).body);
    assert.match(list, /agent-13@histologe\.test/);
    assert.doesNotMatch(list, /agent-01@histologe\.test/);
    assert.doesNotMatch(list, /autre\.partenaire@histologe\.test/, 'another partner of the same territory');
    assert.doesNotMatch(list, /admin@histologe\.test/);
    for (const id of [agent01, other13, adminId]) {
      assert.equal((await ap.get(`/bo/admin/utilisateurs/${id}`)).statusCode, 404, `AP GET ${id}`);
      for (const action of ['', '/archiver', '/desactiver', '/reactiver', '/renvoyer-activation']) {
        const res = await postForm(
          ap,
          `/bo/admin/utilisateurs/${id}${action}`,
          '/bo/admin/utilisateurs/nouveau',
          [['email', 'x@y.fr']],
        );
        assert.equal(res.statusCode, 404, `AP POST ${id}${action}`);
      }
    }
    // AP may not archive or deactivate even their own partner's agent.
    for (const action of ['/archiver', '/desactiver', '/reactiver']) {
      const res = await postForm(
        ap,
        `/bo/admin/utilisateurs/${agent13}${action}`,
        '/bo/admin/utilisateurs/nouveau',
        [],
      );
      assert.equal(res.statusCode, 403, `AP POST ${action}`);
    }

    const rt = await signedIn('rt-13@histologe.test');
    const rtList = decode((await rt.get('/bo/admin/utilisateurs')).body);
    assert.match(rtList, /autre\.partenaire@histologe\.test/);
    assert.doesNotMatch(rtList, /agent-01@histologe\.test/);
    assert.equal((await rt.get(`/bo/admin/utilisateurs/${agent01}`)).statusCode, 404);
    assert.equal((await rt.get(`/bo/admin/utilisateurs/${adminId}`)).statusCode, 404);
    assert.equal((await rt.get(`/bo/admin/utilisateurs/${other13}`)).statusCode, 200);
    // RT may not reactivate.
    const re = await postForm(
      rt,
      `/bo/admin/utilisateurs/${other13}/reactiver`,
      '/bo/admin/utilisateurs/nouveau',
      [],
    );
    assert.equal(re.statusCode, 403);

    const sa = await signedIn('admin@histologe.test');
    assert.equal((await sa.get(`/bo/admin/utilisateurs/${agent01}`)).statusCode, 200);
    assert.equal((await sa.get('/bo/admin/utilisateurs/abc')).statusCode, 404);
    const search = decode((await sa.get('/bo/admin/utilisateurs?q=AGENT-01&statut=ACTIVE')).body);
    assert.match(search, /agent-01@histologe\.test/);
    assert.doesNotMatch(search, /agent-13@histologe\.test/);
  });

  test('the admin index shows only the sections the user may use', async () => {
    const ap = decode((await (await signedIn('ap-13@histologe.test')).get('/bo/admin')).body);
    assert.match(ap, /href="\/bo\/admin\/utilisateurs"/);
    assert.doesNotMatch(ap, /href="\/bo\/admin\/territoires"/);
    assert.doesNotMatch(ap, /href="\/bo\/admin\/zones"/);
    assert.doesNotMatch(ap, /href="\/bo\/admin\/partenaires"/);
    // A super admin sees every section whose page is registered, and no link to a missing page.
    const sa = decode((await (await signedIn('admin@histologe.test')).get('/bo/admin')).body);
    const sections = [
      'utilisateurs',
      'partenaires',
      'etiquettes',
      'zones',
      'regles-affectation',
      'territoires',
    ];
    for (const s of sections) {
      const url = `/bo/admin/${s}`;
      const shown = new RegExp(`href="${url}"`).test(sa);
      assert.equal(shown, ctx.app.hasRoute({ method: 'GET', url }), url);
    }
    assert.match(sa, /href="\/bo\/admin\/partenaires"/, 'partners section registered by now');
    // Every link shown opens for the user who sees it.
    for (const email of ['admin@histologe.test', 'rt-13@histologe.test', 'ap-13@histologe.test']) {
      const b = await signedIn(email);
      const index = (await b.get('/bo/admin')).body;
      const links = [...index.matchAll(/class="fr-tile__title"><a href="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(links.length >= 1);
      for (const href of links) assert.equal((await b.get(href)).statusCode, 200, `${email} ${href}`);
    }
  });
});

describe('create, activate, edit, deactivate, archive', () => {
  test('an RT invites an agent: activation e-mail, statut INACTIVE, history; the link activates the account', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const partner = await partnerOf('rt-13@histologe.test');
    const other = await otherPartnerSameTerritory('rt-13@histologe.test');
    const agent01Partner = await partnerOf('agent-01@histologe.test');

    // Bad input: messages per field, typed values kept.
    const bad = await postForm(rt, '/bo/admin/utilisateurs/nouveau', '/bo/admin/utilisateurs/nouveau', [
      ['email', 'pas-une-adresse'],
      ['prenom', 'Léa'],
      ['nom', ''],
      ['role', 'ROLE_ADMIN'],
    ]);
    assert.equal(bad.statusCode, 400);
    const badBody = decode(bad.body);
    assert.match(badBody, /n’est pas valide/);
    assert.match(badBody, /Indiquez le nom/);
    assert.match(badBody, /Choisissez un rôle/);
    assert.match(badBody, /au moins un partenaire/);
    assert.match(badBody, /value="Léa"/);

    // A partner of another territory is refused.
    const outside = await postForm(rt, '/bo/admin/utilisateurs/nouveau', '/bo/admin/utilisateurs/nouveau', [
      ['email', 'lea.martin@histologe.test'],
      ['prenom', 'Léa'],
      ['nom', 'Martin'],
      ['role', 'ROLE_USER_PARTNER'],
      ['partenaireIds', String(agent01Partner.id)],
    ]);
    assert.equal(outside.statusCode, 400);
    assert.match(decode(outside.body), /Choisissez les partenaires dans la liste/);

    // An e-mail already used.
    const dup = await postForm(rt, '/bo/admin/utilisateurs/nouveau', '/bo/admin/utilisateurs/nouveau', [
      ['email', 'AGENT-13@histologe.test'],
      ['prenom', 'Léa'],
      ['nom', 'Martin'],
      ['role', 'ROLE_USER_PARTNER'],
      ['partenaireIds', String(partner.id)],
    ]);
    assert.equal(dup.statusCode, 400);
    assert.match(decode(dup.body), /existe déjà/);

    const ok = await postForm(rt, '/bo/admin/utilisateurs/nouveau', '/bo/admin/utilisateurs/nouveau', [
      ['email', 'Lea.Martin@histologe.test'],
      ['prenom', 'Léa'],
      ['nom', 'Martin'],
      ['role', 'ROLE_USER_PARTNER'],
      ['partenaireIds', String(partner.id)],
      ['partenaireIds', String(other)],
    ]);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/bo/admin/utilisateurs');
    const created = await db()
      .selectFrom('utilisateur')
      .select(['id', 'statut', 'role'])
      .where('email', '=', 'lea.martin@histologe.test')
      .executeTakeFirstOrThrow();
    assert.equal(created.statut, 'INACTIVE');
    const links = await db()
      .selectFrom('utilisateurPartenaire')
      .select('partenaireId')
      .where('utilisateurId', '=', created.id)
      .execute();
    assert.deepEqual(links.map((l) => l.partenaireId).sort(), [partner.id, other].sort());
    const hist = await db()
      .selectFrom('historyEntry')
      .select(['event', 'utilisateurId'])
      .where('entityName', '=', 'utilisateur')
      .where('entityId', '=', String(created.id))
      .execute();
    const rtId = await userId('rt-13@histologe.test');
    assert.ok(
      hist.some((h) => h.event === 'CREATE' && h.utilisateurId === rtId),
      'history written by the RT',
    );

    const [mail] = await mailsTo('lea.martin@histologe.test');
    assert.ok(mail, 'activation e-mail in the outbox');
    const m = new RegExp(`${ctx.config.appUrl}(/activation-compte/[A-Za-z0-9_-]+)`).exec(mail.text ?? '');
    assert.ok(m);
    const newcomer = new Browser(ctx.app);
    const token = await newcomer.csrfFrom(m[1]!);
    const activated = await newcomer.post(m[1]!, {
      _csrf: token,
      password: 'Velo-Rouge-du-Port-7',
      passwordConfirmation: 'Velo-Rouge-du-Port-7',
    });
    assert.equal(activated.statusCode, 303);
    assert.equal((await newcomer.get('/bo')).statusCode, 200);
    assert.equal(
      (
        await db()
          .selectFrom('utilisateur')
          .select('statut')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow()
      ).statut,
      'ACTIVE',
    );

    // Edit: names and role; the typed values come back on error.
    const edit = await postForm(
      rt,
      `/bo/admin/utilisateurs/${created.id}`,
      `/bo/admin/utilisateurs/${created.id}`,
      [
        ['email', 'lea.martin@histologe.test'],
        ['prenom', 'Léa'],
        ['nom', 'Martin-Durand'],
        ['role', 'ROLE_ADMIN_PARTNER'],
        ['partenaireIds', String(partner.id)],
      ],
    );
    assert.equal(edit.statusCode, 303);
    const edited = await db()
      .selectFrom('utilisateur')
      .select(['nom', 'role'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(edited, { nom: 'Martin-Durand', role: 'ROLE_ADMIN_PARTNER' });

    // Deactivate: sessions ended, cannot sign in; RT cannot reactivate, SA can.
    const deact = await postForm(
      rt,
      `/bo/admin/utilisateurs/${created.id}/desactiver`,
      `/bo/admin/utilisateurs/${created.id}`,
      [],
    );
    assert.equal(deact.statusCode, 303);
    assert.equal((await newcomer.get('/bo')).statusCode, 303, 'session ended');
    const sa = await signedIn('admin@histologe.test');
    const react = await postForm(
      sa,
      `/bo/admin/utilisateurs/${created.id}/reactiver`,
      `/bo/admin/utilisateurs/${created.id}`,
      [],
    );
    assert.equal(react.statusCode, 303);
    assert.equal(
      (
        await db()
          .selectFrom('utilisateur')
          .select('statut')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow()
      ).statut,
      'INACTIVE',
    );
    assert.equal((await mailsTo('lea.martin@histologe.test')).length, 2, 'a new activation e-mail');
  });

  test('archiving keeps the history, frees the e-mail and ends sessions; SA reactivates', async () => {
    const partner = await partnerOf('rt-13@histologe.test');
    const id = await newAgent('paul.archive@histologe.test', partner.id);
    const rt = await signedIn('rt-13@histologe.test');
    const res = await postForm(
      rt,
      `/bo/admin/utilisateurs/${id}/archiver`,
      `/bo/admin/utilisateurs/${id}`,
      [],
    );
    assert.equal(res.statusCode, 303);
    const u = await db()
      .selectFrom('utilisateur')
      .select(['statut', 'email'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(u.statut, 'ARCHIVE');
    assert.equal(u.email, `paul.archive.archived-${id}@histologe.test`);
    const h = await db()
      .selectFrom('historyEntry')
      .select('event')
      .where('entityName', '=', 'utilisateur')
      .where('entityId', '=', String(id))
      .execute();
    assert.ok(h.some((x) => x.event === 'DELETE'));

    // The address is free again.
    const again = await postForm(rt, '/bo/admin/utilisateurs/nouveau', '/bo/admin/utilisateurs/nouveau', [
      ['email', 'paul.archive@histologe.test'],
      ['prenom', 'Paul'],
      ['nom', 'Nouveau'],
      ['role', 'ROLE_USER_PARTNER'],
      ['partenaireIds', String(partner.id)],
    ]);
    assert.equal(again.statusCode, 303);
    // Archived accounts are listed only with the filter.
    assert.doesNotMatch((await rt.get('/bo/admin/utilisateurs?q=archived')).body, /paul\.archive\.archived/);
    assert.match(
      (await rt.get('/bo/admin/utilisateurs?q=archived&statut=ARCHIVE')).body,
      /paul\.archive\.archived/,
    );

    // Reactivating would clash with the new account's address.
    const sa = await signedIn('admin@histologe.test');
    await postForm(sa, `/bo/admin/utilisateurs/${id}/reactiver`, `/bo/admin/utilisateurs/${id}`, []);
    assert.equal(
      (await db().selectFrom('utilisateur').select('statut').where('id', '=', id).executeTakeFirstOrThrow())
        .statut,
      'ARCHIVE',
    );
    assert.match(decode((await sa.get(`/bo/admin/utilisateurs/${id}`)).body), /déjà utilisée/);
  });
});

describe('jobs', () => {
  test('unused accounts: warned once with the responsables, archived 15 days later unless they sign in', async () => {
    const partner = await partnerOf('rt-13@histologe.test');
    const old = new Date(Date.now() - 400 * DAY);
    const idle = await newAgent('idle.agent@histologe.test', partner.id, {
      lastLoginAt: old,
      createdAt: old,
    });
    const back = await newAgent('back.agent@histologe.test', partner.id, {
      lastLoginAt: old,
      createdAt: old,
    });
    const fresh = await newAgent('fresh.agent@histologe.test', partner.id, { lastLoginAt: new Date() });

    const first = await processInactiveAccounts(ctx.runtime);
    assert.ok(first.warned >= 2);
    const second = await processInactiveAccounts(ctx.runtime);
    assert.equal(second.warned, 0, 'idempotent');
    assert.equal((await mailsTo('idle.agent@histologe.test')).length, 1);
    assert.equal((await mailsTo('fresh.agent@histologe.test')).length, 0);
    const rtMails = await mailsTo('rt-13@histologe.test');
    assert.ok(
      rtMails.some((m) => /idle\.agent@histologe\.test/.test(m.text ?? '')),
      'responsable informed',
    );

    // 15 days later: `back` signed in meanwhile.
    await db().updateTable('utilisateur').set({ lastLoginAt: new Date() }).where('id', '=', back).execute();
    const later = new Date(Date.now() + 16 * DAY);
    const run = await processInactiveAccounts(ctx.runtime, { now: later });
    assert.ok(run.archived >= 1);
    const rows = await db()
      .selectFrom('utilisateur')
      .select(['id', 'statut', 'archivingScheduledAt'])
      .where('id', 'in', [idle, back, fresh])
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    assert.equal(by.get(idle)!.statut, 'ARCHIVE');
    assert.equal(by.get(back)!.statut, 'ACTIVE');
    assert.equal(by.get(back)!.archivingScheduledAt, null);
    assert.equal(by.get(fresh)!.statut, 'ACTIVE');
    const again = await processInactiveAccounts(ctx.runtime, { now: later });
    assert.equal(again.archived, 0, 'idempotent');
  });

  test('never-activated accounts get a reminder every 10 days, once', async () => {
    const partner = await partnerOf('rt-13@histologe.test');
    const old = new Date(Date.now() - 12 * DAY);
    await newAgent('sleepy.agent@histologe.test', partner.id, { statut: 'INACTIVE', createdAt: old });
    await newAgent('new.agent@histologe.test', partner.id, { statut: 'INACTIVE' });
    await newAgent('off.agent@histologe.test', partner.id, {
      statut: 'INACTIVE',
      createdAt: old,
      passwordHash: '!desactive:x',
    });
    await remindNeverActivated(ctx.runtime);
    await remindNeverActivated(ctx.runtime);
    assert.equal((await mailsTo('sleepy.agent@histologe.test')).length, 1);
    assert.equal((await mailsTo('new.agent@histologe.test')).length, 0);
    assert.equal(
      (await mailsTo('off.agent@histologe.test')).length,
      0,
      'deactivated accounts are left alone',
    );
  });
});
