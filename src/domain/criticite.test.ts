import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  computeCriticite,
  hasChildrenFromComposition,
  isSuroccupation,
  minimumSurfaceAllocataire,
  rawScores,
  round2,
  SUROCCUPATION_ALLOCATAIRE_SLUG,
  SUROCCUPATION_NON_ALLOCATAIRE_SLUG,
  suroccupationPrecisionSlug,
} from './criticite.ts';

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
