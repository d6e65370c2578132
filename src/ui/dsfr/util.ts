import { escapeHtml } from '@kitajs/html';

/** Joins class names, skipping falsy ones: cx('fr-btn', small && 'fr-btn--sm'). */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/** Space-separated id list for aria-describedby / aria-labelledby; undefined (attribute dropped) when empty. */
export function idRefs(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean);
  return list.length > 0 ? list.join(' ') : undefined;
}

/**
 * Our components are synchronous, so a rendered element is a plain string. This narrows the JSX.Element type
 * (string | Promise<string>) and fails loudly if an async component ever slips in.
 */
export function toHtml(element: JSX.Element): string {
  if (typeof element !== 'string')
    throw new TypeError('Async JSX is not supported in views: render synchronously');
  return element;
}

/**
 * Value for a user-provided form value attribute (value="…"). Kita only escapes `"` in attributes; escaping
 * `&` too keeps what the user typed intact when the form is shown again (e.g. "&amp;" stays "&amp;").
 */
export function attrValue(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  return escapeHtml(String(value));
}

/** Turns any string into something usable inside an id attribute. */
export function slugId(value: string): string {
  const slug = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'x';
}

export type HeadingLevel = 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
