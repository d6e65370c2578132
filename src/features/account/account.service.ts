import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { passwordPolicyMessage, passwordProblems } from '../../domain/password-policy.ts';
import { isBoRole } from '../../domain/roles.ts';
import type { Db } from '../../infra/db/database.ts';
import type { DB } from '../../infra/db/schema.ts';
import { validation } from '../../infra/errors.ts';
import type { RateLimiter } from '../../infra/state-store.ts';
import type { Runtime } from '../../runtime.ts';
import { enqueueMail, type MailJobData, sendMailNow } from '../../worker.ts';
import { hashPassword } from '../auth/auth.service.ts';
import { renderMail } from '../mails/render.ts';
import { createAccountRepository } from './account.repository.ts';
import { commonPasswords } from './common-passwords.ts';

export const ACTIVATION_TTL_MS = 24 * 3600 * 1000;
export const RESET_TTL_MS = 3600 * 1000;
export const EMAIL_CHANGE_TTL_MS = 24 * 3600 * 1000;
export const TWO_FACTOR_TTL_MS = 10 * 60 * 1000;
export const TWO_FACTOR_MAX_ATTEMPTS = 5;
/** "Mot de passe perdu": at most 3 e-mails per address and 10 requests per IP address per hour. */
export const RESET_MAX_PER_EMAIL = 3;
export const RESET_MAX_PER_IP = 10;
export const RESET_WINDOW_MS = 3600 * 1000;
export const TWO_FACTOR_MAX_RESENDS = 3;

export const NEUTRAL_RESET_MESSAGE =
  'Si un compte existe avec cette adresse, vous allez recevoir un e-mail avec un lien pour choisir un mot de ' +
  'passe. Pensez à regarder dans vos courriers indésirables. Le lien est valable 1 heure.';

export type MailDeps = Pick<Runtime, 'jobs' | 'mailer' | 'database' | 'config'>;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** Link tokens are 43 base64url characters; anything else is refused before touching the database. */
export function isTokenShape(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Queues mails inside `trx` when there is a job queue; otherwise returns them, to send after the commit. */
async function queue(deps: MailDeps, mails: MailJobData[], trx?: Transaction<DB>): Promise<MailJobData[]> {
  if (deps.jobs) {
    for (const m of mails) await enqueueMail(deps, m, trx ? { trx } : {});
    return [];
  }
  if (trx) return mails;
  for (const m of mails) await sendMailNow(deps, m);
  return [];
}

export async function sendLater(deps: MailDeps, mails: MailJobData[]) {
  for (const m of mails) await sendMailNow(deps, m);
}

const fullName = (u: { prenom: string; nom: string }) => `${u.prenom} ${u.nom}`.trim();

/**
 * Sends the activation e-mail of a new (INACTIVE) account: a single-use link valid 24 hours to choose a
 * password. Any earlier activation link stops working. Inside a transaction with jobs disabled, the returned
 * mails must be sent after the commit with `sendLater` (empty otherwise).
 */
export async function sendActivationEmail(
  trx: Transaction<DB> | Db,
  deps: MailDeps,
  utilisateurId: number,
): Promise<MailJobData[]> {
  const repo = createAccountRepository(trx);
  const user = await repo.findUserById(utilisateurId);
  if (user?.statut !== 'INACTIVE') return [];
  const token = newToken();
  await repo.createToken({
    utilisateurId,
    purpose: 'ACTIVATION',
    tokenHash: sha256(token),
    expiresAt: new Date(Date.now() + ACTIVATION_TTL_MS),
  });
  const url = `${deps.config.appUrl}/activation-compte/${token}`;
  const mail: MailJobData = {
    to: user.email,
    ...renderMail({
      subject: 'Activez votre compte Histologe',
      greeting: `Bonjour ${fullName(user)},`,
      paragraphs: [
        'Un compte vient d’être créé pour vous sur Histologe, l’espace des partenaires de la lutte contre le mal-logement.',
        'Pour l’activer, choisissez votre mot de passe avec le bouton ci-dessous. Ce lien ne sert qu’une fois et reste valable 24 heures.',
      ],
      button: { label: 'Activer mon compte', url },
      after: [
        'Si le lien a expiré, vous pourrez en demander un nouveau depuis la page de connexion (« Mot de passe perdu »).',
      ],
    }),
  };
  return queue(deps, [mail], trx.isTransaction ? (trx as Transaction<DB>) : undefined);
}

export function checkNewPassword(
  password: string,
  confirmation: string,
  email: string,
  field = 'password',
  confirmField = 'passwordConfirmation',
): void {
  const errors: Record<string, string> = {};
  if (!password) errors[field] = 'Choisissez un mot de passe.';
  else {
    const message = passwordPolicyMessage(passwordProblems(password, { email, common: commonPasswords() }));
    if (message) errors[field] = message;
  }
  if (password && confirmation !== password) {
    errors[confirmField] = 'Les deux mots de passe ne sont pas identiques : saisissez le même mot de passe.';
  }
  if (Object.keys(errors).length) throw validation('Le mot de passe ne convient pas encore.', errors);
}

export type LinkPurpose = 'ACTIVATION' | 'RESET';
export type LinkCheck =
  | { ok: true; tokenId: number; userId: number; email: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' };

const emailSchema = z.email().max(254);

export function createAccountService(deps: MailDeps & { rateLimiter: RateLimiter }) {
  const db = deps.database.db;
  const repo = createAccountRepository(db);

  async function checkLink(token: unknown, purpose: LinkPurpose): Promise<LinkCheck> {
    if (!isTokenShape(token)) return { ok: false, reason: 'invalid' };
    const t = await repo.findToken(sha256(token));
    if (!t || t.purpose !== purpose) return { ok: false, reason: 'invalid' };
    if (t.usedAt) return { ok: false, reason: 'used' };
    if (t.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
    const expected = purpose === 'ACTIVATION' ? 'INACTIVE' : 'ACTIVE';
    if (t.statut !== expected) return { ok: false, reason: purpose === 'ACTIVATION' ? 'used' : 'invalid' };
    return { ok: true, tokenId: t.id, userId: t.utilisateurId, email: t.email };
  }

  return {
    checkLink,

    /**
     * Sets the password from an activation or reset link. Returns the user id to sign in, or the reason the
     * link no longer works. Throws a validation error (fields `password`, `passwordConfirmation`).
     */
    async completeLink(
      token: unknown,
      purpose: LinkPurpose,
      password: string,
      confirmation: string,
    ): Promise<LinkCheck & { changedAt?: number }> {
      const link = await checkLink(token, purpose);
      if (!link.ok) return link;
      checkNewPassword(password, confirmation, link.email);
      const hash = await hashPassword(password);
      const changedAt = new Date();
      const ok = await db.transaction().execute(async (trx) => {
        const r = createAccountRepository(trx);
        if (!(await r.useToken(link.tokenId))) return false;
        await r.setPassword(link.userId, hash, changedAt, purpose === 'ACTIVATION');
        await r.recordHistory(
          link.userId,
          'UPDATE',
          { password: purpose === 'ACTIVATION' ? 'activation' : 'reinitialisation' },
          purpose === 'ACTIVATION' ? 'activation' : 'mot-de-passe-perdu',
        );
        return true;
      });
      if (!ok) return { ok: false, reason: 'used' };
      return { ...link, changedAt: changedAt.getTime() };
    },

    /**
     * "Mot de passe perdu": always the same answer. An active account gets a reset link (1 hour), an account
     * never activated gets a new activation link. Returns 'rate-limited' when this IP asked too often.
     */
    async requestReset(rawEmail: string, ip: string): Promise<'sent' | 'rate-limited'> {
      const ipHit = await deps.rateLimiter.hit(`reset:ip:${ip}`, RESET_MAX_PER_IP, RESET_WINDOW_MS);
      if (ipHit.limited) return 'rate-limited';
      const email = rawEmail.trim().toLowerCase();
      if (!emailSchema.safeParse(email).success) {
        throw validation('Vérifiez votre adresse e-mail.', {
          email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
        });
      }
      const byEmail = await deps.rateLimiter.hit(
        `reset:email:${email}`,
        RESET_MAX_PER_EMAIL,
        RESET_WINDOW_MS,
      );
      if (byEmail.limited) return 'sent'; // Same answer: nobody learns whether the address has an account.
      const user = await repo.findUserByEmail(email);
      if (!user || !isBoRole(user.role)) return 'sent';
      if (user.statut === 'INACTIVE') {
        await sendActivationEmail(db, deps, user.id);
        return 'sent';
      }
      if (user.statut !== 'ACTIVE') return 'sent';
      const token = newToken();
      await repo.createToken({
        utilisateurId: user.id,
        purpose: 'RESET',
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + RESET_TTL_MS),
      });
      await queue(deps, [
        {
          to: user.email,
          ...renderMail({
            subject: 'Choisissez un nouveau mot de passe',
            greeting: `Bonjour ${fullName(user)},`,
            paragraphs: [
              'Vous avez demandé à changer le mot de passe de votre compte Histologe.',
              'Utilisez le bouton ci-dessous pour en choisir un nouveau. Ce lien ne sert qu’une fois et reste valable 1 heure.',
            ],
            button: {
              label: 'Choisir un nouveau mot de passe',
              url: `${deps.config.appUrl}/nouveau-mot-de-passe/${token}`,
            },
            after: [
              'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.',
            ],
          }),
        },
      ]);
      return 'sent';
    },

    async updateNames(userId: number, input: { prenom?: unknown; nom?: unknown }) {
      const prenom = typeof input.prenom === 'string' ? input.prenom.trim() : '';
      const nom = typeof input.nom === 'string' ? input.nom.trim() : '';
      const errors: Record<string, string> = {};
      if (!prenom) errors.prenom = 'Saisissez votre prénom.';
      else if (prenom.length > 100) errors.prenom = 'Votre prénom est trop long (100 caractères au plus).';
      if (!nom) errors.nom = 'Saisissez votre nom.';
      else if (nom.length > 100) errors.nom = 'Votre nom est trop long (100 caractères au plus).';
      if (Object.keys(errors).length) throw validation('Vérifiez votre prénom et votre nom.', errors);
      await repo.updateNames(userId, { prenom, nom });
    },

    async updatePreference(userId: number, value: unknown) {
      if (value !== 'EACH' && value !== 'DIGEST' && value !== 'NONE') {
        throw validation('Choisissez comment recevoir vos notifications.', {
          notificationPreference: 'Choisissez une des trois possibilités.',
        });
      }
      await repo.updatePreference(userId, value);
    },

    /** Changes the password of a signed-in user; returns the change time (the current session stays valid). */
    async changePassword(
      userId: number,
      input: { currentPassword?: unknown; newPassword?: unknown; newPasswordConfirmation?: unknown },
    ): Promise<number> {
      const user = await repo.findUserById(userId);
      if (!user) throw validation('Compte introuvable.', {});
      const current = typeof input.currentPassword === 'string' ? input.currentPassword : '';
      const next = typeof input.newPassword === 'string' ? input.newPassword : '';
      const confirmation =
        typeof input.newPasswordConfirmation === 'string' ? input.newPasswordConfirmation : '';
      const limiterKey = `password-change:${userId}`;
      if ((await deps.rateLimiter.peek(limiterKey)) >= 5) {
        throw validation('Trop d’essais. Merci de patienter 20 minutes avant de réessayer.', {
          currentPassword: 'Trop d’essais avec un mot de passe actuel incorrect. Réessayez dans 20 minutes.',
        });
      }
      const ok =
        current && user.passwordHash ? await verify(user.passwordHash, current).catch(() => false) : false;
      if (!ok) {
        await deps.rateLimiter.hit(limiterKey, 5, 20 * 60 * 1000);
        throw validation('Le mot de passe actuel est incorrect.', {
          currentPassword: current
            ? 'Ce mot de passe actuel est incorrect.'
            : 'Saisissez votre mot de passe actuel.',
        });
      }
      checkNewPassword(next, confirmation, user.email, 'newPassword', 'newPasswordConfirmation');
      if (next === current) {
        throw validation('Choisissez un mot de passe différent de l’actuel.', {
          newPassword: 'Le nouveau mot de passe doit être différent de l’actuel.',
        });
      }
      const changedAt = new Date();
      const hash = await hashPassword(next);
      await db.transaction().execute(async (trx) => {
        const r = createAccountRepository(trx);
        await r.setPassword(userId, hash, changedAt, false);
        await r.recordHistory(userId, 'UPDATE', { password: 'profil' }, 'profil');
      });
      await deps.rateLimiter.reset(limiterKey);
      return changedAt.getTime();
    },

    /** Sends a confirmation link to the new address and tells the old one. The change happens on confirmation. */
    async requestEmailChange(userId: number, rawEmail: unknown) {
      const email = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : '';
      if (!emailSchema.safeParse(email).success) {
        throw validation('Vérifiez la nouvelle adresse e-mail.', {
          newEmail: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
        });
      }
      const user = await repo.findUserById(userId);
      if (!user) throw validation('Compte introuvable.', {});
      if (user.email.toLowerCase() === email) {
        throw validation('Vérifiez la nouvelle adresse e-mail.', {
          newEmail: 'C’est déjà votre adresse actuelle : saisissez la nouvelle.',
        });
      }
      if (await repo.emailTaken(email, userId)) {
        throw validation('Vérifiez la nouvelle adresse e-mail.', {
          newEmail: 'Cette adresse est déjà celle d’un autre compte.',
        });
      }
      const token = newToken();
      await repo.createToken({
        utilisateurId: userId,
        purpose: 'EMAIL_CHANGE',
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + EMAIL_CHANGE_TTL_MS),
        newEmail: email,
      });
      await queue(deps, [
        {
          to: email,
          ...renderMail({
            subject: 'Confirmez votre nouvelle adresse e-mail',
            greeting: `Bonjour ${fullName(user)},`,
            paragraphs: [
              'Vous avez demandé à utiliser cette adresse pour votre compte Histologe.',
              'Confirmez-la avec le bouton ci-dessous (lien valable 24 heures). Jusque-là, votre ancienne adresse reste celle du compte.',
            ],
            button: {
              label: 'Confirmer ma nouvelle adresse',
              url: `${deps.config.appUrl}/confirmation-adresse/${token}`,
            },
          }),
        },
        {
          to: user.email,
          ...renderMail({
            subject: 'Demande de changement de votre adresse e-mail',
            greeting: `Bonjour ${fullName(user)},`,
            paragraphs: [
              `Une demande a été faite pour remplacer l’adresse e-mail de votre compte Histologe par ${email}.`,
              'Le changement ne se fera que si la nouvelle adresse est confirmée.',
              'Si vous n’êtes pas à l’origine de cette demande, changez votre mot de passe et prévenez l’administrateur de votre structure.',
            ],
          }),
        },
      ]);
      return email;
    },

    /** Applies a confirmed e-mail change. */
    async confirmEmailChange(
      token: unknown,
    ): Promise<{ ok: true; email: string } | { ok: false; reason: string }> {
      if (!isTokenShape(token)) return { ok: false, reason: 'invalid' };
      const t = await repo.findToken(sha256(token));
      if (t?.purpose !== 'EMAIL_CHANGE' || !t.newEmail) return { ok: false, reason: 'invalid' };
      if (t.usedAt) return { ok: false, reason: 'used' };
      if (t.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
      const newEmail = t.newEmail;
      return db.transaction().execute(async (trx) => {
        const r = createAccountRepository(trx);
        if (await r.emailTaken(newEmail, t.utilisateurId)) return { ok: false as const, reason: 'taken' };
        if (!(await r.useToken(t.id))) return { ok: false as const, reason: 'used' };
        await r.updateEmail(t.utilisateurId, newEmail);
        await r.recordHistory(t.utilisateurId, 'UPDATE', { email: [t.email, newEmail] }, 'profil');
        return { ok: true as const, email: newEmail };
      });
    },

    /** Whether this user must give an e-mailed code after the password. */
    async needsTwoFactor(userId: number): Promise<boolean> {
      if (!deps.config.features.twoFactorEmail) return false;
      const user = await repo.findUserById(userId);
      return user?.role === 'ROLE_ADMIN';
    },

    /** Sends a new 6-digit code (valid 10 minutes); false when too many were sent recently. */
    async sendTwoFactorCode(userId: number, opts: { resend?: boolean } = {}): Promise<boolean> {
      if (opts.resend) {
        const hit = await deps.rateLimiter.hit(
          `2fa:resend:${userId}`,
          TWO_FACTOR_MAX_RESENDS,
          15 * 60 * 1000,
        );
        if (hit.limited) return false;
      }
      const user = await repo.findUserById(userId);
      if (!user) return false;
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const salt = randomBytes(16).toString('hex');
      await repo.createToken({
        utilisateurId: userId,
        purpose: 'TWO_FACTOR',
        tokenHash: `${salt}:${sha256(`${salt}:${code}`)}`,
        expiresAt: new Date(Date.now() + TWO_FACTOR_TTL_MS),
      });
      await queue(deps, [
        {
          to: user.email,
          ...renderMail({
            subject: `Votre code de connexion : ${code}`,
            greeting: `Bonjour ${fullName(user)},`,
            paragraphs: [
              `Votre code de connexion à Histologe est : ${code}`,
              'Il est valable 10 minutes. Ne le communiquez à personne : l’équipe Histologe ne vous le demandera jamais.',
              'Si vous n’essayez pas de vous connecter, changez votre mot de passe.',
            ],
          }),
        },
      ]);
      return true;
    },

    /** Checks a code: 'ok', 'wrong' (tries left), 'locked' (5 wrong tries) or 'expired'. */
    async verifyTwoFactorCode(
      userId: number,
      rawCode: unknown,
    ): Promise<{ result: 'ok' | 'wrong' | 'locked' | 'expired'; triesLeft?: number }> {
      const t = await repo.latestToken(userId, 'TWO_FACTOR');
      if (!t) return { result: 'expired' };
      if (t.attempts >= TWO_FACTOR_MAX_ATTEMPTS) return { result: 'locked' };
      if (t.usedAt) return { result: 'expired' };
      if (t.expiresAt.getTime() <= Date.now()) return { result: 'expired' };
      const code = typeof rawCode === 'string' ? rawCode.replace(/\s/g, '') : '';
      const [salt, hash] = t.tokenHash.split(':') as [string, string];
      const given = sha256(`${salt}:${code}`);
      const ok = /^\d{6}$/.test(code) && timingSafeEqual(Buffer.from(given), Buffer.from(hash));
      if (!ok) {
        const attempts = await repo.countAttempt(t.id);
        if (attempts >= TWO_FACTOR_MAX_ATTEMPTS) {
          await repo.useToken(t.id);
          return { result: 'locked' };
        }
        return { result: 'wrong', triesLeft: TWO_FACTOR_MAX_ATTEMPTS - attempts };
      }
      if (!(await repo.useToken(t.id))) return { result: 'expired' };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('utilisateur')
          .set({ lastLoginAt: new Date() })
          .where('id', '=', userId)
          .execute();
        await createAccountRepository(trx).recordHistory(userId, 'LOGIN_2FA', {}, 'connexion');
      });
      return { result: 'ok' };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;

/** Daily job: removes expired or long-used links and codes. */
export function purgeExpiredAccountTokens(runtime: Pick<Runtime, 'database'>): Promise<number> {
  return createAccountRepository(runtime.database.db).purgeExpiredTokens();
}
