import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import type { MailJobData } from '../../worker.ts';
import { type NotifyInput, notify } from './notify.service.ts';

let ctx: TestContext;
const APP_URL = 'https://histologe.example';
const FROM = 'plateforme@histologe.example';
const db = () => ctx.runtime.database.db;

interface Ids {
  signalementId: number;
  signalementUuid: string;
  codeSuivi: string;
  rt13: number;
  rt01: number;
  agent13: number;
  agent01: number;
  partner13: number;
  partner13Email: string;
}
let ids: Ids;

async function userId(email: string) {
  return (
    await db().selectFrom('utilisateur').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  ).id;
}
async function emailOf(id: number) {
  return (await db().selectFrom('utilisateur').select('email').where('id', '=', id).executeTakeFirstOrThrow())
    .email;
}

before(async () => {
  ctx = await createTestApp();
  const s = await db()
    .selectFrom('signalement as s')
    .innerJoin('territoire as t', 't.id', 's.territoireId')
    .select(['s.id', 's.uuid', 's.codeSuivi'])
    .where('t.code', '=', '13')
    .orderBy('s.id')
    .executeTakeFirstOrThrow();
  const agent13 = await userId('agent-13@histologe.test');
  const partner = await db()
    .selectFrom('utilisateurPartenaire')
    .select('partenaireId')
    .where('utilisateurId', '=', agent13)
    .executeTakeFirstOrThrow();
  ids = {
    signalementId: s.id,
    signalementUuid: s.uuid,
    codeSuivi: s.codeSuivi,
    rt13: await userId('rt-13@histologe.test'),
    rt01: await userId('rt-01@histologe.test'),
    agent13,
    agent01: await userId('agent-01@histologe.test'),
    partner13: partner.partenaireId,
    partner13Email: 'boite-generique@partenaire.example',
  };
  await db()
    .updateTable('partenaire')
    .set({ email: ids.partner13Email, emailNotifiable: true, isArchive: false })
    .where('id', '=', ids.partner13)
    .execute();
});
after(async () => {
  await ctx?.close();
});

beforeEach(async () => {
  await db().deleteFrom('notification').where('signalementId', '=', ids.signalementId).execute();
  await db().deleteFrom('abonnement').where('signalementId', '=', ids.signalementId).execute();
  await db()
    .updateTable('utilisateur')
    .set({ notificationPreference: 'EACH', isMailingActive: true, statut: 'ACTIVE' })
    .where('id', 'in', [ids.rt13, ids.rt01, ids.agent13, ids.agent01])
    .execute();
  await db()
    .updateTable('signalement')
    .set({
      statut: 'ACTIVE',
      isLogementVacant: false,
      occupantEmail: 'occupant@usager.example',
      declarantEmail: 'declarant@usager.example',
    })
    .where('id', '=', ids.signalementId)
    .execute();
  await db()
    .updateTable('partenaire')
    .set({ emailNotifiable: true })
    .where('id', '=', ids.partner13)
    .execute();
});

async function run(input: Omit<NotifyInput, 'signalementId'> & { signalementId?: number }) {
  const deferred: MailJobData[] = [];
  await db()
    .transaction()
    .execute((trx) =>
      notify(
        trx,
        { appUrl: APP_URL, mailFrom: FROM, deferred },
        { signalementId: ids.signalementId, ...input },
      ),
    );
  const rows = await db()
    .selectFrom('notification')
    .selectAll()
    .where('signalementId', '=', ids.signalementId)
    .orderBy('id')
    .execute();
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const agentMails = deferred.filter((m) => list(m.bcc).length > 0);
  const usagerMails = deferred.filter((m) => list(m.bcc).length === 0);
  const bcc = agentMails.flatMap((m) => list(m.bcc).map((e) => e.toLowerCase()));
  return { rows, deferred, agentMails, usagerMails, bcc, users: rows.map((r) => r.utilisateurId) };
}

describe('notify: recipients', () => {
  test('new signalement: responsables of the territory only, in-app and one BCC e-mail with a neutral To', async () => {
    const r = await run({ event: 'SIGNALEMENT_NOUVEAU', to: { responsables: true }, actorId: null });
    assert.ok(r.users.includes(ids.rt13));
    assert.ok(!r.users.includes(ids.rt01), 'not the responsable of another territory');
    assert.ok(
      r.rows.every((row) => row.type === 'NOUVEAU_SIGNALEMENT' && !row.isSeen && !row.waitMailingSummary),
    );
    assert.equal(r.agentMails.length, 1);
    const mail = r.agentMails[0]!;
    assert.equal(mail.to, FROM);
    assert.ok(r.bcc.includes((await emailOf(ids.rt13)).toLowerCase()));
    assert.ok(mail.html.includes(`${APP_URL}/bo/signalements/${ids.signalementUuid}`));
    assert.ok(mail.text.includes(`${APP_URL}/bo/signalements/${ids.signalementUuid}`));
    assert.match(mail.subject, /Nouveau signalement/);
    assert.equal(r.usagerMails.length, 0, 'usager not asked');
  });

  test('the acting user is never notified of their own action', async () => {
    const r = await run({ event: 'SIGNALEMENT_VALIDE', to: { responsables: true }, actorId: ids.rt13 });
    assert.ok(!r.users.includes(ids.rt13));
    assert.ok(!r.bcc.includes((await emailOf(ids.rt13)).toLowerCase()));
  });

  test('subscriber who is also responsable: one notification, one address', async () => {
    await db()
      .insertInto('abonnement')
      .values({ utilisateurId: ids.rt13, signalementId: ids.signalementId, createdAt: new Date() })
      .execute();
    const r = await run({
      event: 'SUIVI_NOUVEAU',
      to: { subscribers: true, responsables: true, utilisateurIds: [ids.rt13] },
      actorId: null,
    });
    assert.equal(r.users.filter((u) => u === ids.rt13).length, 1);
    const rtEmail = (await emailOf(ids.rt13)).toLowerCase();
    assert.equal(r.bcc.filter((e) => e === rtEmail).length, 1);
    assert.equal(new Set(r.bcc).size, r.bcc.length);
  });

  test('preferences: DIGEST waits for the summary, NONE is in-app only, mailing off means no e-mail at all', async () => {
    await db()
      .updateTable('utilisateur')
      .set({ notificationPreference: 'DIGEST' })
      .where('id', '=', ids.rt13)
      .execute();
    let r = await run({ event: 'SIGNALEMENT_NOUVEAU', to: { responsables: true }, actorId: null });
    const rtEmail = (await emailOf(ids.rt13)).toLowerCase();
    assert.equal(r.rows.find((row) => row.utilisateurId === ids.rt13)?.waitMailingSummary, true);
    assert.ok(!r.bcc.includes(rtEmail));

    await db().deleteFrom('notification').where('signalementId', '=', ids.signalementId).execute();
    await db()
      .updateTable('utilisateur')
      .set({ notificationPreference: 'NONE' })
      .where('id', '=', ids.rt13)
      .execute();
    r = await run({ event: 'SIGNALEMENT_NOUVEAU', to: { responsables: true }, actorId: null });
    const row = r.rows.find((x) => x.utilisateurId === ids.rt13);
    assert.ok(row, 'still notified in the application');
    assert.equal(row.waitMailingSummary, false);
    assert.ok(!r.bcc.includes(rtEmail));

    await db().deleteFrom('notification').where('signalementId', '=', ids.signalementId).execute();
    await db()
      .updateTable('utilisateur')
      .set({ notificationPreference: 'DIGEST', isMailingActive: false })
      .where('id', '=', ids.rt13)
      .execute();
    r = await run({ event: 'SIGNALEMENT_NOUVEAU', to: { responsables: true }, actorId: null });
    assert.equal(r.rows.find((x) => x.utilisateurId === ids.rt13)?.waitMailingSummary, false);
    assert.ok(!r.bcc.includes(rtEmail));
  });

  test('inactive users are not notified', async () => {
    await db().updateTable('utilisateur').set({ statut: 'INACTIVE' }).where('id', '=', ids.agent13).execute();
    const r = await run({
      event: 'AFFECTATION_NOUVELLE',
      to: { partenaireIds: [ids.partner13] },
      actorId: null,
    });
    assert.ok(!r.users.includes(ids.agent13));
  });

  test('partner: its agents and its generic mailbox when it accepts notifications', async () => {
    let r = await run({
      event: 'AFFECTATION_NOUVELLE',
      to: { partenaireIds: [ids.partner13] },
      actorId: ids.rt13,
    });
    assert.ok(r.users.includes(ids.agent13));
    assert.ok(r.rows.every((row) => row.type === 'NOUVELLE_AFFECTATION'));
    assert.ok(r.bcc.includes(ids.partner13Email));
    assert.ok(r.bcc.includes((await emailOf(ids.agent13)).toLowerCase()));
    assert.ok(!r.users.includes(ids.rt13));

    await db().deleteFrom('notification').where('signalementId', '=', ids.signalementId).execute();
    await db()
      .updateTable('partenaire')
      .set({ emailNotifiable: false })
      .where('id', '=', ids.partner13)
      .execute();
    r = await run({
      event: 'AFFECTATION_NOUVELLE',
      to: { partenaireIds: [ids.partner13] },
      actorId: ids.rt13,
    });
    assert.ok(!r.bcc.includes(ids.partner13Email), 'mailbox not notifiable');
    assert.ok(r.users.includes(ids.agent13), 'agents still notified');
  });

  test('partner mailbox is skipped when the actor belongs to that partner', async () => {
    const r = await run({
      event: 'AFFECTATION_ACCEPTEE',
      to: { partenaireIds: [ids.partner13], responsables: true },
      actorId: ids.agent13,
    });
    assert.ok(!r.bcc.includes(ids.partner13Email));
    assert.ok(!r.users.includes(ids.agent13));
    assert.ok(r.users.includes(ids.rt13));
    assert.match(r.rows[0]!.description ?? '', /a accepté le dossier/);
  });

  test('a new suivi on a closed dossier: in-app only', async () => {
    await db()
      .updateTable('signalement')
      .set({ statut: 'CLOSED', closedAt: new Date() })
      .where('id', '=', ids.signalementId)
      .execute();
    const r = await run({ event: 'SUIVI_NOUVEAU', to: { responsables: true }, actorId: null });
    assert.ok(r.users.includes(ids.rt13));
    assert.equal(r.agentMails.length, 0);
  });
});

describe('notify: usager', () => {
  test('occupant and déclarant each get their own e-mail with the follow-up link', async () => {
    const r = await run({ event: 'SIGNALEMENT_VALIDE', to: { usager: true }, actorId: ids.rt13 });
    assert.deepEqual(r.usagerMails.map((m) => m.to).sort(), [
      'declarant@usager.example',
      'occupant@usager.example',
    ]);
    for (const m of r.usagerMails) {
      assert.ok(m.html.includes(`${APP_URL}/suivre-mon-signalement/${ids.codeSuivi}`));
      assert.ok(m.text.includes(`${APP_URL}/suivre-mon-signalement/${ids.codeSuivi}`));
      assert.ok(!m.html.includes('/bo/'), 'no back-office link for usagers');
    }
    assert.equal(r.rows.length, 0, 'no agent asked');
  });

  test('same address for occupant and déclarant: one e-mail', async () => {
    await db()
      .updateTable('signalement')
      .set({ declarantEmail: 'Occupant@usager.example' })
      .where('id', '=', ids.signalementId)
      .execute();
    const r = await run({ event: 'SIGNALEMENT_CLOTURE', to: { usager: true }, actorId: null });
    assert.equal(r.usagerMails.length, 1);
  });

  test('never when the logement is vacant, nor without an e-mail', async () => {
    await db()
      .updateTable('signalement')
      .set({ isLogementVacant: true })
      .where('id', '=', ids.signalementId)
      .execute();
    let r = await run({ event: 'SIGNALEMENT_REFUSE', to: { usager: true }, actorId: null });
    assert.equal(r.usagerMails.length, 0);

    await db()
      .updateTable('signalement')
      .set({ isLogementVacant: false, occupantEmail: null, declarantEmail: '  ' })
      .where('id', '=', ids.signalementId)
      .execute();
    r = await run({ event: 'SIGNALEMENT_REFUSE', to: { usager: true }, actorId: null });
    assert.equal(r.usagerMails.length, 0);
  });

  test('events that do not concern the usager send them nothing', async () => {
    const r = await run({ event: 'AFFECTATION_NOUVELLE', to: { usager: true }, actorId: null });
    assert.equal(r.usagerMails.length, 0);
  });

  test('a déclarant who is also a notified agent gets the agent e-mail only', async () => {
    const agentEmail = await emailOf(ids.agent13);
    await db()
      .updateTable('signalement')
      .set({ declarantEmail: agentEmail })
      .where('id', '=', ids.signalementId)
      .execute();
    const r = await run({
      event: 'SIGNALEMENT_CLOTURE',
      to: { usager: true, partenaireIds: [ids.partner13] },
      actorId: ids.rt13,
    });
    assert.deepEqual(
      r.usagerMails.map((m) => m.to),
      ['occupant@usager.example'],
    );
  });
});

describe('notify: transaction', () => {
  test('a rollback leaves no notification', async () => {
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await notify(
            trx,
            { appUrl: APP_URL, deferred: [] },
            {
              event: 'SIGNALEMENT_NOUVEAU',
              signalementId: ids.signalementId,
              to: { responsables: true },
              actorId: null,
            },
          );
          throw new Error('boom');
        }),
    );
    const n = await db()
      .selectFrom('notification')
      .select('id')
      .where('signalementId', '=', ids.signalementId)
      .execute();
    assert.equal(n.length, 0);
  });

  test('unknown signalement: nothing happens', async () => {
    const r = await run({
      event: 'SIGNALEMENT_NOUVEAU',
      signalementId: 999_999_999,
      to: { responsables: true },
      actorId: null,
    });
    assert.equal(r.deferred.length, 0);
  });
});
