/**
 * The whole back-office permission matrix (spec histologe-domain §4.2), cell by cell. The expected table is
 * written out by hand so that a reviewer can check it against the spec without reading the policy code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Decision,
  decide,
  POLICY_ACTIONS,
  type PolicyAction,
  type PolicyTarget,
  type Principal,
} from './policy.ts';
import { SIGNALEMENT_STATUSES, type SignalementStatus } from './statuts.ts';

// Dossier in territory 13. Partner 11 accepted, 12 new, 13 closed, 15 accepted; RT 13's partner 10 has none.
const NOW = new Date('2026-03-01T10:00:00Z');
const AGENT_ACC_ID = 104;
const target = (statut: SignalementStatus): PolicyTarget => ({
  statut,
  territoireId: 13,
  affectations: [
    { partenaireId: 11, statut: 'EN_COURS' },
    { partenaireId: 12, statut: 'NOUVEAU' },
    { partenaireId: 13, statut: 'FERME' },
    { partenaireId: 15, statut: 'EN_COURS' },
  ],
  // A partner message written 5 minutes ago by the accepted agent, and a document they uploaded.
  suivi: {
    authorId: AGENT_ACC_ID,
    category: 'MESSAGE_PARTNER',
    createdAt: new Date(NOW.getTime() - 5 * 60_000),
  },
  now: NOW,
  file: { uploadedById: AGENT_ACC_ID, uploaderTerritoireId: 13, kind: 'DOCUMENT' },
});

const PRINCIPALS = {
  SA: { id: 100, role: 'ROLE_ADMIN', partenaires: [{ id: 1, territoireId: null }] },
  RT13: { id: 101, role: 'ROLE_ADMIN_TERRITORY', partenaires: [{ id: 10, territoireId: 13 }] },
  RT01: { id: 102, role: 'ROLE_ADMIN_TERRITORY', partenaires: [{ id: 20, territoireId: 1 }] },
  AP_ACC: { id: 103, role: 'ROLE_ADMIN_PARTNER', partenaires: [{ id: 11, territoireId: 13 }] },
  AG_ACC: { id: AGENT_ACC_ID, role: 'ROLE_USER_PARTNER', partenaires: [{ id: 11, territoireId: 13 }] },
  AG_NEW: { id: 105, role: 'ROLE_USER_PARTNER', partenaires: [{ id: 12, territoireId: 13 }] },
  AG_FERME: { id: 106, role: 'ROLE_USER_PARTNER', partenaires: [{ id: 13, territoireId: 13 }] },
  AG_NONE: { id: 107, role: 'ROLE_USER_PARTNER', partenaires: [{ id: 14, territoireId: 13 }] },
  AG_PERM: {
    id: 108,
    role: 'ROLE_USER_PARTNER',
    partenaires: [{ id: 15, territoireId: 13 }],
    hasPermissionAffectation: true,
  },
  API: { id: 109, role: 'ROLE_API_USER', partenaires: [{ id: 11, territoireId: 13 }] },
} satisfies Record<string, Principal>;
type Who = keyof typeof PRINCIPALS;

// Column order of every string below.
const COLUMNS = [
  'DRAFT',
  'NEED_VALIDATION',
  'ACTIVE',
  'CLOSED',
  'ARCHIVED',
  'REFUSED',
  'DRAFT_ARCHIVED',
  'INJONCTION_BAILLEUR',
  'INJONCTION_CLOSED',
] as const satisfies readonly SignalementStatus[];

// A = ALLOW, F = FORBIDDEN, . = NOT_FOUND. Each 9-letter cell reads the statuts in COLUMNS order:
// DRAFT, NEED_VALIDATION, ACTIVE, CLOSED, ARCHIVED, REFUSED, DRAFT_ARCHIVED, INJONCTION_BAILLEUR, INJONCTION_CLOSED.
// RT01 (other territory), AG_NONE (no affectation) and API (no back-office) are NOT_FOUND in every cell.
const VISIBLE_PRINCIPALS = ['SA', 'RT13', 'AP_ACC', 'AG_ACC', 'AG_NEW', 'AG_FERME', 'AG_PERM'] as const;
const NEVER_VISIBLE: Who[] = ['RT01', 'AG_NONE', 'API'];
// biome-ignore format: the matrix is aligned by hand
const EXPECTED: Record<PolicyAction, [string, string, string, string, string, string, string]> = {
  //                        SA           RT13         AP_ACC       AG_ACC       AG_NEW       AG_FERME     AG_PERM
  SIGN_VIEW:                ['.AAA.A.AA', '.AAA.A.AA', '.AAA.A.AA', '.AAA.A.AA', '.AAA.A.AA', '.AAA.A.AA', '.AAA.A.AA'],
  SIGN_VALIDATE:            ['.AFF.F.FF', '.AFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  SIGN_CLOSE:               ['.FAF.F.FF', '.FAF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  // An agent never reopens a closed dossier, even with a closed affectation of their own.
  SIGN_REOPEN:              ['.FFA.A.FF', '.FFA.A.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  SIGN_DELETE:              ['.FFA.A.FF', '.FFA.A.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  // Only the SA's archived page reaches ARCHIVED dossiers; for everyone else they do not exist.
  SIGN_RESTORE:             ['.FFFAF.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  SIGN_EDIT:                ['.AAA.A.AA', '.AAA.F.AF', '.FAF.F.AF', '.FAF.F.AF', '.FFF.F.FF', '.FFF.F.FF', '.FAF.F.AF'],
  SIGN_CREATE_SUIVI:        ['.FAF.F.AF', '.FAF.F.AF', '.FAF.F.AF', '.FAF.F.AF', '.FFF.F.FF', '.FFF.F.FF', '.FAF.F.AF'],
  SIGN_AFFECTATION_SEE:     ['.FAA.A.AA', '.FAA.A.AA', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FAA.A.AA'],
  SIGN_AFFECTATION_TOGGLE:  ['.FAF.F.AF', '.FAF.F.AF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FAF.F.AF'],
  // SA and RT have no affectation of their own here; each agent can take some step from theirs
  // (EN_COURS → close, NOUVEAU → accept/refuse, FERME → reopen), but only while the dossier is open.
  AFFECTATION_ANSWER:       ['.FFF.F.FF', '.FFF.F.FF', '.FAF.F.AF', '.FAF.F.AF', '.FAF.F.AF', '.FAF.F.AF', '.FAF.F.AF'],
  AFFECTATION_REINIT:       ['.FAF.F.AF', '.FAF.F.AF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  SUIVI_EDIT:               ['.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.AAA.A.AA', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  SUIVI_DELETE:             ['.AAA.A.AA', '.FFF.F.FF', '.FFF.F.FF', '.AAA.A.AA', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  FILE_UPLOAD:              ['.AAA.A.AA', '.FAA.F.AF', '.FAF.F.AF', '.FAF.F.AF', '.FFF.F.FF', '.FFF.F.FF', '.FAF.F.AF'],
  // The AP has agent rights on dossiers: a colleague's upload is not theirs to edit.
  FILE_EDIT:                ['.AAA.A.AA', '.AAA.A.AA', '.FFF.F.FF', '.AAA.A.AA', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  FILE_DELETE:              ['.AAA.A.AA', '.AAA.A.AA', '.FFF.F.FF', '.AAA.A.AA', '.FFF.F.FF', '.FFF.F.FF', '.FFF.F.FF'],
  SIGN_SUBSCRIBE:           ['.AAF.A.FA', '.AAF.A.FA', '.AAF.A.FA', '.AAF.A.FA', '.AAF.A.FA', '.AAF.A.FA', '.AAF.A.FA'],
  TAGS_EDIT:                ['.FAA.F.FF', '.FAA.F.FF', '.FAF.F.FF', '.FAF.F.FF', '.FFF.F.FF', '.FFF.F.FF', '.FAF.F.FF'],
};

const CODE: Record<string, Decision> = { A: 'ALLOW', F: 'FORBIDDEN', '.': 'NOT_FOUND' };

test('the expected table covers every action, principal and statut', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...POLICY_ACTIONS].sort());
  assert.deepEqual([...COLUMNS].sort(), [...SIGNALEMENT_STATUSES].sort());
  assert.deepEqual([...VISIBLE_PRINCIPALS, ...NEVER_VISIBLE].sort(), Object.keys(PRINCIPALS).sort());
  for (const action of POLICY_ACTIONS) {
    for (const row of EXPECTED[action]) assert.match(row, /^[AF.]{9}$/, action);
  }
});

for (const action of POLICY_ACTIONS) {
  test(`matrix: ${action}`, () => {
    let cells = 0;
    const rows: [Who, string][] = [
      ...VISIBLE_PRINCIPALS.map((who, i): [Who, string] => [who, EXPECTED[action][i]!]),
      ...NEVER_VISIBLE.map((who): [Who, string] => [who, '.........']),
    ];
    for (const [who, row] of rows) {
      const p: Principal = PRINCIPALS[who];
      COLUMNS.forEach((statut, i) => {
        const want = CODE[row[i]!];
        assert.equal(decide(p, action, target(statut)), want, `${action} × ${who} × ${statut}`);
        cells++;
      });
    }
    assert.equal(cells, 10 * 9);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Per-action extras the matrix keeps fixed

const active = target('ACTIVE');
const { SA, RT13, AG_ACC, AG_NEW, AG_FERME, AP_ACC } = PRINCIPALS;

test('affectation answer: each transition from the own affectation status', () => {
  // Columns: ACCEPT, REFUSE, CLOSE, REOPEN, CANCEL_REFUSAL.
  const rows: [Principal, string, string][] = [
    [AG_NEW, 'NOUVEAU', 'AAFFF'],
    [AG_ACC, 'EN_COURS', 'FFAFF'],
    [AG_FERME, 'FERME', 'FFFAF'],
  ];
  const actions = ['ACCEPT', 'REFUSE', 'CLOSE', 'REOPEN', 'CANCEL_REFUSAL'] as const;
  for (const [p, label, expected] of rows) {
    actions.forEach((affectationAction, i) => {
      const got = decide(p, 'AFFECTATION_ANSWER', { ...active, affectationAction });
      assert.equal(got, CODE[expected[i]!], `${label} ${affectationAction}`);
    });
  }
  const refused: PolicyTarget = { ...active, affectations: [{ partenaireId: 12, statut: 'REFUSE' }] };
  assert.equal(
    decide(AG_NEW, 'AFFECTATION_ANSWER', { ...refused, affectationAction: 'CANCEL_REFUSAL' }),
    'ALLOW',
  );
  assert.equal(
    decide(AG_NEW, 'AFFECTATION_ANSWER', { ...refused, affectationAction: 'ACCEPT' }),
    'FORBIDDEN',
  );
});

test('affectation answer: never for another partner, never when synchronised with Esabora', () => {
  const other = { partenaireId: 12, statut: 'NOUVEAU' as const };
  assert.equal(decide(AG_ACC, 'AFFECTATION_ANSWER', { ...active, affectation: other }), 'FORBIDDEN');
  assert.equal(decide(RT13, 'AFFECTATION_ANSWER', { ...active, affectation: other }), 'FORBIDDEN');
  const synced: PolicyTarget = {
    ...active,
    affectations: [{ partenaireId: 12, statut: 'NOUVEAU', isSynchronized: true }],
  };
  assert.equal(decide(AG_NEW, 'AFFECTATION_ANSWER', synced), 'FORBIDDEN');
  // A super admin answers like an agent when their own partner is affected.
  const saOwn: PolicyTarget = { ...active, affectations: [{ partenaireId: 1, statut: 'NOUVEAU' }] };
  assert.equal(decide(SA, 'AFFECTATION_ANSWER', { ...saOwn, affectationAction: 'ACCEPT' }), 'ALLOW');
});

test('affectation reinit needs a closed or refused affectation', () => {
  const open = { partenaireId: 11, statut: 'EN_COURS' as const };
  assert.equal(decide(RT13, 'AFFECTATION_REINIT', { ...active, affectation: open }), 'FORBIDDEN');
  const refused = { partenaireId: 12, statut: 'REFUSE' as const };
  assert.equal(decide(RT13, 'AFFECTATION_REINIT', { ...active, affectation: refused }), 'ALLOW');
  const noneClosed: PolicyTarget = { ...active, affectations: [open] };
  assert.equal(decide(SA, 'AFFECTATION_REINIT', noneClosed), 'FORBIDDEN');
});

test('suivi edition window: own MESSAGE_PARTNER, still waiting, under 20 minutes', () => {
  const suivi = active.suivi!;
  const at = (minutes: number) => new Date(suivi.createdAt.getTime() + minutes * 60_000);
  assert.equal(decide(AG_ACC, 'SUIVI_EDIT', { ...active, now: at(19) }), 'ALLOW');
  assert.equal(decide(AG_ACC, 'SUIVI_EDIT', { ...active, now: at(20) }), 'FORBIDDEN');
  assert.equal(decide(AG_ACC, 'SUIVI_DELETE', { ...active, now: at(21) }), 'FORBIDDEN');
  assert.equal(decide(SA, 'SUIVI_DELETE', { ...active, now: at(600) }), 'ALLOW');
  const sent = { ...suivi, waitingNotification: false };
  assert.equal(decide(AG_ACC, 'SUIVI_EDIT', { ...active, suivi: sent }), 'FORBIDDEN');
  const auto = { ...suivi, category: 'SIGNALEMENT_IS_CLOSED' as const };
  assert.equal(decide(AG_ACC, 'SUIVI_EDIT', { ...active, suivi: auto }), 'FORBIDDEN');
  const { now: _now, ...withoutNow } = active;
  assert.equal(decide(AG_ACC, 'SUIVI_EDIT', withoutNow), 'FORBIDDEN');
});

test('files: visit reports and bailleur files are never edited; reports follow the visit rule', () => {
  const rapport: PolicyTarget = { ...active, file: { ...active.file!, kind: 'RAPPORT_VISITE' } };
  for (const p of [SA, RT13, AG_ACC]) assert.equal(decide(p, 'FILE_EDIT', rapport), 'FORBIDDEN');
  assert.equal(decide(RT13, 'FILE_DELETE', rapport), 'ALLOW');
  assert.equal(decide(AG_ACC, 'FILE_DELETE', rapport), 'FORBIDDEN');
  const bailleur: PolicyTarget = { ...active, file: { ...active.file!, kind: 'MESSAGE_BAILLEUR' } };
  assert.equal(decide(SA, 'FILE_EDIT', bailleur), 'FORBIDDEN');
  // An usager's file belongs to no partner: the RT may edit it but not delete it.
  const usager: PolicyTarget = { ...active, file: { uploadedById: null, uploaderTerritoireId: null } };
  assert.equal(decide(RT13, 'FILE_EDIT', usager), 'ALLOW');
  assert.equal(decide(RT13, 'FILE_DELETE', usager), 'FORBIDDEN');
  assert.equal(decide(AP_ACC, 'FILE_DELETE', usager), 'FORBIDDEN');
});
