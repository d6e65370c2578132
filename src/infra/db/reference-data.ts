import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';

/**
 * Loads the reference data (territoires, communes + EPCI, désordres catalogue) into the database at start.
 *
 * Each dataset carries a checksum of its source in `reference_data_version`; a dataset whose checksum did not
 * change is skipped, so a restart costs a couple of queries. When it changed, its rows are upserted (never
 * deleted: signalements, partners and zones point at them) in one transaction per dataset, under an advisory
 * lock so that several processes booting together do the work once.
 */

export interface LoadReferenceDataOptions {
  log?: (msg: string) => void;
  /** Folder holding territoires.json and desordres.json; defaults to the repository's data/. */
  dataDir?: string;
}

export interface LoadReferenceDataResult {
  /** Names of the datasets written by this call ('territoires', 'communes', 'desordres'). */
  loaded: string[];
}

const requireFromHere = createRequire(import.meta.url);
const defaultDataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

/** Bump a version when the loading rules change, so that already-loaded databases pick the change up. */
const LOADER_VERSION = { territoires: 1, communes: 1, desordres: 1 } as const;

/** Rows per INSERT statement: each batch travels as a single jsonb parameter. */
const BATCH_SIZE = 1000;

/** Arbitrary key for pg_advisory_xact_lock, shared by every process of the application. */
const LOCK_KEY = 7_411_002;

/** EPCI of the Métropole de Lyon: its communes form the territoire '69A', separate from the Rhône ('69'). */
export const METROPOLE_DE_LYON_EPCI = '200046977';

/**
 * Collectivités d'outre-mer attached to a territoire: Saint-Barthélemy (977) and Saint-Martin (978) were part of
 * Guadeloupe until 2007, still use 971xx postcodes and are served by the ARS of Guadeloupe.
 */
const COM_TERRITOIRE: Record<string, string> = { '977': '971', '978': '971' };

type Tx = Kysely<any>;

function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

function chunks<T>(rows: T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function loadReferenceData(
  db: Kysely<any>,
  opts: LoadReferenceDataOptions = {},
): Promise<LoadReferenceDataResult> {
  const log = opts.log ?? (() => {});
  const dataDir = opts.dataDir ?? defaultDataDir;
  const started = performance.now();
  const loaded: string[] = [];

  const current = new Map<string, string>();
  const { rows } = await sql<{
    name: string;
    checksum: string;
  }>`select name, checksum from reference_data_version`.execute(db);
  for (const row of rows) current.set(row.name, row.checksum);

  // Territoires first: communes are attached to them.
  const territoiresText = readFileSync(path.join(dataDir, 'territoires.json'), 'utf8');
  const territoiresSum = sha256(`v${LOADER_VERSION.territoires}`, territoiresText);
  if (current.get('territoires') !== territoiresSum) {
    const msg = await loadDataset(db, 'territoires', territoiresSum, (trx) =>
      upsertTerritoires(trx, JSON.parse(territoiresText)),
    );
    if (msg) {
      loaded.push('territoires');
      log(msg);
    }
  }

  // Which communes are kept depends on the set of territoires, so it is part of the checksum.
  const codes = await sql<{ codes: string | null }>`
    select string_agg(code, ',' order by code) as codes from territoire
  `.execute(db);
  const packageVersion = decoupageVersion();
  const communesSum = sha256(`v${LOADER_VERSION.communes}`, packageVersion, codes.rows[0]?.codes ?? '');
  if (current.get('communes') !== communesSum) {
    const msg = await loadDataset(db, 'communes', communesSum, (trx) => upsertCommunes(trx, packageVersion));
    if (msg) {
      loaded.push('communes');
      log(msg);
    }
  }

  const desordresText = readFileSync(path.join(dataDir, 'desordres.json'), 'utf8');
  const desordresSum = sha256(`v${LOADER_VERSION.desordres}`, desordresText);
  if (current.get('desordres') !== desordresSum) {
    const msg = await loadDataset(db, 'desordres', desordresSum, (trx) =>
      upsertDesordres(trx, JSON.parse(desordresText)),
    );
    if (msg) {
      loaded.push('desordres');
      log(msg);
    }
  }

  if (loaded.length === 0) {
    log(`reference data up to date (${Math.round(performance.now() - started)} ms)`);
  }
  return { loaded };
}

/**
 * Runs one dataset's upsert in a transaction under the advisory lock and records its checksum. Returns the log
 * line, or null when another process loaded the same checksum while we waited for the lock.
 */
async function loadDataset(
  db: Kysely<any>,
  name: string,
  checksum: string,
  upsert: (trx: Tx) => Promise<string>,
): Promise<string | null> {
  const started = performance.now();
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    const again = await sql<{ checksum: string }>`
      select checksum from reference_data_version where name = ${name}
    `.execute(trx);
    if (again.rows[0]?.checksum === checksum) return null;
    const summary = await upsert(trx);
    await sql`
      insert into reference_data_version (name, checksum, loaded_at) values (${name}, ${checksum}, now())
      on conflict (name) do update set checksum = excluded.checksum, loaded_at = excluded.loaded_at
    `.execute(trx);
    return `reference data ${name}: ${summary} in ${Math.round(performance.now() - started)} ms`;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Territoires

interface TerritoireSource {
  code: string;
  nom: string;
  isActive: boolean;
  bbox: { n: number; e: number; s: number; w: number } | null;
  timezone: string;
  authorizedCodesInsee: string[] | null;
}

async function upsertTerritoires(trx: Tx, source: TerritoireSource[]): Promise<string> {
  const rows = source.map((t, ord) => ({
    ord,
    code: t.code,
    nom: t.nom,
    is_active: t.isActive,
    bbox: t.bbox,
    timezone: t.timezone,
    authorized_codes_insee: t.authorizedCodesInsee,
  }));
  // The file gives names, boxes and time zones; opening a territory (is_active) and its authorised communes are
  // decisions made on the platform (territory administration), so a reload only sets them for new rows.
  await sql`
    insert into territoire (code, nom, is_active, bbox, timezone, authorized_codes_insee)
    select r.code, r.nom, r.is_active, r.bbox, r.timezone, r.authorized_codes_insee
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r (
      ord integer, code text, nom text, is_active boolean, bbox jsonb, timezone text, authorized_codes_insee jsonb
    )
    order by r.ord
    on conflict (code) do update set
      nom = excluded.nom,
      bbox = excluded.bbox,
      timezone = excluded.timezone
    where (territoire.nom, territoire.bbox, territoire.timezone)
      is distinct from (excluded.nom, excluded.bbox, excluded.timezone)
  `.execute(trx);
  return `${rows.length} territoires`;
}

// ---------------------------------------------------------------------------------------------------------
// Communes and EPCI (@etalab/decoupage-administratif)

interface DecoupageCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  commune?: string;
  codesPostaux?: string[];
}

interface DecoupageEpci {
  code: string;
  nom: string;
  membres: { code: string }[];
}

function decoupageVersion(): string {
  const file = requireFromHere.resolve('@etalab/decoupage-administratif/package.json');
  return String(JSON.parse(readFileSync(file, 'utf8')).version);
}

function readDecoupage<T>(name: string): T {
  return JSON.parse(
    readFileSync(requireFromHere.resolve(`@etalab/decoupage-administratif/data/${name}`), 'utf8'),
  ) as T;
}

export interface CommuneRow {
  /** Position in the source, so that ids follow the source order. */
  ord: number;
  code_insee: string;
  code_postal: string;
  nom: string;
  territoire: string;
  epci: string | null;
}

export interface CommunesPlan {
  epcis: { ord: number; code: string; nom: string }[];
  communes: CommuneRow[];
  /** Communes left out because their département has no territoire, by département code. */
  skipped: Record<string, number>;
  /** Communes (of a known territoire) that have no postcode at all. */
  withoutPostcode: string[];
}

/**
 * Pure mapping from the package's data to our rows. Current communes plus the municipal arrondissements of
 * Paris, Lyon and Marseille (people give their arrondissement's postcode and INSEE code), one row per
 * (postcode, INSEE) pair. Arrondissements inherit the EPCI of their commune.
 */
export function planCommunes(
  communes: DecoupageCommune[],
  epcis: DecoupageEpci[],
  territoireCodes: ReadonlySet<string>,
): CommunesPlan {
  const epciOf = new Map<string, string>();
  for (const epci of epcis) for (const m of epci.membres) epciOf.set(m.code, epci.code);

  const rows: CommuneRow[] = [];
  const seen = new Set<string>();
  const skipped: Record<string, number> = {};
  const withoutPostcode: string[] = [];
  for (const c of communes) {
    if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
    const epci = epciOf.get(c.code) ?? (c.commune ? epciOf.get(c.commune) : undefined) ?? null;
    let territoire = COM_TERRITOIRE[c.departement] ?? c.departement;
    if (territoire === '69' && epci === METROPOLE_DE_LYON_EPCI) territoire = '69A';
    if (!territoireCodes.has(territoire)) {
      skipped[c.departement] = (skipped[c.departement] ?? 0) + 1;
      continue;
    }
    if (!c.codesPostaux?.length) {
      withoutPostcode.push(c.code);
      continue;
    }
    for (const cp of c.codesPostaux) {
      const key = `${cp}|${c.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ ord: rows.length, code_insee: c.code, code_postal: cp, nom: c.nom, territoire, epci });
    }
  }
  return {
    epcis: epcis.map((e, ord) => ({ ord, code: e.code, nom: e.nom })),
    communes: rows,
    skipped,
    withoutPostcode,
  };
}

async function upsertCommunes(trx: Tx, packageVersion: string): Promise<string> {
  const territoires = await sql<{ code: string }>`select code from territoire`.execute(trx);
  const plan = planCommunes(
    readDecoupage<DecoupageCommune[]>('communes.json'),
    readDecoupage<DecoupageEpci[]>('epci.json'),
    new Set(territoires.rows.map((r) => r.code)),
  );

  for (const batch of chunks(plan.epcis)) {
    await sql`
      insert into epci (code, nom)
      select r.code, r.nom from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r (ord integer, code text, nom text)
      order by r.ord
      on conflict (code) do update set nom = excluded.nom where epci.nom is distinct from excluded.nom
    `.execute(trx);
  }

  for (const batch of chunks(plan.communes)) {
    await sql`
      insert into commune (code_insee, code_postal, nom, territoire_id, epci_id)
      select r.code_insee, r.code_postal, r.nom, t.id, e.id
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r (
        ord integer, code_insee text, code_postal text, nom text, territoire text, epci text
      )
      join territoire t on t.code = r.territoire
      left join epci e on e.code = r.epci
      order by r.ord
      on conflict (code_postal, code_insee) do update set
        nom = excluded.nom, territoire_id = excluded.territoire_id, epci_id = excluded.epci_id
      where (commune.nom, commune.territoire_id, commune.epci_id)
        is distinct from (excluded.nom, excluded.territoire_id, excluded.epci_id)
    `.execute(trx);
  }

  const total = await sql<{ n: number | string }>`select count(*) as n from commune`.execute(trx);
  const stale = Number(total.rows[0]?.n ?? 0) - plan.communes.length;
  const skipped = Object.entries(plan.skipped)
    .map(([dep, n]) => `${dep}:${n}`)
    .join(' ');
  const skippedCount = Object.values(plan.skipped).reduce((a, b) => a + b, 0);
  return (
    `${plan.communes.length} communes (postcode/INSEE pairs), ${plan.epcis.length} EPCI ` +
    `from @etalab/decoupage-administratif ${packageVersion}; ` +
    `${skippedCount} communes skipped, no territoire (${skipped || 'none'})` +
    (plan.withoutPostcode.length ? `; without postcode: ${plan.withoutPostcode.join(' ')}` : '') +
    (stale > 0 ? `; ${stale} rows no longer in the source kept` : '')
  );
}

// ---------------------------------------------------------------------------------------------------------
// Désordres catalogue

interface DesordresSource {
  categories: { label: string; appContext: string }[];
  criteres: {
    slugCritere: string;
    slugCategorie: string;
    labelCategorie: string;
    zoneCategorie: string;
    labelCritere: string;
    categorieLabel: string;
    precisionLibre?: { type: string; label: string };
  }[];
  precisions: {
    slug: string;
    critereSlug: string;
    label: string;
    coef: number;
    isDanger: boolean;
    isInsalubrite: boolean;
    isSuroccupation: boolean;
    qualifications: string[];
    isUnique?: boolean;
  }[];
}

async function upsertDesordres(trx: Tx, source: DesordresSource): Promise<string> {
  const categories = source.categories.map((c, ord) => ({ ord, label: c.label, app_context: c.appContext }));
  await sql`
    insert into desordre_categorie (label, app_context)
    select r.label, r.app_context
    from jsonb_to_recordset(${JSON.stringify(categories)}::jsonb) as r (ord integer, label text, app_context text)
    order by r.ord
    on conflict (label) do update set app_context = excluded.app_context
    where desordre_categorie.app_context is distinct from excluded.app_context
  `.execute(trx);

  const criteres = source.criteres.map((c, ord) => ({
    ord,
    slug_critere: c.slugCritere,
    slug_categorie: c.slugCategorie,
    label_categorie: c.labelCategorie,
    zone_categorie: c.zoneCategorie,
    label_critere: c.labelCritere,
    categorie_label: c.categorieLabel,
    precision_libre_type: c.precisionLibre?.type ?? null,
    precision_libre_label: c.precisionLibre?.label ?? null,
  }));
  for (const batch of chunks(criteres)) {
    await sql`
      insert into desordre_critere (
        slug_critere, slug_categorie, label_categorie, zone_categorie, label_critere, desordre_categorie_id,
        precision_libre_type, precision_libre_label
      )
      select r.slug_critere, r.slug_categorie, r.label_categorie, r.zone_categorie, r.label_critere, c.id,
        r.precision_libre_type, r.precision_libre_label
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r (
        ord integer, slug_critere text, slug_categorie text, label_categorie text, zone_categorie text, label_critere text,
        categorie_label text, precision_libre_type text, precision_libre_label text
      )
      join desordre_categorie c on c.label = r.categorie_label
      order by r.ord
      on conflict (slug_critere) do update set
        slug_categorie = excluded.slug_categorie,
        label_categorie = excluded.label_categorie,
        zone_categorie = excluded.zone_categorie,
        label_critere = excluded.label_critere,
        desordre_categorie_id = excluded.desordre_categorie_id,
        precision_libre_type = excluded.precision_libre_type,
        precision_libre_label = excluded.precision_libre_label
    `.execute(trx);
  }

  const precisions = source.precisions.map((p, ord) => ({
    ord,
    slug: p.slug,
    critere_slug: p.critereSlug,
    label: p.label,
    coef: p.coef,
    is_danger: p.isDanger,
    is_insalubrite: p.isInsalubrite,
    is_suroccupation: p.isSuroccupation,
    qualifications: p.qualifications,
    is_unique: p.isUnique ?? false,
  }));
  for (const batch of chunks(precisions)) {
    await sql`
      insert into desordre_precision (
        slug, desordre_critere_id, label, coef, is_danger, is_insalubrite, is_suroccupation, qualifications,
        is_unique
      )
      select r.slug, c.id, r.label, r.coef, r.is_danger, r.is_insalubrite, r.is_suroccupation,
        array(select jsonb_array_elements_text(r.qualifications)), r.is_unique
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r (
        ord integer, slug text, critere_slug text, label text, coef numeric, is_danger boolean, is_insalubrite boolean,
        is_suroccupation boolean, qualifications jsonb, is_unique boolean
      )
      join desordre_critere c on c.slug_critere = r.critere_slug
      order by r.ord
      on conflict (slug) do update set
        desordre_critere_id = excluded.desordre_critere_id,
        label = excluded.label,
        coef = excluded.coef,
        is_danger = excluded.is_danger,
        is_insalubrite = excluded.is_insalubrite,
        is_suroccupation = excluded.is_suroccupation,
        qualifications = excluded.qualifications,
        is_unique = excluded.is_unique
    `.execute(trx);
  }

  return (
    `${categories.length} categories, ${criteres.length} criteres, ${precisions.length} precisions ` +
    `(${precisions.filter((p) => p.is_danger).length} danger)`
  );
}
