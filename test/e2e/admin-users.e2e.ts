/**
 * User administration in the browser (issue 6, items 1 and 10): rt-13 opens the admin index, invites an agent
 * of their territory; the agent opens the activation link from the e-mail (outbox), chooses a password and
 * lands signed in on the back-office. axe on every page visited; the users list once at 375 px.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { listOutbox, readOutbox } from '../../src/infra/mailer.ts';
import { DEMO_PASSWORD } from '../helpers/test-app.ts';
import { axe, describeViolations, type E2E, newPage, screenshot, startE2E } from './helpers.ts';

let e2e: E2E;
const NEW_EMAIL = 'camille.invitee@histologe.test';
const NEW_PASSWORD = 'Velo-Rouge-du-Port-7';

before(async () => {
  e2e = await startE2E();
});
after(async () => {
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

test('a responsable invites an agent, who activates the account from the e-mail and signs in', async () => {
  const rt = await newPage(e2e);
  const { page, errors } = rt;
  await signIn(page, 'rt-13@histologe.test');

  await page.goto(`${e2e.baseUrl}/bo/admin`);
  await assertAccessible(page, 'admin index');
  await page.getByRole('link', { name: 'Utilisateurs' }).first().click();
  await page.waitForURL(`${e2e.baseUrl}/bo/admin/utilisateurs`);
  await assertAccessible(page, 'users list');

  await page.getByRole('link', { name: 'Inviter un utilisateur' }).click();
  await page.waitForURL(`${e2e.baseUrl}/bo/admin/utilisateurs/nouveau`);
  await assertAccessible(page, 'invite form');

  // First a mistake: the form comes back with the messages and what was typed.
  await page.getByLabel('Prénom').fill('Camille');
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await page.waitForLoadState('load');
  assert.match((await page.locator('.fr-message--error').allTextContents()).join(' '), /adresse e-mail/i);
  assert.equal(await page.getByLabel('Prénom').inputValue(), 'Camille');
  await assertAccessible(page, 'invite form with errors');

  await page.getByLabel('Adresse e-mail').fill(NEW_EMAIL);
  await page.locator('#nom').fill('Invitée');
  const firstPartner = page.locator('input[name="partenaireIds"]').first();
  const id = await firstPartner.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await page.waitForURL(`${e2e.baseUrl}/bo/admin/utilisateurs`);
  assert.match((await page.locator('.fr-alert--success').first().textContent()) ?? '', /Invitation envoyée/);
  assert.match(await page.content(), /camille\.invitee@histologe\.test/);
  await assertAccessible(page, 'users list after invitation');

  // The account page of the new agent.
  await page.getByRole('link', { name: /Camille Invitée/ }).click();
  await page.waitForLoadState('load');
  await assertAccessible(page, 'account page');

  const mails = (await listOutbox(e2e.ctx.config.mail.outboxDir, { limit: 500 })).filter((m) =>
    m.to.includes(NEW_EMAIL),
  );
  assert.equal(mails.length, 1, 'one activation e-mail');
  const mail = await readOutbox(e2e.ctx.config.mail.outboxDir, mails[0]!.id);
  const link = new RegExp(`${e2e.ctx.config.appUrl}(/activation-compte/[A-Za-z0-9_-]+)`).exec(
    mail?.text ?? '',
  );
  assert.ok(link, 'the e-mail holds an activation link');

  const agent = await newPage(e2e, { width: 375 });
  await agent.page.goto(`${e2e.baseUrl}${link[1]}`);
  await assertAccessible(agent.page, 'activation page');
  await agent.page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
  await agent.page.getByLabel('Confirmez le mot de passe').fill(NEW_PASSWORD);
  await agent.page.getByRole('button', { name: 'Activer mon compte' }).click();
  await agent.page.waitForURL(`${e2e.baseUrl}/bo`);
  await assertAccessible(agent.page, 'back-office home of the new agent');

  // Signs out and in again with the chosen password.
  await agent.context.clearCookies();
  await agent.page.goto(`${e2e.baseUrl}/connexion`);
  await agent.page.getByLabel(/Adresse e-mail/i).fill(NEW_EMAIL);
  await agent.page.getByLabel(/^Mot de passe/i).fill(NEW_PASSWORD);
  await agent.page.getByRole('button', { name: /Se connecter/i }).click();
  await agent.page.waitForURL(`${e2e.baseUrl}/bo`);

  // The list at 375 px, no horizontal scroll of the page.
  const narrow = await newPage(e2e, { width: 375 });
  await signIn(narrow.page, 'rt-13@histologe.test');
  await narrow.page.goto(`${e2e.baseUrl}/bo/admin/utilisateurs`);
  const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no horizontal scroll at 375 px');
  await screenshot(narrow.page, 'admin-users-375');

  // The form sent back with its messages answers 400 on purpose: Chromium logs it, it is not an error here.
  const unexpected = [...errors, ...agent.errors, ...narrow.errors].filter((e) => !/status of 400/.test(e));
  assert.deepEqual(unexpected, [], 'no console error (CSP)');
  await rt.context.close();
  await agent.context.close();
  await narrow.context.close();
});
