import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../infra/errors.ts';
import { userView } from '../auth/auth.routes.tsx';
import { ErrorPage } from './views/error-page.tsx';

const CSRF_MESSAGE =
  'Votre session a expiré ou ce formulaire a déjà été envoyé. Rechargez la page, puis réessayez : ' +
  'ce que vous aviez saisi ailleurs est conservé.';

function wantsJson(request: FastifyRequest) {
  return request.url.startsWith('/api') || request.url === '/health';
}

function renderError(request: FastifyRequest, reply: FastifyReply, status: number, message?: string) {
  if (wantsJson(request)) {
    return reply.status(status).send({ statusCode: status, message: message ?? 'Erreur' });
  }
  const user = request.currentUser;
  const area = request.url.startsWith('/bo') && user ? 'bo' : 'public';
  return reply.html(
    ErrorPage({
      status: status as 400 | 403 | 404 | 429 | 500 | 503,
      area,
      message,
      requestId: status >= 500 ? String(request.id) : undefined,
      user: user && area === 'bo' ? userView(user) : undefined,
    }),
    status,
  );
}

/** One place that turns thrown errors into French pages (or JSON on /api) and never leaks internals. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/bo') && !request.currentUser && request.method === 'GET') {
      return reply.redirect(`/connexion?next=${encodeURIComponent(request.url)}`, 303);
    }
    return renderError(request, reply, 404);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      if (error.code === 'UNAUTHENTICATED') {
        return reply.redirect(`/connexion?next=${encodeURIComponent(request.url)}`, 303);
      }
      return renderError(request, reply, error.statusCode, error.message);
    }
    if (error.code?.startsWith('FST_CSRF')) return renderError(request, reply, 403, CSRF_MESSAGE);
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return renderError(request, reply, 429, error.message);
    }
    if (status >= 400 && status < 500) {
      const message =
        status === 413
          ? 'Le fichier ou le formulaire envoyé est trop volumineux.'
          : "La demande n'a pas pu être comprise. Vérifiez votre saisie et réessayez.";
      return renderError(request, reply, status === 404 ? 404 : 400, message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return renderError(request, reply, 500);
  });
}
