import type { Db } from '../../infra/db/database.ts';

/**
 * Is the platform open where the dwelling is? Used by the public form on the address screen (and again at
 * submission). The commune table already ties every (postcode, INSEE) pair to its territoire, including the
 * special cases: Corsica (2A/2B), overseas départements (971–988), and the Métropole de Lyon (69A) apart from
 * the rest of the Rhône (69). A territoire answers "open" when it is active and, if it lists authorised
 * communes, the commune is among them.
 *
 * The INSEE code is the reliable key (given by the address search). When the person typed the address by hand
 * we only have the postcode and the commune's name: the commune is then picked by postcode and name.
 */

export interface TerritoireRef {
  id: number;
  /** Territoire code ("13", "2A", "69A", "971"). */
  zip: string;
  name: string;
}

export type TerritoryCheck =
  | { status: 'open'; territoire: TerritoireRef; insee?: string; commune?: string }
  | { status: 'closed'; territoire?: TerritoireRef; insee?: string; commune?: string }
  | { status: 'unknown' };

export interface TerritoryCheckInput {
  codePostal?: string | null;
  insee?: string | null;
  /** Commune name, used to choose among the communes of a postcode when the INSEE code is not known. */
  commune?: string | null;
}

/** National helpline for substandard housing, given when the territory is not open. */
export const INFO_LOGEMENT_INDIGNE_PHONE = '0806 706 806';

const POSTCODE = /^\d{5}$/;
const INSEE = /^(\d{5}|2[AB]\d{3})$/;

/**
 * The BAN and older payloads sometimes give the INSEE code of the whole city for Marseille, Lyon and Paris;
 * our authorised lists and statistics use the arrondissement's code, which the postcode tells.
 */
export function normalizeInsee(codePostal: string | undefined, insee: string): string {
  if (!codePostal) return insee;
  if (insee === '13055') {
    const m = /^130(0[1-9]|1[0-6])$/.exec(codePostal);
    if (m) return `132${m[1]}`;
  }
  if (insee === '69123') {
    const m = /^6900([1-9])$/.exec(codePostal);
    if (m) return `6938${m[1]}`;
  }
  if (insee === '75056') {
    if (codePostal === '75116') return '75116';
    const m = /^750(0[1-9]|1\d|20)$/.exec(codePostal);
    if (m) return `751${m[1]}`;
  }
  return insee;
}

/** Territoire code from an INSEE code or a postcode, when the commune table does not know it (Corsica, DOM). */
export function zipFromCode(code: string): string | null {
  if (/^2[AB]/.test(code)) return code.slice(0, 2);
  if (code.startsWith('20')) {
    // Corsican postcodes: 200xx and 201xx are in Corse-du-Sud, 202xx and 206xx in Haute-Corse.
    if (/^20[01]/.test(code)) return '2A';
    if (/^20[26]/.test(code)) return '2B';
    return null;
  }
  if (/^9[78]/.test(code)) return code.slice(0, 3);
  if (/^(0[1-9]|[1-8]\d|9[0-5])/.test(code)) return code.slice(0, 2);
  return null;
}

function simplify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\b(st|ste)\b/g, (m) => (m === 'st' ? 'saint' : 'sainte'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface Candidate {
  codeInsee: string;
  codePostal: string;
  nom: string;
  territoireId: number;
}

interface TerritoireRow {
  id: number;
  code: string;
  nom: string;
  isActive: boolean;
  authorizedCodesInsee: string[] | null;
}

async function loadTerritoire(
  db: Db,
  by: { id: number } | { code: string },
): Promise<TerritoireRow | undefined> {
  let q = db.selectFrom('territoire').select(['id', 'code', 'nom', 'isActive', 'authorizedCodesInsee']);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('code', '=', by.code);
  const row = await q.executeTakeFirst();
  return row
    ? { ...row, authorizedCodesInsee: (row.authorizedCodesInsee as string[] | null) ?? null }
    : undefined;
}

function isAuthorised(t: TerritoireRow, insee: string, codePostal?: string): boolean {
  const list = t.authorizedCodesInsee;
  if (!list || list.length === 0) return true;
  return list.includes(insee) || list.includes(normalizeInsee(codePostal, insee));
}

function answer(
  t: TerritoireRow,
  commune: { insee?: string; nom?: string; codePostal?: string },
): TerritoryCheck {
  const territoire = { id: t.id, zip: t.code, name: t.nom };
  const extra = {
    ...(commune.insee ? { insee: commune.insee } : {}),
    ...(commune.nom ? { commune: commune.nom } : {}),
  };
  if (!t.isActive) return { status: 'closed', territoire, ...extra };
  if (commune.insee === undefined) {
    // Without a commune, a territoire that opened only some of its communes cannot be decided.
    return t.authorizedCodesInsee?.length ? { status: 'unknown' } : { status: 'open', territoire, ...extra };
  }
  return isAuthorised(t, commune.insee, commune.codePostal)
    ? { status: 'open', territoire, ...extra }
    : { status: 'closed', territoire, ...extra };
}

/** Several candidate communes: one answer if they all agree, else unknown. */
async function decideAmong(db: Db, candidates: Candidate[], codePostal?: string): Promise<TerritoryCheck> {
  const answers: TerritoryCheck[] = [];
  const cache = new Map<number, TerritoireRow | undefined>();
  for (const c of candidates) {
    if (!cache.has(c.territoireId))
      cache.set(c.territoireId, await loadTerritoire(db, { id: c.territoireId }));
    const t = cache.get(c.territoireId);
    if (!t) return { status: 'unknown' };
    answers.push(answer(t, { insee: c.codeInsee, nom: c.nom, codePostal: c.codePostal ?? codePostal }));
  }
  const first = answers[0];
  if (!first || first.status === 'unknown') return { status: 'unknown' };
  const same = answers.every(
    (a) => a.status !== 'unknown' && a.status === first.status && a.territoire?.id === first.territoire?.id,
  );
  if (!same) return { status: 'unknown' };
  if (candidates.length === 1) return first;
  // The communes agree but we do not know which one it is: no INSEE code to pass on.
  if (first.status === 'open') return { status: 'open', territoire: first.territoire };
  return first.territoire ? { status: 'closed', territoire: first.territoire } : { status: 'closed' };
}

/**
 * Decides whether the territory of an address is open. Never throws on bad input: anything we cannot place
 * answers `unknown` (the form then lets the person go on; the back-office sorts it out).
 */
export async function checkTerritory(db: Db, input: TerritoryCheckInput): Promise<TerritoryCheck> {
  const codePostal = input.codePostal?.replace(/\s+/g, '') || undefined;
  const cp = codePostal && POSTCODE.test(codePostal) ? codePostal : undefined;
  const rawInsee = input.insee?.trim().toUpperCase() || undefined;
  const insee = rawInsee && INSEE.test(rawInsee) ? normalizeInsee(cp, rawInsee) : undefined;
  const communeName = input.commune?.trim() ? simplify(input.commune) : undefined;

  const base = db.selectFrom('commune').select(['codeInsee', 'codePostal', 'nom', 'territoireId']);

  if (insee) {
    const rows: Candidate[] = await base.where('codeInsee', 'in', [...new Set([insee, rawInsee!])]).execute();
    const withCp = cp ? rows.filter((r) => r.codePostal === cp) : [];
    // Prefer the arrondissement row (normalised code), then any row of the commune.
    const pick =
      withCp.find((r) => r.codeInsee === insee) ??
      withCp[0] ??
      rows.find((r) => r.codeInsee === insee) ??
      rows[0];
    if (pick) {
      const t = await loadTerritoire(db, { id: pick.territoireId });
      if (!t) return { status: 'unknown' };
      return answer(t, { insee, nom: pick.nom, codePostal: cp ?? pick.codePostal });
    }
    // A commune our table does not know (merged recently…): the code still tells the département.
    const zip = zipFromCode(insee);
    if (!zip || zip === '69') return { status: 'unknown' };
    const t = await loadTerritoire(db, { code: zip });
    return t ? answer(t, { insee, codePostal: cp }) : { status: 'unknown' };
  }

  if (!cp) return { status: 'unknown' };
  const rows: Candidate[] = await base.where('codePostal', '=', cp).orderBy('codeInsee').execute();
  if (rows.length > 0) {
    let candidates = rows;
    if (communeName) {
      const exact = rows.filter((r) => simplify(r.nom) === communeName);
      const loose = rows.filter((r) => {
        const n = simplify(r.nom);
        return n.startsWith(communeName) || communeName.startsWith(n);
      });
      if (exact.length > 0) candidates = exact;
      else if (loose.length > 0) candidates = loose;
    }
    // Marseille, Lyon, Paris: the whole-city row and the arrondissement row share the postcode; keep the
    // arrondissement.
    const seen = new Set<string>();
    candidates = candidates
      .map((c) => ({ ...c, codeInsee: normalizeInsee(cp, c.codeInsee) }))
      .filter((c) => !seen.has(c.codeInsee) && seen.add(c.codeInsee));
    return decideAmong(db, candidates, cp);
  }
  // A postcode we do not know (CEDEX…): the département still tells the territoire when it is not ambiguous.
  const zip = zipFromCode(cp);
  if (!zip || zip === '69') return { status: 'unknown' };
  const t = await loadTerritoire(db, { code: zip });
  return t ? answer(t, {}) : { status: 'unknown' };
}
