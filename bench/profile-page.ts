/**
 * Profiles one back-office page on the bench database (built by `npm run bench`): 40 requests one after the
 * other, then the SQL statements per request with their average and maximum times (seen from the client, so
 * they include waiting for a pool connection). Usage: `npx tsx bench/profile-page.ts [email] [dossier|home]`.
 */

import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { DEMO_PASSWORD } from '../scripts/seed-demo.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { HttpClient } from './http-client.ts';

const rec: { text: string; ms: number }[] = [];
let recording = false;
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: any[]) {
  const t = performance.now();
  const r = orig.apply(this, args);
  if (recording && r && typeof r.then === 'function') {
    const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
    r.then(
      () => rec.push({ text, ms: performance.now() - t }),
      () => {},
    );
  }
  return r;
};

const email = process.argv[2] ?? 'agent-13@histologe.test';
const config = loadConfig(
  {
    NODE_ENV: 'production',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'prof-')),
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/histologe_bench',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    LOG_LEVEL: 'silent',
    JOBS_ENABLE: 'false',
    SEED_DEMO: 'false',
    GEOCODER_URL: 'http://127.0.0.1:9',
  },
  [],
);
const runtime = await openRuntime(config, { migrate: false, referenceData: false, jobs: false });
const db = runtime.database.db;
await sql`delete from rate_limit`.execute(db);
const app = await buildApp(runtime);
await app.listen({ host: '127.0.0.1', port: 0 });
const origin = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
const c = new HttpClient(origin, { keepCookies: true, timeoutMs: 10000 });
await c.signIn(email, DEMO_PASSWORD);
const rows = await sql<{
  uuid: string;
}>`select s.uuid from signalement s join affectation a on a.signalement_id = s.id
  join utilisateur_partenaire up on up.partenaire_id = a.partenaire_id join utilisateur u on u.id = up.utilisateur_id
  where u.email = 'agent-13@histologe.test' and s.statut = 'ACTIVE'
  and (select count(*) from suivi sv where sv.signalement_id = s.id) >= 3 order by s.id limit 40`.execute(db);
const target = process.argv[3] ?? 'dossier';
const paths =
  target === 'home' ? rows.rows.map(() => '/bo') : rows.rows.map((r) => `/bo/signalements/${r.uuid}`);
for (const p of paths.slice(0, 5)) await c.request('GET', p); // warm
recording = true;
const times: number[] = [];
for (const p of paths) {
  const t = performance.now();
  const r = await c.request('GET', p, { readBody: true });
  times.push(performance.now() - t);
  if (r.status !== 200) console.log('status', r.status, p);
}
recording = false;
const n = paths.length;
const agg = new Map<string, { count: number; ms: number; max: number }>();
for (const q of rec) {
  const k = q.text.replace(/\s+/g, ' ').slice(0, 140);
  const a = agg.get(k) ?? { count: 0, ms: 0, max: 0 };
  a.count++;
  a.ms += q.ms;
  a.max = Math.max(a.max, q.ms);
  agg.set(k, a);
}
times.sort((a, b) => a - b);
console.log(
  `${email} ${target}: ${n} sequential requests, median ${times[n >> 1]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms, ${(rec.length / n).toFixed(1)} queries/request`,
);
for (const [k, a] of [...agg].sort((x, y) => y[1].ms - x[1].ms)) {
  console.log(
    `${(a.count / n).toFixed(1)}x avg ${(a.ms / a.count).toFixed(2)} ms max ${a.max.toFixed(1)}  ${k}`,
  );
}
c.close();
await app.close();
await runtime.close();
