import type { FastifyReply, FastifyRequest } from 'fastify';
import { type BoRole, hasRole } from '../../domain/roles.ts';
import { forbidden } from '../../infra/errors.ts';
import type { CurrentUser } from './auth.repository.ts';

/** preHandler for every /bo route: a signed-in agent, else back to the sign-in page and then here. */
export async function requireAgent(request: FastifyRequest, reply: FastifyReply) {
  if (!request.currentUser) {
    const next = encodeURIComponent(request.url);
    return reply.redirect(`/connexion?next=${next}`, 303);
  }
}

export function requireRole(role: BoRole) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.currentUser) return requireAgent(request, reply);
    if (!hasRole(request.currentUser.role as BoRole, role)) throw forbidden();
  };
}

export function agentUser(request: FastifyRequest): CurrentUser {
  if (!request.currentUser) throw forbidden();
  return request.currentUser;
}
