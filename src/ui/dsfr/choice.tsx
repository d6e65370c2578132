import type { Children } from '@kitajs/html';
import { escapeHtml } from '@kitajs/html';
import { Artwork } from './artwork.tsx';
import { describedBy, FieldLabel, FieldMessages, messagesId, RequiredMark } from './field.tsx';
import { attrValue, cx, idRefs } from './util.ts';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  options: SelectOption[];
  /** Options grouped under <optgroup label>; rendered after `options`. */
  groups?: { label: string; options: SelectOption[] }[];
  value?: string | null;
  /** First, empty choice; false to leave it out. */
  placeholder?: string | false;
  error?: string;
  valid?: string;
  required?: boolean;
  disabled?: boolean;
  autocomplete?: string;
  class?: string;
}

function OptionList(props: { options: SelectOption[]; value?: string | null }): JSX.Element {
  return (
    <>
      {props.options.map((o) => (
        <option value={attrValue(o.value)} selected={props.value === o.value} disabled={o.disabled} safe>
          {o.label}
        </option>
      ))}
    </>
  );
}

/** DSFR "liste déroulante". */
export function Select(props: SelectProps): JSX.Element {
  const { id } = props;
  const placeholder = props.placeholder ?? 'Sélectionner une option';
  const hasValue = props.value !== undefined && props.value !== null && props.value !== '';
  return (
    <div
      class={cx(
        'fr-select-group',
        props.error && 'fr-select-group--error',
        !props.error && props.valid && 'fr-select-group--valid',
        props.disabled && 'fr-select-group--disabled',
        props.class,
      )}
      id={`${id}-group`}
    >
      <FieldLabel for={id} label={props.label} hint={props.hint} required={props.required} />
      <select
        class="fr-select"
        id={id}
        name={props.name ?? id}
        aria-describedby={describedBy(id, props.error, props.valid)}
        aria-invalid={props.error ? 'true' : undefined}
        required={props.required}
        disabled={props.disabled}
        autocomplete={props.autocomplete}
      >
        {placeholder === false ? (
          ''
        ) : (
          // Not disabled: a disabled selected option is not submitted, and the server should see the empty
          // choice and answer with a clear error message.
          <option value="" selected={!hasValue} safe>
            {placeholder}
          </option>
        )}
        <OptionList options={props.options} value={props.value} />
        {(props.groups ?? []).map((g) => (
          <optgroup label={g.label}>
            <OptionList options={g.options} value={props.value} />
          </optgroup>
        ))}
      </select>
      <FieldMessages id={id} error={props.error} valid={props.valid} />
    </div>
  );
}

export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
  /** Overrides the generated input id. */
  id?: string;
  disabled?: boolean;
  /** Rich radio only: DSFR pictogram name, e.g. 'buildings/house' (see assets.pictogram). */
  pictogram?: string;
}

interface GroupBase {
  /**
   * Base id. The first option's input gets this id (so ErrorSummary's `#id` focuses the first choice), the
   * following ones `id-2`, `id-3`…; the fieldset is `id-fieldset`, its legend `id-legend`.
   */
  id: string;
  name?: string;
  legend: string;
  hint?: string;
  options: ChoiceOption[];
  error?: string;
  valid?: string;
  required?: boolean;
  disabled?: boolean;
  /** Options side by side (DSFR "en ligne"). */
  inline?: boolean;
  small?: boolean;
  /** Visually hide the legend (still read by screen readers), when a page title already asks the question. */
  legendHidden?: boolean;
  /** Legend styled as a heading-like bold text (default) or regular weight. */
  legendRegular?: boolean;
  class?: string;
}

export function optionId(baseId: string, index: number, option?: ChoiceOption): string {
  if (option?.id) return option.id;
  return index === 0 ? baseId : `${baseId}-${index + 1}`;
}

function Fieldset(props: GroupBase & { children: Children }): JSX.Element {
  const { id } = props;
  return (
    <fieldset
      class={cx(
        'fr-fieldset',
        props.error && 'fr-fieldset--error',
        !props.error && props.valid && 'fr-fieldset--valid',
        props.class,
      )}
      id={`${id}-fieldset`}
      aria-labelledby={`${id}-legend ${messagesId(id)}`}
      disabled={props.disabled}
    >
      <legend
        class={cx(
          'fr-fieldset__legend',
          props.legendRegular && 'fr-fieldset__legend--regular',
          props.legendHidden && 'fr-sr-only',
        )}
        id={`${id}-legend`}
      >
        {escapeHtml(props.legend)}
        <RequiredMark required={props.required} />
        {props.hint ? (
          <span class="fr-hint-text" safe>
            {props.hint}
          </span>
        ) : (
          ''
        )}
      </legend>
      {props.children}
      <FieldMessages id={id} error={props.error} valid={props.valid} />
    </fieldset>
  );
}

function ChoiceLabel(props: { for: string; label: string; hint?: string }): JSX.Element {
  return (
    <label class="fr-label" for={props.for}>
      {escapeHtml(props.label)}
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

export interface RadioGroupProps extends GroupBase {
  value?: string | null;
  /** DSFR "bouton radio riche": bordered tiles, optionally with a pictogram per option. */
  rich?: boolean;
}

/** DSFR radio buttons: fieldset + legend, one fr-radio-group per option. */
export function RadioGroup(props: RadioGroupProps): JSX.Element {
  const name = props.name ?? props.id;
  return (
    <Fieldset {...props}>
      {props.options.map((o, i) => {
        const inputId = optionId(props.id, i, o);
        return (
          <div class={cx('fr-fieldset__element', props.inline && 'fr-fieldset__element--inline')}>
            <div
              class={cx('fr-radio-group', props.rich && 'fr-radio-rich', props.small && 'fr-radio-group--sm')}
            >
              <input
                type="radio"
                id={inputId}
                name={name}
                value={attrValue(o.value)}
                checked={props.value === o.value}
                required={props.required}
                disabled={o.disabled}
              />
              <ChoiceLabel for={inputId} label={o.label} hint={o.hint} />
              {props.rich && o.pictogram ? (
                <div class="fr-radio-rich__pictogram">
                  <Artwork name={o.pictogram} />
                </div>
              ) : (
                ''
              )}
            </div>
          </div>
        );
      })}
    </Fieldset>
  );
}

export interface CheckboxGroupProps extends GroupBase {
  /** Checked values. All boxes share `name`, so the server receives a list. */
  values?: string[];
}

/** DSFR set of checkboxes: fieldset + legend. */
export function CheckboxGroup(props: CheckboxGroupProps): JSX.Element {
  const name = props.name ?? props.id;
  const checked = new Set(props.values ?? []);
  return (
    <Fieldset {...props}>
      {props.options.map((o, i) => {
        const inputId = optionId(props.id, i, o);
        return (
          <div class={cx('fr-fieldset__element', props.inline && 'fr-fieldset__element--inline')}>
            <div class={cx('fr-checkbox-group', props.small && 'fr-checkbox-group--sm')}>
              <input
                type="checkbox"
                id={inputId}
                name={name}
                value={attrValue(o.value)}
                checked={checked.has(o.value)}
                disabled={o.disabled}
              />
              <ChoiceLabel for={inputId} label={o.label} hint={o.hint} />
            </div>
          </div>
        );
      })}
    </Fieldset>
  );
}

export interface CheckboxProps {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  /** Submitted value when checked (default "1"). */
  value?: string;
  checked?: boolean;
  error?: string;
  valid?: string;
  required?: boolean;
  disabled?: boolean;
  small?: boolean;
  class?: string;
}

/** A single DSFR checkbox (e.g. consent). */
export function Checkbox(props: CheckboxProps): JSX.Element {
  const { id } = props;
  return (
    <div
      class={cx(
        'fr-checkbox-group',
        props.small && 'fr-checkbox-group--sm',
        props.error && 'fr-checkbox-group--error',
        !props.error && props.valid && 'fr-checkbox-group--valid',
        props.class,
      )}
      id={`${id}-group`}
    >
      <input
        type="checkbox"
        id={id}
        name={props.name ?? id}
        value={attrValue(props.value ?? '1')}
        checked={props.checked}
        required={props.required}
        disabled={props.disabled}
        aria-describedby={describedBy(id, props.error, props.valid)}
        aria-invalid={props.error ? 'true' : undefined}
      />
      <FieldLabel for={id} label={props.label} hint={props.hint} required={props.required} />
      <FieldMessages id={id} error={props.error} valid={props.valid} />
    </div>
  );
}

export interface FieldsetProps {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  legendHidden?: boolean;
  legendRegular?: boolean;
  class?: string;
  children: Children;
}

/**
 * Groups related fields (e.g. an address) under a legend. Children should be wrapped in
 * `<div class="fr-fieldset__element">` as DSFR expects.
 */
export function FieldGroup(props: FieldsetProps): JSX.Element {
  const { id } = props;
  return (
    <fieldset
      class={cx('fr-fieldset', props.error && 'fr-fieldset--error', props.class)}
      id={`${id}-fieldset`}
      aria-labelledby={idRefs(`${id}-legend`, messagesId(id))}
    >
      <legend
        class={cx(
          'fr-fieldset__legend',
          props.legendRegular && 'fr-fieldset__legend--regular',
          props.legendHidden && 'fr-sr-only',
        )}
        id={`${id}-legend`}
      >
        {escapeHtml(props.legend)}
        {props.hint ? (
          <span class="fr-hint-text" safe>
            {props.hint}
          </span>
        ) : (
          ''
        )}
      </legend>
      {props.children}
      <FieldMessages id={id} error={props.error} />
    </fieldset>
  );
}
