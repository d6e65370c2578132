/**
 * Signalement and affectation lifecycles (spec histologe-domain §3.1–§3.2) as data. The original code spreads
 * these rules over controllers and managers; keeping them in one table lets services, voters and the UI
 * (which buttons to show) agree on what is possible.
 */

import {
  type AffectationStatus,
  MOTIFS_CLOTURE_V1,
  MOTIFS_REFUS,
  MOTIFS_REFUS_SIGNALEMENT,
  type MotifCloture,
  type MotifRefus,
  type SignalementStatus,
} from './statuts.ts';

// ---------------------------------------------------------------------------------------------------------
// Signalement

export const SIGNALEMENT_ACTIONS = ['VALIDATE', 'REFUSE', 'CLOSE', 'REOPEN', 'ARCHIVE', 'RESTORE'] as const;
export type SignalementAction = (typeof SIGNALEMENT_ACTIONS)[number];

/** action → (from → to). Statuses absent from an action's map cannot take it. */
export const SIGNALEMENT_TRANSITIONS: Record<
  SignalementAction,
  Partial<Record<SignalementStatus, SignalementStatus>>
> = {
  VALIDATE: { NEED_VALIDATION: 'ACTIVE' },
  REFUSE: { NEED_VALIDATION: 'REFUSED' },
  CLOSE: { ACTIVE: 'CLOSED' },
  REOPEN: { CLOSED: 'ACTIVE', REFUSED: 'ACTIVE' },
  ARCHIVE: { CLOSED: 'ARCHIVED', REFUSED: 'ARCHIVED' },
  RESTORE: { ARCHIVED: 'ACTIVE' },
};

/** The status reached by applying `action`, or null when the lifecycle forbids it from `from`. */
export function canTransitionSignalement(
  from: SignalementStatus,
  action: SignalementAction,
): SignalementStatus | null {
  return SIGNALEMENT_TRANSITIONS[action][from] ?? null;
}

/** Actions the lifecycle allows from `statut` (who may take them is the policy's business). */
export function signalementActions(statut: SignalementStatus): SignalementAction[] {
  return SIGNALEMENT_ACTIONS.filter((a) => canTransitionSignalement(statut, a) !== null);
}

// ---------------------------------------------------------------------------------------------------------
// Affectation

export const AFFECTATION_ACTIONS = [
  'ACCEPT',
  'REFUSE',
  'CLOSE',
  'REOPEN',
  'CANCEL_REFUSAL',
  'REINIT',
] as const;
export type AffectationAction = (typeof AFFECTATION_ACTIONS)[number];

export const AFFECTATION_TRANSITIONS: Record<
  AffectationAction,
  Partial<Record<AffectationStatus, AffectationStatus>>
> = {
  ACCEPT: { NOUVEAU: 'EN_COURS' },
  REFUSE: { NOUVEAU: 'REFUSE' },
  CLOSE: { EN_COURS: 'FERME' },
  REOPEN: { FERME: 'NOUVEAU' },
  CANCEL_REFUSAL: { REFUSE: 'EN_COURS' },
  // Reinit deletes and recreates the affectation, so new-affectation notifications go out again.
  REINIT: { FERME: 'NOUVEAU', REFUSE: 'NOUVEAU' },
};

/** Actions whose effect is to delete the affectation and create a fresh one rather than update it. */
export const AFFECTATION_ACTIONS_RECREATE: readonly AffectationAction[] = ['REINIT'];

export function canTransitionAffectation(
  from: AffectationStatus,
  action: AffectationAction,
): AffectationStatus | null {
  return AFFECTATION_TRANSITIONS[action][from] ?? null;
}

export function affectationActions(statut: AffectationStatus): AffectationAction[] {
  return AFFECTATION_ACTIONS.filter((a) => canTransitionAffectation(statut, a) !== null);
}

/**
 * "Clôturer pour tous" closes every affectation that is still open on the partner side: refused ones keep
 * their refusal (it carries a motif of its own) and closed ones keep their original closing motif.
 */
export function affectationClosedByCloseAll(statut: AffectationStatus): boolean {
  return statut !== 'FERME' && statut !== 'REFUSE';
}

/** Indices of `statuts` that "close for all" must set to FERME, in order. */
export function affectationsToCloseForAll(statuts: readonly AffectationStatus[]): number[] {
  return statuts.flatMap((s, i) => (affectationClosedByCloseAll(s) ? [i] : []));
}

/** Reopening the whole dossier resets every affectation to NOUVEAU, whatever its status (§3.1 row 6). */
export const AFFECTATION_STATUS_AFTER_REOPEN_ALL: AffectationStatus = 'NOUVEAU';

// ---------------------------------------------------------------------------------------------------------
// Motives per action

export const SIGNALEMENT_REFUSAL_MOTIFS: readonly MotifRefus[] = MOTIFS_REFUS_SIGNALEMENT;
/** Every MotifRefus may justify an agent's refusal of an affectation, HORS_PDLHI included (issue 4). */
export const AFFECTATION_REFUSAL_MOTIFS: readonly MotifRefus[] = MOTIFS_REFUS;
/** "Close for all" and the v1 partner closing share the same modal, hence the same motives. */
export const CLOSURE_MOTIFS: readonly MotifCloture[] = MOTIFS_CLOTURE_V1;

export function signalementMotifsFor(action: SignalementAction): readonly string[] {
  if (action === 'REFUSE') return SIGNALEMENT_REFUSAL_MOTIFS;
  if (action === 'CLOSE') return CLOSURE_MOTIFS;
  return [];
}

export function affectationMotifsFor(action: AffectationAction): readonly string[] {
  if (action === 'REFUSE') return AFFECTATION_REFUSAL_MOTIFS;
  if (action === 'CLOSE') return CLOSURE_MOTIFS;
  return [];
}

/** True when `motif` is acceptable for `action`; actions that take no motive accept none. */
export function isMotifAllowed(
  kind: 'signalement' | 'affectation',
  action: SignalementAction | AffectationAction,
  motif: string,
): boolean {
  const list =
    kind === 'signalement'
      ? (SIGNALEMENT_ACTIONS as readonly string[]).includes(action)
        ? signalementMotifsFor(action as SignalementAction)
        : []
      : (AFFECTATION_ACTIONS as readonly string[]).includes(action)
        ? affectationMotifsFor(action as AffectationAction)
        : [];
  return list.includes(motif);
}
