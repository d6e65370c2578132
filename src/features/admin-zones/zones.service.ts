import type { AppDeps } from '../../app.ts';
import {
  bboxOf,
  parseZoneGeometry,
  polygonsOfGeometry,
  type Ring,
  type ZoneGeometry,
} from '../../domain/geo.ts';
import { conflict, notFound, validation } from '../../infra/errors.ts';
import { insertAdminHistory } from '../admin-partenaires/partenaires.repository.ts';
import { manageableTerritoires, pickTerritoire } from '../admin-regles/regles.service.ts';
import type { CurrentUser } from '../auth/auth.repository.ts';
import {
  deleteZone,
  findZone,
  insertZone,
  listZones,
  partnersOfZone,
  rulesUsingZone,
  updateZone,
} from './zones.repository.ts';

/** Zone types (integrations §4). */
export const ZONE_TYPES = [
  'OPAH',
  'OPAH_RU',
  'RHI',
  'ANRU',
  'PIG',
  'PERMIS_DE_LOUER',
  'PERMIS_DE_DIVISER',
  'EPCI',
  'AUTRE',
] as const;
export const ZONE_TYPE_LABELS: Record<(typeof ZONE_TYPES)[number], string> = {
  OPAH: 'OPAH (amélioration de l’habitat)',
  OPAH_RU: 'OPAH-RU (renouvellement urbain)',
  RHI: 'RHI (résorption de l’habitat insalubre)',
  ANRU: 'ANRU (rénovation urbaine)',
  PIG: 'PIG (programme d’intérêt général)',
  PERMIS_DE_LOUER: 'Permis de louer',
  PERMIS_DE_DIVISER: 'Permis de diviser',
  EPCI: 'EPCI',
  AUTRE: 'Autre',
};

export const CSV_MAX_BYTES = 5 * 1024 * 1024;

/** Splits CSV text into rows of cells (quotes, doubled quotes, `,` or `;` separators, CRLF). */
export function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((x) => x.trim())) rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell);
  if (row.some((x) => x.trim())) rows.push(row);
  return rows;
}

/** The geometry of a CSV file with a `WKT` column: every row's polygons together. */
export function geometryFromCsv(
  text: string,
): { ok: true; geometry: ZoneGeometry } | { ok: false; error: string } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows[0]?.map((h) => h.trim().toUpperCase()) ?? [];
  const col = header.indexOf('WKT');
  if (col < 0) return { ok: false, error: 'Le fichier CSV doit avoir une colonne nommée « WKT ».' };
  const polygons: Ring[][] = [];
  for (let i = 1; i < rows.length; i++) {
    const cell = rows[i]?.[col]?.trim();
    if (!cell) continue;
    const r = parseZoneGeometry(cell);
    if (!r.ok) return { ok: false, error: `Ligne ${i + 1} du fichier : ${r.error}` };
    polygons.push(...polygonsOfGeometry(r.geometry));
  }
  if (!polygons.length) return { ok: false, error: 'La colonne « WKT » du fichier est vide.' };
  return {
    ok: true,
    geometry:
      polygons.length === 1
        ? { type: 'Polygon', coordinates: polygons[0] as Ring[] }
        : { type: 'MultiPolygon', coordinates: polygons },
  };
}

export interface ZoneInput {
  name: string;
  type: string;
  geometry: string;
  /** Text of an uploaded CSV file, when one was sent. */
  csv?: string | null;
  csvError?: string | null;
}

function check(input: ZoneInput, requireGeometry: boolean) {
  const errors: Record<string, string> = {};
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (!name) errors.name = 'Indiquez le nom de la zone.';
  else if (name.length > 100) errors.name = 'Le nom de la zone doit faire 100 caractères au plus.';
  if (!(ZONE_TYPES as readonly string[]).includes(input.type)) errors.type = 'Choisissez le type de zone.';
  let geometry: ZoneGeometry | undefined;
  if (input.csvError) errors.csv = input.csvError;
  else if (input.csv) {
    const r = geometryFromCsv(input.csv);
    if (r.ok) geometry = r.geometry;
    else errors.csv = r.error;
  } else if (input.geometry.trim()) {
    const r = parseZoneGeometry(input.geometry);
    if (r.ok) geometry = r.geometry;
    else errors.geometry = r.error;
  } else if (requireGeometry) {
    errors.geometry = 'Collez le contour de la zone (WKT ou GeoJSON) ou envoyez un fichier CSV.';
  }
  if (Object.keys(errors).length) throw validation('La zone n’a pas été enregistrée.', errors);
  return { name, type: input.type, geometry };
}

export function createZonesService(deps: AppDeps) {
  const db = deps.database.db;

  async function zoneInScope(user: CurrentUser, id: number) {
    const territoires = await manageableTerritoires(db, user, 'ZONE_MANAGE');
    const zone = Number.isSafeInteger(id) ? await findZone(db, id) : undefined;
    const territoire = zone && territoires.find((t) => t.id === zone.territoireId);
    if (!zone || !territoire) throw notFound();
    return { zone, territoire };
  }

  return {
    async list(user: CurrentUser, wanted?: number) {
      const territoires = await manageableTerritoires(db, user, 'ZONE_MANAGE');
      const territoire = pickTerritoire(territoires, wanted);
      const zones = territoire ? await listZones(db, territoire.id) : [];
      return { territoires, territoire, zones };
    },

    async get(user: CurrentUser, id: number) {
      const { zone, territoire } = await zoneInScope(user, id);
      return {
        zone,
        territoire,
        partners: await partnersOfZone(db, id),
        rules: await rulesUsingZone(db, id),
      };
    },

    async create(user: CurrentUser, territoireId: number | undefined, input: ZoneInput) {
      const territoires = await manageableTerritoires(db, user, 'ZONE_MANAGE');
      const territoire = pickTerritoire(territoires, territoireId);
      if (!territoire) throw notFound();
      const v = check(input, true);
      const geometry = v.geometry as ZoneGeometry;
      return db.transaction().execute(async (trx) => {
        const id = await insertZone(trx, {
          territoireId: territoire.id,
          name: v.name,
          type: v.type,
          geometry,
          bbox: bboxOf(geometry),
          createdById: user.id,
        });
        await insertAdminHistory(trx, {
          event: 'CREATE',
          entityName: 'Zone',
          entityId: id,
          changes: { name: v.name, type: v.type, territoireId: territoire.id },
          utilisateurId: user.id,
          now: new Date(),
        });
        return { id, name: v.name, territoire };
      });
    },

    async update(user: CurrentUser, id: number, input: ZoneInput) {
      const { zone } = await zoneInScope(user, id);
      const v = check(input, false);
      await db.transaction().execute(async (trx) => {
        await updateZone(trx, id, {
          name: v.name,
          type: v.type,
          ...(v.geometry ? { geometry: v.geometry, bbox: bboxOf(v.geometry) } : {}),
        });
        await insertAdminHistory(trx, {
          event: 'UPDATE',
          entityName: 'Zone',
          entityId: id,
          changes: {
            name: [zone.name, v.name],
            type: [zone.type, v.type],
            contour: v.geometry ? 'modifié' : 'inchangé',
          },
          utilisateurId: user.id,
          now: new Date(),
        });
      });
      return { name: v.name };
    },

    /**
     * Deletes the zone and its partner links. Refused while a rule names it: removing a zone from a rule's
     * zones would silently widen the rule.
     */
    async remove(user: CurrentUser, id: number) {
      const { zone, territoire } = await zoneInScope(user, id);
      const used = await rulesUsingZone(db, id);
      if (used) {
        throw conflict(
          `La zone « ${zone.name} » est utilisée par ${used} règle${used > 1 ? 's' : ''} d’affectation : retirez-la d’abord de ces règles.`,
        );
      }
      await db.transaction().execute(async (trx) => {
        await deleteZone(trx, id);
        await insertAdminHistory(trx, {
          event: 'DELETE',
          entityName: 'Zone',
          entityId: id,
          changes: { name: zone.name, type: zone.type, territoireId: territoire.id },
          utilisateurId: user.id,
          now: new Date(),
        });
      });
      return { name: zone.name, territoire };
    },
  };
}
