import { escapeHtml } from '@kitajs/html';
import { Badge } from '../../../ui/dsfr/display.tsx';
import { Form } from '../../../ui/dsfr/form.tsx';
import { Pagination } from '../../../ui/dsfr/pagination.tsx';
import { countLabel, formatDateTime } from '../../../ui/format.ts';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';

export interface NotificationItemView {
  uuid: string;
  reference: string | null;
  sentence: string;
  createdAt: Date;
  isSeen: boolean;
  /** The dossier still exists: link through /ouvrir (marks read, then opens it). */
  hasDossier: boolean;
}

export interface NotificationsPageProps {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  items: NotificationItemView[];
  total: number;
  unread: number;
  page: number;
  pageCount: number;
}

export const NOTIFICATIONS_PATH = '/bo/notifications';

function pageSuffix(page: number): string {
  return page > 1 ? `?page=${page}` : '';
}

function Item(props: { item: NotificationItemView; page: number; csrfToken: string }): JSX.Element {
  const { item } = props;
  const title = item.reference ? `Dossier ${item.reference}` : 'Notification';
  return (
    <li class={item.isSeen ? 'hl-notification' : 'hl-notification hl-notification--unread'}>
      <div class="hl-notification__body">
        <p class="fr-mb-1v">
          {item.isSeen ? (
            ''
          ) : (
            <Badge label="Non lue" severity="info" small noIcon as="span" class="fr-mr-1w" />
          )}
          {item.hasDossier ? (
            <a class="fr-link" href={`${NOTIFICATIONS_PATH}/${item.uuid}/ouvrir`}>
              <strong safe>{title}</strong>
            </a>
          ) : (
            <strong safe>{title}</strong>
          )}
        </p>
        <p class="fr-mb-1v" safe>
          {item.sentence}
        </p>
        <p class="fr-text--sm fr-mb-0 hl-notification__date">
          <time datetime={item.createdAt.toISOString()} safe>
            {formatDateTime(item.createdAt)}
          </time>
        </p>
      </div>
      {item.isSeen ? (
        ''
      ) : (
        <Form
          csrfToken={props.csrfToken}
          action={`${NOTIFICATIONS_PATH}/${item.uuid}/lu${pageSuffix(props.page)}`}
          class="hl-notification__action"
        >
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
            Marquer comme lu<span class="fr-sr-only">{escapeHtml(` : ${title}`)}</span>
          </button>
        </Form>
      )}
    </li>
  );
}

/** The agent's own notifications, newest first. */
export function NotificationsPage(props: NotificationsPageProps): JSX.Element {
  return (
    <Page
      title={props.page > 1 ? `Notifications, page ${props.page}` : 'Notifications'}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      activeNav={NAV.bo.notifications}
      flashes={props.flashes}
      breadcrumb={[{ label: 'Tableau de bord', href: '/bo' }, { label: 'Notifications' }]}
    >
      <div class="fr-container fr-py-4w">
        <h1>Notifications</h1>
        <div class="hl-notifications__head fr-mb-3w">
          <p class="fr-mb-0" safe>
            {props.total === 0
              ? 'Vous n’avez aucune notification.'
              : `${countLabel(props.total, 'notification')}, dont ${countLabel(props.unread, 'non lue', 'non lues')}.`}
          </p>
          {props.unread > 0 ? (
            <Form csrfToken={props.csrfToken} action={`${NOTIFICATIONS_PATH}/tout-lu`}>
              <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                Tout marquer comme lu
              </button>
            </Form>
          ) : (
            ''
          )}
        </div>
        {props.items.length ? (
          <ul class="hl-notifications" aria-label="Liste des notifications">
            {props.items.map((item) => (
              <Item item={item} page={props.page} csrfToken={props.csrfToken} />
            ))}
          </ul>
        ) : (
          <p>Les nouveautés sur vos dossiers apparaîtront ici. Elles sont gardées 30 jours.</p>
        )}
        <Pagination
          page={props.page}
          pageCount={props.pageCount}
          hrefFor={(p) => `${NOTIFICATIONS_PATH}${pageSuffix(p)}`}
          total={props.total}
          itemLabel={['notification', 'notifications']}
        />
      </div>
    </Page>
  );
}
