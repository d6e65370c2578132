import { escapeHtml } from '@kitajs/html';
import type { MailMessage } from '../../infra/mailer.ts';

/**
 * One layout for every e-mail the service sends: an HTML version (simple table layout, inline styles, as mail
 * clients need) and a plain-text version carrying the same words and links. Content is plain text: it is
 * escaped here, so user input (names, messages) can be passed as is.
 */
export interface MailContent {
  subject: string;
  /** Greeting line, e.g. "Bonjour Marie Dupont,". */
  greeting?: string;
  paragraphs: readonly string[];
  /** Main call to action (absolute URL). */
  button?: { label: string; url: string };
  /** Smaller lines after the button (e.g. "Si le bouton ne fonctionne pas, copiez ce lien…"). */
  after?: readonly string[];
  /** Shown in the footer; defaults to a line saying the message was sent automatically. */
  footer?: string;
}

export const PLATFORM_NAME = 'Histologe';

const DEFAULT_FOOTER = `Ce message a été envoyé automatiquement par ${PLATFORM_NAME}, service public de lutte contre le mal-logement. Merci de ne pas y répondre directement.`;

function paragraphHtml(text: string): string {
  return `<p style="margin:0 0 16px;font-size:16px;line-height:24px;color:#161616">${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
}

export function renderMail(content: MailContent): Pick<MailMessage, 'subject' | 'html' | 'text'> {
  const parts: string[] = [];
  if (content.greeting) parts.push(paragraphHtml(content.greeting));
  for (const p of content.paragraphs) parts.push(paragraphHtml(p));
  if (content.button) {
    const url = escapeHtml(content.button.url);
    parts.push(
      `<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:#000091;color:#ffffff;padding:12px 24px;font-size:16px;text-decoration:none">${escapeHtml(content.button.label)}</a></p>`,
      `<p style="margin:0 0 16px;font-size:14px;line-height:20px;color:#3a3a3a">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur&nbsp;: <a href="${url}" style="color:#000091">${url}</a></p>`,
    );
  }
  for (const p of content.after ?? []) parts.push(paragraphHtml(p));
  const footer = escapeHtml(content.footer ?? DEFAULT_FOOTER);
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f6f6;font-family:Marianne,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f6f6"><tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff">
<tr><td style="padding:24px;border-bottom:4px solid #000091;font-size:20px;font-weight:bold;color:#161616">${PLATFORM_NAME}</td></tr>
<tr><td style="padding:24px">${parts.join('\n')}</td></tr>
<tr><td style="padding:16px 24px;font-size:12px;line-height:18px;color:#666666;background:#eeeeee">${footer}</td></tr>
</table></td></tr></table></body></html>`;

  const text = [
    content.greeting,
    ...content.paragraphs,
    content.button ? `${content.button.label} : ${content.button.url}` : undefined,
    ...(content.after ?? []),
    '--',
    content.footer ?? DEFAULT_FOOTER,
  ]
    .filter((l): l is string => l !== undefined)
    .join('\n\n');

  return { subject: content.subject, html, text };
}
