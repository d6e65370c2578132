import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  computeCriticite,
  hasChildrenFromComposition,
  isSuroccupation,
  minimumSurfaceAllocataire,
  rawScores,
  round2,
  type ScoredPrecision,
  SUROCCUPATION_ALLOCATAIRE_SLUG,
  SUROCCUPATION_NON_ALLOCATAIRE_SLUG,
  suroccupationPrecisionSlug,
} from './criticite.ts';
import { desordresCatalogue, getPrecision, zoneOfPrecision } from './desordres.ts';
import { ALL_USAGER_CATEGORIES, allFormCriteres, precisionsFromAnswers } from './desordres-form.ts';

// Précisions of the spec's fixture '2023-27' in aggregate: 40 points on the bâtiment, 14.55 on the logement.
const fixture202327 = [
  { coef: 24, zone: 'BATIMENT' as const },
  { coef: 16, zone: 'BATIMENT' as const },
  { coef: 12, zone: 'LOGEMENT' as const },
  { coef: 2.55, zone: 'LOGEMENT' as const },
];

describe('computeCriticite (v2)', () => {
  test('fixture 2023-27 with children: 47.62 / 14.26 / 34.04 (spec §5.5)', () => {
    const raw = rawScores(fixture202327);
    assert.equal(raw.rawBatiment, 40);
    assert.equal(round2(raw.rawLogement), 14.55);
    assert.deepEqual(computeCriticite({ precisions: fixture202327, hasChildren: true }), {
      score: 34.04,
      scoreBatiment: 47.62,
      scoreLogement: 14.26,
    });
  });

  test('same précisions without children: the plain average', () => {
    const r = computeCriticite({ precisions: fixture202327, hasChildren: false });
    assert.equal(r.score, 30.94);
    assert.equal(r.scoreBatiment, 47.62);
    assert.equal(r.scoreLogement, 14.26);
  });

  test('no précision: everything is 0', () => {
    assert.deepEqual(computeCriticite({ precisions: [], hasChildren: true }), {
      score: 0,
      scoreBatiment: 0,
      scoreLogement: 0,
    });
  });

  test('maxima: 84 bâtiment points and 102 logement points make 100 %', () => {
    const r = computeCriticite({
      precisions: [
        { coef: 84, zone: 'BATIMENT' },
        { coef: 102, zone: 'LOGEMENT' },
      ],
      hasChildren: false,
    });
    assert.deepEqual(r, { score: 100, scoreBatiment: 100, scoreLogement: 100 });
  });

  test('the logement sub-score may pass 100 %, the final score is capped', () => {
    const r = computeCriticite({
      precisions: [
        { coef: 84, zone: 'BATIMENT' },
        { coef: 153, zone: 'LOGEMENT' },
      ],
      hasChildren: true,
    });
    assert.equal(r.scoreLogement, 150);
    assert.equal(r.score, 100);
  });

  test('the children bonus is applied before the cap', () => {
    // (84/84 + 80/102) / 2 = 89.2 %, × 1.1 = 98.1 %: under the cap.
    const r = computeCriticite({
      precisions: [
        { coef: 84, zone: 'BATIMENT' },
        { coef: 80, zone: 'LOGEMENT' },
      ],
      hasChildren: true,
    });
    assert.equal(r.score, 98.14);
  });

  test('hasChildrenFromComposition reads compositionLogementEnfants', () => {
    assert.equal(hasChildrenFromComposition({ compositionLogementEnfants: 'oui' }), true);
    assert.equal(hasChildrenFromComposition({ compositionLogementEnfants: 'non' }), false);
    assert.equal(hasChildrenFromComposition({}), false);
    assert.equal(hasChildrenFromComposition(null), false);
  });
});

describe('suroccupation (spec §5.1 and SuroccupationSpecification cases of §5.5)', () => {
  const allocataire = (nbOccupants: number, superficie: number | null) =>
    suroccupationPrecisionSlug({ allocataire: 'oui', superficie, nbOccupants, nbPieces: 10 });

  test('minimum surfaces: 9, 16, then +9 m² per occupant', () => {
    assert.equal(minimumSurfaceAllocataire(1), 9);
    assert.equal(minimumSurfaceAllocataire(2), 16);
    assert.equal(minimumSurfaceAllocataire(3), 25);
    assert.equal(minimumSurfaceAllocataire(5), 43);
  });

  test('allocataire, 1 occupant: under 9 m²', () => {
    assert.equal(allocataire(1, 7), SUROCCUPATION_ALLOCATAIRE_SLUG);
    assert.equal(allocataire(1, 8.99), SUROCCUPATION_ALLOCATAIRE_SLUG);
    assert.equal(allocataire(1, 9), null);
    assert.equal(allocataire(1, 10), null);
  });

  test('allocataire, 2 occupants: under 16 m²', () => {
    assert.equal(allocataire(2, 7), SUROCCUPATION_ALLOCATAIRE_SLUG);
    assert.equal(allocataire(2, 15.5), SUROCCUPATION_ALLOCATAIRE_SLUG);
    assert.equal(allocataire(2, 16), null);
    assert.equal(allocataire(2, 17), null);
  });

  test('allocataire, n > 2 occupants: under 16 + 9 × (n − 2) m²', () => {
    assert.equal(allocataire(3, 23), SUROCCUPATION_ALLOCATAIRE_SLUG);
    assert.equal(allocataire(3, 24.9), SUROCCUPATION_ALLOCATAIRE_SLUG);
    assert.equal(allocataire(3, 25), null);
    assert.equal(allocataire(3, 26), null);
    assert.equal(allocataire(6, 51), SUROCCUPATION_ALLOCATAIRE_SLUG);
    assert.equal(allocataire(6, 52), null);
  });

  test('allocataire with unknown surface: no suroccupation, whatever the rooms', () => {
    assert.equal(allocataire(1, null), null);
    assert.equal(
      suroccupationPrecisionSlug({ allocataire: 'oui', superficie: null, nbOccupants: 8, nbPieces: 1 }),
      null,
    );
  });

  test('allocataire is surface-based only: few rooms but enough surface is fine', () => {
    assert.equal(isSuroccupation({ allocataire: 'oui', superficie: 60, nbOccupants: 5, nbPieces: 1 }), false);
  });

  test("the benefit bodies 'caf' / 'msa' and true count as allocataire", () => {
    for (const allocataire of ['caf', 'msa', true] as const) {
      assert.equal(
        suroccupationPrecisionSlug({ allocataire, superficie: 12, nbOccupants: 2, nbPieces: 3 }),
        SUROCCUPATION_ALLOCATAIRE_SLUG,
      );
    }
  });

  test('non-allocataire, 3 occupants: 1 room → suroccupation, 2 rooms → none', () => {
    const slug = (nbPieces: number) =>
      suroccupationPrecisionSlug({ allocataire: 'non', superficie: 8, nbOccupants: 3, nbPieces });
    assert.equal(slug(1), SUROCCUPATION_NON_ALLOCATAIRE_SLUG);
    assert.equal(slug(2), null);
  });

  test('allocataire unknown, 5 occupants: 2 rooms → yes, 3 → no, unknown rooms → no', () => {
    const slug = (nbPieces: number | null) =>
      suroccupationPrecisionSlug({ allocataire: null, superficie: null, nbOccupants: 5, nbPieces });
    assert.equal(slug(2), SUROCCUPATION_NON_ALLOCATAIRE_SLUG);
    assert.equal(slug(3), null);
    assert.equal(slug(null), null);
    assert.equal(slug(0), null);
  });

  test("'nsp' is room-based, and exactly half the occupants in rooms is not suroccupation", () => {
    assert.equal(isSuroccupation({ allocataire: 'nsp', superficie: 5, nbOccupants: 4, nbPieces: 2 }), false);
    assert.equal(isSuroccupation({ allocataire: 'nsp', superficie: 5, nbOccupants: 4, nbPieces: 1 }), true);
  });

  test('no occupant known: never suroccupation', () => {
    assert.equal(
      isSuroccupation({ allocataire: 'oui', superficie: 3, nbOccupants: null, nbPieces: 1 }),
      false,
    );
    assert.equal(isSuroccupation({ allocataire: 'non', superficie: 3, nbOccupants: 0, nbPieces: 1 }), false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Spec §5.5 fixture '2023-27' rebuilt from real catalogue précisions, and properties of the score.

describe('computeCriticite on real précisions', () => {
  const scored = (slugs: readonly string[]): ScoredPrecision[] =>
    slugs.map((slug) => {
      const p = getPrecision(slug);
      const zone = zoneOfPrecision(slug);
      assert.ok(p && zone, slug);
      return { coef: p.coef, zone };
    });

  test("2023-27: 40 bâtiment points and 14.55 logement points from the form's answers → 34.04 / 14.26 / 47.62", () => {
    // Answers of a locataire with children whose précisions add up to the fixture's raw sums.
    const slugs = precisionsFromAnswers({
      profil: 'locataire',
      zone_concernee_zone: 'batiment_logement',
      composition_logement_piece_unique: 'plusieurs_pieces',
      desordres_categories_batiment: ['desordres_batiment_securite', 'desordres_batiment_maintenance'],
      desordres_batiment_maintenance_ascenseur: '1', // 6
      desordres_batiment_securite_toit: '1', // 6
      desordres_batiment_securite_balcons: '1', // 6
      desordres_batiment_securite_elements_toit: '1', // 4
      desordres_batiment_securite_escalier: '1',
      desordres_batiment_securite_escalier_details_dangereux: 'oui', // 6
      desordres_batiment_securite_escalier_details_utilisable: 'non',
      desordres_batiment_securite_sol: '1',
      desordres_batiment_securite_sol_details_plancher_effondre: 'oui', // 6
      desordres_batiment_securite_sol_details_plancher_abime: 'non',
      desordres_batiment_securite_murs_fissures: '1',
      desordres_batiment_securite_murs_fissures_details_mur_porteur: 'oui', // 6
      desordres_categories_logement: ['desordres_logement_lumiere', 'desordres_logement_chauffage'],
      desordres_logement_lumiere_pas_lumiere: '1',
      desordres_logement_lumiere_pas_lumiere_pieces: ['tout'], // 12
      desordres_logement_chauffage_type_aucun: '1',
      desordres_logement_chauffage_type_aucun_pieces: ['piece_a_vivre'], // 1.5
      desordres_logement_chauffage_details_fenetres_permeables: '1',
      desordres_logement_chauffage_details_fenetres_permeables_pieces: ['piece_a_vivre'], // 0.8
      desordres_logement_chauffage_details_difficultes_chauffage: '1',
      desordres_logement_chauffage_details_difficultes_chauffage_pieces: ['cuisine'], // 0.25
    });
    const precisions = scored(slugs);
    const raw = rawScores(precisions);
    assert.equal(raw.rawBatiment, 40);
    assert.equal(round2(raw.rawLogement), 14.55);
    assert.deepEqual(computeCriticite({ precisions, hasChildren: true }), {
      score: 34.04,
      scoreBatiment: 47.62,
      scoreLogement: 14.26,
    });
  });

  const allScored = desordresCatalogue.precisions.map((p) => ({
    coef: p.coef,
    zone: zoneOfPrecision(p.slug) ?? 'LOGEMENT',
  }));
  const arbSelection = fc.record({
    precisions: fc.subarray(allScored),
    hasChildren: fc.boolean(),
  });

  test('property: the score is always within [0, 100], the sub-scores never negative', () => {
    fc.assert(
      fc.property(arbSelection, ({ precisions, hasChildren }) => {
        const r = computeCriticite({ precisions, hasChildren });
        assert.ok(r.score >= 0 && r.score <= 100, String(r.score));
        assert.ok(r.scoreBatiment >= 0 && r.scoreLogement >= 0);
      }),
      { numRuns: 500 },
    );
  });

  test('property: adding a précision never lowers the score (nor the sub-scores); children never lower it', () => {
    fc.assert(
      fc.property(arbSelection, fc.constantFrom(...allScored), ({ precisions, hasChildren }, extra) => {
        const before = computeCriticite({ precisions, hasChildren });
        const after = computeCriticite({ precisions: [...precisions, extra], hasChildren });
        assert.ok(after.score >= before.score, `${before.score} → ${after.score}`);
        assert.ok(after.scoreBatiment >= before.scoreBatiment);
        assert.ok(after.scoreLogement >= before.scoreLogement);
        const withChildren = computeCriticite({ precisions, hasChildren: true });
        assert.ok(withChildren.score >= computeCriticite({ precisions, hasChildren: false }).score);
      }),
      { numRuns: 500 },
    );
  });

  test('property: the score of any answers of the form is within [0, 100]', () => {
    const criteres = allFormCriteres();
    fc.assert(
      fc.property(fc.subarray(criteres.map((c) => c.name)), fc.boolean(), (ticks, hasChildren) => {
        const data: Record<string, string | string[]> = {
          profil: 'tiers_pro',
          zone_concernee_zone: 'batiment_logement',
          desordres_categories_batiment: ALL_USAGER_CATEGORIES.map((c) => c.slug),
          desordres_categories_logement_tiers: ALL_USAGER_CATEGORIES.map((c) => c.slug),
          type_logement_sous_comble_sans_fenetre: 'oui',
          type_logement_sous_sol_sans_fenetre: 'oui',
        };
        for (const name of ticks) data[name] = '1';
        const r = computeCriticite({ precisions: scored(precisionsFromAnswers(data)), hasChildren });
        assert.ok(r.score >= 0 && r.score <= 100);
      }),
      { numRuns: 200 },
    );
  });
});
