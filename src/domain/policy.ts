import type { BoRole } from './roles.ts';

/** What the permission rules need to know about an agent. */
export interface Principal {
  role: BoRole | 'ROLE_API_USER';
  partenaires: { id: number; territoireId: number | null }[];
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
