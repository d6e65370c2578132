import type { Readable } from 'node:stream';
import { FileNotFoundError, type FileStorage, LocalFileStorage } from '../../src/infra/storage.ts';

/**
 * File storage for one test app: reads fall back to the shared demo files (written once with the test
 * snapshot), while writes and deletions stay in the app's own folder. A test deleting a demo dossier's document
 * therefore never removes the file another test process is reading at the same time.
 */
export class OverlayFileStorage implements FileStorage {
  readonly kind = 'local' as const;
  private readonly own: LocalFileStorage;
  private readonly shared: LocalFileStorage;
  private readonly deleted = new Set<string>();

  constructor(ownDir: string, sharedDir: string) {
    this.own = new LocalFileStorage(ownDir);
    this.shared = new LocalFileStorage(sharedDir);
  }

  async put(key: string, body: Buffer | Readable, opts: { contentType: string }): Promise<void> {
    this.deleted.delete(key);
    await this.own.put(key, body, opts);
  }

  async get(key: string): Promise<Readable> {
    if (await this.own.stat(key)) return this.own.get(key);
    if (this.deleted.has(key)) throw new FileNotFoundError(key);
    return this.shared.get(key);
  }

  async stat(key: string): Promise<{ size: number; contentType?: string } | null> {
    const mine = await this.own.stat(key);
    if (mine || this.deleted.has(key)) return mine;
    return this.shared.stat(key);
  }

  async delete(key: string): Promise<void> {
    this.deleted.add(key);
    await this.own.delete(key);
  }

  async signedUrl(): Promise<string | null> {
    return null;
  }

  check(): Promise<boolean> {
    return this.own.check();
  }
}
