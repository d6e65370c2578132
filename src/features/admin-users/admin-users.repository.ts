import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, UserRole, UserStatus } from '../../infra/db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Which accounts an administrator sees: all, those with a partner in some territories, or of some partners. */
export type UserScope =
  | { kind: 'all' }
  | { kind: 'territoires'; ids: number[] }
  | { kind: 'partenaires'; ids: number[] };

export interface UserFilters {
  territoireId?: number;
  partenaireId?: number;
  role?: UserRole;
  statut?: UserStatus;
  q?: string;
}

export interface AdminUserRow {
  id: number;
  email: string;
  nom: string;
  prenom: string;
  role: UserRole;
  statut: UserStatus;
  lastLoginAt: Date | null;
  hasPermissionAffectation: boolean;
  hasPassword: boolean;
  partenaires: { id: number; nom: string; territoireId: number | null }[];
}

export const PAGE_SIZE = 25;

/** The only SQL of user administration. */
export function createAdminUsersRepository(db: Q) {
  const scoped = (s: UserScope) => {
    let q = db.selectFrom('utilisateur as u').where('u.role', '!=', 'ROLE_API_USER');
    if (s.kind !== 'all') {
      q = q.where('u.role', '!=', 'ROLE_ADMIN').where((eb) =>
        eb.exists(
          eb
            .selectFrom('utilisateurPartenaire as sp')
            .innerJoin('partenaire as spp', 'spp.id', 'sp.partenaireId')
            .select(sql`1`.as('one'))
            .whereRef('sp.utilisateurId', '=', 'u.id')
            .where(
              s.kind === 'territoires' ? 'spp.territoireId' : 'spp.id',
              'in',
              s.ids.length ? s.ids : [-1],
            ),
        ),
      );
    }
    return q;
  };

  async function partnersOf(ids: number[]) {
    if (!ids.length) return new Map<number, AdminUserRow['partenaires']>();
    const rows = await db
      .selectFrom('utilisateurPartenaire as up')
      .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
      .select(['up.utilisateurId', 'p.id', 'p.nom', 'p.territoireId'])
      .where('up.utilisateurId', 'in', ids)
      .where('p.isArchive', '=', false)
      .orderBy('p.nom')
      .execute();
    const map = new Map<number, AdminUserRow['partenaires']>();
    for (const r of rows) {
      const list = map.get(r.utilisateurId) ?? [];
      list.push({ id: r.id, nom: r.nom, territoireId: r.territoireId });
      map.set(r.utilisateurId, list);
    }
    return map;
  }

  const COLUMNS = [
    'u.id',
    'u.email',
    'u.nom',
    'u.prenom',
    'u.role',
    'u.statut',
    'u.lastLoginAt',
    'u.hasPermissionAffectation',
  ] as const;

  return {
    async list(scope: UserScope, f: UserFilters, page: number) {
      let q = scoped(scope);
      if (f.role) q = q.where('u.role', '=', f.role);
      q = f.statut ? q.where('u.statut', '=', f.statut) : q.where('u.statut', '!=', 'ARCHIVE');
      if (f.q) {
        const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['u.email']), 'like', like),
            eb(eb.fn('lower', ['u.nom']), 'like', like),
            eb(eb.fn('lower', ['u.prenom']), 'like', like),
            eb(sql`lower(u.prenom || ' ' || u.nom)`, 'like', like),
          ]),
        );
      }
      if (f.territoireId || f.partenaireId) {
        q = q.where((eb) => {
          let sub = eb
            .selectFrom('utilisateurPartenaire as fp')
            .innerJoin('partenaire as fpp', 'fpp.id', 'fp.partenaireId')
            .select(sql`1`.as('one'))
            .whereRef('fp.utilisateurId', '=', 'u.id');
          if (f.territoireId) sub = sub.where('fpp.territoireId', '=', f.territoireId);
          if (f.partenaireId) sub = sub.where('fpp.id', '=', f.partenaireId);
          return eb.exists(sub);
        });
      }
      const total = Number(
        (await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst())?.n ?? 0,
      );
      const rows = await q
        .select([...COLUMNS, sql<boolean>`u.password_hash is not null`.as('hasPassword')])
        .orderBy('u.nom')
        .orderBy('u.prenom')
        .orderBy('u.id')
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .execute();
      const parts = await partnersOf(rows.map((r) => r.id));
      return {
        total,
        rows: rows.map((r) => ({ ...r, partenaires: parts.get(r.id) ?? [] })) as AdminUserRow[],
      };
    },

    /** One account inside the scope (undefined when outside: the caller answers 404). */
    async find(scope: UserScope, id: number): Promise<AdminUserRow | undefined> {
      const r = await scoped(scope)
        .select([...COLUMNS, sql<boolean>`u.password_hash is not null`.as('hasPassword')])
        .where('u.id', '=', id)
        .executeTakeFirst();
      if (!r) return undefined;
      const parts = await partnersOf([r.id]);
      return { ...r, partenaires: parts.get(r.id) ?? [] } as AdminUserRow;
    },

    partners(scope: UserScope) {
      let q = db
        .selectFrom('partenaire as p')
        .leftJoin('territoire as t', 't.id', 'p.territoireId')
        .select(['p.id', 'p.nom', 'p.territoireId', 't.code as territoireCode'])
        .where('p.isArchive', '=', false);
      if (scope.kind === 'territoires')
        q = q.where('p.territoireId', 'in', scope.ids.length ? scope.ids : [-1]);
      if (scope.kind === 'partenaires') q = q.where('p.id', 'in', scope.ids.length ? scope.ids : [-1]);
      return q.orderBy('t.code').orderBy('p.nom').execute();
    },

    territories(scope: UserScope) {
      let q = db.selectFrom('territoire').select(['id', 'code', 'nom']);
      if (scope.kind === 'territoires') q = q.where('id', 'in', scope.ids.length ? scope.ids : [-1]);
      if (scope.kind === 'partenaires') q = q.where('id', 'in', [-1]);
      return q.orderBy('code').execute();
    },

    async emailTaken(email: string, exceptId?: number): Promise<boolean> {
      let q = db
        .selectFrom('utilisateur')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
      if (exceptId) q = q.where('id', '!=', exceptId);
      return Boolean(await q.executeTakeFirst());
    },

    async insert(u: {
      email: string;
      nom: string;
      prenom: string;
      role: UserRole;
      hasPermissionAffectation: boolean;
    }) {
      const now = new Date();
      const r = await db
        .insertInto('utilisateur')
        .values({ ...u, statut: 'INACTIVE', createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },

    async update(
      id: number,
      set: Partial<{
        email: string;
        nom: string;
        prenom: string;
        role: UserRole;
        statut: UserStatus;
        hasPermissionAffectation: boolean;
        passwordHash: string | null;
        passwordChangedAt: Date;
        archivingScheduledAt: Date | null;
      }>,
    ) {
      await db
        .updateTable('utilisateur')
        .set({ ...set, updatedAt: new Date() })
        .where('id', '=', id)
        .execute();
    },

    /** Replaces the links to the partners in `managed` by `chosen` (links to other partners are kept). */
    async setPartners(userId: number, managed: number[], chosen: number[]) {
      if (managed.length) {
        await db
          .deleteFrom('utilisateurPartenaire')
          .where('utilisateurId', '=', userId)
          .where('partenaireId', 'in', managed)
          .execute();
      }
      if (chosen.length) {
        const now = new Date();
        await db
          .insertInto('utilisateurPartenaire')
          .values(chosen.map((partenaireId) => ({ utilisateurId: userId, partenaireId, createdAt: now })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },

    async history(
      actorId: number | null,
      userId: number,
      event: 'CREATE' | 'UPDATE' | 'DELETE',
      changes: object,
      source = 'bo:admin-utilisateurs',
    ) {
      await db
        .insertInto('historyEntry')
        .values({
          event,
          entityName: 'utilisateur',
          entityId: String(userId),
          changes: JSON.stringify(changes),
          source,
          signalementId: null,
          utilisateurId: actorId,
          createdAt: new Date(),
        })
        .execute();
    },
  };
}
