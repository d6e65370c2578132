import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config.ts';

/**
 * File storage port: a folder in the embedded default, S3-compatible object storage in production.
 * The database (documents table) stays the source of truth for names and content types; the local adapter
 * therefore does not keep a content type of its own.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer | Readable, opts: { contentType: string }): Promise<void>;
  /** Throws FileNotFoundError when the key does not exist. */
  get(key: string): Promise<Readable>;
  stat(key: string): Promise<{ size: number; contentType?: string } | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Short-lived direct download URL; null when files must be served by the app (local folder). */
  signedUrl?(key: string, ttlSeconds: number): Promise<string | null>;
  check(): Promise<boolean>;
}

export class FileNotFoundError extends Error {
  readonly code = 'FILE_NOT_FOUND';
  constructor(readonly key: string) {
    super(`Fichier introuvable : ${key}`);
    this.name = 'FileNotFoundError';
  }
}

export class InvalidStorageKeyError extends Error {
  readonly code = 'INVALID_STORAGE_KEY';
  constructor(readonly key: string) {
    super(`Clé de fichier invalide : ${JSON.stringify(key)}`);
    this.name = 'InvalidStorageKeyError';
  }
}

const KEY_CHARS = /^[A-Za-z0-9/_.-]+$/;

/**
 * Keys are `segment/segment/…` of [A-Za-z0-9_.-]. Besides `..` and a leading `/`, segments may not be empty
 * or start with a dot: the local adapter keeps its temporary files under dot-names, and hidden files have no
 * business in the store anyway.
 */
export function assertValidKey(key: string): void {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > 512 ||
    !KEY_CHARS.test(key) ||
    key.split('/').some((seg) => seg === '' || seg.startsWith('.'))
  ) {
    throw new InvalidStorageKeyError(key);
  }
}

export class LocalFileStorage implements FileStorage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(dir: string) {
    this.root = path.resolve(dir);
  }

  private resolve(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.root, key);
    // Defence in depth: validation already rules out escaping the root.
    if (!file.startsWith(this.root + path.sep)) throw new InvalidStorageKeyError(key);
    return file;
  }

  async put(key: string, body: Buffer | Readable, _opts: { contentType: string }): Promise<void> {
    const file = this.resolve(key);
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true });
    // Write next to the target then rename: readers see either the old file or the whole new one.
    const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      if (Buffer.isBuffer(body)) {
        await fs.writeFile(tmp, body, { flag: 'wx' });
      } else {
        const handle = await fs.open(tmp, 'wx');
        await pipeline(body, handle.createWriteStream());
      }
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.resolve(key);
    try {
      // Opening first turns a missing file into an error here rather than on the stream later.
      const handle = await fs.open(file, 'r');
      return handle.createReadStream();
    } catch (err) {
      if (isMissing(err)) throw new FileNotFoundError(key);
      throw err;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    const file = this.resolve(key);
    try {
      const s = await fs.stat(file);
      return s.isFile() ? { size: s.size } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.resolve(key), { force: true });
  }

  async signedUrl(_key: string, _ttlSeconds: number): Promise<string | null> {
    return null;
  }

  async check(): Promise<boolean> {
    try {
      await fs.mkdir(this.root, { recursive: true });
      await fs.access(this.root, fsConstants.R_OK | fsConstants.W_OK);
      return true;
    } catch {
      return false;
    }
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

type S3Config = Extract<Config['storage'], { kind: 's3' }>;

export class S3FileStorage implements FileStorage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Recent SDKs add CRC32 checksums (and aws-chunked uploads for streams) by default, which several
      // S3-compatible providers reject. Only send them when the operation demands it.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  async put(key: string, body: Buffer | Readable, opts: { contentType: string }): Promise<void> {
    assertValidKey(key);
    // PutObject needs a known length; uploads are size-limited upstream (10 MB), so buffering a stream is
    // cheaper than a multipart upload and needs no extra package.
    const data = Buffer.isBuffer(body) ? body : await toBuffer(body);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: data,
        ContentLength: data.length,
        ContentType: opts.contentType,
      }),
    );
  }

  async get(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(out.Body instanceof Readable)) throw new Error('Réponse S3 sans contenu lisible');
      return out.Body;
    } catch (err) {
      if (isS3NotFound(err)) throw new FileNotFoundError(key);
      throw err;
    }
  }

  async stat(key: string): Promise<{ size: number; contentType?: string } | null> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType };
    } catch (err) {
      if (isS3NotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (!isS3NotFound(err)) throw err;
    }
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    assertValidKey(key);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: ttlSeconds,
    });
  }

  async check(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.client.destroy();
  }
}

function isS3NotFound(err: unknown): boolean {
  if (err instanceof S3ServiceException) {
    return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404;
  }
  return false;
}

async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function createFileStorage(config: Config['storage']): FileStorage {
  return config.kind === 's3' ? new S3FileStorage(config) : new LocalFileStorage(config.dir);
}
