/**
 * French formatting helpers for views. Times are stored in UTC and shown in the territory's IANA timezone
 * (Europe/Paris by default; overseas territories pass theirs, e.g. 'America/Cayenne', 'Indian/Reunion').
 *
 * Intl output for 'fr-FR' uses narrow no-break spaces (U+202F) as thousands separator and before "%":
 * tests should compare with those characters, or normalise spaces first.
 */

export const DEFAULT_TIME_ZONE = 'Europe/Paris';
const LOCALE = 'fr-FR';

export type DateInput = Date | string | number;

// Intl formatters are costly to build: cache them per option set, under a short key given by the caller (a list
// page formats a hundred dates: no JSON of the options per call).
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

function toDate(value: DateInput): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid date: ${String(value)}`);
  return date;
}

/** "28/11/2026" (style 'short', default) or "28 novembre 2026" (style 'long'). */
export function formatDate(
  value: DateInput,
  options: { timeZone?: string; style?: 'short' | 'long' } = {},
): string {
  const { timeZone = DEFAULT_TIME_ZONE, style = 'short' } = options;
  return (
    style === 'long'
      ? dateTimeFormat(`date-long|${timeZone}`, { timeZone, day: 'numeric', month: 'long', year: 'numeric' })
      : dateTimeFormat(`date|${timeZone}`, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' })
  ).format(toDate(value));
}

/** "14:05" */
export function formatTime(value: DateInput, options: { timeZone?: string } = {}): string {
  const { timeZone = DEFAULT_TIME_ZONE } = options;
  return dateTimeFormat(`time|${timeZone}`, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(toDate(value));
}

/** "28/11/2026 à 14:05" (style 'short', default) or "28 novembre 2026 à 14:05" (style 'long'). */
export function formatDateTime(
  value: DateInput,
  options: { timeZone?: string; style?: 'short' | 'long' } = {},
): string {
  return `${formatDate(value, options)} à ${formatTime(value, options)}`;
}

/** Value for `<input type="date">` ("2026-11-28"), as the calendar day in the given timezone. */
export function toDateInputValue(value: DateInput, options: { timeZone?: string } = {}): string {
  const { timeZone = DEFAULT_TIME_ZONE } = options;
  const parts = dateTimeFormat(`input|${timeZone}`, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(toDate(value));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Machine-readable value for `<time datetime="…">`. */
export function toIsoString(value: DateInput): string {
  return toDate(value).toISOString();
}

const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * "il y a 3 jours", "hier", "dans 2 heures", "maintenant". Approximate by design (months are 30 days):
 * show the exact date next to it (e.g. in a `<time>` title) where it matters.
 */
export function formatRelative(value: DateInput, now: DateInput = new Date()): string {
  const seconds = Math.round((toDate(value).getTime() - toDate(now).getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return relativeFormat.format(0, 'second');
  for (const [unit, size] of RELATIVE_UNITS) {
    if (abs >= size || unit === 'second') {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return relativeFormat.format(seconds, 'second');
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** "12 345", "3,5" */
export function formatNumber(value: number, options: { maximumFractionDigits?: number } = {}): string {
  const digits = options.maximumFractionDigits;
  if (digits === undefined) return numberFormat('number').format(value);
  return numberFormat(`number|${digits}`, { maximumFractionDigits: digits }).format(value);
}

/** From a percentage: formatPercent(42.5) → "42,5 %". */
export function formatPercent(percent: number, maximumFractionDigits = 1): string {
  return formatRatio(percent / 100, maximumFractionDigits);
}

/** From a ratio: formatRatio(0.425) → "42,5 %". */
export function formatRatio(ratio: number, maximumFractionDigits = 1): string {
  return numberFormat(`percent|${maximumFractionDigits}`, { style: 'percent', maximumFractionDigits }).format(
    ratio,
  );
}

/** "850 octets", "12 Ko", "2,5 Mo" (French units, 1 Ko = 1024 octets). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} ${bytes < 2 ? 'octet' : 'octets'}`;
  const units = ['Ko', 'Mo', 'Go', 'To'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, { maximumFractionDigits: value < 10 ? 1 : 0 })} ${units[unit]}`;
}

const pluralRules = new Intl.PluralRules(LOCALE);

/**
 * Picks the word for a count, French rules: 0 and 1 take the singular.
 * plural(2, 'signalement') → "signalements"; plural(3, 'nouvel', 'nouveaux') → "nouveaux".
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return pluralRules.select(count) === 'one' ? singular : pluralForm;
}

/** Count and word: countLabel(1200, 'signalement') → "1 200 signalements". */
export function countLabel(count: number, singular: string, pluralForm?: string): string {
  return `${formatNumber(count)} ${plural(count, singular, pluralForm)}`;
}
