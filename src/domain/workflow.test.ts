import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AFFECTATION_STATUSES, SIGNALEMENT_STATUSES } from './statuts.ts';
import {
  AFFECTATION_ACTIONS,
  affectationActions,
  affectationMotifsFor,
  affectationsToCloseForAll,
  canTransitionAffectation,
  canTransitionSignalement,
  isMotifAllowed,
  SIGNALEMENT_ACTIONS,
  signalementActions,
  signalementMotifsFor,
} from './workflow.ts';

// Columns: VALIDATE, REFUSE, CLOSE, REOPEN, ARCHIVE, RESTORE. '-' = refused.
const SIGNALEMENT_EXPECTED: Record<string, string[]> = {
  DRAFT: ['-', '-', '-', '-', '-', '-'],
  NEED_VALIDATION: ['ACTIVE', 'REFUSED', '-', '-', '-', '-'],
  ACTIVE: ['-', '-', 'CLOSED', '-', '-', '-'],
  CLOSED: ['-', '-', '-', 'ACTIVE', 'ARCHIVED', '-'],
  ARCHIVED: ['-', '-', '-', '-', '-', 'ACTIVE'],
  REFUSED: ['-', '-', '-', 'ACTIVE', 'ARCHIVED', '-'],
  DRAFT_ARCHIVED: ['-', '-', '-', '-', '-', '-'],
  INJONCTION_BAILLEUR: ['-', '-', '-', '-', '-', '-'],
  INJONCTION_CLOSED: ['-', '-', '-', '-', '-', '-'],
};

// Columns: ACCEPT, REFUSE, CLOSE, REOPEN, CANCEL_REFUSAL, REINIT.
const AFFECTATION_EXPECTED: Record<string, string[]> = {
  NOUVEAU: ['EN_COURS', 'REFUSE', '-', '-', '-', '-'],
  EN_COURS: ['-', '-', 'FERME', '-', '-', '-'],
  REFUSE: ['-', '-', '-', '-', 'EN_COURS', 'NOUVEAU'],
  FERME: ['-', '-', '-', 'NOUVEAU', '-', 'NOUVEAU'],
};

test('signalement: every (statut × action) pair', () => {
  assert.deepEqual(Object.keys(SIGNALEMENT_EXPECTED).sort(), [...SIGNALEMENT_STATUSES].sort());
  let n = 0;
  for (const statut of SIGNALEMENT_STATUSES) {
    SIGNALEMENT_ACTIONS.forEach((action, i) => {
      const want = SIGNALEMENT_EXPECTED[statut]![i]!;
      assert.equal(
        canTransitionSignalement(statut, action),
        want === '-' ? null : want,
        `${statut} ${action}`,
      );
      n++;
    });
  }
  assert.equal(n, 54);
});

test('affectation: every (statut × action) pair', () => {
  assert.deepEqual(Object.keys(AFFECTATION_EXPECTED).sort(), [...AFFECTATION_STATUSES].sort());
  for (const statut of AFFECTATION_STATUSES) {
    AFFECTATION_ACTIONS.forEach((action, i) => {
      const want = AFFECTATION_EXPECTED[statut]![i]!;
      assert.equal(
        canTransitionAffectation(statut, action),
        want === '-' ? null : want,
        `${statut} ${action}`,
      );
    });
  }
});

test('available actions per statut', () => {
  assert.deepEqual(signalementActions('NEED_VALIDATION'), ['VALIDATE', 'REFUSE']);
  assert.deepEqual(signalementActions('CLOSED'), ['REOPEN', 'ARCHIVE']);
  assert.deepEqual(signalementActions('INJONCTION_BAILLEUR'), []);
  assert.deepEqual(affectationActions('NOUVEAU'), ['ACCEPT', 'REFUSE']);
  assert.deepEqual(affectationActions('FERME'), ['REOPEN', 'REINIT']);
  assert.deepEqual(affectationActions('REFUSE'), ['CANCEL_REFUSAL', 'REINIT']);
});

test('close for all closes every affectation neither closed nor refused', () => {
  assert.deepEqual(
    affectationsToCloseForAll(['NOUVEAU', 'EN_COURS', 'REFUSE', 'FERME', 'NOUVEAU']),
    [0, 1, 4],
  );
  assert.deepEqual(affectationsToCloseForAll([]), []);
});

test('motives per action', () => {
  assert.deepEqual(signalementMotifsFor('REFUSE'), ['HORS_PDLHI', 'DOUBLON', 'AUTRE']);
  assert.deepEqual(affectationMotifsFor('REFUSE'), [
    'HORS_PDLHI',
    'HORS_ZONE_GEOGRAPHIQUE',
    'HORS_COMPETENCE',
    'DOUBLON',
    'AUTRE',
  ]);
  assert.equal(signalementMotifsFor('CLOSE').length, 15);
  assert.equal(affectationMotifsFor('CLOSE'), signalementMotifsFor('CLOSE'));
  assert.deepEqual(signalementMotifsFor('VALIDATE'), []);
  assert.equal(isMotifAllowed('signalement', 'REFUSE', 'HORS_COMPETENCE'), false);
  assert.equal(isMotifAllowed('affectation', 'REFUSE', 'HORS_COMPETENCE'), true);
  assert.equal(isMotifAllowed('signalement', 'CLOSE', 'INSALUBRITE'), true);
  // v2-only motive is not offered by the v1 closing.
  assert.equal(isMotifAllowed('signalement', 'CLOSE', 'LOGEMENT_MIS_EN_CONFORMITE'), false);
  assert.equal(isMotifAllowed('affectation', 'ACCEPT', 'AUTRE'), false);
  assert.equal(isMotifAllowed('affectation', 'CANCEL_REFUSAL', 'AUTRE'), false);
});
