import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../infra/db/database.ts';
import type { AccountTokenPurpose, DB } from '../../infra/db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The only SQL of agent accounts: single-use tokens and the user's own fields. */
export function createAccountRepository(db: Q) {
  return {
    findUserById(id: number) {
      return db
        .selectFrom('utilisateur')
        .select([
          'id',
          'uuid',
          'email',
          'nom',
          'prenom',
          'role',
          'statut',
          'passwordHash',
          'notificationPreference',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    findUserByEmail(email: string) {
      return db
        .selectFrom('utilisateur')
        .select(['id', 'email', 'nom', 'prenom', 'role', 'statut'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
        .executeTakeFirst();
    },

    async emailTaken(email: string, exceptUserId: number): Promise<boolean> {
      const r = await db
        .selectFrom('utilisateur')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
        .where('id', '!=', exceptUserId)
        .executeTakeFirst();
      return Boolean(r);
    },

    /** Replaces any earlier unused token of the same purpose: only the latest link works. */
    async createToken(t: {
      utilisateurId: number;
      purpose: AccountTokenPurpose;
      tokenHash: string;
      expiresAt: Date;
      newEmail?: string | null;
    }) {
      await db
        .deleteFrom('accountToken')
        .where('utilisateurId', '=', t.utilisateurId)
        .where('purpose', '=', t.purpose)
        .where('usedAt', 'is', null)
        .execute();
      return db
        .insertInto('accountToken')
        .values({ ...t, newEmail: t.newEmail ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    findToken(tokenHash: string) {
      return db
        .selectFrom('accountToken as t')
        .innerJoin('utilisateur as u', 'u.id', 't.utilisateurId')
        .select([
          't.id',
          't.utilisateurId',
          't.purpose',
          't.newEmail',
          't.expiresAt',
          't.usedAt',
          't.attempts',
          'u.email',
          'u.statut',
          'u.role',
          'u.prenom',
          'u.nom',
        ])
        .where('t.tokenHash', '=', tokenHash)
        .executeTakeFirst();
    },

    latestToken(utilisateurId: number, purpose: AccountTokenPurpose) {
      return db
        .selectFrom('accountToken')
        .select(['id', 'tokenHash', 'expiresAt', 'usedAt', 'attempts'])
        .where('utilisateurId', '=', utilisateurId)
        .where('purpose', '=', purpose)
        .orderBy('id', 'desc')
        .executeTakeFirst();
    },

    /** Marks a token used; false when it was already used (two tabs, double click). */
    async useToken(id: number): Promise<boolean> {
      const r = await db
        .updateTable('accountToken')
        .set({ usedAt: new Date() })
        .where('id', '=', id)
        .where('usedAt', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async countAttempt(id: number): Promise<number> {
      const r = await db
        .updateTable('accountToken')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .returning('attempts')
        .executeTakeFirstOrThrow();
      return r.attempts;
    },

    async setPassword(userId: number, passwordHash: string, changedAt: Date, activate: boolean) {
      await db
        .updateTable('utilisateur')
        .set({
          passwordHash,
          passwordChangedAt: changedAt,
          updatedAt: changedAt,
          ...(activate ? { statut: 'ACTIVE' as const } : {}),
        })
        .where('id', '=', userId)
        .execute();
    },

    async updateNames(userId: number, names: { prenom: string; nom: string }) {
      await db
        .updateTable('utilisateur')
        .set({ ...names, updatedAt: new Date() })
        .where('id', '=', userId)
        .execute();
    },

    async updateEmail(userId: number, email: string) {
      await db
        .updateTable('utilisateur')
        .set({ email, updatedAt: new Date() })
        .where('id', '=', userId)
        .execute();
    },

    async updatePreference(userId: number, notificationPreference: 'EACH' | 'DIGEST' | 'NONE') {
      await db
        .updateTable('utilisateur')
        .set({ notificationPreference, updatedAt: new Date() })
        .where('id', '=', userId)
        .execute();
    },

    async recordHistory(userId: number, event: 'LOGIN_2FA' | 'UPDATE', changes: object, source: string) {
      await db
        .insertInto('historyEntry')
        .values({
          event,
          entityName: 'utilisateur',
          entityId: String(userId),
          changes: JSON.stringify(changes),
          source,
          utilisateurId: userId,
        })
        .execute();
    },

    /** Expired tokens, and used ones older than a day. */
    async purgeExpiredTokens(now = new Date()): Promise<number> {
      const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
      const r = await db
        .deleteFrom('accountToken')
        .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('usedAt', '<=', dayAgo)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
export type { Db };
