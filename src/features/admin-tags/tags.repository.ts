import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../infra/db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function listTags(q: Q, territoireIds: number[] | null) {
  let query = q
    .selectFrom('tag as t')
    .innerJoin('territoire as te', 'te.id', 't.territoireId')
    .select([
      't.id',
      't.label',
      't.territoireId',
      'te.code as territoireCode',
      'te.nom as territoireNom',
      (eb) =>
        eb
          .selectFrom('tagSignalement as ts')
          .whereRef('ts.tagId', '=', 't.id')
          .select((e) => e.fn.countAll<string>().as('c'))
          .as('nbDossiers'),
    ])
    .where('t.isArchive', '=', false);
  if (territoireIds) query = query.where('t.territoireId', 'in', territoireIds.length ? territoireIds : [-1]);
  const rows = await query.orderBy('te.code').orderBy(sql`lower(t.label)`).execute();
  return rows.map((r) => ({ ...r, nbDossiers: Number(r.nbDossiers ?? 0) }));
}

export async function findTag(q: Q, id: number) {
  if (!Number.isSafeInteger(id)) return undefined;
  return q
    .selectFrom('tag')
    .select(['id', 'label', 'territoireId', 'isArchive'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A tag of the territory with the same label (case and accents ignored), other than `exceptId`. */
export async function sameLabel(q: Q, territoireId: number, label: string, exceptId?: number) {
  let query = q
    .selectFrom('tag')
    .select('id')
    .where('territoireId', '=', territoireId)
    .where(sql<boolean>`lower(immutable_unaccent(label)) = lower(immutable_unaccent(${label}))`);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

export async function tagsOfTerritoire(q: Q, territoireId: number) {
  return q
    .selectFrom('tag')
    .select(['id', 'label'])
    .where('territoireId', '=', territoireId)
    .where('isArchive', '=', false)
    .orderBy(sql`lower(label)`)
    .execute();
}

export async function tagsOfSignalement(q: Q, signalementId: number) {
  return q
    .selectFrom('tagSignalement as ts')
    .innerJoin('tag as t', 't.id', 'ts.tagId')
    .select(['t.id', 't.label'])
    .where('ts.signalementId', '=', signalementId)
    .orderBy(sql`lower(t.label)`)
    .execute();
}
