import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is } from '../definition/predicates.ts';
import type { Screen } from '../definition/types.ts';
import {
  displayValue,
  firstIncompleteSlug,
  journey,
  journeyAnswers,
  nextSlug,
  previousSlug,
  sectionsSummary,
  stepper,
} from './navigation.ts';

const OUI_NON = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];

const SCREENS: Screen[] = [
  {
    slug: 'qui',
    section: 'adresse',
    title: 'Qui êtes-vous ?',
    fields: [
      {
        kind: 'radio',
        name: 'qui',
        label: 'Vous êtes',
        options: [
          { value: 'locataire', label: 'Locataire' },
          { value: 'tiers', label: 'Un proche' },
        ],
      },
    ],
  },
  {
    slug: 'tiers',
    section: 'adresse',
    title: 'Vos coordonnées de proche',
    showIf: is('qui', 'tiers'),
    fields: [{ kind: 'text', name: 'lien', label: 'Lien avec l’occupant' }],
  },
  {
    slug: 'logement',
    section: 'logement',
    title: 'Le logement',
    fields: [
      { kind: 'number', name: 'surface', label: 'Superficie', unit: 'm²', decimal: true },
      {
        kind: 'checkboxes',
        name: 'pieces',
        label: 'Pièces',
        required: false,
        options: [
          { value: 'cuisine', label: 'Une cuisine' },
          { value: 'sdb', label: 'Une salle de bain' },
        ],
      },
      { kind: 'radio', name: 'bail', label: 'Bail ?', options: OUI_NON },
      { kind: 'date', name: 'date_bail', label: 'Date du bail', showIf: is('bail', 'oui'), required: false },
      { kind: 'phone', name: 'tel', label: 'Téléphone', required: false },
    ],
  },
  {
    slug: 'info',
    section: 'foyer',
    title: 'Information',
    fields: [{ kind: 'info', name: 'i', text: ['Bon à savoir.'] }],
  },
  {
    slug: 'photos',
    section: 'desordres',
    title: 'Photos',
    showIf: is('qui', 'locataire'),
    fields: [
      { kind: 'upload', name: 'photos', label: 'Vos photos', accept: 'photos', required: false },
      { kind: 'checkbox', name: 'urgent', label: 'C’est urgent', required: false },
      { kind: 'address', name: 'adr', label: 'Adresse', required: false },
    ],
  },
  { slug: 'recap', section: 'recapitulatif', title: 'Récapitulatif', fields: [] },
];

const opts = { today: '2026-11-28' };

describe('journey and next/previous', () => {
  it('skips the screens whose condition does not hold', () => {
    assert.deepEqual(
      journey(SCREENS, { qui: 'locataire' }).map((s) => s.slug),
      ['qui', 'logement', 'info', 'photos', 'recap'],
    );
    assert.deepEqual(
      journey(SCREENS, { qui: 'tiers' }).map((s) => s.slug),
      ['qui', 'tiers', 'logement', 'info', 'recap'],
    );
  });

  it('moves to the next and previous screen of the branch', () => {
    assert.equal(nextSlug(SCREENS, { qui: 'locataire' }, 'qui'), 'logement');
    assert.equal(nextSlug(SCREENS, { qui: 'tiers' }, 'qui'), 'tiers');
    assert.equal(nextSlug(SCREENS, { qui: 'tiers' }, 'info'), 'recap');
    assert.equal(nextSlug(SCREENS, {}, 'recap'), undefined);
    assert.equal(nextSlug(SCREENS, {}, 'nope'), undefined);
    assert.equal(previousSlug(SCREENS, { qui: 'locataire' }, 'logement'), 'qui');
    assert.equal(previousSlug(SCREENS, { qui: 'tiers' }, 'logement'), 'tiers');
    assert.equal(previousSlug(SCREENS, { qui: 'tiers' }, 'recap'), 'info');
    assert.equal(previousSlug(SCREENS, {}, 'qui'), undefined);
    // From a screen that left the journey (answers changed), neighbours are still found.
    assert.equal(nextSlug(SCREENS, { qui: 'locataire' }, 'tiers'), 'logement');
  });
});

describe('stepper', () => {
  it('shows the section of the screen among the six', () => {
    assert.deepEqual(stepper(SCREENS, {}, 'logement'), {
      currentStep: 2,
      stepCount: 6,
      title: 'Type et composition du logement',
      nextTitle: 'Situation du foyer',
    });
    assert.deepEqual(stepper(SCREENS, {}, 'recap'), { currentStep: 6, stepCount: 6, title: 'Récapitulatif' });
    assert.equal(stepper(SCREENS, {}, 'unknown').currentStep, 1);
  });
});

describe('firstIncompleteSlug', () => {
  it('finds the first journey screen with errors', () => {
    assert.equal(firstIncompleteSlug(SCREENS, {}, opts), 'qui');
    assert.equal(firstIncompleteSlug(SCREENS, { qui: 'tiers' }, opts), 'tiers');
    assert.equal(firstIncompleteSlug(SCREENS, { qui: 'locataire' }, opts), 'logement');
    assert.equal(
      firstIncompleteSlug(SCREENS, { qui: 'locataire', surface: 'beaucoup', bail: 'non' }, opts),
      'logement',
    );
    assert.equal(
      firstIncompleteSlug(SCREENS, { qui: 'locataire', surface: '40', bail: 'non' }, opts),
      undefined,
    );
  });
});

describe('journeyAnswers', () => {
  it('drops the answers of screens and fields that no longer apply, keeps derived keys', () => {
    const data = {
      qui: 'locataire',
      lien: 'frère',
      bail: 'non',
      date_bail: '2020-01-01',
      surface: '40',
      profil: 'locataire',
      adr: '1 rue A 13001 Marseille',
      adr_detail_insee: '13201',
    };
    assert.deepEqual(journeyAnswers(SCREENS, data), {
      qui: 'locataire',
      bail: 'non',
      surface: '40',
      profil: 'locataire',
      adr: '1 rue A 13001 Marseille',
      adr_detail_insee: '13201',
    });
    const tiers = journeyAnswers(SCREENS, { ...data, qui: 'tiers' });
    assert.equal(tiers.lien, 'frère');
    assert.equal(tiers.adr, undefined);
    assert.equal(tiers.adr_detail_insee, undefined);
  });
});

describe('sectionsSummary', () => {
  it('lists the answered fields per section with readable values', () => {
    const summary = sectionsSummary(SCREENS, {
      qui: 'locataire',
      surface: '45.5',
      pieces: ['cuisine', 'sdb'],
      bail: 'oui',
      date_bail: '2020-03-05',
      tel: '+33612345678',
      photos: ['a', 'b', 'c'],
      urgent: '1',
      adr_detail_numero: '1 rue A',
      adr_detail_code_postal: '13001',
      adr_detail_commune: 'Marseille',
    });
    assert.deepEqual(
      summary.map((s) => s.key),
      ['adresse', 'logement', 'desordres'],
    );
    assert.deepEqual(summary[0]!.screens[0]!.answers, [
      { name: 'qui', label: 'Vous êtes', value: 'Locataire' },
    ]);
    assert.deepEqual(
      summary[1]!.screens[0]!.answers.map((a) => [a.label, a.value]),
      [
        ['Superficie', '45,5 m²'],
        ['Pièces', 'Une cuisine, Une salle de bain'],
        ['Bail ?', 'Oui'],
        ['Date du bail', '05/03/2020'],
        ['Téléphone', '06 12 34 56 78'],
      ],
    );
    assert.deepEqual(
      summary[2]!.screens[0]!.answers.map((a) => a.value),
      ['3 fichiers', 'Oui', '1 rue A 13001 Marseille'],
    );
  });

  it('hides answers of hidden fields and keeps screens without answers', () => {
    const summary = sectionsSummary(SCREENS, { qui: 'tiers', bail: 'non', date_bail: '2020-01-01' });
    const logement = summary.find((s) => s.key === 'logement')!.screens[0]!;
    assert.deepEqual(
      logement.answers.map((a) => a.name),
      ['bail'],
    );
    assert.deepEqual(
      summary.find((s) => s.key === 'adresse')!.screens.map((s) => s.slug),
      ['qui', 'tiers'],
    );
  });

  it('formats values defensively', () => {
    const field = { kind: 'number', name: 'n', label: 'N', unit: 'm²' } as const;
    assert.equal(displayValue(field, { n: 'quarante' }), 'quarante m²');
    assert.equal(displayValue(field, {}), undefined);
    const photos = { kind: 'upload', name: 'p', label: 'P', accept: 'photos' } as const;
    assert.equal(displayValue(photos, { p: ['x'] }), '1 fichier');
    const radio = { kind: 'radio', name: 'r', label: 'R', options: OUI_NON } as const;
    assert.equal(displayValue(radio, { r: 'inconnu' }), 'inconnu');
    const tel = { kind: 'phone', name: 't', label: 'T' } as const;
    assert.equal(displayValue(tel, { t: '+596696123456' }), '+596 696 12 34 56');
  });
});
