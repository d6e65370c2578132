import { type ExpressionBuilder, sql } from 'kysely';
import { HIDDEN_STATUSES, type Principal, signalementScope } from '../../domain/policy.ts';
import type { AffectationStatus } from '../../domain/statuts.ts';
import type { DB } from '../../infra/db/schema.ts';

export interface ScopeNarrowing {
  /**
   * Partner scopes only: keep the dossiers whose affectation to one of the user's own partners has one of these
   * statuses (the list's affectation status filter for an agent). Folded into the scope's EXISTS rather than
   * added as a second EXISTS over the same affectations, so that PostgreSQL sees one condition it can estimate
   * (two correlated ones made it underestimate the rows 25-fold and sort every match of a partner instead of
   * walking an index). Other scopes are not narrowed: their callers filter affectations their own way.
   */
  ownAffectationStatuts?: readonly AffectationStatus[];
}

/**
 * SQL filter implementing the view scope of src/domain/policy.ts on a query over `signalement as s`.
 * Every list, count and page of dossiers goes through it, so no query can forget the permission rule.
 * A narrowing only ever removes dossiers from the scope.
 */
export function visibleTo(p: Principal, narrowing: ScopeNarrowing = {}) {
  const scope = signalementScope(p);
  const ownStatuts = narrowing.ownAffectationStatuts ?? [];
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
              .where('a.partenaireId', 'in', scope.partenaireIds)
              .$if(ownStatuts.length > 0, (w) => w.where('a.statut', 'in', ownStatuts)),
          ),
        ]);
      default:
        return sql<boolean>`false`;
    }
  };
}
