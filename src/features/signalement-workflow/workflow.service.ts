import type { Transaction } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { decide, type PolicyAction, type PolicyTarget, type Principal } from '../../domain/policy.ts';
import {
  AFFECTATION_STATUS_LABELS,
  type AffectationStatus,
  MOTIF_CLOTURE_LABELS,
  MOTIF_REFUS_LABELS,
  type MotifCloture,
  type MotifRefus,
  SIGNALEMENT_STATUS_LABELS,
  type SignalementStatus,
  type SuiviCategory,
  suiviTypeOf,
} from '../../domain/statuts.ts';
import {
  AFFECTATION_REFUSAL_MOTIFS,
  AFFECTATION_TRANSITIONS,
  type AffectationAction,
  CLOSURE_MOTIFS,
  canTransitionAffectation,
  canTransitionSignalement,
  SIGNALEMENT_REFUSAL_MOTIFS,
  SIGNALEMENT_TRANSITIONS,
  type SignalementAction,
} from '../../domain/workflow.ts';
import type { DB } from '../../infra/db/schema.ts';
import { AppError, conflict, forbidden, notFound, validation } from '../../infra/errors.ts';
import type { FormFile } from '../../infra/multipart.ts';
import { deleteStoredUpload, type StoredUpload, storeUpload } from '../../infra/upload-store.ts';
import { isUploadRejected, processUpload } from '../../infra/uploads.ts';
import { type MailJobData, sendMailNow } from '../../worker.ts';
import { responsablesOf } from '../notifications/notification.repository.ts';
import { type NotifyInput, notify } from '../notifications/notify.service.ts';
import { loadPolicyTarget, type SignalementAccess } from '../signalements/signalement-access.ts';
import * as repo from './workflow.repository.ts';

/** The acting agent: what the policy needs plus a name for the "last activity" column. */
export type Actor = Principal & { id: number; prenom: string; nom: string };

export const CONFLICT_MESSAGE =
  'Ce dossier a été modifié entre-temps par quelqu’un d’autre. Rechargez la page pour voir où il en est, ' +
  'puis recommencez si c’est toujours utile.';

/** Document types an agent may choose when adding a document (spec integrations §11). */
export const UPLOAD_DOCUMENT_TYPES = [
  'PHOTO_SITUATION',
  'SITUATION_FOYER_BAIL',
  'SITUATION_FOYER_DPE',
  'SITUATION_FOYER_ETAT_DES_LIEUX',
  'SITUATION_DIAGNOSTIC_PLOMB_AMIANTE',
  'PROCEDURE_RAPPORT_DE_VISITE',
  'PROCEDURE_MISE_EN_DEMEURE',
  'PROCEDURE_ARRETE_MUNICIPAL',
  'PROCEDURE_ARRETE_PREFECTORAL',
  'PROCEDURE_SAISINE',
  'BAILLEUR_DEVIS_POUR_TRAVAUX',
  'BAILLEUR_REPONSE_BAILLEUR',
  'FACTURE',
  'AUTRE_PROCEDURE',
  'AUTRE',
] as const;
export type UploadDocumentType = (typeof UPLOAD_DOCUMENT_TYPES)[number];

export const MESSAGE_MIN = 10;
export const MESSAGE_MAX = 5000;
/** Files per suivi or per document upload. */
export const MAX_FILES = 5;

export type WorkflowDeps = Pick<AppDeps, 'database' | 'mailer' | 'jobs' | 'storage' | 'config'>;

const SIGNALEMENT_POLICY: Record<SignalementAction, PolicyAction> = {
  VALIDATE: 'SIGN_VALIDATE',
  REFUSE: 'SIGN_VALIDATE',
  CLOSE: 'SIGN_CLOSE',
  REOPEN: 'SIGN_REOPEN',
  ARCHIVE: 'SIGN_DELETE',
  RESTORE: 'SIGN_RESTORE',
};

const SIGNALEMENT_VERB: Record<SignalementAction, string> = {
  VALIDATE: 'le valider',
  REFUSE: 'le refuser',
  CLOSE: 'le clôturer',
  REOPEN: 'le rouvrir',
  ARCHIVE: 'le supprimer',
  RESTORE: 'le restaurer',
};

const AFFECTATION_VERB: Record<Exclude<AffectationAction, 'REINIT'>, string> = {
  ACCEPT: 'l’accepter',
  REFUSE: 'la refuser',
  CLOSE: 'la clôturer',
  REOPEN: 'la rouvrir',
  CANCEL_REFUSAL: 'annuler le refus',
};

const statusLabel = (s: string) => (SIGNALEMENT_STATUS_LABELS as Record<string, string>)[s] ?? s;
const affStatusLabel = (s: string) => (AFFECTATION_STATUS_LABELS as Record<string, string>)[s] ?? s;

// ---------------------------------------------------------------------------------------------------------
// Input rules (French messages per field)

export type FormValues = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/** Normalised text: line breaks kept (CRLF → LF), surrounding blanks removed, no NUL characters. */
export function cleanText(v: string | string[] | undefined): string {
  return (
    one(v)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\r\n?/g, '\n')
      .trim()
  );
}

function messageError(text: string, what = 'votre message'): string | undefined {
  if (text.length === 0) return `Écrivez ${what}.`;
  if (text.length < MESSAGE_MIN) return `Écrivez au moins ${MESSAGE_MIN} caractères pour ${what}.`;
  if (text.length > MESSAGE_MAX)
    return `Votre texte est trop long (${text.length} caractères) : ${MESSAGE_MAX} au maximum.`;
  return undefined;
}

function fail(errors: Record<string, string | undefined>): void {
  const fieldErrors = Object.fromEntries(
    Object.entries(errors).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  if (Object.keys(fieldErrors).length) {
    throw validation('Le formulaire contient des erreurs.', fieldErrors);
  }
}

export function parseMotifMessage<M extends string>(
  body: FormValues,
  motifs: readonly M[],
  opts: { visibility?: boolean } = {},
): { motif: M; message: string; isVisibleForUsager: boolean } {
  const motif = one(body.motif);
  const message = cleanText(body.message);
  const visibilite = one(body.visibilite);
  fail({
    motif: (motifs as readonly string[]).includes(motif) ? undefined : 'Choisissez un motif dans la liste.',
    message: messageError(message, 'expliquer ce choix'),
    visibilite:
      opts.visibility && visibilite !== 'oui' && visibilite !== 'non'
        ? 'Indiquez si l’usager peut voir ce message.'
        : undefined,
  });
  return { motif: motif as M, message, isVisibleForUsager: visibilite === 'oui' };
}

// ---------------------------------------------------------------------------------------------------------

export function createWorkflowService(deps: WorkflowDeps) {
  const db = deps.database.db;

  async function load(uuid: string): Promise<SignalementAccess> {
    const access = await loadPolicyTarget(db, uuid);
    if (!access) throw notFound();
    return access;
  }

  /** 404 outside the user's view, 403 for an action their role never allows here. */
  function authorize(p: Principal, action: PolicyAction, target: PolicyTarget): void {
    const d = decide(p, action, target);
    if (d === 'NOT_FOUND') throw notFound();
    if (d === 'FORBIDDEN') throw forbidden();
  }

  /**
   * Checks a signalement transition. When the role would allow it from another status, the refusal says
   * why (the dossier moved on) instead of a bare 403.
   */
  async function checkSignalement(p: Principal, uuid: string, action: SignalementAction) {
    const access = await load(uuid);
    const from = access.target.statut;
    const policyAction = SIGNALEMENT_POLICY[action];
    const d = decide(p, policyAction, access.target);
    if (d === 'NOT_FOUND') throw notFound();
    const to = canTransitionSignalement(from, action);
    if (d === 'FORBIDDEN' || to === null) {
      const couldFrom = Object.keys(SIGNALEMENT_TRANSITIONS[action]).some(
        (s) => decide(p, policyAction, { ...access.target, statut: s as SignalementStatus }) === 'ALLOW',
      );
      if (couldFrom) {
        throw conflict(
          `Ce signalement est « ${statusLabel(from).toLowerCase()} » : il n’est pas possible de ${SIGNALEMENT_VERB[action]}. ` +
            'Rechargez la page pour voir où il en est.',
        );
      }
      throw forbidden();
    }
    return { access, from, to };
  }

  /** The principal's own partner's affectation on the dossier, checked for `action`. */
  async function checkAffectation(p: Actor, uuid: string, action: Exclude<AffectationAction, 'REINIT'>) {
    const access = await load(uuid);
    const affectations = await repo.listAffectations(db, access.id);
    const partnerIds = p.partenaires
      .filter((x) => x.territoireId === access.target.territoireId)
      .map((x) => x.id);
    const own = affectations.find((a) => partnerIds.includes(a.partenaireId));
    const target: PolicyTarget = {
      ...access.target,
      ...(own ? { affectation: own } : {}),
      affectationAction: action,
    };
    const d = decide(p, 'AFFECTATION_ANSWER', target);
    if (d === 'NOT_FOUND') throw notFound();
    if (d === 'FORBIDDEN' || !own) {
      if (own && !own.isSynchronized) {
        const couldFrom = Object.keys(AFFECTATION_TRANSITIONS[action]).some(
          (s) =>
            decide(p, 'AFFECTATION_ANSWER', {
              ...target,
              affectation: { ...own, statut: s as AffectationStatus },
            }) === 'ALLOW',
        );
        if (couldFrom) {
          throw conflict(
            `Votre affectation est « ${affStatusLabel(own.statut).toLowerCase()} » : il n’est pas possible de ${AFFECTATION_VERB[action]}. ` +
              'Rechargez la page pour voir où elle en est.',
          );
        }
      }
      throw forbidden();
    }
    const to = canTransitionAffectation(own.statut, action);
    if (!to) throw forbidden();
    return { access, own, to, affectations };
  }

  function actorPartner(p: Actor, territoireId: number): number | null {
    return p.partenaires.find((x) => x.territoireId === territoireId)?.id ?? p.partenaires[0]?.id ?? null;
  }

  const actorName = (p: Actor) => [p.prenom, p.nom].filter(Boolean).join(' ') || 'Un agent';

  /** Runs `fn` in a transaction with a notify() bound to it; e-mails leave after the commit. */
  async function inTransaction<T>(
    fn: (trx: Transaction<DB>, send: (input: NotifyInput) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const deferred: MailJobData[] = [];
    const result = await db.transaction().execute(async (trx) =>
      fn(trx, (input) =>
        notify(
          trx,
          {
            jobs: deps.jobs,
            appUrl: deps.config.appUrl,
            mailFrom: deps.config.mail.from,
            deferred,
          },
          input,
        ),
      ),
    );
    if (!deps.jobs) for (const mail of deferred) await sendMailNow(deps, mail);
    return result;
  }

  async function writeSuivi(
    trx: Transaction<DB>,
    v: {
      signalementId: number;
      actor: Actor | null;
      partenaireId: number | null;
      category: SuiviCategory;
      description: string;
      isVisibleForUsager: boolean;
      isLogementVacant: boolean;
      now: Date;
      waitingNotification?: boolean;
    },
  ) {
    // A vacant dwelling has no usager to tell (spec §3.1 notes).
    const visible = v.isVisibleForUsager && !v.isLogementVacant;
    const suivi = await repo.insertSuivi(trx, {
      signalementId: v.signalementId,
      createdById: v.actor?.id ?? null,
      partenaireId: v.partenaireId,
      description: v.description,
      isVisibleForUsager: visible,
      type: suiviTypeOf(v.category),
      category: v.category,
      waitingNotification: v.waitingNotification,
      createdAt: v.now,
    });
    await repo.touchLastSuivi(trx, v.signalementId, {
      at: v.now,
      by: v.actor ? actorName(v.actor) : 'Histologe',
      isVisibleForUsager: visible,
    });
    return { ...suivi, isVisibleForUsager: visible };
  }

  const statusChange = (
    trx: Transaction<DB>,
    entityName: 'Signalement' | 'Affectation',
    entityId: number,
    signalementId: number,
    actor: Actor,
    changes: Record<string, unknown>,
    now: Date,
  ) =>
    repo.insertHistory(trx, {
      event: 'UPDATE',
      entityName,
      entityId,
      changes,
      signalementId,
      utilisateurId: actor.id,
      now,
    });

  // -------------------------------------------------------------------------------------------------------
  // Signalement (responsables de territoire and super admins)

  async function validate(p: Actor, uuid: string): Promise<void> {
    const { access, from, to } = await checkSignalement(p, uuid, 'VALIDATE');
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateSignalementStatus(
        trx,
        access.id,
        [from],
        { statut: to, validatedAt: now },
        now,
      );
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      const suivi = await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: actorPartner(p, s.territoireId),
        category: 'SIGNALEMENT_IS_ACTIVE',
        description:
          'Le signalement a été validé. Il va être transmis aux services qui peuvent agir sur ce logement.',
        isVisibleForUsager: true,
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await statusChange(trx, 'Signalement', access.id, access.id, p, { statut: [from, to] }, now);
      const responsables = await responsablesOf(trx, s.territoireId);
      await repo.subscribe(
        trx,
        access.id,
        responsables.map((r) => r.id),
        p.id,
        now,
      );
      await send({
        event: 'SIGNALEMENT_VALIDE',
        signalementId: access.id,
        suiviId: suivi.id,
        to: { usager: suivi.isVisibleForUsager },
        actorId: p.id,
      });
    });
  }

  async function refuse(p: Actor, uuid: string, body: FormValues): Promise<void> {
    const { access, from, to } = await checkSignalement(p, uuid, 'REFUSE');
    const input = parseMotifMessage<MotifRefus>(body, SIGNALEMENT_REFUSAL_MOTIFS);
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateSignalementStatus(
        trx,
        access.id,
        [from],
        { statut: to, motifRefus: input.motif },
        now,
      );
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      const suivi = await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: actorPartner(p, s.territoireId),
        category: 'SIGNALEMENT_IS_REFUSED',
        description: `Le signalement n’a pas pu être retenu. Motif : ${MOTIF_REFUS_LABELS[input.motif]}.\n${input.message}`,
        isVisibleForUsager: true,
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await statusChange(
        trx,
        'Signalement',
        access.id,
        access.id,
        p,
        { statut: [from, to], motifRefus: [null, input.motif] },
        now,
      );
      await send({
        event: 'SIGNALEMENT_REFUSE',
        signalementId: access.id,
        suiviId: suivi.id,
        to: { usager: suivi.isVisibleForUsager, subscribers: true },
        actorId: p.id,
      });
    });
  }

  async function close(p: Actor, uuid: string, body: FormValues): Promise<void> {
    const { access, from, to } = await checkSignalement(p, uuid, 'CLOSE');
    const input = parseMotifMessage<MotifCloture>(body, CLOSURE_MOTIFS, { visibility: true });
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateSignalementStatus(
        trx,
        access.id,
        [from],
        { statut: to, closedAt: now, closedById: p.id, motifCloture: input.motif, comCloture: input.message },
        now,
      );
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      const closed = await repo.closeOpenAffectations(trx, access.id, {
        motifCloture: input.motif,
        answeredAt: now,
        answeredById: p.id,
      });
      const suivi = await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: actorPartner(p, s.territoireId),
        category: 'SIGNALEMENT_IS_CLOSED',
        description: `Le signalement est clôturé pour tous les partenaires. Motif : ${MOTIF_CLOTURE_LABELS[input.motif]}.\n${input.message}`,
        isVisibleForUsager: input.isVisibleForUsager,
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await statusChange(
        trx,
        'Signalement',
        access.id,
        access.id,
        p,
        { statut: [from, to], motifCloture: [null, input.motif] },
        now,
      );
      const all = await repo.listAffectations(trx, access.id);
      for (const a of closed) {
        await statusChange(
          trx,
          'Affectation',
          a.id,
          access.id,
          p,
          { statut: [a.statut, 'FERME'], partenaireId: a.partenaireId, motifCloture: [null, input.motif] },
          now,
        );
      }
      await send({
        event: 'SIGNALEMENT_CLOTURE',
        signalementId: access.id,
        suiviId: suivi.id,
        to: {
          subscribers: true,
          partenaireIds: all.map((a) => a.partenaireId),
          usager: suivi.isVisibleForUsager,
        },
        actorId: p.id,
      });
      // Partners' agents stop following a closed dossier; responsables keep it.
      await repo.unsubscribeAllButResponsables(trx, access.id);
    });
  }

  async function reopen(p: Actor, uuid: string, body: FormValues): Promise<void> {
    const { access, from, to } = await checkSignalement(p, uuid, 'REOPEN');
    const visibilite = one(body.visibilite);
    fail({
      visibilite:
        visibilite === 'oui' || visibilite === 'non' ? undefined : 'Indiquez si l’usager doit être prévenu.',
    });
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateSignalementStatus(
        trx,
        access.id,
        [from],
        { statut: to, closedAt: null, closedById: null, motifCloture: null, comCloture: null },
        now,
      );
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      const reset = await repo.resetAffectations(trx, access.id);
      const suivi = await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: actorPartner(p, s.territoireId),
        category: 'SIGNALEMENT_IS_REOPENED',
        description: 'Le signalement est rouvert pour tous les partenaires.',
        isVisibleForUsager: visibilite === 'oui',
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await statusChange(trx, 'Signalement', access.id, access.id, p, { statut: [from, to] }, now);
      for (const a of reset) {
        await statusChange(
          trx,
          'Affectation',
          a.id,
          access.id,
          p,
          { statut: [a.statut, 'NOUVEAU'], partenaireId: a.partenaireId },
          now,
        );
      }
      const all = await repo.listAffectations(trx, access.id);
      await send({
        event: 'SIGNALEMENT_ROUVERT',
        signalementId: access.id,
        suiviId: suivi.id,
        to: {
          subscribers: true,
          partenaireIds: all.map((a) => a.partenaireId),
          usager: suivi.isVisibleForUsager,
        },
        actorId: p.id,
      });
    });
  }

  /** Soft delete of a closed or refused dossier (hidden everywhere except the super admin's archive). */
  async function archive(p: Actor, uuid: string): Promise<void> {
    const { access, from, to } = await checkSignalement(p, uuid, 'ARCHIVE');
    const now = new Date();
    await inTransaction(async (trx) => {
      const ok = await repo.updateSignalementStatus(trx, access.id, [from], { statut: to }, now);
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      await repo.deleteNotificationsOf(trx, access.id);
      await repo.deleteWaitingAffectations(trx, access.id);
      await statusChange(trx, 'Signalement', access.id, access.id, p, { statut: [from, to] }, now);
    });
  }

  /** Super admin only: an archived dossier comes back as ACTIVE. */
  async function restore(p: Actor, uuid: string): Promise<void> {
    const { access, from, to } = await checkSignalement(p, uuid, 'RESTORE');
    const now = new Date();
    await inTransaction(async (trx) => {
      const ok = await repo.updateSignalementStatus(
        trx,
        access.id,
        [from],
        { statut: to, closedAt: null, closedById: null },
        now,
      );
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      await statusChange(trx, 'Signalement', access.id, access.id, p, { statut: [from, to] }, now);
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Affecting partners

  async function affectationChoices(p: Actor, uuid: string) {
    const access = await load(uuid);
    authorize(p, 'SIGN_AFFECTATION_TOGGLE', access.target);
    const s = await repo.signalementFacts(db, access.id);
    const [partenaires, affectations] = await Promise.all([
      repo.affectablePartenaires(db, s.territoireId, s.inseeOccupant),
      repo.listAffectations(db, access.id),
    ]);
    return { access, partenaires, affectations };
  }

  /**
   * Affects the checked partners and removes the unchecked ones, relative to what the form showed (`initial`):
   * a partner someone else affected meanwhile is left alone. Only affectable partners can be added.
   */
  async function setAffectations(p: Actor, uuid: string, body: FormValues) {
    const { access, partenaires, affectations } = await affectationChoices(p, uuid);
    const toIds = (v: string | string[] | undefined) => [
      ...new Set(
        many(v)
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0),
      ),
    ];
    const checked = toIds(body.partenaires);
    const initial = toIds(body.initial);
    const affectable = new Set(partenaires.map((x) => x.id));
    const current = new Set(affectations.map((a) => a.partenaireId));
    const add = checked.filter((id) => !initial.includes(id) && !current.has(id));
    const remove = initial.filter((id) => !checked.includes(id) && current.has(id));
    if (add.some((id) => !affectable.has(id))) {
      fail({ partenaires: 'Un des partenaires choisis ne peut pas être affecté à ce dossier.' });
    }
    if (!add.length && !remove.length) return { added: 0, removed: 0 };
    const now = new Date();
    return inTransaction(async (trx, send) => {
      // The dossier must still accept affectations (it may have been closed meanwhile).
      const s = await repo.signalementFacts(trx, access.id);
      if (s.statut !== 'ACTIVE' && s.statut !== 'INJONCTION_BAILLEUR') throw conflict(CONFLICT_MESSAGE);
      let added = 0;
      for (const partenaireId of add) {
        const id = await repo.insertAffectation(trx, {
          signalementId: access.id,
          partenaireId,
          territoireId: s.territoireId,
          affectedById: p.id,
          now,
        });
        if (id === undefined) continue; // affected by someone else at the same moment
        added++;
        await repo.insertHistory(trx, {
          event: 'CREATE',
          entityName: 'Affectation',
          entityId: id,
          changes: { partenaireId: [null, partenaireId], statut: [null, 'NOUVEAU'] },
          signalementId: access.id,
          utilisateurId: p.id,
          now,
        });
        await send({
          event: 'AFFECTATION_NOUVELLE',
          signalementId: access.id,
          affectationId: id,
          to: { partenaireIds: [partenaireId] },
          actorId: p.id,
        });
      }
      let removed = 0;
      for (const partenaireId of remove) {
        const gone = await repo.deleteAffectation(trx, access.id, partenaireId);
        if (!gone) continue;
        removed++;
        await repo.unsubscribePartnerAgents(trx, access.id, [partenaireId]);
        await repo.insertHistory(trx, {
          event: 'DELETE',
          entityName: 'Affectation',
          entityId: gone.id,
          changes: { partenaireId: [partenaireId, null], statut: [gone.statut, null] },
          signalementId: access.id,
          utilisateurId: p.id,
          now,
        });
      }
      return { added, removed };
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Answering an affectation (agents of the affected partner; SA and RT for their own partner)

  async function acceptChoices(p: Actor, uuid: string, action: 'ACCEPT' | 'CANCEL_REFUSAL' = 'ACCEPT') {
    const { own } = await checkAffectation(p, uuid, action);
    return repo.colleaguesOf(db, own.partenaireId, p.id);
  }

  async function firstAcceptance(
    trx: Transaction<DB>,
    send: (input: NotifyInput) => Promise<void>,
    signalementId: number,
    isLogementVacant: boolean,
    now: Date,
  ) {
    if (await repo.hasSuiviOfCategory(trx, signalementId, 'AFFECTATION_IS_ACCEPTED')) return;
    const suivi = await writeSuivi(trx, {
      signalementId,
      actor: null,
      partenaireId: null,
      category: 'AFFECTATION_IS_ACCEPTED',
      description:
        'Bonne nouvelle : un service a pris en charge votre dossier. Il vous contactera si besoin.',
      isVisibleForUsager: true,
      isLogementVacant,
      now,
    });
    await send({
      event: 'PRISE_EN_CHARGE',
      signalementId,
      suiviId: suivi.id,
      to: { usager: suivi.isVisibleForUsager },
      actorId: null,
    });
  }

  async function accept(
    p: Actor,
    uuid: string,
    body: FormValues,
    action: 'ACCEPT' | 'CANCEL_REFUSAL' = 'ACCEPT',
  ) {
    const { access, own, to } = await checkAffectation(p, uuid, action);
    const colleagues = await repo.colleaguesOf(db, own.partenaireId, p.id);
    const chosen = many(body.abonnes).map(Number);
    const allowed = new Set(colleagues.map((c) => c.id));
    if (chosen.some((id) => !allowed.has(id))) {
      fail({ abonnes: 'Choisissez des collègues dans la liste.' });
    }
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateAffectationStatus(trx, own.id, own.statut, {
        statut: to,
        answeredAt: now,
        answeredById: p.id,
        motifRefus: null,
        motifCloture: null,
      });
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      if (s.statut !== 'ACTIVE' && s.statut !== 'INJONCTION_BAILLEUR') throw conflict(CONFLICT_MESSAGE);
      await statusChange(
        trx,
        'Affectation',
        own.id,
        access.id,
        p,
        { statut: [own.statut, to], partenaireId: own.partenaireId },
        now,
      );
      await repo.subscribe(trx, access.id, [p.id], p.id, now);
      const newly = await repo.subscribe(trx, access.id, chosen, p.id, now);
      if (newly.length) {
        await send({
          event: 'ABONNEMENT_NOUVEAU',
          signalementId: access.id,
          affectationId: own.id,
          to: { utilisateurIds: newly },
          actorId: p.id,
        });
      }
      await send({
        event: 'AFFECTATION_ACCEPTEE',
        signalementId: access.id,
        affectationId: own.id,
        to: { responsables: true },
        actorId: p.id,
      });
      await firstAcceptance(trx, send, access.id, s.isLogementVacant, now);
    });
  }

  async function refuseAffectation(p: Actor, uuid: string, body: FormValues): Promise<void> {
    const { access, own, to } = await checkAffectation(p, uuid, 'REFUSE');
    const input = parseMotifMessage<MotifRefus>(body, AFFECTATION_REFUSAL_MOTIFS);
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateAffectationStatus(trx, own.id, own.statut, {
        statut: to,
        answeredAt: now,
        answeredById: p.id,
        motifRefus: input.motif,
      });
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      const suivi = await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: own.partenaireId,
        category: 'AFFECTATION_IS_REFUSED',
        description: `${own.partenaireNom} a refusé l’affectation. Motif : ${MOTIF_REFUS_LABELS[input.motif]}.\n${input.message}`,
        isVisibleForUsager: false,
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await statusChange(
        trx,
        'Affectation',
        own.id,
        access.id,
        p,
        { statut: [own.statut, to], partenaireId: own.partenaireId, motifRefus: [null, input.motif] },
        now,
      );
      await send({
        event: 'AFFECTATION_REFUSEE',
        signalementId: access.id,
        suiviId: suivi.id,
        affectationId: own.id,
        to: { subscribers: true, responsables: true },
        actorId: p.id,
      });
    });
  }

  async function closeAffectation(p: Actor, uuid: string, body: FormValues): Promise<void> {
    const { access, own, to } = await checkAffectation(p, uuid, 'CLOSE');
    const input = parseMotifMessage<MotifCloture>(body, CLOSURE_MOTIFS);
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateAffectationStatus(trx, own.id, own.statut, {
        statut: to,
        answeredAt: now,
        answeredById: p.id,
        motifCloture: input.motif,
        precisionsCloture: input.message,
      });
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      const suivi = await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: own.partenaireId,
        category: 'AFFECTATION_IS_CLOSED',
        description: `${own.partenaireNom} a terminé son intervention. Motif : ${MOTIF_CLOTURE_LABELS[input.motif]}.\n${input.message}`,
        // Never shown to the usager: the dossier stays open for the other partners.
        isVisibleForUsager: false,
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await statusChange(
        trx,
        'Affectation',
        own.id,
        access.id,
        p,
        { statut: [own.statut, to], partenaireId: own.partenaireId, motifCloture: [null, input.motif] },
        now,
      );
      await repo.unsubscribePartnerAgents(trx, access.id, [own.partenaireId]);
      await send({
        event: 'AFFECTATION_CLOTUREE',
        signalementId: access.id,
        suiviId: suivi.id,
        affectationId: own.id,
        to: { subscribers: true, responsables: true },
        actorId: p.id,
      });
    });
  }

  async function reopenAffectation(p: Actor, uuid: string): Promise<void> {
    const { access, own, to } = await checkAffectation(p, uuid, 'REOPEN');
    const now = new Date();
    await inTransaction(async (trx, send) => {
      const ok = await repo.updateAffectationStatus(trx, own.id, own.statut, {
        statut: to,
        answeredAt: null,
        answeredById: null,
        motifCloture: null,
        precisionsCloture: null,
      });
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      const suivi = await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: own.partenaireId,
        category: 'SIGNALEMENT_IS_REOPENED',
        description: `Le signalement est rouvert pour ${own.partenaireNom}.`,
        isVisibleForUsager: false,
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await statusChange(
        trx,
        'Affectation',
        own.id,
        access.id,
        p,
        { statut: [own.statut, to], partenaireId: own.partenaireId },
        now,
      );
      await send({
        event: 'SUIVI_NOUVEAU',
        signalementId: access.id,
        suiviId: suivi.id,
        affectationId: own.id,
        to: { subscribers: true },
        actorId: p.id,
      });
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Following a dossier

  async function follow(p: Actor, uuid: string, on: boolean): Promise<boolean> {
    const access = await load(uuid);
    authorize(p, 'SIGN_SUBSCRIBE', access.target);
    const now = new Date();
    if (!on && (p.role === 'ROLE_USER_PARTNER' || p.role === 'ROLE_ADMIN_PARTNER')) {
      // The last follower of an accepted affectation cannot leave: someone of the partner must keep it.
      const affectations = await repo.listAffectations(db, access.id);
      const own = affectations.find(
        (a) => a.statut === 'EN_COURS' && p.partenaires.some((x) => x.id === a.partenaireId),
      );
      if (
        own &&
        (await repo.isSubscribed(db, access.id, p.id)) &&
        (await repo.partnerSubscriberCount(db, access.id, own.partenaireId)) <= 1
      ) {
        throw conflict(
          'Vous êtes la seule personne de votre structure à suivre ce dossier : demandez d’abord à un collègue de le suivre.',
        );
      }
    }
    return inTransaction(async (trx) => {
      const changed = on
        ? (await repo.subscribe(trx, access.id, [p.id], p.id, now)).length > 0
        : await repo.unsubscribe(trx, access.id, p.id);
      if (changed) {
        await repo.insertHistory(trx, {
          event: on ? 'CREATE' : 'DELETE',
          entityName: 'Abonnement',
          entityId: p.id,
          changes: {},
          signalementId: access.id,
          utilisateurId: p.id,
          now,
        });
      }
      return changed;
    });
  }

  async function checkSignalementView(p: Actor, uuid: string) {
    const access = await load(uuid);
    authorize(p, 'SIGN_SUBSCRIBE', access.target);
    return { access };
  }

  async function isFollowing(p: Actor, signalementId: number) {
    return repo.isSubscribed(db, signalementId, p.id);
  }

  // -------------------------------------------------------------------------------------------------------
  // Files (suivi attachments and documents): checked by content, re-encoded, then stored

  async function storeFiles(
    uuid: string,
    files: FormFile[],
    field: string,
  ): Promise<{ stored: (StoredUpload & { filename: string; takenAt: string | null })[] }> {
    const errors: string[] = [];
    const stored: (StoredUpload & { filename: string; takenAt: string | null })[] = [];
    const accepted = files.filter((f) => f.ok);
    for (const f of files) if (!f.ok) errors.push(`${f.filename} : ${f.rejection.message}`);
    if (accepted.length > MAX_FILES) errors.push(`Vous pouvez joindre ${MAX_FILES} fichiers au plus.`);
    if (errors.length) fail({ [field]: errors.join(' ') });
    try {
      for (const f of accepted) {
        if (!f.ok) continue;
        try {
          const processed = await processUpload(f.buffer, {
            filename: f.filename,
            allowed: ['image', 'pdf'],
          });
          const s = await storeUpload(deps.storage, processed, { prefix: `signalements/${uuid}` });
          stored.push({ ...s, filename: processed.filename, takenAt: processed.takenAt ?? null });
        } catch (err) {
          if (!isUploadRejected(err)) throw err;
          throw validation('Le formulaire contient des erreurs.', {
            [field]: `${f.filename} : ${err.message}`,
          });
        }
      }
    } catch (err) {
      await Promise.allSettled(stored.map((s) => deleteStoredUpload(deps.storage, s)));
      throw err;
    }
    return { stored };
  }

  async function cleanupOnError<T>(
    stored: Pick<StoredUpload, 'storageKey' | 'variants'>[],
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      await Promise.allSettled(stored.map((s) => deleteStoredUpload(deps.storage, s)));
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Suivis

  function parseSuivi(body: FormValues, withVisibility: boolean) {
    const description = cleanText(body.description);
    const visibilite = one(body.visibilite);
    fail({
      description: messageError(description),
      visibilite:
        withVisibility && visibilite !== 'oui' && visibilite !== 'non'
          ? 'Indiquez si l’usager peut lire ce suivi.'
          : undefined,
    });
    return { description, isVisibleForUsager: visibilite === 'oui' };
  }

  async function checkSuivi(p: Actor, uuid: string) {
    const access = await load(uuid);
    authorize(p, 'SIGN_CREATE_SUIVI', access.target);
    return access;
  }

  async function addSuivi(p: Actor, uuid: string, body: FormValues, files: FormFile[]): Promise<void> {
    const access = await checkSuivi(p, uuid);
    const input = parseSuivi(body, true);
    const { stored } = await storeFiles(uuid, files, 'fichiers');
    const now = new Date();
    await cleanupOnError(stored, () =>
      inTransaction(async (trx, send) => {
        const s = await repo.signalementFacts(trx, access.id);
        if (s.statut !== access.target.statut) throw conflict(CONFLICT_MESSAGE);
        const partenaireId = actorPartner(p, s.territoireId);
        const suivi = await writeSuivi(trx, {
          signalementId: access.id,
          actor: p,
          partenaireId,
          category: 'MESSAGE_PARTNER',
          description: input.description,
          isVisibleForUsager: input.isVisibleForUsager,
          isLogementVacant: s.isLogementVacant,
          now,
          // The author may still edit or delete it for DELAY_SUIVI_EDITABLE_IN_MINUTES (policy).
          waitingNotification: true,
        });
        const ids: number[] = [];
        for (const f of stored) {
          const row = await repo.insertFichier(trx, {
            signalementId: access.id,
            storageKey: f.storageKey,
            variants: f.variants as Record<string, string>,
            filename: f.filename,
            title: f.filename,
            extension: f.extension,
            mimeType: f.mimeType,
            size: f.size,
            documentType: f.mimeType.startsWith('image/') ? 'PHOTO_SITUATION' : 'AUTRE',
            isVisibleForUsager: suivi.isVisibleForUsager,
            uploadedById: p.id,
            partenaireId,
            datePriseDeVue: f.takenAt,
            now,
          });
          ids.push(row.id);
        }
        await repo.linkSuiviFichiers(trx, suivi.id, ids);
        await repo.insertHistory(trx, {
          event: 'CREATE',
          entityName: 'Suivi',
          entityId: suivi.id,
          changes: { isVisibleForUsager: [null, suivi.isVisibleForUsager] },
          signalementId: access.id,
          utilisateurId: p.id,
          now,
        });
        // The author follows the dossier from now on (super admins act from afar).
        if (p.role !== 'ROLE_ADMIN') await repo.subscribe(trx, access.id, [p.id], p.id, now);
        await send({
          event: 'SUIVI_NOUVEAU',
          signalementId: access.id,
          suiviId: suivi.id,
          to: { subscribers: true, usager: suivi.isVisibleForUsager },
          actorId: p.id,
        });
      }),
    );
  }

  async function findEditableSuivi(
    p: Actor,
    uuid: string,
    suiviUuid: string,
    action: 'SUIVI_EDIT' | 'SUIVI_DELETE',
    now = new Date(),
  ) {
    const access = await load(uuid);
    // The dossier first: a suivi of a dossier one cannot see does not exist.
    authorize(p, 'SIGN_VIEW', access.target);
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const suivi = UUID.test(suiviUuid) ? await repo.findSuivi(db, access.id, suiviUuid) : undefined;
    if (!suivi) throw notFound('Ce suivi n’existe pas ou a été supprimé.');
    const target: PolicyTarget = {
      ...access.target,
      now,
      suivi: {
        authorId: suivi.createdById,
        category: suivi.category as SuiviCategory,
        createdAt: suivi.createdAt,
        waitingNotification: suivi.waitingNotification,
      },
    };
    if (decide(p, action, target) !== 'ALLOW') {
      const own = suivi.createdById === p.id && suivi.category === 'MESSAGE_PARTNER';
      if (own) {
        throw forbidden(
          'Un suivi ne peut plus être modifié ni supprimé 20 minutes après son envoi. Ajoutez plutôt un nouveau suivi.',
        );
      }
      throw forbidden();
    }
    return { access, suivi };
  }

  async function editSuivi(p: Actor, uuid: string, suiviUuid: string, body: FormValues): Promise<void> {
    const { access, suivi } = await findEditableSuivi(p, uuid, suiviUuid, 'SUIVI_EDIT');
    const { description } = parseSuivi(body, false);
    const now = new Date();
    await inTransaction(async (trx) => {
      await repo.updateSuiviText(trx, suivi.id, description, now);
      await repo.insertHistory(trx, {
        event: 'UPDATE',
        entityName: 'Suivi',
        entityId: suivi.id,
        changes: { description: [suivi.description, description] },
        signalementId: access.id,
        utilisateurId: p.id,
        now,
      });
    });
  }

  async function deleteSuivi(p: Actor, uuid: string, suiviUuid: string): Promise<void> {
    const now = new Date();
    const { access, suivi } = await findEditableSuivi(p, uuid, suiviUuid, 'SUIVI_DELETE', now);
    const ownWindow = decide(p, 'SUIVI_EDIT', {
      ...access.target,
      now,
      suivi: {
        authorId: suivi.createdById,
        category: suivi.category as SuiviCategory,
        createdAt: suivi.createdAt,
        waitingNotification: suivi.waitingNotification,
      },
    });
    await inTransaction(async (trx) => {
      // Within the edition window the message disappears; afterwards (super admin) it is kept, hidden.
      if (ownWindow === 'ALLOW') await repo.hardDeleteSuivi(trx, suivi.id);
      else await repo.softDeleteSuivi(trx, suivi.id, p.id, now);
      await repo.insertHistory(trx, {
        event: 'DELETE',
        entityName: 'Suivi',
        entityId: suivi.id,
        changes: { description: [suivi.description, null] },
        signalementId: access.id,
        utilisateurId: p.id,
        now,
      });
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Documents

  async function checkUpload(p: Actor, uuid: string) {
    const access = await load(uuid);
    authorize(p, 'FILE_UPLOAD', access.target);
    return access;
  }

  async function uploadDocuments(p: Actor, uuid: string, body: FormValues, files: FormFile[]) {
    const access = await checkUpload(p, uuid);
    const documentType = one(body.documentType);
    const visibilite = one(body.visibilite);
    const accepted = files.filter((f) => f.ok).length;
    fail({
      documentType: (UPLOAD_DOCUMENT_TYPES as readonly string[]).includes(documentType)
        ? undefined
        : 'Choisissez le type de document.',
      visibilite:
        visibilite === 'oui' || visibilite === 'non'
          ? undefined
          : 'Indiquez si l’usager peut voir ce document.',
      fichiers: files.length === 0 ? 'Choisissez au moins un fichier (photo ou PDF).' : undefined,
    });
    if (accepted === 0 && files.every((f) => f.ok)) fail({ fichiers: 'Choisissez au moins un fichier.' });
    const { stored } = await storeFiles(uuid, files, 'fichiers');
    const now = new Date();
    return cleanupOnError(stored, () =>
      inTransaction(async (trx, send) => {
        const s = await repo.signalementFacts(trx, access.id);
        if (s.statut !== access.target.statut) throw conflict(CONFLICT_MESSAGE);
        const partenaireId = actorPartner(p, s.territoireId);
        const visible = visibilite === 'oui' && !s.isLogementVacant;
        const ids: number[] = [];
        for (const f of stored) {
          const row = await repo.insertFichier(trx, {
            signalementId: access.id,
            storageKey: f.storageKey,
            variants: f.variants as Record<string, string>,
            filename: f.filename,
            title: f.filename,
            extension: f.extension,
            mimeType: f.mimeType,
            size: f.size,
            documentType,
            isVisibleForUsager: visible,
            uploadedById: p.id,
            partenaireId,
            datePriseDeVue: f.takenAt,
            now,
          });
          ids.push(row.id);
          await repo.insertHistory(trx, {
            event: 'CREATE',
            entityName: 'Fichier',
            entityId: row.id,
            changes: { title: [null, f.filename], documentType: [null, documentType] },
            signalementId: access.id,
            utilisateurId: p.id,
            now,
          });
        }
        const names = stored.map((f) => f.filename).join(', ');
        const suivi = await writeSuivi(trx, {
          signalementId: access.id,
          actor: p,
          partenaireId,
          category: 'NEW_DOCUMENT',
          description: stored.length > 1 ? `Documents ajoutés : ${names}.` : `Document ajouté : ${names}.`,
          isVisibleForUsager: visible,
          isLogementVacant: s.isLogementVacant,
          now,
        });
        await repo.linkSuiviFichiers(trx, suivi.id, ids);
        await send({
          event: 'SUIVI_NOUVEAU',
          signalementId: access.id,
          suiviId: suivi.id,
          to: { subscribers: true, usager: suivi.isVisibleForUsager },
          actorId: p.id,
        });
        return stored.length;
      }),
    );
  }

  async function findDeletableFichier(p: Actor, uuid: string, fichierUuid: string) {
    const access = await load(uuid);
    authorize(p, 'SIGN_VIEW', access.target);
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const f = UUID.test(fichierUuid) ? await repo.findFichier(db, access.id, fichierUuid) : undefined;
    if (!f) throw notFound('Ce document n’existe pas ou a déjà été supprimé.');
    authorize(p, 'FILE_DELETE', {
      ...access.target,
      file: {
        uploadedById: f.uploadedById,
        uploaderTerritoireId: f.uploadedByUsager ? null : (f.partenaireTerritoireId ?? null),
        kind: f.documentType === 'PROCEDURE_RAPPORT_DE_VISITE' ? 'RAPPORT_VISITE' : 'DOCUMENT',
      },
    });
    return { access, fichier: f };
  }

  async function deleteDocument(p: Actor, uuid: string, fichierUuid: string): Promise<string> {
    const { access, fichier } = await findDeletableFichier(p, uuid, fichierUuid);
    const now = new Date();
    await inTransaction(async (trx) => {
      const ok = await repo.deleteFichier(trx, fichier.id);
      if (!ok) throw conflict(CONFLICT_MESSAGE);
      const s = await repo.signalementFacts(trx, access.id);
      await writeSuivi(trx, {
        signalementId: access.id,
        actor: p,
        partenaireId: actorPartner(p, s.territoireId),
        category: 'DOCUMENT_DELETED_BY_PARTNER',
        description: `Document supprimé : ${fichier.title}.`,
        isVisibleForUsager: false,
        isLogementVacant: s.isLogementVacant,
        now,
      });
      await repo.insertHistory(trx, {
        event: 'DELETE',
        entityName: 'Fichier',
        entityId: fichier.id,
        changes: { title: [fichier.title, null] },
        signalementId: access.id,
        utilisateurId: p.id,
        now,
      });
    });
    const variants = (
      typeof fichier.variants === 'string' ? JSON.parse(fichier.variants) : fichier.variants
    ) as {
      thumb?: string;
    };
    await deleteStoredUpload(deps.storage, {
      storageKey: fichier.storageKey,
      variants: variants ?? {},
    }).catch(() => undefined);
    return fichier.title;
  }

  return {
    checkSignalement,
    checkAffectation,
    checkSuivi,
    checkUpload,
    validate,
    refuse,
    close,
    reopen,
    archive,
    restore,
    affectationChoices,
    setAffectations,
    acceptChoices,
    accept,
    cancelRefusal: (p: Actor, uuid: string, body: FormValues) => accept(p, uuid, body, 'CANCEL_REFUSAL'),
    refuseAffectation,
    closeAffectation,
    reopenAffectation,
    follow,
    checkSignalementView,
    isFollowing,
    addSuivi,
    findEditableSuivi,
    editSuivi,
    deleteSuivi,
    uploadDocuments,
    findDeletableFichier,
    deleteDocument,
  };
}

export type WorkflowService = ReturnType<typeof createWorkflowService>;

export function isValidationError(err: unknown): err is AppError {
  return err instanceof AppError && err.code === 'VALIDATION' && !!err.details?.fieldErrors;
}
