import { sql } from 'kysely';
import { HIDDEN_STATUSES, type Principal, signalementScope } from '../../domain/policy.ts';
import type { Db } from '../../infra/db/database.ts';
import type { Cache } from '../../infra/state-store.ts';
import { visibleTo } from '../signalements/signalement-scope.repository.ts';

export interface DashboardCounts {
  total: number;
  nouveaux: number;
  enCours: number;
  fermes: number;
}

/**
 * Counts are shared by everyone with the same scope (all, a set of territories, a set of partners) and cached
 * briefly, as the original service does for its indicators: recounting 100 000 dossiers on every visit of the
 * home page is what made it slow under load (npm run bench).
 */
export const COUNTS_TTL_MS = 60_000;

export function createDashboardRepository(db: Db, cache?: Cache) {
  async function countNow(p: Principal): Promise<DashboardCounts> {
    const scope = signalementScope(p);
    const aggregates = [
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) filter (where s.statut = 'NEED_VALIDATION')`.as('nouveaux'),
      sql<number>`count(*) filter (where s.statut = 'ACTIVE')`.as('enCours'),
      sql<number>`count(*) filter (where s.statut = 'CLOSED')`.as('fermes'),
    ];
    // For agents, start from their partners' affectations (indexed) rather than scanning every dossier.
    const row =
      scope.kind === 'partenaires'
        ? await db
            .selectFrom((eb) =>
              eb
                .selectFrom('affectation as a')
                .innerJoin('signalement as s', 's.id', 'a.signalementId')
                .where('a.partenaireId', 'in', scope.partenaireIds)
                .where('s.statut', 'not in', [...HIDDEN_STATUSES])
                .select(['s.id', 's.statut'])
                .distinct()
                .as('s'),
            )
            .select(aggregates)
            .executeTakeFirstOrThrow()
        : await db
            .selectFrom('signalement as s')
            .where(visibleTo(p))
            .select(aggregates)
            .executeTakeFirstOrThrow();
    return {
      total: Number(row.total),
      nouveaux: Number(row.nouveaux),
      enCours: Number(row.enCours),
      fermes: Number(row.fermes),
    };
  }

  return {
    countNow,
    async counts(p: Principal): Promise<DashboardCounts> {
      if (!cache) return countNow(p);
      const scope = signalementScope(p);
      const key = `dashboard:counts:${JSON.stringify(scope)}`;
      const cached = await cache.get<DashboardCounts>(key);
      if (cached) return cached;
      const fresh = await countNow(p);
      await cache.set(key, fresh, COUNTS_TTL_MS);
      return fresh;
    },
  };
}
