import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../infra/db/schema.ts';
import { HIDDEN_STATUSES } from './suivi-usager.rules.ts';

type Q = Kysely<DB> | Transaction<DB>;

const ACCESS_COLUMNS = [
  'id',
  'uuid',
  'reference',
  'codeSuivi',
  'statut',
  'territoireId',
  'isNotOccupant',
  'occupantNom',
  'occupantPrenom',
  'declarantNom',
  'declarantPrenom',
  'cpOccupant',
] as const;

export type AccessRow = Awaited<ReturnType<typeof findByCode>>;

/** The dossier of a follow-up code, never a draft nor a deleted one. */
export async function findByCode(q: Q, code: string) {
  return q
    .selectFrom('signalement')
    .select(ACCESS_COLUMNS)
    .where('codeSuivi', '=', code)
    .where('statut', 'not in', [...HIDDEN_STATUSES])
    .executeTakeFirst();
}

const DOSSIER_COLUMNS = [
  ...ACCESS_COLUMNS,
  'createdAt',
  'validatedAt',
  'closedAt',
  'motifRefus',
  'isLogementVacant',
  'isUsagerAbandonProcedure',
  'adresseOccupant',
  'villeOccupant',
  'occupantEmail',
  'occupantTel',
  'declarantEmail',
  'declarantTel',
  'bailleurNom',
  'bailleurPrenom',
  'bailleurDenomination',
  'bailleurEmail',
  'bailleurTel',
  'bailleurAdresse',
  'bailleurCodePostal',
  'bailleurVille',
  'typeProprio',
] as const;

export async function loadSignalement(q: Q, id: number) {
  return q
    .selectFrom('signalement')
    .select(DOSSIER_COLUMNS)
    .where('id', '=', id)
    .where('statut', 'not in', [...HIDDEN_STATUSES])
    .executeTakeFirst();
}
export type DossierRow = NonNullable<Awaited<ReturnType<typeof loadSignalement>>>;

/** Suivis the usager may read: public and not deleted, newest first. No agent's name or e-mail is selected. */
export async function publicSuivis(q: Q, signalementId: number) {
  return q
    .selectFrom('suivi')
    .leftJoin('partenaire', 'partenaire.id', 'suivi.partenaireId')
    .select([
      'suivi.id',
      'suivi.uuid',
      'suivi.createdAt',
      'suivi.description',
      'suivi.type',
      'suivi.category',
      'suivi.usagerRole',
      'suivi.createdById',
      'partenaire.nom as partenaireNom',
    ])
    .where('suivi.signalementId', '=', signalementId)
    .where('suivi.isVisibleForUsager', '=', true)
    .where('suivi.deletedAt', 'is', null)
    .orderBy('suivi.createdAt', 'desc')
    .orderBy('suivi.id', 'desc')
    .execute();
}

/** Files the usager may see (marked for them), oldest first, with the public suivi they came with. */
export async function publicFiles(q: Q, signalementId: number) {
  return q
    .selectFrom('fichier')
    .select([
      'id',
      'uuid',
      'title',
      'filename',
      'mimeType',
      'size',
      'documentType',
      'variants',
      'uploadedByUsager',
      'createdAt',
    ])
    .where('signalementId', '=', signalementId)
    .where('isVisibleForUsager', '=', true)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function filesOfSuivis(q: Q, suiviIds: number[]) {
  if (suiviIds.length === 0) return [];
  return q
    .selectFrom('suiviFichier')
    .innerJoin('fichier', 'fichier.id', 'suiviFichier.fichierId')
    .select(['suiviFichier.suiviId', 'fichier.uuid', 'fichier.title', 'fichier.filename'])
    .where('suiviFichier.suiviId', 'in', suiviIds)
    .where('fichier.isVisibleForUsager', '=', true)
    .execute();
}

export async function findPublicFile(q: Q, signalementId: number, uuid: string) {
  if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
  return q
    .selectFrom('fichier')
    .select(['uuid', 'storageKey', 'title', 'filename', 'mimeType', 'variants'])
    .where('signalementId', '=', signalementId)
    .where('uuid', '=', uuid)
    .where('isVisibleForUsager', '=', true)
    .executeTakeFirst();
}

export async function affectationFacts(q: Q, signalementId: number) {
  const rows = await q
    .selectFrom('affectation')
    .select(['partenaireId', 'statut', 'answeredAt'])
    .where('signalementId', '=', signalementId)
    .execute();
  const accepted = rows.filter((r) => r.statut === 'EN_COURS' || (r.statut === 'FERME' && r.answeredAt));
  const firstAcceptedAt =
    accepted
      .map((r) => r.answeredAt)
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return {
    acceptedCount: accepted.length,
    firstAcceptedAt,
    openPartenaireIds: [
      ...new Set(
        rows.filter((r) => r.statut === 'NOUVEAU' || r.statut === 'EN_COURS').map((r) => r.partenaireId),
      ),
    ],
  };
}

export async function lastSuiviAt(q: Q, signalementId: number, categories: string[]) {
  const r = await q
    .selectFrom('suivi')
    .select((eb) => eb.fn.max('createdAt').as('at'))
    .where('signalementId', '=', signalementId)
    .where('category', 'in', categories)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  return r?.at ? new Date(r.at as unknown as string) : null;
}

export async function insertSuivi(
  q: Q,
  v: {
    signalementId: number;
    description: string;
    type: number;
    category: string;
    usagerRole: 'OCCUPANT' | 'DECLARANT';
    createdAt: Date;
  },
) {
  return q
    .insertInto('suivi')
    .values({
      signalementId: v.signalementId,
      createdById: null,
      partenaireId: null,
      usagerRole: v.usagerRole,
      description: v.description,
      isVisibleForUsager: true,
      type: v.type,
      category: v.category,
      createdAt: v.createdAt,
    })
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow();
}

export async function touchLastSuivi(q: Q, signalementId: number, at: Date) {
  await q
    .updateTable('signalement')
    .set({ lastSuiviAt: at, lastSuiviBy: 'Usager', lastSuiviIsVisibleForUsager: true, updatedAt: at })
    .where('id', '=', signalementId)
    .execute();
}

export interface NewFichier {
  storageKey: string;
  variants: Record<string, string>;
  filename: string;
  extension: string;
  mimeType: string;
  size: number;
  documentType: string;
  datePriseDeVue: string | null;
}

export async function insertFichiers(
  q: Q,
  s: { id: number; territoireId: number },
  files: NewFichier[],
  at: Date,
) {
  if (files.length === 0) return [];
  return q
    .insertInto('fichier')
    .values(
      files.map((f) => ({
        signalementId: s.id,
        territoireId: s.territoireId,
        storageKey: f.storageKey,
        filename: f.filename,
        title: f.filename,
        extension: f.extension,
        mimeType: f.mimeType,
        size: f.size,
        documentType: f.documentType,
        datePriseDeVue: f.datePriseDeVue,
        isVisibleForUsager: true,
        variants: JSON.stringify(f.variants),
        uploadedByUsager: true,
        createdAt: at,
      })),
    )
    .returning(['id'])
    .execute();
}

export async function linkFiles(q: Q, suiviId: number, fichierIds: number[]) {
  if (fichierIds.length === 0) return;
  await q
    .insertInto('suiviFichier')
    .values(fichierIds.map((fichierId) => ({ suiviId, fichierId })))
    .execute();
}

export type CoordonneesUpdate = Partial<
  Pick<
    DossierRow,
    | 'occupantTel'
    | 'occupantEmail'
    | 'declarantTel'
    | 'declarantEmail'
    | 'bailleurNom'
    | 'bailleurEmail'
    | 'bailleurTel'
    | 'bailleurAdresse'
    | 'bailleurCodePostal'
    | 'bailleurVille'
  >
>;

export async function updateSignalement(
  q: Q,
  id: number,
  v: CoordonneesUpdate & { isUsagerAbandonProcedure?: boolean | null },
) {
  await q
    .updateTable('signalement')
    .set({ ...v, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Open dossiers of an e-mail address (as occupant or déclarant), for "Retrouver mon lien". */
export async function openDossiersOfEmail(q: Q, email: string) {
  const e = email.trim().toLowerCase();
  return q
    .selectFrom('signalement')
    .select(['reference', 'codeSuivi', 'adresseOccupant', 'cpOccupant', 'villeOccupant'])
    .where((eb) => eb.or([eb(sql`lower(occupant_email)`, '=', e), eb(sql`lower(declarant_email)`, '=', e)]))
    .where('statut', 'in', ['NEED_VALIDATION', 'ACTIVE', 'INJONCTION_BAILLEUR'])
    .orderBy('createdAt', 'desc')
    .limit(20)
    .execute();
}
