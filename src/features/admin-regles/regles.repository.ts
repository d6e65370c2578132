import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  AutoAffectationRule,
  CandidatePartner,
  SignalementFacts,
} from '../../domain/auto-affectation.ts';
import type { DB } from '../../infra/db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface RuleRow extends AutoAffectationRule {
  territoireId: number;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type RuleValues = Omit<RuleRow, 'id' | 'createdAt' | 'updatedAt'>;

const ruleColumns = [
  'id',
  'territoireId',
  'status',
  'profileDeclarant',
  'partnerType',
  'inseeToInclude',
  'inseeToExclude',
  'partnerToExclude',
  'parc',
  'allocataire',
  'proceduresSuspectees',
  'zonesToInclude',
  'zonesToExclude',
  'description',
  'createdAt',
  'updatedAt',
] as const;

export async function listRules(q: Q, territoireId: number): Promise<RuleRow[]> {
  return q
    .selectFrom('autoAffectationRule')
    .select([...ruleColumns])
    .where('territoireId', '=', territoireId)
    .orderBy('status')
    .orderBy('partnerType')
    .orderBy('id')
    .execute();
}

export async function findRule(q: Q, id: number): Promise<RuleRow | undefined> {
  return q
    .selectFrom('autoAffectationRule')
    .select([...ruleColumns])
    .where('id', '=', id)
    .executeTakeFirst();
}

function toRow(v: RuleValues) {
  return {
    territoireId: v.territoireId,
    status: v.status as 'ACTIVE' | 'ARCHIVED',
    profileDeclarant: v.profileDeclarant,
    partnerType: v.partnerType,
    inseeToInclude: [...v.inseeToInclude],
    inseeToExclude: [...v.inseeToExclude],
    partnerToExclude: [...v.partnerToExclude],
    parc: v.parc,
    allocataire: v.allocataire,
    proceduresSuspectees: [...v.proceduresSuspectees],
    zonesToInclude: [...v.zonesToInclude],
    zonesToExclude: [...v.zonesToExclude],
    description: v.description,
  };
}

export async function insertRule(q: Q, v: RuleValues): Promise<number> {
  const row = await q
    .insertInto('autoAffectationRule')
    .values(toRow(v))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRule(q: Q, id: number, v: RuleValues): Promise<void> {
  await q
    .updateTable('autoAffectationRule')
    .set({ ...toRow(v), updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function setRuleStatus(q: Q, id: number, status: 'ACTIVE' | 'ARCHIVED'): Promise<void> {
  await q
    .updateTable('autoAffectationRule')
    .set({ status, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function deleteRule(q: Q, id: number): Promise<void> {
  await q.deleteFrom('autoAffectationRule').where('id', '=', id).execute();
}

/** The territory's partners (archived included, for the simulator's explanations) with their perimeter. */
export async function candidatePartners(q: Q, territoireId: number): Promise<CandidatePartner[]> {
  const partners = await q
    .selectFrom('partenaire as p')
    .select([
      'p.id',
      'p.nom',
      'p.type',
      'p.isArchive',
      'p.insee',
      sql<
        string[]
      >`coalesce((select array_agg(distinct c.code_insee) from partenaire_epci pe join commune c on c.epci_id = pe.epci_id where pe.partenaire_id = p.id), '{}')`.as(
        'epciInsee',
      ),
      sql<boolean>`exists (select 1 from partenaire_epci pe where pe.partenaire_id = p.id)`.as('hasEpci'),
    ])
    .where('p.territoireId', '=', territoireId)
    .orderBy('p.nom')
    .execute();
  const links = partners.length
    ? await q
        .selectFrom('partenaireZone')
        .select(['partenaireId', 'zoneId', 'excluded'])
        .where(
          'partenaireId',
          'in',
          partners.map((p) => p.id),
        )
        .execute()
    : [];
  return partners.map((p) => ({
    id: p.id,
    nom: p.nom,
    type: p.type,
    isArchive: p.isArchive,
    insee: p.insee ?? [],
    epciInsee: p.epciInsee ?? [],
    hasEpci: p.hasEpci,
    zoneIds: links.filter((l) => l.partenaireId === p.id && !l.excluded).map((l) => l.zoneId),
    excludedZoneIds: links.filter((l) => l.partenaireId === p.id && l.excluded).map((l) => l.zoneId),
  }));
}

export interface SignalementForRules {
  id: number;
  reference: string;
  territoireId: number;
  statut: string;
  isLogementVacant: boolean;
  facts: SignalementFacts;
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export async function signalementForRules(
  q: Q,
  where: { id: number } | { reference: string; territoireIds: number[] | 'all' },
): Promise<SignalementForRules | undefined> {
  let query = q
    .selectFrom('signalement as s')
    .select([
      's.id',
      's.reference',
      's.territoireId',
      's.statut',
      's.isLogementVacant',
      's.profileDeclarant',
      's.inseeOccupant',
      's.isLogementSocial',
      's.isAllocataire',
      's.geolocLat',
      's.geolocLng',
      sql<
        string[]
      >`coalesce((select array_agg(distinct sq.qualification) from signalement_qualification sq where sq.signalement_id = s.id and sq.status <> 'ARCHIVED'), '{}')`.as(
        'procedures',
      ),
    ]);
  if ('id' in where) query = query.where('s.id', '=', where.id);
  else {
    query = query.where('s.reference', '=', where.reference);
    if (where.territoireIds !== 'all') {
      if (!where.territoireIds.length) return undefined;
      query = query.where('s.territoireId', 'in', where.territoireIds);
    }
  }
  const s = await query.executeTakeFirst();
  if (!s) return undefined;
  return {
    id: s.id,
    reference: s.reference,
    territoireId: s.territoireId,
    statut: s.statut,
    isLogementVacant: s.isLogementVacant,
    facts: {
      profileDeclarant: s.profileDeclarant,
      insee: s.inseeOccupant,
      isLogementSocial: s.isLogementSocial,
      isAllocataire: s.isAllocataire,
      procedures: s.procedures ?? [],
      lat: num(s.geolocLat),
      lng: num(s.geolocLng),
    },
  };
}

export async function territoireAutoEnabled(q: Q, territoireId: number): Promise<boolean> {
  const t = await q
    .selectFrom('territoire')
    .select('isAutoAffectationEnabled')
    .where('id', '=', territoireId)
    .executeTakeFirst();
  return t?.isAutoAffectationEnabled ?? false;
}
