import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { computeCriticite } from '../src/domain/criticite.ts';
import { parseReference } from '../src/domain/reference.ts';
import { isSuiviCategory, suiviTypeOf } from '../src/domain/statuts.ts';
import { LocalFileStorage } from '../src/infra/storage.ts';
import { openTestDatabase, type TestDatabase } from '../test/helpers/test-database.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type SeedDemoResult, seedDemo } from './seed-demo.ts';

const TERRITORIES = ['13', '01', '34'];
const SIGNALEMENT_STATUTS = ['NEED_VALIDATION', 'ACTIVE', 'CLOSED', 'REFUSED', 'ARCHIVED'];
const AFFECTATION_STATUTS = ['NOUVEAU', 'EN_COURS', 'REFUSE', 'FERME'];

describe('seedDemo', () => {
  let t: TestDatabase;
  let filesDir: string;
  let storage: LocalFileStorage;
  let result: SeedDemoResult;
  const logs: string[] = [];
  const q = async <T>(text: string, values: unknown[] = []) =>
    (await t.database.pool.query(text, values)).rows as T[];

  before(async () => {
    t = await openTestDatabase();
    // The snapshot already holds the demo data: start again from empty business tables to run the real thing.
    await t.truncate();
    filesDir = mkdtempSync(path.join(tmpdir(), 'histologe-seed-'));
    storage = new LocalFileStorage(filesDir);
    const started = performance.now();
    result = await seedDemo(t.database.db, storage, { log: (m) => logs.push(m) });
    logs.push(`seedDemo: ${Math.round(performance.now() - started)} ms`);
  });

  after(async () => {
    await t?.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  test('creates the eight named accounts, active, with the demo password', async () => {
    assert.equal(result.created, true);
    assert.deepEqual(
      result.accounts.map((a) => a.email),
      DEMO_ACCOUNTS.map((a) => a.email),
    );
    assert.equal(result.accounts.length, 8);
    const rows = await q<{
      email: string;
      role: string;
      statut: string;
      password_hash: string;
      partners: number;
    }>(
      `select u.email, u.role, u.statut, u.password_hash,
              (select count(*) from utilisateur_partenaire up where up.utilisateur_id = u.id)::int as partners
       from utilisateur u where u.email = any($1)`,
      [DEMO_ACCOUNTS.map((a) => a.email)],
    );
    assert.equal(rows.length, 8);
    for (const account of DEMO_ACCOUNTS) {
      const row = rows.find((r) => r.email === account.email)!;
      assert.equal(row.role, account.role, account.email);
      assert.equal(row.statut, 'ACTIVE', account.email);
      assert.equal(row.partners, 1, account.email);
    }
    assert.equal(await verify(rows[0]!.password_hash, DEMO_PASSWORD), true);
    // One hash for everybody: hashed once, reused.
    assert.equal(new Set(rows.map((r) => r.password_hash)).size, 1);
    const inactive = await q<{ n: number }>(
      `select count(*)::int as n from utilisateur where statut = 'INACTIVE' and password_hash is null`,
    );
    assert.ok(inactive[0]!.n >= 3);
  });

  test('territories are active and each has partners, one archived, and perimeters for communal ones', async () => {
    const rows = await q<{
      code: string;
      is_active: boolean;
      partners: number;
      archived: number;
      communal: number;
    }>(
      `select t.code, t.is_active,
              count(p.id)::int as partners,
              count(p.id) filter (where p.is_archive)::int as archived,
              count(p.id) filter (where p.type in ('COMMUNE_SCHS', 'CCAS') and cardinality(p.insee) > 0)::int as communal
       from territoire t join partenaire p on p.territoire_id = t.id
       where t.code = any($1) group by t.code, t.is_active`,
      [TERRITORIES],
    );
    assert.equal(rows.length, 3);
    for (const r of rows) {
      assert.equal(r.is_active, true);
      assert.ok(r.partners >= 10, `${r.code}: ${r.partners} partners`);
      assert.equal(r.archived, 1);
      assert.ok(r.communal >= 2);
    }
    const marseille = await q<{ insee: string[]; competences: string[] }>(
      `select insee, competences from partenaire where nom like 'Ville de Marseille%'`,
    );
    assert.ok(marseille[0]!.insee.includes('13055') && marseille[0]!.insee.includes('13216'));
    assert.ok(marseille[0]!.competences.includes('VISITES'));
    const national = await q<{ n: number }>(
      `select count(*)::int as n from partenaire where territoire_id is null and type = 'AUTRE'`,
    );
    assert.equal(national[0]!.n, 1);
  });

  test('about sixty signalements, every status in every territory', async () => {
    const rows = await q<{ code: string; statut: string; n: number }>(
      `select t.code, s.statut, count(*)::int as n
       from signalement s join territoire t on t.id = s.territoire_id group by t.code, s.statut`,
    );
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    assert.ok(total >= 55 && total <= 70, `${total} signalements`);
    for (const code of TERRITORIES) {
      for (const statut of SIGNALEMENT_STATUTS) {
        assert.ok(
          rows.some((r) => r.code === code && r.statut === statut),
          `${code} has a ${statut} signalement`,
        );
      }
      const active = rows.find((r) => r.code === code && r.statut === 'ACTIVE')!;
      assert.ok(active.n >= 8, `${code}: most dossiers are ACTIVE`);
    }
    const profiles = await q<{ profile_declarant: string }>(
      'select distinct profile_declarant from signalement',
    );
    assert.equal(profiles.length, 6);
  });

  test('status-specific columns are consistent', async () => {
    const bad = await q<{ reference: string; statut: string }>(
      `select reference, statut from signalement where
         (statut in ('CLOSED', 'ARCHIVED') and (closed_at is null or motif_cloture is null or com_cloture is null))
         or (statut = 'REFUSED' and motif_refus is null)
         or (statut in ('ACTIVE', 'CLOSED', 'ARCHIVED') and validated_at is null)
         or (statut = 'NEED_VALIDATION' and validated_at is not null)
         or (statut = 'ACTIVE' and closed_at is not null)
         or insee_occupant is null or geoloc_lat is null or length(code_suivi) < 32`,
    );
    assert.deepEqual(bad, []);
    const noAffectation = await q<{ n: number }>(
      `select count(*)::int as n from affectation a join signalement s on s.id = a.signalement_id
       where s.statut in ('NEED_VALIDATION', 'REFUSED')`,
    );
    assert.equal(noAffectation[0]!.n, 0);
    const codes = await q<{ n: number; d: number }>(
      'select count(*)::int as n, count(distinct code_suivi)::int as d from signalement',
    );
    assert.equal(codes[0]!.n, codes[0]!.d);
  });

  test('coordinates lie in the territory bbox and the INSEE code is a commune of the territory', async () => {
    const bad = await q<{ reference: string }>(
      `select s.reference from signalement s join territoire t on t.id = s.territoire_id
       where s.geoloc_lat not between (t.bbox->>'s')::numeric and (t.bbox->>'n')::numeric
          or s.geoloc_lng not between (t.bbox->>'w')::numeric and (t.bbox->>'e')::numeric
          or not exists (select 1 from commune c where c.code_insee = s.insee_occupant
                           and c.code_postal = s.cp_occupant and c.territoire_id = t.id)`,
    );
    assert.deepEqual(bad, []);
  });

  test('every affectation status in every territory; each named agent sees all of them', async () => {
    const rows = await q<{ code: string; statut: string }>(
      `select distinct t.code, a.statut from affectation a join territoire t on t.id = a.territoire_id`,
    );
    for (const code of TERRITORIES) {
      for (const statut of AFFECTATION_STATUTS) {
        assert.ok(
          rows.some((r) => r.code === code && r.statut === statut),
          `${code} has a ${statut} affectation`,
        );
      }
    }
    for (const email of ['agent-13@histologe.test', 'agent-01@histologe.test', 'agent-34@histologe.test']) {
      const seen = await q<{ affectation: string; signalement: string }>(
        `select distinct a.statut as affectation, s.statut as signalement
         from utilisateur u join utilisateur_partenaire up on up.utilisateur_id = u.id
         join affectation a on a.partenaire_id = up.partenaire_id join signalement s on s.id = a.signalement_id
         where u.email = $1`,
        [email],
      );
      for (const statut of AFFECTATION_STATUTS) {
        assert.ok(
          seen.some((r) => r.affectation === statut),
          `${email} has a ${statut} affectation`,
        );
      }
      assert.ok(new Set(seen.map((r) => r.signalement)).size >= 2, `${email} sees several dossier statuses`);
    }
    const answered = await q<{ n: number }>(
      `select count(*)::int as n from affectation where
         (statut = 'NOUVEAU' and answered_at is not null)
         or (statut <> 'NOUVEAU' and (answered_at is null or answered_by_id is null))
         or (statut = 'REFUSE' and motif_refus is null) or (statut = 'FERME' and motif_cloture is null)`,
    );
    assert.equal(answered[0]!.n, 0);
  });

  test('2 to 8 précisions each; stored scores are the criticité of those précisions', async () => {
    const rows = await q<{
      id: number;
      score: number;
      score_batiment: number;
      score_logement: number;
      tcl: Record<string, unknown>;
      precisions: { coef: number; zone: 'BATIMENT' | 'LOGEMENT' }[];
    }>(
      `select s.id, s.score, s.score_batiment, s.score_logement, s.type_composition_logement as tcl,
              json_agg(json_build_object('coef', p.coef, 'zone', c.zone_categorie)) as precisions
       from signalement s
       join signalement_desordre_precision sdp on sdp.signalement_id = s.id
       join desordre_precision p on p.id = sdp.desordre_precision_id
       join desordre_critere c on c.id = p.desordre_critere_id
       group by s.id`,
    );
    const total = await q<{ n: number }>('select count(*)::int as n from signalement');
    assert.equal(rows.length, total[0]!.n, 'every signalement has précisions');
    for (const r of rows) {
      assert.ok(r.precisions.length >= 2 && r.precisions.length <= 8, `${r.precisions.length} précisions`);
      assert.ok(r.score >= 0 && r.score <= 100);
      const expected = computeCriticite({
        precisions: r.precisions.map((p) => ({ coef: Number(p.coef), zone: p.zone })),
        hasChildren: r.tcl.compositionLogementEnfants === 'oui',
      });
      assert.deepEqual(
        { score: r.score, scoreBatiment: r.score_batiment, scoreLogement: r.score_logement },
        expected,
      );
    }
  });

  test('suspected qualifications exist and point at selected précisions', async () => {
    const rows = await q<{ qualification: string; status: string; ok: boolean }>(
      `select q.qualification, q.status,
              q.desordre_precision_ids <@ array(select desordre_precision_id from signalement_desordre_precision
                                                where signalement_id = q.signalement_id) as ok
       from signalement_qualification q`,
    );
    assert.ok(rows.length >= 60, `${rows.length} qualifications`);
    assert.ok(rows.every((r) => r.ok));
    assert.ok(rows.some((r) => r.qualification === 'INSALUBRITE'));
    assert.ok(rows.some((r) => r.qualification === 'NON_DECENCE'));
  });

  test('references are YYYY-N, unique and in creation order per territory; counters hold the last number', async () => {
    const rows = await q<{ territoire_id: number; reference: string; created_at: Date }>(
      'select territoire_id, reference, created_at from signalement order by territoire_id, created_at',
    );
    const byKey = new Map<string, number[]>();
    for (const r of rows) {
      const ref = parseReference(r.reference);
      assert.ok(ref, r.reference);
      const key = `${r.territoire_id}|${ref.year}`;
      byKey.set(key, [...(byKey.get(key) ?? []), ref.number]);
    }
    const counters = await q<{ territoire_id: number; year: number; last_value: number }>(
      'select * from signalement_reference_counter',
    );
    assert.equal(counters.length, byKey.size);
    for (const [key, numbers] of byKey) {
      assert.deepEqual(
        numbers,
        numbers.map((_, i) => i + 1),
        `${key}: 1..n in creation order`,
      );
      const [territoireId, year] = key.split('|').map(Number);
      const counter = counters.find((c) => c.territoire_id === territoireId && c.year === year)!;
      assert.equal(counter.last_value, Math.max(...numbers));
    }
  });

  test('suivis: type follows the category, chronology, and the denormalised last activity', async () => {
    const suivis = await q<{ category: string; type: number }>('select distinct category, type from suivi');
    for (const s of suivis) {
      assert.ok(isSuiviCategory(s.category), s.category);
      assert.equal(s.type, suiviTypeOf(s.category), s.category);
    }
    for (const c of [
      'SIGNALEMENT_IS_ACTIVE',
      'SIGNALEMENT_IS_REFUSED',
      'SIGNALEMENT_IS_CLOSED',
      'SIGNALEMENT_IS_REOPENED',
      'AFFECTATION_IS_ACCEPTED',
      'AFFECTATION_IS_REFUSED',
      'AFFECTATION_IS_CLOSED',
      'MESSAGE_PARTNER',
      'MESSAGE_USAGER',
      'NEW_DOCUMENT',
      'ASK_DOCUMENT',
      'DEMANDE_ABANDON_PROCEDURE',
      'DEMANDE_POURSUITE_PROCEDURE',
    ]) {
      assert.ok(
        suivis.some((s) => s.category === c),
        c,
      );
    }
    const visibility = await q<{ visible: boolean }>(
      `select distinct is_visible_for_usager as visible from suivi where category = 'MESSAGE_PARTNER'`,
    );
    assert.equal(visibility.length, 2, 'public and internal partner messages');
    const last = await q<{ reference: string }>(
      `select s.reference from signalement s
       where s.last_suivi_at is distinct from (select max(created_at) from suivi where signalement_id = s.id)
          or s.last_suivi_by is null or s.last_suivi_is_visible_for_usager is null
          or exists (select 1 from suivi x where x.signalement_id = s.id and (x.created_at < s.created_at or x.created_at > now()))`,
    );
    assert.deepEqual(last, []);
  });

  test('photos with thumbnails and PDF documents are in the storage', async () => {
    const files = await q<{
      storage_key: string;
      mime_type: string;
      size: number;
      variants: Record<string, string>;
      document_type: string;
      is_visible_for_usager: boolean;
    }>('select storage_key, mime_type, size, variants, document_type, is_visible_for_usager from fichier');
    const dossiers = await q<{ n: number }>(
      'select count(distinct signalement_id)::int as n from fichier where document_type = $1',
      ['PHOTO_SITUATION'],
    );
    assert.ok(dossiers[0]!.n >= 12, `${dossiers[0]!.n} dossiers with photos`);
    assert.ok(files.some((f) => f.mime_type === 'application/pdf' && !f.is_visible_for_usager));
    for (const f of files) {
      const body = await readFile(path.join(filesDir, f.storage_key));
      assert.equal(body.length, f.size);
      if (f.mime_type === 'image/jpeg') {
        assert.deepEqual([...body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
        assert.ok(f.variants.thumb, 'thumbnail variant');
        const thumb = await readFile(path.join(filesDir, f.variants.thumb));
        assert.deepEqual([...thumb.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      } else {
        assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
        assert.ok(body.subarray(-6).toString('latin1').includes('%%EOF'));
      }
    }
  });

  test('subscriptions, tags, notifications and history', async () => {
    const rt = await q<{ missing: number }>(
      `select count(*)::int as missing from signalement s join territoire t on t.id = s.territoire_id
       where s.statut = 'ACTIVE' and not exists (
         select 1 from abonnement a join utilisateur u on u.id = a.utilisateur_id
         where a.signalement_id = s.id and u.role = 'ROLE_ADMIN_TERRITORY')`,
    );
    assert.equal(rt[0]!.missing, 0, 'RTs follow every active dossier');
    const agents = await q<{ n: number }>(
      `select count(*)::int as n from abonnement a join utilisateur u on u.id = a.utilisateur_id
       where u.role = 'ROLE_USER_PARTNER'`,
    );
    assert.ok(agents[0]!.n > 10);
    const tags = await q<{ n: number }>('select count(*)::int as n from tag_signalement');
    assert.ok(tags[0]!.n > 0);
    const notifications = await q<{ type: string; unread: number }>(
      `select type, count(*) filter (where not is_seen)::int as unread from notification group by type`,
    );
    for (const type of ['NOUVEAU_SIGNALEMENT', 'NOUVELLE_AFFECTATION']) {
      const n = notifications.find((r) => r.type === type);
      assert.ok(n && n.unread > 0, `unread ${type}`);
    }
    const history = await q<{ n: number }>(
      `select count(*)::int as n from history_entry where event = 'CREATE' and entity_name = 'Signalement'`,
    );
    const total = await q<{ n: number }>('select count(*)::int as n from signalement');
    assert.equal(history[0]!.n, total[0]!.n);
  });

  test('a second run does nothing', async () => {
    const before = await q<{ n: number }>('select count(*)::int as n from signalement');
    const again = await seedDemo(t.database.db, storage);
    assert.equal(again.created, false);
    assert.equal(again.accounts.length, 8);
    const afterRun = await q<{ n: number }>('select count(*)::int as n from signalement');
    assert.equal(afterRun[0]!.n, before[0]!.n);
    // Reported for the record (seed duration on this engine).
    const counts = await sql<{ code: string; n: number }>`
      select t.code, count(*)::int as n from signalement s join territoire t on t.id = s.territoire_id group by t.code
    `.execute(t.database.db);
    console.log(`# ${logs.join(' | ')} | ${counts.rows.map((r) => `${r.code}=${r.n}`).join(' ')}`);
  });
});
