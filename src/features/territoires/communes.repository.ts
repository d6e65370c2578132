import { sql } from 'kysely';
import type { Db } from '../../infra/db/database.ts';

export interface CommuneRow {
  codeInsee: string;
  codePostal: string;
  nom: string;
}

/**
 * Offline look-up used when the address service is unreachable: a 5-digit postcode in the query gives its
 * communes; otherwise an accent-insensitive prefix match on the commune name.
 */
export function createCommuneLookup(db: Db) {
  return async (query: string): Promise<CommuneRow[]> => {
    const cp = /\b(\d{5})\b/.exec(query)?.[1];
    if (cp) {
      return db
        .selectFrom('commune')
        .select(['codeInsee', 'codePostal', 'nom'])
        .where('codePostal', '=', cp)
        .orderBy('nom')
        .limit(20)
        .execute();
    }
    const name = query.trim().toLowerCase();
    if (name.length < 2) return [];
    return db
      .selectFrom('commune')
      .select(['codeInsee', 'codePostal', 'nom'])
      .where(
        sql<boolean>`immutable_unaccent(lower(nom)) like immutable_unaccent(${`${name.replace(/[%_\\]/g, '')}%`})`,
      )
      .orderBy('nom')
      .limit(20)
      .execute();
  };
}

export async function findTerritoireForCommune(db: Db, codePostal: string, codeInsee?: string | null) {
  let q = db
    .selectFrom('commune as c')
    .innerJoin('territoire as t', 't.id', 'c.territoireId')
    .select(['t.id', 't.code', 't.nom', 't.isActive', 't.timezone', 'c.nom as communeNom', 'c.codeInsee'])
    .where('c.codePostal', '=', codePostal);
  if (codeInsee) q = q.where('c.codeInsee', '=', codeInsee);
  return q.executeTakeFirst();
}
