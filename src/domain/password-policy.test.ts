import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commonPasswords } from '../features/account/common-passwords.ts';
import {
  commonPasswordCandidates,
  isCommonPassword,
  PASSWORD_MAX_LENGTH,
  type PasswordProblem,
  passwordPolicyMessage,
  passwordProblems,
} from './password-policy.ts';

const common = new Set(['azerty', 'motdepasse', 'soleil', 'password', 'marseille']);
const check = (pw: string, email = 'marie.dupont@exemple.fr') => passwordProblems(pw, { email, common });

describe('password policy', () => {
  test('a long mixed password is accepted', () => {
    assert.deepEqual(check('Velo-Rouge-du-Port-7'), []);
    assert.deepEqual(check('Trois chats gris 4ever!'), []);
    assert.equal(passwordPolicyMessage([]), undefined);
  });

  const cases: [string, string, PasswordProblem[]][] = [
    ['too short', 'Ab1!efgh', ['TOO_SHORT']],
    ['no upper case', 'velo-rouge-du-port-7', ['NO_UPPER']],
    ['no lower case', 'VELO-ROUGE-DU-PORT-7', ['NO_LOWER']],
    ['no digit', 'Velo-Rouge-du-Port', ['NO_DIGIT']],
    ['no special character', 'VeloRougeDuPort7', ['NO_SPECIAL']],
    ['everything missing', 'abc', ['TOO_SHORT', 'NO_UPPER', 'NO_DIGIT', 'NO_SPECIAL']],
    ['empty', '', ['TOO_SHORT', 'NO_UPPER', 'NO_LOWER', 'NO_DIGIT', 'NO_SPECIAL']],
  ];
  for (const [name, pw, expected] of cases) {
    test(`${name}: ${expected.join(', ')}`, () => assert.deepEqual(check(pw), expected));
  }

  test('too long', () => {
    assert.deepEqual(check(`Aa1!${'x'.repeat(PASSWORD_MAX_LENGTH)}`), ['TOO_LONG']);
  });

  test('accented and non-Latin letters count as letters, a space as a special character', () => {
    assert.deepEqual(check('Éléphant été 2024'), []);
  });

  test('the e-mail, or its local part inside the password, is refused', () => {
    assert.ok(check('Marie.Dupont@exemple.fr1').includes('EMAIL'));
    assert.ok(check('Xx-marie.dupont-2024!').includes('EMAIL'));
    assert.ok(check('Xx-MARIE.DUPONT-2024!').includes('EMAIL'));
    assert.ok(!check('Xx-marie.dupont-2024!', '').includes('EMAIL'));
    // A very short local part is not searched for (it would refuse too much).
    assert.ok(!passwordProblems('Velo-Rouge-ab-Port-7', { email: 'ab@x.fr', common }).includes('EMAIL'));
  });

  test('common passwords are refused even decorated with capitals, digits and symbols', () => {
    for (const pw of [
      'Azerty123456!',
      'Motdepasse2024!',
      '!!Soleil2025??',
      'P@ssw0rd12345!',
      'M4rs3ille-2024',
    ]) {
      assert.ok(check(pw).includes('COMMON'), pw);
    }
    assert.ok(!check('Azerty-Velo-Rouge-1').includes('COMMON'));
  });

  test('candidates cover the forms people use', () => {
    const c = commonPasswordCandidates('P@ssw0rd123!');
    assert.ok(c.includes('password'));
    assert.ok(commonPasswordCandidates('Azerty123!').includes('azerty'));
    assert.ok(isCommonPassword('AZERTY!!', common));
    assert.ok(!isCommonPassword('xx', common));
  });

  test('the French message lists everything that is missing', () => {
    const m = passwordPolicyMessage(check('abc'))!;
    assert.match(m, /au moins 12 caractères/);
    assert.match(m, /une lettre majuscule/);
    assert.match(m, /un chiffre et un caractère spécial/);
    assert.doesNotMatch(m, /minuscule/);
    assert.match(passwordPolicyMessage(['COMMON'])!, /trop courant/);
    assert.match(passwordPolicyMessage(['EMAIL'])!, /adresse e-mail/);
    assert.match(passwordPolicyMessage(['NO_DIGIT'])!, /^Votre mot de passe doit contenir un chiffre\.$/);
  });

  test('the bundled list holds the breached, well-known and French passwords', () => {
    const list = commonPasswords();
    assert.ok(list.size >= 40_000, `only ${list.size} passwords`);
    // From the public breach list, decorated to meet the character rules: still refused.
    for (const p of ['Qwertyuiop123!', 'Sunshine2020!', 'Trustno1!!!!']) {
      assert.ok(passwordProblems(p, { email: null, common: list }).includes('COMMON'), p);
    }
    for (const w of ['azerty', 'motdepasse', 'soleil', 'password', '123456', 'marseille', 'jetaime']) {
      assert.ok(list.has(w), w);
    }
    assert.ok(passwordProblems('Jetaime2024!!', { email: null, common: list }).includes('COMMON'));
    assert.deepEqual(
      passwordProblems('Demo-Histologe-2026', { email: 'admin@histologe.test', common: list }),
      [],
    );
  });
});
