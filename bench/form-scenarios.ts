import { sql } from 'kysely';
import { FORM_SCREENS, getScreen } from '../src/features/signalement-form/definition/index.ts';
import { flattenFields, isInputField } from '../src/features/signalement-form/definition/types.ts';
import { firstIncompleteSlug } from '../src/features/signalement-form/engine/navigation.ts';
import { HONEYPOT_FIELD } from '../src/features/signalement-form/views/parts.tsx';
import { CONSENT_FIELD } from '../src/features/signalement-form/views/recap.tsx';
import type { Db } from '../src/infra/db/database.ts';
import draft from './form-draft.json' with { type: 'json' };

/**
 * The public form under load: drafts are created in the database beforehand (a complete locataire draft in
 * Marseille, bench/form-draft.json), then the clients post one screen of the form, or the final submission.
 * Each submission needs a draft of its own; what the bench created is deleted afterwards, so that the bench
 * database keeps its size and can be reused.
 */

export interface FormPost {
  path: string;
  form: Record<string, string>;
}

/** The screen posted by the "form-step" scenario: the occupant's contact details (text, e-mail, phone). */
export const STEP_SLUG = 'vos_coordonnees_occupant';
const BENCH_STEP = 'bench-form';
const today = () => new Date().toISOString().slice(0, 10);

function checkedPayload(): Record<string, string | string[]> {
  const payload = draft as Record<string, string | string[]>;
  const missing = firstIncompleteSlug(FORM_SCREENS, payload, { today: today() });
  if (missing) {
    throw new Error(
      `bench/form-draft.json n'est plus complet pour le formulaire : écran « ${missing} » à revoir`,
    );
  }
  return payload;
}

async function insertDrafts(db: Db, n: number): Promise<string[]> {
  const payload = JSON.stringify(checkedPayload());
  const uuids: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const rows = await db
      .insertInto('signalementDraft')
      .values(
        Array.from({ length: Math.min(500, n - i) }, () => ({
          payload,
          profileDeclarant: 'LOCATAIRE',
          // Marks the bench's drafts, to delete them (and what they became) afterwards.
          currentStep: BENCH_STEP,
          createdAt: new Date(),
          updatedAt: new Date(),
        })),
      )
      .returning('uuid')
      .execute();
    uuids.push(...rows.map((r) => r.uuid));
  }
  return uuids;
}

/** One POST of a screen per request, on a few drafts (saving the same draft again is what a person does). */
export async function stepPosts(db: Db, concurrency: number): Promise<FormPost[]> {
  const screen = getScreen(STEP_SLUG);
  if (!screen) throw new Error(`Écran ${STEP_SLUG} introuvable`);
  const payload = checkedPayload();
  const form: Record<string, string> = { [HONEYPOT_FIELD]: '' };
  for (const f of flattenFields(screen.fields)) {
    if (!isInputField(f)) continue;
    const v = payload[f.name];
    if (typeof v === 'string') form[f.name] = v;
  }
  const uuids = await insertDrafts(db, concurrency);
  return uuids.map((uuid) => ({ path: `/signalement/${uuid}/${STEP_SLUG}`, form }));
}

/** One final submission per request: each needs its own complete draft. */
export async function submissionPosts(db: Db, count: number): Promise<FormPost[]> {
  const uuids = await insertDrafts(db, count);
  return uuids.map((uuid) => ({
    path: `/signalement/${uuid}/envoyer`,
    // The duplicate check would stop every submission after the first (same person, same address).
    form: { [HONEYPOT_FIELD]: '', [CONSENT_FIELD]: '1', ignorer_doublons: '1' },
  }));
}

/** Deletes the bench's drafts and the signalements made from them. */
export async function cleanupForms(db: Db): Promise<{ drafts: number; signalements: number }> {
  const del = await sql<{ id: number }>`
    delete from signalement where created_from_draft_id in
      (select id from signalement_draft where current_step = ${BENCH_STEP} or payload->>'vos_coordonnees_occupant_email' = ${(draft as Record<string, unknown>).vos_coordonnees_occupant_email as string})
    returning id`.execute(db);
  const drafts = await db
    .deleteFrom('signalementDraft')
    .where((eb) =>
      eb.or([
        eb('currentStep', '=', BENCH_STEP),
        eb(sql`payload->>'vos_coordonnees_occupant_email'`, '=', draft.vos_coordonnees_occupant_email),
      ]),
    )
    .executeTakeFirst();
  return { drafts: Number(drafts.numDeletedRows), signalements: del.rows.length };
}
