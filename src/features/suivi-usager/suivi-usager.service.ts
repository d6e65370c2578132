import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { MOTIF_REFUS_LABELS, type MotifRefus, suiviTypeOf } from '../../domain/statuts.ts';
import type { DB } from '../../infra/db/schema.ts';
import { AppError, notFound, validation } from '../../infra/errors.ts';
import type { FormFile } from '../../infra/multipart.ts';
import { deleteStoredUpload, type StoredUpload, storeUpload } from '../../infra/upload-store.ts';
import { isUploadRejected, processUpload } from '../../infra/uploads.ts';
import { formatTime } from '../../ui/format.ts';
import { enqueueMail, type MailJobData, sendMailNow } from '../../worker.ts';
import { renderMail } from '../mails/render.ts';
import { type NotifyInput, notify } from '../notifications/notify.service.ts';
import * as repo from './suivi-usager.repository.ts';
import {
  ACCESS_MAX_FAILURES,
  ACCESS_WINDOW_MS,
  type AccessAnswers,
  answersMatch,
  canEdit,
  isFiledByThirdParty,
  isWellFormedCode,
  LINK_MAX_REQUESTS,
  MOTIF_ARRET_USAGER_LABELS,
  MOTIFS_ARRET_USAGER,
  messagePermission,
  POURSUITE_MIN_DAYS,
  poursuiteAllowed,
  statusText,
  timeline,
  type UsagerRole,
} from './suivi-usager.rules.ts';

/** What the session holds: access to ONE dossier. */
export interface UsagerAccess {
  signalementId: number;
  role: UsagerRole;
  /** Last activity (ms since epoch). */
  at: number;
}

export const ACCESS_FAILED_MESSAGE =
  'Les informations saisies ne correspondent pas à ce dossier. Vérifiez les premières lettres du prénom et du nom, ' +
  'le code postal du logement, puis réessayez. Si le lien vient d’un e-mail, utilisez le plus récent.';

export const LINK_SENT_MESSAGE =
  'Si un dossier en cours correspond à cette adresse e-mail, vous allez recevoir un message avec le lien vers votre page de suivi. ' +
  'Pensez à regarder dans vos courriers indésirables (spams).';

const MESSAGE_MAX = 5000;

function blockedMessage(resetAt: Date): string {
  const minutes = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 60000));
  return (
    'Par sécurité, ce formulaire est bloqué après plusieurs essais sans succès. ' +
    `Vous pourrez réessayer à partir de ${formatTime(resetAt)} (dans ${minutes} minute${minutes > 1 ? 's' : ''}). ` +
    'Si vous n’êtes pas sûr des réponses, appelez le 0806 706 806 (Info logement indigne).'
  );
}

const hashKey = (v: string) => createHash('sha256').update(v).digest('base64url').slice(0, 32);

/** Single letter field. */
const letter = (what: string) =>
  z
    .string({ error: `Indiquez la première lettre ${what}.` })
    .trim()
    .min(1, `Indiquez la première lettre ${what}.`)
    .refine((v) => /^\p{L}$/u.test(v), `Indiquez une seule lettre : la première ${what}.`);

export const accessSchema = z.object({
  prenomInitial: letter('du prénom'),
  nomInitial: letter('du nom de famille'),
  codePostal: z
    .string({ error: 'Indiquez le code postal du logement.' })
    .trim()
    .min(1, 'Indiquez le code postal du logement.')
    .refine(
      (v) => /^\d{5}$/.test(v.replace(/\s+/g, '')),
      'Le code postal se compose de 5 chiffres, par exemple 13001.',
    ),
  role: z.enum(['OCCUPANT', 'DECLARANT']).optional(),
});

const optionalEmail = z
  .string()
  .trim()
  .max(255, 'Cette adresse e-mail est trop longue.')
  .refine(
    (v) => v === '' || z.email().safeParse(v).success,
    'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
  );

const optionalPhone = z
  .string()
  .trim()
  .max(30, 'Ce numéro est trop long.')
  .refine(
    (v) => v === '' || !!parsePhoneNumberFromString(v, 'FR')?.isValid(),
    'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.',
  );

const optionalText = (max: number) =>
  z.string().trim().max(max, `Ce champ ne peut pas dépasser ${max} caractères.`);

export const coordonneesSchema = z.object({
  occupantTel: optionalPhone.optional(),
  occupantEmail: optionalEmail.optional(),
  declarantTel: optionalPhone.optional(),
  declarantEmail: optionalEmail.optional(),
  bailleurNom: optionalText(255).optional(),
  bailleurEmail: optionalEmail.optional(),
  bailleurTel: optionalPhone.optional(),
  bailleurAdresse: optionalText(255).optional(),
  bailleurCodePostal: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{5}$/.test(v), 'Le code postal se compose de 5 chiffres.')
    .optional(),
  bailleurVille: optionalText(100).optional(),
});

const COORDONNEE_LABELS: Record<keyof z.infer<typeof coordonneesSchema>, string> = {
  occupantTel: 'téléphone de l’occupant',
  occupantEmail: 'e-mail de l’occupant',
  declarantTel: 'téléphone du déclarant',
  declarantEmail: 'e-mail du déclarant',
  bailleurNom: 'nom du bailleur',
  bailleurEmail: 'e-mail du bailleur',
  bailleurTel: 'téléphone du bailleur',
  bailleurAdresse: 'adresse du bailleur',
  bailleurCodePostal: 'code postal du bailleur',
  bailleurVille: 'ville du bailleur',
};

export const arretSchema = z.object({
  motif: z.enum(MOTIFS_ARRET_USAGER, { error: 'Choisissez la raison pour laquelle vous souhaitez arrêter.' }),
  details: z
    .string()
    .trim()
    .min(1, 'Expliquez en quelques mots votre situation.')
    .max(MESSAGE_MAX, `Votre texte ne peut pas dépasser ${MESSAGE_MAX} caractères.`),
});

export const poursuiteSchema = z.object({
  details: z.string().trim().max(MESSAGE_MAX, `Votre texte ne peut pas dépasser ${MESSAGE_MAX} caractères.`),
});

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0])] ??= issue.message;
  return out;
}

function normalizePhone(v: string): string | null {
  if (v === '') return null;
  return parsePhoneNumberFromString(v, 'FR')?.number ?? v;
}

export type SuiviUsagerService = ReturnType<typeof createSuiviUsagerService>;

export function createSuiviUsagerService(deps: AppDeps) {
  const db = deps.database.db;
  const limiter = deps.state.rateLimiter;
  const codeKey = (code: string) => `suivi-usager:code:${hashKey(code)}`;
  const ipKey = (ip: string) => `suivi-usager:ip:${ip}`;

  async function inTransaction<T>(
    fn: (trx: Transaction<DB>, send: (input: NotifyInput) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const deferred: MailJobData[] = [];
    const result = await db
      .transaction()
      .execute(async (trx) =>
        fn(trx, (input) =>
          notify(
            trx,
            { jobs: deps.jobs, appUrl: deps.config.appUrl, mailFrom: deps.config.mail.from, deferred },
            input,
          ),
        ),
      );
    if (!deps.jobs) for (const mail of deferred) await sendMailNow(deps, mail);
    return result;
  }

  /** The dossier of an access, or 404 (e.g. it became a draft or was deleted meanwhile). */
  async function dossierOf(access: UsagerAccess) {
    const s = await repo.loadSignalement(db, access.signalementId);
    if (!s) throw notFound();
    return s;
  }

  async function permissions(s: repo.DossierRow, now = new Date()) {
    const lastPostCloture = s.closedAt
      ? await repo.lastSuiviAt(db, s.id, ['MESSAGE_USAGER_POST_CLOTURE'])
      : null;
    return {
      edit: canEdit(s),
      message: messagePermission(
        {
          statut: s.statut,
          isLogementVacant: s.isLogementVacant,
          closedAt: s.closedAt,
          hasPostClotureMessage: !!(lastPostCloture && s.closedAt && lastPostCloture >= s.closedAt),
        },
        now,
      ),
    };
  }

  async function storeFiles(s: { uuid: string }, files: FormFile[]) {
    const errors: string[] = [];
    const stored: (StoredUpload & { filename: string; kind: string; takenAt: string | null })[] = [];
    for (const file of files) {
      if (!file.ok) {
        errors.push(`${file.filename} : ${file.rejection.message}`);
        continue;
      }
      try {
        const processed = await processUpload(file.buffer, {
          filename: file.filename,
          allowed: ['image', 'pdf'],
        });
        const saved = await storeUpload(deps.storage, processed, { prefix: `signalements/${s.uuid}` });
        stored.push({
          ...saved,
          filename: processed.filename,
          kind: processed.kind,
          takenAt: processed.takenAt ?? null,
        });
      } catch (err) {
        if (!isUploadRejected(err)) throw err;
        errors.push(`${file.filename} : ${err.message}`);
      }
    }
    return { errors, stored };
  }

  async function discard(stored: StoredUpload[]) {
    await Promise.allSettled(stored.map((f) => deleteStoredUpload(deps.storage, f)));
  }

  const asNewFichiers = (stored: Awaited<ReturnType<typeof storeFiles>>['stored']): repo.NewFichier[] =>
    stored.map((f) => ({
      storageKey: f.storageKey,
      variants: f.variants as Record<string, string>,
      filename: f.filename,
      extension: f.extension,
      mimeType: f.mimeType,
      size: f.size,
      documentType: f.kind === 'image' ? 'PHOTO_SITUATION' : 'AUTRE',
      datePriseDeVue: f.takenAt,
    }));

  return {
    /** The form shown for a code: whether it asks who is answering. Unknown codes look like the common case. */
    async questionsFor(code: string): Promise<{ askRole: boolean }> {
      if (!isWellFormedCode(code)) return { askRole: false };
      const s = await repo.findByCode(db, code);
      return { askRole: !!s && isFiledByThirdParty(s) };
    },

    /** The dossier id of a code (for a session that already holds access), or undefined. */
    async signalementIdOf(code: string): Promise<number | undefined> {
      if (!isWellFormedCode(code)) return undefined;
      return (await repo.findByCode(db, code))?.id;
    },

    /**
     * Checks the answers. Success → the access to store; otherwise one neutral error (the same for an unknown
     * code), counted per code and per IP; blocked after 5 failures in 20 minutes.
     */
    async authenticate(code: string, answers: AccessAnswers & { role?: UsagerRole }, ip: string) {
      const keys = [codeKey(code), ipKey(ip)];
      const counts = await Promise.all(keys.map((k) => limiter.peek(k)));
      const blocked = keys.filter((_, i) => counts[i]! >= ACCESS_MAX_FAILURES);
      if (blocked.length) {
        const hits = await Promise.all(
          blocked.map((k) => limiter.hit(k, ACCESS_MAX_FAILURES, ACCESS_WINDOW_MS)),
        );
        const resetAt = new Date(Math.max(...hits.map((h) => h.resetAt.getTime())));
        throw new AppError('RATE_LIMITED', blockedMessage(resetAt));
      }
      const s = isWellFormedCode(code) ? await repo.findByCode(db, code) : undefined;
      let role: UsagerRole | undefined;
      if (s) {
        const third = isFiledByThirdParty(s);
        const occupant = { prenom: s.occupantPrenom, nom: s.occupantNom };
        const declarant = { prenom: s.declarantPrenom, nom: s.declarantNom };
        if (third && answers.role === 'DECLARANT') {
          if (answersMatch(declarant, s.cpOccupant, answers)) role = 'DECLARANT';
        } else if (third && answers.role !== 'OCCUPANT') {
          // The role question was not answered: nothing to compare with.
          role = undefined;
        } else if (answersMatch(occupant, s.cpOccupant, answers)) {
          role = 'OCCUPANT';
        }
      }
      if (!s || !role) {
        const hits = await Promise.all(
          keys.map((k) => limiter.hit(k, ACCESS_MAX_FAILURES, ACCESS_WINDOW_MS)),
        );
        const over = hits.filter((h) => h.count >= ACCESS_MAX_FAILURES);
        if (over.length) {
          const resetAt = new Date(Math.max(...over.map((h) => h.resetAt.getTime())));
          throw new AppError('RATE_LIMITED', blockedMessage(resetAt));
        }
        throw new AppError('UNAUTHENTICATED', ACCESS_FAILED_MESSAGE);
      }
      await limiter.reset(codeKey(code));
      return { signalementId: s.id, role };
    },

    /** Everything the dossier page shows, for the usager of `access` only. */
    async page(access: UsagerAccess, now = new Date()) {
      const s = await dossierOf(access);
      const [suivis, files, aff, perms, lastPoursuite] = await Promise.all([
        repo.publicSuivis(db, s.id),
        repo.publicFiles(db, s.id),
        repo.affectationFacts(db, s.id),
        permissions(s, now),
        repo.lastSuiviAt(db, s.id, ['DEMANDE_POURSUITE_PROCEDURE']),
      ]);
      const suiviFiles = await repo.filesOfSuivis(
        db,
        suivis.map((x) => x.id),
      );
      const refusalSuivi = suivis.find((x) => x.category === 'SIGNALEMENT_IS_REFUSED');
      const refusalReason =
        s.statut === 'REFUSED'
          ? (refusalSuivi?.description ??
            (s.motifRefus ? (MOTIF_REFUS_LABELS[s.motifRefus as MotifRefus] ?? null) : null))
          : null;
      const lastAnswerAt = suivis.find((x) => x.usagerRole !== null)?.createdAt ?? null;
      const toDo = suivis.filter(
        (x) => x.category === 'ASK_DOCUMENT' && (!lastAnswerAt || lastAnswerAt < x.createdAt),
      );
      return {
        role: access.role,
        signalement: s,
        status: statusText(s.statut, aff.acceptedCount),
        steps: timeline({
          statut: s.statut,
          createdAt: s.createdAt,
          validatedAt: s.validatedAt,
          closedAt: s.closedAt,
          acceptedCount: aff.acceptedCount,
          firstAcceptedAt: aff.firstAcceptedAt,
          refusalReason,
        }),
        suivis: suivis.map((x) => ({
          uuid: x.uuid,
          createdAt: x.createdAt,
          description: x.description,
          category: x.category,
          author:
            x.usagerRole === access.role
              ? 'Vous'
              : x.usagerRole === 'DECLARANT'
                ? 'Le déclarant'
                : x.usagerRole === 'OCCUPANT'
                  ? 'L’occupant'
                  : x.type === 1 || x.type === 4
                    ? 'Message automatique'
                    : (x.partenaireNom ?? 'Les services'),
          fromUsager: x.usagerRole !== null,
          files: suiviFiles
            .filter((f) => f.suiviId === x.id)
            .map((f) => ({ uuid: f.uuid, name: f.title || f.filename })),
        })),
        toDo,
        files,
        permissions: {
          ...perms,
          abandon: perms.edit && !s.isUsagerAbandonProcedure,
          poursuite: perms.edit && poursuiteAllowed(lastPoursuite, now),
          abandonRequested: !!s.isUsagerAbandonProcedure,
        },
        thirdParty: isFiledByThirdParty(s),
      };
    },

    /** A message from the usager (with optional files): a public suivi; subscribers and open partners hear. */
    async sendMessage(access: UsagerAccess, input: { message: string; files: FormFile[] }, now = new Date()) {
      const s = await dossierOf(access);
      const perm = (await permissions(s, now)).message;
      if (perm === 'NO') {
        throw new AppError(
          'FORBIDDEN',
          s.statut === 'CLOSED'
            ? `Votre dossier est clôturé : vous ne pouvez plus envoyer de message ici. Si la situation n’est pas réglée, vous pouvez faire un nouveau signalement.`
            : 'Vous ne pouvez pas envoyer de message sur ce dossier.',
        );
      }
      const message = input.message.trim();
      const fieldErrors: Record<string, string> = {};
      if (message === '') fieldErrors.message = 'Écrivez votre message avant de l’envoyer.';
      else if (message.length > MESSAGE_MAX)
        fieldErrors.message = `Votre message ne peut pas dépasser ${MESSAGE_MAX} caractères (il en fait ${message.length}).`;
      const rejected = input.files.filter((f) => !f.ok);
      if (rejected.length)
        fieldErrors.fichiers = rejected
          .map((f) => !f.ok && `${f.filename} : ${f.rejection.message}`)
          .join(' ');
      if (Object.keys(fieldErrors).length) {
        throw validation('Votre message n’a pas été envoyé : corrigez les points indiqués.', fieldErrors);
      }
      const { errors, stored } = await storeFiles(s, input.files);
      if (errors.length) {
        await discard(stored);
        throw validation('Votre message n’a pas été envoyé : corrigez les points indiqués.', {
          fichiers: errors.join(' '),
        });
      }
      const category = perm === 'POST_CLOTURE' ? 'MESSAGE_USAGER_POST_CLOTURE' : 'MESSAGE_USAGER';
      try {
        await inTransaction(async (trx, send) => {
          const suivi = await repo.insertSuivi(trx, {
            signalementId: s.id,
            description: message,
            type: suiviTypeOf(category),
            category,
            usagerRole: access.role,
            createdAt: now,
          });
          const rows = await repo.insertFichiers(trx, s, asNewFichiers(stored), now);
          await repo.linkFiles(
            trx,
            suivi.id,
            rows.map((r) => r.id),
          );
          await repo.touchLastSuivi(trx, s.id, now);
          const aff = await repo.affectationFacts(trx, s.id);
          await send({
            event: 'SUIVI_USAGER',
            signalementId: s.id,
            suiviId: suivi.id,
            to: { subscribers: true, partenaireIds: aff.openPartenaireIds },
            actorId: null,
          });
        });
      } catch (err) {
        await discard(stored);
        throw err;
      }
    },

    /** Photos and documents added by the usager, with a suivi listing them. */
    async addDocuments(access: UsagerAccess, input: { files: FormFile[] }, now = new Date()) {
      const s = await dossierOf(access);
      if (!canEdit(s)) {
        throw new AppError('FORBIDDEN', 'Vous ne pouvez plus ajouter de documents à ce dossier.');
      }
      if (input.files.length === 0) {
        throw validation('Aucun fichier n’a été ajouté.', { documents: 'Choisissez au moins un fichier.' });
      }
      const { errors, stored } = await storeFiles(s, input.files);
      if (errors.length) {
        await discard(stored);
        throw validation('Aucun fichier n’a été ajouté : corrigez les points indiqués.', {
          documents: errors.join(' '),
        });
      }
      try {
        await inTransaction(async (trx, send) => {
          const n = stored.length;
          const description = `${n > 1 ? `${n} documents ajoutés` : 'Document ajouté'} : ${stored.map((f) => f.filename).join(', ')}`;
          const suivi = await repo.insertSuivi(trx, {
            signalementId: s.id,
            description,
            type: suiviTypeOf('MESSAGE_USAGER'),
            category: 'MESSAGE_USAGER',
            usagerRole: access.role,
            createdAt: now,
          });
          const rows = await repo.insertFichiers(trx, s, asNewFichiers(stored), now);
          await repo.linkFiles(
            trx,
            suivi.id,
            rows.map((r) => r.id),
          );
          await repo.touchLastSuivi(trx, s.id, now);
          const aff = await repo.affectationFacts(trx, s.id);
          await send({
            event: 'SUIVI_USAGER',
            signalementId: s.id,
            suiviId: suivi.id,
            to: { subscribers: true, partenaireIds: aff.openPartenaireIds },
            actorId: null,
          });
        });
      } catch (err) {
        await discard(stored);
        throw err;
      }
      return stored.length;
    },

    /** Phone numbers and e-mails, the bailleur's details: a SIGNALEMENT_EDITED_FO suivi says what changed. */
    async updateCoordonnees(access: UsagerAccess, body: Record<string, unknown>, now = new Date()) {
      const s = await dossierOf(access);
      if (!canEdit(s)) throw new AppError('FORBIDDEN', 'Ce dossier ne peut plus être modifié.');
      const parsed = coordonneesSchema.safeParse(body);
      if (!parsed.success) {
        throw validation(
          'Vos modifications n’ont pas été enregistrées : corrigez les points indiqués.',
          fieldErrorsOf(parsed.error),
        );
      }
      const allowDeclarant = isFiledByThirdParty(s);
      const changes: repo.CoordonneesUpdate = {};
      const changed: string[] = [];
      for (const [k, raw] of Object.entries(parsed.data) as [
        keyof typeof COORDONNEE_LABELS,
        string | undefined,
      ][]) {
        if (raw === undefined) continue;
        if ((k === 'declarantTel' || k === 'declarantEmail') && !allowDeclarant) continue;
        const value = k.endsWith('Tel')
          ? normalizePhone(raw)
          : raw === ''
            ? null
            : k.endsWith('Email')
              ? raw.toLowerCase()
              : raw;
        if ((s[k] ?? null) === value) continue;
        (changes as Record<string, string | null>)[k] = value;
        changed.push(COORDONNEE_LABELS[k]);
      }
      if (changed.length === 0) return 0;
      await inTransaction(async (trx, send) => {
        await repo.updateSignalement(trx, s.id, changes);
        const suivi = await repo.insertSuivi(trx, {
          signalementId: s.id,
          description: `Coordonnées mises à jour : ${changed.join(', ')}.`,
          type: suiviTypeOf('SIGNALEMENT_EDITED_FO'),
          category: 'SIGNALEMENT_EDITED_FO',
          usagerRole: access.role,
          createdAt: now,
        });
        await repo.touchLastSuivi(trx, s.id, now);
        await send({
          event: 'SUIVI_USAGER',
          signalementId: s.id,
          suiviId: suivi.id,
          to: { subscribers: true },
          actorId: null,
        });
      });
      return changed.length;
    },

    /** "I want to stop": flag on the dossier + suivi; the responsables de territoire hear. */
    async askAbandon(access: UsagerAccess, body: Record<string, unknown>, now = new Date()) {
      const s = await dossierOf(access);
      if (!canEdit(s)) throw new AppError('FORBIDDEN', 'La procédure de ce dossier est déjà terminée.');
      if (s.isUsagerAbandonProcedure) {
        throw new AppError('CONFLICT', 'Votre demande d’arrêt a déjà été transmise aux services.');
      }
      const parsed = arretSchema.safeParse(body);
      if (!parsed.success) {
        throw validation(
          'Votre demande n’a pas été envoyée : corrigez les points indiqués.',
          fieldErrorsOf(parsed.error),
        );
      }
      await inTransaction(async (trx, send) => {
        await repo.updateSignalement(trx, s.id, { isUsagerAbandonProcedure: true });
        const suivi = await repo.insertSuivi(trx, {
          signalementId: s.id,
          description: `Demande d’arrêt de la procédure. Raison : ${MOTIF_ARRET_USAGER_LABELS[parsed.data.motif]}. Précisions : ${parsed.data.details}`,
          type: suiviTypeOf('DEMANDE_ABANDON_PROCEDURE'),
          category: 'DEMANDE_ABANDON_PROCEDURE',
          usagerRole: access.role,
          createdAt: now,
        });
        await repo.touchLastSuivi(trx, s.id, now);
        await send({
          event: 'DEMANDE_ABANDON_PROCEDURE',
          signalementId: s.id,
          suiviId: suivi.id,
          to: { responsables: true, subscribers: true },
          actorId: null,
        });
      });
    },

    /** "I want it to continue" (at most once in 20 days). */
    async askPoursuite(access: UsagerAccess, body: Record<string, unknown>, now = new Date()) {
      const s = await dossierOf(access);
      if (!canEdit(s)) throw new AppError('FORBIDDEN', 'La procédure de ce dossier est déjà terminée.');
      const last = await repo.lastSuiviAt(db, s.id, ['DEMANDE_POURSUITE_PROCEDURE']);
      if (!poursuiteAllowed(last, now)) {
        throw new AppError(
          'CONFLICT',
          `Vous avez déjà demandé la poursuite de la procédure il y a moins de ${POURSUITE_MIN_DAYS} jours : les services l’ont bien reçue.`,
        );
      }
      const parsed = poursuiteSchema.safeParse(body);
      if (!parsed.success) {
        throw validation(
          'Votre demande n’a pas été envoyée : corrigez les points indiqués.',
          fieldErrorsOf(parsed.error),
        );
      }
      await inTransaction(async (trx, send) => {
        if (s.isUsagerAbandonProcedure)
          await repo.updateSignalement(trx, s.id, { isUsagerAbandonProcedure: false });
        const details = parsed.data.details;
        const suivi = await repo.insertSuivi(trx, {
          signalementId: s.id,
          description: `Je souhaite que la procédure continue.${details ? ` Précisions : ${details}` : ''}`,
          type: suiviTypeOf('DEMANDE_POURSUITE_PROCEDURE'),
          category: 'DEMANDE_POURSUITE_PROCEDURE',
          usagerRole: access.role,
          createdAt: now,
        });
        await repo.touchLastSuivi(trx, s.id, now);
        const aff = await repo.affectationFacts(trx, s.id);
        await send({
          event: 'DEMANDE_POURSUITE_PROCEDURE',
          signalementId: s.id,
          suiviId: suivi.id,
          to: { responsables: true, subscribers: true, partenaireIds: aff.openPartenaireIds },
          actorId: null,
        });
      });
    },

    /** A file of the dossier, only if it is marked for the usager. */
    async file(access: UsagerAccess, uuid: string) {
      const f = await repo.findPublicFile(db, access.signalementId, uuid);
      if (!f) throw notFound('Ce document est introuvable.');
      return f;
    },

    /** "Retrouver mon lien de suivi": e-mails the links of the open dossiers; the caller always says the same. */
    async sendLinks(emailRaw: string, ip: string) {
      const email = emailRaw.trim();
      if (email === '' || !z.email().safeParse(email).success || email.length > 255) {
        throw validation('Vérifiez votre adresse e-mail.', {
          email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
        });
      }
      const hit = await limiter.hit(`suivi-usager:lien:${ip}`, LINK_MAX_REQUESTS, ACCESS_WINDOW_MS);
      if (hit.limited) {
        throw new AppError(
          'RATE_LIMITED',
          `Trop de demandes ont été faites depuis votre connexion. Vous pourrez réessayer à partir de ${formatTime(hit.resetAt)}.`,
        );
      }
      const dossiers = await repo.openDossiersOfEmail(db, email);
      if (dossiers.length === 0) return;
      const links = dossiers.map(
        (d) =>
          `• Dossier n° ${d.reference} (${d.adresseOccupant}, ${d.cpOccupant} ${d.villeOccupant}) : ${deps.config.appUrl}/suivre-mon-signalement/${d.codeSuivi}`,
      );
      const one = dossiers.length === 1;
      const content = renderMail({
        subject: one ? 'Le lien vers votre page de suivi' : 'Les liens vers vos pages de suivi',
        greeting: 'Bonjour,',
        paragraphs: [
          'Vous avez demandé à retrouver le lien de suivi de votre signalement.',
          one ? 'Voici le lien de votre dossier :' : 'Voici les liens de vos dossiers en cours :',
          links.join('\n'),
          'Sur cette page, on vous demandera les premières lettres du prénom et du nom, et le code postal du logement.',
        ],
        ...(one
          ? {
              button: {
                label: 'Voir ma page de suivi',
                url: `${deps.config.appUrl}/suivre-mon-signalement/${dossiers[0]!.codeSuivi}`,
              },
            }
          : {}),
        after: ['Si vous n’avez rien demandé, vous pouvez ignorer ce message.'],
      });
      const mail: MailJobData = { to: email, ...content };
      if (deps.jobs) await enqueueMail(deps, mail);
      else await sendMailNow(deps, mail);
    },
  };
}
