import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  assertValidKey,
  createFileStorage,
  FileNotFoundError,
  type FileStorage,
  InvalidStorageKeyError,
  LocalFileStorage,
  S3FileStorage,
} from './storage.ts';

// s3rver ships no type declarations: describe the little we use.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverCtor = new (opts: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

function contract(name: string, setup: () => Promise<{ storage: FileStorage; teardown(): Promise<void> }>) {
  describe(`FileStorage contract: ${name}`, () => {
    let storage: FileStorage;
    let teardown: () => Promise<void>;

    before(async () => {
      ({ storage, teardown } = await setup());
    });
    after(async () => {
      await teardown();
    });

    test('check answers true on a usable store', async () => {
      assert.equal(await storage.check(), true);
    });

    test('put a Buffer, get it back, stat its size', async () => {
      const body = Buffer.from('%PDF-1.4 rapport de visite');
      await storage.put('2026/11/rapport-abc.pdf', body, { contentType: 'application/pdf' });
      assert.deepEqual(await readAll(await storage.get('2026/11/rapport-abc.pdf')), body);
      const s = await storage.stat('2026/11/rapport-abc.pdf');
      assert.ok(s);
      assert.equal(s.size, body.length);
      if (s.contentType !== undefined) assert.equal(s.contentType, 'application/pdf');
    });

    test('put a stream, overwrite keeps the last version', async () => {
      const key = 'photos/photo_1.jpg';
      await storage.put(key, Readable.from([Buffer.from('première '), Buffer.from('version')]), {
        contentType: 'image/jpeg',
      });
      assert.equal((await readAll(await storage.get(key))).toString(), 'première version');
      await storage.put(key, Buffer.from('v2'), { contentType: 'image/jpeg' });
      assert.equal((await readAll(await storage.get(key))).toString(), 'v2');
      assert.equal((await storage.stat(key))?.size, 2);
    });

    test('missing keys: get throws FileNotFoundError, stat answers null, delete is idempotent', async () => {
      await assert.rejects(storage.get('nope/missing.txt'), (err: unknown) => {
        assert.ok(err instanceof FileNotFoundError);
        assert.equal(err.key, 'nope/missing.txt');
        return true;
      });
      assert.equal(await storage.stat('nope/missing.txt'), null);
      await storage.delete('nope/missing.txt');

      await storage.put('tmp/a.txt', Buffer.from('a'), { contentType: 'text/plain' });
      await storage.delete('tmp/a.txt');
      await storage.delete('tmp/a.txt');
      assert.equal(await storage.stat('tmp/a.txt'), null);
      await assert.rejects(storage.get('tmp/a.txt'), FileNotFoundError);
    });

    test('invalid keys are refused before any I/O', async () => {
      for (const key of ['../etc/passwd', '/abs', 'a/../b', 'a//b', 'sp ace', 'a/.hidden', 'é', '', 'a/']) {
        await assert.rejects(storage.get(key), InvalidStorageKeyError, key);
        await assert.rejects(
          storage.put(key, Buffer.from('x'), { contentType: 'text/plain' }),
          InvalidStorageKeyError,
        );
        await assert.rejects(storage.stat(key), InvalidStorageKeyError);
        await assert.rejects(storage.delete(key), InvalidStorageKeyError);
      }
    });
  });
}

contract('local folder', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'histologe-files-'));
  const storage = createFileStorage({ kind: 'local', dir: path.join(dir, 'files') });
  return { storage, teardown: () => rm(dir, { recursive: true, force: true }) };
});

contract('S3 (s3rver)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'histologe-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'histologe-test' }],
  });
  const { port } = await server.run();
  const storage = createFileStorage({
    kind: 's3',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'fr-par',
    bucket: 'histologe-test',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  return {
    storage,
    async teardown() {
      (storage as S3FileStorage).close();
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('local adapter specifics', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'histologe-files-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('no signed URL: files are served by an authorised route', async () => {
    const storage = new LocalFileStorage(dir);
    assert.equal(await storage.signedUrl('a.txt', 60), null);
  });

  test('a failing stream leaves neither the file nor a temporary file behind', async () => {
    const storage = new LocalFileStorage(dir);
    const broken = new Readable({
      read() {
        this.push(Buffer.from('début'));
        this.destroy(new Error('connexion coupée'));
      },
    });
    await assert.rejects(storage.put('up/broken.bin', broken, { contentType: 'application/octet-stream' }));
    assert.deepEqual(await readdir(path.join(dir, 'up')), []);
  });

  test('check answers false when the folder cannot be created', async () => {
    await writeFile(path.join(dir, 'plain-file'), 'x');
    const storage = new LocalFileStorage(path.join(dir, 'plain-file', 'files'));
    assert.equal(await storage.check(), false);
  });
});

describe('S3 adapter specifics', () => {
  let dir: string;
  let server: S3rverInstance;
  let storage: S3FileStorage;
  let endpoint: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'histologe-s3-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'histologe-test' }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    storage = new S3FileStorage({
      kind: 's3',
      endpoint,
      region: 'fr-par',
      bucket: 'histologe-test',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });
  after(async () => {
    storage.close();
    server.httpServer?.closeAllConnections();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('signed URL downloads the object without credentials', async () => {
    await storage.put('docs/bail.pdf', Buffer.from('contenu du bail'), { contentType: 'application/pdf' });
    const url = await storage.signedUrl('docs/bail.pdf', 60);
    assert.ok(url.startsWith(`${endpoint}/histologe-test/docs/bail.pdf?`));
    assert.match(url, /X-Amz-Expires=60/);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'contenu du bail');
    assert.equal(res.headers.get('content-type'), 'application/pdf');

    // s3rver does not verify SigV4 signatures, so only the shape of the signature can be checked here.
    const params = new URL(url).searchParams;
    assert.equal(params.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.match(params.get('X-Amz-Credential') ?? '', /^S3RVER\/\d{8}\/fr-par\/s3\/aws4_request$/);
    assert.match(params.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
  });

  test('check answers false for a missing bucket', async () => {
    const other = new S3FileStorage({
      kind: 's3',
      endpoint,
      region: 'fr-par',
      bucket: 'absent',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
    assert.equal(await other.check(), false);
    other.close();
  });
});

test('assertValidKey accepts the key shapes the app generates', () => {
  for (const key of ['2026/11/photo-6745ab12.jpg', 'tmp/export_2026-11-28.xlsx', 'a', 'A-Z_0.9']) {
    assert.doesNotThrow(() => assertValidKey(key), key);
  }
});
