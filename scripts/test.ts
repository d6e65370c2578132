/**
 * `npm test`: builds the test database snapshot once (PGlite, or a PostgreSQL template when TEST_DATABASE_URL
 * is set), then runs every *.test.ts file with Node's test runner, one process per file.
 * `npm run test:e2e`: the same for the browser tests in test/e2e/*.e2e.ts.
 * Extra arguments are file paths to run instead of the whole suite.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureSnapshot } from '../test/helpers/test-database.ts';

const e2e = process.argv.includes('--e2e');
const explicit = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const files = explicit.length
  ? explicit
  : e2e
    ? walk('test/e2e').filter((f) => f.endsWith('.e2e.ts'))
    : ['src', 'scripts', 'test']
        .flatMap((d) => walk(d))
        .filter((f) => f.endsWith('.test.ts') && !f.startsWith(path.join('test', 'e2e')));

const started = Date.now();
await ensureSnapshot((m) => console.log(m));
console.log(
  `Base de test prête (${((Date.now() - started) / 1000).toFixed(1)} s) — ${files.length} fichiers de test, ` +
    `moteur : ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}${process.env.REDIS_URL ? ' + Redis' : ''}`,
);

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${e2e ? 1 : 2}`, ...files.sort()],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
