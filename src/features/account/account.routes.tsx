import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../../domain/roles.ts';
import { AppError } from '../../infra/errors.ts';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { createAccountRepository } from './account.repository.ts';
import {
  type AccountService,
  createAccountService,
  type LinkPurpose,
  NEUTRAL_RESET_MESSAGE,
  TWO_FACTOR_MAX_ATTEMPTS,
} from './account.service.ts';
import { pushFlash, startSession, takeFlashes } from './session.ts';
import {
  ChoosePasswordPage,
  EmailConfirmedPage,
  ForgotPasswordPage,
  LinkProblemPage,
  TwoFactorPage,
} from './views/account-pages.tsx';
import { ProfilePage, type ProfilePageProps, type ProfileSection } from './views/profile.tsx';

const services = new WeakMap<FastifyInstance, AccountService>();
function accountService(app: FastifyInstance): AccountService {
  const root = app.deps;
  let s = services.get(app);
  if (!s) {
    s = createAccountService({ ...root, rateLimiter: root.state.rateLimiter });
    services.set(app, s);
  }
  return s;
}

const str = (v: unknown, max = 255) => (typeof v === 'string' ? v.slice(0, max) : '');
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const fieldErrorsOf = (err: AppError) => err.details?.fieldErrors ?? {};

/**
 * The end of a successful password check (called by the sign-in route): either a signed-in session, or —
 * for super admins when FEATURE_2FA_EMAIL_ENABLED — a pending session that waits for the e-mailed code.
 */
export async function completeSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
  next: string,
): Promise<FastifyReply> {
  const service = accountService(request.server);
  if (await service.needsTwoFactor(userId)) {
    await request.session.regenerate();
    request.session.pendingTwoFactor = { userId, next };
    await request.session.save();
    await service.sendTwoFactorCode(userId);
    return reply.redirect('/connexion/code', 303);
  }
  await startSession(request, userId);
  return reply.redirect(next, 303);
}

/** Public account pages: lost password, activation and reset links, e-mail confirmation, 2FA code. */
export function registerAccount(app: FastifyInstance) {
  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

  app.get('/mot-de-passe-perdu', async (request, reply) => {
    noStore(reply);
    const email = str((request.query as Record<string, unknown>)?.email);
    return reply.html(ForgotPasswordPage({ csrfToken: reply.generateCsrf(), email }));
  });

  app.post(
    '/mot-de-passe-perdu',
    { config: { rateLimit: { max: 30, timeWindow: 60_000 } } },
    async (request, reply) => {
      noStore(reply);
      const email = str(body(request).email);
      try {
        const outcome = await accountService(app).requestReset(email, request.ip);
        if (outcome === 'rate-limited') {
          return reply.html(
            ForgotPasswordPage({
              csrfToken: reply.generateCsrf(),
              email,
              error: 'Trop de demandes depuis cette connexion. Merci de réessayer dans une heure.',
            }),
            429,
          );
        }
        return reply.html(
          ForgotPasswordPage({ csrfToken: reply.generateCsrf(), email, sent: NEUTRAL_RESET_MESSAGE }),
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
        return reply.html(
          ForgotPasswordPage({
            csrfToken: reply.generateCsrf(),
            email,
            error: err.message,
            errors: fieldErrorsOf(err),
          }),
          400,
        );
      }
    },
  );

  const linkRoutes = (path: string, purpose: LinkPurpose) => {
    app.get(`${path}/:token`, async (request, reply) => {
      noStore(reply);
      const { token } = request.params as { token: string };
      const link = await accountService(app).checkLink(token, purpose);
      if (!link.ok) return reply.html(LinkProblemPage({ reason: link.reason, kind: 'password' }), 410);
      return reply.html(
        ChoosePasswordPage({
          csrfToken: reply.generateCsrf(),
          purpose,
          action: `${path}/${token}`,
          email: link.email,
        }),
      );
    });

    app.post(
      `${path}/:token`,
      { config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
      async (request, reply) => {
        noStore(reply);
        const { token } = request.params as { token: string };
        const b = body(request);
        const service = accountService(app);
        try {
          const done = await service.completeLink(
            token,
            purpose,
            str(b.password, 1024),
            str(b.passwordConfirmation, 1024),
          );
          if (!done.ok) return reply.html(LinkProblemPage({ reason: done.reason, kind: 'password' }), 410);
          await startSession(request, done.userId, done.changedAt);
          pushFlash(
            request,
            'success',
            purpose === 'ACTIVATION'
              ? 'Votre compte est activé. Bienvenue sur Histologe !'
              : 'Votre nouveau mot de passe est enregistré. Vos autres appareils ont été déconnectés.',
          );
          return reply.redirect('/bo', 303);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
          const link = await service.checkLink(token, purpose);
          if (!link.ok) return reply.html(LinkProblemPage({ reason: link.reason, kind: 'password' }), 410);
          return reply.html(
            ChoosePasswordPage({
              csrfToken: reply.generateCsrf(),
              purpose,
              action: `${path}/${token}`,
              email: link.email,
              error: err.message,
              errors: fieldErrorsOf(err),
            }),
            400,
          );
        }
      },
    );
  };
  linkRoutes('/activation-compte', 'ACTIVATION');
  linkRoutes('/nouveau-mot-de-passe', 'RESET');

  app.get('/confirmation-adresse/:token', async (request, reply) => {
    noStore(reply);
    const { token } = request.params as { token: string };
    const result = await accountService(app).confirmEmailChange(token);
    if (!result.ok) {
      const reason = result.reason as 'invalid' | 'expired' | 'used' | 'taken';
      return reply.html(LinkProblemPage({ reason, kind: 'email' }), 410);
    }
    return reply.html(EmailConfirmedPage({ email: result.email }));
  });

  // Second factor (super admins, FEATURE_2FA_EMAIL_ENABLED).
  const pending = (request: FastifyRequest) => request.session?.pendingTwoFactor;

  app.get('/connexion/code', async (request, reply) => {
    noStore(reply);
    if (!pending(request)) return reply.redirect('/connexion', 303);
    return reply.html(TwoFactorPage({ csrfToken: reply.generateCsrf() }));
  });

  app.post(
    '/connexion/code',
    { config: { rateLimit: { max: 30, timeWindow: 60_000 } } },
    async (request, reply) => {
      noStore(reply);
      const p = pending(request);
      if (!p) return reply.redirect('/connexion', 303);
      const outcome = await accountService(app).verifyTwoFactorCode(p.userId, str(body(request).code, 20));
      if (outcome.result === 'ok') {
        await startSession(request, p.userId);
        return reply.redirect(p.next, 303);
      }
      if (outcome.result === 'locked' || outcome.result === 'expired') {
        request.session.pendingTwoFactor = undefined;
        const error =
          outcome.result === 'locked'
            ? `Le code a été saisi ${TWO_FACTOR_MAX_ATTEMPTS} fois sans succès. Par sécurité, recommencez la connexion avec votre mot de passe.`
            : 'Ce code a expiré. Recommencez la connexion pour en recevoir un nouveau.';
        return reply.html(
          TwoFactorPage({ csrfToken: reply.generateCsrf(), locked: true, error }),
          outcome.result === 'locked' ? 429 : 400,
        );
      }
      const left = outcome.triesLeft ?? 0;
      return reply.html(
        TwoFactorPage({
          csrfToken: reply.generateCsrf(),
          error: 'Ce code est incorrect.',
          errors: {
            code: `Ce code est incorrect. Vérifiez le dernier e-mail reçu. Il vous reste ${left} essai${left > 1 ? 's' : ''}.`,
          },
        }),
        400,
      );
    },
  );

  app.post('/connexion/code/renvoyer', async (request, reply) => {
    noStore(reply);
    const p = pending(request);
    if (!p) return reply.redirect('/connexion', 303);
    const sent = await accountService(app).sendTwoFactorCode(p.userId, { resend: true });
    return reply.html(
      TwoFactorPage({
        csrfToken: reply.generateCsrf(),
        ...(sent
          ? { info: 'Un nouveau code vient de vous être envoyé. Seul ce dernier code est valable.' }
          : { error: 'Trop de codes demandés. Utilisez le dernier reçu, ou réessayez dans 15 minutes.' }),
      }),
      sent ? 200 : 429,
    );
  });
}

/** /bo/profil: the signed-in agent's own account. Registered inside the /bo scope. */
export function registerProfile(bo: FastifyInstance) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Pick<ProfilePageProps, 'failed' | 'typed'> = {},
    status = 200,
  ) => {
    const user = agentUser(request);
    const own = await createAccountRepository(bo.deps.database.db).findUserById(user.id);
    const territoires =
      user.role === 'ROLE_ADMIN'
        ? ['Tous les territoires']
        : [...new Set(user.partenaires.map((p) => p.territoireNom).filter((t): t is string => Boolean(t)))];
    reply.header('cache-control', 'no-store');
    return reply.html(
      ProfilePage({
        user: userView(user),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        prenom: user.prenom,
        nom: user.nom,
        email: user.email,
        roleLabel: ROLE_LABELS[user.role],
        notificationPreference: own?.notificationPreference ?? 'EACH',
        partenaires: user.partenaires.map((p) => ({
          nom: p.nom,
          territoire: p.territoireCode ? `${p.territoireCode} – ${p.territoireNom ?? ''}` : null,
        })),
        territoires,
        ...extra,
      }),
      status,
    );
  };

  bo.get('/profil', (request, reply) => render(request, reply));

  const action = (
    path: string,
    section: ProfileSection,
    keep: string[],
    run: (request: FastifyRequest, b: Record<string, unknown>) => Promise<string>,
  ) => {
    bo.post(path, { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async (request, reply) => {
      const b = body(request);
      try {
        pushFlash(request, 'success', await run(request, b));
        return reply.redirect('/bo/profil', 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
        const typed = Object.fromEntries(keep.map((k) => [k, str(b[k])]));
        return render(
          request,
          reply,
          { failed: { section, message: err.message, errors: fieldErrorsOf(err) }, typed },
          400,
        );
      }
    });
  };
  const service = () => accountService(bo);

  action('/profil/identite', 'identite', ['prenom', 'nom'], async (request, b) => {
    await service().updateNames(agentUser(request).id, b);
    return 'Votre identité est enregistrée.';
  });
  action('/profil/email', 'email', ['newEmail'], async (request, b) => {
    const email = await service().requestEmailChange(agentUser(request).id, b.newEmail);
    return `Un lien de confirmation a été envoyé à ${email}. Ouvrez-le pour terminer le changement (valable 24 heures).`;
  });
  action('/profil/mot-de-passe', 'mot-de-passe', [], async (request, b) => {
    const changedAt = await service().changePassword(agentUser(request).id, b);
    // This session stays open; the others (older than the change) are ended on their next request.
    request.session.authAt = changedAt;
    return 'Votre mot de passe est changé. Vos autres appareils ont été déconnectés.';
  });
  action('/profil/notifications', 'notifications', ['notificationPreference'], async (request, b) => {
    await service().updatePreference(agentUser(request).id, b.notificationPreference);
    return 'Votre préférence de notification est enregistrée.';
  });
}
