import type { FastifyRequest } from 'fastify';

/** One-time messages shown on the next page (Post/Redirect/Get), kept in the session. */
export type FlashType = 'success' | 'error' | 'info' | 'warning';

export function pushFlash(request: FastifyRequest, type: FlashType, message: string): void {
  request.session.flash = [...(request.session.flash ?? []), { type, message }];
}

/** The pending messages, removed from the session (shown once). */
export function takeFlashes(request: FastifyRequest): { type: FlashType; message: string }[] {
  const flashes = request.session?.flash ?? [];
  if (request.session?.flash) request.session.flash = undefined;
  return flashes;
}
