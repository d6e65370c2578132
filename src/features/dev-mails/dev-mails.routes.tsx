import type { FastifyInstance } from 'fastify';
import { notFound } from '../../infra/errors.ts';
import { isOutboxId, listOutbox, readOutbox } from '../../infra/mailer.ts';
import { MailDetailPage, MailListPage } from './views/mails.tsx';

/**
 * Development only (never registered in production): the e-mails written to the outbox folder when no SMTP
 * relay is configured.
 */
export function registerDevMails(app: FastifyInstance) {
  const dir = app.deps.config.mail.outboxDir;
  const smtp = Boolean(app.deps.config.mail.smtpUrl);

  app.get('/dev/mails', async (_request, reply) => {
    const mails = smtp ? [] : await listOutbox(dir, { limit: 200 });
    return reply.html(MailListPage({ mails, smtp }));
  });

  app.get('/dev/mails/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isOutboxId(id)) throw notFound();
    const mail = await readOutbox(dir, id);
    if (!mail) throw notFound();
    return reply.html(MailDetailPage({ mail }));
  });

  app.get('/dev/mails/:id/html', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isOutboxId(id)) throw notFound();
    const mail = await readOutbox(dir, id);
    if (!mail) throw notFound();
    // The e-mail HTML is shown in a sandboxed frame whose CSP forbids scripts and inline styles.
    reply.header(
      'content-security-policy',
      "default-src 'none'; img-src data: 'self'; frame-ancestors 'self'; sandbox",
    );
    return reply.type('text/html; charset=utf-8').send(mail.html ?? '<p>(pas de version HTML)</p>');
  });
}
