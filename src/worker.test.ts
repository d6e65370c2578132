import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { createTestApp, type TestContext } from '../test/helpers/test-app.ts';
import type { GeocodeResult } from './infra/geocoder.ts';
import { listOutbox } from './infra/mailer.ts';
import {
  geocodeSignalement,
  handleMailJob,
  JOB_SEND_MAIL,
  purgeOldDrafts,
  registerWorker,
} from './worker.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp({ jobs: true });
  await registerWorker(ctx.runtime, pino({ level: 'silent' }));
});
after(async () => {
  await ctx?.close();
});

test('an e-mail enqueued in a business transaction is sent by the worker once the transaction commits', async () => {
  const { database, jobs, config } = ctx.runtime;
  assert.ok(jobs);
  await database.db.transaction().execute(async (trx) => {
    await jobs.send(
      JOB_SEND_MAIL,
      { to: 'usager@example.fr', subject: 'Votre dossier avance', html: '<p>Bonjour</p>', text: 'Bonjour' },
      { trx },
    );
  });
  const deadline = Date.now() + 20_000;
  let mails = await listOutbox(config.mail.outboxDir);
  while (!mails.some((m) => m.subject === 'Votre dossier avance') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    mails = await listOutbox(config.mail.outboxDir);
  }
  const mail = mails.find((m) => m.subject === 'Votre dossier avance');
  assert.ok(mail, 'the mail reached the outbox');
  assert.deepEqual(mail.to, ['usager@example.fr']);
});

test('a rolled-back transaction sends nothing', async () => {
  const { database, jobs, config } = ctx.runtime;
  await assert.rejects(
    database.db.transaction().execute(async (trx) => {
      await jobs!.send(
        JOB_SEND_MAIL,
        { to: 'x@example.fr', subject: 'Jamais envoyé', html: '<p>x</p>', text: 'x' },
        { trx },
      );
      throw new Error('rollback');
    }),
  );
  await new Promise((r) => setTimeout(r, 3000));
  const mails = await listOutbox(config.mail.outboxDir);
  assert.ok(!mails.some((m) => m.subject === 'Jamais envoyé'));
});

// ---------------------------------------------------------------------------------------------------------
// Mail failures, draft purge, geocoding

test('the last failed attempt of a mail job leaves a failed_email row (attachments reduced to their names)', async () => {
  const { database } = ctx.runtime;
  const failing = {
    database,
    mailer: {
      kind: 'smtp' as const,
      async send(): Promise<{ messageId: string }> {
        throw new Error('Relais SMTP injoignable');
      },
      async close() {},
    },
  };
  const data = {
    to: 'usager@example.fr',
    bcc: ['rt@example.fr'],
    subject: 'Échec attendu',
    html: '<p>x</p>',
    text: 'x',
    attachments: [{ filename: 'lettre.pdf', content: Buffer.from('%PDF-1.4') }],
  };
  // Not the last attempt: the job fails (pg-boss retries later), nothing recorded yet.
  await assert.rejects(handleMailJob(failing, { data, retryCount: 0, retryLimit: 2 }), /injoignable/);
  let rows = await database.db
    .selectFrom('failedEmail')
    .selectAll()
    .where('subject', '=', 'Échec attendu')
    .execute();
  assert.equal(rows.length, 0);
  await assert.rejects(handleMailJob(failing, { data, retryCount: 2, retryLimit: 2 }), /injoignable/);
  rows = await database.db
    .selectFrom('failedEmail')
    .selectAll()
    .where('subject', '=', 'Échec attendu')
    .execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.jobName, JOB_SEND_MAIL);
  assert.deepEqual(rows[0]!.recipients, ['usager@example.fr', 'rt@example.fr']);
  assert.match(rows[0]!.error, /injoignable/);
  assert.equal(rows[0]!.attempts, 3);
  assert.deepEqual((rows[0]!.payload as any).attachments, [{ filename: 'lettre.pdf' }]);
  assert.equal((rows[0]!.payload as any).text, 'x');
});

test('drafts untouched for 6 months are deleted with their files; submitted ones are kept', async () => {
  const { database, storage } = ctx.runtime;
  const db = database.db;
  const old = new Date(Date.now() - 200 * 24 * 3600 * 1000);
  const recent = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const make = async (status: 'EN_COURS' | 'ARCHIVE' | 'EN_SIGNALEMENT', updatedAt: Date) => {
    const d = await db
      .insertInto('signalementDraft')
      .values({ payload: '{}', status, createdAt: updatedAt, updatedAt })
      .returning(['id', 'uuid'])
      .executeTakeFirstOrThrow();
    const key = `drafts/purge-test/${d.uuid}.jpg`;
    const thumb = `drafts/purge-test/${d.uuid}-thumb.jpg`;
    await storage.put(key, Buffer.from('image'), { contentType: 'image/jpeg' });
    await storage.put(thumb, Buffer.from('thumb'), { contentType: 'image/jpeg' });
    await db
      .insertInto('signalementDraftFile')
      .values({
        draftId: d.id,
        field: 'desordres_logement_humidite_photos',
        storageKey: key,
        variants: JSON.stringify({ thumb }) as never,
        filename: 'photo.jpg',
        extension: 'jpg',
        mimeType: 'image/jpeg',
        size: 5,
        kind: 'image',
      })
      .execute();
    return { ...d, key, thumb };
  };
  const oldOpen = await make('EN_COURS', old);
  const oldArchived = await make('ARCHIVE', old);
  const oldSubmitted = await make('EN_SIGNALEMENT', old);
  const recentOpen = await make('EN_COURS', recent);

  const result = await purgeOldDrafts(ctx.runtime);
  assert.ok(result.drafts >= 2);
  const left = await db
    .selectFrom('signalementDraft')
    .select('id')
    .where('id', 'in', [oldOpen.id, oldArchived.id, oldSubmitted.id, recentOpen.id])
    .execute();
  assert.deepEqual(left.map((d) => d.id).sort(), [oldSubmitted.id, recentOpen.id].sort());
  for (const gone of [oldOpen, oldArchived]) {
    assert.equal(await storage.stat(gone.key), null);
    assert.equal(await storage.stat(gone.thumb), null);
  }
  for (const kept of [oldSubmitted, recentOpen]) assert.ok(await storage.stat(kept.key));
  const files = await db
    .selectFrom('signalementDraftFile')
    .select('draftId')
    .where('draftId', 'in', [oldOpen.id, oldArchived.id])
    .execute();
  assert.equal(files.length, 0);
});

test('geocoding fills position, BAN id and INSEE code; a dead BAN leaves the address for later', async () => {
  const db = ctx.runtime.database.db;
  const s = await db
    .selectFrom('signalement')
    .select(['id', 'inseeOccupant'])
    .where('statut', '=', 'NEED_VALIDATION')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('signalement')
    .set({ geolocLat: null, geolocLng: null, banIdOccupant: null, inseeOccupant: null })
    .where('id', '=', s.id)
    .execute();

  const dead = {
    database: ctx.runtime.database,
    geocoder: {
      async search(): Promise<GeocodeResult[]> {
        return [
          {
            label: '13002 Marseille',
            postcode: '13002',
            city: 'Marseille',
            citycode: '13202',
            banId: null,
            lat: null,
            lng: null,
            score: 0,
            type: 'municipality' as const,
            source: 'fallback' as const,
          },
        ];
      },
    },
  };
  assert.equal(await geocodeSignalement(dead, s.id), 'unavailable');
  let row = await db.selectFrom('signalement').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
  assert.equal(row.geolocLat, null);
  assert.equal(row.banIdOccupant, null);

  const queries: string[] = [];
  const ban = {
    database: ctx.runtime.database,
    geocoder: {
      async search(q: string): Promise<GeocodeResult[]> {
        queries.push(q);
        return [
          {
            label: q,
            postcode: '13002',
            city: 'Marseille',
            citycode: '13202',
            banId: '13202_0001_00008',
            lat: 43.31,
            lng: 5.36,
            score: 0.95,
            type: 'housenumber' as const,
            source: 'ban' as const,
          },
        ];
      },
    },
  };
  assert.equal(await geocodeSignalement(ban, s.id), 'done');
  row = await db.selectFrom('signalement').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
  assert.equal(Number(row.geolocLat), 43.31);
  assert.equal(Number(row.geolocLng), 5.36);
  assert.equal(row.banIdOccupant, '13202_0001_00008');
  assert.equal(row.inseeOccupant, '13202');
  assert.ok(queries[0]!.includes(row.cpOccupant));
  // Already geocoded: nothing asked again.
  assert.equal(await geocodeSignalement(ban, s.id), 'done');
  assert.equal(queries.length, 1);
  assert.equal(await geocodeSignalement(ban, 999_999_999), 'missing');
});
