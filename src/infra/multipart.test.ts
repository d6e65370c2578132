import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { Browser, testConfig } from '../../test/helpers/test-app.ts';
import { openTestDatabase, type TestDatabase, testFilesDir } from '../../test/helpers/test-database.ts';
import { buildApp } from '../app.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { Form } from '../ui/dsfr/form.tsx';
import { type MultipartForm, readMultipartForm, redactCsrfToken } from './multipart.ts';
import { MAX_UPLOAD_BYTES, processUpload } from './uploads.ts';

// The real application (plugins, CSRF hook, error pages) plus two routes added before it is ready — the way a
// feature will use readMultipartForm. createTestApp() cannot be used: routes cannot be added once ready.
const FORM_URL = '/__test/televersement';
let app: FastifyInstance;
let runtime: Runtime;
let testDb: TestDatabase;
let handlerCalls = 0;

before(async () => {
  testDb = await openTestDatabase();
  const config = testConfig();
  runtime = await openRuntime(
    { ...config, storage: { kind: 'local', dir: testFilesDir() } },
    { database: testDb.database, migrate: false, referenceData: false, jobs: false },
  );
  app = await buildApp(runtime);
  app.get(FORM_URL, async (_request, reply) =>
    reply.html(Form({ csrfToken: reply.generateCsrf(), action: FORM_URL, multipart: true, children: '' })),
  );
  app.post(FORM_URL, async (request) => {
    handlerCalls++;
    const form = await readMultipartForm(request, { allowed: ['image', 'pdf'], maxFiles: 3 });
    return summarize(form);
  });
  await app.ready();
});

after(async () => {
  await app?.close();
  await runtime?.close();
  await testDb?.close();
});

/** What a route would do next: process the accepted files; here, describe everything as JSON. */
async function summarize(form: MultipartForm) {
  const files = [];
  for (const f of form.files) {
    if (!f.ok) {
      files.push({
        field: f.field,
        filename: f.filename,
        reason: f.rejection.reason,
        message: f.rejection.message,
      });
      continue;
    }
    const p = await processUpload(f.buffer, { filename: f.filename, allowed: ['image', 'pdf'] });
    files.push({
      field: f.field,
      filename: p.filename,
      kind: p.kind,
      mimeType: p.mimeType,
      width: p.width,
      thumb: !!p.variants.thumb,
    });
  }
  return { fields: form.fields, truncatedFields: form.truncatedFields, files };
}

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer; type?: string };

function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----histologe${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'content' in p
        ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\n` +
          `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n`
        : `Content-Disposition: form-data; name="${p.name}"\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`, 'utf8'));
    chunks.push('content' in p ? p.content : Buffer.from(p.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Opens the form page (session cookie + token) and returns the action URL the browser would post to. */
async function openForm(b: Browser): Promise<{ action: string; token: string }> {
  const res = await b.get(FORM_URL);
  assert.equal(res.statusCode, 200);
  const m = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(res.body);
  assert.ok(m, 'the multipart form carries its action URL');
  const action = m[1]!.replace(/&amp;/g, '&');
  const token = new URL(action, 'http://localhost').searchParams.get('_csrf');
  assert.ok(token, 'the action URL carries the CSRF token');
  return { action, token };
}

async function post(b: Browser, url: string, parts: Part[], headers: Record<string, string> = {}) {
  const { payload, contentType } = multipart(parts);
  return app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': contentType, cookie: b.cookieHeader(), ...headers },
  });
}

let jpeg: Buffer;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
before(async () => {
  jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#456' } })
    .jpeg()
    .withExif({ IFD0: { Model: 'SecretModel' } })
    .toBuffer();
});

describe('multipart forms and CSRF', () => {
  it('refuses a multipart post without token, before reading it', async () => {
    const b = new Browser(app);
    await openForm(b);
    const before = handlerCalls;
    const res = await post(b, FORM_URL, [
      { name: 'nom', value: 'Dupont' },
      { name: 'photo', filename: 'a.jpg', content: jpeg },
    ]);
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Rechargez la page/);
    assert.equal(handlerCalls, before, 'the route never ran');
  });

  it('does not take the token from the multipart body (it is read after the check)', async () => {
    const b = new Browser(app);
    const { token } = await openForm(b);
    const res = await post(b, FORM_URL, [
      { name: '_csrf', value: token },
      { name: 'nom', value: 'Dupont' },
    ]);
    assert.equal(res.statusCode, 403);
  });

  it('refuses a wrong token in the URL, and a token from another session', async () => {
    const b = new Browser(app);
    await openForm(b);
    const wrong = await post(b, `${FORM_URL}?_csrf=nimportequoi`, [{ name: 'nom', value: 'x' }]);
    assert.equal(wrong.statusCode, 403);
    const other = new Browser(app);
    const { action } = await openForm(other);
    const stolen = await post(b, action, [{ name: 'nom', value: 'x' }]);
    assert.equal(stolen.statusCode, 403);
  });

  it('does not accept a query-string token on urlencoded forms', async () => {
    const b = new Browser(app);
    const { token } = await openForm(b);
    const res = await b.post(`${FORM_URL}?_csrf=${encodeURIComponent(token)}`, { nom: 'x' });
    assert.equal(res.statusCode, 403);
  });

  it('with the token in the action URL: fields and processed files', async () => {
    const b = new Browser(app);
    const { action, token } = await openForm(b);
    const res = await post(b, action, [
      { name: '_csrf', value: token },
      { name: 'nom', value: 'Zoé Lefèvre' },
      { name: 'desordres', value: 'humidite' },
      { name: 'desordres', value: 'chauffage' },
      { name: 'photos', filename: 'Salle de bain été.jpg', content: jpeg, type: 'image/jpeg' },
      { name: 'photos', filename: '', content: Buffer.alloc(0) }, // an input left empty
      { name: 'bail', filename: 'bail.png', content: PDF, type: 'image/png' }, // a PDF, whatever its name
      { name: 'commentaire', value: 'après les fichiers' },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.fields, {
      nom: 'Zoé Lefèvre',
      desordres: ['humidite', 'chauffage'],
      commentaire: 'après les fichiers',
    });
    assert.deepEqual(body.truncatedFields, []);
    assert.deepEqual(body.files, [
      {
        field: 'photos',
        filename: 'Salle de bain été.jpg',
        kind: 'image',
        mimeType: 'image/jpeg',
        width: 640,
        thumb: true,
      },
      { field: 'bail', filename: 'bail.pdf', kind: 'pdf', mimeType: 'application/pdf', thumb: false },
    ]);
  });

  it('the x-csrf-token header works too (for scripts)', async () => {
    const b = new Browser(app);
    const { token } = await openForm(b);
    const res = await post(b, FORM_URL, [{ name: 'nom', value: 'x' }], { 'x-csrf-token': token });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().fields, { nom: 'x' });
  });

  it('an oversized file becomes a French message for its field; the other answers and files are kept', async () => {
    const b = new Browser(app);
    const { action } = await openForm(b);
    const tooBig = Buffer.concat([jpeg, Buffer.alloc(MAX_UPLOAD_BYTES + 1 - jpeg.length)]);
    const res = await post(b, action, [
      { name: 'nom', value: 'Dupont' },
      { name: 'photos', filename: 'énorme.jpg', content: tooBig },
      { name: 'telephone', value: '0601020304' },
      { name: 'photos', filename: 'petite.jpg', content: jpeg },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.fields, { nom: 'Dupont', telephone: '0601020304' });
    assert.equal(body.files.length, 2);
    assert.deepEqual(body.files[0], {
      field: 'photos',
      filename: 'énorme.jpg',
      reason: 'too_large',
      message: body.files[0].message,
    });
    assert.match(body.files[0].message, /dépasse la taille maximale de 10 Mo/);
    assert.equal(body.files[1].filename, 'petite.jpg');
    assert.equal(body.files[1].mimeType, 'image/jpeg');
  });

  it('a file of exactly 10 MiB is not cut', async () => {
    const b = new Browser(app);
    const { action } = await openForm(b);
    const exact = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(MAX_UPLOAD_BYTES - 9 - 6, 0x20),
      Buffer.from('%%EOF\n'),
    ]);
    assert.equal(exact.length, MAX_UPLOAD_BYTES);
    const res = await post(b, action, [{ name: 'doc', filename: 'gros.pdf', content: exact }]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().files[0].kind, 'pdf');
  });

  it('wrong types, empty files and files over the count are rejected one by one', async () => {
    const b = new Browser(app);
    const { action } = await openForm(b);
    const res = await post(b, action, [
      { name: 'photos', filename: 'virus.jpg', content: Buffer.from('MZ\x90\x00 programme', 'latin1') },
      { name: 'photos', filename: 'vide.jpg', content: Buffer.alloc(0) },
      { name: 'photos', filename: 'un.jpg', content: jpeg },
      { name: 'photos', filename: 'deux.jpg', content: jpeg },
      { name: 'photos', filename: 'trois.pdf', content: PDF },
      { name: 'photos', filename: 'quatre.jpg', content: jpeg },
      { name: 'nom', value: 'toujours là' },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const { files, fields } = res.json();
    assert.deepEqual(
      files.map((f: { reason?: string; kind?: string }) => f.reason ?? f.kind),
      // maxFiles is 3 on this route: refused files do not use up the count.
      ['unsupported_type', 'empty', 'image', 'image', 'pdf', 'too_many_files'],
    );
    assert.match(files[0].message, /JPEG, PNG ou PDF/);
    assert.match(files[1].message, /Ce fichier est vide/);
    assert.equal(files[5].filename, 'quatre.jpg');
    assert.match(files[5].message, /3 fichiers au maximum/);
    assert.deepEqual(fields, { nom: 'toujours là' });
  });

  it('flags a text field cut at 100 KiB', async () => {
    const b = new Browser(app);
    const { action } = await openForm(b);
    const res = await post(b, action, [{ name: 'description', value: 'a'.repeat(100 * 1024 + 10) }]);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.truncatedFields, ['description']);
    assert.equal(body.fields.description.length, 100 * 1024);
  });

  it('more files than the hard limit (10) gives the French "too big" page', async () => {
    const b = new Browser(app);
    const { action } = await openForm(b);
    const parts = Array.from({ length: 11 }, (_, i) => ({ name: 'f', filename: `${i}.pdf`, content: PDF }));
    const res = await post(b, action, parts);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Le fichier ou le formulaire envoyé est trop volumineux/);
  });

  it('a urlencoded post to a multipart route gets a French validation message', async () => {
    const b = new Browser(app);
    await openForm(b);
    const token = await b.csrfFrom(FORM_URL);
    const res = await b.post(FORM_URL, { _csrf: token, nom: 'x' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /pas été envoyé correctement/);
  });
});

describe('redactCsrfToken', () => {
  it('hides the token in logged URLs and keeps the rest', () => {
    assert.equal(redactCsrfToken('/signalement?_csrf=abc.def-123'), '/signalement?_csrf=[masqué]');
    assert.equal(redactCsrfToken('/s?etape=2&_csrf=abc&x=1#h'), '/s?etape=2&_csrf=[masqué]&x=1#h');
    assert.equal(redactCsrfToken('/s?x_csrf=keep'), '/s?x_csrf=keep');
    assert.equal(redactCsrfToken('/s'), '/s');
  });
});
