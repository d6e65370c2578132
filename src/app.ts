import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { buildClientAssets } from './client/build.ts';
import type { Config } from './config.ts';
import { registerAccount, registerProfile } from './features/account/account.routes.tsx';
import { isSessionStale } from './features/account/session.ts';
import { registerAdminPartenaires } from './features/admin-partenaires/partenaires.routes.tsx';
import { registerAdminRegles } from './features/admin-regles/regles.routes.tsx';
import { registerAdminTags } from './features/admin-tags/tags.routes.tsx';
import { registerAdminTerritoires } from './features/admin-territoires/territoires.routes.tsx';
import { registerAdminUsers } from './features/admin-users/admin-users.routes.tsx';
import { registerAdminZones } from './features/admin-zones/zones.routes.tsx';
import type { CurrentUser } from './features/auth/auth.repository.ts';
import { createAuthRepository } from './features/auth/auth.repository.ts';
import { registerAuth } from './features/auth/auth.routes.tsx';
import { requireAgent } from './features/auth/guards.ts';
import { registerDashboard } from './features/dashboard/dashboard.routes.tsx';
import { registerDesordresApi } from './features/desordres-api/desordres-api.routes.ts';
import { registerDevMails } from './features/dev-mails/dev-mails.routes.tsx';
import { registerErrorHandling } from './features/errors/errors.routes.tsx';
import { registerHealth } from './features/health/health.routes.ts';
import { registerHome } from './features/home/home.routes.tsx';
import { registerMaintenance } from './features/maintenance/maintenance.ts';
import { registerNotifications } from './features/notifications/notification.routes.tsx';
import { registerStaticPages } from './features/pages/pages.routes.tsx';
import { registerSignalementDossier } from './features/signalement-dossier/dossier.routes.tsx';
import { registerAddressRoutes } from './features/signalement-form/address.routes.ts';
import { registerSignalementForm } from './features/signalement-form/form.routes.tsx';
import { registerSignalementWorkflow } from './features/signalement-workflow/workflow.routes.tsx';
import { registerSignalementList } from './features/signalements-list/list.routes.tsx';
import { registerSuiviUsager } from './features/suivi-usager/suivi-usager.routes.tsx';
import type { Database } from './infra/db/database.ts';
import type { Geocoder } from './infra/geocoder.ts';
import type { JobQueue } from './infra/jobs.ts';
import { loggerOptions, redactSuiviCode } from './infra/logger.ts';
import type { Mailer } from './infra/mailer.ts';
import { csrfTokenFromQuery, MULTIPART_LIMITS, redactCsrfToken } from './infra/multipart.ts';
import { rateLimitStore } from './infra/rate-limit-store.ts';
import type { StateStore } from './infra/state-store.ts';
import type { FileStorage } from './infra/storage.ts';
import { DSFR_PREFIX } from './ui/assets.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  state: StateStore;
  mailer: Mailer;
  storage: FileStorage;
  jobs?: JobQueue;
  geocoder?: Geocoder;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    currentUser?: CurrentUser;
  }
  interface FastifyReply {
    /** Sends a rendered Kita view as an HTML page. */
    html(view: JSX.Element, status?: number): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Set to false on the rare state-changing routes that must not check the CSRF token (JSON API). */
    csrf?: boolean;
  }
}

declare module '@fastify/session' {
  interface FastifySessionObject {
    userId?: number;
    flash?: { type: 'success' | 'error' | 'info' | 'warning'; message: string }[];
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger:
      config.env === 'test'
        ? false
        : {
            ...loggerOptions(config.logLevel),
            // Fastify's request serializer, minus the CSRF token that multipart forms carry in their URL.
            serializers: {
              req: (req: FastifyRequest) => ({
                method: req.method,
                url: redactSuiviCode(redactCsrfToken(req.url)),
                host: req.host,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort,
              }),
            },
          },
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('deps', deps);
  app.decorateRequest('currentUser', undefined);
  app.decorateReply('html', function (this: FastifyReply, view: JSX.Element, status = 200) {
    return this.status(status).type('text/html; charset=utf-8').send(view);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.isProduction ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifyFormbody);
  // Multipart (file uploads). No attachFieldsToBody: the body stays unread until the route calls
  // readMultipartForm (src/infra/multipart.ts), so the CSRF preHandler below runs before a single byte is
  // buffered, and parts are then read one at a time (one file of at most 10 MiB in flight). Routes never call
  // request.parts()/file() themselves: readMultipartForm turns size and type problems into per-field messages.
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: 'histologe_session',
    store: deps.state.sessionStore,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      // 'auto' marks the cookie Secure whenever the request came over HTTPS (behind TRUST_PROXY too).
      secure: 'auto',
      maxAge: config.sessionMaxAgeMs,
    },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    // Urlencoded forms send the token in their body. A multipart body is only read by the route, after this
    // check, so multipart forms carry it in their action URL (`?_csrf=`, see ui/dsfr/form.tsx) — works
    // without JavaScript — and scripts may send the header.
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      return fromBody ?? (req.headers['x-csrf-token'] as string | undefined) ?? csrfTokenFromQuery(req);
    },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    store: rateLimitStore(deps.state.rateLimiter),
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Trop de requêtes. Merci de réessayer dans ${Math.ceil(ctx.ttl / 1000)} secondes.`,
    }),
  });

  // Every state-changing route checks the CSRF token unless it explicitly opts out (the bearer-token API).
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => STATE_CHANGING.has(m))) return;
    if (route.config?.csrf === false || route.url.startsWith('/api/')) return;
    const existing = route.preHandler
      ? Array.isArray(route.preHandler)
        ? route.preHandler
        : [route.preHandler]
      : [];
    route.preHandler = [
      (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) =>
        app.csrfProtection(req, reply, done),
      ...existing,
    ];
  });

  await buildClientAssets(); // Browser islands → public/js (skipped when up to date).
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/@gouvfr/dsfr/dist'),
    prefix: `${DSFR_PREFIX}/`,
    maxAge: '365d',
    immutable: true,
    index: false,
    wildcard: true,
  });
  await app.register(fastifyStatic, {
    root: path.join(root, 'public'),
    prefix: '/static/',
    maxAge: config.isProduction ? '1d' : 0,
    index: false,
    decorateReply: false,
  });

  const authRepo = createAuthRepository(deps.database.db);
  app.addHook('preHandler', async (request) => {
    const userId = request.session?.userId;
    if (!userId) return;
    const user = await authRepo.loadCurrentUser(userId);
    if (user?.statut !== 'ACTIVE' || isSessionStale(request.session.authAt, user.passwordChangedAt)) {
      request.session.userId = undefined;
      return;
    }
    request.currentUser = user;
  });

  registerErrorHandling(app);
  registerMaintenance(app);
  registerHealth(app);
  registerHome(app);
  registerStaticPages(app);
  registerAuth(app, authRepo);
  registerAccount(app);
  registerAddressRoutes(app);
  registerDesordresApi(app);
  registerSignalementForm(app);
  registerSuiviUsager(app);
  // Everything under /bo requires a signed-in agent: the guard is on the scope, so no route can forget it.
  await app.register(
    async (bo) => {
      bo.addHook('preHandler', requireAgent);
      registerDashboard(bo);
      registerSignalementList(bo);
      registerSignalementDossier(bo);
      registerSignalementWorkflow(bo);
      registerNotifications(bo);
      registerProfile(bo);
      registerAdminUsers(bo);
      registerAdminPartenaires(bo);
      registerAdminTags(bo);
      registerAdminTerritoires(bo);
      registerAdminRegles(bo);
      registerAdminZones(bo);
    },
    { prefix: '/bo' },
  );
  if (!config.isProduction) registerDevMails(app);

  return app;
}
