import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canViewSignalement, type Principal, signalementScope } from './policy.ts';

const sa: Principal = { role: 'ROLE_ADMIN', partenaires: [{ id: 1, territoireId: null }] };
const rt13: Principal = { role: 'ROLE_ADMIN_TERRITORY', partenaires: [{ id: 10, territoireId: 13 }] };
const ap13: Principal = { role: 'ROLE_ADMIN_PARTNER', partenaires: [{ id: 11, territoireId: 13 }] };
const agent13: Principal = { role: 'ROLE_USER_PARTNER', partenaires: [{ id: 12, territoireId: 13 }] };
const api: Principal = { role: 'ROLE_API_USER', partenaires: [{ id: 12, territoireId: 13 }] };
const orphanRt: Principal = { role: 'ROLE_ADMIN_TERRITORY', partenaires: [] };

const inTerritory13AffectedTo12 = { statut: 'ACTIVE', territoireId: 13, affectedPartenaireIds: [12] };
const inTerritory13NotAffected = { statut: 'ACTIVE', territoireId: 13, affectedPartenaireIds: [99] };
const inTerritory1 = { statut: 'ACTIVE', territoireId: 1, affectedPartenaireIds: [12] };

test('view matrix over roles and dossiers', () => {
  const rows: [Principal, string, boolean[]][] = [
    [sa, 'SA', [true, true, true]],
    [rt13, 'RT 13', [true, true, false]],
    [ap13, 'AP 13 (partner 11)', [false, false, false]],
    [agent13, 'agent 13 (partner 12)', [true, false, true]],
    [api, 'API user', [false, false, false]],
    [orphanRt, 'RT without partner', [false, false, false]],
  ];
  const targets = [inTerritory13AffectedTo12, inTerritory13NotAffected, inTerritory1];
  for (const [p, label, expected] of rows) {
    targets.forEach((t, i) => {
      assert.equal(canViewSignalement(p, t), expected[i], `${label} → target ${i}`);
    });
  }
});

test('archived and draft dossiers are hidden from everyone, super admin included', () => {
  for (const statut of ['ARCHIVED', 'DRAFT', 'DRAFT_ARCHIVED']) {
    for (const p of [sa, rt13, agent13]) {
      assert.equal(canViewSignalement(p, { ...inTerritory13AffectedTo12, statut }), false, statut);
    }
  }
  for (const statut of ['NEED_VALIDATION', 'ACTIVE', 'CLOSED', 'REFUSED']) {
    assert.equal(canViewSignalement(sa, { ...inTerritory13AffectedTo12, statut }), true, statut);
  }
});

test('scope kinds', () => {
  assert.deepEqual(signalementScope(sa), { kind: 'all' });
  assert.deepEqual(signalementScope(rt13), { kind: 'territoires', territoireIds: [13] });
  assert.deepEqual(signalementScope(agent13), { kind: 'partenaires', partenaireIds: [12] });
  assert.deepEqual(signalementScope(api), { kind: 'none' });
});
