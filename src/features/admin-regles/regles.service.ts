import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { adminTerritoireIds, canAdminister } from '../../domain/admin-policy.ts';
import {
  ALLOCATAIRE_CHOICES,
  PARC_CHOICES,
  PROFILE_DECLARANT_CHOICES,
  type SignalementFacts,
} from '../../domain/auto-affectation.ts';
import { isPartnerType, PROCEDURES_SUSPECTEES } from '../../domain/competences.ts';
import type { DB } from '../../infra/db/schema.ts';
import { forbidden, notFound, validation } from '../../infra/errors.ts';
import { insertAdminHistory } from '../admin-partenaires/partenaires.repository.ts';
import { listZones } from '../admin-zones/zones.repository.ts';
import type { CurrentUser } from '../auth/auth.repository.ts';
import { simulateAutoAffectation } from './auto-affectation.service.ts';
import {
  deleteRule,
  findRule,
  insertRule,
  listRules,
  type RuleValues,
  setRuleStatus,
  signalementForRules,
  updateRule,
} from './regles.repository.ts';

export type RuleForm = Record<string, string | string[]>;

const INSEE = /^(\d{5}|2[AB]\d{3})$/;

function list(v: string | string[] | undefined): string[] {
  return Array.isArray(v) ? v : v ? [v] : [];
}
function text(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}
export function splitCodes(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/**
 * Territories a user may manage zones and rules for: all for super admins, their own for responsables de
 * territoire; others get 403.
 */
export async function manageableTerritoires(
  db: Kysely<DB>,
  user: CurrentUser,
  action: 'RULE_MANAGE' | 'ZONE_MANAGE',
): Promise<{ id: number; code: string; nom: string }[]> {
  if (!canAdminister(user, action)) {
    throw forbidden(
      action === 'RULE_MANAGE'
        ? 'Les règles d’affectation sont gérées par les responsables de territoire.'
        : 'Les zones sont gérées par les responsables de territoire.',
    );
  }
  let q = db.selectFrom('territoire').select(['id', 'code', 'nom']).orderBy('code');
  if (user.role !== 'ROLE_ADMIN') {
    const ids = adminTerritoireIds(user);
    q = q.where('id', 'in', ids.length ? ids : [-1]);
  }
  return q.execute();
}

/** The chosen territory when in scope, else the first one (404 for a territory out of scope). */
export function pickTerritoire<T extends { id: number }>(
  territoires: T[],
  wanted: number | undefined,
): T | undefined {
  if (wanted === undefined) return territoires[0];
  const t = territoires.find((x) => x.id === wanted);
  if (!t) throw notFound();
  return t;
}

export function createReglesService(deps: AppDeps) {
  const db = deps.database.db;

  async function options(territoireId: number) {
    const partners = await db
      .selectFrom('partenaire')
      .select(['id', 'nom', 'type'])
      .where('territoireId', '=', territoireId)
      .where('isArchive', '=', false)
      .orderBy('nom')
      .execute();
    const zones = (await listZones(db, territoireId)).map((z) => ({ id: z.id, name: z.name }));
    return { partners, zones };
  }

  async function ruleInScope(user: CurrentUser, id: number) {
    const territoires = await manageableTerritoires(db, user, 'RULE_MANAGE');
    const rule = Number.isSafeInteger(id) ? await findRule(db, id) : undefined;
    const territoire = rule && territoires.find((t) => t.id === rule.territoireId);
    if (!rule || !territoire) throw notFound();
    return { rule, territoire, territoires };
  }

  async function parse(territoireId: number, form: RuleForm): Promise<RuleValues> {
    const errors: Record<string, string> = {};
    const { partners, zones } = await options(territoireId);
    const partnerType = text(form.partnerType);
    if (!isPartnerType(partnerType)) errors.partnerType = 'Choisissez le type de partenaire visé.';
    const profileDeclarant = text(form.profileDeclarant) || 'all';
    if (!(PROFILE_DECLARANT_CHOICES as readonly string[]).includes(profileDeclarant)) {
      errors.profileDeclarant = 'Choisissez un profil de déclarant dans la liste.';
    }
    const parc = text(form.parc) || 'all';
    if (!(PARC_CHOICES as readonly string[]).includes(parc))
      errors.parc = 'Choisissez un parc dans la liste.';
    const allocataire = text(form.allocataire) || 'all';
    if (!(ALLOCATAIRE_CHOICES as readonly string[]).includes(allocataire)) {
      errors.allocataire = 'Choisissez une situation d’allocataire dans la liste.';
    }
    const codes = async (field: 'inseeToInclude' | 'inseeToExclude') => {
      const c = splitCodes(text(form[field]));
      const bad = c.filter((x) => !INSEE.test(x));
      if (bad.length) {
        errors[field] =
          `Ces codes ne sont pas des codes INSEE (5 caractères, par exemple 34172) : ${bad.slice(0, 5).join(', ')}.`;
        return c;
      }
      if (c.length) {
        const known = await db
          .selectFrom('commune')
          .select('codeInsee')
          .where('codeInsee', 'in', c)
          .where('territoireId', '=', territoireId)
          .execute();
        const set = new Set(known.map((k) => k.codeInsee));
        const unknown = c.filter((x) => !set.has(x));
        if (unknown.length) {
          errors[field] =
            `Ces codes ne sont pas des communes du territoire : ${unknown.slice(0, 5).join(', ')}.`;
        }
      }
      return c;
    };
    const inseeToInclude = await codes('inseeToInclude');
    const inseeToExclude = await codes('inseeToExclude');
    const ids = (field: string, allowed: Set<number>, message: string) => {
      const v = list(form[field]).map(Number);
      if (v.some((n) => !allowed.has(n))) errors[field] = message;
      return [...new Set(v)];
    };
    const partnerToExclude = ids(
      'partnerToExclude',
      new Set(partners.map((p) => p.id)),
      'Un des partenaires choisis n’existe plus : vérifiez la liste.',
    );
    const zoneIds = new Set(zones.map((z) => z.id));
    const zonesToInclude = ids('zonesToInclude', zoneIds, 'Une des zones choisies n’existe plus.');
    const zonesToExclude = ids('zonesToExclude', zoneIds, 'Une des zones choisies n’existe plus.');
    if (!errors.zonesToExclude && zonesToInclude.some((z) => zonesToExclude.includes(z))) {
      errors.zonesToExclude = 'Une même zone ne peut pas être à la fois incluse et exclue.';
    }
    const proceduresSuspectees = list(form.proceduresSuspectees);
    if (proceduresSuspectees.some((p) => !(PROCEDURES_SUSPECTEES as readonly string[]).includes(p))) {
      errors.proceduresSuspectees = 'Choisissez les procédures dans la liste.';
    }
    const description = text(form.description).slice(0, 2000) || null;
    if (Object.keys(errors).length) throw validation('La règle n’a pas été enregistrée.', errors);
    return {
      territoireId,
      status: text(form.status) === 'ARCHIVED' ? 'ARCHIVED' : 'ACTIVE',
      profileDeclarant,
      partnerType,
      inseeToInclude,
      inseeToExclude,
      partnerToExclude,
      parc,
      allocataire,
      proceduresSuspectees: [...new Set(proceduresSuspectees)],
      zonesToInclude,
      zonesToExclude,
      description,
    };
  }

  return {
    manageableTerritoires: (user: CurrentUser) => manageableTerritoires(db, user, 'RULE_MANAGE'),

    async list(user: CurrentUser, wanted?: number) {
      const territoires = await manageableTerritoires(db, user, 'RULE_MANAGE');
      const territoire = pickTerritoire(territoires, wanted);
      const rules = territoire ? await listRules(db, territoire.id) : [];
      const opts = territoire ? await options(territoire.id) : { partners: [], zones: [] };
      const auto = territoire
        ? ((
            await db
              .selectFrom('territoire')
              .select('isAutoAffectationEnabled')
              .where('id', '=', territoire.id)
              .executeTakeFirst()
          )?.isAutoAffectationEnabled ?? false)
        : false;
      return { territoires, territoire, rules, auto, ...opts };
    },

    async forNew(user: CurrentUser, wanted?: number) {
      const territoires = await manageableTerritoires(db, user, 'RULE_MANAGE');
      const territoire = pickTerritoire(territoires, wanted);
      if (!territoire) throw notFound();
      return { territoire, ...(await options(territoire.id)) };
    },

    async forEdit(user: CurrentUser, id: number) {
      const { rule, territoire } = await ruleInScope(user, id);
      return { rule, territoire, ...(await options(territoire.id)) };
    },

    async create(user: CurrentUser, territoireId: number, form: RuleForm) {
      const territoires = await manageableTerritoires(db, user, 'RULE_MANAGE');
      const territoire = pickTerritoire(territoires, territoireId);
      if (!territoire) throw notFound();
      const values = await parse(territoire.id, form);
      return db.transaction().execute(async (trx) => {
        const id = await insertRule(trx, values);
        await insertAdminHistory(trx, {
          event: 'CREATE',
          entityName: 'AutoAffectationRule',
          entityId: id,
          changes: { ...values },
          utilisateurId: user.id,
          now: new Date(),
        });
        return { id, territoire };
      });
    },

    async update(user: CurrentUser, id: number, form: RuleForm) {
      const { rule, territoire } = await ruleInScope(user, id);
      const values = await parse(territoire.id, { ...form, status: rule.status });
      await db.transaction().execute(async (trx) => {
        await updateRule(trx, id, values);
        await insertAdminHistory(trx, {
          event: 'UPDATE',
          entityName: 'AutoAffectationRule',
          entityId: id,
          changes: { before: rule, after: values },
          utilisateurId: user.id,
          now: new Date(),
        });
      });
      return { territoire };
    },

    async toggle(user: CurrentUser, id: number) {
      const { rule, territoire } = await ruleInScope(user, id);
      const status = rule.status === 'ACTIVE' ? 'ARCHIVED' : 'ACTIVE';
      await db.transaction().execute(async (trx) => {
        await setRuleStatus(trx, id, status);
        await insertAdminHistory(trx, {
          event: 'UPDATE',
          entityName: 'AutoAffectationRule',
          entityId: id,
          changes: { status: [rule.status, status] },
          utilisateurId: user.id,
          now: new Date(),
        });
      });
      return { status, territoire };
    },

    async remove(user: CurrentUser, id: number) {
      const { rule, territoire } = await ruleInScope(user, id);
      await db.transaction().execute(async (trx) => {
        await deleteRule(trx, id);
        await insertAdminHistory(trx, {
          event: 'DELETE',
          entityName: 'AutoAffectationRule',
          entityId: id,
          changes: { ...rule },
          utilisateurId: user.id,
          now: new Date(),
        });
      });
      return { territoire };
    },

    /**
     * Simulator: the decision of the territory's rules for an existing dossier (by reference, in the user's
     * territories) or for hand-typed facts. Answers field errors when the input cannot be used.
     */
    async simulate(
      user: CurrentUser,
      input: { territoireId?: number; reference?: string; facts?: Partial<SignalementFacts> },
    ) {
      const territoires = await manageableTerritoires(db, user, 'RULE_MANAGE');
      const territoire = pickTerritoire(territoires, input.territoireId);
      if (!territoire) throw notFound();
      let facts: SignalementFacts;
      let reference: string | null = null;
      if (input.reference) {
        const s = await signalementForRules(db, {
          reference: input.reference,
          territoireIds: [territoire.id],
        });
        if (!s) {
          throw validation('Dossier introuvable.', {
            reference: `Aucun dossier n° ${input.reference} sur le territoire ${territoire.code}.`,
          });
        }
        facts = s.facts;
        reference = s.reference;
      } else {
        const f = input.facts ?? {};
        facts = {
          profileDeclarant: f.profileDeclarant ?? null,
          insee: f.insee ?? null,
          isLogementSocial: f.isLogementSocial ?? null,
          isAllocataire: f.isAllocataire ?? null,
          procedures: f.procedures ?? [],
          lat: f.lat ?? null,
          lng: f.lng ?? null,
        };
      }
      const result = await simulateAutoAffectation(db, territoire.id, facts);
      return { territoire, territoires, facts, reference, result };
    },
  };
}
