/**
 * Suspected qualifications ("procédures suspectées") of a v2 signalement, computed from its désordres and score
 * (spec histologe-domain §5.2), and the status of the non-décence énergétique (NDE) qualification (§5.3).
 * Pure functions: the caller persists the result (replacing every non-post-visite qualification).
 */

import type { Qualification } from './competences.ts';

export { PROCEDURES_SUSPECTEES, QUALIFICATIONS, type Qualification } from './competences.ts';

export const QUALIFICATION_STATUSES = [
  'ARCHIVED',
  'DANGER_CHECK',
  'SUROCCUPATION_CHECK',
  'ASSURANTIEL_CHECK',
  'INSALUBRITE_CHECK',
  'INSALUBRITE_AVEREE',
  'INSALUBRITE_MANQUEMENT_CHECK',
  'MISE_EN_SECURITE_PERIL_CHECK',
  'MISE_EN_SECURITE_PERIL_AVEREE',
  'NDE_AVEREE',
  'NDE_OK',
  'NDE_CHECK',
  'NON_DECENCE_CHECK',
  'NON_DECENCE_AVEREE',
  'RSD_CHECK',
  'RSD_AVEREE',
  'SALETE_CHECK',
  'SALETE_AVEREE',
] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

export type NdeStatus = Extract<QualificationStatus, 'NDE_CHECK' | 'NDE_AVEREE' | 'NDE_OK'>;

/** Above this final consumption (kWh/m²/year) a dwelling is not decent (décret 2021-19). */
export const NDE_CONSO_LIMIT = 450;

export interface QualifyingPrecision {
  id: number;
  slug: string;
  /** Qualification names carried by the précision in the catalogue. */
  qualifications: readonly string[];
  isDanger: boolean;
  isInsalubrite: boolean;
  isSuroccupation: boolean;
}

/** DPE information known about the dwelling, already normalised (see `ndeInputFromComposition`). */
export interface DpeInput {
  /** Is there a DPE? null when the usager does not know. */
  dpe: boolean | null;
  classe: string | null;
  /** As declared: a yearly total for a DPE before 2023, per m² after. */
  consommation: number | null;
  /** 'before2023' | 'post2023' as the v2 form asks it, or the DPE date (ISO string or Date). */
  dateDernierDpe: string | Date | null;
  superficie: number | null;
}

/** Stored in `signalement_qualification.details`, with camelCase keys like the other JSON columns. */
export interface NdeDetails {
  dpe: boolean | null;
  consommationEnergie: number | null;
  dateDernierDpe: string | null;
  classeEnergetique: string | null;
}

export interface SuspectedQualification {
  qualification: Qualification;
  status: QualificationStatus;
  /** Ids of the précisions that triggered it (empty when it comes from the score or the DPE alone). */
  desordrePrecisionIds: number[];
  details?: NdeDetails;
}

export interface QualificationInput {
  precisions: readonly QualifyingPrecision[];
  score: number;
  /** `informationProcedure.infoProcedureAssuranceContactee` ('oui' | 'non' | 'nsp' | 'pas_assurance_logement'). */
  infoProcedureAssuranceContactee?: string | null;
  dpe?: DpeInput | null;
}

const idsCarrying = (precisions: readonly QualifyingPrecision[], qualification: Qualification) =>
  precisions.filter((p) => p.qualifications.includes(qualification)).map((p) => p.id);

/**
 * Rebuilds the suspected qualifications, in a stable order: those carried by the précisions, then the score
 * band, suroccupation, danger and NDE. Score bands are closed on the right: 10 is still the lowest band,
 * 10.01 the next one.
 */
export function computeSuspectedQualifications(input: QualificationInput): SuspectedQualification[] {
  const { precisions, score } = input;
  const carried = new Set<string>(precisions.flatMap((p) => p.qualifications));
  const insalubriteObligatoire = precisions.some((p) => p.isInsalubrite);
  const out: SuspectedQualification[] = [];
  const add = (qualification: Qualification, status: QualificationStatus, ids?: number[]) => {
    out.push({ qualification, status, desordrePrecisionIds: ids ?? idsCarrying(precisions, qualification) });
  };

  if (carried.has('NON_DECENCE')) add('NON_DECENCE', 'NON_DECENCE_CHECK');
  if (carried.has('RSD')) add('RSD', 'RSD_CHECK');
  if (carried.has('SALETE')) add('SALETE', 'SALETE_CHECK');

  if (score >= 0 && score <= 10) {
    if (insalubriteObligatoire) add('INSALUBRITE', 'INSALUBRITE_CHECK');
    // A water leak is first a matter for the home insurance, unless the usager already contacted it.
    if (carried.has('ASSURANTIEL') && input.infoProcedureAssuranceContactee !== 'oui') {
      add('ASSURANTIEL', 'ASSURANTIEL_CHECK');
    }
  } else if (score > 10 && score <= 30) {
    add('INSALUBRITE', insalubriteObligatoire ? 'INSALUBRITE_CHECK' : 'INSALUBRITE_MANQUEMENT_CHECK');
  } else if (score > 30 && score <= 50) {
    add('INSALUBRITE', 'INSALUBRITE_CHECK');
  } else {
    if (carried.has('MISE_EN_SECURITE_PERIL')) add('MISE_EN_SECURITE_PERIL', 'MISE_EN_SECURITE_PERIL_CHECK');
    add('INSALUBRITE', 'INSALUBRITE_CHECK');
  }

  const suroccupation = precisions.filter((p) => p.isSuroccupation).map((p) => p.id);
  if (suroccupation.length) add('SUROCCUPATION', 'SUROCCUPATION_CHECK', suroccupation);

  const danger = precisions.filter((p) => p.isDanger).map((p) => p.id);
  if (danger.length) add('DANGER', 'DANGER_CHECK', danger);

  const nde = idsCarrying(precisions, 'NON_DECENCE_ENERGETIQUE');
  const classeG = normaliseClasse(input.dpe?.classe) === 'G';
  if (nde.length || classeG) {
    const dpe = input.dpe ?? null;
    out.push({
      qualification: 'NON_DECENCE_ENERGETIQUE',
      status: ndeStatus(dpe, nde.length > 0),
      desordrePrecisionIds: nde,
      details: {
        dpe: dpe?.dpe ?? null,
        consommationEnergie: dpe?.consommation ?? null,
        dateDernierDpe: dpe?.dateDernierDpe == null ? null : dateToString(dpe.dateDernierDpe),
        classeEnergetique: normaliseClasse(dpe?.classe),
      },
    });
  }
  return out;
}

function normaliseClasse(classe: string | null | undefined): string | null {
  const c = classe?.trim().toUpperCase();
  return c ? c : null;
}

function dateToString(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

/** True when the DPE was made under the pre-2023 method, whose consumption was declared as a yearly total. */
export function isDpeBefore2023(date: string | Date | null | undefined): boolean {
  if (date == null || date === '') return false;
  if (date === 'before2023') return true;
  if (date === 'post2023') return false;
  const d = date instanceof Date ? date : new Date(date);
  return !Number.isNaN(d.getTime()) && d.getUTCFullYear() < 2023;
}

/**
 * NDE status (spec §5.3). Without knowing whether a DPE exists nothing can be concluded; without a DPE the
 * dwelling is non-decent. Otherwise the final consumption per m² decides, with the G class and the declared
 * heating désordres keeping the case open when the consumption is unknown or within the limit.
 */
export function ndeStatus(dpe: DpeInput | null, hasLinkedDesordres: boolean): NdeStatus {
  if (dpe == null || dpe.dpe == null) return 'NDE_CHECK';
  if (dpe.dpe === false) return 'NDE_AVEREE';

  let conso = dpe.consommation;
  if (conso != null && isDpeBefore2023(dpe.dateDernierDpe) && dpe.superficie != null && dpe.superficie > 0) {
    conso = conso / dpe.superficie;
  }
  if (conso != null && conso > NDE_CONSO_LIMIT) return 'NDE_AVEREE';

  const classeG = normaliseClasse(dpe.classe) === 'G';
  if (conso != null && !classeG) return 'NDE_OK';
  if (conso == null && !classeG && !hasLinkedDesordres) return 'NDE_OK';
  return 'NDE_CHECK';
}

/** 'oui' / 'non' / true / false / '1' / '0' → boolean; anything else (including 'nsp') → unknown. */
export function parseDpeAnswer(value: unknown): boolean | null {
  if (value === true || value === 'oui' || value === '1' || value === 1) return true;
  if (value === false || value === 'non' || value === '0' || value === 0) return false;
  return null;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(',', '.').replace(/\s/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * Reads the DPE answers of the v2 form (`typeCompositionLogement`). A pre-2023 DPE states a yearly total
 * (`…DpeConso`), a newer one the final consumption per m² (`…DpeConsoFinale`); which one is used follows
 * the year the usager gave.
 */
export function ndeInputFromComposition(
  typeCompositionLogement: Record<string, unknown> | null | undefined,
  superficie: number | null | undefined,
): DpeInput {
  const t = typeCompositionLogement ?? {};
  const before2023 = t.desordresLogementChauffageDetailsDpeAnnee === 'before2023';
  const classe = t.bailDpeClasseEnergetique;
  return {
    dpe: parseDpeAnswer(t.bailDpeDpe),
    classe: typeof classe === 'string' && classe !== 'nsp' ? classe : null,
    consommation: toNumber(
      before2023
        ? t.desordresLogementChauffageDetailsDpeConso
        : t.desordresLogementChauffageDetailsDpeConsoFinale,
    ),
    dateDernierDpe: before2023 ? 'before2023' : 'post2023',
    superficie: superficie ?? null,
  };
}
