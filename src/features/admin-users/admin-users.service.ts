import { randomBytes } from 'node:crypto';
import {
  type AdminAction,
  adminTerritoireIds,
  canAdminister,
  canAssignRole,
} from '../../domain/admin-policy.ts';
import type { Principal } from '../../domain/policy.ts';
import { BO_ROLES, type BoRole, isBoRole, ROLE_LABELS } from '../../domain/roles.ts';
import type { UserStatus } from '../../infra/db/schema.ts';
import { conflict, forbidden, notFound, validation } from '../../infra/errors.ts';
import type { MailJobData } from '../../worker.ts';
import { type MailDeps, sendActivationEmail, sendLater } from '../account/account.service.ts';
import {
  type AdminUserRow,
  createAdminUsersRepository,
  type UserFilters,
  type UserScope,
} from './admin-users.repository.ts';

export const ARCHIVED_MARK = '.archived-';

/** The e-mail an archived account keeps, so that its address is free again (spec §3.5: tagged `.archived@`). */
export function archivedEmail(email: string, id: number): string {
  if (email.includes(ARCHIVED_MARK)) return email;
  const at = email.lastIndexOf('@');
  return at < 0
    ? `${email}${ARCHIVED_MARK}${id}`
    : `${email.slice(0, at)}${ARCHIVED_MARK}${id}${email.slice(at)}`;
}
/** The address an archived account had before (undone when a super admin reactivates it). */
export function originalEmail(email: string): string {
  return email.replace(/\.archived-\d+(?=@|$)/, '');
}

export function userScopeOf(p: Principal): UserScope {
  if (p.role === 'ROLE_ADMIN') return { kind: 'all' };
  if (p.role === 'ROLE_ADMIN_TERRITORY') return { kind: 'territoires', ids: adminTerritoireIds(p) };
  if (p.role === 'ROLE_ADMIN_PARTNER') return { kind: 'partenaires', ids: p.partenaires.map((x) => x.id) };
  return { kind: 'partenaires', ids: [] };
}

export interface Actor extends Principal {
  id: number;
}

export interface UserInput {
  email: string;
  prenom: string;
  nom: string;
  role: string;
  partenaireIds: string[];
  hasPermissionAffectation: boolean;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createAdminUsersService(deps: MailDeps) {
  const db = deps.database.db;
  const repo = createAdminUsersRepository(db);

  const targetOf = (u: AdminUserRow) => ({ partenaires: u.partenaires, role: u.role });
  const ensure = (actor: Actor, action: AdminAction, target = {}) => {
    if (!canAdminister(actor, action, target)) throw forbidden();
  };

  /** The account, or 404 when outside the actor's scope. */
  async function load(actor: Actor, id: number) {
    // Someone with no admin right at all is refused the page (403), as for the list.
    ensure(actor, 'USER_LIST');
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
    const u = await repo.find(userScopeOf(actor), id);
    if (!u) throw notFound();
    if (!canAdminister(actor, 'USER_LIST', targetOf(u))) throw notFound();
    return u;
  }

  async function checkInput(actor: Actor, input: UserInput, exceptId?: number) {
    const errors: Record<string, string> = {};
    const email = input.email.trim().toLowerCase();
    if (!email) errors.email = 'Indiquez l’adresse e-mail de la personne.';
    else if (!EMAIL_RE.test(email) || email.length > 180)
      errors.email = 'Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).';
    else if (email.includes(ARCHIVED_MARK)) errors.email = 'Cette adresse e-mail n’est pas valide.';
    else if (await repo.emailTaken(email, exceptId))
      errors.email = 'Un compte existe déjà avec cette adresse e-mail.';
    const prenom = input.prenom.trim();
    const nom = input.nom.trim();
    if (!prenom) errors.prenom = 'Indiquez le prénom.';
    else if (prenom.length > 100) errors.prenom = 'Le prénom est trop long (100 caractères au plus).';
    if (!nom) errors.nom = 'Indiquez le nom.';
    else if (nom.length > 100) errors.nom = 'Le nom est trop long (100 caractères au plus).';
    const role = input.role;
    if (!isBoRole(role) || !canAssignRole(actor, role)) errors.role = 'Choisissez un rôle dans la liste.';
    const inScope = await repo.partners(userScopeOf(actor));
    const ids = [...new Set(input.partenaireIds.map(Number))];
    const chosen = inScope.filter((p) => ids.includes(p.id));
    if (!ids.length) errors.partenaireIds = 'Choisissez au moins un partenaire.';
    else if (chosen.length !== ids.length) errors.partenaireIds = 'Choisissez les partenaires dans la liste.';
    if (Object.keys(errors).length) throw validation('Certaines informations sont à corriger.', errors);
    return { email, prenom, nom, role: role as BoRole, chosen, inScope };
  }

  return {
    scopeOf: userScopeOf,

    async listPage(actor: Actor, filters: UserFilters, page: number) {
      ensure(actor, 'USER_LIST');
      const scope = userScopeOf(actor);
      const [result, partners, territories] = await Promise.all([
        repo.list(scope, filters, page),
        repo.partners(scope),
        repo.territories(scope),
      ]);
      return { ...result, partners, territories };
    },

    async formOptions(actor: Actor) {
      const partners = await repo.partners(userScopeOf(actor));
      const roles = BO_ROLES.filter((r) => canAssignRole(actor, r));
      return { partners, roles: roles.map((r) => ({ value: r, label: ROLE_LABELS[r] })) };
    },

    load,

    async create(actor: Actor, input: UserInput): Promise<number> {
      ensure(actor, 'USER_CREATE');
      const v = await checkInput(actor, input);
      ensure(actor, 'USER_CREATE', { partenaires: v.chosen, newRole: v.role });
      const grant =
        input.hasPermissionAffectation &&
        canAdminister(actor, 'USER_GRANT_AFFECTATION', { partenaires: v.chosen, role: v.role });
      let mails: MailJobData[] = [];
      let id = 0;
      try {
        await db.transaction().execute(async (trx) => {
          const r = createAdminUsersRepository(trx);
          id = await r.insert({
            email: v.email,
            prenom: v.prenom,
            nom: v.nom,
            role: v.role,
            hasPermissionAffectation: grant,
          });
          await r.setPartners(
            id,
            [],
            v.chosen.map((p) => p.id),
          );
          await r.history(actor.id, id, 'CREATE', {
            email: v.email,
            role: v.role,
            partenaires: v.chosen.map((p) => p.id),
          });
          mails = await sendActivationEmail(trx, deps, id);
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw validation('Certaines informations sont à corriger.', {
            email: 'Un compte existe déjà avec cette adresse e-mail.',
          });
        }
        throw err;
      }
      await sendLater(deps, mails);
      return id;
    },

    async update(actor: Actor, id: number, input: UserInput) {
      const u = await load(actor, id);
      ensure(actor, 'USER_EDIT', targetOf(u));
      const v = await checkInput(actor, input, id);
      ensure(actor, 'USER_EDIT', { partenaires: v.chosen, role: u.role, newRole: v.role });
      const grant = canAdminister(actor, 'USER_GRANT_AFFECTATION', targetOf(u))
        ? input.hasPermissionAffectation
        : u.hasPermissionAffectation;
      await db.transaction().execute(async (trx) => {
        const r = createAdminUsersRepository(trx);
        await r.update(id, {
          email: v.email,
          prenom: v.prenom,
          nom: v.nom,
          role: v.role,
          hasPermissionAffectation: grant,
        });
        await r.setPartners(
          id,
          v.inScope.map((p) => p.id),
          v.chosen.map((p) => p.id),
        );
        const changes: Record<string, [unknown, unknown]> = {};
        if (u.email !== v.email) changes.email = [u.email, v.email];
        if (u.nom !== v.nom) changes.nom = [u.nom, v.nom];
        if (u.prenom !== v.prenom) changes.prenom = [u.prenom, v.prenom];
        if (u.role !== v.role) changes.role = [u.role, v.role];
        if (u.hasPermissionAffectation !== grant)
          changes.hasPermissionAffectation = [u.hasPermissionAffectation, grant];
        const before = u.partenaires.map((p) => p.id).sort();
        const after = [
          ...u.partenaires.filter((p) => !v.inScope.some((s) => s.id === p.id)).map((p) => p.id),
          ...v.chosen.map((p) => p.id),
        ].sort();
        if (before.join() !== after.join()) changes.partenaires = [before, after];
        await r.history(actor.id, id, 'UPDATE', changes);
      });
    },

    /** Ends the account's access: no password, sessions ended; a super admin may reactivate it later. */
    async deactivate(actor: Actor, id: number) {
      const u = await load(actor, id);
      ensure(actor, 'USER_DEACTIVATE', targetOf(u));
      if (u.id === actor.id) throw conflict('Vous ne pouvez pas désactiver votre propre compte.');
      if (u.statut !== 'ACTIVE') throw conflict('Seul un compte actif peut être désactivé.');
      await db.transaction().execute(async (trx) => {
        const r = createAdminUsersRepository(trx);
        // An unusable hash (never produced by argon2) marks a deactivated account, unlike a never-activated one.
        await r.update(id, {
          statut: 'INACTIVE',
          passwordHash: `!desactive:${randomBytes(8).toString('hex')}`,
          passwordChangedAt: new Date(),
        });
        await r.history(actor.id, id, 'UPDATE', { statut: ['ACTIVE', 'INACTIVE'], action: 'desactivation' });
      });
    },

    /** Archives: history kept, e-mail freed, sessions ended. */
    async archive(actor: Actor, id: number, source = 'bo:admin-utilisateurs') {
      const u = await load(actor, id);
      ensure(actor, 'USER_ARCHIVE', targetOf(u));
      if (u.id === actor.id) throw conflict('Vous ne pouvez pas archiver votre propre compte.');
      if (u.statut === 'ARCHIVE') throw conflict('Ce compte est déjà archivé.');
      await archiveAccount(deps, actor.id, u.id, u.email, u.statut, source);
    },

    /** Super admins only: back to INACTIVE with a fresh activation e-mail (the person chooses a new password). */
    async reactivate(actor: Actor, id: number) {
      const u = await load(actor, id);
      ensure(actor, 'USER_REACTIVATE', targetOf(u));
      const deactivated = u.statut === 'INACTIVE' && u.hasPassword;
      if (u.statut !== 'ARCHIVE' && !deactivated) throw conflict('Ce compte n’est ni archivé ni désactivé.');
      const email = originalEmail(u.email);
      if (email !== u.email && (await repo.emailTaken(email, id))) {
        throw conflict(
          `L’adresse ${email} est déjà utilisée par un autre compte : le compte ne peut pas être réactivé.`,
        );
      }
      let mails: MailJobData[] = [];
      await db.transaction().execute(async (trx) => {
        const r = createAdminUsersRepository(trx);
        await r.update(id, { statut: 'INACTIVE', email, passwordHash: null, archivingScheduledAt: null });
        await r.history(actor.id, id, 'UPDATE', {
          statut: [u.statut, 'INACTIVE'],
          email: [u.email, email],
          action: 'reactivation',
        });
        mails = await sendActivationEmail(trx, deps, id);
      });
      await sendLater(deps, mails);
    },

    async resendActivation(actor: Actor, id: number) {
      const u = await load(actor, id);
      ensure(actor, 'USER_RESEND_ACTIVATION', targetOf(u));
      if (u.statut !== 'INACTIVE' || u.hasPassword) throw conflict('Ce compte n’attend pas d’activation.');
      let mails: MailJobData[] = [];
      await db.transaction().execute(async (trx) => {
        const r = createAdminUsersRepository(trx);
        await r.history(actor.id, id, 'UPDATE', { action: 'renvoi-activation' });
        mails = await sendActivationEmail(trx, deps, id);
      });
      await sendLater(deps, mails);
    },
  };
}

/** Archives one account (used by the admin action and the inactivity job). */
export async function archiveAccount(
  deps: Pick<MailDeps, 'database'>,
  actorId: number | null,
  userId: number,
  email: string,
  statut: UserStatus,
  source: string,
) {
  await deps.database.db.transaction().execute(async (trx) => {
    const r = createAdminUsersRepository(trx);
    const freed = archivedEmail(email, userId);
    await r.update(userId, {
      statut: 'ARCHIVE',
      email: freed,
      passwordChangedAt: new Date(),
      archivingScheduledAt: null,
    });
    await trx.deleteFrom('accountToken').where('utilisateurId', '=', userId).execute();
    await r.history(
      actorId,
      userId,
      'DELETE',
      { statut: [statut, 'ARCHIVE'], email: [email, freed] },
      source,
    );
  });
}

export type AdminUsersService = ReturnType<typeof createAdminUsersService>;
