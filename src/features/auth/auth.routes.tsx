import type { FastifyInstance, FastifyReply } from 'fastify';
import { hasRole, ROLE_LABELS } from '../../domain/roles.ts';
import { AppError } from '../../infra/errors.ts';
import type { CurrentUserView } from '../../ui/layout/page.tsx';
import { completeSignIn } from '../account/account.routes.tsx';
import type { AuthRepository, CurrentUser } from './auth.repository.ts';
import { safeNext, signInSchema } from './auth.schema.ts';
import { createAuthService, LOGIN_FAILED_MESSAGE } from './auth.service.ts';
import { SignInPage } from './views/sign-in.tsx';

export function userView(user: CurrentUser): CurrentUserView {
  const territoires = [...new Set(user.partenaires.map((p) => p.territoireNom).filter(Boolean))];
  return {
    prenom: user.prenom,
    nom: user.nom,
    email: user.email,
    roleLabel: ROLE_LABELS[user.role],
    territoireNom: user.role === 'ROLE_ADMIN' ? 'Tous les territoires' : territoires.join(', ') || undefined,
    showAdministration: user.role !== 'ROLE_API_USER' && hasRole(user.role, 'ROLE_ADMIN_PARTNER'),
    unreadNotifications: user.unreadNotifications ?? 0,
  };
}

export function registerAuth(app: FastifyInstance, repo: AuthRepository) {
  const service = createAuthService({ repo, rateLimiter: app.deps.state.rateLimiter });

  const renderForm = async (
    reply: FastifyReply,
    props: {
      email?: string;
      next?: string;
      error?: string;
      fieldErrors?: Record<string, string>;
      info?: string;
    },
    status = 200,
  ) => {
    const csrfToken = reply.generateCsrf();
    reply.header('cache-control', 'no-store');
    return reply.html(SignInPage({ csrfToken, ...props, next: props.next ?? safeNext(undefined) }), status);
  };

  app.get('/connexion', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const next = safeNext(query.next);
    if (request.currentUser) return reply.redirect(next, 303);
    const info = query.deconnexion === '1' ? 'Vous êtes déconnecté. À bientôt !' : undefined;
    return renderForm(reply, { next, info });
  });

  app.post(
    '/connexion',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      // An expired session (the form stayed open too long) must not lose what was typed: show the form again
      // with the e-mail kept and a fresh token, instead of the generic error page.
      errorHandler: (error, request, reply) => {
        if (!(error as { code?: string }).code?.startsWith('FST_CSRF')) throw error;
        const body = (request.body ?? {}) as Record<string, unknown>;
        return renderForm(
          reply,
          {
            email: typeof body.email === 'string' ? body.email.slice(0, 255) : '',
            next: safeNext(body.next),
            error: 'Votre session a expiré. Par sécurité, saisissez à nouveau votre mot de passe.',
          },
          403,
        );
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const next = safeNext(body.next);
      const parsed = signInSchema.safeParse(body);
      const email = typeof body.email === 'string' ? body.email.slice(0, 255) : '';
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          const k = String(issue.path[0]);
          fieldErrors[k] ??= issue.message;
        }
        return renderForm(
          reply,
          {
            email,
            next,
            fieldErrors,
            error: 'Le formulaire contient des erreurs : vérifiez les champs indiqués.',
          },
          400,
        );
      }
      try {
        const userId = await service.authenticate(parsed.data.email, parsed.data.password, request.ip);
        // A new session id at sign-in prevents session fixation; super admins may still owe an e-mailed code.
        return await completeSignIn(request, reply, userId, next);
      } catch (err) {
        if (err instanceof AppError && (err.code === 'UNAUTHENTICATED' || err.code === 'RATE_LIMITED')) {
          return renderForm(
            reply,
            { email, next, error: err.message },
            err.code === 'RATE_LIMITED' ? 429 : 401,
          );
        }
        request.log.error({ err }, 'sign-in failed unexpectedly');
        return renderForm(reply, { email, next, error: LOGIN_FAILED_MESSAGE }, 500);
      }
    },
  );

  app.post('/deconnexion', async (request, reply) => {
    if (request.session) await request.session.destroy();
    reply.clearCookie('histologe_session', { path: '/' });
    return reply.redirect('/connexion?deconnexion=1', 303);
  });
}
