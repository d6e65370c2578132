/**
 * Coded errors thrown by services. One Fastify error handler turns them into a DSFR page or JSON.
 * Messages are in French and say what to do next.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'RATE_LIMITED';

const HTTP_STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fieldErrors?: Record<string, string> },
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = HTTP_STATUS[code];
  }
}

export const notFound = (message = "Cette page n'existe pas ou vous n'y avez pas accès.") =>
  new AppError('NOT_FOUND', message);
export const forbidden = (message = "Vous n'avez pas les droits pour faire cette action.") =>
  new AppError('FORBIDDEN', message);
export const validation = (message: string, fieldErrors?: Record<string, string>) =>
  new AppError('VALIDATION', message, { fieldErrors });
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const rateLimited = (
  message = 'Trop de tentatives. Merci de patienter quelques minutes avant de réessayer.',
) => new AppError('RATE_LIMITED', message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
