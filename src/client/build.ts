/**
 * Browser islands: every `src/client/*.island.ts` is bundled by esbuild to `public/js/<name>.js` (served as
 * /static/js/<name>.js, see ui/assets.ts `islandScript`). Called by buildApp at start-up (so tests and e2e
 * always serve fresh bundles); the build is skipped when every output is newer than every input it was built
 * from (esbuild's metafile, kept next to the outputs).
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLIENT_DIR = path.join(root, 'src', 'client');
export const CLIENT_OUT_DIR = path.join(root, 'public', 'js');
const META_FILE = path.join(CLIENT_OUT_DIR, '.build-meta.json');
const SUFFIX = '.island.ts';

interface BuildMeta {
  production: boolean;
  inputs: string[];
  outputs: string[];
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function entryPoints(): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(CLIENT_DIR);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith(SUFFIX))
    .sort()
    .map((n) => path.join(CLIENT_DIR, n));
}

const outName = (entry: string) => `${path.basename(entry, SUFFIX)}.js`;

async function upToDate(entries: string[], production: boolean): Promise<boolean> {
  let meta: BuildMeta;
  try {
    meta = JSON.parse(await readFile(META_FILE, 'utf8')) as BuildMeta;
  } catch {
    return false;
  }
  if (meta.production !== production) return false;
  const expected = entries.map((e) => path.join(CLIENT_OUT_DIR, outName(e)));
  if (expected.some((o) => !meta.outputs.includes(o))) return false;
  const outTimes = await Promise.all(expected.map(mtime));
  if (outTimes.some((t) => t === undefined)) return false;
  const oldest = Math.min(...(outTimes as number[]));
  // Inputs: what the last build read, plus the entries (a new import shows up in a changed entry).
  const inputs = [...new Set([...meta.inputs, ...entries])];
  for (const input of inputs) {
    const t = await mtime(input);
    if (t === undefined || t > oldest) return false;
  }
  return true;
}

async function build(entries: string[], production: boolean): Promise<void> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(entries.map((e) => [path.basename(e, SUFFIX), e])),
    absWorkingDir: root,
    outdir: CLIENT_OUT_DIR,
    bundle: true,
    format: 'iife',
    target: 'es2019',
    platform: 'browser',
    minify: true,
    sourcemap: production ? false : 'linked',
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  await mkdir(CLIENT_OUT_DIR, { recursive: true });
  // Write to temporary names then rename: a concurrent start-up never serves a half-written bundle.
  const outputs: string[] = [];
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, file.contents);
    await rename(tmp, file.path);
    outputs.push(file.path);
  }
  const inputs = Object.keys(result.metafile.inputs).map((i) => path.resolve(root, i));
  const meta: BuildMeta = { production, inputs, outputs };
  const tmp = `${META_FILE}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(meta));
  await rename(tmp, META_FILE);
}

let pending: Promise<void> | undefined;

/** Bundles the islands when needed (once per process at a time). */
export function buildClientAssets(): Promise<void> {
  pending ??= (async () => {
    const entries = await entryPoints();
    if (entries.length === 0) return;
    const production = process.env.NODE_ENV === 'production';
    if (await upToDate(entries, production)) return;
    try {
      await build(entries, production);
    } catch (err) {
      // In production, bundles shipped with the release (read-only disk…) are better than no start-up.
      const shipped = await Promise.all(entries.map((e) => mtime(path.join(CLIENT_OUT_DIR, outName(e)))));
      if (!production || shipped.some((t) => t === undefined)) throw err;
      process.emitWarning(`Browser islands not rebuilt, serving the existing bundles: ${String(err)}`);
    }
  })().finally(() => {
    pending = undefined;
  });
  return pending;
}
