/**
 * "Finir plus tard": e-mails the link that resumes a draft of the public form where the person stopped.
 * The draft is kept 6 months after its last change (see `purgeOldDrafts` in worker.ts), so is the link.
 */
import { z } from 'zod';
import { conflict, notFound, validation } from '../../infra/errors.ts';
import type { Runtime } from '../../runtime.ts';
import { formatDate } from '../../ui/format.ts';
import { DRAFT_RETENTION_MONTHS, enqueueMail, type MailJobData, sendMailNow } from '../../worker.ts';
import { renderMail } from '../mails/render.ts';
import type { FormData } from './definition/predicates.ts';
import { isUuid } from './draft.repository.ts';

const emailSchema = z.email().max(254);

export const RESUME_EMAIL_FIELD = 'email';

export function resumeUrl(appUrl: string, draftUuid: string): string {
  return `${appUrl}/signalement/${draftUuid}`;
}

function addressOf(payload: FormData): string {
  const v = payload.adresse_logement_adresse;
  return typeof v === 'string' ? v.trim() : '';
}

export function resumeLinkMail(opts: {
  url: string;
  address: string;
  validUntil: Date;
}): Pick<MailJobData, 'subject' | 'html' | 'text'> {
  return renderMail({
    subject: 'Reprenez votre signalement quand vous le souhaitez',
    greeting: 'Bonjour,',
    paragraphs: [
      opts.address
        ? `Vous avez commencé un signalement pour le logement situé ${opts.address}. Vos réponses sont bien enregistrées.`
        : 'Vous avez commencé un signalement. Vos réponses sont bien enregistrées.',
      `Pour le terminer, utilisez le bouton ci-dessous : vous reprendrez là où vous vous étiez arrêté. Ce lien reste valable jusqu’au ${formatDate(opts.validUntil)}.`,
      'Votre signalement ne sera envoyé aux services qu’une fois la dernière étape validée.',
    ],
    button: { label: 'Reprendre mon signalement', url: opts.url },
    after: [
      'Ce lien est personnel : ne le partagez pas, il donne accès à vos réponses.',
      'Si vous n’êtes pas à l’origine de ce signalement, vous pouvez ignorer ce message.',
    ],
  });
}

/**
 * Stores the e-mail on the draft and sends it the resume link. Refuses an invalid e-mail (message on the
 * `email` field) and a draft that was already sent or abandoned.
 */
export async function sendResumeLink(runtime: Runtime, draftUuid: string, email: string): Promise<void> {
  const address = email.trim();
  if (!emailSchema.safeParse(address).success) {
    throw validation('Vérifiez votre adresse e-mail.', {
      [RESUME_EMAIL_FIELD]: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr',
    });
  }
  if (!isUuid(draftUuid)) throw notFound('Ce signalement en cours est introuvable. Il a peut-être expiré.');
  const db = runtime.database.db;
  const now = new Date();
  const draft = await db
    .updateTable('signalementDraft')
    .set({ emailDeclarant: address.toLowerCase(), updatedAt: now })
    .where('uuid', '=', draftUuid)
    .where('status', '=', 'EN_COURS')
    .returning(['id', 'uuid', 'payload'])
    .executeTakeFirst();
  if (!draft) {
    const exists = await db
      .selectFrom('signalementDraft')
      .select('status')
      .where('uuid', '=', draftUuid)
      .executeTakeFirst();
    if (!exists) throw notFound('Ce signalement en cours est introuvable. Il a peut-être expiré.');
    throw conflict(
      exists.status === 'EN_SIGNALEMENT'
        ? 'Ce signalement a déjà été envoyé : il n’y a plus rien à compléter.'
        : 'Ce signalement en cours a été abandonné. Vous pouvez en commencer un nouveau.',
    );
  }
  const validUntil = new Date(now);
  validUntil.setMonth(validUntil.getMonth() + DRAFT_RETENTION_MONTHS);
  const mail: MailJobData = {
    to: address,
    ...resumeLinkMail({
      url: resumeUrl(runtime.config.appUrl, draft.uuid),
      address: addressOf((draft.payload ?? {}) as FormData),
      validUntil,
    }),
  };
  if (runtime.jobs) await enqueueMail(runtime, mail);
  else await sendMailNow(runtime, mail);
}
