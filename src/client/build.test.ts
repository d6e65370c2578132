import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildClientAssets, CLIENT_OUT_DIR } from './build.ts';

describe('buildClientAssets', () => {
  it('bundles every island to public/js as a self-contained script, then skips when up to date', async () => {
    await buildClientAssets();
    const file = path.join(CLIENT_OUT_DIR, 'form-conditions.js');
    const code = await readFile(file, 'utf8');
    assert.ok(code.length > 200);
    assert.doesNotMatch(code, /^\s*import\s|\bexport\s/m, 'IIFE, no module syntax left');
    assert.match(code, /data-show-if/);
    const before = (await stat(file)).mtimeMs;
    await buildClientAssets();
    assert.equal((await stat(file)).mtimeMs, before, 'not rebuilt');
  });
});
