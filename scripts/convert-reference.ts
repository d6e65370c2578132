/**
 * One-off conversion of the original system's reference fixtures into our own data files (committed in data/).
 *
 *   npx tsx scripts/convert-reference.ts [reference-folder]
 *
 * The folder defaults to ../shared/reference/histologe relative to the repository root. The script checks the
 * figures we rely on (counts, flags, coef range) and exits non-zero when the source no longer matches them, so
 * a silent drift in the reference never reaches scoring.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type ScalarTag } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Duplicated from src/domain/competences.ts on purpose: the domain module imports the JSON this script writes,
// so the script cannot depend on it. competences.test.ts checks that both lists agree.
const PARTNER_TYPES = [
  'ADIL',
  'ARS',
  'ASSOCIATION',
  'BAILLEUR_SOCIAL',
  'CAF_MSA',
  'CCAS',
  'COMMUNE_SCHS',
  'CONCILIATEURS',
  'CONSEIL_DEPARTEMENTAL',
  'DDETS',
  'DDT_M',
  'DISPOSITIF_RENOVATION_HABITAT',
  'EPCI',
  'OPERATEUR_VISITES_ET_TRAVAUX',
  'POLICE_GENDARMERIE',
  'PREFECTURE',
  'TRIBUNAL',
  'AUTRE',
] as const;

const QUALIFICATIONS = new Set([
  'ACCOMPAGNEMENT_JURIDIQUE',
  'ACCOMPAGNEMENT_SOCIAL',
  'ACCOMPAGNEMENT_TRAVAUX',
  'AIDE_BAILLEURS',
  'ARRETES',
  'ASSURANTIEL',
  'CONCILIATION',
  'CONSIGNATION_AL',
  'DALO',
  'SALETE',
  'FSL',
  'HEBERGEMENT_RELOGEMENT',
  'INSALUBRITE',
  'MISE_EN_SECURITE_PERIL',
  'NON_DECENCE',
  'NON_DECENCE_ENERGETIQUE',
  'NUISIBLES',
  'RSD',
  'VISITES',
  'DANGER',
  'SUROCCUPATION',
]);

class ConversionError extends Error {}

function fail(message: string): never {
  throw new ConversionError(message);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

function readYaml(file: string, customTags: ScalarTag[] = []): unknown {
  const text = readFileSync(file, 'utf8');
  return parse(text, { customTags });
}

function asRecordList(value: unknown, where: string): Record<string, unknown>[] {
  check(Array.isArray(value), `${where}: a list is expected`);
  for (const item of value) check(item && typeof item === 'object', `${where}: invalid item`);
  return value as Record<string, unknown>[];
}

function str(row: Record<string, unknown>, key: string, where: string): string {
  const v = row[key];
  check(typeof v === 'string' && v.trim() !== '', `${where}: field ${key} is missing`);
  // A few labels carry a trailing space in the source; it is never meaningful.
  return v.trim();
}

function optionalStr(row: Record<string, unknown>, key: string): string | undefined {
  const v = row[key];
  if (v === undefined || v === null) return undefined;
  check(typeof v === 'string', `field ${key}: text expected`);
  return v.trim();
}

/** The fixtures write booleans as 0/1 (sometimes true/false); a missing flag is false. */
function flag(row: Record<string, unknown>, key: string, where: string): boolean {
  const v = row[key];
  if (v === undefined || v === null) return false;
  check(v === 0 || v === 1 || typeof v === 'boolean', `${where}: ${key} must be 0 or 1`);
  return v === 1 || v === true;
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Désordres (v2 catalogue)

interface CategorieOut {
  label: string;
  appContext: 'default' | 'service_secours';
}

interface CritereOut {
  slugCritere: string;
  slugCategorie: string;
  labelCategorie: string;
  zoneCategorie: 'BATIMENT' | 'LOGEMENT';
  labelCritere: string;
  categorieLabel: string;
  precisionLibre?: { type: string; label: string };
}

interface PrecisionOut {
  slug: string;
  critereSlug: string;
  label: string;
  coef: number;
  isDanger: boolean;
  isInsalubrite: boolean;
  isSuroccupation: boolean;
  qualifications: string[];
  isUnique: boolean;
}

const EXPECTED = {
  categories: 16,
  criteres: 84,
  precisions: 195,
  danger: 45,
  insalubrite: 11,
  suroccupation: 2,
  coefMin: 0,
  coefMax: 24,
};

function convertDesordres(folder: string) {
  const dir = path.join(folder, 'desordres');
  const categoriesRaw = asRecordList(
    (readYaml(path.join(dir, 'DesordreCategorie.yml')) as any)?.desordre_categorie,
    'DesordreCategorie.yml',
  );
  const criteresRaw = asRecordList(
    (readYaml(path.join(dir, 'DesordreCritere.yml')) as any)?.desordre_critere,
    'DesordreCritere.yml',
  );
  const precisionsRaw = asRecordList(
    (readYaml(path.join(dir, 'DesordrePrecision.yml')) as any)?.desordre_precision,
    'DesordrePrecision.yml',
  );

  const categories: CategorieOut[] = categoriesRaw.map((row, i) => {
    const where = `categorie #${i + 1}`;
    const appContext = optionalStr(row, 'app_context') ?? 'default';
    check(appContext === 'default' || appContext === 'service_secours', `${where}: unknown app_context`);
    return { label: str(row, 'label', where), appContext };
  });
  const categorieLabels = new Set(categories.map((c) => c.label));
  check(categorieLabels.size === categories.length, 'DesordreCategorie.yml: duplicate label');

  const criteres: CritereOut[] = criteresRaw.map((row, i) => {
    const where = `critere #${i + 1}`;
    const zone = str(row, 'zone_categorie', where);
    check(zone === 'BATIMENT' || zone === 'LOGEMENT', `${where}: unknown zone_categorie (${zone})`);
    const categorieLabel = str(row, 'desordre_categorie_label', where);
    check(categorieLabels.has(categorieLabel), `${where}: unknown categorie "${categorieLabel}"`);
    const out: CritereOut = {
      slugCritere: str(row, 'slug_critere', where),
      slugCategorie: str(row, 'slug_categorie', where),
      labelCategorie: str(row, 'label_categorie', where),
      zoneCategorie: zone,
      labelCritere: str(row, 'label_critere', where),
      categorieLabel,
    };
    const libreType = optionalStr(row, 'config_precision_libre_type');
    const libreLabel = optionalStr(row, 'config_precision_libre_label');
    check(
      (libreType === undefined) === (libreLabel === undefined),
      `${where}: incomplete config_precision_libre_*`,
    );
    check(
      libreType === undefined || libreType === 'critere' || libreType === 'precisions',
      `${where}: unknown config_precision_libre_type ${libreType}`,
    );
    if (libreType !== undefined && libreLabel !== undefined) {
      out.precisionLibre = { type: libreType, label: libreLabel };
    }
    return out;
  });
  const critereSlugs = new Set(criteres.map((c) => c.slugCritere));
  check(critereSlugs.size === criteres.length, 'DesordreCritere.yml: duplicate slug');

  const precisions: PrecisionOut[] = precisionsRaw.map((row, i) => {
    const where = `precision #${i + 1}`;
    const critereSlug = str(row, 'desordre_critere_slug', where);
    check(critereSlugs.has(critereSlug), `${where}: unknown critere ${critereSlug}`);
    const coef = row.coef;
    check(typeof coef === 'number' && Number.isFinite(coef), `${where}: invalid coef`);
    const qualifications = row.qualification ?? [];
    check(
      Array.isArray(qualifications) && qualifications.every((q) => QUALIFICATIONS.has(q)),
      `${where}: unknown qualification (${JSON.stringify(qualifications)})`,
    );
    const label = row.label;
    check(label === null || label === undefined || typeof label === 'string', `${where}: invalid label`);
    return {
      slug: str(row, 'desordre_precision_slug', where),
      critereSlug,
      label: (label ?? '').trim(),
      coef,
      isDanger: flag(row, 'is_danger', where),
      isInsalubrite: flag(row, 'is_insalubrite', where),
      isSuroccupation: flag(row, 'is_suroccupation', where),
      qualifications: qualifications as string[],
      isUnique: flag(row, 'config_is_unique', where),
    };
  });
  check(
    new Set(precisions.map((p) => p.slug)).size === precisions.length,
    'DesordrePrecision.yml: duplicate slug',
  );
  const orphan = criteres.filter((c) => !precisions.some((p) => p.critereSlug === c.slugCritere));
  check(
    orphan.length === 0,
    `criteres without any precision: ${orphan.map((c) => c.slugCritere).join(', ')}`,
  );

  const coefs = precisions.map((p) => p.coef);
  const actual = {
    categories: categories.length,
    criteres: criteres.length,
    precisions: precisions.length,
    danger: precisions.filter((p) => p.isDanger).length,
    insalubrite: precisions.filter((p) => p.isInsalubrite).length,
    suroccupation: precisions.filter((p) => p.isSuroccupation).length,
    coefMin: Math.min(...coefs),
    coefMax: Math.max(...coefs),
  };
  for (const [key, expected] of Object.entries(EXPECTED)) {
    const got = actual[key as keyof typeof actual];
    check(got === expected, `desordres: ${key} = ${got}, expected ${expected}`);
  }
  return { data: { categories, criteres, precisions }, actual };
}

// ---------------------------------------------------------------------------------------------------------
// Territoires

interface TerritoireOut {
  code: string;
  nom: string;
  isActive: boolean;
  bbox: { n: number; e: number; s: number; w: number } | null;
  timezone: string;
  authorizedCodesInsee: string[] | null;
}

function parseBbox(raw: unknown, where: string, repaired: string[]): TerritoireOut['bbox'] {
  if (raw === undefined || raw === null || raw === '') return null;
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  // The fixtures store "[]" for territories without a box.
  if (Array.isArray(value) && value.length === 0) return null;
  check(value && typeof value === 'object', `${where}: invalid bbox`);
  const out: Record<string, number> = {};
  for (const side of ['n', 'e', 's', 'w'] as const) {
    // The source has typos such as ",-1.354187" (49) or " 47.108549" (79): drop stray commas and spaces.
    const text = String((value as Record<string, unknown>)[side] ?? '').replace(/[\s,]/g, '');
    const n = text === '' ? Number.NaN : Number(text);
    check(Number.isFinite(n), `${where}: invalid bbox.${side}`);
    if (text !== String((value as Record<string, unknown>)[side])) repaired.push(`${where}.${side}`);
    out[side] = n;
  }
  check(out.n! > out.s! && out.e! > out.w!, `${where}: inconsistent bbox`);
  return out as TerritoireOut['bbox'];
}

function convertTerritoires(folder: string) {
  const rows = asRecordList(
    (readYaml(path.join(folder, 'fixtures/Territory.yml')) as any)?.territories,
    'Territory.yml',
  );
  const duplicates: string[] = [];
  const repaired: string[] = [];
  const territoires: TerritoireOut[] = rows.map((row, i) => {
    const where = `territoire ${String(row.zip ?? `#${i + 1}`)}`;
    const code = str(row, 'zip', where);
    check(/^(\d{2}|2[AB]|69A|97\d)$/.test(code), `${where}: unexpected code ${code}`);
    let authorized: string[] | null = null;
    if (row.authorized_codes_insee != null) {
      const list = row.authorized_codes_insee;
      check(Array.isArray(list), `${where}: authorized_codes_insee must be a list`);
      authorized = [];
      for (const item of list) {
        const insee = String(item).trim();
        check(/^[0-9][0-9AB]\d{3}$/.test(insee), `${where}: invalid INSEE code ${insee}`);
        // The source lists a few codes twice; keep the first occurrence only.
        if (authorized.includes(insee)) duplicates.push(`${code}:${insee}`);
        else authorized.push(insee);
      }
    }
    return {
      code,
      nom: str(row, 'name', where),
      isActive: flag(row, 'is_active', where),
      bbox: parseBbox(row.bbox, where, repaired),
      timezone: optionalStr(row, 'timezone') ?? 'Europe/Paris',
      authorizedCodesInsee: authorized,
    };
  });
  const codes = new Set(territoires.map((t) => t.code));
  check(codes.size === territoires.length, 'Territory.yml: duplicate zip');
  check(territoires.length === 102, `Territory.yml: ${territoires.length} territoires, expected 102`);
  check(codes.has('69A') && codes.has('2A') && codes.has('2B'), 'Territory.yml: 69A, 2A or 2B is missing');
  for (const t of territoires) {
    // Make sure every time zone is one the runtime knows, or dates would be shown wrongly.
    new Intl.DateTimeFormat('fr-FR', { timeZone: t.timezone });
  }
  return { data: territoires, duplicates, repaired };
}

// ---------------------------------------------------------------------------------------------------------
// Default competences per partner type

const phpEnumTag: ScalarTag = {
  tag: '!php/enum',
  // `!php/enum App\Entity\Enum\Qualification::VISITES` → 'VISITES'
  resolve(value: string) {
    const match = /^App\\Entity\\Enum\\Qualification::([A-Z_]+)$/.exec(value.trim());
    if (!match) fail(`competences.yaml: unexpected enum value "${value}"`);
    return match[1]!;
  },
};

function convertCompetences(folder: string) {
  const doc = readYaml(path.join(folder, 'fixtures/competences.yaml'), [phpEnumTag]) as any;
  const perType = doc?.parameters?.competence_per_type;
  check(perType && typeof perType === 'object', 'competences.yaml: competence_per_type is missing');
  const known = new Set<string>(PARTNER_TYPES);
  for (const key of Object.keys(perType))
    check(known.has(key), `competences.yaml: unknown partner type ${key}`);
  const out: Record<string, string[]> = {};
  const missing: string[] = [];
  // Spec order (alphabetical, AUTRE last) matches the source order for the types it lists.
  for (const type of PARTNER_TYPES) {
    const list = perType[type];
    if (list === undefined || list === null) {
      missing.push(type);
      out[type] = [];
      continue;
    }
    check(Array.isArray(list), `competences.yaml: ${type} must be a list`);
    for (const q of list) check(QUALIFICATIONS.has(q), `competences.yaml: unknown qualification ${q}`);
    check(new Set(list).size === list.length, `competences.yaml: duplicate competence for ${type}`);
    out[type] = list;
  }
  return { data: out, missing };
}

// ---------------------------------------------------------------------------------------------------------

function main(): void {
  const folder = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/reference/histologe'));
  check(
    existsSync(path.join(folder, 'desordres')),
    `${folder} is not the reference folder (no desordres/ in it)`,
  );
  const dataDir = path.join(repoRoot, 'data');

  const desordres = convertDesordres(folder);
  const territoires = convertTerritoires(folder);
  const competences = convertCompetences(folder);

  writeJson(path.join(dataDir, 'desordres.json'), desordres.data);
  writeJson(path.join(dataDir, 'territoires.json'), territoires.data);
  writeJson(path.join(dataDir, 'competences.json'), competences.data);

  const a = desordres.actual;
  console.log(
    `desordres.json: ${a.categories} categories, ${a.criteres} criteres, ${a.precisions} precisions ` +
      `(${a.danger} danger, ${a.insalubrite} insalubrite, ${a.suroccupation} suroccupation, coef ${a.coefMin}..${a.coefMax})`,
  );
  const active = territoires.data.filter((t) => t.isActive).length;
  console.log(
    `territoires.json: ${territoires.data.length} territoires (${active} active)` +
      (territoires.duplicates.length
        ? `; duplicate INSEE codes dropped: ${territoires.duplicates.join(', ')}`
        : '') +
      (territoires.repaired.length ? `; bbox values repaired: ${territoires.repaired.join(', ')}` : ''),
  );
  console.log(
    `competences.json: ${Object.keys(competences.data).length} partner types` +
      (competences.missing.length ? ` (no default competence: ${competences.missing.join(', ')})` : ''),
  );
}

try {
  main();
} catch (err) {
  if (err instanceof ConversionError) {
    console.error(`Conversion failed: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
