import type { Children } from '@kitajs/html';
import { ASSETS } from '../assets.ts';
import { Alert, Breadcrumb } from '../dsfr/display.tsx';
import { toHtml } from '../dsfr/util.ts';
import { FOOTER_ID, Footer } from './footer.tsx';
import { type Area, type CurrentUserView, HEADER_NAV_ID, Header } from './header.tsx';

export type { Area, CurrentUserView } from './header.tsx';
export { NAV } from './header.tsx';

export const SITE_NAME = 'Histologe';
export const MAIN_ID = 'content';

export type FlashType = 'success' | 'error' | 'info' | 'warning';
export interface Flash {
  type: FlashType;
  message: string;
}

export interface PageProps {
  /** Page title; the document title becomes "{title} — Histologe". */
  title: string;
  children: Children;
  area: Area;
  user?: CurrentUserView;
  /** Needed for the sign-out form in the back-office header. */
  csrfToken?: string;
  /** Ancestors then the current page (the last segment is the current page). */
  breadcrumb?: { label: string; href?: string }[];
  /** One-time messages after a redirect (Post/Redirect/Get). */
  flashes?: Flash[];
  /** Key of the current main navigation entry (see NAV). */
  activeNav?: string;
  /** Extra module scripts (URLs under /static/js/…), loaded after DSFR. */
  scripts?: string[];
  /** Prefixes the document title with "Erreur" so screen reader users hear it first after a failed submit. */
  hasErrors?: boolean;
  description?: string;
}

export function documentTitle(title: string, hasErrors = false): string {
  return `${hasErrors ? 'Erreur — ' : ''}${title} — ${SITE_NAME}`;
}

function Flashes(props: { flashes: Flash[] }): JSX.Element {
  if (props.flashes.length === 0) return '';
  return (
    <div class="hl-flashes">
      {props.flashes.map((f) => (
        <Alert
          type={f.type}
          small
          description={f.message}
          role={f.type === 'error' ? 'alert' : 'status'}
          class="fr-mb-2w"
        />
      ))}
    </div>
  );
}

function SkipLinks(props: { hasNav: boolean }): JSX.Element {
  return (
    <div class="fr-skiplinks">
      {/* biome-ignore lint/a11y/noRedundantRoles: DSFR markup keeps explicit landmark roles */}
      <nav role="navigation" aria-label="Accès rapide" class="fr-container">
        <ul class="fr-skiplinks__list">
          <li>
            <a class="fr-link" href={`#${MAIN_ID}`}>
              Contenu
            </a>
          </li>
          {props.hasNav ? (
            <li>
              <a class="fr-link" href={`#${HEADER_NAV_ID}`}>
                Menu
              </a>
            </li>
          ) : (
            ''
          )}
          <li>
            <a class="fr-link" href={`#${FOOTER_ID}`}>
              Pied de page
            </a>
          </li>
        </ul>
      </nav>
    </div>
  );
}

/**
 * Full HTML document with the DSFR header, footer and skip links. Views return `Page({...})`: a complete
 * page as a string, ready for reply.html().
 */
export function Page(props: PageProps): JSX.Element {
  const hasNav = props.area === 'public' || Boolean(props.user);
  const breadcrumb = props.breadcrumb ?? [];
  const flashes = props.flashes ?? [];
  const hasTop = breadcrumb.length > 0 || flashes.length > 0;
  const html = (
    <html lang="fr" data-fr-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no" />
        <title safe>{documentTitle(props.title, props.hasErrors)}</title>
        {props.description ? <meta name="description" content={props.description} /> : ''}
        {props.area === 'bo' ? <meta name="robots" content="noindex, nofollow" /> : ''}
        <meta name="theme-color" content="#000091" />
        <link rel="apple-touch-icon" href={ASSETS.appleTouchIcon} />
        <link rel="icon" href={ASSETS.faviconSvg} type="image/svg+xml" />
        <link rel="shortcut icon" href={ASSETS.faviconIco} type="image/x-icon" />
        <link rel="manifest" href={ASSETS.manifest} crossorigin="use-credentials" />
        <link rel="stylesheet" href={ASSETS.dsfrCss} />
        <link rel="stylesheet" href={ASSETS.utilityCss} />
        <link rel="stylesheet" href={ASSETS.appCss} />
        <noscript>
          <link rel="stylesheet" href={ASSETS.noJsCss} />
        </noscript>
      </head>
      <body>
        <SkipLinks hasNav={hasNav} />
        <Header area={props.area} user={props.user} csrfToken={props.csrfToken} activeNav={props.activeNav} />
        {/* biome-ignore lint/a11y/noRedundantRoles: DSFR markup keeps explicit landmark roles */}
        <main id={MAIN_ID} role="main" class={`hl-main hl-main--${props.area}`}>
          {hasTop ? (
            <div class={breadcrumb.length > 0 ? 'fr-container' : 'fr-container fr-pt-3w'}>
              <Breadcrumb segments={breadcrumb} />
              <Flashes flashes={flashes} />
            </div>
          ) : (
            ''
          )}
          {props.children}
        </main>
        <Footer />
        <script type="module" src={ASSETS.dsfrModuleJs}></script>
        <script nomodule src={ASSETS.dsfrNomoduleJs}></script>
        {(props.scripts ?? []).map((src) => (
          <script type="module" src={src}></script>
        ))}
      </body>
    </html>
  );
  return `<!doctype html>${toHtml(html)}`;
}
