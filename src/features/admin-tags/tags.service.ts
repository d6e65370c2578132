import type { AppDeps } from '../../app.ts';
import { conflict, forbidden, notFound, validation } from '../../infra/errors.ts';
import { insertAdminHistory } from '../admin-partenaires/partenaires.repository.ts';
import type { CurrentUser } from '../auth/auth.repository.ts';
import { authorizeSignalement } from '../signalements/signalement-access.ts';
import { findTag, listTags, sameLabel, tagsOfSignalement, tagsOfTerritoire } from './tags.repository.ts';

export const TAG_LABEL_MAX = 60;

/**
 * Who manages a territory's tags (spec §4.2 TagVoter): super admins everywhere, responsables de territoire
 * in their territories; others 403. (Roles checked here: no shared admin policy module yet.)
 */
export function tagScope(user: CurrentUser): number[] | null {
  if (user.role === 'ROLE_ADMIN') return null;
  if (user.role === 'ROLE_ADMIN_TERRITORY') {
    return [...new Set(user.partenaires.map((p) => p.territoireId).filter((t): t is number => t !== null))];
  }
  throw forbidden('La gestion des étiquettes est réservée aux responsables de territoire.');
}

function cleanLabel(raw: unknown, field: string): string {
  const label = (typeof raw === 'string' ? raw : '').replace(/\s+/g, ' ').trim();
  if (!label) throw validation('Étiquette invalide.', { [field]: 'Indiquez le nom de l’étiquette.' });
  if (label.length > TAG_LABEL_MAX) {
    throw validation('Étiquette invalide.', {
      [field]: `Le nom de l’étiquette doit faire ${TAG_LABEL_MAX} caractères au plus.`,
    });
  }
  return label;
}

export function createTagsService(deps: AppDeps) {
  const db = deps.database.db;

  async function tagInScope(user: CurrentUser, id: number) {
    const scope = tagScope(user);
    const tag = await findTag(db, id);
    if (!tag || tag.isArchive || (scope && !scope.includes(tag.territoireId))) throw notFound();
    return tag;
  }

  return {
    async list(user: CurrentUser, territoireId?: number) {
      const scope = tagScope(user);
      const ids = territoireId && (!scope || scope.includes(territoireId)) ? [territoireId] : scope;
      let tq = db.selectFrom('territoire').select(['id', 'code', 'nom']).orderBy('code');
      if (scope) tq = tq.where('id', 'in', scope.length ? scope : [-1]);
      return { tags: await listTags(db, ids), territoires: await tq.execute() };
    },

    /** One tag of the caller's territories (404 otherwise), with its territory and number of dossiers. */
    async get(user: CurrentUser, id: number) {
      const tag = await tagInScope(user, id);
      const t = await db
        .selectFrom('territoire')
        .select(['code', 'nom'])
        .where('id', '=', tag.territoireId)
        .executeTakeFirstOrThrow();
      const n = await db
        .selectFrom('tagSignalement')
        .select((eb) => eb.fn.countAll<string>().as('c'))
        .where('tagId', '=', id)
        .executeTakeFirstOrThrow();
      return {
        id: tag.id,
        label: tag.label,
        territoireLabel: `${t.code} – ${t.nom}`,
        nbDossiers: Number(n.c),
      };
    },

    async create(user: CurrentUser, body: { label?: unknown; territoireId?: unknown }) {
      const scope = tagScope(user);
      let territoireId = Number(body.territoireId);
      if (!body.territoireId && scope?.length === 1) territoireId = scope[0]!;
      const label = cleanLabel(body.label, 'label');
      const territoire = Number.isSafeInteger(territoireId)
        ? await db.selectFrom('territoire').select('id').where('id', '=', territoireId).executeTakeFirst()
        : undefined;
      if (!territoire || (scope && !scope.includes(territoireId))) {
        throw validation('Territoire invalide.', {
          territoireId: 'Choisissez le territoire de l’étiquette.',
        });
      }
      if (await sameLabel(db, territoireId, label)) {
        throw validation('Doublon.', { label: `L’étiquette « ${label} » existe déjà sur ce territoire.` });
      }
      const now = new Date();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('tag')
          .values({ territoireId, label, createdAt: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertAdminHistory(trx, {
          event: 'CREATE',
          entityName: 'Tag',
          entityId: row.id,
          changes: { label, territoireId },
          utilisateurId: user.id,
          now,
        });
        return { id: row.id, label };
      });
    },

    async rename(user: CurrentUser, id: number, rawLabel: unknown) {
      const tag = await tagInScope(user, id);
      const field = 'label';
      const label = cleanLabel(rawLabel, field);
      if (await sameLabel(db, tag.territoireId, label, id)) {
        throw validation('Doublon.', { [field]: `L’étiquette « ${label} » existe déjà sur ce territoire.` });
      }
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('tag').set({ label }).where('id', '=', id).execute();
        await insertAdminHistory(trx, {
          event: 'UPDATE',
          entityName: 'Tag',
          entityId: id,
          changes: { label: [tag.label, label] },
          utilisateurId: user.id,
          now,
        });
      });
      return { before: tag.label, label };
    },

    /** Deletes the tag and its links to dossiers (one history entry per dossier that carried it). */
    async remove(user: CurrentUser, id: number) {
      const tag = await tagInScope(user, id);
      const now = new Date();
      const links = await db.transaction().execute(async (trx) => {
        const removed = await trx
          .deleteFrom('tagSignalement')
          .where('tagId', '=', id)
          .returning('signalementId')
          .execute();
        await trx.deleteFrom('tag').where('id', '=', id).execute();
        await insertAdminHistory(trx, {
          event: 'DELETE',
          entityName: 'Tag',
          entityId: id,
          changes: { label: tag.label, territoireId: tag.territoireId, dossiers: removed.length },
          utilisateurId: user.id,
          now,
        });
        for (const r of removed) {
          await insertAdminHistory(trx, {
            event: 'DELETE',
            entityName: 'TagSignalement',
            entityId: id,
            changes: { label: tag.label, motif: 'Étiquette supprimée' },
            signalementId: r.signalementId,
            utilisateurId: user.id,
            now,
          });
        }
        return removed.length;
      });
      return { label: tag.label, dossiers: links };
    },

    /** Tags offered on a dossier page (those of its territory) and those it carries. */
    async forDossier(signalementId: number, territoireId: number) {
      return {
        current: await tagsOfSignalement(db, signalementId),
        available: await tagsOfTerritoire(db, territoireId),
      };
    },

    /**
     * Sets the dossier's tags to `tagIds` (authorised with the dossier policy, TAGS_EDIT: 404 when the dossier
     * is out of sight, 403 when it may be seen but not tagged). Tags must be of the dossier's territory.
     */
    async setOnDossier(user: CurrentUser, uuid: string, rawIds: string[]) {
      const access = await authorizeSignalement(db, user, 'TAGS_EDIT', uuid);
      const wanted = [...new Set(rawIds.map((v) => Number(v)))];
      if (wanted.some((n) => !Number.isSafeInteger(n))) throw conflict('Étiquette inconnue.');
      const allowed = new Set((await tagsOfTerritoire(db, access.target.territoireId)).map((t) => t.id));
      if (wanted.some((n) => !allowed.has(n))) {
        throw conflict(
          'Une des étiquettes choisies n’existe pas (ou plus) sur ce territoire. Merci de réessayer.',
        );
      }
      const now = new Date();
      return db.transaction().execute(async (trx) => {
        const before = (await tagsOfSignalement(trx, access.id)).map((t) => t.id);
        const added = wanted.filter((n) => !before.includes(n));
        const removed = before.filter((n) => !wanted.includes(n));
        if (removed.length) {
          await trx
            .deleteFrom('tagSignalement')
            .where('signalementId', '=', access.id)
            .where('tagId', 'in', removed)
            .execute();
        }
        if (added.length) {
          await trx
            .insertInto('tagSignalement')
            .values(added.map((tagId) => ({ tagId, signalementId: access.id })))
            .execute();
        }
        if (added.length || removed.length) {
          await insertAdminHistory(trx, {
            event: 'UPDATE',
            entityName: 'Signalement',
            entityId: access.id,
            changes: { etiquettesAjoutees: added, etiquettesRetirees: removed },
            signalementId: access.id,
            utilisateurId: user.id,
            now,
          });
        }
        return { added: added.length, removed: removed.length };
      });
    },
  };
}
