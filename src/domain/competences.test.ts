import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import competencesData from '../../data/competences.json' with { type: 'json' };
import {
  defaultCompetences,
  isPartnerType,
  isQualification,
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  QUALIFICATION_LABELS,
  QUALIFICATIONS,
} from './competences.ts';

describe('competences', () => {
  it('lists the 18 partner types and 21 qualifications of the spec, each with a French label', () => {
    assert.equal(PARTNER_TYPES.length, 18);
    assert.equal(new Set(PARTNER_TYPES).size, 18);
    assert.equal(QUALIFICATIONS.length, 21);
    assert.equal(new Set(QUALIFICATIONS).size, 21);
    assert.deepEqual(Object.keys(PARTNER_TYPE_LABELS).sort(), [...PARTNER_TYPES].sort());
    assert.deepEqual(Object.keys(QUALIFICATION_LABELS).sort(), [...QUALIFICATIONS].sort());
    for (const label of [...Object.values(PARTNER_TYPE_LABELS), ...Object.values(QUALIFICATION_LABELS)]) {
      assert.ok(label.trim().length > 0 && label === label.trim());
    }
    assert.equal(PARTNER_TYPE_LABELS.COMMUNE_SCHS, 'Commune / SCHS');
    assert.equal(PARTNER_TYPE_LABELS.AUTRE, 'Autre');
  });

  it('has a data entry for exactly every partner type, in the same order, with known qualifications', () => {
    // scripts/convert-reference.ts keeps its own copy of the partner types: this catches any drift.
    assert.deepEqual(Object.keys(competencesData), [...PARTNER_TYPES]);
    for (const list of Object.values(competencesData)) {
      for (const q of list) assert.ok(isQualification(q), q);
      assert.equal(new Set(list).size, list.length);
    }
  });

  it('gives the default competences of the reference', () => {
    assert.deepEqual(defaultCompetences('ARS'), ['ARRETES', 'SALETE', 'INSALUBRITE', 'VISITES']);
    assert.deepEqual(defaultCompetences('COMMUNE_SCHS'), [
      'ARRETES',
      'CONCILIATION',
      'SALETE',
      'INSALUBRITE',
      'MISE_EN_SECURITE_PERIL',
      'NUISIBLES',
      'RSD',
      'VISITES',
      'NON_DECENCE_ENERGETIQUE',
    ]);
    assert.deepEqual(defaultCompetences('CAF_MSA'), [
      'CONSIGNATION_AL',
      'NON_DECENCE',
      'VISITES',
      'NON_DECENCE_ENERGETIQUE',
    ]);
    assert.deepEqual(defaultCompetences('PREFECTURE'), ['DALO']);
    assert.deepEqual(defaultCompetences('EPCI'), ['CONCILIATION']);
  });

  it('gives no default competence to the types absent from the reference', () => {
    for (const type of ['ASSOCIATION', 'POLICE_GENDARMERIE', 'TRIBUNAL', 'AUTRE'] as const) {
      assert.deepEqual(defaultCompetences(type), []);
    }
  });

  it('returns a fresh array each time, so callers may change it', () => {
    const list = defaultCompetences('ADIL');
    list.push('DALO');
    assert.deepEqual(defaultCompetences('ADIL'), [
      'ACCOMPAGNEMENT_JURIDIQUE',
      'CONCILIATION',
      'NON_DECENCE_ENERGETIQUE',
    ]);
  });

  it('recognises partner types and qualifications', () => {
    assert.ok(isPartnerType('DDT_M'));
    assert.ok(!isPartnerType('ddt_m'));
    assert.ok(!isPartnerType(undefined));
    assert.ok(isQualification('NON_DECENCE_ENERGETIQUE'));
    assert.ok(!isQualification('NDE'));
  });
});
