/**
 * SQL of the public form's drafts (`signalement_draft`) and of the files sent while filling it in
 * (`signalement_draft_file`). The only place that reads or writes those tables for the HTTP side of the form.
 */
import type { Db } from '../../infra/db/database.ts';
import type { FormData } from './definition/predicates.ts';

export type DraftStatus = 'EN_COURS' | 'HORS_PDLHI' | 'EN_SIGNALEMENT' | 'ARCHIVE';

export interface DraftRow {
  id: number;
  uuid: string;
  status: DraftStatus;
  payload: FormData;
  currentStep: string | null;
  profileDeclarant: string | null;
  emailDeclarant: string | null;
  addressComplete: string | null;
  checksum: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DraftFileRow {
  id: number;
  uuid: string;
  draftId: number;
  field: string;
  desordreSlug: string | null;
  storageKey: string;
  variants: Record<string, string>;
  filename: string;
  extension: string;
  mimeType: string;
  size: number;
  kind: 'image' | 'pdf';
  datePriseDeVue: string | null;
  createdAt: Date;
}

export interface DraftSave {
  payload: FormData;
  currentStep: string | null;
  profileDeclarant: string | null;
  emailDeclarant: string | null;
  addressComplete: string | null;
  checksum: string | null;
}

export interface NewDraftFile {
  draftId: number;
  field: string;
  desordreSlug: string | null;
  storageKey: string;
  variants: Record<string, string>;
  filename: string;
  extension: string;
  mimeType: string;
  size: number;
  kind: 'image' | 'pdf';
  datePriseDeVue: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A syntactically valid UUID (anything else would make PostgreSQL throw on the uuid column). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

const DRAFT_COLUMNS = [
  'id',
  'uuid',
  'status',
  'payload',
  'currentStep',
  'profileDeclarant',
  'emailDeclarant',
  'addressComplete',
  'checksum',
  'createdAt',
  'updatedAt',
] as const;

export function createDraftRepository(db: Db) {
  return {
    async create(payload: FormData = {}): Promise<DraftRow> {
      const row = await db
        .insertInto('signalementDraft')
        .values({ payload: JSON.stringify(payload), currentStep: null })
        .returning(DRAFT_COLUMNS)
        .executeTakeFirstOrThrow();
      return row as DraftRow;
    },

    async findByUuid(uuid: string): Promise<DraftRow | undefined> {
      if (!isUuid(uuid)) return undefined;
      const row = await db
        .selectFrom('signalementDraft')
        .select(DRAFT_COLUMNS)
        .where('uuid', '=', uuid)
        .executeTakeFirst();
      return row as DraftRow | undefined;
    },

    /** Saves the answers; only an EN_COURS draft changes (a submitted or archived one stays as it was). */
    async save(id: number, save: DraftSave): Promise<boolean> {
      const res = await db
        .updateTable('signalementDraft')
        .set({
          payload: JSON.stringify(save.payload),
          currentStep: save.currentStep,
          profileDeclarant: save.profileDeclarant,
          emailDeclarant: save.emailDeclarant,
          addressComplete: save.addressComplete,
          checksum: save.checksum,
          updatedAt: new Date(),
        })
        .where('id', '=', id)
        .where('status', '=', 'EN_COURS')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    async setStatus(id: number, status: DraftStatus, from: DraftStatus = 'EN_COURS'): Promise<boolean> {
      const res = await db
        .updateTable('signalementDraft')
        .set({ status, updatedAt: new Date() })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    async listFiles(draftId: number): Promise<DraftFileRow[]> {
      const rows = await db
        .selectFrom('signalementDraftFile')
        .selectAll()
        .where('draftId', '=', draftId)
        .orderBy('id')
        .execute();
      return rows as unknown as DraftFileRow[];
    },

    async addFile(file: NewDraftFile): Promise<DraftFileRow> {
      const row = await db
        .insertInto('signalementDraftFile')
        .values({ ...file, variants: file.variants as never })
        .returningAll()
        .executeTakeFirstOrThrow();
      return row as unknown as DraftFileRow;
    },

    /** Deletes one file of this draft; returns the deleted row (to remove it from storage) or undefined. */
    async deleteFile(draftId: number, fileUuid: string): Promise<DraftFileRow | undefined> {
      if (!isUuid(fileUuid)) return undefined;
      const row = await db
        .deleteFrom('signalementDraftFile')
        .where('draftId', '=', draftId)
        .where('uuid', '=', fileUuid)
        .returningAll()
        .executeTakeFirst();
      return row as unknown as DraftFileRow | undefined;
    },

    /** Follow-up code of the signalement created from this draft (the most recent one). */
    async signalementOfDraft(
      draftId: number,
    ): Promise<{ reference: string; codeSuivi: string; uuid: string } | undefined> {
      return db
        .selectFrom('signalement')
        .select(['reference', 'codeSuivi', 'uuid'])
        .where('createdFromDraftId', '=', draftId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
  };
}

export type DraftRepository = ReturnType<typeof createDraftRepository>;
