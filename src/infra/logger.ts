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
