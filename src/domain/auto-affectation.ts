/**
 * Automatic assignment rules (spec domain §6.10): which partners a new signalement goes to, and why.
 * Pure code: the caller loads the signalement's facts, the territory's rules, partners and zones.
 *
 * 1. Only ACTIVE rules count; none → nobody.
 * 2. Candidates: the territory's non-archived partners whose perimeter covers the dwelling (§6.6): INSEE list,
 *    a linked zone containing the point, a commune of one of its EPCI, or no perimeter at all (whole
 *    territory); minus those with an excluded zone containing the point.
 * 3. A candidate is picked when every criterion of at least one rule holds (profil, type, INSEE, partenaires
 *    exclus, parc, allocataire, procédures suspectées, zones incluses / exclues).
 *
 * Differences with the original, on purpose: coordinates are not required (they often arrive later, from the
 * geocoder): INSEE criteria still apply, a rule listing zones to include cannot match without them, and a
 * zone to exclude cannot exclude a dwelling whose position is unknown. The BAILLEUR_SOCIAL "same bailleur"
 * check is not applied (we do not record social landlords yet).
 */
import { type BBox, containsPoint, inBBox, type LatLng, type ZoneGeometry } from './geo.ts';

export const RULE_STATUSES = ['ACTIVE', 'ARCHIVED'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const PROFILE_DECLARANT_CHOICES = [
  'all',
  'occupant',
  'tiers',
  'LOCATAIRE',
  'BAILLEUR_OCCUPANT',
  'TIERS_PARTICULIER',
  'TIERS_PRO',
  'SERVICE_SECOURS',
  'BAILLEUR',
] as const;
export const PROFILE_DECLARANT_LABELS: Record<(typeof PROFILE_DECLARANT_CHOICES)[number], string> = {
  all: 'Tous les profils',
  occupant: 'Occupants (locataire ou propriétaire occupant)',
  tiers: 'Tiers (particulier, professionnel, secours, bailleur)',
  LOCATAIRE: 'Locataire',
  BAILLEUR_OCCUPANT: 'Propriétaire occupant',
  TIERS_PARTICULIER: 'Tiers particulier',
  TIERS_PRO: 'Tiers professionnel',
  SERVICE_SECOURS: 'Service de secours',
  BAILLEUR: 'Bailleur',
};
const OCCUPANT_PROFILES = new Set(['LOCATAIRE', 'BAILLEUR_OCCUPANT']);
const TIERS_PROFILES = new Set(['TIERS_PARTICULIER', 'TIERS_PRO', 'SERVICE_SECOURS', 'BAILLEUR']);

export const PARC_CHOICES = ['all', 'public', 'prive', 'non_renseigne'] as const;
export const PARC_LABELS: Record<(typeof PARC_CHOICES)[number], string> = {
  all: 'Tous les parcs',
  public: 'Parc public (logement social)',
  prive: 'Parc privé',
  non_renseigne: 'Parc non renseigné',
};
export const ALLOCATAIRE_CHOICES = ['all', 'oui', 'non', 'nsp', 'caf', 'msa'] as const;
export const ALLOCATAIRE_LABELS: Record<(typeof ALLOCATAIRE_CHOICES)[number], string> = {
  all: 'Tous',
  oui: 'Allocataire (CAF, MSA ou sans précision)',
  non: 'Non allocataire',
  nsp: 'Ne sait pas ou non renseigné',
  caf: 'Allocataire CAF',
  msa: 'Allocataire MSA',
};

export interface AutoAffectationRule {
  id: number;
  status: RuleStatus | string;
  profileDeclarant: string;
  partnerType: string;
  inseeToInclude: readonly string[];
  inseeToExclude: readonly string[];
  partnerToExclude: readonly number[];
  parc: string;
  allocataire: string;
  proceduresSuspectees: readonly string[];
  zonesToInclude: readonly number[];
  zonesToExclude: readonly number[];
}

export interface SignalementFacts {
  profileDeclarant: string | null;
  insee: string | null;
  isLogementSocial: boolean | null;
  isAllocataire: string | null;
  /** Non-archived suspected qualifications. */
  procedures: readonly string[];
  lat: number | null;
  lng: number | null;
}

export interface CandidatePartner {
  id: number;
  nom: string;
  type: string;
  isArchive: boolean;
  insee: readonly string[];
  /** INSEE codes of the communes of the partner's EPCI (empty when none). */
  epciInsee: readonly string[];
  hasEpci: boolean;
  zoneIds: readonly number[];
  excludedZoneIds: readonly number[];
}

export interface ZoneShape {
  id: number;
  name: string;
  geometry: ZoneGeometry;
  bbox: BBox;
}

export interface CriterionCheck {
  criterion: string;
  ok: boolean;
  reason: string;
}

export interface RuleEvaluation {
  ruleId: number;
  matched: boolean;
  checks: CriterionCheck[];
}

export interface PartnerEvaluation {
  partner: CandidatePartner;
  perimeter: CriterionCheck;
  rules: RuleEvaluation[];
  matched: boolean;
}

export interface AutoAffectationResult {
  /** Why nothing can happen at all (no active rule), or null. */
  stop: string | null;
  partners: PartnerEvaluation[];
  matchedPartnerIds: number[];
}

function pointOf(f: SignalementFacts): LatLng | null {
  if (f.lat === null || f.lng === null || !Number.isFinite(f.lat) || !Number.isFinite(f.lng)) return null;
  return { lat: f.lat, lng: f.lng };
}

function zoneContains(zones: ReadonlyMap<number, ZoneShape>, id: number, p: LatLng): boolean {
  const z = zones.get(id);
  return !!z && inBBox(z.bbox, p) && containsPoint(z.geometry, p);
}

function names(zones: ReadonlyMap<number, ZoneShape>, ids: readonly number[]): string {
  return ids.map((id) => zones.get(id)?.name ?? `zone n° ${id}`).join(', ');
}

/** Whether the partner's perimeter covers the dwelling (§6.6), with the reason. */
export function checkPerimeter(
  partner: CandidatePartner,
  facts: SignalementFacts,
  zones: ReadonlyMap<number, ZoneShape>,
): CriterionCheck {
  const criterion = 'Périmètre du partenaire';
  if (partner.isArchive) return { criterion, ok: false, reason: 'Partenaire archivé.' };
  const p = pointOf(facts);
  const excluded = p ? partner.excludedZoneIds.filter((id) => zoneContains(zones, id, p)) : [];
  if (excluded.length) {
    return {
      criterion,
      ok: false,
      reason: `Le logement est dans une zone exclue : ${names(zones, excluded)}.`,
    };
  }
  if (!partner.insee.length && !partner.zoneIds.length && !partner.hasEpci) {
    return { criterion, ok: true, reason: 'Le partenaire couvre tout le territoire.' };
  }
  if (facts.insee && partner.insee.includes(facts.insee)) {
    return { criterion, ok: true, reason: `La commune ${facts.insee} fait partie de ses communes.` };
  }
  if (facts.insee && partner.epciInsee.includes(facts.insee)) {
    return { criterion, ok: true, reason: `La commune ${facts.insee} fait partie de son EPCI.` };
  }
  const inZone = p ? partner.zoneIds.filter((id) => zoneContains(zones, id, p)) : [];
  if (inZone.length)
    return { criterion, ok: true, reason: `Le logement est dans sa zone ${names(zones, inZone)}.` };
  if (!p && partner.zoneIds.length && !facts.insee) {
    return { criterion, ok: false, reason: 'Commune et position du logement inconnues.' };
  }
  return {
    criterion,
    ok: false,
    reason:
      p || !partner.zoneIds.length
        ? 'Le logement est en dehors de son périmètre.'
        : 'Le logement est en dehors de ses communes, et sa position est inconnue pour vérifier ses zones.',
  };
}

export function profileMatches(rule: string, profile: string | null): boolean {
  if (rule === 'all') return true;
  if (!profile) return false;
  const p = profile.toUpperCase();
  if (rule === 'occupant') return OCCUPANT_PROFILES.has(p);
  if (rule === 'tiers') return TIERS_PROFILES.has(p);
  return rule.toUpperCase() === p;
}

export function parcMatches(rule: string, isLogementSocial: boolean | null): boolean {
  switch (rule) {
    case 'all':
      return true;
    case 'public':
      return isLogementSocial === true;
    case 'prive':
      return isLogementSocial === false;
    case 'non_renseigne':
      return isLogementSocial === null;
    default:
      return false;
  }
}

export function allocataireMatches(rule: string, value: string | null): boolean {
  const v = (value ?? '').trim().toLowerCase();
  switch (rule) {
    case 'all':
      return true;
    case 'oui':
      return ['oui', 'caf', 'msa', '1'].includes(v);
    case 'non':
      return ['non', '0'].includes(v);
    case 'nsp':
      return v === '' || v === 'nsp';
    case 'caf':
    case 'msa':
      return v === rule;
    default:
      return false;
  }
}

const yes = (criterion: string, reason: string): CriterionCheck => ({ criterion, ok: true, reason });
const no = (criterion: string, reason: string): CriterionCheck => ({ criterion, ok: false, reason });

/** Every criterion of one rule for one partner, each with its reason (none is skipped, for the simulator). */
export function evaluateRule(
  rule: AutoAffectationRule,
  partner: CandidatePartner,
  facts: SignalementFacts,
  zones: ReadonlyMap<number, ZoneShape>,
): RuleEvaluation {
  const checks: CriterionCheck[] = [];
  const profile = facts.profileDeclarant ?? 'non renseigné';
  checks.push(
    profileMatches(rule.profileDeclarant, facts.profileDeclarant)
      ? yes(
          'Profil du déclarant',
          rule.profileDeclarant === 'all' ? 'Tous les profils.' : `Profil ${profile}.`,
        )
      : no('Profil du déclarant', `Profil ${profile}, la règle demande ${rule.profileDeclarant}.`),
  );
  checks.push(
    rule.partnerType === partner.type
      ? yes('Type de partenaire', `Type ${partner.type}.`)
      : no('Type de partenaire', `Type ${partner.type}, la règle vise ${rule.partnerType}.`),
  );
  if (!facts.insee) {
    checks.push(no('Commune (code INSEE)', 'Le code INSEE du logement est inconnu.'));
  } else if (rule.inseeToInclude.length && !rule.inseeToInclude.includes(facts.insee)) {
    checks.push(no('Commune (code INSEE)', `${facts.insee} n’est pas dans les communes de la règle.`));
  } else if (rule.inseeToExclude.includes(facts.insee)) {
    checks.push(no('Commune (code INSEE)', `${facts.insee} fait partie des communes exclues.`));
  } else {
    checks.push(
      yes(
        'Commune (code INSEE)',
        rule.inseeToInclude.length ? `${facts.insee} est visée.` : `${facts.insee} : toutes les communes.`,
      ),
    );
  }
  checks.push(
    rule.partnerToExclude.includes(partner.id)
      ? no('Partenaires exclus', 'Ce partenaire est exclu par la règle.')
      : yes('Partenaires exclus', 'Partenaire non exclu.'),
  );
  const parc =
    facts.isLogementSocial === null ? 'non renseigné' : facts.isLogementSocial ? 'public' : 'privé';
  checks.push(
    parcMatches(rule.parc, facts.isLogementSocial)
      ? yes('Parc', rule.parc === 'all' ? 'Tous les parcs.' : `Parc ${parc}.`)
      : no('Parc', `Parc ${parc}, la règle demande ${rule.parc}.`),
  );
  const alloc = facts.isAllocataire?.trim() || 'non renseigné';
  checks.push(
    allocataireMatches(rule.allocataire, facts.isAllocataire)
      ? yes('Allocataire', rule.allocataire === 'all' ? 'Tous.' : `Allocataire : ${alloc}.`)
      : no('Allocataire', `Allocataire : ${alloc}, la règle demande ${rule.allocataire}.`),
  );
  if (!rule.proceduresSuspectees.length) {
    checks.push(yes('Procédures suspectées', 'Aucune procédure demandée.'));
  } else {
    const found = facts.procedures.filter((q) => rule.proceduresSuspectees.includes(q));
    checks.push(
      found.length
        ? yes('Procédures suspectées', `Suspectée : ${found.join(', ')}.`)
        : no('Procédures suspectées', `Aucune des procédures ${rule.proceduresSuspectees.join(', ')}.`),
    );
  }
  const p = pointOf(facts);
  if (rule.zonesToInclude.length) {
    const inside = p ? rule.zonesToInclude.filter((id) => zoneContains(zones, id, p)) : [];
    checks.push(
      !p
        ? no('Zones incluses', 'Position du logement inconnue : les zones ne peuvent pas être vérifiées.')
        : inside.length
          ? yes('Zones incluses', `Dans la zone ${names(zones, inside)}.`)
          : no('Zones incluses', `Hors des zones ${names(zones, rule.zonesToInclude)}.`),
    );
  }
  if (rule.zonesToExclude.length) {
    const inside = p ? rule.zonesToExclude.filter((id) => zoneContains(zones, id, p)) : [];
    checks.push(
      inside.length
        ? no('Zones exclues', `Dans la zone exclue ${names(zones, inside)}.`)
        : yes(
            'Zones exclues',
            p ? 'Hors des zones exclues.' : 'Position inconnue : aucune exclusion appliquée.',
          ),
    );
  }
  return { ruleId: rule.id, matched: checks.every((c) => c.ok), checks };
}

/** The partners the territory's active rules pick for a signalement, with the reasons for every partner. */
export function evaluateAutoAffectation(input: {
  facts: SignalementFacts;
  rules: readonly AutoAffectationRule[];
  partners: readonly CandidatePartner[];
  zones: readonly ZoneShape[];
}): AutoAffectationResult {
  const active = input.rules.filter((r) => r.status === 'ACTIVE');
  if (!active.length)
    return { stop: 'Aucune règle active sur ce territoire.', partners: [], matchedPartnerIds: [] };
  const zones = new Map(input.zones.map((z) => [z.id, z]));
  const partners = input.partners.map((partner): PartnerEvaluation => {
    const perimeter = checkPerimeter(partner, input.facts, zones);
    const rules = active
      .filter((r) => r.partnerType === partner.type)
      .map((r) => evaluateRule(r, partner, input.facts, zones));
    return { partner, perimeter, rules, matched: perimeter.ok && rules.some((r) => r.matched) };
  });
  return {
    stop: null,
    partners,
    matchedPartnerIds: partners.filter((p) => p.matched).map((p) => p.partner.id),
  };
}
