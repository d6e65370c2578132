import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { listOutbox, readOutbox } from '../../infra/mailer.ts';
import { sendResumeLink } from './draft-mails.ts';

// Without a job queue: the e-mail is sent at once (the queued path is covered by submission tests).
let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});

const db = () => ctx.runtime.database.db;

async function draft(status: 'EN_COURS' | 'EN_SIGNALEMENT' | 'ARCHIVE' = 'EN_COURS') {
  return db()
    .insertInto('signalementDraft')
    .values({
      payload: JSON.stringify({
        profil: 'locataire',
        adresse_logement_adresse: '8 Boulevard du Port 13002 Marseille',
      }),
      currentStep: 'desordres_logement',
      status,
      createdAt: new Date(),
      updatedAt: new Date('2026-01-01T00:00:00Z'),
    })
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow();
}

test('"Finir plus tard" e-mails the resume link and keeps the e-mail on the draft', async () => {
  const d = await draft();
  await sendResumeLink(ctx.runtime, d.uuid, '  Marie.Dupont@Exemple.fr ');
  const row = await db()
    .selectFrom('signalementDraft')
    .select(['emailDeclarant', 'updatedAt'])
    .where('id', '=', d.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.emailDeclarant, 'marie.dupont@exemple.fr');
  assert.ok(
    row.updatedAt.getTime() > new Date('2026-01-01T00:00:00Z').getTime(),
    'the draft is kept 6 more months',
  );

  const mails = await listOutbox(ctx.config.mail.outboxDir);
  const entry = mails.find((m) => m.to.some((t) => t.toLowerCase() === 'marie.dupont@exemple.fr'));
  assert.ok(entry, 'the e-mail was sent');
  const mail = await readOutbox(ctx.config.mail.outboxDir, entry.id);
  assert.ok(mail);
  assert.match(mail.subject, /Reprenez votre signalement/);
  assert.ok(mail.text?.includes(`${ctx.config.appUrl}/signalement/${d.uuid}`));
  assert.ok(mail.text?.includes('8 Boulevard du Port'));
  assert.match(mail.text ?? '', /valable jusqu’au/);
});

test('a wrong e-mail gets a message on the field', async () => {
  const d = await draft();
  await assert.rejects(sendResumeLink(ctx.runtime, d.uuid, 'marie@'), (err: any) => {
    assert.equal(err.code, 'VALIDATION');
    assert.ok(err.details.fieldErrors.email);
    return true;
  });
});

test('a sent, abandoned or unknown draft gets no link', async () => {
  await assert.rejects(
    sendResumeLink(ctx.runtime, (await draft('EN_SIGNALEMENT')).uuid, 'a@exemple.fr'),
    /déjà été envoyé/,
  );
  await assert.rejects(
    sendResumeLink(ctx.runtime, (await draft('ARCHIVE')).uuid, 'a@exemple.fr'),
    /abandonné/,
  );
  await assert.rejects(
    sendResumeLink(ctx.runtime, '00000000-0000-4000-8000-000000000000', 'a@exemple.fr'),
    /introuvable/,
  );
  await assert.rejects(sendResumeLink(ctx.runtime, 'nope', 'a@exemple.fr'), /introuvable/);
});
