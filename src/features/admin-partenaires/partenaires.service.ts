import type { AppDeps } from '../../app.ts';
import {
  defaultCompetences,
  isPartnerType,
  isQualification,
  PARTNER_TYPE_LABELS,
} from '../../domain/competences.ts';
import { forbidden, notFound, validation } from '../../infra/errors.ts';
import { createSecretBox } from '../../infra/secrets.ts';
import type { CurrentUser } from '../auth/auth.repository.ts';
import {
  archivePartner,
  epcisOfTerritoire,
  findPartnerByUuid,
  insertAdminHistory,
  insertPartner,
  knownInseeCodes,
  listPartners,
  type PartnerRow,
  type PartnerWrite,
  partnerEpciIds,
  partnerZoneIds,
  replacePartnerEpcis,
  replacePartnerZones,
  territoires,
  updatePartner,
  zonesOfTerritoire,
} from './partenaires.repository.ts';

export type FormValues = Record<string, string | string[] | undefined>;
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
export const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export const PAGE_SIZE = 30;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INSEE = /^(\d{5}|2[AB]\d{3})$/;

/**
 * Who administers partners (spec §4.2 PartnerVoter): super admins everywhere, responsables de territoire in
 * their territories. Admins partenaire and agents may not (403).
 * (No shared admin policy module existed when this was written: the roles are checked here.)
 */
export function partnerScope(user: CurrentUser): number[] | null {
  if (user.role === 'ROLE_ADMIN') return null;
  if (user.role === 'ROLE_ADMIN_TERRITORY') {
    return [...new Set(user.partenaires.map((p) => p.territoireId).filter((t): t is number => t !== null))];
  }
  throw forbidden("L'administration des partenaires est réservée aux responsables de territoire.");
}

/** Splits a typed list of INSEE codes (commas, spaces, semicolons or new lines). */
export function parseInseeList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

export interface PartnerFormData {
  territoires: { id: number; code: string; nom: string }[];
  epcis: { id: number; code: string; nom: string }[];
  zones: { id: number; name: string }[];
}

export interface PartnerZones {
  zoneIds: number[];
  excludedZoneIds: number[];
}

export interface PartnerView {
  partner: PartnerRow;
  epciIds: number[];
  zones: PartnerZones;
}

export function createPartenairesService(deps: AppDeps) {
  const db = deps.database.db;
  const box = createSecretBox(deps.config.sessionSecret);

  async function loadInScope(user: CurrentUser, uuid: string): Promise<PartnerRow> {
    const scope = partnerScope(user);
    const p = await findPartnerByUuid(db, uuid);
    if (!p) throw notFound();
    if (scope && (p.territoireId === null || !scope.includes(p.territoireId))) throw notFound();
    return p;
  }

  /** Parses and checks the form; throws a VALIDATION error with one French message per field. */
  async function parse(
    user: CurrentUser,
    body: FormValues,
    existing?: PartnerRow,
  ): Promise<{ write: PartnerWrite; epciIds: number[]; zones: PartnerZones }> {
    const scope = partnerScope(user);
    const errors: Record<string, string> = {};
    const nom = one(body.nom);
    if (!nom) errors.nom = 'Indiquez le nom du partenaire.';
    else if (nom.length > 255) errors.nom = 'Le nom doit faire 255 caractères au plus.';
    const type = one(body.type);
    if (!isPartnerType(type)) errors.type = 'Choisissez le type du partenaire dans la liste.';

    let territoireId = Number(one(body.territoireId));
    if (!body.territoireId && scope?.length === 1) territoireId = scope[0]!;
    const allowedTerritoires = await territoires(db, scope);
    if (!Number.isInteger(territoireId) || !allowedTerritoires.some((t) => t.id === territoireId)) {
      errors.territoireId = 'Choisissez le territoire du partenaire.';
    }

    const emailRaw = one(body.email).toLowerCase();
    const email = emailRaw || null;
    if (email && (!EMAIL.test(email) || email.length > 255)) {
      errors.email = 'Indiquez une adresse e-mail valide, par exemple contact@mairie.fr.';
    }
    const emailNotifiable = one(body.emailNotifiable) === '1';
    if (emailNotifiable && !email && !errors.email) {
      errors.email = 'Indiquez une adresse e-mail pour que le partenaire reçoive les notifications.';
    }

    let competences = many(body.competences).filter(isQualification);
    if (!existing && competences.length === 0 && isPartnerType(type)) competences = defaultCompetences(type);
    competences = [...new Set(competences)];

    const insee = parseInseeList(one(body.insee));
    const badFormat = insee.filter((c) => !INSEE.test(c));
    if (badFormat.length) {
      errors.insee = `Ces codes ne sont pas des codes INSEE (5 caractères, par exemple 13055) : ${badFormat.slice(0, 10).join(', ')}.`;
    } else if (insee.length && !errors.territoireId) {
      const known = await knownInseeCodes(db, territoireId, insee);
      const unknown = insee.filter((c) => !known.has(c));
      if (unknown.length) {
        errors.insee = `Ces codes INSEE ne sont pas des communes du territoire : ${unknown.slice(0, 10).join(', ')}.`;
      }
    }

    let epciIds = [...new Set(many(body.epci).map(Number))];
    if (!errors.territoireId) {
      const allowed = new Set((await epcisOfTerritoire(db, territoireId)).map((e) => e.id));
      if (epciIds.some((id) => !allowed.has(id)))
        errors.epci = 'Choisissez des EPCI du territoire du partenaire.';
    } else epciIds = epciIds.filter(Number.isInteger);

    // Zones of the territory the partner covers, and zones carved out of its perimeter (spec §6.10).
    const zoneIds = [...new Set(many(body.zones).map(Number))].filter(Number.isInteger);
    const excludedZoneIds = [...new Set(many(body.zonesExclues).map(Number))].filter(Number.isInteger);
    if (!errors.territoireId && (zoneIds.length || excludedZoneIds.length)) {
      const allowed = new Set((await zonesOfTerritoire(db, territoireId)).map((z) => z.id));
      if (zoneIds.some((id) => !allowed.has(id)))
        errors.zones = 'Choisissez des zones du territoire du partenaire.';
      if (excludedZoneIds.some((id) => !allowed.has(id)))
        errors.zonesExclues = 'Choisissez des zones du territoire du partenaire.';
    }
    if (!errors.zones && zoneIds.some((id) => excludedZoneIds.includes(id))) {
      errors.zonesExclues = 'Une zone ne peut pas être à la fois couverte et exclue.';
    }

    const url = (field: string, label: string) => {
      const v = one(body[field]);
      if (!v) return null;
      let ok = false;
      try {
        const u = new URL(v);
        ok = (u.protocol === 'https:' || u.protocol === 'http:') && v.length <= 255;
      } catch {
        ok = false;
      }
      if (!ok) errors[field] = `Indiquez l'adresse ${label} complète, commençant par https://.`;
      return v;
    };
    const esaboraUrl = url('esaboraUrl', 'Esabora');
    const idossUrl = url('idossUrl', 'IDOSS');

    const token = (field: string, clearField: string, stored: string | null | undefined) => {
      const v = one(body[field]);
      if (v.length > 1000) {
        errors[field] = 'Le jeton doit faire 1000 caractères au plus.';
        return { value: undefined, present: !!stored };
      }
      if (v) return { value: box.encrypt(v), present: true };
      if (one(body[clearField]) === '1') return { value: null, present: false };
      return { value: undefined, present: !!stored };
    };
    const esaboraToken = token('esaboraToken', 'esaboraTokenClear', existing?.esaboraToken);
    const idossToken = token('idossToken', 'idossTokenClear', existing?.idossToken);
    const isEsaboraActive = one(body.isEsaboraActive) === '1';
    const isIdossActive = one(body.isIdossActive) === '1';
    if (isEsaboraActive && (!esaboraUrl || !esaboraToken.present) && !errors.esaboraUrl) {
      errors.isEsaboraActive = "Pour activer l'interconnexion Esabora, indiquez son adresse et son jeton.";
    }
    if (isIdossActive && (!idossUrl || !idossToken.present) && !errors.idossUrl) {
      errors.isIdossActive = "Pour activer l'interconnexion IDOSS, indiquez son adresse et son jeton.";
    }

    if (Object.keys(errors).length) throw validation('Le formulaire contient des erreurs.', errors);
    return {
      write: {
        territoireId,
        nom,
        type,
        email,
        emailNotifiable,
        competences,
        insee,
        esaboraUrl,
        isEsaboraActive,
        idossUrl,
        isIdossActive,
        esaboraToken: esaboraToken.value,
        idossToken: idossToken.value,
      },
      epciIds,
      zones: { zoneIds, excludedZoneIds },
    };
  }

  /** What is safe to log in the history: tokens only as "changed". */
  function changesOf(w: PartnerWrite, epciIds: number[], before?: PartnerRow) {
    const { esaboraToken, idossToken, ...rest } = w;
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries({ ...rest })) {
      const old = before ? (before as unknown as Record<string, unknown>)[k] : undefined;
      if (!before || JSON.stringify(old) !== JSON.stringify(v)) changes[k] = before ? [old, v] : v;
    }
    changes.epciIds = epciIds;
    if (esaboraToken !== undefined) changes.esaboraToken = esaboraToken === null ? 'supprimé' : 'modifié';
    if (idossToken !== undefined) changes.idossToken = idossToken === null ? 'supprimé' : 'modifié';
    return changes;
  }

  return {
    async list(
      user: CurrentUser,
      f: { territoireId?: number; type?: string; q?: string; archives: boolean; page: number },
    ) {
      const scope = partnerScope(user);
      const allowed = await territoires(db, scope);
      const ids = f.territoireId && allowed.some((t) => t.id === f.territoireId) ? [f.territoireId] : scope;
      const result = await listPartners(db, {
        territoireIds: ids,
        type: f.type && isPartnerType(f.type) ? f.type : undefined,
        q: f.q?.slice(0, 100) || undefined,
        archives: f.archives,
        page: f.page,
        pageSize: PAGE_SIZE,
      });
      return { ...result, territoires: allowed };
    },

    async formData(user: CurrentUser, territoireId?: number | null): Promise<PartnerFormData> {
      const scope = partnerScope(user);
      const list = await territoires(db, scope);
      const tid = territoireId ?? (list.length === 1 ? list[0]!.id : undefined);
      const inScope = tid !== undefined && list.some((t) => t.id === tid);
      const epcis = inScope ? await epcisOfTerritoire(db, tid) : [];
      const zones = inScope ? await zonesOfTerritoire(db, tid) : [];
      return { territoires: list, epcis, zones };
    },

    async get(user: CurrentUser, uuid: string): Promise<PartnerView> {
      const partner = await loadInScope(user, uuid);
      return {
        partner,
        epciIds: await partnerEpciIds(db, partner.id),
        zones: await partnerZoneIds(db, partner.id),
      };
    },

    async create(user: CurrentUser, body: FormValues): Promise<string> {
      const { write, epciIds, zones } = await parse(user, body);
      const now = new Date();
      return db.transaction().execute(async (trx) => {
        const row = await insertPartner(trx, write, now);
        await replacePartnerEpcis(trx, row.id, epciIds);
        await replacePartnerZones(trx, row.id, zones);
        await insertAdminHistory(trx, {
          event: 'CREATE',
          entityName: 'Partenaire',
          entityId: row.id,
          changes: { ...changesOf(write, epciIds), ...zones },
          utilisateurId: user.id,
          now,
        });
        return row.uuid;
      });
    },

    async update(user: CurrentUser, uuid: string, body: FormValues): Promise<void> {
      const existing = await loadInScope(user, uuid);
      if (existing.isArchive) throw notFound('Ce partenaire est archivé : il ne peut plus être modifié.');
      const { write, epciIds, zones } = await parse(user, body, existing);
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await updatePartner(trx, existing.id, write, now);
        await replacePartnerEpcis(trx, existing.id, epciIds);
        await replacePartnerZones(trx, existing.id, zones);
        await insertAdminHistory(trx, {
          event: 'UPDATE',
          entityName: 'Partenaire',
          entityId: existing.id,
          changes: { ...changesOf(write, epciIds, existing), ...zones },
          utilisateurId: user.id,
          now,
        });
      });
    },

    async archive(user: CurrentUser, uuid: string) {
      const existing = await loadInScope(user, uuid);
      if (existing.isArchive) throw notFound('Ce partenaire est déjà archivé.');
      if (user.partenaires.some((p) => p.id === existing.id)) {
        throw forbidden('Vous ne pouvez pas archiver votre propre partenaire.');
      }
      const now = new Date();
      const result = await db.transaction().execute((trx) => archivePartner(trx, existing, user.id, now));
      return { nom: existing.nom, ...result };
    },

    /** Decrypted token, for the connectors only (never for a page). */
    decryptToken(stored: string | null): string | undefined {
      return stored ? box.decrypt(stored) : undefined;
    },

    typeLabel: (t: string) => (isPartnerType(t) ? PARTNER_TYPE_LABELS[t] : t),
  };
}
