import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allFormCriteres, precisionsFromAnswers } from '../../../domain/desordres-form.ts';
import { desordresScreens } from './desordres-screens.ts';
import { evaluate, type FormData, fieldsOf } from './predicates.ts';
import { type Field, flattenFields, type Screen } from './types.ts';

function journey(data: FormData): string[] {
  return desordresScreens.filter((s) => evaluate(s.showIf, data)).map((s) => s.slug);
}
function screen(slug: string): Screen {
  const s = desordresScreens.find((x) => x.slug === slug);
  assert.ok(s, slug);
  return s;
}
function allFields(fields: readonly Field[]): Field[] {
  return fields.flatMap((f) => (f.kind === 'group' ? [f, ...allFields(f.fields)] : [f]));
}

describe('désordres screens: definition', () => {
  test('unique slugs and names, all in the désordres section', () => {
    const slugs = desordresScreens.map((s) => s.slug);
    assert.equal(new Set(slugs).size, slugs.length);
    const names = desordresScreens.flatMap((s) => allFields(s.fields).map((f) => f.name));
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
    );
    for (const s of desordresScreens) assert.equal(s.section, 'desordres');
    // 2 choice screens + 9 bâtiment + 10 logement + service secours + précisions.
    assert.equal(desordresScreens.length, 23);
  });

  test('every form critère has its checkbox and questions on a screen; no HTML in labels', () => {
    const inputs = new Map(desordresScreens.flatMap((s) => flattenFields(s.fields)).map((f) => [f.name, f]));
    for (const c of allFormCriteres()) {
      if (!c.impliedByCategory) assert.equal(inputs.get(c.name)?.kind, 'checkbox', c.name);
      for (const q of c.questions) assert.ok(inputs.has(q.name), q.name);
      if (c.freeText) assert.equal(inputs.get(c.freeText.name)?.kind, 'textarea');
    }
    for (const f of desordresScreens.flatMap((s) => allFields(s.fields))) {
      const texts = [
        'label' in f ? f.label : '',
        'legend' in f ? f.legend : '',
        ...(f.kind === 'info' ? f.text : []),
        ...('options' in f ? f.options.map((o) => o.label) : []),
      ];
      for (const t of texts) assert.doesNotMatch(t, /<\/?[a-z][^>]*>/i, t);
    }
  });

  test('detail groups show only when their critère is ticked', () => {
    for (const s of desordresScreens) {
      for (const f of s.fields) {
        if (f.kind !== 'group') continue;
        const [critere] = fieldsOf(f.showIf);
        assert.ok(critere && s.fields.some((x) => x.kind === 'checkbox' && x.name === critere), f.name);
        assert.equal(evaluate(f.showIf, { [critere]: '1' }), true);
        assert.equal(evaluate(f.showIf, {}), false);
      }
    }
  });

  test('one photo upload per category screen', () => {
    for (const s of desordresScreens.filter(
      (x) => !['desordres_batiment', 'desordres_logement', 'desordres_precisions'].includes(x.slug),
    )) {
      const uploads = flattenFields(s.fields).filter((f) => f.kind === 'upload');
      assert.equal(uploads.length, 1, s.slug);
      assert.deepEqual(
        uploads.map((u) => u.kind === 'upload' && [u.name, u.accept, u.maxFiles]),
        [[`${s.slug}_photos`, 'photos', 10]],
      );
    }
  });
});

describe('désordres screens: journey', () => {
  const base = { composition_logement_piece_unique: 'plusieurs_pieces' };

  test('locataire, both zones, two categories', () => {
    const data: FormData = {
      ...base,
      profil: 'locataire',
      zone_concernee_zone: 'batiment_logement',
      desordres_categories_batiment: ['desordres_batiment_eau'],
      desordres_categories_logement: ['desordres_logement_humidite'],
    };
    assert.deepEqual(journey(data), [
      'desordres_batiment',
      'desordres_batiment_eau',
      'desordres_logement',
      'desordres_logement_humidite',
      'desordres_precisions',
    ]);
  });

  test('zone logement only; "rien à signaler" skips the category screens', () => {
    const data: FormData = {
      profil: 'tiers_pro',
      zone_concernee_zone: 'logement',
      desordres_categories_batiment: ['desordres_batiment_eau'],
      desordres_categories_logement_tiers: ['desordres_logement_proprete'],
    };
    assert.deepEqual(journey(data), [
      'desordres_logement',
      'desordres_logement_proprete',
      'desordres_precisions',
    ]);
    assert.deepEqual(journey({ ...data, desordres_logement_rien_a_signaler: '1' }), [
      'desordres_logement',
      'desordres_precisions',
    ]);
  });

  test('an occupant never gets the propreté screen; service secours has its own screen', () => {
    assert.deepEqual(
      journey({
        profil: 'locataire',
        zone_concernee_zone: 'logement',
        desordres_categories_logement: ['desordres_logement_proprete'],
      }),
      ['desordres_logement', 'desordres_precisions'],
    );
    assert.deepEqual(journey({ profil: 'service_secours', zone_concernee_zone: 'batiment_logement' }), [
      'desordres_service_secours',
      'desordres_precisions',
    ]);
  });

  test('documents only for occupants', () => {
    const docs = flattenFields(screen('desordres_precisions').fields).find(
      (f) => f.name === 'desordres_precisions_documents',
    );
    assert.ok(docs);
    assert.equal(evaluate(docs.showIf, { profil: 'locataire' }), true);
    assert.equal(evaluate(docs.showIf, { profil: 'tiers_particulier' }), false);
  });
});

describe('désordres screens: validation', () => {
  test('category screens need one ticked critère', () => {
    const s = screen('desordres_batiment_eau');
    assert.ok(s.validate);
    assert.deepEqual(Object.keys(s.validate({})), ['desordres_batiment_eau_pas_eau_potable']);
    assert.deepEqual(s.validate({ desordres_batiment_eau_pas_eau_chaude: '1' }), {});
    const ss = screen('desordres_service_secours');
    assert.ok(ss.validate);
    assert.equal(Object.keys(ss.validate({})).length, 1);
    assert.deepEqual(ss.validate({ desordres_service_secours_autre: '1' }), {});
    assert.equal(
      screen('desordres_logement_proprete').validate,
      undefined,
      'propreté: the category is the critère',
    );
  });

  test('category choice: categories required unless "rien à signaler"; not both', () => {
    const s = screen('desordres_batiment');
    const field = flattenFields(s.fields).find((f) => f.name === 'desordres_categories_batiment');
    assert.ok(field && typeof field.required === 'object');
    assert.equal(evaluate(field.required, {}), true);
    assert.equal(evaluate(field.required, { desordres_batiment_rien_a_signaler: '1' }), false);
    assert.ok(s.validate);
    assert.deepEqual(s.validate({ desordres_categories_batiment: ['desordres_batiment_eau'] }), {});
    assert.deepEqual(
      Object.keys(
        s.validate({
          desordres_categories_batiment: ['desordres_batiment_eau'],
          desordres_batiment_rien_a_signaler: '1',
        }),
      ),
      ['desordres_batiment_rien_a_signaler'],
    );
    const l = screen('desordres_logement');
    assert.ok(l.validate);
    assert.deepEqual(
      Object.keys(
        l.validate({
          desordres_categories_logement_tiers: ['desordres_logement_eau'],
          desordres_logement_rien_a_signaler: '1',
        }),
      ),
      ['desordres_logement_rien_a_signaler'],
    );
  });

  test('the answers a journey collects give précisions', () => {
    const data: FormData = {
      profil: 'bailleur_occupant',
      zone_concernee_zone: 'logement',
      composition_logement_piece_unique: 'plusieurs_pieces',
      desordres_categories_logement: ['desordres_logement_aeration'],
      desordres_logement_aeration_ventilation_defectueuse: '1',
      desordres_logement_aeration_ventilation_defectueuse_pieces: ['cuisine', 'salle_de_bain'],
      desordres_logement_aeration_ventilation_defectueuse_details_nettoyage: 'non',
    };
    assert.deepEqual(precisionsFromAnswers(data), [
      'desordres_logement_aeration_ventilation_defectueuse_details_pieces_cuisine_nettoyage_non',
      'desordres_logement_aeration_ventilation_defectueuse_details_pieces_salle_de_bain_nettoyage_non',
    ]);
  });
});

describe('désordres screens: rendering', () => {
  test('every screen renders; one-room dwellings get no rooms question', async () => {
    const { toHtml } = await import('../../../ui/dsfr/util.ts');
    const { ScreenFields, liveConditions } = await import('../views/screen-form.tsx');
    for (const s of desordresScreens) {
      for (const piece of ['plusieurs_pieces', 'piece_unique']) {
        const data: FormData = { profil: 'tiers_pro', composition_logement_piece_unique: piece };
        const html = await toHtml(ScreenFields({ screen: s, data, errors: {}, today: '2026-11-28' }));
        assert.ok(html.length > 0, s.slug);
        const rooms = flattenFields(s.fields).filter((f) => f.name.endsWith('_pieces'));
        for (const r of rooms) {
          // The rooms condition on another screen's answer is settled on the server: only the critère's tick
          // is left to the browser.
          const live = liveConditions(s, data)[r.name];
          assert.equal(live, undefined, `${s.slug} ${r.name} ${JSON.stringify(live)}`);
          if (piece === 'piece_unique') assert.ok(!html.includes(`name="${r.name}"`), r.name);
          else assert.ok(html.includes(`name="${r.name}"`), r.name);
        }
      }
    }
  });
});
