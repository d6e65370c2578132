import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createMailer, isOutboxId, listOutbox, readOutbox } from './mailer.ts';

const FROM = 'Histologe <ne-pas-repondre@histologe.test>';

const message = {
  to: ['occupant@example.test', 'second@example.test'],
  cc: 'agent@example.test',
  bcc: ['cache@example.test'],
  replyTo: 'contact@example.test',
  subject: 'Votre signalement a bien été reçu',
  text: 'Bonjour, votre signalement est enregistré.',
  html: '<p>Bonjour, votre signalement est <strong>enregistré</strong>.</p>',
  headers: { 'X-Histologe-Type': 'ACCUSE_RECEPTION' },
};

describe('outbox mailer', () => {
  let dir: string;
  let outboxDir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'histologe-mail-'));
    outboxDir = path.join(dir, 'outbox');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes a readable .eml with Bcc kept, lists newest first', async () => {
    const mailer = createMailer({ from: FROM, outboxDir });
    assert.equal(mailer.kind, 'outbox');
    const first = await mailer.send({ ...message, subject: 'Premier message' });
    assert.match(first.messageId, /@/);
    await new Promise((r) => setTimeout(r, 5)); // distinct millisecond in the file name
    await mailer.send({
      ...message,
      attachments: [{ filename: 'note.txt', content: 'contenu', contentType: 'text/plain' }],
    });
    await mailer.close();

    const files = (await readdir(outboxDir)).sort();
    assert.equal(files.length, 2);
    for (const f of files) assert.ok(isOutboxId(f.replace(/\.eml$/, '')), f);

    const list = await listOutbox(outboxDir, { limit: 10 });
    assert.deepEqual(
      list.map((e) => e.subject),
      ['Votre signalement a bien été reçu', 'Premier message'],
    );
    assert.deepEqual(list[0]!.to, ['occupant@example.test', 'second@example.test']);
    assert.ok(list[0]!.date instanceof Date && !Number.isNaN(list[0]!.date.getTime()));
    assert.equal((await listOutbox(outboxDir, { limit: 1 })).length, 1);

    const read = await readOutbox(outboxDir, list[0]!.id);
    assert.ok(read);
    assert.equal(read.subject, 'Votre signalement a bien été reçu');
    assert.match(read.from, /ne-pas-repondre@histologe\.test/);
    assert.deepEqual(read.to, ['occupant@example.test', 'second@example.test']);
    assert.deepEqual(read.cc, ['agent@example.test']);
    assert.deepEqual(read.bcc, ['cache@example.test']);
    assert.deepEqual(read.replyTo, ['contact@example.test']);
    assert.equal(read.text?.trim(), message.text);
    assert.match(read.html ?? '', /<strong>enregistré<\/strong>/);
    assert.deepEqual(read.attachments, [{ filename: 'note.txt', contentType: 'text/plain', size: 7 }]);

    const raw = await readFile(path.join(outboxDir, `${list[0]!.id}.eml`), 'utf8');
    assert.match(raw, /^X-Histologe-Type: ACCUSE_RECEPTION\r$/m);
  });

  test('listing a missing outbox answers an empty list', async () => {
    assert.deepEqual(await listOutbox(path.join(dir, 'nope')), []);
  });

  test('refuses ids that are not generated names (no path traversal)', async () => {
    // A file that would be reachable by a traversal, with a name that otherwise looks valid.
    const name = '2026-01-01T00-00-00.000Z-deadbeef';
    await writeFile(path.join(dir, `${name}.eml`), 'Subject: secret\r\n\r\nsecret');
    assert.equal(await readOutbox(outboxDir, `../${name}`), null);
    assert.equal(await readOutbox(outboxDir, '../../../etc/passwd'), null);
    assert.equal(await readOutbox(outboxDir, `${name}.eml`), null);
    assert.equal(await readOutbox(outboxDir, ''), null);
    assert.equal(isOutboxId(`${name}/../x`), false);
    // Valid shape but unknown: null too.
    assert.equal(await readOutbox(outboxDir, name), null);
  });
});

describe('SMTP mailer', () => {
  let server: SMTPServer;
  let port: number;
  const received: { from: string; to: string[]; raw: Buffer }[] = [];

  before(async () => {
    server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('relays text and HTML parts to every recipient, Bcc only in the envelope', async () => {
    const mailer = createMailer({
      from: FROM,
      outboxDir: '/nonexistent',
      smtpUrl: `smtp://127.0.0.1:${port}`,
    });
    assert.equal(mailer.kind, 'smtp');
    const { messageId } = await mailer.send(message);
    await mailer.close();

    assert.equal(received.length, 1);
    const got = received[0]!;
    assert.equal(got.from, 'ne-pas-repondre@histologe.test');
    assert.deepEqual(got.to.sort(), [
      'agent@example.test',
      'cache@example.test',
      'occupant@example.test',
      'second@example.test',
    ]);
    const parsed = await simpleParser(got.raw);
    assert.equal(parsed.messageId, messageId);
    assert.equal(parsed.subject, message.subject);
    assert.equal(parsed.text?.trim(), message.text);
    assert.equal(parsed.html, message.html);
    assert.equal(parsed.headers.get('x-histologe-type'), 'ACCUSE_RECEPTION');
    assert.equal(parsed.bcc, undefined);
    assert.doesNotMatch(got.raw.toString('utf8'), /cache@example\.test/);
  });

  test('reports a refused connection as an error', async () => {
    const mailer = createMailer({ from: FROM, outboxDir: '/nonexistent', smtpUrl: 'smtp://127.0.0.1:1' });
    await assert.rejects(mailer.send(message));
    await mailer.close();
  });
});
