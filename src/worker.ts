import type { Transaction } from 'kysely';
import type pino from 'pino';
import { purgeExpiredAccountTokens } from './features/account/account.service.ts';
import {
  ACTIVATION_REMINDERS_CRON,
  INACTIVE_ACCOUNTS_CRON,
  JOB_ACTIVATION_REMINDERS,
  JOB_INACTIVE_ACCOUNTS,
  processInactiveAccounts,
  remindNeverActivated,
} from './features/admin-users/admin-users.jobs.ts';
import {
  DIGEST_CRON,
  JOB_NOTIFICATIONS_DIGEST,
  JOB_PURGE_NOTIFICATIONS,
  PURGE_NOTIFICATIONS_CRON,
  purgeOldNotifications,
  sendDailyDigests,
} from './features/notifications/notification.jobs.ts';
import type { DB } from './infra/db/schema.ts';
import type { SendOptions } from './infra/jobs.ts';
import type { MailMessage } from './infra/mailer.ts';
import { deleteStoredUpload } from './infra/upload-store.ts';
import type { Runtime } from './runtime.ts';

export const JOB_SEND_MAIL = 'mail.send';
export const JOB_PURGE_STATE = 'maintenance.purge-expired-state';
export const JOB_GEOCODE_SIGNALEMENT = 'signalement.geocode';
export const JOB_PURGE_DRAFTS = 'drafts.purge';
export const JOB_PURGE_ACCOUNT_TOKENS = 'accounts.purge-expired-tokens';

/** Drafts not touched for this long are deleted (with their files), unless they became a signalement. */
export const DRAFT_RETENTION_MONTHS = 6;

/** A mail job: the message, plus what we know about its context (kept in `failed_email` if it never leaves). */
export type MailJobData = MailMessage & { signalementId?: number | null };

/** Six attempts over about an hour (1, 2, 4, 8, 16 minutes between them), then a `failed_email` row. */
export const MAIL_JOB_OPTIONS = { retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true } as const;
/** The BAN may be down for a while: keep trying for a few hours, then leave the address as typed. */
export const GEOCODE_JOB_OPTIONS = { retryLimit: 6, retryDelaySeconds: 120, retryBackoff: true } as const;

type Log = Pick<pino.Logger, 'info' | 'warn' | 'error'>;

/**
 * Queues an e-mail. With `trx` the job exists only if the transaction commits. Without a job queue (jobs
 * disabled), the message is sent at once, or — inside a transaction — handed to `deferred` so that the
 * caller sends it after the commit with `sendMailNow`.
 */
export async function enqueueMail(
  runtime: Pick<Runtime, 'jobs'>,
  mail: MailJobData,
  opts: { trx?: Transaction<DB>; deferred?: MailJobData[] } = {},
): Promise<void> {
  if (runtime.jobs) {
    const options: SendOptions = { ...MAIL_JOB_OPTIONS };
    if (opts.trx) options.trx = opts.trx;
    await runtime.jobs.send(JOB_SEND_MAIL, mail, options);
    return;
  }
  if (opts.deferred) opts.deferred.push(mail);
  else throw new Error('enqueueMail sans file de tâches ni liste différée');
}

/** Sends without the queue (jobs disabled); a failure is recorded in `failed_email`, never thrown. */
export async function sendMailNow(runtime: Pick<Runtime, 'mailer' | 'database'>, mail: MailJobData) {
  try {
    await runtime.mailer.send(withoutContext(mail));
  } catch (err) {
    await recordFailedEmail(runtime, JOB_SEND_MAIL, mail, err).catch(() => {});
  }
}

function withoutContext(mail: MailJobData): MailMessage {
  const { signalementId: _ignored, ...message } = mail;
  return message;
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Keeps what is needed to resend the message later; attachments are reduced to their names. */
export async function recordFailedEmail(
  runtime: Pick<Runtime, 'database'>,
  jobName: string,
  mail: MailJobData,
  err: unknown,
  attempts = 1,
): Promise<void> {
  const { attachments, signalementId, ...rest } = mail;
  const payload = {
    ...rest,
    ...(attachments?.length ? { attachments: attachments.map((a) => ({ filename: a.filename })) } : {}),
  };
  await runtime.database.db
    .insertInto('failedEmail')
    .values({
      jobName,
      recipients: [...list(mail.to), ...list(mail.cc), ...list(mail.bcc)],
      subject: mail.subject,
      error: String((err as Error)?.message ?? err).slice(0, 2000),
      payload: JSON.stringify(payload),
      signalementId: signalementId ?? null,
      attempts,
    })
    .execute();
}

/**
 * The mail job: sends, and lets pg-boss retry on failure. When the last attempt fails, the message is kept in
 * `failed_email` (for a later resend and for the team to see) before the job is marked failed.
 */
export async function handleMailJob(
  runtime: Pick<Runtime, 'mailer' | 'database'>,
  job: { data: MailJobData; retryCount: number; retryLimit: number },
): Promise<void> {
  try {
    await runtime.mailer.send(withoutContext(job.data));
  } catch (err) {
    if (job.retryCount >= job.retryLimit) {
      await recordFailedEmail(runtime, JOB_SEND_MAIL, job.data, err, job.retryCount + 1);
    }
    throw err;
  }
}

export type GeocodeOutcome = 'done' | 'not-found' | 'unavailable' | 'missing';

/**
 * Finds the position of a signalement's address on the BAN: coordinates, BAN id, and the INSEE code when the
 * form did not give one. When the BAN is down the geocoder answers from our communes table (no position), and
 * the caller retries later. Never overwrites what is already known.
 */
export async function geocodeSignalement(
  runtime: Pick<Runtime, 'database' | 'geocoder'>,
  signalementId: number,
): Promise<GeocodeOutcome> {
  const db = runtime.database.db;
  const s = await db
    .selectFrom('signalement')
    .select([
      'adresseOccupant',
      'cpOccupant',
      'villeOccupant',
      'inseeOccupant',
      'banIdOccupant',
      'geolocLat',
      'geolocLng',
    ])
    .where('id', '=', signalementId)
    .executeTakeFirst();
  if (!s) return 'missing';
  if (s.geolocLat != null && s.geolocLng != null && s.banIdOccupant) return 'done';

  const query = [s.adresseOccupant, s.cpOccupant, s.villeOccupant].filter(Boolean).join(' ');
  const results = await runtime.geocoder.search(query, {
    limit: 1,
    ...(/^\d{5}$/.test(s.cpOccupant) ? { postcode: s.cpOccupant } : {}),
    ...(s.inseeOccupant ? { citycode: s.inseeOccupant } : {}),
  });
  const best = results[0];
  if (!best) return 'not-found';
  const update: Record<string, unknown> = {};
  // The offline fallback only knows communes by postcode (several may share one): INSEE from the BAN only.
  if (best.source === 'ban' && !s.inseeOccupant && best.citycode) update.inseeOccupant = best.citycode;
  if (best.source === 'ban' && best.lat != null && best.lng != null) {
    if (s.geolocLat == null || s.geolocLng == null) {
      update.geolocLat = best.lat;
      update.geolocLng = best.lng;
    }
    if (!s.banIdOccupant && best.banId) update.banIdOccupant = best.banId;
  }
  if (Object.keys(update).length) {
    await db.updateTable('signalement').set(update).where('id', '=', signalementId).execute();
  }
  return best.source === 'ban' ? 'done' : 'unavailable';
}

/**
 * Deletes drafts (any status but EN_SIGNALEMENT) untouched for 6 months, with their files in storage. A
 * draft whose files cannot all be deleted is kept for the next run, so that no file is left orphaned.
 */
export async function purgeOldDrafts(
  runtime: Pick<Runtime, 'database' | 'storage'>,
  opts: { now?: Date; batchSize?: number; log?: Log } = {},
): Promise<{ drafts: number; files: number; kept: number }> {
  const db = runtime.database.db;
  const cutoff = new Date(opts.now ?? Date.now());
  cutoff.setMonth(cutoff.getMonth() - DRAFT_RETENTION_MONTHS);
  const batchSize = opts.batchSize ?? 200;
  let drafts = 0;
  let files = 0;
  let kept = 0;
  let afterId = 0;
  for (;;) {
    const batch = await db
      .selectFrom('signalementDraft')
      .select('id')
      .where('status', '!=', 'EN_SIGNALEMENT')
      .where('updatedAt', '<', cutoff)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (!batch.length) break;
    afterId = batch[batch.length - 1]!.id;
    const ids = batch.map((d) => d.id);
    const stored = await db
      .selectFrom('signalementDraftFile')
      .select(['draftId', 'storageKey', 'variants'])
      .where('draftId', 'in', ids)
      .execute();
    const deletable: number[] = [];
    for (const id of ids) {
      const own = stored.filter((f) => f.draftId === id);
      const results = await Promise.allSettled(
        own.map((f) =>
          deleteStoredUpload(runtime.storage, {
            storageKey: f.storageKey,
            variants: (f.variants ?? {}) as unknown as Record<string, string>,
          }),
        ),
      );
      if (results.some((r) => r.status === 'rejected')) {
        kept++;
        continue;
      }
      files += own.length;
      deletable.push(id);
    }
    if (deletable.length) {
      // Files rows go with the draft (on delete cascade).
      await db.deleteFrom('signalementDraft').where('id', 'in', deletable).execute();
      drafts += deletable.length;
    }
  }
  if (kept) opts.log?.warn({ kept }, 'Brouillons gardés : des fichiers n’ont pas pu être supprimés');
  return { drafts, files, kept };
}

/** Job handlers and scheduled tasks run by the `worker` role (and by `all`). */
export async function registerWorker(runtime: Runtime, logger: pino.Logger) {
  const jobs = runtime.jobs;
  if (!jobs) return;

  await jobs.work<MailJobData>(JOB_SEND_MAIL, (job) => handleMailJob(runtime, job));

  await jobs.work<{ signalementId: number }>(JOB_GEOCODE_SIGNALEMENT, async (job) => {
    const outcome = await geocodeSignalement(runtime, job.data.signalementId);
    if (outcome === 'unavailable') {
      // Try again later (pg-boss backoff); after the last attempt the typed address simply stays as it is.
      if (job.retryCount < job.retryLimit) throw new Error('Service BAN indisponible');
      logger.warn({ signalementId: job.data.signalementId }, 'Géocodage abandonné : BAN indisponible');
    }
  });

  await jobs.work(JOB_PURGE_DRAFTS, async () => {
    const result = await purgeOldDrafts(runtime, { log: logger });
    if (result.drafts || result.kept) logger.info(result, 'Brouillons de plus de 6 mois supprimés');
  });
  await jobs.schedule(JOB_PURGE_DRAFTS, '40 3 * * *');

  await jobs.work(JOB_NOTIFICATIONS_DIGEST, async () => {
    const result = await sendDailyDigests(runtime);
    if (result.mails) logger.info(result, 'Résumés quotidiens des notifications envoyés');
  });
  await jobs.schedule(JOB_NOTIFICATIONS_DIGEST, DIGEST_CRON);

  await jobs.work(JOB_PURGE_NOTIFICATIONS, async () => {
    const removed = await purgeOldNotifications(runtime);
    if (removed) logger.info({ removed }, 'Notifications de plus de 30 jours supprimées');
  });
  await jobs.schedule(JOB_PURGE_NOTIFICATIONS, PURGE_NOTIFICATIONS_CRON);

  await jobs.work(JOB_PURGE_ACCOUNT_TOKENS, async () => {
    const removed = await purgeExpiredAccountTokens(runtime);
    if (removed) logger.info({ removed }, 'Liens et codes de compte expirés supprimés');
  });
  await jobs.schedule(JOB_PURGE_ACCOUNT_TOKENS, '25 4 * * *');

  await jobs.work(JOB_INACTIVE_ACCOUNTS, async () => {
    const result = await processInactiveAccounts(runtime);
    if (result.warned || result.archived) logger.info(result, 'Comptes inutilisés prévenus ou archivés');
  });
  await jobs.schedule(JOB_INACTIVE_ACCOUNTS, INACTIVE_ACCOUNTS_CRON);

  await jobs.work(JOB_ACTIVATION_REMINDERS, async () => {
    const reminded = await remindNeverActivated(runtime);
    if (reminded) logger.info({ reminded }, 'Rappels d’activation de compte envoyés');
  });
  await jobs.schedule(JOB_ACTIVATION_REMINDERS, ACTIVATION_REMINDERS_CRON);

  await jobs.work(JOB_PURGE_STATE, async () => {
    const n = await runtime.state.purgeExpired();
    if (n) logger.info({ removed: n }, 'Sessions et compteurs expirés supprimés');
  });
  await jobs.schedule(JOB_PURGE_STATE, '17 * * * *');
}
