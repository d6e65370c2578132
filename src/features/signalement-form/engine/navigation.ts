/**
 * Moving through the form: the person's journey (screens whose condition holds), next/previous screen, the
 * DSFR stepper, the first screen still to complete, and the recap.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { formatNumber, plural } from '../../../ui/format.ts';
import { evaluate, type FormData, type FormValue } from '../definition/predicates.ts';
import { type InputField, type Screen, SECTIONS, type SectionKey } from '../definition/types.ts';
import { addressKey, inputsOf, keysOf } from './conditions.ts';
import { type ValidateOptions, validateScreen } from './validate.ts';

/** Screens that are part of the person's journey, in order. */
export function journey(screens: readonly Screen[], data: FormData): Screen[] {
  return screens.filter((s) => evaluate(s.showIf, data));
}

/** Slug of the next screen of the journey after `slug` (undefined after the last one or for an unknown slug). */
export function nextSlug(screens: readonly Screen[], data: FormData, slug: string): string | undefined {
  const index = screens.findIndex((s) => s.slug === slug);
  if (index < 0) return undefined;
  return screens.slice(index + 1).find((s) => evaluate(s.showIf, data))?.slug;
}

/** Slug of the previous screen of the journey before `slug` (undefined on the first one). */
export function previousSlug(screens: readonly Screen[], data: FormData, slug: string): string | undefined {
  const index = screens.findIndex((s) => s.slug === slug);
  if (index <= 0) return undefined;
  return screens
    .slice(0, index)
    .reverse()
    .find((s) => evaluate(s.showIf, data))?.slug;
}

export interface StepperInfo {
  currentStep: number;
  stepCount: number;
  title: string;
  nextTitle?: string;
}

/** Props for the DSFR Stepper: the six sections, the current one being the section of `slug`. */
export function stepper(screens: readonly Screen[], _data: FormData, slug: string): StepperInfo {
  const screen = screens.find((s) => s.slug === slug);
  const index = Math.max(
    0,
    SECTIONS.findIndex((s) => s.key === screen?.section),
  );
  const section = SECTIONS[index]!;
  const next = SECTIONS[index + 1];
  return {
    currentStep: index + 1,
    stepCount: SECTIONS.length,
    title: section.title,
    ...(next ? { nextTitle: next.title } : {}),
  };
}

/** First screen of the journey that still has errors (missing or invalid answers); undefined when complete. */
export function firstIncompleteSlug(
  screens: readonly Screen[],
  data: FormData,
  opts: ValidateOptions,
): string | undefined {
  return journey(screens, data).find((s) => Object.keys(validateScreen(s, data, opts)).length > 0)?.slug;
}

/**
 * The answers that may be submitted: those of the visible fields of the journey's screens. Answers left by
 * another branch (a screen or a field that no longer applies) are dropped; keys that belong to no field
 * (derived answers such as `profil`) are kept.
 */
export function journeyAnswers(screens: readonly Screen[], data: FormData): FormData {
  const owned = new Set<string>();
  const kept = new Set<string>();
  const inJourney = new Set(journey(screens, data));
  for (const screen of screens) {
    for (const { field, showIf } of inputsOf(screen.fields)) {
      const keys = keysOf(field);
      for (const k of keys) owned.add(k);
      if (inJourney.has(screen) && evaluate(showIf, data)) for (const k of keys) kept.add(k);
    }
  }
  const out: Record<string, FormValue | undefined> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    if (!owned.has(key) || kept.has(key)) out[key] = value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Recap

export interface AnswerLine {
  /** Field name (anchor for a "Modifier" link: `/<screen slug>#<name>`). */
  name: string;
  label: string;
  value: string;
}
export interface ScreenSummary {
  slug: string;
  title: string;
  answers: AnswerLine[];
}
export interface SectionSummary {
  key: SectionKey;
  title: string;
  screens: ScreenSummary[];
}

function optionLabel(field: InputField, value: string): string {
  if (field.kind === 'radio' || field.kind === 'select' || field.kind === 'checkboxes')
    return field.options.find((o) => o.value === value)?.label ?? value;
  return value;
}

function isoToFr(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

export function formatPhone(value: string): string {
  const p = parsePhoneNumberFromString(value);
  if (!p?.isValid()) return value;
  return p.countryCallingCode === '33' ? p.formatNational() : p.formatInternational();
}

/** Human-readable answer of a field, or undefined when it has none. */
export function displayValue(field: InputField, data: FormData): string | undefined {
  const value = data[field.name];
  if (field.kind === 'address') {
    if (typeof value === 'string' && value.trim() !== '') return value;
    const parts = (['numero', 'code_postal', 'commune'] as const)
      .map((p) => data[addressKey(field.name, p)])
      .filter((v): v is string => typeof v === 'string' && v !== '');
    return parts.length > 0 ? parts.join(' ') : undefined;
  }
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  const list = typeof value === 'string' ? [value] : [...value];
  switch (field.kind) {
    case 'upload':
      return `${list.length} ${plural(list.length, 'fichier')}`;
    case 'checkbox':
      return 'Oui';
    case 'checkboxes':
    case 'radio':
    case 'select':
      return list.map((v) => optionLabel(field, v)).join(', ');
    case 'date':
      return isoToFr(list[0]!);
    case 'phone':
      return formatPhone(list[0]!);
    case 'number': {
      const n = Number(list[0]);
      const shown = /^-?\d+(\.\d+)?$/.test(list[0]!)
        ? formatNumber(n, { maximumFractionDigits: 2 })
        : list[0]!;
      return field.unit ? `${shown} ${field.unit}` : shown;
    }
    default:
      return list.join(', ');
  }
}

/**
 * The recap: per section (in order), the journey's screens that ask something, with their answered visible
 * fields (label → readable value). Sections without such screens are left out.
 */
export function sectionsSummary(screens: readonly Screen[], data: FormData): SectionSummary[] {
  const path = journey(screens, data);
  const out: SectionSummary[] = [];
  for (const section of SECTIONS) {
    const summaries: ScreenSummary[] = [];
    for (const screen of path.filter((s) => s.section === section.key)) {
      const inputs = inputsOf(screen.fields);
      if (inputs.length === 0) continue;
      const answers: AnswerLine[] = [];
      for (const { field, showIf } of inputs) {
        if (!evaluate(showIf, data)) continue;
        const value = displayValue(field, data);
        if (value !== undefined) answers.push({ name: field.name, label: field.label, value });
      }
      summaries.push({ slug: screen.slug, title: screen.title, answers });
    }
    if (summaries.length > 0) out.push({ key: section.key, title: section.title, screens: summaries });
  }
  return out;
}
