import { type DesordreZone, SUROCCUPATION_PRECISION_SLUGS } from './desordres.ts';

export type { DesordreZone };

/**
 * Criticité score of a v2 signalement (spec histologe-domain §5.1) and the suroccupation pre-step.
 * Pure functions: the caller loads the selected précisions (coef + zone of their critère) from the catalogue.
 */

/** Denominators of the v2 score. They are fixed constants, not derived from the catalogue (whose LOGEMENT maxima add up to 153). */
export const MAX_SCORE_BATIMENT = 84;
export const MAX_SCORE_LOGEMENT = 102;
/** Bonus factor when children live in the dwelling. */
export const CHILDREN_FACTOR = 1.1;

export interface ScoredPrecision {
  coef: number;
  zone: DesordreZone;
}

export interface CriticiteInput {
  precisions: readonly ScoredPrecision[];
  /** `typeCompositionLogement.compositionLogementEnfants === 'oui'`. */
  hasChildren: boolean;
}

export interface CriticiteResult {
  /** Final score in %, capped at 100. */
  score: number;
  scoreBatiment: number;
  scoreLogement: number;
}

/** Rounds half away from zero to 2 decimals; the epsilon avoids 1.005 → 1.00 style binary artefacts. */
export function round2(value: number): number {
  return Math.sign(value) * (Math.round((Math.abs(value) + Number.EPSILON) * 100) / 100);
}

export function rawScores(precisions: readonly ScoredPrecision[]): {
  rawBatiment: number;
  rawLogement: number;
} {
  let rawBatiment = 0;
  let rawLogement = 0;
  for (const p of precisions) {
    if (p.zone === 'BATIMENT') rawBatiment += p.coef;
    else rawLogement += p.coef;
  }
  return { rawBatiment, rawLogement };
}

/**
 * The sub-scores are percentages of fixed maxima; the LOGEMENT one may exceed 100 (the catalogue allows more
 * than the maximum), only the final score is capped. Rounding happens once, at the end, so that the stored
 * score is not the average of rounded values.
 */
export function computeCriticite(input: CriticiteInput): CriticiteResult {
  const { rawBatiment, rawLogement } = rawScores(input.precisions);
  const scoreBatiment = (rawBatiment / MAX_SCORE_BATIMENT) * 100;
  const scoreLogement = (rawLogement / MAX_SCORE_LOGEMENT) * 100;
  let score = (scoreBatiment + scoreLogement) / 2;
  if (input.hasChildren) score *= CHILDREN_FACTOR;
  return {
    score: round2(Math.min(score, 100)),
    scoreBatiment: round2(scoreBatiment),
    scoreLogement: round2(scoreLogement),
  };
}

/** Reads the children flag the way the v2 form stores it in `typeCompositionLogement`. */
export function hasChildrenFromComposition(
  typeCompositionLogement: Record<string, unknown> | null | undefined,
): boolean {
  return typeCompositionLogement?.compositionLogementEnfants === 'oui';
}

// ---------------------------------------------------------------------------------------------------------
// Suroccupation

export const SUROCCUPATION_ALLOCATAIRE_SLUG = SUROCCUPATION_PRECISION_SLUGS.allocataire;
export const SUROCCUPATION_NON_ALLOCATAIRE_SLUG = SUROCCUPATION_PRECISION_SLUGS.nonAllocataire;
export const SUROCCUPATION_SLUGS: readonly string[] = [
  SUROCCUPATION_ALLOCATAIRE_SLUG,
  SUROCCUPATION_NON_ALLOCATAIRE_SLUG,
];

/** Minimum surface (m²) for an allocataire household: 9 m² alone, 16 m² for two, +9 m² per extra person. */
export function minimumSurfaceAllocataire(nbOccupants: number): number {
  if (nbOccupants <= 1) return 9;
  return 16 + 9 * (nbOccupants - 2);
}

export interface SuroccupationInput {
  /**
   * Whether the household receives a housing benefit: 'oui' (v2 form, `situationFoyer.logementSocialAllocation`),
   * or the signalement column values 'caf' / 'msa' (benefit from that body), or a boolean.
   * Anything else ('non', 'nsp', null) means the room-based rule applies.
   */
  allocataire: string | boolean | null | undefined;
  superficie: number | null | undefined;
  nbOccupants: number | null | undefined;
  nbPieces: number | null | undefined;
}

export function isAllocataire(value: SuroccupationInput['allocataire']): boolean {
  if (typeof value === 'boolean') return value;
  return value === 'oui' || value === 'caf' || value === 'msa' || value === '1';
}

/**
 * Which suroccupation précision applies, or null. Allocataires are judged on the surface (the CAF decency
 * rule), others on the number of living rooms: fewer rooms than half the occupants. An unknown surface or
 * room count never concludes to suroccupation.
 */
export function suroccupationPrecisionSlug(input: SuroccupationInput): string | null {
  const nbOccupants = input.nbOccupants ?? 0;
  if (nbOccupants <= 0) return null;
  if (isAllocataire(input.allocataire)) {
    if (input.superficie == null) return null;
    return input.superficie < minimumSurfaceAllocataire(nbOccupants) ? SUROCCUPATION_ALLOCATAIRE_SLUG : null;
  }
  if (!input.nbPieces) return null;
  return input.nbPieces < nbOccupants / 2 ? SUROCCUPATION_NON_ALLOCATAIRE_SLUG : null;
}

export function isSuroccupation(input: SuroccupationInput): boolean {
  return suroccupationPrecisionSlug(input) !== null;
}
