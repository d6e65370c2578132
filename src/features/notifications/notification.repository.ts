import { type Kysely, sql } from 'kysely';
import type { DB } from '../../infra/db/schema.ts';

/** All SQL of notifications: recipients, in-app rows, the list, marking, digest and purge. */

type Db = Kysely<DB>;

export type NotificationPreference = 'EACH' | 'DIGEST' | 'NONE';

export interface Recipient {
  id: number;
  email: string;
  notificationPreference: NotificationPreference;
  isMailingActive: boolean;
}

const recipientColumns = ['u.id', 'u.email', 'u.notificationPreference', 'u.isMailingActive'] as const;

export async function loadSignalementFacts(db: Db, signalementId: number) {
  return db
    .selectFrom('signalement')
    .select([
      'id',
      'uuid',
      'reference',
      'codeSuivi',
      'territoireId',
      'statut',
      'villeOccupant',
      'isLogementVacant',
      'declarantEmail',
      'occupantEmail',
    ])
    .where('id', '=', signalementId)
    .executeTakeFirst();
}

export async function partenaireNomOfAffectation(db: Db, affectationId: number): Promise<string | null> {
  const row = await db
    .selectFrom('affectation as a')
    .innerJoin('partenaire as p', 'p.id', 'a.partenaireId')
    .select('p.nom')
    .where('a.id', '=', affectationId)
    .executeTakeFirst();
  return row?.nom ?? null;
}

export async function userName(db: Db, userId: number): Promise<string | null> {
  const u = await db
    .selectFrom('utilisateur')
    .select(['prenom', 'nom'])
    .where('id', '=', userId)
    .executeTakeFirst();
  const name = u ? `${u.prenom} ${u.nom}`.trim() : '';
  return name || null;
}

export async function subscribersOf(db: Db, signalementId: number): Promise<Recipient[]> {
  return db
    .selectFrom('abonnement as a')
    .innerJoin('utilisateur as u', 'u.id', 'a.utilisateurId')
    .select(recipientColumns)
    .where('a.signalementId', '=', signalementId)
    .where('u.statut', '=', 'ACTIVE')
    .where('u.role', '!=', 'ROLE_API_USER')
    .execute();
}

/** Active responsables de territoire having a non-archived partner in the territory. */
export async function responsablesOf(db: Db, territoireId: number): Promise<Recipient[]> {
  return db
    .selectFrom('utilisateur as u')
    .select(recipientColumns)
    .where('u.role', '=', 'ROLE_ADMIN_TERRITORY')
    .where('u.statut', '=', 'ACTIVE')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('utilisateurPartenaire as up')
          .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
          .select(sql`1`.as('one'))
          .whereRef('up.utilisateurId', '=', 'u.id')
          .where('p.territoireId', '=', territoireId)
          .where('p.isArchive', '=', false),
      ),
    )
    .execute();
}

/** Active agents of these partners (not the super admins or responsables, who hear through their own rules). */
export async function agentsOfPartenaires(db: Db, partenaireIds: readonly number[]): Promise<Recipient[]> {
  if (!partenaireIds.length) return [];
  return db
    .selectFrom('utilisateurPartenaire as up')
    .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
    .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
    .select(recipientColumns)
    .where('up.partenaireId', 'in', [...partenaireIds])
    .where('p.isArchive', '=', false)
    .where('u.statut', '=', 'ACTIVE')
    .where('u.role', 'in', ['ROLE_ADMIN_PARTNER', 'ROLE_USER_PARTNER'])
    .execute();
}

export async function activeUsers(db: Db, ids: readonly number[]): Promise<Recipient[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('utilisateur as u')
    .select(recipientColumns)
    .where('u.id', 'in', [...ids])
    .where('u.statut', '=', 'ACTIVE')
    .where('u.role', '!=', 'ROLE_API_USER')
    .execute();
}

/**
 * Generic mailboxes of the partners that accept notifications (not archived), except partners the actor
 * belongs to: they already know.
 */
export async function partnerMailboxes(
  db: Db,
  partenaireIds: readonly number[],
  actorId: number | null,
): Promise<string[]> {
  if (!partenaireIds.length) return [];
  let q = db
    .selectFrom('partenaire as p')
    .select('p.email')
    .where('p.id', 'in', [...partenaireIds])
    .where('p.isArchive', '=', false)
    .where('p.emailNotifiable', '=', true)
    .where('p.email', 'is not', null);
  if (actorId !== null) {
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('utilisateurPartenaire as up')
            .select(sql`1`.as('one'))
            .whereRef('up.partenaireId', '=', 'p.id')
            .where('up.utilisateurId', '=', actorId),
        ),
      ),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => r.email).filter((e): e is string => !!e);
}

export interface NewNotification {
  utilisateurId: number;
  type: string;
  signalementId: number;
  suiviId: number | null;
  affectationId: number | null;
  description: string;
  waitMailingSummary: boolean;
}

export async function insertNotifications(db: Db, rows: readonly NewNotification[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('notification')
    .values(rows.map((r) => ({ ...r, createdAt: new Date() })))
    .execute();
}

// ---- In-app list ----

export interface NotificationRow {
  uuid: string;
  type: string;
  description: string | null;
  isSeen: boolean;
  createdAt: Date;
  signalementUuid: string | null;
  reference: string | null;
}

export function createNotificationRepository(db: Db) {
  return {
    /** Unread count for the header: stops counting at `cap` (the header shows "99+"). */
    async unreadCount(userId: number, cap = 100): Promise<number> {
      const row = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('notification')
            .select(sql`1`.as('one'))
            .where('utilisateurId', '=', userId)
            .where('isSeen', '=', false)
            .limit(cap)
            .as('n'),
        )
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async page(userId: number, page: number, pageSize: number) {
      const totals = await db
        .selectFrom('notification')
        .select((eb) => [
          eb.fn.countAll<string>().as('total'),
          eb.fn.count<string>('id').filterWhere('isSeen', '=', false).as('unread'),
        ])
        .where('utilisateurId', '=', userId)
        .executeTakeFirstOrThrow();
      const total = Number(totals.total);
      const pageCount = Math.max(1, Math.ceil(total / pageSize));
      const current = Math.min(Math.max(1, page), pageCount);
      const rows: NotificationRow[] = await db
        .selectFrom('notification as n')
        .leftJoin('signalement as s', 's.id', 'n.signalementId')
        .select([
          'n.uuid',
          'n.type',
          'n.description',
          'n.isSeen',
          'n.createdAt',
          's.uuid as signalementUuid',
          's.reference',
        ])
        .where('n.utilisateurId', '=', userId)
        .orderBy('n.createdAt', 'desc')
        .orderBy('n.id', 'desc')
        .limit(pageSize)
        .offset((current - 1) * pageSize)
        .execute();
      return { rows, total, unread: Number(totals.unread), page: current, pageCount };
    },

    /** Marks one of the user's notifications read; undefined when it is not theirs (or does not exist). */
    async markSeen(userId: number, uuid: string): Promise<{ signalementUuid: string | null } | undefined> {
      const found = await db
        .selectFrom('notification as n')
        .leftJoin('signalement as s', 's.id', 'n.signalementId')
        .select(['n.id', 'n.isSeen', 's.uuid as signalementUuid'])
        .where('n.uuid', '=', uuid)
        .where('n.utilisateurId', '=', userId)
        .executeTakeFirst();
      if (!found) return undefined;
      if (!found.isSeen) {
        await db
          .updateTable('notification')
          .set({ isSeen: true, seenAt: new Date() })
          .where('id', '=', found.id)
          .execute();
      }
      return { signalementUuid: found.signalementUuid };
    },

    async markAllSeen(userId: number): Promise<number> {
      const res = await db
        .updateTable('notification')
        .set({ isSeen: true, seenAt: new Date() })
        .where('utilisateurId', '=', userId)
        .where('isSeen', '=', false)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    /** For the dossier page: opening a dossier marks the user's notifications about it as read. */
    async markSeenForSignalement(userId: number, signalementId: number): Promise<void> {
      await db
        .updateTable('notification')
        .set({ isSeen: true, seenAt: new Date() })
        .where('utilisateurId', '=', userId)
        .where('signalementId', '=', signalementId)
        .where('isSeen', '=', false)
        .execute();
    },

    /**
     * `markSeenForSignalement` then `unreadCount`, in one statement (the dossier page). Every part of a
     * statement sees the same snapshot, so the count leaves out the rows the update has just marked.
     */
    async markSeenForSignalementAndCount(userId: number, signalementId: number, cap = 100): Promise<number> {
      const row = await db
        .with('seen', (qb) =>
          qb
            .updateTable('notification')
            .set({ isSeen: true, seenAt: new Date() })
            .where('utilisateurId', '=', userId)
            .where('signalementId', '=', signalementId)
            .where('isSeen', '=', false)
            .returning('id'),
        )
        .selectFrom((eb) =>
          eb
            .selectFrom('notification as n')
            .select(sql`1`.as('one'))
            .where('n.utilisateurId', '=', userId)
            .where('n.isSeen', '=', false)
            .where((w) =>
              w.not(w.exists(w.selectFrom('seen').select('seen.id').whereRef('seen.id', '=', 'n.id'))),
            )
            .limit(cap)
            .as('u'),
        )
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;

// ---- Jobs ----

/** Users with notifications waiting for the daily digest. */
export async function usersWaitingDigest(db: Db) {
  return db
    .selectFrom('notification as n')
    .innerJoin('utilisateur as u', 'u.id', 'n.utilisateurId')
    .select(['u.id', 'u.email', 'u.statut', 'u.isMailingActive', 'u.notificationPreference'])
    .distinct()
    .where('n.waitMailingSummary', '=', true)
    .orderBy('u.id')
    .execute();
}

export async function waitingDigestItems(db: Db, userId: number) {
  return db
    .selectFrom('notification as n')
    .leftJoin('signalement as s', 's.id', 'n.signalementId')
    .select(['n.id', 'n.description', 'n.isSeen', 'n.createdAt', 's.reference'])
    .where('n.utilisateurId', '=', userId)
    .where('n.waitMailingSummary', '=', true)
    .orderBy('n.createdAt')
    .orderBy('n.id')
    .execute();
}

export async function markDigestSent(db: Db, ids: readonly number[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('notification')
    .set({ waitMailingSummary: false, mailingSummarySentAt: at })
    .where('id', 'in', [...ids])
    .execute();
}

export async function deleteNotificationsBefore(db: Db, cutoff: Date): Promise<number> {
  const res = await db.deleteFrom('notification').where('createdAt', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
}
