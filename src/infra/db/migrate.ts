import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, type Kysely, Migrator } from 'kysely';

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationReport {
  applied: string[];
}

/**
 * Applies every pending migration. On PostgreSQL, Kysely takes an advisory lock and runs the whole batch in a
 * transaction, so several instances booting at once are safe.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    const cause = error instanceof Error ? error.message : String(error ?? 'erreur inconnue');
    throw new Error(`La migration de la base a échoué${name} : ${cause}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
