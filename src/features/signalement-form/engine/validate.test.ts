import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filled, is, not } from '../definition/predicates.ts';
import type { Field, Screen } from '../definition/types.ts';
import {
  applyDerive,
  isValidEmail,
  normalizeDate,
  normalizeMonthYear,
  normalizeNumber,
  readScreenInput,
  sanitizeText,
  todayInParis,
  toE164,
  validateScreen,
} from './validate.ts';

const TODAY = '2026-11-28';
const opts = { today: TODAY };

function screen(fields: Field[], extra: Partial<Screen> = {}): Screen {
  return { slug: 'test', section: 'adresse', title: 'Test', fields, ...extra };
}

/** Reads then validates one screen, as the routes do. */
function submit(s: Screen, body: Record<string, unknown>, current = {}) {
  const data = readScreenInput(s, body, current);
  return { data, errors: validateScreen(s, data, opts) };
}

const OUI_NON = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];

describe('readScreenInput', () => {
  it('trims, drops empty values and keeps the answers of other screens', () => {
    const s = screen([
      { kind: 'text', name: 'nom', label: 'Nom' },
      { kind: 'text', name: 'prenom', label: 'Prénom', required: false },
    ]);
    const data = readScreenInput(
      s,
      { nom: '  Dupont ', prenom: '   ', autre: 'x' },
      { ville: 'Lyon', prenom: 'Old' },
    );
    assert.deepEqual(data, { ville: 'Lyon', nom: 'Dupont' });
  });

  it('reads checkbox groups as lists and single checkboxes as "1"', () => {
    const s = screen([
      { kind: 'checkboxes', name: 'pieces', label: 'Pièces', options: OUI_NON },
      { kind: 'checkbox', name: 'accord', label: 'Accord' },
      { kind: 'checkbox', name: 'autre', label: 'Autre', required: false },
    ]);
    assert.deepEqual(readScreenInput(s, { pieces: 'oui', accord: 'on' }, { autre: '1' }), {
      pieces: ['oui'],
      accord: '1',
    });
    assert.deepEqual(readScreenInput(s, { pieces: ['oui', 'non', 'oui', ''] }, {}).pieces, ['oui', 'non']);
    assert.equal(readScreenInput(s, {}, { pieces: ['oui'] }).pieces, undefined);
  });

  it('normalises numbers, dates, month-years and phones but keeps invalid values as typed', () => {
    const s = screen([
      { kind: 'number', name: 'surface', label: 'Surface', decimal: true },
      { kind: 'date', name: 'entree', label: 'Date' },
      { kind: 'month-year', name: 'mois', label: 'Mois' },
      { kind: 'phone', name: 'tel', label: 'Téléphone' },
      { kind: 'phone', name: 'tel2', label: 'Autre téléphone', required: false },
    ]);
    const data = readScreenInput(
      s,
      { surface: '1 045,5', entree: '5/3/2024', mois: '3/2024', tel: '06 12 34 56 78', tel2: '12 ab' },
      {},
    );
    assert.deepEqual(data, {
      surface: '1045.5',
      entree: '2024-03-05',
      mois: '03/2024',
      tel: '+33612345678',
      tel2: '12 ab',
    });
    assert.equal(readScreenInput(s, { surface: 'environ 40' }, {}).surface, 'environ 40');
  });

  it('removes the fields hidden by their condition (and by their group’s), with their sub-fields', () => {
    const s = screen([
      { kind: 'radio', name: 'bail', label: 'Bail ?', options: OUI_NON },
      { kind: 'text', name: 'precision', label: 'Précisez', showIf: is('bail', 'oui') },
      {
        kind: 'group',
        name: 'g',
        legend: 'Groupe',
        showIf: is('bail', 'oui'),
        fields: [
          { kind: 'address', name: 'adr', label: 'Adresse' },
          { kind: 'text', name: 'dep', label: 'Dépend', showIf: filled('precision') },
        ],
      },
    ]);
    const full = readScreenInput(
      s,
      {
        bail: 'oui',
        precision: 'x',
        adr_detail_numero: '3 rue Haute',
        adr_detail_code_postal: '13002',
        adr_detail_commune: 'Marseille',
        adr_detail_manual: '1',
        dep: 'y',
      },
      {},
    );
    assert.equal(full.adr, '3 rue Haute 13002 Marseille');
    assert.equal(full.dep, 'y');
    const switched = readScreenInput(
      s,
      { bail: 'non', precision: 'x', adr_detail_numero: '3 rue Haute', dep: 'y' },
      full,
    );
    assert.deepEqual(switched, { bail: 'non' });
  });

  it('keeps uploads (managed by the routes) and clears an emptied address', () => {
    const s = screen([
      { kind: 'upload', name: 'photos', label: 'Photos', accept: 'photos', required: false },
      { kind: 'address', name: 'adr', label: 'Adresse', required: false },
    ]);
    const current = { photos: ['u1'], adr: 'x', adr_detail_numero: '1 rue A', adr_detail_insee: '13202' };
    assert.deepEqual(
      readScreenInput(s, { photos: 'ignored', adr_detail_numero: '', adr_detail_insee: '13202' }, current),
      { photos: ['u1'] },
    );
  });
});

describe('validateScreen', () => {
  it('requires fields by default, with a message naming the question', () => {
    const s = screen([
      { kind: 'text', name: 'nom', label: 'Votre nom' },
      { kind: 'radio', name: 'bail', label: 'Avez-vous un bail ?', options: OUI_NON },
      { kind: 'text', name: 'facultatif', label: 'Facultatif', required: false },
      { kind: 'checkbox', name: 'accord', label: 'J’accepte', requiredMessage: 'Acceptez pour continuer.' },
    ]);
    const { errors } = submit(s, {});
    assert.deepEqual(Object.keys(errors), ['nom', 'bail', 'accord']);
    assert.match(errors.nom!, /Votre nom/);
    assert.match(errors.bail!, /Choisissez une réponse : « Avez-vous un bail »/);
    assert.equal(errors.accord, 'Acceptez pour continuer.');
  });

  it('applies conditional requirement and never requires hidden fields', () => {
    const s = screen([
      { kind: 'radio', name: 'bail', label: 'Bail ?', options: OUI_NON },
      { kind: 'text', name: 'date_bail', label: 'Date', required: is('bail', 'oui') },
      { kind: 'text', name: 'pourquoi', label: 'Pourquoi', showIf: is('bail', 'non') },
      {
        kind: 'group',
        name: 'g',
        legend: 'G',
        showIf: is('bail', 'oui'),
        fields: [{ kind: 'text', name: 'detail', label: 'Détail' }],
      },
    ]);
    assert.deepEqual(Object.keys(submit(s, { bail: 'oui' }).errors), ['date_bail', 'detail']);
    assert.deepEqual(Object.keys(submit(s, { bail: 'non' }).errors), ['pourquoi']);
  });

  it('checks e-mail addresses strictly', () => {
    const s = screen([{ kind: 'email', name: 'mail', label: 'E-mail' }]);
    for (const good of ['nom@exemple.fr', 'jean.dupont+logement@mairie-13.gouv.fr'])
      assert.deepEqual(submit(s, { mail: good }).errors, {}, good);
    for (const bad of [
      'nom@exemple',
      'nom@@exemple.fr',
      'nom exemple@x.fr',
      '.nom@x.fr',
      'a..b@x.fr',
      'nom@x.f',
    ]) {
      const { errors, data } = submit(s, { mail: bad });
      assert.match(errors.mail!, /adresse e-mail valide, par exemple nom@exemple\.fr/, bad);
      assert.equal(data.mail, bad.trim(), 'kept as typed');
    }
    assert.equal(isValidEmail(`${'a'.repeat(65)}@x.fr`), false);
  });

  it('checks French and overseas phone numbers and stores them in E.164', () => {
    const s = screen([{ kind: 'phone', name: 'tel', label: 'Téléphone' }]);
    const cases: [string, string][] = [
      ['06 12 34 56 78', '+33612345678'],
      ['01.23.45.67.89', '+33123456789'],
      ['+33 6 12 34 56 78', '+33612345678'],
      ['0033612345678', '+33612345678'],
      ['0696 12 34 56', '+596696123456'],
      ['0262 12 34 56', '+262262123456'],
      ['0692 12 34 56', '+262692123456'],
      ['0590 12 34 56', '+590590123456'],
      ['0269 61 23 45', '+262269612345'],
      ['+596 696 12 34 56', '+596696123456'],
      ['+32 470 12 34 56', '+32470123456'],
    ];
    for (const [typed, e164] of cases) {
      const { data, errors } = submit(s, { tel: typed });
      assert.equal(data.tel, e164, typed);
      assert.deepEqual(errors, {}, typed);
    }
    for (const bad of ['12345', '06 12 34', 'abc', '+33 6 12', '0612345678901']) {
      const { data, errors } = submit(s, { tel: bad });
      assert.match(errors.tel!, /numéro de téléphone valide/, bad);
      assert.equal(data.tel, bad);
    }
    assert.equal(toE164('06-12-34-56-78'), '+33612345678');
  });

  it('checks numbers: format, integer, bounds', () => {
    const s = screen([
      { kind: 'number', name: 'surface', label: 'Surface', decimal: true, min: 1, max: 9999, unit: 'm²' },
      { kind: 'number', name: 'pieces', label: 'Pièces', min: 1, max: 50, required: false },
    ]);
    assert.deepEqual(submit(s, { surface: '45,5', pieces: '3' }).errors, {});
    assert.match(submit(s, { surface: 'quarante' }).errors.surface!, /en chiffres, par exemple 45,5/);
    assert.match(submit(s, { surface: '0' }).errors.surface!, /entre 1 et 9999 m²/);
    assert.match(submit(s, { surface: '10000' }).errors.surface!, /entre 1 et 9999/);
    assert.match(submit(s, { surface: '40', pieces: '2,5' }).errors.pieces!, /nombre entier/);
    assert.match(submit(s, { surface: '40', pieces: '-1' }).errors.pieces!, /entre 1 et 50/);
    const onlyMin = screen([{ kind: 'number', name: 'n', label: 'N', min: 0 }]);
    assert.match(submit(onlyMin, { n: '-3' }).errors.n!, /supérieur ou égal à 0/);
  });

  it('checks dates: real day, bounds, "today"', () => {
    const s = screen([{ kind: 'date', name: 'd', label: 'Date', max: 'today', min: '2000-01-01' }]);
    assert.deepEqual(submit(s, { d: '2026-11-28' }).errors, {});
    assert.deepEqual(submit(s, { d: '28/11/2026' }).errors, {});
    assert.match(submit(s, { d: '2026-11-29' }).errors.d!, /pas une date à venir/);
    assert.match(submit(s, { d: '1999-12-31' }).errors.d!, /à partir du 01\/01\/2000/);
    assert.match(submit(s, { d: '2025-02-30' }).errors.d!, /JJ\/MM\/AAAA/);
    assert.match(submit(s, { d: 'hier' }).errors.d!, /date valide/);
    const future = screen([{ kind: 'date', name: 'd', label: 'Date', min: 'today', max: '2030-01-01' }]);
    assert.match(submit(future, { d: '2026-11-27' }).errors.d!, /aujourd’hui ou une date à venir/);
    assert.match(submit(future, { d: '2030-01-02' }).errors.d!, /jusqu’au 01\/01\/2030/);
  });

  it('checks month-years: MM/AAAA, not in the future', () => {
    const s = screen([{ kind: 'month-year', name: 'm', label: 'Mois', notInFuture: true }]);
    assert.deepEqual(submit(s, { m: '11/2026' }).errors, {});
    assert.deepEqual(submit(s, { m: '2024-03' }).errors, {});
    assert.match(submit(s, { m: '12/2026' }).errors.m!, /pas un mois à venir/);
    assert.match(submit(s, { m: '13/2024' }).errors.m!, /MM\/AAAA/);
    assert.match(submit(s, { m: 'mars 2024' }).errors.m!, /MM\/AAAA/);
    assert.equal(submit(s, { m: 'mars 2024' }).data.m, 'mars 2024');
  });

  it('checks choices against the options', () => {
    const s = screen([
      { kind: 'radio', name: 'r', label: 'R', options: OUI_NON },
      { kind: 'select', name: 's', label: 'S', options: OUI_NON },
      { kind: 'checkboxes', name: 'c', label: 'C', options: OUI_NON },
      { kind: 'checkboxes', name: 'consent', label: 'Consentements', options: OUI_NON, allRequired: true },
    ]);
    assert.deepEqual(submit(s, { r: 'oui', s: 'non', c: ['oui'], consent: ['oui', 'non'] }).errors, {});
    const { errors } = submit(s, { r: 'peut-être', s: 'x', c: ['z'], consent: 'oui' });
    assert.match(errors.r!, /réponses proposées/);
    assert.match(errors.s!, /réponses proposées/);
    assert.match(errors.c!, /cases proposées/);
    assert.match(errors.consent!, /Cochez toutes les cases/);
    assert.match(submit(s, { r: 'oui', s: 'non', c: 'oui' }).errors.consent!, /Cochez toutes les cases/);
  });

  it('checks text lengths and patterns', () => {
    const s = screen([
      { kind: 'text', name: 't', label: 'T', maxLength: 5, minLength: 2 },
      {
        kind: 'text',
        name: 'p',
        label: 'P',
        required: false,
        pattern: { regex: /^\d{14}$/, message: 'SIRET : 14 chiffres.' },
      },
      { kind: 'text', name: 'long', label: 'Long', required: false },
      { kind: 'textarea', name: 'desc', label: 'Desc', maxLength: 10, required: false },
    ]);
    assert.deepEqual(submit(s, { t: 'abc', p: '12345678901234' }).errors, {});
    assert.match(submit(s, { t: 'abcdef' }).errors.t!, /5 caractères au maximum \(vous en avez saisi 6\)/);
    assert.match(submit(s, { t: 'a' }).errors.t!, /au moins 2 caractères/);
    assert.equal(submit(s, { t: 'abc', p: '123' }).errors.p, 'SIRET : 14 chiffres.');
    assert.match(submit(s, { t: 'abc', long: 'x'.repeat(256) }).errors.long!, /255 caractères/);
    const { data, errors } = submit(s, { t: 'abc', desc: ' ligne 1\r\nligne 2 ' });
    assert.equal(data.desc, 'ligne 1\nligne 2');
    assert.match(errors.desc!, /10 caractères au maximum/);
  });

  it('checks addresses part by part', () => {
    const s = screen([{ kind: 'address', name: 'adr', label: 'Adresse du logement' }]);
    const ok = {
      adr_detail_numero: '33 rue des Phocéens',
      adr_detail_code_postal: '13002',
      adr_detail_commune: 'Marseille',
    };
    assert.deepEqual(submit(s, ok).errors, {});
    assert.equal(submit(s, ok).data.adr, '33 rue des Phocéens 13002 Marseille');
    assert.deepEqual(Object.keys(submit(s, {}).errors), ['adr_detail_numero']);
    const bad = submit(s, {
      adr_detail_numero: '33',
      adr_detail_code_postal: '1300',
      adr_detail_commune: 'M'.repeat(96),
    });
    assert.match(bad.errors.adr_detail_numero!, /entre 6 et 100 caractères/);
    assert.match(bad.errors.adr_detail_code_postal!, /5 chiffres/);
    assert.match(bad.errors.adr_detail_commune!, /95 caractères/);
    assert.match(
      submit(s, { ...ok, adr_detail_numero: '12 345 6' }).errors.adr_detail_numero!,
      /pas seulement le numéro/,
    );
    assert.match(submit(s, { adr_detail_numero: '3 rue Haute' }).errors.adr_detail_commune!, /commune/);
  });

  it('checks uploads: required and maxFiles', () => {
    const s = screen([{ kind: 'upload', name: 'photos', label: 'Photos', accept: 'photos', maxFiles: 2 }]);
    assert.match(validateScreen(s, {}, opts).photos!, /au moins un fichier/);
    assert.deepEqual(validateScreen(s, { photos: ['a', 'b'] }, opts), {});
    assert.match(validateScreen(s, { photos: ['a', 'b', 'c'] }, opts).photos!, /supprimez-en 1/);
  });

  it('runs the field checks, then the screen rule, one message per field', () => {
    const s = screen(
      [
        {
          kind: 'number',
          name: 'adultes',
          label: 'Adultes',
          checks: [(v) => (v === '0' ? 'Au moins un adulte.' : undefined)],
        },
        { kind: 'number', name: 'enfants', label: 'Enfants', required: false },
      ],
      {
        validate: (d): Record<string, string> =>
          d.adultes === '7' ? { adultes: 'Jamais vu.', enfants: 'Trop de monde.' } : {},
      },
    );
    assert.deepEqual(submit(s, { adultes: '0' }).errors, { adultes: 'Au moins un adulte.' });
    assert.deepEqual(submit(s, { adultes: '7' }).errors, {
      adultes: 'Jamais vu.',
      enfants: 'Trop de monde.',
    });
    assert.deepEqual(
      submit(s, { adultes: 'x' }).errors.adultes,
      'Indiquez un nombre entier, en chiffres, par exemple 3.',
    );
  });

  it('never throws on odd bodies', () => {
    const s = screen([
      { kind: 'text', name: 't', label: 'T' },
      { kind: 'checkboxes', name: 'c', label: 'C', options: OUI_NON },
      { kind: 'address', name: 'a', label: 'A' },
    ]);
    const data = readScreenInput(s, { t: ['x', 'y'], c: [{}, 3, 'oui'], a_detail_numero: { x: 1 } }, {});
    assert.equal(data.t, 'x');
    assert.deepEqual(data.c, ['oui']);
    assert.ok(validateScreen(s, data, opts));
  });

  it('strips what the database cannot store (NUL, control characters, lone surrogates)', () => {
    const s = screen([
      { kind: 'text', name: 't', label: 'T' },
      { kind: 'textarea', name: 'd', label: 'D' },
    ]);
    const data = readScreenInput(s, { t: 'a\u0000b\u0007\ud800c', d: 'l1\u0000\r\n\tl2' }, {});
    assert.equal(data.t, 'ab\ufffdc');
    assert.equal(data.d, 'l1\n\tl2');
    assert.equal(sanitizeText('😀 été'), '😀 été');
  });
});

describe('applyDerive and helpers', () => {
  it('merges derived answers, undefined removing a key', () => {
    const s = screen([], {
      derive: (d) => ({ profil: d.qui === 'moi' ? 'locataire' : undefined, old: undefined }),
    });
    assert.deepEqual(applyDerive(s, { qui: 'moi', old: 'x' }), { qui: 'moi', profil: 'locataire' });
    assert.deepEqual(applyDerive(s, { qui: 'lui', profil: 'locataire' }), { qui: 'lui' });
    const none = screen([]);
    const data = { a: '1' };
    assert.equal(applyDerive(none, data), data);
  });

  it('normalisers keep what they do not understand', () => {
    assert.equal(normalizeNumber('12'), '12');
    assert.equal(normalizeNumber('+3'), '3');
    assert.equal(normalizeNumber('1.2.3'), '1.2.3');
    assert.equal(normalizeDate('2024-03-05'), '2024-03-05');
    assert.equal(normalizeDate('05.03.2024'), '2024-03-05');
    assert.equal(normalizeMonthYear('03 / 2024'), '03/2024');
    assert.equal(normalizeMonthYear('2024'), '2024');
    assert.equal(todayInParis(new Date('2026-12-31T23:30:00Z')), '2027-01-01');
    assert.deepEqual(not(is('a', 'b')), { not: { field: 'a', in: ['b'] } });
  });
});
