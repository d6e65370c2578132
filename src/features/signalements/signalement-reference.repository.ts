import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { formatReference } from '../../domain/reference.ts';
import type { DB } from '../../infra/db/schema.ts';

/**
 * Next reference `YYYY-N` for a territory and year. The upsert takes the counter row's lock, so concurrent
 * submissions (even in separate processes) get distinct consecutive numbers; call it inside the transaction
 * that inserts the signalement, so that a rolled-back submission does not consume a number.
 */
export async function nextReference(trx: Kysely<DB>, territoireId: number, year: number): Promise<string> {
  const { rows } = await sql<{ lastValue: number }>`
    insert into signalement_reference_counter (territoire_id, year, last_value)
    values (${territoireId}, ${year}, 1)
    on conflict (territoire_id, year) do update set last_value = signalement_reference_counter.last_value + 1
    returning last_value`.execute(trx);
  return formatReference(year, rows[0]!.lastValue);
}

/** The usager's access code: 192 random bits, URL-safe (32 characters). */
export function newCodeSuivi(): string {
  return randomBytes(24).toString('base64url');
}
