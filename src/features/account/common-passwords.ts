import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dictionary } from '@zxcvbn-ts/language-common';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/common-passwords.txt');
let cached: ReadonlySet<string> | undefined;

/**
 * The bundled lists of common passwords, read once, no network call: the ~49 000 most common passwords seen in
 * public breaches (zxcvbn-ts "passwords-common"), plus our own French additions (data/common-passwords.txt).
 */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= new Set([
    ...dictionary['passwords-common'].map((p) => p.toLowerCase()),
    ...readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  ]);
  return cached;
}
