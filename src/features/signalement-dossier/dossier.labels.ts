/**
 * French labels and small pure formatters for the dossier page: document types, form answers kept in the
 * signalement's JSON columns, declarant profiles, and history entries told as sentences.
 */
import {
  AFFECTATION_STATUS_LABELS,
  type AffectationStatus,
  MOTIF_CLOTURE_LABELS,
  MOTIF_REFUS_LABELS,
  type MotifCloture,
  type MotifRefus,
  SIGNALEMENT_STATUS_LABELS,
  type SignalementStatus,
} from '../../domain/statuts.ts';

const get = <T extends string>(labels: Record<T, string>, value: string | null | undefined): string | null =>
  value ? ((labels as Record<string, string>)[value] ?? value) : null;

// ---------------------------------------------------------------------------------------------------------
// Documents (spec histologe-domain §2 DocumentType)

export const DOCUMENT_TYPE_LABELS: Record<string, string> = {
  SITUATION_FOYER_BAIL: 'Bail',
  SITUATION_FOYER_DPE: 'Diagnostic de performance énergétique (DPE)',
  SITUATION_FOYER_ETAT_DES_LIEUX: 'État des lieux',
  SITUATION_DIAGNOSTIC_PLOMB_AMIANTE: 'Diagnostic plomb / amiante',
  PROCEDURE_MISE_EN_DEMEURE: 'Mise en demeure',
  PROCEDURE_RAPPORT_DE_VISITE: 'Rapport de visite',
  PROCEDURE_ARRETE_MUNICIPAL: 'Arrêté municipal',
  PROCEDURE_ARRETE_PREFECTORAL: 'Arrêté préfectoral',
  PROCEDURE_SAISINE: 'Saisine',
  BAILLEUR_DEVIS_POUR_TRAVAUX: 'Devis pour travaux',
  FACTURE: 'Facture',
  BAILLEUR_REPONSE_BAILLEUR: 'Réponse du bailleur',
  AUTRE_PROCEDURE: 'Autre document de procédure',
  PHOTO_SITUATION: 'Photo de la situation',
  PHOTO_VISITE: 'Photo de visite',
  EXPORT: 'Export',
  GRILLE_DE_VISITE: 'Grille de visite',
  PROCEDURE: 'Procédure',
  MODELE_DE_COURRIER: 'Modèle de courrier',
  GUIDES_ET_AIDE: 'Guide et aide',
  COMM_INFORMATION_AUX_USAGERS: 'Information aux usagers',
  ANNUAIRE: 'Annuaire',
  ENGAGEMENT_TRAVAUX_BAILLEUR: 'Engagement de travaux du bailleur',
  MESSAGE_BAILLEUR: 'Pièce jointe du bailleur',
  AUTRE: 'Autre',
};

export function documentTypeLabel(type: string): string {
  return DOCUMENT_TYPE_LABELS[type] ?? 'Autre';
}

export function isImage(mimeType: string): boolean {
  return /^image\/(jpeg|png|gif|webp|avif)$/.test(mimeType);
}

// ---------------------------------------------------------------------------------------------------------
// People and dwelling

export const PROFILE_DECLARANT_LABELS: Record<string, string> = {
  LOCATAIRE: 'Locataire',
  BAILLEUR_OCCUPANT: 'Propriétaire occupant',
  TIERS_PARTICULIER: 'Tiers particulier',
  TIERS_PRO: 'Tiers professionnel',
  SERVICE_SECOURS: 'Service de secours',
  BAILLEUR: 'Bailleur',
};

export const LIEN_OCCUPANT_LABELS: Record<string, string> = {
  PROCHE: 'Proche',
  VOISIN: 'Voisin ou voisine',
  SECOURS: 'Service de secours',
  BAILLEUR: 'Bailleur',
  PRO: 'Professionnel',
  AUTRE: 'Autre',
};

export const TYPE_PROPRIO_LABELS: Record<string, string> = {
  PARTICULIER: 'Particulier',
  ORGANISME_SOCIETE: 'Organisme ou société',
};

export const CREATION_SOURCE_LABELS: Record<string, string> = {
  API: 'API d’un partenaire',
  FORM_PRO_BO: 'Formulaire professionnel (back-office)',
  FORM_SERVICE_SECOURS: 'Formulaire des services de secours',
  FORM_USAGER_V1: 'Formulaire usager (ancienne version)',
  FORM_USAGER_V2: 'Formulaire usager',
  IMPORT: 'Import',
};

export const DEBUT_DESORDRES_LABELS: Record<string, string> = {
  LESS_1_MONTH: 'Moins d’un mois',
  MONTHS_1_TO_6: 'De 1 à 6 mois',
  MONTHS_6_TO_12: 'De 6 mois à 1 an',
  YEARS_1_TO_2: 'De 1 à 2 ans',
  MORE_2_YEARS: 'Plus de 2 ans',
  NSP: 'Ne sait pas',
};

export const CIVILITE_LABELS: Record<string, string> = { mme: 'Madame', mr: 'Monsieur', m: 'Monsieur' };

export const profileLabel = (v: string | null) => get(PROFILE_DECLARANT_LABELS, v);
export const lienLabel = (v: string | null) => get(LIEN_OCCUPANT_LABELS, v);
export const typeProprioLabel = (v: string | null) => get(TYPE_PROPRIO_LABELS, v);
export const creationSourceLabel = (v: string | null) => get(CREATION_SOURCE_LABELS, v);
export const debutDesordresLabel = (v: string | null) => get(DEBUT_DESORDRES_LABELS, v);
export const motifClotureLabel = (v: string | null) => get<MotifCloture>(MOTIF_CLOTURE_LABELS, v);
export const motifRefusLabel = (v: string | null) => get<MotifRefus>(MOTIF_REFUS_LABELS, v);

/** Answers of the form as people read them: oui / non / nsp, booleans, free values kept as typed. */
export function answerLabel(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value === true) return 'Oui';
  if (value === false) return 'Non';
  if (Array.isArray(value)) {
    const parts = value.map(answerLabel).filter((x): x is string => x !== null);
    return parts.length ? parts.join(', ') : null;
  }
  if (typeof value === 'object') return null;
  const s = String(value).trim();
  const known: Record<string, string> = {
    oui: 'Oui',
    non: 'Non',
    nsp: 'Ne sait pas',
    ne_sait_pas: 'Ne sait pas',
    appartement: 'Appartement',
    maison: 'Maison',
    autre: 'Autre',
    piece_unique: 'Pièce unique',
    plusieurs_pieces: 'Plusieurs pièces',
    caf: 'CAF',
    msa: 'MSA',
    courrier: 'Courrier',
    email: 'E-mail',
    telephone: 'Téléphone',
    sms: 'SMS',
    before2023: 'Avant 2023',
    post2023: 'En 2023 ou après',
    pas_assurance_logement: 'Pas d’assurance logement',
  };
  return known[s.toLowerCase()] ?? s;
}

/** Labels of the form answers kept in the JSON columns, in display order. Unknown keys are not shown. */
export const COMPOSITION_LABELS: [string, string][] = [
  ['typeLogementNature', 'Type de logement'],
  ['typeLogementNatureAutrePrecision', 'Précision sur le type'],
  ['typeLogementRdc', 'Au rez-de-chaussée'],
  ['typeLogementDernierEtage', 'Au dernier étage'],
  ['typeLogementSousSolSansFenetre', 'En sous-sol sans fenêtre'],
  ['typeLogementSousCombleSansFenetre', 'Sous les combles sans fenêtre'],
  ['compositionLogementPieceUnique', 'Nombre de pièces à vivre'],
  ['compositionLogementNbPieces', 'Nombre de pièces'],
  ['compositionLogementSuperficie', 'Superficie (m²)'],
  ['compositionLogementHauteur', 'Hauteur sous plafond d’au moins 2 m'],
  ['compositionLogementNombrePersonnes', 'Nombre de personnes'],
  ['compositionLogementEnfants', 'Enfants de moins de 6 ans'],
  ['compositionLogementNombreEnfants', 'Nombre d’enfants'],
  ['typeLogementCommoditesCuisine', 'Cuisine'],
  ['typeLogementCommoditesCuisineCollective', 'Cuisine collective'],
  ['typeLogementCommoditesSalleDeBain', 'Salle de bain'],
  ['typeLogementCommoditesSalleDeBainCollective', 'Salle de bain collective'],
  ['typeLogementCommoditesWc', 'WC'],
  ['typeLogementCommoditesWcCollective', 'WC collectifs'],
  ['typeLogementCommoditesWcCuisine', 'WC dans la cuisine'],
  ['bailDpeBail', 'Bail'],
  ['bailDpeEtatDesLieux', 'État des lieux'],
  ['bailDpeDpe', 'DPE'],
  ['bailDpeClasseEnergetique', 'Classe énergétique'],
  ['desordresLogementChauffageDetailsDpeAnnee', 'Date du DPE'],
  ['desordresLogementChauffageDetailsDpeConso', 'Consommation d’énergie (kWh/an)'],
  ['desordresLogementChauffageDetailsDpeConsoFinale', 'Consommation d’énergie finale (kWh/m²/an)'],
];

export const SITUATION_FOYER_LABELS: [string, string][] = [
  ['logementSocialAllocation', 'Allocataire'],
  ['logementSocialAllocationCaisse', 'Caisse d’allocations'],
  ['logementSocialNumeroAllocataire', 'Numéro d’allocataire'],
  ['logementSocialMontantAllocation', 'Montant de l’allocation (€)'],
  ['logementSocialDateNaissance', 'Date de naissance de l’allocataire'],
  ['logementSocialDemandeRelogement', 'Demande de relogement faite'],
  ['travailleurSocialQuitteLogement', 'Souhaite quitter le logement'],
  ['travailleurSocialPreavisDepart', 'Préavis de départ donné'],
  ['travailleurSocialAccompagnement', 'Accompagné par un travailleur social'],
  ['travailleurSocialAccompagnementDeclarant', 'Le déclarant est le travailleur social'],
];

export const INFORMATION_COMPLEMENTAIRE_LABELS: [string, string][] = [
  ['informationsComplementairesSituationOccupantsBeneficiaireRsa', 'Bénéficiaire du RSA'],
  ['informationsComplementairesSituationOccupantsBeneficiaireFsl', 'Bénéficiaire du FSL'],
  ['informationsComplementairesSituationOccupantsRevenuFiscal', 'Revenu fiscal de référence'],
  ['informationsComplementairesSituationOccupantsDateNaissance', 'Date de naissance'],
  ['informationsComplementairesSituationOccupantsDateEmmenagement', 'Date d’emménagement'],
  ['informationsComplementairesSituationOccupantsLoyersPayes', 'Loyers payés'],
  ['informationsComplementairesSituationBailleurDateEffetBail', 'Date d’effet du bail'],
  ['informationsComplementairesLogementNombreEtages', 'Nombre d’étages de l’immeuble'],
  ['informationsComplementairesLogementAnneeConstruction', 'Année de construction'],
];

export const INFORMATION_PROCEDURE_LABELS: [string, string][] = [
  ['infoProcedureBailMoyen', 'Moyen utilisé pour prévenir le bailleur'],
  ['infoProcedureBailReponse', 'Réponse du bailleur'],
  ['infoProcedureBailNumero', 'Numéro de réclamation'],
  ['infoProcedureAssuranceContactee', 'Assurance contactée'],
  ['infoProcedureReponseAssurance', 'Réponse de l’assurance'],
  ['infoProcedureDepartApresTravaux', 'Souhaite partir après les travaux'],
];

/** Rows [label, value] of a JSON column, known keys only, empty answers left out. */
export function jsonRows(data: Record<string, unknown>, labels: [string, string][]): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, label] of labels) {
    const value =
      key.endsWith('Date') || /Date[A-Z]/.test(key) ? dateAnswer(data[key]) : answerLabel(data[key]);
    if (value !== null) rows.push([label, value]);
  }
  return rows;
}

function dateAnswer(value: unknown): string | null {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return answerLabel(value);
}

/** 'YYYY-MM-DD' (PostgreSQL date) → 'DD/MM/YYYY'. */
export function formatDay(value: string | null | undefined): string | null {
  return value ? dateAnswer(value) : null;
}

/** French numbers grouped by two ("06 12 34 56 78"); anything else as typed. */
export function formatPhone(value: string): string {
  const digits = value.replace(/[\s.-]/g, '');
  if (/^0\d{9}$/.test(digits)) return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Catalogue text

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: '’',
  lsquo: '‘',
  laquo: '«',
  raquo: '»',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ecirc: 'ê',
  ccedil: 'ç',
};

/**
 * Catalogue labels hold small HTML fragments (<br>, <b>…): turned into plain text, to be escaped on output.
 * Never rendered as HTML.
 */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, code: string) => {
      if (code[0] === '#') {
        const n =
          code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
      }
      return ENTITIES[code.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------------------
// History

export interface HistoryInput {
  event: 'LOGIN' | 'LOGIN_2FA' | 'CREATE' | 'UPDATE' | 'DELETE';
  entityName: string;
  entityId: string;
  changes: Record<string, unknown>;
  source: string | null;
}

export interface HistoryContext {
  /** Affectation id → partner name (for lines about an affectation still on the dossier). */
  affectationPartenaires: Record<string, string>;
  /** Partner id → name. */
  partenaireNoms: Record<number, string>;
}

const FIELD_LABELS: Record<string, string> = {
  statut: 'statut',
  motifCloture: 'motif de clôture',
  motifRefus: 'motif de refus',
  comCloture: 'commentaire de clôture',
  reference: 'référence',
  score: 'criticité',
  adresseOccupant: 'adresse',
  cpOccupant: 'code postal',
  villeOccupant: 'commune',
  isLogementVacant: 'logement vacant',
  documentType: 'type de document',
  title: 'titre',
  description: 'description',
  isVisibleForUsager: 'visibilité pour l’usager',
  partenaireId: 'partenaire',
  tags: 'étiquettes',
};

/** Entity names as stored (ours or the original's FQCN) → a French noun with its article. */
function entityNoun(name: string): string {
  const short = name.split('\\').pop() ?? name;
  switch (short.toLowerCase()) {
    case 'signalement':
      return 'le signalement';
    case 'affectation':
      return 'une affectation';
    case 'suivi':
      return 'un suivi';
    case 'file':
    case 'fichier':
      return 'un document';
    case 'tag':
    case 'tagsignalement':
      return 'une étiquette';
    case 'intervention':
      return 'une visite';
    case 'abonnement':
    case 'usersignalementsubscription':
      return 'un abonnement';
    default:
      return `« ${short} »`;
  }
}

function valueLabel(entity: string, field: string, value: unknown, ctx: HistoryContext): string {
  if (value === null || value === undefined || value === '') return 'vide';
  if (field === 'statut' && typeof value === 'string') {
    const labels =
      entity === 'affectation'
        ? (AFFECTATION_STATUS_LABELS as Record<string, string>)
        : (SIGNALEMENT_STATUS_LABELS as Record<string, string>);
    return (
      labels[value] ??
      (AFFECTATION_STATUS_LABELS as Record<string, string>)[value] ??
      (SIGNALEMENT_STATUS_LABELS as Record<SignalementStatus | AffectationStatus, string>)[
        value as SignalementStatus
      ] ??
      value
    );
  }
  if (field === 'motifCloture' && typeof value === 'string') return motifClotureLabel(value) ?? value;
  if (field === 'motifRefus' && typeof value === 'string') return motifRefusLabel(value) ?? value;
  if (field === 'documentType' && typeof value === 'string') return documentTypeLabel(value);
  if (field === 'partenaireId' && typeof value === 'number')
    return ctx.partenaireNoms[value] ?? `n° ${value}`;
  if (field === 'isVisibleForUsager') return value ? 'visible par l’usager' : 'interne';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'object') return Array.isArray(value) ? value.map(String).join(', ') : '…';
  const s = String(value);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** `changes` as stored: { field: [old, new] } (or a plain value for a creation). */
function changePairs(changes: Record<string, unknown>): [string, unknown, unknown][] {
  return Object.entries(changes).map(([field, v]) =>
    Array.isArray(v) && v.length === 2 ? [field, v[0], v[1]] : [field, undefined, v],
  );
}

/**
 * One history entry as a French sentence without its author or date (the view adds them):
 * "a changé le statut du signalement : Nouveau → En cours", "a affecté le partenaire ADIL 13".
 */
export function describeHistory(h: HistoryInput, ctx: HistoryContext): { action: string; details: string[] } {
  const short = (h.entityName.split('\\').pop() ?? h.entityName).toLowerCase();
  const entity = short === 'file' ? 'fichier' : short;
  const pairs = changePairs(h.changes);
  const partnerOf = (): string | null => {
    const p = h.changes.partenaireId;
    const id = Array.isArray(p) ? (p[1] ?? p[0]) : p;
    if (typeof id === 'number' && ctx.partenaireNoms[id]) return ctx.partenaireNoms[id]!;
    const nom = h.changes.partenaireNom ?? h.changes.partenaire;
    const n = Array.isArray(nom) ? (nom[1] ?? nom[0]) : nom;
    if (typeof n === 'string' && n) return n;
    return ctx.affectationPartenaires[h.entityId] ?? null;
  };
  const details = pairs
    .filter(([field]) => !['partenaireNom', 'partenaire', 'signalementId', 'id', 'uuid'].includes(field))
    .map(([field, before, after]) => {
      const label = FIELD_LABELS[field] ?? field;
      const to = valueLabel(entity, field, after, ctx);
      return before === undefined
        ? `${label} : ${to}`
        : `${label} : ${valueLabel(entity, field, before, ctx)} → ${to}`;
    });

  if (entity === 'signalement') {
    if (h.event === 'CREATE') {
      const via = h.source ? ` (${h.source === 'formulaire' ? 'formulaire en ligne' : h.source})` : '';
      return { action: `a déposé le signalement${via}`, details: [] };
    }
    if (h.event === 'DELETE') return { action: 'a supprimé le signalement', details };
    const statut = h.changes.statut;
    if (Array.isArray(statut) && pairs.length === 1) {
      return {
        action: `a changé le statut du signalement : ${valueLabel(entity, 'statut', statut[0], ctx)} → ${valueLabel(entity, 'statut', statut[1], ctx)}`,
        details: [],
      };
    }
    return { action: 'a modifié le signalement', details };
  }
  if (entity === 'affectation') {
    const partner = partnerOf();
    const who = partner ? `le partenaire ${partner}` : 'un partenaire';
    const ofWho = partner ? `du partenaire ${partner}` : 'd’un partenaire';
    if (h.event === 'CREATE') return { action: `a affecté ${who}`, details: [] };
    if (h.event === 'DELETE') return { action: `a retiré l’affectation ${ofWho}`, details: [] };
    const statut = h.changes.statut;
    if (Array.isArray(statut)) {
      const [from, to] = statut;
      const verb =
        to === 'EN_COURS'
          ? from === 'REFUSE'
            ? 'a annulé le refus de l’affectation'
            : from === 'FERME'
              ? 'a rouvert l’affectation'
              : 'a accepté l’affectation'
          : to === 'REFUSE'
            ? 'a refusé l’affectation'
            : to === 'FERME'
              ? 'a clôturé l’affectation'
              : to === 'NOUVEAU'
                ? 'a réinitialisé l’affectation'
                : 'a modifié l’affectation';
      return { action: `${verb} ${ofWho}`, details: details.filter((d) => !d.startsWith('statut :')) };
    }
    return { action: `a modifié l’affectation ${ofWho}`, details };
  }
  const noun = entityNoun(h.entityName);
  if (entity === 'fichier') {
    const title = h.changes.title;
    const t = Array.isArray(title) ? (title[1] ?? title[0]) : title;
    const named = typeof t === 'string' && t ? ` « ${t} »` : '';
    if (h.event === 'CREATE') return { action: `a ajouté un document${named}`, details: [] };
    if (h.event === 'DELETE') return { action: `a supprimé un document${named}`, details: [] };
    return {
      action: `a modifié un document${named}`,
      details: details.filter((d) => !d.startsWith('titre :')),
    };
  }
  const verb = h.event === 'CREATE' ? 'a ajouté' : h.event === 'DELETE' ? 'a supprimé' : 'a modifié';
  return { action: `${verb} ${noun}`, details: h.event === 'CREATE' ? [] : details };
}
