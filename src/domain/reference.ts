/**
 * Signalement references: `YYYY-N`, numbered per territoire and per year in creation order (spec §1.1).
 * The number comes from `signalement_reference_counter`; these helpers only format and read it.
 */

export interface SignalementReference {
  year: number;
  number: number;
}

const REFERENCE_PATTERN = /^(\d{4})-([1-9]\d*)$/;

export function formatReference(year: number, n: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`Invalid reference year: ${year}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Invalid reference number: ${n}`);
  return `${year}-${n}`;
}

/** Null for anything that is not a definitive reference (e.g. the injonction's `YYYY-TEMPORAIRE`). */
export function parseReference(value: string): SignalementReference | null {
  const m = REFERENCE_PATTERN.exec(value.trim());
  if (!m) return null;
  const number = Number(m[2]);
  if (!Number.isSafeInteger(number)) return null;
  return { year: Number(m[1]), number };
}

/** Orders references chronologically (year, then number), which plain string order does not: 2024-10 < 2024-9. */
export function compareReferences(a: string, b: string): number {
  const ra = parseReference(a);
  const rb = parseReference(b);
  if (!ra || !rb) return a.localeCompare(b);
  return ra.year - rb.year || ra.number - rb.number;
}
