import type { HttpClient } from './http-client.ts';

export interface LoadOptions {
  warmupMs: number;
  durationMs: number;
  /** Safety bound: the measured window stops early past this many requests. */
  maxRequests: number;
}

export interface LoadResult {
  /** Requests started in the measured window (errors included). */
  requests: number;
  /** Non-2xx answers and failed requests, warm-up included. */
  errors: number;
  firstError?: string;
  elapsedMs: number;
  latenciesMs: number[];
}

/**
 * Each client loops over the paths (one request at a time, keep-alive) until the window closes. Requests
 * started during the warm-up are not measured; requests in flight when the window closes finish and count.
 */
/** A request of a scenario: a page to GET, or a form to POST (answered by a 303 redirect). */
export type LoadRequest = string | { method: 'POST'; path: string; form: Record<string, string> };

export interface PostOptions {
  /** Fields added to every form of a client (its CSRF token), by client index. */
  formFor?: (client: number) => Record<string, string>;
  /** Untimed work before each request (e.g. clearing the per-address limits all bench clients share). */
  before?: () => Promise<void>;
  /** Each request is sent once (e.g. one submission per draft); the clients stop when none is left. */
  once?: boolean;
}

export async function runLoad(
  clients: HttpClient[],
  paths: LoadRequest[],
  opts: LoadOptions & PostOptions,
): Promise<LoadResult> {
  if (!paths.length) throw new Error('Aucune adresse à charger');
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const measureFrom = t0 + opts.warmupMs;
  const stopAt = measureFrom + opts.durationMs;

  await Promise.all(
    clients.map(async (client, c) => {
      // Clients start at different paths so that they do not all hit the same row at the same time.
      let i = Math.floor((c * paths.length) / clients.length);
      for (;;) {
        if (performance.now() >= stopAt || latencies.length >= opts.maxRequests) return;
        if (opts.once && next >= paths.length) return;
        const req = paths[opts.once ? next++ : i++ % paths.length]!;
        if (opts.before) await opts.before();
        const path = typeof req === 'string' ? req : req.path;
        const start = performance.now();
        let failure: string | undefined;
        try {
          if (typeof req === 'string') {
            const res = await client.request('GET', path);
            if (res.status < 200 || res.status > 299) failure = `HTTP ${res.status} sur ${path}`;
          } else {
            const form = { ...req.form, ...opts.formFor?.(c) };
            const res = await client.request('POST', path, { form });
            if (res.status !== 303) failure = `HTTP ${res.status} sur POST ${path}`;
          }
        } catch (err) {
          failure = `${err instanceof Error ? err.message : String(err)} sur ${path}`;
        }
        const end = performance.now();
        if (failure) {
          errors++;
          firstError ??= failure;
        }
        if (start >= measureFrom) latencies.push(end - start);
      }
    }),
  );
  return {
    requests: latencies.length,
    errors,
    firstError,
    elapsedMs: performance.now() - measureFrom,
    latenciesMs: latencies,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
