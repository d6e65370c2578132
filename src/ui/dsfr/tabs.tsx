import type { Children } from '@kitajs/html';
import { cx } from './util.ts';

export interface TabItem {
  /** Value of the ?tab= parameter (or any key the route uses). */
  id: string;
  label: string;
  href: string;
  /** DSFR icon class, e.g. 'fr-icon-chat-3-line'. */
  icon?: string;
  /** Count shown after the label, e.g. unread messages. */
  count?: number;
}

export interface TabsProps {
  /** Names the tab navigation for screen readers, e.g. "Sections du dossier". */
  label: string;
  tabs: TabItem[];
  selectedId: string;
  /** Content of the selected tab only. */
  children: Children;
  id?: string;
  class?: string;
}

/**
 * Server-rendered tabs: each tab is a link (?tab=…) and only the selected panel is rendered.
 *
 * Why not the DSFR tabs component: it is an ARIA tab widget (role=tablist/tab/tabpanel) switched by DSFR
 * JavaScript, which needs every panel in the page. Dossier tabs are heavy (suivis, documents, visites),
 * each has its own URL (shareable, back button works) and the site must work without JavaScript. Links are
 * the honest semantics for that: a <nav> with aria-current="page" on the current tab, as the WAI pattern
 * for navigation. We also keep away from the fr-tabs* classes on purpose: DSFR JS binds its tab behaviour
 * to them and would hide a panel no tab button controls. The look copies DSFR tabs (see app.css .hl-tabs).
 */
export function Tabs(props: TabsProps): JSX.Element {
  const panelId = `${props.id ?? 'tabs'}-panel`;
  return (
    <div class={cx('hl-tabs', props.class)} id={props.id}>
      <nav class="hl-tabs__nav" aria-label={props.label}>
        <ul class="hl-tabs__list">
          {props.tabs.map((t) => {
            const selected = t.id === props.selectedId;
            return (
              <li>
                <a
                  class={cx('hl-tabs__tab', t.icon, t.icon && 'hl-tabs__tab--icon-left')}
                  href={selected ? `#${panelId}` : t.href}
                  aria-current={selected ? 'page' : undefined}
                >
                  <span safe>{t.label}</span>
                  {t.count !== undefined && t.count > 0 ? (
                    <span class="hl-tabs__count"> ({t.count})</span>
                  ) : (
                    ''
                  )}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <div class="hl-tabs__panel" id={panelId}>
        {props.children}
      </div>
    </div>
  );
}
