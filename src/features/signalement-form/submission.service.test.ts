import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { computeCriticite } from '../../domain/criticite.ts';
import { getPrecision, zoneOfPrecision } from '../../domain/desordres.ts';
import { precisionsFromAnswers } from '../../domain/desordres-form.ts';
import { computeSuspectedQualifications, ndeInputFromComposition } from '../../domain/qualifications.ts';
import { parseReference } from '../../domain/reference.ts';
import type { GeocodeResult, Geocoder } from '../../infra/geocoder.ts';
import { listOutbox, type OutboxEntry } from '../../infra/mailer.ts';
import { JOB_GEOCODE_SIGNALEMENT, JOB_SEND_MAIL, registerWorker } from '../../worker.ts';
import type { FormData } from './definition/predicates.ts';
import { findDuplicates, sendFollowUpLinks, submitDraft } from './submission.service.ts';

const PAYLOADS = '/work/shared/reference/histologe/draft-payloads';
const TIERS = new Set(['tiers_particulier', 'tiers_pro', 'bailleur']);

/** A reference payload as our form stores it: strings only, categories in our fields, uploads left out. */
function fixture(name: string, overrides: Record<string, string | string[] | undefined> = {}): FormData {
  const raw = JSON.parse(readFileSync(path.join(PAYLOADS, `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v === true ? 1 : v);
  }
  const cats = raw.categorieDisorders as { batiment?: string[]; logement?: string[] } | undefined;
  const tiers = TIERS.has(out.profil as string);
  if (cats?.batiment?.length) out.desordres_categories_batiment = cats.batiment;
  if (cats?.logement?.length) {
    out[tiers ? 'desordres_categories_logement_tiers' : 'desordres_categories_logement'] = cats.logement;
  }
  let data: FormData = { ...out, ...overrides };
  if (precisionsFromAnswers(data).length === 0 && data.profil !== 'service_secours') {
    // Some reference payloads stop before the désordres: give them one, so that they can be sent.
    data = {
      ...data,
      zone_concernee_zone: 'logement',
      [tiers ? 'desordres_categories_logement_tiers' : 'desordres_categories_logement']: [
        'desordres_logement_nuisibles',
      ],
      desordres_logement_nuisibles_cafards: '1',
      desordres_logement_nuisibles_cafards_details_date: 'after_movein',
    };
  }
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as FormData;
}

let ctx: TestContext;
const geocoded: string[] = [];
const fakeBan: Geocoder = {
  async search(q: string): Promise<GeocodeResult[]> {
    geocoded.push(q);
    return [
      {
        label: q,
        postcode: '13002',
        city: 'Marseille',
        citycode: '13202',
        banId: '13202_1234_00033',
        lat: 43.3,
        lng: 5.36,
        score: 0.9,
        type: 'housenumber',
        source: 'ban',
      },
    ];
  },
};

before(async () => {
  ctx = await createTestApp({ jobs: true });
  ctx.runtime.geocoder = fakeBan;
  await registerWorker(ctx.runtime, pino({ level: 'silent' }));
});
after(async () => {
  await ctx?.close();
});

const db = () => ctx.runtime.database.db;

async function createDraft(data: FormData, opts: { status?: 'EN_COURS' | 'ARCHIVE'; updatedAt?: Date } = {}) {
  return db()
    .insertInto('signalementDraft')
    .values({
      payload: JSON.stringify(data),
      profileDeclarant: String(data.profil ?? '').toUpperCase() || null,
      currentStep: 'validation_signalement',
      status: opts.status ?? 'EN_COURS',
      createdAt: opts.updatedAt ?? new Date(),
      updatedAt: opts.updatedAt ?? new Date(),
    })
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow();
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function outboxTo(email: string, subjectPart: string): Promise<OutboxEntry | undefined> {
  const mails = await listOutbox(ctx.config.mail.outboxDir, { limit: 1000 });
  return mails.find(
    (m) => m.to.some((t) => t.toLowerCase() === email.toLowerCase()) && m.subject.includes(subjectPart),
  );
}

async function territoireId(code: string) {
  return (await db().selectFrom('territoire').select('id').where('code', '=', code).executeTakeFirstOrThrow())
    .id;
}

/** An extra responsable de territoire in 13 with the given preferences. */
async function addResponsable(email: string, pref: 'EACH' | 'DIGEST' | 'NONE', isMailingActive = true) {
  const partner = await db()
    .selectFrom('partenaire')
    .select('id')
    .where('territoireId', '=', await territoireId('13'))
    .where('isArchive', '=', false)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const u = await db()
    .insertInto('utilisateur')
    .values({
      email,
      role: 'ROLE_ADMIN_TERRITORY',
      statut: 'ACTIVE',
      nom: 'Test',
      prenom: pref,
      notificationPreference: pref,
      isMailingActive,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('utilisateurPartenaire')
    .values({ utilisateurId: u.id, partenaireId: partner.id, createdAt: new Date() })
    .execute();
  return u.id;
}

describe('submission of a complete draft', { timeout: 120_000 }, () => {
  const PROFILES = ['locataire', 'bailleur_occupant', 'tiers_particulier', 'tiers_pro', 'bailleur'] as const;
  const prefs: Record<string, number> = {};

  before(async () => {
    prefs.digest = await addResponsable('rt-digest@histologe.test', 'DIGEST');
    prefs.none = await addResponsable('rt-none@histologe.test', 'NONE');
    prefs.muted = await addResponsable('rt-muted@histologe.test', 'EACH', false);
  });

  for (const profil of PROFILES) {
    test(`a ${profil} draft becomes a signalement with its reference, score, qualifications, files and notices`, {
      timeout: 30_000,
    }, async () => {
      const email = `${profil}-${Date.now()}@exemple.fr`;
      const emailField = TIERS.has(profil) ? 'vos_coordonnees_tiers_email' : 'vos_coordonnees_occupant_email';
      const data = fixture(profil, {
        [emailField]: email,
        adresse_logement_adresse_detail_numero: `${PROFILES.indexOf(profil) + 100} Rue des Phocéens`,
      });
      const draft = await createDraft(data);
      const photoKey = `drafts/test/${draft.uuid}-photo.jpg`;
      await db()
        .insertInto('signalementDraftFile')
        .values([
          {
            draftId: draft.id,
            field: 'desordres_logement_nuisibles_photos',
            desordreSlug: 'desordres_logement_nuisibles',
            storageKey: photoKey,
            variants: JSON.stringify({ thumb: `drafts/test/${draft.uuid}-thumb.jpg` }) as never,
            filename: 'cafards.jpg',
            extension: 'jpg',
            mimeType: 'image/jpeg',
            size: 1234,
            kind: 'image',
          },
          {
            draftId: draft.id,
            field: 'bail_dpe_bail_upload',
            desordreSlug: null,
            storageKey: `drafts/test/${draft.uuid}-bail.pdf`,
            filename: 'bail.pdf',
            extension: 'pdf',
            mimeType: 'application/pdf',
            size: 4321,
            kind: 'pdf',
          },
        ])
        .execute();

      const result = await submitDraft(ctx.runtime, draft.uuid, {});
      assert.equal(result.kind, 'submitted');
      if (result.kind !== 'submitted') return;
      const year = new Date().getFullYear();
      assert.match(result.reference, new RegExp(`^${year}-\\d+$`));
      assert.match(result.codeSuivi, /^[A-Za-z0-9_-]{32}$/);

      const s = await db()
        .selectFrom('signalement')
        .selectAll()
        .where('uuid', '=', result.signalementUuid)
        .executeTakeFirstOrThrow();
      assert.equal(s.statut, 'NEED_VALIDATION');
      assert.equal(s.reference, result.reference);
      assert.equal(s.territoireId, await territoireId('13'));
      assert.equal(s.createdFromDraftId, draft.id);
      assert.equal(s.creationSource, 'FORM_USAGER_V2');

      // Précisions and score, against the domain function.
      const linked = await db()
        .selectFrom('signalementDesordrePrecision as sdp')
        .innerJoin('desordrePrecision as p', 'p.id', 'sdp.desordrePrecisionId')
        .select(['p.slug', 'p.coef'])
        .where('sdp.signalementId', '=', s.id)
        .execute();
      const expectedSlugs = precisionsFromAnswers(data);
      for (const slug of expectedSlugs)
        assert.ok(
          linked.some((l) => l.slug === slug),
          slug,
        );
      assert.ok(linked.length >= expectedSlugs.length);
      const expected = computeCriticite({
        precisions: linked.map((l) => ({ coef: Number(l.coef), zone: zoneOfPrecision(l.slug)! })),
        hasChildren: data.composition_logement_enfants === 'oui',
      });
      assert.equal(Number(s.score), expected.score);
      assert.equal(Number(s.scoreBatiment), expected.scoreBatiment);
      assert.equal(Number(s.scoreLogement), expected.scoreLogement);
      assert.ok(linked.length > 0);

      const qualifications = await db()
        .selectFrom('signalementQualification')
        .select(['qualification', 'status'])
        .where('signalementId', '=', s.id)
        .orderBy('id')
        .execute();
      const flags = await db()
        .selectFrom('signalementDesordrePrecision as sdp')
        .innerJoin('desordrePrecision as p', 'p.id', 'sdp.desordrePrecisionId')
        .select(['p.id', 'p.slug', 'p.qualifications', 'p.isDanger', 'p.isInsalubrite', 'p.isSuroccupation'])
        .where('sdp.signalementId', '=', s.id)
        .execute();
      const expectedQualifications = computeSuspectedQualifications({
        precisions: flags,
        score: expected.score,
        infoProcedureAssuranceContactee: (data.info_procedure_assurance_contactee as string) ?? null,
        dpe: ndeInputFromComposition(
          {
            bailDpeDpe: data.bail_dpe_dpe,
            bailDpeClasseEnergetique: data.bail_dpe_classe_energetique,
            desordresLogementChauffageDetailsDpeAnnee: data.desordres_logement_chauffage_details_dpe_annee,
            desordresLogementChauffageDetailsDpeConso: data.desordres_logement_chauffage_details_dpe_conso,
            desordresLogementChauffageDetailsDpeConsoFinale:
              data.desordres_logement_chauffage_details_dpe_conso_finale,
          },
          Number(data.composition_logement_superficie) || null,
        ),
      });
      assert.deepEqual(
        qualifications.map((q) => `${q.qualification}:${q.status}`),
        expectedQualifications.map((q) => `${q.qualification}:${q.status}`),
      );

      const suivis = await db().selectFrom('suivi').selectAll().where('signalementId', '=', s.id).execute();
      assert.equal(suivis.length, 1);
      assert.equal(suivis[0]!.category, 'SIGNALEMENT_IS_CREATED');
      assert.equal(suivis[0]!.isVisibleForUsager, true);

      const fichiers = await db()
        .selectFrom('fichier')
        .selectAll()
        .where('signalementId', '=', s.id)
        .orderBy('id')
        .execute();
      assert.equal(fichiers.length, 2);
      assert.equal(fichiers[0]!.storageKey, photoKey);
      assert.equal(fichiers[0]!.documentType, 'PHOTO_SITUATION');
      assert.equal(fichiers[0]!.desordreSlug, 'desordres_logement_nuisibles');
      assert.deepEqual(fichiers[0]!.variants, { thumb: `drafts/test/${draft.uuid}-thumb.jpg` });
      assert.equal(fichiers[1]!.documentType, 'SITUATION_FOYER_BAIL');
      assert.ok(fichiers.every((f) => f.uploadedByUsager && f.isVisibleForUsager));

      const history = await db()
        .selectFrom('historyEntry')
        .select('event')
        .where('signalementId', '=', s.id)
        .execute();
      assert.deepEqual(
        history.map((h) => h.event),
        ['CREATE'],
      );

      const d = await db()
        .selectFrom('signalementDraft')
        .select('status')
        .where('id', '=', draft.id)
        .executeTakeFirstOrThrow();
      assert.equal(d.status, 'EN_SIGNALEMENT');

      // Responsables of 13: notified in-app, subscribed, e-mailed according to their preference.
      const rt13 = await db()
        .selectFrom('utilisateur')
        .select('id')
        .where('email', '=', 'rt-13@histologe.test')
        .executeTakeFirstOrThrow();
      const notifications = await db()
        .selectFrom('notification')
        .select(['utilisateurId', 'type', 'waitMailingSummary'])
        .where('signalementId', '=', s.id)
        .execute();
      const notified = new Map(notifications.map((n) => [n.utilisateurId, n]));
      for (const id of [rt13.id, prefs.digest!, prefs.none!, prefs.muted!]) {
        assert.equal(notified.get(id)?.type, 'NOUVEAU_SIGNALEMENT');
      }
      assert.equal(notified.get(prefs.digest!)?.waitMailingSummary, true);
      assert.equal(notified.get(prefs.none!)?.waitMailingSummary, false);
      assert.equal(notified.get(rt13.id)?.waitMailingSummary, false);
      const subscribed = await db()
        .selectFrom('abonnement')
        .select('utilisateurId')
        .where('signalementId', '=', s.id)
        .execute();
      assert.ok(subscribed.some((a) => a.utilisateurId === rt13.id));

      // Jobs: one geocoding, the e-mails; then the worker sends them.
      const jobs = await sql<{ name: string; data: any }>`
        select name, data from pgboss.job where data->>'signalementId' = ${String(s.id)}`.execute(db());
      assert.equal(jobs.rows.filter((j) => j.name === JOB_GEOCODE_SIGNALEMENT).length, 1);
      const mails = jobs.rows.filter((j) => j.name === JOB_SEND_MAIL).map((j) => j.data);
      const rtMail = mails.find((m) => m.subject.includes('Nouveau signalement à valider'));
      assert.ok(rtMail, 'one e-mail to the responsables');
      assert.ok(rtMail.bcc.includes('rt-13@histologe.test'));
      for (const skipped of [
        'rt-digest@histologe.test',
        'rt-none@histologe.test',
        'rt-muted@histologe.test',
      ]) {
        assert.ok(!rtMail.bcc.includes(skipped), skipped);
      }
      assert.ok(rtMail.html.includes(`/bo/signalements/${s.uuid}`));
      const confirmations = mails.filter((m) => m.subject.includes('a bien été reçu'));
      const usagerTo = confirmations.map((m) => String(m.to).toLowerCase());
      assert.equal(new Set(usagerTo).size, usagerTo.length, 'no e-mail twice to the same address');
      assert.ok(usagerTo.includes(email.toLowerCase()));
      assert.ok(confirmations[0].text.includes(`/suivre-mon-signalement/${result.codeSuivi}`));

      const sent = await waitFor(() => outboxTo(email, result.reference), 'the confirmation e-mail');
      assert.ok(sent.subject.includes(result.reference));
      await waitFor(async () => {
        const g = await db()
          .selectFrom('signalement')
          .select(['geolocLat', 'banIdOccupant'])
          .where('id', '=', s.id)
          .executeTakeFirstOrThrow();
        return g.banIdOccupant ? g : undefined;
      }, 'the geocoding job');

      // The same draft cannot be sent twice.
      await assert.rejects(submitDraft(ctx.runtime, draft.uuid, { ignoreDuplicates: true }), (err: any) => {
        assert.equal(err.code, 'CONFLICT');
        assert.match(err.message, /déjà été envoyé/);
        return true;
      });
    });
  }

  test('a service de secours draft is sent once a situation is ticked', async () => {
    const data = fixture('service_secours', {
      vos_coordonnees_tiers_email: `secours-${Date.now()}@exemple.fr`,
      adresse_logement_adresse_detail_numero: '7 Rue de la République',
    });
    // The reference payload describes no situation: incomplete.
    const empty = await createDraft(data);
    await assert.rejects(submitDraft(ctx.runtime, empty.uuid, {}), /au moins un problème/);
    const ticked = { ...data, desordres_service_secours_logement_inadapte: '1' };
    assert.ok(precisionsFromAnswers(ticked).length > 0);
    const draft = await createDraft(ticked);
    const result = await submitDraft(ctx.runtime, draft.uuid, {});
    assert.equal(result.kind, 'submitted');
  });
});

describe('duplicates', () => {
  test('the same e-mail and address (accents, case, spaces aside) is found; a closed case is not', async () => {
    const email = `doublon-${Date.now()}@exemple.fr`;
    const first = await createDraft(
      fixture('locataire', {
        vos_coordonnees_occupant_email: email,
        adresse_logement_adresse_detail_numero: '12 Rue de l’Évêché',
      }),
    );
    const submitted = await submitDraft(ctx.runtime, first.uuid, {});
    assert.equal(submitted.kind, 'submitted');

    const secondData = fixture('locataire', {
      vos_coordonnees_occupant_email: email.toUpperCase(),
      adresse_logement_adresse_detail_numero: '  12 rue de l’eveche ',
      adresse_logement_adresse_detail_commune: 'MARSEILLE',
    });
    const second = await createDraft(secondData);
    const found = await findDuplicates(db(), { payload: secondData });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.reference, submitted.kind === 'submitted' ? submitted.reference : '');

    const answer = await submitDraft(ctx.runtime, second.uuid, {});
    assert.equal(answer.kind, 'duplicates');
    // Nothing was created, the draft is still open.
    const d = await db()
      .selectFrom('signalementDraft')
      .select('status')
      .where('id', '=', second.id)
      .executeTakeFirstOrThrow();
    assert.equal(d.status, 'EN_COURS');

    // The follow-up link goes to the déclarant's e-mail only.
    assert.equal(await sendFollowUpLinks(ctx.runtime, second.uuid), 1);
    const s = await db()
      .selectFrom('signalement')
      .select(['codeSuivi', 'id'])
      .where('createdFromDraftId', '=', first.id)
      .executeTakeFirstOrThrow();
    const queued = await sql<{ data: any }>`
      select data from pgboss.job where name = ${JOB_SEND_MAIL} and data->>'subject' = 'Le lien pour suivre votre signalement'
        and data->>'signalementId' = ${String(s.id)}`.execute(db());
    assert.equal(queued.rows.length, 1);
    const linkMail = queued.rows[0]!.data;
    assert.ok(linkMail.text.includes(`/suivre-mon-signalement/${s.codeSuivi}`));
    assert.equal(linkMail.to, email);

    // Other address or other person: no duplicate.
    assert.equal(
      (
        await findDuplicates(db(), {
          payload: { ...secondData, adresse_logement_adresse_detail_numero: '14 rue de l’Évêché' },
        })
      ).length,
      0,
    );
    assert.equal(
      (
        await findDuplicates(db(), {
          payload: { ...secondData, vos_coordonnees_occupant_email: 'autre@exemple.fr' },
        })
      ).length,
      0,
    );

    // Once closed, it is no longer a duplicate; the person may go on anyway.
    await db()
      .updateTable('signalement')
      .set({ statut: 'CLOSED', closedAt: new Date(), motifCloture: 'AUTRE' })
      .where('id', '=', s.id)
      .execute();
    assert.equal((await findDuplicates(db(), { payload: secondData })).length, 0);
    assert.equal(await sendFollowUpLinks(ctx.runtime, second.uuid), 0);
    const anyway = await submitDraft(ctx.runtime, second.uuid, {});
    assert.equal(anyway.kind, 'submitted');
  });

  test('ignoreDuplicates lets the person send a new signalement anyway', async () => {
    const email = `encore-${Date.now()}@exemple.fr`;
    const data = fixture('locataire', {
      vos_coordonnees_occupant_email: email,
      adresse_logement_adresse_detail_numero: '5 Rue Sainte',
    });
    const a = await createDraft(data);
    assert.equal((await submitDraft(ctx.runtime, a.uuid, {})).kind, 'submitted');
    const b = await createDraft(data);
    assert.equal((await submitDraft(ctx.runtime, b.uuid, {})).kind, 'duplicates');
    assert.equal((await submitDraft(ctx.runtime, b.uuid, { ignoreDuplicates: true })).kind, 'submitted');
  });
});

describe('refusals', () => {
  test('a draft describing no problem is refused with a clear message', async () => {
    const data = fixture('locataire');
    const empty: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) {
      if (
        !k.startsWith('desordres_') &&
        k !== 'zone_concernee_zone' &&
        !k.startsWith('type_logement_commodites')
      )
        empty[k] = v;
    }
    empty.composition_logement_nombre_personnes = '1';
    const draft = await createDraft(empty as FormData);
    await assert.rejects(submitDraft(ctx.runtime, draft.uuid, {}), (err: any) => {
      assert.equal(err.code, 'VALIDATION');
      assert.match(err.message, /au moins un problème/);
      return true;
    });
    const d = await db()
      .selectFrom('signalementDraft')
      .select('status')
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow();
    assert.equal(d.status, 'EN_COURS');
  });

  test('an abandoned or unknown draft is refused', async () => {
    const archived = await createDraft(fixture('locataire'), { status: 'ARCHIVE' });
    await assert.rejects(submitDraft(ctx.runtime, archived.uuid, {}), /abandonné/);
    await assert.rejects(submitDraft(ctx.runtime, '00000000-0000-4000-8000-000000000000', {}), /introuvable/);
    await assert.rejects(submitDraft(ctx.runtime, 'pas-un-uuid', {}), /introuvable/);
  });

  test('an address in a closed territory is refused', async () => {
    const closed = await db()
      .selectFrom('commune as c')
      .innerJoin('territoire as t', 't.id', 'c.territoireId')
      .select(['c.codeInsee', 'c.codePostal', 'c.nom'])
      .where('t.isActive', '=', false)
      .orderBy('c.codeInsee')
      .executeTakeFirst();
    if (!closed) return;
    const draft = await createDraft(
      fixture('locataire', {
        adresse_logement_adresse_detail_code_postal: closed.codePostal,
        adresse_logement_adresse_detail_insee: closed.codeInsee,
        adresse_logement_adresse_detail_commune: closed.nom,
      }),
    );
    await assert.rejects(submitDraft(ctx.runtime, draft.uuid, {}), /0806 706 806/);
  });
});

test('suroccupation précision is added when the household is too large for the dwelling', async () => {
  const data = fixture('locataire', {
    vos_coordonnees_occupant_email: `suroccupation-${Date.now()}@exemple.fr`,
    adresse_logement_adresse_detail_numero: '40 Rue de Rome',
    logement_social_allocation: 'non',
    composition_logement_nombre_personnes: '6',
    composition_logement_nb_pieces: '2',
  });
  const draft = await createDraft(data);
  const result = await submitDraft(ctx.runtime, draft.uuid, {});
  assert.equal(result.kind, 'submitted');
  if (result.kind !== 'submitted') return;
  const slugs = await db()
    .selectFrom('signalementDesordrePrecision as sdp')
    .innerJoin('signalement as s', 's.id', 'sdp.signalementId')
    .innerJoin('desordrePrecision as p', 'p.id', 'sdp.desordrePrecisionId')
    .select('p.slug')
    .where('s.uuid', '=', result.signalementUuid)
    .execute();
  assert.ok(
    slugs.some((s) => s.slug === 'desordres_type_composition_logement_suroccupation_non_allocataire'),
  );
  assert.ok(getPrecision('desordres_type_composition_logement_suroccupation_non_allocataire'));
  const q = await db()
    .selectFrom('signalementQualification as q')
    .innerJoin('signalement as s', 's.id', 'q.signalementId')
    .select('q.qualification')
    .where('s.uuid', '=', result.signalementUuid)
    .execute();
  assert.ok(q.some((x) => x.qualification === 'SUROCCUPATION'));
});

describe('references', () => {
  test('50 parallel submissions in one territory get 50 distinct consecutive numbers', async () => {
    const base = fixture('locataire', {
      adresse_logement_adresse_detail_numero: '2 Place de la Comédie',
      adresse_logement_adresse_detail_code_postal: '34000',
      adresse_logement_adresse_detail_insee: '34172',
      adresse_logement_adresse_detail_commune: 'Montpellier',
      adresse_logement_adresse: '2 Place de la Comédie 34000 Montpellier',
    });
    const drafts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createDraft({ ...base, vos_coordonnees_occupant_email: `parallele-${i}@exemple.fr` }),
      ),
    );
    const results = await Promise.all(drafts.map((d) => submitDraft(ctx.runtime, d.uuid, {})));
    const numbers = results
      .map((r) => {
        assert.equal(r.kind, 'submitted');
        return r.kind === 'submitted' ? parseReference(r.reference)!.number : -1;
      })
      .sort((a, b) => a - b);
    assert.equal(new Set(numbers).size, 50);
    assert.equal(numbers[49]! - numbers[0]!, 49, 'consecutive');
    const t34 = await territoireId('34');
    const rows = await db()
      .selectFrom('signalement')
      .select('territoireId')
      .where(
        'createdFromDraftId',
        'in',
        drafts.map((d) => d.id),
      )
      .execute();
    assert.equal(rows.length, 50);
    assert.ok(rows.every((r) => r.territoireId === t34));
  });
});
