import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIRST_SCREEN_SLUG, FORM_SCREENS, getScreen } from './index.ts';
import { evaluate, type FormData, fieldsOf, type Predicate } from './predicates.ts';
import { deriveEnfantsMoins6, deriveProfil } from './screens.ts';
import {
  type Field,
  flattenFields,
  type InputField,
  PROFILS,
  type Profil,
  type Screen,
  SECTIONS,
} from './types.ts';

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** Every field of a screen (groups included), with the conditions it sits under. */
function walkFields(
  fields: readonly Field[],
  under: Predicate[] = [],
): { field: Field; conditions: Predicate[] }[] {
  return fields.flatMap((field) => {
    const conditions = field.showIf ? [...under, field.showIf] : under;
    const self = { field, conditions };
    return field.kind === 'group' ? [self, ...walkFields(field.fields, conditions)] : [self];
  });
}

function isInput(field: Field): field is InputField {
  return field.kind !== 'info' && field.kind !== 'group';
}

const ALL_FIELDS = FORM_SCREENS.flatMap((s) => walkFields(s.fields).map((f) => ({ screen: s, ...f })));
const INPUT_NAMES = new Set(ALL_FIELDS.filter((f) => isInput(f.field)).map((f) => f.field.name));
/** Answers computed by `derive` hooks rather than typed. */
const DERIVED = new Set(['profil', 'composition_logement_enfants']);

function journey(data: FormData): Screen[] {
  return FORM_SCREENS.filter((s) => evaluate(s.showIf, data));
}

function required(field: InputField, data: FormData): boolean {
  const r = field.required;
  return r === undefined || r === true ? true : r === false ? false : evaluate(r, data);
}

function filledValue(value: FormData[string]): boolean {
  if (value === undefined) return false;
  return typeof value === 'string' ? value.trim() !== '' : value.length > 0;
}

/** Problems of a complete answer set against the definition (required, options, checks, cross-field rules). */
function problems(data: FormData, screens: readonly Screen[]): string[] {
  const out: string[] = [];
  for (const screen of screens) {
    for (const { field, conditions } of walkFields(screen.fields)) {
      if (!isInput(field) || !conditions.every((c) => evaluate(c, data))) continue;
      const value = data[field.name];
      if (!filledValue(value)) {
        if (required(field, data)) out.push(`${screen.slug}.${field.name}: required`);
        continue;
      }
      if ('options' in field) {
        const allowed = new Set(field.options.map((o) => o.value));
        const values = typeof value === 'string' ? [value] : (value ?? []);
        for (const v of values) if (!allowed.has(v)) out.push(`${screen.slug}.${field.name}: option ${v}`);
      }
      if (typeof value === 'string') {
        if (field.kind === 'text' && field.pattern && !field.pattern.regex.test(value.trim()))
          out.push(`${screen.slug}.${field.name}: pattern`);
        for (const check of field.checks ?? []) {
          const message = check(value, data);
          if (message) out.push(`${screen.slug}.${field.name}: ${message}`);
        }
      }
    }
    for (const [name, message] of Object.entries(screen.validate?.(data) ?? {})) {
      out.push(`${screen.slug}.${name}: ${message}`);
    }
  }
  return out;
}

/** Applies the `derive` hooks in journey order, like the engine does after each screen. */
function withDerived(answers: FormData): FormData {
  let data: Record<string, FormData[string]> = { ...answers };
  for (const screen of FORM_SCREENS) {
    if (!screen.derive || !evaluate(screen.showIf, data)) continue;
    for (const [key, value] of Object.entries(screen.derive(data))) {
      if (value === undefined) {
        const { [key]: _removed, ...rest } = data;
        data = rest;
      } else data[key] = value;
    }
  }
  return data;
}

const nonDesordres = (screens: readonly Screen[]) =>
  screens.filter((s) => s.section !== 'desordres').map((s) => s.slug);

// ---------------------------------------------------------------------------------------------------------
// Sample answers (complete journeys), one per profile

const ADDRESS: FormData = {
  adresse_logement_adresse: '33 Rue des Phocéens 13002 Marseille',
  adresse_logement_adresse_detail_numero: '33 Rue des Phocéens',
  adresse_logement_adresse_detail_code_postal: '13002',
  adresse_logement_adresse_detail_commune: 'Marseille',
  adresse_logement_adresse_detail_insee: '13202',
  adresse_logement_complement_adresse_etage: '5',
};

const LOGEMENT: FormData = {
  zone_concernee_zone: 'batiment_logement',
  zone_concernee_debut_desordres: 'months_6_to_12',
  type_logement_nature: 'appartement',
  type_logement_rdc: 'non',
  type_logement_dernier_etage: 'oui',
  type_logement_sous_comble_sans_fenetre: 'non',
  composition_logement_piece_unique: 'plusieurs_pieces',
  composition_logement_nb_pieces: '2',
  composition_logement_superficie: '45.5',
  type_logement_commodites_piece_a_vivre_9m: 'oui',
  type_logement_commodites_cuisine: 'oui',
  type_logement_commodites_salle_de_bain: 'non',
  type_logement_commodites_salle_de_bain_collective: 'oui',
  type_logement_commodites_wc: 'oui',
  type_logement_commodites_wc_cuisine: 'non',
  composition_logement_nombre_personnes: '4',
  composition_logement_nombre_enfants: '2',
  composition_logement_nombre_enfants_m6: '1',
};

const FOYER: FormData = {
  logement_social_demande_relogement: 'non',
  logement_social_allocation: 'oui',
  logement_social_allocation_caisse: 'caf',
  logement_social_numero_allocataire: '1234567',
  travailleur_social_quitte_logement: 'non',
  travailleur_social_accompagnement: 'nsp',
};

const PROCEDURE: FormData = {
  info_procedure_assurance_contactee: 'non',
  info_procedure_depart_apres_travaux: 'oui',
  utilisation_service_ok_prevenir_bailleur: '1',
  utilisation_service_ok_visite: '1',
  utilisation_service_ok_donnees_sante: '1',
  utilisation_service_ok_cgu: '1',
};

const TIERS_PERSON: FormData = {
  vos_coordonnees_tiers_nom: 'Martin',
  vos_coordonnees_tiers_prenom: 'Claire',
  vos_coordonnees_tiers_email: 'claire.martin@example.org',
  vos_coordonnees_tiers_tel: '+33612345678',
  coordonnees_occupant_nom: 'Durand',
  coordonnees_occupant_prenom: 'Paul',
  zone_concernee_constatation_desordres: 'oui',
  utilisation_service_ok_signalement_tiers: '1',
};

const BAILLEUR_COORDS: FormData = { coordonnees_bailleur_nom: 'Dupont' };

const DPE: FormData = {
  bail_dpe_dpe: 'oui',
  bail_dpe_classe_energetique: 'F',
  desordres_logement_chauffage_details_dpe_annee: 'before2023',
  desordres_logement_chauffage_details_dpe_conso: '12000',
};

const SAMPLES: Record<Profil, FormData> = {
  locataire: {
    ...ADDRESS,
    signalement_concerne_profil: 'logement_occupez',
    signalement_concerne_profil_detail_occupant: 'locataire',
    signalement_concerne_logement_social_autre_tiers: 'oui',
    vos_coordonnees_occupant_civilite: 'mme',
    vos_coordonnees_occupant_nom: 'Bernard',
    vos_coordonnees_occupant_prenom: 'Aïcha',
    vos_coordonnees_occupant_email: 'aicha.bernard@example.org',
    vos_coordonnees_occupant_tel: '+33644784515',
    coordonnees_bailleur_nom: '13 Habitat',
    info_procedure_bailleur_prevenu: 'non',
    ...LOGEMENT,
    bail_dpe_date_emmenagement: '2020-10-01',
    bail_dpe_bail: 'oui',
    bail_dpe_etat_des_lieux: 'nsp',
    ...DPE,
    ...FOYER,
    ...PROCEDURE,
    utilisation_service_ok_demande_logement: '1',
    informations_complementaires_logement_annee_construction: '1970',
  },
  bailleur_occupant: {
    ...ADDRESS,
    signalement_concerne_profil: 'logement_occupez',
    signalement_concerne_profil_detail_occupant: 'bailleur_occupant',
    signalement_concerne_profil_detail_bailleur_proprietaire: 'particulier',
    signalement_concerne_logement_social_autre_tiers: 'non',
    vos_coordonnees_occupant_nom: 'Mari',
    vos_coordonnees_occupant_prenom: 'Julien',
    vos_coordonnees_occupant_email: 'julien.mari@example.org',
    vos_coordonnees_occupant_tel: '+33699999999',
    ...LOGEMENT,
    bail_dpe_date_emmenagement: '2015-12-10',
    bail_dpe_dpe: 'nsp',
    ...FOYER,
    ...PROCEDURE,
    utilisation_service_ok_demande_logement: '1',
  },
  tiers_particulier: {
    ...ADDRESS,
    signalement_concerne_profil: 'autre_logement',
    signalement_concerne_profil_detail_tiers: 'tiers_particulier',
    signalement_concerne_profil_detail_profil_occupant: 'locataire',
    signalement_concerne_logement_social_autre_tiers: 'non',
    vos_coordonnees_tiers_lien: 'proche',
    ...TIERS_PERSON,
    ...BAILLEUR_COORDS,
    coordonnees_bailleur_agence: 'oui',
    coordonnees_agence_nom: 'Agence du Port',
    info_procedure_bailleur_prevenu: 'oui',
    info_procedure_bail_moyen: 'courrier',
    info_procedure_bail_date: '05/2025',
    ...LOGEMENT,
    bail_dpe_bail: 'nsp',
    bail_dpe_etat_des_lieux: 'nsp',
    bail_dpe_dpe: 'nsp',
    ...FOYER,
    ...PROCEDURE,
  },
  tiers_pro: {
    ...ADDRESS,
    signalement_concerne_profil: 'autre_logement',
    signalement_concerne_profil_detail_tiers: 'tiers_pro',
    signalement_concerne_profil_detail_profil_occupant: 'nsp',
    signalement_concerne_logement_social_autre_tiers: 'oui',
    vos_coordonnees_tiers_nom_organisme: 'Association Habitat Solidaire',
    ...TIERS_PERSON,
    ...BAILLEUR_COORDS,
    info_procedure_bailleur_prevenu: 'nsp',
    ...LOGEMENT,
    bail_dpe_bail: 'oui',
    bail_dpe_etat_des_lieux: 'oui',
    ...DPE,
    ...FOYER,
    ...PROCEDURE,
  },
  service_secours: {
    ...ADDRESS,
    signalement_concerne_profil: 'autre_logement',
    signalement_concerne_profil_detail_tiers: 'service_secours',
    signalement_concerne_profil_detail_profil_occupant: 'locataire',
    signalement_concerne_logement_social_service_secours: 'ne-sais-pas',
    vos_coordonnees_tiers_nom_organisme: 'SDIS 13',
    ...TIERS_PERSON,
    coordonnees_occupant_nom: '',
    coordonnees_occupant_prenom: '',
    service_secours_date_mission: '2025-06-01',
    ...LOGEMENT,
    utilisation_service_ok_prevenir_bailleur: '1',
    utilisation_service_ok_visite: '1',
    utilisation_service_ok_donnees_sante: '1',
    utilisation_service_ok_cgu: '1',
  },
  bailleur: {
    ...ADDRESS,
    signalement_concerne_profil: 'autre_logement',
    signalement_concerne_profil_detail_tiers: 'bailleur',
    signalement_concerne_profil_detail_bailleur_bailleur: 'organisme_societe',
    signalement_concerne_logement_social_autre_tiers: 'oui',
    vos_coordonnees_tiers_nom_organisme: '13 Habitat',
    ...TIERS_PERSON,
    ...LOGEMENT,
    bail_dpe_bail: 'oui',
    bail_dpe_etat_des_lieux: 'oui',
    bail_dpe_dpe: 'non',
    ...FOYER,
    info_procedure_assurance_contactee: 'oui',
    utilisation_service_ok_visite: '1',
    utilisation_service_ok_donnees_sante: '1',
    utilisation_service_ok_cgu: '1',
  },
};

const COMMON_LOGEMENT = [
  'zone_concernee',
  'type_logement',
  'composition_logement',
  'type_logement_commodites',
  'composition_logement_personnes',
];
const FOYER_SCREENS = ['bail_dpe', 'logement_social', 'travailleur_social'];
const PROCEDURE_SCREENS = ['info_procedure_assurance', 'informations_complementaires', 'utilisation_service'];
const START = ['introduction', 'adresse_logement', 'signalement_concerne'];

const EXPECTED: Record<Profil, string[]> = {
  locataire: [
    ...START,
    'vos_coordonnees_occupant',
    'coordonnees_bailleur',
    'info_procedure_bail',
    'prevenir_bailleur_info',
    ...COMMON_LOGEMENT,
    ...FOYER_SCREENS,
    ...PROCEDURE_SCREENS,
  ],
  bailleur_occupant: [
    ...START,
    'vos_coordonnees_occupant',
    ...COMMON_LOGEMENT,
    ...FOYER_SCREENS,
    ...PROCEDURE_SCREENS,
  ],
  tiers_particulier: [
    ...START,
    'vos_coordonnees_tiers',
    'coordonnees_occupant',
    'coordonnees_bailleur',
    'info_procedure_bail',
    ...COMMON_LOGEMENT,
    ...FOYER_SCREENS,
    ...PROCEDURE_SCREENS,
  ],
  tiers_pro: [
    ...START,
    'vos_coordonnees_tiers',
    'coordonnees_occupant',
    'coordonnees_bailleur',
    'info_procedure_bail',
    ...COMMON_LOGEMENT,
    ...FOYER_SCREENS,
    ...PROCEDURE_SCREENS,
  ],
  service_secours: [
    ...START,
    'vos_coordonnees_tiers',
    'mission_service_secours',
    'coordonnees_occupant',
    'coordonnees_bailleur',
    ...COMMON_LOGEMENT,
    'utilisation_service',
  ],
  bailleur: [
    ...START,
    'vos_coordonnees_tiers',
    'coordonnees_occupant',
    ...COMMON_LOGEMENT,
    ...FOYER_SCREENS,
    ...PROCEDURE_SCREENS,
  ],
};

// ---------------------------------------------------------------------------------------------------------

describe('form definition: consistency', () => {
  test('screen slugs are unique, and getScreen / FIRST_SCREEN_SLUG find them', () => {
    const slugs = FORM_SCREENS.map((s) => s.slug);
    assert.equal(
      new Set(slugs).size,
      slugs.length,
      `duplicate slugs: ${slugs.filter((s, i) => slugs.indexOf(s) !== i)}`,
    );
    assert.equal(FIRST_SCREEN_SLUG, 'introduction');
    for (const slug of slugs) assert.equal(getScreen(slug)?.slug, slug);
    assert.equal(getScreen('nope'), undefined);
    for (const slug of slugs) assert.match(slug, /^[a-z0-9_]+$/);
  });

  test('field, info and group names are unique across the whole form', () => {
    const names = ALL_FIELDS.map((f) => f.field.name);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    assert.deepEqual(dupes, []);
    for (const name of names) assert.match(name, /^[a-z0-9_]+$/i, name);
    // A field never collides with a screen slug's sub-keys of an address (`<name>_detail_*`).
    const addresses = ALL_FIELDS.filter((f) => f.field.kind === 'address').map((f) => f.field.name);
    for (const name of names) {
      for (const a of addresses) assert.ok(!name.startsWith(`${a}_detail_`), `${name} shadows ${a}`);
    }
  });

  test('every predicate reads existing fields (or derived answers)', () => {
    const known = new Set([...INPUT_NAMES, ...DERIVED]);
    const predicates: { where: string; p: Predicate | boolean | undefined }[] = [
      ...FORM_SCREENS.map((s) => ({ where: `screen ${s.slug}`, p: s.showIf })),
      ...ALL_FIELDS.map((f) => ({ where: `field ${f.field.name}`, p: f.field.showIf })),
      ...ALL_FIELDS.filter((f) => isInput(f.field)).map((f) => ({
        where: `required ${f.field.name}`,
        p: (f.field as InputField).required,
      })),
    ];
    for (const { where, p } of predicates) {
      if (p === undefined || typeof p === 'boolean') continue;
      for (const name of fieldsOf(p)) assert.ok(known.has(name), `${where} reads unknown field "${name}"`);
    }
  });

  test('options are unique within each choice field, with labels', () => {
    for (const { field } of ALL_FIELDS) {
      if (!('options' in field)) continue;
      const values = field.options.map((o) => o.value);
      assert.equal(new Set(values).size, values.length, `${field.name} has duplicate options`);
      assert.ok(values.length >= 2, `${field.name} offers a choice`);
      for (const o of field.options) assert.ok(o.label.trim(), `${field.name}.${o.value} has a label`);
    }
  });

  test('every screen has a section, a title, and a sensible layout', () => {
    const sectionKeys = SECTIONS.map((s) => s.key as string);
    let lastSection = 0;
    for (const screen of FORM_SCREENS) {
      const index = sectionKeys.indexOf(screen.section);
      assert.ok(index >= 0, `${screen.slug} has a known section`);
      assert.ok(index >= lastSection, `${screen.slug}: sections follow the stepper order`);
      lastSection = index;
      assert.ok(screen.title.trim(), `${screen.slug} has a title`);
      assert.ok(screen.fields.length > 0, `${screen.slug} has content`);
    }
    // The recap is not a definition screen.
    assert.ok(!FORM_SCREENS.some((s) => s.section === 'recapitulatif'));
  });

  test('labels are plain text, optional fields say so', () => {
    for (const { field } of ALL_FIELDS) {
      const texts = [
        'label' in field ? field.label : '',
        'hint' in field ? (field.hint ?? '') : '',
        ...(field.kind === 'info' ? field.text : []),
      ];
      for (const t of texts) assert.ok(!/[<>]/.test(t), `${field.name}: no HTML in texts`);
      if (isInput(field) && field.required === false && field.kind !== 'checkbox') {
        assert.match(field.label, /facultatif/, `${field.name} is optional: its label says "(facultatif)"`);
      }
      if (isInput(field) && field.required !== false) {
        assert.doesNotMatch(
          field.label,
          /facultatif/,
          `${field.name} is required: its label must not say facultatif`,
        );
      }
    }
  });

  test('uploads take documents in the bail / DPE screen', () => {
    const bail = getScreen('bail_dpe')!;
    const uploads = flattenFields(bail.fields).filter((f) => f.kind === 'upload');
    assert.deepEqual(
      uploads.map((u) => u.name),
      ['bail_dpe_bail_upload', 'bail_dpe_etat_des_lieux_upload', 'bail_dpe_dpe_upload'],
    );
    for (const u of uploads) assert.equal(u.kind === 'upload' && u.accept, 'documents');
  });

  test('the dwelling address checks the territory, the landlord’s does not', () => {
    const address = (name: string) =>
      ALL_FIELDS.find((f) => f.field.name === name)?.field as InputField & { territoryCheck?: boolean };
    assert.equal(address('adresse_logement_adresse').kind, 'address');
    assert.equal(address('adresse_logement_adresse').territoryCheck, true);
    assert.equal(address('coordonnees_bailleur_adresse').territoryCheck, undefined);
  });

  test('the désordres block reads the zone answered before it', () => {
    const zoneIndex = FORM_SCREENS.findIndex((s) => s.slug === 'zone_concernee');
    const firstDesordres = FORM_SCREENS.findIndex((s) => s.section === 'desordres');
    if (firstDesordres >= 0) assert.ok(zoneIndex < firstDesordres);
    const zone = ALL_FIELDS.find((f) => f.field.name === 'zone_concernee_zone')!.field;
    assert.ok(zone.kind === 'radio');
    assert.deepEqual(
      zone.options.map((o) => o.value),
      ['batiment', 'logement', 'batiment_logement'],
    );
  });
});

describe('form definition: journeys per profile', () => {
  for (const p of PROFILS) {
    test(`${p}: the sample answers walk through the right screens and satisfy every rule`, () => {
      const data = withDerived(SAMPLES[p]);
      assert.equal(data.profil, p);
      const screens = journey(data);
      assert.deepEqual(nonDesordres(screens), EXPECTED[p]);
      // The désordres block has its own tests (and its own sample answers).
      assert.deepEqual(
        problems(
          data,
          screens.filter((s) => s.section !== 'desordres'),
        ),
        [],
      );
    });
  }

  test('an empty payload only shows the screens common to everyone', () => {
    assert.deepEqual(nonDesordres(journey({})), [
      'introduction',
      'adresse_logement',
      'signalement_concerne',
      'zone_concernee',
      'type_logement',
      'composition_logement',
      'type_logement_commodites',
      'composition_logement_personnes',
      'bail_dpe',
      'logement_social',
      'travailleur_social',
      'info_procedure_assurance',
      'informations_complementaires',
      'utilisation_service',
    ]);
  });

  test('missing required answers are reported', () => {
    const data = withDerived({
      ...SAMPLES.locataire,
      vos_coordonnees_occupant_email: '',
      composition_logement_nombre_personnes: '',
    });
    const found = problems(data, journey(data));
    assert.ok(found.includes('vos_coordonnees_occupant.vos_coordonnees_occupant_email: required'));
    assert.ok(
      found.includes('composition_logement_personnes.composition_logement_nombre_personnes: required'),
    );
  });

  test('a tiers who says the occupant owns the dwelling is not asked about the landlord or the lease', () => {
    const data = withDerived({
      ...SAMPLES.tiers_particulier,
      signalement_concerne_profil_detail_profil_occupant: 'bailleur_occupant',
    });
    const slugs = nonDesordres(journey(data));
    assert.ok(!slugs.includes('coordonnees_bailleur'));
    assert.ok(!slugs.includes('info_procedure_bail'));
    const bail = getScreen('bail_dpe')!;
    const bailField = bail.fields.find((f) => f.name === 'bail_dpe_bail')!;
    assert.equal(evaluate(bailField.showIf, data), false);
  });

  test('the advice screen shows only for a social dwelling whose landlord was not told', () => {
    const show = (extra: FormData) =>
      evaluate(getScreen('prevenir_bailleur_info')!.showIf, withDerived({ ...SAMPLES.locataire, ...extra }));
    assert.equal(show({}), true);
    assert.equal(show({ info_procedure_bailleur_prevenu: 'oui' }), false);
    assert.equal(show({ signalement_concerne_logement_social_autre_tiers: 'non' }), false);
    assert.equal(show({ info_procedure_bailleur_prevenu: 'nsp' }), false);
  });
});

describe('form definition: derived answers and rules', () => {
  test('profil is derived from "signalement_concerne"', () => {
    const cases: [FormData, Profil | undefined][] = [
      [
        {
          signalement_concerne_profil: 'logement_occupez',
          signalement_concerne_profil_detail_occupant: 'locataire',
        },
        'locataire',
      ],
      [
        {
          signalement_concerne_profil: 'logement_occupez',
          signalement_concerne_profil_detail_occupant: 'bailleur_occupant',
        },
        'bailleur_occupant',
      ],
      [
        {
          signalement_concerne_profil: 'autre_logement',
          signalement_concerne_profil_detail_tiers: 'tiers_pro',
        },
        'tiers_pro',
      ],
      [
        {
          signalement_concerne_profil: 'autre_logement',
          signalement_concerne_profil_detail_tiers: 'bailleur',
        },
        'bailleur',
      ],
      [
        {
          signalement_concerne_profil: 'autre_logement',
          signalement_concerne_profil_detail_tiers: 'service_secours',
        },
        'service_secours',
      ],
      // A stale answer of the other branch is ignored.
      [
        {
          signalement_concerne_profil: 'autre_logement',
          signalement_concerne_profil_detail_occupant: 'locataire',
        },
        undefined,
      ],
      [{ signalement_concerne_profil: 'logement_occupez' }, undefined],
      [{}, undefined],
    ];
    for (const [data, expected] of cases) assert.equal(deriveProfil(data), expected, JSON.stringify(data));
    const screen = getScreen('signalement_concerne')!;
    assert.deepEqual(screen.derive!({ signalement_concerne_profil: 'logement_occupez' }), {
      profil: undefined,
    });
  });

  test('children under 6 are derived from the counts', () => {
    assert.equal(deriveEnfantsMoins6({}), undefined);
    assert.equal(deriveEnfantsMoins6({ composition_logement_nombre_enfants: '0' }), 'non');
    assert.equal(deriveEnfantsMoins6({ composition_logement_nombre_enfants: '2' }), 'nsp');
    assert.equal(
      deriveEnfantsMoins6({
        composition_logement_nombre_enfants: '2',
        composition_logement_nombre_enfants_m6: '0',
      }),
      'non',
    );
    assert.equal(
      deriveEnfantsMoins6({
        composition_logement_nombre_enfants: '2',
        composition_logement_nombre_enfants_m6: '1',
      }),
      'oui',
    );
  });

  test('children cannot outnumber the household; under-6 cannot outnumber the children', () => {
    const validate = getScreen('composition_logement_personnes')!.validate!;
    assert.deepEqual(
      validate({ composition_logement_nombre_personnes: '3', composition_logement_nombre_enfants: '3' }),
      {},
    );
    assert.ok(
      validate({ composition_logement_nombre_personnes: '2', composition_logement_nombre_enfants: '3' })
        .composition_logement_nombre_enfants,
    );
    assert.ok(
      validate({
        composition_logement_nombre_personnes: '4',
        composition_logement_nombre_enfants: '1',
        composition_logement_nombre_enfants_m6: '2',
      }).composition_logement_nombre_enfants_m6,
    );
    const m6 = ALL_FIELDS.find((f) => f.field.name === 'composition_logement_nombre_enfants_m6')!;
    assert.equal(
      m6.conditions.every((c) => evaluate(c, { composition_logement_nombre_enfants: '0' })),
      false,
    );
    assert.equal(
      m6.conditions.every((c) => evaluate(c, { composition_logement_nombre_enfants: '2' })),
      true,
    );
  });

  const checksOf = (name: string) => {
    const f = ALL_FIELDS.find((x) => x.field.name === name)!.field as InputField;
    return (value: string) => (f.checks ?? []).map((c) => c(value, {})).find(Boolean);
  };

  test('surface below 10 000 m²', () => {
    const check = checksOf('composition_logement_superficie');
    assert.equal(check('45.5'), undefined);
    assert.equal(check('9999'), undefined);
    assert.match(check('10000') ?? '', /10 000/);
    assert.match(check('0') ?? '', /plus grande que 0/);
  });

  test('year of construction with 4 digits, not in the future', () => {
    const check = checksOf('informations_complementaires_logement_annee_construction');
    assert.equal(check('1970'), undefined);
    assert.ok(check(String(new Date().getFullYear() + 1)));
    assert.ok(check('0999'));
  });

  test('month and year the landlord was told: from 1900, not in the future (engine)', () => {
    const check = checksOf('info_procedure_bail_date');
    assert.equal(check('11/2024'), undefined);
    assert.ok(check('01/1850'));
    const field = ALL_FIELDS.find((f) => f.field.name === 'info_procedure_bail_date')!.field;
    assert.ok(field.kind === 'month-year' && field.notInFuture);
  });

  test('move-in date from 1900-01-01 to today', () => {
    const field = ALL_FIELDS.find((f) => f.field.name === 'bail_dpe_date_emmenagement')!.field;
    assert.ok(field.kind === 'date');
    assert.equal(field.min, '1900-01-01');
    assert.equal(field.max, 'today');
  });

  test('consent boxes: occupants and tiers have their own wording, CGU link to /cgu', () => {
    const screen = getScreen('utilisation_service')!;
    const visible = (p: Profil) =>
      walkFields(screen.fields)
        .filter(
          ({ field, conditions }) =>
            field.kind === 'checkbox' && conditions.every((c) => evaluate(c, { profil: p })),
        )
        .map(({ field }) => field.name);
    assert.ok(visible('locataire').includes('utilisation_service_ok_demande_logement'));
    assert.ok(!visible('locataire').includes('utilisation_service_ok_signalement_tiers'));
    assert.ok(visible('tiers_pro').includes('utilisation_service_ok_signalement_tiers'));
    assert.ok(!visible('tiers_pro').includes('utilisation_service_ok_demande_logement'));
    for (const p of PROFILS) assert.ok(visible(p).includes('utilisation_service_ok_cgu'));
    const info = screen.fields.find((f) => f.kind === 'info' && f.link?.href === '/cgu');
    assert.ok(info, 'a link to /cgu');
  });
});
