import { escapeHtml } from '@kitajs/html';
import { countLabel } from '../format.ts';
import { cx } from './util.ts';

/**
 * Builds `hrefFor` for Pagination from the current URL (path + query): every other query parameter is kept,
 * only `param` changes; page 1 drops the parameter so the first page has one canonical URL.
 * pageHrefFor('/bo/signalements?statut=ACTIVE&page=3')(4) → '/bo/signalements?statut=ACTIVE&page=4'
 */
export function pageHrefFor(currentUrl: string, param = 'page'): (page: number) => string {
  return (page: number) => {
    const url = new URL(currentUrl, 'http://localhost');
    if (page <= 1) url.searchParams.delete(param);
    else url.searchParams.set(param, String(page));
    return url.pathname + url.search;
  };
}

/** Pages to show: first, last, current ± `around`, and null for each gap ("…"). */
export function pageWindow(page: number, pageCount: number, around = 1): (number | null)[] {
  const pages = new Set<number>([1, pageCount]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pageCount) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const result: (number | null)[] = [];
  for (const [i, p] of sorted.entries()) {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev === 2) result.push(prev + 1);
    else if (prev !== undefined && p - prev > 2) result.push(null);
    result.push(p);
  }
  return result;
}

export interface PaginationProps {
  /** Current page, 1-based. */
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  /** Total number of items: shown as "245 signalements · page 2 sur 13". */
  total?: number;
  /** Words for the total, default ['résultat', 'résultats']. */
  itemLabel?: [singular: string, plural: string];
  class?: string;
}

function EdgeLink(props: {
  kind: 'first' | 'prev' | 'next' | 'last';
  label: string;
  href?: string;
}): JSX.Element {
  const cls = cx(
    'fr-pagination__link',
    `fr-pagination__link--${props.kind}`,
    (props.kind === 'prev' || props.kind === 'next') && 'fr-pagination__link--lg-label',
  );
  if (!props.href) {
    // DSFR markup for an unavailable edge link: no href, announced as a disabled link.
    return (
      // biome-ignore lint/a11y/useValidAnchor: DSFR markup for an unavailable page link (no href, aria-disabled)
      <a class={cls} aria-disabled="true" role="link" safe>
        {props.label}
      </a>
    );
  }
  return (
    <a class={cls} href={props.href} safe>
      {props.label}
    </a>
  );
}

/** DSFR "pagination", with plain links: works without JS and keeps the list filters (see pageHrefFor). */
export function Pagination(props: PaginationProps): JSX.Element {
  const pageCount = Math.max(1, props.pageCount);
  const page = Math.min(Math.max(1, props.page), pageCount);
  const [singular, pluralForm] = props.itemLabel ?? ['résultat', 'résultats'];
  const summary = (
    <p class="hl-pagination-summary fr-text--sm fr-mb-1w">
      {props.total !== undefined ? escapeHtml(`${countLabel(props.total, singular, pluralForm)} · `) : ''}
      Page {page} sur {pageCount}
    </p>
  );
  if (pageCount <= 1) return props.total !== undefined ? summary : '';
  return (
    <div class={cx('hl-pagination', props.class)}>
      {summary}
      {/* biome-ignore lint/a11y/noRedundantRoles: DSFR markup keeps explicit landmark roles */}
      <nav role="navigation" class="fr-pagination" aria-label="Pagination">
        <ul class="fr-pagination__list">
          <li>
            <EdgeLink kind="first" label="Première page" href={page > 1 ? props.hrefFor(1) : undefined} />
          </li>
          <li>
            <EdgeLink
              kind="prev"
              label="Page précédente"
              href={page > 1 ? props.hrefFor(page - 1) : undefined}
            />
          </li>
          {pageWindow(page, pageCount).map((p) => {
            if (p === null) {
              return (
                <li>
                  <span class="fr-pagination__link fr-hidden fr-unhidden-lg" aria-hidden="true">
                    …
                  </span>
                </li>
              );
            }
            // On small screens DSFR keeps only the first, current and last pages.
            const hiddenSm = p !== 1 && p !== pageCount && p !== page && 'fr-hidden fr-unhidden-lg';
            if (p === page) {
              return (
                <li>
                  {/* biome-ignore lint/a11y/useValidAnchor: DSFR marks the current page as a link without href */}
                  <a class="fr-pagination__link" aria-current="page" title={`Page ${p}`}>
                    {p}
                  </a>
                </li>
              );
            }
            return (
              <li>
                <a class={cx('fr-pagination__link', hiddenSm)} href={props.hrefFor(p)} title={`Page ${p}`}>
                  {p}
                </a>
              </li>
            );
          })}
          <li>
            <EdgeLink
              kind="next"
              label="Page suivante"
              href={page < pageCount ? props.hrefFor(page + 1) : undefined}
            />
          </li>
          <li>
            <EdgeLink
              kind="last"
              label="Dernière page"
              href={page < pageCount ? props.hrefFor(pageCount) : undefined}
            />
          </li>
        </ul>
      </nav>
    </div>
  );
}
