import { type Kysely, sql, type Transaction } from 'kysely';
import type { AffectationStatus, DB, SignalementStatus } from '../../infra/db/schema.ts';

/**
 * SQL of the back-office workflow. Every write takes the caller's transaction (PGlite has one connection:
 * never the root `db` inside a transaction). Status changes carry the expected current status in their
 * WHERE clause and return whether a row changed: the loser of two simultaneous actions changes nothing.
 */
type Q = Kysely<DB> | Transaction<DB>;

export interface SuiviInsert {
  signalementId: number;
  createdById: number | null;
  partenaireId: number | null;
  description: string;
  isVisibleForUsager: boolean;
  type: number;
  category: string;
  waitingNotification?: boolean;
  createdAt: Date;
}

export interface AffectablePartenaire {
  id: number;
  nom: string;
  type: string;
  competences: string[];
}

export async function updateSignalementStatus(
  q: Q,
  id: number,
  from: readonly SignalementStatus[],
  set: {
    statut: SignalementStatus;
    validatedAt?: Date | null;
    closedAt?: Date | null;
    closedById?: number | null;
    motifCloture?: string | null;
    comCloture?: string | null;
    motifRefus?: string | null;
  },
  now: Date,
): Promise<boolean> {
  const res = await q
    .updateTable('signalement')
    .set({ ...set, updatedAt: now })
    .where('id', '=', id)
    .where('statut', 'in', [...from])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function updateAffectationStatus(
  q: Q,
  id: number,
  from: AffectationStatus,
  set: {
    statut: AffectationStatus;
    answeredAt?: Date | null;
    answeredById?: number | null;
    motifRefus?: string | null;
    motifCloture?: string | null;
    precisionsCloture?: string | null;
  },
): Promise<boolean> {
  const res = await q
    .updateTable('affectation')
    .set(set)
    .where('id', '=', id)
    .where('statut', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function listAffectations(q: Q, signalementId: number) {
  return q
    .selectFrom('affectation as a')
    .innerJoin('partenaire as p', 'p.id', 'a.partenaireId')
    .select(['a.id', 'a.uuid', 'a.partenaireId', 'a.statut', 'a.isSynchronized', 'p.nom as partenaireNom'])
    .where('a.signalementId', '=', signalementId)
    .orderBy('a.id')
    .execute();
}

/** Closes every affectation still open on the partner side (close for all); returns the ones closed. */
export async function closeOpenAffectations(
  q: Q,
  signalementId: number,
  set: { motifCloture: string; answeredAt: Date; answeredById: number },
) {
  const before = await q
    .selectFrom('affectation')
    .select(['id', 'partenaireId', 'statut'])
    .where('signalementId', '=', signalementId)
    .where('statut', 'not in', ['FERME', 'REFUSE'])
    .execute();
  if (before.length) {
    await q
      .updateTable('affectation')
      .set({ statut: 'FERME', ...set })
      .where(
        'id',
        'in',
        before.map((a) => a.id),
      )
      .execute();
  }
  return before;
}

/** Reopen for all: every affectation back to NOUVEAU; returns the previous statuses of those changed. */
export async function resetAffectations(q: Q, signalementId: number) {
  const before = await q
    .selectFrom('affectation')
    .select(['id', 'partenaireId', 'statut'])
    .where('signalementId', '=', signalementId)
    .where('statut', '!=', 'NOUVEAU')
    .execute();
  if (before.length) {
    await q
      .updateTable('affectation')
      .set({ statut: 'NOUVEAU', answeredAt: null, answeredById: null, motifCloture: null, motifRefus: null })
      .where(
        'id',
        'in',
        before.map((a) => a.id),
      )
      .execute();
  }
  return before;
}

export async function insertAffectation(
  q: Q,
  v: { signalementId: number; partenaireId: number; territoireId: number; affectedById: number; now: Date },
): Promise<number | undefined> {
  const row = await q
    .insertInto('affectation')
    .values({
      signalementId: v.signalementId,
      partenaireId: v.partenaireId,
      territoireId: v.territoireId,
      affectedById: v.affectedById,
      statut: 'NOUVEAU',
      createdAt: v.now,
    })
    .onConflict((oc) => oc.columns(['signalementId', 'partenaireId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function deleteAffectation(q: Q, signalementId: number, partenaireId: number) {
  return q
    .deleteFrom('affectation')
    .where('signalementId', '=', signalementId)
    .where('partenaireId', '=', partenaireId)
    .returning(['id', 'statut'])
    .executeTakeFirst();
}

export async function deleteWaitingAffectations(q: Q, signalementId: number) {
  await q
    .deleteFrom('affectation')
    .where('signalementId', '=', signalementId)
    .where('statut', '=', 'NOUVEAU')
    .execute();
}

export async function deleteNotificationsOf(q: Q, signalementId: number) {
  await q.deleteFrom('notification').where('signalementId', '=', signalementId).execute();
}

/**
 * Partners that may be affected to a dossier (spec §6.6): not archived, of the dossier's territory, and
 * whose perimeter covers the dwelling's commune — its INSEE list holds the code, or one of its EPCI holds a
 * commune with that code, or it has neither (the whole territory). Sorted by name.
 */
export async function affectablePartenaires(
  q: Q,
  territoireId: number,
  insee: string | null,
): Promise<AffectablePartenaire[]> {
  return q
    .selectFrom('partenaire as p')
    .select(['p.id', 'p.nom', 'p.type', 'p.competences'])
    .where('p.territoireId', '=', territoireId)
    .where('p.isArchive', '=', false)
    .where((eb) => {
      const hasEpci = eb.exists(
        eb
          .selectFrom('partenaireEpci as pe')
          .select(sql`1`.as('one'))
          .whereRef('pe.partenaireId', '=', 'p.id'),
      );
      const wholeTerritory = eb.and([sql<boolean>`cardinality(p.insee) = 0`, eb.not(hasEpci)]);
      if (!insee) return wholeTerritory;
      return eb.or([
        wholeTerritory,
        sql<boolean>`${insee} = any(p.insee)`,
        eb.exists(
          eb
            .selectFrom('partenaireEpci as pe')
            .innerJoin('commune as c', 'c.epciId', 'pe.epciId')
            .select(sql`1`.as('one'))
            .whereRef('pe.partenaireId', '=', 'p.id')
            .where('c.codeInsee', '=', insee),
        ),
      ]);
    })
    .orderBy('p.nom')
    .execute();
}

export async function partenaireNoms(q: Q, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await q.selectFrom('partenaire').select(['id', 'nom']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.nom]));
}

export async function insertSuivi(q: Q, v: SuiviInsert): Promise<{ id: number; uuid: string }> {
  const row = await q
    .insertInto('suivi')
    .values({
      signalementId: v.signalementId,
      createdById: v.createdById,
      partenaireId: v.partenaireId,
      description: v.description,
      isVisibleForUsager: v.isVisibleForUsager,
      type: v.type,
      category: v.category,
      waitingNotification: v.waitingNotification ?? false,
      createdAt: v.createdAt,
    })
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow();
  return row;
}

/** The denormalised "last activity" of the dossier, for the lists. */
export async function touchLastSuivi(
  q: Q,
  signalementId: number,
  v: { at: Date; by: string; isVisibleForUsager: boolean },
) {
  await q
    .updateTable('signalement')
    .set({ lastSuiviAt: v.at, lastSuiviBy: v.by, lastSuiviIsVisibleForUsager: v.isVisibleForUsager })
    .where('id', '=', signalementId)
    .execute();
}

export async function findSuivi(q: Q, signalementId: number, uuid: string) {
  return q
    .selectFrom('suivi')
    .select([
      'id',
      'uuid',
      'createdById',
      'category',
      'createdAt',
      'waitingNotification',
      'description',
      'isVisibleForUsager',
    ])
    .where('signalementId', '=', signalementId)
    .where('uuid', '=', uuid)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export async function updateSuiviText(q: Q, id: number, description: string, now: Date) {
  await q.updateTable('suivi').set({ description, updatedAt: now }).where('id', '=', id).execute();
}

export async function hardDeleteSuivi(q: Q, id: number) {
  await q.deleteFrom('suivi').where('id', '=', id).execute();
}

export async function softDeleteSuivi(q: Q, id: number, by: number, now: Date) {
  await q.updateTable('suivi').set({ deletedAt: now, deletedById: by }).where('id', '=', id).execute();
}

export async function hasSuiviOfCategory(q: Q, signalementId: number, category: string): Promise<boolean> {
  const row = await q
    .selectFrom('suivi')
    .select('id')
    .where('signalementId', '=', signalementId)
    .where('category', '=', category)
    .where('deletedAt', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertHistory(
  q: Q,
  v: {
    event: 'CREATE' | 'UPDATE' | 'DELETE';
    entityName: string;
    entityId: number | string;
    changes: Record<string, unknown>;
    signalementId: number;
    utilisateurId: number | null;
    now: Date;
  },
) {
  await q
    .insertInto('historyEntry')
    .values({
      event: v.event,
      entityName: v.entityName,
      entityId: String(v.entityId),
      changes: JSON.stringify(v.changes),
      source: 'back-office',
      signalementId: v.signalementId,
      utilisateurId: v.utilisateurId,
      createdAt: v.now,
    })
    .execute();
}

export async function subscribe(q: Q, signalementId: number, userIds: number[], by: number, now: Date) {
  if (!userIds.length) return [];
  const rows = await q
    .insertInto('abonnement')
    .values(
      [...new Set(userIds)].map((u) => ({
        utilisateurId: u,
        signalementId,
        createdById: by,
        createdAt: now,
      })),
    )
    .onConflict((oc) => oc.columns(['utilisateurId', 'signalementId']).doNothing())
    .returning('utilisateurId')
    .execute();
  return rows.map((r) => r.utilisateurId);
}

export async function unsubscribe(q: Q, signalementId: number, userId: number): Promise<boolean> {
  const res = await q
    .deleteFrom('abonnement')
    .where('signalementId', '=', signalementId)
    .where('utilisateurId', '=', userId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function isSubscribed(q: Q, signalementId: number, userId: number): Promise<boolean> {
  const row = await q
    .selectFrom('abonnement')
    .select('id')
    .where('signalementId', '=', signalementId)
    .where('utilisateurId', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Subscriptions of agents of these partners (responsables and super admins keep theirs). */
export async function unsubscribePartnerAgents(q: Q, signalementId: number, partenaireIds: number[]) {
  if (!partenaireIds.length) return;
  await q
    .deleteFrom('abonnement')
    .where('signalementId', '=', signalementId)
    .where('utilisateurId', 'in', (eb) =>
      eb
        .selectFrom('utilisateurPartenaire as up')
        .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
        .select('up.utilisateurId')
        .where('up.partenaireId', 'in', partenaireIds)
        .where('u.role', 'in', ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER']),
    )
    .execute();
}

/** Every subscription except those of responsables de territoire (close for all). */
export async function unsubscribeAllButResponsables(q: Q, signalementId: number) {
  await q
    .deleteFrom('abonnement')
    .where('signalementId', '=', signalementId)
    .where('utilisateurId', 'in', (eb) =>
      eb.selectFrom('utilisateur').select('id').where('role', '!=', 'ROLE_ADMIN_TERRITORY'),
    )
    .execute();
}

/** Active colleagues of a partner (agents and partner admins), the acting user left out. */
export async function colleaguesOf(q: Q, partenaireId: number, exceptUserId: number) {
  return q
    .selectFrom('utilisateurPartenaire as up')
    .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
    .select(['u.id', 'u.prenom', 'u.nom', 'u.email'])
    .where('up.partenaireId', '=', partenaireId)
    .where('u.statut', '=', 'ACTIVE')
    .where('u.id', '!=', exceptUserId)
    .where('u.role', 'in', ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER'])
    .orderBy('u.nom')
    .orderBy('u.prenom')
    .execute();
}

/** How many users of the partner follow the dossier. */
export async function partnerSubscriberCount(q: Q, signalementId: number, partenaireId: number) {
  const row = await q
    .selectFrom('abonnement as ab')
    .innerJoin('utilisateurPartenaire as up', 'up.utilisateurId', 'ab.utilisateurId')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('ab.signalementId', '=', signalementId)
    .where('up.partenaireId', '=', partenaireId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function signalementFacts(q: Q, id: number) {
  return q
    .selectFrom('signalement')
    .select(['id', 'uuid', 'reference', 'statut', 'territoireId', 'inseeOccupant', 'isLogementVacant'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function insertFichier(
  q: Q,
  v: {
    signalementId: number;
    storageKey: string;
    variants: Record<string, string>;
    filename: string;
    title: string;
    extension: string;
    mimeType: string;
    size: number;
    documentType: string;
    isVisibleForUsager: boolean;
    uploadedById: number;
    partenaireId: number | null;
    datePriseDeVue: string | null;
    now: Date;
  },
) {
  return q
    .insertInto('fichier')
    .values({
      signalementId: v.signalementId,
      storageKey: v.storageKey,
      variants: JSON.stringify(v.variants),
      filename: v.filename,
      title: v.title,
      extension: v.extension,
      mimeType: v.mimeType,
      size: v.size,
      documentType: v.documentType,
      isVisibleForUsager: v.isVisibleForUsager,
      uploadedById: v.uploadedById,
      partenaireId: v.partenaireId,
      datePriseDeVue: v.datePriseDeVue,
      createdAt: v.now,
    })
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow();
}

export async function linkSuiviFichiers(q: Q, suiviId: number, fichierIds: number[]) {
  if (!fichierIds.length) return;
  await q
    .insertInto('suiviFichier')
    .values(fichierIds.map((fichierId) => ({ suiviId, fichierId })))
    .execute();
}

export async function findFichier(q: Q, signalementId: number, uuid: string) {
  return q
    .selectFrom('fichier as f')
    .leftJoin('partenaire as p', 'p.id', 'f.partenaireId')
    .select([
      'f.id',
      'f.uuid',
      'f.title',
      'f.storageKey',
      'f.variants',
      'f.documentType',
      'f.uploadedById',
      'f.uploadedByUsager',
      'p.territoireId as partenaireTerritoireId',
    ])
    .where('f.signalementId', '=', signalementId)
    .where('f.uuid', '=', uuid)
    .executeTakeFirst();
}

export async function deleteFichier(q: Q, id: number) {
  const res = await q.deleteFrom('fichier').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

export async function userNames(q: Q, ids: number[]) {
  if (!ids.length) return [];
  return q.selectFrom('utilisateur').select(['id', 'prenom', 'nom']).where('id', 'in', ids).execute();
}
