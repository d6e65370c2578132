import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, redactConfig } from './config.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'histologe-config-'));

function problemsOf(env: Record<string, string>, argv: string[] = []): string[] {
  try {
    loadConfig({ DATA_DIR: tmp(), ...env }, argv);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

test('defaults give an embedded setup on port 8080', () => {
  const dir = tmp();
  const c = loadConfig({ DATA_DIR: dir }, []);
  assert.equal(c.port, 8080);
  assert.equal(c.role, 'all');
  assert.equal(c.embeddedDatabase, true);
  assert.equal(c.databaseUrl, `pglite://${path.join(dir, 'pg')}`);
  assert.equal(c.storage.kind, 'local');
  assert.equal(c.redisUrl, undefined);
  assert.ok(c.sessionSecret.length >= 32);
  // The generated development secret is kept, so sessions survive a restart.
  assert.equal(loadConfig({ DATA_DIR: dir }, []).sessionSecret, c.sessionSecret);
});

test('PORT, HOST, DATABASE_URL and REDIS_URL are honoured', () => {
  const c = loadConfig(
    {
      DATA_DIR: tmp(),
      PORT: '9090',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/h',
      REDIS_URL: 'redis://cache:6379',
    },
    ['--role=web'],
  );
  assert.equal(c.port, 9090);
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.embeddedDatabase, false);
  assert.equal(c.redisUrl, 'redis://cache:6379');
  assert.equal(c.role, 'web');
});

test('a bad value names the variable and says what is expected', () => {
  const [p] = problemsOf({ PORT: 'abc' });
  assert.match(p!, /^PORT = "abc" : /);
  assert.match(problemsOf({ DATABASE_URL: 'mysql://x' })[0]!, /DATABASE_URL.*postgres:\/\//);
  assert.match(problemsOf({ NODE_ENV: 'prod' })[0]!, /NODE_ENV.*"production"/);
  assert.match(problemsOf({ MAINTENANCE_ENABLE: 'peut-être' })[0]!, /MAINTENANCE_ENABLE/);
  assert.match(problemsOf({}, ['--role=cron'])[0]!, /--role="cron".*web, worker, all/);
});

test('secrets are never echoed back in error messages', () => {
  const [p] = problemsOf({ SESSION_SECRET: 'short-secret-value' });
  assert.match(p!, /^SESSION_SECRET : /);
  assert.doesNotMatch(p!, /short-secret-value/);
});

test('production requires a session secret and a real PostgreSQL', () => {
  const problems = problemsOf({ NODE_ENV: 'production' });
  assert.ok(problems.some((p) => p.startsWith('SESSION_SECRET')));
  assert.ok(problems.some((p) => p.startsWith('DATABASE_URL')));
});

test('the embedded database allows a single process only', () => {
  assert.match(problemsOf({}, ['--role=worker'])[0]!, /--role/);
});

test('partial S3 settings are refused; complete ones switch storage to S3', () => {
  const problems = problemsOf({ S3_BUCKET: 'b' });
  assert.deepEqual(
    problems.map((p) => p.split(' ')[0]),
    ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'],
  );
  const c = loadConfig(
    {
      DATA_DIR: tmp(),
      S3_BUCKET: 'b',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
      S3_ENDPOINT: 'http://s3:9000',
    },
    [],
  );
  assert.equal(c.storage.kind, 's3');
});

test('redacted configuration hides credentials', () => {
  const c = loadConfig(
    {
      DATA_DIR: tmp(),
      DATABASE_URL: 'postgres://user:hunter2@db:5432/h',
      REDIS_URL: 'redis://:pass@cache:6379',
      SESSION_SECRET: 'x'.repeat(40),
    },
    [],
  );
  const text = JSON.stringify(redactConfig(c));
  assert.doesNotMatch(text, /hunter2|pass@|xxxxxxxx/);
  assert.match(text, /\*\*\*@db/);
});
