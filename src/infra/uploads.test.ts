import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import {
  acceptedFormatsLabel,
  detectFormat,
  exifDateTaken,
  inspectUpload,
  MAX_IMAGE_SIDE,
  MAX_UPLOAD_BYTES,
  processUpload,
  safeFilename,
  THUMB_SIDE,
  UploadRejected,
  type UploadRejectionReason,
  withExtension,
} from './uploads.ts';

// ---------------------------------------------------------------------------------------------------------
// Fixtures, generated here so that what they contain is visible

/** 400 × 300 green picture with a red block in its top-left corner (to check orientation). */
function scene() {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#33aa66' } }).composite([
    { input: { create: { width: 100, height: 50, channels: 3, background: '#ff0000' } }, left: 0, top: 0 },
  ]);
}

const GPS_EXIF = {
  IFD0: { Make: 'PhoneMaker', Model: 'SecretModel' },
  IFD2: { DateTimeOriginal: '2024:03:15 10:20:30' },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '48/1 51/1 2400/100',
    GPSLongitudeRef: 'E',
    GPSLongitude: '2/1 21/1 0/1',
  },
};

/** JPEG straight from a "phone": EXIF with GPS position, camera, date, an ICC profile, orientation 6. */
async function phoneJpeg(orientation = 1) {
  return scene().jpeg().withMetadata({ orientation }).withExifMerge(GPS_EXIF).toBuffer();
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);
const ENCRYPTED_PDF = Buffer.from(
  '%PDF-1.6\n1 0 obj<</Type/Catalog>>endobj\n5 0 obj<</Filter/Standard/V 2/R 3>>endobj\n' +
    'trailer<</Root 1 0 R/Encrypt 5 0 R/ID[<aa><bb>]>>\n%%EOF\n',
);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);

/**
 * A real HEVC-coded HEIC, as an iPhone sends them: 160 × 120 green picture with a red block in its top-left
 * corner, EXIF with camera model "SecretModel", GPS position and date taken 2024-03-15 (see
 * test/fixtures/README.md for how it was made).
 */
const IPHONE_HEIC = readFileSync(new URL('../../test/fixtures/photo-iphone.heic', import.meta.url));

// Minimal ISO-BMFF writer, to build an HEVC-coded HEIC like an iPhone's (sharp cannot write one).
const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const box = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
};
const fullBox = (type: string, version: number, ...parts: Buffer[]) =>
  box(type, u8(version), u8(0), u16(0), ...parts);

/** A well-formed HEIF file whose primary image is an `hvc1` (HEVC) item, brands heic/mif1. */
function hevcHeic(width = 64, height = 48): Buffer {
  const ftyp = box('ftyp', Buffer.from('heic'), u32(0), Buffer.from('mif1heic'));
  const hvcC = box(
    'hvcC',
    ...[u8(1), u8(1), u32(0x60000000), Buffer.alloc(6), u8(90), u16(0xf000), u8(0xfc), u8(0xfd)],
    ...[u8(0xf8), u8(0xf8), u16(0), u8(0x0f), u8(0)],
  );
  const ispe = fullBox('ispe', 0, u32(width), u32(height));
  const iprp = box(
    'iprp',
    box('ipco', hvcC, ispe),
    fullBox('ipma', 0, u32(1), u16(1), u8(2), u8(0x81), u8(0x02)),
  );
  const hdlr = fullBox('hdlr', 0, u32(0), Buffer.from('pict'), Buffer.alloc(12), u8(0));
  const pitm = fullBox('pitm', 0, u16(1));
  const iinf = fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1'), u8(0)));
  const payload = Buffer.from([0, 0, 0, 4, 0x26, 0x01, 0xaf, 0x00]);
  const iloc = (offset: number) =>
    fullBox('iloc', 0, u8(0x44), u8(0), u16(1), u16(1), u16(0), u16(1), u32(offset), u32(payload.length));
  const meta = (offset: number) => fullBox('meta', 0, hdlr, pitm, iloc(offset), iinf, iprp);
  const offset = ftyp.length + meta(0).length + 8;
  return Buffer.concat([ftyp, meta(offset), box('mdat', payload)]);
}

/**
 * Decompression bomb: a valid PNG declaring 20000 × 20000 pixels (1.2 GB once decoded in RGB), all white,
 * 1-bit greyscale so that it compresses to a few kilobytes.
 */
function pngBomb(side = 20000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    return Buffer.concat([u32(data.length), td, u32(crc32(td))]);
  };
  const ihdr = Buffer.concat([u32(side), u32(side), u8(1), u8(0), u8(0), u8(0), u8(0)]);
  const row = Buffer.alloc(1 + Math.ceil(side / 8), 0xff);
  row[0] = 0; // filter type: none
  const raw = Buffer.concat(Array.from({ length: side }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<UploadRejected> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    assert.ok(err instanceof UploadRejected, `expected UploadRejected, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an UploadRejected error');
}

async function assertRejected(
  p: Promise<unknown> | (() => unknown),
  reason: UploadRejectionReason,
  message?: RegExp,
): Promise<UploadRejected> {
  const err = await rejection(p);
  assert.equal(err.reason, reason, err.message);
  if (message) assert.match(err.message, message);
  return err;
}

function pixelAt(raw: { data: Buffer; info: sharp.OutputInfo }, x: number, y: number): number[] {
  const i = (y * raw.info.width + x) * raw.info.channels;
  return [...raw.data.subarray(i, i + 3)];
}

const ANY = { allowed: ['image', 'pdf'] } as const;
const IMAGES = { allowed: ['image'] } as const;

// ---------------------------------------------------------------------------------------------------------

describe('detectFormat: by content, never by name', () => {
  it('recognises accepted and refused formats from their first bytes', async () => {
    assert.equal(detectFormat(await scene().jpeg().toBuffer()), 'jpeg');
    assert.equal(detectFormat(await scene().png().toBuffer()), 'png');
    assert.equal(detectFormat(await scene().gif().toBuffer()), 'gif');
    assert.equal(detectFormat(await scene().webp().toBuffer()), 'webp');
    assert.equal(detectFormat(await scene().avif().toBuffer()), 'avif');
    assert.equal(detectFormat(await scene().tiff().toBuffer()), 'other-image');
    assert.equal(detectFormat(hevcHeic()), 'heic');
    assert.equal(detectFormat(PDF), 'pdf');
    assert.equal(detectFormat(EXE), 'executable');
    assert.equal(detectFormat(Buffer.from('\x7fELF\x02\x01\x01', 'latin1')), 'executable');
    assert.equal(detectFormat(Buffer.from('#!/bin/sh\nrm -rf /\n')), 'executable');
    const docx = Buffer.from(
      'PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml....word/document.xml',
      'latin1',
    );
    assert.equal(detectFormat(docx), 'office');
    const odt = Buffer.from(
      'PK\x03\x04\x0a\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text',
    );
    assert.equal(detectFormat(odt), 'office');
    assert.equal(detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])), 'office');
    assert.equal(detectFormat(Buffer.from('PK\x03\x04\x14\x00\x00\x00photos/img1.jpg', 'latin1')), 'archive');
    const mp4 = Buffer.concat([u32(24), Buffer.from('ftypisom'), u32(512), Buffer.from('isomiso2')]);
    assert.equal(detectFormat(mp4), 'video');
    assert.equal(
      detectFormat(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">')),
      'other-image',
    );
    assert.equal(detectFormat(Buffer.from('<html><script>alert(1)</script>')), 'unknown');
    const bmp = Buffer.concat([Buffer.from('BM'), u32(0x36000000), Buffer.alloc(4), u32(0x36000000)]);
    assert.equal(detectFormat(bmp), 'other-image');
    assert.equal(detectFormat(Buffer.from('BMW')), 'unknown', 'short or text input never throws');
    assert.equal(detectFormat(Buffer.from([0xff])), 'unknown');
  });
});

describe('inspectUpload', () => {
  it('accepts a JPEG, a PDF, and says which kind it is', async () => {
    const jpeg = await phoneJpeg();
    assert.deepEqual(inspectUpload(jpeg, { ...ANY, filename: 'photo.jpg' }), {
      kind: 'image',
      format: 'jpeg',
      size: jpeg.length,
      filename: 'photo.jpg',
    });
    const pdf = inspectUpload(PDF, { ...ANY, filename: 'bail.pdf' });
    assert.equal(pdf.kind, 'pdf');
    assert.deepEqual(pdf.pdf, { encrypted: false });
  });

  it('detects a PDF named .jpg or .png by its content and renames it', () => {
    const asJpg = inspectUpload(PDF, { ...ANY, filename: 'scan.jpg' });
    assert.equal(asJpg.kind, 'pdf');
    assert.equal(asJpg.filename, 'scan.pdf');
    assert.equal(inspectUpload(PDF, { ...ANY, filename: 'photo.png' }).kind, 'pdf');
  });

  it('refuses a PDF named .png where only photos are accepted, saying what to send', async () => {
    const err = await assertRejected(
      () => inspectUpload(PDF, { ...IMAGES, filename: 'photo.png' }),
      'unsupported_type',
      /document PDF : ici, seules les photos sont acceptées\. Envoyez une photo au format JPEG ou PNG\./,
    );
    assert.equal(err.detected, 'pdf');
  });

  it('refuses an image where only PDF documents are accepted', async () => {
    await assertRejected(
      async () => inspectUpload(await scene().png().toBuffer(), { allowed: ['pdf'] }),
      'unsupported_type',
      /Envoyez un document au format PDF\./,
    );
  });

  it('refuses an executable named .jpg, listing the accepted formats', async () => {
    const err = await assertRejected(
      () => inspectUpload(EXE, { ...ANY, filename: 'vacances.jpg' }),
      'unsupported_type',
      /n’est pas accepté\. Envoyez une photo ou un document au format JPEG, PNG ou PDF\./,
    );
    assert.equal(err.detected, 'executable');
  });

  it('tells how to turn an office document into a PDF', async () => {
    const doc = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await assertRejected(
      () => inspectUpload(doc, { ...ANY, filename: 'bail.doc' }),
      'unsupported_type',
      /format PDF/,
    );
  });

  it('refuses an empty file', async () => {
    await assertRejected(() => inspectUpload(Buffer.alloc(0), ANY), 'empty', /Ce fichier est vide\./);
  });

  it('accepts exactly 10 MiB and refuses one byte more, saying the limit', async () => {
    const jpegHead = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    const exact = Buffer.concat([jpegHead, Buffer.alloc(MAX_UPLOAD_BYTES - 4)]);
    assert.equal(inspectUpload(exact, ANY).kind, 'image');
    await assertRejected(
      () => inspectUpload(Buffer.concat([exact, Buffer.from([0])]), ANY),
      'too_large',
      /dépasse la taille maximale de 10 Mo\./,
    );
    await assertRejected(
      () => inspectUpload(exact, { ...ANY, maxBytes: 2 * 1024 * 1024 }),
      'too_large',
      /2 Mo/,
    );
  });

  it('refuses a truncated PDF and, only when asked, an encrypted one', async () => {
    await assertRejected(
      () => inspectUpload(PDF.subarray(0, 60), ANY),
      'pdf_damaged',
      /PDF est endommagé ou incomplet/,
    );
    assert.deepEqual(inspectUpload(ENCRYPTED_PDF, ANY).pdf, { encrypted: true });
    await assertRejected(
      () => inspectUpload(ENCRYPTED_PDF, { ...ANY, rejectEncryptedPdf: true }),
      'pdf_encrypted',
      /protégé par un mot de passe/,
    );
  });
});

describe('processUpload: images', () => {
  it('strips EXIF, GPS and ICC from a phone JPEG, keeps its date taken, makes a thumbnail', async () => {
    const input = await phoneJpeg();
    const before = await sharp(input).metadata();
    assert.ok(before.exif && before.icc, 'the fixture carries EXIF and an ICC profile');
    assert.ok(input.includes('SecretModel'));
    // GPS IFD pointer (tag 0x8825, type LONG, little-endian as sharp writes it): the position is there.
    assert.ok(before.exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00])));

    const out = await processUpload(input, { ...ANY, filename: 'IMG_2024.JPG' });
    assert.equal(out.kind, 'image');
    assert.equal(out.mimeType, 'image/jpeg');
    assert.equal(out.extension, 'jpg');
    assert.equal(out.filename, 'IMG_2024.jpg');
    assert.equal(out.size, out.buffer.length);
    assert.equal(out.takenAt, '2024-03-15');
    const meta = await sharp(out.buffer).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.exif, undefined);
    assert.equal(meta.icc, undefined);
    assert.equal(meta.xmp, undefined);
    assert.equal(meta.orientation, undefined);
    for (const secret of ['Exif', 'SecretModel', 'PhoneMaker', '2024:03:15']) {
      assert.ok(!out.buffer.includes(secret), `output still contains ${secret}`);
    }
    assert.deepEqual([out.width, out.height], [400, 300]);

    const thumb = out.variants.thumb;
    assert.ok(thumb);
    assert.equal(thumb.mimeType, 'image/jpeg');
    const tm = await sharp(thumb.buffer).metadata();
    assert.deepEqual([tm.width, tm.height, tm.exif], [THUMB_SIDE, 240, undefined]);
  });

  it('turns an image upright from its EXIF orientation', async () => {
    // Orientation 6: the camera was turned; viewers rotate 90° clockwise, so the red corner goes top-right.
    const out = await processUpload(await phoneJpeg(6), ANY);
    assert.deepEqual([out.width, out.height], [300, 400]);
    const raw = await sharp(out.buffer).raw().toBuffer({ resolveWithObject: true });
    const [r, g] = pixelAt(raw, 290, 10);
    assert.ok(r! > 200 && g! < 60, `top-right should be red, got ${pixelAt(raw, 290, 10)}`);
    const [r2, g2] = pixelAt(raw, 10, 10);
    assert.ok(r2! < 100 && g2! > 140, `top-left should be green, got ${pixelAt(raw, 10, 10)}`);
    assert.equal((await sharp(out.buffer).metadata()).orientation, undefined);
  });

  it('caps the longest side and never enlarges', async () => {
    const big = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const out = await processUpload(big, ANY);
    assert.deepEqual([out.width, out.height], [MAX_IMAGE_SIDE, 640]);
    const small = await processUpload(
      await sharp({ create: { width: 50, height: 20, channels: 3, background: '#888' } })
        .png()
        .toBuffer(),
      ANY,
    );
    assert.deepEqual([small.width, small.height], [50, 20]);
    assert.deepEqual([small.variants.thumb?.width, small.variants.thumb?.height], [50, 20]);
  });

  it('re-encodes an opaque PNG as JPEG and strips its metadata', async () => {
    const png = await scene().png().withExif(GPS_EXIF).toBuffer();
    assert.ok(png.includes('eXIf'), 'the fixture carries an eXIf chunk');
    const out = await processUpload(png, { ...ANY, filename: 'capture.png' });
    assert.equal(out.sourceFormat, 'png');
    assert.equal(out.mimeType, 'image/jpeg');
    assert.equal(out.filename, 'capture.jpg');
    assert.ok(!out.buffer.includes('Exif') && !out.buffer.includes('SecretModel'));
  });

  it('keeps PNG when transparency is really used, without any metadata chunk', async () => {
    const png = await sharp({
      create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } },
    })
      .png()
      .withExif(GPS_EXIF)
      .toBuffer();
    const out = await processUpload(png, ANY);
    assert.equal(out.mimeType, 'image/png');
    assert.equal(out.extension, 'png');
    const meta = await sharp(out.buffer).metadata();
    assert.equal(meta.hasAlpha, true);
    for (const chunk of ['eXIf', 'tEXt', 'iTXt', 'zTXt', 'iCCP'])
      assert.ok(!out.buffer.includes(chunk), chunk);
    assert.equal(
      out.variants.thumb?.mimeType,
      'image/jpeg',
      'thumbnails are always JPEG (flattened on white)',
    );
  });

  it('accepts GIF (first frame) and WebP, re-encoded as JPEG', async () => {
    for (const [fmt, buf] of [
      ['gif', await scene().gif().toBuffer()],
      ['webp', await scene().webp().withExif(GPS_EXIF).toBuffer()],
    ] as const) {
      if (fmt === 'webp') assert.ok(buf.includes('SecretModel'), 'the WebP fixture carries EXIF');
      const out = await processUpload(buf, { ...ANY, filename: `image.${fmt}` });
      assert.equal(out.sourceFormat, fmt);
      assert.equal(out.mimeType, 'image/jpeg');
      assert.equal(out.filename, 'image.jpg');
      assert.ok(!out.buffer.includes('Exif') && !out.buffer.includes('SecretModel'));
    }
  });

  it('decodes AVIF (HEIF with AV1) with the prebuilt sharp and converts it to JPEG', async () => {
    const avif = await scene().avif().toBuffer();
    const out = await processUpload(avif, { ...ANY, filename: 'photo.avif' });
    assert.equal(out.sourceFormat, 'avif');
    assert.equal(out.mimeType, 'image/jpeg');
    assert.deepEqual([out.width, out.height], [400, 300]);
  });

  it('converts an HEVC-coded HEIC (iPhone) to JPEG, upright, without metadata, with its date taken', async () => {
    assert.equal(detectFormat(IPHONE_HEIC), 'heic');
    assert.equal((await sharp(IPHONE_HEIC).metadata()).compression, 'hevc');
    assert.ok(IPHONE_HEIC.includes('SecretModel'), 'the fixture carries EXIF');

    const out = await processUpload(IPHONE_HEIC, { ...IMAGES, filename: 'IMG_0001.HEIC' });
    assert.equal(out.kind, 'image');
    assert.equal(out.sourceFormat, 'heic');
    assert.equal(out.mimeType, 'image/jpeg');
    assert.equal(out.filename, 'IMG_0001.jpg');
    assert.deepEqual([out.width, out.height], [160, 120]);
    assert.equal(out.takenAt, '2024-03-15');
    const meta = await sharp(out.buffer).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.exif, undefined);
    assert.ok(!out.buffer.includes('SecretModel'));
    const raw = await sharp(out.buffer).raw().toBuffer({ resolveWithObject: true });
    const [r, g] = pixelAt(raw, 5, 5);
    assert.ok(r! > 200 && g! < 80, `top-left should be red, got ${pixelAt(raw, 5, 5)}`);
    const [r2, g2] = pixelAt(raw, 150, 110);
    assert.ok(r2! < 100 && g2! > 140, `bottom-right should be green, got ${pixelAt(raw, 150, 110)}`);
    assert.equal(out.variants.thumb?.mimeType, 'image/jpeg');
    assert.deepEqual([out.variants.thumb?.width, out.variants.thumb?.height], [160, 120]);
  });

  it('converts several HEIC photos sent at the same time (one decoder at a time)', async () => {
    const outs = await Promise.all(
      [1, 2, 3].map((n) => processUpload(IPHONE_HEIC, { ...IMAGES, filename: `IMG_${n}.HEIC` })),
    );
    assert.deepEqual(
      outs.map((o) => o.filename),
      ['IMG_1.jpg', 'IMG_2.jpg', 'IMG_3.jpg'],
    );
  });

  it('refuses an HEIC that cannot be decoded with a message explaining how to send the photo', async () => {
    // Well-formed container, but the HEVC payload is not a picture: neither sharp nor libheif can decode it.
    const heic = hevcHeic();
    assert.equal((await sharp(heic).metadata()).compression, 'hevc');
    const err = await assertRejected(
      processUpload(heic, { ...ANY, filename: 'IMG_0001.HEIC' }),
      'heic_unsupported',
      /format HEIC.*capture d’écran.*« Le plus compatible »/s,
    );
    assert.equal(err.detected, 'heic');
  });

  it('refuses a truncated HEIC', async () => {
    const cut = IPHONE_HEIC.subarray(0, Math.floor(IPHONE_HEIC.length * 0.7));
    const err = await rejection(processUpload(cut, IMAGES));
    assert.ok(['heic_unsupported', 'image_damaged'].includes(err.reason), err.reason);
  });

  it('refuses an HEIC declaring too many pixels before decoding anything', async () => {
    await assertRejected(processUpload(hevcHeic(10_000, 8_000), IMAGES), 'image_too_many_pixels');
  });

  it('refuses a truncated JPEG as a damaged image', async () => {
    const jpeg = await phoneJpeg();
    await assertRejected(
      processUpload(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), ANY),
      'image_damaged',
      /image est endommagée/,
    );
    // Only the magic bytes, then garbage: the header itself cannot be read.
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 0x5a)]);
    await assertRejected(processUpload(garbage, ANY), 'image_damaged');
  });

  it('refuses a decompression bomb from its header, without decoding it', async () => {
    const bomb = pngBomb();
    assert.ok(bomb.length < 200_000, `the bomb is small (${bomb.length} bytes)`);
    const rssBefore = process.memoryUsage().rss;
    await assertRejected(
      processUpload(bomb, ANY),
      'image_too_many_pixels',
      /trop grande.*60 millions de pixels/,
    );
    // Decoding it would need 1.2 GB; refusing it needs nothing noticeable.
    assert.ok(process.memoryUsage().rss - rssBefore < 300 * 1024 * 1024);
  });

  it('passes a PDF through untouched, without variant', async () => {
    const out = await processUpload(PDF, { ...ANY, filename: 'Rapport de visite.PDF' });
    assert.equal(out.kind, 'pdf');
    assert.equal(out.mimeType, 'application/pdf');
    assert.equal(out.extension, 'pdf');
    assert.equal(out.filename, 'Rapport de visite.pdf');
    assert.equal(out.buffer, PDF);
    assert.deepEqual(out.variants, {});
  });
});

describe('exifDateTaken', () => {
  it('reads DateTimeOriginal and ignores implausible camera clocks', async () => {
    const exifOf = async (date: string) =>
      (
        await sharp(
          await scene()
            .jpeg()
            .withExif({ IFD2: { DateTimeOriginal: date } })
            .toBuffer(),
        ).metadata()
      ).exif!;
    const now = new Date('2026-06-01T00:00:00Z');
    assert.equal(exifDateTaken(await exifOf('2025:12:31 23:59:59'), now), '2025-12-31');
    assert.equal(exifDateTaken(await exifOf('1970:01:01 00:00:00'), now), null);
    assert.equal(exifDateTaken(await exifOf('2030:01:01 00:00:00'), now), null);
    assert.equal(exifDateTaken(await exifOf('2025:02:30 10:00:00'), now), null);
    assert.equal(exifDateTaken(Buffer.from('Exif\x00\x00II*\x00\xff\xff\xff\x7f', 'latin1'), now), null);
    assert.equal(exifDateTaken(Buffer.alloc(3)), null);
  });
});

describe('safeFilename', () => {
  it('strips paths, control and invisible characters, keeps accents', () => {
    assert.equal(safeFilename('../../etc/passwd'), 'passwd');
    assert.equal(safeFilename('C:\\Users\\Zoé\\Photo été.JPG'), 'Photo été.JPG');
    assert.equal(safeFilename('facture\u202Egpj.exe'), 'facturegpj.exe');
    assert.equal(safeFilename('a\u0000b\r\nc\td.pdf'), 'ab c d.pdf');
    assert.equal(safeFilename('Cafe\u0301.png'), 'Café.png', 'NFC');
    assert.equal(safeFilename('  ..hidden  '), 'hidden');
    assert.equal(safeFilename('bail: "2024" <v2>?.pdf'), 'bail_ _2024_ _v2__.pdf');
    assert.equal(safeFilename(''), 'fichier');
    assert.equal(safeFilename(undefined, 'photo'), 'photo');
  });

  it('keeps the extension when shortening a long name', () => {
    const long = `${'très long nom '.repeat(20)}.pdf`;
    const out = safeFilename(long);
    assert.equal([...out].length, 120);
    assert.ok(out.endsWith('.pdf'));
    assert.ok(out.startsWith('très long nom'));
  });

  it('withExtension replaces the extension', () => {
    assert.equal(withExtension('IMG_0001.HEIC', 'jpg'), 'IMG_0001.jpg');
    assert.equal(withExtension('sans extension', 'pdf'), 'sans extension.pdf');
    assert.equal(withExtension('fichier', 'png'), 'fichier.png');
  });

  it('acceptedFormatsLabel lists formats in French', () => {
    assert.equal(acceptedFormatsLabel(['image', 'pdf']), 'JPEG, PNG ou PDF');
    assert.equal(acceptedFormatsLabel(['image']), 'JPEG ou PNG');
    assert.equal(acceptedFormatsLabel(['pdf']), 'PDF');
  });
});
