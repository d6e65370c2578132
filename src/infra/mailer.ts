import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../config.ts';

/**
 * Outgoing mail port. Production relays through SMTP (e.g. Brevo); the embedded default writes each message
 * as an RFC 822 `.eml` file that developers read at /dev/mails, so no mail ever leaves a dev machine.
 */

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface MailMessage {
  to: string | string[];
  cc?: string | string[];
  bcc?: string | string[];
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(msg: MailMessage): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

export interface OutboxEntry {
  id: string;
  date: Date;
  to: string[];
  subject: string;
}

export interface OutboxMessage {
  id: string;
  date: Date;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html: string | null;
  text: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
}

type MailConfig = Config['mail'];

function toMailOptions(from: string, msg: MailMessage): SendMailOptions {
  return {
    from,
    to: msg.to,
    cc: msg.cc,
    bcc: msg.bcc,
    replyTo: msg.replyTo,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    headers: msg.headers,
    attachments: msg.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

// Timeouts shorter than nodemailer's two-minute defaults: a stuck relay must fail the job so it is retried,
// not hold a worker slot for minutes. Values given in SMTP_URL's query string win.
const SMTP_DEFAULTS: Record<string, string> = {
  connectionTimeout: '10000',
  greetingTimeout: '10000',
  socketTimeout: '30000',
};

export function createSmtpMailer(config: MailConfig & { smtpUrl: string }): Mailer {
  const url = new URL(config.smtpUrl);
  for (const [k, v] of Object.entries(SMTP_DEFAULTS)) {
    if (!url.searchParams.has(k)) url.searchParams.set(k, v);
  }
  const transport = nodemailer.createTransport(url.toString());
  return {
    kind: 'smtp',
    async send(msg) {
      const info = await transport.sendMail(toMailOptions(config.from, msg));
      return { messageId: info.messageId };
    },
    async close() {
      transport.close();
    },
  };
}

// `2026-11-28T17-43-05.123Z-1a2b3c4d`: an ISO timestamp with the colons replaced (not allowed in Windows file
// names), so that a plain name sort is a date sort. Anything else is refused as an id.
const OUTBOX_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9a-f]{8}$/;

export function isOutboxId(id: string): boolean {
  return OUTBOX_ID.test(id);
}

function newOutboxId(now = new Date()): string {
  return `${now.toISOString().replace(/:/g, '-')}-${randomBytes(4).toString('hex')}`;
}

export function createOutboxMailer(config: MailConfig): Mailer {
  // streamTransport keeps the Bcc header in the generated message (unlike SMTP), which is exactly what a
  // developer needs to check who would have been copied.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let dirReady: Promise<unknown> | undefined;
  return {
    kind: 'outbox',
    async send(msg) {
      dirReady ??= fs.mkdir(config.outboxDir, { recursive: true }).catch((err) => {
        dirReady = undefined;
        throw err;
      });
      await dirReady;
      const info = await transport.sendMail(toMailOptions(config.from, msg));
      const id = newOutboxId();
      const file = path.join(config.outboxDir, `${id}.eml`);
      // Written under a dot-name then renamed, so a listing never sees a half-written message.
      const tmp = path.join(config.outboxDir, `.${id}.tmp`);
      await fs.writeFile(tmp, info.message as Buffer, { flag: 'wx' });
      await fs.rename(tmp, file);
      return { messageId: info.messageId };
    },
    async close() {},
  };
}

export function createMailer(config: MailConfig): Mailer {
  return config.smtpUrl
    ? createSmtpMailer({ ...config, smtpUrl: config.smtpUrl })
    : createOutboxMailer(config);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((o) =>
    o.value.map((a) => a.address ?? '').filter((a) => a !== ''),
  );
}

async function outboxIds(outboxDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(outboxDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith('.eml'))
    .map((n) => n.slice(0, -4))
    .filter(isOutboxId)
    .sort()
    .reverse();
}

/** Newest first. Only the header block of each file is parsed, so listing stays cheap with attachments. */
export async function listOutbox(outboxDir: string, opts: { limit?: number } = {}): Promise<OutboxEntry[]> {
  const ids = (await outboxIds(outboxDir)).slice(0, opts.limit ?? 50);
  const entries: OutboxEntry[] = [];
  for (const id of ids) {
    let raw: Buffer;
    try {
      raw = await fs.readFile(path.join(outboxDir, `${id}.eml`));
    } catch {
      continue; // deleted meanwhile
    }
    const end = raw.indexOf('\r\n\r\n');
    const head = end >= 0 ? raw.subarray(0, end + 4) : raw;
    const parsed = await simpleParser(head, { skipHtmlToText: true, skipTextToHtml: true });
    entries.push({
      id,
      date: parsed.date ?? dateFromId(id),
      to: addresses(parsed.to),
      subject: parsed.subject ?? '',
    });
  }
  return entries;
}

function dateFromId(id: string): Date {
  const [d, t] = id.slice(0, 23).split('T') as [string, string];
  return new Date(`${d}T${t.slice(0, 2)}:${t.slice(3, 5)}:${t.slice(6)}Z`);
}

/** Returns null for an unknown id and for anything that is not an id this outbox generated. */
export async function readOutbox(outboxDir: string, id: string): Promise<OutboxMessage | null> {
  if (!isOutboxId(id)) return null;
  let raw: Buffer;
  try {
    raw = await fs.readFile(path.join(outboxDir, `${id}.eml`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  return {
    id,
    date: parsed.date ?? dateFromId(id),
    from: parsed.from?.text ?? '',
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    bcc: addresses(parsed.bcc),
    replyTo: addresses(parsed.replyTo),
    subject: parsed.subject ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}
