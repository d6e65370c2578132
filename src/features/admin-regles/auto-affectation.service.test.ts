import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { bboxOf, parseWkt } from '../../domain/geo.ts';
import type { FormData } from '../signalement-form/definition/predicates.ts';
import { submitDraft } from '../signalement-form/submission.service.ts';
import { simulateAutoAffectation } from './auto-affectation.service.ts';

// End to end: a public submission in a territory with automatic assignment switched on.
const PAYLOADS = '/work/shared/reference/histologe/draft-payloads';

function locataire(email: string, numero: string): FormData {
  const raw = JSON.parse(readFileSync(path.join(PAYLOADS, 'locataire.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v === true ? 1 : v);
  }
  return {
    ...out,
    vos_coordonnees_occupant_email: email,
    adresse_logement_adresse_detail_numero: numero,
    zone_concernee_zone: 'logement',
    desordres_categories_logement: ['desordres_logement_nuisibles'],
    desordres_logement_nuisibles_cafards: '1',
    desordres_logement_nuisibles_cafards_details_date: 'after_movein',
  } as FormData;
}

let ctx: TestContext;
let t13: number;
let schs: number;
let archived: number;
let agent: number;
let n = 0;
const db = () => ctx.runtime.database.db;

before(async () => {
  ctx = await createTestApp();
  t13 = (await db().selectFrom('territoire').select('id').where('code', '=', '13').executeTakeFirstOrThrow())
    .id;
  const now = new Date();
  const p = await db()
    .insertInto('partenaire')
    .values([
      {
        territoireId: t13,
        nom: 'SCHS de test',
        type: 'COMMUNE_SCHS',
        insee: ['13202'],
        createdAt: now,
        updatedAt: now,
      },
      {
        territoireId: t13,
        nom: 'SCHS archivé de test',
        type: 'COMMUNE_SCHS',
        isArchive: true,
        insee: ['13202'],
        createdAt: now,
        updatedAt: now,
      },
    ])
    .returning('id')
    .execute();
  schs = p[0]?.id as number;
  archived = p[1]?.id as number;
  const u = await db()
    .insertInto('utilisateur')
    .values({
      email: 'agent-schs-test@histologe.test',
      role: 'ROLE_USER_PARTNER',
      statut: 'ACTIVE',
      nom: 'Test',
      prenom: 'Agent',
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  agent = u.id;
  await db()
    .insertInto('utilisateurPartenaire')
    .values({ utilisateurId: agent, partenaireId: schs })
    .execute();
});
after(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  await db().deleteFrom('autoAffectationRule').execute();
  await db()
    .updateTable('territoire')
    .set({ isAutoAffectationEnabled: true })
    .where('id', '=', t13)
    .execute();
});

async function submit(withoutGeoloc = false) {
  n++;
  const data: Record<string, unknown> = {
    ...locataire(`auto-${n}-${Date.now()}@exemple.fr`, `${200 + n} Rue des Phocéens`),
  };
  if (withoutGeoloc) {
    delete data.adresse_logement_adresse_detail_geoloc_lat;
    delete data.adresse_logement_adresse_detail_geoloc_lng;
  }
  const draft = await db()
    .insertInto('signalementDraft')
    .values({
      payload: JSON.stringify(data),
      profileDeclarant: 'LOCATAIRE',
      currentStep: 'validation_signalement',
      status: 'EN_COURS',
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning('uuid')
    .executeTakeFirstOrThrow();
  const r = await submitDraft(ctx.runtime, draft.uuid);
  assert.equal(r.kind, 'submitted');
  const s = await db()
    .selectFrom('signalement')
    .select(['id', 'statut', 'validatedAt', 'inseeOccupant'])
    .where('uuid', '=', r.kind === 'submitted' ? r.signalementUuid : '')
    .executeTakeFirstOrThrow();
  const affectations = await db()
    .selectFrom('affectation')
    .select(['partenaireId', 'statut', 'affectedById'])
    .where('signalementId', '=', s.id)
    .execute();
  const notifications = await db()
    .selectFrom('notification')
    .select(['utilisateurId', 'type'])
    .where('signalementId', '=', s.id)
    .execute();
  const suivis = await db()
    .selectFrom('suivi')
    .select(['category', 'isVisibleForUsager'])
    .where('signalementId', '=', s.id)
    .execute();
  return { s, affectations, notifications, suivis };
}

async function addRule(v: Record<string, unknown> = {}) {
  await db()
    .insertInto('autoAffectationRule')
    .values({ territoireId: t13, partnerType: 'COMMUNE_SCHS', inseeToInclude: ['13202'], ...v })
    .execute();
}

describe('automatic assignment at submission', { timeout: 60_000 }, () => {
  test('matching rule: ACTIVE, affectation NOUVEAU, suivi, partner notified, no "new dossier" notice', async () => {
    await addRule();
    const r = await submit();
    assert.equal(r.s.statut, 'ACTIVE');
    assert.ok(r.s.validatedAt);
    const ids = r.affectations.map((a) => a.partenaireId);
    assert.ok(ids.includes(schs), 'the SCHS covering 13202');
    assert.ok(!ids.includes(archived), 'never an archived partner');
    assert.ok(r.affectations.every((a) => a.statut === 'NOUVEAU' && a.affectedById === null));
    const types = await db().selectFrom('partenaire').select('type').where('id', 'in', ids).execute();
    assert.ok(types.every((t) => t.type === 'COMMUNE_SCHS'));
    assert.ok(r.suivis.some((x) => x.category === 'SIGNALEMENT_IS_ACTIVE' && x.isVisibleForUsager));
    assert.ok(r.notifications.some((x) => x.utilisateurId === agent && x.type === 'NOUVELLE_AFFECTATION'));
    assert.ok(!r.notifications.some((x) => x.type === 'NOUVEAU_SIGNALEMENT'));
    const history = await db()
      .selectFrom('historyEntry')
      .select('entityName')
      .where('signalementId', '=', r.s.id)
      .where('source', '=', 'auto-affectation')
      .execute();
    assert.ok(history.some((h) => h.entityName === 'Affectation'));
  });

  test('no matching rule (commune excluded): stays NEED_VALIDATION, responsables notified', async () => {
    await addRule({ inseeToInclude: [], inseeToExclude: ['13202'] });
    const r = await submit();
    assert.equal(r.s.statut, 'NEED_VALIDATION');
    assert.equal(r.affectations.length, 0);
    assert.ok(r.notifications.some((x) => x.type === 'NOUVEAU_SIGNALEMENT'));
  });

  test('archived rule, or territory switched off: nothing happens', async () => {
    await addRule({ status: 'ARCHIVED' });
    assert.equal((await submit()).s.statut, 'NEED_VALIDATION');
    await db().deleteFrom('autoAffectationRule').execute();
    await addRule();
    await db()
      .updateTable('territoire')
      .set({ isAutoAffectationEnabled: false })
      .where('id', '=', t13)
      .execute();
    const r = await submit();
    assert.equal(r.s.statut, 'NEED_VALIDATION');
    assert.equal(r.affectations.length, 0);
  });

  test('a zone criterion matches with the address picked from the suggestions, not without coordinates', async () => {
    const wkt = parseWkt('POLYGON((5.36 43.29, 5.38 43.29, 5.38 43.31, 5.36 43.31, 5.36 43.29))');
    assert.ok(wkt.ok);
    const z = await db()
      .insertInto('zone')
      .values({
        territoireId: t13,
        name: 'Joliette',
        type: 'OPAH_RU',
        geometry: JSON.stringify(wkt.geometry),
        bbox: JSON.stringify(bboxOf(wkt.geometry)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addRule({ zonesToInclude: [z.id] });
    assert.equal((await submit()).s.statut, 'ACTIVE', 'the form gave the coordinates of the suggestion');
    assert.equal((await submit(true)).s.statut, 'NEED_VALIDATION', 'typed address: position not known yet');
    const facts = {
      profileDeclarant: 'LOCATAIRE',
      insee: '13202',
      isLogementSocial: null,
      isAllocataire: 'caf',
      procedures: [],
      lat: 43.302242,
      lng: 5.367851,
    };
    const sim = await simulateAutoAffectation(db(), t13, facts);
    assert.ok(sim.matchedPartnerIds.includes(schs), 'with the coordinates the zone matches');
    const noPoint = await simulateAutoAffectation(db(), t13, { ...facts, lat: null, lng: null });
    const mine = noPoint.partners.find((p) => p.partner.id === schs);
    assert.equal(mine?.matched, false);
    assert.match(mine?.rules[0]?.checks.find((c) => !c.ok)?.reason ?? '', /Position du logement inconnue/);
  });
});
