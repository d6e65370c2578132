import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Page } from '../layout/page.tsx';
import {
  Alert,
  Badge,
  Breadcrumb,
  Button,
  ButtonsGroup,
  Card,
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  Form,
  Input,
  Notice,
  Pagination,
  PasswordInput,
  pageHrefFor,
  pageWindow,
  RadioGroup,
  Select,
  Stepper,
  statusBadge,
  Table,
  Tabs,
  Tag,
  Textarea,
  Tile,
  toHtml,
  Upload,
} from './index.ts';

// Hostile values: a script tag, an attribute break-out with double quotes, single quotes and an entity.
const XSS = `<script>alert("x")</script>`;
const BREAKOUT = `x" onmouseover="alert(1)`;
const QUOTES = `l'"&amp;`;
const HOSTILE = `${XSS}${BREAKOUT}${QUOTES}`;

const html = (el: JSX.Element) => toHtml(el);

/**
 * Nothing hostile came out raw. Attribute values are always double-quoted with `"` escaped, so once every
 * `="…"` is removed, what remains is markup: it must hold no script tag and no event handler attribute.
 */
function assertEscaped(out: string) {
  const markup = out.replace(/="[^"]*"/g, '=""');
  assert.ok(!markup.includes('<script>'), `raw <script> in: ${out}`);
  assert.ok(!/\sonmouseover="/.test(markup), `attribute break-out in: ${out}`);
  assert.ok(!out.includes('" onmouseover="'), `attribute break-out in: ${out}`);
}

/** Value of attribute `name` on the element whose id is `id` (our markup: double-quoted, Kita order). */
function attrOf(out: string, id: string, name: string): string | undefined {
  const tag = out.match(new RegExp(`<[a-z]+[^>]*\\sid="${id}"[^>]*>`))?.[0];
  return tag?.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
}

describe('escaping of hostile strings', () => {
  it('form fields escape labels, hints, values, errors and options', () => {
    const outputs = [
      Input({
        id: 'f1',
        label: HOSTILE,
        hint: HOSTILE,
        value: HOSTILE,
        error: HOSTILE,
        placeholder: HOSTILE,
      }),
      Textarea({
        id: 'f2',
        label: HOSTILE,
        hint: HOSTILE,
        value: `${XSS}</textarea>${BREAKOUT}`,
        error: HOSTILE,
      }),
      PasswordInput({
        id: 'f3',
        label: HOSTILE,
        hint: HOSTILE,
        error: HOSTILE,
        autocomplete: 'current-password',
      }),
      Select({
        id: 'f4',
        label: HOSTILE,
        hint: HOSTILE,
        error: HOSTILE,
        value: HOSTILE,
        options: [{ value: HOSTILE, label: HOSTILE }],
        groups: [{ label: HOSTILE, options: [{ value: 'a', label: HOSTILE }] }],
      }),
      RadioGroup({
        id: 'f5',
        legend: HOSTILE,
        hint: HOSTILE,
        error: HOSTILE,
        rich: true,
        options: [{ value: HOSTILE, label: HOSTILE, hint: HOSTILE, pictogram: 'buildings/house' }],
      }),
      CheckboxGroup({
        id: 'f6',
        legend: HOSTILE,
        options: [{ value: HOSTILE, label: HOSTILE }],
        values: [HOSTILE],
      }),
      Checkbox({ id: 'f7', label: HOSTILE, hint: HOSTILE, value: HOSTILE, error: HOSTILE }),
      Upload({ id: 'f8', label: HOSTILE, hint: HOSTILE, error: HOSTILE, accept: HOSTILE }),
      Form({ csrfToken: HOSTILE, action: HOSTILE, children: '' }),
      ErrorSummary({ errors: [{ fieldId: BREAKOUT, message: HOSTILE }] }),
    ];
    for (const out of outputs) assertEscaped(html(out));
  });

  it('keeps what the user typed intact in value attributes and textarea content', () => {
    const out = html(Input({ id: 'v', label: 'L', value: QUOTES }));
    assert.match(out, /value="l&#39;&#34;&amp;amp;"/);
    const ta = html(Textarea({ id: 't', label: 'L', value: `${XSS}</textarea>` }));
    assert.ok(ta.includes('&lt;script>alert(&#34;x&#34;)&lt;/script>&lt;/textarea>'));
  });

  it('display components escape their text props', () => {
    const outputs = [
      Alert({ type: 'error', title: HOSTILE, description: HOSTILE }),
      Badge({ label: HOSTILE, srPrefix: HOSTILE }),
      statusBadge(HOSTILE),
      Tag({ label: HOSTILE, href: BREAKOUT }),
      Tag({ label: HOSTILE }),
      Notice({
        title: HOSTILE,
        description: HOSTILE,
        link: { href: BREAKOUT, label: HOSTILE, external: true },
      }),
      Stepper({ currentStep: 1, stepCount: 3, title: HOSTILE, nextTitle: HOSTILE }),
      Breadcrumb({ segments: [{ label: HOSTILE, href: BREAKOUT }, { label: HOSTILE }] }),
      Card({
        title: HOSTILE,
        href: BREAKOUT,
        description: HOSTILE,
        detail: HOSTILE,
        badges: [{ label: HOSTILE }],
      }),
      Tile({ title: HOSTILE, href: BREAKOUT, description: HOSTILE, detail: HOSTILE }),
      Button({ label: HOSTILE, title: HOSTILE, value: HOSTILE, name: BREAKOUT }),
      Button({ label: HOSTILE, href: BREAKOUT, external: true }),
      ButtonsGroup({ buttons: [{ label: HOSTILE }, { label: HOSTILE, href: BREAKOUT }] }),
      Table({
        caption: HOSTILE,
        headers: [HOSTILE, { label: HOSTILE, srOnly: true }],
        rows: [[HOSTILE, HOSTILE]],
        rowHeader: true,
      }),
      Table({ caption: 'c', headers: ['a'], emptyMessage: HOSTILE }),
      Tabs({
        label: HOSTILE,
        selectedId: 'a',
        tabs: [{ id: 'a', label: HOSTILE, href: BREAKOUT }],
        children: '',
      }),
      Pagination({
        page: 2,
        pageCount: 5,
        total: 42,
        itemLabel: [HOSTILE, HOSTILE],
        hrefFor: () => BREAKOUT,
      }),
    ];
    for (const out of outputs) assertEscaped(html(out));
  });

  it('the page layout escapes the title, user, flashes and breadcrumb', () => {
    const out = html(
      Page({
        title: HOSTILE,
        area: 'bo',
        csrfToken: BREAKOUT,
        user: { prenom: HOSTILE, nom: HOSTILE, email: HOSTILE, roleLabel: HOSTILE, territoireNom: HOSTILE },
        flashes: [{ type: 'error', message: HOSTILE }],
        breadcrumb: [{ label: HOSTILE, href: BREAKOUT }, { label: HOSTILE }],
        children: '<p>ok</p>',
      }),
    );
    assertEscaped(out);
    assert.ok(out.startsWith('<!doctype html><html lang="fr" data-fr-scheme="light">'));
  });
});

describe('error states', () => {
  it('Input, Textarea, Select, Checkbox and Upload reference their error with aria-describedby', () => {
    const cases: [string, JSX.Element][] = [
      ['email', Input({ id: 'email', label: 'E-mail', error: 'Saisissez votre adresse e-mail' })],
      ['message', Textarea({ id: 'message', label: 'Message', error: 'Écrivez un message' })],
      ['statut', Select({ id: 'statut', label: 'Statut', options: [], error: 'Choisissez un statut' })],
      ['cgu', Checkbox({ id: 'cgu', label: 'J’accepte', error: 'Cochez la case' })],
      ['photo', Upload({ id: 'photo', label: 'Photo', error: 'Format non accepté' })],
      [
        'password',
        PasswordInput({ id: 'password', autocomplete: 'current-password', error: 'Saisissez-le' }),
      ],
    ];
    for (const [id, el] of cases) {
      const out = html(el);
      assert.equal(attrOf(out, id, 'aria-describedby'), `${id}-error`, `${id}: aria-describedby`);
      assert.equal(attrOf(out, id, 'aria-invalid'), 'true', `${id}: aria-invalid`);
      assert.match(
        out,
        new RegExp(`<p class="fr-message fr-message--error" id="${id}-error">`),
        `${id}: error text`,
      );
      assert.match(out, /--error/, `${id}: error state class`);
    }
  });

  it('error group classes follow DSFR', () => {
    assert.match(
      html(Input({ id: 'a', label: 'A', error: 'e' })),
      /class="fr-input-group fr-input-group--error"/,
    );
    assert.match(html(Select({ id: 'b', label: 'B', options: [], error: 'e' })), /fr-select-group--error/);
    assert.match(html(Upload({ id: 'c', label: 'C', error: 'e' })), /fr-upload-group--error/);
    assert.match(html(Checkbox({ id: 'd', label: 'D', error: 'e' })), /fr-checkbox-group--error/);
  });

  it('fields without error have no aria-invalid nor error message', () => {
    const out = html(Input({ id: 'nom', label: 'Nom' }));
    assert.equal(attrOf(out, 'nom', 'aria-invalid'), undefined);
    assert.equal(attrOf(out, 'nom', 'aria-describedby'), undefined);
    assert.ok(!out.includes('fr-message--error'));
    assert.ok(out.includes('id="nom-messages"'), 'DSFR messages group is always there');
  });

  it('radio and checkbox groups name their fieldset with legend and messages, first option takes the id', () => {
    const out = html(
      RadioGroup({
        id: 'profil',
        legend: 'Vous êtes',
        error: 'Choisissez une réponse',
        options: [
          { value: 'locataire', label: 'Locataire' },
          { value: 'proprietaire', label: 'Propriétaire' },
        ],
        value: 'proprietaire',
      }),
    );
    assert.match(
      out,
      /<fieldset class="fr-fieldset fr-fieldset--error" id="profil-fieldset" aria-labelledby="profil-legend profil-messages"/,
    );
    assert.match(
      out,
      /<p class="fr-message fr-message--error" id="profil-error">Choisissez une réponse<\/p>/,
    );
    assert.match(out, /<input type="radio" id="profil" name="profil" value="locataire"\/>/);
    assert.match(out, /<input type="radio" id="profil-2" name="profil" value="proprietaire" checked\/>/);
    const cb = html(
      CheckboxGroup({
        id: 'pieces',
        legend: 'Pièces',
        options: [{ value: 'a', label: 'A' }],
        values: ['a'],
        error: 'e',
      }),
    );
    assert.match(cb, /aria-labelledby="pieces-legend pieces-messages"/);
    assert.match(cb, /id="pieces" name="pieces" value="a" checked/);
  });

  it('required fields carry the attribute and a visual asterisk hidden from assistive tech', () => {
    const out = html(
      Input({ id: 'tel', label: 'Téléphone', type: 'tel', required: true, autocomplete: 'tel' }),
    );
    assert.match(out, /required/);
    assert.match(out, /<span class="hl-required" aria-hidden="true"> \*<\/span>/);
    assert.equal(attrOf(out, 'tel', 'autocomplete'), 'tel');
    assert.equal(attrOf(out, 'tel', 'type'), 'tel');
  });
});

describe('ErrorSummary', () => {
  it('links to each field id, counts errors and is focusable', () => {
    const out = html(
      ErrorSummary({
        errors: { email: 'Saisissez votre adresse e-mail', password: undefined, nom: 'Saisissez votre nom' },
      }),
    );
    assert.match(
      out,
      /<div class="fr-alert fr-alert--error fr-mb-4w" id="error-summary" tabindex="-1" autofocus>/,
    );
    assert.match(out, /Le formulaire contient 2 erreurs/);
    assert.match(out, /<a href="#email">Saisissez votre adresse e-mail<\/a>/);
    assert.match(out, /<a href="#nom">Saisissez votre nom<\/a>/);
    assert.ok(!out.includes('#password'));
  });

  it('uses the singular for one error and renders nothing without errors', () => {
    assert.match(
      html(ErrorSummary({ errors: [{ fieldId: 'a', message: 'm' }] })),
      /Le formulaire contient 1 erreur</,
    );
    assert.equal(html(ErrorSummary({ errors: [] })), '');
    assert.equal(html(ErrorSummary({ errors: { a: undefined } })), '');
  });
});

describe('Pagination', () => {
  const hrefFor = pageHrefFor('/bo/signalements?statut=ACTIVE&q=rue%20de%20la%20Paix&page=3');

  it('pageHrefFor keeps the other query parameters', () => {
    assert.equal(hrefFor(4), '/bo/signalements?statut=ACTIVE&q=rue+de+la+Paix&page=4');
    assert.equal(hrefFor(1), '/bo/signalements?statut=ACTIVE&q=rue+de+la+Paix');
    assert.equal(pageHrefFor('/liste')(2), '/liste?page=2');
    assert.equal(pageHrefFor('/liste?p=9&x=1', 'p')(3), '/liste?p=3&x=1');
  });

  it('marks the current page, keeps filters in every link, shows total and position', () => {
    const out = html(
      Pagination({ page: 3, pageCount: 10, total: 245, hrefFor, itemLabel: ['signalement', 'signalements'] }),
    );
    assert.match(out, /<a class="fr-pagination__link" aria-current="page" title="Page 3">3<\/a>/);
    assert.equal((out.match(/aria-current="page"/g) ?? []).length, 1);
    assert.ok(!/aria-current="page"[^>]*href=/.test(out), 'current page is not a link');
    const hrefs = [...out.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) assert.match(href ?? '', /statut=ACTIVE&q=rue\+de\+la\+Paix/);
    assert.ok(hrefs.includes('/bo/signalements?statut=ACTIVE&q=rue+de+la+Paix&page=4'), 'next page');
    assert.ok(hrefs.includes('/bo/signalements?statut=ACTIVE&q=rue+de+la+Paix'), 'first page');
    assert.match(out, /245 signalements · Page 3 sur 10/);
    assert.match(out, /<nav role="navigation" class="fr-pagination" aria-label="Pagination">/);
  });

  it('disables first/previous on page 1 and next/last on the last page', () => {
    const first = html(Pagination({ page: 1, pageCount: 3, hrefFor }));
    assert.match(first, /fr-pagination__link--first" aria-disabled="true" role="link">/);
    assert.match(
      first,
      /fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true" role="link">/,
    );
    const last = html(Pagination({ page: 3, pageCount: 3, hrefFor }));
    assert.match(
      last,
      /fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">/,
    );
    assert.match(last, /fr-pagination__link--last" aria-disabled="true" role="link">/);
  });

  it('computes a compact window of pages', () => {
    assert.deepEqual(pageWindow(1, 1), [1]);
    assert.deepEqual(pageWindow(5, 10), [1, null, 4, 5, 6, null, 10]);
    assert.deepEqual(pageWindow(3, 10), [1, 2, 3, 4, null, 10]);
    assert.deepEqual(pageWindow(1, 4), [1, 2, 3, 4]);
  });

  it('renders only the summary for a single page', () => {
    const out = html(Pagination({ page: 1, pageCount: 1, total: 3, hrefFor }));
    assert.ok(!out.includes('fr-pagination__list'));
    assert.match(out, /3 résultats · Page 1 sur 1/);
  });
});

describe('other components', () => {
  it('Form posts with the CSRF token and novalidate', () => {
    const out = html(Form({ csrfToken: 'tok', action: '/x', multipart: true, children: '<p>c</p>' }));
    // Multipart bodies are read after the CSRF check: the token also rides in the action URL.
    assert.match(
      out,
      /^<form method="post" action="\/x\?_csrf=tok" enctype="multipart\/form-data" novalidate>/,
    );
    assert.match(out, /<input type="hidden" name="_csrf" value="tok"\/>/);
  });

  it('Table has a caption, column headers with scope, row headers and the responsive wrapper', () => {
    const out = html(
      Table({
        caption: 'Signalements',
        headers: ['Référence', 'Adresse'],
        rows: [['2024-1', '1 rue A']],
        rowHeader: true,
      }),
    );
    assert.match(
      out,
      /<div class="fr-table"><div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content"><table><caption>Signalements<\/caption>/,
    );
    assert.match(out, /<th scope="col">Référence<\/th>/);
    assert.match(out, /<th scope="row">2024-1<\/th><td>1 rue A<\/td>/);
  });

  it('Tabs are links with aria-current on the selected one', () => {
    const out = html(
      Tabs({
        label: 'Sections du dossier',
        selectedId: 'documents',
        tabs: [
          { id: 'suivis', label: 'Suivis', href: '?tab=suivis', count: 2 },
          { id: 'documents', label: 'Documents', href: '?tab=documents' },
        ],
        children: '<p>panneau</p>',
      }),
    );
    assert.match(out, /<nav class="hl-tabs__nav" aria-label="Sections du dossier">/);
    assert.match(out, /href="\?tab=suivis"><span>Suivis<\/span><span class="hl-tabs__count"> \(2\)<\/span>/);
    assert.match(out, /href="#tabs-panel" aria-current="page"><span>Documents<\/span>/);
    assert.ok(!out.includes('role="tab'), 'no ARIA tab widget roles on links');
  });

  it('Stepper states the step in words', () => {
    const out = html(
      Stepper({ currentStep: 2, stepCount: 5, title: 'Le logement', nextTitle: 'Les désordres' }),
    );
    assert.match(out, /<span class="fr-stepper__state">Étape 2 sur 5<\/span>/);
    assert.match(out, /data-fr-current-step="2" data-fr-steps="5"/);
    assert.match(out, /Étape suivante :<\/span> Les désordres/);
    assert.ok(
      !html(Stepper({ currentStep: 5, stepCount: 5, title: 'Fin', nextTitle: 'x' })).includes(
        'Étape suivante',
      ),
    );
  });

  it('status badges carry a text label, not only a colour', () => {
    const out = html(statusBadge('NEED_VALIDATION'));
    assert.match(
      out,
      /<p class="fr-badge fr-badge--new"><span class="fr-sr-only">Statut : <\/span>Nouveau<\/p>/,
    );
    assert.match(
      html(statusBadge('ACTIVE', { as: 'span', small: true })),
      /<span class="fr-badge fr-badge--info fr-badge--sm">/,
    );
    assert.match(html(statusBadge('UNKNOWN_VALUE')), />UNKNOWN_VALUE<\/p>$/);
  });

  it('Button renders a submit button by default, a link with href', () => {
    assert.equal(html(Button({ label: 'Envoyer' })), '<button class="fr-btn" type="submit">Envoyer</button>');
    assert.equal(
      html(Button({ label: 'Retour', href: '/bo', priority: 'secondary', icon: 'fr-icon-arrow-left-line' })),
      '<a class="fr-btn fr-btn--secondary fr-icon-arrow-left-line fr-btn--icon-left" href="/bo">Retour</a>',
    );
  });
});
