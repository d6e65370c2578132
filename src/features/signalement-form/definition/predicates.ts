/**
 * Visibility and requirement conditions of the public form, as data (never strings to evaluate).
 *
 * The same tiny interpreter runs on the server (rendering, validation, navigation) and in the browser island
 * (src/client/form-conditions.ts), which reads the JSON of a predicate from a `data-show-if` attribute.
 * Keep this module free of imports so that esbuild can bundle it for the browser.
 */

/** A draft's answers: one value per field name; multi-choice fields hold arrays. */
export type FormValue = string | readonly string[];
export type FormData = Readonly<Record<string, FormValue | undefined>>;

export type Predicate =
  /** The field's value equals one of the values (for an array value: contains one of them). */
  | { readonly field: string; readonly in: readonly string[] }
  /** The field has a non-empty value. */
  | { readonly filled: string }
  | { readonly all: readonly Predicate[] }
  | { readonly any: readonly Predicate[] }
  | { readonly not: Predicate };

export const is = (field: string, ...values: string[]): Predicate => ({ field, in: values });
export const filled = (field: string): Predicate => ({ filled: field });
export const all = (...predicates: Predicate[]): Predicate => ({ all: predicates });
export const any = (...predicates: Predicate[]): Predicate => ({ any: predicates });
export const not = (predicate: Predicate): Predicate => ({ not: predicate });

function isFilled(value: FormValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  return value.length > 0;
}

export function evaluate(predicate: Predicate | undefined, data: FormData): boolean {
  if (predicate === undefined) return true;
  if ('field' in predicate) {
    const value = data[predicate.field];
    if (value === undefined) return false;
    if (typeof value === 'string') return predicate.in.includes(value);
    return value.some((v) => predicate.in.includes(v));
  }
  if ('filled' in predicate) return isFilled(data[predicate.filled]);
  if ('all' in predicate) return predicate.all.every((p) => evaluate(p, data));
  if ('any' in predicate) return predicate.any.some((p) => evaluate(p, data));
  return !evaluate(predicate.not, data);
}

/** Every field name a predicate reads (for the definition's consistency tests and the island). */
export function fieldsOf(predicate: Predicate | undefined): string[] {
  if (predicate === undefined) return [];
  if ('field' in predicate) return [predicate.field];
  if ('filled' in predicate) return [predicate.filled];
  if ('all' in predicate) return predicate.all.flatMap(fieldsOf);
  if ('any' in predicate) return predicate.any.flatMap(fieldsOf);
  return fieldsOf(predicate.not);
}
