import type { Children } from '@kitajs/html';
import { escapeHtml } from '@kitajs/html';
import { Artwork } from './artwork.tsx';
import { cx, type HeadingLevel } from './util.ts';

export type Severity = 'success' | 'error' | 'info' | 'warning';

export interface AlertProps {
  type: Severity;
  title?: string;
  /** Plain text, escaped. Use children for richer content (links, lists). */
  description?: string;
  /** DSFR small alert (no title needed). */
  small?: boolean;
  titleAs?: HeadingLevel;
  id?: string;
  /** 'alert' for a message that must interrupt, 'status' for a polite one; none for static content. */
  role?: 'alert' | 'status';
  /** Focus it when the page loads (tabindex=-1 + autofocus), e.g. a form-level error after a failed submit. */
  focusOnLoad?: boolean;
  class?: string;
  children?: Children;
}

/** DSFR "alerte" (static: no close button, which would need inline JS). */
export function Alert(props: AlertProps): JSX.Element {
  return (
    <div
      id={props.id}
      class={cx('fr-alert', `fr-alert--${props.type}`, props.small && 'fr-alert--sm', props.class)}
      role={props.role}
      tabindex={props.focusOnLoad ? '-1' : undefined}
      autofocus={props.focusOnLoad}
    >
      {props.title ? (
        <tag of={props.titleAs ?? 'h3'} class="fr-alert__title">
          {escapeHtml(props.title)}
        </tag>
      ) : (
        ''
      )}
      {props.description ? <p safe>{props.description}</p> : ''}
      {props.children}
    </div>
  );
}

export type BadgeSeverity = Severity | 'new';
export type AccentColor =
  | 'green-tilleul-verveine'
  | 'green-bourgeon'
  | 'green-emeraude'
  | 'green-menthe'
  | 'green-archipel'
  | 'blue-ecume'
  | 'blue-cumulus'
  | 'purple-glycine'
  | 'pink-macaron'
  | 'pink-tuile'
  | 'yellow-tournesol'
  | 'yellow-moutarde'
  | 'orange-terre-battue'
  | 'brown-cafe-creme'
  | 'brown-caramel'
  | 'brown-opera'
  | 'beige-gris-galet';

export interface BadgeProps {
  /** The text is the information; colour only reinforces it. */
  label: string;
  severity?: BadgeSeverity;
  /** Accent colour when there is no severity. */
  color?: AccentColor;
  small?: boolean;
  noIcon?: boolean;
  /** 'span' inside phrasing content (a sentence, a link, a heading). */
  as?: 'p' | 'span';
  /** Screen-reader-only prefix, e.g. "Statut : ". */
  srPrefix?: string;
  class?: string;
}

export function Badge(props: BadgeProps): JSX.Element {
  return (
    <tag
      of={props.as ?? 'p'}
      class={cx(
        'fr-badge',
        props.severity && `fr-badge--${props.severity}`,
        !props.severity && props.color && `fr-badge--${props.color}`,
        props.small && 'fr-badge--sm',
        props.noIcon && 'fr-badge--no-icon',
        props.class,
      )}
    >
      {props.srPrefix ? (
        <span class="fr-sr-only" safe>
          {props.srPrefix}
        </span>
      ) : (
        ''
      )}
      {escapeHtml(props.label)}
    </tag>
  );
}

export function BadgesGroup(props: { badges: BadgeProps[]; small?: boolean }): JSX.Element {
  return (
    <ul class={cx('fr-badges-group', props.small && 'fr-badges-group--sm')}>
      {props.badges.map((b) => (
        <li>
          <Badge {...b} />
        </li>
      ))}
    </ul>
  );
}

const STATUS_BADGES: Record<string, { label: string; severity?: BadgeSeverity; color?: AccentColor }> = {
  // SignalementStatus
  DRAFT: { label: 'Brouillon' },
  NEED_VALIDATION: { label: 'Nouveau', severity: 'new' },
  ACTIVE: { label: 'En cours', severity: 'info' },
  CLOSED: { label: 'Fermé', color: 'beige-gris-galet' },
  ARCHIVED: { label: 'Archivé' },
  REFUSED: { label: 'Refusé', severity: 'error' },
  DRAFT_ARCHIVED: { label: 'Brouillon archivé' },
  INJONCTION_BAILLEUR: { label: 'Démarche accélérée', severity: 'warning' },
  INJONCTION_CLOSED: { label: 'Démarche accélérée clôturée', color: 'beige-gris-galet' },
  // AffectationStatus (stored values)
  NOUVEAU: { label: 'Nouveau', severity: 'new' },
  EN_COURS: { label: 'En cours', severity: 'info' },
  REFUSE: { label: 'Refusé', severity: 'error' },
  FERME: { label: 'Fermé', color: 'beige-gris-galet' },
};

/** Badge for a signalement or affectation status value (NEED_VALIDATION, ACTIVE, EN_COURS…). */
export function statusBadge(
  statut: string,
  options: { small?: boolean; as?: 'p' | 'span' } = {},
): JSX.Element {
  const known = STATUS_BADGES[statut];
  return (
    <Badge
      label={known?.label ?? statut}
      severity={known?.severity}
      color={known?.color}
      small={options.small}
      as={options.as}
      srPrefix="Statut : "
    />
  );
}

export interface TagProps {
  label: string;
  /** Makes it a link. */
  href?: string;
  small?: boolean;
  /** DSFR icon class, e.g. 'fr-icon-map-pin-2-line'. */
  icon?: string;
  /** aria-current when the tag link points to the active filter. */
  current?: boolean;
  class?: string;
}

export function Tag(props: TagProps): JSX.Element {
  const cls = cx(
    'fr-tag',
    props.small && 'fr-tag--sm',
    props.icon,
    props.icon && 'fr-tag--icon-left',
    props.class,
  );
  if (props.href) {
    return (
      <a class={cls} href={props.href} aria-current={props.current ? 'true' : undefined} safe>
        {props.label}
      </a>
    );
  }
  return (
    <p class={cls} safe>
      {props.label}
    </p>
  );
}

export function TagsGroup(props: { tags: TagProps[]; small?: boolean }): JSX.Element {
  return (
    <ul class={cx('fr-tags-group', props.small && 'fr-tags-group--sm')}>
      {props.tags.map((t) => (
        <li>
          <Tag {...t} small={t.small ?? props.small} />
        </li>
      ))}
    </ul>
  );
}

export interface NoticeProps {
  title: string;
  description?: string;
  link?: { href: string; label: string; external?: boolean };
  type?: 'info' | 'warning' | 'alert';
  class?: string;
}

/**
 * DSFR "bandeau d'information importante", placed right under the header. Not dismissible: the DSFR close
 * button relies on an inline onclick, which our CSP forbids.
 */
export function Notice(props: NoticeProps): JSX.Element {
  const link = props.link;
  return (
    <div class={cx('fr-notice', `fr-notice--${props.type ?? 'info'}`, props.class)}>
      <div class="fr-container">
        <div class="fr-notice__body">
          <p>
            <span class="fr-notice__title" safe>
              {props.title}
            </span>
            {props.description ? (
              <span class="fr-notice__desc" safe>
                {props.description}
              </span>
            ) : (
              ''
            )}
            {link ? (
              link.external ? (
                <a
                  class="fr-notice__link"
                  href={link.href}
                  target="_blank"
                  rel="noopener external"
                  title={`${link.label} - nouvelle fenêtre`}
                  safe
                >
                  {link.label}
                </a>
              ) : (
                <a class="fr-notice__link" href={link.href} safe>
                  {link.label}
                </a>
              )
            ) : (
              ''
            )}
          </p>
        </div>
      </div>
    </div>
  );
}

export interface StepperProps {
  /** 1-based. */
  currentStep: number;
  stepCount: number;
  /** Title of the current step. */
  title: string;
  /** Title of the next step; omitted on the last one. */
  nextTitle?: string;
  titleAs?: 'h1' | 'h2' | 'h3';
  class?: string;
}

/** DSFR "indicateur d'étapes". The bar is drawn by CSS from data attributes: no JS needed. */
export function Stepper(props: StepperProps): JSX.Element {
  const current = Math.min(Math.max(1, props.currentStep), props.stepCount);
  return (
    <div class={cx('fr-stepper', props.class)}>
      <tag of={props.titleAs ?? 'h2'} class="fr-stepper__title">
        {escapeHtml(props.title)}
        <span class="fr-stepper__state">
          Étape {current} sur {props.stepCount}
        </span>
      </tag>
      <div
        class="fr-stepper__steps"
        data-fr-current-step={String(current)}
        data-fr-steps={String(props.stepCount)}
      />
      {props.nextTitle && current < props.stepCount ? (
        <p class="fr-stepper__details">
          <span class="fr-text--bold">Étape suivante :</span> {escapeHtml(props.nextTitle)}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

export interface BreadcrumbProps {
  /** Ancestors then the current page; the last segment (or any without href) is the current page. */
  segments: { label: string; href?: string }[];
  id?: string;
}

/**
 * DSFR "fil d'Ariane". On mobile, DSFR collapses it behind a "Voir le fil d'Ariane" button that needs JS:
 * nojs.css shows the list and hides the button when scripting is off.
 */
export function Breadcrumb(props: BreadcrumbProps): JSX.Element {
  if (props.segments.length === 0) return '';
  const collapseId = `${props.id ?? 'breadcrumb'}-collapse`;
  const last = props.segments.length - 1;
  return (
    // biome-ignore lint/a11y/noRedundantRoles: DSFR markup keeps explicit landmark roles
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :" id={props.id}>
      <button type="button" class="fr-breadcrumb__button" aria-expanded="false" aria-controls={collapseId}>
        Voir le fil d’Ariane
      </button>
      <div class="fr-collapse" id={collapseId}>
        <ol class="fr-breadcrumb__list">
          {props.segments.map((s, i) =>
            i === last || !s.href ? (
              <li>
                {/* biome-ignore lint/a11y/useValidAnchor: DSFR marks the current page as a link without href */}
                <a class="fr-breadcrumb__link" aria-current="page" safe>
                  {s.label}
                </a>
              </li>
            ) : (
              <li>
                <a class="fr-breadcrumb__link" href={s.href} safe>
                  {s.label}
                </a>
              </li>
            ),
          )}
        </ol>
      </div>
    </nav>
  );
}

export interface CardProps {
  title: string;
  /** The whole card becomes clickable (fr-enlarge-link) through the title link. */
  href?: string;
  description?: string;
  /** Small text above the title (category, date…). */
  detail?: string;
  badges?: BadgeProps[];
  titleAs?: HeadingLevel;
  horizontal?: boolean;
  size?: 'sm' | 'lg';
  /** Footer content (buttons); the card is then not enlarged. */
  children?: Children;
  class?: string;
}

export function Card(props: CardProps): JSX.Element {
  const hasFooter = props.children !== undefined && props.children !== null && props.children !== '';
  const enlarge = Boolean(props.href) && !hasFooter;
  return (
    <div
      class={cx(
        'fr-card',
        enlarge && 'fr-enlarge-link',
        props.horizontal && 'fr-card--horizontal',
        props.size && `fr-card--${props.size}`,
        !props.href && 'fr-card--no-arrow',
        props.class,
      )}
    >
      <div class="fr-card__body">
        <div class="fr-card__content">
          <tag of={props.titleAs ?? 'h3'} class="fr-card__title">
            {props.href ? (
              <a href={props.href} safe>
                {props.title}
              </a>
            ) : (
              escapeHtml(props.title)
            )}
          </tag>
          {props.description ? (
            <p class="fr-card__desc" safe>
              {props.description}
            </p>
          ) : (
            ''
          )}
          {props.badges?.length ? (
            <div class="fr-card__start">
              <BadgesGroup badges={props.badges} small />
            </div>
          ) : (
            ''
          )}
          {props.detail ? (
            <div class="fr-card__end">
              <p class="fr-card__detail" safe>
                {props.detail}
              </p>
            </div>
          ) : (
            ''
          )}
        </div>
        {hasFooter ? <div class="fr-card__footer">{props.children}</div> : ''}
      </div>
    </div>
  );
}

export interface TileProps {
  title: string;
  href?: string;
  description?: string;
  detail?: string;
  titleAs?: HeadingLevel;
  small?: boolean;
  horizontal?: boolean;
  /** DSFR pictogram name, e.g. 'document/document-search'. */
  pictogram?: string;
  class?: string;
}

/** DSFR "tuile": a compact clickable block, used for dashboard counters. */
export function Tile(props: TileProps): JSX.Element {
  return (
    <div
      class={cx(
        'fr-tile',
        props.href && 'fr-enlarge-link',
        props.small && 'fr-tile--sm',
        props.horizontal && 'fr-tile--horizontal',
        !props.href && 'fr-tile--no-icon',
        props.class,
      )}
    >
      <div class="fr-tile__body">
        <div class="fr-tile__content">
          <tag of={props.titleAs ?? 'h3'} class="fr-tile__title">
            {props.href ? (
              <a href={props.href} safe>
                {props.title}
              </a>
            ) : (
              escapeHtml(props.title)
            )}
          </tag>
          {props.description ? (
            <p class="fr-tile__desc" safe>
              {props.description}
            </p>
          ) : (
            ''
          )}
          {props.detail ? (
            <p class="fr-tile__detail" safe>
              {props.detail}
            </p>
          ) : (
            ''
          )}
        </div>
      </div>
      {props.pictogram ? (
        <div class="fr-tile__header">
          <div class="fr-tile__pictogram">
            <Artwork name={props.pictogram} />
          </div>
        </div>
      ) : (
        ''
      )}
    </div>
  );
}
