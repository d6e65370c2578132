import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { createTestApp, type TestContext } from '../test/helpers/test-app.ts';
import { listOutbox } from './infra/mailer.ts';
import { JOB_SEND_MAIL, registerWorker } from './worker.ts';

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
