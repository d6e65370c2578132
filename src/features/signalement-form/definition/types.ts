/**
 * Typed, declarative definition of the public signalement form ("guichet unique").
 *
 * The definition is the single source for server rendering (views/), server validation (engine/validate.ts),
 * navigation between screens (engine/navigation.ts) and the browser island that shows or hides conditional
 * fields (src/client/form-conditions.ts, fed with `data-show-if` JSON). Nothing in it is a string to evaluate.
 *
 * The form is a linear list of screens. A screen is part of a person's journey when its `showIf` holds on the
 * answers given so far; "next" and "previous" skip the screens that do not apply. Answers are stored in the
 * draft's payload as a flat object keyed by field name (FormData).
 */
import type { FormData, FormValue, Predicate } from './predicates.ts';

export const PROFILS = [
  'locataire',
  'bailleur_occupant',
  'tiers_particulier',
  'tiers_pro',
  'service_secours',
  'bailleur',
] as const;
export type Profil = (typeof PROFILS)[number];

/** Field holding the derived profile (set by the "signalement_concerne" screen). */
export const PROFIL_FIELD = 'profil';

/** The six groups of the stepper / recap, in order. */
export const SECTIONS = [
  { key: 'adresse', title: 'Adresse et coordonnées' },
  { key: 'logement', title: 'Type et composition du logement' },
  { key: 'foyer', title: 'Situation du foyer' },
  { key: 'desordres', title: 'Les désordres' },
  { key: 'procedure', title: 'Procédure' },
  { key: 'recapitulatif', title: 'Récapitulatif' },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

/**
 * Server-side check beyond the built-in ones (cross-field rules…): returns a French error message, or
 * undefined when the value is fine. Runs only when the field is visible and filled.
 */
export type Check = (value: string, data: FormData) => string | undefined;

interface FieldBase {
  /** Key in the payload; also the HTML name and id (unique across the whole form). */
  name: string;
  label: string;
  hint?: string;
  /** Shown only when this holds (on the server; and live in the browser when it reads fields of the same screen). */
  showIf?: Predicate;
  /** Required unless `false`; a predicate makes it required only when it holds. Hidden fields are never required. */
  required?: boolean | Predicate;
  /** Message when a required field is empty (default: a generic French sentence built from the label). */
  requiredMessage?: string;
  checks?: readonly Check[];
}

export interface TextField extends FieldBase {
  kind: 'text';
  maxLength?: number;
  minLength?: number;
  /** A RegExp tested on the trimmed value, with its French message. */
  pattern?: { regex: RegExp; message: string };
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal';
  /** Width hint for short inputs (postcode, number). */
  width?: 'short' | 'medium';
}
export interface TextareaField extends FieldBase {
  kind: 'textarea';
  maxLength?: number;
  rows?: number;
}
export interface EmailField extends FieldBase {
  kind: 'email';
  autocomplete?: string;
}
/** French and overseas numbers (validated with libphonenumber-js, stored in E.164). */
export interface PhoneField extends FieldBase {
  kind: 'phone';
  autocomplete?: string;
}
export interface NumberField extends FieldBase {
  kind: 'number';
  min?: number;
  max?: number;
  /** Decimals allowed (surface, rent…). */
  decimal?: boolean;
  unit?: string;
}
export interface DateField extends FieldBase {
  kind: 'date';
  /** ISO dates; 'today' means the current day. */
  min?: string;
  max?: string | 'today';
}
/** MM/AAAA (e.g. when the landlord was told). */
export interface MonthYearField extends FieldBase {
  kind: 'month-year';
  notInFuture?: boolean;
}
export interface RadioField extends FieldBase {
  kind: 'radio';
  options: readonly Option[];
  inline?: boolean;
}
export interface CheckboxesField extends FieldBase {
  kind: 'checkboxes';
  options: readonly Option[];
  /** With `required`, at least one box must be ticked; `allRequired` demands every box (consents). */
  allRequired?: boolean;
}
/** One checkbox, value "1" when ticked. */
export interface CheckboxField extends FieldBase {
  kind: 'checkbox';
}
export interface SelectField extends FieldBase {
  kind: 'select';
  options: readonly Option[];
  placeholder?: string;
}
/**
 * A postal address, with the sub-field names of the reference payloads: `<name>` (full line, e.g.
 * "33 Rue des Phocéens 13002 Marseille"), `<name>_detail_numero` (numéro et voie), `<name>_detail_code_postal`,
 * `<name>_detail_commune`, `<name>_detail_insee`, `<name>_detail_ban_id`, `<name>_detail_geoloc_lat`,
 * `<name>_detail_geoloc_lng`, `<name>_detail_manual` ("1" when typed by hand). Without JavaScript the
 * sub-fields are plain inputs; with it, an autocomplete on /api/adresse/recherche fills them.
 */
export interface AddressField extends FieldBase {
  kind: 'address';
  /** Check the territory is open on the platform (the dwelling's address only). */
  territoryCheck?: boolean;
}
/** Files (photos and/or documents), stored in the payload as `<name>` = list of upload ids. */
export interface UploadField extends FieldBase {
  kind: 'upload';
  accept: 'photos' | 'documents';
  maxFiles?: number;
}
/** Not an input: a paragraph, notice or warning shown on the screen. */
export interface InfoBlock {
  kind: 'info';
  name: string;
  severity?: 'info' | 'warning';
  title?: string;
  /** Plain text paragraphs (rendered escaped). */
  text: readonly string[];
  /** Optional link (opens in the same tab; external links get rel="noopener"). */
  link?: { href: string; label: string };
  showIf?: Predicate;
}
/** A group of fields rendered as a fieldset with a legend (e.g. one désordre critère's detail questions). */
export interface FieldGroupBlock {
  kind: 'group';
  name: string;
  legend: string;
  hint?: string;
  showIf?: Predicate;
  fields: readonly Field[];
}

export type InputField =
  | TextField
  | TextareaField
  | EmailField
  | PhoneField
  | NumberField
  | DateField
  | MonthYearField
  | RadioField
  | CheckboxesField
  | CheckboxField
  | SelectField
  | AddressField
  | UploadField;
export type Field = InputField | InfoBlock | FieldGroupBlock;

export interface Screen {
  /** URL segment and draft `currentStep` (e.g. "adresse_logement"). */
  slug: string;
  section: SectionKey;
  /** Page heading (h1), plain words addressed to the person. */
  title: string;
  /** Optional introduction paragraphs under the title. */
  intro?: readonly string[];
  /** The screen is part of the journey only when this holds on the answers so far. */
  showIf?: Predicate;
  fields: readonly Field[];
  /** Screens that only inform (no input) still post to move on. Label of the main button (default "Suivant"). */
  submitLabel?: string;
  /** Cross-field rules for the whole screen: returns field name → French message. */
  validate?: (data: FormData) => Record<string, string>;
  /**
   * Derived answers computed after the screen is validated and saved (pure), e.g. `profil` from the answers of
   * "signalement_concerne". The engine merges the result into the draft payload (undefined removes a key).
   */
  derive?: (data: FormData) => Record<string, FormValue | undefined>;
}

export function isInputField(field: Field): field is InputField {
  return field.kind !== 'info' && field.kind !== 'group';
}

/** Input fields of a list of fields, groups flattened (with the group's showIf combined by the caller). */
export function flattenFields(fields: readonly Field[]): InputField[] {
  return fields.flatMap((f) => (f.kind === 'group' ? flattenFields(f.fields) : isInputField(f) ? [f] : []));
}
