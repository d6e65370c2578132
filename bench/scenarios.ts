import type { Db } from '../src/infra/db/database.ts';
import { cleanupForms, type FormPost, stepPosts, submissionPosts } from './form-scenarios.ts';

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
} & (
  | { path: string }
  | { paths: (ctx: ScenarioContext) => string[] | Promise<string[]> }
  | {
      /**
       * Forms to POST (each answered by a 303). The clients are visitors with a session: each opens
       * `csrfFrom` once for its token. `once`: every form is sent a single time (the clients stop when none
       * is left). `cleanup` runs after the scenario.
       */
      posts: (ctx: ScenarioContext & { concurrency: number; maxRequests: number }) => Promise<FormPost[]>;
      csrfFrom: string;
      once?: boolean;
      /** Per-address counters of the public form, cleared before each request (all clients share 127.0.0.1). */
      resetLimits?: string[];
      cleanup?: (ctx: ScenarioContext) => Promise<unknown>;
    }
);

export const AGENT = 'agent-13@histologe.test';
export const RT = 'rt-13@histologe.test';
export const ADMIN = 'admin@histologe.test';

// ---- Back-office list /bo/signalements (three filter combinations per role, one with a text search) ----

/** Occupant names found in the account's scope, searched in turn (accents and case as a user types them). */
function searchPaths(territoireCode: string | null) {
  return async ({ db }: ScenarioContext) => {
    const rows = await db
      .selectFrom('signalement as s')
      .innerJoin('territoire as t', 't.id', 's.territoireId')
      .select('s.occupantNom')
      .distinct()
      .where('s.statut', '=', 'ACTIVE')
      .where('s.occupantNom', 'is not', null)
      .$if(territoireCode !== null, (q) => q.where('t.code', '=', territoireCode ?? ''))
      .orderBy('s.occupantNom')
      .limit(30)
      .execute();
    return rows.map((r) => `/bo/signalements?q=${encodeURIComponent(r.occupantNom!.toLowerCase())}`);
  };
}

const LIST_FILTERS = {
  /** One status, default sort (newest first). */
  statut: '/bo/signalements?statut=ACTIVE',
  /** Several filters, sorted by score, second page. */
  filtres:
    '/bo/signalements?statut=ACTIVE&statut=NEED_VALIDATION&scoreMin=30&affectation=EN_COURS&tri=score&ordre=desc&page=2',
} as const;

const LIST_SCENARIOS: Scenario[] = (
  [
    ['agent', AGENT, '13'],
    ['rt', RT, '13'],
    ['admin', ADMIN, null],
  ] as const
).flatMap(([role, as, territoire]) => [
  { name: `bo-list-${role}-statut`, as, path: LIST_FILTERS.statut, target_p95_ms: TARGET_P95_MS.list },
  { name: `bo-list-${role}-filtres`, as, path: LIST_FILTERS.filtres, target_p95_ms: TARGET_P95_MS.list },
  {
    name: `bo-list-${role}-recherche`,
    as,
    paths: searchPaths(territoire),
    target_p95_ms: TARGET_P95_MS.list,
  },
]);

// ---- Dossier page /bo/signalements/{uuid} (the same rich dossiers for the three roles) ----

/**
 * 200 dossiers « en cours » affected to agent-13's partner (Ville de Marseille), each with at least three
 * suivis: visible to the agent, to the responsable of 13 and to the super admin alike.
 */
async function richDossierPaths({ db }: ScenarioContext): Promise<string[]> {
  const rows = await db
    .selectFrom('signalement as s')
    .select('s.uuid')
    .where('s.statut', '=', 'ACTIVE')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('affectation as a')
          .innerJoin('utilisateurPartenaire as up', 'up.partenaireId', 'a.partenaireId')
          .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
          .select('a.id')
          .whereRef('a.signalementId', '=', 's.id')
          .where('u.email', '=', AGENT),
      ),
    )
    .where(
      (eb) =>
        eb
          .selectFrom('suivi as sv')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('sv.signalementId', '=', 's.id'),
      '>=',
      3,
    )
    .orderBy('s.id')
    .limit(200)
    .execute();
  if (!rows.length) throw new Error('Aucun dossier affecté à la Ville de Marseille avec des suivis');
  return rows.map((r) => `/bo/signalements/${r.uuid}`);
}

const DOSSIER_SCENARIOS: Scenario[] = (
  [
    ['agent', AGENT],
    ['rt', RT],
    ['admin', ADMIN],
  ] as const
).map(([role, as]) => ({
  name: `bo-dossier-${role}`,
  as,
  paths: richDossierPaths,
  target_p95_ms: TARGET_P95_MS.dossier,
}));

export const SCENARIOS: Scenario[] = [
  { name: 'home', path: '/', target_p95_ms: TARGET_P95_MS.formStep },
  { name: 'sign-in-page', path: '/connexion', target_p95_ms: TARGET_P95_MS.formStep },
  { name: 'health', path: '/health', target_p95_ms: TARGET_P95_MS.formStep },
  // The back-office home shows the counts of the dashboard: it gets the dashboard's target.
  { name: 'bo-home-agent', as: AGENT, path: '/bo', target_p95_ms: TARGET_P95_MS.dashboard },
  { name: 'bo-home-rt', as: RT, path: '/bo', target_p95_ms: TARGET_P95_MS.dashboard },
  { name: 'bo-home-admin', as: ADMIN, path: '/bo', target_p95_ms: TARGET_P95_MS.dashboard },
  ...LIST_SCENARIOS,
  ...DOSSIER_SCENARIOS,
  // The public form: one screen posted (saved, validated, redirected to the next), and the final submission
  // (the signalement, its reference, score and qualifications, files, notifications, e-mails queued).
  {
    name: 'form-step-post',
    target_p95_ms: TARGET_P95_MS.formStep,
    csrfFrom: '/signalement',
    posts: ({ db, concurrency }) => stepPosts(db, concurrency),
    resetLimits: ['form-steps:127.0.0.1'],
    cleanup: ({ db }) => cleanupForms(db),
  },
  {
    name: 'form-submission',
    csrfFrom: '/signalement',
    once: true,
    // Enough drafts for the whole window at a few hundred submissions per second.
    posts: ({ db, maxRequests }) => submissionPosts(db, Math.min(maxRequests, 2000)),
    resetLimits: ['form-submissions:127.0.0.1'],
    cleanup: ({ db }) => cleanupForms(db),
  },
];

export async function scenarioPaths(s: Scenario, ctx: ScenarioContext): Promise<string[]> {
  if ('posts' in s) throw new Error(`${s.name} : scénario de formulaires`);
  return 'path' in s ? [s.path] : await s.paths(ctx);
}
