/**
 * The bench's clients, in their own thread (started by ClientPool through bench/tsx-worker.mjs): they hold
 * the HttpClients and run the loads the main thread asks for. See bench/client-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Commands, FromWorker, RemoteLoadResult, ToWorker, WorkerData } from './client-pool.ts';
import { threadCpuMs } from './cpu.ts';
import { HttpClient } from './http-client.ts';
import { runLoad } from './load.ts';

const port = parentPort!;
const data = workerData as WorkerData;
const origins = data.origins.map((o) => new URL(o));

interface Group {
  clients: HttpClient[];
  tokens?: string[];
}
const groups: Group[] = [];
const allClients: HttpClient[] = [];

function group(n: number): Group {
  const g = groups[n];
  if (!g) throw new Error(`groupe de clients ${n} inconnu`);
  return g;
}

/** `before` hooks waiting for the main thread, by message id. */
const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
let nextBefore = 1;

function askBefore(run: number): Promise<void> {
  const id = nextBefore++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    port.postMessage({ kind: 'before', id, run } satisfies FromWorker);
  });
}

type Handlers = {
  [K in keyof Commands]: (args: Commands[K]['args'], id: number) => Promise<Commands[K]['reply']>;
};

const handlers: Handlers = {
  async open({ count, keepCookies }) {
    // Spread over the web processes like a load balancer; each client keeps its connection to one of them.
    const clients = Array.from(
      { length: count },
      (_, i) => new HttpClient(origins[i % origins.length]!, { keepCookies, timeoutMs: data.timeoutMs }),
    );
    allClients.push(...clients);
    groups.push({ clients });
    return { group: groups.length - 1 };
  },
  async signIn({ group: n, email, password }) {
    await Promise.all(group(n).clients.map((c) => c.signIn(email, password)));
    return null;
  },
  async csrf({ group: n, path }) {
    const g = group(n);
    g.tokens = await Promise.all(g.clients.map((c) => c.csrfToken(path)));
    return null;
  },
  async run({ group: n, requests, options }, id) {
    const g = group(n);
    const tokens = g.tokens;
    if (options.csrf && !tokens) throw new Error(`groupe de clients ${n} sans jetons CSRF`);
    let cpuFrom: number | null | undefined;
    const measuring = setTimeout(() => {
      cpuFrom = threadCpuMs();
      port.postMessage({ kind: 'measuring', run: id } satisfies FromWorker);
    }, options.warmupMs);
    try {
      const r = await runLoad(g.clients, requests, {
        warmupMs: options.warmupMs,
        durationMs: options.durationMs,
        maxRequests: options.maxRequests,
        once: options.once,
        formFor: tokens && options.csrf ? (c) => ({ _csrf: tokens[c]! }) : undefined,
        before: options.before ? () => askBefore(id) : undefined,
      });
      const cpuTo = threadCpuMs();
      return {
        ...r,
        latenciesMs: Float64Array.from(r.latenciesMs),
        clientCpuMs: cpuFrom != null && cpuTo !== null ? cpuTo - cpuFrom : null,
      } satisfies RemoteLoadResult;
    } finally {
      clearTimeout(measuring);
    }
  },
  async close() {
    for (const c of allClients) c.close();
    return null;
  },
};

port.on('message', (m: ToWorker) => {
  if (m.kind === 'before-done') {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve();
    return;
  }
  const handler = handlers[m.cmd] as (args: unknown, id: number) => Promise<unknown>;
  handler(m.args, m.id).then(
    (result) => {
      const transfer =
        result instanceof Object && 'latenciesMs' in result
          ? [(result as RemoteLoadResult).latenciesMs.buffer as ArrayBuffer]
          : [];
      port.postMessage({ kind: 'reply', id: m.id, result } satisfies FromWorker, transfer);
    },
    (err: unknown) =>
      port.postMessage({
        kind: 'reply',
        id: m.id,
        error: err instanceof Error ? err.message : String(err),
      } satisfies FromWorker),
  );
});
