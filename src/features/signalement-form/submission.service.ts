/**
 * Submission of a public signalement draft (spec front §2.10–§2.12, domain §3.1 row 1, §5, §6.16).
 *
 * Everything that makes the new signalement happens in ONE transaction: the signalement row (reference
 * `YYYY-N`, code suivi, score, status NEED_VALIDATION), its précisions and suspected qualifications, a first
 * suivi, the files sent with the form, the history entry, the draft's new status, the responsables'
 * notifications and subscriptions, and the jobs (geocoding, e-mails). A job exists only if all this committed.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type CriticiteResult,
  computeCriticite,
  suroccupationPrecisionSlug,
} from '../../domain/criticite.ts';
import { getPrecision } from '../../domain/desordres.ts';
import { freeTextOfAnswers, precisionsFromAnswers } from '../../domain/desordres-form.ts';
import {
  computeSuspectedQualifications,
  ndeInputFromComposition,
  type QualifyingPrecision,
  type SuspectedQualification,
} from '../../domain/qualifications.ts';
import type { DB } from '../../infra/db/schema.ts';
import { conflict, notFound, validation } from '../../infra/errors.ts';
import type { Runtime } from '../../runtime.ts';
import { formatDate } from '../../ui/format.ts';
import {
  enqueueMail,
  GEOCODE_JOB_OPTIONS,
  geocodeSignalement,
  JOB_GEOCODE_SIGNALEMENT,
  type MailJobData,
  sendMailNow,
} from '../../worker.ts';
import { applyAutoAffectation } from '../admin-regles/auto-affectation.service.ts';
import { renderMail } from '../mails/render.ts';
import { notify } from '../notifications/notify.service.ts';
import { newCodeSuivi, nextReference } from '../signalements/signalement-reference.repository.ts';
import type { FormData, FormValue } from './definition/predicates.ts';
import { isUuid } from './draft.repository.ts';
import { addressLabel, declarantEmailOf, mapDraftToSignalement, usagerEmails } from './payload-mapper.ts';
import { checkTerritory } from './territory-check.ts';

type Db = Kysely<DB>;

/** Statuses of a signalement still being handled: a new one at the same place by the same person is a duplicate. */
export const OPEN_STATUSES = ['NEED_VALIDATION', 'ACTIVE', 'INJONCTION_BAILLEUR'] as const;

export interface DuplicateSignalement {
  reference: string;
  createdAt: Date;
  uuid: string;
}

export type SubmitResult =
  | { kind: 'submitted'; signalementUuid: string; reference: string; codeSuivi: string }
  | { kind: 'duplicates'; duplicates: DuplicateSignalement[] };

const ADDRESS = 'adresse_logement_adresse';

function str(value: FormValue | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Lower case, no accents (nor typographic apostrophes), single spaces: how addresses are compared. */
function normalizedSql(value: ReturnType<typeof sql.ref> | string) {
  return sql<string>`regexp_replace(immutable_unaccent(lower(trim(${value}))), '\\s+', ' ', 'g')`;
}

/**
 * Open signalements (not closed, refused or archived) made by the same person (their e-mail as déclarant or as
 * occupant, case-insensitive) for the same address (numéro et voie, postcode and commune, ignoring accents,
 * case and extra spaces). Newest first.
 */
export async function findDuplicates(db: Db, draft: { payload: unknown }): Promise<DuplicateSignalement[]> {
  const data = (draft.payload ?? {}) as FormData;
  const email = declarantEmailOf(data);
  const mapped = mapDraftToSignalement(data);
  const numeroVoie = mapped.adresseOccupant ?? '';
  const codePostal = mapped.cpOccupant ?? '';
  const commune = mapped.villeOccupant ?? '';
  if (!email || !numeroVoie || !codePostal || !commune) return [];
  return db
    .selectFrom('signalement')
    .select(['reference', 'createdAt', 'uuid'])
    .where('statut', 'in', [...OPEN_STATUSES])
    .where('cpOccupant', '=', codePostal.replace(/\s+/g, ''))
    .where((eb) =>
      eb.or([
        eb(sql`lower(trim(declarant_email))`, '=', email.toLowerCase()),
        eb(sql`lower(trim(occupant_email))`, '=', email.toLowerCase()),
      ]),
    )
    .where(normalizedSql(sql.ref('adresse_occupant')), '=', normalizedSql(numeroVoie))
    .where(normalizedSql(sql.ref('ville_occupant')), '=', normalizedSql(commune))
    .orderBy('createdAt', 'desc')
    .limit(10)
    .execute();
}

interface DraftForSubmission {
  id: number;
  uuid: string;
  status: string;
  payload: FormData;
}

async function loadDraft(db: Db, draftUuid: string): Promise<DraftForSubmission> {
  if (!isUuid(draftUuid)) throw notFound('Ce signalement en cours est introuvable. Il a peut-être expiré.');
  const draft = await db
    .selectFrom('signalementDraft')
    .select(['id', 'uuid', 'status', 'payload'])
    .where('uuid', '=', draftUuid)
    .executeTakeFirst();
  if (!draft) throw notFound('Ce signalement en cours est introuvable. Il a peut-être expiré.');
  return { ...draft, payload: (draft.payload ?? {}) as FormData };
}

function assertOpen(status: string): void {
  if (status === 'EN_SIGNALEMENT') {
    throw conflict(
      'Ce signalement a déjà été envoyé. Vous avez reçu par e-mail le lien pour suivre votre dossier.',
    );
  }
  if (status !== 'EN_COURS') {
    throw conflict(
      'Ce signalement en cours a été abandonné : il ne peut plus être envoyé. Vous pouvez en commencer un nouveau.',
    );
  }
}

interface LoadedPrecision extends QualifyingPrecision {
  coef: number;
  zone: 'BATIMENT' | 'LOGEMENT';
}

async function loadPrecisions(db: Db, slugs: readonly string[]): Promise<LoadedPrecision[]> {
  if (!slugs.length) return [];
  const rows = await db
    .selectFrom('desordrePrecision as p')
    .innerJoin('desordreCritere as c', 'c.id', 'p.desordreCritereId')
    .select([
      'p.id',
      'p.slug',
      'p.coef',
      'p.isDanger',
      'p.isInsalubrite',
      'p.isSuroccupation',
      'p.qualifications',
      'c.zoneCategorie as zone',
    ])
    .where('p.slug', 'in', [...new Set(slugs)])
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ ...r, coef: Number(r.coef), qualifications: r.qualifications ?? [] }));
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(',', '.').replace(/\s/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export interface Assessment {
  precisions: LoadedPrecision[];
  criticite: CriticiteResult;
  qualifications: SuspectedQualification[];
}

/**
 * Score and suspected qualifications of the answers: the précisions chosen in the form, plus the suroccupation
 * précision when the household is too large for the dwelling (spec §5.1).
 */
export async function assessDraft(db: Db, data: FormData): Promise<Assessment> {
  const slugs = [...precisionsFromAnswers(data)];
  const nbOccupants = toNumber(data.composition_logement_nombre_personnes);
  const suroccupation = suroccupationPrecisionSlug({
    allocataire: str(data.logement_social_allocation) || null,
    superficie: toNumber(data.composition_logement_superficie),
    nbOccupants,
    nbPieces: toNumber(data.composition_logement_nb_pieces),
  });
  if (suroccupation && !slugs.includes(suroccupation)) slugs.push(suroccupation);
  const precisions = await loadPrecisions(db, slugs);
  const criticite = computeCriticite({
    precisions,
    hasChildren: str(data.composition_logement_enfants) === 'oui',
  });
  const dpe = ndeInputFromComposition(
    {
      bailDpeDpe: data.bail_dpe_dpe,
      bailDpeClasseEnergetique: data.bail_dpe_classe_energetique,
      desordresLogementChauffageDetailsDpeAnnee: data.desordres_logement_chauffage_details_dpe_annee,
      desordresLogementChauffageDetailsDpeConso: data.desordres_logement_chauffage_details_dpe_conso,
      desordresLogementChauffageDetailsDpeConsoFinale:
        data.desordres_logement_chauffage_details_dpe_conso_finale,
    },
    toNumber(data.composition_logement_superficie),
  );
  const qualifications = computeSuspectedQualifications({
    precisions,
    score: criticite.score,
    infoProcedureAssuranceContactee: str(data.info_procedure_assurance_contactee) || null,
    dpe,
  });
  return { precisions, criticite, qualifications };
}

/** Type of a file sent with the form, from the field it was sent with (spec integrations §11 types). */
export function documentTypeOf(file: { field: string; desordreSlug: string | null; kind: string }): string {
  const f = file.field;
  if (f.startsWith('bail_dpe_bail')) return 'SITUATION_FOYER_BAIL';
  if (f.startsWith('bail_dpe_dpe')) return 'SITUATION_FOYER_DPE';
  if (f.startsWith('bail_dpe_etat_des_lieux')) return 'SITUATION_FOYER_ETAT_DES_LIEUX';
  if (file.desordreSlug || f.startsWith('desordres_')) return 'PHOTO_SITUATION';
  if (file.kind === 'image' && /photo/.test(f)) return 'PHOTO_SITUATION';
  return 'AUTRE';
}

function yearIn(timeZone: string, now: Date): number {
  try {
    return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(now));
  } catch {
    return Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(now),
    );
  }
}

function followUpUrl(runtime: Pick<Runtime, 'config'>, codeSuivi: string): string {
  return `${runtime.config.appUrl}/suivre-mon-signalement/${encodeURIComponent(codeSuivi)}`;
}

function uniqueEmails(list: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const e = raw?.trim();
    if (!e || seen.has(e.toLowerCase())) continue;
    seen.add(e.toLowerCase());
    out.push(e);
  }
  return out;
}

export function confirmationMail(opts: {
  reference: string;
  address: string;
  url: string;
}): Pick<MailJobData, 'subject' | 'html' | 'text'> {
  return renderMail({
    subject: `Votre signalement n° ${opts.reference} a bien été reçu`,
    greeting: 'Bonjour,',
    paragraphs: [
      `Merci d’avoir pris le temps de nous signaler les problèmes du logement${opts.address ? ` situé ${opts.address}` : ''}. Votre signalement est bien enregistré sous le numéro ${opts.reference}.`,
      'Et maintenant ? Les services de votre département vont le lire attentivement. Ils vous donneront des nouvelles sous 7 jours ouvrés environ (sans compter les week-ends et les jours fériés).',
      'Sur votre page de suivi, vous pouvez voir où en est votre dossier, écrire aux personnes qui s’en occupent et ajouter des photos ou des documents.',
    ],
    button: { label: 'Suivre mon signalement', url: opts.url },
    after: [
      'Gardez bien cet e-mail. Ce lien est personnel : ne le partagez pas, il donne accès à votre dossier.',
      'Si vous n’êtes pas à l’origine de ce signalement, vous pouvez ignorer ce message.',
    ],
  });
}

interface Responsable {
  id: number;
}

/** Active responsables de territoire having a (non-archived) partner in the territory. */
async function responsablesOf(trx: Transaction<DB>, territoireId: number): Promise<Responsable[]> {
  return trx
    .selectFrom('utilisateur as u')
    .select(['u.id'])
    .where('u.role', '=', 'ROLE_ADMIN_TERRITORY')
    .where('u.statut', '=', 'ACTIVE')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('utilisateurPartenaire as up')
          .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
          .select(sql`1`.as('one'))
          .whereRef('up.utilisateurId', '=', 'u.id')
          .where('p.territoireId', '=', territoireId)
          .where('p.isArchive', '=', false),
      ),
    )
    .orderBy('u.id')
    .execute();
}

/**
 * Turns a complete draft into a signalement. Refuses a draft already sent or abandoned, one describing no
 * problem, and an address outside the open territories. Unless `ignoreDuplicates`, answers `duplicates` when
 * the same person already has an open signalement at this address (nothing is created then).
 */
export async function submitDraft(
  runtime: Runtime,
  draftUuid: string,
  opts: { ignoreDuplicates?: boolean; now?: Date } = {},
): Promise<SubmitResult> {
  const db = runtime.database.db;
  const draft = await loadDraft(db, draftUuid);
  assertOpen(draft.status);
  const data = draft.payload;

  const assessment = await assessDraft(db, data);
  const { precisions, criticite, qualifications } = assessment;
  if (precisions.length === 0 && criticite.score === 0) {
    throw validation(
      'Votre signalement ne décrit encore aucun problème. Indiquez au moins un problème dans le logement ou le bâtiment pour pouvoir l’envoyer.',
    );
  }

  const mapped = mapDraftToSignalement(data);
  const territory = await checkTerritory(db, {
    codePostal: mapped.cpOccupant,
    insee: mapped.inseeOccupant ?? (str(data[`${ADDRESS}_detail_insee`]) || null),
    commune: mapped.villeOccupant,
  });
  if (territory.status === 'closed') {
    throw validation(
      'Le service n’est pas encore ouvert dans la commune de ce logement. Vous pouvez appeler Info logement indigne au 0806 706 806 (service gratuit + prix d’un appel).',
    );
  }
  if (territory.status !== 'open') {
    throw validation(
      'Nous n’avons pas pu situer l’adresse du logement. Vérifiez le code postal et la commune, puis réessayez.',
      { [`${ADDRESS}_detail_code_postal`]: 'Vérifiez le code postal du logement.' },
    );
  }

  if (!opts.ignoreDuplicates) {
    const duplicates = await findDuplicates(db, draft);
    if (duplicates.length) return { kind: 'duplicates', duplicates };
  }

  const now = opts.now ?? new Date();
  const codeSuivi = newCodeSuivi();
  const url = followUpUrl(runtime, codeSuivi);
  const label = addressLabel(data);
  const deferred: MailJobData[] = [];
  const territoireId = territory.territoire.id;

  const created = await db.transaction().execute(async (trx) => {
    // Locks the draft: a second submission of the same draft waits, then sees EN_SIGNALEMENT.
    const locked = await trx
      .selectFrom('signalementDraft')
      .select('status')
      .where('id', '=', draft.id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw notFound('Ce signalement en cours est introuvable. Il a peut-être expiré.');
    assertOpen(locked.status);

    const t = await trx
      .selectFrom('territoire')
      .select('timezone')
      .where('id', '=', territoireId)
      .executeTakeFirstOrThrow();
    const reference = await nextReference(trx, territoireId, yearIn(t.timezone, now));

    const signalement = await trx
      .insertInto('signalement')
      .values({
        ...mapped,
        ...(territory.insee && !mapped.inseeOccupant ? { inseeOccupant: territory.insee } : {}),
        reference,
        codeSuivi,
        territoireId,
        statut: 'NEED_VALIDATION',
        creationSource: 'FORM_USAGER_V2',
        createdFromDraftId: draft.id,
        score: criticite.score,
        scoreLogement: criticite.scoreLogement,
        scoreBatiment: criticite.scoreBatiment,
        createdAt: now,
        updatedAt: now,
        lastSuiviAt: now,
        lastSuiviBy: 'Usager',
        lastSuiviIsVisibleForUsager: true,
      })
      .returning(['id', 'uuid', 'villeOccupant', 'cpOccupant'])
      .executeTakeFirstOrThrow();
    const signalementId = signalement.id;

    if (precisions.length) {
      // A free text typed for a critère goes with each of its précisions.
      const freeText = new Map(freeTextOfAnswers(data).map((f) => [f.critereSlug, f.text]));
      await trx
        .insertInto('signalementDesordrePrecision')
        .values(
          precisions.map((p) => ({
            signalementId,
            desordrePrecisionId: p.id,
            precisionLibre: freeText.get(getPrecision(p.slug)?.critereSlug ?? '') ?? null,
          })),
        )
        .execute();
    }
    if (qualifications.length) {
      await trx
        .insertInto('signalementQualification')
        .values(
          qualifications.map((q) => ({
            signalementId,
            qualification: q.qualification,
            status: q.status,
            desordrePrecisionIds: q.desordrePrecisionIds,
            details: JSON.stringify(q.details ?? {}),
            createdAt: now,
            updatedAt: now,
          })),
        )
        .execute();
    }

    await trx
      .insertInto('suivi')
      .values({
        signalementId,
        createdAt: now,
        description: `Signalement déposé. Votre dossier porte le numéro ${reference} : les services de votre département vont l’étudier.`,
        isVisibleForUsager: true,
        type: 1,
        category: 'SIGNALEMENT_IS_CREATED',
      })
      .execute();

    const files = await trx
      .selectFrom('signalementDraftFile')
      .selectAll()
      .where('draftId', '=', draft.id)
      .orderBy('id')
      .execute();
    if (files.length) {
      await trx
        .insertInto('fichier')
        .values(
          files.map((f) => ({
            signalementId,
            territoireId,
            storageKey: f.storageKey,
            filename: f.filename,
            title: f.filename,
            extension: f.extension,
            mimeType: f.mimeType,
            size: f.size,
            documentType: documentTypeOf(f),
            desordreSlug: f.desordreSlug,
            datePriseDeVue: f.datePriseDeVue,
            isVisibleForUsager: true,
            variants: JSON.stringify(f.variants ?? {}),
            uploadedByUsager: true,
            createdAt: now,
          })),
        )
        .execute();
    }

    await trx
      .insertInto('historyEntry')
      .values({
        event: 'CREATE',
        entityName: 'Signalement',
        entityId: String(signalementId),
        changes: JSON.stringify({ reference: [null, reference], statut: [null, 'NEED_VALIDATION'] }),
        source: 'formulaire',
        signalementId,
        createdAt: now,
      })
      .execute();

    await trx
      .updateTable('signalementDraft')
      .set({ status: 'EN_SIGNALEMENT', updatedAt: now })
      .where('id', '=', draft.id)
      .execute();

    // Automatic assignment (territory switched on, rules matching): validated and sent to the partners now.
    // Coordinates are known only if an address suggestion was picked; otherwise zone criteria cannot match.
    const notifyDeps = {
      jobs: runtime.jobs,
      appUrl: runtime.config.appUrl,
      mailFrom: runtime.config.mail.from,
      deferred,
    };
    const auto = await applyAutoAffectation(trx, notifyDeps, signalementId, now);

    // Responsables de territoire: subscribed to the new dossier, and notified (in-app, and by e-mail or in the
    // daily digest according to each one's preference).
    const responsables = await responsablesOf(trx, territoireId);
    if (responsables.length) {
      await trx
        .insertInto('abonnement')
        .values(responsables.map((r) => ({ utilisateurId: r.id, signalementId, createdAt: now })))
        .onConflict((oc) => oc.columns(['utilisateurId', 'signalementId']).doNothing())
        .execute();
    }
    if (!auto.applied) {
      await notify(trx, notifyDeps, {
        event: 'SIGNALEMENT_NOUVEAU',
        signalementId,
        to: { responsables: true },
        actorId: null,
      });
    }

    const confirmation = confirmationMail({ reference, address: label, url });
    for (const to of uniqueEmails(usagerEmails(data))) {
      await enqueueMail(runtime, { to, ...confirmation, signalementId }, { trx, deferred });
    }

    if (runtime.jobs) {
      await runtime.jobs.send(JOB_GEOCODE_SIGNALEMENT, { signalementId }, { trx, ...GEOCODE_JOB_OPTIONS });
    }
    return { id: signalementId, uuid: signalement.uuid, reference };
  });

  if (!runtime.jobs) {
    // No job queue (jobs disabled): best effort now that the signalement exists.
    for (const mail of deferred) await sendMailNow(runtime, mail);
    await geocodeSignalement(runtime, created.id).catch(() => {});
  }
  return { kind: 'submitted', signalementUuid: created.uuid, reference: created.reference, codeSuivi };
}

function followUpLinksMail(
  links: { reference: string; createdAt: Date; url: string }[],
): Pick<MailJobData, 'subject' | 'html' | 'text'> {
  const first = links[0]!;
  return renderMail({
    subject:
      links.length > 1 ? 'Les liens pour suivre vos signalements' : 'Le lien pour suivre votre signalement',
    greeting: 'Bonjour,',
    paragraphs: [
      links.length > 1
        ? 'Vous avez déjà des signalements en cours pour ce logement. Voici les liens pour les suivre :'
        : `Vous avez déjà un signalement en cours pour ce logement : le dossier n° ${first.reference}, déposé le ${formatDate(first.createdAt)}.`,
      ...(links.length > 1
        ? links.map((l) => `Dossier n° ${l.reference}, déposé le ${formatDate(l.createdAt)} : ${l.url}`)
        : []),
      'Sur la page de suivi, vous pouvez voir où en est le dossier, écrire aux personnes qui s’en occupent et ajouter des photos ou des documents.',
    ],
    button: { label: 'Suivre mon signalement', url: first.url },
    after: [
      'Ce lien est personnel : ne le partagez pas, il donne accès au dossier.',
      'Si vous n’avez rien demandé, vous pouvez ignorer ce message.',
    ],
  });
}

/**
 * Duplicates case: sends the follow-up link(s) of the open signalement(s) found to the déclarant's e-mail
 * (never to anyone else, never shown on screen, so that nobody can read a dossier by typing someone's
 * e-mail and address). Answers how many signalements were found; 0 sends nothing.
 */
export async function sendFollowUpLinks(runtime: Runtime, draftUuid: string): Promise<number> {
  const db = runtime.database.db;
  const draft = await loadDraft(db, draftUuid);
  const email = declarantEmailOf(draft.payload);
  if (!email) return 0;
  const found = await findDuplicates(db, draft);
  if (!found.length) return 0;
  const rows = await db
    .selectFrom('signalement')
    .select(['id', 'uuid', 'reference', 'createdAt', 'codeSuivi'])
    .where(
      'uuid',
      'in',
      found.map((f) => f.uuid),
    )
    .orderBy('createdAt', 'desc')
    .execute();
  const mail: MailJobData = {
    to: email,
    ...followUpLinksMail(
      rows.map((r) => ({
        reference: r.reference,
        createdAt: r.createdAt,
        url: followUpUrl(runtime, r.codeSuivi),
      })),
    ),
    signalementId: rows.length === 1 ? rows[0]!.id : null,
  };
  if (runtime.jobs) await enqueueMail(runtime, mail);
  else await sendMailNow(runtime, mail);
  return rows.length;
}
