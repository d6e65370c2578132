import competencesData from '../../data/competences.json' with { type: 'json' };

/** Partner types (spec §2 PartnerType), in the spec's order. */
export const PARTNER_TYPES = [
  'ADIL',
  'ARS',
  'ASSOCIATION',
  'BAILLEUR_SOCIAL',
  'CAF_MSA',
  'CCAS',
  'COMMUNE_SCHS',
  'CONCILIATEURS',
  'CONSEIL_DEPARTEMENTAL',
  'DDETS',
  'DDT_M',
  'DISPOSITIF_RENOVATION_HABITAT',
  'EPCI',
  'OPERATEUR_VISITES_ET_TRAVAUX',
  'POLICE_GENDARMERIE',
  'PREFECTURE',
  'TRIBUNAL',
  'AUTRE',
] as const;

export type PartnerType = (typeof PARTNER_TYPES)[number];

/** Partner types whose software we talk to (Esabora SI-SH / SCHS, IDOSS). */
export const INTERCONNECTED_PARTNER_TYPES: readonly PartnerType[] = ['ARS', 'EPCI', 'COMMUNE_SCHS'];

/** Qualifications (spec §2), also used as partner "compétences". */
export const QUALIFICATIONS = [
  'ACCOMPAGNEMENT_JURIDIQUE',
  'ACCOMPAGNEMENT_SOCIAL',
  'ACCOMPAGNEMENT_TRAVAUX',
  'AIDE_BAILLEURS',
  'ARRETES',
  'ASSURANTIEL',
  'CONCILIATION',
  'CONSIGNATION_AL',
  'DALO',
  'SALETE',
  'FSL',
  'HEBERGEMENT_RELOGEMENT',
  'INSALUBRITE',
  'MISE_EN_SECURITE_PERIL',
  'NON_DECENCE',
  'NON_DECENCE_ENERGETIQUE',
  'NUISIBLES',
  'RSD',
  'VISITES',
  'DANGER',
  'SUROCCUPATION',
] as const;

export type Qualification = (typeof QUALIFICATIONS)[number];

/** Qualifications that can be suspected from a signalement's désordres (procédures suspectées). */
export const PROCEDURES_SUSPECTEES: readonly Qualification[] = [
  'ASSURANTIEL',
  'INSALUBRITE',
  'NON_DECENCE',
  'NON_DECENCE_ENERGETIQUE',
  'RSD',
  'DANGER',
  'SUROCCUPATION',
  'SALETE',
];

export const PARTNER_TYPE_LABELS: Readonly<Record<PartnerType, string>> = {
  ADIL: 'ADIL',
  ARS: 'ARS',
  ASSOCIATION: 'Association',
  BAILLEUR_SOCIAL: 'Bailleur social',
  CAF_MSA: 'CAF / MSA',
  CCAS: 'CCAS',
  COMMUNE_SCHS: 'Commune / SCHS',
  CONCILIATEURS: 'Conciliateurs de justice',
  CONSEIL_DEPARTEMENTAL: 'Conseil départemental',
  DDETS: 'DDETS',
  DDT_M: 'DDT / DDTM',
  DISPOSITIF_RENOVATION_HABITAT: "Dispositif de rénovation de l'habitat",
  EPCI: 'EPCI',
  OPERATEUR_VISITES_ET_TRAVAUX: 'Opérateur visites et travaux',
  POLICE_GENDARMERIE: 'Police / gendarmerie',
  PREFECTURE: 'Préfecture',
  TRIBUNAL: 'Tribunal',
  AUTRE: 'Autre',
};

export const QUALIFICATION_LABELS: Readonly<Record<Qualification, string>> = {
  ACCOMPAGNEMENT_JURIDIQUE: 'Accompagnement juridique',
  ACCOMPAGNEMENT_SOCIAL: 'Accompagnement social',
  ACCOMPAGNEMENT_TRAVAUX: 'Accompagnement aux travaux',
  AIDE_BAILLEURS: 'Aide aux bailleurs',
  ARRETES: 'Arrêtés',
  ASSURANTIEL: 'Assurantiel',
  CONCILIATION: 'Conciliation',
  CONSIGNATION_AL: "Consignation de l'allocation logement",
  DALO: 'DALO',
  SALETE: 'Saleté / incurie',
  FSL: 'Fonds de solidarité logement (FSL)',
  HEBERGEMENT_RELOGEMENT: 'Hébergement / relogement',
  INSALUBRITE: 'Insalubrité',
  MISE_EN_SECURITE_PERIL: 'Mise en sécurité / péril',
  NON_DECENCE: 'Non-décence',
  NON_DECENCE_ENERGETIQUE: 'Non-décence énergétique',
  NUISIBLES: 'Nuisibles',
  RSD: 'Règlement sanitaire départemental (RSD)',
  VISITES: 'Visites',
  DANGER: 'Danger',
  SUROCCUPATION: 'Suroccupation',
};

const partnerTypeSet: ReadonlySet<string> = new Set(PARTNER_TYPES);
const qualificationSet: ReadonlySet<string> = new Set(QUALIFICATIONS);

export function isPartnerType(value: unknown): value is PartnerType {
  return typeof value === 'string' && partnerTypeSet.has(value);
}

export function isQualification(value: unknown): value is Qualification {
  return typeof value === 'string' && qualificationSet.has(value);
}

const defaults = competencesData as Readonly<Record<string, readonly string[]>>;

/** Competences pre-selected when a partner of this type is created (an agent may change them). */
export function defaultCompetences(type: PartnerType): Qualification[] {
  return (defaults[type] ?? []).filter(isQualification);
}
