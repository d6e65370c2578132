import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD } from '../helpers/test-app.ts';
import { axe, describeViolations, type E2E, newPage, screenshot, startE2E } from './helpers.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

async function assertAccessible(page: Parameters<typeof axe>[0], label: string) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `${label}: axe violations\n${describeViolations(violations)}`);
}

for (const width of [1280, 375]) {
  test(`home page (${width} px): content, keyboard skip link, no axe violation, no CSP error`, async () => {
    const { page, context, errors } = await newPage(e2e, { width });
    try {
      await page.goto(`${e2e.baseUrl}/`);
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      await page
        .getByRole('link', { name: /Signaler un problème/i })
        .first()
        .waitFor();
      assert.ok(await page.getByText('0806 706 806').first().isVisible());
      // The first Tab reaches the skip links.
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      assert.match(focused, /Contenu/);
      await assertAccessible(page, 'home');
      await screenshot(page, `home-${width}`);
      assert.deepEqual(errors, [], 'no console error (CSP violations would show here)');
    } finally {
      await context.close();
    }
  });
}

test('sign-in: a wrong password shows one clear message and keeps the e-mail; axe passes', async () => {
  const { page, context, errors } = await newPage(e2e);
  try {
    await page.goto(`${e2e.baseUrl}/connexion`);
    await assertAccessible(page, 'sign-in');
    await page.getByLabel(/Adresse e-mail/i).fill('agent-13@histologe.test');
    await page.getByLabel(/^Mot de passe/i).fill('pas-le-bon-mot-de-passe');
    await page.getByRole('button', { name: /Se connecter/i }).click();
    await page.waitForLoadState('load');
    const alert = page.locator('.fr-alert--error').first();
    assert.match((await alert.textContent()) ?? '', /incorrect/);
    assert.equal(await page.getByLabel(/Adresse e-mail/i).inputValue(), 'agent-13@histologe.test');
    await assertAccessible(page, 'sign-in with error');
    await screenshot(page, 'sign-in-error');
    assert.deepEqual(
      errors.filter((e) => !/401/.test(e)),
      [],
    );
  } finally {
    await context.close();
  }
});

for (const width of [1280, 375]) {
  test(`agent-13 signs in and sees the back-office home (${width} px); axe passes`, async () => {
    const { page, context, errors } = await newPage(e2e, { width });
    try {
      await page.goto(`${e2e.baseUrl}/bo`);
      // Not signed in: sent to the sign-in page, then back here.
      assert.match(page.url(), /\/connexion\?next=%2Fbo/);
      await page.getByLabel(/Adresse e-mail/i).fill('agent-13@histologe.test');
      await page.getByLabel(/^Mot de passe/i).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /Se connecter/i }).click();
      await page.waitForURL(`${e2e.baseUrl}/bo`);
      const body = (await page.textContent('main')) ?? '';
      assert.match(body, /Bouches-du-Rhône/);
      assert.match(body, /\d+/);
      await assertAccessible(page, 'bo home');
      await screenshot(page, `bo-home-${width}`);
      assert.deepEqual(
        errors.filter((e) => !/401/.test(e)),
        [],
      );
    } finally {
      await context.close();
    }
  });
}

test('without JavaScript: sign in, see the home, sign out', async () => {
  const { page, context } = await newPage(e2e, { javaScript: false, width: 375 });
  try {
    await page.goto(`${e2e.baseUrl}/connexion`);
    await page.getByLabel(/Adresse e-mail/i).fill('agent-01@histologe.test');
    await page.getByLabel(/^Mot de passe/i).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /Se connecter/i }).click();
    await page.waitForURL(`${e2e.baseUrl}/bo`);
    assert.match((await page.textContent('main')) ?? '', /Ain/);
    await screenshot(page, 'bo-home-nojs-375');
    await page
      .getByRole('button', { name: /Se déconnecter/i })
      .first()
      .click();
    await page.waitForURL(/\/connexion\?deconnexion=1/);
    await page.goto(`${e2e.baseUrl}/bo`);
    assert.match(page.url(), /\/connexion/);
  } finally {
    await context.close();
  }
});

test('error pages are French and accessible', async () => {
  const { page, context } = await newPage(e2e);
  try {
    const res = await page.goto(`${e2e.baseUrl}/une-page-qui-n-existe-pas`);
    assert.equal(res?.status(), 404);
    assert.match((await page.textContent('h1')) ?? '', /Page non trouvée/);
    await assertAccessible(page, '404');
  } finally {
    await context.close();
  }
});
