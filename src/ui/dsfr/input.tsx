import { escapeHtml } from '@kitajs/html';
import { describedBy, errorId, FieldLabel, FieldMessages, messagesId, RequiredMark } from './field.tsx';
import { attrValue, cx, idRefs } from './util.ts';

interface FieldBase {
  /** Control id; also the anchor ErrorSummary links to (`#id`). */
  id: string;
  /** Form field name; defaults to id. */
  name?: string;
  label: string;
  /** Help text under the label (expected format, example…). */
  hint?: string;
  /** Error message: switches the field to its error state and is referenced by aria-describedby. */
  error?: string;
  /** Success message (field validated). */
  valid?: string;
  required?: boolean;
  disabled?: boolean;
  /** Extra class on the group wrapper (e.g. 'fr-mb-0'). */
  class?: string;
}

export type InputType = 'text' | 'email' | 'password' | 'tel' | 'number' | 'date' | 'search' | 'url';

export interface InputProps extends FieldBase {
  type?: InputType;
  value?: string | number | null;
  /** HTML autocomplete token: 'email', 'username', 'tel', 'postal-code', 'given-name', 'off'… */
  autocomplete?: string;
  inputMode?: 'none' | 'text' | 'decimal' | 'numeric' | 'tel' | 'search' | 'email' | 'url';
  placeholder?: string;
  min?: number | string;
  max?: number | string;
  step?: number | string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  readOnly?: boolean;
  autofocus?: boolean;
  spellcheck?: boolean;
  autocapitalize?: 'off' | 'none' | 'on' | 'sentences' | 'words' | 'characters';
  /** DSFR icon class shown inside the field, e.g. 'fr-icon-calendar-line'. */
  icon?: string;
  /** Extra ids for aria-describedby (e.g. a paragraph explaining the field). */
  describedBy?: string;
}

function groupClass(base: string, props: FieldBase): string {
  return cx(
    base,
    props.error && `${base}--error`,
    !props.error && props.valid && `${base}--valid`,
    props.disabled && `${base}--disabled`,
    props.class,
  );
}

/** DSFR text field ("champ de saisie"): fr-input-group > label + input + messages group. */
export function Input(props: InputProps): JSX.Element {
  const { id } = props;
  const control = (
    <input
      class="fr-input"
      id={id}
      name={props.name ?? id}
      type={props.type ?? 'text'}
      value={attrValue(props.value)}
      aria-describedby={idRefs(describedBy(id, props.error, props.valid), props.describedBy)}
      aria-invalid={props.error ? 'true' : undefined}
      required={props.required}
      disabled={props.disabled}
      readonly={props.readOnly}
      autofocus={props.autofocus}
      autocomplete={props.autocomplete}
      inputmode={props.inputMode}
      placeholder={props.placeholder}
      min={props.min}
      max={props.max}
      step={props.step === undefined ? undefined : String(props.step)}
      minlength={props.minLength}
      maxlength={props.maxLength}
      pattern={props.pattern}
      spellcheck={props.spellcheck === undefined ? undefined : String(props.spellcheck)}
      autocapitalize={props.autocapitalize}
    />
  );
  return (
    <div class={groupClass('fr-input-group', props)} id={`${id}-group`}>
      <FieldLabel for={id} label={props.label} hint={props.hint} required={props.required} />
      {props.icon ? <div class={cx('fr-input-wrap', props.icon)}>{control}</div> : control}
      <FieldMessages id={id} error={props.error} valid={props.valid} />
    </div>
  );
}

export interface TextareaProps extends FieldBase {
  value?: string | null;
  rows?: number;
  maxLength?: number;
  placeholder?: string;
  autocomplete?: string;
  readOnly?: boolean;
  describedBy?: string;
}

/** DSFR multi-line field: same group as Input with a textarea.fr-input. */
export function Textarea(props: TextareaProps): JSX.Element {
  const { id } = props;
  // The HTML parser drops one newline right after <textarea>: the leading "\n" protects a value that
  // starts with a newline.
  const content = `\n${props.value ?? ''}`;
  return (
    <div class={groupClass('fr-input-group', props)} id={`${id}-group`}>
      <FieldLabel for={id} label={props.label} hint={props.hint} required={props.required} />
      <textarea
        class="fr-input"
        id={id}
        name={props.name ?? id}
        rows={props.rows === undefined ? undefined : String(props.rows)}
        maxlength={props.maxLength}
        placeholder={props.placeholder}
        autocomplete={props.autocomplete}
        aria-describedby={idRefs(describedBy(id, props.error, props.valid), props.describedBy)}
        aria-invalid={props.error ? 'true' : undefined}
        required={props.required}
        disabled={props.disabled}
        readonly={props.readOnly}
        safe
      >
        {content}
      </textarea>
      <FieldMessages id={id} error={props.error} valid={props.valid} />
    </div>
  );
}

export interface PasswordInputProps {
  id: string;
  name?: string;
  label?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** 'current-password' on sign-in, 'new-password' when choosing one. */
  autocomplete: 'current-password' | 'new-password';
  /** Show the DSFR "Afficher" checkbox (needs DSFR JS; hidden by nojs.css when scripting is off). */
  showToggle?: boolean;
  /** Link under the field, e.g. { href: '/mot-de-passe-perdu', label: 'Mot de passe perdu ?' }. */
  forgotLink?: { href: string; label: string };
  class?: string;
}

/**
 * DSFR "mot de passe" component. Without JavaScript it is a plain password field: the show-password
 * checkbox is hidden by nojs.css (loaded in <noscript>), since only DSFR JS can make it work.
 */
export function PasswordInput(props: PasswordInputProps): JSX.Element {
  const { id } = props;
  const label = props.label ?? 'Mot de passe';
  return (
    <div class={cx('fr-password', props.error && 'fr-input-group--error', props.class)} id={`${id}-group`}>
      <label class="fr-password__label fr-label" for={id}>
        {escapeHtml(label)}
        <RequiredMark required={props.required} />
        {props.hint ? (
          <span class="fr-hint-text" safe>
            {props.hint}
          </span>
        ) : (
          ''
        )}
      </label>
      <div class="fr-input-wrap">
        <input
          class="fr-password__input fr-input"
          id={id}
          name={props.name ?? id}
          type="password"
          autocomplete={props.autocomplete}
          autocapitalize="off"
          autocorrect="off"
          spellcheck="false"
          required={props.required}
          aria-describedby={props.error ? errorId(id) : messagesId(id)}
          aria-invalid={props.error ? 'true' : undefined}
        />
      </div>
      <FieldMessages id={id} error={props.error} />
      {props.showToggle === false ? (
        ''
      ) : (
        <div class="fr-password__checkbox fr-checkbox-group fr-checkbox-group--sm">
          <input aria-label="Afficher le mot de passe" id={`${id}-show`} type="checkbox" />
          <label class="fr--password__checkbox fr-label" for={`${id}-show`}>
            Afficher
          </label>
        </div>
      )}
      {props.forgotLink ? (
        <p class="fr-mt-1w">
          <a href={props.forgotLink.href} class="fr-link" safe>
            {props.forgotLink.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}
