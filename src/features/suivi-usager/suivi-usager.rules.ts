/**
 * Pure rules of the usager follow-up space (spec histologe-front §3): how answers are compared, what the
 * usager may do on their dossier, how its steps read. No I/O here.
 */
import type { SignalementStatus } from '../../domain/statuts.ts';

export type UsagerRole = 'OCCUPANT' | 'DECLARANT';

/** Inactivity after which the usager must answer the questions again. */
export const USAGER_IDLE_MS = 30 * 60 * 1000;
/** Wrong answers allowed per code and per IP address in the window. */
export const ACCESS_MAX_FAILURES = 5;
export const ACCESS_WINDOW_MS = 20 * 60 * 1000;
/** "Retrouver mon lien" requests allowed per IP address in the window. */
export const LINK_MAX_REQUESTS = 10;
/** Messages are still allowed this long after the closure, once. */
export const POST_CLOTURE_DAYS = 30;
/** A new "poursuite" request is refused while one is younger than this. */
export const POURSUITE_MIN_DAYS = 20;

const DAY_MS = 24 * 3600 * 1000;

/** A follow-up code as we issue them (base64url); anything else is not even looked up. */
export function isWellFormedCode(code: string): boolean {
  return /^[A-Za-z0-9_-]{20,64}$/.test(code);
}

/** First letter, without accent, in capitals: "élodie" → "E", "d'Artagnan" → "D", "" → "". */
export function initialOf(value: string | null | undefined): string {
  const folded = (value ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[Œœ]/g, 'O')
    .replace(/[Ææ]/g, 'A')
    .toUpperCase();
  return /[A-Z]/.exec(folded)?.[0] ?? '';
}

export function normalizePostcode(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, '');
}

export interface Identity {
  prenom: string | null;
  nom: string | null;
}

export interface AccessAnswers {
  prenomInitial: string;
  nomInitial: string;
  codePostal: string;
}

export function answersMatch(identity: Identity, cpOccupant: string, answers: AccessAnswers): boolean {
  const p = initialOf(identity.prenom);
  const n = initialOf(identity.nom);
  return (
    p !== '' &&
    n !== '' &&
    p === initialOf(answers.prenomInitial) &&
    n === initialOf(answers.nomInitial) &&
    normalizePostcode(cpOccupant) !== '' &&
    normalizePostcode(cpOccupant) === normalizePostcode(answers.codePostal)
  );
}

/** A third party (relative, social worker…) filed it: the questions ask who is answering. */
export function isFiledByThirdParty(s: {
  isNotOccupant: boolean;
  declarantNom: string | null;
  declarantPrenom: string | null;
}): boolean {
  return s.isNotOccupant && !!(s.declarantNom || s.declarantPrenom);
}

/** Statuses an usager can never open (drafts, deleted dossiers). */
export const HIDDEN_STATUSES: readonly SignalementStatus[] = ['DRAFT', 'DRAFT_ARCHIVED', 'ARCHIVED'];

export interface PermissionFacts {
  statut: SignalementStatus;
  isLogementVacant: boolean;
  closedAt: Date | null;
  /** A message was already sent after the closure. */
  hasPostClotureMessage: boolean;
}

/** Complete the dossier, add documents, ask to stop or continue (spec §3.2 EDIT/COMPLETE). */
export function canEdit(f: Pick<PermissionFacts, 'statut' | 'isLogementVacant'>): boolean {
  return (
    !f.isLogementVacant &&
    (f.statut === 'ACTIVE' || f.statut === 'NEED_VALIDATION' || f.statut === 'INJONCTION_BAILLEUR')
  );
}

/** Write a message: while open, or once within 30 days after the closure (spec §3.2 ADD_SUIVI). */
export function messagePermission(f: PermissionFacts, now: Date): 'OPEN' | 'POST_CLOTURE' | 'NO' {
  if (canEdit(f)) return 'OPEN';
  if (
    !f.isLogementVacant &&
    f.statut === 'CLOSED' &&
    f.closedAt &&
    now.getTime() - f.closedAt.getTime() <= POST_CLOTURE_DAYS * DAY_MS &&
    !f.hasPostClotureMessage
  ) {
    return 'POST_CLOTURE';
  }
  return 'NO';
}

export function poursuiteAllowed(lastPoursuiteAt: Date | null, now: Date): boolean {
  return !lastPoursuiteAt || now.getTime() - lastPoursuiteAt.getTime() >= POURSUITE_MIN_DAYS * DAY_MS;
}

export const MOTIFS_ARRET_USAGER = [
  'ACCORD_PROPRIETAIRE',
  'RELOGEMENT_OCCUPANT',
  'TRAVAUX_FAITS_OU_EN_COURS',
  'AUTRE',
] as const;
export type MotifArretUsager = (typeof MOTIFS_ARRET_USAGER)[number];

export const MOTIF_ARRET_USAGER_LABELS: Record<MotifArretUsager, string> = {
  ACCORD_PROPRIETAIRE: 'J’ai trouvé un accord avec le propriétaire',
  RELOGEMENT_OCCUPANT: 'J’ai déménagé ou je vais être relogé',
  TRAVAUX_FAITS_OU_EN_COURS: 'Les travaux sont faits ou en cours',
  AUTRE: 'Pour une autre raison',
};

export type StepState = 'done' | 'current' | 'todo' | 'stopped';
export interface Step {
  label: string;
  state: StepState;
  date?: Date | null;
  detail?: string;
}

export interface TimelineFacts {
  statut: SignalementStatus;
  createdAt: Date;
  validatedAt: Date | null;
  closedAt: Date | null;
  acceptedCount: number;
  firstAcceptedAt: Date | null;
  refusalReason: string | null;
}

/** The stages of the dossier as the usager sees them. */
export function timeline(f: TimelineFacts): Step[] {
  const refused = f.statut === 'REFUSED';
  const closed = f.statut === 'CLOSED' || f.statut === 'INJONCTION_CLOSED';
  const validated = !!f.validatedAt || f.statut === 'ACTIVE' || closed;
  const steps: Step[] = [{ label: 'Signalement reçu', state: 'done', date: f.createdAt }];
  steps.push({
    label: 'Vérification par les services',
    state: refused || validated ? 'done' : 'current',
  });
  if (refused) {
    steps.push({
      label: 'Signalement refusé',
      state: 'stopped',
      date: f.closedAt,
      detail: f.refusalReason ?? undefined,
    });
    return steps;
  }
  steps.push({ label: 'Signalement validé', state: validated ? 'done' : 'todo', date: f.validatedAt });
  const n = f.acceptedCount;
  steps.push({
    label:
      n > 0
        ? `Pris en charge par ${n} ${n > 1 ? 'services partenaires' : 'service partenaire'}`
        : 'Prise en charge par un service partenaire',
    state: n > 0 ? 'done' : validated && !closed ? 'current' : 'todo',
    date: f.firstAcceptedAt,
  });
  steps.push({ label: 'Dossier clôturé', state: closed ? 'done' : 'todo', date: closed ? f.closedAt : null });
  return steps;
}

/** The status in plain words, and what happens next. */
export function statusText(
  statut: SignalementStatus,
  acceptedCount: number,
): { title: string; next: string } {
  switch (statut) {
    case 'NEED_VALIDATION':
      return {
        title: 'Votre signalement a bien été reçu',
        next: 'Les services de votre département vérifient votre signalement. Ils peuvent vous contacter pour avoir plus d’informations. Vous recevrez un e-mail dès qu’il sera validé.',
      };
    case 'ACTIVE':
      return acceptedCount > 0
        ? {
            title: 'Votre dossier est pris en charge',
            next: 'Les services qui s’occupent de votre dossier vont vous contacter, par exemple pour organiser une visite du logement. Vous pouvez leur écrire ici à tout moment.',
          }
        : {
            title: 'Votre signalement a été validé',
            next: 'Votre dossier a été transmis aux services qui peuvent agir. Ils vont l’étudier et vous serez prévenu par e-mail dès que l’un d’eux le prend en charge.',
          };
    case 'CLOSED':
    case 'INJONCTION_CLOSED':
      return {
        title: 'Votre dossier est clôturé',
        next: 'Les services ont terminé leur intervention. Si la situation n’est pas réglée, vous pouvez faire un nouveau signalement.',
      };
    case 'REFUSED':
      return {
        title: 'Votre signalement n’a pas pu être pris en charge',
        next: 'Votre signalement ne relève pas des services de la plateforme. D’autres services peuvent vous aider : appelez le 0806 706 806 (Info logement indigne, prix d’un appel local).',
      };
    case 'INJONCTION_BAILLEUR':
      return {
        title: 'Démarche accélérée en cours',
        next: 'Votre bailleur a été informé et doit répondre. Vous serez prévenu par e-mail de sa réponse.',
      };
    default:
      return { title: 'Votre dossier', next: '' };
  }
}
