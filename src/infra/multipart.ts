/**
 * Reading `multipart/form-data` forms (the ones with file fields), for routes.
 *
 * `@fastify/multipart` is registered in app.ts with MULTIPART_LIMITS and without `attachFieldsToBody`: the
 * body stays unread until the route asks for it, so the CSRF check (preHandler) runs first and a forged or
 * expired form costs us nothing. `readMultipartForm` then walks the parts in order, keeping at most one file
 * (≤ 10 MiB) in flight plus the accepted ones.
 *
 * CSRF: a multipart body cannot be read before the preHandler, so multipart forms carry their token in the
 * action URL (`?_csrf=…`, written by the DSFR `Form` component) or, for scripts, in the `x-csrf-token`
 * header. The token is removed from logged URLs (`redactCsrfToken`).
 */
import type { FastifyRequest } from 'fastify';
import { validation } from './errors.ts';
import {
  type InspectedUpload,
  inspectUpload,
  isUploadRejected,
  MAX_UPLOAD_BYTES,
  safeFilename,
  type UploadKind,
  UploadRejected,
  uploadMessages,
} from './uploads.ts';

/** Name of the CSRF token parameter: hidden field of urlencoded forms, query parameter of multipart ones. */
export const CSRF_PARAM = '_csrf';

/** Hard limits for every multipart request (registered in app.ts). Per-form limits can only be lower. */
export const MULTIPART_LIMITS = {
  fileSize: MAX_UPLOAD_BYTES,
  files: 10,
  fields: 200,
  fieldSize: 100 * 1024,
  parts: 210,
  headerPairs: 100,
} as const;

export interface ReadMultipartOptions {
  /** What the file fields accept. */
  allowed: readonly UploadKind[];
  /**
   * Accepted files kept from this request (at most MULTIPART_LIMITS.files); once reached, the following files
   * are rejected. Refused files do not count: one bad file must not push out a good one.
   */
  maxFiles?: number;
  /** Per-file limit, at most MULTIPART_LIMITS.fileSize. */
  maxBytes?: number;
  /** See UploadOptions.rejectEncryptedPdf. */
  rejectEncryptedPdf?: boolean;
}

export type FormFile =
  | {
      ok: true;
      /** Name of the form field. */
      field: string;
      /** Safe display name (see safeFilename), with the extension of the real format. */
      filename: string;
      buffer: Buffer;
      upload: InspectedUpload;
    }
  | {
      ok: false;
      field: string;
      filename: string;
      /** `rejection.message` is the French text to show next to the field. */
      rejection: UploadRejected;
    };

export interface MultipartForm {
  /** Text fields; a field sent several times (checkboxes) gives an array. The CSRF token is left out. */
  fields: Record<string, string | string[]>;
  /** One entry per file actually chosen, accepted or not, in the order sent. Empty file inputs are skipped. */
  files: FormFile[];
  /** Fields whose value was cut at MULTIPART_LIMITS.fieldSize (100 KiB): say the text is too long. */
  truncatedFields: string[];
}

/** Options that parts() accepts at run time but does not declare in its types. */
type PartsOptions = NonNullable<Parameters<FastifyRequest['parts']>[0]> & { throwFileSizeLimit?: boolean };

async function drain(stream: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

/**
 * Reads the whole form: text fields as strings, files as buffers checked by content (`inspectUpload`).
 * A file that is too big, empty, of the wrong type or over the count is returned as a typed rejection while
 * every other answer is kept, so the page can show the message next to the field. Decoding and re-encoding
 * (`processUpload`) is left to the caller, which knows whether the form is otherwise valid.
 *
 * Throws a VALIDATION AppError when the request is not multipart; form-wide limits (more than 10 files,
 * 200 fields) end in the 413 error page.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  opts: ReadMultipartOptions,
): Promise<MultipartForm> {
  if (!request.isMultipart()) {
    throw validation("Le formulaire n'a pas été envoyé correctement. Rechargez la page, puis réessayez.");
  }
  const maxFiles = Math.min(opts.maxFiles ?? MULTIPART_LIMITS.files, MULTIPART_LIMITS.files);
  const maxBytes = Math.min(opts.maxBytes ?? MAX_UPLOAD_BYTES, MULTIPART_LIMITS.fileSize);
  const fields = new Map<string, string[]>();
  const files: FormFile[] = [];
  const truncatedFields: string[] = [];
  let accepted = 0;

  // throwFileSizeLimit false: an oversized file is cut at maxBytes and flagged `truncated` instead of
  // aborting the whole request, so the other answers survive.
  const options: PartsOptions = { throwFileSizeLimit: false, limits: { fileSize: maxBytes } };
  for await (const part of request.parts(options)) {
    if (part.type === 'field') {
      // Browsers only send strings; a JSON part (parsed by the plugin) can only come from a crafted request.
      if (part.fieldname === CSRF_PARAM || typeof part.value !== 'string') continue;
      if (part.valueTruncated && !truncatedFields.includes(part.fieldname))
        truncatedFields.push(part.fieldname);
      const list = fields.get(part.fieldname) ?? [];
      list.push(part.value);
      fields.set(part.fieldname, list);
      continue;
    }

    const field = part.fieldname;
    const filename = safeFilename(part.filename);
    if (accepted >= maxFiles) {
      // Read and drop: the next parts (maybe text fields) only come after this one.
      const bytes = await drain(part.file);
      if (bytes > 0 || part.filename) {
        const rejection = new UploadRejected('too_many_files', uploadMessages.tooManyFiles(maxFiles));
        files.push({ ok: false, field, filename, rejection });
      }
      continue;
    }
    const buffer = await part.toBuffer();
    // An empty file input is sent as a part without name nor content: nothing was chosen.
    if (buffer.length === 0 && !part.filename) continue;
    if (part.file.truncated) {
      const rejection = new UploadRejected('too_large', uploadMessages.tooLarge(maxBytes));
      files.push({ ok: false, field, filename, rejection });
      continue;
    }
    try {
      const upload = inspectUpload(buffer, {
        filename: part.filename,
        allowed: opts.allowed,
        maxBytes,
        rejectEncryptedPdf: opts.rejectEncryptedPdf,
      });
      files.push({ ok: true, field, filename: upload.filename, buffer, upload });
      accepted++;
    } catch (err) {
      if (!isUploadRejected(err)) throw err;
      files.push({ ok: false, field, filename, rejection: err });
    }
  }

  const out: Record<string, string | string[]> = {};
  for (const [name, values] of fields) out[name] = values.length === 1 ? values[0]! : values;
  return { fields: out, files, truncatedFields };
}

/**
 * The CSRF token of a multipart form, from the query string. Only for multipart requests: other forms send
 * it in their body, where it never reaches logs, history or Referer headers.
 */
export function csrfTokenFromQuery(request: FastifyRequest): string | undefined {
  if (!request.isMultipart()) return undefined;
  const value = (request.query as Record<string, unknown> | undefined)?.[CSRF_PARAM];
  return typeof value === 'string' ? value : undefined;
}

/** Replaces the value of `_csrf` in a URL (for log lines). */
export function redactCsrfToken(url: string): string {
  return url.replace(/([?&]_csrf=)[^&#]*/g, '$1[masqué]');
}
