import type { LoggerOptions } from 'pino';

/** Pino options shared by Fastify and the worker. Secrets and personal data are redacted from every log line. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'histologe' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.passwordHash',
        '*.token',
        '*.secret',
        '*.sessionSecret',
      ],
      censor: '[masqué]',
    },
  };
}

/**
 * Path segments that are secrets by themselves (whoever holds the URL gets in): the usager's follow-up code,
 * the public form's draft id (resume link), and the single-use account links.
 */
const SECRET_PATH_SEGMENT =
  /(\/(?:suivre-mon-signalement|signalement|activation-compte|nouveau-mot-de-passe|confirmation-adresse)\/)[^/?#]+/g;

/** Masks secret path segments (see SECRET_PATH_SEGMENT) in a URL for log lines. */
export function redactSuiviCode(url: string): string {
  return url.replace(SECRET_PATH_SEGMENT, '$1[masqué]');
}
