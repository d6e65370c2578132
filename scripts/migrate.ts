/** `npm run migrate`: applies pending migrations and reloads changed reference data, then exits. */
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/infra/db/database.ts';
import { migrateToLatest } from '../src/infra/db/migrate.ts';
import { loadReferenceData } from '../src/infra/db/reference-data.ts';

dotenv.config({ quiet: true });
try {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    const { applied } = await migrateToLatest(database.db);
    console.log(
      applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'La base est déjà à jour.',
    );
    await loadReferenceData(database.db, { log: (m) => console.log(m) });
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Échec : ${(err as Error).message}`);
  process.exit(1);
}
