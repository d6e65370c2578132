import type { BoRole } from './roles.ts';
import type { AffectationStatus, SignalementStatus, SuiviCategory } from './statuts.ts';
import { type AffectationAction, affectationActions, canTransitionAffectation } from './workflow.ts';

/** What the permission rules need to know about an agent. */
export interface Principal {
  role: BoRole | 'ROLE_API_USER';
  partenaires: { id: number; territoireId: number | null }[];
  /** Needed only by author-based rules (own suivi, own upload). */
  id?: number;
  /** Agent flag letting them assign partners (spec §4.1 "Perm"). */
  hasPermissionAffectation?: boolean;
}

/** Statuses hidden from every back-office list and page (spec: excludedStatuses). */
export const HIDDEN_STATUSES = ['ARCHIVED', 'DRAFT', 'DRAFT_ARCHIVED'] as const;

export type SignalementScope =
  | { kind: 'all' }
  | { kind: 'territoires'; territoireIds: number[] }
  | { kind: 'partenaires'; partenaireIds: number[] }
  | { kind: 'none' };

/**
 * Which dossiers an agent may see: super admins all of them; responsables de territoire those of the
 * territories where they have a partner; agents and partner admins those affected to one of their partners.
 */
export function signalementScope(p: Principal): SignalementScope {
  switch (p.role) {
    case 'ROLE_ADMIN':
      return { kind: 'all' };
    case 'ROLE_ADMIN_TERRITORY': {
      const ids = [
        ...new Set(p.partenaires.map((x) => x.territoireId).filter((x): x is number => x !== null)),
      ];
      return ids.length ? { kind: 'territoires', territoireIds: ids } : { kind: 'none' };
    }
    case 'ROLE_ADMIN_PARTNER':
    case 'ROLE_USER_PARTNER': {
      const ids = p.partenaires.map((x) => x.id);
      return ids.length ? { kind: 'partenaires', partenaireIds: ids } : { kind: 'none' };
    }
    default:
      return { kind: 'none' };
  }
}

export interface SignalementTarget {
  statut: string;
  territoireId: number;
  /** Partners that have an affectation on the dossier, whatever its status. */
  affectedPartenaireIds: number[];
}

export function canViewSignalement(p: Principal, s: SignalementTarget): boolean {
  if ((HIDDEN_STATUSES as readonly string[]).includes(s.statut)) return false;
  const scope = signalementScope(p);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'territoires':
      return scope.territoireIds.includes(s.territoireId);
    case 'partenaires':
      return s.affectedPartenaireIds.some((id) => scope.partenaireIds.includes(id));
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// can(principal, action, target): the back-office permission matrix (spec histologe-domain §4.2)

export const POLICY_ACTIONS = [
  'SIGN_VIEW',
  'SIGN_VALIDATE',
  'SIGN_CLOSE',
  'SIGN_REOPEN',
  'SIGN_DELETE',
  'SIGN_RESTORE',
  'SIGN_EDIT',
  'SIGN_CREATE_SUIVI',
  'SIGN_AFFECTATION_SEE',
  'SIGN_AFFECTATION_TOGGLE',
  'AFFECTATION_ANSWER',
  'AFFECTATION_REINIT',
  'SUIVI_EDIT',
  'SUIVI_DELETE',
  'FILE_UPLOAD',
  'FILE_EDIT',
  'FILE_DELETE',
  'SIGN_SUBSCRIBE',
  'TAGS_EDIT',
] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export interface PolicyAffectation {
  partenaireId: number;
  statut: AffectationStatus;
  /**
   * Synchronised with Esabora (`isSynchronizeWithEsabora()`: partner type ARS, COMMUNE_SCHS or EPCI and
   * `isSynchronized`): the answer then comes from the external system, never from the back-office.
   */
  isSynchronized?: boolean;
}

/** Minutes during which the author of a partner message may still edit or delete it. */
export const DELAY_SUIVI_EDITABLE_IN_MINUTES = 20;

/** Files whose edition follows other rules (the visit report, the bailleur's message attachments). */
export type PolicyFileKind = 'DOCUMENT' | 'RAPPORT_VISITE' | 'MESSAGE_BAILLEUR';

export interface PolicyTarget {
  statut: SignalementStatus;
  territoireId: number;
  /** Every affectation of the dossier, whatever its status. */
  affectations: PolicyAffectation[];
  /**
   * AFFECTATION_ANSWER / AFFECTATION_REINIT: the affectation acted upon. When absent, ANSWER looks at the
   * principal's own partner's affectation and REINIT at any affectation of the dossier.
   */
  affectation?: PolicyAffectation;
  /** AFFECTATION_ANSWER: the transition wanted; when absent, "may answer at all". */
  affectationAction?: Exclude<AffectationAction, 'REINIT'>;
  /** SUIVI_EDIT / SUIVI_DELETE. `waitingNotification` defaults to true (edition window still open). */
  suivi?: {
    authorId: number | null;
    category: SuiviCategory;
    createdAt: Date;
    waitingNotification?: boolean;
  };
  /** Reference time for the suivi edition window; the policy never reads the clock itself. */
  now?: Date;
  /** FILE_EDIT / FILE_DELETE. `uploaderTerritoireId` is null for files from the usager. */
  file?: { uploadedById: number | null; uploaderTerritoireId: number | null; kind?: PolicyFileKind };
}

export type Decision = 'ALLOW' | 'FORBIDDEN' | 'NOT_FOUND';

const is = (s: SignalementStatus, ...list: SignalementStatus[]): boolean => list.includes(s);

function toViewTarget(t: PolicyTarget): SignalementTarget {
  return {
    statut: t.statut,
    territoireId: t.territoireId,
    affectedPartenaireIds: t.affectations.map((a) => a.partenaireId),
  };
}

/**
 * Whether the dossier exists for this principal. The only exception to the hidden statuses is the super
 * admin's "signalements archivés" page, from which ARCHIVED dossiers are restored.
 */
function isVisible(p: Principal, action: PolicyAction, t: PolicyTarget): boolean {
  if (action === 'SIGN_RESTORE' && p.role === 'ROLE_ADMIN' && t.statut === 'ARCHIVED') return true;
  return canViewSignalement(p, toViewTarget(t));
}

/** Facts of the legend of §4.2, computed once per check. */
function facts(p: Principal, t: PolicyTarget) {
  const sa = p.role === 'ROLE_ADMIN';
  const inTerritory = p.partenaires.some((x) => x.territoireId === t.territoireId);
  const rtT = p.role === 'ROLE_ADMIN_TERRITORY' && inTerritory;
  const partnerRole = p.role === 'ROLE_ADMIN_PARTNER' || p.role === 'ROLE_USER_PARTNER';
  const partnerIds = p.partenaires.map((x) => x.id);
  const own = t.affectations.filter((a) => partnerIds.includes(a.partenaireId));
  const acc = own.some((a) => a.statut === 'EN_COURS');
  // Agents and partner admins act on dossiers through their (accepted) affectation.
  const agentAcc = partnerRole && inTerritory && acc;
  const agentPerm = partnerRole && inTerritory && p.hasPermissionAffectation === true;
  return { sa, rtT, partnerRole, partnerIds, own, agentAcc, agentPerm };
}

function canAnswerAffectation(t: PolicyTarget, partnerIds: number[]): boolean {
  if (!is(t.statut, 'ACTIVE', 'INJONCTION_BAILLEUR')) return false;
  const candidates = t.affectation
    ? [t.affectation]
    : t.affectations.filter((a) => partnerIds.includes(a.partenaireId));
  return candidates.some((a) => {
    // SA and RT answer only for their own partner, exactly like agents.
    if (!partnerIds.includes(a.partenaireId) || a.isSynchronized === true) return false;
    if (t.affectationAction) return canTransitionAffectation(a.statut, t.affectationAction) !== null;
    return affectationActions(a.statut).some((x) => x !== 'REINIT');
  });
}

function isOwnEditableSuivi(p: Principal, t: PolicyTarget): boolean {
  const s = t.suivi;
  if (!s || !t.now || p.id === undefined || s.authorId !== p.id) return false;
  if (s.category !== 'MESSAGE_PARTNER' || s.waitingNotification === false) return false;
  const ageMs = t.now.getTime() - s.createdAt.getTime();
  return ageMs >= 0 && ageMs < DELAY_SUIVI_EDITABLE_IN_MINUTES * 60_000;
}

function rule(p: Principal, action: PolicyAction, t: PolicyTarget): boolean {
  const f = facts(p, t);
  const admin = f.sa || f.rtT;
  const st = t.statut;
  switch (action) {
    case 'SIGN_VIEW':
      return true;
    case 'SIGN_VALIDATE':
      return admin && st === 'NEED_VALIDATION';
    case 'SIGN_CLOSE':
      return admin && st === 'ACTIVE';
    case 'SIGN_REOPEN':
    case 'SIGN_DELETE':
      return admin && is(st, 'CLOSED', 'REFUSED');
    case 'SIGN_RESTORE':
      return f.sa && st === 'ARCHIVED';
    case 'SIGN_EDIT':
      if (f.sa) return true;
      if (f.rtT) return is(st, 'ACTIVE', 'NEED_VALIDATION', 'CLOSED', 'INJONCTION_BAILLEUR');
      return f.agentAcc && is(st, 'ACTIVE', 'INJONCTION_BAILLEUR');
    case 'SIGN_CREATE_SUIVI':
      return (admin || f.agentAcc) && is(st, 'ACTIVE', 'INJONCTION_BAILLEUR');
    case 'SIGN_AFFECTATION_SEE':
      return (admin || f.agentPerm) && st !== 'NEED_VALIDATION';
    case 'SIGN_AFFECTATION_TOGGLE':
      return (admin || f.agentPerm) && is(st, 'ACTIVE', 'INJONCTION_BAILLEUR');
    case 'AFFECTATION_ANSWER':
      return canAnswerAffectation(t, f.partnerIds);
    case 'AFFECTATION_REINIT': {
      if (!admin || !is(st, 'ACTIVE', 'INJONCTION_BAILLEUR')) return false;
      const candidates = t.affectation ? [t.affectation] : t.affectations;
      return candidates.some((a) => canTransitionAffectation(a.statut, 'REINIT') !== null);
    }
    case 'SUIVI_EDIT':
      return isOwnEditableSuivi(p, t);
    case 'SUIVI_DELETE':
      return (f.sa && t.suivi !== undefined) || isOwnEditableSuivi(p, t);
    case 'FILE_UPLOAD':
      if (f.sa) return true;
      if (f.rtT) return is(st, 'ACTIVE', 'INJONCTION_BAILLEUR', 'CLOSED');
      return f.agentAcc && is(st, 'ACTIVE', 'INJONCTION_BAILLEUR');
    case 'FILE_EDIT': {
      const file = t.file;
      if (!file || file.kind === 'RAPPORT_VISITE' || file.kind === 'MESSAGE_BAILLEUR') return false;
      return admin || (p.id !== undefined && file.uploadedById === p.id);
    }
    case 'FILE_DELETE': {
      const file = t.file;
      if (!file) return false;
      if (f.sa) return true;
      const own = p.id !== undefined && file.uploadedById === p.id;
      // A visit report is deleted through the visit, which agents only reach via their intervention.
      if (file.kind === 'RAPPORT_VISITE') return f.rtT;
      return own || (f.rtT && file.uploaderTerritoireId === t.territoireId);
    }
    case 'SIGN_SUBSCRIBE':
      return !is(st, 'CLOSED', 'INJONCTION_BAILLEUR');
    case 'TAGS_EDIT':
      // Agents derive this right from SIGN_EDIT_ACTIVE, hence ACTIVE only for them.
      return (admin && is(st, 'ACTIVE', 'CLOSED')) || (f.agentAcc && st === 'ACTIVE');
  }
}

/** True when `p` may perform `action` on the dossier `t` (which implies seeing it). */
export function can(p: Principal, action: PolicyAction, t: PolicyTarget): boolean {
  return decide(p, action, t) === 'ALLOW';
}

/**
 * Like `can`, but tells the caller how to refuse: NOT_FOUND whenever the dossier is outside the principal's
 * view (answer 404 so its existence is not revealed), FORBIDDEN when it is visible but the action is not.
 */
export function decide(p: Principal, action: PolicyAction, t: PolicyTarget): Decision {
  if (!isVisible(p, action, t)) return 'NOT_FOUND';
  return rule(p, action, t) ? 'ALLOW' : 'FORBIDDEN';
}
