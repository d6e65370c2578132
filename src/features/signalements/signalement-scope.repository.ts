import { type ExpressionBuilder, sql } from 'kysely';
import { HIDDEN_STATUSES, type Principal, signalementScope } from '../../domain/policy.ts';
import type { DB } from '../../infra/db/schema.ts';

/**
 * SQL filter implementing the view scope of src/domain/policy.ts on a query over `signalement as s`.
 * Every list, count and page of dossiers goes through it, so no query can forget the permission rule.
 */
export function visibleTo(p: Principal) {
  const scope = signalementScope(p);
  return (eb: ExpressionBuilder<DB & { s: DB['signalement'] }, 's'>) => {
    const notHidden = eb('s.statut', 'not in', [...HIDDEN_STATUSES]);
    switch (scope.kind) {
      case 'all':
        return notHidden;
      case 'territoires':
        return eb.and([notHidden, eb('s.territoireId', 'in', scope.territoireIds)]);
      case 'partenaires':
        return eb.and([
          notHidden,
          eb.exists(
            eb
              .selectFrom('affectation as a')
              .select(sql`1`.as('one'))
              .whereRef('a.signalementId', '=', 's.id')
              .where('a.partenaireId', 'in', scope.partenaireIds),
          ),
        ]);
      default:
        return sql<boolean>`false`;
    }
  };
}
