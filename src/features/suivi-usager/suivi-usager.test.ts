import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { Browser, createTestApp, type TestContext } from '../../../test/helpers/test-app.ts';
import { redactSuiviCode } from '../../infra/logger.ts';
import { listOutbox, readOutbox } from '../../infra/mailer.ts';
import {
  answersMatch,
  initialOf,
  messagePermission,
  poursuiteAllowed,
  timeline,
} from './suivi-usager.rules.ts';
import { ACCESS_FAILED_MESSAGE, LINK_SENT_MESSAGE } from './suivi-usager.service.ts';

let ctx: TestContext;
const db = () => ctx.runtime.database.db;
const BASE = '/suivre-mon-signalement';

interface Dossier {
  id: number;
  uuid: string;
  code: string;
  cp: string;
}

/** Dossier A: the occupant filed it, open partners; names with accents set by the test. */
let A: Dossier;
/** Dossier B: another open dossier (the one a session for A must never reach). */
let B: Dossier;
/** Dossier T: filed by a third party. */
let T: Dossier;
let publicFileA: string;
let internalFileA: string;
let publicFileB: string;

let ipCounter = 10;
/** A browser with its own IP address (the failure limit is also per IP). */
class Usager extends Browser {
  readonly ip = `10.0.0.${ipCounter++}`;
  constructor() {
    super(ctx.app);
  }
  override async get(url: string, headers: Record<string, string> = {}) {
    return this.inject('GET', url, undefined, headers);
  }
  override async post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.inject('POST', url, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }
  async inject(
    method: 'GET' | 'POST',
    url: string,
    payload: string | Buffer | undefined,
    headers: Record<string, string>,
  ) {
    const res = await ctx.app.inject({
      method,
      url,
      payload,
      headers: { cookie: this.cookieHeader(), ...headers },
      remoteAddress: this.ip,
    });
    (this as unknown as { store(r: typeof res): void }).store(res);
    return res;
  }
  async answer(code: string, answers: Record<string, string>) {
    const token = await this.csrfFrom(`${BASE}/${code}`);
    return this.post(`${BASE}/${code}`, { _csrf: token, ...answers });
  }
  async multipart(url: string, parts: Part[]) {
    const token = await this.csrfFrom(url.replace(/\/(messages|documents)$/, ''));
    const { payload, contentType } = multipart(parts);
    return this.inject('POST', `${url}?_csrf=${encodeURIComponent(token)}`, payload, {
      'content-type': contentType,
    });
  }
  async form(page: string, url: string, form: Record<string, string>) {
    const token = await this.csrfFrom(page);
    return this.post(url, { _csrf: token, ...form });
  }
}

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer; type: string };
function multipart(parts: Part[]) {
  const boundary = `----suivi${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'content' in p
        ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n`
        : `Content-Disposition: form-data; name="${p.name}"\r\n`;
    chunks.push(
      Buffer.from(`--${boundary}\r\n${head}\r\n`),
      'content' in p ? p.content : Buffer.from(p.value),
    );
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const jpeg = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#446688' } })
    .jpeg()
    .toBuffer();

const RIGHT_A = { prenomInitial: 'e', nomInitial: 'o', codePostal: '' };

async function openA(u = new Usager()) {
  const res = await u.answer(A.code, { ...RIGHT_A, codePostal: A.cp });
  assert.equal(res.statusCode, 303);
  return u;
}

async function suivisOf(id: number) {
  return db().selectFrom('suivi').selectAll().where('signalementId', '=', id).orderBy('id', 'desc').execute();
}

async function addFile(signalementId: number, visible: boolean, title: string) {
  const r = await db()
    .insertInto('fichier')
    .values({
      signalementId,
      storageKey: `tests/suivi-usager/${title}.pdf`,
      filename: `${title}.pdf`,
      title: `${title}.pdf`,
      extension: 'pdf',
      mimeType: 'application/pdf',
      size: 10,
      isVisibleForUsager: visible,
      variants: '{}',
    })
    .returning('uuid')
    .executeTakeFirstOrThrow();
  return r.uuid;
}

before(async () => {
  ctx = await createTestApp();
  const pick = async (third: boolean, exclude: number[]) => {
    const row = await db()
      .selectFrom('signalement as s')
      .select(['s.id', 's.uuid', 's.codeSuivi', 's.cpOccupant'])
      .where('s.statut', '=', 'ACTIVE')
      .where('s.isNotOccupant', '=', third)
      .where('s.isLogementVacant', '=', false)
      .where('s.isUsagerAbandonProcedure', 'is not', true)
      .where(third ? 's.declarantNom' : 's.occupantEmail', 'is not', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('affectation as a')
            .select('a.id')
            .whereRef('a.signalementId', '=', 's.id')
            .where('a.statut', 'in', ['NOUVEAU', 'EN_COURS']),
        ),
      )
      .where('s.id', 'not in', exclude.length ? exclude : [0])
      .orderBy('s.id')
      .executeTakeFirstOrThrow();
    return { id: row.id, uuid: row.uuid, code: row.codeSuivi, cp: row.cpOccupant };
  };
  A = await pick(false, []);
  B = await pick(false, [A.id]);
  T = await pick(true, [A.id, B.id]);
  await db()
    .updateTable('signalement')
    .set({ occupantPrenom: 'Élodie', occupantNom: 'Ödegaard' })
    .where('id', '=', A.id)
    .execute();
  await db()
    .updateTable('signalement')
    .set({ occupantPrenom: 'Marc', occupantNom: 'Leroy', declarantPrenom: 'Zoé', declarantNom: 'Àlvarez' })
    .where('id', '=', T.id)
    .execute();
  const partner = await db()
    .selectFrom('affectation')
    .select('partenaireId')
    .where('signalementId', '=', A.id)
    .executeTakeFirstOrThrow();
  const agent = await db()
    .selectFrom('utilisateur')
    .select(['id', 'email'])
    .where('email', '=', 'agent-13@histologe.test')
    .executeTakeFirstOrThrow();
  for (const [description, visible] of [
    ['Bonjour, nous passerons visiter le logement le 12 mars.', true],
    ['Note interne : propriétaire difficile à joindre', false],
  ] as const) {
    await db()
      .insertInto('suivi')
      .values({
        signalementId: A.id,
        createdById: agent.id,
        partenaireId: partner.partenaireId,
        description,
        isVisibleForUsager: visible,
        type: 3,
        category: 'MESSAGE_PARTNER',
        createdAt: new Date(),
      })
      .execute();
  }
  publicFileA = await addFile(A.id, true, 'courrier-public-a');
  internalFileA = await addFile(A.id, false, 'rapport-interne-a');
  publicFileB = await addFile(B.id, true, 'courrier-public-b');
});
after(async () => {
  await ctx?.close();
});

describe('rules', () => {
  test('initials ignore case and accents', () => {
    assert.equal(initialOf('élodie'), 'E');
    assert.equal(initialOf("d'Artagnan"), 'D');
    assert.equal(initialOf('Œdipe'), 'O');
    assert.equal(initialOf(''), '');
    assert.ok(
      answersMatch({ prenom: 'Élodie', nom: 'Ödegaard' }, '13001', {
        prenomInitial: 'e',
        nomInitial: 'O',
        codePostal: '13 001',
      }),
    );
    assert.ok(
      !answersMatch({ prenom: null, nom: 'X' }, '13001', {
        prenomInitial: 'x',
        nomInitial: 'x',
        codePostal: '13001',
      }),
    );
  });
  test('post-closure message once within 30 days; poursuite every 20 days', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const closedAt = new Date('2026-05-20T12:00:00Z');
    const base = {
      statut: 'CLOSED' as const,
      isLogementVacant: false,
      closedAt,
      hasPostClotureMessage: false,
    };
    assert.equal(messagePermission(base, now), 'POST_CLOTURE');
    assert.equal(messagePermission({ ...base, hasPostClotureMessage: true }, now), 'NO');
    assert.equal(messagePermission({ ...base, closedAt: new Date('2026-04-01T00:00:00Z') }, now), 'NO');
    assert.equal(messagePermission({ ...base, statut: 'ACTIVE' }, now), 'OPEN');
    assert.equal(messagePermission({ ...base, statut: 'ACTIVE', isLogementVacant: true }, now), 'NO');
    assert.ok(!poursuiteAllowed(new Date('2026-05-25T00:00:00Z'), now));
    assert.ok(poursuiteAllowed(new Date('2026-05-01T00:00:00Z'), now));
  });
  test('timeline of a refused dossier stops with the reason', () => {
    const steps = timeline({
      statut: 'REFUSED',
      createdAt: new Date(),
      validatedAt: null,
      closedAt: null,
      acceptedCount: 0,
      firstAcceptedAt: null,
      refusalReason: 'Hors périmètre',
    });
    assert.equal(steps.at(-1)?.state, 'stopped');
    assert.equal(steps.at(-1)?.detail, 'Hors périmètre');
  });
  test('the code is masked in logged URLs', () => {
    assert.equal(
      redactSuiviCode('/suivre-mon-signalement/abcDEF_123-x/fichiers/1?x=1'),
      '/suivre-mon-signalement/[masqué]/fichiers/1?x=1',
    );
  });
});

describe('access', () => {
  test('the questions form, with no-referrer and no cache; no role question for a dossier filed by the occupant', async () => {
    const u = new Usager();
    const res = await u.get(`${BASE}/${A.code}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /Première lettre du prénom/);
    assert.doesNotMatch(res.body, /name="role"/);
    assert.doesNotMatch(res.body, /Ödegaard|Odegaard/);
  });

  test('right answers (other case, no accent) open the dossier with a new session id', async () => {
    const u = new Usager();
    await u.get(`${BASE}/${A.code}`);
    const before = u.cookieHeader();
    const res = await u.answer(A.code, { prenomInitial: 'E', nomInitial: 'o', codePostal: ` ${A.cp} ` });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${BASE}/${A.code}`);
    assert.notEqual(u.cookieHeader(), before);
    const page = await u.get(`${BASE}/${A.code}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mon dossier/);
    assert.match(page.body, /Se déconnecter/);
  });

  test('wrong answers and unknown codes get the same neutral message', async () => {
    const u = new Usager();
    const wrong = await u.answer(A.code, { prenomInitial: 'z', nomInitial: 'o', codePostal: A.cp });
    const unknown = await u.answer('X'.repeat(32), { prenomInitial: 'z', nomInitial: 'o', codePostal: A.cp });
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.ok(
        res.body.includes(ACCESS_FAILED_MESSAGE.slice(0, 40).replace(/'/g, '&#39;')) ||
          res.body.includes('ne correspondent pas'),
      );
    }
    // Missing answers: a message per field, not counted as a failure.
    const empty = await u.answer(A.code, { prenomInitial: '', nomInitial: 'ab', codePostal: '1' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Indiquez la première lettre du prénom/);
    assert.match(empty.body, /5 chiffres/);
  });

  test('5 failures per code then blocked (429), even with the right answers and another IP', async () => {
    const u = new Usager();
    for (let i = 0; i < 4; i++) {
      const res = await u.answer(B.code, { prenomInitial: 'q', nomInitial: 'q', codePostal: '00000' });
      assert.equal(res.statusCode, 401);
    }
    const fifth = await u.answer(B.code, { prenomInitial: 'q', nomInitial: 'q', codePostal: '00000' });
    assert.equal(fifth.statusCode, 429);
    assert.match(fifth.body, /réessayer à partir de/);
    const row = await db()
      .selectFrom('signalement')
      .select(['occupantPrenom', 'occupantNom', 'cpOccupant'])
      .where('id', '=', B.id)
      .executeTakeFirstOrThrow();
    const other = new Usager();
    const res = await other.answer(B.code, {
      prenomInitial: initialOf(row.occupantPrenom),
      nomInitial: initialOf(row.occupantNom),
      codePostal: row.cpOccupant,
    });
    assert.equal(res.statusCode, 429);
    await ctx.runtime.state.rateLimiter.reset(`suivi-usager:ip:${u.ip}`);
  });

  test('5 failures per IP across codes then blocked', async () => {
    const u = new Usager();
    for (let i = 0; i < 5; i++)
      await u.answer(`${'Y'.repeat(31)}${i}`, { prenomInitial: 'q', nomInitial: 'q', codePostal: '00000' });
    const res = await u.answer(A.code, { ...RIGHT_A, codePostal: A.cp });
    assert.equal(res.statusCode, 429);
  });

  test('third-party dossier: the role question, checked against the chosen person', async () => {
    const u = new Usager();
    const form = await u.get(`${BASE}/${T.code}`);
    assert.match(form.body, /name="role"/);
    const T_CP = (
      await db()
        .selectFrom('signalement')
        .select('cpOccupant')
        .where('id', '=', T.id)
        .executeTakeFirstOrThrow()
    ).cpOccupant;
    const noRole = await u.answer(T.code, { prenomInitial: 'z', nomInitial: 'a', codePostal: T_CP });
    assert.equal(noRole.statusCode, 400);
    const mixed = await u.answer(T.code, {
      role: 'OCCUPANT',
      prenomInitial: 'z',
      nomInitial: 'a',
      codePostal: T_CP,
    });
    assert.equal(mixed.statusCode, 401);
    const ok = await u.answer(T.code, {
      role: 'DECLARANT',
      prenomInitial: 'Z',
      nomInitial: 'a',
      codePostal: T_CP,
    });
    assert.equal(ok.statusCode, 303);
    const occupant = await new Usager().answer(T.code, {
      role: 'OCCUPANT',
      prenomInitial: 'm',
      nomInitial: 'l',
      codePostal: T_CP,
    });
    assert.equal(occupant.statusCode, 303);
  });

  test('drafts and archived dossiers are never opened', async () => {
    const draft = await db()
      .selectFrom('signalement')
      .select(['codeSuivi', 'statut'])
      .where('statut', '=', 'ARCHIVED')
      .executeTakeFirst();
    if (!draft) return;
    const u = new Usager();
    const res = await u.get(`${BASE}/${draft.codeSuivi}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Première lettre du prénom/);
  });

  test('the session expires after inactivity, and "se déconnecter" closes it', async () => {
    const u = await openA();
    const raw = decodeURIComponent(/histologe_session=([^;]+)/.exec(u.cookieHeader())![1]!);
    const sid = raw.slice(0, raw.lastIndexOf('.'));
    const store = ctx.runtime.state.sessionStore;
    const data = await new Promise<any>((resolve, reject) =>
      store.get(sid, (e, s) => (e ? reject(e) : resolve(s))),
    );
    data.usagerAccess.at -= 31 * 60 * 1000;
    await new Promise<void>((resolve, reject) => store.set(sid, data, (e) => (e ? reject(e) : resolve())));
    const expired = await u.get(`${BASE}/${A.code}`);
    assert.match(expired.body, /sans activité/);
    assert.match(expired.body, /Première lettre du prénom/);

    const v = await openA();
    const out = await v.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/deconnexion`, {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, `${BASE}/${A.code}?deconnexion=1`);
    const after = await v.get(out.headers.location as string);
    assert.match(after.body, /Première lettre du prénom/);
    assert.match(after.body, /Vous êtes déconnecté/);
  });
});

describe('dossier page', () => {
  test('shows public suivis with the partner name, never internal ones nor agents', async () => {
    const u = await openA();
    const page = await u.get(`${BASE}/${A.code}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /nous passerons visiter le logement/);
    assert.doesNotMatch(page.body, /Note interne/);
    assert.doesNotMatch(page.body, /agent-13@histologe\.test/);
    assert.doesNotMatch(page.body, /@histologe\.test/);
    assert.match(page.body, /Pris en charge|Signalement validé/);
    assert.match(page.body, /0806 706 806/);
    assert.ok(page.body.includes(`/fichiers/${publicFileA}`));
    assert.ok(!page.body.includes(internalFileA));
  });

  test('files: only the session of the dossier, only files for the usager', async () => {
    const u = await openA();
    assert.equal((await u.get(`${BASE}/${A.code}/fichiers/${internalFileA}`)).statusCode, 404);
    assert.equal((await u.get(`${BASE}/${A.code}/fichiers/${publicFileB}`)).statusCode, 404);
    assert.equal((await u.get(`${BASE}/${B.code}/fichiers/${publicFileB}`)).statusCode, 404);
    assert.equal((await new Usager().get(`${BASE}/${A.code}/fichiers/${publicFileA}`)).statusCode, 404);
  });
});

describe('actions', () => {
  test('a message becomes a public suivi of the usager and notifies the partners', async () => {
    const u = await openA();
    const res = await u.multipart(`${BASE}/${A.code}/messages`, [
      { name: 'message', value: 'Bonjour, la fuite continue dans la cuisine.' },
      { name: 'fichiers', filename: 'fuite.jpg', content: await jpeg(), type: 'image/jpeg' },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const [suivi] = await suivisOf(A.id);
    assert.equal(suivi!.category, 'MESSAGE_USAGER');
    assert.equal(suivi!.usagerRole, 'OCCUPANT');
    assert.equal(suivi!.isVisibleForUsager, true);
    assert.equal(suivi!.createdById, null);
    const links = await db()
      .selectFrom('suiviFichier')
      .selectAll()
      .where('suiviId', '=', suivi!.id)
      .execute();
    assert.equal(links.length, 1);
    const notifications = await db()
      .selectFrom('notification')
      .select('id')
      .where('suiviId', '=', suivi!.id)
      .execute();
    assert.ok(notifications.length > 0, 'agents of the open partners are notified');
    const page = await u.get(`${BASE}/${A.code}`);
    assert.match(page.body, /Votre message a bien été envoyé/);
    assert.match(page.body, /la fuite continue/);
    assert.match(page.body, /<strong>Vous<\/strong>/);
  });

  test('an empty message or a refused file: messages on the fields, text kept, nothing written', async () => {
    const u = await openA();
    const count = (await suivisOf(A.id)).length;
    const empty = await u.multipart(`${BASE}/${A.code}/messages`, [{ name: 'message', value: '  ' }]);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Écrivez votre message/);
    const bad = await u.multipart(`${BASE}/${A.code}/messages`, [
      { name: 'message', value: 'Voici le document' },
      {
        name: 'fichiers',
        filename: 'virus.exe',
        content: Buffer.from('MZ\x90\x00binary'),
        type: 'application/octet-stream',
      },
    ]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Voici le document/);
    assert.match(bad.body, /virus/);
    assert.equal((await suivisOf(A.id)).length, count);
  });

  test('documents added with a suivi listing them', async () => {
    const u = await openA();
    const res = await u.multipart(`${BASE}/${A.code}/documents`, [
      { name: 'documents', filename: 'mur.jpg', content: await jpeg(), type: 'image/jpeg' },
    ]);
    assert.equal(res.statusCode, 303);
    const [suivi] = await suivisOf(A.id);
    assert.match(suivi!.description, /mur\.jpg/);
    const file = await db()
      .selectFrom('fichier')
      .selectAll()
      .where('signalementId', '=', A.id)
      .where('filename', '=', 'mur.jpg')
      .executeTakeFirstOrThrow();
    assert.equal(file.uploadedByUsager, true);
    assert.equal(file.isVisibleForUsager, true);
    const dl = await u.get(`${BASE}/${A.code}/fichiers/${file.uuid}`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.match(String(dl.headers['cache-control']), /private/);
  });

  test('contact details updated with a SIGNALEMENT_EDITED_FO suivi; bad phone refused', async () => {
    const u = await openA();
    const bad = await u.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/coordonnees`, { occupantTel: '12' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /numéro de téléphone valide/);
    const ok = await u.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/coordonnees`, {
      occupantTel: '06 12 34 56 78',
      bailleurEmail: 'Bailleur@Exemple.fr',
    });
    assert.equal(ok.statusCode, 303);
    const row = await db()
      .selectFrom('signalement')
      .select(['occupantTel', 'bailleurEmail'])
      .where('id', '=', A.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.occupantTel, '+33612345678');
    assert.equal(row.bailleurEmail, 'bailleur@exemple.fr');
    assert.equal((await suivisOf(A.id))[0]!.category, 'SIGNALEMENT_EDITED_FO');
  });

  test('poursuite, then a second one within 20 days is refused', async () => {
    const u = await openA();
    const first = await u.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/poursuite-procedure`, {
      details: 'Rien n’a changé.',
    });
    assert.equal(first.statusCode, 303);
    assert.equal((await suivisOf(A.id))[0]!.category, 'DEMANDE_POURSUITE_PROCEDURE');
    const second = await u.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/poursuite-procedure`, {
      details: '',
    });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /moins de 20 jours/);
  });

  test('abandon request: flag, suivi, responsables notified; asked once', async () => {
    const u = await openA();
    const invalid = await u.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/arret-procedure`, {
      motif: 'NIMPORTE',
      details: '',
    });
    assert.equal(invalid.statusCode, 400);
    const res = await u.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/arret-procedure`, {
      motif: 'TRAVAUX_FAITS_OU_EN_COURS',
      details: 'Le propriétaire a réparé la toiture.',
    });
    assert.equal(res.statusCode, 303);
    const s = await db()
      .selectFrom('signalement')
      .select('isUsagerAbandonProcedure')
      .where('id', '=', A.id)
      .executeTakeFirstOrThrow();
    assert.equal(s.isUsagerAbandonProcedure, true);
    const [suivi] = await suivisOf(A.id);
    assert.equal(suivi!.category, 'DEMANDE_ABANDON_PROCEDURE');
    const rt = await db()
      .selectFrom('notification')
      .innerJoin('utilisateur', 'utilisateur.id', 'notification.utilisateurId')
      .select(['utilisateur.email', 'notification.type'])
      .where('notification.suiviId', '=', suivi!.id)
      .execute();
    assert.ok(
      rt.some((r) => r.email === 'rt-13@histologe.test' || r.email.startsWith('rt-')),
      'a responsable is notified',
    );
    assert.ok(rt.every((r) => r.type === 'DEMANDE_ABANDON_PROCEDURE'));
    const again = await u.form(`${BASE}/${A.code}`, `${BASE}/${A.code}/arret-procedure`, {
      motif: 'AUTRE',
      details: 'encore',
    });
    assert.equal(again.statusCode, 409);
  });
});

describe('a session for dossier A never reaches dossier B', () => {
  test('every route of B answers the questions form or 404, and nothing is written', async () => {
    const u = await openA();
    const before = (await suivisOf(B.id)).length;
    const page = await u.get(`${BASE}/${B.code}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Première lettre du prénom/);
    assert.equal((await u.get(`${BASE}/${B.code}/fichiers/${publicFileB}`)).statusCode, 404);
    assert.equal((await u.get(`${BASE}/${B.code}/fichiers/${publicFileA}`)).statusCode, 404);
    const token = await u.csrfFrom(`${BASE}/${A.code}`);
    for (const [path, form] of [
      ['coordonnees', { occupantTel: '0611111111' }],
      ['arret-procedure', { motif: 'AUTRE', details: 'x' }],
      ['poursuite-procedure', { details: 'x' }],
    ] as const) {
      const res = await u.post(`${BASE}/${B.code}/${path}`, { _csrf: token, ...form });
      assert.equal(res.statusCode, 303, path);
      assert.equal(res.headers.location, `${BASE}/${B.code}`, path);
    }
    for (const path of ['messages', 'documents']) {
      const { payload, contentType } = multipart([
        { name: 'message', value: 'intrusion' },
        { name: 'documents', filename: 'a.jpg', content: await jpeg(), type: 'image/jpeg' },
      ]);
      const res = await u.inject(
        'POST',
        `${BASE}/${B.code}/${path}?_csrf=${encodeURIComponent(token)}`,
        payload,
        {
          'content-type': contentType,
        },
      );
      assert.equal(res.statusCode, 303, path);
    }
    assert.equal((await suivisOf(B.id)).length, before);
    const b = await db()
      .selectFrom('signalement')
      .select(['occupantTel', 'isUsagerAbandonProcedure'])
      .where('id', '=', B.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(b.occupantTel, '+33611111111');
    assert.notEqual(b.isUsagerAbandonProcedure, true);
    // Still signed in to A.
    assert.match((await u.get(`${BASE}/${A.code}`)).body, /Mon dossier/);
  });
});

describe('retrouver mon lien', () => {
  test('always the same sentence; the links are e-mailed when a dossier matches', async () => {
    const email = (
      await db()
        .selectFrom('signalement')
        .select('occupantEmail')
        .where('id', '=', B.id)
        .executeTakeFirstOrThrow()
    ).occupantEmail!;
    const u = new Usager();
    const known = await u.form(BASE, BASE, { email: email.toUpperCase() });
    const unknown = await u.form(BASE, BASE, { email: 'personne@exemple.fr' });
    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    const sentence = LINK_SENT_MESSAGE.slice(0, 50);
    assert.ok(known.body.includes(sentence.replace(/'/g, '&#39;')) || known.body.includes(sentence));
    assert.equal(known.body.replace(/value="[^"]*"/g, ''), unknown.body.replace(/value="[^"]*"/g, ''));
    const mails = await listOutbox(ctx.config.mail.outboxDir);
    const entry = mails.find((m) => m.to.some((t) => t.toLowerCase() === email.toLowerCase()));
    assert.ok(entry);
    const mail = await readOutbox(ctx.config.mail.outboxDir, entry.id);
    assert.ok(mail?.text?.includes(`/suivre-mon-signalement/${B.code}`));
    assert.ok(!mails.some((m) => m.to.includes('personne@exemple.fr')));
    const bad = await u.form(BASE, BASE, { email: 'pas-une-adresse' });
    assert.equal(bad.statusCode, 400);
  });

  test('rate limited per IP', async () => {
    const u = new Usager();
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await u.form(BASE, BASE, { email: `x${i}@exemple.fr` })).statusCode;
    assert.equal(last, 429);
  });
});
