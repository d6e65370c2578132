/**
 * The public signalement form in Chromium, as real people would use it: a locataire with JavaScript (address
 * search, live conditional questions, photos), a tiers particulier without JavaScript (manual address,
 * mistakes then corrections), "finir plus tard" and the e-mailed link, an address where the service is not
 * open, and the whole locataire journey on a 375 px wide phone screen. axe runs on every page visited.
 *
 * One application (own test database) and one fake Base Adresse Nationale are shared by all the tests.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { listOutbox, readOutbox } from '../../src/infra/mailer.ts';
import { createTestApp, type TestContext } from '../helpers/test-app.ts';
import { launchChromium } from './chromium.ts';
import { type FakeBan, startFakeBan } from './fake-ban.ts';
import { axe, describeViolations, type E2E, newPage as openPage, screenshot } from './helpers.ts';

let e2e: E2E;
let ban: FakeBan;
let photosDir: string;
let photos: string[];

before(async () => {
  ban = await startFakeBan();
  photosDir = mkdtempSync(path.join(os.tmpdir(), 'histologe-e2e-photos-'));
  photos = [];
  for (const [i, background] of [
    { r: 120, g: 110, b: 90 },
    { r: 60, g: 80, b: 70 },
  ].entries()) {
    const file = path.join(photosDir, `mur-${i + 1}.jpg`);
    await sharp({ create: { width: 320, height: 240, channels: 3, background } })
      .jpeg({ quality: 80 })
      .toFile(file);
    photos.push(file);
  }
  // The same as startE2E(), with the address service pointed at the fake BAN.
  const ctx: TestContext = await createTestApp({
    env: { GEOCODER_URL: ban.url, GEOCODER_TIMEOUT_MS: '1000' },
  });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as AddressInfo;
  const browser: Browser = await launchChromium();
  e2e = {
    ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await ctx.close();
    },
  };
});

after(async () => {
  await e2e?.close();
  await ban?.close();
  if (photosDir) rmSync(photosDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** A page whose actions fail after a while instead of waiting forever (the machine may be slow). */
async function newPage(e: E2E, opts: { width?: number; javaScript?: boolean } = {}) {
  const opened = await openPage(e, opts);
  opened.page.setDefaultTimeout(30_000);
  opened.page.setDefaultNavigationTimeout(60_000);
  if (opts.javaScript === false) noJsPages.add(opened.page);
  return opened;
}

const ADDRESS = 'adresse_logement_adresse';
const RECAP = 'recapitulatif';

const noJsPages = new WeakSet<Page>();
/** JavaScript-enabled pages used to check copies of pages without JavaScript, one per width. */
const axeCopies = new Map<number, Page>();

/**
 * axe needs timers, which never run in a page without JavaScript: such a page is checked as a copy (same URL,
 * same styles, scripts removed) opened in a context with JavaScript.
 */
async function axeOf(page: Page) {
  if (!noJsPages.has(page)) return axe(page);
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  const width = page.viewportSize()?.width ?? 1280;
  if (!axeCopies.has(width)) axeCopies.set(width, (await openPage(e2e, { width })).page);
  const copy = axeCopies.get(width)!;
  await copy.unrouteAll();
  await copy.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await copy.goto(url);
  return axe(copy);
}

async function assertAccessible(page: Page, label: string) {
  const violations = await axeOf(page);
  assert.equal(violations.length, 0, `${label}: axe violations\n${describeViolations(violations)}`);
}

function slugOf(page: Page): string {
  const m = /\/signalement\/[0-9a-f-]{36}\/([a-z0-9_-]+)/.exec(new URL(page.url()).pathname);
  return m?.[1] ?? new URL(page.url()).pathname;
}

function uuidOf(page: Page): string {
  const m = /\/signalement\/([0-9a-f-]{36})/.exec(page.url());
  assert.ok(m, `no draft in ${page.url()}`);
  return m[1]!;
}

/** Clicks a submit button and waits for the page that answers (303 then GET, or a 400 with errors). */
async function clickAndWait(page: Page, button: ReturnType<Page['locator']>) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

async function next(page: Page) {
  await clickAndWait(page, page.locator('#screen-form .fr-btns-group button').first());
}

async function errorSummary(page: Page): Promise<string> {
  const box = page.locator('.fr-alert--error, [data-error-summary], .hl-error-summary').first();
  return (await box.count()) ? ((await box.textContent()) ?? '').replace(/\s+/g, ' ').trim() : '';
}

async function clickLabelOf(page: Page, id: string) {
  await page.locator(`label[for="${id}"]`).first().click();
}

async function choose(page: Page, name: string, value: string) {
  const id = await page.locator(`[name="${name}"][value="${value}"]`).first().getAttribute('id');
  assert.ok(id, `no option ${value} for ${name}`);
  const input = page.locator(`#${id}`);
  if (!(await input.isChecked())) await clickLabelOf(page, id);
}

async function fill(page: Page, name: string, value: string) {
  await page.locator(`[name="${name}"]`).first().fill(value);
}

interface Pending {
  name: string;
  type: string;
  ids: string[];
  maxLength: number;
  min: string;
}

/**
 * Answers every visible required question left empty on the current step with a plausible answer (first
 * option, a small number, a date in the past…), as a person in a hurry would. Loops because answers may
 * reveal further questions.
 */
async function autofill(page: Page) {
  for (let round = 0; round < 4; round++) {
    const pending: Pending[] = await page.evaluate(() => {
      const form = document.getElementById('screen-form');
      if (!form) return [];
      const groups = new Map<string, HTMLInputElement[]>();
      for (const el of Array.from(form.querySelectorAll<HTMLInputElement>('input, select, textarea'))) {
        if (!el.name || el.name.startsWith('_') || el.closest('.hl-honeypot')) continue;
        if (['hidden', 'submit', 'button', 'file'].includes(el.type)) continue;
        if (el.closest('[hidden]') || !el.checkVisibility()) continue;
        groups.set(el.name, [...(groups.get(el.name) ?? []), el]);
      }
      const out: Pending[] = [];
      for (const [name, els] of groups) {
        const first = els[0]!;
        const legendRequired = !!first.closest('fieldset')?.querySelector(':scope > legend .hl-required');
        const required = els.some((e) => e.required) || (first.type === 'checkbox' && legendRequired);
        if (!required) continue;
        const empty =
          first.type === 'radio' || first.type === 'checkbox'
            ? !els.some((e) => e.checked)
            : first.value === '';
        if (!empty) continue;
        out.push({
          name,
          type:
            first.tagName === 'SELECT' ? 'select' : first.tagName === 'TEXTAREA' ? 'textarea' : first.type,
          ids: els.map((e) => e.id),
          maxLength: first.maxLength ?? -1,
          min: first.min ?? '',
        });
      }
      return out;
    });
    if (pending.length === 0) return;
    for (const p of pending) {
      const el = page.locator(`#${p.ids[0]}`);
      if (!(await el.isVisible()) && p.type !== 'radio' && p.type !== 'checkbox') continue;
      switch (p.type) {
        case 'radio':
        case 'checkbox':
          await clickLabelOf(page, p.ids[0]!);
          break;
        case 'select':
          await el.selectOption({ index: 1 });
          break;
        case 'date':
          await el.fill(p.min && p.min > '2021-03-15' ? p.min : '2021-03-15');
          break;
        case 'email':
          await el.fill('occupant.test@exemple.fr');
          break;
        case 'tel':
          await el.fill('06 12 34 56 78');
          break;
        case 'textarea':
          await el.fill('Le problème dure depuis plusieurs mois.');
          break;
        default:
          await el.fill(defaultText(p));
      }
    }
  }
}

function defaultText(p: Pending): string {
  if (p.name.endsWith('_code_postal')) return '13002';
  if (p.name.endsWith('_commune')) return 'Marseille';
  if (p.name.endsWith('_numero')) return '3 rue Test';
  if (p.maxLength === 7) return '03/2022';
  if (/annee/.test(p.name)) return '1970';
  if (/nombre|nb_|superficie|montant|revenu|conso/.test(p.name)) return '2';
  return 'Dupont';
}

type StepAction = Record<string, string> | ((page: Page) => Promise<void>);

interface Walk {
  label: string;
  steps?: Record<string, StepAction>;
  /** Stop (without submitting) when this step is reached. */
  stopAt?: string;
  /** Steps to take a screenshot of. */
  shots?: string[];
  visited?: string[];
}

/** Goes through the steps until the recap (or `stopAt`), checking axe on each page. */
async function walk(page: Page, w: Walk) {
  for (let i = 0; i < 60; i++) {
    const slug = slugOf(page);
    if (slug === RECAP || slug === w.stopAt) return;
    w.visited?.push(slug);
    // E2E_DEBUG=<file>: writes the steps reached, to see where a slow or stuck run is.
    if (process.env.E2E_DEBUG) appendFileSync(process.env.E2E_DEBUG, `[${w.label}] ${slug}\n`);
    await assertAccessible(page, `${w.label} / ${slug}`);
    if (w.shots?.includes(slug)) await screenshot(page, `signalement-${w.label}-${slug}`);
    const action = w.steps?.[slug];
    if (typeof action === 'function') await action(page);
    else if (action) {
      for (const [name, value] of Object.entries(action)) {
        const type = await page.locator(`[name="${name}"]`).first().getAttribute('type');
        if (type === 'radio' || type === 'checkbox') await choose(page, name, value);
        else if ((await page.locator(`select[name="${name}"]`).count()) > 0)
          await page.selectOption(`select[name="${name}"]`, value);
        else await fill(page, name, value);
      }
    }
    if (/^desordres_(batiment|logement)_/.test(slug) && !action) await tickFirstCritere(page);
    await autofill(page);
    await next(page);
    if (slugOf(page) === slug) {
      throw new Error(`${w.label}: still on ${slug} after "Suivant": ${await errorSummary(page)}`);
    }
  }
  throw new Error(`${w.label}: too many steps`);
}

/** The critère checkboxes of a category screen (outside the detail groups). */
function critereBoxes(page: Page) {
  return page.locator('#screen-form input[type="checkbox"][value="1"]:not(.hl-conditional input)');
}

/** Ticks the n-th critère and checks that its detail questions appear at once (with JavaScript). */
async function tickCritere(page: Page, n: number, live = true): Promise<string> {
  const box = critereBoxes(page).nth(n);
  const name = (await box.getAttribute('name'))!;
  const details = page.locator(`[data-show-if-for="${name}_precisions"]`);
  const hasDetails = (await details.count()) > 0;
  if (hasDetails && live) assert.equal(await details.isVisible(), false, `${name}: details hidden at first`);
  await clickLabelOf(page, (await box.getAttribute('id'))!);
  if (hasDetails) assert.equal(await details.isVisible(), true, `${name}: details shown once ticked`);
  return name;
}

async function tickFirstCritere(page: Page) {
  if ((await critereBoxes(page).count()) > 0) await tickCritere(page, 0, false);
}

async function start(page: Page) {
  if (process.env.E2E_DEBUG) appendFileSync(process.env.E2E_DEBUG, 'start\n');
  await page.goto(`${e2e.baseUrl}/signalement`);
  await assertAccessible(page, 'start');
  await clickAndWait(page, page.getByRole('button', { name: 'Commencer' }));
  assert.equal(slugOf(page), 'introduction');
}

/** Address through the search box (JavaScript): type, pick the suggestion with the keyboard. */
async function searchAddress(page: Page, query: string, pick: RegExp) {
  const search = page.getByRole('combobox', { name: /Rechercher l’adresse/ });
  await search.pressSequentially(query, { delay: 20 });
  const option = page.getByRole('option', { name: pick });
  await option.waitFor();
  await assertAccessible(page, 'address suggestions open');
  await option.click();
  assert.equal(await search.getAttribute('aria-expanded'), 'false');
}

async function recapAndSubmit(page: Page, label: string): Promise<{ reference: string }> {
  assert.equal(slugOf(page), RECAP);
  await assertAccessible(page, `${label} / recap`);
  await clickLabelOf(page, (await page.locator('[name="consentement_donnees"]').getAttribute('id'))!);
  await clickAndWait(page, page.getByRole('button', { name: 'Envoyer mon signalement' }));
  if ((await page.locator('[name="ignorer_doublons"]').count()) > 0) {
    throw new Error(`${label}: duplicates page shown`);
  }
  assert.equal(slugOf(page), 'confirmation', `${label}: ${await errorSummary(page)}`);
  await assertAccessible(page, `${label} / confirmation`);
  const text = (await page.textContent('main')) ?? '';
  const m = /Votre numéro de dossier : (\d{4}-\d+)/.exec(text);
  assert.ok(m, `${label}: reference shown`);
  assert.match(m[1]!, new RegExp(`^${new Date().getFullYear()}-\\d+$`));
  const followUp = page.getByRole('link', { name: 'Accéder à mon suivi' });
  assert.match((await followUp.getAttribute('href')) ?? '', /^\/suivre-mon-signalement\/.+/);
  return { reference: m[1]! };
}

async function signalementInDb(reference: string) {
  const db = e2e.ctx.runtime.database.db;
  const s = await db
    .selectFrom('signalement')
    .innerJoin('territoire', 'territoire.id', 'signalement.territoireId')
    .select(['signalement.id', 'signalement.statut', 'territoire.code as territoire'])
    .where('signalement.reference', '=', reference)
    .where('territoire.code', '=', '13')
    .executeTakeFirstOrThrow();
  const files = await db
    .selectFrom('fichier')
    .select(['filename', 'mimeType', 'desordreSlug'])
    .where('signalementId', '=', s.id)
    .execute();
  return { ...s, files };
}

/** The locataire's answers beyond the defaults; désordres chosen on four category screens. */
function locataireSteps(email: string, onPhotos?: (page: Page) => Promise<void>): Record<string, StepAction> {
  return {
    adresse_logement: async (page) => {
      await searchAddress(page, '8 bd du port', /8 Boulevard du Port 13002 Marseille/);
      assert.equal(await page.locator(`[name="${ADDRESS}_detail_code_postal"]`).inputValue(), '13002');
      assert.equal(await page.locator(`[name="${ADDRESS}_detail_insee"]`).inputValue(), '13202');
      assert.equal(await page.locator(`[name="${ADDRESS}_detail_manual"]`).inputValue(), '0');
      await fill(page, 'adresse_logement_complement_adresse_etage', '3');
    },
    signalement_concerne: async (page) => {
      const detail = page.locator('[name="signalement_concerne_profil_detail_occupant"]').first();
      assert.equal(await detail.isVisible(), false, 'question shown only after the first answer');
      await choose(page, 'signalement_concerne_profil', 'logement_occupez');
      assert.equal(await detail.isVisible(), true, 'question appears at once');
      await choose(page, 'signalement_concerne_profil_detail_occupant', 'locataire');
      await choose(page, 'signalement_concerne_logement_social_autre_tiers', 'non');
    },
    vos_coordonnees_occupant: {
      vos_coordonnees_occupant_civilite: 'mme',
      vos_coordonnees_occupant_nom: 'Martin',
      vos_coordonnees_occupant_prenom: 'Awa',
      vos_coordonnees_occupant_email: email,
      vos_coordonnees_occupant_tel: '06 12 34 56 78',
    },
    zone_concernee: {
      zone_concernee_zone: 'batiment_logement',
      zone_concernee_debut_desordres: 'more_2_years',
    },
    composition_logement_personnes: {
      composition_logement_nombre_personnes: '4',
      composition_logement_nombre_enfants: '2',
      composition_logement_nombre_enfants_m6: '1',
    },
    desordres_batiment: async (page) => {
      await choose(page, 'desordres_categories_batiment', 'desordres_batiment_securite');
      await choose(page, 'desordres_categories_batiment', 'desordres_batiment_eau');
    },
    desordres_logement: async (page) => {
      await choose(page, 'desordres_categories_logement', 'desordres_logement_humidite');
      await choose(page, 'desordres_categories_logement', 'desordres_logement_electricite');
    },
    desordres_logement_humidite: async (page) => {
      await tickCritere(page, 0);
      if ((await critereBoxes(page).count()) > 1) await tickCritere(page, 1);
      await page
        .locator('input[type="file"][name="desordres_logement_humidite_photos"]')
        .setInputFiles(photos);
      await onPhotos?.(page);
    },
    desordres_batiment_securite: (page) => tickCritere(page, 0).then(() => undefined),
    desordres_batiment_eau: (page) => tickCritere(page, 0).then(() => undefined),
    desordres_logement_electricite: (page) => tickCritere(page, 0).then(() => undefined),
    desordres_precisions: {
      desordres_precisions_details:
        'Il y a de la moisissure dans la chambre des enfants et les prises de la cuisine chauffent.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Tests

test('a locataire files a whole signalement with JavaScript: address search, désordres, photos', async () => {
  const { page, context, errors } = await newPage(e2e);
  try {
    await start(page);
    const visited: string[] = [];
    await walk(page, {
      label: 'locataire',
      steps: locataireSteps('awa.martin@exemple.fr'),
      visited,
    });
    for (const slug of [
      'adresse_logement',
      'desordres_batiment_securite',
      'desordres_batiment_eau',
      'desordres_logement_humidite',
      'desordres_logement_electricite',
      'desordres_precisions',
    ]) {
      assert.ok(visited.includes(slug), `${slug} visited (${visited.join(', ')})`);
    }
    // The recap shows the answers and the photos were kept.
    const recap = (await page.textContent('main')) ?? '';
    assert.match(recap, /8 Boulevard du Port/);
    assert.match(recap, /Martin/);
    const { reference } = await recapAndSubmit(page, 'locataire');

    const s = await signalementInDb(reference);
    assert.equal(s.statut, 'NEED_VALIDATION');
    const images = s.files.filter((f) => f.mimeType === 'image/jpeg');
    assert.equal(images.length, 2, JSON.stringify(s.files));
    assert.ok(images.every((f) => f.desordreSlug === 'desordres_logement_humidite'));
    assert.deepEqual(errors, [], 'no console error (CSP violations would show here)');
  } finally {
    await context.close();
  }
});

test('a tiers particulier files it without JavaScript: manual address, mistakes shown then fixed', async () => {
  const { page, context } = await newPage(e2e, { javaScript: false });
  try {
    await start(page);
    await walk(page, {
      label: 'tiers-nojs',
      steps: {
        adresse_logement: async (p) => {
          // No search box without JavaScript: the plain fields.
          assert.equal(await p.getByRole('combobox').count(), 0);
          await fill(p, `${ADDRESS}_detail_numero`, '15 rue de la République');
          await fill(p, `${ADDRESS}_detail_code_postal`, '13002');
          await fill(p, `${ADDRESS}_detail_commune`, 'Marseille');
        },
        signalement_concerne: async (p) => {
          // Conditional questions are all on the page without JavaScript.
          assert.ok(await p.locator('[name="signalement_concerne_profil_detail_tiers"]').first().isVisible());
          await choose(p, 'signalement_concerne_profil', 'autre_logement');
          await choose(p, 'signalement_concerne_profil_detail_tiers', 'tiers_particulier');
          await choose(p, 'signalement_concerne_profil_detail_profil_occupant', 'locataire');
          await choose(p, 'signalement_concerne_logement_social_autre_tiers', 'non');
        },
        vos_coordonnees_tiers: async (p) => {
          await autofill(p);
          await fill(p, 'vos_coordonnees_tiers_nom', 'Lefebvre');
          await fill(p, 'vos_coordonnees_tiers_prenom', 'Jean');
          await fill(p, 'vos_coordonnees_tiers_email', 'jean.lefebvre@exemple');
          await next(p);
          assert.equal(slugOf(p), 'vos_coordonnees_tiers');
          const summary = p.locator('.fr-alert--error').first();
          assert.ok(await summary.isVisible(), 'error summary shown');
          const link = summary.locator('a[href="#vos_coordonnees_tiers_email"]');
          assert.equal(await link.count(), 1, `summary links to the field: ${await errorSummary(p)}`);
          assert.equal(await p.locator('#vos_coordonnees_tiers_email').getAttribute('aria-invalid'), 'true');
          assert.equal(await p.locator('#vos_coordonnees_tiers_nom').inputValue(), 'Lefebvre');
          assert.equal(await p.locator('#vos_coordonnees_tiers_email').inputValue(), 'jean.lefebvre@exemple');
          await assertAccessible(p, 'tiers-nojs / e-mail error');
          await screenshot(p, 'signalement-tiers-nojs-email-error');
          await fill(p, 'vos_coordonnees_tiers_email', 'jean.lefebvre@exemple.fr');
        },
        composition_logement_personnes: async (p) => {
          await fill(p, 'composition_logement_nombre_personnes', '2');
          await fill(p, 'composition_logement_nombre_enfants', '3');
          await next(p);
          assert.equal(slugOf(p), 'composition_logement_personnes');
          const summary = p.locator('.fr-alert--error').first();
          assert.match((await summary.textContent()) ?? '', /enfants ne peut pas être plus grand/);
          assert.equal(await summary.locator('a[href="#composition_logement_nombre_enfants"]').count(), 1);
          assert.equal(await p.locator('#composition_logement_nombre_personnes').inputValue(), '2');
          assert.equal(await p.locator('#composition_logement_nombre_enfants').inputValue(), '3');
          await assertAccessible(p, 'tiers-nojs / enfants error');
          await fill(p, 'composition_logement_nombre_enfants', '1');
        },
        zone_concernee: { zone_concernee_zone: 'logement', zone_concernee_constatation_desordres: 'oui' },
        desordres_logement: async (p) => {
          await choose(p, 'desordres_categories_logement_tiers', 'desordres_logement_humidite');
        },
        desordres_logement_humidite: async (p) => {
          // Without JavaScript the detail questions are on the page from the start.
          const box = critereBoxes(p).first();
          const name = (await box.getAttribute('name'))!;
          const details = p.locator(`[data-show-if-for="${name}_precisions"]`);
          if ((await details.count()) > 0) assert.ok(await details.isVisible());
          await clickLabelOf(p, (await box.getAttribute('id'))!);
        },
      },
    });
    const { reference } = await recapAndSubmit(page, 'tiers-nojs');
    assert.equal((await signalementInDb(reference)).statut, 'NEED_VALIDATION');
  } finally {
    await context.close();
  }
});

test('"finir plus tard" e-mails a link that resumes at the right step with the answers kept', async () => {
  const { page, context } = await newPage(e2e);
  const email = 'reprise.plus-tard@exemple.fr';
  let resumePath: string;
  try {
    await start(page);
    await walk(page, {
      label: 'later',
      steps: locataireSteps('reprise.occupant@exemple.fr'),
      stopAt: 'composition_logement_personnes',
    });
    // Half typed, then "Finir plus tard".
    await fill(page, 'composition_logement_nombre_personnes', '5');
    await clickAndWait(page, page.getByRole('button', { name: 'Finir plus tard' }));
    assert.match(page.url(), /\/finir-plus-tard$/);
    await assertAccessible(page, 'finish later');
    const emailField = page.locator('input[type="email"]').first();
    await emailField.fill(email);
    await clickAndWait(page, page.locator('main form button[type="submit"]').first());
    assert.match(page.url(), /envoye=1/);
    await assertAccessible(page, 'finish later sent');

    const mails = await listOutbox(e2e.ctx.config.mail.outboxDir);
    const entry = mails.find((m) => m.to.includes(email));
    assert.ok(entry, 'resume e-mail in the outbox');
    const mail = await readOutbox(e2e.ctx.config.mail.outboxDir, entry.id);
    assert.ok(mail, 'resume e-mail readable');
    const link = /https?:\/\/[^\s"<>]+\/signalement\/[0-9a-f-]{36}(?=[\s"<>]|$)/.exec(mail.text ?? '');
    assert.ok(link, 'resume link in the e-mail');
    resumePath = new URL(link[0]).pathname;
    assert.equal(resumePath, `/signalement/${uuidOf(page)}`);
  } finally {
    await context.close();
  }

  // Another day, another browser: the link leads to the step left.
  const fresh = await newPage(e2e);
  try {
    await fresh.page.goto(`${e2e.baseUrl}${resumePath}`);
    assert.equal(slugOf(fresh.page), 'composition_logement_personnes');
    assert.equal(await fresh.page.locator('#composition_logement_nombre_personnes').inputValue(), '5');
    await assertAccessible(fresh.page, 'resumed');
    // Earlier answers are still there.
    await fresh.page.goto(`${e2e.baseUrl}${resumePath}/vos_coordonnees_occupant`);
    assert.equal(await fresh.page.locator('#vos_coordonnees_occupant_nom').inputValue(), 'Martin');
    await fresh.page.goto(`${e2e.baseUrl}${resumePath}`);
    await walk(fresh.page, {
      label: 'resumed',
      steps: {
        ...locataireSteps('reprise.occupant@exemple.fr'),
        composition_logement_personnes: { composition_logement_nombre_enfants: '0' },
      },
    });
    await recapAndSubmit(fresh.page, 'resumed');
  } finally {
    await fresh.context.close();
  }
});

test('an address where the service is not open: the helpline number, and nothing lost (BAN down)', async () => {
  const { page, context, errors } = await newPage(e2e, { width: 375 });
  try {
    await start(page);
    await walk(page, { label: 'closed', stopAt: 'adresse_logement' });
    // Paris is not open on the platform (territoire 75 inactive in the reference data). The address search
    // is down: the person types the address.
    ban.down = true;
    const search = page.getByRole('combobox', { name: /Rechercher l’adresse/ });
    await search.pressSequentially('12 rue de rivoli', { delay: 20 });
    // Our endpoint still answers (fallback on the communes table): the search says what it found.
    await page
      .locator('[data-address-status]')
      .filter({ hasText: /trouvée/ })
      .waitFor();
    await search.press('Escape');
    await assertAccessible(page, 'closed / search down');
    await fill(page, `${ADDRESS}_detail_numero`, '12 rue de Rivoli');
    await fill(page, `${ADDRESS}_detail_code_postal`, '75004');
    await fill(page, `${ADDRESS}_detail_commune`, 'Paris');
    await fill(page, 'adresse_logement_complement_adresse_etage', '2');
    await next(page);
    assert.equal(slugOf(page), 'adresse_logement');
    const alert = page.locator('.fr-alert--warning').filter({ hasText: 'pas encore ouvert' });
    assert.ok(await alert.isVisible(), 'explanation shown');
    assert.match((await alert.textContent()) ?? '', /0806 706 806/);
    assert.equal(await page.locator(`#${ADDRESS}_detail_numero`).inputValue(), '12 rue de Rivoli');
    assert.equal(await page.locator(`#${ADDRESS}_detail_code_postal`).inputValue(), '75004');
    assert.equal(await page.locator('#adresse_logement_complement_adresse_etage').inputValue(), '2');
    await assertAccessible(page, 'closed territory');
    await screenshot(page, 'signalement-closed-territory-375');
    // A wrong address can be corrected and the form goes on.
    await fill(page, `${ADDRESS}_detail_numero`, '15 rue de la République');
    await fill(page, `${ADDRESS}_detail_code_postal`, '13002');
    await fill(page, `${ADDRESS}_detail_commune`, 'Marseille');
    await next(page);
    assert.equal(slugOf(page), 'signalement_concerne');
    assert.deepEqual(
      errors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  } finally {
    ban.down = false;
    await context.close();
  }
});

test('the locataire journey on a 375 px phone screen, with screenshots', async () => {
  const { page, context, errors } = await newPage(e2e, { width: 375 });
  try {
    await start(page);
    const shots = [
      'adresse_logement',
      'signalement_concerne',
      'vos_coordonnees_occupant',
      'desordres_logement',
      'desordres_logement_humidite',
      'bail_dpe',
    ];
    await walk(page, {
      label: 'mobile',
      steps: locataireSteps('mobile.locataire@exemple.fr', async (p) => {
        await screenshot(p, 'signalement-mobile-desordre-filled');
      }),
      shots,
    });
    await screenshot(page, 'signalement-mobile-recap');
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(scrolls, false, 'no horizontal scrolling on the recap');
    await recapAndSubmit(page, 'mobile');
    await screenshot(page, 'signalement-mobile-confirmation');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
