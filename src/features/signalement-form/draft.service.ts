/**
 * Rules of the public form's drafts, for the HTTP side (form.routes.tsx): create, load, save one screen
 * (validation, files, territory check, derived answers), delete a file, archive, confirmation data.
 *
 * What was typed is always saved before anything that could fail (file processing, territory look-up), so a
 * server error in the middle of a step never loses the person's answers.
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../../app.ts';
import { notFound } from '../../infra/errors.ts';
import type { FormFile } from '../../infra/multipart.ts';
import { deleteStoredUpload, storeUpload } from '../../infra/upload-store.ts';
import { isUploadRejected, processUpload, type UploadKind } from '../../infra/uploads.ts';
import { evaluate, type FormData, type FormValue } from './definition/predicates.ts';
import { flattenFields, PROFIL_FIELD, PROFILS, type Screen, type UploadField } from './definition/types.ts';
import { createDraftRepository, type DraftFileRow, type DraftRow } from './draft.repository.ts';
import { inputsOf } from './engine/conditions.ts';
import { applyDerive, readScreenInput, todayInParis, validateScreen } from './engine/validate.ts';
import { checkTerritory } from './territory-check.ts';

/** Default number of files one upload field keeps. */
export const DEFAULT_MAX_FILES = 10;

const EMAIL_FIELDS = ['vos_coordonnees_tiers_email', 'vos_coordonnees_occupant_email'] as const;
const ADDRESS_FIELD = 'adresse_logement_adresse';

export interface TerritoryClosed {
  commune: string;
  territoire?: { id: number; zip: string; name: string };
}

export type SaveScreenResult =
  | { kind: 'next'; data: FormData }
  | { kind: 'errors'; data: FormData; errors: Record<string, string> }
  | { kind: 'closed'; data: FormData; closed: TerritoryClosed };

/** What an upload field shows: the files already sent for it. */
export interface DraftUploadView {
  uuid: string;
  field: string;
  filename: string;
  kind: 'image' | 'pdf';
  size: number;
  mimeType: string;
  /** Small preview served by the form's routes (images only). */
  thumbUrl?: string;
}

function str(value: FormValue | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** E-mail of the person filling in the form: the tiers' one when given, else the occupant's. */
export function declarantEmail(data: FormData): string | null {
  for (const f of EMAIL_FIELDS) {
    const v = str(data[f]).toLowerCase();
    if (v) return v;
  }
  return null;
}

export function draftColumns(data: FormData, fallbackEmail: string | null = null) {
  const profil = str(data[PROFIL_FIELD]);
  const email = declarantEmail(data) ?? fallbackEmail;
  const address = str(data[ADDRESS_FIELD]) || null;
  return {
    profileDeclarant: (PROFILS as readonly string[]).includes(profil) ? profil.toUpperCase() : null,
    emailDeclarant: email,
    addressComplete: address,
    checksum:
      email && address ? createHash('sha256').update(`${email}${address.toLowerCase()}`).digest('hex') : null,
  };
}

/** Upload fields of a screen; with `visibleOn`, only those shown with these answers. */
export function uploadFieldsOf(screen: Screen, visibleOn?: FormData): UploadField[] {
  return inputsOf(screen.fields)
    .filter(({ showIf }) => visibleOn === undefined || evaluate(showIf, visibleOn))
    .map(({ field }) => field)
    .filter((f): f is UploadField => f.kind === 'upload');
}

export function allowedKinds(field: UploadField): UploadKind[] {
  return field.accept === 'photos' ? ['image'] : ['image', 'pdf'];
}

export function toUploadView(f: DraftFileRow, draftUuid: string): DraftUploadView {
  return {
    uuid: f.uuid,
    field: f.field,
    filename: f.filename,
    kind: f.kind,
    size: f.size,
    mimeType: f.mimeType,
    thumbUrl: f.variants?.thumb ? `/signalement/${draftUuid}/fichiers/${f.uuid}/miniature` : undefined,
  };
}

/** Photo field name → désordre slug, e.g. "desordres_logement_humidite_photos" → "desordres_logement_humidite". */
function desordreSlugOf(field: string): string | null {
  const m = /^(desordres_(?:batiment|logement)_.+?)_photos(?:_upload)?$/.exec(field);
  return m ? m[1]! : null;
}

/** Answers of "signalement_concerne" implied by a profile given in the start link (the person can change them). */
export function initialAnswers(profil: string | undefined): FormData {
  if (!profil || !(PROFILS as readonly string[]).includes(profil)) return {};
  const occupant = profil === 'locataire' || profil === 'bailleur_occupant';
  return {
    [PROFIL_FIELD]: profil,
    signalement_concerne_profil: occupant ? 'logement_occupez' : 'autre_logement',
    ...(occupant
      ? { signalement_concerne_profil_detail_occupant: profil }
      : { signalement_concerne_profil_detail_tiers: profil }),
  };
}

export function createDraftService(deps: Pick<AppDeps, 'database' | 'storage'>) {
  const db = deps.database.db;
  const repo = createDraftRepository(db);

  /** Writes the answers and the columns derived from them (profile, e-mail, address, checksum). */
  async function persist(draft: DraftRow, data: FormData, currentStep: string | null) {
    // The e-mail given for "finir plus tard" stays until the contact screens give one.
    await repo.save(draft.id, { payload: data, currentStep, ...draftColumns(data, draft.emailDeclarant) });
  }

  /** Upload field values are the ids of the files stored for them: the database rows are the truth. */
  function withUploads(
    screen: Screen,
    data: FormData,
    files: DraftFileRow[],
    visibleOn?: FormData,
  ): FormData {
    const fields = uploadFieldsOf(screen, visibleOn);
    if (fields.length === 0) return data;
    const out: Record<string, FormValue | undefined> = { ...data };
    for (const field of fields) {
      const ids = files.filter((f) => f.field === field.name).map((f) => f.uuid);
      out[field.name] = ids.length > 0 ? ids : undefined;
    }
    return out;
  }

  /**
   * Processes and stores the accepted files of a step (re-encoded, no metadata), one row each; returns the
   * French messages of refused ones by field. A file for a field that is not on this screen is ignored.
   */
  async function storeFiles(
    draft: DraftRow,
    screen: Screen,
    files: FormFile[],
    existing: DraftFileRow[],
    data: FormData,
  ): Promise<{ errors: Record<string, string>; added: DraftFileRow[] }> {
    const errors: Record<string, string> = {};
    const added: DraftFileRow[] = [];
    // Only the fields shown with these answers take files.
    const byName = new Map(uploadFieldsOf(screen, data).map((f) => [f.name, f]));
    for (const file of files) {
      const field = byName.get(file.field);
      if (!field) continue;
      if (!file.ok) {
        errors[field.name] ??= `${file.filename} : ${file.rejection.message}`;
        continue;
      }
      const max = field.maxFiles ?? DEFAULT_MAX_FILES;
      const count =
        existing.filter((f) => f.field === field.name).length +
        added.filter((f) => f.field === field.name).length;
      if (count >= max) {
        errors[field.name] ??=
          `${file.filename} : vous avez déjà envoyé ${max} ${max > 1 ? 'fichiers' : 'fichier'} pour cette question. ` +
          'Supprimez-en un pour en ajouter un autre.';
        continue;
      }
      try {
        const processed = await processUpload(file.buffer, {
          filename: file.filename,
          allowed: allowedKinds(field),
        });
        const stored = await storeUpload(deps.storage, processed, { prefix: `brouillons/${draft.uuid}` });
        try {
          added.push(
            await repo.addFile({
              draftId: draft.id,
              field: field.name,
              desordreSlug: desordreSlugOf(field.name),
              storageKey: stored.storageKey,
              variants: stored.variants as Record<string, string>,
              filename: processed.filename,
              extension: processed.extension,
              mimeType: processed.mimeType,
              size: processed.size,
              kind: processed.kind,
              datePriseDeVue: processed.takenAt ?? null,
            }),
          );
        } catch (err) {
          await deleteStoredUpload(deps.storage, stored).catch(() => undefined);
          throw err;
        }
      } catch (err) {
        if (!isUploadRejected(err)) throw err;
        errors[field.name] ??= `${file.filename} : ${err.message}`;
      }
    }
    return { errors, added };
  }

  return {
    repo,

    /** A new draft; a known profile (from a link such as `/signalement?profil=locataire`) pre-answers "pour qui". */
    async create(profil?: string): Promise<DraftRow> {
      return repo.create(initialAnswers(profil));
    },

    /** The draft, whatever its status; a missing one (or a malformed id) is a 404. */
    async load(uuid: string): Promise<DraftRow> {
      const draft = await repo.findByUuid(uuid);
      if (!draft) throw notFound("Ce signalement en cours n'existe pas ou n'est plus disponible.");
      return draft;
    },

    async files(draft: DraftRow): Promise<DraftFileRow[]> {
      return repo.listFiles(draft.id);
    },

    /**
     * One step: reads the answers of the screen, keeps the files, validates, saves (always, errors or not),
     * checks the territory of the dwelling's address, then applies the derived answers.
     */
    async saveScreen(
      draft: DraftRow,
      screen: Screen,
      body: Record<string, string | string[] | undefined>,
      upload?: { files: FormFile[]; truncatedFields: string[] },
    ): Promise<SaveScreenResult> {
      const existing = await repo.listFiles(draft.id);
      // 1. What was typed, saved at once (before file processing or any look-up that could fail).
      let data = readScreenInput(screen, body, withUploads(screen, draft.payload, existing));
      await persist(draft, data, screen.slug);

      // 2. Files.
      let fileErrors: Record<string, string> = {};
      if (upload && upload.files.length > 0) {
        const res = await storeFiles(draft, screen, upload.files, existing, data);
        fileErrors = res.errors;
        if (res.added.length > 0) {
          data = withUploads(screen, data, [...existing, ...res.added], data);
          await persist(draft, data, screen.slug);
        }
      }

      // 3. Validation.
      const errors: Record<string, string> = {
        ...validateScreen(screen, data, { today: todayInParis() }),
        ...fileErrors,
      };
      for (const name of upload?.truncatedFields ?? []) {
        errors[name] ??= 'Ce texte est trop long : raccourcissez-le.';
      }
      if (Object.keys(errors).length > 0) return { kind: 'errors', data, errors };

      // 4. Territory of the dwelling.
      for (const field of flattenFields(screen.fields)) {
        if (field.kind !== 'address' || !field.territoryCheck) continue;
        const codePostal = str(data[`${field.name}_detail_code_postal`]);
        const insee = str(data[`${field.name}_detail_insee`]);
        const commune = str(data[`${field.name}_detail_commune`]);
        const res = await checkTerritory(db, { codePostal, insee, commune });
        if (res.status === 'unknown') {
          return {
            kind: 'errors',
            data,
            errors: {
              [`${field.name}_detail_commune`]:
                'Nous ne trouvons pas cette commune. Vérifiez le code postal et le nom de la commune, ' +
                'ou choisissez une adresse dans la liste proposée.',
            },
          };
        }
        if (res.status === 'closed') {
          return {
            kind: 'closed',
            data,
            closed: { commune: str(data[`${field.name}_detail_commune`]), territoire: res.territoire },
          };
        }
      }

      // 5. Derived answers (profile…), saved with the step.
      data = applyDerive(screen, data);
      await persist(draft, data, screen.slug);
      return { kind: 'next', data };
    },

    /** Saves the answers of a screen without validating them (before deleting a file, "finir plus tard"…). */
    async saveWithoutValidation(
      draft: DraftRow,
      screen: Screen,
      body: Record<string, string | string[] | undefined>,
    ): Promise<FormData> {
      const existing = await repo.listFiles(draft.id);
      const data = readScreenInput(screen, body, withUploads(screen, draft.payload, existing));
      await persist(draft, data, screen.slug);
      return data;
    },

    /** Deletes one of this draft's files (row, then stored objects) and removes it from the answers. */
    async deleteFile(draft: DraftRow, fileUuid: string): Promise<boolean> {
      const row = await repo.deleteFile(draft.id, fileUuid);
      if (!row) return false;
      await deleteStoredUpload(deps.storage, { storageKey: row.storageKey, variants: row.variants }).catch(
        () => undefined,
      );
      const fresh = await repo.findByUuid(draft.uuid);
      if (fresh) {
        const payload: Record<string, FormValue | undefined> = { ...fresh.payload };
        const value = payload[row.field];
        if (Array.isArray(value)) {
          const rest = value.filter((v) => v !== row.uuid);
          payload[row.field] = rest.length > 0 ? rest : undefined;
        }
        await persist(fresh, payload, fresh.currentStep);
      }
      return true;
    },

    async archive(draft: DraftRow): Promise<boolean> {
      return repo.setStatus(draft.id, 'ARCHIVE');
    },

    async signalementOf(draft: DraftRow) {
      return repo.signalementOfDraft(draft.id);
    },
  };
}

export type DraftService = ReturnType<typeof createDraftService>;
