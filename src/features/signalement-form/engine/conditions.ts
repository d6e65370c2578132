/**
 * Visibility of fields: which condition applies to each input of a screen (a group's condition applies to
 * every field inside it), and the part of a condition the browser can evaluate live.
 *
 * Browser-safe: imported by the island src/client/form-conditions.island.ts, so it imports nothing but the
 * predicate interpreter and types.
 */
import { evaluate, type FormData, fieldsOf, type Predicate } from '../definition/predicates.ts';
import type { Field, InputField, Screen } from '../definition/types.ts';

/** Predicate that always holds / never holds (the AST has no literal: an empty `all` / `any`). */
export const ALWAYS: Predicate = { all: [] };
export const NEVER: Predicate = { any: [] };

/** Both conditions (undefined = no condition). */
export function both(a: Predicate | undefined, b: Predicate | undefined): Predicate | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { all: [a, b] };
}

export interface ScreenInput {
  field: InputField;
  /** The field's own condition combined with the conditions of the groups around it. */
  showIf?: Predicate;
}

/** Input fields of a list of fields (groups flattened), each with its effective condition. */
export function inputsOf(fields: readonly Field[], parentShowIf?: Predicate): ScreenInput[] {
  return fields.flatMap((f): ScreenInput[] => {
    if (f.kind === 'info') return [];
    const showIf = both(parentShowIf, f.showIf);
    if (f.kind === 'group') return inputsOf(f.fields, showIf);
    return [showIf === undefined ? { field: f } : { field: f, showIf }];
  });
}

/** The payload keys an input field owns: its name, plus the sub-fields of an address. */
export const ADDRESS_PARTS = [
  'numero',
  'code_postal',
  'commune',
  'insee',
  'ban_id',
  'geoloc_lat',
  'geoloc_lng',
  'manual',
] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];
export const addressKey = (name: string, part: AddressPart) => `${name}_detail_${part}`;

export function keysOf(field: InputField): string[] {
  if (field.kind === 'address') return [field.name, ...ADDRESS_PARTS.map((p) => addressKey(field.name, p))];
  return [field.name];
}

/** Every payload key the inputs of a screen own (what its form posts). */
export function screenKeys(screen: Screen): Set<string> {
  return new Set(inputsOf(screen.fields).flatMap((i) => keysOf(i.field)));
}

/**
 * Partial evaluation: the references to fields outside `local` are replaced by their value on `data`.
 * Returns true/false when the outcome does not depend on the local fields, else the simplified predicate
 * (reading only local fields), which the browser evaluates live.
 */
export function residual(
  predicate: Predicate | undefined,
  data: FormData,
  local: ReadonlySet<string>,
): Predicate | boolean {
  if (predicate === undefined) return true;
  if ('field' in predicate || 'filled' in predicate) {
    const name = 'field' in predicate ? predicate.field : predicate.filled;
    return local.has(name) ? predicate : evaluate(predicate, data);
  }
  if ('not' in predicate) {
    const inner = residual(predicate.not, data, local);
    return typeof inner === 'boolean' ? !inner : { not: inner };
  }
  const isAll = 'all' in predicate;
  const parts = isAll ? predicate.all : predicate.any;
  const kept: Predicate[] = [];
  for (const part of parts) {
    const r = residual(part, data, local);
    if (r === true) {
      if (!isAll) return true;
    } else if (r === false) {
      if (isAll) return false;
    } else kept.push(r);
  }
  if (kept.length === 0) return isAll;
  if (kept.length === 1) return kept[0] as Predicate;
  return isAll ? { all: kept } : { any: kept };
}

/** True when the predicate reads at least one of the given fields. */
export function readsAny(predicate: Predicate | undefined, names: ReadonlySet<string>): boolean {
  return fieldsOf(predicate).some((n) => names.has(n));
}

/**
 * For the browser island: which conditional blocks are visible, given the current answers of the form.
 * `predicates` maps a block key (any id) to its condition.
 */
export function visibleMap(
  predicates: Readonly<Record<string, Predicate>>,
  data: FormData,
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [key, predicate] of Object.entries(predicates)) out[key] = evaluate(predicate, data);
  return out;
}

/** Parses a `data-show-if` attribute; undefined when it is not a well-formed predicate. */
export function parsePredicate(json: string | null | undefined): Predicate | undefined {
  if (!json) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return isPredicate(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isPredicate(value: unknown): value is Predicate {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.field === 'string') return Array.isArray(v.in) && v.in.every((x) => typeof x === 'string');
  if (typeof v.filled === 'string') return true;
  if (Array.isArray(v.all)) return v.all.every(isPredicate);
  if (Array.isArray(v.any)) return v.any.every(isPredicate);
  if ('not' in v) return isPredicate(v.not);
  return false;
}
