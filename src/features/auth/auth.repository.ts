import type { Db } from '../../infra/db/database.ts';
import type { UserRole, UserStatus } from '../../infra/db/schema.ts';

export interface UserPartnerLink {
  id: number;
  uuid: string;
  nom: string;
  type: string;
  competences: string[];
  territoireId: number | null;
  territoireCode: string | null;
  territoireNom: string | null;
  territoireTimezone: string | null;
}

/** The signed-in agent as every back-office request sees it. */
export interface CurrentUser {
  id: number;
  uuid: string;
  email: string;
  nom: string;
  prenom: string;
  role: UserRole;
  statut: UserStatus;
  hasPermissionAffectation: boolean;
  partenaires: UserPartnerLink[];
  /** Unread in-app notifications (counted up to 100), for the header. */
  unreadNotifications?: number;
  /** Sessions opened before this are ended (see features/account/session.ts). */
  passwordChangedAt?: Date | null;
}

export function createAuthRepository(db: Db) {
  return {
    async findCredentials(email: string) {
      return db
        .selectFrom('utilisateur')
        .select(['id', 'email', 'role', 'statut', 'passwordHash'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
        .executeTakeFirst();
    },

    async loadCurrentUser(id: number): Promise<CurrentUser | undefined> {
      const user = await db
        .selectFrom('utilisateur')
        .select([
          'id',
          'uuid',
          'email',
          'nom',
          'prenom',
          'role',
          'statut',
          'hasPermissionAffectation',
          'passwordChangedAt',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!user) return undefined;
      const partenaires = await db
        .selectFrom('utilisateurPartenaire as up')
        .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
        .leftJoin('territoire as t', 't.id', 'p.territoireId')
        .select([
          'p.id',
          'p.uuid',
          'p.nom',
          'p.type',
          'p.competences',
          'p.territoireId',
          't.code as territoireCode',
          't.nom as territoireNom',
          't.timezone as territoireTimezone',
        ])
        .where('up.utilisateurId', '=', id)
        .where('p.isArchive', '=', false)
        .orderBy('t.code')
        .execute();
      const unread = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('notification')
            .select('id')
            .where('utilisateurId', '=', id)
            .where('isSeen', '=', false)
            .limit(100)
            .as('n'),
        )
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return { ...user, partenaires, unreadNotifications: Number(unread.count) };
    },

    async recordLogin(userId: number, source: string) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('utilisateur')
          .set({ lastLoginAt: new Date() })
          .where('id', '=', userId)
          .execute();
        await trx
          .insertInto('historyEntry')
          .values({
            event: 'LOGIN',
            entityName: 'utilisateur',
            entityId: String(userId),
            changes: '{}',
            source,
            utilisateurId: userId,
          })
          .execute();
      });
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
