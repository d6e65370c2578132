/**
 * Automatic assignment at submission (spec domain §3.1 row 1b, §6.10). Runs inside the caller's transaction.
 *
 * When the dossier's territory has automatic assignment switched on and its active rules pick at least one
 * partner: the dossier becomes ACTIVE (validated by the platform), a suivi visible to the usager says so, one
 * affectation NOUVEAU is created per partner (history entries), the territory's responsables are subscribed,
 * and the partners (and the usager) are notified. Otherwise nothing changes: the caller notifies the
 * responsables of a new dossier as usual.
 *
 * Coordinates are known at submission only when the person picked an address among the suggestions; a typed
 * address is geocoded later (job) and the rules are not run again then. Without coordinates INSEE-based
 * criteria apply, and rules or partner perimeters relying only on zones cannot match (see
 * src/domain/auto-affectation.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import {
  type AutoAffectationResult,
  evaluateAutoAffectation,
  type SignalementFacts,
} from '../../domain/auto-affectation.ts';
import { suiviTypeOf } from '../../domain/statuts.ts';
import type { DB } from '../../infra/db/schema.ts';
import { listZones } from '../admin-zones/zones.repository.ts';
import { responsablesOf } from '../notifications/notification.repository.ts';
import { type NotifyDeps, notify } from '../notifications/notify.service.ts';
import {
  candidatePartners,
  listRules,
  signalementForRules,
  territoireAutoEnabled,
} from './regles.repository.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface AutoAffectationOutcome {
  applied: boolean;
  partenaireIds: number[];
}

/** What the territory's rules decide for these facts (used by the simulator and at submission). */
export async function simulateAutoAffectation(
  q: Q,
  territoireId: number,
  facts: SignalementFacts,
): Promise<AutoAffectationResult> {
  const [rules, partners, zones] = await Promise.all([
    listRules(q, territoireId),
    candidatePartners(q, territoireId),
    listZones(q, territoireId),
  ]);
  return evaluateAutoAffectation({ facts, rules, partners, zones });
}

export async function applyAutoAffectation(
  trx: Transaction<DB>,
  deps: NotifyDeps,
  signalementId: number,
  now: Date = new Date(),
): Promise<AutoAffectationOutcome> {
  const none = { applied: false, partenaireIds: [] };
  const s = await signalementForRules(trx, { id: signalementId });
  if (s?.statut !== 'NEED_VALIDATION') return none;
  if (!(await territoireAutoEnabled(trx, s.territoireId))) return none;
  // Sequential reads: one connection (PGlite) per transaction.
  const rules = await listRules(trx, s.territoireId);
  const partners = await candidatePartners(trx, s.territoireId);
  const zones = await listZones(trx, s.territoireId);
  const result = evaluateAutoAffectation({ facts: s.facts, rules, partners, zones });
  if (!result.matchedPartnerIds.length) return none;

  const updated = await trx
    .updateTable('signalement')
    .set({ statut: 'ACTIVE', validatedAt: now, updatedAt: now })
    .where('id', '=', s.id)
    .where('statut', '=', 'NEED_VALIDATION')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return none;

  const visible = !s.isLogementVacant;
  const suivi = await trx
    .insertInto('suivi')
    .values({
      signalementId: s.id,
      createdById: null,
      partenaireId: null,
      description:
        'Le signalement a été validé automatiquement. Il a été transmis aux services qui peuvent agir sur ce logement.',
      isVisibleForUsager: visible,
      type: suiviTypeOf('SIGNALEMENT_IS_ACTIVE'),
      category: 'SIGNALEMENT_IS_ACTIVE',
      createdAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('signalement')
    .set({ lastSuiviAt: now, lastSuiviBy: 'Histologe', lastSuiviIsVisibleForUsager: visible })
    .where('id', '=', s.id)
    .execute();
  await trx
    .insertInto('historyEntry')
    .values({
      event: 'UPDATE',
      entityName: 'Signalement',
      entityId: String(s.id),
      changes: JSON.stringify({ statut: ['NEED_VALIDATION', 'ACTIVE'] }),
      source: 'auto-affectation',
      signalementId: s.id,
      createdAt: now,
    })
    .execute();

  const affected: { id: number; partenaireId: number }[] = [];
  for (const partenaireId of result.matchedPartnerIds) {
    const row = await trx
      .insertInto('affectation')
      .values({
        signalementId: s.id,
        partenaireId,
        territoireId: s.territoireId,
        statut: 'NOUVEAU',
        createdAt: now,
      })
      .onConflict((oc) => oc.columns(['signalementId', 'partenaireId']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    affected.push({ id: row.id, partenaireId });
    await trx
      .insertInto('historyEntry')
      .values({
        event: 'CREATE',
        entityName: 'Affectation',
        entityId: String(row.id),
        changes: JSON.stringify({ partenaireId: [null, partenaireId], statut: [null, 'NOUVEAU'] }),
        source: 'auto-affectation',
        signalementId: s.id,
        createdAt: now,
      })
      .execute();
  }

  const responsables = await responsablesOf(trx, s.territoireId);
  if (responsables.length) {
    await trx
      .insertInto('abonnement')
      .values(responsables.map((r) => ({ utilisateurId: r.id, signalementId: s.id, createdAt: now })))
      .onConflict((oc) => oc.columns(['utilisateurId', 'signalementId']).doNothing())
      .execute();
  }
  for (const a of affected) {
    await notify(trx, deps, {
      event: 'AFFECTATION_NOUVELLE',
      signalementId: s.id,
      affectationId: a.id,
      to: { partenaireIds: [a.partenaireId] },
      actorId: null,
    });
  }
  await notify(trx, deps, {
    event: 'SIGNALEMENT_VALIDE',
    signalementId: s.id,
    suiviId: suivi.id,
    to: { usager: visible },
    actorId: null,
  });
  return { applied: true, partenaireIds: affected.map((a) => a.partenaireId) };
}
