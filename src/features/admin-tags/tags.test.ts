import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { TagsForm } from './views/tags-form.tsx';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  await db().deleteFrom('rateLimit').where('key', 'like', 'http:%').execute();
});

const db = () => ctx.runtime.database.db;
const TAGS = '/bo/admin/etiquettes';

async function signedIn(email: string) {
  const b = new Browser(ctx.app);
  const res = await b.signIn(email);
  assert.equal(res.statusCode, 303, `sign-in of ${email}`);
  return b;
}

const territoire = (code: string) =>
  db().selectFrom('territoire').select(['id']).where('code', '=', code).executeTakeFirstOrThrow();

async function dossier(code: string) {
  const t = await territoire(code);
  return db()
    .selectFrom('signalement')
    .select(['id', 'uuid'])
    .where('territoireId', '=', t.id)
    .where('statut', '=', 'ACTIVE')
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

async function newTag(code: string, label: string) {
  const t = await territoire(code);
  return db()
    .insertInto('tag')
    .values({ territoireId: t.id, label, createdAt: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
}

async function postPairs(b: Browser, url: string, pairs: [string, string][]) {
  return ctx.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
  });
}

const tagIdsOf = async (signalementId: number) =>
  (
    await db()
      .selectFrom('tagSignalement')
      .select('tagId')
      .where('signalementId', '=', signalementId)
      .execute()
  ).map((r) => r.tagId);

describe('tags administration', () => {
  test('agents and admins partenaire get 403', async () => {
    for (const email of ['agent-13@histologe.test', 'ap-13@histologe.test']) {
      const b = await signedIn(email);
      assert.equal((await b.get(TAGS)).statusCode, 403);
      const token = await b.csrfFrom('/bo');
      assert.equal((await b.post(TAGS, { _csrf: token, label: 'x' })).statusCode, 403);
    }
  });

  test('create, duplicate refused (case and accents ignored), rename, delete with links', async () => {
    const rt = await signedIn('rt-13@histologe.test');
    const token = await rt.csrfFrom(TAGS);
    const empty = await rt.post(TAGS, { _csrf: token, label: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(
      empty.body,
      /Indiquez le nom de l’étiquette|Indiquez le nom de l&#39;étiquette|Indiquez le nom/,
    );
    const long = await rt.post(TAGS, { _csrf: token, label: 'x'.repeat(61) });
    assert.equal(long.statusCode, 400);
    assert.ok(long.body.includes('x'.repeat(61)), 'typed value kept');

    const ok = await rt.post(TAGS, { _csrf: token, label: '  Quartier   Noailles ' });
    assert.equal(ok.statusCode, 303);
    const t13 = await territoire('13');
    const tag = await db()
      .selectFrom('tag')
      .select(['id', 'territoireId'])
      .where('label', '=', 'Quartier Noailles')
      .executeTakeFirstOrThrow();
    assert.equal(tag.territoireId, t13.id);
    const dup = await rt.post(TAGS, { _csrf: token, label: 'quartier noaillés' });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /existe déjà/);

    const renamed = await rt.post(`${TAGS}/${tag.id}`, { _csrf: token, label: 'Noailles' });
    assert.equal(renamed.statusCode, 303);
    assert.equal(renamed.headers.location, `${TAGS}/${tag.id}`);
    const tagPage = await rt.get(`${TAGS}/${tag.id}`);
    assert.equal(tagPage.statusCode, 200);
    assert.match(tagPage.body, /Étiquette « Noailles »/);
    const badRename = await rt.post(`${TAGS}/${tag.id}`, { _csrf: token, label: '' });
    assert.equal(badRename.statusCode, 400);
    assert.match(badRename.body, /Indiquez le nom/);

    // Another territory's responsable: 404 on rename and delete.
    const rt01 = await signedIn('rt-01@histologe.test');
    const t01 = await rt01.csrfFrom(TAGS);
    assert.equal((await rt01.post(`${TAGS}/${tag.id}`, { _csrf: t01, label: 'Pirate' })).statusCode, 404);
    assert.equal((await rt01.get(`${TAGS}/${tag.id}`)).statusCode, 404);
    assert.equal((await rt01.post(`${TAGS}/${tag.id}/supprimer`, { _csrf: t01 })).statusCode, 404);
    assert.ok(!(await rt01.get(TAGS)).body.includes('Noailles'));

    const d = await dossier('13');
    await db().insertInto('tagSignalement').values({ tagId: tag.id, signalementId: d.id }).execute();
    const del = await rt.post(`${TAGS}/${tag.id}/supprimer`, { _csrf: token });
    assert.equal(del.statusCode, 303);
    assert.equal(
      await db().selectFrom('tag').select('id').where('id', '=', tag.id).executeTakeFirst(),
      undefined,
    );
    assert.ok(!(await tagIdsOf(d.id)).includes(tag.id));
    const hist = await db()
      .selectFrom('historyEntry')
      .select(['entityName', 'event'])
      .where('entityId', '=', String(tag.id))
      .where('entityName', 'in', ['Tag', 'TagSignalement'])
      .execute();
    assert.deepEqual(hist.map((h) => `${h.entityName}:${h.event}`).sort(), [
      'Tag:CREATE',
      'Tag:DELETE',
      'Tag:UPDATE',
      'TagSignalement:DELETE',
    ]);
    assert.equal((await rt.post(`${TAGS}/999999/supprimer`, { _csrf: token })).statusCode, 404);
  });
});

describe('tags on a dossier', () => {
  test('a responsable puts on and takes off tags of the territory; scope checked', async () => {
    const a = await newTag('13', 'Étiquette A');
    const b = await newTag('13', 'Étiquette B');
    const foreign = await newTag('01', 'Étiquette de l’Ain');
    const d13 = await dossier('13');
    const d01 = await dossier('01');
    const url = `/bo/signalements/${d13.uuid}/etiquettes`;

    const rt = await signedIn('rt-13@histologe.test');
    const token = await rt.csrfFrom(TAGS);
    const on = await postPairs(rt, url, [
      ['_csrf', token],
      ['tags', String(a.id)],
      ['tags', String(b.id)],
    ]);
    assert.equal(on.statusCode, 303);
    assert.equal(on.headers.location, `/bo/signalements/${d13.uuid}`);
    assert.deepEqual((await tagIdsOf(d13.id)).sort(), [a.id, b.id].sort());

    const off = await postPairs(rt, url, [
      ['_csrf', token],
      ['tags', String(b.id)],
    ]);
    assert.equal(off.statusCode, 303);
    assert.deepEqual(await tagIdsOf(d13.id), [b.id]);

    // A tag of another territory is refused; nothing changes.
    const wrong = await postPairs(rt, url, [
      ['_csrf', token],
      ['tags', String(foreign.id)],
    ]);
    assert.equal(wrong.statusCode, 303);
    assert.deepEqual(await tagIdsOf(d13.id), [b.id]);

    // A dossier of another territory does not exist for this responsable.
    const other = await postPairs(rt, `/bo/signalements/${d01.uuid}/etiquettes`, [
      ['_csrf', token],
      ['tags', String(foreign.id)],
    ]);
    assert.equal(other.statusCode, 404);
    assert.deepEqual(
      await tagIdsOf(d01.id),
      (await tagIdsOf(d01.id)).filter((t) => t !== foreign.id),
    );

    // An agent of 01 cannot see the dossier of 13.
    const agent01 = await signedIn('agent-01@histologe.test');
    const t2 = await agent01.csrfFrom('/bo');
    const agentRes = await postPairs(agent01, url, [['_csrf', t2]]);
    assert.equal(agentRes.statusCode, 404);
    assert.deepEqual(await tagIdsOf(d13.id), [b.id]);

    // Taking every tag off (no box checked).
    const none = await postPairs(rt, url, [['_csrf', token]]);
    assert.equal(none.statusCode, 303);
    assert.deepEqual(await tagIdsOf(d13.id), []);
    const hist = await db()
      .selectFrom('historyEntry')
      .select('id')
      .where('signalementId', '=', d13.id)
      .where('entityName', '=', 'Signalement')
      .where('changes', 'is not', null)
      .execute();
    assert.ok(hist.length >= 3);
  });

  test('TagsForm renders checkboxes, the current ones checked, and the save button', () => {
    const html = String(
      TagsForm({
        dossierUuid: 'abc',
        territoireId: 1,
        current: [{ id: 2, label: 'B' }],
        available: [
          { id: 1, label: 'A <script>' },
          { id: 2, label: 'B' },
        ],
        csrfToken: 'tok',
      }),
    );
    assert.match(html, /action="\/bo\/signalements\/abc\/etiquettes"/);
    assert.match(html, /Enregistrer les étiquettes/);
    assert.ok(!html.includes('<script>'));
    assert.match(html, /value="2"[^>]*checked/);
    assert.doesNotMatch(html, /value="1"[^>]*checked/);
  });
});
