import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes only from environment variables (a `.env` file is loaded by main.ts before this).
 * Every variable is validated here; a bad value stops the program with a message naming it.
 */

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? def : ['true', '1', 'yes', 'on'].includes(v)));

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(p)), {
      message: `doit commencer par ${protocols.join(' ou ')}`,
    });

const port = (def: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? def : Number(v)))
    .pipe(z.number('doit être un nombre').int('doit être un nombre entier').min(1).max(65535));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  APP_URL: optionalUrl(['http://', 'https://']),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://', 'pglite://']),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  REDIS_PREFIX: z.string().min(1).default('histologe:'),
  SESSION_SECRET: z.string().min(32, 'doit faire au moins 32 caractères').optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(12),
  TRUST_PROXY: bool(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: optionalUrl(['smtp://', 'smtps://']),
  MAIL_FROM: z.string().min(3).default('Histologe <ne-pas-repondre@histologe.beta.gouv.fr>'),
  S3_ENDPOINT: optionalUrl(['http://', 'https://']),
  S3_REGION: z.string().default('fr-par'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool(true),
  GEOCODER_URL: optionalUrl(['http://', 'https://']).transform((v) => v ?? 'https://data.geopf.fr/geocodage'),
  GEOCODER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  MAINTENANCE_ENABLE: bool(false),
  MAINTENANCE_MESSAGE: z.string().optional(),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  JOBS_ENABLE: bool(true),
  FEATURE_2FA_EMAIL_ENABLED: bool(false),
});

export type Env = z.infer<typeof envSchema>;

export type Role = 'web' | 'worker' | 'all';

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  role: Role;
  port: number;
  host: string;
  appUrl: string;
  dataDir: string;
  databaseUrl: string;
  embeddedDatabase: boolean;
  databasePoolSize: number;
  redisUrl?: string;
  redisPrefix: string;
  sessionSecret: string;
  sessionMaxAgeMs: number;
  trustProxy: boolean;
  logLevel: Env['LOG_LEVEL'];
  mail: { smtpUrl?: string; from: string; outboxDir: string };
  storage:
    | { kind: 'local'; dir: string }
    | {
        kind: 's3';
        endpoint?: string;
        region: string;
        bucket: string;
        accessKeyId: string;
        secretAccessKey: string;
        forcePathStyle: boolean;
      };
  geocoder: { url: string; timeoutMs: number };
  maintenance: { enabled: boolean; message?: string };
  seedDemo: Env['SEED_DEMO'];
  jobsEnabled: boolean;
  /** Feature flags. twoFactorEmail: super admins confirm each sign-in with a code sent by e-mail. */
  features: { twoFactorEmail: boolean };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describeExpected(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `valeurs possibles : ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return issue.message;
}

/** Keeps a generated secret in the data folder so that sessions survive restarts on a dev machine. */
function devSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const s = readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  }
  mkdirSync(dataDir, { recursive: true });
  const s = randomBytes(32).toString('hex');
  writeFileSync(file, s, { mode: 0o600 });
  return s;
}

export function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv.slice(2),
): Config {
  const parsed = envSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      const raw = source[name];
      problems.push(
        `${name}${raw !== undefined && !/SECRET|PASSWORD|KEY/.test(name) ? ` = "${raw}"` : ''} : ${describeExpected(issue)}`,
      );
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  let role: Role = 'all';
  for (const a of argv) {
    const m = /^--role=(.*)$/.exec(a);
    if (m) {
      if (m[1] === 'web' || m[1] === 'worker' || m[1] === 'all') role = m[1];
      else problems.push(`--role="${m[1]}" : valeurs possibles : web, worker, all`);
    }
  }

  const isProduction = e.NODE_ENV === 'production';
  const dataDir = path.resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `pglite://${path.join(dataDir, 'pg')}`;
  const embeddedDatabase = databaseUrl.startsWith('pglite://');

  if (isProduction && !e.SESSION_SECRET) {
    problems.push('SESSION_SECRET : obligatoire en production (au moins 32 caractères aléatoires)');
  }
  if (isProduction && embeddedDatabase) {
    problems.push('DATABASE_URL : en production, indiquez une base PostgreSQL (postgres://…)');
  }
  if (embeddedDatabase && role !== 'all') {
    problems.push('--role : la base embarquée (PGlite) impose un seul processus, avec --role=all');
  }

  const s3Vars = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  const s3Set = s3Vars.filter((k) => e[k]);
  if (s3Set.length > 0 && s3Set.length < s3Vars.length) {
    for (const k of s3Vars.filter((k) => !e[k])) {
      problems.push(`${k} : obligatoire dès qu'une variable S3_* est renseignée`);
    }
  }
  if (problems.length) throw new ConfigError(problems);

  const sessionSecret = e.SESSION_SECRET ?? devSessionSecret(dataDir);

  return {
    env: e.NODE_ENV,
    isProduction,
    role,
    port: e.PORT,
    host: e.HOST,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl,
    embeddedDatabase,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    sessionSecret,
    sessionMaxAgeMs: e.SESSION_MAX_AGE_HOURS * 3600_000,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, outboxDir: path.join(dataDir, 'outbox') },
    storage:
      s3Set.length === s3Vars.length
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET!,
            accessKeyId: e.S3_ACCESS_KEY_ID!,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'local', dir: path.join(dataDir, 'files') },
    geocoder: { url: e.GEOCODER_URL.replace(/\/$/, ''), timeoutMs: e.GEOCODER_TIMEOUT_MS },
    maintenance: { enabled: e.MAINTENANCE_ENABLE, message: e.MAINTENANCE_MESSAGE },
    seedDemo: e.SEED_DEMO,
    jobsEnabled: e.JOBS_ENABLE,
    features: { twoFactorEmail: e.FEATURE_2FA_EMAIL_ENABLED },
  };
}

/** A version of the configuration that is safe to log (no secrets, no credentials in URLs). */
export function redactConfig(c: Config): Record<string, unknown> {
  const redactUrl = (u?: string) => (u ? u.replace(/\/\/([^@/]*)@/, '//***@') : undefined);
  return {
    env: c.env,
    role: c.role,
    port: c.port,
    host: c.host,
    appUrl: c.appUrl,
    database: c.embeddedDatabase ? c.databaseUrl : redactUrl(c.databaseUrl),
    redis: redactUrl(c.redisUrl) ?? 'non',
    mail: c.mail.smtpUrl ? redactUrl(c.mail.smtpUrl) : `fichiers (${c.mail.outboxDir})`,
    storage: c.storage.kind === 's3' ? `s3 (${c.storage.bucket})` : `dossier (${c.storage.dir})`,
    maintenance: c.maintenance.enabled,
  };
}
