import { z } from 'zod';
import { QUALIFICATION_LABELS, QUALIFICATIONS, type Qualification } from '../../domain/competences.ts';
import {
  AFFECTATION_STATUS_LABELS,
  AFFECTATION_STATUSES,
  type AffectationStatus,
  SIGNALEMENT_STATUS_LABELS,
} from '../../domain/statuts.ts';

/**
 * Query string of /bo/signalements → typed filters. Nothing here ever throws: a value we cannot read is left
 * out and explained in a French notice, so a shared or hand-edited link still opens the list.
 *
 * Parameters (all optional, repeatable where marked *):
 *   territoire (id, super admin only) · statut* · commune (name, postcode or INSEE code) · partenaire* (id) ·
 *   affectation* (affectation status) · sansAffectation=1 · du, au (dates de dépôt, 2026-11-28 or 28/11/2026) ·
 *   scoreMin, scoreMax (0–100) · procedure* (qualification) · constat (suspectee | constatee) · tag* (id) ·
 *   mesDossiers=1 · q (text) · tri (depot | score | reference | activite) · ordre (asc | desc) · page
 */

export const PAGE_SIZE = 25;

/** Statuses the list can show (the others are hidden or have their own page). */
export const LIST_STATUTS = ['NEED_VALIDATION', 'ACTIVE', 'CLOSED', 'REFUSED'] as const;
export type ListStatut = (typeof LIST_STATUTS)[number];

export const LIST_SORTS = ['depot', 'score', 'reference', 'activite'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const SORT_LABELS: Record<ListSort, string> = {
  depot: 'Date de dépôt',
  score: 'Score',
  reference: 'Référence',
  activite: 'Dernière activité',
};

export const CONSTATS = ['suspectee', 'constatee'] as const;
export type Constat = (typeof CONSTATS)[number];
export const CONSTAT_LABELS: Record<Constat, string> = {
  suspectee: 'Suspectée',
  constatee: 'Constatée après visite',
};

/** Procedures offered by the filter: the suspected ones and those a visit can confirm. */
export const LIST_PROCEDURES: readonly Qualification[] = [
  'INSALUBRITE',
  'MISE_EN_SECURITE_PERIL',
  'NON_DECENCE',
  'NON_DECENCE_ENERGETIQUE',
  'RSD',
  'DANGER',
  'SUROCCUPATION',
  'SALETE',
  'ASSURANTIEL',
];

export const Q_MIN_LENGTH = 2;
export const Q_MAX_LENGTH = 100;

export interface ListFilters {
  territoire?: number;
  statut: ListStatut[];
  /** As typed; see communeCriterion(). */
  commune?: string;
  partenaire: number[];
  affectation: AffectationStatus[];
  sansAffectation: boolean;
  /** YYYY-MM-DD (calendar days in Europe/Paris). */
  du?: string;
  au?: string;
  scoreMin?: number;
  scoreMax?: number;
  procedure: Qualification[];
  constat?: Constat;
  tag: number[];
  mesDossiers: boolean;
  q?: string;
  tri: ListSort;
  ordre: 'asc' | 'desc';
  page: number;
}

export const DEFAULT_SORT: { tri: ListSort; ordre: 'asc' | 'desc' } = { tri: 'depot', ordre: 'desc' };

export interface ParsedList {
  filters: ListFilters;
  /** Why some values were left out, in plain French. */
  notices: string[];
}

export type RawQuery = Record<string, unknown> | URLSearchParams;

function values(raw: RawQuery, key: string): string[] {
  const v = raw instanceof URLSearchParams ? raw.getAll(key) : raw[key];
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

const first = (raw: RawQuery, key: string) => values(raw, key)[0];

const idSchema = z.coerce.number().int().min(1).max(2_147_483_647);
const pageSchema = z.coerce.number().int().min(1).max(100_000);
const scoreSchema = z
  .string()
  .transform((s) => s.replace(',', '.').replace(/\s|%/g, ''))
  .pipe(z.string().regex(/^\d+(\.\d+)?$/))
  .transform(Number)
  .pipe(z.number().min(0).max(100));
const flagSchema = z.enum(['1', 'true', 'on', 'oui']);

const DATE_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_FR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** "2026-11-28", "28/11/2026", "28-11-2026" or "28.11.2026" → "2026-11-28"; undefined when not a real date. */
export function parseFrenchDate(input: string): string | undefined {
  const s = input.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = DATE_ISO.exec(s);
  const fr = DATE_FR.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
  else return undefined;
  if (y < 2000 || y > 2100) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Shown in notices: "28/11/2026". */
export function frenchDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-');
  return `${d}/${m}/${y}`;
}

function enumList<T extends string>(
  raw: RawQuery,
  key: string,
  allowed: readonly T[],
  notices: string[],
  what: string,
): T[] {
  const out: T[] = [];
  for (const v of values(raw, key)) {
    const upper = v.toUpperCase();
    const found = allowed.find((a) => a === v || a === upper);
    if (found) {
      if (!out.includes(found)) out.push(found);
    } else notices.push(`Le filtre ${what} « ${clip(v)} » n’existe pas : nous ne l’avons pas appliqué.`);
  }
  return out;
}

function idList(raw: RawQuery, key: string, notices: string[], what: string): number[] {
  const out: number[] = [];
  for (const v of values(raw, key)) {
    const r = idSchema.safeParse(v);
    if (r.success) {
      if (!out.includes(r.data)) out.push(r.data);
    } else notices.push(`Le filtre ${what} « ${clip(v)} » n’est pas valable : nous ne l’avons pas appliqué.`);
  }
  return out.slice(0, 50);
}

function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export interface ParseContext {
  /** Only super admins choose a territory. */
  isSuperAdmin: boolean;
}

export function parseListQuery(raw: RawQuery, ctx: ParseContext): ParsedList {
  const notices: string[] = [];
  const f: ListFilters = {
    statut: enumList(raw, 'statut', LIST_STATUTS, notices, 'de statut'),
    partenaire: idList(raw, 'partenaire', notices, 'de partenaire'),
    affectation: enumList(raw, 'affectation', AFFECTATION_STATUSES, notices, 'de statut d’affectation'),
    sansAffectation: values(raw, 'sansAffectation').some(
      (v) => flagSchema.safeParse(v.toLowerCase()).success,
    ),
    procedure: enumList(raw, 'procedure', QUALIFICATIONS, notices, 'de procédure'),
    tag: idList(raw, 'tag', notices, 'd’étiquette'),
    mesDossiers: values(raw, 'mesDossiers').some((v) => flagSchema.safeParse(v.toLowerCase()).success),
    ...DEFAULT_SORT,
    page: 1,
  };

  const territoire = first(raw, 'territoire');
  if (territoire !== undefined) {
    const r = idSchema.safeParse(territoire);
    if (!ctx.isSuperAdmin) {
      notices.push('Le choix du territoire est réservé aux super administrateurs : il a été ignoré.');
    } else if (r.success) f.territoire = r.data;
    else notices.push('Ce territoire n’existe pas : nous ne l’avons pas appliqué.');
  }

  const commune = first(raw, 'commune');
  if (commune !== undefined) f.commune = commune.slice(0, 80);

  for (const key of ['du', 'au'] as const) {
    const v = first(raw, key);
    if (v === undefined) continue;
    const day = parseFrenchDate(v);
    if (day) f[key] = day;
    else
      notices.push(
        `La date « ${clip(v)} » n’est pas une date valable (exemple : 28/11/2026) : nous ne l’avons pas appliquée.`,
      );
  }
  if (f.du && f.au && f.du > f.au) {
    [f.du, f.au] = [f.au, f.du];
    notices.push('La date de début était après la date de fin : nous les avons inversées.');
  }

  for (const key of ['scoreMin', 'scoreMax'] as const) {
    const v = first(raw, key);
    if (v === undefined) continue;
    const r = scoreSchema.safeParse(v);
    if (r.success) f[key] = r.data;
    else
      notices.push(
        `Le score « ${clip(v)} » doit être un nombre entre 0 et 100 : nous ne l’avons pas appliqué.`,
      );
  }
  if (f.scoreMin !== undefined && f.scoreMax !== undefined && f.scoreMin > f.scoreMax) {
    [f.scoreMin, f.scoreMax] = [f.scoreMax, f.scoreMin];
    notices.push('Le score minimum était plus grand que le maximum : nous les avons inversés.');
  }

  const constat = first(raw, 'constat');
  if (constat !== undefined) {
    const r = z.enum(CONSTATS).safeParse(constat.toLowerCase());
    if (r.success) f.constat = r.data;
    else notices.push(`Le filtre « ${clip(constat)} » n’existe pas : nous ne l’avons pas appliqué.`);
  }

  const q = first(raw, 'q');
  if (q !== undefined) {
    const text = q.replace(/\s+/g, ' ');
    if (text.length < Q_MIN_LENGTH) {
      notices.push(`Saisissez au moins ${Q_MIN_LENGTH} caractères pour rechercher.`);
    } else if (text.length > Q_MAX_LENGTH) {
      f.q = text.slice(0, Q_MAX_LENGTH);
      notices.push(`La recherche a été raccourcie à ${Q_MAX_LENGTH} caractères.`);
    } else f.q = text;
  }

  const tri = first(raw, 'tri');
  if (tri !== undefined) {
    const r = z.enum(LIST_SORTS).safeParse(tri.toLowerCase());
    if (r.success) f.tri = r.data;
    else notices.push('Ce tri n’existe pas : la liste est triée par date de dépôt.');
  }
  const ordre = first(raw, 'ordre');
  if (ordre !== undefined) {
    const r = z.enum(['asc', 'desc']).safeParse(ordre.toLowerCase());
    if (r.success) f.ordre = r.data;
    else notices.push('Cet ordre de tri n’existe pas : nous avons gardé l’ordre par défaut.');
  }

  const page = first(raw, 'page');
  if (page !== undefined) {
    const r = pageSchema.safeParse(page);
    if (r.success) f.page = r.data;
    else notices.push('Ce numéro de page n’existe pas : voici la première page.');
  }

  return { filters: f, notices };
}

/** Options the user may choose from (their scope only). */
export interface ListOptions {
  territoires: { id: number; label: string }[];
  partenaires: { id: number; nom: string; territoireId: number | null }[];
  tags: { id: number; label: string }[];
}

/**
 * Leaves out partner and tag ids that are not among the user's options (another territory's partner, a tag
 * of another territory, an id that does not exist). The scope already hides those dossiers; this only keeps
 * the page honest about which filters apply.
 */
export function restrictToOptions(parsed: ParsedList, options: ListOptions): ParsedList {
  const notices = [...parsed.notices];
  const f = { ...parsed.filters };
  const partnerIds = new Set(options.partenaires.map((p) => p.id));
  const unknownPartners = f.partenaire.filter((id) => !partnerIds.has(id));
  if (unknownPartners.length) {
    f.partenaire = f.partenaire.filter((id) => partnerIds.has(id));
    notices.push(
      'Un partenaire demandé ne fait pas partie de vos partenaires : nous ne l’avons pas appliqué.',
    );
  }
  const tagIds = new Set(options.tags.map((t) => t.id));
  if (f.tag.some((id) => !tagIds.has(id))) {
    f.tag = f.tag.filter((id) => tagIds.has(id));
    notices.push('Une étiquette demandée n’existe pas sur votre territoire : nous ne l’avons pas appliquée.');
  }
  if (f.territoire !== undefined && !options.territoires.some((t) => t.id === f.territoire)) {
    f.territoire = undefined;
    notices.push('Ce territoire n’existe pas : nous ne l’avons pas appliqué.');
  }
  return { filters: f, notices };
}

/** How the text typed in "commune" is matched. */
export type CommuneCriterion = { kind: 'code'; code: string } | { kind: 'nom'; nom: string };

export function communeCriterion(input: string): CommuneCriterion {
  const compact = input.replace(/\s/g, '').toUpperCase();
  if (/^(\d{5}|2[AB]\d{3})$/.test(compact)) return { kind: 'code', code: compact };
  return { kind: 'nom', nom: input };
}

/** A reference typed in the search box: "2026-12". */
export const REFERENCE_PATTERN = /^\d{4}-\d{1,7}$/;

/** Canonical query string of these filters (defaults left out), with some values replaced. */
export function listQuery(f: ListFilters, patch: Partial<ListFilters> = {}): string {
  const g = { ...f, ...patch };
  const p = new URLSearchParams();
  if (g.q) p.set('q', g.q);
  if (g.territoire !== undefined) p.set('territoire', String(g.territoire));
  for (const s of g.statut) p.append('statut', s);
  if (g.commune) p.set('commune', g.commune);
  for (const id of g.partenaire) p.append('partenaire', String(id));
  for (const s of g.affectation) p.append('affectation', s);
  if (g.sansAffectation) p.set('sansAffectation', '1');
  if (g.du) p.set('du', g.du);
  if (g.au) p.set('au', g.au);
  if (g.scoreMin !== undefined) p.set('scoreMin', String(g.scoreMin));
  if (g.scoreMax !== undefined) p.set('scoreMax', String(g.scoreMax));
  for (const q of g.procedure) p.append('procedure', q);
  if (g.constat) p.set('constat', g.constat);
  for (const id of g.tag) p.append('tag', String(id));
  if (g.mesDossiers) p.set('mesDossiers', '1');
  if (g.tri !== DEFAULT_SORT.tri || g.ordre !== DEFAULT_SORT.ordre) {
    p.set('tri', g.tri);
    p.set('ordre', g.ordre);
  }
  if (g.page > 1) p.set('page', String(g.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const LIST_PATH = '/bo/signalements';
export const listHref = (f: ListFilters, patch: Partial<ListFilters> = {}) =>
  `${LIST_PATH}${listQuery(f, { page: 1, ...patch })}`;

/** Active filters, each with the link that removes it (the "removable tags" above the results). */
export function activeFilters(f: ListFilters, options: ListOptions): { label: string; href: string }[] {
  const out: { label: string; href: string }[] = [];
  const without = (patch: Partial<ListFilters>) => listHref(f, patch);
  if (f.q) out.push({ label: `Recherche : ${f.q}`, href: without({ q: undefined }) });
  if (f.territoire !== undefined) {
    const t = options.territoires.find((x) => x.id === f.territoire);
    out.push({ label: `Territoire : ${t?.label ?? f.territoire}`, href: without({ territoire: undefined }) });
  }
  for (const s of f.statut)
    out.push({
      label: `Statut : ${SIGNALEMENT_STATUS_LABELS[s]}`,
      href: without({ statut: f.statut.filter((x) => x !== s) }),
    });
  if (f.commune) out.push({ label: `Commune : ${f.commune}`, href: without({ commune: undefined }) });
  for (const id of f.partenaire) {
    const p = options.partenaires.find((x) => x.id === id);
    out.push({
      label: `Partenaire : ${p?.nom ?? id}`,
      href: without({ partenaire: f.partenaire.filter((x) => x !== id) }),
    });
  }
  for (const s of f.affectation)
    out.push({
      label: `Affectation : ${AFFECTATION_STATUS_LABELS[s]}`,
      href: without({ affectation: f.affectation.filter((x) => x !== s) }),
    });
  if (f.sansAffectation) out.push({ label: 'Sans affectation', href: without({ sansAffectation: false }) });
  if (f.du) out.push({ label: `Déposé depuis le ${frenchDate(f.du)}`, href: without({ du: undefined }) });
  if (f.au) out.push({ label: `Déposé jusqu’au ${frenchDate(f.au)}`, href: without({ au: undefined }) });
  if (f.scoreMin !== undefined)
    out.push({ label: `Score d’au moins ${f.scoreMin} %`, href: without({ scoreMin: undefined }) });
  if (f.scoreMax !== undefined)
    out.push({ label: `Score d’au plus ${f.scoreMax} %`, href: without({ scoreMax: undefined }) });
  for (const q of f.procedure)
    out.push({
      label: `Procédure : ${QUALIFICATION_LABELS[q]}`,
      href: without({ procedure: f.procedure.filter((x) => x !== q) }),
    });
  if (f.constat)
    out.push({
      label: `Procédure ${CONSTAT_LABELS[f.constat].toLowerCase()}`,
      href: without({ constat: undefined }),
    });
  for (const id of f.tag) {
    const t = options.tags.find((x) => x.id === id);
    out.push({
      label: `Étiquette : ${t?.label ?? id}`,
      href: without({ tag: f.tag.filter((x) => x !== id) }),
    });
  }
  if (f.mesDossiers) out.push({ label: 'Mes dossiers suivis', href: without({ mesDossiers: false }) });
  return out;
}

export function hasActiveFilters(f: ListFilters): boolean {
  return activeFilters(f, { territoires: [], partenaires: [], tags: [] }).length > 0;
}
