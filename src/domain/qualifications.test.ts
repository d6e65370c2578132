import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  computeSuspectedQualifications,
  type DpeInput,
  isDpeBefore2023,
  ndeInputFromComposition,
  ndeStatus,
  parseDpeAnswer,
  type QualificationInput,
  type QualifyingPrecision,
} from './qualifications.ts';

// The real catalogue, so that the spec's cases (§5.5, fixture 2023-27) run on the real flags.
const catalogue = JSON.parse(readFileSync(new URL('../../data/desordres.json', import.meta.url), 'utf8')) as {
  precisions: (Omit<QualifyingPrecision, 'id'> & { coef: number })[];
};
const bySuffix = (suffix: string): QualifyingPrecision => {
  const index = catalogue.precisions.findIndex((p) => p.slug.endsWith(suffix));
  assert.ok(index >= 0, `précision *${suffix} missing from data/desordres.json`);
  const p = catalogue.precisions[index]!;
  return {
    id: index + 1,
    slug: p.slug,
    qualifications: p.qualifications,
    isDanger: p.isDanger,
    isInsalubrite: p.isInsalubrite,
    isSuroccupation: p.isSuroccupation,
  };
};

const CUISINE_COLLECTIVE = bySuffix('cuisine_collective_oui'); // NON_DECENCE
const FUITE = bySuffix('humidite_piece_a_vivre_details_fuite_oui'); // ASSURANTIEL
const AUCUNE_PIECE_9 = bySuffix('plusieurs_pieces_aucune_piece_9'); // NON_DECENCE, RSD
const ACCES_BATIMENT = bySuffix('batiment_accessibilite_acces_batiment'); // RSD
const SOUS_COMBLES = bySuffix('desordres_type_composition_logement_sous_combles'); // isInsalubrite
const ASCENSEUR = bySuffix('batiment_maintenance_ascenseur'); // RSD, INSALUBRITE, PERIL
const PLANCHER_EFFONDRE = bySuffix('batiment_securite_sol_details_plancher_effondre'); // danger
const TOIT_SOUS_COMBLES = bySuffix('isolation_dernier_etage_toit_sous_combles');
const SUROCCUPATION = bySuffix('suroccupation_non_allocataire');
const CHAUFFAGE_SDB = bySuffix('chauffage_KO_pieces_salle_de_bain'); // NDE
const PROPRETE = bySuffix('desordres_logement_proprete_pieces_tout'); // SALETE

const statuses = (input: QualificationInput) => computeSuspectedQualifications(input).map((q) => q.status);

describe('computeSuspectedQualifications: spec §5.5 cases (fixture 2023-27)', () => {
  test('no précision, score 5: nothing', () => {
    assert.deepEqual(statuses({ precisions: [], score: 5 }), []);
  });

  test("leak + collective kitchen, insurance not contacted ('non' / 'nsp' / unknown): ASSURANTIEL", () => {
    for (const assurance of ['non', 'nsp', 'pas_assurance_logement', null, undefined]) {
      assert.deepEqual(
        statuses({
          precisions: [CUISINE_COLLECTIVE, FUITE],
          score: 1,
          infoProcedureAssuranceContactee: assurance,
        }),
        ['NON_DECENCE_CHECK', 'ASSURANTIEL_CHECK'],
        String(assurance),
      );
    }
  });

  test("insurance already contacted ('oui'): no ASSURANTIEL", () => {
    assert.deepEqual(
      statuses({ precisions: [CUISINE_COLLECTIVE, FUITE], score: 1, infoProcedureAssuranceContactee: 'oui' }),
      ['NON_DECENCE_CHECK'],
    );
  });

  test('ASSURANTIEL only in the lowest band', () => {
    assert.deepEqual(statuses({ precisions: [FUITE], score: 10 }), ['ASSURANTIEL_CHECK']);
    assert.deepEqual(statuses({ precisions: [FUITE], score: 10.01 }), ['INSALUBRITE_MANQUEMENT_CHECK']);
  });

  test('qualifications carried by the précisions, low score', () => {
    assert.deepEqual(statuses({ precisions: [CUISINE_COLLECTIVE], score: 2 }), ['NON_DECENCE_CHECK']);
    assert.deepEqual(statuses({ precisions: [AUCUNE_PIECE_9], score: 3 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
    ]);
    assert.deepEqual(statuses({ precisions: [ACCES_BATIMENT], score: 6 }), ['RSD_CHECK']);
  });

  test('SALETE carried by a précision', () => {
    const result = computeSuspectedQualifications({ precisions: [PROPRETE], score: 0 });
    assert.deepEqual(
      result.map((q) => [q.qualification, q.status]),
      [
        ['RSD', 'RSD_CHECK'],
        ['SALETE', 'SALETE_CHECK'],
      ],
    );
    assert.deepEqual(result[1]!.desordrePrecisionIds, [PROPRETE.id]);
  });

  const combos: [string, QualifyingPrecision, string[]][] = [
    ['collective kitchen', CUISINE_COLLECTIVE, ['NON_DECENCE_CHECK']],
    ['no room of 9 m²', AUCUNE_PIECE_9, ['NON_DECENCE_CHECK', 'RSD_CHECK']],
    ['building access', ACCES_BATIMENT, ['RSD_CHECK']],
  ];

  test('0–10 band: INSALUBRITE_CHECK only when an insalubrité précision is selected (obligatoire)', () => {
    for (const [name, precision, base] of combos) {
      for (const score of [0, 5, 10]) {
        assert.deepEqual(statuses({ precisions: [precision], score }), base, `${name} @${score}`);
        assert.deepEqual(
          statuses({ precisions: [SOUS_COMBLES, precision], score }),
          [...base, 'INSALUBRITE_CHECK'],
          `sous combles + ${name} @${score}`,
        );
      }
    }
  });

  test('10–30 band: MANQUEMENT, or INSALUBRITE_CHECK when obligatoire', () => {
    for (const [name, precision, base] of combos) {
      for (const score of [10.01, 12, 23, 30]) {
        assert.deepEqual(
          statuses({ precisions: [precision], score }),
          [...base, 'INSALUBRITE_MANQUEMENT_CHECK'],
          `${name} @${score}`,
        );
        assert.deepEqual(
          statuses({ precisions: [SOUS_COMBLES, precision], score }),
          [...base, 'INSALUBRITE_CHECK'],
          `sous combles + ${name} @${score}`,
        );
      }
    }
  });

  test('30–50 band: INSALUBRITE_CHECK in every case', () => {
    for (const [name, precision, base] of combos) {
      for (const score of [30.01, 37, 49, 50]) {
        assert.deepEqual(statuses({ precisions: [precision], score }), [...base, 'INSALUBRITE_CHECK'], name);
        assert.deepEqual(
          statuses({ precisions: [SOUS_COMBLES, precision], score }),
          [...base, 'INSALUBRITE_CHECK'],
          `sous combles + ${name}`,
        );
      }
    }
  });

  test('above 50: INSALUBRITE_CHECK, plus PERIL only when a précision carries it', () => {
    for (const [name, precision, base] of combos) {
      for (const score of [50.01, 57, 75, 100]) {
        assert.deepEqual(statuses({ precisions: [precision], score }), [...base, 'INSALUBRITE_CHECK'], name);
      }
    }
    assert.deepEqual(statuses({ precisions: [SOUS_COMBLES, AUCUNE_PIECE_9, ASCENSEUR], score: 75 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'MISE_EN_SECURITE_PERIL_CHECK',
      'INSALUBRITE_CHECK',
    ]);
    assert.deepEqual(statuses({ precisions: [ASCENSEUR], score: 50 }), ['RSD_CHECK', 'INSALUBRITE_CHECK']);
  });

  test('danger: DANGER_CHECK at any score, PERIL too above 50', () => {
    assert.deepEqual(statuses({ precisions: [PLANCHER_EFFONDRE], score: 10 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'DANGER_CHECK',
    ]);
    assert.deepEqual(statuses({ precisions: [PLANCHER_EFFONDRE], score: 80 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'MISE_EN_SECURITE_PERIL_CHECK',
      'INSALUBRITE_CHECK',
      'DANGER_CHECK',
    ]);
    const danger = computeSuspectedQualifications({
      precisions: [ACCES_BATIMENT, PLANCHER_EFFONDRE],
      score: 10,
    });
    assert.deepEqual(danger.find((q) => q.qualification === 'DANGER')!.desordrePrecisionIds, [
      PLANCHER_EFFONDRE.id,
    ]);
  });

  test('suroccupation: SUROCCUPATION_CHECK at 10 / 40 / 60', () => {
    const precisions = [TOIT_SOUS_COMBLES, SUROCCUPATION];
    assert.deepEqual(statuses({ precisions, score: 10 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'SUROCCUPATION_CHECK',
    ]);
    assert.deepEqual(statuses({ precisions, score: 40 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'INSALUBRITE_CHECK',
      'SUROCCUPATION_CHECK',
    ]);
    assert.deepEqual(statuses({ precisions, score: 60 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'MISE_EN_SECURITE_PERIL_CHECK',
      'INSALUBRITE_CHECK',
      'SUROCCUPATION_CHECK',
    ]);
    const suroccupation = computeSuspectedQualifications({ precisions, score: 10 }).at(-1)!;
    assert.equal(suroccupation.qualification, 'SUROCCUPATION');
    assert.deepEqual(suroccupation.desordrePrecisionIds, [SUROCCUPATION.id]);
  });

  test('the triggering précision ids are kept per qualification', () => {
    const result = computeSuspectedQualifications({
      precisions: [CUISINE_COLLECTIVE, AUCUNE_PIECE_9],
      score: 40,
    });
    const ids = Object.fromEntries(result.map((q) => [q.qualification, q.desordrePrecisionIds]));
    assert.deepEqual(ids.NON_DECENCE, [CUISINE_COLLECTIVE.id, AUCUNE_PIECE_9.id]);
    assert.deepEqual(ids.RSD, [AUCUNE_PIECE_9.id]);
    assert.deepEqual(ids.INSALUBRITE, []);
  });

  test('NDE précision with final consumption unknown / 800 / 150: CHECK / AVEREE / OK', () => {
    const dpe = (consommation: number | null): DpeInput => ({
      dpe: true,
      classe: null,
      consommation,
      dateDernierDpe: 'post2023',
      superficie: 40,
    });
    const nde = (consommation: number | null) =>
      statuses({ precisions: [CHAUFFAGE_SDB], score: 1, dpe: dpe(consommation) });
    assert.deepEqual(nde(null), ['NON_DECENCE_CHECK', 'RSD_CHECK', 'NDE_CHECK']);
    assert.deepEqual(nde(800), ['NON_DECENCE_CHECK', 'RSD_CHECK', 'NDE_AVEREE']);
    assert.deepEqual(nde(150), ['NON_DECENCE_CHECK', 'RSD_CHECK', 'NDE_OK']);
    const q = computeSuspectedQualifications({ precisions: [CHAUFFAGE_SDB], score: 1, dpe: dpe(800) }).at(
      -1,
    )!;
    assert.equal(q.qualification, 'NON_DECENCE_ENERGETIQUE');
    assert.deepEqual(q.desordrePrecisionIds, [CHAUFFAGE_SDB.id]);
    assert.deepEqual(q.details, {
      dpe: true,
      consommationEnergie: 800,
      dateDernierDpe: 'post2023',
      classeEnergetique: null,
    });
  });

  test('class G alone creates the NDE qualification; without NDE précision nor G there is none', () => {
    const g: DpeInput = {
      dpe: true,
      classe: 'g',
      consommation: null,
      dateDernierDpe: null,
      superficie: null,
    };
    const result = computeSuspectedQualifications({ precisions: [], score: 0, dpe: g });
    assert.deepEqual(
      result.map((q) => [q.qualification, q.status, q.desordrePrecisionIds]),
      [['NON_DECENCE_ENERGETIQUE', 'NDE_CHECK', []]],
    );
    assert.deepEqual(statuses({ precisions: [], score: 0, dpe: { ...g, classe: 'F' } }), []);
  });
});

describe('ndeStatus (spec §5.3)', () => {
  const base: DpeInput = {
    dpe: true,
    classe: null,
    consommation: null,
    dateDernierDpe: null,
    superficie: null,
  };

  test('1. DPE unknown → NDE_CHECK (also with no data at all)', () => {
    assert.equal(ndeStatus(null, false), 'NDE_CHECK');
    assert.equal(ndeStatus({ ...base, dpe: null }, false), 'NDE_CHECK');
    assert.equal(ndeStatus({ ...base, dpe: null, consommation: 900 }, false), 'NDE_CHECK');
  });

  test('2. no DPE → NDE_AVEREE', () => {
    assert.equal(ndeStatus({ ...base, dpe: false }, false), 'NDE_AVEREE');
    assert.equal(ndeStatus({ ...base, dpe: false, consommation: 100 }, true), 'NDE_AVEREE');
  });

  test('3. before 2023 the declared total is divided by the surface', () => {
    const before = (dateDernierDpe: string, superficie: number | null, consommation: number) =>
      ndeStatus({ ...base, dateDernierDpe, superficie, consommation }, true);
    assert.equal(before('2022-02-01', 30, 30000), 'NDE_AVEREE'); // 1000 kWh/m²
    assert.equal(before('2022-02-01', 30, 10000), 'NDE_OK'); // 333 kWh/m²
    assert.equal(before('before2023', 30, 10000), 'NDE_OK');
    assert.equal(before('before2023', 20, 9000), 'NDE_OK'); // exactly 450
    assert.equal(before('before2023', 20, 9001), 'NDE_AVEREE'); // 450.05
    // Without a surface the total cannot be converted and is read as is.
    assert.equal(before('before2023', null, 10000), 'NDE_AVEREE');
    assert.equal(before('before2023', 0, 400), 'NDE_OK');
  });

  test('after 2023 the value is already per m²', () => {
    const after = (dateDernierDpe: string | Date, consommation: number) =>
      ndeStatus({ ...base, dateDernierDpe, superficie: 100, consommation }, true);
    assert.equal(after('2023-06-01', 580), 'NDE_AVEREE');
    assert.equal(after('2023-06-01', 320), 'NDE_OK');
    assert.equal(after('post2023', 10000 / 30), 'NDE_OK');
    assert.equal(after(new Date('2024-03-01'), 451), 'NDE_AVEREE');
  });

  test('4. the 450 limit: 450 is decent, above is not', () => {
    assert.equal(ndeStatus({ ...base, consommation: 450 }, true), 'NDE_OK');
    assert.equal(ndeStatus({ ...base, consommation: 450.01 }, true), 'NDE_AVEREE');
  });

  test('5. OK when within the limit and not G, or unknown with no G and no linked désordre', () => {
    assert.equal(ndeStatus({ ...base, consommation: 200, classe: 'D' }, true), 'NDE_OK');
    assert.equal(ndeStatus({ ...base, consommation: null, classe: 'E' }, false), 'NDE_OK');
    assert.equal(ndeStatus({ ...base, consommation: null, classe: null }, false), 'NDE_OK');
  });

  test('6. otherwise CHECK: G within the limit, or unknown consumption with linked désordres or G', () => {
    assert.equal(ndeStatus({ ...base, consommation: 300, classe: 'G' }, false), 'NDE_CHECK');
    assert.equal(ndeStatus({ ...base, consommation: null, classe: 'E' }, true), 'NDE_CHECK');
    assert.equal(ndeStatus({ ...base, consommation: null, classe: 'G' }, false), 'NDE_CHECK');
    // G above the limit is simply non-decent.
    assert.equal(ndeStatus({ ...base, consommation: 600, classe: 'G' }, false), 'NDE_AVEREE');
  });

  test('isDpeBefore2023', () => {
    assert.equal(isDpeBefore2023('before2023'), true);
    assert.equal(isDpeBefore2023('post2023'), false);
    assert.equal(isDpeBefore2023('2022-12-31'), true);
    assert.equal(isDpeBefore2023('2023-01-01'), false);
    assert.equal(isDpeBefore2023('1970-01-01'), true);
    assert.equal(isDpeBefore2023(null), false);
    assert.equal(isDpeBefore2023('pas une date'), false);
  });
});

describe('ndeInputFromComposition', () => {
  test('before 2023: the total consumption and the surface', () => {
    assert.deepEqual(
      ndeInputFromComposition(
        {
          bailDpeDpe: 'oui',
          bailDpeClasseEnergetique: 'F',
          desordresLogementChauffageDetailsDpeAnnee: 'before2023',
          desordresLogementChauffageDetailsDpeConso: '12000',
          desordresLogementChauffageDetailsDpeConsoFinale: '999',
        },
        30,
      ),
      { dpe: true, classe: 'F', consommation: 12000, dateDernierDpe: 'before2023', superficie: 30 },
    );
  });

  test('after 2023: the final consumption per m²; nsp answers are unknown', () => {
    assert.deepEqual(
      ndeInputFromComposition(
        {
          bailDpeDpe: 'nsp',
          bailDpeClasseEnergetique: 'nsp',
          desordresLogementChauffageDetailsDpeAnnee: 'post2023',
          desordresLogementChauffageDetailsDpeConsoFinale: '310,5',
        },
        null,
      ),
      { dpe: null, classe: null, consommation: 310.5, dateDernierDpe: 'post2023', superficie: null },
    );
    assert.equal(ndeInputFromComposition({ bailDpeDpe: 'non' }, 20).dpe, false);
  });

  test('parseDpeAnswer', () => {
    assert.equal(parseDpeAnswer('oui'), true);
    assert.equal(parseDpeAnswer('0'), false);
    assert.equal(parseDpeAnswer(''), null);
    assert.equal(parseDpeAnswer(undefined), null);
  });
});

describe('spec §5.5, QualificationServiceTest v2 table with its exact figures', () => {
  const CUISINE: [QualifyingPrecision, string[]] = [CUISINE_COLLECTIVE, ['NON_DECENCE_CHECK']];
  const PIECE_9: [QualifyingPrecision, string[]] = [AUCUNE_PIECE_9, ['NON_DECENCE_CHECK', 'RSD_CHECK']];
  const ACCES: [QualifyingPrecision, string[]] = [ACCES_BATIMENT, ['RSD_CHECK']];
  // [score, with sous combles?, précision, expected extra statuses after those the précision carries]
  const rows: [number, boolean, [QualifyingPrecision, string[]], string[]][] = [
    [2, false, CUISINE, []],
    [3, false, PIECE_9, []],
    [6, false, ACCES, []],
    [7, true, CUISINE, ['INSALUBRITE_CHECK']],
    [9, true, PIECE_9, ['INSALUBRITE_CHECK']],
    [5, true, ACCES, ['INSALUBRITE_CHECK']],
    [12, false, CUISINE, ['INSALUBRITE_MANQUEMENT_CHECK']],
    [23, false, PIECE_9, ['INSALUBRITE_MANQUEMENT_CHECK']],
    [26, false, ACCES, ['INSALUBRITE_MANQUEMENT_CHECK']],
    [17, true, CUISINE, ['INSALUBRITE_CHECK']],
    [29, true, PIECE_9, ['INSALUBRITE_CHECK']],
    [25, true, ACCES, ['INSALUBRITE_CHECK']],
    [37, true, CUISINE, ['INSALUBRITE_CHECK']],
    [49, true, PIECE_9, ['INSALUBRITE_CHECK']],
    [35, true, ACCES, ['INSALUBRITE_CHECK']],
    [37, false, CUISINE, ['INSALUBRITE_CHECK']],
    [49, false, PIECE_9, ['INSALUBRITE_CHECK']],
    [35, false, ACCES, ['INSALUBRITE_CHECK']],
    [57, true, CUISINE, ['INSALUBRITE_CHECK']],
    [69, true, PIECE_9, ['INSALUBRITE_CHECK']],
    [75, true, ACCES, ['INSALUBRITE_CHECK']],
    [57, false, CUISINE, ['INSALUBRITE_CHECK']],
    [69, false, PIECE_9, ['INSALUBRITE_CHECK']],
    [75, false, ACCES, ['INSALUBRITE_CHECK']],
  ];
  for (const [score, sousCombles, [precision, carried], extra] of rows) {
    test(`score ${score}: ${sousCombles ? 'sous combles + ' : ''}${precision.slug}`, () => {
      const precisions = sousCombles ? [SOUS_COMBLES, precision] : [precision];
      assert.deepEqual(statuses({ precisions, score }), [...carried, ...extra]);
    });
  }

  test('score 1: collective kitchen + leak, insurance non / nsp → ASSURANTIEL; oui → none', () => {
    for (const assurance of ['non', 'nsp']) {
      assert.deepEqual(
        statuses({
          precisions: [CUISINE_COLLECTIVE, FUITE],
          score: 1,
          infoProcedureAssuranceContactee: assurance,
        }),
        ['NON_DECENCE_CHECK', 'ASSURANTIEL_CHECK'],
      );
    }
    assert.deepEqual(
      statuses({ precisions: [CUISINE_COLLECTIVE, FUITE], score: 1, infoProcedureAssuranceContactee: 'oui' }),
      ['NON_DECENCE_CHECK'],
    );
  });

  test('score 10 / 40 / 60: dernier étage sous combles + suroccupation', () => {
    const precisions = [TOIT_SOUS_COMBLES, SUROCCUPATION];
    assert.deepEqual(statuses({ precisions, score: 10 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'SUROCCUPATION_CHECK',
    ]);
    assert.deepEqual(statuses({ precisions, score: 40 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'INSALUBRITE_CHECK',
      'SUROCCUPATION_CHECK',
    ]);
    assert.deepEqual(statuses({ precisions, score: 60 }), [
      'NON_DECENCE_CHECK',
      'RSD_CHECK',
      'MISE_EN_SECURITE_PERIL_CHECK',
      'INSALUBRITE_CHECK',
      'SUROCCUPATION_CHECK',
    ]);
  });
});

describe('spec §5.5, QualificationStatusServiceTest: the seven NDE cases', () => {
  const dpeOf = (
    dpe: boolean | null,
    dateDernierDpe: string | null,
    superficie: number | null,
    consommation: number | null,
  ): DpeInput => ({ dpe, classe: null, consommation, dateDernierDpe, superficie });
  const cases: [string, DpeInput | null, string][] = [
    ['all null', null, 'NDE_CHECK'],
    ['moved in 2023-01-01, DPE unknown', dpeOf(null, null, null, null), 'NDE_CHECK'],
    ['no DPE', dpeOf(false, null, null, null), 'NDE_AVEREE'],
    ['DPE 2022-02-01, 30 m², 30000 kWh (1000/m²)', dpeOf(true, '2022-02-01', 30, 30000), 'NDE_AVEREE'],
    ['DPE 2022, 30 m², 10000 kWh (333/m²)', dpeOf(true, '2022-02-01', 30, 10000), 'NDE_OK'],
    ['DPE 2023, 100 m², 580 kWh/m²', dpeOf(true, '2023-03-01', 100, 580), 'NDE_AVEREE'],
    ['DPE 2023, 100 m², 320 kWh/m²', dpeOf(true, '2023-03-01', 100, 320), 'NDE_OK'],
  ];
  for (const [name, dpe, expected] of cases) {
    test(name, () => {
      assert.equal(ndeStatus(dpe, true), expected);
    });
  }

  test('SignalementQualificationFactoryTest: an NDE instance with a high consumption is AVEREE', () => {
    const q = computeSuspectedQualifications({
      precisions: [CHAUFFAGE_SDB],
      score: 1,
      dpe: dpeOf(true, '1970-01-01', 50, 50000),
    }).find((x) => x.qualification === 'NON_DECENCE_ENERGETIQUE');
    assert.equal(q?.status, 'NDE_AVEREE');
  });
});
