/**
 * Writes a processed upload (see uploads.ts) and its variants through the FileStorage port, under keys
 * nobody can guess or enumerate: `<prefix>/<random uuid>.<ext>`, variants next to it
 * (`<prefix>/<uuid>-thumb.jpg`). The result maps onto a `fichier` row (storageKey, variants, size, mimeType,
 * extension); names shown to people live in the database, never in keys.
 */
import { randomUUID } from 'node:crypto';
import { assertValidKey, type FileStorage } from './storage.ts';
import type { ProcessedUpload } from './uploads.ts';

export interface StoredUpload {
  storageKey: string;
  /** Variant name → storage key (the `fichier.variants` jsonb). */
  variants: { thumb?: string };
  size: number;
  mimeType: string;
  extension: string;
}

/**
 * Stores the file then its variants. If a write fails, whatever was already written is deleted (best
 * effort) and the original error is rethrown: no orphan half-upload stays in the bucket.
 *
 * `prefix` is a key path such as `signalements/2026/05` (no leading or trailing slash needed); it is checked
 * before anything is written.
 */
export async function storeUpload(
  storage: FileStorage,
  processed: ProcessedUpload,
  opts: { prefix: string },
): Promise<StoredUpload> {
  const prefix = opts.prefix.replace(/^\/+|\/+$/g, '');
  const id = randomUUID();
  const writes: { key: string; body: Buffer; contentType: string }[] = [
    {
      key: `${prefix}/${id}.${processed.extension}`,
      body: processed.buffer,
      contentType: processed.mimeType,
    },
  ];
  const variants: StoredUpload['variants'] = {};
  const thumb = processed.variants.thumb;
  if (thumb) {
    variants.thumb = `${prefix}/${id}-thumb.${thumb.extension}`;
    writes.push({ key: variants.thumb, body: thumb.buffer, contentType: thumb.mimeType });
  }
  for (const w of writes) assertValidKey(w.key);

  const attempted: string[] = [];
  try {
    for (const w of writes) {
      // Recorded before the write: a failed S3 put may still have created the object.
      attempted.push(w.key);
      await storage.put(w.key, w.body, { contentType: w.contentType });
    }
  } catch (err) {
    await Promise.allSettled(attempted.map((key) => storage.delete(key)));
    throw err;
  }
  return {
    storageKey: writes[0]!.key,
    variants,
    size: processed.size,
    mimeType: processed.mimeType,
    extension: processed.extension,
  };
}

/**
 * Deletes a stored upload and its variants, e.g. when the database transaction that was to reference them
 * fails after the files were written. Missing keys are not an error.
 */
export async function deleteStoredUpload(
  storage: FileStorage,
  stored: Pick<StoredUpload, 'storageKey' | 'variants'>,
): Promise<void> {
  const keys = [stored.storageKey, ...Object.values(stored.variants).filter((k): k is string => !!k)];
  const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
