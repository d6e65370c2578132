import { Worker } from 'node:worker_threads';
import type { LoadOptions, LoadRequest } from './load.ts';

/**
 * The simulated clients live in a worker thread (bench/load-worker.ts), with their own event loop: under
 * load the server's thread is busy, and client work done there (building requests, reading answers, cookies,
 * timing) would queue behind the server's and count in its latencies, which real users' browsers never do.
 * The main thread keeps the database (and the application, when it runs in the bench's process); it drives the clients through this pool, by
 * messages. Clients are grouped (the signed-in sessions of an account, the visitors of a form scenario) and
 * named by group number.
 */

export interface WorkerData {
  entry: string;
  /** The application's web processes: client i of each group talks to origins[i mod N], like a load balancer. */
  origins: string[];
  timeoutMs: number;
}

/** A load as the worker runs it; functions cannot cross threads, so the options are plain flags. */
export interface RemoteLoadOptions extends LoadOptions {
  once?: boolean;
  /** Adds each client's CSRF token (read by `csrfTokens`) to its forms as `_csrf`. */
  csrf?: boolean;
  /** The worker asks the main thread to run the `before` hook before each request (untimed). */
  before?: boolean;
}

export interface RemoteLoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Measured latencies, in completion order (the buffer is transferred, not copied). */
  latenciesMs: Float64Array;
  /** CPU time of the clients' thread over the measured window, ms; null outside Linux or if it never began. */
  clientCpuMs: number | null;
}

export interface Commands {
  open: { args: { count: number; keepCookies: boolean }; reply: { group: number } };
  signIn: { args: { group: number; email: string; password: string }; reply: null };
  csrf: { args: { group: number; path: string }; reply: null };
  run: {
    args: { group: number; requests: LoadRequest[]; options: RemoteLoadOptions };
    reply: RemoteLoadResult;
  };
  close: { args: Record<string, never>; reply: null };
}

export type ToWorker =
  | {
      [K in keyof Commands]: { kind: 'command'; id: number; cmd: K; args: Commands[K]['args'] };
    }[keyof Commands]
  | { kind: 'before-done'; id: number; error?: string };

export type FromWorker =
  | { kind: 'reply'; id: number; result?: unknown; error?: string }
  /** Before a request of run `run`: the worker waits for `before-done` with the same `id`. */
  | { kind: 'before'; id: number; run: number }
  /** The warm-up of run `run` is over: the measured window starts. */
  | { kind: 'measuring'; run: number };

interface RunHooks {
  before?: () => Promise<void>;
  onMeasuring?: () => void;
}

export class ClientPool {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly hooks = new Map<number, RunHooks>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`le fil des clients s'est arrêté (code ${code})`)));
  }

  static start(origins: URL[], timeoutMs: number): ClientPool {
    const data: WorkerData = {
      entry: new URL('./load-worker.ts', import.meta.url).href,
      origins: origins.map((o) => o.href),
      timeoutMs,
    };
    return new ClientPool(new Worker(new URL('./tsx-worker.mjs', import.meta.url), { workerData: data }));
  }

  /** A group of `count` clients, with a cookie jar or not; returns its number. */
  async open(count: number, keepCookies: boolean): Promise<number> {
    return (await this.send('open', { count, keepCookies })).group;
  }

  /** Signs every client of the group in through the real form. */
  async signIn(group: number, email: string, password: string): Promise<void> {
    await this.send('signIn', { group, email, password });
  }

  /** Every client of the group opens `path` once and keeps its CSRF token (and its session cookie). */
  async csrfTokens(group: number, path: string): Promise<void> {
    await this.send('csrf', { group, path });
  }

  /**
   * Runs a load with the group's clients. `before` runs here, in the main thread, before each request;
   * `onMeasuring` when the warm-up ends.
   */
  run(
    group: number,
    requests: LoadRequest[],
    options: Omit<RemoteLoadOptions, 'before'>,
    hooks: RunHooks = {},
  ): Promise<RemoteLoadResult> {
    const id = this.nextId++;
    this.hooks.set(id, hooks);
    const args = { group, requests, options: { ...options, before: Boolean(hooks.before) } };
    return this.send('run', args, id).finally(() => this.hooks.delete(id));
  }

  /** Closes the clients' connections and stops the worker. */
  async close(): Promise<void> {
    if (!this.failure) await this.send('close', {}).catch(() => {});
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private send<K extends keyof Commands>(
    cmd: K,
    args: Commands[K]['args'],
    id = this.nextId++,
  ): Promise<Commands[K]['reply']> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'command', id, cmd, args } as ToWorker);
    });
  }

  private receive(m: FromWorker) {
    if (m.kind === 'reply') {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
    } else if (m.kind === 'measuring') {
      this.hooks.get(m.run)?.onMeasuring?.();
    } else {
      const before = this.hooks.get(m.run)?.before;
      Promise.resolve(before?.()).then(
        () => this.worker.postMessage({ kind: 'before-done', id: m.id } satisfies ToWorker),
        (err: unknown) =>
          this.worker.postMessage({
            kind: 'before-done',
            id: m.id,
            error: err instanceof Error ? err.message : String(err),
          } satisfies ToWorker),
      );
    }
  }

  private fail(err: Error) {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
