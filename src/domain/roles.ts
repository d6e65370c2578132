/**
 * Back-office roles and their hierarchy: super admin ⊃ responsable territoire ⊃ admin partenaire ⊃ agent.
 * API users sit outside the hierarchy and never reach the back-office.
 */
export const BO_ROLES = [
  'ROLE_USER_PARTNER',
  'ROLE_ADMIN_PARTNER',
  'ROLE_ADMIN_TERRITORY',
  'ROLE_ADMIN',
] as const;
export type BoRole = (typeof BO_ROLES)[number];
export type Role = BoRole | 'ROLE_API_USER';

export const ROLE_LABELS: Record<Role, string> = {
  ROLE_ADMIN: 'Super administrateur',
  ROLE_ADMIN_TERRITORY: 'Responsable de territoire',
  ROLE_ADMIN_PARTNER: 'Administrateur partenaire',
  ROLE_USER_PARTNER: 'Agent',
  ROLE_API_USER: 'Utilisateur API',
};

export function roleLevel(role: Role): number {
  return role === 'ROLE_API_USER' ? -1 : BO_ROLES.indexOf(role);
}

/** True when `role` includes the rights of `required` (the hierarchy is inclusive). */
export function hasRole(role: Role, required: BoRole): boolean {
  return roleLevel(role) >= roleLevel(required);
}

export function isBoRole(role: string): role is BoRole {
  return (BO_ROLES as readonly string[]).includes(role);
}
