import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadPrincipal } from '../../../test/helpers/principals.ts';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { isAppError } from '../../infra/errors.ts';
import { type Actor, CONFLICT_MESSAGE, createWorkflowService } from './workflow.service.ts';

let ctx: TestContext;
const browsers = new Map<string, Browser>();
const db = () => ctx.runtime.database.db;
const service = () => createWorkflowService(ctx.app.deps);

before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});

async function as(email: string): Promise<Browser> {
  let b = browsers.get(email);
  if (!b) {
    b = new Browser(ctx.app);
    assert.equal((await b.signIn(email)).statusCode, 303, `sign in ${email}`);
    browsers.set(email, b);
  }
  return b;
}

async function token(b: Browser) {
  return b.csrfFrom('/bo');
}

const actor = async (email: string) => (await loadPrincipal(db(), email)) as unknown as Actor;

async function partnerId(nomStart: string) {
  const p = await db()
    .selectFrom('partenaire')
    .select('id')
    .where('nom', 'like', `${nomStart}%`)
    .executeTakeFirstOrThrow();
  return p.id;
}

async function userId(email: string) {
  return (
    await db().selectFrom('utilisateur').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  ).id;
}

/** A fresh dossier of territory 13 in the given state, with exactly the given affectations. */
const used = new Set<number>();
async function dossier(statut: string, affectations: { partenaireId: number; statut: string }[] = []) {
  const row = await db()
    .selectFrom('signalement as s')
    .innerJoin('territoire as t', 't.id', 's.territoireId')
    .select(['s.id', 's.uuid', 's.territoireId'])
    .where('t.code', '=', '13')
    .where('s.inseeOccupant', 'like', '132%')
    .where('s.id', 'not in', used.size ? [...used] : [0])
    .orderBy('s.id')
    .executeTakeFirstOrThrow();
  used.add(row.id);
  // A clean slate: no suivi, subscription or notification left from the demo data.
  await db().deleteFrom('suivi').where('signalementId', '=', row.id).execute();
  await db().deleteFrom('abonnement').where('signalementId', '=', row.id).execute();
  await db().deleteFrom('notification').where('signalementId', '=', row.id).execute();
  await db().deleteFrom('affectation').where('signalementId', '=', row.id).execute();
  await db()
    .updateTable('signalement')
    .set({
      statut: statut as never,
      closedAt: statut === 'CLOSED' ? new Date() : null,
      motifRefus: statut === 'REFUSED' ? 'AUTRE' : null,
      isLogementVacant: false,
    })
    .where('id', '=', row.id)
    .execute();
  for (const a of affectations) {
    await db()
      .insertInto('affectation')
      .values({
        signalementId: row.id,
        partenaireId: a.partenaireId,
        territoireId: row.territoireId,
        statut: a.statut as never,
        motifRefus: a.statut === 'REFUSE' ? 'AUTRE' : null,
        createdAt: new Date(),
      })
      .execute();
  }
  return row;
}

async function postMany(b: Browser, url: string, pairs: [string, string][]) {
  return ctx.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
  });
}

const path = (uuid: string, action: string) => `/bo/signalements/${uuid}/${action}`;

function multipart(
  fields: Record<string, string>,
  files: { name: string; filename: string; body: Buffer }[],
) {
  const boundary = '----hlboundary7MA4YWxk';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      f.body,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

test('every workflow route: 404 outside the user’s scope, 403 for a forbidden action', async () => {
  const schs = await partnerId('Ville de Marseille');
  const ddt = await partnerId('DDTM des Bouches');
  const waiting = await dossier('ACTIVE', [{ partenaireId: schs, statut: 'NOUVEAU' }]);
  const suivi = await db()
    .insertInto('suivi')
    .values({
      signalementId: waiting.id,
      createdById: await userId('rt-13@histologe.test'),
      description: 'Message d’un autre agent.',
      type: 3,
      category: 'MESSAGE_PARTNER',
      waitingNotification: true,
      createdAt: new Date(),
    })
    .returning('uuid')
    .executeTakeFirstOrThrow();
  const fichier = await db()
    .insertInto('fichier')
    .values({
      signalementId: waiting.id,
      storageKey: `tests/${waiting.uuid}.pdf`,
      filename: 'bail.pdf',
      title: 'bail.pdf',
      extension: 'pdf',
      mimeType: 'application/pdf',
      size: 10,
      uploadedByUsager: true,
      variants: '{}',
      createdAt: new Date(),
    })
    .returning('uuid')
    .executeTakeFirstOrThrow();
  const noDdt = await dossier('ACTIVE', [{ partenaireId: schs, statut: 'EN_COURS' }]);
  const closed = await dossier('CLOSED', [{ partenaireId: ddt, statut: 'FERME' }]);

  const rt01 = await as('rt-01@histologe.test');
  const t01 = await token(rt01);
  const actions = [
    'valider',
    'refuser',
    'cloturer',
    'rouvrir',
    'supprimer',
    'restaurer',
    'partenaires',
    'affectation/accepter',
    'affectation/refuser',
    'affectation/cloturer',
    'affectation/rouvrir',
    'affectation/annuler-refus',
    'abonnement',
    'suivis/nouveau',
    `suivis/${suivi.uuid}/modifier`,
    `suivis/${suivi.uuid}/supprimer`,
    'documents/nouveau',
    `documents/${fichier.uuid}/supprimer`,
  ];
  for (const a of actions) {
    const res = await rt01.post(path(waiting.uuid, a), { _csrf: t01 });
    assert.equal(res.statusCode, 404, `POST ${a} outside scope`);
    assert.doesNotMatch(res.body, /Marseille/);
    if (a !== 'valider' && a !== 'restaurer' && a !== 'affectation/rouvrir') {
      assert.equal((await rt01.get(path(waiting.uuid, a))).statusCode, 404, `GET ${a} outside scope`);
    }
  }

  const agent = await as('agent-13@histologe.test');
  const ta = await token(agent);
  const rt13 = await as('rt-13@histologe.test');
  const tr = await token(rt13);
  const forbidden: [Browser, string, string, string][] = [
    ...[
      'valider',
      'refuser',
      'cloturer',
      'rouvrir',
      'supprimer',
      'restaurer',
      'partenaires',
      'suivis/nouveau',
      'documents/nouveau',
      `suivis/${suivi.uuid}/modifier`,
      `suivis/${suivi.uuid}/supprimer`,
      `documents/${fichier.uuid}/supprimer`,
    ].map((a): [Browser, string, string, string] => [agent, ta, waiting.uuid, a]),
    ...[
      'affectation/accepter',
      'affectation/refuser',
      'affectation/cloturer',
      'affectation/rouvrir',
      'affectation/annuler-refus',
    ].map((a): [Browser, string, string, string] => [rt13, tr, noDdt.uuid, a]),
    [rt13, tr, closed.uuid, 'abonnement'],
  ];
  for (const [b, t, uuid, a] of forbidden) {
    const res = await b.post(path(uuid, a), { _csrf: t });
    assert.equal(res.statusCode, 403, `POST ${a} forbidden`);
  }
  // Nothing changed.
  const after = await db()
    .selectFrom('signalement')
    .select('statut')
    .where('id', '=', waiting.id)
    .executeTakeFirst();
  assert.equal(after?.statut, 'ACTIVE');
});

test('responsable: validate, affect two partners; agent accepts, adds a public suivi, closes; close for all', async () => {
  const schs = await partnerId('Ville de Marseille');
  const caf = await partnerId('CAF des Bouches');
  const d = await dossier('NEED_VALIDATION');
  const rt = await as('rt-13@histologe.test');
  const tr = await token(rt);
  const rtId = await userId('rt-13@histologe.test');

  // Validate
  let res = await rt.post(path(d.uuid, 'valider'), { _csrf: tr });
  assert.equal(res.statusCode, 303);
  let s = await db().selectFrom('signalement').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
  assert.equal(s.statut, 'ACTIVE');
  assert.ok(s.validatedAt);
  const active = await db()
    .selectFrom('suivi')
    .selectAll()
    .where('signalementId', '=', d.id)
    .where('category', '=', 'SIGNALEMENT_IS_ACTIVE')
    .execute();
  assert.equal(active.length, 1);
  assert.equal(active[0]!.isVisibleForUsager, true);
  assert.equal(active[0]!.createdById, rtId);
  const hist = await db()
    .selectFrom('historyEntry')
    .selectAll()
    .where('signalementId', '=', d.id)
    .where('entityName', '=', 'Signalement')
    .execute();
  assert.ok(hist.some((h) => JSON.stringify(h.changes).includes('ACTIVE')));
  const subs = await db()
    .selectFrom('abonnement')
    .select('utilisateurId')
    .where('signalementId', '=', d.id)
    .execute();
  assert.ok(
    subs.some((x) => x.utilisateurId === rtId),
    'responsable subscribed',
  );
  // The flash message is shown once on the dossier page.
  const page = await rt.get(`/bo/signalements/${d.uuid}`);
  assert.match(page.body, /Le signalement est validé/);

  // Validating again: refused with a clear message, nothing doubled.
  res = await rt.post(path(d.uuid, 'valider'), { _csrf: tr });
  assert.equal(res.statusCode, 303);
  assert.match((await rt.get(`/bo/signalements/${d.uuid}`)).body, /il n’est pas possible de le valider/);

  // The affectation page lists partners with competences.
  const form = await rt.get(path(d.uuid, 'partenaires'));
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Ville de Marseille/);
  assert.doesNotMatch(form.body, /OPAH Centre-Ville/, 'archived partner not offered');
  assert.doesNotMatch(form.body, /Aix-en-Provence – Service/, 'partner of another commune not offered');
  res = await postMany(rt, path(d.uuid, 'partenaires'), [
    ['_csrf', tr],
    ['partenaires', String(schs)],
    ['partenaires', String(caf)],
  ]);
  assert.equal(res.statusCode, 303);
  const affs = await db().selectFrom('affectation').selectAll().where('signalementId', '=', d.id).execute();
  assert.deepEqual(affs.map((a) => a.statut).sort(), ['NOUVEAU', 'NOUVEAU']);
  const agentId = await userId('agent-13@histologe.test');
  const apId = await userId('ap-13@histologe.test');
  const notifs = await db()
    .selectFrom('notification')
    .select(['utilisateurId', 'type'])
    .where('signalementId', '=', d.id)
    .execute();
  assert.ok(notifs.some((n) => n.utilisateurId === agentId && n.type === 'NOUVELLE_AFFECTATION'));

  // Agent accepts and subscribes a colleague.
  const agent = await as('agent-13@histologe.test');
  const ta = await token(agent);
  const acceptPage = await agent.get(path(d.uuid, 'affectation/accepter'));
  assert.match(acceptPage.body, /Haddad/);
  res = await agent.post(path(d.uuid, 'affectation/accepter'), { _csrf: ta, abonnes: String(apId) });
  assert.equal(res.statusCode, 303);
  const own = await db()
    .selectFrom('affectation')
    .selectAll()
    .where('signalementId', '=', d.id)
    .where('partenaireId', '=', schs)
    .executeTakeFirstOrThrow();
  assert.equal(own.statut, 'EN_COURS');
  assert.equal(own.answeredById, agentId);
  const prise = await db()
    .selectFrom('suivi')
    .selectAll()
    .where('signalementId', '=', d.id)
    .where('category', '=', 'AFFECTATION_IS_ACCEPTED')
    .execute();
  assert.equal(prise.length, 1);
  assert.equal(prise[0]!.isVisibleForUsager, true);
  assert.ok(
    (
      await db()
        .selectFrom('notification')
        .select('type')
        .where('utilisateurId', '=', apId)
        .where('signalementId', '=', d.id)
        .execute()
    ).some((n) => n.type === 'NOUVEL_ABONNEMENT'),
  );

  // Public suivi with line breaks and markup kept as text.
  const mp = multipart(
    { description: 'Visite prévue mardi.\n<b>Merci</b> de votre patience.', visibilite: 'oui' },
    [],
  );
  res = await ctx.app.inject({
    method: 'POST',
    url: `${path(d.uuid, 'suivis/nouveau')}?_csrf=${encodeURIComponent(ta)}`,
    payload: mp.payload,
    headers: { 'content-type': mp.contentType, cookie: agent.cookieHeader() },
  });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const msg = await db()
    .selectFrom('suivi')
    .selectAll()
    .where('signalementId', '=', d.id)
    .where('category', '=', 'MESSAGE_PARTNER')
    .executeTakeFirstOrThrow();
  assert.equal(msg.isVisibleForUsager, true);
  assert.equal(msg.partenaireId, schs);
  assert.match(msg.description, /\n<b>Merci<\/b>/);
  const view = await agent.get(`/bo/signalements/${d.uuid}`);
  assert.match(view.body, /&lt;b>Merci/);
  assert.doesNotMatch(view.body, /<b>Merci/);
  assert.ok(
    (
      await db()
        .selectFrom('notification')
        .select('type')
        .where('utilisateurId', '=', apId)
        .where('suiviId', '=', msg.id)
        .execute()
    ).length === 1,
    'subscribed colleague notified of the suivi',
  );

  // Agent closes their affectation.
  res = await agent.post(path(d.uuid, 'affectation/cloturer'), {
    _csrf: ta,
    motif: 'TRAVAUX_FAITS_OU_EN_COURS',
    message: 'Les travaux sont en cours, nous avons terminé notre part.',
  });
  assert.equal(res.statusCode, 303);
  assert.equal(
    (await db().selectFrom('affectation').select('statut').where('id', '=', own.id).executeTakeFirstOrThrow())
      .statut,
    'FERME',
  );

  // Close for all.
  res = await rt.post(path(d.uuid, 'cloturer'), {
    _csrf: tr,
    motif: 'AUTRE',
    message: 'x',
    visibilite: 'oui',
  });
  assert.equal(res.statusCode, 400, 'short message refused');
  assert.match(res.body, /au moins 10 caractères/);
  assert.match(res.body, /selected/);
  res = await rt.post(path(d.uuid, 'cloturer'), {
    _csrf: tr,
    motif: 'TRAVAUX_FAITS_OU_EN_COURS',
    message: 'Le propriétaire a fait les travaux demandés.',
    visibilite: 'oui',
  });
  assert.equal(res.statusCode, 303);
  s = await db().selectFrom('signalement').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
  assert.equal(s.statut, 'CLOSED');
  assert.equal(s.motifCloture, 'TRAVAUX_FAITS_OU_EN_COURS');
  const after = await db()
    .selectFrom('affectation')
    .select('statut')
    .where('signalementId', '=', d.id)
    .execute();
  assert.ok(after.every((a) => a.statut === 'FERME'));
  assert.ok(
    (
      await db()
        .selectFrom('notification')
        .select('type')
        .where('utilisateurId', '=', agentId)
        .where('signalementId', '=', d.id)
        .execute()
    ).some((n) => n.type === 'CLOTURE_SIGNALEMENT'),
  );
});

test('refusal needs a motif from the list and a message; reopen and archive', async () => {
  const d = await dossier('NEED_VALIDATION');
  const rt = await as('rt-13@histologe.test');
  const tr = await token(rt);
  let res = await rt.post(path(d.uuid, 'refuser'), { _csrf: tr, motif: 'HORS_COMPETENCE', message: '' });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Choisissez un motif/);
  res = await rt.post(path(d.uuid, 'refuser'), {
    _csrf: tr,
    motif: 'HORS_PDLHI',
    message: 'Votre situation relève du tribunal judiciaire.',
  });
  assert.equal(res.statusCode, 303);
  const s = await db().selectFrom('signalement').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
  assert.equal(s.statut, 'REFUSED');
  assert.equal(s.motifRefus, 'HORS_PDLHI');
  const suivi = await db()
    .selectFrom('suivi')
    .selectAll()
    .where('signalementId', '=', d.id)
    .where('category', '=', 'SIGNALEMENT_IS_REFUSED')
    .executeTakeFirstOrThrow();
  assert.equal(suivi.isVisibleForUsager, true);
  assert.match(suivi.description, /tribunal judiciaire/);

  res = await rt.post(path(d.uuid, 'supprimer'), { _csrf: tr });
  assert.equal(res.statusCode, 303);
  assert.equal(
    (await db().selectFrom('signalement').select('statut').where('id', '=', d.id).executeTakeFirstOrThrow())
      .statut,
    'ARCHIVED',
  );
  // Hidden now, even for its responsable; the super admin restores it.
  assert.equal((await rt.get(`/bo/signalements/${d.uuid}`)).statusCode, 404);
  // (The super admin signs in with an e-mailed code: the service is called directly.)
  await service().restore(await actor('admin@histologe.test'), d.uuid);
  assert.equal(
    (await db().selectFrom('signalement').select('statut').where('id', '=', d.id).executeTakeFirstOrThrow())
      .statut,
    'ACTIVE',
  );
});

test('concurrency: two accepts at once → one wins; two validations → one wins', async () => {
  const schs = await partnerId('Ville de Marseille');
  const d = await dossier('ACTIVE', [{ partenaireId: schs, statut: 'NOUVEAU' }]);
  const agent = await actor('agent-13@histologe.test');
  const ap = await actor('ap-13@histologe.test');
  const results = await Promise.allSettled([
    service().accept(agent, d.uuid, {}),
    service().accept(ap, d.uuid, {}),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.ok(isAppError(lost.reason) && lost.reason.code === 'CONFLICT', String(lost.reason));
  const accepted = await db()
    .selectFrom('suivi')
    .select('id')
    .where('signalementId', '=', d.id)
    .where('category', '=', 'AFFECTATION_IS_ACCEPTED')
    .execute();
  assert.equal(accepted.length, 1);

  const n = await dossier('NEED_VALIDATION');
  const rt = await actor('rt-13@histologe.test');
  const admin = await actor('admin@histologe.test');
  const v = await Promise.allSettled([service().validate(rt, n.uuid), service().validate(admin, n.uuid)]);
  assert.equal(v.filter((r) => r.status === 'fulfilled').length, 1);
  const lostV = v.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.equal(lostV.reason.code, 'CONFLICT');
  assert.ok([CONFLICT_MESSAGE].includes(lostV.reason.message) || /pas possible/.test(lostV.reason.message));
  const suivis = await db()
    .selectFrom('suivi')
    .select('id')
    .where('signalementId', '=', n.id)
    .where('category', '=', 'SIGNALEMENT_IS_ACTIVE')
    .execute();
  assert.equal(suivis.length, 1);
});

test('forbidden transitions are refused by the service whatever the request says', async () => {
  const schs = await partnerId('Ville de Marseille');
  const d = await dossier('ACTIVE', [{ partenaireId: schs, statut: 'EN_COURS' }]);
  const agent = await actor('agent-13@histologe.test');
  const rt = await actor('rt-13@histologe.test');
  await assert.rejects(service().accept(agent, d.uuid, {}), (e) => isAppError(e) && e.code === 'CONFLICT');
  await assert.rejects(
    service().reopen(rt, d.uuid, { visibilite: 'non' }),
    (e) => isAppError(e) && e.code === 'CONFLICT',
  );
  await assert.rejects(service().validate(agent, d.uuid), (e) => isAppError(e) && e.code === 'FORBIDDEN');
  await assert.rejects(
    service().refuseAffectation(agent, d.uuid, { motif: 'HORS_PDLHI', message: 'Pas pour nous, désolé.' }),
    (e) => isAppError(e) && e.code === 'CONFLICT',
  );
  // An agent may not affect partners (no hasPermissionAffectation).
  await assert.rejects(
    service().setAffectations(agent, d.uuid, { partenaires: String(schs) }),
    (e) => isAppError(e) && e.code === 'FORBIDDEN',
  );
  // Refusal with HORS_PDLHI is allowed for an affectation.
  const w = await dossier('ACTIVE', [{ partenaireId: schs, statut: 'NOUVEAU' }]);
  await service().refuseAffectation(agent, w.uuid, {
    motif: 'HORS_PDLHI',
    message: 'Hors du champ de l’habitat indigne.',
  });
  const a = await db()
    .selectFrom('affectation')
    .selectAll()
    .where('signalementId', '=', w.id)
    .executeTakeFirstOrThrow();
  assert.equal(a.statut, 'REFUSE');
  assert.equal(a.motifRefus, 'HORS_PDLHI');
  await service().cancelRefusal(agent, w.uuid, {});
  assert.equal(
    (await db().selectFrom('affectation').select('statut').where('id', '=', a.id).executeTakeFirstOrThrow())
      .statut,
    'EN_COURS',
  );
});

test('suivi: edit and delete within 20 minutes only', async () => {
  const schs = await partnerId('Ville de Marseille');
  const d = await dossier('ACTIVE', [{ partenaireId: schs, statut: 'EN_COURS' }]);
  const agentActor = await actor('agent-13@histologe.test');
  await service().addSuivi(
    agentActor,
    d.uuid,
    { description: 'Premier passage prévu lundi.', visibilite: 'non' },
    [],
  );
  const suivi = await db()
    .selectFrom('suivi')
    .selectAll()
    .where('signalementId', '=', d.id)
    .where('category', '=', 'MESSAGE_PARTNER')
    .executeTakeFirstOrThrow();
  const agent = await as('agent-13@histologe.test');
  const ta = await token(agent);
  let res = await agent.post(path(d.uuid, `suivis/${suivi.uuid}/modifier`), {
    _csrf: ta,
    description: 'Premier passage prévu mardi.',
  });
  assert.equal(res.statusCode, 303);
  assert.equal(
    (
      await db()
        .selectFrom('suivi')
        .select('description')
        .where('id', '=', suivi.id)
        .executeTakeFirstOrThrow()
    ).description,
    'Premier passage prévu mardi.',
  );
  await db()
    .updateTable('suivi')
    .set({ createdAt: new Date(Date.now() - 21 * 60_000) })
    .where('id', '=', suivi.id)
    .execute();
  res = await agent.post(path(d.uuid, `suivis/${suivi.uuid}/modifier`), {
    _csrf: ta,
    description: 'Trop tard pour changer.',
  });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /20 minutes/);
  res = await agent.post(path(d.uuid, `suivis/${suivi.uuid}/supprimer`), { _csrf: ta });
  assert.equal(res.statusCode, 403);
  assert.ok(
    await db()
      .selectFrom('suivi')
      .select('id')
      .where('id', '=', suivi.id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst(),
  );
});

test('document upload: a bad file is rejected with a French message and the answers are kept', async () => {
  const schs = await partnerId('Ville de Marseille');
  const d = await dossier('ACTIVE', [{ partenaireId: schs, statut: 'EN_COURS' }]);
  const agent = await as('agent-13@histologe.test');
  const ta = await token(agent);
  const mp = multipart({ documentType: 'SITUATION_FOYER_BAIL', visibilite: 'non' }, [
    { name: 'fichiers', filename: 'photo.jpg', body: Buffer.from('ceci n’est pas une image') },
  ]);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `${path(d.uuid, 'documents/nouveau')}?_csrf=${encodeURIComponent(ta)}`,
    payload: mp.payload,
    headers: { 'content-type': mp.contentType, cookie: agent.cookieHeader() },
  });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /photo\.jpg/);
  assert.match(res.body, /value="SITUATION_FOYER_BAIL" selected/);
  const files = await db().selectFrom('fichier').select('id').where('signalementId', '=', d.id).execute();
  assert.equal(files.length, 0);
});
