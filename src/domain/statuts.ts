/**
 * Status and motive enums of the back-office, with their French labels (spec histologe-domain §2).
 * Stored values are the enum names; affectation statuses are stored as NOUVEAU / EN_COURS / REFUSE / FERME.
 */

import type { QualificationStatus } from './qualifications.ts';

// ---------------------------------------------------------------------------------------------------------
// Signalement

export const SIGNALEMENT_STATUSES = [
  'DRAFT',
  'NEED_VALIDATION',
  'ACTIVE',
  'CLOSED',
  'ARCHIVED',
  'REFUSED',
  'DRAFT_ARCHIVED',
  'INJONCTION_BAILLEUR',
  'INJONCTION_CLOSED',
] as const;
export type SignalementStatus = (typeof SIGNALEMENT_STATUSES)[number];

export const SIGNALEMENT_STATUS_LABELS: Record<SignalementStatus, string> = {
  DRAFT: 'Brouillon',
  NEED_VALIDATION: 'Nouveau',
  ACTIVE: 'En cours',
  CLOSED: 'Fermé',
  ARCHIVED: 'Archivé',
  REFUSED: 'Refusé',
  DRAFT_ARCHIVED: 'Brouillon archivé',
  INJONCTION_BAILLEUR: 'Démarche accélérée',
  INJONCTION_CLOSED: 'Démarche accélérée clôturée',
};

/** Hidden from the main list (soft-deleted dossiers and drafts; the injonction ones have their own list). */
export const SIGNALEMENT_EXCLUDED_STATUSES: readonly SignalementStatus[] = [
  'ARCHIVED',
  'DRAFT',
  'DRAFT_ARCHIVED',
  'INJONCTION_BAILLEUR',
  'INJONCTION_CLOSED',
];

// ---------------------------------------------------------------------------------------------------------
// Affectation

export const AFFECTATION_STATUSES = ['NOUVEAU', 'EN_COURS', 'REFUSE', 'FERME'] as const;
export type AffectationStatus = (typeof AFFECTATION_STATUSES)[number];

export const AFFECTATION_STATUS_LABELS: Record<AffectationStatus, string> = {
  NOUVEAU: 'Nouveau',
  EN_COURS: 'En cours',
  REFUSE: 'Refusé',
  FERME: 'Fermé',
};

/** Names used by the original code and its API (WAIT, ACCEPTED…), for the interconnections. */
export const AFFECTATION_STATUS_NAMES: Record<AffectationStatus, 'WAIT' | 'ACCEPTED' | 'REFUSED' | 'CLOSED'> =
  {
    NOUVEAU: 'WAIT',
    EN_COURS: 'ACCEPTED',
    REFUSE: 'REFUSED',
    FERME: 'CLOSED',
  };

/** How a signalement status reads in an agent's status filter, which speaks in affectation statuses. */
export const SIGNALEMENT_TO_AFFECTATION_STATUS: Record<SignalementStatus, AffectationStatus> = {
  DRAFT: 'NOUVEAU',
  NEED_VALIDATION: 'NOUVEAU',
  INJONCTION_BAILLEUR: 'NOUVEAU',
  ACTIVE: 'EN_COURS',
  REFUSED: 'REFUSE',
  CLOSED: 'FERME',
  ARCHIVED: 'FERME',
  DRAFT_ARCHIVED: 'FERME',
  INJONCTION_CLOSED: 'FERME',
};

// ---------------------------------------------------------------------------------------------------------
// Motives

export const MOTIFS_CLOTURE = [
  'ABANDON_DE_PROCEDURE_ABSENCE_DE_REPONSE',
  'DEPART_OCCUPANT',
  'INSALUBRITE',
  'LOGEMENT_DECENT',
  'LOGEMENT_VENDU',
  'NON_DECENCE',
  'PERIL',
  'REFUS_DE_VISITE',
  'REFUS_DE_TRAVAUX',
  'RELOGEMENT_OCCUPANT',
  'RESPONSABILITE_DE_L_OCCUPANT',
  'RSD',
  'TRAVAUX_FAITS_OU_EN_COURS',
  'DOUBLON',
  'AUTRE',
  'LOGEMENT_MIS_EN_CONFORMITE',
  'DEMANDE_FERMETURE_ABANDON_OCCUPANT',
  'ABSENCE_DE_REPONSE_OCCUPANT',
  'GESTION_DU_DOSSIER_EXTERNE',
  'HORS_PERIMETRE_LHI',
] as const;
export type MotifCloture = (typeof MOTIFS_CLOTURE)[number];

export const MOTIF_CLOTURE_LABELS: Record<MotifCloture, string> = {
  ABANDON_DE_PROCEDURE_ABSENCE_DE_REPONSE: 'Abandon de procédure / absence de réponse',
  DEPART_OCCUPANT: "Départ de l'occupant",
  INSALUBRITE: 'Insalubrité',
  LOGEMENT_DECENT: "Pas d'infraction dans le logement",
  LOGEMENT_VENDU: 'Logement vendu',
  NON_DECENCE: 'Non-décence',
  PERIL: 'Mise en sécurité / Péril',
  REFUS_DE_VISITE: 'Refus de visite',
  REFUS_DE_TRAVAUX: 'Refus de travaux',
  RELOGEMENT_OCCUPANT: "Relogement de l'occupant",
  RESPONSABILITE_DE_L_OCCUPANT: "Responsabilité de l'occupant / assurantiel",
  RSD: 'Infraction au RSD',
  TRAVAUX_FAITS_OU_EN_COURS: 'Travaux faits ou en cours',
  DOUBLON: 'Doublon',
  AUTRE: 'Autre',
  LOGEMENT_MIS_EN_CONFORMITE: 'Logement mis en conformité',
  DEMANDE_FERMETURE_ABANDON_OCCUPANT: "Demande de fermeture ou abandon par l'occupant",
  ABSENCE_DE_REPONSE_OCCUPANT: "Absence de réponse de l'occupant",
  GESTION_DU_DOSSIER_EXTERNE: 'Dossier suivi hors de la plateforme',
  HORS_PERIMETRE_LHI: 'Hors périmètre de la lutte contre l’habitat indigne',
};

/** Offered by the current closing form ("clôturer pour tous" and partner closing, v1). */
export const MOTIFS_CLOTURE_V1: readonly MotifCloture[] = MOTIFS_CLOTURE.slice(0, 15);

/** Offered when the v2 closing (per affectation) is enabled. */
export const MOTIFS_CLOTURE_V2: readonly MotifCloture[] = [
  'LOGEMENT_MIS_EN_CONFORMITE',
  'RELOGEMENT_OCCUPANT',
  'DEMANDE_FERMETURE_ABANDON_OCCUPANT',
  'ABSENCE_DE_REPONSE_OCCUPANT',
  'REFUS_DE_VISITE',
  'REFUS_DE_TRAVAUX',
  'DEPART_OCCUPANT',
  'LOGEMENT_VENDU',
  'DOUBLON',
  'GESTION_DU_DOSSIER_EXTERNE',
  'HORS_PERIMETRE_LHI',
  'LOGEMENT_DECENT',
  'RESPONSABILITE_DE_L_OCCUPANT',
  'AUTRE',
];

/** v2 motives that require saying whether compliance works were done. */
export const MOTIFS_CLOTURE_NEED_TRAVAUX: readonly MotifCloture[] = [
  'LOGEMENT_MIS_EN_CONFORMITE',
  'RELOGEMENT_OCCUPANT',
  'DEMANDE_FERMETURE_ABANDON_OCCUPANT',
  'ABSENCE_DE_REPONSE_OCCUPANT',
  'DEPART_OCCUPANT',
  'LOGEMENT_VENDU',
  'AUTRE',
];

export const MOTIFS_REFUS = [
  'HORS_PDLHI',
  'HORS_ZONE_GEOGRAPHIQUE',
  'HORS_COMPETENCE',
  'DOUBLON',
  'AUTRE',
] as const;
export type MotifRefus = (typeof MOTIFS_REFUS)[number];

export const MOTIF_REFUS_LABELS: Record<MotifRefus, string> = {
  HORS_PDLHI: 'Hors PDLHI',
  HORS_ZONE_GEOGRAPHIQUE: 'Hors zone géographique',
  HORS_COMPETENCE: 'Hors compétence',
  DOUBLON: 'Doublon',
  AUTRE: 'Autre',
};

export const MOTIFS_REFUS_SIGNALEMENT: readonly MotifRefus[] = ['HORS_PDLHI', 'DOUBLON', 'AUTRE'];
/**
 * An agent refusing an affectation may give any refusal motive: the legacy form left out HORS_PDLHI, but a
 * partner may well find a dossier outside the fight against substandard housing (issue 4 lists all five).
 */
export const MOTIFS_REFUS_AFFECTATION: readonly MotifRefus[] = [
  'HORS_PDLHI',
  'HORS_ZONE_GEOGRAPHIQUE',
  'HORS_COMPETENCE',
  'DOUBLON',
  'AUTRE',
];

// ---------------------------------------------------------------------------------------------------------
// Suivis

/** `suivi.type`: who or what the entry comes from. */
export const SUIVI_TYPE = { AUTO: 1, USAGER: 2, PARTNER: 3, TECHNICAL: 4, USAGER_POST_CLOTURE: 5 } as const;
export type SuiviType = (typeof SUIVI_TYPE)[keyof typeof SUIVI_TYPE];

const { AUTO, USAGER, PARTNER, TECHNICAL, USAGER_POST_CLOTURE } = SUIVI_TYPE;

/** Every category with its type and label. The type is never chosen by the caller: it follows the category. */
export const SUIVI_CATEGORIES = {
  // Automatic entries (type 1)
  ASK_DOCUMENT: { type: AUTO, label: 'Demande de document' },
  SIGNALEMENT_IS_CREATED: { type: AUTO, label: 'Dépôt du signalement' },
  SIGNALEMENT_IS_ACTIVE: { type: AUTO, label: 'Validation du signalement' },
  SIGNALEMENT_IS_REFUSED: { type: AUTO, label: 'Refus du signalement' },
  SIGNALEMENT_IS_REOPENED: { type: AUTO, label: 'Réouverture du signalement' },
  SIGNALEMENT_IS_INJONCTION: { type: AUTO, label: 'Dépôt en démarche accélérée' },
  SIGNALEMENT_EDITED_BO: { type: AUTO, label: 'Modification du dossier' },
  SIGNALEMENT_HISTORIQUE_EVENEMENT: { type: AUTO, label: 'Événement de l’historique' },
  NEW_DOCUMENT: { type: AUTO, label: 'Ajout de documents' },
  DOCUMENT_DELETED_BY_PARTNER: { type: AUTO, label: 'Document supprimé par un partenaire' },
  DOCUMENT_DELETED_BY_USAGER: { type: AUTO, label: 'Document supprimé par l’usager' },
  AFFECTATION_IS_ACCEPTED: { type: AUTO, label: 'Affectation acceptée' },
  AFFECTATION_IS_REFUSED: { type: AUTO, label: 'Affectation refusée' },
  INTERVENTION_IS_CREATED: { type: AUTO, label: 'Visite programmée' },
  INTERVENTION_IS_CANCELED: { type: AUTO, label: 'Visite annulée' },
  INTERVENTION_IS_ABORTED: { type: AUTO, label: 'Visite non effectuée' },
  INTERVENTION_IS_DONE: { type: AUTO, label: 'Visite réalisée' },
  INTERVENTION_IS_RESCHEDULED: { type: AUTO, label: 'Visite déplacée' },
  INTERVENTION_CONTROLE_IS_CREATED: { type: AUTO, label: 'Visite de contrôle programmée' },
  INTERVENTION_CONTROLE_IS_RESCHEDULED: { type: AUTO, label: 'Visite de contrôle déplacée' },
  INTERVENTION_CONTROLE_IS_DONE: { type: AUTO, label: 'Visite de contrôle réalisée' },
  INTERVENTION_ARRETE_IS_CREATED: { type: AUTO, label: 'Arrêté pris' },
  INTERVENTION_ARRETE_IS_RESCHEDULED: { type: AUTO, label: 'Arrêté modifié' },
  INJONCTION_BAILLEUR_REPONSE_OUI: { type: AUTO, label: 'Réponse du bailleur : oui' },
  INJONCTION_BAILLEUR_REPONSE_OUI_AVEC_AIDE: {
    type: AUTO,
    label: 'Réponse du bailleur : oui, avec une aide',
  },
  INJONCTION_BAILLEUR_REPONSE_OUI_DEMARCHES_COMMENCEES: {
    type: AUTO,
    label: 'Réponse du bailleur : oui, démarches commencées',
  },
  INJONCTION_BAILLEUR_REPONSE_NON: { type: AUTO, label: 'Réponse du bailleur : non' },
  INJONCTION_BAILLEUR_REPONSE_COMMENTAIRE: { type: AUTO, label: 'Commentaire du bailleur' },
  INJONCTION_BAILLEUR_BASCULE_PROCEDURE_PAR_BAILLEUR: {
    type: AUTO,
    label: 'Passage en procédure classique à la demande du bailleur',
  },
  INJONCTION_BAILLEUR_BASCULE_PROCEDURE_PAR_BAILLEUR_COMMENTAIRE: {
    type: AUTO,
    label: 'Commentaire du bailleur sur le passage en procédure classique',
  },
  INJONCTION_BAILLEUR_DEMANDE_CLOTURE_PAR_BAILLEUR: {
    type: AUTO,
    label: 'Demande de clôture par le bailleur',
  },
  INJONCTION_BAILLEUR_DEMANDE_CLOTURE_PAR_BAILLEUR_COMMENTAIRE: {
    type: AUTO,
    label: 'Commentaire du bailleur sur sa demande de clôture',
  },
  INJONCTION_BAILLEUR_RAPPEL_REPONSE_BAILLEUR: { type: AUTO, label: 'Relance du bailleur' },
  INJONCTION_BAILLEUR_REMINDER_FOR_USAGER: { type: AUTO, label: 'Rappel envoyé à l’usager' },
  INJONCTION_BAILLEUR_REMINDER_FOR_BAILLEUR: { type: AUTO, label: 'Rappel envoyé au bailleur' },
  INJONCTION_BAILLEUR_EXPIREE: { type: AUTO, label: 'Démarche accélérée expirée' },
  INJONCTION_BAILLEUR_RELANCE_USAGER_CLOTURE: { type: AUTO, label: 'Relance de l’usager avant clôture' },
  // Technical entries (type 4)
  ASK_FEEDBACK_SENT: { type: TECHNICAL, label: 'Demande de nouvelles envoyée à l’usager' },
  INTERVENTION_PLANNED_REMINDER: { type: TECHNICAL, label: 'Rappel de visite envoyé' },
  INTERVENTION_IS_REQUIRED: { type: TECHNICAL, label: 'Visite nécessaire' },
  SIGNALEMENT_STATUS_IS_SYNCHRO: { type: TECHNICAL, label: 'Statut synchronisé par une interconnexion' },
  INJONCTION_BAILLEUR_LOGIN_BAILLEUR: { type: TECHNICAL, label: 'Connexion du bailleur' },
  // From the usager (type 2)
  MESSAGE_USAGER: { type: USAGER, label: 'Message de l’usager' },
  SIGNALEMENT_EDITED_FO: { type: USAGER, label: 'Modification du dossier par l’usager' },
  DEMANDE_ABANDON_PROCEDURE: { type: USAGER, label: 'Demande d’arrêt de la procédure' },
  DEMANDE_POURSUITE_PROCEDURE: { type: USAGER, label: 'Demande de poursuite de la procédure' },
  INJONCTION_BAILLEUR_CLOTURE_PAR_USAGER: { type: USAGER, label: 'Démarche accélérée clôturée par l’usager' },
  INJONCTION_BAILLEUR_BASCULE_PROCEDURE_PAR_USAGER: {
    type: USAGER,
    label: 'Passage en procédure classique à la demande de l’usager',
  },
  MESSAGE_BAILLEUR: { type: USAGER, label: 'Message du bailleur' },
  // From the usager after closing (type 5)
  MESSAGE_USAGER_POST_CLOTURE: { type: USAGER_POST_CLOTURE, label: 'Message de l’usager après la clôture' },
  // From a partner (type 3)
  MESSAGE_PARTNER: { type: PARTNER, label: 'Suivi du partenaire' },
  AFFECTATION_IS_CLOSED: { type: PARTNER, label: 'Clôture par un partenaire' },
  SIGNALEMENT_IS_CLOSED: { type: PARTNER, label: 'Clôture du signalement' },
  MESSAGE_ESABORA_SCHS: { type: PARTNER, label: 'Message reçu d’Esabora SCHS' },
  INJONCTION_BAILLEUR_CLOTURE_PAR_ADMIN: {
    type: PARTNER,
    label: 'Démarche accélérée clôturée par l’administration',
  },
  INTERVENTION_HAS_CONCLUSION: { type: PARTNER, label: 'Conclusion de visite' },
  INTERVENTION_HAS_CONCLUSION_EDITED: { type: PARTNER, label: 'Conclusion de visite modifiée' },
} as const satisfies Record<string, { type: SuiviType; label: string }>;

export type SuiviCategory = keyof typeof SUIVI_CATEGORIES;

export const SUIVI_CATEGORY_LIST = Object.keys(SUIVI_CATEGORIES) as SuiviCategory[];

export function suiviTypeOf(category: SuiviCategory): SuiviType {
  return SUIVI_CATEGORIES[category].type;
}

export function isSuiviCategory(value: string): value is SuiviCategory {
  return Object.hasOwn(SUIVI_CATEGORIES, value);
}

export const SUIVI_TYPE_LABELS: Record<SuiviType, string> = {
  1: 'Automatique',
  2: 'Usager',
  3: 'Partenaire',
  4: 'Technique',
  5: 'Usager après clôture',
};

/** Categories that only notify the usager (partners already know). */
export const SUIVI_CATEGORIES_NOTIFY_USAGER_ONLY: readonly SuiviCategory[] = [
  'ASK_DOCUMENT',
  'AFFECTATION_IS_ACCEPTED',
];

/** What counts as activity of the usager (last usager message, inactivity reminders). */
export const SUIVI_CATEGORIES_ACTIVITE_USAGER: readonly SuiviCategory[] = [
  'MESSAGE_USAGER',
  'MESSAGE_USAGER_POST_CLOTURE',
];

export const SUIVI_CATEGORIES_SUBMITTED_BY_USAGER: readonly SuiviCategory[] = [
  'MESSAGE_USAGER',
  'MESSAGE_USAGER_POST_CLOTURE',
  'DOCUMENT_DELETED_BY_USAGER',
  'DEMANDE_POURSUITE_PROCEDURE',
  'DEMANDE_ABANDON_PROCEDURE',
  'SIGNALEMENT_EDITED_FO',
  'INJONCTION_BAILLEUR_BASCULE_PROCEDURE_PAR_USAGER',
  'INJONCTION_BAILLEUR_CLOTURE_PAR_USAGER',
];

// ---------------------------------------------------------------------------------------------------------
// Qualifications

export const QUALIFICATION_STATUS_LABELS: Record<QualificationStatus, string> = {
  ARCHIVED: 'Archivée',
  DANGER_CHECK: 'Suspicion de danger',
  SUROCCUPATION_CHECK: 'Suspicion de suroccupation',
  ASSURANTIEL_CHECK: 'Suspicion assurantielle',
  INSALUBRITE_CHECK: 'Suspicion d’insalubrité',
  INSALUBRITE_AVEREE: 'Insalubrité avérée',
  INSALUBRITE_MANQUEMENT_CHECK: 'Suspicion de manquement à la salubrité',
  MISE_EN_SECURITE_PERIL_CHECK: 'Suspicion de mise en sécurité / péril',
  MISE_EN_SECURITE_PERIL_AVEREE: 'Mise en sécurité / péril avéré',
  NDE_AVEREE: 'Non-décence énergétique avérée',
  NDE_OK: 'Pas de non-décence énergétique',
  NDE_CHECK: 'Non-décence énergétique à vérifier',
  NON_DECENCE_CHECK: 'Suspicion de non-décence',
  NON_DECENCE_AVEREE: 'Non-décence avérée',
  RSD_CHECK: 'Suspicion d’infraction au RSD',
  RSD_AVEREE: 'Infraction au RSD avérée',
  SALETE_CHECK: 'Suspicion de saleté',
  SALETE_AVEREE: 'Saleté avérée',
};
