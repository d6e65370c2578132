import { escapeHtml } from '@kitajs/html';
import { CsrfInput } from '../dsfr/form.tsx';

/** What the layout needs to know about the signed-in agent. */
export interface CurrentUserView {
  prenom: string;
  nom: string;
  email: string;
  /** e.g. "Administrateur territorial", "Agent". */
  roleLabel: string;
  /** Absent for a super admin (all territories). */
  territoireNom?: string;
  unreadNotifications?: number;
  /** Show the "Administration" entry (default true; pass false for agents without admin rights). */
  showAdministration?: boolean;
}

export type Area = 'public' | 'bo';

/** Keys for Page's activeNav. */
export const NAV = {
  public: { accueil: 'accueil', signalement: 'signalement', suivi: 'suivi' },
  bo: {
    dashboard: 'dashboard',
    signalements: 'signalements',
    notifications: 'notifications',
    admin: 'admin',
  },
} as const;

export const HEADER_NAV_ID = 'header-navigation';
const MENU_MODAL_ID = 'header-menu-modal';
const MENU_BUTTON_ID = 'header-menu-button';

interface NavItem {
  key: string;
  label: string;
  href: string;
  /** Unread count shown after the label. */
  count?: number;
}

function navItems(area: Area, user?: CurrentUserView): NavItem[] {
  if (area === 'public') {
    return [
      { key: NAV.public.accueil, label: 'Accueil', href: '/' },
      { key: NAV.public.signalement, label: 'Signaler un problème', href: '/signalement' },
      { key: NAV.public.suivi, label: 'Suivre mon signalement', href: '/suivre-mon-signalement' },
    ];
  }
  if (!user) return [];
  const unread = user.unreadNotifications ?? 0;
  const items: NavItem[] = [
    { key: NAV.bo.dashboard, label: 'Tableau de bord', href: '/bo' },
    { key: NAV.bo.signalements, label: 'Signalements', href: '/bo/signalements' },
    {
      key: NAV.bo.notifications,
      label: 'Notifications',
      href: '/bo/notifications',
      count: unread,
    },
  ];
  if (user.showAdministration !== false) {
    items.push({ key: NAV.bo.admin, label: 'Administration', href: '/bo/admin' });
  }
  return items;
}

/** The unread count is text (with its meaning for screen readers), not a coloured dot. */
function NavCount(props: { count?: number }): JSX.Element {
  const count = props.count ?? 0;
  if (count <= 0) return '';
  return (
    <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon hl-nav-count">
      {count > 99 ? '99+' : count}
      <span class="fr-sr-only">{count > 1 ? ' non lues' : ' non lue'}</span>
    </span>
  );
}

/** Quick-access links (header tools). DSFR JS copies them into the mobile menu; we render that copy too. */
function ToolsLinks(props: { area: Area; user?: CurrentUserView; csrfToken?: string }): JSX.Element {
  const { user } = props;
  if (props.area === 'public') {
    return (
      <ul class="fr-btns-group">
        <li>
          <a class="fr-btn fr-icon-lock-line" href="/connexion">
            Accès agents
          </a>
        </li>
      </ul>
    );
  }
  if (!user) return '';
  const context = [user.roleLabel, user.territoireNom ?? 'Tous les territoires'].join(' · ');
  return (
    <ul class="fr-btns-group">
      <li>
        <p class="hl-header-user">
          <span class="fr-icon-account-circle-line fr-icon--sm" aria-hidden="true"></span>
          <span class="hl-header-user__text">
            <span class="hl-header-user__name" safe>
              {`${user.prenom} ${user.nom}`}
            </span>
            <span class="hl-header-user__context" safe>
              {context}
            </span>
          </span>
        </p>
      </li>
      <li>
        <form method="post" action="/deconnexion" class="hl-header-logout">
          {props.csrfToken ? <CsrfInput token={props.csrfToken} /> : ''}
          <button type="submit" class="fr-btn fr-icon-logout-box-r-line">
            Se déconnecter
          </button>
        </form>
      </li>
    </ul>
  );
}

export function Header(props: {
  area: Area;
  user?: CurrentUserView;
  csrfToken?: string;
  activeNav?: string;
}): JSX.Element {
  const items = navItems(props.area, props.user);
  const homeHref = props.area === 'bo' && props.user ? '/bo' : '/';
  // Signed-out back-office pages (sign-in, dev tools) have neither quick access nor navigation: DSFR's
  // minimal header, without the mobile menu button and its (empty) modal.
  const hasMenu = props.area === 'public' || Boolean(props.user);
  const tools = <ToolsLinks area={props.area} user={props.user} csrfToken={props.csrfToken} />;
  return (
    // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: DSFR markup keeps explicit landmark roles
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">
                    République
                    <br />
                    Française
                  </p>
                </div>
                {hasMenu ? (
                  <div class="fr-header__navbar">
                    <button
                      data-fr-opened="false"
                      aria-controls={MENU_MODAL_ID}
                      title="Menu"
                      type="button"
                      id={MENU_BUTTON_ID}
                      class="fr-btn--menu fr-btn"
                    >
                      Menu
                    </button>
                  </div>
                ) : (
                  ''
                )}
              </div>
              <div class="fr-header__service">
                <a href={homeHref} title="Accueil - Histologe">
                  <p class="fr-header__service-title">Histologe</p>
                </a>
                <p class="fr-header__service-tagline">Signaler et traiter le mal-logement</p>
              </div>
            </div>
            {hasMenu ? (
              <div class="fr-header__tools">
                <div class="fr-header__tools-links">{tools}</div>
              </div>
            ) : (
              ''
            )}
          </div>
        </div>
      </div>
      {hasMenu ? (
        // biome-ignore lint/a11y/useAriaPropsSupportedByRole: DSFR JS gives this modal role="dialog" when it opens
        <div class="fr-header__menu fr-modal" id={MENU_MODAL_ID} aria-labelledby={MENU_BUTTON_ID}>
          <div class="fr-container">
            <button aria-controls={MENU_MODAL_ID} title="Fermer" type="button" class="fr-btn--close fr-btn">
              Fermer
            </button>
            {/* Same content as the tools links: visible on mobile even when DSFR JS does not run. */}
            <div class="fr-header__menu-links">{tools}</div>
            {items.length > 0 ? (
              // biome-ignore lint/a11y/noRedundantRoles: DSFR markup keeps explicit landmark roles
              <nav class="fr-nav" id={HEADER_NAV_ID} role="navigation" aria-label="Menu principal">
                <ul class="fr-nav__list">
                  {items.map((item) => (
                    <li class="fr-nav__item">
                      <a
                        class="fr-nav__link"
                        href={item.href}
                        target="_self"
                        aria-current={props.activeNav === item.key ? 'page' : undefined}
                      >
                        {escapeHtml(item.label)}
                        <NavCount count={item.count} />
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : (
              ''
            )}
          </div>
        </div>
      ) : (
        ''
      )}
    </header>
  );
}
