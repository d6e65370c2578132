import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets kept in the database (partner interconnection tokens) are encrypted with AES-256-GCM. The key is
 * derived from SESSION_SECRET with HKDF (SHA-256, own `info` label), so no extra environment variable is
 * needed; changing SESSION_SECRET makes stored tokens unreadable (they must then be typed again).
 *
 * Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
const VERSION = 'v1';
const INFO = 'histologe:partner-interconnection-tokens:v1';

export interface SecretBox {
  encrypt(plain: string): string;
  /** The clear text, or undefined when the value is not ours or was tampered with. */
  decrypt(stored: string): string | undefined;
}

export function createSecretBox(sessionSecret: string): SecretBox {
  if (sessionSecret.length < 16) throw new Error('Secret trop court pour dériver une clé.');
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, 'histologe', INFO, 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join(
        '.',
      );
    },
    decrypt(stored) {
      const parts = stored.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) return undefined;
      try {
        const iv = Buffer.from(parts[1]!, 'base64url');
        const tag = Buffer.from(parts[2]!, 'base64url');
        const ct = Buffer.from(parts[3]!, 'base64url');
        if (iv.length !== 12 || tag.length !== 16) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** True when a stored value looks like one of ours (encrypted), e.g. to tell legacy clear values apart. */
export function isEncryptedSecret(stored: string | null | undefined): boolean {
  return typeof stored === 'string' && stored.startsWith(`${VERSION}.`) && stored.split('.').length === 4;
}
