import type { AppDeps } from '../../app.ts';
import { canAdminister } from '../../domain/admin-policy.ts';
import { forbidden, notFound, validation } from '../../infra/errors.ts';
import { insertAdminHistory } from '../admin-partenaires/partenaires.repository.ts';
import type { CurrentUser } from '../auth/auth.repository.ts';

/** IANA time zones known to this Node (the list offered in the form). */
export const TIMEZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Paris'];
  }
})();

const INSEE = /^(\d{5}|2[AB]\d{3})$/;

export interface TerritoireForm {
  isActive: boolean;
  isAutoAffectationEnabled: boolean;
  authorizedCodesInsee: string;
  timezone: string;
}

/** Splits a typed list of INSEE codes (commas, spaces, semicolons or new lines). */
export function splitInsee(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** Territories: super admins only (spec §6.12: no creation, only their settings). */
export function createTerritoiresService(deps: AppDeps) {
  const db = deps.database.db;
  const guard = (user: CurrentUser) => {
    if (!canAdminister(user, 'TERRITORY_MANAGE')) {
      throw forbidden('La gestion des territoires est réservée aux super administrateurs.');
    }
  };

  return {
    async list(user: CurrentUser) {
      guard(user);
      return db
        .selectFrom('territoire')
        .select([
          'id',
          'code',
          'nom',
          'isActive',
          'isAutoAffectationEnabled',
          'timezone',
          'authorizedCodesInsee',
        ])
        .orderBy('code')
        .execute();
    },

    async get(user: CurrentUser, id: number) {
      guard(user);
      if (!Number.isSafeInteger(id)) throw notFound();
      const t = await db
        .selectFrom('territoire')
        .select([
          'id',
          'code',
          'nom',
          'isActive',
          'isAutoAffectationEnabled',
          'timezone',
          'authorizedCodesInsee',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!t) throw notFound();
      return t;
    },

    async update(user: CurrentUser, id: number, form: TerritoireForm) {
      const t = await this.get(user, id);
      const errors: Record<string, string> = {};
      const codes = splitInsee(form.authorizedCodesInsee);
      const bad = codes.filter((c) => !INSEE.test(c));
      if (bad.length) {
        errors.authorizedCodesInsee = `Ces codes ne sont pas des codes INSEE (5 caractères, par exemple 34172) : ${bad.slice(0, 5).join(', ')}.`;
      } else if (codes.length) {
        const known = await db
          .selectFrom('commune')
          .select('codeInsee')
          .where('codeInsee', 'in', codes)
          .execute();
        const set = new Set(known.map((k) => k.codeInsee));
        const unknown = codes.filter((c) => !set.has(c));
        if (unknown.length) {
          errors.authorizedCodesInsee = `Ces communes sont inconnues : ${unknown.slice(0, 5).join(', ')}. Vérifiez les codes INSEE.`;
        }
      }
      if (!TIMEZONES.includes(form.timezone)) errors.timezone = 'Choisissez un fuseau horaire dans la liste.';
      if (Object.keys(errors).length) throw validation('Le territoire n’a pas été modifié.', errors);
      const next = {
        isActive: form.isActive,
        isAutoAffectationEnabled: form.isAutoAffectationEnabled,
        timezone: form.timezone,
        authorizedCodesInsee: codes.length ? codes : null,
      };
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('territoire')
          .set({
            ...next,
            authorizedCodesInsee: next.authorizedCodesInsee
              ? JSON.stringify(next.authorizedCodesInsee)
              : null,
          })
          .where('id', '=', id)
          .execute();
        await insertAdminHistory(trx, {
          event: 'UPDATE',
          entityName: 'Territoire',
          entityId: id,
          changes: {
            isActive: [t.isActive, next.isActive],
            isAutoAffectationEnabled: [t.isAutoAffectationEnabled, next.isAutoAffectationEnabled],
            timezone: [t.timezone, next.timezone],
            authorizedCodesInsee: [t.authorizedCodesInsee, next.authorizedCodesInsee],
          },
          utilisateurId: user.id,
          now,
        });
      });
      return t;
    },
  };
}
