/**
 * Pure mapping of a complete draft payload (the flat answers of the public form) to the columns of a
 * signalement. The submission adds what does not come from the answers: reference, code de suivi, territoire,
 * scores, statut, dates of creation.
 *
 * JSON columns keep the form's own keys in camelCase (`type_logement_nature` → `typeLogementNature`), the way
 * the back-office, the criticité score and the qualifications read them (`compositionLogementEnfants`,
 * `bailDpeDpe`, `infoProcedureAssuranceContactee`…). They are returned as JSON text, ready to insert.
 */
import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SignalementTable } from '../../infra/db/schema.ts';
import type { FormData, FormValue } from './definition/predicates.ts';
import { PROFILS, type Profil } from './definition/types.ts';

export type ProfileDeclarant =
  | 'LOCATAIRE'
  | 'BAILLEUR_OCCUPANT'
  | 'TIERS_PARTICULIER'
  | 'TIERS_PRO'
  | 'SERVICE_SECOURS'
  | 'BAILLEUR';

export interface MappedSignalement {
  profileDeclarant: ProfileDeclarant;
  profileOccupant: 'LOCATAIRE' | 'BAILLEUR_OCCUPANT' | null;
  isNotOccupant: boolean;
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
  occupantDateNaissance: string | null;
  isCguAccepted: boolean;
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
  isManualAddress: boolean;
  geolocLat: number | null;
  geolocLng: number | null;

  natureLogement: string | null;
  superficie: number | null;
  nbPiecesLogement: number | null;
  nbNiveauxLogement: number | null;
  anneeConstruction: number | null;
  isConstructionAvant1949: boolean | null;
  isLogementSocial: boolean | null;
  /** JSON text. */
  typeCompositionLogement: string;

  nbOccupantsLogement: number | null;
  nbAdultes: number | null;
  nbEnfantsM6: number | null;
  nbEnfantsP6: number | null;
  /** JSON text. */
  situationFoyer: string;

  isBailEnCours: boolean | null;
  dateEntree: string | null;
  loyer: number | null;
  isAllocataire: string | null;
  numAllocataire: string | null;
  montantAllocation: number | null;
  isPreavisDepart: boolean | null;
  isRelogement: boolean | null;
  isRsa: boolean | null;
  /** JSON text. */
  informationComplementaire: string;

  isProprioAverti: boolean | null;
  proprioAvertiAt: string | null;
  /** JSON text. */
  informationProcedure: string;

  typeProprio: 'PARTICULIER' | 'ORGANISME_SOCIETE' | null;
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

  dateMissionServiceSecours: string | null;
  origineMissionServiceSecours: string | null;
  ordreMissionServiceSecours: string | null;

  details: string | null;
  debutDesordres: string | null;
  hasSeenDesordres: boolean | null;
}

// Compile-time guard: every mapped property is a signalement column with a compatible type.
type AssertAssignable<T extends Partial<Insertable<SignalementTable>>> = T;
export type _MappedIsInsertable = AssertAssignable<MappedSignalement>;

// ---------------------------------------------------------------------------------------------------------
// Reading answers

/** Trimmed text of an answer; numbers (older payloads) are read as text; anything else is empty. */
function raw(data: FormData, name: string): string {
  const value = (data as Record<string, unknown>)[name] as FormValue | number | boolean | null | undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function opt(data: FormData, name: string): string | null {
  const value = raw(data, name);
  return value === '' ? null : value;
}

function num(data: FormData, name: string): number | null {
  const value = raw(data, name).replace(/\s/g, '').replace(',', '.');
  if (value === '' || !/^-?\d+(\.\d+)?$/.test(value)) return null;
  return Number(value);
}

function int(data: FormData, name: string): number | null {
  const n = num(data, name);
  return n === null ? null : Math.trunc(n);
}

/** 'oui' → true, 'non' → false, anything else (nsp, missing) → null. */
function ouiNon(data: FormData, name: string): boolean | null {
  const value = raw(data, name).toLowerCase();
  if (value === 'oui') return true;
  if (value === 'non') return false;
  return null;
}

/** A ticked checkbox: "1" from the engine (older payloads hold the number 1, or "oui"/"on"). */
function ticked(data: FormData, name: string): boolean {
  const value = (data as Record<string, unknown>)[name];
  if (Array.isArray(value)) return value.length > 0;
  if (value === true || value === 1) return true;
  return typeof value === 'string' && ['1', 'oui', 'on', 'true'].includes(value.trim().toLowerCase());
}

/** 'YYYY-MM-DD' or null (a date column must never get a malformed value). */
function isoDate(data: FormData, name: string): string | null {
  const value = raw(data, name);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : value;
}

/** "MM/AAAA" → first day of that month ('YYYY-MM-01'). */
function monthYearToDate(data: FormData, name: string): string | null {
  const match = /^(0[1-9]|1[0-2])\/(\d{4})$/.exec(raw(data, name));
  return match ? `${match[2]}-${match[1]}-01` : null;
}

/**
 * Phones are stored in E.164 by the engine ("+33644784515"). Older payloads hold a national number and a
 * `<name>_countrycode` such as "FR:33": those are converted when they parse; anything else is kept as typed.
 */
function phone(data: FormData, name: string): string | null {
  const value = raw(data, name);
  if (value === '') return null;
  if (value.startsWith('+')) return value.replace(/[\s.-]/g, '');
  const country = (raw(data, `${name}_countrycode`).split(':')[0] || 'FR').toUpperCase() as CountryCode;
  try {
    const parsed = parsePhoneNumberFromString(value, country);
    if (parsed?.isValid()) return parsed.number;
  } catch {
    // keep the number as typed
  }
  return value;
}

function email(data: FormData, name: string): string | null {
  const value = raw(data, name);
  return value === '' ? null : value.toLowerCase();
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/** The answers whose key starts with one of the prefixes, camelCased, uploads and empty values left out. */
function jsonOf(
  data: FormData,
  prefixes: readonly string[],
  exclude: (key: string) => boolean = () => false,
) {
  const out: Record<string, FormValue> = {};
  for (const key of Object.keys(data).sort()) {
    if (!prefixes.some((p) => key.startsWith(p)) || key.endsWith('_upload') || exclude(key)) continue;
    const value = (data as Record<string, unknown>)[key];
    if (typeof value === 'string') {
      if (value.trim() !== '') out[camel(key)] = value.trim();
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      out[camel(key)] = String(value);
    } else if (Array.isArray(value) && value.length > 0) {
      out[camel(key)] = value.map(String);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Profile, people, address

export function profilOf(data: FormData): Profil {
  const value = raw(data, 'profil');
  if ((PROFILS as readonly string[]).includes(value)) return value as Profil;
  throw new Error(`Draft payload without a valid profil (got "${value}")`);
}

function isTiers(p: Profil): boolean {
  return p !== 'locataire' && p !== 'bailleur_occupant';
}

/** The person who filled the form: the occupant for locataire / bailleur occupant, the tiers otherwise. */
function declarantPrefix(p: Profil): 'vos_coordonnees_occupant' | 'vos_coordonnees_tiers' {
  return isTiers(p) ? 'vos_coordonnees_tiers' : 'vos_coordonnees_occupant';
}

/** E-mail of the person who filled the form (lower case), or null. */
export function declarantEmailOf(data: FormData): string | null {
  return email(data, `${declarantPrefix(profilOf(data))}_email`);
}

const ADDRESS = 'adresse_logement_adresse';

interface AddressParts {
  line: string;
  codePostal: string;
  commune: string;
}

/** Street, postcode and town of an address field, from its sub-fields or, failing that, its full line. */
function addressParts(data: FormData, name: string): AddressParts | null {
  const full = raw(data, name);
  let line = raw(data, `${name}_detail_numero`);
  let codePostal = raw(data, `${name}_detail_code_postal`);
  let commune = raw(data, `${name}_detail_commune`);
  const split = /^(.*?)[\s,]+(\d{5})\s+(.+)$/.exec(full);
  if (split) {
    line ||= split[1]!.trim();
    codePostal ||= split[2]!;
    commune ||= split[3]!.trim();
  }
  if (!line && full) line = full;
  if (!line && !codePostal && !commune) return null;
  return { line, codePostal, commune };
}

/** One line for e-mails and lists: "33 Rue des Phocéens 13002 Marseille". */
export function addressLabel(data: FormData): string {
  const parts = addressParts(data, ADDRESS);
  if (!parts) return '';
  return [parts.line, [parts.codePostal, parts.commune].filter(Boolean).join(' ')].filter(Boolean).join(' ');
}

function normaliseAddress(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Checksum of a draft to find the same person's unfinished draft for the same dwelling: sha256 of the
 * lower-cased e-mail of the person who fills the form followed by the normalised address (accents, case and
 * punctuation ignored).
 */
export function draftChecksum(data: FormData): string {
  const declarant = email(data, `${declarantPrefix(profilOf(data))}_email`) ?? '';
  return createHash('sha256')
    .update(declarant + normaliseAddress(addressLabel(data)))
    .digest('hex');
}

/** E-mails of the usagers to write to (declarant and occupant), lower-cased, without duplicates. */
export function usagerEmails(data: FormData): string[] {
  const p = profilOf(data);
  const emails = isTiers(p)
    ? [email(data, 'vos_coordonnees_tiers_email'), email(data, 'coordonnees_occupant_email')]
    : [email(data, 'vos_coordonnees_occupant_email')];
  return [...new Set(emails.filter((e): e is string => e !== null))];
}

// ---------------------------------------------------------------------------------------------------------
// The mapping

const DEBUT_DESORDRES = new Set([
  'less_1_month',
  'months_1_to_6',
  'months_6_to_12',
  'years_1_to_2',
  'more_2_years',
  'nsp',
]);
const LIENS: Partial<Record<Profil, string>> = {
  tiers_pro: 'PRO',
  service_secours: 'SECOURS',
  bailleur: 'BAILLEUR',
};

function profileOccupantOf(data: FormData, p: Profil): MappedSignalement['profileOccupant'] {
  if (p === 'locataire' || p === 'bailleur') return 'LOCATAIRE';
  if (p === 'bailleur_occupant') return 'BAILLEUR_OCCUPANT';
  const said = raw(data, 'signalement_concerne_profil_detail_profil_occupant');
  if (said === 'locataire') return 'LOCATAIRE';
  if (said === 'bailleur_occupant') return 'BAILLEUR_OCCUPANT';
  return null;
}

function logementSocialOf(data: FormData, p: Profil): boolean | null {
  const value =
    p === 'service_secours'
      ? raw(data, 'signalement_concerne_logement_social_service_secours')
      : raw(data, 'signalement_concerne_logement_social_autre_tiers');
  return value === 'oui' ? true : value === 'non' ? false : null;
}

function typeProprioOf(data: FormData, p: Profil, social: boolean | null): MappedSignalement['typeProprio'] {
  const detail =
    p === 'bailleur_occupant'
      ? raw(data, 'signalement_concerne_profil_detail_bailleur_proprietaire')
      : p === 'bailleur'
        ? raw(data, 'signalement_concerne_profil_detail_bailleur_bailleur')
        : '';
  if (detail === 'particulier') return 'PARTICULIER';
  if (detail === 'organisme_societe') return 'ORGANISME_SOCIETE';
  return social ? 'ORGANISME_SOCIETE' : null;
}

interface Household {
  nbOccupantsLogement: number | null;
  nbAdultes: number | null;
  nbEnfantsM6: number | null;
  nbEnfantsP6: number | null;
}

function householdOf(data: FormData): Household {
  const personnes = int(data, 'composition_logement_nombre_personnes');
  let enfants = int(data, 'composition_logement_nombre_enfants');
  if (personnes !== null && enfants !== null && enfants > personnes) enfants = null;
  let m6 = int(data, 'composition_logement_nombre_enfants_m6');
  const moins6 = raw(data, 'composition_logement_enfants');
  if (m6 === null && (enfants === 0 || moins6 === 'non')) m6 = 0;
  // Older payloads only say whether a child under 6 lives there: with one child, that is the child.
  if (m6 === null && moins6 === 'oui' && enfants === 1) m6 = 1;
  if (m6 !== null && m6 > (enfants ?? personnes ?? Number.POSITIVE_INFINITY)) m6 = null;
  return {
    nbOccupantsLogement: personnes,
    nbAdultes: personnes !== null && enfants !== null ? personnes - enfants : null,
    nbEnfantsM6: m6,
    nbEnfantsP6: enfants !== null && m6 !== null ? enfants - m6 : null,
  };
}

/** `composition_logement_enfants` as the score reads it ('oui' when a child under 6 lives there). */
function enfantsMoins6(data: FormData, household: Household): string | null {
  const said = raw(data, 'composition_logement_enfants');
  if (said) return said;
  if (household.nbEnfantsM6 === null) return null;
  return household.nbEnfantsM6 > 0 ? 'oui' : 'non';
}

export function mapDraftToSignalement(data: FormData): MappedSignalement {
  const p = profilOf(data);
  const tiers = isTiers(p);
  const social = logementSocialOf(data, p);
  const typeProprio = typeProprioOf(data, p, social);
  const household = householdOf(data);

  // People. For locataire and bailleur occupant the declarant is the occupant: only occupant_* is filled.
  const d = 'vos_coordonnees_tiers';
  const o = tiers ? 'coordonnees_occupant' : 'vos_coordonnees_occupant';
  const declarant = {
    declarantNom: tiers ? opt(data, `${d}_nom`) : null,
    declarantPrenom: tiers ? opt(data, `${d}_prenom`) : null,
    declarantEmail: tiers ? email(data, `${d}_email`) : null,
    declarantTel: tiers ? phone(data, `${d}_tel`) : null,
    declarantTelSecondaire: tiers ? phone(data, `${d}_tel_secondaire`) : null,
    declarantStructure:
      p === 'tiers_pro' ||
      p === 'service_secours' ||
      (p === 'bailleur' && typeProprio === 'ORGANISME_SOCIETE')
        ? opt(data, `${d}_nom_organisme`)
        : null,
    declarantMatricule: p === 'service_secours' ? opt(data, 'service_secours_matricule') : null,
  };
  const occupant = {
    occupantCivilite: opt(data, `${o}_civilite`),
    occupantNom: opt(data, `${o}_nom`),
    occupantPrenom: opt(data, `${o}_prenom`),
    occupantEmail: email(data, `${o}_email`),
    occupantTel: phone(data, `${o}_tel`),
    occupantTelSecondaire: phone(data, `${o}_tel_secondaire`),
    occupantDateNaissance:
      isoDate(data, 'logement_social_date_naissance') ??
      isoDate(data, 'informations_complementaires_situation_occupants_date_naissance'),
  };
  const lien =
    p === 'tiers_particulier' ? (opt(data, `${d}_lien`)?.toUpperCase() ?? null) : (LIENS[p] ?? null);

  // Dwelling address.
  const address = addressParts(data, ADDRESS) ?? { line: '', codePostal: '', commune: '' };

  // Landlord: the declarant when the landlord files, the occupant when the owner lives there, else the answers.
  let bailleur: Pick<
    MappedSignalement,
    | 'bailleurNom'
    | 'bailleurPrenom'
    | 'bailleurDenomination'
    | 'bailleurAdresse'
    | 'bailleurCodePostal'
    | 'bailleurVille'
    | 'bailleurEmail'
    | 'bailleurTel'
    | 'bailleurTelSecondaire'
  >;
  if (p === 'bailleur' || p === 'bailleur_occupant') {
    const b = p === 'bailleur' ? d : 'vos_coordonnees_occupant';
    bailleur = {
      bailleurNom: opt(data, `${b}_nom`),
      bailleurPrenom: opt(data, `${b}_prenom`),
      bailleurDenomination: typeProprio === 'ORGANISME_SOCIETE' ? opt(data, `${d}_nom_organisme`) : null,
      bailleurAdresse: p === 'bailleur_occupant' ? address.line || null : null,
      bailleurCodePostal: p === 'bailleur_occupant' ? address.codePostal || null : null,
      bailleurVille: p === 'bailleur_occupant' ? address.commune || null : null,
      bailleurEmail: email(data, `${b}_email`),
      bailleurTel: phone(data, `${b}_tel`),
      bailleurTelSecondaire: phone(data, `${b}_tel_secondaire`),
    };
  } else {
    const nom = opt(data, 'coordonnees_bailleur_nom');
    const adresse = addressParts(data, 'coordonnees_bailleur_adresse');
    bailleur = {
      bailleurNom: social ? null : nom,
      bailleurPrenom: opt(data, 'coordonnees_bailleur_prenom'),
      bailleurDenomination: social ? nom : null,
      bailleurAdresse: adresse?.line || null,
      bailleurCodePostal: adresse?.codePostal || null,
      bailleurVille: adresse?.commune || null,
      bailleurEmail: email(data, 'coordonnees_bailleur_email'),
      bailleurTel: phone(data, 'coordonnees_bailleur_tel'),
      bailleurTelSecondaire: phone(data, 'coordonnees_bailleur_tel_secondaire'),
    };
  }
  const hasAgence = raw(data, 'coordonnees_bailleur_agence') === 'oui';
  const agenceAdresse = hasAgence ? addressParts(data, 'coordonnees_agence_adresse') : null;

  const typeComposition = jsonOf(data, [
    'type_logement_',
    'composition_logement_',
    'bail_dpe_',
    'desordres_logement_chauffage_details_dpe_',
  ]);
  const enfants = enfantsMoins6(data, household);
  if (enfants) typeComposition.compositionLogementEnfants = enfants;

  const allocation = raw(data, 'logement_social_allocation');
  const caisse = raw(data, 'logement_social_allocation_caisse');
  const annee = int(data, 'informations_complementaires_logement_annee_construction');
  const anneeValide = annee !== null && annee >= 1000 && annee <= 9999 ? annee : null;
  const debut = raw(data, 'zone_concernee_debut_desordres');

  return {
    profileDeclarant: p.toUpperCase() as ProfileDeclarant,
    profileOccupant: profileOccupantOf(data, p),
    isNotOccupant: tiers,
    lienDeclarantOccupant: lien,
    ...declarant,
    ...occupant,
    isCguAccepted: ticked(data, 'utilisation_service_ok_cgu'),
    isCguTiersAccepted: tiers ? ticked(data, 'utilisation_service_ok_signalement_tiers') : null,

    adresseOccupant: address.line,
    cpOccupant: address.codePostal,
    villeOccupant: address.commune,
    inseeOccupant: opt(data, `${ADDRESS}_detail_insee`),
    banIdOccupant: opt(data, `${ADDRESS}_detail_ban_id`),
    rnbIdOccupant: opt(data, `${ADDRESS}_detail_rnb_id`),
    etageOccupant: opt(data, 'adresse_logement_complement_adresse_etage'),
    escalierOccupant: opt(data, 'adresse_logement_complement_adresse_escalier'),
    numAppartOccupant: opt(data, 'adresse_logement_complement_adresse_numero_appartement'),
    adresseAutreOccupant: opt(data, 'adresse_logement_complement_adresse_autre'),
    isManualAddress: ticked(data, `${ADDRESS}_detail_manual`),
    geolocLat: num(data, `${ADDRESS}_detail_geoloc_lat`),
    geolocLng: num(data, `${ADDRESS}_detail_geoloc_lng`),

    natureLogement: opt(data, 'type_logement_nature'),
    superficie: num(data, 'composition_logement_superficie'),
    nbPiecesLogement:
      raw(data, 'composition_logement_piece_unique') === 'piece_unique'
        ? 1
        : int(data, 'composition_logement_nb_pieces'),
    nbNiveauxLogement: int(data, 'informations_complementaires_logement_nombre_etages'),
    anneeConstruction: anneeValide,
    isConstructionAvant1949: anneeValide === null ? null : anneeValide < 1949,
    isLogementSocial: social,
    typeCompositionLogement: JSON.stringify(typeComposition),

    ...household,
    situationFoyer: JSON.stringify(jsonOf(data, ['logement_social_', 'travailleur_social_'])),

    isBailEnCours: ouiNon(data, 'bail_dpe_bail'),
    dateEntree:
      isoDate(data, 'bail_dpe_date_emmenagement') ??
      isoDate(data, 'informations_complementaires_situation_occupants_date_emmenagement'),
    loyer: num(data, 'informations_complementaires_logement_montant_loyer'),
    isAllocataire: allocation === 'oui' ? caisse || 'oui' : allocation || null,
    numAllocataire: allocation === 'oui' ? opt(data, 'logement_social_numero_allocataire') : null,
    montantAllocation: allocation === 'oui' ? num(data, 'logement_social_montant_allocation') : null,
    isPreavisDepart: ouiNon(data, 'travailleur_social_preavis_depart'),
    isRelogement:
      ouiNon(data, 'logement_social_demande_relogement') ??
      ouiNon(data, 'informations_complementaires_situation_occupants_demande_relogement'),
    isRsa: ouiNon(data, 'informations_complementaires_situation_occupants_beneficiaire_rsa'),
    informationComplementaire: JSON.stringify(jsonOf(data, ['informations_complementaires_'])),

    isProprioAverti: ouiNon(data, 'info_procedure_bailleur_prevenu'),
    proprioAvertiAt: ouiNon(data, 'info_procedure_bailleur_prevenu')
      ? monthYearToDate(data, 'info_procedure_bail_date')
      : null,
    informationProcedure: JSON.stringify(
      jsonOf(data, ['info_procedure_', 'utilisation_service_', 'injonction_bailleur_']),
    ),

    typeProprio,
    ...bailleur,

    agenceDenomination: hasAgence ? opt(data, 'coordonnees_agence_nom') : null,
    agenceNom: null,
    agencePrenom: null,
    agenceAdresse: agenceAdresse?.line || null,
    agenceCodePostal: agenceAdresse?.codePostal || null,
    agenceVille: agenceAdresse?.commune || null,
    agenceEmail: hasAgence ? email(data, 'coordonnees_agence_email') : null,
    agenceTel: hasAgence ? phone(data, 'coordonnees_agence_tel') : null,

    dateMissionServiceSecours: p === 'service_secours' ? isoDate(data, 'service_secours_date_mission') : null,
    origineMissionServiceSecours:
      p === 'service_secours' ? opt(data, 'service_secours_origine_mission') : null,
    ordreMissionServiceSecours: p === 'service_secours' ? opt(data, 'service_secours_ordre_mission') : null,

    details: opt(data, 'desordres_precisions_details'),
    debutDesordres: DEBUT_DESORDRES.has(debut) ? debut.toUpperCase() : null,
    hasSeenDesordres: tiers ? ouiNon(data, 'zone_concernee_constatation_desordres') : true,
  };
}
