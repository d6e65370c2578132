import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { getScreen } from './definition/index.ts';
import { evaluate, type FormData } from './definition/predicates.ts';
import type { InputField, Screen } from './definition/types.ts';
import { addressKey, inputsOf } from './engine/conditions.ts';
import { HONEYPOT_FIELD } from './views/parts.tsx';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});

const db = () => ctx.runtime.database.db;

// ---- Helpers ----

// Each browser posts from its own address, so that the per-IP limits of one test do not spill into another.
const ips = new WeakMap<Browser, string>();
let lastIp = 0;
function newBrowser(): Browser {
  const b = new Browser(ctx.app);
  lastIp++;
  ips.set(b, `10.0.${Math.floor(lastIp / 250)}.${(lastIp % 250) + 1}`);
  return b;
}

/** An address in Marseille (13, open in the demo data). */
const OPEN_ADDRESS = {
  numero: '12 Rue de la République',
  code_postal: '13002',
  commune: 'Marseille',
  insee: '13202',
};

/** Answers chosen for a locataire; any other field gets a plausible value from its definition. */
const LOCATAIRE: Record<string, string | string[]> = {
  signalement_concerne_profil: 'logement_occupez',
  signalement_concerne_profil_detail_occupant: 'locataire',
  signalement_concerne_logement_social_autre_tiers: 'non',
};

function valueFor(
  field: InputField,
  overrides: Record<string, string | string[]>,
): Record<string, string | string[]> {
  if (field.name in overrides) return { [field.name]: overrides[field.name]! };
  switch (field.kind) {
    case 'address':
      return Object.fromEntries(
        (['numero', 'code_postal', 'commune', 'insee'] as const).map((p) => [
          addressKey(field.name, p),
          overrides[addressKey(field.name, p)] ?? OPEN_ADDRESS[p],
        ]),
      );
    case 'upload':
      return {};
    case 'checkbox':
      // Optional boxes ("Je n'ai rien à signaler"…) stay unticked.
      return field.required === false ? {} : { [field.name]: '1' };
    case 'radio':
    case 'select':
      return { [field.name]: field.options[0]!.value };
    case 'checkboxes':
      return {
        [field.name]: field.allRequired ? field.options.map((o) => o.value) : [field.options[0]!.value],
      };
    case 'email':
      return { [field.name]: 'camille.locataire@example.fr' };
    case 'phone':
      return { [field.name]: '06 12 34 56 78' };
    case 'number':
      return { [field.name]: String(Math.max(field.min ?? 0, field.decimal ? 25 : 2)) };
    case 'date':
      return { [field.name]: '2021-03-15' };
    case 'month-year':
      return { [field.name]: '03/2022' };
    case 'textarea':
      return { [field.name]: 'Tout est décrit ici.' };
    default:
      // Short inputs are years here ("année de construction").
      return { [field.name]: field.kind === 'text' && (field.maxLength ?? 99) <= 4 ? '1970' : 'Dupont' };
  }
}

/** A valid answer for every visible field of a screen (conditions re-evaluated as answers are added). */
function answersFor(
  screen: Screen,
  payload: FormData,
  overrides: Record<string, string | string[]> = LOCATAIRE,
): Record<string, string | string[]> {
  let body: Record<string, string | string[]> = {};
  for (let pass = 0; pass < 5; pass++) {
    const data = { ...payload, ...body };
    const next: Record<string, string | string[]> = {};
    // Category screens of the désordres ask for at least one optional box: tick the first one.
    const firstBox = inputsOf(screen.fields).find(
      (i) =>
        i.field.kind === 'checkbox' && i.field.required === false && !/rien à signaler/.test(i.field.label),
    )?.field.name;
    for (const { field, showIf } of inputsOf(screen.fields)) {
      if (!evaluate(showIf, data)) continue;
      Object.assign(next, valueFor(field, overrides));
      if (field.name === firstBox && screen.validate) next[field.name] = '1';
    }
    if (JSON.stringify(next) === JSON.stringify(body)) break;
    body = next;
  }
  return body;
}

function toForm(body: Record<string, string | string[]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) {
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  }
  return params;
}

async function postForm(b: Browser, url: string, body: Record<string, string | string[]>, token: string) {
  const params = toForm(body);
  params.set('_csrf', token);
  return ctx.app
    .inject({
      method: 'POST',
      url,
      payload: params.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
      remoteAddress: ips.get(b),
    })
    .then((res) => res);
}

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer; type: string };

function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----histologe${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'content' in p
        ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n`
        : `Content-Disposition: form-data; name="${p.name}"\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`, 'utf8'));
    chunks.push('content' in p ? p.content : Buffer.from(p.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function postMultipart(b: Browser, url: string, parts: Part[], token: string) {
  const { payload, contentType } = multipart(parts);
  return ctx.app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(token)}`,
    payload,
    headers: { 'content-type': contentType, cookie: b.cookieHeader() },
    remoteAddress: ips.get(b),
  });
}

function partsOf(body: Record<string, string | string[]>): Part[] {
  return Object.entries(body).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })),
  );
}

let jpegCache: Buffer | undefined;
async function smallJpeg(): Promise<Buffer> {
  jpegCache ??= await sharp({ create: { width: 64, height: 48, channels: 3, background: '#8a6d3b' } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: 'test' } } })
    .toBuffer();
  return jpegCache;
}

async function draftOf(uuid: string) {
  return db().selectFrom('signalementDraft').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow();
}

function payloadOf(draft: { payload: unknown }): FormData {
  const p = draft.payload;
  return (typeof p === 'string' ? JSON.parse(p) : p) as FormData;
}

const UUID_URL = /^\/signalement\/([0-9a-f-]{36})\/([a-z0-9_]+)$/;

/** Starts a draft through the start page; returns its uuid and the first screen's URL. */
async function start(b: Browser, query = ''): Promise<{ uuid: string; url: string }> {
  const page = await b.get(`/signalement${query}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const profil = /name="profil" value="([^"]+)"/.exec(page.body)?.[1];
  const res = await postForm(b, '/signalement', profil ? { profil } : {}, token);
  assert.equal(res.statusCode, 303);
  const url = String(res.headers.location);
  const m = UUID_URL.exec(url);
  assert.ok(m, url);
  return { uuid: m[1]!, url };
}

const tokens = new WeakMap<Browser, string>();

/**
 * Answers the screen at `url` with valid answers; returns the response of the POST. With `render`, the page
 * is loaded first (as a person would); otherwise the session's CSRF token is reused (faster walks).
 */
async function answer(
  b: Browser,
  url: string,
  overrides: Record<string, string | string[]> = LOCATAIRE,
  render = false,
) {
  const slug = UUID_URL.exec(url)![2]!;
  const uuid = UUID_URL.exec(url)![1]!;
  const screen = getScreen(slug);
  assert.ok(screen, `unknown screen ${slug}`);
  let token = tokens.get(b);
  if (render || !token) {
    token = await b.csrfFrom(url);
    tokens.set(b, token);
  }
  const body = answersFor(screen, payloadOf(await draftOf(uuid)), overrides);
  return postForm(b, url, body, token);
}

/** Goes through the screens with valid answers until `stopAt` (a slug) or the recap. */
async function walk(b: Browser, url: string, stopAt?: string, overrides = LOCATAIRE): Promise<string> {
  let current = url;
  for (let i = 0; i < 80; i++) {
    const slug = UUID_URL.exec(current)?.[2];
    if (!slug || slug === 'recapitulatif' || slug === stopAt) return current;
    const res = await answer(b, current, overrides);
    assert.equal(res.statusCode, 303, `${slug}: ${errorsIn(res.body)}`);
    current = String(res.headers.location);
  }
  throw new Error('the journey does not end');
}

function errorsIn(html: string): string {
  const summary = /id="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? html.slice(0, 500);
  return summary.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

// ---- Tests ----

describe('start page', () => {
  test('explains what to expect and creates a draft on "Commencer"', async () => {
    const b = newBrowser();
    const page = await b.get('/signalement?profil=locataire');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Faire un signalement<\/h1>/);
    assert.match(page.body, /name="profil" value="locataire"/);
    assert.match(page.body, new RegExp(`name="${HONEYPOT_FIELD}"`));
    const { uuid, url } = await start(b, '?profil=tiers_pro');
    assert.equal(url, `/signalement/${uuid}/introduction`);
    const draft = await draftOf(uuid);
    assert.equal(draft.status, 'EN_COURS');
    // The profile of the link pre-answers "Pour qui faites-vous ce signalement ?".
    assert.equal(payloadOf(draft).signalement_concerne_profil, 'autre_logement');
    assert.equal(payloadOf(draft).signalement_concerne_profil_detail_tiers, 'tiers_pro');
  });

  test('a filled honeypot is refused and creates nothing', async () => {
    const b = newBrowser();
    const token = await b.csrfFrom('/signalement');
    const before = await db()
      .selectFrom('signalementDraft')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await b.post('/signalement', { _csrf: token, [HONEYPOT_FIELD]: 'http://spam.example' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers.location, undefined);
    const after = await db()
      .selectFrom('signalementDraft')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });
});

describe('screens', () => {
  test('a screen shows the stepper, its title as h1, and the buttons; "Précédent" goes back', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    const first = await b.get(url);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /class="fr-stepper[ "]/);
    assert.match(first.body, /<h1[^>]*>Signaler un problème dans un logement<\/h1>/);
    assert.doesNotMatch(first.body, />Précédent</);
    assert.match(first.body, />Finir plus tard</);
    assert.equal(first.headers['cache-control'], 'no-store');

    const res = await answer(b, url);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/signalement/${uuid}/adresse_logement`);
    const second = await b.get(String(res.headers.location));
    assert.match(second.body, new RegExp(`href="/signalement/${uuid}/introduction"[^>]*>Précédent<`));
    assert.ok(second.body.includes('/static/js/form-conditions.js'));
    assert.ok(second.body.includes('/static/js/address-autocomplete.js'));
  });

  test('bad input is shown again with a 400, the error summary and the values typed, and is saved', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    const at = await walk(b, url, 'vos_coordonnees_occupant');
    assert.equal(at, `/signalement/${uuid}/vos_coordonnees_occupant`);
    const screen = getScreen('vos_coordonnees_occupant')!;
    const body = answersFor(screen, payloadOf(await draftOf(uuid)));
    body.vos_coordonnees_occupant_email = 'pas-une-adresse';
    body.vos_coordonnees_occupant_nom = 'Nom-Gardé';
    const token = await b.csrfFrom(at);
    const res = await postForm(b, at, body, token);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, /href="#vos_coordonnees_occupant_email"/);
    assert.match(res.body, /value="pas-une-adresse"/);
    assert.match(res.body, /value="Nom-Gardé"/);
    assert.match(res.body, /<title>Erreur — /);
    const payload = payloadOf(await draftOf(uuid));
    assert.equal(payload.vos_coordonnees_occupant_nom, 'Nom-Gardé');
    assert.equal(payload.vos_coordonnees_occupant_email, 'pas-une-adresse');
  });

  test('an address in a territory not open yet: explanation, national number, nothing lost', async () => {
    const closed = await db()
      .selectFrom('commune as c')
      .innerJoin('territoire as t', 't.id', 'c.territoireId')
      .select(['c.codeInsee', 'c.codePostal', 'c.nom'])
      .where('t.isActive', '=', false)
      .where('c.codeInsee', 'like', '75%')
      .orderBy('c.codeInsee')
      .executeTakeFirstOrThrow();
    const b = newBrowser();
    const { uuid, url } = await start(b);
    const at = await walk(b, url, 'adresse_logement');
    const res = await answer(b, at, {
      ...LOCATAIRE,
      adresse_logement_adresse_detail_numero: '5 Rue de Rivoli',
      adresse_logement_adresse_detail_code_postal: closed.codePostal,
      adresse_logement_adresse_detail_commune: closed.nom,
      adresse_logement_adresse_detail_insee: closed.codeInsee,
      adresse_logement_complement_adresse_etage: '3',
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /pas encore ouvert/);
    assert.match(res.body, /href="tel:\+33806706806"/);
    assert.match(res.body, /0806 706 806/);
    assert.match(res.body, /value="5 Rue de Rivoli"/);
    const draft = await draftOf(uuid);
    assert.equal(payloadOf(draft).adresse_logement_complement_adresse_etage, '3');
    assert.equal(draft.status, 'EN_COURS');
  });

  test('an unknown commune is a field error', async () => {
    const b = newBrowser();
    const { url } = await start(b);
    const at = await walk(b, url, 'adresse_logement');
    const res = await answer(b, at, {
      ...LOCATAIRE,
      adresse_logement_adresse_detail_code_postal: '99999',
      adresse_logement_adresse_detail_commune: 'Nullepart',
      adresse_logement_adresse_detail_insee: '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, /value="Nullepart"/);
  });

  test('answers of a branch left behind are dropped', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    const at = await walk(b, url, 'signalement_concerne');
    const tiers = {
      signalement_concerne_profil: 'autre_logement',
      signalement_concerne_profil_detail_tiers: 'tiers_particulier',
      signalement_concerne_profil_detail_profil_occupant: 'locataire',
      signalement_concerne_logement_social_autre_tiers: 'non',
    };
    assert.equal((await answer(b, at, tiers)).statusCode, 303);
    let payload = payloadOf(await draftOf(uuid));
    assert.equal(payload.profil, 'tiers_particulier');
    assert.equal(payload.signalement_concerne_profil_detail_tiers, 'tiers_particulier');

    assert.equal((await answer(b, at, LOCATAIRE)).statusCode, 303);
    payload = payloadOf(await draftOf(uuid));
    assert.equal(payload.profil, 'locataire');
    assert.equal(payload.signalement_concerne_profil_detail_tiers, undefined);
    assert.equal(payload.signalement_concerne_profil_detail_profil_occupant, undefined);
    const draft = await draftOf(uuid);
    assert.equal(draft.profileDeclarant, 'LOCATAIRE');
  });

  test('a screen outside the journey or unknown sends to the first incomplete one', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    await walk(b, url, 'signalement_concerne');
    for (const slug of ['nimporte_quoi', 'vos_coordonnees_tiers']) {
      const res = await b.get(`/signalement/${uuid}/${slug}`);
      assert.equal(res.statusCode, 303, slug);
      assert.equal(res.headers.location, `/signalement/${uuid}/signalement_concerne`);
    }
    const resume = await b.get(`/signalement/${uuid}`);
    assert.equal(resume.statusCode, 303);
    assert.equal(resume.headers.location, `/signalement/${uuid}/signalement_concerne`);
  });

  test('an expired form shows the screen again with what was typed (not saved) and a fresh token', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    const at = await walk(b, url, 'adresse_logement');
    const body = {
      ...answersFor(getScreen('adresse_logement')!, {}),
      adresse_logement_complement_adresse_etage: '7',
    };
    const res = await postForm(b, at, body, 'jeton-perime');
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /session a expiré/);
    assert.match(res.body, /value="7"/);
    assert.match(res.body, /name="_csrf" value="[^"]+"/);
    assert.equal(payloadOf(await draftOf(uuid)).adresse_logement_complement_adresse_etage, undefined);
  });

  test('an unknown or malformed draft is a French 404', async () => {
    const b = newBrowser();
    for (const url of [
      `/signalement/${randomUUID()}/introduction`,
      '/signalement/pas-un-uuid/introduction',
      `/signalement/${randomUUID()}`,
    ]) {
      const res = await b.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /<html lang="fr"/);
    }
  });

  test('a filled honeypot on a screen is refused and saves nothing', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    const at = await walk(b, url, 'adresse_logement');
    const token = await b.csrfFrom(at);
    const body = answersFor(getScreen('adresse_logement')!, {});
    const res = await postForm(b, at, { ...body, [HONEYPOT_FIELD]: 'spam' }, token);
    assert.equal(res.statusCode, 400);
    assert.equal(payloadOf(await draftOf(uuid)).adresse_logement_adresse_detail_code_postal, undefined);
  });
});

describe('finir plus tard and abandon', () => {
  test('"Finir plus tard" keeps what was typed, asks the e-mail, then confirms', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    const at = await walk(b, url, 'adresse_logement');
    const token = await b.csrfFrom(at);
    const res = await postForm(
      b,
      `/signalement/${uuid}/finir-plus-tard`,
      { _etape: 'adresse_logement', adresse_logement_complement_adresse_etage: '4' },
      token,
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/signalement/${uuid}/finir-plus-tard`);
    assert.equal(payloadOf(await draftOf(uuid)).adresse_logement_complement_adresse_etage, '4');

    const page = await b.get(`/signalement/${uuid}/finir-plus-tard`);
    assert.equal(page.statusCode, 200);
    const t2 = await b.csrfFrom(`/signalement/${uuid}/finir-plus-tard`);
    const bad = await postForm(
      b,
      `/signalement/${uuid}/finir-plus-tard`,
      { _envoi: '1', email_reprise: 'nope' },
      t2,
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="nope"/);
    const ok = await postForm(
      b,
      `/signalement/${uuid}/finir-plus-tard`,
      { _envoi: '1', email_reprise: 'reprise@example.fr' },
      t2,
    );
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `/signalement/${uuid}/finir-plus-tard?envoye=1`);
    const sent = await b.get(String(ok.headers.location));
    assert.equal(sent.statusCode, 200);
    assert.match(sent.body, /Votre lien est en route/);
    assert.equal((await draftOf(uuid)).emailDeclarant, 'reprise@example.fr');
  });

  test('"Abandonner" asks first, archives the draft and goes home with a message', async () => {
    const b = newBrowser();
    const { uuid } = await start(b);
    const confirm = await b.get(`/signalement/${uuid}/abandonner`);
    assert.equal(confirm.statusCode, 200);
    const token = await b.csrfFrom(`/signalement/${uuid}/abandonner`);
    const res = await b.post(`/signalement/${uuid}/abandonner`, { _csrf: token });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    assert.equal((await draftOf(uuid)).status, 'ARCHIVE');
    const home = await b.get('/');
    assert.match(home.body, /Votre signalement a été abandonné/);
    const again = await b.get('/');
    assert.doesNotMatch(again.body, /Votre signalement a été abandonné/);
    assert.equal((await b.get(`/signalement/${uuid}/introduction`)).statusCode, 404);
  });
});

describe('whole journey of a locataire', () => {
  test('every screen, a photo (then another deleted), the recap, the submission and the confirmation', async () => {
    const b = newBrowser();
    const { uuid, url } = await start(b);
    let current = url;
    let uploaded = false;
    let deleted = false;
    for (let i = 0; i < 80; i++) {
      const slug = UUID_URL.exec(current)?.[2];
      if (!slug || slug === 'recapitulatif') break;
      const screen = getScreen(slug)!;
      const photoField = inputsOf(screen.fields).find((i) => i.field.kind === 'upload')?.field;
      if (photoField && !uploaded) {
        const token = await b.csrfFrom(current);
        const body = answersFor(screen, payloadOf(await draftOf(uuid)));
        const jpeg = await smallJpeg();
        const photo = { name: photoField.name, filename: 'photo.jpg', content: jpeg, type: 'image/jpeg' };
        const fake = {
          name: photoField.name,
          filename: 'virus.jpg',
          content: Buffer.from('MZ not an image'),
          type: 'image/jpeg',
        };

        // A refused file: message on the field, the rest kept, the good photo stored.
        const first = await postMultipart(b, current, [...partsOf(body), photo, fake], token);
        assert.equal(first.statusCode, 400, errorsIn(first.body));
        assert.match(first.body, /virus\.jpg/);
        const files = await db()
          .selectFrom('signalementDraftFile')
          .selectAll()
          .where('field', '=', photoField.name)
          .execute();
        const mine = files.filter((f) => f.storageKey.includes(uuid));
        assert.equal(mine.length, 1);
        assert.equal(mine[0]!.mimeType, 'image/jpeg');
        const stored = await ctx.runtime.storage.get(mine[0]!.storageKey);
        const chunks: Buffer[] = [];
        for await (const c of stored) chunks.push(c as Buffer);
        const meta = await sharp(Buffer.concat(chunks)).metadata();
        assert.equal(meta.exif, undefined);
        assert.match(first.body, new RegExp(`/signalement/${uuid}/fichiers/${mine[0]!.uuid}/miniature`));
        const thumb = await b.get(`/signalement/${uuid}/fichiers/${mine[0]!.uuid}/miniature`);
        assert.equal(thumb.statusCode, 200);
        assert.equal(thumb.headers['content-type'], 'image/jpeg');

        // A second photo, then deleted with its "Supprimer" button.
        const second = await postMultipart(
          b,
          current,
          [...partsOf(body), { ...photo, filename: 'deux.jpg' }],
          token,
        );
        assert.equal(second.statusCode, 303, errorsIn(second.body));
        const two = await db()
          .selectFrom('signalementDraftFile')
          .selectAll()
          .where('field', '=', photoField.name)
          .where('storageKey', 'like', `%${uuid}%`)
          .orderBy('id')
          .execute();
        assert.equal(two.length, 2);
        const del = await postMultipart(
          b,
          current,
          [...partsOf(body), { name: '_delete_file', value: two[1]!.uuid }],
          token,
        );
        assert.equal(del.statusCode, 303);
        assert.equal(del.headers.location, current);
        const left = await db()
          .selectFrom('signalementDraftFile')
          .select('uuid')
          .where('field', '=', photoField.name)
          .where('storageKey', 'like', `%${uuid}%`)
          .execute();
        assert.deepEqual(
          left.map((f) => f.uuid),
          [two[0]!.uuid],
        );
        assert.deepEqual(payloadOf(await draftOf(uuid))[photoField.name], [two[0]!.uuid]);
        uploaded = true;
        deleted = true;
        // Move on from the screen.
        const next = await postForm(b, current, body, token);
        assert.equal(next.statusCode, 303, errorsIn(next.body));
        current = String(next.headers.location);
        continue;
      }
      const res = await answer(b, current, LOCATAIRE, true);
      assert.equal(res.statusCode, 303, `${slug}: ${errorsIn(res.body)}`);
      current = String(res.headers.location);
    }
    assert.ok(uploaded && deleted, 'a screen with photos was met');
    assert.equal(current, `/signalement/${uuid}/recapitulatif`);

    const recap = await b.get(current);
    assert.equal(recap.statusCode, 200);
    assert.match(recap.body, /Récapitulatif de votre signalement/);
    assert.match(recap.body, new RegExp(`href="/signalement/${uuid}/adresse_logement"`));
    assert.match(recap.body, /href="\/donnees-personnelles"/);
    assert.doesNotMatch(recap.body, /À compléter/);

    // Without consent: the recap again, with the message.
    const token = await b.csrfFrom(current);
    const noConsent = await b.post(`/signalement/${uuid}/envoyer`, { _csrf: token });
    assert.equal(noConsent.statusCode, 400);
    assert.match(noConsent.body, /href="#consentement_donnees"/);

    let sent = await b.post(`/signalement/${uuid}/envoyer`, { _csrf: token, consentement_donnees: '1' });
    if (sent.statusCode === 200 && /déjà fait un signalement/.test(sent.body)) {
      assert.doesNotMatch(sent.body, /suivre-mon-signalement\//);
      sent = await b.post(`/signalement/${uuid}/envoyer`, {
        _csrf: token,
        consentement_donnees: '1',
        ignorer_doublons: '1',
      });
    }
    assert.equal(sent.statusCode, 303, errorsIn(sent.body));
    assert.equal(sent.headers.location, `/signalement/${uuid}/confirmation`);

    const draft = await draftOf(uuid);
    assert.equal(draft.status, 'EN_SIGNALEMENT');
    const signalement = await db()
      .selectFrom('signalement')
      .select(['reference', 'codeSuivi'])
      .where('createdFromDraftId', '=', draft.id)
      .executeTakeFirstOrThrow();
    const confirmation = await b.get(String(sent.headers.location));
    assert.equal(confirmation.statusCode, 200);
    assert.ok(confirmation.body.includes(signalement.reference));
    assert.ok(confirmation.body.includes(`/suivre-mon-signalement/${signalement.codeSuivi}`));

    // The draft is closed: its screens lead to the confirmation.
    const back = await b.get(`/signalement/${uuid}/adresse_logement`);
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, `/signalement/${uuid}/confirmation`);
  });
});

describe('duplicates and limits', () => {
  test('the same person and address again: the existing case is listed, its link can be e-mailed', async () => {
    // Same answers as the whole journey above (same e-mail, same address), which created a signalement.
    const first = await db()
      .selectFrom('signalement as s')
      .innerJoin('signalementDraft as d', 'd.id', 's.createdFromDraftId')
      .select(['s.reference', 's.codeSuivi'])
      .where('d.emailDeclarant', '=', 'camille.locataire@example.fr')
      .executeTakeFirstOrThrow();
    const b = newBrowser();
    const { uuid, url } = await start(b);
    assert.equal(await walk(b, url), `/signalement/${uuid}/recapitulatif`);
    const token = await b.csrfFrom(`/signalement/${uuid}/recapitulatif`);
    const dup = await postForm(b, `/signalement/${uuid}/envoyer`, { consentement_donnees: '1' }, token);
    assert.equal(dup.statusCode, 200, errorsIn(dup.body));
    assert.match(dup.body, /déjà fait un signalement/);
    assert.ok(dup.body.includes(first.reference));
    assert.ok(!dup.body.includes(first.codeSuivi), 'never the code suivi');
    assert.equal((await draftOf(uuid)).status, 'EN_COURS');

    const links = await postForm(b, `/signalement/${uuid}/lien-de-suivi`, {}, token);
    assert.equal(links.statusCode, 303);
    const neutral = await b.get(String(links.headers.location));
    assert.equal(neutral.statusCode, 200);
    assert.match(neutral.body, /Si un dossier correspond/);

    const anyway = await postForm(
      b,
      `/signalement/${uuid}/envoyer`,
      { consentement_donnees: '1', ignorer_doublons: '1' },
      token,
    );
    assert.equal(anyway.statusCode, 303, errorsIn(anyway.body));
    assert.equal(anyway.headers.location, `/signalement/${uuid}/confirmation`);
    assert.equal((await draftOf(uuid)).status, 'EN_SIGNALEMENT');
  });

  test('an incomplete draft cannot be sent: the recap says what is missing', async () => {
    const b = newBrowser();
    const { uuid } = await start(b);
    const recap = await b.get(`/signalement/${uuid}/recapitulatif`);
    assert.equal(recap.statusCode, 200);
    assert.match(recap.body, /Il manque des réponses/);
    const token = await b.csrfFrom(`/signalement/${uuid}/recapitulatif`);
    const res = await postForm(b, `/signalement/${uuid}/envoyer`, { consentement_donnees: '1' }, token);
    assert.equal(res.statusCode, 400);
    assert.equal((await draftOf(uuid)).status, 'EN_COURS');
  });

  test('submissions are limited per address: a French 429 page after 10 in an hour', async () => {
    const b = newBrowser();
    const { uuid } = await start(b);
    const token = await b.csrfFrom(`/signalement/${uuid}/recapitulatif`);
    for (let i = 0; i < 10; i++) {
      const res = await postForm(b, `/signalement/${uuid}/envoyer`, {}, token);
      assert.equal(res.statusCode, 400);
    }
    const limited = await postForm(b, `/signalement/${uuid}/envoyer`, {}, token);
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /<html lang="fr"/);
    assert.match(limited.body, /patienter/);
  });
});
