/**
 * Password policy of agent accounts (pure: the list of common passwords is given by the caller).
 * At least 12 characters (at most 200), with an upper-case letter, a lower-case letter, a digit and a special
 * character; not the e-mail address nor containing its local part; not a well-known password, even decorated
 * with capitals, digits or symbols around it ("Azerty123!" is "azerty").
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'NO_UPPER'
  | 'NO_LOWER'
  | 'NO_DIGIT'
  | 'NO_SPECIAL'
  | 'EMAIL'
  | 'COMMON';

const PROBLEM_LABELS: Record<PasswordProblem, string> = {
  TOO_SHORT: `au moins ${PASSWORD_MIN_LENGTH} caractères`,
  TOO_LONG: `au plus ${PASSWORD_MAX_LENGTH} caractères`,
  NO_UPPER: 'une lettre majuscule',
  NO_LOWER: 'une lettre minuscule',
  NO_DIGIT: 'un chiffre',
  NO_SPECIAL: 'un caractère spécial (par exemple ! ? - _ @ #)',
  EMAIL: '',
  COMMON: '',
};

/** Characters people commonly put in place of letters. */
const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/** Lower case, accents removed. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The forms of a password to look up in the list of common passwords: as typed (lower case), without the
 * digits and symbols around it, and with look-alike characters turned back into letters.
 */
export function commonPasswordCandidates(password: string): string[] {
  const lower = fold(password);
  const stripped = lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  const unleetOf = (s: string) => [...s].map((c) => LEET[c] ?? c).join('');
  const unleet = unleetOf(lower);
  const unleetStripped = unleet.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  const strippedUnleet = unleetOf(stripped);
  const lettersOnly = lower.replace(/[^a-z]/g, '');
  return [
    ...new Set(
      [lower, stripped, unleet, unleetStripped, strippedUnleet, lettersOnly].filter((s) => s.length >= 3),
    ),
  ];
}

export function isCommonPassword(password: string, common: ReadonlySet<string>): boolean {
  return commonPasswordCandidates(password).some((c) => common.has(c));
}

export function passwordProblems(
  password: string,
  opts: { email?: string | null; common: ReadonlySet<string> },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('TOO_SHORT');
  if (length > PASSWORD_MAX_LENGTH) problems.push('TOO_LONG');
  if (!/\p{Lu}/u.test(password)) problems.push('NO_UPPER');
  if (!/\p{Ll}/u.test(password)) problems.push('NO_LOWER');
  if (!/\p{Nd}/u.test(password)) problems.push('NO_DIGIT');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('NO_SPECIAL');
  const email = fold(opts.email?.trim() ?? '');
  if (email) {
    const local = email.split('@')[0] ?? '';
    const pw = fold(password);
    if (pw === email || pw.includes(email) || (local.length >= 3 && pw.includes(local)))
      problems.push('EMAIL');
  }
  if (isCommonPassword(password, opts.common)) problems.push('COMMON');
  return problems;
}

/** One French sentence saying everything that is missing, or undefined when the password is accepted. */
export function passwordPolicyMessage(problems: readonly PasswordProblem[]): string | undefined {
  if (problems.length === 0) return undefined;
  const missing = problems.filter((p) => p !== 'EMAIL' && p !== 'COMMON' && p !== 'TOO_LONG');
  const parts: string[] = [];
  if (missing.length) {
    const labels = missing.map((p) => PROBLEM_LABELS[p]);
    const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} et ${labels.at(-1)}`;
    parts.push(`Votre mot de passe doit contenir ${list}.`);
  }
  if (problems.includes('TOO_LONG')) parts.push(`Votre mot de passe doit faire ${PROBLEM_LABELS.TOO_LONG}.`);
  if (problems.includes('EMAIL')) parts.push('Il ne doit pas reprendre votre adresse e-mail.');
  if (problems.includes('COMMON')) {
    parts.push('Ce mot de passe est trop courant et facile à deviner : choisissez-en un autre.');
  }
  return parts.join(' ');
}

/** Hint shown under every "new password" field. */
export const PASSWORD_POLICY_HINT =
  `Au moins ${PASSWORD_MIN_LENGTH} caractères, avec une majuscule, une minuscule, un chiffre et un caractère ` +
  'spécial. Évitez les mots de passe courants. Astuce : une phrase courte est facile à retenir.';
