/**
 * Upload pipeline shared by every feature that receives files (public form, back-office documents, usager
 * follow-up space). No database and no storage here: `inspectUpload` decides what a file really is from its
 * bytes, `processUpload` turns an accepted file into what we keep (re-encoded image without metadata, or the
 * PDF as sent), and `upload-store.ts` writes the result through the FileStorage port.
 *
 * The file name and the MIME type declared by the browser are never trusted: both are under the sender's
 * control. Only the magic bytes decide, then sharp must be able to decode an image entirely.
 *
 * Formats:
 * - JPEG, PNG: accepted, re-encoded.
 * - GIF: accepted (the original service took GIF), first frame only, re-encoded like PNG.
 * - WebP: accepted (Android shares photos as WebP), re-encoded.
 * - HEIC/HEIF/AVIF (ISO-BMFF `ftyp` brands): the prebuilt sharp binaries ship libheif with the AV1 decoder
 *   only, so AVIF is decoded by sharp. HEVC-coded HEIC (iPhone photos) is decoded by the WebAssembly libheif of
 *   `heic-convert` (its `heic-decode` module) in a worker thread — it is synchronous and takes seconds for a
 *   12 MP photo, which must not freeze the server — one photo at a time, then its pixels go through the same
 *   pipeline as any photo. When that fails too, the sender gets a message explaining how to send the photo in
 *   a readable form. (A libvips built with libde265 would decode them natively, and would be tried first.)
 * - PDF: accepted as is (after the `%PDF-` check and a cheap "is it complete" check), no variant.
 * - Anything else (executables, archives, office documents, videos, TIFF, BMP, SVG, text…): refused, with a
 *   message that says what to send instead.
 *
 * Output: JPEG, or PNG when the source really uses transparency (PNG, GIF, WebP, AVIF with an alpha channel
 * that is not fully opaque). Images are upright (EXIF orientation applied), at most MAX_IMAGE_SIDE pixels on
 * their longest side, in sRGB, and carry no metadata at all (no EXIF, GPS, XMP, IPTC, ICC profile, comments).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';

/** 10 MiB, the limit of the original service ("10 Mo" for users). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * Pixel limit checked from the header before any decoding, so that a tiny file declaring huge dimensions
 * (decompression bomb) is refused without allocating anything. 60 million pixels covers the 48 MP phone
 * sensors (8064 × 6048) with a margin; beyond that a photo gains nothing for a housing report.
 */
export const MAX_INPUT_PIXELS = 60_000_000;

/** Longest side of the stored image: enough to read a meter or a crack, and ~0.5–1.5 MB in JPEG. */
export const MAX_IMAGE_SIDE = 2560;
/** Longest side of the thumbnail variant (lists, dossier gallery). */
export const THUMB_SIDE = 320;

const JPEG_QUALITY = 82;
const THUMB_QUALITY = 75;
/** A pathological image must not hold a libvips thread for ever. */
const SHARP_TIMEOUT_SECONDS = 30;

export type UploadKind = 'image' | 'pdf';

/** Formats we accept (before conversion). */
export type AcceptedFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'avif' | 'pdf';

/** Formats we recognise only to refuse them with a useful message. */
export type RefusedFormat = 'office' | 'archive' | 'executable' | 'video' | 'other-image' | 'unknown';

export type DetectedFormat = AcceptedFormat | RefusedFormat;

export type UploadRejectionReason =
  | 'empty'
  | 'too_large'
  | 'unsupported_type'
  | 'heic_unsupported'
  | 'image_damaged'
  | 'image_too_many_pixels'
  | 'pdf_damaged'
  | 'pdf_encrypted'
  | 'too_many_files';

/** A file refused for a reason the sender can fix. `message` is shown to them as is (French). */
export class UploadRejected extends Error {
  readonly code = 'UPLOAD_REJECTED';
  constructor(
    readonly reason: UploadRejectionReason,
    message: string,
    /** What the content turned out to be, when known. */
    readonly detected?: DetectedFormat,
  ) {
    super(message);
    this.name = 'UploadRejected';
  }
}

export function isUploadRejected(err: unknown): err is UploadRejected {
  return err instanceof UploadRejected;
}

export interface UploadOptions {
  /** Name given by the sender; only used to build a safe display name. */
  filename?: string;
  /** What this field accepts. */
  allowed: readonly UploadKind[];
  /** Defaults to MAX_UPLOAD_BYTES. */
  maxBytes?: number;
  /**
   * Refuse PDFs protected by encryption. Off by default: many official documents (CAF, bank, tax notices)
   * are encrypted with an owner password only — they open without any password, and refusing them would
   * block people for nothing. `InspectedUpload.pdf.encrypted` tells the caller anyway.
   */
  rejectEncryptedPdf?: boolean;
}

export interface InspectedUpload {
  kind: UploadKind;
  format: AcceptedFormat;
  size: number;
  /** Safe display name, with the extension of the real format (e.g. a PDF sent as "scan.jpg" → "scan.pdf"). */
  filename: string;
  pdf?: { encrypted: boolean };
}

export interface UploadVariant {
  buffer: Buffer;
  mimeType: string;
  extension: string;
  width: number;
  height: number;
}

export interface ProcessedUpload {
  kind: UploadKind;
  /** What was received. */
  sourceFormat: AcceptedFormat;
  /** What we keep. */
  mimeType: 'image/jpeg' | 'image/png' | 'application/pdf';
  extension: 'jpg' | 'png' | 'pdf';
  buffer: Buffer;
  size: number;
  /** Safe display/download name, with `extension`. */
  filename: string;
  width?: number;
  height?: number;
  /**
   * Day the photo was taken (EXIF DateTimeOriginal, `YYYY-MM-DD`), read before the metadata is stripped;
   * for `fichier.datePriseDeVue`. Null when absent or implausible.
   */
  takenAt?: string | null;
  pdf?: { encrypted: boolean };
  variants: { thumb?: UploadVariant };
}

const MIME: Record<ProcessedUpload['extension'], ProcessedUpload['mimeType']> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

// ---------------------------------------------------------------------------------------------------------
// Messages (French, plain, saying what to do)

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(mb)} Mo`;
}

/** "JPEG, PNG ou PDF", "JPEG ou PNG", "PDF". */
export function acceptedFormatsLabel(allowed: readonly UploadKind[]): string {
  const names = [
    ...(allowed.includes('image') ? ['JPEG', 'PNG'] : []),
    ...(allowed.includes('pdf') ? ['PDF'] : []),
  ];
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ou ${names.at(-1)}`;
}

function whatToSend(allowed: readonly UploadKind[]): string {
  const formats = acceptedFormatsLabel(allowed);
  if (!allowed.includes('pdf')) return `Envoyez une photo au format ${formats}.`;
  if (!allowed.includes('image')) return `Envoyez un document au format ${formats}.`;
  return `Envoyez une photo ou un document au format ${formats}.`;
}

export const uploadMessages = {
  empty: () =>
    'Ce fichier est vide. Vérifiez que vous avez choisi le bon fichier, puis envoyez-le à nouveau.',
  tooLarge: (maxBytes: number) =>
    `Ce fichier dépasse la taille maximale de ${formatMegabytes(maxBytes)}. Pour une photo, envoyez-la en ` +
    'taille réduite (votre téléphone le propose souvent au moment de l’envoi) ; pour un document, ' +
    'enregistrez-le en plusieurs parties.',
  unsupported: (detected: DetectedFormat, allowed: readonly UploadKind[]) => {
    const send = whatToSend(allowed);
    switch (detected) {
      case 'pdf':
        return `Ce fichier est un document PDF : ici, seules les photos sont acceptées. ${send}`;
      case 'jpeg':
      case 'png':
      case 'gif':
      case 'webp':
      case 'heic':
      case 'avif':
        return `Ce fichier est une image : ici, seuls les documents sont acceptés. ${send}`;
      case 'office':
        return allowed.includes('pdf')
          ? 'Les documents Word, Excel ou LibreOffice ne sont pas acceptés. Enregistrez votre document au ' +
              'format PDF (menu « Fichier », puis « Enregistrer sous » ou « Exporter en PDF »), puis envoyez le PDF.'
          : `Les documents Word, Excel ou LibreOffice ne sont pas acceptés ici. ${send}`;
      case 'archive':
        return `Les archives (fichiers ZIP, RAR…) ne sont pas acceptées. Envoyez les fichiers un par un. ${send}`;
      case 'video': {
        const instead = allowed.includes('image') ? 'Envoyez plutôt des photos de la situation. ' : '';
        return `Les vidéos ne sont pas acceptées. ${instead}${send}`;
      }
      case 'other-image':
        return `Ce format d’image n’est pas accepté. ${send}`;
      default:
        return `Le format de ce fichier n’est pas accepté. ${send}`;
    }
  },
  heicUnsupported: () =>
    'Cette photo est au format HEIC (iPhone), que nous ne pouvons pas lire. Faites une capture d’écran de ' +
    'la photo et envoyez cette capture. Pour vos prochaines photos, vous pouvez choisir « Le plus compatible » ' +
    'dans Réglages > Appareil photo > Formats.',
  imageDamaged: () =>
    'Cette image est endommagée ou incomplète : nous ne pouvons pas l’ouvrir. Vérifiez qu’elle s’affiche ' +
    'bien sur votre appareil, puis envoyez-la à nouveau (ou envoyez une capture d’écran de la photo).',
  imageTooManyPixels: () =>
    `Cette image est trop grande pour être traitée (plus de ${MAX_INPUT_PIXELS / 1_000_000} millions de ` +
    'pixels). Envoyez-la en taille réduite ou envoyez une capture d’écran de l’image.',
  pdfDamaged: () =>
    'Ce document PDF est endommagé ou incomplet : nous ne pouvons pas l’ouvrir. Vérifiez qu’il s’ouvre bien ' +
    'sur votre appareil, enregistrez-le à nouveau, puis renvoyez-le.',
  pdfEncrypted: () =>
    'Ce document PDF est protégé par un mot de passe et ne pourra pas être lu. Enregistrez-en une copie ' +
    'sans mot de passe (par exemple avec « Imprimer », puis « Enregistrer en PDF »), puis envoyez cette copie.',
  tooManyFiles: (max: number) =>
    `Vous pouvez envoyer ${max} ${max > 1 ? 'fichiers' : 'fichier'} au maximum à la fois. Ce fichier n’a ` +
    'pas été pris en compte : ajoutez-le dans un second temps.',
};

// ---------------------------------------------------------------------------------------------------------
// Content detection

function startsWith(buf: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  return bytes.every((b, i) => buf[offset + i] === b);
}

function ascii(buf: Buffer, start: number, end: number): string {
  return buf.subarray(start, Math.min(end, buf.length)).toString('latin1');
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** ISO-BMFF files (HEIF, AVIF, MP4, MOV, 3GP) start with a `ftyp` box listing brands. */
function detectIsoBmff(buf: Buffer): DetectedFormat | null {
  if (buf.length < 16 || ascii(buf, 4, 8) !== 'ftyp') return null;
  const boxSize = buf.readUInt32BE(0);
  const end = Math.min(buf.length, Math.max(boxSize, 16));
  const brands = [ascii(buf, 8, 12)];
  for (let o = 16; o + 4 <= end; o += 4) brands.push(ascii(buf, o, o + 4));
  const major = brands[0]!;
  if (AVIF_BRANDS.has(major)) return 'avif';
  if (HEIC_BRANDS.has(major)) return brands.some((b) => AVIF_BRANDS.has(b)) ? 'avif' : 'heic';
  // A generic HEIF major brand is rare; compatible brands still tell images from videos.
  if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  return 'video';
}

function detectZip(buf: Buffer): DetectedFormat {
  // Office Open XML and OpenDocument files are ZIP archives: their first entries give them away.
  const head = ascii(buf, 0, 64 * 1024);
  if (
    head.includes('[Content_Types].xml') ||
    /(?:^|[^\w])(?:word|xl|ppt)\//.test(head) ||
    head.includes('mimetypeapplication/vnd.oasis.opendocument')
  ) {
    return 'office';
  }
  return 'archive';
}

/**
 * What a buffer really is, from its first bytes only. Exported for tests and for callers that want to log
 * what was refused.
 */
export function detectFormat(buf: Buffer): DetectedFormat {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (ascii(buf, 0, 5) === '%PDF-') return 'pdf';
  const iso = detectIsoBmff(buf);
  if (iso) return iso;
  // Refused formats, recognised to give a useful message.
  if (ascii(buf, 0, 4) === 'PK\x03\x04') return detectZip(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'office'; // .doc .xls .ppt .msg
  if (ascii(buf, 0, 5) === '{\\rtf') return 'office';
  if (
    ascii(buf, 0, 4) === 'Rar!' ||
    startsWith(buf, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || // 7z
    startsWith(buf, [0x1f, 0x8b]) || // gzip
    ascii(buf, 0, 4) === 'PK\x05\x06' // empty zip
  ) {
    return 'archive';
  }
  if (
    ascii(buf, 0, 2) === 'MZ' || // Windows PE
    ascii(buf, 0, 4) === '\x7fELF' ||
    startsWith(buf, [0xfe, 0xed, 0xfa, 0xce]) ||
    startsWith(buf, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(buf, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(buf, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(buf, [0xca, 0xfe, 0xba, 0xbe]) || // Mach-O, Java class
    ascii(buf, 0, 2) === '#!'
  ) {
    return 'executable';
  }
  if (
    startsWith(buf, [0x1a, 0x45, 0xdf, 0xa3]) ||
    (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 11) === 'AVI')
  ) {
    return 'video';
  }
  if (
    ascii(buf, 0, 4) === 'II*\x00' ||
    ascii(buf, 0, 4) === 'MM\x00*' ||
    (ascii(buf, 0, 2) === 'BM' && buf.length >= 10 && buf.readUInt32LE(6) === 0) || // BMP, reserved bytes 0
    startsWith(buf, [0x00, 0x00, 0x01, 0x00]) || // .ico
    startsWith(buf, [0xff, 0x0a]) || // JPEG XL codestream
    /<svg[\s>]/i.test(ascii(buf, 0, 1024))
  ) {
    return 'other-image';
  }
  return 'unknown';
}

const KIND_OF: Record<AcceptedFormat, UploadKind> = {
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  heic: 'image',
  avif: 'image',
  pdf: 'pdf',
};

function isAccepted(format: DetectedFormat): format is AcceptedFormat {
  return format in KIND_OF;
}

// ---------------------------------------------------------------------------------------------------------
// PDF checks (cheap: no parsing, a few byte searches)

/** A complete PDF ends with `%%EOF` (producers may add a few bytes after it). A cut download does not. */
function pdfLooksComplete(buf: Buffer): boolean {
  return buf.subarray(Math.max(0, buf.length - 4096)).includes('%%EOF');
}

/** The trailer of an encrypted PDF references an /Encrypt dictionary; it is never compressed. */
function pdfIsEncrypted(buf: Buffer): boolean {
  for (let at = buf.indexOf('/Encrypt'); at !== -1; at = buf.indexOf('/Encrypt', at + 1)) {
    const next = buf[at + 8];
    // `/Encrypt 12 0 R`, `/Encrypt<<…`, not `/EncryptMetadata` alone (which only appears inside the former).
    if (next === undefined || !/[A-Za-z]/.test(String.fromCharCode(next))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// File names

const MAX_FILENAME_LENGTH = 120;

/**
 * A file name safe to show and to offer as a download name: no path, no control or invisible formatting
 * characters (a right-to-left override can disguise "photo‮gpj.exe"), no characters that Windows refuses,
 * Unicode NFC, at most 120 characters with the extension kept. Accented letters stay.
 */
export function safeFilename(name: string | undefined, fallback = 'fichier'): string {
  let s = (name ?? '').normalize('NFC');
  s = s.split(/[/\\]/).pop() ?? '';
  s = s
    .replace(/[\t\n\v\f\r]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!s) return fallback;
  const chars = [...s];
  if (chars.length <= MAX_FILENAME_LENGTH) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
  const stem = [...s.slice(0, s.length - ext.length)].slice(0, MAX_FILENAME_LENGTH - [...ext].length);
  return stem.join('').trimEnd() + ext;
}

/** Replaces (or adds) the extension: ("IMG_0001.HEIC", "jpg") → "IMG_0001.jpg". */
export function withExtension(filename: string, extension: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 && filename.length - dot <= 10 ? filename.slice(0, dot) : filename;
  return safeFilename(`${stem}.${extension}`);
}

// ---------------------------------------------------------------------------------------------------------
// Inspection

/**
 * Checks size and real type. Throws UploadRejected (with a French message) when the file cannot be accepted
 * here; otherwise says what it is. Synchronous and cheap: no decoding.
 */
export function inspectUpload(buffer: Buffer, opts: UploadOptions): InspectedUpload {
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  if (buffer.length === 0) throw new UploadRejected('empty', uploadMessages.empty());
  if (buffer.length > maxBytes) throw new UploadRejected('too_large', uploadMessages.tooLarge(maxBytes));

  const format = detectFormat(buffer);
  if (!isAccepted(format) || !opts.allowed.includes(KIND_OF[format])) {
    throw new UploadRejected('unsupported_type', uploadMessages.unsupported(format, opts.allowed), format);
  }
  const kind = KIND_OF[format];
  const base = safeFilename(opts.filename);

  if (kind === 'pdf') {
    if (!pdfLooksComplete(buffer))
      throw new UploadRejected('pdf_damaged', uploadMessages.pdfDamaged(), 'pdf');
    const encrypted = pdfIsEncrypted(buffer);
    if (encrypted && opts.rejectEncryptedPdf) {
      throw new UploadRejected('pdf_encrypted', uploadMessages.pdfEncrypted(), 'pdf');
    }
    return { kind, format, size: buffer.length, filename: withExtension(base, 'pdf'), pdf: { encrypted } };
  }
  return { kind, format, size: buffer.length, filename: base };
}

// ---------------------------------------------------------------------------------------------------------
// Processing

const DECODE_OPTIONS = {
  // 'error' also aborts on truncated data: a half-received photo is refused rather than stored grey.
  failOn: 'error',
  limitInputPixels: MAX_INPUT_PIXELS,
  // First frame of an animated GIF/WebP, primary image of a HEIF collection.
  pages: 1,
} satisfies sharp.SharpOptions;

/** Decodes, re-encodes and strips an image, or checks a PDF. Throws UploadRejected with a French message. */
export async function processUpload(buffer: Buffer, opts: UploadOptions): Promise<ProcessedUpload> {
  const inspected = inspectUpload(buffer, opts);
  if (inspected.kind === 'pdf') {
    return {
      kind: 'pdf',
      sourceFormat: 'pdf',
      mimeType: 'application/pdf',
      extension: 'pdf',
      buffer,
      size: buffer.length,
      filename: inspected.filename,
      pdf: inspected.pdf,
      variants: {},
    };
  }
  return processImage(buffer, inspected);
}

function decodeFailure(err: unknown, format: AcceptedFormat, compression?: string): UploadRejected {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) {
    return new UploadRejected('image_too_many_pixels', uploadMessages.imageTooManyPixels(), format);
  }
  if (
    (format === 'heic' || format === 'avif') &&
    (compression === 'hevc' || /compression format has not been built in|unsupported codec/i.test(message))
  ) {
    return new UploadRejected('heic_unsupported', uploadMessages.heicUnsupported(), format);
  }
  return new UploadRejected('image_damaged', uploadMessages.imageDamaged(), format);
}

async function processImage(buffer: Buffer, inspected: InspectedUpload): Promise<ProcessedUpload> {
  const { format } = inspected;
  let meta: sharp.Metadata;
  try {
    // Header only: cheap, and what the pixel limit is checked against before any pixel is decoded.
    meta = await sharp(buffer, DECODE_OPTIONS).metadata();
  } catch (err) {
    throw decodeFailure(err, format);
  }
  if (!meta.width || !meta.height) throw decodeFailure(new Error('no dimensions'), format);
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw decodeFailure(new Error('pixel limit'), format);
  const expected = format === 'heic' || format === 'avif' ? 'heif' : format;
  if (meta.format !== expected) throw decodeFailure(new Error(`format ${meta.format}`), format);

  const takenAt = meta.exif ? exifDateTaken(meta.exif) : null;

  try {
    return await encodeImage(sharp(buffer, { ...DECODE_OPTIONS, autoOrient: true }), inspected, takenAt);
  } catch (err) {
    const failure = decodeFailure(err, format, meta.compression);
    if (failure.reason !== 'heic_unsupported' || format !== 'heic') throw failure;
    // iPhone photo (HEVC): decode it with libheif compiled to WebAssembly, then the usual pipeline.
    let pixels: HeicPixels;
    try {
      pixels = await decodeHeic(buffer);
    } catch {
      throw failure;
    }
    // The header said how large the picture is; check what was really decoded too.
    if (pixels.width * pixels.height > MAX_INPUT_PIXELS) {
      throw decodeFailure(new Error('pixel limit'), format);
    }
    try {
      const raw = sharp(pixels.data, {
        raw: { width: pixels.width, height: pixels.height, channels: 4 },
        limitInputPixels: MAX_INPUT_PIXELS,
      });
      return await encodeImage(raw, inspected, takenAt);
    } catch (encodeErr) {
      throw decodeFailure(encodeErr, format);
    }
  }
}

/**
 * Upright, at most MAX_IMAGE_SIDE, 8-bit sRGB pixels (CMYK and wide-gamut sources are converted), decoded
 * once; then the stored image and its thumbnail. At most 2560 × 2560 × 4 bytes (26 MB) held while encoding.
 */
async function encodeImage(
  source: sharp.Sharp,
  inspected: InspectedUpload,
  takenAt: string | null,
): Promise<ProcessedUpload> {
  const pixels = await source
    .timeout({ seconds: SHARP_TIMEOUT_SECONDS })
    .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = pixels.info;
  const fromPixels = () =>
    sharp(pixels.data, { raw: { width, height, channels } }).timeout({ seconds: SHARP_TIMEOUT_SECONDS });

  // Keep PNG only when transparency is really used: a screenshot with an unused alpha channel becomes a
  // JPEG like any photo.
  const transparent = channels === 4 && usesTransparency(pixels.data);

  // Encoding from raw pixels carries nothing over: no EXIF, GPS, XMP, IPTC, ICC profile or comment.
  const main = transparent
    ? await fromPixels().png({ compressionLevel: 8 }).toBuffer()
    : await fromPixels().flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
  const thumb = await fromPixels()
    .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: THUMB_QUALITY })
    .toBuffer({ resolveWithObject: true });

  const extension = transparent ? 'png' : 'jpg';
  return {
    kind: 'image',
    sourceFormat: inspected.format,
    mimeType: MIME[extension],
    extension,
    buffer: main,
    size: main.length,
    filename: withExtension(inspected.filename, extension),
    width,
    height,
    takenAt,
    variants: {
      thumb: {
        buffer: thumb.data,
        mimeType: 'image/jpeg',
        extension: 'jpg',
        width: thumb.info.width,
        height: thumb.info.height,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// HEIC (HEVC) decoding in a worker thread

interface HeicPixels {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel. */
  data: Buffer;
}

/** A 12 MP photo takes 1–4 s; anything far beyond is a pathological file. */
export const HEIC_TIMEOUT_MS = 60_000;

/**
 * One decode at a time: each holds the whole picture in RGBA plus libheif's planes (about 6 bytes per pixel,
 * ~70 MB for 12 MP, ~350 MB at the 60 MP limit) in its worker, freed when the worker ends.
 */
const HEIC_CONCURRENCY = 1;

// CommonJS run by the worker: decode the primary image, hand the pixels back without copying them.
const HEIC_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.decoderPath);
decode({ buffer: workerData.buffer }).then(
  (img) => parentPort.postMessage({ width: img.width, height: img.height, data: img.data }, [img.data.buffer]),
  (err) => parentPort.postMessage({ error: String((err && err.message) || err) }),
);
`;

let heicDecoderPath: string | null | undefined;

/** `heic-decode`, the decoder that `heic-convert` uses, resolved from heic-convert's own dependencies. */
function resolveHeicDecoder(): string | null {
  if (heicDecoderPath === undefined) {
    try {
      const fromHere = createRequire(import.meta.url);
      heicDecoderPath = createRequire(fromHere.resolve('heic-convert')).resolve('heic-decode');
    } catch {
      heicDecoderPath = null;
    }
  }
  return heicDecoderPath;
}

let heicRunning = 0;
const heicWaiting: (() => void)[] = [];

async function withHeicSlot<T>(task: () => Promise<T>): Promise<T> {
  if (heicRunning >= HEIC_CONCURRENCY) await new Promise<void>((resolve) => heicWaiting.push(resolve));
  heicRunning++;
  try {
    return await task();
  } finally {
    heicRunning--;
    heicWaiting.shift()?.();
  }
}

/** Decodes an HEIC photo to RGBA pixels; rejects when the file cannot be decoded (or in time). */
function decodeHeic(buffer: Buffer): Promise<HeicPixels> {
  const decoderPath = resolveHeicDecoder();
  if (!decoderPath) return Promise.reject(new Error('heic decoder not installed'));
  return withHeicSlot(
    () =>
      new Promise<HeicPixels>((resolve, reject) => {
        const worker = new Worker(HEIC_WORKER_SOURCE, {
          eval: true,
          workerData: { decoderPath, buffer },
          // The JavaScript heap stays small; the pixels live in WebAssembly memory and ArrayBuffers.
          resourceLimits: { maxOldGenerationSizeMb: 128 },
          stdout: true,
          stderr: true,
        });
        // Whatever libheif prints is dropped, not mixed into the server's logs.
        worker.stdout.resume();
        worker.stderr.resume();
        let settled = false;
        const finish = (err: Error | null, value?: HeicPixels) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          if (err) reject(err);
          else resolve(value!);
        };
        const timer = setTimeout(() => finish(new Error('heic decode timeout')), HEIC_TIMEOUT_MS);
        worker.on(
          'message',
          (msg: { error?: string; width?: number; height?: number; data?: Uint8Array }) => {
            if (msg.error || !msg.data || !msg.width || !msg.height) {
              finish(new Error(msg.error ?? 'heic decode: no image'));
              return;
            }
            const data = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
            if (data.length !== msg.width * msg.height * 4) {
              finish(new Error('heic decode: unexpected pixel buffer'));
              return;
            }
            finish(null, { width: msg.width, height: msg.height, data });
          },
        );
        worker.on('error', (err) => finish(err));
        worker.on('exit', (code) => finish(new Error(`heic worker exited (${code})`)));
      }),
  );
}

/** RGBA pixels: is any alpha value below 255? */
function usesTransparency(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// EXIF date taken

/**
 * Reads DateTimeOriginal (or DateTimeDigitized) from a raw EXIF block as given by sharp (`Exif\0\0` + TIFF).
 * Returns `YYYY-MM-DD`, or null when absent, malformed or implausible (before 1971 or after next year: camera
 * clocks left at their factory default).
 */
export function exifDateTaken(exif: Buffer, now: Date = new Date()): string | null {
  try {
    const tiff = ascii(exif, 0, 6) === 'Exif\x00\x00' ? exif.subarray(6) : exif;
    const order = ascii(tiff, 0, 2);
    if (order !== 'II' && order !== 'MM') return null;
    const le = order === 'II';
    const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
    const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
    if (u16(2) !== 42) return null;

    /** Offset of the 4-byte value field of `tag` in the IFD at `ifd`, with its type and count. */
    const entry = (ifd: number, tag: number) => {
      const count = u16(ifd);
      for (let i = 0; i < count; i++) {
        const at = ifd + 2 + i * 12;
        if (u16(at) === tag) return { type: u16(at + 2), count: u32(at + 4), value: at + 8 };
      }
      return null;
    };
    const exifPointer = entry(u32(4), 0x8769);
    if (!exifPointer) return null;
    const exifIfd = u32(exifPointer.value);
    for (const tag of [0x9003, 0x9004]) {
      const e = entry(exifIfd, tag);
      if (e?.type !== 2 || e.count < 19) continue;
      const start = e.count > 4 ? u32(e.value) : e.value;
      const m = /^(\d{4}):(\d{2}):(\d{2})/.exec(ascii(tiff, start, start + 19));
      if (!m) continue;
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      const valid =
        date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
      if (!valid || year < 1971 || year > now.getUTCFullYear() + 1) continue;
      return `${m[1]}-${m[2]}-${m[3]}`;
    }
    return null;
  } catch {
    // Offsets pointing outside the block (RangeError): a malformed EXIF simply has no date.
    return null;
  }
}
