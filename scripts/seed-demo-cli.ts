/** `npm run seed:demo`: loads the demo data (refused in production unless SEED_DEMO=true). */
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { DEMO_ACCOUNTS, seedDemo } from './seed-demo.ts';

dotenv.config({ quiet: true });
try {
  const config = loadConfig();
  if (config.isProduction && config.seedDemo !== 'true') {
    console.error(
      'Refusé : en production, les données de démonstration ne sont créées que si SEED_DEMO=true.',
    );
    process.exit(1);
  }
  const runtime = await openRuntime(config, { jobs: false, log: (m) => console.log(m) });
  try {
    const result = await seedDemo(runtime.database.db, runtime.storage, {
      log: (m: string) => console.log(m),
    });
    console.log(
      result.created ? 'Données de démonstration créées.' : 'Les données de démonstration existent déjà.',
    );
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(26)} ${a.label}`);
  } finally {
    await runtime.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Échec : ${(err as Error).message}`);
  process.exit(1);
}
