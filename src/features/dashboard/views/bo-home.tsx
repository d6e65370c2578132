import { escapeHtml } from '@kitajs/html';
import { Button } from '../../../ui/dsfr/button.tsx';
import { countLabel, formatNumber, plural } from '../../../ui/format.ts';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';

export interface BoHomeCounts {
  /** Signalements visible to the user. */
  total: number;
  /** NEED_VALIDATION */
  nouveaux: number;
  enCours: number;
  fermes: number;
}

export interface BoHomePageProps {
  user: CurrentUserView;
  partenaireNom?: string;
  /** Absent for a super admin: "Tous les territoires". */
  territoireNom?: string;
  counts: BoHomeCounts;
  /** Show the "nouveaux" tile; defaults to whenever there are some. Pass true for users who validate. */
  showNouveaux?: boolean;
  csrfToken?: string;
  flashes?: Flash[];
}

/** List filters behind each counter (query string of /bo/signalements). */
export const DASHBOARD_LINKS = {
  total: '/bo/signalements',
  nouveaux: '/bo/signalements?statut=NEED_VALIDATION',
  enCours: '/bo/signalements?statut=ACTIVE',
  fermes: '/bo/signalements?statut=CLOSED',
} as const;

function CountTile(props: {
  count: number;
  label: string;
  description: string;
  href: string;
  lgColumns: 3 | 4;
}): JSX.Element {
  return (
    <div class={`fr-col-12 fr-col-sm-6 fr-col-lg-${props.lgColumns}`}>
      <div class="fr-tile fr-enlarge-link hl-count-tile">
        <div class="fr-tile__body">
          <div class="fr-tile__content">
            <h3 class="fr-tile__title">
              <a href={props.href}>
                <span class="hl-count" safe>
                  {formatNumber(props.count)}
                </span>{' '}
                {escapeHtml(props.label)}
              </a>
            </h3>
            <p class="fr-tile__desc" safe>
              {props.description}
            </p>
          </div>
        </div>
      </div>
    </div>
  );
}

/** Back-office home after sign-in. */
export function BoHomePage(props: BoHomePageProps): JSX.Element {
  const { user, counts } = props;
  const showNouveaux = props.showNouveaux ?? counts.nouveaux > 0;
  const unread = user.unreadNotifications ?? 0;
  // Three or four tiles: fill the row either way.
  const lgColumns = showNouveaux ? 3 : 4;
  const territoire = props.territoireNom ?? user.territoireNom ?? 'Tous les territoires';
  return (
    <Page
      title="Tableau de bord"
      area="bo"
      user={user}
      csrfToken={props.csrfToken}
      activeNav={NAV.bo.dashboard}
      flashes={props.flashes}
    >
      <div class="fr-container fr-py-6w">
        <h1 safe>{`Bonjour ${user.prenom}`}</h1>
        <ul class="hl-profile fr-mb-4w">
          <li>
            <span class="fr-text--bold">Rôle :</span> {escapeHtml(user.roleLabel)}
          </li>
          {props.partenaireNom ? (
            <li>
              <span class="fr-text--bold">Partenaire :</span> {escapeHtml(props.partenaireNom)}
            </li>
          ) : (
            ''
          )}
          <li>
            <span class="fr-text--bold">Territoire :</span> {escapeHtml(territoire)}
          </li>
        </ul>

        <h2>Vos signalements</h2>
        <div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
          <CountTile
            count={counts.total}
            label={plural(counts.total, 'signalement', 'signalements')}
            description="Tous ceux que vous pouvez consulter"
            href={DASHBOARD_LINKS.total}
            lgColumns={lgColumns}
          />
          {showNouveaux ? (
            <CountTile
              count={counts.nouveaux}
              label={plural(counts.nouveaux, 'nouveau', 'nouveaux')}
              description="À valider"
              href={DASHBOARD_LINKS.nouveaux}
              lgColumns={lgColumns}
            />
          ) : (
            ''
          )}
          <CountTile
            count={counts.enCours}
            label="en cours"
            description="En cours de traitement"
            href={DASHBOARD_LINKS.enCours}
            lgColumns={lgColumns}
          />
          <CountTile
            count={counts.fermes}
            label={plural(counts.fermes, 'fermé', 'fermés')}
            description="Dossiers clôturés"
            href={DASHBOARD_LINKS.fermes}
            lgColumns={lgColumns}
          />
        </div>

        {unread > 0 ? (
          <p>
            <a class="fr-link fr-icon-notification-3-line fr-link--icon-left" href="/bo/notifications">
              {escapeHtml(
                `Vous avez ${countLabel(unread, 'notification non lue', 'notifications non lues')}`,
              )}
            </a>
          </p>
        ) : (
          ''
        )}
        <Button label="Voir la liste des signalements" href={DASHBOARD_LINKS.total} priority="secondary" />
      </div>
    </Page>
  );
}
