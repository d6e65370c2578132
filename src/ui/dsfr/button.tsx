import { cx } from './util.ts';

export type ButtonPriority = 'primary' | 'secondary' | 'tertiary' | 'tertiary-no-outline';

export interface ButtonProps {
  label: string;
  priority?: ButtonPriority;
  /** Ignored with href. Default 'submit': without JavaScript a button can only submit its form. */
  type?: 'submit' | 'button' | 'reset';
  /** Renders a link styled as a button (navigation, not an action). */
  href?: string;
  /** Opens in a new window: adds target, rel and "- nouvelle fenêtre" to the title. */
  external?: boolean;
  /** DSFR icon class, e.g. 'fr-icon-arrow-right-line'. */
  icon?: string;
  iconPosition?: 'left' | 'right';
  /** Icon only: the label stays as the accessible name (and tooltip via title). */
  iconOnly?: boolean;
  size?: 'sm' | 'lg';
  disabled?: boolean;
  id?: string;
  name?: string;
  value?: string;
  title?: string;
  /** Id of the form this button submits, when it sits outside it. */
  form?: string;
  /** Submits to another URL than the form's action. */
  formAction?: string;
  class?: string;
}

function buttonClass(props: ButtonProps): string {
  const priority = props.priority ?? 'primary';
  return cx(
    'fr-btn',
    priority !== 'primary' && `fr-btn--${priority}`,
    props.size && `fr-btn--${props.size}`,
    props.icon,
    props.icon && !props.iconOnly && `fr-btn--icon-${props.iconPosition ?? 'left'}`,
    props.class,
  );
}

/** DSFR "bouton", as <button> or, with href, as <a>. */
export function Button(props: ButtonProps): JSX.Element {
  const cls = buttonClass(props);
  const title = props.external
    ? `${props.title ?? props.label} - nouvelle fenêtre`
    : (props.title ?? (props.iconOnly ? props.label : undefined));
  if (props.href !== undefined) {
    if (props.disabled) {
      // DSFR: a disabled link-button has no href.
      return (
        // biome-ignore lint/a11y/useValidAnchor: DSFR disabled link-button (no href, aria-disabled)
        <a class={cls} id={props.id} title={title} aria-disabled="true" role="link" safe>
          {props.label}
        </a>
      );
    }
    return (
      <a
        class={cls}
        href={props.href}
        id={props.id}
        title={title}
        target={props.external ? '_blank' : undefined}
        rel={props.external ? 'noopener external' : undefined}
        safe
      >
        {props.label}
      </a>
    );
  }
  return (
    <button
      class={cls}
      type={props.type ?? 'submit'}
      id={props.id}
      name={props.name}
      value={props.value}
      title={title}
      disabled={props.disabled}
      form={props.form}
      formaction={props.formAction}
      safe
    >
      {props.label}
    </button>
  );
}

export interface ButtonsGroupProps {
  buttons: ButtonProps[];
  /** Side by side: always (true) or from a breakpoint up. Stacked (full width) otherwise, as on mobile. */
  inline?: boolean | 'sm' | 'md' | 'lg';
  size?: 'sm' | 'lg';
  align?: 'left' | 'center' | 'right' | 'between';
  equisized?: boolean;
  /**
   * Side of the icons. DSFR treats an icon button inside a group without this modifier as icon-only, so it
   * defaults to the side of the first button that has an icon and a visible label.
   */
  iconPosition?: 'left' | 'right';
  class?: string;
}

/** DSFR "groupe de boutons" (ul.fr-btns-group). */
export function ButtonsGroup(props: ButtonsGroupProps): JSX.Element {
  const withIcon = props.buttons.find((b) => b.icon && !b.iconOnly);
  const iconPosition = props.iconPosition ?? (withIcon ? (withIcon.iconPosition ?? 'left') : undefined);
  const inline =
    props.inline === true
      ? 'fr-btns-group--inline'
      : props.inline
        ? `fr-btns-group--inline-${props.inline}`
        : undefined;
  return (
    <ul
      class={cx(
        'fr-btns-group',
        inline,
        props.size && `fr-btns-group--${props.size}`,
        props.align && `fr-btns-group--${props.align}`,
        props.equisized && 'fr-btns-group--equisized',
        iconPosition && `fr-btns-group--icon-${iconPosition}`,
        props.class,
      )}
    >
      {props.buttons.map((b) => (
        <li>
          <Button {...b} />
        </li>
      ))}
    </ul>
  );
}
