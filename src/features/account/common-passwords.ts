import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/common-passwords.txt');
let cached: ReadonlySet<string> | undefined;

/** The bundled list of common passwords (data/common-passwords.txt), read once. No network call. */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  return cached;
}
