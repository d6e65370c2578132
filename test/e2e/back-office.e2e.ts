/**
 * A dossier taken from NEED_VALIDATION to CLOSED in the browser by the demo roles (issue 4, item 12):
 * rt-13 validates and affects two partners; agent-13 (new context) sees the notification, accepts, writes a
 * public suivi with a PDF, closes their intervention; rt-13 closes for all; agent-01 gets the 404 page.
 * Every page visited passes axe; one pass of the dossier page at 375 px with a screenshot.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { listOutbox } from '../../src/infra/mailer.ts';
import { DEMO_PASSWORD } from '../helpers/test-app.ts';
import { axe, describeViolations, type E2E, newPage, screenshot, startE2E } from './helpers.ts';

let e2e: E2E;
let dossier: { uuid: string; reference: string; email: string };
let partners: { agentPartner: { id: number; nom: string }; other: { id: number; nom: string } };
let pdfPath: string;
let rt: Awaited<ReturnType<typeof newPage>>;

/** A small valid one-page PDF, with a correct cross-reference table. */
function tinyPdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 14 Tf 20 70 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

before(async () => {
  e2e = await startE2E();
  const db = e2e.ctx.runtime.database.db;
  const agentPartner = await db
    .selectFrom('partenaire as p')
    .innerJoin('utilisateurPartenaire as up', 'up.partenaireId', 'p.id')
    .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
    .select(['p.id', 'p.nom'])
    .where('u.email', '=', 'agent-13@histologe.test')
    .executeTakeFirstOrThrow();
  // A new dossier of 13 in Marseille (the perimeter of agent-13's partner), with an e-mail to write to.
  const row = await db
    .selectFrom('signalement as s')
    .innerJoin('territoire as t', 't.id', 's.territoireId')
    .select(['s.uuid', 's.reference', 's.occupantEmail', 's.declarantEmail'])
    .where('t.code', '=', '13')
    .where('s.statut', '=', 'NEED_VALIDATION')
    .where('s.inseeOccupant', 'like', '132%')
    .where((eb) => eb.or([eb('s.occupantEmail', 'is not', null), eb('s.declarantEmail', 'is not', null)]))
    .orderBy('s.id')
    .executeTakeFirstOrThrow();
  dossier = { uuid: row.uuid, reference: row.reference, email: (row.occupantEmail ?? row.declarantEmail)! };
  partners = { agentPartner, other: { id: 0, nom: '' } };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bo-e2e-'));
  pdfPath = path.join(dir, 'compte-rendu-visite.pdf');
  writeFileSync(pdfPath, tinyPdf('Compte rendu de visite'));
  rt = await newPage(e2e);
});
after(async () => {
  await rt?.context.close();
  await e2e?.close();
});

async function assertAccessible(page: Page, label: string) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `${label}: axe violations\n${describeViolations(violations)}`);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${e2e.baseUrl}/connexion`);
  await page.getByLabel(/Adresse e-mail/i).fill(email);
  await page.getByLabel(/^Mot de passe/i).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Se connecter/i }).click();
  await page.waitForURL(`${e2e.baseUrl}/bo`);
}

const dossierUrl = () => `${e2e.baseUrl}/bo/signalements/${dossier.uuid}`;

async function clickAndLoad(page: Page, name: RegExp | string) {
  await page.getByRole('button', { name }).first().click();
  await page.waitForLoadState('load');
}

/** Clicks an action of the dossier header (a link to its page, or a one-click button). */
async function action(page: Page, name: string) {
  const section = page.locator('section.hl-actions');
  const link = section.getByRole('link', { name, exact: true });
  if (await link.count()) await link.first().click();
  else await section.getByRole('button', { name, exact: true }).first().click();
  await page.waitForLoadState('load');
}

async function chooseRadio(page: Page, name: string, value: string) {
  const id = await page.locator(`input[name="${name}"][value="${value}"]`).first().getAttribute('id');
  assert.ok(id, `no option ${value} for ${name}`);
  await page.locator(`label[for="${id}"]`).first().click();
}

async function flash(page: Page): Promise<string> {
  return ((await page.locator('.fr-alert--success').first().textContent()) ?? '').replace(/\s+/g, ' ');
}

async function affectationStatus(page: Page, partnerName: string): Promise<string> {
  const item = page.locator('#affectations li, #affectations tr').filter({ hasText: partnerName }).first();
  return ((await item.textContent()) ?? '').replace(/\s+/g, ' ');
}

async function outboxTo(address: string) {
  const all = await listOutbox(e2e.ctx.config.mail.outboxDir, { limit: 500 });
  return all.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
}

test('rt-13 validates the new dossier and affects two partners (one being agent-13’s)', async () => {
  const { page, errors } = rt;
  await signIn(page, 'rt-13@histologe.test');
  await page.goto(dossierUrl());
  await page.getByRole('heading', { level: 1, name: `Signalement n° ${dossier.reference}` }).waitFor();
  await assertAccessible(page, 'dossier (NEED_VALIDATION)');

  await action(page, 'Valider le signalement');
  assert.equal(page.url(), dossierUrl());
  assert.match(await flash(page), /validé/);
  await assertAccessible(page, 'dossier (validated)');

  await action(page, 'Gérer les partenaires');
  await page.getByRole('heading', { level: 1, name: 'Gérer les partenaires' }).waitFor();
  await assertAccessible(page, 'affectation page');
  const boxes = page.locator('input[type="checkbox"][name="partenaires"]');
  const values = await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  assert.ok(values.includes(String(partners.agentPartner.id)), 'agent-13’s partner is offered');
  const otherId = values.find((v) => v !== String(partners.agentPartner.id));
  assert.ok(otherId, 'a second partner is offered');
  for (const id of [String(partners.agentPartner.id), otherId]) {
    const boxId = await page.locator(`input[name="partenaires"][value="${id}"]`).getAttribute('id');
    await page.locator(`label[for="${boxId}"]`).first().click();
  }
  const otherLabel = await page
    .locator(
      `label[for="${await page.locator(`input[name="partenaires"][value="${otherId}"]`).getAttribute('id')}"]`,
    )
    .first()
    .evaluate((el) => el.childNodes[0]?.textContent?.trim() ?? el.textContent?.trim() ?? '');
  partners.other = { id: Number(otherId), nom: otherLabel };
  await screenshot(page, 'bo-partenaires-rt-1280');
  await clickAndLoad(page, 'Enregistrer les affectations');
  assert.equal(page.url(), dossierUrl());
  assert.match(await flash(page), /2 partenaires affectés/);
  assert.match(await affectationStatus(page, partners.agentPartner.nom), /Nouveau/i);
  await assertAccessible(page, 'dossier (affected)');
  assert.deepEqual(errors, [], 'no console error');

  // The usager was told of the validation.
  const mails = await outboxTo(dossier.email);
  assert.ok(
    mails.some((m) => /validé/.test(m.subject) && m.subject.includes(dossier.reference)),
    `validation e-mail to the usager (${mails.map((m) => m.subject).join(' | ')})`,
  );
});

test('agent-13 sees the notification, accepts, writes a public suivi with a PDF, closes their intervention', async () => {
  const { page, context, errors } = await newPage(e2e);
  try {
    await signIn(page, 'agent-13@histologe.test');
    const count = page.locator('.hl-nav-count').first();
    assert.match((await count.textContent()) ?? '', /\d+\s*non lue/);
    await assertAccessible(page, 'bo home (agent)');

    await page
      .getByRole('link', { name: /Notifications/ })
      .first()
      .click();
    await page.waitForLoadState('load');
    await assertAccessible(page, 'notifications');
    await screenshot(page, 'bo-notifications-agent-1280');
    const item = page.locator('main li, main article').filter({ hasText: dossier.reference }).first();
    await item.getByRole('link').first().click();
    await page.waitForLoadState('load');
    assert.equal(page.url(), dossierUrl(), 'the notification opens the dossier');
    await assertAccessible(page, 'dossier (agent, new affectation)');

    await action(page, 'Accepter l’affectation');
    await page.getByRole('heading', { level: 1, name: 'Accepter l’affectation' }).waitFor();
    await assertAccessible(page, 'accept page');
    await clickAndLoad(page, 'Accepter l’affectation');
    assert.match(await flash(page), /Affectation acceptée/);
    assert.match(await affectationStatus(page, partners.agentPartner.nom), /En cours/i);

    await action(page, 'Ajouter un suivi');
    await page.getByRole('heading', { level: 1, name: 'Ajouter un suivi' }).waitFor();
    await assertAccessible(page, 'new suivi page');
    // Sent empty first: French messages, nothing crashes.
    await clickAndLoad(page, 'Envoyer le suivi');
    await page.locator('.fr-error-text, .fr-message--error').first().waitFor();
    await assertAccessible(page, 'new suivi page with errors');
    const text =
      'Visite faite ce matin.\nLe compte rendu est joint : des travaux vont être demandés au bailleur.';
    await page.getByLabel(/Votre suivi/).fill(text);
    await chooseRadio(page, 'visibilite', 'oui');
    await page.locator('#fichiers').setInputFiles(pdfPath);
    await clickAndLoad(page, 'Envoyer le suivi');
    assert.equal(page.url(), dossierUrl());
    assert.match(await flash(page), /suivi est enregistré/);
    const activity = page.locator('#activite');
    assert.ok(await activity.getByText('Visite faite ce matin.', { exact: false }).first().isVisible());
    assert.ok(await page.locator('#documents').getByText('compte-rendu-visite.pdf').first().isVisible());
    await assertAccessible(page, 'dossier (suivi added)');

    await action(page, 'Clôturer mon intervention');
    await assertAccessible(page, 'close affectation page');
    await page.getByLabel('Motif').selectOption({ index: 1 });
    await page
      .getByLabel(/Message pour les partenaires/)
      .fill('Travaux demandés au bailleur, notre part est faite.');
    await clickAndLoad(page, 'Clôturer mon intervention');
    assert.match(await flash(page), /intervention est clôturée/);
    assert.match(await affectationStatus(page, partners.agentPartner.nom), /Fermé/i);
    await assertAccessible(page, 'dossier (affectation closed)');
    await screenshot(page, 'bo-dossier-agent-1280');
    // The empty suivi answered 400 on purpose.
    assert.deepEqual(
      errors.filter((e) => !/status of 400/.test(e)),
      [],
      'no console error',
    );
  } finally {
    await context.close();
  }
  // The usager heard of the care and of the public suivi.
  const subjects = (await outboxTo(dossier.email)).map((m) => m.subject);
  assert.ok(
    subjects.some((s) => /pris en charge/.test(s)),
    `care e-mail (${subjects.join(' | ')})`,
  );
  assert.ok(
    subjects.some((s) => /Nouvelle information/.test(s)),
    `suivi e-mail (${subjects.join(' | ')})`,
  );
});

test('rt-13 is notified and closes the dossier for all', async () => {
  const { page, errors } = rt;
  await page.goto(`${e2e.baseUrl}/bo/notifications`);
  assert.ok(
    await page.locator('main').getByText(dossier.reference, { exact: false }).first().isVisible(),
    'rt-13 has notifications about the dossier',
  );
  await assertAccessible(page, 'notifications (rt)');
  await page.goto(dossierUrl());
  await action(page, 'Clôturer pour tous');
  await assertAccessible(page, 'close page');
  await page.getByLabel('Motif').selectOption({ index: 1 });
  await page
    .getByLabel(/Message de clôture/)
    .fill('Les travaux ont été faits, merci pour votre signalement.');
  await chooseRadio(page, 'visibilite', 'oui');
  await clickAndLoad(page, 'Clôturer pour tous');
  assert.match(await flash(page), /clôturé pour tous/);
  assert.match(
    (await page.locator('h1').locator('xpath=..').textContent()) ?? '',
    /Fermé|Clôturé/i,
    'status badge',
  );
  assert.match(await affectationStatus(page, partners.other.nom || partners.agentPartner.nom), /Fermé/i);
  await assertAccessible(page, 'dossier (closed)');
  assert.deepEqual(errors, [], 'no console error');
  const subjects = (await outboxTo(dossier.email)).map((m) => m.subject);
  assert.ok(
    subjects.some((s) => /clôturé/.test(s)),
    `closure e-mail (${subjects.join(' | ')})`,
  );
});

test('the dossier page at 375 px: no horizontal scroll, screenshot', async () => {
  const { page, context } = await newPage(e2e, { width: 375 });
  try {
    await signIn(page, 'rt-13@histologe.test');
    await page.goto(dossierUrl());
    await assertAccessible(page, 'dossier at 375 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal scroll of ${overflow} px at 375 px`);
    await screenshot(page, 'bo-dossier-closed-375');
  } finally {
    await context.close();
  }
});

test('agent-01 (another territory) opening the dossier gets the 404 page', async () => {
  const { page, context } = await newPage(e2e);
  try {
    await signIn(page, 'agent-01@histologe.test');
    const res = await page.goto(dossierUrl());
    assert.equal(res?.status(), 404);
    assert.match((await page.textContent('h1')) ?? '', /Page non trouvée/);
    assert.doesNotMatch((await page.textContent('main')) ?? '', new RegExp(dossier.reference));
    await assertAccessible(page, '404 (agent-01)');
    const action = await page.goto(`${dossierUrl()}/suivis/nouveau`);
    assert.equal(action?.status(), 404, 'action pages answer 404 too');
  } finally {
    await context.close();
  }
});
