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

/** Masks the follow-up code of the usager pages in a URL (`/suivre-mon-signalement/<code>/…`) for log lines. */
export function redactSuiviCode(url: string): string {
  return url.replace(/(\/suivre-mon-signalement\/)[^/?#]+/g, '$1[masqué]');
}
