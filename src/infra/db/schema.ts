import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Hand-written table types, kept next to the migrations (camelCase: the CamelCasePlugin maps snake_case).
 * A column changed in a migration must be changed here in the same commit.
 */

/** timestamptz; optional on insert when the column has a default. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** PostgreSQL `date`, kept as 'YYYY-MM-DD'. */
type DateString = ColumnType<string | null, string | null | undefined, string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;
type Numeric = ColumnType<number, number | string | undefined, number | string>;
type NullableNumeric = ColumnType<number | null, number | string | null | undefined, number | string | null>;

export interface TerritoireTable {
  id: Generated<number>;
  code: string;
  nom: string;
  isActive: Generated<boolean>;
  bbox: Json<{ n: number; e: number; s: number; w: number } | null> | null;
  timezone: Generated<string>;
  authorizedCodesInsee: Json<string[] | null> | null;
  createdAt: Timestamp;
  isAutoAffectationEnabled: Generated<boolean>;
}

export interface EpciTable {
  id: Generated<number>;
  code: string;
  nom: string;
}

export interface CommuneTable {
  id: Generated<number>;
  codeInsee: string;
  codePostal: string;
  nom: string;
  territoireId: number;
  epciId: number | null;
}

export interface DesordreCategorieTable {
  id: Generated<number>;
  label: string;
  appContext: Generated<string>;
}

export interface DesordreCritereTable {
  id: Generated<number>;
  slugCritere: string;
  slugCategorie: string;
  labelCategorie: string;
  zoneCategorie: 'BATIMENT' | 'LOGEMENT';
  labelCritere: string;
  desordreCategorieId: number;
  precisionLibreType: string | null;
  precisionLibreLabel: string | null;
}

export interface DesordrePrecisionTable {
  id: Generated<number>;
  slug: string;
  desordreCritereId: number;
  label: Generated<string>;
  coef: Numeric;
  isDanger: Generated<boolean>;
  isInsalubrite: Generated<boolean>;
  isSuroccupation: Generated<boolean>;
  qualifications: Generated<string[]>;
  isUnique: Generated<boolean>;
}

export interface ReferenceDataVersionTable {
  name: string;
  checksum: string;
  loadedAt: Timestamp;
}

export interface PartenaireTable {
  id: Generated<number>;
  uuid: Generated<string>;
  territoireId: number | null;
  nom: string;
  type: string;
  email: string | null;
  emailNotifiable: Generated<boolean>;
  competences: Generated<string[]>;
  insee: Generated<string[]>;
  isArchive: Generated<boolean>;
  esaboraUrl: string | null;
  esaboraToken: string | null;
  isEsaboraActive: Generated<boolean>;
  idossUrl: string | null;
  idossToken: string | null;
  idossTokenExpirationDate: NullableTimestamp;
  isIdossActive: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PartenaireEpciTable {
  partenaireId: number;
  epciId: number;
}

export type UserRole =
  | 'ROLE_ADMIN'
  | 'ROLE_ADMIN_TERRITORY'
  | 'ROLE_ADMIN_PARTNER'
  | 'ROLE_USER_PARTNER'
  | 'ROLE_API_USER';
export type UserStatus = 'INACTIVE' | 'ACTIVE' | 'ARCHIVE';

export interface UtilisateurTable {
  id: Generated<number>;
  uuid: Generated<string>;
  email: string;
  role: UserRole;
  statut: Generated<UserStatus>;
  nom: Generated<string>;
  prenom: Generated<string>;
  fonction: string | null;
  telephone: string | null;
  passwordHash: string | null;
  hasPermissionAffectation: Generated<boolean>;
  isMailingActive: Generated<boolean>;
  isMailingSummary: Generated<boolean>;
  /** EACH: one e-mail per event; DIGEST: one daily summary; NONE: in-app only. */
  notificationPreference: Generated<'EACH' | 'DIGEST' | 'NONE'>;
  token: string | null;
  tokenExpiredAt: NullableTimestamp;
  lastLoginAt: NullableTimestamp;
  archivingScheduledAt: NullableTimestamp;
  anonymizedAt: NullableTimestamp;
  /** Sessions opened before this moment are ended (migration 0007). */
  passwordChangedAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export type AccountTokenPurpose = 'ACTIVATION' | 'RESET' | 'EMAIL_CHANGE' | 'TWO_FACTOR';

/** Single-use links and codes of agent accounts; only a hash of the secret is stored (migration 0007). */
export interface AccountTokenTable {
  id: Generated<number>;
  utilisateurId: number;
  purpose: AccountTokenPurpose;
  tokenHash: string;
  newEmail: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  attempts: Generated<number>;
  createdAt: Generated<Date>;
}

export interface UtilisateurPartenaireTable {
  utilisateurId: number;
  partenaireId: number;
  createdAt: Timestamp;
}

export interface SignalementDraftTable {
  id: Generated<number>;
  uuid: Generated<string>;
  profileDeclarant: string | null;
  emailDeclarant: string | null;
  addressComplete: string | null;
  payload: Json;
  currentStep: string | null;
  status: Generated<'EN_COURS' | 'HORS_PDLHI' | 'EN_SIGNALEMENT' | 'ARCHIVE'>;
  bailleurPrevenuAt: NullableTimestamp;
  checksum: string | null;
  pendingDraftRemindedAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SignalementDraftFileTable {
  id: Generated<number>;
  uuid: Generated<string>;
  draftId: number;
  /** Form field the file was sent with (e.g. "bail_dpe_bail_upload", "desordres_logement_humidite_photos"). */
  field: string;
  desordreSlug: string | null;
  storageKey: string;
  variants: Generated<Json<Record<string, string>>>;
  filename: string;
  extension: string;
  mimeType: string;
  size: number;
  kind: 'image' | 'pdf';
  datePriseDeVue: DateString;
  createdAt: Generated<Date>;
}

export interface FailedEmailTable {
  id: Generated<number>;
  jobName: string;
  recipients: string[];
  subject: string;
  error: string;
  payload: Json;
  signalementId: number | null;
  attempts: Generated<number>;
  isResent: Generated<boolean>;
  createdAt: Generated<Date>;
}

export type SignalementStatus =
  | 'DRAFT'
  | 'NEED_VALIDATION'
  | 'ACTIVE'
  | 'CLOSED'
  | 'ARCHIVED'
  | 'REFUSED'
  | 'DRAFT_ARCHIVED'
  | 'INJONCTION_BAILLEUR'
  | 'INJONCTION_CLOSED';

export interface SignalementTable {
  id: Generated<number>;
  uuid: Generated<string>;
  reference: string;
  codeSuivi: string;
  territoireId: number;
  statut: Generated<SignalementStatus>;
  creationSource: Generated<string>;
  createdById: number | null;
  createdByPartenaireId: number | null;
  createdFromDraftId: number | null;
  isImported: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  validatedAt: NullableTimestamp;
  closedAt: NullableTimestamp;
  closedById: number | null;
  motifCloture: string | null;
  comCloture: string | null;
  motifRefus: string | null;
  isUsagerAbandonProcedure: boolean | null;

  profileDeclarant: string;
  profileOccupant: string | null;
  isNotOccupant: Generated<boolean>;
  lienDeclarantOccupant: string | null;
  declarantNom: string | null;
  declarantPrenom: string | null;
  declarantEmail: string | null;
  declarantTel: string | null;
  declarantTelSecondaire: string | null;
  declarantStructure: string | null;
  declarantMatricule: string | null;
  occupantCivilite: string | null;
  occupantNom: string | null;
  occupantPrenom: string | null;
  occupantEmail: string | null;
  occupantTel: string | null;
  occupantTelSecondaire: string | null;
  occupantDateNaissance: DateString;
  isCguAccepted: Generated<boolean>;
  isCguTiersAccepted: boolean | null;

  adresseOccupant: string;
  cpOccupant: string;
  villeOccupant: string;
  inseeOccupant: string | null;
  banIdOccupant: string | null;
  rnbIdOccupant: string | null;
  etageOccupant: string | null;
  escalierOccupant: string | null;
  numAppartOccupant: string | null;
  adresseAutreOccupant: string | null;
  isManualAddress: Generated<boolean>;
  geolocLat: NullableNumeric;
  geolocLng: NullableNumeric;

  natureLogement: string | null;
  superficie: NullableNumeric;
  nbPiecesLogement: number | null;
  nbNiveauxLogement: number | null;
  anneeConstruction: number | null;
  isConstructionAvant1949: boolean | null;
  isLogementSocial: boolean | null;
  isLogementVacant: Generated<boolean>;
  typeCompositionLogement: Json;

  nbOccupantsLogement: number | null;
  nbAdultes: number | null;
  nbEnfantsM6: number | null;
  nbEnfantsP6: number | null;
  situationFoyer: Json;

  isBailEnCours: boolean | null;
  dateEntree: DateString;
  loyer: NullableNumeric;
  isAllocataire: string | null;
  numAllocataire: string | null;
  montantAllocation: NullableNumeric;
  isPreavisDepart: boolean | null;
  isRelogement: boolean | null;
  isRsa: boolean | null;
  informationComplementaire: Json;

  isProprioAverti: boolean | null;
  proprioAvertiAt: DateString;
  informationProcedure: Json;

  typeProprio: string | null;
  bailleurNom: string | null;
  bailleurPrenom: string | null;
  bailleurDenomination: string | null;
  bailleurAdresse: string | null;
  bailleurCodePostal: string | null;
  bailleurVille: string | null;
  bailleurEmail: string | null;
  bailleurTel: string | null;
  bailleurTelSecondaire: string | null;

  agenceDenomination: string | null;
  agenceNom: string | null;
  agencePrenom: string | null;
  agenceAdresse: string | null;
  agenceCodePostal: string | null;
  agenceVille: string | null;
  agenceEmail: string | null;
  agenceTel: string | null;

  dateMissionServiceSecours: DateString;
  origineMissionServiceSecours: string | null;
  ordreMissionServiceSecours: string | null;

  details: string | null;
  debutDesordres: string | null;
  hasSeenDesordres: boolean | null;
  jsonContent: Json;
  synchroData: Json;

  score: Numeric;
  scoreLogement: Numeric;
  scoreBatiment: Numeric;

  lastSuiviAt: NullableTimestamp;
  lastSuiviBy: string | null;
  lastSuiviIsVisibleForUsager: boolean | null;

  searchText: ColumnType<string, never, never>;
}

export interface SignalementReferenceCounterTable {
  territoireId: number;
  year: number;
  lastValue: Generated<number>;
}

export type AffectationStatus = 'NOUVEAU' | 'EN_COURS' | 'REFUSE' | 'FERME';

export interface AffectationTable {
  id: Generated<number>;
  uuid: Generated<string>;
  signalementId: number;
  partenaireId: number;
  territoireId: number;
  statut: Generated<AffectationStatus>;
  createdAt: Timestamp;
  answeredAt: NullableTimestamp;
  answeredById: number | null;
  affectedById: number | null;
  motifRefus: string | null;
  motifCloture: string | null;
  travauxMiseEnConformite: string | null;
  precisionsCloture: string | null;
  isSynchronized: Generated<boolean>;
}

export interface SuiviTable {
  id: Generated<number>;
  uuid: Generated<string>;
  signalementId: number;
  createdAt: Timestamp;
  createdById: number | null;
  partenaireId: number | null;
  usagerRole: 'OCCUPANT' | 'DECLARANT' | null;
  description: string;
  isVisibleForUsager: Generated<boolean>;
  type: number;
  category: string;
  waitingNotification: Generated<boolean>;
  updatedAt: NullableTimestamp;
  deletedAt: NullableTimestamp;
  deletedById: number | null;
}

export interface FichierTable {
  id: Generated<number>;
  uuid: Generated<string>;
  signalementId: number | null;
  territoireId: number | null;
  storageKey: string;
  filename: string;
  title: string;
  extension: string;
  mimeType: string;
  size: number;
  documentType: Generated<string>;
  description: string | null;
  desordreSlug: string | null;
  datePriseDeVue: DateString;
  isVisibleForUsager: Generated<boolean>;
  variants: Json<Record<string, string>>;
  uploadedById: number | null;
  uploadedByUsager: Generated<boolean>;
  partenaireId: number | null;
  isWaitingSuivi: Generated<boolean>;
  createdAt: Timestamp;
}

export interface SuiviFichierTable {
  suiviId: number;
  fichierId: number;
}

export interface NotificationTable {
  id: Generated<number>;
  uuid: Generated<string>;
  utilisateurId: number;
  type: string;
  signalementId: number | null;
  suiviId: number | null;
  affectationId: number | null;
  description: string | null;
  isSeen: Generated<boolean>;
  seenAt: NullableTimestamp;
  waitMailingSummary: Generated<boolean>;
  mailingSummarySentAt: NullableTimestamp;
  createdAt: Timestamp;
}

export interface AbonnementTable {
  id: Generated<number>;
  utilisateurId: number;
  signalementId: number;
  createdById: number | null;
  createdAt: Timestamp;
}

export interface TagTable {
  id: Generated<number>;
  territoireId: number;
  label: string;
  isArchive: Generated<boolean>;
  createdAt: Timestamp;
}

export interface TagSignalementTable {
  tagId: number;
  signalementId: number;
}

export interface SignalementDesordrePrecisionTable {
  signalementId: number;
  desordrePrecisionId: number;
  precisionLibre: string | null;
  pieces: string[] | null;
}

export interface SignalementQualificationTable {
  id: Generated<number>;
  signalementId: number;
  qualification: string;
  status: string;
  desordrePrecisionIds: Generated<number[]>;
  details: Json;
  isPostVisite: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface HistoryEntryTable {
  id: Generated<number>;
  event: 'LOGIN' | 'LOGIN_2FA' | 'CREATE' | 'UPDATE' | 'DELETE';
  entityName: string;
  entityId: string;
  changes: Json;
  source: string | null;
  signalementId: number | null;
  utilisateurId: number | null;
  createdAt: Timestamp;
}

export interface ZoneTable {
  id: Generated<number>;
  territoireId: number;
  name: string;
  type: Generated<string>;
  /** GeoJSON Polygon or MultiPolygon, [lng, lat] positions. */
  geometry: Json<unknown>;
  bbox: Json<{ n: number; e: number; s: number; w: number }>;
  createdById: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PartenaireZoneTable {
  partenaireId: number;
  zoneId: number;
  excluded: Generated<boolean>;
}

export interface AutoAffectationRuleTable {
  id: Generated<number>;
  territoireId: number;
  status: Generated<'ACTIVE' | 'ARCHIVED'>;
  profileDeclarant: Generated<string>;
  partnerType: string;
  inseeToInclude: Generated<string[]>;
  inseeToExclude: Generated<string[]>;
  partnerToExclude: Generated<number[]>;
  parc: Generated<string>;
  allocataire: Generated<string>;
  proceduresSuspectees: Generated<string[]>;
  zonesToInclude: Generated<number[]>;
  zonesToExclude: Generated<number[]>;
  description: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface HttpSessionTable {
  id: string;
  data: Json;
  expiresAt: Timestamp;
}

export interface RateLimitTable {
  key: string;
  hits: number;
  resetAt: Timestamp;
}

export interface CacheEntryTable {
  key: string;
  value: Json<unknown>;
  expiresAt: Timestamp;
}

export interface DB {
  accountToken: AccountTokenTable;
  territoire: TerritoireTable;
  epci: EpciTable;
  commune: CommuneTable;
  desordreCategorie: DesordreCategorieTable;
  desordreCritere: DesordreCritereTable;
  desordrePrecision: DesordrePrecisionTable;
  referenceDataVersion: ReferenceDataVersionTable;
  partenaire: PartenaireTable;
  partenaireEpci: PartenaireEpciTable;
  utilisateur: UtilisateurTable;
  utilisateurPartenaire: UtilisateurPartenaireTable;
  signalementDraft: SignalementDraftTable;
  signalementDraftFile: SignalementDraftFileTable;
  failedEmail: FailedEmailTable;
  signalement: SignalementTable;
  signalementReferenceCounter: SignalementReferenceCounterTable;
  affectation: AffectationTable;
  suivi: SuiviTable;
  fichier: FichierTable;
  suiviFichier: SuiviFichierTable;
  notification: NotificationTable;
  abonnement: AbonnementTable;
  tag: TagTable;
  tagSignalement: TagSignalementTable;
  signalementDesordrePrecision: SignalementDesordrePrecisionTable;
  signalementQualification: SignalementQualificationTable;
  historyEntry: HistoryEntryTable;
  httpSession: HttpSessionTable;
  zone: ZoneTable;
  partenaireZone: PartenaireZoneTable;
  autoAffectationRule: AutoAffectationRuleTable;
  rateLimit: RateLimitTable;
  cacheEntry: CacheEntryTable;
}

export type Utilisateur = Selectable<UtilisateurTable>;
export type NewUtilisateur = Insertable<UtilisateurTable>;
export type Partenaire = Selectable<PartenaireTable>;
export type Signalement = Selectable<SignalementTable>;
export type NewSignalement = Insertable<SignalementTable>;
export type SignalementUpdate = Updateable<SignalementTable>;
export type Territoire = Selectable<TerritoireTable>;
