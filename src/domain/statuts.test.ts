import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QUALIFICATION_STATUSES } from './qualifications.ts';
import {
  AFFECTATION_STATUS_LABELS,
  AFFECTATION_STATUSES,
  isSuiviCategory,
  MOTIF_CLOTURE_LABELS,
  MOTIFS_CLOTURE_V1,
  MOTIFS_CLOTURE_V2,
  MOTIFS_REFUS,
  MOTIFS_REFUS_AFFECTATION,
  MOTIFS_REFUS_SIGNALEMENT,
  QUALIFICATION_STATUS_LABELS,
  SIGNALEMENT_STATUS_LABELS,
  SIGNALEMENT_STATUSES,
  SIGNALEMENT_TO_AFFECTATION_STATUS,
  SUIVI_CATEGORY_LIST,
  suiviTypeOf,
} from './statuts.ts';

test('every status has a French label', () => {
  for (const s of SIGNALEMENT_STATUSES) assert.ok(SIGNALEMENT_STATUS_LABELS[s], s);
  for (const s of AFFECTATION_STATUSES) assert.ok(AFFECTATION_STATUS_LABELS[s], s);
  for (const s of QUALIFICATION_STATUSES) assert.ok(QUALIFICATION_STATUS_LABELS[s], s);
  assert.equal(SIGNALEMENT_STATUS_LABELS.NEED_VALIDATION, 'Nouveau');
  assert.equal(AFFECTATION_STATUS_LABELS.EN_COURS, 'En cours');
});

test('closing motives: 15 in the v1 list, 14 in the v2 list, all labelled', () => {
  assert.equal(MOTIFS_CLOTURE_V1.length, 15);
  assert.equal(MOTIFS_CLOTURE_V1.at(-1), 'AUTRE');
  assert.equal(MOTIFS_CLOTURE_V2.length, 14);
  for (const m of [...MOTIFS_CLOTURE_V1, ...MOTIFS_CLOTURE_V2]) assert.ok(MOTIF_CLOTURE_LABELS[m], m);
  assert.equal(MOTIF_CLOTURE_LABELS.LOGEMENT_DECENT, "Pas d'infraction dans le logement");
});

test('suivi category → type, as listed in spec §2', () => {
  const expected: Record<string, number> = {
    SIGNALEMENT_IS_ACTIVE: 1,
    SIGNALEMENT_IS_REFUSED: 1,
    SIGNALEMENT_IS_REOPENED: 1,
    AFFECTATION_IS_ACCEPTED: 1,
    AFFECTATION_IS_REFUSED: 1,
    NEW_DOCUMENT: 1,
    ASK_DOCUMENT: 1,
    ASK_FEEDBACK_SENT: 4,
    INJONCTION_BAILLEUR_LOGIN_BAILLEUR: 4,
    MESSAGE_USAGER: 2,
    DEMANDE_ABANDON_PROCEDURE: 2,
    DEMANDE_POURSUITE_PROCEDURE: 2,
    MESSAGE_BAILLEUR: 2,
    MESSAGE_USAGER_POST_CLOTURE: 5,
    MESSAGE_PARTNER: 3,
    AFFECTATION_IS_CLOSED: 3,
    SIGNALEMENT_IS_CLOSED: 3,
    INTERVENTION_HAS_CONCLUSION: 3,
  };
  for (const [category, type] of Object.entries(expected)) {
    assert.ok(isSuiviCategory(category), category);
    assert.equal(suiviTypeOf(category), type, category);
  }
  for (const c of SUIVI_CATEGORY_LIST) assert.ok([1, 2, 3, 4, 5].includes(suiviTypeOf(c)), c);
  assert.ok(SUIVI_CATEGORY_LIST.length >= 55);
  assert.equal(isSuiviCategory('toString'), false);
});

test('signalement status as seen through the affectation filter', () => {
  assert.equal(SIGNALEMENT_TO_AFFECTATION_STATUS.NEED_VALIDATION, 'NOUVEAU');
  assert.equal(SIGNALEMENT_TO_AFFECTATION_STATUS.ACTIVE, 'EN_COURS');
  assert.equal(SIGNALEMENT_TO_AFFECTATION_STATUS.ARCHIVED, 'FERME');
});

test('refusal motives: the dossier offers three, an affectation refusal every one of them', () => {
  assert.deepEqual([...MOTIFS_REFUS_SIGNALEMENT], ['HORS_PDLHI', 'DOUBLON', 'AUTRE']);
  assert.deepEqual([...MOTIFS_REFUS_AFFECTATION], [...MOTIFS_REFUS]);
  assert.ok(MOTIFS_REFUS_AFFECTATION.includes('HORS_PDLHI'));
});
