import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type Principal, signalementScope } from '../../domain/policy.ts';
import type { AffectationStatus } from '../../domain/statuts.ts';
import type { Db } from '../../infra/db/database.ts';
import type { DB } from '../../infra/db/schema.ts';
import type { Cache } from '../../infra/state-store.ts';
import { visibleTo } from '../signalements/signalement-scope.repository.ts';
import {
  communeCriterion,
  LIST_STATUTS,
  type ListFilters,
  type ListOptions,
  type ListStatut,
  PAGE_SIZE,
  REFERENCE_PATTERN,
} from './list.schema.ts';

/** The signed-in agent: the policy principal plus their id ("mes dossiers"). */
export type ListPrincipal = Principal & { id: number };

export interface ListRow {
  uuid: string;
  reference: string;
  statut: ListStatut;
  score: number;
  adresse: string;
  cp: string;
  ville: string;
  occupantNom: string | null;
  occupantPrenom: string | null;
  createdAt: Date;
  lastSuiviAt: Date | null;
  lastSuiviBy: string | null;
  affectations: { partenaireId: number; nom: string; statut: AffectationStatus }[];
  qualifications: { qualification: string; isPostVisite: boolean }[];
}

export interface ListPage {
  rows: ListRow[];
  total: number;
  page: number;
  pageCount: number;
}

type S = DB & { s: DB['signalement'] };
type Eb = ExpressionBuilder<S, 's'>;

/** Statuses a qualification badge or filter ignores (replaced, or checked and fine). */
const QUALIFICATION_IGNORED = ['ARCHIVED', 'NDE_OK'];

export const OPTIONS_TTL_MS = 60_000;
/** Totals of a filtered list are cached this long (the rows never are). */
export const COUNT_TTL_MS = 30_000;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Words of the search box, each matched (accent- and case-insensitive) anywhere in `search_text`. */
function searchWords(q: string): string[] {
  return [
    ...new Set(
      q
        .split(/\s+/)
        .map((w) => w.trim())
        .filter((w) => w.length > 0),
    ),
  ].slice(0, 6);
}

function ownPartnerIds(p: Principal): number[] | null {
  const scope = signalementScope(p);
  return scope.kind === 'partenaires' ? scope.partenaireIds : null;
}

/** Every filter, as one WHERE over `signalement as s`, always inside the user's scope. */
function applyFilters<O>(
  qb: SelectQueryBuilder<S, 's', O>,
  p: ListPrincipal,
  f: ListFilters,
): SelectQueryBuilder<S, 's', O> {
  const own = ownPartnerIds(p);
  // Agents: the affectation status filter means the status of their own partners' affectations, which is the
  // scope's own EXISTS narrowed (see ScopeNarrowing); responsables and admins filter on any affectation below.
  let q = qb
    .where(visibleTo(p, { ownAffectationStatuts: own !== null ? f.affectation : [] }))
    .where('s.statut', 'in', f.statut.length ? f.statut : [...LIST_STATUTS]);

  if (f.territoire !== undefined) q = q.where('s.territoireId', '=', f.territoire);

  if (f.commune) {
    const c = communeCriterion(f.commune);
    if (c.kind === 'code') {
      q = q.where((eb) => eb.or([eb('s.cpOccupant', '=', c.code), eb('s.inseeOccupant', '=', c.code)]));
    } else {
      const nom = likeEscape(c.nom.toLowerCase());
      // The trigram index on search_text narrows the rows; the second test keeps only the town itself.
      q = q
        .where(sql<boolean>`s.search_text like '%' || immutable_unaccent(${nom}) || '%'`)
        .where(
          sql<boolean>`immutable_unaccent(lower(s.ville_occupant)) like immutable_unaccent(${nom}) || '%'`,
        );
    }
  }

  if (f.partenaire.length) {
    // For a responsable the affectation status filter applies to the chosen partners' affectations.
    const statuses = own === null ? f.affectation : [];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('affectation as a')
          .select(sql`1`.as('one'))
          .whereRef('a.signalementId', '=', 's.id')
          .where('a.partenaireId', 'in', f.partenaire)
          .$if(statuses.length > 0, (w) => w.where('a.statut', 'in', statuses)),
      ),
    );
  }
  if (f.affectation.length && own === null && f.partenaire.length === 0) {
    // Responsables and admins without a partner filter: any affectation of the dossier.
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('affectation as a')
          .select(sql`1`.as('one'))
          .whereRef('a.signalementId', '=', 's.id')
          .where('a.statut', 'in', f.affectation),
      ),
    );
  }
  if (f.sansAffectation) {
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('affectation as a').select(sql`1`.as('one')).whereRef('a.signalementId', '=', 's.id'),
        ),
      ),
    );
  }

  if (f.du) q = q.where(sql<boolean>`s.created_at >= (${f.du}::date::timestamp at time zone 'Europe/Paris')`);
  if (f.au)
    q = q.where(sql<boolean>`s.created_at < ((${f.au}::date + 1)::timestamp at time zone 'Europe/Paris')`);
  if (f.scoreMin !== undefined) q = q.where(sql<boolean>`s.score >= ${f.scoreMin}`);
  if (f.scoreMax !== undefined) q = q.where(sql<boolean>`s.score <= ${f.scoreMax}`);

  if (f.procedure.length || f.constat) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('signalementQualification as sq')
          .select(sql`1`.as('one'))
          .whereRef('sq.signalementId', '=', 's.id')
          .where('sq.status', 'not in', QUALIFICATION_IGNORED)
          .$if(f.procedure.length > 0, (w) => w.where('sq.qualification', 'in', f.procedure))
          .$if(f.constat !== undefined, (w) => w.where('sq.isPostVisite', '=', f.constat === 'constatee')),
      ),
    );
  }

  if (f.tag.length) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('tagSignalement as ts')
          .select(sql`1`.as('one'))
          .whereRef('ts.signalementId', '=', 's.id')
          .where('ts.tagId', 'in', f.tag),
      ),
    );
  }

  if (f.mesDossiers) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('abonnement as ab')
          .select(sql`1`.as('one'))
          .whereRef('ab.signalementId', '=', 's.id')
          .where('ab.utilisateurId', '=', p.id),
      ),
    );
  }

  if (f.q) {
    const text = f.q.trim();
    if (REFERENCE_PATTERN.test(text)) {
      q = q.where('s.reference', '=', text);
    } else {
      for (const word of searchWords(text)) {
        const w = likeEscape(word.toLowerCase());
        q = q.where(sql<boolean>`s.search_text like '%' || immutable_unaccent(${w}) || '%'`);
      }
    }
  }
  return q;
}

function orderBy<O>(qb: SelectQueryBuilder<S, 's', O>, f: ListFilters): SelectQueryBuilder<S, 's', O> {
  const dir = f.ordre;
  switch (f.tri) {
    case 'score':
      return qb.orderBy('s.score', dir).orderBy('s.createdAt', 'desc').orderBy('s.id', 'desc');
    case 'reference':
      // Natural order: 2026-9 before 2026-10 (year, then number), whatever the territory.
      return qb
        .orderBy(sql`split_part(s.reference, '-', 1)`, dir)
        .orderBy(sql`lpad(split_part(s.reference, '-', 2), 12, '0')`, dir)
        .orderBy('s.id', dir);
    case 'activite':
      return qb.orderBy(sql`s.last_suivi_at ${sql.raw(dir)} nulls last`).orderBy('s.id', dir);
    default:
      return qb.orderBy('s.createdAt', dir).orderBy('s.id', dir);
  }
}

export function createListRepository(db: Db, cache?: Cache) {
  async function count(p: ListPrincipal, f: ListFilters): Promise<number> {
    const row = await applyFilters(db.selectFrom('signalement as s'), p, f)
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function cachedCount(p: ListPrincipal, f: ListFilters): Promise<number> {
    if (!cache) return count(p, f);
    const { page: _page, tri: _tri, ordre: _ordre, ...rest } = f;
    const key = `list:count:${JSON.stringify({
      scope: signalementScope(p),
      user: f.mesDossiers ? p.id : null,
      filters: rest,
    })}`;
    const cached = await cache.get<number>(key);
    if (cached !== undefined) return cached;
    const fresh = await count(p, f);
    await cache.set(key, fresh, COUNT_TTL_MS);
    return fresh;
  }

  async function rows(p: ListPrincipal, f: ListFilters, page: number): Promise<ListRow[]> {
    // Deferred join: filter, sort and cut the page on narrow columns first (index-only when an index covers
    // them), then read the 25 wide rows by primary key.
    const pageIds = orderBy(applyFilters(db.selectFrom('signalement as s'), p, f).select('s.id'), f)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    const q = db
      .selectFrom('signalement as s')
      .where('s.id', 'in', pageIds)
      .select([
        's.uuid',
        's.reference',
        's.statut',
        's.score',
        's.adresseOccupant',
        's.cpOccupant',
        's.villeOccupant',
        's.occupantNom',
        's.occupantPrenom',
        's.createdAt',
        's.lastSuiviAt',
        's.lastSuiviBy',
      ])
      .select((eb: Eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('affectation as a')
            .innerJoin('partenaire as pa', 'pa.id', 'a.partenaireId')
            .whereRef('a.signalementId', '=', 's.id')
            .select(['a.partenaireId', 'pa.nom', 'a.statut'])
            .orderBy('pa.nom'),
        ).as('affectations'),
        jsonArrayFrom(
          eb
            .selectFrom('signalementQualification as sq')
            .whereRef('sq.signalementId', '=', 's.id')
            .where('sq.status', 'not in', QUALIFICATION_IGNORED)
            .select(['sq.qualification', 'sq.isPostVisite'])
            .orderBy('sq.isPostVisite', 'desc')
            .orderBy('sq.qualification'),
        ).as('qualifications'),
      ]);
    const list = await orderBy(q, f).execute();
    return list.map((r) => ({
      uuid: r.uuid,
      reference: r.reference,
      statut: r.statut as ListStatut,
      score: Number(r.score),
      adresse: r.adresseOccupant,
      cp: r.cpOccupant,
      ville: r.villeOccupant,
      occupantNom: r.occupantNom,
      occupantPrenom: r.occupantPrenom,
      createdAt: new Date(r.createdAt),
      lastSuiviAt: r.lastSuiviAt ? new Date(r.lastSuiviAt) : null,
      lastSuiviBy: r.lastSuiviBy,
      // JSON built in SQL keeps the column names (snake_case): the CamelCasePlugin does not map them.
      affectations: (r.affectations as unknown as Record<string, unknown>[]).map((a) => ({
        partenaireId: Number(a.partenaire_id ?? a.partenaireId),
        nom: String(a.nom),
        statut: String(a.statut) as AffectationStatus,
      })),
      qualifications: (r.qualifications as unknown as Record<string, unknown>[]).map((q) => ({
        qualification: String(q.qualification),
        isPostVisite: Boolean(q.is_post_visite ?? q.isPostVisite),
      })),
    }));
  }

  async function optionsNow(p: Principal, territoire?: number): Promise<ListOptions> {
    const scope = signalementScope(p);
    if (scope.kind === 'none') return { territoires: [], partenaires: [], tags: [] };
    const sa = scope.kind === 'all';
    // Territories the user works in (a super admin: the one chosen, or all of them).
    const territoireIds = sa
      ? territoire !== undefined
        ? [territoire]
        : null
      : [...new Set(p.partenaires.map((x) => x.territoireId).filter((x): x is number => x !== null))];
    const territoires = sa
      ? (
          await db
            .selectFrom('territoire')
            .select(['id', 'code', 'nom'])
            .where('isActive', '=', true)
            .orderBy('code')
            .execute()
        ).map((t) => ({ id: t.id, label: `${t.code} – ${t.nom}` }))
      : [];
    if (territoireIds !== null && territoireIds.length === 0)
      return { territoires, partenaires: [], tags: [] };
    const partenaires = await db
      .selectFrom('partenaire')
      .select(['id', 'nom', 'territoireId', 'isArchive'])
      .$if(territoireIds !== null, (q) => q.where('territoireId', 'in', territoireIds ?? []))
      .$if(territoireIds === null, (q) => q.where('territoireId', 'is not', null))
      .orderBy('isArchive')
      .orderBy('nom')
      .execute();
    const tags = await db
      .selectFrom('tag')
      .select(['id', 'label'])
      .where('isArchive', '=', false)
      .$if(territoireIds !== null, (q) => q.where('territoireId', 'in', territoireIds ?? []))
      .orderBy('label')
      .execute();
    return {
      territoires,
      partenaires: partenaires.map((x) => ({
        id: x.id,
        nom: x.isArchive ? `${x.nom} (archivé)` : x.nom,
        territoireId: x.territoireId,
      })),
      tags: tags.map((t) => ({ id: t.id, label: t.label })),
    };
  }

  return {
    count,
    rows,
    optionsNow,

    /** Partners, tags and territories the user may filter on, cached briefly per scope. */
    async options(p: Principal, territoire?: number): Promise<ListOptions> {
      if (!cache) return optionsNow(p, territoire);
      const scope = signalementScope(p);
      const territoireIds = [...new Set(p.partenaires.map((x) => x.territoireId))].sort();
      const key = `list:options:${JSON.stringify({ scope, territoireIds, territoire: territoire ?? null })}`;
      const cached = await cache.get<ListOptions>(key);
      if (cached) return cached;
      const fresh = await optionsNow(p, territoire);
      await cache.set(key, fresh, OPTIONS_TTL_MS);
      return fresh;
    },

    /**
     * The page asked for (or the last one when it is past the end), with the total count. Counting is what
     * costs (every matching dossier), the rows are an index walk: a page that is not full gives the exact
     * total by itself; otherwise the count is cached briefly per scope and filters (see COUNT_TTL_MS), so
     * paging and re-sorting a result do not count it again.
     */
    async page(p: ListPrincipal, f: ListFilters): Promise<ListPage> {
      const list = await rows(p, f, f.page);
      const before = (f.page - 1) * PAGE_SIZE;
      if (list.length > 0 && list.length < PAGE_SIZE) {
        const total = before + list.length;
        return { rows: list, total, page: f.page, pageCount: Math.ceil(total / PAGE_SIZE) };
      }
      if (list.length === 0 && f.page === 1) return { rows: [], total: 0, page: 1, pageCount: 1 };
      let total = await cachedCount(p, f);
      // A cached count may be a little behind: never show fewer than the rows we have.
      if (list.length === PAGE_SIZE) total = Math.max(total, before + PAGE_SIZE);
      const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
      if (list.length === 0) {
        // Past the end (an old link): show the last page.
        const fresh = await count(p, f);
        const last = Math.max(1, Math.ceil(fresh / PAGE_SIZE));
        return { rows: fresh ? await rows(p, f, last) : [], total: fresh, page: last, pageCount: last };
      }
      return { rows: list, total, page: f.page, pageCount };
    },
  };
}

export type ListRepository = ReturnType<typeof createListRepository>;
