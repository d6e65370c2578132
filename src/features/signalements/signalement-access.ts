import { sql } from 'kysely';
import {
  decide,
  type PolicyAction,
  type PolicyAffectation,
  type PolicyTarget,
  type Principal,
} from '../../domain/policy.ts';
import { type Db, hotStatement } from '../../infra/db/database.ts';
import { forbidden, notFound } from '../../infra/errors.ts';

export interface SignalementAccess {
  id: number;
  uuid: string;
  target: PolicyTarget;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function policyTargetStatement(db: Db, uuid: string) {
  return db
    .selectFrom('signalement as s')
    .select(['s.id', 's.uuid', 's.statut', 's.territoireId'])
    .select(
      sql<PolicyAffectation[]>`coalesce((
        select json_agg(json_build_object(
          'partenaireId', a.partenaire_id, 'statut', a.statut, 'isSynchronized', a.is_synchronized))
        from affectation a where a.signalement_id = s.id), '[]'::json)`.as('affectations'),
    )
    .where('s.uuid', '=', uuid);
}

/** Every dossier page and action starts here: one hot statement, run with the uuid. */
const policyTarget = hotStatement(policyTargetStatement, '00000000-0000-0000-0000-000000000000');

/** What the permission policy needs to know about one dossier: status, territory and every affectation. */
export async function loadPolicyTarget(db: Db, uuid: string): Promise<SignalementAccess | undefined> {
  if (!UUID.test(uuid)) return undefined;
  const [s] = await policyTarget(db, uuid);
  if (!s) return undefined;
  return {
    id: s.id,
    uuid: s.uuid,
    target: { statut: s.statut, territoireId: s.territoireId, affectations: s.affectations },
  };
}

/**
 * The one entry point services use before touching a dossier: a dossier the user may not see does not exist
 * for them (404, never its data); a visible one they may not act on answers 403 with a French message.
 */
export async function authorizeSignalement(
  db: Db,
  principal: Principal,
  action: PolicyAction,
  uuid: string,
  extra: Partial<PolicyTarget> = {},
): Promise<SignalementAccess> {
  const access = await loadPolicyTarget(db, uuid);
  if (!access) throw notFound();
  const decision = decide(principal, action, { ...access.target, ...extra });
  if (decision === 'NOT_FOUND') throw notFound();
  if (decision === 'FORBIDDEN') throw forbidden();
  return access;
}
