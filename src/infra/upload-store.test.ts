import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type FileStorage, InvalidStorageKeyError, LocalFileStorage } from './storage.ts';
import { deleteStoredUpload, storeUpload } from './upload-store.ts';
import { type ProcessedUpload, processUpload } from './uploads.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Delegates to a real store, failing the n-th put (1-based). */
function failingOnPut(inner: FileStorage, n: number): FileStorage & { deleted: string[] } {
  let puts = 0;
  const deleted: string[] = [];
  return {
    kind: inner.kind,
    deleted,
    async put(key, body, opts) {
      puts++;
      if (puts === n) throw new Error('stockage indisponible');
      return inner.put(key, body, opts);
    },
    get: (key) => inner.get(key),
    stat: (key) => inner.stat(key),
    async delete(key) {
      deleted.push(key);
      return inner.delete(key);
    },
    check: () => inner.check(),
  };
}

describe('storeUpload', () => {
  let dir: string;
  let storage: LocalFileStorage;
  let photo: ProcessedUpload;
  let pdf: ProcessedUpload;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'histologe-upload-store-'));
    storage = new LocalFileStorage(dir);
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#a52' } })
      .jpeg()
      .toBuffer();
    photo = await processUpload(jpeg, { allowed: ['image', 'pdf'], filename: 'moisissure.jpg' });
    pdf = await processUpload(Buffer.from('%PDF-1.7\ntrailer<<>>\n%%EOF\n'), { allowed: ['pdf'] });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the image and its thumbnail under unguessable keys and returns the fichier fields', async () => {
    const stored = await storeUpload(storage, photo, { prefix: 'signalements/2026/05' });
    assert.match(stored.storageKey, new RegExp(`^signalements/2026/05/${UUID}\\.jpg$`));
    assert.equal(stored.variants.thumb, stored.storageKey.replace(/\.jpg$/, '-thumb.jpg'));
    assert.equal(stored.size, photo.size);
    assert.equal(stored.mimeType, 'image/jpeg');
    assert.equal(stored.extension, 'jpg');
    assert.deepEqual(await readFile(path.join(dir, stored.storageKey)), photo.buffer);
    assert.deepEqual(await readFile(path.join(dir, stored.variants.thumb!)), photo.variants.thumb!.buffer);
    // The original name never appears in storage.
    assert.ok(!stored.storageKey.includes('moisissure'));
  });

  it('gives each upload its own key, even for the same content', async () => {
    const a = await storeUpload(storage, photo, { prefix: 'tmp' });
    const b = await storeUpload(storage, photo, { prefix: 'tmp' });
    assert.notEqual(a.storageKey, b.storageKey);
  });

  it('stores a PDF alone, without variant, and tolerates slashes around the prefix', async () => {
    const stored = await storeUpload(storage, pdf, { prefix: '/documents/' });
    assert.match(stored.storageKey, new RegExp(`^documents/${UUID}\\.pdf$`));
    assert.deepEqual(stored.variants, {});
    assert.equal(stored.mimeType, 'application/pdf');
    assert.deepEqual(await readFile(path.join(dir, stored.storageKey)), pdf.buffer);
  });

  it('deletes what it wrote when a later write fails, and rethrows', async () => {
    const sub = await mkdtemp(path.join(os.tmpdir(), 'histologe-upload-store-fail-'));
    try {
      const flaky = failingOnPut(new LocalFileStorage(sub), 2);
      await assert.rejects(storeUpload(flaky, photo, { prefix: 'signalements' }), /stockage indisponible/);
      assert.equal(flaky.deleted.length, 2, 'both the original and the failed variant key are cleaned up');
      assert.deepEqual(await listFiles(sub), []);
    } finally {
      await rm(sub, { recursive: true, force: true });
    }
  });

  it('refuses an invalid prefix before writing anything', async () => {
    const before = await listFiles(dir);
    await assert.rejects(storeUpload(storage, photo, { prefix: '../escape' }), InvalidStorageKeyError);
    await assert.rejects(storeUpload(storage, photo, { prefix: 'a b' }), InvalidStorageKeyError);
    assert.deepEqual(await listFiles(dir), before);
  });

  it('deleteStoredUpload removes the file and its variants', async () => {
    const stored = await storeUpload(storage, photo, { prefix: 'to-delete' });
    await deleteStoredUpload(storage, stored);
    assert.equal(await storage.stat(stored.storageKey), null);
    assert.equal(await storage.stat(stored.variants.thumb!), null);
    // Deleting again is not an error.
    await deleteStoredUpload(storage, stored);
  });
});
