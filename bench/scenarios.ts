import type { Db } from '../src/infra/db/database.ts';

/** p95 targets of DESIGN §8 (2-core machine, real PostgreSQL, 100 000 signalements, 10 clients). */
export const TARGET_P95_MS = {
  /** Back-office list, filtered. */
  list: 50,
  /** Dossier page. */
  dossier: 50,
  dashboard: 100,
  /** A step of the public form; public pages are held to it too. */
  formStep: 30,
} as const;

export interface ScenarioContext {
  /** The bench database, to pick dossiers that exist (and that the signed-in account may see). */
  db: Db;
}

/**
 * One measured page. `as`: a demo account; each client signs in once through the form and keeps its cookie.
 * Without it, clients are anonymous visitors that keep no cookie. `paths()` gives several addresses, which
 * the clients go through in turn (a dossier page over many dossiers, for example).
 */
export type Scenario = {
  name: string;
  target_p95_ms?: number;
  as?: string;
} & ({ path: string } | { paths: (ctx: ScenarioContext) => string[] | Promise<string[]> });

export const AGENT = 'agent-13@histologe.test';
export const RT = 'rt-13@histologe.test';
export const ADMIN = 'admin@histologe.test';

export const SCENARIOS: Scenario[] = [
  { name: 'home', path: '/', target_p95_ms: TARGET_P95_MS.formStep },
  { name: 'sign-in-page', path: '/connexion', target_p95_ms: TARGET_P95_MS.formStep },
  { name: 'health', path: '/health', target_p95_ms: TARGET_P95_MS.formStep },
  // The back-office home shows the counts of the dashboard: it gets the dashboard's target.
  { name: 'bo-home-agent', as: AGENT, path: '/bo', target_p95_ms: TARGET_P95_MS.dashboard },
  { name: 'bo-home-rt', as: RT, path: '/bo', target_p95_ms: TARGET_P95_MS.dashboard },
  { name: 'bo-home-admin', as: ADMIN, path: '/bo', target_p95_ms: TARGET_P95_MS.dashboard },
  // Next, as the pages arrive (one object each):
  // { name: 'bo-list-agent', as: AGENT, path: '/bo/signalements?statut=ACTIVE', target_p95_ms: TARGET_P95_MS.list },
  // {
  //   name: 'bo-dossier-agent',
  //   as: AGENT,
  //   target_p95_ms: TARGET_P95_MS.dossier,
  //   paths: async ({ db }) =>
  //     (await db.selectFrom('signalement as s').innerJoin('affectation as a', 'a.signalementId', 's.id')
  //       .where('a.partenaireId', '=', 2).where('s.statut', '=', 'ACTIVE').select('s.uuid').limit(200).execute())
  //       .map((r) => `/bo/signalements/${r.uuid}`),
  // },
  // { name: 'dashboard-rt', as: RT, path: '/bo/tableau-de-bord', target_p95_ms: TARGET_P95_MS.dashboard },
  // { name: 'form-step', path: '/signalement/...', target_p95_ms: TARGET_P95_MS.formStep },
];

export async function scenarioPaths(s: Scenario, ctx: ScenarioContext): Promise<string[]> {
  return 'path' in s ? [s.path] : await s.paths(ctx);
}
