import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isQualification } from './competences.ts';
import {
  critereOfPrecision,
  criteresOfCategorie,
  desordresCatalogue,
  getCritere,
  getPrecision,
  precisionsOfCritere,
  SUROCCUPATION_PRECISION_SLUGS,
  zoneOfPrecision,
} from './desordres.ts';

const { categories, criteres, precisions } = desordresCatalogue;

describe('désordres catalogue', () => {
  it('holds the figures of the reference', () => {
    assert.equal(categories.length, 16);
    assert.equal(criteres.length, 84);
    assert.equal(precisions.length, 195);
    assert.equal(precisions.filter((p) => p.isDanger).length, 45);
    assert.equal(precisions.filter((p) => p.isInsalubrite).length, 11);
    assert.equal(precisions.filter((p) => p.isSuroccupation).length, 2);
    assert.equal(Math.min(...precisions.map((p) => p.coef)), 0);
    assert.equal(Math.max(...precisions.map((p) => p.coef)), 24);
    assert.equal(categories.filter((c) => c.appContext === 'service_secours').length, 1);
  });

  it('sums the per-critère maximum coefs to 84 (bâtiment) and 153 (logement), as the spec states', () => {
    const max: Record<string, number> = { BATIMENT: 0, LOGEMENT: 0 };
    for (const c of criteres) {
      max[c.zoneCategorie]! += Math.max(...precisionsOfCritere(c.slugCritere).map((p) => p.coef));
    }
    assert.deepEqual(max, { BATIMENT: 84, LOGEMENT: 153 });
  });

  it('links every précision to a known critère and known qualifications', () => {
    for (const p of precisions) {
      assert.ok(getCritere(p.critereSlug), p.slug);
      for (const q of p.qualifications) assert.ok(isQualification(q), `${p.slug}: ${q}`);
    }
    const labels = new Set(categories.map((c) => c.label));
    for (const c of criteres) assert.ok(labels.has(c.categorieLabel), c.slugCritere);
  });

  it('finds critères and précisions by slug', () => {
    const plancher = getPrecision('desordres_batiment_securite_sol_details_plancher_effondre');
    assert.ok(plancher);
    assert.equal(plancher.isDanger, true);
    assert.equal(zoneOfPrecision(plancher.slug), 'BATIMENT');
    assert.equal(critereOfPrecision(plancher.slug)?.slugCritere, 'desordres_batiment_securite_sol');

    const combles = getPrecision('desordres_type_composition_logement_sous_combles');
    assert.ok(combles);
    assert.equal(combles.isInsalubrite, true);
    assert.equal(combles.coef, 24);

    assert.equal(getPrecision('inconnu'), undefined);
    assert.equal(zoneOfPrecision('inconnu'), undefined);
    assert.deepEqual(precisionsOfCritere('inconnu'), []);
  });

  it('knows the two suroccupation précisions', () => {
    for (const slug of Object.values(SUROCCUPATION_PRECISION_SLUGS)) {
      assert.equal(getPrecision(slug)?.isSuroccupation, true, slug);
    }
  });

  it('keeps the free-text precision settings', () => {
    const withLibre = criteres.filter((c) => c.precisionLibre);
    assert.equal(withLibre.length, 3);
    assert.equal(
      getCritere('desordres_logement_lumiere_plafond_trop_bas')?.precisionLibre?.type,
      'precisions',
    );
    assert.ok(criteresOfCategorie('desordres_logement_lumiere').length > 1);
  });
});
