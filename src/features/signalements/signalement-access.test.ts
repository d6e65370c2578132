import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadPrincipal } from '../../../test/helpers/principals.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/test-database.ts';
import type { PolicyAction } from '../../domain/policy.ts';
import { AppError } from '../../infra/errors.ts';
import { authorizeSignalement } from './signalement-access.ts';

let t: TestDatabase;
before(async () => {
  t = await openTestDatabase();
});
after(async () => {
  await t?.close();
});

const principal = (email: string) => loadPrincipal(t.database.db, email);

async function outcome(email: string, action: PolicyAction, uuid: string) {
  try {
    await authorizeSignalement(t.database.db, await principal(email), action, uuid);
    return 'ALLOW';
  } catch (err) {
    assert.ok(err instanceof AppError);
    return err.code;
  }
}

/** A dossier of a territory in a given status, optionally affected to the given user's partner. */
async function dossier(territoire: string, statut: string, affectedTo?: string) {
  const db = t.database.db;
  let q = db
    .selectFrom('signalement as s')
    .innerJoin('territoire as te', 'te.id', 's.territoireId')
    .select('s.uuid')
    .where('te.code', '=', territoire)
    .where('s.statut', '=', statut as never);
  if (affectedTo) {
    const p = await principal(affectedTo);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('affectation as a')
          .select('a.id')
          .whereRef('a.signalementId', '=', 's.id')
          .where(
            'a.partenaireId',
            'in',
            p.partenaires.map((x) => x.id),
          ),
      ),
    );
  }
  return (await q.executeTakeFirstOrThrow()).uuid;
}

test('demo accounts against demo dossiers: 404 outside scope, 403 when visible but not allowed', async () => {
  const active13Agent = await dossier('13', 'ACTIVE', 'agent-13@histologe.test');
  const new13 = await dossier('13', 'NEED_VALIDATION');
  const active01 = await dossier('01', 'ACTIVE');
  const archived13 = await dossier('13', 'ARCHIVED');

  const rows: [string, PolicyAction, string, string][] = [
    ['admin@histologe.test', 'SIGN_VIEW', active01, 'ALLOW'],
    ['admin@histologe.test', 'SIGN_VALIDATE', new13, 'ALLOW'],
    ['admin@histologe.test', 'SIGN_VIEW', archived13, 'NOT_FOUND'],
    ['rt-13@histologe.test', 'SIGN_VALIDATE', new13, 'ALLOW'],
    ['rt-13@histologe.test', 'SIGN_VALIDATE', active13Agent, 'FORBIDDEN'],
    ['rt-13@histologe.test', 'SIGN_VIEW', active01, 'NOT_FOUND'],
    ['rt-01@histologe.test', 'SIGN_VIEW', active13Agent, 'NOT_FOUND'],
    ['agent-13@histologe.test', 'SIGN_VIEW', active13Agent, 'ALLOW'],
    ['agent-13@histologe.test', 'SIGN_CLOSE', active13Agent, 'FORBIDDEN'],
    ['agent-13@histologe.test', 'SIGN_VIEW', new13, 'NOT_FOUND'],
    ['agent-13@histologe.test', 'SIGN_VIEW', active01, 'NOT_FOUND'],
    ['agent-01@histologe.test', 'SIGN_VIEW', active13Agent, 'NOT_FOUND'],
  ];
  for (const [email, action, uuid, expected] of rows) {
    assert.equal(await outcome(email, action, uuid), expected, `${email} ${action}`);
  }
});

test('unknown or malformed identifiers are simply not found', async () => {
  assert.equal(
    await outcome('admin@histologe.test', 'SIGN_VIEW', '00000000-0000-4000-8000-000000000000'),
    'NOT_FOUND',
  );
  assert.equal(await outcome('admin@histologe.test', 'SIGN_VIEW', "1' or '1'='1"), 'NOT_FOUND');
});
