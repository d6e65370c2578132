import { cx } from './util.ts';

/**
 * Shared pieces of DSFR form fields.
 *
 * Id conventions (used by ErrorSummary links and tests), for a field whose id is `x`:
 * - `x-messages`: the DSFR messages group (aria-live, always rendered, empty when no message);
 * - `x-error`: the error message, referenced by the control's aria-describedby when present.
 */
export const messagesId = (id: string) => `${id}-messages`;
export const errorId = (id: string) => `${id}-error`;
export const validId = (id: string) => `${id}-valid`;

/** Asterisk after a required field's label; hidden from assistive tech, which reads `required` instead. */
export function RequiredMark(props: { required?: boolean }): JSX.Element {
  if (!props.required) return '';
  return (
    <span class="hl-required" aria-hidden="true">
      {' *'}
    </span>
  );
}

/** "Les champs marqués d'un astérisque (*) sont obligatoires.", to put at the top of forms using `required`. */
export function RequiredFieldsHint(): JSX.Element {
  return <p class="fr-hint-text fr-mb-3w">Les champs marqués d’un astérisque (*) sont obligatoires.</p>;
}

export function FieldLabel(props: {
  for: string;
  label: string;
  hint?: string;
  required?: boolean;
  class?: string;
}): JSX.Element {
  return (
    <label class={cx('fr-label', props.class)} for={props.for}>
      <span safe>{props.label}</span>
      <RequiredMark required={props.required} />
      {props.hint ? (
        <span class="fr-hint-text" safe>
          {props.hint}
        </span>
      ) : (
        ''
      )}
    </label>
  );
}

export function FieldMessages(props: { id: string; error?: string; valid?: string }): JSX.Element {
  return (
    <div class="fr-messages-group" id={messagesId(props.id)} aria-live="polite">
      {props.error ? (
        <p class="fr-message fr-message--error" id={errorId(props.id)} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
      {props.valid && !props.error ? (
        <p class="fr-message fr-message--valid" id={validId(props.id)} safe>
          {props.valid}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/** aria-describedby value for a control: its error (or success) message when there is one. */
export function describedBy(id: string, error?: string, valid?: string): string | undefined {
  if (error) return errorId(id);
  if (valid) return validId(id);
  return undefined;
}
