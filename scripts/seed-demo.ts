/**
 * Demo data: three active territories (13, 01, 34) with partners, accounts, ~60 signalements in every status,
 * their affectations, suivis, photos and documents, subscriptions, tags, notifications and history.
 *
 * - Idempotent: nothing happens when admin@histologe.test exists.
 * - One transaction: a failure leaves the database untouched (files already written stay, unreferenced).
 * - Deterministic content (seeded PRNG); dates are offsets from "now" so that the data always looks recent.
 *   Identifiers (uuid, code de suivi) are random: they must stay unguessable even on a demo instance.
 *
 * `npm run seed:demo` runs it (scripts/seed-demo-cli.ts); `npm start` runs it on the embedded database.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import sharp from 'sharp';
import { defaultCompetences, type PartnerType } from '../src/domain/competences.ts';
import {
  computeCriticite,
  type DesordreZone,
  hasChildrenFromComposition,
  suroccupationPrecisionSlug,
} from '../src/domain/criticite.ts';
import { computeSuspectedQualifications, ndeInputFromComposition } from '../src/domain/qualifications.ts';
import { formatReference } from '../src/domain/reference.ts';
import {
  type AffectationStatus,
  MOTIF_CLOTURE_LABELS,
  MOTIF_REFUS_LABELS,
  type MotifCloture,
  type MotifRefus,
  type SignalementStatus,
  type SuiviCategory,
  suiviTypeOf,
} from '../src/domain/statuts.ts';
import { hashPassword } from '../src/features/auth/auth.service.ts';
import type { DB, UserRole } from '../src/infra/db/schema.ts';
import type { FileStorage } from '../src/infra/storage.ts';

export const DEMO_PASSWORD = 'Demo-Histologe-2026';

export interface DemoAccount {
  email: string;
  role: UserRole;
  label: string;
}

/** The accounts shown on the sign-in page of a demo instance (all with DEMO_PASSWORD). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@histologe.test', role: 'ROLE_ADMIN', label: 'Super administrateur (national)' },
  {
    email: 'rt-13@histologe.test',
    role: 'ROLE_ADMIN_TERRITORY',
    label: 'Responsable de territoire – Bouches-du-Rhône (13)',
  },
  {
    email: 'rt-01@histologe.test',
    role: 'ROLE_ADMIN_TERRITORY',
    label: 'Responsable de territoire – Ain (01)',
  },
  {
    email: 'rt-34@histologe.test',
    role: 'ROLE_ADMIN_TERRITORY',
    label: 'Responsable de territoire – Hérault (34)',
  },
  {
    email: 'ap-13@histologe.test',
    role: 'ROLE_ADMIN_PARTNER',
    label: 'Administrateur partenaire – Ville de Marseille (13)',
  },
  { email: 'agent-13@histologe.test', role: 'ROLE_USER_PARTNER', label: 'Agent – Ville de Marseille (13)' },
  {
    email: 'agent-01@histologe.test',
    role: 'ROLE_USER_PARTNER',
    label: 'Agent – Ville de Bourg-en-Bresse (01)',
  },
  { email: 'agent-34@histologe.test', role: 'ROLE_USER_PARTNER', label: 'Agent – Ville de Montpellier (34)' },
];

export interface SeedDemoOptions {
  log?: (msg: string) => void;
  /** Reference instant for the relative dates (tests). */
  now?: Date;
}

export interface SeedDemoResult {
  created: boolean;
  accounts: { email: string; role: string; label: string }[];
  durationMs?: number;
}

const LOCK_KEY = 7_411_003;

/**
 * schema.ts declares most `created_at` columns as Generated<Timestamp>, which Kysely's types turn into a
 * column type that accepts nothing on insert; the seed must set them, hence this escape hatch.
 */
const ts = (d: Date | null | undefined): any => d;
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Trx = Transaction<DB>;

export async function seedDemo(
  db: Kysely<DB>,
  storage: FileStorage,
  opts: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  const log = opts.log ?? (() => {});
  const accounts = DEMO_ACCOUNTS.map((a) => ({ ...a }));
  const started = performance.now();
  // Cheap check first, outside any transaction, so that a normal start costs one query.
  if (await adminExists(db)) return { created: false, accounts };

  // CPU-bound work before the transaction, to keep it short.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const assets = await buildAssets();
  const now = opts.now ?? new Date();

  const summary = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    if (await adminExists(trx)) return null;
    return new DemoSeeder(trx, storage, assets, passwordHash, now).run();
  });
  if (!summary) return { created: false, accounts };
  const durationMs = Math.round(performance.now() - started);
  log(`Données de démonstration créées en ${durationMs} ms : ${summary}`);
  return { created: true, accounts, durationMs };
}

async function adminExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('utilisateur')
    .select('id')
    .where(sql<boolean>`lower(email) = ${DEMO_ACCOUNTS[0]!.email}`)
    .executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: small, fast and good enough for demo data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return Math.floor(this.float(min, max + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly [T, number][]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Files: a few JPEG photos (with a thumbnail) and a tiny PDF, generated once and reused.

interface Assets {
  photos: { image: Buffer; thumb: Buffer }[];
  pdf: (title: string, lines: string[]) => Buffer;
}

const WALLS = ['#d9cfbf', '#c8c1b2', '#e2d8c4', '#b9b3a6', '#d4c7ad', '#cbd0c8'];

async function buildAssets(): Promise<Assets> {
  const rng = new Rng(4242);
  const photos = await Promise.all(
    WALLS.map(async (wall) => {
      const spots = Array.from(
        { length: rng.int(4, 9) },
        () =>
          `<ellipse cx="${rng.int(40, 600)}" cy="${rng.int(30, 300)}" rx="${rng.int(15, 70)}" ry="${rng.int(10, 45)}" fill="#3f4a38" opacity="${rng.float(0.35, 0.8).toFixed(2)}"/>`,
      ).join('');
      const crack = Array.from({ length: 6 }, (_, i) => `${120 + i * 70},${rng.int(60, 420)}`).join(' ');
      const svg =
        '<svg width="640" height="480" xmlns="http://www.w3.org/2000/svg">' +
        `<rect x="0" y="360" width="640" height="120" fill="#8a6f55"/>` +
        `<rect x="${rng.int(60, 380)}" y="70" width="180" height="200" fill="#9fb8c9" stroke="#f4f1ea" stroke-width="10"/>` +
        spots +
        `<polyline points="${crack}" fill="none" stroke="#5b5247" stroke-width="3"/>` +
        '</svg>';
      const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: wall } })
        .composite([{ input: Buffer.from(svg) }])
        .jpeg({ quality: 72 })
        .toBuffer();
      const thumb = await sharp(image).resize(240, 180).jpeg({ quality: 70 }).toBuffer();
      return { image, thumb };
    }),
  );
  return { photos, pdf: buildPdf };
}

/** A one-page PDF with Helvetica text: only Latin-1 characters (WinAnsi encoding). */
function buildPdf(title: string, lines: string[]): Buffer {
  const esc = (s: string) =>
    s
      .replace(/[’‘]/g, "'")
      .replace(/[\\()]/g, (c) => `\\${c}`)
      .replace(/[^\x20-\xff]/g, '-');
  const text = [`/F1 16 Tf (${esc(title)}) Tj`, '/F1 11 Tf', ...lines.map((l) => `T* (${esc(l)}) Tj`)];
  const content = `BT\n72 770 Td\n18 TL\n${text.join('\n')}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------------------------------------------------
// Plans (rows before their database ids are known)

interface CatalogPrecision {
  id: number;
  slug: string;
  coef: number;
  zone: DesordreZone;
  critereSlug: string;
  appContext: string;
  isDanger: boolean;
  isInsalubrite: boolean;
  isSuroccupation: boolean;
  qualifications: string[];
}

interface PartnerRow {
  id: number;
  nom: string;
  key: PartnerKey;
}

interface UserRow {
  id: number;
  email: string;
  role: UserRole;
  statut: 'ACTIVE' | 'INACTIVE';
  partner: PartnerKey;
  name: string;
}

interface SuiviPlan {
  uuid: string;
  category: SuiviCategory;
  description: string;
  createdAt: Date;
  createdById: number | null;
  partenaireId: number | null;
  usagerRole: 'OCCUPANT' | 'DECLARANT' | null;
  isVisibleForUsager: boolean;
  fileUuids?: string[];
}

interface AffectationPlan {
  uuid: string;
  partner: PartnerRow;
  statut: AffectationStatus;
  createdAt: Date;
  answeredAt: Date | null;
  answeredById: number | null;
  affectedById: number;
  motifRefus: MotifRefus | null;
  motifCloture: MotifCloture | null;
}

interface FilePlan {
  uuid: string;
  storageKey: string;
  body: Buffer;
  thumbKey?: string;
  thumb?: Buffer;
  filename: string;
  title: string;
  extension: string;
  mimeType: string;
  documentType: string;
  description: string | null;
  desordreSlug: string | null;
  datePriseDeVue: string | null;
  isVisibleForUsager: boolean;
  uploadedById: number | null;
  uploadedByUsager: boolean;
  partenaireId: number | null;
  createdAt: Date;
}

interface NotificationPlan {
  userId: number;
  type: string;
  suiviUuid?: string;
  affectationUuid?: string;
  description: string;
  createdAt: Date;
  seenAt: Date | null;
}

interface DossierPlan {
  uuid: string;
  territoireId: number;
  createdAt: Date;
  row: Omit<Insertable<DB['signalement']>, 'reference' | 'codeSuivi' | 'territoireId' | 'uuid'>;
  precisionIds: number[];
  qualifications: {
    qualification: string;
    status: string;
    desordrePrecisionIds: number[];
    details: Record<string, unknown>;
  }[];
  affectations: AffectationPlan[];
  suivis: SuiviPlan[];
  files: FilePlan[];
  subscriptions: Map<number, { createdAt: Date; createdById: number }>;
  notifications: NotificationPlan[];
  tags: string[];
  reference?: string;
}

// ---------------------------------------------------------------------------------------------------------

const slugify = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

const parisYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' });

const phone = (rng: Rng) =>
  `0${rng.pick(['6', '7', '6', '4'])}${Array.from({ length: 8 }, () => rng.int(0, 9)).join('')}`;

class DemoSeeder {
  private readonly counts = { partenaires: 0, utilisateurs: 0 };
  private readonly perTerritory: string[] = [];

  constructor(
    private readonly trx: Trx,
    private readonly storage: FileStorage,
    private readonly assets: Assets,
    private readonly passwordHash: string,
    private readonly now: Date,
  ) {}

  async run(): Promise<string> {
    const trx = this.trx;
    const codes = TERRITORIES.map((t) => t.code);
    await trx.updateTable('territoire').set({ isActive: true }).where('code', 'in', codes).execute();
    const territoires = await trx
      .selectFrom('territoire')
      .select(['id', 'code', 'nom', 'bbox'])
      .where('code', 'in', codes)
      .execute();
    const catalogue = await this.loadCatalogue();
    const communes = await this.loadCommunes();

    const adminId = await this.createNational();

    const dossiers: DossierPlan[] = [];
    for (const def of TERRITORIES) {
      const territoire = territoires.find((t) => t.code === def.code);
      if (!territoire)
        throw new Error(`Territoire ${def.code} absent : chargez d’abord les données de référence.`);
      const partners = await this.createPartners(def, territoire.id);
      const users = await this.createUsers(def, partners);
      const generator = new TerritoryGenerator(
        def,
        territoire,
        partners,
        users,
        adminId,
        catalogue,
        communes,
        this.assets,
        this.now,
      );
      const planned = generator.build();
      dossiers.push(...planned);
      this.perTerritory.push(`${def.code} : ${planned.length} signalements`);
    }

    await this.assignReferences(dossiers);
    await this.writeFiles(dossiers);
    const stats = await this.insertDossiers(dossiers);
    await this.createTags(dossiers, territoires);
    return (
      `${this.counts.partenaires} partenaires, ${this.counts.utilisateurs} comptes, ${dossiers.length} signalements ` +
      `(${this.perTerritory.join(', ')}), ${stats}`
    );
  }

  private async loadCatalogue(): Promise<CatalogPrecision[]> {
    const rows = await this.trx
      .selectFrom('desordrePrecision as p')
      .innerJoin('desordreCritere as c', 'c.id', 'p.desordreCritereId')
      .innerJoin('desordreCategorie as k', 'k.id', 'c.desordreCategorieId')
      .select([
        'p.id',
        'p.slug',
        'p.coef',
        'c.zoneCategorie',
        'c.slugCritere',
        'k.appContext',
        'p.isDanger',
        'p.isInsalubrite',
        'p.isSuroccupation',
        'p.qualifications',
      ])
      .orderBy('p.id')
      .execute();
    if (rows.length === 0)
      throw new Error('Catalogue des désordres vide : chargez d’abord les données de référence.');
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      coef: Number(r.coef),
      zone: r.zoneCategorie,
      critereSlug: r.slugCritere,
      appContext: r.appContext,
      isDanger: r.isDanger,
      isInsalubrite: r.isInsalubrite,
      isSuroccupation: r.isSuroccupation,
      qualifications: r.qualifications,
    }));
  }

  /** (postcode, INSEE) → commune name, for every street of the demo. */
  private async loadCommunes(): Promise<Map<string, string>> {
    const insee = [
      ...new Set(
        TERRITORIES.flatMap((t) =>
          Object.values(t.streets)
            .flat()
            .map((s) => s.insee),
        ),
      ),
    ];
    const rows = await this.trx
      .selectFrom('commune')
      .select(['codeInsee', 'codePostal', 'nom'])
      .where('codeInsee', 'in', insee)
      .execute();
    const map = new Map<string, string>();
    for (const r of rows) map.set(`${r.codePostal}|${r.codeInsee}`, r.nom);
    for (const t of TERRITORIES) {
      for (const s of Object.values(t.streets).flat()) {
        if (!map.has(`${s.cp}|${s.insee}`)) {
          throw new Error(`Commune ${s.insee} (${s.cp}) absente de la table des communes.`);
        }
      }
    }
    return map;
  }

  private async createNational(): Promise<number> {
    const partner = await this.trx
      .insertInto('partenaire')
      .values({
        nom: NATIONAL_PARTNER.nom,
        type: NATIONAL_PARTNER.type,
        email: NATIONAL_PARTNER.email,
        territoireId: null,
        competences: defaultCompetences(NATIONAL_PARTNER.type),
        createdAt: ts(new Date(this.now.getTime() - 720 * DAY)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const admin = await this.trx
      .insertInto('utilisateur')
      .values({
        email: ADMIN_USER.email,
        role: 'ROLE_ADMIN',
        statut: 'ACTIVE',
        prenom: ADMIN_USER.prenom,
        nom: ADMIN_USER.nom,
        fonction: ADMIN_USER.fonction,
        passwordHash: this.passwordHash,
        lastLoginAt: new Date(this.now.getTime() - 2 * DAY),
        createdAt: ts(new Date(this.now.getTime() - 700 * DAY)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.trx
      .insertInto('utilisateurPartenaire')
      .values({ utilisateurId: admin.id, partenaireId: partner.id })
      .execute();
    this.counts.partenaires += 1;
    this.counts.utilisateurs += 1;
    return admin.id;
  }

  private async createPartners(
    def: TerritoryDef,
    territoireId: number,
  ): Promise<Map<PartnerKey, PartnerRow>> {
    const rows = await this.trx
      .insertInto('partenaire')
      .values(
        def.partners.map((p, i) => ({
          territoireId,
          nom: p.nom,
          type: p.type,
          email: p.email,
          emailNotifiable: p.emailNotifiable ?? p.email !== null,
          competences: defaultCompetences(p.type),
          insee: p.insee ?? [],
          isArchive: p.isArchive ?? false,
          createdAt: ts(new Date(this.now.getTime() - (600 - i * 7) * DAY)),
        })),
      )
      .returning(['id', 'nom'])
      .execute();
    this.counts.partenaires += rows.length;
    const map = new Map<PartnerKey, PartnerRow>();
    for (const p of def.partners) {
      const row = rows.find((r) => r.nom === p.nom)!;
      map.set(p.key, { id: row.id, nom: p.nom, key: p.key });
    }
    return map;
  }

  private async createUsers(def: TerritoryDef, partners: Map<PartnerKey, PartnerRow>): Promise<UserRow[]> {
    const rng = new Rng(def.seed + 7);
    const defs = def.users.map((u) => ({
      ...u,
      email: u.email ?? `${slugify(u.prenom)}.${slugify(u.nom)}@histologe.test`,
      statut: u.statut ?? 'ACTIVE',
    }));
    const rows = await this.trx
      .insertInto('utilisateur')
      .values(
        defs.map((u) => ({
          email: u.email,
          role: u.role,
          statut: u.statut,
          prenom: u.prenom,
          nom: u.nom,
          fonction: u.fonction,
          telephone: rng.chance(0.6) ? `04${Array.from({ length: 8 }, () => rng.int(0, 9)).join('')}` : null,
          // Inactive accounts were created but never activated: no password yet.
          passwordHash: u.statut === 'ACTIVE' ? this.passwordHash : null,
          isMailingSummary: rng.chance(0.25),
          lastLoginAt: u.statut === 'ACTIVE' ? new Date(this.now.getTime() - rng.float(0.2, 20) * DAY) : null,
          createdAt: ts(new Date(this.now.getTime() - rng.float(200, 650) * DAY)),
        })),
      )
      .returning(['id', 'email'])
      .execute();
    const users: UserRow[] = defs.map((u) => ({
      id: rows.find((r) => r.email === u.email)!.id,
      email: u.email,
      role: u.role,
      statut: u.statut,
      partner: u.partner,
      name: `${u.prenom} ${u.nom}`,
    }));
    await this.trx
      .insertInto('utilisateurPartenaire')
      .values(users.map((u) => ({ utilisateurId: u.id, partenaireId: partners.get(u.partner)!.id })))
      .execute();
    this.counts.utilisateurs += users.length;
    return users;
  }

  /** References in creation order, per territory and year, following any counter already in place. */
  private async assignReferences(dossiers: DossierPlan[]): Promise<void> {
    const existing = await this.trx.selectFrom('signalementReferenceCounter').selectAll().execute();
    const counters = new Map<string, number>();
    for (const c of existing) counters.set(`${c.territoireId}|${c.year}`, c.lastValue);
    const sorted = [...dossiers].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const d of sorted) {
      const year = Number(parisYear.format(d.createdAt));
      const key = `${d.territoireId}|${year}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      d.reference = formatReference(year, n);
    }
    const values = [...counters].map(([key, lastValue]) => {
      const [territoireId, year] = key.split('|').map(Number);
      return { territoireId: territoireId!, year: year!, lastValue };
    });
    await this.trx
      .insertInto('signalementReferenceCounter')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['territoireId', 'year']).doUpdateSet({
          lastValue: sql<number>`greatest(signalement_reference_counter.last_value, excluded.last_value)`,
        }),
      )
      .execute();
  }

  private async writeFiles(dossiers: DossierPlan[]): Promise<void> {
    const files = dossiers.flatMap((d) => d.files);
    // A few at a time: enough to overlap I/O without opening dozens of S3 requests at once.
    for (let i = 0; i < files.length; i += 8) {
      await Promise.all(
        files.slice(i, i + 8).map(async (f) => {
          await this.storage.put(f.storageKey, f.body, { contentType: f.mimeType });
          if (f.thumbKey && f.thumb)
            await this.storage.put(f.thumbKey, f.thumb, { contentType: 'image/jpeg' });
        }),
      );
    }
  }

  private async insertDossiers(dossiers: DossierPlan[]): Promise<string> {
    const trx = this.trx;
    const signalements = await trx
      .insertInto('signalement')
      .values(
        dossiers.map((d) => ({
          ...d.row,
          uuid: d.uuid,
          reference: d.reference!,
          codeSuivi: randomBytes(24).toString('base64url'),
          territoireId: d.territoireId,
        })),
      )
      .returning(['id', 'uuid'])
      .execute();
    const signalementId = new Map(signalements.map((s) => [s.uuid, s.id]));
    const idOf = (d: DossierPlan) => signalementId.get(d.uuid)!;

    const precisions = dossiers.flatMap((d) =>
      d.precisionIds.map((desordrePrecisionId) => ({ signalementId: idOf(d), desordrePrecisionId })),
    );
    await trx.insertInto('signalementDesordrePrecision').values(precisions).execute();

    const qualifications = dossiers.flatMap((d) =>
      d.qualifications.map((q) => ({
        signalementId: idOf(d),
        qualification: q.qualification,
        status: q.status,
        desordrePrecisionIds: q.desordrePrecisionIds,
        details: JSON.stringify(q.details),
        createdAt: ts(d.createdAt),
        updatedAt: ts(d.createdAt),
      })),
    );
    if (qualifications.length)
      await trx.insertInto('signalementQualification').values(qualifications).execute();

    const affectationPlans = dossiers.flatMap((d) => d.affectations.map((a) => ({ d, a })));
    const affectations = affectationPlans.length
      ? await trx
          .insertInto('affectation')
          .values(
            affectationPlans.map(({ d, a }) => ({
              uuid: a.uuid,
              signalementId: idOf(d),
              partenaireId: a.partner.id,
              territoireId: d.territoireId,
              statut: a.statut,
              createdAt: ts(a.createdAt),
              answeredAt: a.answeredAt,
              answeredById: a.answeredById,
              affectedById: a.affectedById,
              motifRefus: a.motifRefus,
              motifCloture: a.motifCloture,
            })),
          )
          .returning(['id', 'uuid'])
          .execute()
      : [];
    const affectationId = new Map(affectations.map((a) => [a.uuid, a.id]));

    const filePlans = dossiers.flatMap((d) => d.files.map((f) => ({ d, f })));
    const files = filePlans.length
      ? await trx
          .insertInto('fichier')
          .values(
            filePlans.map(({ d, f }) => ({
              uuid: f.uuid,
              signalementId: idOf(d),
              storageKey: f.storageKey,
              filename: f.filename,
              title: f.title,
              extension: f.extension,
              mimeType: f.mimeType,
              size: f.body.length,
              documentType: f.documentType,
              description: f.description,
              desordreSlug: f.desordreSlug,
              datePriseDeVue: f.datePriseDeVue,
              isVisibleForUsager: f.isVisibleForUsager,
              variants: JSON.stringify(f.thumbKey ? { thumb: f.thumbKey } : {}),
              uploadedById: f.uploadedById,
              uploadedByUsager: f.uploadedByUsager,
              partenaireId: f.partenaireId,
              createdAt: ts(f.createdAt),
            })),
          )
          .returning(['id', 'uuid'])
          .execute()
      : [];
    const fichierId = new Map(files.map((f) => [f.uuid, f.id]));

    const suiviPlans = dossiers.flatMap((d) => d.suivis.map((s) => ({ d, s })));
    const suivis: { id: number; uuid: string }[] = [];
    // Chunked: one statement per ~400 rows keeps well below the bind-parameter limit.
    for (let i = 0; i < suiviPlans.length; i += 400) {
      const chunk = suiviPlans.slice(i, i + 400);
      suivis.push(
        ...(await trx
          .insertInto('suivi')
          .values(
            chunk.map(({ d, s }) => ({
              uuid: s.uuid,
              signalementId: idOf(d),
              createdAt: ts(s.createdAt),
              createdById: s.createdById,
              partenaireId: s.partenaireId,
              usagerRole: s.usagerRole,
              description: s.description,
              isVisibleForUsager: s.isVisibleForUsager,
              type: suiviTypeOf(s.category),
              category: s.category,
            })),
          )
          .returning(['id', 'uuid'])
          .execute()),
      );
    }
    const suiviId = new Map(suivis.map((s) => [s.uuid, s.id]));

    const suiviFichiers = suiviPlans.flatMap(({ s }) =>
      (s.fileUuids ?? []).map((f) => ({ suiviId: suiviId.get(s.uuid)!, fichierId: fichierId.get(f)! })),
    );
    if (suiviFichiers.length) await trx.insertInto('suiviFichier').values(suiviFichiers).execute();

    const abonnements = dossiers.flatMap((d) =>
      [...d.subscriptions].map(([utilisateurId, s]) => ({
        utilisateurId,
        signalementId: idOf(d),
        createdById: s.createdById,
        createdAt: ts(s.createdAt),
      })),
    );
    if (abonnements.length) await trx.insertInto('abonnement').values(abonnements).execute();

    const notifications = dossiers.flatMap((d) =>
      d.notifications.map((n) => ({
        utilisateurId: n.userId,
        type: n.type,
        signalementId: idOf(d),
        suiviId: n.suiviUuid ? suiviId.get(n.suiviUuid)! : null,
        affectationId: n.affectationUuid ? affectationId.get(n.affectationUuid)! : null,
        description: n.description,
        isSeen: n.seenAt !== null,
        seenAt: n.seenAt,
        createdAt: ts(n.createdAt),
      })),
    );
    if (notifications.length) await trx.insertInto('notification').values(notifications).execute();

    await trx
      .insertInto('historyEntry')
      .values(
        dossiers.map((d) => ({
          event: 'CREATE' as const,
          entityName: 'Signalement',
          entityId: String(idOf(d)),
          changes: JSON.stringify({ reference: [null, d.reference], statut: [null, 'NEED_VALIDATION'] }),
          source: d.row.creationSource === 'FORM_PRO_BO' ? 'back-office' : 'formulaire',
          signalementId: idOf(d),
          utilisateurId: d.row.createdById ?? null,
          createdAt: ts(d.createdAt),
        })),
      )
      .execute();

    return (
      `${affectations.length} affectations, ${suivis.length} suivis, ${files.length} fichiers, ` +
      `${abonnements.length} abonnements, ${notifications.length} notifications`
    );
  }

  private async createTags(
    dossiers: DossierPlan[],
    territoires: { id: number; code: string }[],
  ): Promise<void> {
    const commission = new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      day: '2-digit',
      month: '2-digit',
    }).format(new Date(this.now.getTime() + 12 * DAY));
    const labels = [
      'Urgent',
      'Péril',
      `Commission du ${commission}`,
      'Relogement prioritaire',
      'Copropriété dégradée',
    ];
    const rows = await this.trx
      .insertInto('tag')
      .values(
        territoires.flatMap((t) => [
          ...labels.map((label) => ({ territoireId: t.id, label })),
          { territoireId: t.id, label: 'Ancienne OPAH', isArchive: true },
        ]),
      )
      .returning(['id', 'territoireId', 'label'])
      .execute();
    const ids = await this.trx
      .selectFrom('signalement')
      .select(['id', 'uuid'])
      .where(
        'uuid',
        'in',
        dossiers.filter((d) => d.tags.length).map((d) => d.uuid),
      )
      .execute();
    const idByUuid = new Map(ids.map((r) => [r.uuid, r.id]));
    const links = dossiers.flatMap((d) =>
      d.tags.map((label) => ({
        tagId: rows.find(
          (r) =>
            r.territoireId === d.territoireId &&
            r.label === label.replace('{commission}', `Commission du ${commission}`),
        )!.id,
        signalementId: idByUuid.get(d.uuid)!,
      })),
    );
    if (links.length) await this.trx.insertInto('tagSignalement').values(links).execute();
  }
}

// ---------------------------------------------------------------------------------------------------------
// One territory's dossiers

const PROFILES = [
  ...Array<'LOCATAIRE'>(8).fill('LOCATAIRE'),
  ...Array<'BAILLEUR_OCCUPANT'>(3).fill('BAILLEUR_OCCUPANT'),
  ...Array<'TIERS_PARTICULIER'>(3).fill('TIERS_PARTICULIER'),
  ...Array<'TIERS_PRO'>(3).fill('TIERS_PRO'),
  ...Array<'SERVICE_SECOURS'>(2).fill('SERVICE_SECOURS'),
  ...Array<'BAILLEUR'>(2).fill('BAILLEUR'),
];
type Profile = (typeof PROFILES)[number];

class TerritoryGenerator {
  private readonly rng: Rng;
  private readonly rt: UserRow;
  private readonly maxTime: number;
  private readonly streetsUsed = new Set<string>();
  private proFormUsed = false;

  constructor(
    private readonly def: TerritoryDef,
    private readonly territoire: {
      id: number;
      nom: string;
      bbox: { n: number; e: number; s: number; w: number } | null;
    },
    private readonly partners: Map<PartnerKey, PartnerRow>,
    private readonly users: UserRow[],
    private readonly adminId: number,
    private readonly catalogue: CatalogPrecision[],
    private readonly communes: Map<string, string>,
    private readonly assets: Assets,
    private readonly now: Date,
  ) {
    this.rng = new Rng(def.seed);
    this.rt = users.find((u) => u.role === 'ROLE_ADMIN_TERRITORY')!;
    this.maxTime = now.getTime() - 20 * 60_000;
  }

  build(): DossierPlan[] {
    // Profiles are shuffled per territory; the social-housing scenario keeps a tenant.
    const profiles = this.rng.shuffle(PROFILES) as Profile[];
    return SCENARIOS.map((scenario, i) => {
      let profile = profiles[i]!;
      if (scenario.logementSocial && profile !== 'LOCATAIRE') {
        const j = profiles.findIndex((p, k) => k > i && p === 'LOCATAIRE');
        if (j > 0) [profiles[i], profiles[j]] = [profiles[j]!, profile];
        profile = 'LOCATAIRE';
      }
      return this.dossier(scenario, profile);
    });
  }

  private partner(key: PartnerKey): PartnerRow {
    const p = this.partners.get(key);
    if (!p) throw new Error(`Partenaire ${key} manquant (${this.def.code})`);
    return p;
  }

  /** The agent who answers for a partner: its first active user that is not the territory's RT. */
  private agentOf(key: PartnerKey): UserRow {
    const u = this.users.find(
      (x) => x.partner === key && x.statut === 'ACTIVE' && x.role !== 'ROLE_ADMIN_TERRITORY',
    );
    return u ?? this.rt;
  }

  private activeUsersOf(key: PartnerKey): UserRow[] {
    return this.users.filter(
      (u) => u.partner === key && u.statut === 'ACTIVE' && u.role !== 'ROLE_ADMIN_TERRITORY',
    );
  }

  private street(zone: Scenario['zone']): StreetDef {
    const list =
      this.def.streets[zone ?? this.rng.pick(['pref', 'pref', 'other', 'second', 'ccas'] as const)];
    // Prefer a street not used yet, so that the map shows distinct points.
    const fresh = list.filter((s) => !this.streetsUsed.has(s.street));
    const s = this.rng.pick(fresh.length ? fresh : list);
    this.streetsUsed.add(s.street);
    return s;
  }

  private person(): { civilite: 'mme' | 'mr'; prenom: string; nom: string } {
    const female = this.rng.chance(0.55);
    return {
      civilite: female ? 'mme' : 'mr',
      prenom: this.rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
      nom: this.rng.pick(LAST_NAMES),
    };
  }

  private email(p: { prenom: string; nom: string }, domain = 'usagers.histologe.test'): string {
    return `${slugify(p.prenom)}.${slugify(p.nom)}${this.rng.int(1, 99)}@${domain}`;
  }

  /**
   * One précision per critère, as the form allows. Severe dossiers draw among the heaviest précisions and
   * include a dwelling unfit by nature (attic, cellar, no light): with at most 8 précisions that gives the
   * 25–45 % scores seen on real serious cases; moderate ones land around 10–25 %.
   */
  private pickPrecisions(profile: Profile, severity: Scenario['severity']): CatalogPrecision[] {
    const secours = profile === 'SERVICE_SECOURS';
    const minCoef = secours ? 0 : severity === 'severe' ? 3 : severity === 'moderate' ? 1.5 : 0;
    const pool = this.catalogue.filter(
      (p) => !p.isSuroccupation && (p.appContext === 'service_secours') === secours && p.coef >= minCoef,
    );
    const byCritere = new Map<string, CatalogPrecision[]>();
    for (const p of pool) byCritere.set(p.critereSlug, [...(byCritere.get(p.critereSlug) ?? []), p]);
    const chosen: CatalogPrecision[] = [];
    const take = (candidates: CatalogPrecision[], count: number) => {
      for (const p of this.rng.shuffle(candidates)) {
        if (count <= 0) break;
        if (!byCritere.has(p.critereSlug)) continue;
        chosen.push(p);
        byCritere.delete(p.critereSlug);
        count--;
      }
    };
    if (!secours && severity === 'severe') {
      take(
        pool.filter((p) => p.coef >= 12),
        2,
      );
      take(
        pool.filter((p) => p.zone === 'BATIMENT' && p.coef >= 4),
        this.rng.int(3, 4),
      );
    }
    const criteres = this.rng.shuffle([...byCritere.keys()]);
    const n = secours
      ? this.rng.int(2, 4)
      : severity === 'severe'
        ? this.rng.int(0, 1)
        : severity === 'moderate'
          ? this.rng.int(4, 6)
          : this.rng.int(2, 6);
    for (const c of criteres.slice(0, n)) chosen.push(this.rng.pick(byCritere.get(c)!));
    return chosen;
  }

  private dossier(scenario: Scenario, profile: Profile): DossierPlan {
    const rng = this.rng;
    const createdAt = new Date(this.now.getTime() - rng.float(scenario.age[0], scenario.age[1]) * DAY);
    const clock = new Clock(createdAt.getTime(), this.maxTime, rng);
    const street = this.street(scenario.zone);
    const villeFull = this.communes.get(`${street.cp}|${street.insee}`)!;
    // Arrondissements ("Marseille 1er Arrondissement") are written as the city by usagers and the BAN.
    const ville = villeFull.replace(/ \d+(er|e) Arrondissement$/, '');
    const { lat, lng } = this.jitter(street);

    // Household and dwelling
    const occupant = this.person();
    const nbAdultes = rng.int(1, 3);
    const nbEnfants = rng.chance(0.55) ? rng.int(1, 4) : 0;
    const nbEnfantsM6 = nbEnfants ? rng.int(0, nbEnfants) : 0;
    const nbOccupants = nbAdultes + nbEnfants;
    const overcrowded = rng.chance(0.2);
    const nature = rng.chance(0.75) ? 'appartement' : 'maison';
    let nbPieces = rng.int(1, 5);
    let superficie = Math.round(nbPieces * rng.float(9, 17) + rng.float(6, 18));
    if (overcrowded) {
      nbPieces = Math.max(1, Math.floor(nbOccupants / 2) - 1);
      superficie = Math.max(9, Math.round(9 * nbOccupants - rng.float(4, 12)));
    }
    const allocation = rng.weighted<'caf' | 'msa' | 'non' | 'nsp'>([
      ['caf', 45],
      ['msa', 5],
      ['non', 40],
      ['nsp', 10],
    ]);
    const situationFoyer: Record<string, unknown> = {
      logementSocialAllocation: allocation === 'caf' || allocation === 'msa' ? 'oui' : allocation,
      logementSocialAllocationCaisse: allocation === 'caf' || allocation === 'msa' ? allocation : null,
      logementSocialMontantAllocation:
        allocation === 'caf' || allocation === 'msa' ? String(rng.int(120, 420)) : null,
      logementSocialNumeroAllocataire:
        allocation === 'caf' || allocation === 'msa' ? String(rng.int(1_000_000, 9_999_999)) : null,
      logementSocialDemandeRelogement: rng.pick(['oui', 'non', 'non']),
      travailleurSocialQuitteLogement: rng.pick(['non', 'non', 'oui', 'nsp']),
      travailleurSocialPreavisDepart: 'non',
      travailleurSocialAccompagnement: rng.pick(['oui', 'non', 'non']),
    };

    const isOwner = profile === 'BAILLEUR_OCCUPANT';
    const isLogementSocial = !isOwner && (scenario.logementSocial === true || rng.chance(0.15));
    const dpeAnswer = rng.weighted<'oui' | 'non' | 'nsp'>([
      ['oui', 40],
      ['non', 25],
      ['nsp', 35],
    ]);
    const typeComposition: Record<string, unknown> = {
      typeLogementNature: nature,
      typeLogementRdc: nature === 'appartement' && rng.chance(0.2) ? 'oui' : 'non',
      typeLogementDernierEtage: nature === 'appartement' && rng.chance(0.2) ? 'oui' : 'non',
      compositionLogementPieceUnique: nbPieces === 1 ? 'piece_unique' : 'plusieurs_pieces',
      compositionLogementSuperficie: String(superficie),
      compositionLogementNbPieces: String(nbPieces),
      compositionLogementNombrePersonnes: String(nbOccupants),
      compositionLogementEnfants: nbEnfants > 0 ? 'oui' : 'non',
      compositionLogementNombreEnfants: nbEnfants > 0 ? String(nbEnfants) : null,
      typeLogementCommoditesCuisine: rng.chance(0.9) ? 'oui' : 'non',
      typeLogementCommoditesSalleDeBain: rng.chance(0.9) ? 'oui' : 'non',
      typeLogementCommoditesWc: rng.chance(0.92) ? 'oui' : 'non',
      bailDpeBail: isOwner ? null : rng.pick(['oui', 'oui', 'non', 'nsp']),
      bailDpeEtatDesLieux: isOwner ? null : rng.pick(['oui', 'non', 'nsp']),
      bailDpeDpe: dpeAnswer,
    };
    if (dpeAnswer === 'oui') {
      const classe = rng.weighted<string>([
        ['C', 8],
        ['D', 20],
        ['E', 25],
        ['F', 22],
        ['G', 20],
        ['nsp', 5],
      ]);
      const perM2 =
        classe === 'G'
          ? rng.int(420, 620)
          : classe === 'F'
            ? rng.int(330, 420)
            : classe === 'E'
              ? rng.int(250, 330)
              : rng.int(110, 250);
      const before2023 = rng.chance(0.5);
      typeComposition.bailDpeClasseEnergetique = classe;
      typeComposition.desordresLogementChauffageDetailsDpeAnnee = before2023 ? 'before2023' : 'post2023';
      if (before2023) typeComposition.desordresLogementChauffageDetailsDpeConso = String(perM2 * superficie);
      else typeComposition.desordresLogementChauffageDetailsDpeConsoFinale = String(perM2);
    }

    // Désordres, score and suspected qualifications (the same rules as the real form).
    const precisions = this.pickPrecisions(profile, scenario.severity);
    const suroccupationSlug = suroccupationPrecisionSlug({
      allocataire: situationFoyer.logementSocialAllocation as string,
      superficie,
      nbOccupants,
      nbPieces,
    });
    if (suroccupationSlug) precisions.push(this.catalogue.find((p) => p.slug === suroccupationSlug)!);
    const criticite = computeCriticite({
      precisions,
      hasChildren: hasChildrenFromComposition(typeComposition),
    });

    const assurance = rng.pick(['oui', 'non', 'non', 'pas_assurance_logement', 'nsp']);
    const bailleurPrevenu = isOwner ? null : rng.pick(['oui', 'oui', 'non']);
    const proprioAvertiAt =
      bailleurPrevenu === 'oui' ? isoDate(new Date(createdAt.getTime() - rng.float(20, 200) * DAY)) : null;
    const informationProcedure: Record<string, unknown> = {
      infoProcedureBailleurPrevenu: bailleurPrevenu,
      infoProcedureBailDate: proprioAvertiAt,
      infoProcedureBailMoyen:
        bailleurPrevenu === 'oui' ? rng.pick(['courrier', 'email', 'telephone', 'sms']) : null,
      infoProcedureAssuranceContactee: assurance,
      infoProcedureReponseAssurance:
        assurance === 'oui' ? 'L’assurance a indiqué que les dégâts relèvent du propriétaire.' : null,
      infoProcedureDepartApresTravaux: rng.pick(['oui', 'non', 'nsp']),
    };
    const qualifications = computeSuspectedQualifications({
      precisions,
      score: criticite.score,
      infoProcedureAssuranceContactee: assurance,
      dpe: ndeInputFromComposition(typeComposition, superficie),
    });

    // Declarant
    const tiers = profile !== 'LOCATAIRE' && profile !== 'BAILLEUR_OCCUPANT';
    const declarant = tiers ? this.person() : null;
    const lien = {
      TIERS_PARTICULIER: rng.pick(['PROCHE', 'VOISIN'] as const),
      TIERS_PRO: 'PRO',
      SERVICE_SECOURS: 'SECOURS',
      BAILLEUR: 'BAILLEUR',
    } as const;
    let structure: string | null = null;
    if (profile === 'TIERS_PRO') structure = `${rng.pick(TIERS_PRO_STRUCTURES)} – ${ville}`;
    if (profile === 'SERVICE_SECOURS') structure = this.def.secours;
    let creationSource = profile === 'SERVICE_SECOURS' ? 'FORM_SERVICE_SECOURS' : 'FORM_USAGER_V2';
    let createdById: number | null = null;
    let createdByPartenaireId: number | null = null;
    if (profile === 'TIERS_PRO' && !this.proFormUsed && scenario.statut !== 'NEED_VALIDATION') {
      // One dossier per territory was typed in the back-office by a partner's social worker.
      this.proFormUsed = true;
      const author = this.agentOf('asso');
      creationSource = 'FORM_PRO_BO';
      createdById = author.id;
      createdByPartenaireId = this.partner('asso').id;
      structure = this.partner('asso').nom;
    }

    // Owner
    const owner = isOwner ? null : profile === 'BAILLEUR' ? declarant : this.person();
    const agence = !isOwner && !isLogementSocial && rng.chance(0.3) ? rng.pick(this.def.agences) : null;

    const detailsText =
      profile === 'SERVICE_SECOURS'
        ? rng.pick(SECOURS_TEXTS)
        : profile === 'BAILLEUR'
          ? `Je suis propriétaire de ce logement. ${rng.pick(SITUATION_TEXTS)} Je souhaite être accompagné pour les travaux.`
          : tiers
            ? `Je signale la situation de ${occupant.civilite === 'mme' ? 'Mme' : 'M.'} ${occupant.nom}. ${rng.pick(SITUATION_TEXTS)}`
            : rng.pick(SITUATION_TEXTS);

    const annee = rng.weighted<number>([
      [rng.int(1880, 1948), 45],
      [rng.int(1949, 1975), 30],
      [rng.int(1976, 2005), 25],
    ]);

    const plan: DossierPlan = {
      uuid: randomUUID(),
      territoireId: this.territoire.id,
      createdAt,
      row: {
        statut: scenario.statut,
        creationSource,
        createdById,
        createdByPartenaireId,
        createdAt: ts(createdAt),
        updatedAt: ts(createdAt),
        profileDeclarant: profile,
        profileOccupant: isOwner ? 'BAILLEUR_OCCUPANT' : 'LOCATAIRE',
        isNotOccupant: tiers,
        lienDeclarantOccupant: tiers ? lien[profile as keyof typeof lien] : null,
        declarantNom: declarant?.nom ?? null,
        declarantPrenom: declarant?.prenom ?? null,
        declarantEmail: declarant
          ? this.email(
              declarant,
              profile === 'TIERS_PARTICULIER' || profile === 'BAILLEUR' ? undefined : 'pro.histologe.test',
            )
          : null,
        declarantTel: declarant ? phone(rng) : null,
        declarantStructure: structure,
        declarantMatricule: profile === 'SERVICE_SECOURS' ? `SP${rng.int(10000, 99999)}` : null,
        occupantCivilite: occupant.civilite,
        occupantNom: occupant.nom,
        occupantPrenom: occupant.prenom,
        occupantEmail: profile === 'SERVICE_SECOURS' && rng.chance(0.5) ? null : this.email(occupant),
        occupantTel: phone(rng),
        occupantDateNaissance: isoDate(
          new Date(Date.UTC(rng.int(1945, 2002), rng.int(0, 11), rng.int(1, 28))),
        ),
        isCguAccepted: true,
        isCguTiersAccepted: tiers ? true : null,
        adresseOccupant: `${rng.int(1, 140)}${rng.chance(0.1) ? ' bis' : ''} ${street.street}`,
        cpOccupant: street.cp,
        villeOccupant: ville,
        inseeOccupant: street.insee,
        etageOccupant: nature === 'appartement' ? String(rng.int(0, 6)) : null,
        escalierOccupant: nature === 'appartement' && rng.chance(0.3) ? rng.pick(['A', 'B', 'C']) : null,
        numAppartOccupant: nature === 'appartement' && rng.chance(0.5) ? String(rng.int(1, 40)) : null,
        geolocLat: lat,
        geolocLng: lng,
        natureLogement: nature,
        superficie,
        nbPiecesLogement: nbPieces,
        nbNiveauxLogement: nature === 'maison' ? rng.int(1, 3) : 1,
        anneeConstruction: annee,
        isConstructionAvant1949: annee < 1949,
        isLogementSocial,
        typeCompositionLogement: JSON.stringify(typeComposition),
        nbOccupantsLogement: nbOccupants,
        nbAdultes,
        nbEnfantsM6,
        nbEnfantsP6: nbEnfants - nbEnfantsM6,
        situationFoyer: JSON.stringify(situationFoyer),
        isBailEnCours: isOwner ? null : true,
        dateEntree: isoDate(new Date(createdAt.getTime() - rng.float(200, 4000) * DAY)),
        loyer: isOwner ? null : rng.int(320, 980),
        isAllocataire: allocation,
        numAllocataire: situationFoyer.logementSocialNumeroAllocataire as string | null,
        montantAllocation: situationFoyer.logementSocialMontantAllocation as string | null,
        isPreavisDepart: false,
        isRelogement: situationFoyer.logementSocialDemandeRelogement === 'oui',
        isRsa: rng.chance(0.25),
        informationComplementaire: JSON.stringify({
          informationsComplementairesSituationOccupantsBeneficiaireRsa: rng.pick(['oui', 'non', 'nsp']),
          informationsComplementairesSituationOccupantsBeneficiaireFsl: rng.pick(['oui', 'non', 'nsp']),
          informationsComplementairesLogementNombreEtages:
            nature === 'appartement' ? String(rng.int(2, 9)) : '1',
          informationsComplementairesLogementAnneeConstruction: String(annee),
        }),
        isProprioAverti: bailleurPrevenu === null ? null : bailleurPrevenu === 'oui',
        proprioAvertiAt,
        informationProcedure: JSON.stringify(informationProcedure),
        typeProprio: isOwner ? null : isLogementSocial ? 'ORGANISME_SOCIETE' : 'PARTICULIER',
        bailleurNom: owner && !isLogementSocial ? owner.nom : null,
        bailleurPrenom: owner && !isLogementSocial ? owner.prenom : null,
        bailleurDenomination: isLogementSocial ? this.partner('bailleur').nom : null,
        bailleurEmail: isOwner
          ? null
          : isLogementSocial
            ? this.def.partners.find((p) => p.key === 'bailleur')!.email
            : this.email(owner!, 'proprietaires.histologe.test'),
        bailleurTel: isOwner ? null : phone(rng),
        agenceDenomination: agence,
        agenceEmail: agence ? `gestion@${slugify(agence)}.histologe.test` : null,
        agenceTel: agence ? phone(rng) : null,
        dateMissionServiceSecours:
          profile === 'SERVICE_SECOURS'
            ? isoDate(new Date(createdAt.getTime() - rng.float(1, 6) * DAY))
            : null,
        origineMissionServiceSecours: profile === 'SERVICE_SECOURS' ? 'Appel au 18' : null,
        ordreMissionServiceSecours: profile === 'SERVICE_SECOURS' ? `OM-${rng.int(10000, 99999)}` : null,
        details: detailsText,
        debutDesordres: rng.pick([
          'MONTHS_1_TO_6',
          'MONTHS_6_TO_12',
          'YEARS_1_TO_2',
          'MORE_2_YEARS',
          'NSP',
        ] as const),
        hasSeenDesordres: true,
        score: criticite.score,
        scoreBatiment: criticite.scoreBatiment,
        scoreLogement: criticite.scoreLogement,
      },
      precisionIds: precisions.map((p) => p.id),
      qualifications: qualifications.map((q) => ({
        qualification: q.qualification,
        status: q.status,
        desordrePrecisionIds: q.desordrePrecisionIds,
        details: { ...(q.details ?? {}) },
      })),
      affectations: [],
      suivis: [],
      files: [],
      subscriptions: new Map(),
      notifications: [],
      tags: [],
    };

    this.timeline(plan, scenario, clock, precisions, tiers);
    return plan;
  }

  private jitter(s: StreetDef): { lat: number; lng: number } {
    let lat = s.lat + this.rng.float(-0.0025, 0.0025);
    let lng = s.lng + this.rng.float(-0.0035, 0.0035);
    const b = this.territoire.bbox;
    if (b) {
      lat = Math.min(b.n, Math.max(b.s, lat));
      lng = Math.min(b.e, Math.max(b.w, lng));
    }
    return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
  }

  // -------------------------------------------------------------------------------------------------------

  private suivi(plan: DossierPlan, s: Omit<SuiviPlan, 'uuid'>): SuiviPlan {
    const suivi = { uuid: randomUUID(), ...s };
    plan.suivis.push(suivi);
    return suivi;
  }

  private subscribe(plan: DossierPlan, user: UserRow, at: Date, by = user.id): void {
    if (!plan.subscriptions.has(user.id)) plan.subscriptions.set(user.id, { createdAt: at, createdById: by });
  }

  private notify(plan: DossierPlan, n: Omit<NotificationPlan, 'seenAt'> & { seenAt?: Date | null }): void {
    // Anything older than a week has been read; the rest stays unread unless told otherwise.
    const seenAt =
      n.seenAt !== undefined
        ? n.seenAt
        : this.now.getTime() - n.createdAt.getTime() > 7 * DAY
          ? new Date(Math.min(n.createdAt.getTime() + 6 * HOUR, this.maxTime))
          : null;
    plan.notifications.push({ ...n, seenAt });
  }

  private photo(plan: DossierPlan, at: Date, precisions: CatalogPrecision[], index: number): FilePlan {
    const uuid = randomUUID();
    const asset = this.assets.photos[this.rng.int(0, this.assets.photos.length - 1)]!;
    const base = `signalements/${plan.uuid}/${uuid}`;
    const room = this.rng.pick(['chambre', 'salle-de-bain', 'cuisine', 'sejour', 'facade', 'cage-escalier']);
    return {
      uuid,
      storageKey: `${base}.jpg`,
      body: asset.image,
      thumbKey: `${base}-thumb.jpg`,
      thumb: asset.thumb,
      filename: `${uuid}.jpg`,
      title: `photo-${room}-${index + 1}.jpg`,
      extension: 'jpg',
      mimeType: 'image/jpeg',
      documentType: 'PHOTO_SITUATION',
      description: null,
      desordreSlug: precisions.length ? this.rng.pick(precisions).slug : null,
      datePriseDeVue: isoDate(new Date(at.getTime() - this.rng.float(0, 10) * DAY)),
      isVisibleForUsager: true,
      uploadedById: null,
      uploadedByUsager: true,
      partenaireId: null,
      createdAt: at,
    };
  }

  private pdf(
    plan: DossierPlan,
    at: Date,
    documentType: string,
    title: string,
    lines: string[],
    by: { user: UserRow | null; partenaireId: number | null; visible: boolean },
  ): FilePlan {
    const uuid = randomUUID();
    return {
      uuid,
      storageKey: `signalements/${plan.uuid}/${uuid}.pdf`,
      body: this.assets.pdf(title, lines),
      filename: `${uuid}.pdf`,
      title: `${slugify(title)}.pdf`,
      extension: 'pdf',
      mimeType: 'application/pdf',
      documentType,
      description: null,
      desordreSlug: null,
      datePriseDeVue: null,
      isVisibleForUsager: by.visible,
      uploadedById: by.user?.id ?? null,
      uploadedByUsager: by.user === null,
      partenaireId: by.partenaireId,
      createdAt: at,
    };
  }

  /**
   * Walks a dossier through its life in time order, writing the suivis, affectations, files, subscriptions
   * and notifications that the real workflow would have produced (spec §3.1, §3.2, §6.16).
   */
  private timeline(
    plan: DossierPlan,
    scenario: Scenario,
    clock: Clock,
    precisions: CatalogPrecision[],
    tiers: boolean,
  ): DossierPlan {
    const rng = this.rng;
    const row = plan.row;
    const rt = this.rt;
    const rtPartner = this.partner(rt.partner);
    const usagerRole = (): 'OCCUPANT' | 'DECLARANT' => (tiers && rng.chance(0.5) ? 'DECLARANT' : 'OCCUPANT');

    // Creation
    const author = row.createdById ? this.users.find((u) => u.id === row.createdById) : undefined;
    this.suivi(plan, {
      category: 'SIGNALEMENT_HISTORIQUE_EVENEMENT',
      description: author
        ? `Signalement déposé depuis l’espace partenaire par ${author.name}.`
        : row.creationSource === 'FORM_SERVICE_SECOURS'
          ? 'Signalement déposé par un service de secours.'
          : 'Signalement déposé en ligne.',
      createdAt: plan.createdAt,
      createdById: author?.id ?? null,
      partenaireId: row.createdByPartenaireId ?? null,
      usagerRole: null,
      isVisibleForUsager: true,
    });
    if (scenario.statut !== 'REFUSED' && rng.chance(0.4)) {
      const n = rng.int(1, 2);
      for (let i = 0; i < n; i++) plan.files.push(this.photo(plan, plan.createdAt, precisions, i));
    }
    if (row.profileDeclarant === 'LOCATAIRE' && rng.chance(0.25)) {
      plan.files.push(
        this.pdf(plan, plan.createdAt, 'SITUATION_FOYER_BAIL', 'Bail d’habitation', bailLines(row), {
          user: null,
          partenaireId: null,
          visible: true,
        }),
      );
    }
    // New dossiers needing validation are announced to the RTs (and the super admin).
    for (const userId of [rt.id, ...(scenario.statut === 'NEED_VALIDATION' ? [this.adminId] : [])]) {
      this.notify(plan, {
        userId,
        type: 'NOUVEAU_SIGNALEMENT',
        description: `Nouveau signalement à ${row.villeOccupant}`,
        createdAt: plan.createdAt,
        seenAt: scenario.statut === 'NEED_VALIDATION' ? null : undefined,
      });
    }

    if (scenario.statut === 'NEED_VALIDATION') return this.finish(plan, clock);

    if (scenario.statut === 'REFUSED') {
      const at = clock.work(1, 4);
      const motif = scenario.motifRefus ?? 'AUTRE';
      row.motifRefus = motif;
      this.suivi(plan, {
        category: 'SIGNALEMENT_IS_REFUSED',
        description: `Signalement refusé. Motif : ${MOTIF_REFUS_LABELS[motif]}. ${REFUS_MESSAGES[motif]}`,
        createdAt: at,
        createdById: rt.id,
        partenaireId: rtPartner.id,
        usagerRole: null,
        isVisibleForUsager: true,
      });
      return this.finish(plan, clock);
    }

    // Validation
    const validatedAt = clock.work(0.3, 3);
    row.validatedAt = validatedAt;
    this.suivi(plan, {
      category: 'SIGNALEMENT_IS_ACTIVE',
      description: 'Signalement validé.',
      createdAt: validatedAt,
      createdById: rt.id,
      partenaireId: rtPartner.id,
      usagerRole: null,
      isVisibleForUsager: true,
    });
    this.subscribe(plan, rt, validatedAt);
    if (rng.chance(0.35)) plan.tags.push(...rng.shuffle(TAG_CHOICES).slice(0, rng.int(1, 2)));

    // Affectations, created together by the RT
    const affectedAt = clock.work(0, 1);
    const finalStatus = new Map<AffectationPlan, [AffectationStatus, (MotifRefus | MotifCloture)?]>();
    for (const [key, statut, motif] of scenario.aff ?? []) {
      const partner = this.partner(key);
      const a: AffectationPlan = {
        uuid: randomUUID(),
        partner,
        statut: 'NOUVEAU',
        createdAt: affectedAt,
        answeredAt: null,
        answeredById: null,
        affectedById: rt.id,
        motifRefus: null,
        motifCloture: null,
      };
      plan.affectations.push(a);
      finalStatus.set(a, [scenario.reopened ? 'EN_COURS' : statut, motif]);
      for (const u of this.activeUsersOf(key)) {
        this.notify(plan, {
          userId: u.id,
          type: 'NOUVELLE_AFFECTATION',
          affectationUuid: a.uuid,
          description: `Nouvelle affectation : ${row.adresseOccupant}, ${row.villeOccupant}`,
          createdAt: affectedAt,
          seenAt: statut === 'NOUVEAU' && !scenario.reopened ? null : undefined,
        });
      }
    }

    // Answers
    let firstAccepted = true;
    const accepted: AffectationPlan[] = [];
    for (const a of plan.affectations) {
      const [target, motif] = finalStatus.get(a)!;
      if (target === 'NOUVEAU') continue;
      const agent = this.agentOf(a.partner.key);
      const at = clock.work(0.2, 5);
      a.answeredAt = at;
      a.answeredById = agent.id;
      if (target === 'REFUSE') {
        const m = (motif as MotifRefus | undefined) ?? 'HORS_COMPETENCE';
        a.statut = 'REFUSE';
        a.motifRefus = m;
        this.suivi(plan, {
          category: 'AFFECTATION_IS_REFUSED',
          description: `Affectation refusée par ${a.partner.nom}. Motif : ${MOTIF_REFUS_LABELS[m]}. ${REFUS_MESSAGES[m]}`,
          createdAt: at,
          createdById: agent.id,
          partenaireId: a.partner.id,
          usagerRole: null,
          isVisibleForUsager: false,
        });
        continue;
      }
      a.statut = 'EN_COURS';
      accepted.push(a);
      this.subscribe(plan, agent, at);
      if (firstAccepted) {
        firstAccepted = false;
        this.suivi(plan, {
          category: 'AFFECTATION_IS_ACCEPTED',
          description: `Votre signalement est pris en charge par : ${a.partner.nom}.`,
          createdAt: at,
          createdById: null,
          partenaireId: null,
          usagerRole: null,
          isVisibleForUsager: true,
        });
      }
    }

    // Exchanges (a message is never repeated within a dossier)
    const said = new Set<string>();
    for (const a of accepted) {
      const agent = this.agentOf(a.partner.key);
      const n = rng.int(1, 2);
      for (let i = 0; i < n; i++) {
        const visible = rng.chance(0.55);
        const description = rng.pick(
          (visible ? PARTNER_PUBLIC_MESSAGES : PARTNER_INTERNAL_MESSAGES).filter((m) => !said.has(m)),
        );
        said.add(description);
        this.suivi(plan, {
          category: 'MESSAGE_PARTNER',
          description,
          createdAt: clock.work(0.5, 8),
          createdById: agent.id,
          partenaireId: a.partner.id,
          usagerRole: null,
          isVisibleForUsager: visible,
        });
      }
    }
    if (accepted.length && rng.chance(0.6)) this.usagerMessage(plan, clock.any(0.5, 6), usagerRole());

    if (scenario.askDocument && accepted[0]) {
      const a = accepted[0];
      const agent = this.agentOf(a.partner.key);
      this.suivi(plan, {
        category: 'ASK_DOCUMENT',
        description:
          'Merci de nous transmettre une copie de votre bail et, si vous l’avez, le diagnostic de performance énergétique (DPE).',
        createdAt: clock.work(0.5, 4),
        createdById: agent.id,
        partenaireId: a.partner.id,
        usagerRole: null,
        isVisibleForUsager: true,
      });
      const at = clock.any(1, 6);
      const file = this.pdf(
        plan,
        at,
        'SITUATION_FOYER_DPE',
        'Diagnostic de performance énergétique',
        dpeLines(row),
        {
          user: null,
          partenaireId: null,
          visible: true,
        },
      );
      plan.files.push(file);
      this.suivi(plan, {
        category: 'NEW_DOCUMENT',
        description: 'Document ajouté par l’usager : diagnostic de performance énergétique.',
        createdAt: at,
        createdById: null,
        partenaireId: null,
        usagerRole: 'OCCUPANT',
        isVisibleForUsager: true,
        fileUuids: [file.uuid],
      });
    }

    if (scenario.poursuite) {
      row.isUsagerAbandonProcedure = false;
      this.suivi(plan, {
        category: 'DEMANDE_POURSUITE_PROCEDURE',
        description: 'Je souhaite poursuivre la procédure : les problèmes ne sont toujours pas réglés.',
        createdAt: clock.any(2, 10),
        createdById: null,
        partenaireId: null,
        usagerRole: 'OCCUPANT',
        isVisibleForUsager: true,
      });
    }

    // Partner closings while the dossier stays open
    if (scenario.statut === 'ACTIVE') {
      for (const a of accepted) {
        const [target, motif] = finalStatus.get(a)!;
        if (target !== 'FERME') continue;
        const m = (motif as MotifCloture | undefined) ?? 'TRAVAUX_FAITS_OU_EN_COURS';
        const agent = this.agentOf(a.partner.key);
        const at = clock.work(3, 20);
        if (scenario.rapport) {
          const file = this.pdf(
            plan,
            at,
            'PROCEDURE_RAPPORT_DE_VISITE',
            'Rapport de visite',
            visiteLines(row, a),
            {
              user: agent,
              partenaireId: a.partner.id,
              visible: false,
            },
          );
          plan.files.push(file);
          this.suivi(plan, {
            category: 'NEW_DOCUMENT',
            description: 'Rapport de visite ajouté au dossier.',
            createdAt: at,
            createdById: agent.id,
            partenaireId: a.partner.id,
            usagerRole: null,
            isVisibleForUsager: false,
            fileUuids: [file.uuid],
          });
        }
        a.statut = 'FERME';
        a.motifCloture = m;
        a.answeredAt = at;
        a.answeredById = agent.id;
        const s = this.suivi(plan, {
          category: 'AFFECTATION_IS_CLOSED',
          description:
            `Clôture de l’affectation par ${a.partner.nom}. Motif : ${MOTIF_CLOTURE_LABELS[m]}. ${COM_CLOTURE[m] ?? ''}`.trim(),
          createdAt: at,
          createdById: agent.id,
          partenaireId: a.partner.id,
          usagerRole: null,
          isVisibleForUsager: false,
        });
        // Closing an affectation removes its agents' subscriptions (RTs keep theirs).
        for (const u of this.activeUsersOf(a.partner.key)) plan.subscriptions.delete(u.id);
        this.notify(plan, {
          userId: rt.id,
          type: 'CLOTURE_PARTENAIRE',
          suiviUuid: s.uuid,
          description: `${a.partner.nom} a clôturé son intervention`,
          createdAt: at,
        });
      }
    }

    if (scenario.abandon) {
      row.isUsagerAbandonProcedure = true;
      const s = this.suivi(plan, {
        category: 'DEMANDE_ABANDON_PROCEDURE',
        description:
          'Je souhaite arrêter la procédure : j’ai trouvé un autre logement et je déménage le mois prochain.',
        createdAt: clock.any(1, 6),
        createdById: null,
        partenaireId: null,
        usagerRole: usagerRole(),
        isVisibleForUsager: true,
      });
      for (const userId of plan.subscriptions.keys()) {
        this.notify(plan, {
          userId,
          type: 'DEMANDE_ABANDON_PROCEDURE',
          suiviUuid: s.uuid,
          description: 'L’usager demande l’arrêt de la procédure',
          createdAt: s.createdAt,
          seenAt: null,
        });
      }
    }

    // Closing for everyone (also the mistaken closing of the reopened dossier)
    if (scenario.statut === 'CLOSED' || scenario.statut === 'ARCHIVED' || scenario.reopened) {
      const motif = scenario.motifCloture ?? 'AUTRE';
      const at = clock.work(5, 40);
      row.closedAt = at;
      row.closedById = rt.id;
      row.motifCloture = motif;
      row.comCloture = COM_CLOTURE[motif] ?? null;
      for (const a of plan.affectations) {
        if (a.statut === 'REFUSE' || a.statut === 'FERME') continue;
        a.statut = 'FERME';
        a.motifCloture = motif;
        a.answeredAt = at;
        a.answeredById = rt.id;
      }
      const visible = rng.chance(0.7);
      const s = this.suivi(plan, {
        category: 'SIGNALEMENT_IS_CLOSED',
        description:
          `Le signalement a été clôturé pour tous les partenaires. Motif : ${MOTIF_CLOTURE_LABELS[motif]}. ${row.comCloture ?? ''}`.trim(),
        createdAt: at,
        createdById: rt.id,
        partenaireId: rtPartner.id,
        usagerRole: null,
        isVisibleForUsager: visible,
      });
      for (const [userId] of plan.subscriptions) {
        if (userId === rt.id) continue;
        this.notify(plan, {
          userId,
          type: 'CLOTURE_SIGNALEMENT',
          suiviUuid: s.uuid,
          description: `Signalement clôturé : ${MOTIF_CLOTURE_LABELS[motif]}`,
          createdAt: at,
        });
      }
      // Only the RTs stay subscribed to a closed dossier.
      for (const userId of [...plan.subscriptions.keys()]) {
        if (userId !== rt.id) plan.subscriptions.delete(userId);
      }
      if (scenario.statut === 'ARCHIVED') {
        // Archiving drops the notifications of the dossier (spec §3.1, transition 7).
        plan.notifications = [];
      }
    }

    if (scenario.reopened) {
      const at = clock.work(0.1, 2);
      row.closedAt = null;
      row.closedById = null;
      row.motifCloture = null;
      row.comCloture = null;
      row.statut = 'ACTIVE';
      for (const a of plan.affectations) {
        a.statut = 'NOUVEAU';
        a.answeredAt = null;
        a.answeredById = null;
        a.motifCloture = null;
      }
      this.suivi(plan, {
        category: 'SIGNALEMENT_IS_REOPENED',
        description: 'Signalement rouvert pour tous les partenaires.',
        createdAt: at,
        createdById: rt.id,
        partenaireId: rtPartner.id,
        usagerRole: null,
        isVisibleForUsager: true,
      });
    }

    // Notifications to subscribed agents for the usager's latest messages.
    for (const s of plan.suivis) {
      if (s.category !== 'MESSAGE_USAGER') continue;
      for (const [userId] of plan.subscriptions) {
        this.notify(plan, {
          userId,
          type: 'NOUVEAU_SUIVI',
          suiviUuid: s.uuid,
          description: 'Nouveau message de l’usager',
          createdAt: s.createdAt,
        });
      }
    }
    return this.finish(plan, clock);
  }

  private usagerMessage(plan: DossierPlan, at: Date, role: 'OCCUPANT' | 'DECLARANT'): void {
    const withPhoto = this.rng.chance(0.3);
    const file = withPhoto ? this.photo(plan, at, [], 0) : null;
    if (file) plan.files.push(file);
    this.suivi(plan, {
      category: 'MESSAGE_USAGER',
      description: this.rng.pick(USAGER_MESSAGES),
      createdAt: at,
      createdById: null,
      partenaireId: null,
      usagerRole: role,
      isVisibleForUsager: true,
      fileUuids: file ? [file.uuid] : undefined,
    });
  }

  /** Denormalised "last activity" columns, as the suivi listener keeps them (spec §1.1). */
  private finish(plan: DossierPlan, clock: Clock): DossierPlan {
    plan.suivis.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const last = plan.suivis.at(-1);
    if (last) {
      plan.row.lastSuiviAt = last.createdAt;
      plan.row.lastSuiviBy = last.usagerRole
        ? last.usagerRole
        : last.partenaireId
          ? ([...this.partners.values()].find((p) => p.id === last.partenaireId)?.nom ?? 'Aucun')
          : 'MESSAGE AUTOMATIQUE';
      plan.row.lastSuiviIsVisibleForUsager = last.isVisibleForUsager;
    }
    plan.row.updatedAt = ts(new Date(clock.current));
    return plan;
  }
}

const TAG_CHOICES = ['Urgent', 'Péril', '{commission}', 'Relogement prioritaire', 'Copropriété dégradée'];

/** Moves forward in time, never past `max` (a few minutes before now). */
class Clock {
  constructor(
    public current: number,
    private readonly max: number,
    private readonly rng: Rng,
  ) {}

  /** Any time of day, `minDays`–`maxDays` later. */
  any(minDays: number, maxDays: number): Date {
    return this.advance(this.current + this.rng.float(minDays, maxDays) * DAY);
  }

  /** An office hour (8:00–18:00 in France, roughly), `minDays`–`maxDays` later. */
  work(minDays: number, maxDays: number): Date {
    const t = new Date(this.current + this.rng.float(minDays, maxDays) * DAY);
    t.setUTCHours(this.rng.int(7, 15), this.rng.int(0, 59), this.rng.int(0, 59), 0);
    if (t.getTime() <= this.current) t.setTime(t.getTime() + DAY);
    return this.advance(t.getTime());
  }

  private advance(target: number): Date {
    // Past the limit, the remaining time is shared out so that later events still fit, in order.
    const next = target <= this.max ? target : this.current + (this.max - this.current) / 4;
    this.current = Math.max(next, this.current + 60_000);
    return new Date(this.current);
  }
}

function bailLines(row: DossierPlan['row']): string[] {
  return [
    'Contrat de location - logement vide (document de demonstration)',
    '',
    `Locataire : ${row.occupantPrenom ?? ''} ${row.occupantNom ?? ''}`,
    `Adresse du logement : ${row.adresseOccupant}, ${row.cpOccupant} ${row.villeOccupant}`,
    `Surface habitable : ${row.superficie ?? '?'} m2 - ${row.nbPiecesLogement ?? '?'} piece(s)`,
    `Loyer mensuel hors charges : ${row.loyer ?? '?'} euros`,
    `Date d'effet : ${row.dateEntree ?? ''}`,
  ];
}

function dpeLines(row: DossierPlan['row']): string[] {
  return [
    'Diagnostic de performance energetique (document de demonstration)',
    '',
    `Adresse : ${row.adresseOccupant}, ${row.cpOccupant} ${row.villeOccupant}`,
    `Surface : ${row.superficie ?? '?'} m2`,
  ];
}

function visiteLines(row: DossierPlan['row'], a: AffectationPlan): string[] {
  return [
    `Rapport de visite - ${a.partner.nom}`,
    '',
    `Logement : ${row.adresseOccupant}, ${row.cpOccupant} ${row.villeOccupant}`,
    'Constats : humidite importante dans les pieces de vie, ventilation insuffisante,',
    'installation electrique a mettre en securite.',
    'Conclusion : travaux prescrits au proprietaire, visite de controle a prevoir.',
    '(document de demonstration)',
  ];
}

// =========================================================================================================
// Static content of the demo: partners, accounts, streets, scenarios and texts of the three territories.
// Every name is invented; e-mail addresses use the `histologe.test` domain, which cannot receive mail.
// (Kept in this file: the test snapshot is rebuilt when scripts/seed-demo.ts changes.)

export type PartnerKey =
  | 'schs'
  | 'schs2'
  | 'ars'
  | 'caf'
  | 'adil'
  | 'ddt'
  | 'ccas'
  | 'bailleur'
  | 'operateur'
  | 'cd'
  | 'asso'
  | 'archive';

export interface PartnerDef {
  key: PartnerKey;
  nom: string;
  type: PartnerType;
  email: string | null;
  /** INSEE perimeter of communal partners. */
  insee?: string[];
  emailNotifiable?: boolean;
  isArchive?: boolean;
}

export interface UserDef {
  email?: string;
  prenom: string;
  nom: string;
  fonction: string;
  partner: PartnerKey;
  role: UserRole;
  statut?: 'ACTIVE' | 'INACTIVE';
}

export interface StreetDef {
  insee: string;
  cp: string;
  street: string;
  lat: number;
  lng: number;
}

/** Where a dossier's dwelling is: the prefecture (main SCHS), the second SCHS commune, the CCAS commune, elsewhere. */
export type Zone = 'pref' | 'second' | 'ccas' | 'other';

export interface TerritoryDef {
  code: '13' | '01' | '34';
  seed: number;
  partners: PartnerDef[];
  users: UserDef[];
  streets: Record<Zone, StreetDef[]>;
  secours: string;
  agences: string[];
}

const marseille = ['13055', ...Array.from({ length: 16 }, (_, i) => String(13201 + i))];

export const TERRITORIES: TerritoryDef[] = [
  {
    code: '13',
    seed: 1301,
    secours: 'Centre d’incendie et de secours – Bouches-du-Rhône',
    agences: [
      'Agence du Vieux-Port Immobilier',
      'Cabinet Provence Gestion',
      'Agence Sainte-Victoire Location',
    ],
    partners: [
      {
        key: 'schs',
        nom: 'Ville de Marseille – Service communal d’hygiène et de santé',
        type: 'COMMUNE_SCHS',
        email: 'hygiene.marseille@histologe.test',
        insee: marseille,
      },
      {
        key: 'schs2',
        nom: 'Ville d’Aix-en-Provence – Service hygiène et salubrité',
        type: 'COMMUNE_SCHS',
        email: 'hygiene.aix@histologe.test',
        insee: ['13001'],
      },
      {
        key: 'ars',
        nom: 'ARS PACA – Délégation départementale des Bouches-du-Rhône',
        type: 'ARS',
        email: 'ars-dd13@histologe.test',
      },
      {
        key: 'caf',
        nom: 'CAF des Bouches-du-Rhône',
        type: 'CAF_MSA',
        email: 'caf13.logement@histologe.test',
      },
      { key: 'adil', nom: 'ADIL des Bouches-du-Rhône', type: 'ADIL', email: 'adil13@histologe.test' },
      {
        key: 'ddt',
        nom: 'DDTM des Bouches-du-Rhône – Pôle habitat indigne',
        type: 'DDT_M',
        email: 'ddtm13.lhi@histologe.test',
      },
      {
        key: 'ccas',
        nom: 'CCAS d’Aix-en-Provence',
        type: 'CCAS',
        email: 'ccas.aix@histologe.test',
        insee: ['13001'],
      },
      {
        key: 'bailleur',
        nom: 'Provence Habitat Méditerranée',
        type: 'BAILLEUR_SOCIAL',
        email: 'reclamations@phm.histologe.test',
      },
      {
        key: 'operateur',
        nom: 'Rénov’Habitat Provence',
        type: 'OPERATEUR_VISITES_ET_TRAVAUX',
        email: 'visites@renovhabitat13.histologe.test',
      },
      {
        key: 'cd',
        nom: 'Département des Bouches-du-Rhône – Direction de l’habitat',
        type: 'CONSEIL_DEPARTEMENTAL',
        email: 'habitat.cd13@histologe.test',
      },
      {
        key: 'asso',
        nom: 'Association Toit Solidaire 13',
        type: 'ASSOCIATION',
        email: null,
        emailNotifiable: false,
      },
      {
        key: 'archive',
        nom: 'OPAH Centre-Ville Marseille (opérateur 2019-2023)',
        type: 'OPERATEUR_VISITES_ET_TRAVAUX',
        email: 'opah-centre@histologe.test',
        isArchive: true,
      },
    ],
    users: [
      {
        email: 'rt-13@histologe.test',
        prenom: 'Nadia',
        nom: 'Belkacem',
        fonction: 'Cheffe du pôle habitat indigne',
        partner: 'ddt',
        role: 'ROLE_ADMIN_TERRITORY',
      },
      {
        email: 'ap-13@histologe.test',
        prenom: 'Karim',
        nom: 'Haddad',
        fonction: 'Responsable du service hygiène',
        partner: 'schs',
        role: 'ROLE_ADMIN_PARTNER',
      },
      {
        email: 'agent-13@histologe.test',
        prenom: 'Sophie',
        nom: 'Marchetti',
        fonction: 'Inspectrice de salubrité',
        partner: 'schs',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Lucas',
        nom: 'Bertrand',
        fonction: 'Technicien sanitaire',
        partner: 'schs',
        role: 'ROLE_USER_PARTNER',
        statut: 'INACTIVE',
      },
      {
        prenom: 'Romain',
        nom: 'Castel',
        fonction: 'Technicien sanitaire',
        partner: 'schs2',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Julien',
        nom: 'Ferrandi',
        fonction: 'Ingénieur d’études sanitaires',
        partner: 'ars',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Odile',
        nom: 'Santoni',
        fonction: 'Technicienne sanitaire',
        partner: 'ars',
        role: 'ROLE_USER_PARTNER',
        statut: 'INACTIVE',
      },
      {
        prenom: 'Amélie',
        nom: 'Roux',
        fonction: 'Conseillère habitat',
        partner: 'caf',
        role: 'ROLE_USER_PARTNER',
      },
      { prenom: 'Yannick', nom: 'Pons', fonction: 'Juriste', partner: 'adil', role: 'ROLE_USER_PARTNER' },
      {
        prenom: 'Leïla',
        nom: 'Mansouri',
        fonction: 'Travailleuse sociale',
        partner: 'ccas',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Marc',
        nom: 'Olivieri',
        fonction: 'Gestionnaire de patrimoine',
        partner: 'bailleur',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Céline',
        nom: 'Arnaud',
        fonction: 'Chargée d’opération',
        partner: 'operateur',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Patrick',
        nom: 'Giraud',
        fonction: 'Chargé de mission logement',
        partner: 'cd',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Inès',
        nom: 'Toumi',
        fonction: 'Médiatrice logement',
        partner: 'asso',
        role: 'ROLE_USER_PARTNER',
      },
    ],
    streets: {
      pref: [
        { insee: '13201', cp: '13001', street: 'Rue d’Aubagne', lat: 43.2948, lng: 5.3817 },
        { insee: '13201', cp: '13001', street: 'Cours Belsunce', lat: 43.2988, lng: 5.3773 },
        { insee: '13201', cp: '13001', street: 'Rue Curiol', lat: 43.2985, lng: 5.385 },
        { insee: '13202', cp: '13002', street: 'Rue de la République', lat: 43.3008, lng: 5.368 },
        { insee: '13203', cp: '13003', street: 'Boulevard National', lat: 43.3105, lng: 5.383 },
        { insee: '13203', cp: '13003', street: 'Rue Félix Pyat', lat: 43.3145, lng: 5.379 },
        { insee: '13204', cp: '13004', street: 'Boulevard de la Libération', lat: 43.301, lng: 5.3945 },
        { insee: '13205', cp: '13005', street: 'Boulevard Baille', lat: 43.2895, lng: 5.393 },
        { insee: '13206', cp: '13006', street: 'Rue de Lodi', lat: 43.2905, lng: 5.386 },
        { insee: '13210', cp: '13010', street: 'Avenue de la Capelette', lat: 43.284, lng: 5.405 },
        { insee: '13213', cp: '13013', street: 'Avenue de Saint-Just', lat: 43.3225, lng: 5.406 },
        { insee: '13215', cp: '13015', street: 'Rue de Lyon', lat: 43.333, lng: 5.372 },
        { insee: '13215', cp: '13015', street: 'Chemin de la Madrague-Ville', lat: 43.3365, lng: 5.3635 },
      ],
      second: [
        { insee: '13001', cp: '13100', street: 'Rue Espariat', lat: 43.5265, lng: 5.4465 },
        { insee: '13001', cp: '13100', street: 'Cours Gambetta', lat: 43.524, lng: 5.452 },
        { insee: '13001', cp: '13090', street: 'Avenue de l’Europe', lat: 43.518, lng: 5.43 },
      ],
      ccas: [
        { insee: '13001', cp: '13100', street: 'Rue des Cordeliers', lat: 43.5275, lng: 5.445 },
        { insee: '13001', cp: '13090', street: 'Avenue Jean Moulin', lat: 43.522, lng: 5.437 },
      ],
      other: [
        { insee: '13004', cp: '13200', street: 'Rue de la Roquette', lat: 43.676, lng: 4.623 },
        { insee: '13005', cp: '13400', street: 'Rue de la République', lat: 43.2925, lng: 5.57 },
        { insee: '13056', cp: '13500', street: 'Quai Brescon', lat: 43.4045, lng: 5.054 },
        { insee: '13103', cp: '13300', street: 'Rue de l’Horloge', lat: 43.6405, lng: 5.0975 },
      ],
    },
  },
  {
    code: '01',
    seed: 101,
    secours: 'Service départemental d’incendie et de secours de l’Ain',
    agences: ['Agence Bresse Immobilier', 'Cabinet Bugey Location'],
    partners: [
      {
        key: 'schs',
        nom: 'Ville de Bourg-en-Bresse – Service communal d’hygiène et de santé',
        type: 'COMMUNE_SCHS',
        email: 'hygiene.bourg@histologe.test',
        insee: ['01053'],
      },
      {
        key: 'schs2',
        nom: 'Ville d’Oyonnax – Service hygiène',
        type: 'COMMUNE_SCHS',
        email: 'hygiene.oyonnax@histologe.test',
        insee: ['01283'],
      },
      {
        key: 'ars',
        nom: 'ARS Auvergne-Rhône-Alpes – Délégation départementale de l’Ain',
        type: 'ARS',
        email: 'ars-dd01@histologe.test',
      },
      { key: 'caf', nom: 'CAF de l’Ain', type: 'CAF_MSA', email: 'caf01.logement@histologe.test' },
      { key: 'adil', nom: 'ADIL de l’Ain', type: 'ADIL', email: 'adil01@histologe.test' },
      {
        key: 'ddt',
        nom: 'DDT de l’Ain – Service habitat',
        type: 'DDT_M',
        email: 'ddt01.habitat@histologe.test',
      },
      {
        key: 'ccas',
        nom: 'CCAS d’Oyonnax',
        type: 'CCAS',
        email: 'ccas.oyonnax@histologe.test',
        insee: ['01283'],
      },
      {
        key: 'bailleur',
        nom: 'Ain Logis Solidaire',
        type: 'BAILLEUR_SOCIAL',
        email: 'locataires@ainlogis.histologe.test',
      },
      {
        key: 'operateur',
        nom: 'Habitat Conseil Bresse-Bugey',
        type: 'OPERATEUR_VISITES_ET_TRAVAUX',
        email: 'contact@hcbb.histologe.test',
      },
      {
        key: 'cd',
        nom: 'Département de l’Ain – Direction de l’habitat',
        type: 'CONSEIL_DEPARTEMENTAL',
        email: 'habitat.cd01@histologe.test',
      },
      {
        key: 'asso',
        nom: 'Association Logis Bugey',
        type: 'ASSOCIATION',
        email: 'logis.bugey@histologe.test',
      },
      {
        key: 'archive',
        nom: 'PIG Pays de Gex (marché terminé)',
        type: 'OPERATEUR_VISITES_ET_TRAVAUX',
        email: 'pig-gex@histologe.test',
        isArchive: true,
      },
    ],
    users: [
      {
        email: 'rt-01@histologe.test',
        prenom: 'Julien',
        nom: 'Perrin',
        fonction: 'Chargé de mission lutte contre l’habitat indigne',
        partner: 'ddt',
        role: 'ROLE_ADMIN_TERRITORY',
      },
      {
        email: 'agent-01@histologe.test',
        prenom: 'Thomas',
        nom: 'Girod',
        fonction: 'Inspecteur de salubrité',
        partner: 'schs',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Martine',
        nom: 'Guichard',
        fonction: 'Assistante administrative',
        partner: 'schs',
        role: 'ROLE_USER_PARTNER',
        statut: 'INACTIVE',
      },
      {
        prenom: 'Hugo',
        nom: 'Vuillermoz',
        fonction: 'Technicien sanitaire',
        partner: 'schs2',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Émilie',
        nom: 'Carron',
        fonction: 'Technicienne sanitaire',
        partner: 'ars',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Nathalie',
        nom: 'Bouvier',
        fonction: 'Conseillère habitat',
        partner: 'caf',
        role: 'ROLE_USER_PARTNER',
      },
      { prenom: 'Franck', nom: 'Morel', fonction: 'Juriste', partner: 'adil', role: 'ROLE_USER_PARTNER' },
      {
        prenom: 'Samia',
        nom: 'Bensaïd',
        fonction: 'Conseillère en économie sociale et familiale',
        partner: 'ccas',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Guillaume',
        nom: 'Rey',
        fonction: 'Responsable de secteur',
        partner: 'bailleur',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Aurélie',
        nom: 'Chatelain',
        fonction: 'Conseillère technique',
        partner: 'operateur',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Bernard',
        nom: 'Mermet',
        fonction: 'Chargé de mission',
        partner: 'cd',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Clémence',
        nom: 'Jacquet',
        fonction: 'Animatrice',
        partner: 'asso',
        role: 'ROLE_USER_PARTNER',
        statut: 'INACTIVE',
      },
      {
        prenom: 'Rémi',
        nom: 'Dufour',
        fonction: 'Travailleur social',
        partner: 'asso',
        role: 'ROLE_USER_PARTNER',
      },
    ],
    streets: {
      pref: [
        { insee: '01053', cp: '01000', street: 'Avenue Alsace-Lorraine', lat: 46.203, lng: 5.221 },
        { insee: '01053', cp: '01000', street: 'Rue Charles Robin', lat: 46.205, lng: 5.226 },
        { insee: '01053', cp: '01000', street: 'Boulevard de Brou', lat: 46.199, lng: 5.23 },
        { insee: '01053', cp: '01000', street: 'Rue Bourgmayer', lat: 46.207, lng: 5.223 },
        { insee: '01053', cp: '01000', street: 'Avenue de Jasseron', lat: 46.2115, lng: 5.237 },
      ],
      second: [
        { insee: '01283', cp: '01100', street: 'Rue Anatole France', lat: 46.2565, lng: 5.655 },
        { insee: '01283', cp: '01100', street: 'Cours de Verdun', lat: 46.2555, lng: 5.653 },
        { insee: '01283', cp: '01100', street: 'Rue Paul Painlevé', lat: 46.258, lng: 5.657 },
      ],
      ccas: [
        { insee: '01283', cp: '01100', street: 'Rue Jules Michelet', lat: 46.2575, lng: 5.6515 },
        { insee: '01283', cp: '01100', street: 'Rue de la Victoire', lat: 46.254, lng: 5.6585 },
      ],
      other: [
        { insee: '01004', cp: '01500', street: 'Avenue Roger Salengro', lat: 45.958, lng: 5.359 },
        { insee: '01033', cp: '01200', street: 'Rue de la République', lat: 46.109, lng: 5.8255 },
        { insee: '01173', cp: '01170', street: 'Rue de Genève', lat: 46.333, lng: 6.059 },
        { insee: '01034', cp: '01300', street: 'Grande Rue', lat: 45.759, lng: 5.688 },
      ],
    },
  },
  {
    code: '34',
    seed: 3401,
    secours: 'Service départemental d’incendie et de secours de l’Hérault',
    agences: ['Agence de l’Écusson', 'Cabinet Méditerranée Gestion', 'Agence du Canal'],
    partners: [
      {
        key: 'schs',
        nom: 'Ville de Montpellier – Service communal d’hygiène et de santé',
        type: 'COMMUNE_SCHS',
        email: 'hygiene.montpellier@histologe.test',
        insee: ['34172'],
      },
      {
        key: 'schs2',
        nom: 'Ville de Sète – Service hygiène et santé',
        type: 'COMMUNE_SCHS',
        email: 'hygiene.sete@histologe.test',
        insee: ['34301'],
      },
      {
        key: 'ars',
        nom: 'ARS Occitanie – Délégation départementale de l’Hérault',
        type: 'ARS',
        email: 'ars-dd34@histologe.test',
      },
      { key: 'caf', nom: 'CAF de l’Hérault', type: 'CAF_MSA', email: 'caf34.logement@histologe.test' },
      { key: 'adil', nom: 'ADIL de l’Hérault', type: 'ADIL', email: 'adil34@histologe.test' },
      {
        key: 'ddt',
        nom: 'DDTM de l’Hérault – Service habitat',
        type: 'DDT_M',
        email: 'ddtm34.habitat@histologe.test',
      },
      {
        key: 'ccas',
        nom: 'CCAS de Béziers',
        type: 'CCAS',
        email: 'ccas.beziers@histologe.test',
        insee: ['34032'],
      },
      {
        key: 'bailleur',
        nom: 'Hérault Habitat Social',
        type: 'BAILLEUR_SOCIAL',
        email: 'service.client@hhs.histologe.test',
      },
      {
        key: 'operateur',
        nom: 'Occitanie Rénovation Conseil',
        type: 'OPERATEUR_VISITES_ET_TRAVAUX',
        email: 'visites@orc34.histologe.test',
      },
      {
        key: 'cd',
        nom: 'Département de l’Hérault – Pôle solidarités logement',
        type: 'CONSEIL_DEPARTEMENTAL',
        email: 'logement.cd34@histologe.test',
      },
      {
        key: 'asso',
        nom: 'Association Habiter Dignement 34',
        type: 'ASSOCIATION',
        email: 'habiter.dignement@histologe.test',
      },
      {
        key: 'archive',
        nom: 'MOUS Insalubrité Biterrois (2018-2022)',
        type: 'OPERATEUR_VISITES_ET_TRAVAUX',
        email: null,
        emailNotifiable: false,
        isArchive: true,
      },
    ],
    users: [
      {
        email: 'rt-34@histologe.test',
        prenom: 'Hélène',
        nom: 'Vidal',
        fonction: 'Responsable du pôle santé environnement',
        partner: 'ars',
        role: 'ROLE_ADMIN_TERRITORY',
      },
      {
        email: 'agent-34@histologe.test',
        prenom: 'Laura',
        nom: 'Fabre',
        fonction: 'Inspectrice de salubrité',
        partner: 'schs',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Jérôme',
        nom: 'Salles',
        fonction: 'Technicien sanitaire',
        partner: 'schs',
        role: 'ROLE_USER_PARTNER',
        statut: 'INACTIVE',
      },
      {
        prenom: 'Kevin',
        nom: 'Marty',
        fonction: 'Agent de salubrité',
        partner: 'schs2',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Mathieu',
        nom: 'Cros',
        fonction: 'Ingénieur d’études sanitaires',
        partner: 'ars',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Sandrine',
        nom: 'Bousquet',
        fonction: 'Conseillère habitat',
        partner: 'caf',
        role: 'ROLE_USER_PARTNER',
      },
      { prenom: 'Olivier', nom: 'Maurin', fonction: 'Juriste', partner: 'adil', role: 'ROLE_USER_PARTNER' },
      {
        prenom: 'Anne',
        nom: 'Pujol',
        fonction: 'Chargée d’études habitat',
        partner: 'ddt',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Fatima',
        nom: 'Zerrouki',
        fonction: 'Travailleuse sociale',
        partner: 'ccas',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'David',
        nom: 'Roques',
        fonction: 'Chargé de clientèle',
        partner: 'bailleur',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Manon',
        nom: 'Teissier',
        fonction: 'Chargée d’opération',
        partner: 'operateur',
        role: 'ROLE_USER_PARTNER',
      },
      {
        prenom: 'Christophe',
        nom: 'Azéma',
        fonction: 'Chargé de mission',
        partner: 'cd',
        role: 'ROLE_USER_PARTNER',
      },
      { prenom: 'Sarah', nom: 'Lévy', fonction: 'Coordinatrice', partner: 'asso', role: 'ROLE_USER_PARTNER' },
    ],
    streets: {
      pref: [
        { insee: '34172', cp: '34000', street: 'Rue de l’Aiguillerie', lat: 43.6115, lng: 3.879 },
        { insee: '34172', cp: '34000', street: 'Rue Saint-Guilhem', lat: 43.61, lng: 3.875 },
        { insee: '34172', cp: '34070', street: 'Rue du Faubourg Figuerolles', lat: 43.607, lng: 3.864 },
        { insee: '34172', cp: '34070', street: 'Avenue de Palavas', lat: 43.596, lng: 3.884 },
        { insee: '34172', cp: '34090', street: 'Rue du Faubourg Boutonnet', lat: 43.619, lng: 3.874 },
        { insee: '34172', cp: '34080', street: 'Avenue de Lodève', lat: 43.611, lng: 3.845 },
      ],
      second: [
        { insee: '34301', cp: '34200', street: 'Grand Rue Mario Roustan', lat: 43.403, lng: 3.696 },
        { insee: '34301', cp: '34200', street: 'Quai de Bosc', lat: 43.401, lng: 3.698 },
        { insee: '34301', cp: '34200', street: 'Rue Gambetta', lat: 43.404, lng: 3.694 },
      ],
      ccas: [
        { insee: '34032', cp: '34500', street: 'Rue Française', lat: 43.343, lng: 3.214 },
        { insee: '34032', cp: '34500', street: 'Allées Paul Riquet', lat: 43.34, lng: 3.216 },
        { insee: '34032', cp: '34500', street: 'Rue de la Citadelle', lat: 43.3415, lng: 3.2125 },
      ],
      other: [
        { insee: '34145', cp: '34400', street: 'Avenue Victor Hugo', lat: 43.676, lng: 4.135 },
        { insee: '34003', cp: '34300', street: 'Rue Jean Roger', lat: 43.311, lng: 3.475 },
        { insee: '34142', cp: '34700', street: 'Grand Rue', lat: 43.7315, lng: 3.319 },
      ],
    },
  },
];

export const NATIONAL_PARTNER = {
  nom: 'Administration Histologe',
  type: 'AUTRE' as const,
  email: 'administration@histologe.test',
};

export const ADMIN_USER = {
  email: 'admin@histologe.test',
  prenom: 'Camille',
  nom: 'Roussel',
  fonction: 'Administratrice nationale',
};

// ---------------------------------------------------------------------------------------------------------
// Scenarios: the same 21 dossiers in every territory, so that each shows every status of signalement and of
// affectation, and the agent of the main SCHS sees dossiers in each affectation status.

export interface Scenario {
  statut: SignalementStatus;
  /** Age of the dossier in days (creation), drawn in this range. */
  age: [number, number];
  zone?: Zone;
  aff?: [PartnerKey, AffectationStatus, (MotifRefus | MotifCloture)?][];
  motifCloture?: MotifCloture;
  motifRefus?: MotifRefus;
  /** Closed for everyone by mistake, then reopened: affectations are back to NOUVEAU. */
  reopened?: boolean;
  abandon?: boolean;
  poursuite?: boolean;
  askDocument?: boolean;
  rapport?: boolean;
  logementSocial?: boolean;
  /** How serious the désordres are: drives which précisions are drawn, hence the score band. */
  severity?: 'moderate' | 'severe';
}

export const SCENARIOS: Scenario[] = [
  { statut: 'NEED_VALIDATION', age: [0.1, 1.5], severity: 'severe' },
  { statut: 'NEED_VALIDATION', age: [2, 4] },
  { statut: 'NEED_VALIDATION', age: [5, 9], severity: 'moderate' },
  {
    statut: 'ACTIVE',
    age: [40, 70],
    zone: 'pref',
    aff: [
      ['schs', 'NOUVEAU'],
      ['ars', 'NOUVEAU'],
    ],
    reopened: true,
  },
  {
    statut: 'ACTIVE',
    age: [60, 120],
    zone: 'pref',
    aff: [
      ['schs', 'EN_COURS'],
      ['caf', 'EN_COURS'],
    ],
    askDocument: true,
  },
  {
    statut: 'ACTIVE',
    age: [25, 90],
    zone: 'pref',
    aff: [
      ['schs', 'EN_COURS'],
      ['adil', 'NOUVEAU'],
    ],
  },
  {
    statut: 'ACTIVE',
    age: [45, 100],
    zone: 'pref',
    aff: [
      ['schs', 'REFUSE', 'HORS_COMPETENCE'],
      ['ars', 'EN_COURS'],
    ],
    severity: 'severe',
  },
  {
    statut: 'ACTIVE',
    age: [90, 180],
    zone: 'pref',
    aff: [
      ['schs', 'FERME', 'TRAVAUX_FAITS_OU_EN_COURS'],
      ['operateur', 'EN_COURS'],
    ],
    rapport: true,
    severity: 'moderate',
  },
  {
    statut: 'ACTIVE',
    age: [60, 150],
    zone: 'pref',
    aff: [
      ['schs', 'EN_COURS'],
      ['bailleur', 'EN_COURS'],
    ],
    logementSocial: true,
    poursuite: true,
    severity: 'moderate',
  },
  {
    statut: 'ACTIVE',
    age: [20, 60],
    zone: 'ccas',
    aff: [
      ['ars', 'EN_COURS'],
      ['ccas', 'NOUVEAU'],
    ],
    severity: 'moderate',
  },
  {
    statut: 'ACTIVE',
    age: [14, 40],
    zone: 'pref',
    aff: [
      ['caf', 'REFUSE', 'HORS_ZONE_GEOGRAPHIQUE'],
      ['adil', 'EN_COURS'],
      ['schs', 'NOUVEAU'],
    ],
  },
  {
    statut: 'ACTIVE',
    age: [120, 200],
    aff: [
      ['operateur', 'FERME', 'TRAVAUX_FAITS_OU_EN_COURS'],
      ['ars', 'FERME', 'NON_DECENCE'],
    ],
    severity: 'severe',
  },
  {
    statut: 'ACTIVE',
    age: [30, 90],
    zone: 'second',
    aff: [
      ['schs2', 'EN_COURS'],
      ['cd', 'NOUVEAU'],
    ],
    severity: 'moderate',
  },
  {
    statut: 'ACTIVE',
    age: [50, 120],
    zone: 'pref',
    aff: [
      ['asso', 'EN_COURS'],
      ['schs', 'EN_COURS'],
    ],
    abandon: true,
  },
  { statut: 'ACTIVE', age: [3, 8] },
  {
    statut: 'CLOSED',
    age: [150, 260],
    zone: 'pref',
    aff: [
      ['schs', 'FERME'],
      ['ars', 'FERME'],
    ],
    motifCloture: 'TRAVAUX_FAITS_OU_EN_COURS',
    severity: 'moderate',
  },
  {
    statut: 'CLOSED',
    age: [120, 240],
    aff: [
      ['caf', 'FERME'],
      ['adil', 'REFUSE', 'HORS_COMPETENCE'],
    ],
    motifCloture: 'DEPART_OCCUPANT',
  },
  {
    statut: 'CLOSED',
    age: [100, 200],
    zone: 'pref',
    aff: [
      ['schs', 'FERME'],
      ['operateur', 'FERME'],
    ],
    motifCloture: 'LOGEMENT_DECENT',
  },
  { statut: 'REFUSED', age: [20, 60], motifRefus: 'HORS_PDLHI' },
  { statut: 'REFUSED', age: [10, 40], motifRefus: 'DOUBLON' },
  {
    statut: 'ARCHIVED',
    age: [250, 340],
    zone: 'pref',
    aff: [['schs', 'FERME']],
    motifCloture: 'ABANDON_DE_PROCEDURE_ABSENCE_DE_REPONSE',
  },
];

// ---------------------------------------------------------------------------------------------------------
// People and texts

export const FEMALE_FIRST_NAMES = (
  'Fatima, Sophie, Nathalie, Aïcha, Marie, Julie, Sandrine, Yasmina, Isabelle, Chloé, ' +
  'Émilie, Karima, Céline, Amandine, Mélanie, Océane, Valérie, Samira, Léa, Christine, ' +
  'Aurore, Hanane, Sylvie, Manon, Djamila, Élodie, Ana, Lucie, Rose, Mariam'
).split(', ');

export const MALE_FIRST_NAMES = (
  'Mohamed, Jean, Pierre, Karim, Nicolas, Thomas, Mehdi, David, Sébastien, Ahmed, Julien, ' +
  'Rachid, Laurent, Kevin, Bruno, Youssef, Antoine, Olivier, Mamadou, Stéphane, Hugo, ' +
  'Franck, Samir, Alain, Maxime, Paulo, Cédric, Bilal, Michel, Loïc'
).split(', ');

export const LAST_NAMES = (
  'Martin, Bernard, Dubois, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Lefebvre, ' +
  'Garcia, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Mercier, Dupont, ' +
  'Lambert, Bonnet, Martinez, Benali, Nguyen, Diallo, Traoré, Mendes, Da Silva, Ferreira, ' +
  'Rossi, Bouzid, Kaci, Cherif, Meyer, Blanc, Guérin, Muller, Faure, Rousseau, Chevalier, ' +
  'Gauthier, Morin, Clément, Mathieu, Henry, Brun, Lopez, Benhamou, Ouali, Pereira, Sanchez, ' +
  'Camara, Hamidi'
).split(', ');

export const TIERS_PRO_STRUCTURES = [
  'Maison départementale des solidarités',
  'Service social du centre hospitalier',
  'Association d’aide à domicile',
  'Centre médico-psychologique',
  'Équipe mobile santé précarité',
];

export const SITUATION_TEXTS = [
  'Depuis l’hiver dernier, de la moisissure apparaît sur les murs de la chambre des enfants malgré l’aération quotidienne. Le propriétaire ne répond plus à nos messages.',
  'Les fenêtres ferment mal et laissent passer l’air, le chauffage électrique ne suffit pas à chauffer le logement. Nos factures ont doublé cet hiver.',
  'Une fuite au plafond de la salle de bain n’a jamais été réparée, le plâtre commence à tomber.',
  'Les prises électriques de la cuisine font des étincelles et le tableau électrique n’a aucune protection.',
  'Il y a des cafards dans toute la cuisine et des punaises de lit dans les chambres depuis plusieurs mois.',
  'La cage d’escalier est très dégradée : marches cassées, pas d’éclairage, la rambarde bouge.',
  'Le logement est très humide, les enfants toussent beaucoup. Le médecin nous a conseillé de signaler la situation.',
  'Nous vivons à plusieurs dans un petit logement et le bailleur refuse tout échange sur les réparations.',
  'Il n’y a plus d’eau chaude depuis trois semaines, le chauffe-eau est hors service.',
  'Les murs de la façade sont fissurés et des morceaux de balcon sont tombés dans la cour.',
  'Le logement sent le gaz par moments. Nous avons déjà dû appeler les pompiers.',
  'Les toilettes sont sur le palier, partagées avec deux autres logements, et la porte ne ferme plus.',
  'La ventilation ne fonctionne pas, la buée coule sur les vitres tous les matins.',
  'Le plancher s’affaisse dans le séjour, nous avons peur qu’il cède.',
];

export const SECOURS_TEXTS = [
  'Intervention au domicile pour une personne âgée ayant chuté : logement très encombré, forte humidité, installation électrique dangereuse.',
  'Intervention pour intoxication suspectée au monoxyde de carbone : chauffe-eau vétuste, aération bouchée.',
  'Intervention pour une fuite importante : plafond effondré dans la cuisine, famille avec un nourrisson.',
];

export const PARTNER_PUBLIC_MESSAGES = [
  'Bonjour, nous avons bien reçu votre signalement. Un agent va vous contacter pour organiser une visite du logement.',
  'Une visite du logement est prévue dans les prochains jours. Nous vous appellerons la veille pour confirmer l’heure.',
  'Nous avons écrit à votre propriétaire pour lui demander de réaliser les travaux nécessaires.',
  'Le propriétaire s’est engagé à faire intervenir une entreprise. N’hésitez pas à nous prévenir si rien ne se passe.',
  'Votre dossier a été présenté en commission. Nous reviendrons vers vous dès que la décision sera connue.',
];

export const PARTNER_INTERNAL_MESSAGES = [
  'Contact téléphonique avec le bailleur : il conteste l’état du logement, une visite contradictoire est à prévoir.',
  'Dossier vu en réunion de pôle : suspicion d’insalubrité, visite à programmer en priorité.',
  'Courrier de mise en demeure envoyé au propriétaire en recommandé avec accusé de réception.',
  'Famille déjà connue des services sociaux, un accompagnement est en cours.',
  'Le propriétaire a transmis un devis pour le remplacement des menuiseries.',
];

export const USAGER_MESSAGES = [
  'Bonjour, les moisissures sont revenues dans la chambre. Que dois-je faire en attendant la visite ?',
  'Le propriétaire est passé hier mais il n’a rien réparé.',
  'Merci pour votre appel. Je suis disponible tous les après-midis pour la visite.',
  'Les travaux ont commencé ce matin dans la salle de bain.',
  'Bonjour, avez-vous des nouvelles de mon dossier ?',
];

export const COM_CLOTURE: Partial<Record<MotifCloture, string>> = {
  TRAVAUX_FAITS_OU_EN_COURS:
    'Les travaux de mise en conformité ont été réalisés par le propriétaire et constatés lors de la visite de contrôle.',
  DEPART_OCCUPANT: 'L’occupant a quitté le logement, la procédure ne peut pas se poursuivre.',
  LOGEMENT_DECENT: 'La visite n’a relevé aucune infraction : le logement répond aux critères de décence.',
  ABANDON_DE_PROCEDURE_ABSENCE_DE_REPONSE:
    'Sans nouvelles de l’occupant malgré plusieurs relances, le dossier est clôturé.',
  NON_DECENCE:
    'Non-décence constatée, le dossier est transmis à la CAF pour la consignation de l’allocation logement.',
  AUTRE: 'Clôture enregistrée par erreur.',
};

export const REFUS_MESSAGES: Record<MotifRefus, string> = {
  HORS_PDLHI:
    'Les difficultés décrites relèvent d’un litige entre locataire et propriétaire, pas de l’habitat indigne. L’ADIL peut vous conseiller gratuitement.',
  DOUBLON: 'Ce signalement fait doublon avec un dossier déjà en cours pour le même logement.',
  HORS_COMPETENCE: 'La situation décrite ne relève pas de nos missions.',
  HORS_ZONE_GEOGRAPHIQUE: 'Le logement se trouve hors de notre périmètre d’intervention.',
  AUTRE: 'Le dossier ne peut pas être traité par notre service.',
};
