import { sql } from 'kysely';
import { formatDate } from '../../ui/format.ts';
import { enqueueMail, type MailJobData, sendMailNow } from '../../worker.ts';
import { type MailDeps, sendActivationEmail } from '../account/account.service.ts';
import { renderMail } from '../mails/render.ts';
import { createAdminUsersRepository } from './admin-users.repository.ts';
import { archiveAccount } from './admin-users.service.ts';

export const JOB_INACTIVE_ACCOUNTS = 'accounts.inactive-archiving';
export const INACTIVE_ACCOUNTS_CRON = '0 4 * * *';
export const JOB_ACTIVATION_REMINDERS = 'accounts.activation-reminders';
export const ACTIVATION_REMINDERS_CRON = '0 7 * * *';

/** An account unused for this long is warned, then archived ARCHIVE_DELAY_DAYS later (spec §7). */
export const INACTIVITY_DAYS = 365;
export const ARCHIVE_DELAY_DAYS = 15;
/** A never-activated account gets a new activation link every 10 days. */
export const ACTIVATION_REMINDER_DAYS = 10;

const DAY = 24 * 3600 * 1000;
const JOB_SOURCE_ARCHIVE = 'job:comptes-inutilises';
const JOB_SOURCE_REMINDER = 'job:rappel-activation';

async function deliver(deps: MailDeps, mails: MailJobData[]) {
  for (const m of mails) {
    if (deps.jobs) await enqueueMail(deps, m);
    else await sendMailNow(deps, m);
  }
}

const fullName = (u: { prenom: string; nom: string; email: string }) =>
  `${u.prenom} ${u.nom}`.trim() || u.email;

/**
 * Daily. 1) Accounts with no sign-in for a year (or never, if created over a year ago) get a warning and an
 * archiving date 15 days later; the responsables of their territories get the list. 2) Accounts past that
 * date are archived, unless the person signed in since the warning (then the date is cleared). Idempotent:
 * an account is warned once (archiving_scheduled_at set) and archived once.
 */
export async function processInactiveAccounts(
  deps: MailDeps,
  opts: { now?: Date } = {},
): Promise<{ warned: number; archived: number; kept: number }> {
  const db = deps.database.db;
  const now = opts.now ?? new Date();
  const limit = new Date(now.getTime() - INACTIVITY_DAYS * DAY);
  const archiveAt = new Date(now.getTime() + ARCHIVE_DELAY_DAYS * DAY);

  const toWarn = await db
    .selectFrom('utilisateur')
    .select(['id', 'email', 'nom', 'prenom'])
    .where('statut', '=', 'ACTIVE')
    .where('role', '!=', 'ROLE_API_USER')
    .where('archivingScheduledAt', 'is', null)
    .where(sql<Date>`coalesce(last_login_at, created_at)`, '<', limit)
    .orderBy('id')
    .execute();

  const mails: MailJobData[] = [];
  const perResponsable = new Map<number, { email: string; name: string; accounts: string[] }>();
  for (const u of toWarn) {
    await db.transaction().execute(async (trx) => {
      const r = createAdminUsersRepository(trx);
      await r.update(u.id, { archivingScheduledAt: archiveAt });
      await r.history(
        null,
        u.id,
        'UPDATE',
        { archivingScheduledAt: archiveAt.toISOString() },
        JOB_SOURCE_ARCHIVE,
      );
    });
    mails.push({
      to: u.email,
      ...renderMail({
        subject: 'Votre compte Histologe va être archivé',
        greeting: `Bonjour ${fullName(u)},`,
        paragraphs: [
          'Vous ne vous êtes pas connecté(e) à Histologe depuis plus d’un an.',
          `Sans connexion de votre part, votre compte sera archivé le ${formatDate(archiveAt)}. Pour le garder, il suffit de vous connecter avant cette date.`,
        ],
        button: { label: 'Me connecter', url: `${deps.config.appUrl}/connexion` },
      }),
    });
    const responsables = await db
      .selectFrom('utilisateur as rt')
      .innerJoin('utilisateurPartenaire as rup', 'rup.utilisateurId', 'rt.id')
      .innerJoin('partenaire as rp', 'rp.id', 'rup.partenaireId')
      .select(['rt.id', 'rt.email', 'rt.nom', 'rt.prenom'])
      .distinct()
      .where('rt.role', '=', 'ROLE_ADMIN_TERRITORY')
      .where('rt.statut', '=', 'ACTIVE')
      .where('rt.id', '!=', u.id)
      .where('rp.territoireId', 'in', (eb) =>
        eb
          .selectFrom('utilisateurPartenaire as up')
          .innerJoin('partenaire as p', 'p.id', 'up.partenaireId')
          .select('p.territoireId')
          .where('up.utilisateurId', '=', u.id)
          .where('p.territoireId', 'is not', null)
          .$narrowType<{ territoireId: number }>(),
      )
      .execute();
    for (const rt of responsables) {
      const entry = perResponsable.get(rt.id) ?? { email: rt.email, name: fullName(rt), accounts: [] };
      entry.accounts.push(`${fullName(u)} (${u.email})`);
      perResponsable.set(rt.id, entry);
    }
  }
  for (const rt of perResponsable.values()) {
    mails.push({
      to: rt.email,
      ...renderMail({
        subject: 'Comptes inutilisés de votre territoire',
        greeting: `Bonjour ${rt.name},`,
        paragraphs: [
          `Ces comptes ne se sont pas connectés depuis plus d’un an. Ils seront archivés le ${formatDate(archiveAt)} sans connexion d’ici là :`,
          rt.accounts.map((a) => `• ${a}`).join('\n'),
        ],
        button: { label: 'Voir les utilisateurs', url: `${deps.config.appUrl}/bo/admin/utilisateurs` },
      }),
    });
  }
  await deliver(deps, mails);

  const due = await db
    .selectFrom('utilisateur')
    .select(['id', 'email', 'statut', 'lastLoginAt', 'archivingScheduledAt'])
    .where('statut', '=', 'ACTIVE')
    .where('archivingScheduledAt', '<=', now)
    .orderBy('id')
    .execute();
  let archived = 0;
  let kept = 0;
  for (const u of due) {
    const warnedAt = new Date((u.archivingScheduledAt as Date).getTime() - ARCHIVE_DELAY_DAYS * DAY);
    if (u.lastLoginAt && u.lastLoginAt > warnedAt) {
      await createAdminUsersRepository(db).update(u.id, { archivingScheduledAt: null });
      kept++;
      continue;
    }
    await archiveAccount(deps, null, u.id, u.email, u.statut, JOB_SOURCE_ARCHIVE);
    archived++;
  }
  return { warned: toWarn.length, archived, kept };
}

/**
 * Daily. Accounts created at least 10 days ago and never activated get a new activation link, then again
 * every 10 days (the last reminder is read from the history, so running twice a day sends nothing more).
 * Deactivated accounts (which have a password hash) are left alone.
 */
export async function remindNeverActivated(deps: MailDeps, opts: { now?: Date } = {}): Promise<number> {
  const db = deps.database.db;
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - ACTIVATION_REMINDER_DAYS * DAY);
  const users = await db
    .selectFrom('utilisateur as u')
    .select('u.id')
    .where('u.statut', '=', 'INACTIVE')
    .where('u.passwordHash', 'is', null)
    .where('u.role', '!=', 'ROLE_API_USER')
    .where('u.createdAt', '<=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('historyEntry as h')
            .select(sql`1`.as('one'))
            .where('h.entityName', '=', 'utilisateur')
            .whereRef('h.entityId', '=', sql<string>`u.id::text`)
            .where('h.source', '=', JOB_SOURCE_REMINDER)
            .where('h.createdAt', '>', since),
        ),
      ),
    )
    .orderBy('u.id')
    .execute();
  for (const u of users) {
    await createAdminUsersRepository(db).history(
      null,
      u.id,
      'UPDATE',
      { action: 'rappel-activation' },
      JOB_SOURCE_REMINDER,
    );
    await sendActivationEmail(db, deps, u.id);
  }
  return users.length;
}
