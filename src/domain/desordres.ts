import data from '../../data/desordres.json' with { type: 'json' };
import type { Qualification } from './competences.ts';

/**
 * The v2 désordres catalogue (data/desordres.json, converted from the reference by scripts/convert-reference.ts).
 * The same rows are loaded into the database (desordre_* tables); scoring and form handling read this copy, which
 * needs no I/O.
 */

export const DESORDRE_ZONES = ['BATIMENT', 'LOGEMENT'] as const;
export type DesordreZone = (typeof DESORDRE_ZONES)[number];

export const APP_CONTEXTS = ['default', 'service_secours'] as const;
export type AppContext = (typeof APP_CONTEXTS)[number];

export interface DesordreCategorie {
  /** Back-office category, e.g. "Aération / humidité". */
  label: string;
  appContext: AppContext;
}

export interface DesordreCritere {
  slugCritere: string;
  /** Usager-facing category (several critères share it). */
  slugCategorie: string;
  labelCategorie: string;
  zoneCategorie: DesordreZone;
  labelCritere: string;
  /** Label of the back-office DesordreCategorie. */
  categorieLabel: string;
  /** Free-text precision asked in the form: for the critère as a whole, or for each of its précisions. */
  precisionLibre?: { type: 'critere' | 'precisions'; label: string };
}

export interface DesordrePrecision {
  slug: string;
  critereSlug: string;
  /** Empty when the précision is the critère itself (no sub-choice). */
  label: string;
  coef: number;
  isDanger: boolean;
  isInsalubrite: boolean;
  isSuroccupation: boolean;
  qualifications: readonly Qualification[];
  /** In the form, this précision excludes the critère's other précisions. */
  isUnique: boolean;
}

export interface DesordresCatalogue {
  categories: readonly DesordreCategorie[];
  criteres: readonly DesordreCritere[];
  precisions: readonly DesordrePrecision[];
}

export const desordresCatalogue: DesordresCatalogue = data as unknown as DesordresCatalogue;

const critereBySlug = new Map(desordresCatalogue.criteres.map((c) => [c.slugCritere, c]));
const precisionBySlug = new Map(desordresCatalogue.precisions.map((p) => [p.slug, p]));
const precisionsByCritere = new Map<string, DesordrePrecision[]>();
for (const p of desordresCatalogue.precisions) {
  const list = precisionsByCritere.get(p.critereSlug);
  if (list) list.push(p);
  else precisionsByCritere.set(p.critereSlug, [p]);
}

/** Precision slugs added by the suroccupation rule (spec §5.1), depending on the household's "allocataire" answer. */
export const SUROCCUPATION_PRECISION_SLUGS = {
  allocataire: 'desordres_type_composition_logement_suroccupation_allocataire',
  nonAllocataire: 'desordres_type_composition_logement_suroccupation_non_allocataire',
} as const;

export function getCritere(slug: string): DesordreCritere | undefined {
  return critereBySlug.get(slug);
}

export function getPrecision(slug: string): DesordrePrecision | undefined {
  return precisionBySlug.get(slug);
}

/** Précisions of a critère, in catalogue order (empty for an unknown slug). */
export function precisionsOfCritere(critereSlug: string): readonly DesordrePrecision[] {
  return precisionsByCritere.get(critereSlug) ?? [];
}

export function critereOfPrecision(precisionSlug: string): DesordreCritere | undefined {
  const precision = precisionBySlug.get(precisionSlug);
  return precision ? critereBySlug.get(precision.critereSlug) : undefined;
}

/** Zone (bâtiment or logement) a précision counts in for the criticité score. */
export function zoneOfPrecision(precisionSlug: string): DesordreZone | undefined {
  return critereOfPrecision(precisionSlug)?.zoneCategorie;
}

/** Critères of a usager-facing category (slugCategorie), in catalogue order. */
export function criteresOfCategorie(slugCategorie: string): readonly DesordreCritere[] {
  return desordresCatalogue.criteres.filter((c) => c.slugCategorie === slugCategorie);
}
