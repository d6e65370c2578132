import { openTestDatabase } from './test/helpers/test-database.ts';
import { LocalFileStorage } from './src/infra/storage.ts';
import { seedDemo } from './scripts/seed-demo.ts';
let t = performance.now();
const lap = (m: string) => { console.log(m, Math.round(performance.now() - t)); t = performance.now(); };
const db = await openTestDatabase(); lap('open');
await db.truncate(); lap('truncate');
const r = await seedDemo(db.database.db, new LocalFileStorage('/tmp/x/files'), { log: console.log }); lap('seed');
await db.close(); lap('close');
