import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ADMIN_ACTIONS,
  type AdminAction,
  type AdminTarget,
  canAdminister,
  canAssignRole,
} from './admin-policy.ts';
import type { Principal } from './policy.ts';
import { BO_ROLES, type Role } from './roles.ts';

// Territory 1 holds partners 11 (the actor's) and 12; territory 2 holds partner 21.
const P11 = { id: 11, territoireId: 1 };
const P12 = { id: 12, territoireId: 1 };
const P21 = { id: 21, territoireId: 2 };
const actor = (role: Principal['role']): Principal => ({ role, partenaires: [P11] });

type Where = 'ownPartner' | 'sameTerritory' | 'otherTerritory';
const WHERE: Record<Where, { id: number; territoireId: number }> = {
  ownPartner: P11,
  sameTerritory: P12,
  otherTerritory: P21,
};

function targetFor(action: AdminAction, where: Where): AdminTarget {
  const p = WHERE[where];
  if (action.startsWith('USER_')) return { partenaires: [p], role: 'ROLE_USER_PARTNER' };
  if (action.startsWith('PARTNER_')) return { partenaire: p, territoireId: p.territoireId };
  return { territoireId: p.territoireId };
}

type Row = [sa: string, rt: string, ap: string, agent: string];
// Each cell: allowed or not for ownPartner / sameTerritory / otherTerritory ("YYN" = yes, yes, no).
const MATRIX: Record<AdminAction, Row> = {
  USER_LIST: ['YYY', 'YYN', 'YNN', 'NNN'],
  USER_CREATE: ['YYY', 'YYN', 'YNN', 'NNN'],
  USER_EDIT: ['YYY', 'YYN', 'YNN', 'NNN'],
  USER_RESEND_ACTIVATION: ['YYY', 'YYN', 'YNN', 'NNN'],
  USER_DEACTIVATE: ['YYY', 'YYN', 'NNN', 'NNN'],
  USER_ARCHIVE: ['YYY', 'YYN', 'NNN', 'NNN'],
  USER_REACTIVATE: ['YYY', 'NNN', 'NNN', 'NNN'],
  USER_GRANT_AFFECTATION: ['YYY', 'YYN', 'NNN', 'NNN'],
  PARTNER_LIST: ['YYY', 'YYY', 'NNN', 'NNN'],
  PARTNER_CREATE: ['YYY', 'YYN', 'NNN', 'NNN'],
  PARTNER_EDIT: ['YYY', 'YYN', 'YNN', 'NNN'],
  PARTNER_ARCHIVE: ['YYY', 'YYN', 'NNN', 'NNN'],
  TAG_MANAGE: ['YYY', 'YYN', 'NNN', 'NNN'],
  ZONE_MANAGE: ['YYY', 'YYN', 'NNN', 'NNN'],
  RULE_MANAGE: ['YYY', 'YYN', 'NNN', 'NNN'],
  TERRITORY_MANAGE: ['YYY', 'NNN', 'NNN', 'NNN'],
};
const ROLES_IN_ORDER: Principal['role'][] = [
  'ROLE_ADMIN',
  'ROLE_ADMIN_TERRITORY',
  'ROLE_ADMIN_PARTNER',
  'ROLE_USER_PARTNER',
];

test('every role × every admin action × own partner / same territory / other territory', () => {
  assert.deepEqual(Object.keys(MATRIX).sort(), [...ADMIN_ACTIONS].sort(), 'the table covers every action');
  for (const action of ADMIN_ACTIONS) {
    ROLES_IN_ORDER.forEach((role, i) => {
      const expected = MATRIX[action][i]!;
      (['ownPartner', 'sameTerritory', 'otherTerritory'] as Where[]).forEach((where, j) => {
        assert.equal(
          canAdminister(actor(role), action, targetFor(action, where)),
          expected[j] === 'Y',
          `${role} ${action} ${where}`,
        );
      });
    });
  }
});

test('API users administer nothing', () => {
  for (const action of ADMIN_ACTIONS) {
    assert.equal(canAdminister(actor('ROLE_API_USER'), action, targetFor(action, 'ownPartner')), false);
  }
});

test('roles given are at most the actor’s own; the API role is never given here', () => {
  const expected: Record<string, Role[]> = {
    ROLE_ADMIN: ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER', 'ROLE_ADMIN_TERRITORY', 'ROLE_ADMIN'],
    ROLE_ADMIN_TERRITORY: ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER', 'ROLE_ADMIN_TERRITORY'],
    ROLE_ADMIN_PARTNER: ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER'],
    ROLE_USER_PARTNER: ['ROLE_USER_PARTNER'],
  };
  for (const [role, allowed] of Object.entries(expected)) {
    for (const r of [...BO_ROLES, 'ROLE_API_USER' as const]) {
      assert.equal(canAssignRole(actor(role as Role), r), allowed.includes(r), `${role} gives ${r}`);
      if (role !== 'ROLE_USER_PARTNER') {
        assert.equal(
          canAdminister(actor(role as Role), 'USER_CREATE', { partenaires: [P11], newRole: r }),
          allowed.includes(r),
          `${role} creates ${r}`,
        );
      }
    }
  }
});

test('only a super admin acts on a super admin; nobody on an API user', () => {
  const sa = { partenaires: [P11], role: 'ROLE_ADMIN' as const };
  assert.equal(canAdminister(actor('ROLE_ADMIN'), 'USER_EDIT', sa), true);
  assert.equal(canAdminister(actor('ROLE_ADMIN_TERRITORY'), 'USER_EDIT', sa), false);
  assert.equal(canAdminister(actor('ROLE_ADMIN_TERRITORY'), 'USER_ARCHIVE', sa), false);
  assert.equal(canAdminister(actor('ROLE_ADMIN_TERRITORY'), 'USER_LIST', sa), false);
  const api = { partenaires: [P11], role: 'ROLE_API_USER' as const };
  assert.equal(canAdminister(actor('ROLE_ADMIN'), 'USER_EDIT', api), false);
  assert.equal(canAdminister(actor('ROLE_ADMIN_TERRITORY'), 'USER_EDIT', api), false);
});

test('a target above the actor’s level is out of reach; the same level is allowed', () => {
  const rtTarget = { partenaires: [P11], role: 'ROLE_ADMIN_TERRITORY' as const };
  assert.equal(canAdminister(actor('ROLE_ADMIN_PARTNER'), 'USER_EDIT', rtTarget), false);
  assert.equal(canAdminister(actor('ROLE_ADMIN_TERRITORY'), 'USER_EDIT', rtTarget), true);
  const apTarget = { partenaires: [P11], role: 'ROLE_ADMIN_PARTNER' as const };
  assert.equal(canAdminister(actor('ROLE_ADMIN_PARTNER'), 'USER_EDIT', apTarget), true);
});

test('creating in several partners needs every partner in scope; editing needs one', () => {
  const rt = actor('ROLE_ADMIN_TERRITORY');
  assert.equal(
    canAdminister(rt, 'USER_CREATE', { partenaires: [P11, P12], newRole: 'ROLE_USER_PARTNER' }),
    true,
  );
  assert.equal(
    canAdminister(rt, 'USER_CREATE', { partenaires: [P11, P21], newRole: 'ROLE_USER_PARTNER' }),
    false,
  );
  assert.equal(canAdminister(rt, 'USER_EDIT', { partenaires: [P21, P11], role: 'ROLE_USER_PARTNER' }), true);
  assert.equal(canAdminister(rt, 'USER_EDIT', { partenaires: [], role: 'ROLE_USER_PARTNER' }), false);
  // Without a target: may the user open the page at all?
  assert.equal(canAdminister(rt, 'USER_CREATE'), true);
  assert.equal(canAdminister(actor('ROLE_ADMIN_PARTNER'), 'USER_LIST'), true);
  assert.equal(canAdminister(actor('ROLE_USER_PARTNER'), 'USER_LIST'), false);
  // A responsable without any partner has no territory.
  assert.equal(
    canAdminister({ role: 'ROLE_ADMIN_TERRITORY', partenaires: [] }, 'TAG_MANAGE', { territoireId: 1 }),
    false,
  );
});
