import { escapeHtml } from '@kitajs/html';
import { Alert } from '../../../ui/dsfr/display.tsx';
import { Table } from '../../../ui/dsfr/table.tsx';
import { formatDateTime, formatFileSize, toIsoString } from '../../../ui/format.ts';
import { type CurrentUserView, Page } from '../../../ui/layout/page.tsx';

/** Structurally the outbox entries of infra/mailer.ts (views import no infra). */
export interface MailListItem {
  id: string;
  date: Date;
  to: string[];
  subject: string;
}

export interface MailDetail extends MailListItem {
  from: string;
  cc: string[];
  bcc: string[];
  replyTo: string[];
  html: string | null;
  text: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
}

interface CommonProps {
  user?: CurrentUserView;
  csrfToken?: string;
}

export const mailHref = (id: string) => `/dev/mails/${encodeURIComponent(id)}`;
export const mailHtmlHref = (id: string) => `${mailHref(id)}/html`;

const LIST_TITLE = 'E-mails envoyés (développement)';

/** /dev/mails: the outbox, newest first. Development only: no mail leaves the machine. */
export function MailListPage(
  props: CommonProps & {
    mails: MailListItem[];
    /** An SMTP relay is configured: mails really leave and the outbox stays empty. */
    smtp?: boolean;
  },
): JSX.Element {
  return (
    <Page title={LIST_TITLE} area="bo" user={props.user} csrfToken={props.csrfToken}>
      <div class="fr-container fr-py-6w">
        <h1>{LIST_TITLE}</h1>
        {props.smtp ? (
          <Alert
            type="info"
            small
            class="fr-mb-3w"
            description="Un relais SMTP est configuré : les e-mails partent vraiment et ne sont pas enregistrés ici."
          />
        ) : (
          <p>
            En développement, les e-mails ne sont pas envoyés : ils sont enregistrés dans le dossier{' '}
            <code>.data/outbox</code> et listés ici, du plus récent au plus ancien.
          </p>
        )}
        <Table
          caption="E-mails enregistrés"
          captionHidden
          headers={['Date', 'Destinataires', 'Objet']}
          emptyMessage="Aucun e-mail enregistré pour l’instant."
        >
          {props.mails.map((m) => (
            <tr>
              <td>
                <time datetime={toIsoString(m.date)} safe>
                  {formatDateTime(m.date)}
                </time>
              </td>
              <td safe>{m.to.join(', ')}</td>
              <td>
                <a href={mailHref(m.id)} safe>
                  {m.subject || '(sans objet)'}
                </a>
              </td>
            </tr>
          ))}
        </Table>
      </div>
    </Page>
  );
}

function HeaderRow(props: { label: string; values: string[] }): JSX.Element {
  if (props.values.length === 0) return '';
  return (
    <>
      <dt class="fr-text--bold fr-mb-0" safe>
        {props.label}
      </dt>
      <dd safe>{props.values.join(', ')}</dd>
    </>
  );
}

/** /dev/mails/{id}: headers, text version, and the HTML version in a sandboxed iframe. */
export function MailDetailPage(props: CommonProps & { mail: MailDetail }): JSX.Element {
  const { mail } = props;
  const subject = mail.subject || '(sans objet)';
  return (
    <Page
      title={`${subject} — ${LIST_TITLE}`}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      breadcrumb={[{ label: LIST_TITLE, href: '/dev/mails' }, { label: subject }]}
    >
      <div class="fr-container fr-pb-6w">
        <h1 safe>{subject}</h1>
        <dl class="hl-mail-headers">
          <HeaderRow label="Date" values={[formatDateTime(mail.date)]} />
          <HeaderRow label="De" values={mail.from ? [mail.from] : []} />
          <HeaderRow label="À" values={mail.to} />
          <HeaderRow label="Copie" values={mail.cc} />
          <HeaderRow label="Copie cachée" values={mail.bcc} />
          <HeaderRow label="Répondre à" values={mail.replyTo} />
          <HeaderRow
            label="Pièces jointes"
            values={mail.attachments.map(
              (a) => `${a.filename ?? 'sans nom'} (${a.contentType}, ${formatFileSize(a.size)})`,
            )}
          />
        </dl>

        <h2 class="fr-mt-4w">Version texte</h2>
        {mail.text !== null ? (
          <pre class="hl-mail-text" safe>
            {mail.text}
          </pre>
        ) : (
          <p>Cet e-mail n’a pas de version texte.</p>
        )}

        <h2 class="fr-mt-4w">Version HTML</h2>
        {mail.html !== null ? (
          <>
            <p class="fr-text--sm">
              Affichée dans un cadre isolé (sans script ni formulaire).{' '}
              <a
                href={mailHtmlHref(mail.id)}
                target="_blank"
                rel="noopener"
                title="Ouvrir seule - nouvelle fenêtre"
              >
                Ouvrir seule
              </a>
            </p>
            <iframe
              class="hl-mail-frame"
              sandbox
              src={mailHtmlHref(mail.id)}
              title={escapeHtml(`Version HTML de l’e-mail « ${subject} »`)}
              loading="lazy"
            ></iframe>
          </>
        ) : (
          <p>Cet e-mail n’a pas de version HTML.</p>
        )}
      </div>
    </Page>
  );
}
