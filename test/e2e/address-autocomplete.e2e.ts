/**
 * The address question and its search island in Chromium, on a test page served through the browser (the
 * real island bundle and CSS come from the application). The endpoint /api/adresse/recherche is answered by
 * the test, so that no address service is needed; its own behaviour is covered by address.routes.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { AddressFieldView } from '../../src/features/signalement-form/views/address-field.tsx';
import { staticAsset } from '../../src/ui/assets.ts';
import { Form } from '../../src/ui/dsfr/index.ts';
import { toHtml } from '../../src/ui/dsfr/util.ts';
import { Page as Layout } from '../../src/ui/layout/page.tsx';
import { axe, describeViolations, type E2E, newPage, screenshot, startE2E } from './helpers.ts';

const NAME = 'adresse_logement_adresse';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'";

const SUGGESTIONS = [
  {
    label: '8 Boulevard du Port 13002 Marseille',
    numero: '8 Boulevard du Port',
    codePostal: '13002',
    commune: 'Marseille',
    insee: '13202',
    banId: '13202_1234_00008',
    lat: 43.309475,
    lng: 5.366912,
  },
  {
    label: 'Boulevard du Port 13002 Marseille',
    numero: 'Boulevard du Port',
    codePostal: '13002',
    commune: 'Marseille',
    insee: '13202',
    banId: '13202_1234',
    lat: 43.3099,
    lng: 5.3672,
  },
];

function testPage(): string {
  const field = { kind: 'address' as const, name: NAME, label: 'Adresse du logement' };
  return `<!DOCTYPE html>${toHtml(
    Layout({
      title: 'Adresse',
      area: 'public',
      scripts: [staticAsset('js/address-autocomplete.js')],
      children:
        '<div class="fr-container fr-my-4w"><h1>Adresse</h1>' +
        toHtml(
          Form({
            action: '/nulle-part',
            csrfToken: 'x',
            children: AddressFieldView({ field, data: {}, errors: {} }),
          }),
        ) +
        '</div>',
    }),
  )}`;
}

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.close();
});

async function open(page: Page, api: (q: string) => Promise<'error' | unknown[]>) {
  const queries: string[] = [];
  await page.route(`${e2e.baseUrl}/__test/adresse`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': CSP },
      body: testPage(),
    }),
  );
  await page.route(`${e2e.baseUrl}/api/adresse/recherche?**`, async (route) => {
    const q = new URL(route.request().url()).searchParams.get('q') ?? '';
    queries.push(q);
    const answer = await api(q);
    if (answer === 'error') return route.abort('connectionfailed');
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
  });
  await page.goto(`${e2e.baseUrl}/__test/adresse`);
  return queries;
}

const value = (page: Page, name: string) => page.locator(`[name="${name}"]`).inputValue();

for (const width of [1280, 375]) {
  test(`search, keyboard choice and manual edit (${width} px)`, async () => {
    const { page, context, errors } = await newPage(e2e, { width });
    try {
      const queries = await open(page, async () => SUGGESTIONS);
      const search = page.getByRole('combobox', { name: /Rechercher l’adresse/ });
      await search.waitFor();
      assert.equal(await search.getAttribute('aria-expanded'), 'false');

      // Fewer than 3 characters: no request.
      await search.pressSequentially('8 ');
      await search.pressSequentially('bd du port');
      const listbox = page.getByRole('listbox');
      await listbox.waitFor();
      assert.equal(await search.getAttribute('aria-expanded'), 'true');
      assert.equal(await page.getByRole('option').count(), 2);
      assert.equal(queries.at(-1), '8 bd du port');
      assert.ok(!queries.includes('8'), 'nothing asked below 3 characters');
      await page.locator('[data-address-status]').filter({ hasText: '2 adresses trouvées' }).waitFor();

      const violations = await axe(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await screenshot(page, `address-autocomplete-open-${width}`);

      await search.press('ArrowDown');
      assert.equal(await search.getAttribute('aria-activedescendant'), `${NAME}-option-0`);
      assert.equal(await page.getByRole('option').first().getAttribute('aria-selected'), 'true');
      await search.press('ArrowDown');
      await search.press('ArrowUp');
      await search.press('Enter');

      assert.equal(await search.getAttribute('aria-expanded'), 'false');
      assert.equal(await listbox.isVisible(), false);
      assert.equal(await value(page, `${NAME}_detail_numero`), '8 Boulevard du Port');
      assert.equal(await value(page, `${NAME}_detail_code_postal`), '13002');
      assert.equal(await value(page, `${NAME}_detail_commune`), 'Marseille');
      assert.equal(await value(page, `${NAME}_detail_insee`), '13202');
      assert.equal(await value(page, `${NAME}_detail_ban_id`), '13202_1234_00008');
      assert.equal(await value(page, `${NAME}_detail_geoloc_lat`), '43.309475');
      assert.equal(await value(page, `${NAME}_detail_geoloc_lng`), '5.366912');
      assert.equal(await value(page, `${NAME}_detail_manual`), '0');

      // Escape closes an open list without choosing.
      await search.fill('');
      await search.pressSequentially('boulevard');
      await listbox.waitFor();
      await search.press('Escape');
      assert.equal(await search.getAttribute('aria-expanded'), 'false');
      assert.equal(await value(page, `${NAME}_detail_numero`), '8 Boulevard du Port');

      // Typing by hand forgets what the search found.
      await page.locator(`#${NAME}_detail_numero`).fill('10 Boulevard du Port');
      assert.equal(await value(page, `${NAME}_detail_manual`), '1');
      assert.equal(await value(page, `${NAME}_detail_insee`), '');
      assert.equal(await value(page, `${NAME}_detail_ban_id`), '');

      // Tapping a suggestion works as well.
      await search.fill('');
      await search.pressSequentially('bd du port');
      await page.getByRole('option', { name: 'Boulevard du Port 13002 Marseille', exact: true }).click();
      assert.equal(await value(page, `${NAME}_detail_numero`), 'Boulevard du Port');
      assert.equal(await value(page, `${NAME}_detail_manual`), '0');

      const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(scrolls, false, 'no horizontal scrolling');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('network error: the person is told to type the address in the fields', async () => {
  const { page, context } = await newPage(e2e, { width: 375 });
  try {
    await open(page, async () => 'error');
    const search = page.getByRole('combobox', { name: /Rechercher l’adresse/ });
    await search.pressSequentially('8 bd du port');
    const notice = page.locator('[data-address-notice]');
    await notice.filter({ hasText: 'Recherche indisponible' }).waitFor();
    assert.match((await notice.textContent()) ?? '', /saisissez l’adresse dans les champs ci-dessous/);
    assert.equal(await search.getAttribute('aria-expanded'), 'false');
    const violations = await axe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  } finally {
    await context.close();
  }
});

test('without JavaScript: plain fields, no search box', async () => {
  const { page, context } = await newPage(e2e, { width: 375, javaScript: false });
  try {
    await open(page, async () => SUGGESTIONS);
    assert.equal(await page.getByRole('combobox').count(), 0);
    assert.ok(await page.getByLabel(/Numéro et voie/).isVisible());
    assert.ok(await page.getByLabel(/Code postal/).isVisible());
    assert.ok(await page.getByLabel(/Commune/).isVisible());
    assert.equal(
      await page.locator(`#${NAME}_detail_code_postal`).getAttribute('autocomplete'),
      'postal-code',
    );
    // (axe needs JavaScript in the page: the same markup is checked by render-views.ts without DSFR's script.)
  } finally {
    await context.close();
  }
});
