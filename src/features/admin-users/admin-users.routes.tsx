import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AdminAction, canAdminister } from '../../domain/admin-policy.ts';
import { BO_ROLES, isBoRole } from '../../domain/roles.ts';
import type { UserStatus } from '../../infra/db/schema.ts';
import { AppError, forbidden } from '../../infra/errors.ts';
import { pushFlash, takeFlashes } from '../../infra/flash.ts';
import { pageHrefFor } from '../../ui/dsfr/pagination.tsx';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { PAGE_SIZE } from './admin-users.repository.ts';
import {
  type Actor,
  type AdminUsersService,
  createAdminUsersService,
  type UserInput,
} from './admin-users.service.ts';
import { AdminIndexPage, type AdminSection, UserFormPage, UsersListPage } from './views/admin-users.tsx';

/** Admin sections, each shown only when the user may use it and its page is registered (no dead links). */
const SECTIONS: (AdminSection & { action: AdminAction })[] = [
  {
    title: 'Utilisateurs',
    href: '/bo/admin/utilisateurs',
    description: 'Inviter, modifier, désactiver ou archiver des comptes.',
    action: 'USER_LIST',
  },
  {
    title: 'Partenaires',
    href: '/bo/admin/partenaires',
    description: 'Les structures qui traitent les dossiers.',
    action: 'PARTNER_LIST',
  },
  {
    title: 'Étiquettes',
    href: '/bo/admin/etiquettes',
    description: 'Les étiquettes à poser sur les dossiers.',
    action: 'TAG_MANAGE',
  },
  {
    title: 'Zones',
    href: '/bo/admin/zones',
    description: 'Les zones géographiques du territoire.',
    action: 'ZONE_MANAGE',
  },
  {
    title: 'Règles d’affectation',
    href: '/bo/admin/regles-affectation',
    description: 'Les partenaires choisis automatiquement pour les nouveaux dossiers.',
    action: 'RULE_MANAGE',
  },
  {
    title: 'Simulateur d’affectation',
    href: '/bo/admin/simulateur',
    description: 'Voir quels partenaires les règles choisiraient pour un dossier ou une adresse.',
    action: 'RULE_MANAGE',
  },
  {
    title: 'Territoires',
    href: '/bo/admin/territoires',
    description: 'Ouverture au public et affectation automatique.',
    action: 'TERRITORY_MANAGE',
  },
];

const services = new WeakMap<FastifyInstance, AdminUsersService>();
function service(app: FastifyInstance): AdminUsersService {
  let s = services.get(app);
  if (!s) {
    s = createAdminUsersService(app.deps);
    services.set(app, s);
  }
  return s;
}

const str = (v: unknown, max = 255) => (typeof v === 'string' ? v.slice(0, max) : '');
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .filter((x): x is string => typeof x === 'string')
    .slice(0, 50);

function inputOf(request: FastifyRequest): UserInput {
  const b = (request.body ?? {}) as Record<string, unknown>;
  return {
    email: str(b.email),
    prenom: str(b.prenom),
    nom: str(b.nom),
    role: str(b.role, 40),
    partenaireIds: list(b.partenaireIds),
    hasPermissionAffectation: b.hasPermissionAffectation === '1',
  };
}

const actorOf = (request: FastifyRequest): Actor => agentUser(request) as Actor;
const idOf = (request: FastifyRequest) => Number((request.params as { id: string }).id);

export function registerAdminUsers(bo: FastifyInstance) {
  bo.get('/admin', async (request, reply) => {
    const actor = actorOf(request);
    const sections = SECTIONS.filter(
      (s) => canAdminister(actor, s.action) && request.server.hasRoute({ method: 'GET', url: s.href }),
    );
    if (!canAdminister(actor, 'USER_LIST')) throw forbidden();
    return reply.html(
      AdminIndexPage({
        user: userView(agentUser(request)),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        sections,
      }),
    );
  });

  bo.get('/admin/utilisateurs', async (request, reply) => {
    const actor = actorOf(request);
    if (!canAdminister(actor, 'USER_LIST')) throw forbidden();
    const q = (request.query ?? {}) as Record<string, unknown>;
    const filters: Record<string, string> = {};
    for (const k of ['q', 'territoire', 'partenaire', 'role', 'statut']) {
      const v = str(q[k], 100).trim();
      if (v) filters[k] = v;
    }
    const num = (v?: string) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
    const statut = ['ACTIVE', 'INACTIVE', 'ARCHIVE'].includes(filters.statut ?? '')
      ? (filters.statut as UserStatus)
      : undefined;
    const page = Math.max(1, num(str(q.page, 6)) ?? 1);
    const result = await service(bo).listPage(
      actor,
      {
        ...(filters.q ? { q: filters.q } : {}),
        ...(num(filters.territoire) ? { territoireId: num(filters.territoire) } : {}),
        ...(num(filters.partenaire) ? { partenaireId: num(filters.partenaire) } : {}),
        ...(filters.role && isBoRole(filters.role) ? { role: filters.role } : {}),
        ...(statut ? { statut } : {}),
      },
      page,
    );
    return reply.html(
      UsersListPage({
        user: userView(agentUser(request)),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        rows: result.rows,
        total: result.total,
        page,
        pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
        hrefFor: pageHrefFor(request.url),
        filters,
        partners: result.partners,
        territories: result.territories,
        roles: BO_ROLES.filter((r) => actor.role === 'ROLE_ADMIN' || r !== 'ROLE_ADMIN'),
        canCreate: canAdminister(actor, 'USER_CREATE'),
      }),
    );
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | undefined,
    input?: UserInput,
    errors?: Record<string, string | undefined>,
  ) => {
    const actor = actorOf(request);
    const s = service(bo);
    const account = id === undefined ? undefined : await s.load(actor, id);
    if (!account && !canAdminister(actor, 'USER_CREATE')) throw forbidden();
    const opts = await s.formOptions(actor);
    const target = account ? { partenaires: account.partenaires, role: account.role } : {};
    const values = input
      ? input
      : account
        ? {
            email: account.email,
            prenom: account.prenom,
            nom: account.nom,
            role: account.role,
            partenaireIds: account.partenaires.map((p) => String(p.id)),
            hasPermissionAffectation: account.hasPermissionAffectation,
          }
        : {
            email: '',
            prenom: '',
            nom: '',
            role: 'ROLE_USER_PARTNER',
            partenaireIds: [],
            hasPermissionAffectation: false,
          };
    reply.header('cache-control', 'no-store');
    return reply.html(
      UserFormPage({
        user: userView(agentUser(request)),
        csrfToken: reply.generateCsrf(),
        flashes: takeFlashes(request),
        ...(account ? { account } : {}),
        values,
        ...(errors ? { errors } : {}),
        roles: opts.roles,
        partners: opts.partners,
        canGrant: account
          ? canAdminister(actor, 'USER_GRANT_AFFECTATION', target)
          : actor.role === 'ROLE_ADMIN' || actor.role === 'ROLE_ADMIN_TERRITORY',
        actions: {
          resend: Boolean(
            account &&
              account.statut === 'INACTIVE' &&
              !account.hasPassword &&
              canAdminister(actor, 'USER_RESEND_ACTIVATION', target),
          ),
          reactivate: Boolean(
            account &&
              (account.statut === 'ARCHIVE' || (account.statut === 'INACTIVE' && account.hasPassword)) &&
              canAdminister(actor, 'USER_REACTIVATE', target),
          ),
          deactivate: Boolean(
            account &&
              account.statut === 'ACTIVE' &&
              account.id !== actor.id &&
              canAdminister(actor, 'USER_DEACTIVATE', target),
          ),
          archive: Boolean(
            account &&
              account.statut !== 'ARCHIVE' &&
              account.id !== actor.id &&
              canAdminister(actor, 'USER_ARCHIVE', target),
          ),
        },
      }),
      errors ? 400 : 200,
    );
  };

  const limited = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };

  bo.get('/admin/utilisateurs/nouveau', (request, reply) => renderForm(request, reply, undefined));
  bo.post('/admin/utilisateurs/nouveau', limited, async (request, reply) => {
    const input = inputOf(request);
    try {
      await service(bo).create(actorOf(request), input);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') {
        return renderForm(request, reply, undefined, input, err.details?.fieldErrors ?? {});
      }
      throw err;
    }
    pushFlash(request, 'success', `Invitation envoyée à ${input.email.trim().toLowerCase()}.`);
    return reply.redirect('/bo/admin/utilisateurs', 303);
  });

  bo.get('/admin/utilisateurs/:id', (request, reply) => renderForm(request, reply, idOf(request)));
  bo.post('/admin/utilisateurs/:id', limited, async (request, reply) => {
    const input = inputOf(request);
    const id = idOf(request);
    try {
      await service(bo).update(actorOf(request), id, input);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') {
        return renderForm(request, reply, id, input, err.details?.fieldErrors ?? {});
      }
      throw err;
    }
    pushFlash(request, 'success', 'Les modifications sont enregistrées.');
    return reply.redirect(`/bo/admin/utilisateurs/${id}`, 303);
  });

  const action = (
    path: string,
    run: (s: AdminUsersService, a: Actor, id: number) => Promise<void>,
    done: string,
  ) => {
    bo.post(`/admin/utilisateurs/:id/${path}`, limited, async (request, reply) => {
      const id = idOf(request);
      try {
        await run(service(bo), actorOf(request), id);
        pushFlash(request, 'success', done);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'CONFLICT') throw err;
        pushFlash(request, 'error', err.message);
      }
      return reply.redirect(`/bo/admin/utilisateurs/${id}`, 303);
    });
  };
  action('desactiver', (s, a, id) => s.deactivate(a, id), 'Le compte est désactivé.');
  action('archiver', (s, a, id) => s.archive(a, id), 'Le compte est archivé.');
  action(
    'reactiver',
    (s, a, id) => s.reactivate(a, id),
    'Le compte est réactivé : un e-mail d’activation a été envoyé.',
  );
  action(
    'renvoyer-activation',
    (s, a, id) => s.resendActivation(a, id),
    'L’e-mail d’activation a été renvoyé.',
  );
}
