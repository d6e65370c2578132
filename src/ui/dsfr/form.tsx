import type { Children } from '@kitajs/html';
import { escapeHtml } from '@kitajs/html';
import { plural } from '../format.ts';
import { cx, type HeadingLevel } from './util.ts';

/** Name of the hidden field carrying the CSRF token (read by app.ts). */
export const CSRF_FIELD = '_csrf';

export function CsrfInput(props: { token: string }): JSX.Element {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

export interface FormProps {
  csrfToken: string;
  /**
   * Defaults to the current URL (the browser posts back to the page). For a multipart form without `action`,
   * the query string of the current URL is not kept (the token replaces it): pass `action` when it matters.
   */
  action?: string;
  /** multipart/form-data, for Upload fields. The CSRF token then also goes in the action URL (see below). */
  multipart?: boolean;
  id?: string;
  class?: string;
  /** Let the browser validate before sending. Off by default: the server's messages (in French, with the
   * error summary) are clearer and the same for every browser. */
  nativeValidation?: boolean;
  /** aria-label for a form that has no visible heading of its own. */
  label?: string;
  children: Children;
}

/**
 * Adds the CSRF token to a form action URL: a multipart body is only read by the route, after the CSRF
 * check, so that check takes the token from the query string (app.ts). Without an action, `?_csrf=…` posts
 * to the current path.
 */
export function withCsrfQuery(action: string | undefined, token: string): string {
  const param = `${CSRF_FIELD}=${encodeURIComponent(token)}`;
  const [base = '', hash] = (action ?? '').split(/#(.*)/s, 2);
  const url = base.includes('?') ? `${base}&${param}` : `${base}?${param}`;
  return hash === undefined ? url : `${url}#${hash}`;
}

/** POST form with the CSRF token. Every state change in the app goes through one (Post/Redirect/Get). */
export function Form(props: FormProps): JSX.Element {
  return (
    <form
      method="post"
      action={props.multipart ? withCsrfQuery(props.action, props.csrfToken) : props.action}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      id={props.id}
      class={props.class}
      novalidate={!props.nativeValidation}
      aria-label={props.label}
    >
      {/* Also in multipart forms, where the server reads the URL one and ignores this field. */}
      <CsrfInput token={props.csrfToken} />
      {props.children}
    </form>
  );
}

export interface FieldError {
  /** Id of the field in error; the summary links to `#fieldId` (for radio/checkbox groups: the group id). */
  fieldId: string;
  message: string;
}

export const ERROR_SUMMARY_ID = 'error-summary';

/** Accepts a list or a `{ fieldId: message }` map (undefined messages are skipped). */
export function toFieldErrors(errors: FieldError[] | Record<string, string | undefined>): FieldError[] {
  if (Array.isArray(errors)) return errors;
  return Object.entries(errors)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0)
    .map(([fieldId, message]) => ({ fieldId, message }));
}

/**
 * Error summary at the top of a form: "Le formulaire contient N erreur(s)" and one link per field.
 * It is focusable (tabindex=-1) and takes focus on load (autofocus), so keyboard and screen reader users
 * land on it after a failed submit, even without JavaScript. Renders nothing when there is no error.
 */
export function ErrorSummary(props: {
  errors: FieldError[] | Record<string, string | undefined>;
  titleAs?: HeadingLevel;
  /** Default true; pass false when another element (e.g. a form-level Alert) takes focus first. */
  autofocus?: boolean;
  class?: string;
}): JSX.Element {
  const errors = toFieldErrors(props.errors);
  if (errors.length === 0) return '';
  const title = `Le formulaire contient ${errors.length} ${plural(errors.length, 'erreur')}`;
  return (
    <div
      class={cx('fr-alert fr-alert--error fr-mb-4w', props.class)}
      id={ERROR_SUMMARY_ID}
      tabindex="-1"
      autofocus={props.autofocus !== false}
    >
      <tag of={props.titleAs ?? 'h2'} class="fr-alert__title">
        {escapeHtml(title)}
      </tag>
      <p>Merci de corriger :</p>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.fieldId}`} safe>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
