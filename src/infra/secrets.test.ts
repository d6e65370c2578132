import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSecretBox, isEncryptedSecret } from './secrets.ts';

const SECRET = 'a-session-secret-of-at-least-32-characters!';

describe('secrets', () => {
  test('round trip, never the clear text in the stored value, a new IV each time', () => {
    const box = createSecretBox(SECRET);
    const a = box.encrypt('jeton-esabora-123');
    const b = box.encrypt('jeton-esabora-123');
    assert.notEqual(a, b);
    assert.ok(!a.includes('jeton'));
    assert.ok(isEncryptedSecret(a));
    assert.equal(box.decrypt(a), 'jeton-esabora-123');
    assert.equal(box.decrypt(box.encrypt('')), '');
    assert.equal(box.decrypt(box.encrypt('é€✓')), 'é€✓');
  });

  test('another secret, tampering or garbage give undefined', () => {
    const box = createSecretBox(SECRET);
    const stored = box.encrypt('jeton');
    assert.equal(createSecretBox(`${SECRET}-other`).decrypt(stored), undefined);
    const parts = stored.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    assert.equal(box.decrypt(parts.join('.')), undefined);
    assert.equal(box.decrypt('clair'), undefined);
    assert.equal(box.decrypt('v1.a.b.c'), undefined);
    assert.equal(isEncryptedSecret('clair'), false);
    assert.equal(isEncryptedSecret(null), false);
  });

  test('refuses a too short secret', () => {
    assert.throws(() => createSecretBox('court'));
  });
});
