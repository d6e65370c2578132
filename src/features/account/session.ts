import type { FastifyRequest } from 'fastify';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** When the password was last proven in this session (ms since epoch); older than a password change → ended. */
    authAt?: number;
    /** Password checked, e-mailed code still awaited (2FA of super admins). */
    pendingTwoFactor?: { userId: number; next: string };
  }
}

/** A session opened before the user's last password change is no longer valid. */
export function isSessionStale(
  authAt: number | undefined,
  passwordChangedAt: Date | null | undefined,
): boolean {
  if (!passwordChangedAt) return false;
  return (authAt ?? 0) < passwordChangedAt.getTime();
}

/** Signs the user in on a fresh session id (no session fixation). */
export async function startSession(request: FastifyRequest, userId: number, at = Date.now()): Promise<void> {
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.authAt = at;
  await request.session.save();
}

export { pushFlash, takeFlashes } from '../../infra/flash.ts';
