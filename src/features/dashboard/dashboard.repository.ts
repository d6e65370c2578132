import { sql } from 'kysely';
import type { Principal } from '../../domain/policy.ts';
import type { Db } from '../../infra/db/database.ts';
import { visibleTo } from '../signalements/signalement-scope.repository.ts';

export interface DashboardCounts {
  total: number;
  nouveaux: number;
  enCours: number;
  fermes: number;
}

export function createDashboardRepository(db: Db) {
  return {
    async counts(p: Principal): Promise<DashboardCounts> {
      const row = await db
        .selectFrom('signalement as s')
        .where(visibleTo(p))
        .select([
          sql<number>`count(*)`.as('total'),
          sql<number>`count(*) filter (where s.statut = 'NEED_VALIDATION')`.as('nouveaux'),
          sql<number>`count(*) filter (where s.statut = 'ACTIVE')`.as('enCours'),
          sql<number>`count(*) filter (where s.statut = 'CLOSED')`.as('fermes'),
        ])
        .executeTakeFirstOrThrow();
      return {
        total: Number(row.total),
        nouveaux: Number(row.nouveaux),
        enCours: Number(row.enCours),
        fermes: Number(row.fermes),
      };
    },
  };
}
