import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../infra/db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface PartnerListFilters {
  /** undefined: every territory the caller may see (`territoireIds` null = all). */
  territoireIds: number[] | null;
  type?: string;
  q?: string;
  archives: boolean;
  page: number;
  pageSize: number;
}

export interface PartnerRow {
  id: number;
  uuid: string;
  territoireId: number | null;
  nom: string;
  type: string;
  email: string | null;
  emailNotifiable: boolean;
  competences: string[];
  insee: string[];
  isArchive: boolean;
  esaboraUrl: string | null;
  esaboraToken: string | null;
  isEsaboraActive: boolean;
  idossUrl: string | null;
  idossToken: string | null;
  isIdossActive: boolean;
}

export async function listPartners(q: Q, f: PartnerListFilters) {
  let query = q
    .selectFrom('partenaire as p')
    .leftJoin('territoire as t', 't.id', 'p.territoireId')
    .where('p.isArchive', '=', f.archives);
  if (f.territoireIds)
    query = query.where('p.territoireId', 'in', f.territoireIds.length ? f.territoireIds : [-1]);
  if (f.type) query = query.where('p.type', '=', f.type);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`immutable_unaccent(p.nom)`, 'ilike', sql`immutable_unaccent(${like})`),
        eb('p.email', 'ilike', like),
      ]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'p.uuid',
      'p.nom',
      'p.type',
      'p.email',
      'p.territoireId',
      't.code as territoireCode',
      't.nom as territoireNom',
      (eb) =>
        eb
          .selectFrom('utilisateurPartenaire as up')
          .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
          .whereRef('up.partenaireId', '=', 'p.id')
          .where('u.statut', '!=', 'ARCHIVE')
          .select((e) => e.fn.countAll<string>().as('c'))
          .as('nbUsers'),
    ])
    .orderBy('t.code')
    .orderBy(sql`lower(p.nom)`)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({ ...r, nbUsers: Number(r.nbUsers ?? 0) })),
  };
}

export async function findPartnerByUuid(q: Q, uuid: string): Promise<PartnerRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
  return q
    .selectFrom('partenaire')
    .select([
      'id',
      'uuid',
      'territoireId',
      'nom',
      'type',
      'email',
      'emailNotifiable',
      'competences',
      'insee',
      'isArchive',
      'esaboraUrl',
      'esaboraToken',
      'isEsaboraActive',
      'idossUrl',
      'idossToken',
      'isIdossActive',
    ])
    .where('uuid', '=', uuid)
    .executeTakeFirst();
}

export async function partnerEpciIds(q: Q, partenaireId: number): Promise<number[]> {
  const rows = await q
    .selectFrom('partenaireEpci')
    .select('epciId')
    .where('partenaireId', '=', partenaireId)
    .execute();
  return rows.map((r) => r.epciId);
}

/** The partner's zones: those it covers (`excluded` false) and those carved out of its perimeter. */
export async function partnerZoneIds(q: Q, partenaireId: number) {
  const rows = await q
    .selectFrom('partenaireZone')
    .select(['zoneId', 'excluded'])
    .where('partenaireId', '=', partenaireId)
    .execute();
  return {
    zoneIds: rows.filter((r) => !r.excluded).map((r) => r.zoneId),
    excludedZoneIds: rows.filter((r) => r.excluded).map((r) => r.zoneId),
  };
}

export async function zonesOfTerritoire(q: Q, territoireId: number) {
  return q
    .selectFrom('zone')
    .select(['id', 'name'])
    .where('territoireId', '=', territoireId)
    .orderBy('name')
    .execute();
}

export async function replacePartnerZones(
  q: Q,
  partenaireId: number,
  zones: { zoneIds: number[]; excludedZoneIds: number[] },
) {
  await q.deleteFrom('partenaireZone').where('partenaireId', '=', partenaireId).execute();
  const rows = [
    ...zones.zoneIds.map((zoneId) => ({ partenaireId, zoneId, excluded: false })),
    ...zones.excludedZoneIds.map((zoneId) => ({ partenaireId, zoneId, excluded: true })),
  ];
  if (rows.length) await q.insertInto('partenaireZone').values(rows).execute();
}

export async function territoires(q: Q, ids: number[] | null) {
  let query = q.selectFrom('territoire').select(['id', 'code', 'nom']).orderBy('code');
  if (ids) query = query.where('id', 'in', ids.length ? ids : [-1]);
  return query.execute();
}

/** EPCI having at least one commune in the territory. */
export async function epcisOfTerritoire(q: Q, territoireId: number) {
  return q
    .selectFrom('epci as e')
    .select(['e.id', 'e.code', 'e.nom'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('commune as c')
          .select('c.id')
          .whereRef('c.epciId', '=', 'e.id')
          .where('c.territoireId', '=', territoireId),
      ),
    )
    .orderBy('e.nom')
    .execute();
}

/** The codes of `codes` that are communes of the territory. */
export async function knownInseeCodes(q: Q, territoireId: number, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows = await q
    .selectFrom('commune')
    .select('codeInsee')
    .distinct()
    .where('territoireId', '=', territoireId)
    .where('codeInsee', 'in', codes)
    .execute();
  return new Set(rows.map((r) => r.codeInsee));
}

export interface PartnerWrite {
  territoireId: number;
  nom: string;
  type: string;
  email: string | null;
  emailNotifiable: boolean;
  competences: string[];
  insee: string[];
  esaboraUrl: string | null;
  isEsaboraActive: boolean;
  idossUrl: string | null;
  isIdossActive: boolean;
  /** undefined: unchanged; null: removed; string: the new encrypted value. */
  esaboraToken?: string | null;
  idossToken?: string | null;
}

export async function insertPartner(q: Q, v: PartnerWrite, now: Date) {
  return q
    .insertInto('partenaire')
    .values({
      territoireId: v.territoireId,
      nom: v.nom,
      type: v.type,
      email: v.email,
      emailNotifiable: v.emailNotifiable,
      competences: v.competences,
      insee: v.insee,
      esaboraUrl: v.esaboraUrl,
      esaboraToken: v.esaboraToken ?? null,
      isEsaboraActive: v.isEsaboraActive,
      idossUrl: v.idossUrl,
      idossToken: v.idossToken ?? null,
      isIdossActive: v.isIdossActive,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'uuid'])
    .executeTakeFirstOrThrow();
}

export async function updatePartner(q: Q, id: number, v: PartnerWrite, now: Date) {
  await q
    .updateTable('partenaire')
    .set({
      territoireId: v.territoireId,
      nom: v.nom,
      type: v.type,
      email: v.email,
      emailNotifiable: v.emailNotifiable,
      competences: v.competences,
      insee: v.insee,
      esaboraUrl: v.esaboraUrl,
      isEsaboraActive: v.isEsaboraActive,
      idossUrl: v.idossUrl,
      isIdossActive: v.isIdossActive,
      ...(v.esaboraToken !== undefined ? { esaboraToken: v.esaboraToken } : {}),
      ...(v.idossToken !== undefined ? { idossToken: v.idossToken } : {}),
      updatedAt: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function replacePartnerEpcis(q: Q, partenaireId: number, epciIds: number[]) {
  await q.deleteFrom('partenaireEpci').where('partenaireId', '=', partenaireId).execute();
  if (epciIds.length) {
    await q
      .insertInto('partenaireEpci')
      .values(epciIds.map((epciId) => ({ partenaireId, epciId })))
      .execute();
  }
}

export async function insertAdminHistory(
  q: Q,
  v: {
    event: 'CREATE' | 'UPDATE' | 'DELETE';
    entityName: string;
    entityId: number | string;
    changes: Record<string, unknown>;
    signalementId?: number | null;
    utilisateurId: number;
    now: Date;
  },
) {
  await q
    .insertInto('historyEntry')
    .values({
      event: v.event,
      entityName: v.entityName,
      entityId: String(v.entityId),
      changes: JSON.stringify(v.changes),
      source: 'back-office',
      signalementId: v.signalementId ?? null,
      utilisateurId: v.utilisateurId,
      createdAt: v.now,
    })
    .execute();
}

/** `nom@domaine` → `nom.archived@domaine` (spec §3.5), made unique with the row id when needed. */
export function tagArchivedEmail(email: string, id: number): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return `${email}.${id}.archived`;
  return `${email.slice(0, at)}.${id}.archived${email.slice(at)}`;
}

/**
 * Archives a partner (spec §3.5), inside the caller's transaction: users attached only to this partner are
 * archived (e-mail freed), the others are detached; pending (NOUVEAU) affectations are removed; the partner's
 * e-mail is tagged and notifications stop. One history entry per change.
 */
export async function archivePartner(trx: Transaction<DB>, partner: PartnerRow, actorId: number, now: Date) {
  const links = await trx
    .selectFrom('utilisateurPartenaire as up')
    .innerJoin('utilisateur as u', 'u.id', 'up.utilisateurId')
    .select([
      'u.id',
      'u.email',
      'u.statut',
      (eb) =>
        eb
          .selectFrom('utilisateurPartenaire as o')
          .innerJoin('partenaire as op', 'op.id', 'o.partenaireId')
          .whereRef('o.utilisateurId', '=', 'u.id')
          .where('o.partenaireId', '!=', partner.id)
          .where('op.isArchive', '=', false)
          .select((e) => e.fn.countAll<string>().as('c'))
          .as('others'),
    ])
    .where('up.partenaireId', '=', partner.id)
    .execute();
  const archived: number[] = [];
  const detached: number[] = [];
  for (const u of links) {
    if (Number(u.others ?? 0) > 0) {
      await trx
        .deleteFrom('utilisateurPartenaire')
        .where('utilisateurId', '=', u.id)
        .where('partenaireId', '=', partner.id)
        .execute();
      detached.push(u.id);
      await insertAdminHistory(trx, {
        event: 'UPDATE',
        entityName: 'Utilisateur',
        entityId: u.id,
        changes: { partenaireRetire: partner.id },
        utilisateurId: actorId,
        now,
      });
    } else if (u.statut !== 'ARCHIVE') {
      const email = tagArchivedEmail(u.email, u.id);
      await trx
        .updateTable('utilisateur')
        .set({ statut: 'ARCHIVE', email, updatedAt: now })
        .where('id', '=', u.id)
        .execute();
      archived.push(u.id);
      await insertAdminHistory(trx, {
        event: 'UPDATE',
        entityName: 'Utilisateur',
        entityId: u.id,
        changes: { statut: [u.statut, 'ARCHIVE'], email: [u.email, email] },
        utilisateurId: actorId,
        now,
      });
    }
  }
  const removed = await trx
    .deleteFrom('affectation')
    .where('partenaireId', '=', partner.id)
    .where('statut', '=', 'NOUVEAU')
    .returning(['id', 'signalementId'])
    .execute();
  for (const a of removed) {
    await insertAdminHistory(trx, {
      event: 'DELETE',
      entityName: 'Affectation',
      entityId: a.id,
      changes: { partenaireId: partner.id, motif: 'Partenaire archivé' },
      signalementId: a.signalementId,
      utilisateurId: actorId,
      now,
    });
  }
  const email = partner.email ? tagArchivedEmail(partner.email, partner.id) : null;
  await trx
    .updateTable('partenaire')
    .set({
      isArchive: true,
      email,
      emailNotifiable: false,
      isEsaboraActive: false,
      isIdossActive: false,
      updatedAt: now,
    })
    .where('id', '=', partner.id)
    .execute();
  await insertAdminHistory(trx, {
    event: 'UPDATE',
    entityName: 'Partenaire',
    entityId: partner.id,
    changes: { isArchive: [false, true], email: [partner.email, email] },
    utilisateurId: actorId,
    now,
  });
  return { archived, detached, affectationsRemoved: removed.length };
}
