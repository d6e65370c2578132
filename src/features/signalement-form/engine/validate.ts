/**
 * Server side of a screen: reading what was posted into the draft payload, checking it, deriving answers.
 *
 * Nothing typed is lost: invalid values stay in the payload exactly as typed (trimmed) so the page shows them
 * back with the message; only fields hidden by their condition are removed (stale answers of another branch
 * must never reach the submission).
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { evaluate, type FormData, type FormValue, type Predicate } from '../definition/predicates.ts';
import type {
  AddressField,
  CheckboxesField,
  InputField,
  NumberField,
  Option,
  Screen,
} from '../definition/types.ts';
import { type ADDRESS_PARTS, addressKey, inputsOf, keysOf } from './conditions.ts';

export type Errors = Record<string, string>;
type MutableData = Record<string, FormValue | undefined>;

/** Length caps applied when a field sets none (keeps the payload sane). */
export const DEFAULT_TEXT_MAX = 255;
export const DEFAULT_TEXTAREA_MAX = 10_000;
export const ADDRESS_LIMITS = { numeroMin: 6, numeroMax: 100, communeMax: 95 } as const;

// ---------------------------------------------------------------------------------------------------------
// Reading the posted values

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const s = value.find((v) => typeof v === 'string');
    return typeof s === 'string' ? s : undefined;
  }
  if (typeof value === 'number') return String(value);
  return undefined;
}

function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: string[] = [];
  for (const v of list) {
    if (typeof v !== 'string') continue;
    const s = sanitizeText(v).trim();
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}

/**
 * Characters the payload must never hold: control characters (PostgreSQL refuses \u0000 in jsonb) and lone
 * UTF-16 surrogates (invalid Unicode). Line breaks and tabs are kept.
 */
export function sanitizeText(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}

/** Trims, and turns the non-breaking spaces phones and numbers often carry into plain ones. */
function clean(value: unknown): string {
  return sanitizeText(firstString(value) ?? '')
    .replace(/[\u00a0\u202f\t\r\n]/g, ' ')
    .trim();
}

/** "1 250,5" → "1250.5"; anything else is kept as typed. */
export function normalizeNumber(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (/^[-+]?\d*(?:[.,]\d+)?$/.test(compact) && /\d/.test(compact))
    return compact.replace(',', '.').replace(/^\+/, '');
  return value;
}

/** "25/12/2024" (or 25-12-2024, 25.12.2024) → "2024-12-25"; an ISO date or anything else is kept. */
export function normalizeDate(value: string): string {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!m) return value;
  return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

/** "3/2024", "03-2024", "2024-03" (input type=month) → "03/2024"; anything else is kept. */
export function normalizeMonthYear(value: string): string {
  const fr = /^(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(value);
  if (fr) return `${fr[1]!.padStart(2, '0')}/${fr[2]}`;
  const iso = /^(\d{4})-(\d{1,2})$/.exec(value);
  if (iso) return `${iso[2]!.padStart(2, '0')}/${iso[1]}`;
  return value;
}

/**
 * Overseas numbers written the national way ("0696 12 34 56") belong to the numbering plan of their
 * territory: libphonenumber would read them as metropolitan numbers with the FR default.
 */
const OVERSEAS_PREFIXES: [RegExp, CountryCode][] = [
  [/^0(590|690|691)/, 'GP'],
  [/^0(594|694)/, 'GF'],
  [/^0(596|696|697)/, 'MQ'],
  [/^0(262|263|692|693)/, 'RE'],
  [/^0(269|639)/, 'YT'],
  [/^0508/, 'PM'],
];

/** E.164 form of a French, overseas or international phone number; undefined when it is not valid. */
export function toE164(value: string): string | undefined {
  const compact = value.replace(/[\s.\-()/]/g, '');
  if (!/^(\+|00)?\d{4,17}$/.test(compact)) return undefined;
  const overseas = OVERSEAS_PREFIXES.find(([re]) => re.test(compact));
  if (overseas && /^0\d{9}$/.test(compact)) {
    const p = parsePhoneNumberFromString(compact, overseas[1]);
    if (p?.isValid()) return p.number;
  }
  const p = parsePhoneNumberFromString(compact, 'FR');
  return p?.isValid() ? p.number : undefined;
}

function readAddress(field: AddressField, body: Record<string, unknown>, out: MutableData): void {
  for (const key of keysOf(field)) {
    const v = clean(body[key]);
    if (v === '') delete out[key];
    else out[key] = v;
  }
  const numero = out[addressKey(field.name, 'numero')] as string | undefined;
  const cp = out[addressKey(field.name, 'code_postal')] as string | undefined;
  const commune = out[addressKey(field.name, 'commune')] as string | undefined;
  if (numero || cp || commune) {
    // The full line always matches the parts (which are what the person sees and edits without JS).
    out[field.name] = [numero, [cp, commune].filter(Boolean).join(' ')].filter(Boolean).join(' ');
  } else if (body[addressKey(field.name, 'numero')] !== undefined) {
    // The visible parts were posted empty: the address was cleared (hidden search results go with it).
    for (const key of keysOf(field)) delete out[key];
  }
}

function readField(field: InputField, body: Record<string, unknown>, out: MutableData): void {
  const set = (v: FormValue | undefined) => {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete out[field.name];
    else out[field.name] = v;
  };
  switch (field.kind) {
    case 'upload':
      // Files are stored by the routes (list of upload ids): the posted text never changes them.
      return;
    case 'address':
      readAddress(field, body, out);
      return;
    case 'checkboxes':
      set(stringList(body[field.name]));
      return;
    case 'checkbox':
      set(stringList(body[field.name]).length > 0 ? '1' : undefined);
      return;
    case 'number':
      set(normalizeNumber(clean(body[field.name])));
      return;
    case 'date':
      set(normalizeDate(clean(body[field.name])));
      return;
    case 'month-year':
      set(normalizeMonthYear(clean(body[field.name])));
      return;
    case 'phone': {
      const typed = clean(body[field.name]);
      set(typed === '' ? undefined : (toE164(typed) ?? typed));
      return;
    }
    case 'textarea': {
      // Keep the line breaks inside, trim the ends; normalise Windows newlines.
      const typed = sanitizeText(firstString(body[field.name]) ?? '')
        .replace(/\r\n?/g, '\n')
        .trim();
      set(typed);
      return;
    }
    default:
      set(clean(body[field.name]));
      return;
  }
}

/**
 * Merges the values posted for a screen into the payload. Values of fields hidden by their condition (on the
 * merged answers) are removed, with all the keys they own (address sub-fields, uploads).
 */
export function readScreenInput(screen: Screen, body: Record<string, unknown>, current: FormData): FormData {
  const out: MutableData = { ...current };
  const inputs = inputsOf(screen.fields);
  for (const { field } of inputs) readField(field, body ?? {}, out);
  // Conditions may depend on each other (a hidden field hides the ones that depend on it): repeat until stable.
  for (let pass = 0; pass < 5; pass++) {
    let changed = false;
    for (const { field, showIf } of inputs) {
      if (showIf === undefined || evaluate(showIf, out)) continue;
      for (const key of keysOf(field)) {
        if (out[key] !== undefined) {
          delete out[key];
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Validation

const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

export function isValidEmail(value: string): boolean {
  if (value.length > 254 || !EMAIL_RE.test(value)) return false;
  const local = value.slice(0, value.lastIndexOf('@'));
  return local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

function isFilled(value: FormValue | undefined): boolean {
  if (value === undefined) return false;
  return typeof value === 'string' ? value.trim() !== '' : value.length > 0;
}

export function isRequired(field: InputField, data: FormData): boolean {
  const r = field.required;
  if (r === undefined || r === true) return true;
  if (r === false) return false;
  return evaluate(r as Predicate, data);
}

function question(label: string): string {
  return label.trim().replace(/\s*[:?]\s*$/, '');
}

/** Default message for an empty required field, in words that say what to do. */
export function requiredMessage(field: InputField): string {
  if (field.requiredMessage) return field.requiredMessage;
  const q = question(field.label);
  switch (field.kind) {
    case 'radio':
    case 'select':
      return `Choisissez une réponse : « ${q} ».`;
    case 'checkboxes':
      return field.allRequired
        ? 'Cochez toutes les cases pour continuer.'
        : `Cochez au moins une case : « ${q} ».`;
    case 'checkbox':
      return `Cochez la case « ${q} » pour continuer.`;
    case 'upload':
      return `Ajoutez au moins un fichier : « ${q} ».`;
    case 'address':
      return `Indiquez l’adresse : « ${q} ».`;
    default:
      return `Renseignez ce champ : « ${q} ».`;
  }
}

function optionValues(options: readonly Option[]): Set<string> {
  return new Set(options.map((o) => o.value));
}

const frNumber = (n: number) => String(n).replace('.', ',');

function checkNumber(field: NumberField, value: string): string | undefined {
  const example = field.decimal ? '45,5' : '3';
  if (!/^-?\d+(?:\.\d+)?$/.test(value))
    return `Indiquez un nombre${field.decimal ? '' : ' entier'}, en chiffres, par exemple ${example}.`;
  if (!field.decimal && value.includes('.'))
    return `Indiquez un nombre entier, sans virgule, par exemple ${example}.`;
  const n = Number(value);
  const unit = field.unit ? ` ${field.unit}` : '';
  if (field.min !== undefined && field.max !== undefined && (n < field.min || n > field.max))
    return `Indiquez un nombre entre ${frNumber(field.min)} et ${frNumber(field.max)}${unit}.`;
  if (field.min !== undefined && n < field.min)
    return `Indiquez un nombre supérieur ou égal à ${frNumber(field.min)}${unit}.`;
  if (field.max !== undefined && n > field.max)
    return `Indiquez un nombre inférieur ou égal à ${frNumber(field.max)}${unit}.`;
  return undefined;
}

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const frDate = (iso: string) => iso.split('-').reverse().join('/');

function checkDate(value: string, min: string | undefined, max: string | undefined, today: string) {
  if (!isIsoDate(value)) return 'Indiquez une date valide au format JJ/MM/AAAA, par exemple 25/03/2024.';
  const lo = min === 'today' ? today : min;
  const hi = max === 'today' ? today : max;
  if (hi !== undefined && value > hi)
    return max === 'today'
      ? 'Indiquez une date passée ou celle d’aujourd’hui, pas une date à venir.'
      : `Indiquez une date jusqu’au ${frDate(hi)} au plus tard.`;
  if (lo !== undefined && value < lo)
    return min === 'today'
      ? 'Indiquez la date d’aujourd’hui ou une date à venir.'
      : `Indiquez une date à partir du ${frDate(lo)}.`;
  if (value < '1900-01-01') return 'Indiquez une date valide, après 1900.';
  return undefined;
}

function checkMonthYear(value: string, notInFuture: boolean | undefined, today: string): string | undefined {
  const m = /^(\d{2})\/(\d{4})$/.exec(value);
  const month = m ? Number(m[1]) : 0;
  const year = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12 || year < 1900)
    return 'Indiquez le mois et l’année au format MM/AAAA, par exemple 03/2024.';
  if (notInFuture && `${m[2]}-${m[1]}` > today.slice(0, 7))
    return 'Indiquez un mois passé ou le mois en cours, pas un mois à venir.';
  return undefined;
}

function checkAddress(field: AddressField, data: FormData, required: boolean, errors: Errors): void {
  const get = (part: (typeof ADDRESS_PARTS)[number]) => {
    const v = data[addressKey(field.name, part)];
    return typeof v === 'string' ? v.trim() : '';
  };
  const numero = get('numero');
  const cp = get('code_postal');
  const commune = get('commune');
  const nKey = addressKey(field.name, 'numero');
  const cpKey = addressKey(field.name, 'code_postal');
  const cKey = addressKey(field.name, 'commune');
  const anything = numero !== '' || cp !== '' || commune !== '' || isFilled(data[field.name]);
  if (!anything) {
    if (required) errors[nKey] = requiredMessage(field);
    return;
  }
  if (numero === '') errors[nKey] = 'Indiquez le numéro et le nom de la voie, par exemple 12 rue de la Paix.';
  else if (numero.length < ADDRESS_LIMITS.numeroMin || numero.length > ADDRESS_LIMITS.numeroMax)
    errors[nKey] =
      `Indiquez le numéro et le nom de la voie (entre ${ADDRESS_LIMITS.numeroMin} et ${ADDRESS_LIMITS.numeroMax} caractères), par exemple 12 rue de la Paix.`;
  else if (/^[\d\s,.-]+$/.test(numero))
    errors[nKey] =
      'Indiquez aussi le nom de la voie, pas seulement le numéro, par exemple 12 rue de la Paix.';
  if (cp === '') errors[cpKey] = 'Indiquez le code postal, 5 chiffres, par exemple 13002.';
  else if (!/^\d{5}$/.test(cp)) errors[cpKey] = 'Indiquez un code postal de 5 chiffres, par exemple 13002.';
  if (commune === '') errors[cKey] = 'Indiquez la commune, par exemple Marseille.';
  else if (commune.length > ADDRESS_LIMITS.communeMax)
    errors[cKey] = `Indiquez un nom de commune de ${ADDRESS_LIMITS.communeMax} caractères au plus.`;
}

function checkChoices(field: CheckboxesField, values: readonly string[]): string | undefined {
  const allowed = optionValues(field.options);
  if (values.some((v) => !allowed.has(v))) return 'Cochez uniquement les cases proposées.';
  if (field.allRequired && values.length < allowed.size) return requiredMessage(field);
  return undefined;
}

/** Built-in check of a filled, visible field. */
function checkValue(field: InputField, value: FormValue, today: string): string | undefined {
  const text = typeof value === 'string' ? value : '';
  switch (field.kind) {
    case 'text': {
      const max = field.maxLength ?? DEFAULT_TEXT_MAX;
      if (text.length > max)
        return `Indiquez ${max} caractères au maximum (vous en avez saisi ${text.length}).`;
      if (field.minLength !== undefined && text.length < field.minLength)
        return `Indiquez au moins ${field.minLength} caractères.`;
      if (field.pattern && !field.pattern.regex.test(text)) return field.pattern.message;
      return undefined;
    }
    case 'textarea': {
      const max = field.maxLength ?? DEFAULT_TEXTAREA_MAX;
      return text.length > max
        ? `Indiquez ${max} caractères au maximum (vous en avez saisi ${text.length}).`
        : undefined;
    }
    case 'email':
      return isValidEmail(text)
        ? undefined
        : 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.';
    case 'phone':
      return /^\+\d{6,15}$/.test(text) && toE164(text) === text
        ? undefined
        : 'Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 (ou +596 696 12 34 56 en outre-mer).';
    case 'number':
      return checkNumber(field, text);
    case 'date':
      return checkDate(text, field.min, field.max, today);
    case 'month-year':
      return checkMonthYear(text, field.notInFuture, today);
    case 'radio':
    case 'select':
      return typeof value === 'string' && optionValues(field.options).has(value)
        ? undefined
        : 'Choisissez une des réponses proposées.';
    case 'checkboxes':
      return checkChoices(field, typeof value === 'string' ? [value] : value);
    case 'checkbox':
      return value === '1' ? undefined : 'Cochez la case ou laissez-la vide.';
    case 'upload': {
      const count = typeof value === 'string' ? 1 : value.length;
      return field.maxFiles !== undefined && count > field.maxFiles
        ? `Ajoutez ${field.maxFiles} fichiers au maximum : supprimez-en ${count - field.maxFiles}.`
        : undefined;
    }
    default:
      return undefined;
  }
}

export interface ValidateOptions {
  /** Current day, YYYY-MM-DD (Europe/Paris), for 'today' bounds and "not in the future". */
  today: string;
}

/**
 * Errors of a screen on the given answers: field name → French message (for an address: the sub-field keys
 * `<name>_detail_numero`, `_detail_code_postal`, `_detail_commune`). Empty when the screen is complete.
 */
export function validateScreen(screen: Screen, data: FormData, opts: ValidateOptions): Errors {
  const errors: Errors = {};
  for (const { field, showIf } of inputsOf(screen.fields)) {
    if (!evaluate(showIf, data)) continue;
    const required = isRequired(field, data);
    if (field.kind === 'address') {
      checkAddress(field, data, required, errors);
      if (Object.keys(errors).some((k) => k.startsWith(`${field.name}_detail_`))) continue;
    } else {
      const value = data[field.name];
      if (!isFilled(value)) {
        if (required) errors[field.name] = requiredMessage(field);
        continue;
      }
      const message = checkValue(field, value as FormValue, opts.today);
      if (message) {
        errors[field.name] = message;
        continue;
      }
    }
    const value = data[field.name];
    if (!isFilled(value)) continue;
    for (const check of field.checks ?? []) {
      const text = typeof value === 'string' ? value : (value as readonly string[]).join(',');
      const message = check(text, data);
      if (message) {
        errors[field.name] = message;
        break;
      }
    }
  }
  if (screen.validate) {
    for (const [name, message] of Object.entries(screen.validate(data))) {
      if (message && errors[name] === undefined) errors[name] = message;
    }
  }
  return errors;
}

/** Merges the screen's derived answers into the payload (undefined removes a key). */
export function applyDerive(screen: Screen, data: FormData): FormData {
  if (!screen.derive) return data;
  const out: MutableData = { ...data };
  for (const [key, value] of Object.entries(screen.derive(data))) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Current day in Europe/Paris as YYYY-MM-DD (for ValidateOptions.today). */
export function todayInParis(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}
