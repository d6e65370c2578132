import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { CpuSample } from './cpu.ts';

/**
 * The application as production runs it (DESIGN §2): separate web processes (`src/main.ts --role=web`), each
 * on its own port, sharing the database and the session store. Started one after the other (each answers
 * GET /health before the next starts), so that no two run their start-up work (migrations, reference data)
 * at the same time. Every exit path of the bench stops them: `close()`, SIGINT/SIGTERM, `process.exit`, and,
 * if the bench is killed outright, the closing of their IPC channel (web-process-preload.ts).
 */

export interface WebProcesses {
  origins: URL[];
  pids: number[];
  /** A CPU sample of each process's main thread (over IPC), in the order of `origins`; null if it did not answer. */
  sample(): Promise<(CpuSample | null)[]>;
  /** Resident memory of all the processes, bytes (from /proc; 0 where it is not available). */
  rssBytes(): number;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const PRELOAD = new URL('./web-process-preload.ts', import.meta.url).href;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const SAMPLE_TIMEOUT_MS = 2_000;

/** Every child still running, for the exit paths that cannot wait. */
const running = new Set<ChildProcess>();
let handlersInstalled = false;

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`${signal} : arrêt des processus web…\n`);
      void Promise.all([...running].map(stop)).finally(() => process.exit(130));
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM (main.ts closes the server and the runtime), then SIGKILL if it takes too long. */
function stop(child: ChildProcess): Promise<void> {
  if (exited(child)) {
    running.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitHealthy(origin: URL, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (exited(child)) {
      throw new Error(`le processus web ${child.pid} s'est arrêté au démarrage (code ${child.exitCode})`);
    }
    try {
      const res = await fetch(new URL('/health', origin), { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`le processus web ${child.pid} ne répond pas sur ${origin.origin}/health après 60 s`);
}

function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts `count` web processes with the given environment (plus PORT and HOST), in `cwd` (a folder without a
 * `.env`, which main.ts would otherwise read).
 */
export async function startWebProcesses(
  count: number,
  env: Record<string, string>,
  cwd: string,
  log: (m: string) => void,
): Promise<WebProcesses> {
  installExitHandlers();
  const children: ChildProcess[] = [];
  const origins: URL[] = [];
  const tsx = import.meta.resolve('tsx');
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const t = performance.now();
      const child = fork(MAIN, ['--role=web'], {
        cwd,
        // tsx looks for tsconfig.json (JSX settings) in the working folder unless told where it is.
        env: {
          PATH: process.env.PATH ?? '',
          TSX_TSCONFIG_PATH: TSCONFIG,
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        execArgv: ['--import', tsx, '--import', PRELOAD],
        // stdout carries the start banner: kept off the bench's stdout, which is the JSON result.
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      running.add(child);
      child.once('exit', () => running.delete(child));
      children.push(child);
      const origin = new URL(`http://127.0.0.1:${port}`);
      await waitHealthy(origin, child);
      origins.push(origin);
      log(
        `  processus web ${i + 1}/${count} (pid ${child.pid}) prêt sur ${origin.origin} en ${Math.round(performance.now() - t)} ms`,
      );
    }
  } catch (err) {
    await Promise.all(children.map(stop));
    throw err;
  }

  let nextSample = 1;
  const sampleOne = (child: ChildProcess): Promise<CpuSample | null> =>
    new Promise((resolve) => {
      if (exited(child) || !child.connected) return resolve(null);
      const id = nextSample++;
      const onMessage = (m: { kind?: string; id?: number; sample?: CpuSample }) => {
        if (m?.kind !== 'bench:sample' || m.id !== id) return;
        done(m.sample ?? null);
      };
      const timer = setTimeout(() => done(null), SAMPLE_TIMEOUT_MS);
      const done = (s: CpuSample | null) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(s);
      };
      child.on('message', onMessage);
      child.send({ kind: 'bench:sample', id });
    });

  return {
    origins,
    pids: children.map((c) => c.pid!),
    sample: () => Promise.all(children.map(sampleOne)),
    rssBytes: () => children.reduce((sum, c) => sum + (exited(c) ? 0 : rssOf(c.pid!)), 0),
    close: async () => {
      await Promise.all(children.map(stop));
    },
  };
}
