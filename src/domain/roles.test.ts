import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BO_ROLES, hasRole, isBoRole, type Role } from './roles.ts';

test('role hierarchy: each role includes every role below it and none above', () => {
  const expected: Record<Role, string[]> = {
    ROLE_ADMIN: ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER', 'ROLE_ADMIN_TERRITORY', 'ROLE_ADMIN'],
    ROLE_ADMIN_TERRITORY: ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER', 'ROLE_ADMIN_TERRITORY'],
    ROLE_ADMIN_PARTNER: ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER'],
    ROLE_USER_PARTNER: ['ROLE_USER_PARTNER'],
    ROLE_API_USER: [],
  };
  for (const [role, granted] of Object.entries(expected) as [Role, string[]][]) {
    for (const required of BO_ROLES) {
      assert.equal(hasRole(role, required), granted.includes(required), `${role} ⊇ ${required}`);
    }
  }
});

test('API users are not back-office users', () => {
  assert.equal(isBoRole('ROLE_API_USER'), false);
  assert.equal(isBoRole('ROLE_USER_PARTNER'), true);
  assert.equal(isBoRole('ROLE_USAGER'), false);
});
