import type pino from 'pino';
import type { MailMessage } from './infra/mailer.ts';
import type { Runtime } from './runtime.ts';

export const JOB_SEND_MAIL = 'mail.send';
export const JOB_PURGE_STATE = 'maintenance.purge-expired-state';

/** Job handlers and scheduled tasks run by the `worker` role (and by `all`). */
export async function registerWorker(runtime: Runtime, logger: pino.Logger) {
  const jobs = runtime.jobs;
  if (!jobs) return;

  await jobs.work<MailMessage>(JOB_SEND_MAIL, async (job) => {
    await runtime.mailer.send(job.data);
  });

  await jobs.work(JOB_PURGE_STATE, async () => {
    const n = await runtime.state.purgeExpired();
    if (n) logger.info({ removed: n }, 'Sessions et compteurs expirés supprimés');
  });
  await jobs.schedule(JOB_PURGE_STATE, '17 * * * *');
}
