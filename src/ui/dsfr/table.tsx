import type { Children } from '@kitajs/html';
import { escapeHtml } from '@kitajs/html';
import { cx } from './util.ts';

export type TableHeader =
  | string
  | { label: string; class?: string /** read by screen readers only */; srOnly?: boolean };
export type TableCell = string | number | null | undefined;

export interface TableProps {
  /** Required: names the table for screen readers (can be visually hidden with captionHidden). */
  caption: string;
  captionHidden?: boolean;
  headers: TableHeader[];
  /** Text-only rows (escaped). For rich cells (links, badges), pass <tr> elements as children instead. */
  rows?: TableCell[][];
  /** First cell of each text row is a row header (<th scope="row">). */
  rowHeader?: boolean;
  /** Shown in a single row when there is no row at all. */
  emptyMessage?: string;
  size?: 'sm' | 'lg';
  bordered?: boolean;
  /** Wrap long cell contents instead of scrolling horizontally. */
  multiline?: boolean;
  noScroll?: boolean;
  id?: string;
  class?: string;
  /** <tr> rows for the tbody; cells must be written with `safe` by the caller. */
  children?: Children;
}

/**
 * DSFR "tableau" (1.12+ markup: fr-table > wrapper > container > content > table). The wrapper scrolls
 * horizontally on small screens, so wide tables stay usable on a phone.
 */
export function Table(props: TableProps): JSX.Element {
  const hasChildren = props.children !== undefined && props.children !== null && props.children !== '';
  const rows = props.rows ?? [];
  const empty = !hasChildren && rows.length === 0;
  return (
    <div
      class={cx(
        'fr-table',
        props.size && `fr-table--${props.size}`,
        props.bordered && 'fr-table--bordered',
        props.multiline && 'fr-table--multiline',
        props.noScroll && 'fr-table--no-scroll',
        props.captionHidden && 'fr-table--no-caption',
        props.class,
      )}
      id={props.id}
    >
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table>
              <caption safe>{props.caption}</caption>
              <thead>
                <tr>
                  {props.headers.map((h) =>
                    typeof h === 'string' ? (
                      <th scope="col" safe>
                        {h}
                      </th>
                    ) : (
                      <th scope="col" class={h.class}>
                        {h.srOnly ? (
                          <span class="fr-sr-only" safe>
                            {h.label}
                          </span>
                        ) : (
                          escapeHtml(h.label)
                        )}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr>
                    {row.map((cell, i) =>
                      i === 0 && props.rowHeader ? (
                        <th scope="row" safe>
                          {cell ?? ''}
                        </th>
                      ) : (
                        <td safe>{cell ?? ''}</td>
                      ),
                    )}
                  </tr>
                ))}
                {props.children}
                {empty ? (
                  <tr>
                    <td colspan={String(props.headers.length)} safe>
                      {props.emptyMessage ?? 'Aucun élément à afficher.'}
                    </td>
                  </tr>
                ) : (
                  ''
                )}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
