import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { desordresCatalogue, getPrecision } from './desordres.ts';
import {
  ALL_USAGER_CATEGORIES,
  allFormCriteres,
  CATEGORY_FIELDS,
  categoriesFor,
  type FormCritere,
  type FormData,
  formCriteresOf,
  freeTextOfAnswers,
  PRECISIONS_NOT_FROM_ANSWERS,
  plainPrecisionLabel,
  plainText,
  precisionsFromAnswers,
  profileGroupOf,
  roomsOf,
  typeCompositionPrecisions,
} from './desordres-form.ts';

type Mutable = Record<string, string | string[]>;

function baseFor(critere: FormCritere): Mutable {
  if (critere.categorySlug === 'service_secours') return { profil: 'service_secours' };
  const profil = critere.categorySlug === 'desordres_logement_proprete' ? 'tiers_particulier' : 'locataire';
  const data: Mutable = { profil, zone_concernee_zone: 'batiment_logement' };
  if (critere.zone === 'BATIMENT') data[CATEGORY_FIELDS.BATIMENT] = [critere.categorySlug];
  else
    data[profil === 'locataire' ? CATEGORY_FIELDS.LOGEMENT : CATEGORY_FIELDS.LOGEMENT_TIERS] = [
      critere.categorySlug,
    ];
  return data;
}

/** Every combination of one answer per detail question (rooms: each room alone, and all rooms at once). */
function answerCombos(critere: FormCritere): Mutable[] {
  let combos: Mutable[] = [{ ...baseFor(critere), [critere.name]: '1' }];
  for (const q of critere.questions) {
    const choices: (string | string[])[] =
      q.kind === 'rooms'
        ? [
            ...q.options.map((o) => [o.value]),
            ['piece_a_vivre', 'cuisine'],
            ['piece_a_vivre', 'cuisine', 'salle_de_bain'],
          ]
        : q.options.map((o) => o.value);
    combos = combos.flatMap((c) => choices.map((v) => ({ ...c, [q.name]: v })));
  }
  return combos;
}

const TYPE_COMPOSITION_CASES: Mutable[] = [
  { type_logement_sous_comble_sans_fenetre: 'oui' },
  { type_logement_sous_sol_sans_fenetre: 'oui' },
  { composition_logement_piece_unique: 'piece_unique', composition_logement_superficie: '8,5' },
  { composition_logement_piece_unique: 'plusieurs_pieces', type_logement_commodites_piece_a_vivre_9m: 'non' },
  { type_logement_commodites_cuisine: 'non', type_logement_commodites_cuisine_collective: 'oui' },
  { type_logement_commodites_cuisine: 'non', type_logement_commodites_cuisine_collective: 'non' },
  { type_logement_commodites_salle_de_bain: 'non', type_logement_commodites_salle_de_bain_collective: 'oui' },
  { type_logement_commodites_salle_de_bain: 'non', type_logement_commodites_salle_de_bain_collective: 'non' },
  { type_logement_commodites_wc: 'non', type_logement_commodites_wc_collective: 'oui' },
  { type_logement_commodites_wc: 'non', type_logement_commodites_wc_collective: 'nsp' },
  { type_logement_commodites_wc: 'oui', type_logement_commodites_wc_cuisine: 'oui' },
];

function assertNoExclusiveClash(slugs: readonly string[]): void {
  const byCritere = new Map<string, string[]>();
  for (const s of slugs) {
    const p = getPrecision(s);
    assert.ok(p, `unknown précision ${s}`);
    byCritere.set(p.critereSlug, [...(byCritere.get(p.critereSlug) ?? []), s]);
  }
  for (const [critere, list] of byCritere) {
    if (list.length > 1) {
      for (const s of list)
        assert.equal(
          getPrecision(s)?.isUnique,
          false,
          `${s} is exclusive but comes with ${list} (${critere})`,
        );
    }
  }
}

describe('désordres form: structure', () => {
  test('profile groups', () => {
    assert.equal(profileGroupOf('locataire'), 'occupant');
    assert.equal(profileGroupOf('bailleur_occupant'), 'occupant');
    assert.equal(profileGroupOf('tiers_particulier'), 'tiers');
    assert.equal(profileGroupOf('tiers_pro'), 'tiers');
    assert.equal(profileGroupOf('bailleur'), 'tiers');
    assert.equal(profileGroupOf('service_secours'), 'service_secours');
    assert.equal(profileGroupOf(undefined), undefined);
    assert.equal(profileGroupOf('autre'), undefined);
  });

  test('9 bâtiment categories, 9 logement for occupants, 10 for tiers, none for service secours', () => {
    assert.equal(categoriesFor('BATIMENT', 'occupant').length, 9);
    assert.equal(categoriesFor('BATIMENT', 'tiers').length, 9);
    assert.equal(categoriesFor('LOGEMENT', 'occupant').length, 9);
    assert.equal(categoriesFor('LOGEMENT', 'tiers').length, 10);
    assert.ok(categoriesFor('LOGEMENT', 'tiers').some((c) => c.slug === 'desordres_logement_proprete'));
    assert.ok(!categoriesFor('LOGEMENT', 'occupant').some((c) => c.slug === 'desordres_logement_proprete'));
    assert.equal(categoriesFor('LOGEMENT', 'service_secours').length, 0);
    assert.equal(formCriteresOf('service_secours').length, 12);
  });

  test('every usager category of the catalogue has a form category, and each has critères', () => {
    const slugs = new Set(desordresCatalogue.criteres.map((c) => c.slugCategorie));
    slugs.delete('desordres_type_composition_logement');
    assert.deepEqual([...slugs].sort(), ALL_USAGER_CATEGORIES.map((c) => c.slug).sort());
    for (const c of ALL_USAGER_CATEGORIES) assert.ok(formCriteresOf(c.slug).length > 0, c.slug);
  });

  test('every catalogue critère (except type/composition) is covered by exactly one form critère', () => {
    const covered = allFormCriteres().flatMap((c) => c.critereSlugs);
    const expected = desordresCatalogue.criteres
      .filter((c) => c.slugCategorie !== 'desordres_type_composition_logement')
      .map((c) => c.slugCritere);
    assert.deepEqual([...covered].sort(), [...expected].sort());
  });

  test('labels are plain text, field names unique', () => {
    const names = new Set<string>();
    for (const c of allFormCriteres()) {
      for (const label of [
        c.label,
        ...c.questions.flatMap((q) => [q.label, ...q.options.map((o) => o.label)]),
      ]) {
        assert.doesNotMatch(label, /[<>]/, label);
        assert.ok(label.length > 0);
      }
      for (const name of [
        c.name,
        ...c.questions.map((q) => q.name),
        ...(c.freeText ? [c.freeText.name] : []),
      ]) {
        assert.ok(!names.has(name), `duplicate field ${name}`);
        names.add(name);
      }
    }
  });

  test('plainText strips the HTML of précision labels', () => {
    const p = getPrecision('desordres_logement_securite_plomb_pieces_tout_diagnostique_oui');
    assert.ok(p);
    assert.equal(
      plainPrecisionLabel(p),
      'Dans : Tout le logement – Diagnostic plomb / amiante disponible : oui',
    );
    assert.equal(plainText('<b>L&#039;eau</b>&nbsp;froide'), "L'eau froide");
    const single = getPrecision('desordres_batiment_eau_pas_eau_potable');
    assert.ok(single);
    assert.equal(plainPrecisionLabel(single), "Il n'y a pas d'eau potable dans l'immeuble");
    for (const q of desordresCatalogue.precisions)
      assert.doesNotMatch(plainPrecisionLabel(q), /<\/?[a-z][^>]*>/i);
  });
});

describe('désordres form: answers → précisions', () => {
  test('every précision is reachable (suroccupation excepted, listed with its reason)', () => {
    const reached = new Set<string>();
    for (const critere of allFormCriteres()) {
      for (const data of answerCombos(critere)) {
        const slugs = precisionsFromAnswers(data);
        assertNoExclusiveClash(slugs);
        for (const s of slugs) reached.add(s);
      }
    }
    for (const data of TYPE_COMPOSITION_CASES) for (const s of precisionsFromAnswers(data)) reached.add(s);
    const missing = desordresCatalogue.precisions
      .map((p) => p.slug)
      .filter((s) => !reached.has(s) && !(s in PRECISIONS_NOT_FROM_ANSWERS));
    assert.deepEqual(missing, []);
    for (const s of Object.keys(PRECISIONS_NOT_FROM_ANSWERS)) assert.ok(!reached.has(s), s);
  });

  test('exclusive précisions are never selected together, whatever the answers (property)', () => {
    const criteres = allFormCriteres();
    const arbAnswers = fc.record({
      profil: fc.constantFrom(
        'locataire',
        'bailleur_occupant',
        'tiers_particulier',
        'tiers_pro',
        'bailleur',
        'service_secours',
      ),
      zone: fc.constantFrom('batiment', 'logement', 'batiment_logement'),
      pieceUnique: fc.boolean(),
      ticks: fc.subarray(criteres.map((c) => c.name)),
      seed: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
    });
    fc.assert(
      fc.property(arbAnswers, ({ profil, zone, pieceUnique, ticks, seed }) => {
        const data: Mutable = {
          profil,
          zone_concernee_zone: zone,
          composition_logement_piece_unique: pieceUnique ? 'piece_unique' : 'plusieurs_pieces',
          [CATEGORY_FIELDS.BATIMENT]: ALL_USAGER_CATEGORIES.filter((c) => c.zone === 'BATIMENT').map(
            (c) => c.slug,
          ),
          [CATEGORY_FIELDS.LOGEMENT]: ALL_USAGER_CATEGORIES.filter((c) => c.zone === 'LOGEMENT').map(
            (c) => c.slug,
          ),
          [CATEGORY_FIELDS.LOGEMENT_TIERS]: ALL_USAGER_CATEGORIES.filter((c) => c.zone === 'LOGEMENT').map(
            (c) => c.slug,
          ),
        };
        let i = 0;
        const pick = <T>(list: readonly T[]): T => list[(seed[i++ % seed.length] ?? 0) % list.length] as T;
        for (const c of criteres) {
          if (!ticks.includes(c.name)) continue;
          data[c.name] = '1';
          for (const q of c.questions) {
            data[q.name] =
              q.kind === 'rooms'
                ? q.options.filter(() => pick([true, false])).map((o) => o.value)
                : pick(q.options).value;
          }
        }
        assertNoExclusiveClash(precisionsFromAnswers(data));
      }),
      { numRuns: 300 },
    );
  });

  test('"tout le logement" excludes single rooms; all three rooms mean the whole dwelling', () => {
    const name = 'desordres_logement_securite_sol_glissant';
    assert.deepEqual(roomsOf({ [`${name}_pieces`]: ['tout', 'cuisine'] }, name), ['tout']);
    assert.deepEqual(roomsOf({ [`${name}_pieces`]: ['piece_a_vivre', 'cuisine', 'salle_de_bain'] }, name), [
      'tout',
    ]);
    assert.deepEqual(roomsOf({ [`${name}_pieces`]: ['cuisine', 'piece_a_vivre'] }, name), [
      'piece_a_vivre',
      'cuisine',
    ]);
    assert.deepEqual(
      roomsOf({ [`${name}_pieces_cuisine`]: '1' }, name),
      ['cuisine'],
      'reference per-room flags',
    );
  });

  test('pièce unique: the rooms question is not asked, the "tout" précision is used', () => {
    const data: FormData = {
      profil: 'locataire',
      zone_concernee_zone: 'logement',
      composition_logement_piece_unique: 'piece_unique',
      composition_logement_superficie: '20',
      desordres_categories_logement: ['desordres_logement_lumiere', 'desordres_logement_humidite'],
      desordres_logement_lumiere_plafond_trop_bas: '1',
      desordres_logement_lumiere_plafond_trop_bas_pieces: ['cuisine'],
      desordres_logement_humidite: '1',
      desordres_logement_humidite_details_machine: 'non',
      desordres_logement_humidite_details_moisissure_apres_nettoyage: 'oui',
      desordres_logement_humidite_details_fuite: 'non',
    };
    assert.deepEqual(precisionsFromAnswers(data), [
      'desordres_logement_humidite_tout_details_machine_non',
      'desordres_logement_humidite_tout_details_moisissure_apres_nettoyage_oui',
      'desordres_logement_humidite_tout_details_fuite_non',
      'desordres_logement_lumiere_plafond_trop_bas_toutes_pieces',
    ]);
  });

  test('answers of unselected categories, zones that do not apply, "rien à signaler" or another profile are ignored', () => {
    const answers = {
      desordres_batiment_eau_pas_eau_potable: '1',
      desordres_logement_eau_eau_potable: '1',
      desordres_logement_proprete_pieces: ['tout'],
    };
    const both = { ...answers, profil: 'locataire', zone_concernee_zone: 'batiment_logement' };
    const cats = {
      desordres_categories_batiment: ['desordres_batiment_eau'],
      desordres_categories_logement: ['desordres_logement_eau'],
    };
    assert.deepEqual(precisionsFromAnswers({ ...both, ...cats }), [
      'desordres_batiment_eau_pas_eau_potable',
      'desordres_logement_eau_eau_potable',
    ]);
    assert.deepEqual(precisionsFromAnswers(both), [], 'no category chosen');
    assert.deepEqual(precisionsFromAnswers({ ...both, ...cats, zone_concernee_zone: 'logement' }), [
      'desordres_logement_eau_eau_potable',
    ]);
    assert.deepEqual(precisionsFromAnswers({ ...both, ...cats, zone_concernee_zone: 'batiment' }), [
      'desordres_batiment_eau_pas_eau_potable',
    ]);
    assert.deepEqual(precisionsFromAnswers({ ...both, ...cats, desordres_batiment_rien_a_signaler: '1' }), [
      'desordres_logement_eau_eau_potable',
    ]);
    // An occupant cannot choose propreté; a tiers uses the tiers field (propreté implied by the category).
    assert.deepEqual(
      precisionsFromAnswers({ ...both, desordres_categories_logement: ['desordres_logement_proprete'] }),
      [],
    );
    assert.deepEqual(
      precisionsFromAnswers({
        ...both,
        profil: 'tiers_pro',
        desordres_categories_logement_tiers: ['desordres_logement_proprete', 'desordres_logement_eau'],
      }),
      ['desordres_logement_eau_eau_potable', 'desordres_logement_proprete_pieces_tout'],
    );
    // Service secours: only its own critères count.
    assert.deepEqual(
      precisionsFromAnswers({
        ...both,
        ...cats,
        profil: 'service_secours',
        desordres_service_secours_autre: '1',
      }),
      ['desordres_service_secours_autre_precision'],
    );
    assert.deepEqual(
      precisionsFromAnswers({ ...answers, ...cats, zone_concernee_zone: 'batiment_logement' }),
      [],
      'no profile',
    );
  });

  test('type and composition answers', () => {
    assert.deepEqual(typeCompositionPrecisions({}), []);
    assert.deepEqual(
      typeCompositionPrecisions({
        composition_logement_piece_unique: 'piece_unique',
        composition_logement_superficie: '9',
        type_logement_commodites_piece_a_vivre_9m: 'non',
      }),
      [],
      '9 m² is enough; the 9 m² room question does not apply to a single room',
    );
    assert.deepEqual(
      typeCompositionPrecisions({
        type_logement_commodites_wc: 'non',
        type_logement_commodites_wc_cuisine: 'oui',
      }),
      ['desordres_type_composition_logement_wc_collectif_non'],
      'no WC at all wins over "WC in the kitchen"',
    );
    assert.deepEqual(
      typeCompositionPrecisions({
        type_logement_commodites_cuisine: 'oui',
        type_logement_commodites_cuisine_collective: 'oui',
      }),
      [],
    );
  });

  test('free texts of the selected critères only', () => {
    const data: FormData = {
      profil: 'locataire',
      zone_concernee_zone: 'batiment_logement',
      desordres_categories_batiment: ['desordres_batiment_nuisibles'],
      desordres_batiment_nuisibles_autres: '1',
      desordres_batiment_nuisibles_autres_precision_libre: '  Des pigeons  ',
      desordres_logement_nuisibles_autres_precision_libre: 'Des guêpes',
      desordres_logement_nuisibles_autres: '1',
    };
    assert.deepEqual(freeTextOfAnswers(data), [
      {
        critereSlug: 'desordres_batiment_nuisibles_autres',
        label: 'Précisez le type de nuisible',
        text: 'Des pigeons',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Reference payloads

function loadReference(name: string): FormData {
  const raw = JSON.parse(
    readFileSync(
      new URL(`../../../shared/reference/histologe/draft-payloads/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown>;
  const payload = (raw.payload ?? raw) as Record<string, unknown>;
  const tiers = ['tiers_particulier', 'tiers_pro', 'bailleur'].includes(String(payload.profil));
  const out: Mutable = {};
  for (const [k, v] of Object.entries(payload)) {
    if (k === 'categorieDisorders') {
      const c = v as { batiment: string[]; logement: string[] };
      out[CATEGORY_FIELDS.BATIMENT] = c.batiment;
      out[tiers ? CATEGORY_FIELDS.LOGEMENT_TIERS : CATEGORY_FIELDS.LOGEMENT] = c.logement;
    } else if (typeof v === 'number') out[k] = String(v);
    else if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
  }
  return out;
}

const referenceAvailable = (() => {
  try {
    loadReference('locataire');
    return true;
  } catch {
    return false;
  }
})();

describe('désordres form: reference payloads', {
  skip: !referenceAvailable && 'reference payloads not found',
}, () => {
  test('locataire', () => {
    assert.deepEqual(precisionsFromAnswers(loadReference('locataire')), [
      'desordres_batiment_bruit_interieur',
      'desordres_logement_electricite_installation_dangereuse',
      'desordres_logement_electricite_manque_prises_details_multiprises_oui',
      'desordres_logement_nuisibles_cafards_details_date_after_movein',
      'desordres_logement_nuisibles_punaises_details_date_after_movein',
    ]);
  });

  test('bailleur occupant (zone bâtiment) and tiers particulier (pièce unique)', () => {
    assert.deepEqual(precisionsFromAnswers(loadReference('bailleur_occupant')), [
      'desordres_batiment_eau_pas_eau_potable',
      'desordres_batiment_eau_evacuation_KO',
      'desordres_type_composition_logement_wc_cuisine_ensemble',
    ]);
    assert.deepEqual(precisionsFromAnswers(loadReference('tiers_particulier')), [
      'desordres_type_composition_logement_cuisine_collective_oui',
      'desordres_logement_aeration_ventilation_defectueuse_details_pieces_tout_nettoyage_oui',
    ]);
  });

  test('locataire "all in": plausible précisions for every category', () => {
    const slugs = precisionsFromAnswers(loadReference('locataire_all_in'));
    assertNoExclusiveClash(slugs);
    for (const expected of [
      'desordres_batiment_isolation_dernier_etage_toit_sous_combles',
      'desordres_batiment_securite_sol_details_plancher_effondre',
      'desordres_batiment_securite_escalier_details_dangereux',
      'desordres_batiment_securite_murs_fissures_details_mur_porteur_oui',
      'desordres_type_composition_logement_sous_combles',
      'desordres_type_composition_logement_cuisine_collective_oui',
      'desordres_type_composition_logement_douche_collective_non',
      'desordres_logement_aeration_ventilation_defectueuse_details_pieces_salle_de_bain_nettoyage_oui',
      'desordres_logement_humidite_piece_a_vivre_details_moisissure_apres_nettoyage_oui',
      'desordres_logement_humidite_salle_de_bain_details_fuite_oui',
      'desordres_logement_securite_plomb_pieces_salle_de_bain_diagnostique_oui',
      'desordres_logement_lumiere_pas_lumiere_pieces_salle_de_bain',
    ]) {
      assert.ok(slugs.includes(expected), expected);
    }
    assert.ok(!slugs.includes('desordres_batiment_securite_sol_details_plancher_abime'), 'answered "non"');
    assert.equal(slugs.filter((s) => s.startsWith('desordres_batiment_')).length, 28);
  });

  test('profiles without désordres answers give none', () => {
    for (const name of ['bailleur', 'service_secours', 'tiers_pro']) {
      assert.deepEqual(precisionsFromAnswers(loadReference(name)), [], name);
    }
  });
});
