import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { axe, describeViolations, type E2E, newPage, screenshot, startE2E } from './helpers.ts';

let e2e: E2E;
const db = () => e2e.ctx.runtime.database.db;
let A: { id: number; code: string; cp: string };
let C: { code: string };
let photoPath: string;

async function assertAccessible(page: Page, label: string) {
  // axe runs inside the page: without JavaScript the same markup is checked by render-views.ts instead.
  if (!(await jsEnabled(page))) return;
  const violations = await axe(page);
  assert.equal(violations.length, 0, `${label}: axe violations\n${describeViolations(violations)}`);
}

const jsOff = new WeakSet<Page>();
async function jsEnabled(page: Page) {
  return !jsOff.has(page);
}

async function noHorizontalScroll(page: Page, label: string) {
  if (!(await jsEnabled(page))) return;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize()?.width ?? 0;
  assert.ok(width <= viewport, `${label}: page is ${width}px wide at ${viewport}px`);
}

before(async () => {
  e2e = await startE2E();
  const rows = await db()
    .selectFrom('signalement as s')
    .select(['s.id', 's.codeSuivi', 's.cpOccupant'])
    .where('s.statut', '=', 'ACTIVE')
    .where('s.isNotOccupant', '=', false)
    .where('s.isLogementVacant', '=', false)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('affectation as a')
          .select('a.id')
          .whereRef('a.signalementId', '=', 's.id')
          .where('a.statut', 'in', ['NOUVEAU', 'EN_COURS']),
      ),
    )
    .orderBy('s.id')
    .limit(2)
    .execute();
  A = { id: rows[0]!.id, code: rows[0]!.codeSuivi, cp: rows[0]!.cpOccupant };
  C = { code: rows[1]!.codeSuivi };
  await db()
    .updateTable('signalement')
    .set({ occupantPrenom: 'Hélène', occupantNom: 'Étienne' })
    .where('id', '=', A.id)
    .execute();
  const aff = await db()
    .selectFrom('affectation')
    .select('partenaireId')
    .where('signalementId', '=', A.id)
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('suivi')
    .values({
      signalementId: A.id,
      partenaireId: aff.partenaireId,
      description: 'Bonjour, notre technicien passera le mardi 12 mai à 10 h pour constater les désordres.',
      isVisibleForUsager: true,
      type: 3,
      category: 'MESSAGE_PARTNER',
      createdAt: new Date(),
    })
    .execute();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'suivi-e2e-'));
  photoPath = path.join(dir, 'moisissure.jpg');
  writeFileSync(
    photoPath,
    await sharp({ create: { width: 120, height: 90, channels: 3, background: '#556b2f' } })
      .jpeg()
      .toBuffer(),
  );
});
after(async () => {
  await e2e?.close();
});

async function answerQuestions(page: Page, answers: { prenom: string; nom: string; cp: string }) {
  await page.getByLabel(/Première lettre du prénom/).fill(answers.prenom);
  await page.getByLabel(/Première lettre du nom/).fill(answers.nom);
  await page.getByLabel(/Code postal du logement/).fill(answers.cp);
  await page.getByRole('button', { name: 'Accéder à mon dossier' }).click();
  await page.waitForLoadState('load');
}

for (const javaScript of [true, false]) {
  test(`follow-up link → questions → agent's message → reply with a photo (375 px, JS ${javaScript ? 'on' : 'off'})`, async () => {
    const { page, context, errors } = await newPage(e2e, { width: 375, javaScript });
    if (!javaScript) jsOff.add(page);
    try {
      const res = await page.goto(`${e2e.baseUrl}/suivre-mon-signalement/${A.code}`);
      assert.equal(res?.headers()['referrer-policy'], 'no-referrer');
      await assertAccessible(page, 'questions');
      await noHorizontalScroll(page, 'questions');
      await answerQuestions(page, { prenom: 'h', nom: 'E', cp: A.cp });
      await page.getByRole('heading', { name: 'Mon dossier', level: 1 }).waitFor();
      assert.ok(await page.getByText(/notre technicien passera le mardi 12 mai/).isVisible());
      await assertAccessible(page, 'dossier');
      await noHorizontalScroll(page, 'dossier');
      await screenshot(page, `suivi-usager-dossier-375${javaScript ? '' : '-nojs'}`);

      const text = javaScript ? 'Merci, je serai présente mardi.' : 'Je serai là mardi, sans JavaScript.';
      await page.getByLabel(/Écrire aux services/).fill(text);
      await page.locator('#fichiers').setInputFiles(photoPath);
      await page.getByRole('button', { name: /Envoyer mon message/ }).click();
      await page.waitForLoadState('load');
      await page.getByText('Votre message a bien été envoyé').first().waitFor();
      assert.ok(await page.getByText(text).isVisible());
      assert.ok(await page.locator('.hl-suivi-msg--usager').first().getByText('moisissure.jpg').isVisible());
      await assertAccessible(page, 'after the reply');
      assert.deepEqual(errors, [], 'no console error');

      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForLoadState('load');
      await page.getByText('Vous êtes déconnecté').waitFor();
    } finally {
      await context.close();
    }
  });
}

test('five wrong answers, then the form is blocked with a time to come back (375 px)', async () => {
  const { page, context } = await newPage(e2e, { width: 375 });
  try {
    await page.goto(`${e2e.baseUrl}/suivre-mon-signalement/${C.code}`);
    for (let i = 0; i < 4; i++) {
      await answerQuestions(page, { prenom: 'q', nom: 'q', cp: '99999' });
      await page.getByText(/ne correspondent pas à ce dossier/).waitFor();
    }
    await assertAccessible(page, 'wrong answers');
    await answerQuestions(page, { prenom: 'q', nom: 'q', cp: '99999' });
    await page.getByText(/Vous pourrez réessayer à partir de/).waitFor();
    assert.equal(await page.getByLabel(/Première lettre du prénom/).count(), 0);
    await assertAccessible(page, 'blocked');
    await noHorizontalScroll(page, 'blocked');
    await screenshot(page, 'suivi-usager-bloque-375');
  } finally {
    await context.close();
    // Every page of this run comes from 127.0.0.1: unblock it for the other journeys.
    await e2e.ctx.runtime.state.rateLimiter.reset('suivi-usager:ip:127.0.0.1');
  }
});

test('"Retrouver mon lien": one neutral sentence (375 px)', async () => {
  const { page, context } = await newPage(e2e, { width: 375 });
  try {
    await page.goto(`${e2e.baseUrl}/suivre-mon-signalement`);
    await assertAccessible(page, 'retrouver mon lien');
    await page.getByLabel(/Votre adresse e-mail/).fill('quelquun@exemple.fr');
    await page.getByRole('button', { name: 'Recevoir mon lien' }).click();
    await page.waitForLoadState('load');
    await page.getByText(/Si un dossier en cours correspond à cette adresse/).waitFor();
    await assertAccessible(page, 'lien envoyé');
    await noHorizontalScroll(page, 'lien envoyé');
  } finally {
    await context.close();
  }
});
