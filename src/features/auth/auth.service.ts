import { hash, verify } from '@node-rs/argon2';
import { isBoRole } from '../../domain/roles.ts';
import { AppError } from '../../infra/errors.ts';
import type { RateLimiter } from '../../infra/state-store.ts';
import type { AuthRepository } from './auth.repository.ts';

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolatedModules cannot import).
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 20 * 60 * 1000;

/** The same words for every failed sign-in, so that nobody learns whether an account exists. */
export const LOGIN_FAILED_MESSAGE =
  "L'adresse e-mail ou le mot de passe est incorrect, ou le compte n'est pas encore activé. " +
  'Vérifiez votre saisie et réessayez.';
export const LOGIN_BLOCKED_MESSAGE =
  'Trop de tentatives de connexion. Par sécurité, merci de patienter 20 minutes avant de réessayer, ' +
  'ou de demander un nouveau mot de passe.';

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

export function createAuthService(deps: { repo: AuthRepository; rateLimiter: RateLimiter }) {
  const { repo, rateLimiter } = deps;
  const accountKey = (email: string) => `login:account:${email.trim().toLowerCase()}`;
  const ipKey = (ip: string) => `login:ip:${ip}`;

  return {
    /** Returns the user id on success; throws a coded error with one neutral message otherwise. */
    async authenticate(email: string, password: string, ip: string): Promise<number> {
      const [byAccount, byIp] = await Promise.all([
        rateLimiter.peek(accountKey(email)),
        rateLimiter.peek(ipKey(ip)),
      ]);
      if (byAccount >= LOGIN_MAX_FAILURES || byIp >= LOGIN_MAX_FAILURES) {
        throw new AppError('RATE_LIMITED', LOGIN_BLOCKED_MESSAGE);
      }

      const user = await repo.findCredentials(email);
      let ok = false;
      if (user?.passwordHash) {
        ok = await verify(user.passwordHash, password).catch(() => false);
      } else {
        // Spend the same time as a real check so that response times do not reveal unknown accounts.
        dummyHash ??= hashPassword('histologe-dummy-password');
        await verify(await dummyHash, password).catch(() => false);
      }
      if (!user || !ok || user.statut !== 'ACTIVE' || !isBoRole(user.role)) {
        await Promise.all([
          rateLimiter.hit(accountKey(email), LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS),
          rateLimiter.hit(ipKey(ip), LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS),
        ]);
        throw new AppError('UNAUTHENTICATED', LOGIN_FAILED_MESSAGE);
      }
      await rateLimiter.reset(accountKey(email));
      await repo.recordLogin(user.id, 'connexion');
      return user.id;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
