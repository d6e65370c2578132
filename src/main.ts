import dotenv from 'dotenv';
import pino from 'pino';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig, redactConfig } from './config.ts';
import { DatabaseUnavailableError } from './infra/db/database.ts';
import { loggerOptions } from './infra/logger.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { registerWorker } from './worker.ts';

dotenv.config({ quiet: true });

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `\n${err.message}\n\nCorrigez ces variables d'environnement (voir le README).\n\n`,
      );
      process.exit(78);
    }
    throw err;
  }
  const logger = pino(loggerOptions(config.logLevel));
  const started = Date.now();
  logger.info({ config: redactConfig(config) }, 'Démarrage de Histologe');

  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, { log: (msg) => logger.info(msg), logger });
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) {
      logger.fatal(err.message);
      process.exit(1);
    }
    logger.fatal({ err }, 'Le démarrage a échoué');
    process.exit(1);
  }

  const accounts = await maybeSeedDemo(runtime, logger);

  const app = config.role === 'worker' ? undefined : await buildApp(runtime);
  if (config.role !== 'web' && runtime.jobs) await registerWorker(runtime, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Arrêt en cours : fin des requêtes et des tâches en cours');
    const force = setTimeout(() => {
      logger.error("Arrêt forcé après 25 s d'attente");
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await app?.close();
      await runtime.close();
      logger.info('Arrêt terminé');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "Erreur pendant l'arrêt");
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  if (app) {
    await app.listen({ port: config.port, host: config.host });
    const local = ['0.0.0.0', '127.0.0.1', '::', '::1'].includes(config.host);
    const url = `http://${local ? 'localhost' : config.host}:${config.port}`;
    const lines = [
      '',
      `  Histologe est prêt en ${((Date.now() - started) / 1000).toFixed(1)} s : ${url}`,
      `  Espace agents : ${url}/connexion`,
    ];
    if (!config.isProduction) lines.push(`  E-mails envoyés (développement) : ${url}/dev/mails`);
    if (accounts.length) {
      lines.push('', '  Comptes de démonstration (mot de passe : Demo-Histologe-2026) :');
      for (const a of accounts) lines.push(`    - ${a.email.padEnd(26)} ${a.label}`);
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  } else {
    logger.info('Processus worker démarré');
  }
}

async function maybeSeedDemo(runtime: Runtime, logger: pino.Logger) {
  const { config, database } = runtime;
  const wanted = config.seedDemo === 'true' || (config.seedDemo === 'auto' && config.embeddedDatabase);
  if (!wanted) return [];
  const { seedDemo, DEMO_ACCOUNTS } = await import('../scripts/seed-demo.ts');
  const result = await seedDemo(database.db, runtime.storage, { log: (m: string) => logger.info(m) });
  if (result.created) logger.info('Données de démonstration créées');
  return DEMO_ACCOUNTS;
}

main().catch((err) => {
  process.stderr.write(`Erreur fatale : ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
