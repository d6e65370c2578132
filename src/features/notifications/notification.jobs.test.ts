import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import type { MailJobData } from '../../worker.ts';
import { purgeOldNotifications, sendDailyDigests } from './notification.jobs.ts';

let ctx: TestContext;
const db = () => ctx.runtime.database.db;
let userId: number;
let userEmail: string;
let signalement: { id: number; reference: string };
let other: { id: number; reference: string };

before(async () => {
  ctx = await createTestApp();
  const u = await db()
    .selectFrom('utilisateur')
    .select(['id', 'email'])
    .where('email', '=', 'agent-13@histologe.test')
    .executeTakeFirstOrThrow();
  userId = u.id;
  userEmail = u.email;
  const rows = await db()
    .selectFrom('signalement')
    .select(['id', 'reference'])
    .orderBy('id')
    .limit(2)
    .execute();
  signalement = rows[0]!;
  other = rows[1]!;
});
after(async () => {
  await ctx?.close();
});

beforeEach(async () => {
  await db().deleteFrom('notification').execute();
  await db()
    .updateTable('utilisateur')
    .set({ notificationPreference: 'DIGEST', isMailingActive: true, statut: 'ACTIVE' })
    .where('id', '=', userId)
    .execute();
});

async function add(values: {
  signalementId: number;
  description: string;
  waitMailingSummary?: boolean;
  isSeen?: boolean;
  createdAt?: Date;
}) {
  return db()
    .insertInto('notification')
    .values({
      utilisateurId: userId,
      type: 'NOUVEAU_SUIVI',
      signalementId: values.signalementId,
      description: values.description,
      waitMailingSummary: values.waitMailingSummary ?? true,
      isSeen: values.isSeen ?? false,
      createdAt: values.createdAt ?? new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

async function digest(now = new Date('2026-11-29T07:00:00Z')) {
  const deferred: MailJobData[] = [];
  const result = await sendDailyDigests(ctx.runtime, { now, deferred });
  return { ...result, deferred };
}

describe('daily digest', () => {
  test('one e-mail listing the waiting notifications, then marked; a second run sends nothing', async () => {
    const a = await add({
      signalementId: signalement.id,
      description: 'Nouveau suivi ajouté par Marie Curie',
    });
    const b = await add({ signalementId: other.id, description: 'ADIL a accepté le dossier' });
    const c = await add({ signalementId: other.id, description: 'Déjà envoyé', waitMailingSummary: false });

    const first = await digest();
    assert.equal(first.mails, 1);
    assert.equal(first.deferred.length, 1);
    const mail = first.deferred[0]!;
    assert.equal(mail.to, userEmail);
    for (const text of [mail.text, mail.html]) {
      assert.ok(text.includes(signalement.reference));
      assert.ok(text.includes(other.reference));
      assert.ok(text.includes('Marie Curie'));
      assert.ok(text.includes('/bo/notifications'));
      assert.ok(!text.includes('Déjà envoyé'));
    }
    assert.match(mail.subject, /2 notifications/);

    const rows = await db()
      .selectFrom('notification')
      .select(['id', 'waitMailingSummary', 'mailingSummarySentAt'])
      .where('id', 'in', [a.id, b.id, c.id])
      .execute();
    for (const r of rows.filter((r) => r.id !== c.id)) {
      assert.equal(r.waitMailingSummary, false);
      assert.equal(r.mailingSummarySentAt?.toISOString(), '2026-11-29T07:00:00.000Z');
    }
    assert.equal(rows.find((r) => r.id === c.id)?.mailingSummarySentAt, null);

    const second = await digest();
    assert.equal(second.mails, 0);
    assert.equal(second.deferred.length, 0);
  });

  test('already read in the application: no e-mail, but marked', async () => {
    const a = await add({ signalementId: signalement.id, description: 'Lu', isSeen: true });
    const r = await digest();
    assert.equal(r.deferred.length, 0);
    const row = await db()
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.waitMailingSummary, false);
  });

  test('no e-mail to a user who turned e-mails off or became inactive', async () => {
    await add({ signalementId: signalement.id, description: 'Un' });
    await db().updateTable('utilisateur').set({ isMailingActive: false }).where('id', '=', userId).execute();
    assert.equal((await digest()).deferred.length, 0);

    await add({ signalementId: signalement.id, description: 'Deux' });
    await db()
      .updateTable('utilisateur')
      .set({ isMailingActive: true, statut: 'INACTIVE' })
      .where('id', '=', userId)
      .execute();
    assert.equal((await digest()).deferred.length, 0);
    const waiting = await db()
      .selectFrom('notification')
      .select('id')
      .where('waitMailingSummary', '=', true)
      .execute();
    assert.equal(waiting.length, 0);
  });
});

describe('purge', () => {
  test('removes notifications older than 30 days only', async () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const old = await add({
      signalementId: signalement.id,
      description: 'Ancienne',
      createdAt: new Date('2026-10-28T11:00:00Z'),
    });
    const recent = await add({
      signalementId: signalement.id,
      description: 'Récente',
      createdAt: new Date('2026-10-30T12:00:00Z'),
    });
    const removed = await purgeOldNotifications(ctx.runtime, { now });
    assert.equal(removed, 1);
    const left = await db().selectFrom('notification').select('id').execute();
    assert.deepEqual(
      left.map((r) => r.id),
      [recent.id],
    );
    assert.ok(old.id !== recent.id);
  });
});
