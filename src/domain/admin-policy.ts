import type { Principal } from './policy.ts';
import { type Role, roleLevel } from './roles.ts';

/**
 * Who may administer what in the back-office (spec histologe-domain §4.2, admin rows). Pure: the services load
 * the target (territory, partners, role of the account) and ask here before acting.
 *
 * - Super admin: everything, everywhere.
 * - Responsable de territoire: users, partners, tags, zones and rules of the territories where they have a
 *   partner; never territories themselves; never a super admin account.
 * - Administrateur partenaire: the users of their own partner(s) (list, create, edit, resend activation) and
 *   their own partner's page (PARTNER_EDIT, not the list); nothing else.
 * - Agent: nothing.
 * Roles given or edited are always at most the actor's own level; reactivating an account is for super admins.
 */
export const ADMIN_ACTIONS = [
  'USER_LIST',
  'USER_CREATE',
  'USER_EDIT',
  'USER_RESEND_ACTIVATION',
  'USER_DEACTIVATE',
  'USER_ARCHIVE',
  'USER_REACTIVATE',
  'USER_GRANT_AFFECTATION',
  'PARTNER_LIST',
  'PARTNER_CREATE',
  'PARTNER_EDIT',
  'PARTNER_ARCHIVE',
  'TAG_MANAGE',
  'ZONE_MANAGE',
  'RULE_MANAGE',
  'TERRITORY_MANAGE',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/**
 * What the action is about. Leave out what does not apply: a list page needs no target (can the user open
 * it at all?), a territory-wide action gives `territoireId`, a partner action `partenaire`, a user action the
 * account's `partenaires` and `role` (and `newRole` when a role is given).
 */
export interface AdminTarget {
  territoireId?: number | null;
  partenaire?: { id: number; territoireId: number | null };
  /** The account's partners (for USER_CREATE: the chosen partners, all of which must be in scope). */
  partenaires?: { id: number; territoireId: number | null }[];
  /** Current role of the account acted upon. */
  role?: Role;
  /** Role being given (create or edit). */
  newRole?: Role;
}

export function adminTerritoireIds(p: Principal): number[] {
  return [...new Set(p.partenaires.map((x) => x.territoireId).filter((x): x is number => x !== null))];
}

const inTerritory = (p: Principal, territoireId: number | null | undefined) =>
  territoireId != null && adminTerritoireIds(p).includes(territoireId);
const ownPartner = (p: Principal, partenaireId: number) => p.partenaires.some((x) => x.id === partenaireId);

/** A role the actor may give: at most their own, never the API role. */
export function canAssignRole(p: Principal, role: Role): boolean {
  if (role === 'ROLE_API_USER' || p.role === 'ROLE_API_USER') return false;
  return roleLevel(role) <= roleLevel(p.role);
}

function userInScope(p: Principal, t: AdminTarget, every: boolean): boolean {
  const parts = t.partenaires ?? [];
  if (!parts.length) return false;
  const ok = (x: { id: number; territoireId: number | null }) =>
    p.role === 'ROLE_ADMIN_TERRITORY' ? inTerritory(p, x.territoireId) : ownPartner(p, x.id);
  return every ? parts.every(ok) : parts.some(ok);
}

function userRoleOk(p: Principal, t: AdminTarget): boolean {
  if (t.role && (t.role === 'ROLE_ADMIN' || t.role === 'ROLE_API_USER')) return false;
  if (t.role && roleLevel(t.role) > roleLevel(p.role)) return false;
  if (t.newRole && !canAssignRole(p, t.newRole)) return false;
  return true;
}

export function canAdminister(p: Principal, action: AdminAction, target: AdminTarget = {}): boolean {
  if (p.role === 'ROLE_ADMIN') {
    // Super admins act on everyone, but nobody gives or edits the API role here.
    if (target.newRole === 'ROLE_API_USER' || target.role === 'ROLE_API_USER') return false;
    return true;
  }
  const rt = p.role === 'ROLE_ADMIN_TERRITORY';
  const ap = p.role === 'ROLE_ADMIN_PARTNER';
  if (!rt && !ap) return false;
  const hasTarget = target.partenaires !== undefined || target.role !== undefined;

  switch (action) {
    case 'USER_LIST':
      return hasTarget ? userInScope(p, target, false) && userRoleOk(p, target) : true;
    case 'USER_CREATE':
      if (!hasTarget && target.newRole === undefined) return true;
      return userInScope(p, target, true) && userRoleOk(p, target);
    case 'USER_EDIT':
    case 'USER_RESEND_ACTIVATION':
      return userInScope(p, target, false) && userRoleOk(p, target);
    case 'USER_DEACTIVATE':
    case 'USER_ARCHIVE':
    case 'USER_GRANT_AFFECTATION':
      return rt && userInScope(p, target, false) && userRoleOk(p, target);
    case 'USER_REACTIVATE':
      return false;
    case 'PARTNER_LIST':
      // The list of partners; an admin partenaire reaches only their own partner's page (PARTNER_EDIT).
      return rt;
    case 'PARTNER_CREATE':
      return rt && (target.territoireId === undefined || inTerritory(p, target.territoireId));
    case 'PARTNER_EDIT':
      if (!target.partenaire) return false;
      return rt ? inTerritory(p, target.partenaire.territoireId) : ownPartner(p, target.partenaire.id);
    case 'PARTNER_ARCHIVE':
      return rt && target.partenaire !== undefined && inTerritory(p, target.partenaire.territoireId);
    case 'TAG_MANAGE':
    case 'ZONE_MANAGE':
    case 'RULE_MANAGE':
      return rt && (target.territoireId === undefined || inTerritory(p, target.territoireId));
    case 'TERRITORY_MANAGE':
      return false;
    default:
      return false;
  }
}
