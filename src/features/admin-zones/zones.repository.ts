import type { Kysely, Transaction } from 'kysely';
import type { BBox, ZoneGeometry } from '../../domain/geo.ts';
import type { DB } from '../../infra/db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface ZoneRow {
  id: number;
  territoireId: number;
  name: string;
  type: string;
  geometry: ZoneGeometry;
  bbox: BBox;
  createdAt: Date;
  updatedAt: Date;
}

const columns = ['id', 'territoireId', 'name', 'type', 'geometry', 'bbox', 'createdAt', 'updatedAt'] as const;

export async function listZones(q: Q, territoireId: number): Promise<ZoneRow[]> {
  const rows = await q
    .selectFrom('zone')
    .select([...columns])
    .where('territoireId', '=', territoireId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows as ZoneRow[];
}

export async function findZone(q: Q, id: number): Promise<ZoneRow | undefined> {
  const row = await q
    .selectFrom('zone')
    .select([...columns])
    .where('id', '=', id)
    .executeTakeFirst();
  return row as ZoneRow | undefined;
}

export async function insertZone(
  q: Q,
  v: {
    territoireId: number;
    name: string;
    type: string;
    geometry: ZoneGeometry;
    bbox: BBox;
    createdById: number;
  },
): Promise<number> {
  const row = await q
    .insertInto('zone')
    .values({
      territoireId: v.territoireId,
      name: v.name,
      type: v.type,
      geometry: JSON.stringify(v.geometry),
      bbox: JSON.stringify(v.bbox),
      createdById: v.createdById,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateZone(
  q: Q,
  id: number,
  v: { name: string; type: string; geometry?: ZoneGeometry; bbox?: BBox },
): Promise<void> {
  await q
    .updateTable('zone')
    .set({
      name: v.name,
      type: v.type,
      ...(v.geometry && v.bbox ? { geometry: JSON.stringify(v.geometry), bbox: JSON.stringify(v.bbox) } : {}),
      updatedAt: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteZone(q: Q, id: number): Promise<void> {
  await q.deleteFrom('zone').where('id', '=', id).execute();
}

/** Partners linked to (or excluded from) a zone. */
export async function partnersOfZone(q: Q, zoneId: number) {
  return q
    .selectFrom('partenaireZone as pz')
    .innerJoin('partenaire as p', 'p.id', 'pz.partenaireId')
    .select(['p.id', 'p.nom', 'pz.excluded'])
    .where('pz.zoneId', '=', zoneId)
    .orderBy('p.nom')
    .execute();
}

/** How many rules name the zone (included or excluded). */
export async function rulesUsingZone(q: Q, zoneId: number): Promise<number> {
  const rows = await q
    .selectFrom('autoAffectationRule')
    .select('id')
    .where((eb) =>
      eb.or([
        eb(eb.val(zoneId), '=', eb.fn.any('zonesToInclude')),
        eb(eb.val(zoneId), '=', eb.fn.any('zonesToExclude')),
      ]),
    )
    .execute();
  return rows.length;
}
