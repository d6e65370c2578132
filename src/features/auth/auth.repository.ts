import { sql } from 'kysely';
import { type Db, hotStatement } from '../../infra/db/database.ts';
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

/**
 * The user, their non-archived partners (with territory) and their unread count, in one hot statement: every
 * back-office request starts here.
 */
const currentUser = hotStatement(
  (db: Db, id: number) =>
    db
      .selectFrom('utilisateur as u')
      .select([
        'u.id',
        'u.uuid',
        'u.email',
        'u.nom',
        'u.prenom',
        'u.role',
        'u.statut',
        'u.hasPermissionAffectation',
        'u.passwordChangedAt',
      ])
      .select([
        // JSON keys are written camelCase here: the CamelCasePlugin leaves nested keys alone.
        sql<UserPartnerLink[]>`coalesce((
          select json_agg(json_build_object(
            'id', p.id, 'uuid', p.uuid, 'nom', p.nom, 'type', p.type, 'competences', p.competences,
            'territoireId', p.territoire_id, 'territoireCode', t.code, 'territoireNom', t.nom,
            'territoireTimezone', t.timezone) order by t.code, p.id)
          from utilisateur_partenaire up
          join partenaire p on p.id = up.partenaire_id
          left join territoire t on t.id = p.territoire_id
          where up.utilisateur_id = u.id and not p.is_archive), '[]'::json)`.as('partenaires'),
        // Counted up to 100 (the header shows "99+").
        sql<number>`(select count(*)::int from (
          select 1 from notification n where n.utilisateur_id = u.id and not n.is_seen limit 100) unread)`.as(
          'unreadNotifications',
        ),
      ])
      .where('u.id', '=', id),
  0,
);

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
      const [user] = await currentUser(db, id);
      if (!user) return undefined;
      return { ...user, unreadNotifications: Number(user.unreadNotifications) };
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
