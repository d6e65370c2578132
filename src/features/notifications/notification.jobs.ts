import type { Runtime } from '../../runtime.ts';
import { formatDateTime } from '../../ui/format.ts';
import { enqueueMail, type MailJobData } from '../../worker.ts';
import { renderMail } from '../mails/render.ts';
import { digestMail } from './notification.messages.ts';
import {
  deleteNotificationsBefore,
  markDigestSent,
  usersWaitingDigest,
  waitingDigestItems,
} from './notification.repository.ts';

export const JOB_NOTIFICATIONS_DIGEST = 'notifications.digest';
export const JOB_PURGE_NOTIFICATIONS = 'notifications.purge';
/** Every morning at 8:00, Paris time (the job queue's default timezone). */
export const DIGEST_CRON = '0 8 * * *';
export const PURGE_NOTIFICATIONS_CRON = '25 4 * * *';
export const NOTIFICATION_RETENTION_DAYS = 30;

/**
 * The daily summary: for each agent with notifications waiting for it, one e-mail listing those not read yet
 * since the last summary, then every waiting notification is marked as summarised (`mailing_summary_sent_at`).
 * Nothing is sent to an inactive account, one whose e-mails are off, one that now chose "no e-mail", or when
 * everything was already read in the application. Each user is handled in its own transaction: the e-mail
 * job exists only if the marking committed, and a second run the same day sends nothing again.
 */
export async function sendDailyDigests(
  runtime: Pick<Runtime, 'database' | 'jobs' | 'config'>,
  opts: { now?: Date; deferred?: MailJobData[] } = {},
): Promise<{ users: number; mails: number }> {
  const db = runtime.database.db;
  const now = opts.now ?? new Date();
  const users = await usersWaitingDigest(db);
  let mails = 0;
  for (const u of users) {
    await db.transaction().execute(async (trx) => {
      const items = await waitingDigestItems(trx, u.id);
      const unread = items.filter((i) => !i.isSeen);
      const wants = u.statut === 'ACTIVE' && u.isMailingActive && u.notificationPreference !== 'NONE';
      if (wants && unread.length) {
        const content = renderMail(
          digestMail(
            unread.map((i) => ({
              reference: i.reference,
              sentence: i.description ?? 'Nouvelle activité',
              createdAt: i.createdAt,
            })),
            `${runtime.config.appUrl}/bo/notifications`,
            (d) => formatDateTime(d),
          ),
        );
        await enqueueMail(runtime, { to: u.email, ...content }, { trx, deferred: opts.deferred ?? [] });
        mails++;
      }
      await markDigestSent(
        trx,
        items.map((i) => i.id),
        now,
      );
    });
  }
  return { users: users.length, mails };
}

/** Deletes notifications older than 30 days. */
export async function purgeOldNotifications(
  runtime: Pick<Runtime, 'database'>,
  opts: { now?: Date } = {},
): Promise<number> {
  const cutoff = new Date(opts.now ?? Date.now());
  cutoff.setDate(cutoff.getDate() - NOTIFICATION_RETENTION_DAYS);
  return deleteNotificationsBefore(runtime.database.db, cutoff);
}
