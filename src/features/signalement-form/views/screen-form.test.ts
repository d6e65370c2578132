import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toHtml } from '../../../ui/dsfr/util.ts';
import { all, filled, is } from '../definition/predicates.ts';
import type { Screen } from '../definition/types.ts';
import { FORM_CONDITIONS_SCRIPT, formErrorList, liveConditions, ScreenFields } from './screen-form.tsx';

const OUI_NON = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];

const SCREEN: Screen = {
  slug: 'logement',
  section: 'logement',
  title: 'Le logement',
  fields: [
    { kind: 'info', name: 'aide', title: 'Bon à savoir', text: ['Les <champs> marqués sont obligatoires.'] },
    { kind: 'radio', name: 'bail', label: 'Avez-vous un bail ?', options: OUI_NON, inline: true },
    { kind: 'date', name: 'date_bail', label: 'Date du bail', showIf: is('bail', 'oui'), max: 'today' },
    { kind: 'text', name: 'pro_only', label: 'Numéro SIRET', showIf: is('profil', 'tiers_pro') },
    {
      kind: 'text',
      name: 'mixed',
      label: 'Mixte',
      showIf: all(is('profil', 'locataire'), filled('surface')),
    },
    { kind: 'number', name: 'surface', label: 'Superficie', unit: 'm²', decimal: true },
    { kind: 'email', name: 'mail', label: 'E-mail' },
    { kind: 'phone', name: 'tel', label: 'Téléphone', required: false },
    { kind: 'checkboxes', name: 'pieces', label: 'Pièces', options: OUI_NON, required: false },
    { kind: 'checkbox', name: 'accord', label: 'J’accepte' },
    { kind: 'select', name: 'chauffage', label: 'Chauffage', options: OUI_NON },
    { kind: 'textarea', name: 'desc', label: 'Description', required: false },
    {
      kind: 'group',
      name: 'detail_bail',
      legend: 'Le bail',
      showIf: is('bail', 'oui'),
      fields: [{ kind: 'month-year', name: 'mois', label: 'Depuis quand ?' }],
    },
    { kind: 'address', name: 'adr', label: 'Adresse' },
    { kind: 'upload', name: 'photos', label: 'Photos', accept: 'photos', required: false },
  ],
};

function render(data: Record<string, string | string[]>, errors: Record<string, string> = {}, extra = {}) {
  return toHtml(ScreenFields({ screen: SCREEN, data, errors, today: '2026-11-28', ...extra }));
}

describe('ScreenFields', () => {
  it('renders every kind with its value', () => {
    const html = render({
      profil: 'locataire',
      bail: 'oui',
      date_bail: '2020-03-05',
      surface: '45.5',
      mail: 'a&b@x.fr',
      tel: '+33612345678',
      pieces: ['non'],
      accord: '1',
      chauffage: 'non',
      desc: 'Fuite <eau>',
      mois: '03/2024',
      adr_detail_numero: '1 rue A',
    });
    assert.match(html, /<input type="radio" id="bail" name="bail" value="oui" checked/);
    assert.match(html, /type="date" value="2020-03-05"[^>]*max="2026-11-28"/);
    assert.match(html, /value="45,5"/);
    assert.match(html, /value="a&amp;b@x.fr"/);
    assert.match(html, /type="tel" value="06 12 34 56 78"/);
    assert.match(html, /id="pieces-2" name="pieces" value="non" checked/);
    assert.match(html, /id="accord" name="accord" value="1" checked/);
    assert.match(html, /<option value="non" selected/);
    assert.match(html, /Fuite &lt;eau><\/textarea>/);
    assert.match(html, /value="03\/2024"/);
    assert.match(html, /value="1 rue A"/);
    assert.match(html, /Les &lt;champs> marqués/);
    assert.match(html, /fr-alert--info/);
    assert.match(html, /<fieldset[^>]*id="detail_bail-fieldset"/);
  });

  it('keeps invalid values as typed, in the error state', () => {
    const html = render(
      { date_bail: '31/02/2020', bail: 'oui', surface: 'environ 40', tel: '12 ab' },
      { date_bail: 'Date invalide.', surface: 'Nombre attendu.', bail: 'Choisissez.', accord: 'Cochez.' },
    );
    assert.match(html, /type="text" value="31\/02\/2020"/, 'a non-ISO date is shown back in a text input');
    assert.match(html, /value="environ 40"/);
    assert.match(html, /type="tel" value="12 ab"/);
    assert.match(html, /fr-input-group fr-input-group--error[^"]*" id="surface-group"/);
    assert.match(html, /fr-fieldset fr-fieldset--error" id="bail-fieldset"/);
    assert.match(html, /fr-checkbox-group fr-checkbox-group--error" id="accord-group"/);
    assert.match(html, /id="surface-error"[^>]*>Nombre attendu\.</);
    assert.match(html, /aria-invalid="true"/);
  });

  it('decides conditions on other screens on the server, leaves same-screen ones to the island', () => {
    const locataire = render({ profil: 'locataire' });
    assert.doesNotMatch(locataire, /pro_only/, 'other-screen condition false: not rendered');
    assert.match(
      locataire,
      /data-show-if="\{&#34;field&#34;:&#34;bail&#34;,&#34;in&#34;:\[&#34;oui&#34;\]\}" data-show-if-for="date_bail"/,
    );
    // Mixed condition: the other-screen part is settled, the same-screen part stays live.
    assert.match(locataire, /data-show-if="\{&#34;filled&#34;:&#34;surface&#34;\}" data-show-if-for="mixed"/);
    assert.match(locataire, /data-show-if-for="detail_bail"/);
    const pro = render({ profil: 'tiers_pro' });
    assert.match(pro, /id="pro_only"/);
    assert.doesNotMatch(pro, /data-show-if-for="pro_only"/, 'known true: rendered without wrapper');
    assert.doesNotMatch(pro, /id="mixed"/);
    // Rendered without `hidden`: without JavaScript the person sees and may answer it.
    assert.doesNotMatch(locataire, /class="hl-conditional"[^>]*hidden/);
    assert.deepEqual(Object.keys(liveConditions(SCREEN, { profil: 'locataire' })), [
      'date_bail',
      'mixed',
      'detail_bail',
    ]);
  });

  it('lists the files already sent with a delete button each', () => {
    const html = render(
      {},
      { photos: 'Ce fichier est trop gros.' },
      {
        uploads: {
          photos: [
            { uuid: 'u-1', filename: 'salon <1>.jpg', thumbUrl: '/t/u-1' },
            { uuid: 'u-2', filename: 'b.png' },
          ],
        },
        deleteFileAction: (uuid: string) => `/form/x?delete=${uuid}`,
      },
    );
    assert.match(html, /2 fichiers déjà ajoutés/);
    assert.match(html, /salon &lt;1>\.jpg/);
    assert.match(html, /<img class="hl-upload-list__thumb" src="\/t\/u-1" alt=""/);
    assert.match(html, /name="_delete_file" value="u-1" formaction="\/form\/x\?delete=u-1" formnovalidate/);
    assert.match(
      html,
      /<input class="fr-upload" type="file" id="photos" name="photos" accept="image\/[^"]*" multiple/,
    );
    assert.match(html, /fr-upload-group--error/);
    const flat = render(
      {},
      {},
      { uploads: [{ uuid: 'u-9', filename: 'x.jpg', field: 'photos' }], deleteFileAction: '/post' },
    );
    assert.match(flat, /Fichier déjà ajouté/);
    assert.match(flat, /value="u-9" formaction="\/post"/);
  });

  it('exposes the island script URL', () => {
    assert.equal(FORM_CONDITIONS_SCRIPT, '/static/js/form-conditions.js');
  });
});

describe('formErrorList', () => {
  it('orders errors like the fields and links to the control to fix', () => {
    const list = formErrorList(SCREEN, {
      photos: 'P',
      extra: 'E',
      adr_detail_code_postal: 'CP',
      bail: 'B',
      mail: 'M',
      pieces: 'C',
    });
    assert.deepEqual(list, [
      { fieldId: 'bail', message: 'B' },
      { fieldId: 'mail', message: 'M' },
      { fieldId: 'pieces', message: 'C' },
      { fieldId: 'adr_detail_code_postal', message: 'CP' },
      { fieldId: 'photos', message: 'P' },
      { fieldId: 'extra', message: 'E' },
    ]);
  });
});
