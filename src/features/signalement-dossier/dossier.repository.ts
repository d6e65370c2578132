import type { Principal } from '../../domain/policy.ts';
import type { Db } from '../../infra/db/database.ts';
import type { AffectationStatus, Signalement } from '../../infra/db/schema.ts';
import { notFound } from '../../infra/errors.ts';
import { authorizeSignalement, type SignalementAccess } from '../signalements/signalement-access.ts';

/**
 * Everything the back-office dossier page shows, loaded in a fixed handful of queries (no per-row query):
 * the dossier with its territory and people, then affectations, suivis, suivi attachments, files, désordres,
 * qualifications, tags and history, each in one query. Authorisation (SIGN_VIEW) comes first: a dossier
 * outside the user's scope is a 404 before anything is read.
 */

/**
 * The signalement columns the page may read: no generated search text, no raw interconnection payloads, and
 * not the usager's access code (services that e-mail the usager read it themselves).
 */
export type DossierRow = Omit<Signalement, 'searchText' | 'jsonContent' | 'synchroData' | 'codeSuivi'>;

export interface PersonName {
  id: number;
  prenom: string;
  nom: string;
}

export interface DossierAffectation {
  id: number;
  uuid: string;
  partenaireId: number;
  partenaireNom: string;
  partenaireType: string;
  statut: AffectationStatus;
  createdAt: Date;
  answeredAt: Date | null;
  answeredBy: PersonName | null;
  affectedBy: PersonName | null;
  motifRefus: string | null;
  motifCloture: string | null;
  precisionsCloture: string | null;
  isSynchronized: boolean;
}

export interface DossierFichier {
  id: number;
  uuid: string;
  title: string;
  filename: string;
  extension: string;
  mimeType: string;
  size: number;
  documentType: string;
  description: string | null;
  desordreSlug: string | null;
  datePriseDeVue: string | null;
  isVisibleForUsager: boolean;
  hasThumb: boolean;
  uploadedBy: PersonName | null;
  uploadedByUsager: boolean;
  partenaireNom: string | null;
  createdAt: Date;
}

export interface DossierSuivi {
  id: number;
  uuid: string;
  createdAt: Date;
  updatedAt: Date | null;
  author: PersonName | null;
  partenaireNom: string | null;
  usagerRole: 'OCCUPANT' | 'DECLARANT' | null;
  description: string;
  isVisibleForUsager: boolean;
  type: number;
  category: string;
  waitingNotification: boolean;
  /** Attached files (uuid, title, mime), in the order they were attached. */
  fichiers: { uuid: string; title: string; mimeType: string; size: number }[];
}

export interface DossierPrecision {
  slug: string;
  /** Catalogue label: may hold HTML fragments, render through `plainText`. */
  label: string;
  isDanger: boolean;
  precisionLibre: string | null;
  pieces: string[] | null;
}

export interface DossierCritere {
  slug: string;
  label: string;
  categorieLabel: string;
  zone: 'BATIMENT' | 'LOGEMENT';
  precisions: DossierPrecision[];
}

export interface DossierQualification {
  qualification: string;
  status: string;
  isPostVisite: boolean;
}

export interface DossierHistoryEntry {
  id: number;
  event: 'LOGIN' | 'LOGIN_2FA' | 'CREATE' | 'UPDATE' | 'DELETE';
  entityName: string;
  entityId: string;
  changes: Record<string, unknown>;
  source: string | null;
  createdAt: Date;
  user: (PersonName & { role: string }) | null;
}

export interface DossierView {
  /** Id, uuid and the policy target (status, territory, affectations) for `can(principal, action, …)`. */
  access: SignalementAccess;
  signalement: DossierRow;
  territoire: { id: number; code: string; nom: string; timezone: string };
  createdBy: (PersonName & { partenaireNom: string | null }) | null;
  closedBy: PersonName | null;
  affectations: DossierAffectation[];
  /** Newest first; soft-deleted suivis are left out. */
  suivis: DossierSuivi[];
  /** Every file of the dossier, newest first. */
  fichiers: DossierFichier[];
  /** Catalogue order; zone and critère grouping is done by the view. */
  desordres: DossierCritere[];
  qualifications: DossierQualification[];
  tags: { id: number; label: string }[];
  /** Newest first. */
  history: DossierHistoryEntry[];
  /** Partner names referenced by history entries (affectations since removed included). */
  partenaireNoms: Record<number, string>;
}

/** Every column of DossierRow, selected by name (the left-out ones may be large or secret). */
const DOSSIER_COLUMNS = [
  'id',
  'uuid',
  'reference',
  'territoireId',
  'statut',
  'creationSource',
  'createdById',
  'createdByPartenaireId',
  'createdFromDraftId',
  'isImported',
  'createdAt',
  'updatedAt',
  'validatedAt',
  'closedAt',
  'closedById',
  'motifCloture',
  'comCloture',
  'motifRefus',
  'isUsagerAbandonProcedure',
  'profileDeclarant',
  'profileOccupant',
  'isNotOccupant',
  'lienDeclarantOccupant',
  'declarantNom',
  'declarantPrenom',
  'declarantEmail',
  'declarantTel',
  'declarantTelSecondaire',
  'declarantStructure',
  'declarantMatricule',
  'occupantCivilite',
  'occupantNom',
  'occupantPrenom',
  'occupantEmail',
  'occupantTel',
  'occupantTelSecondaire',
  'occupantDateNaissance',
  'isCguAccepted',
  'isCguTiersAccepted',
  'adresseOccupant',
  'cpOccupant',
  'villeOccupant',
  'inseeOccupant',
  'banIdOccupant',
  'rnbIdOccupant',
  'etageOccupant',
  'escalierOccupant',
  'numAppartOccupant',
  'adresseAutreOccupant',
  'isManualAddress',
  'geolocLat',
  'geolocLng',
  'natureLogement',
  'superficie',
  'nbPiecesLogement',
  'nbNiveauxLogement',
  'anneeConstruction',
  'isConstructionAvant1949',
  'isLogementSocial',
  'isLogementVacant',
  'typeCompositionLogement',
  'nbOccupantsLogement',
  'nbAdultes',
  'nbEnfantsM6',
  'nbEnfantsP6',
  'situationFoyer',
  'isBailEnCours',
  'dateEntree',
  'loyer',
  'isAllocataire',
  'numAllocataire',
  'montantAllocation',
  'isPreavisDepart',
  'isRelogement',
  'isRsa',
  'informationComplementaire',
  'isProprioAverti',
  'proprioAvertiAt',
  'informationProcedure',
  'typeProprio',
  'bailleurNom',
  'bailleurPrenom',
  'bailleurDenomination',
  'bailleurAdresse',
  'bailleurCodePostal',
  'bailleurVille',
  'bailleurEmail',
  'bailleurTel',
  'bailleurTelSecondaire',
  'agenceDenomination',
  'agenceNom',
  'agencePrenom',
  'agenceAdresse',
  'agenceCodePostal',
  'agenceVille',
  'agenceEmail',
  'agenceTel',
  'dateMissionServiceSecours',
  'origineMissionServiceSecours',
  'ordreMissionServiceSecours',
  'details',
  'debutDesordres',
  'hasSeenDesordres',
  'score',
  'scoreLogement',
  'scoreBatiment',
  'lastSuiviAt',
  'lastSuiviBy',
  'lastSuiviIsVisibleForUsager',
] as const satisfies readonly (keyof DossierRow)[];

const person = (id: number | null, prenom: string | null, nom: string | null): PersonName | null =>
  id === null ? null : { id, prenom: prenom ?? '', nom: nom ?? '' };

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function createDossierRepository(db: Db) {
  async function load(access: SignalementAccess): Promise<DossierView | undefined> {
    const id = access.id;
    const [row, affectations, suivis, suiviFichiers, fichiers, desordres, qualifications, tags, history] =
      await Promise.all([
        db
          .selectFrom('signalement as s')
          .innerJoin('territoire as t', 't.id', 's.territoireId')
          .leftJoin('utilisateur as cu', 'cu.id', 's.createdById')
          .leftJoin('partenaire as cp', 'cp.id', 's.createdByPartenaireId')
          .leftJoin('utilisateur as clu', 'clu.id', 's.closedById')
          .select(DOSSIER_COLUMNS.map((c) => `s.${c}` as const))
          .select([
            't.code as territoireCode',
            't.nom as territoireNom',
            't.timezone as territoireTimezone',
            'cu.prenom as createdByPrenom',
            'cu.nom as createdByNom',
            'cp.nom as createdByPartenaireNom',
            'clu.prenom as closedByPrenom',
            'clu.nom as closedByNom',
          ])
          .where('s.id', '=', id)
          .executeTakeFirst(),
        db
          .selectFrom('affectation as a')
          .innerJoin('partenaire as p', 'p.id', 'a.partenaireId')
          .leftJoin('utilisateur as ub', 'ub.id', 'a.answeredById')
          .leftJoin('utilisateur as af', 'af.id', 'a.affectedById')
          .select([
            'a.id',
            'a.uuid',
            'a.partenaireId',
            'p.nom as partenaireNom',
            'p.type as partenaireType',
            'a.statut',
            'a.createdAt',
            'a.answeredAt',
            'a.answeredById',
            'ub.prenom as answeredByPrenom',
            'ub.nom as answeredByNom',
            'a.affectedById',
            'af.prenom as affectedByPrenom',
            'af.nom as affectedByNom',
            'a.motifRefus',
            'a.motifCloture',
            'a.precisionsCloture',
            'a.isSynchronized',
          ])
          .where('a.signalementId', '=', id)
          .orderBy('a.createdAt')
          .orderBy('a.id')
          .execute(),
        db
          .selectFrom('suivi as su')
          .leftJoin('utilisateur as u', 'u.id', 'su.createdById')
          .leftJoin('partenaire as p', 'p.id', 'su.partenaireId')
          .select([
            'su.id',
            'su.uuid',
            'su.createdAt',
            'su.updatedAt',
            'su.createdById',
            'u.prenom as authorPrenom',
            'u.nom as authorNom',
            'p.nom as partenaireNom',
            'su.usagerRole',
            'su.description',
            'su.isVisibleForUsager',
            'su.type',
            'su.category',
            'su.waitingNotification',
          ])
          .where('su.signalementId', '=', id)
          .where('su.deletedAt', 'is', null)
          .orderBy('su.createdAt', 'desc')
          .orderBy('su.id', 'desc')
          .execute(),
        db
          .selectFrom('suiviFichier as sf')
          .innerJoin('suivi as su', 'su.id', 'sf.suiviId')
          .innerJoin('fichier as f', 'f.id', 'sf.fichierId')
          .select(['sf.suiviId', 'f.id', 'f.uuid', 'f.title', 'f.mimeType', 'f.size'])
          .where('su.signalementId', '=', id)
          // A file attached to a suivi always belongs to the same dossier; checked anyway.
          .where('f.signalementId', '=', id)
          .orderBy('f.id')
          .execute(),
        db
          .selectFrom('fichier as f')
          .leftJoin('utilisateur as u', 'u.id', 'f.uploadedById')
          .leftJoin('partenaire as p', 'p.id', 'f.partenaireId')
          .select([
            'f.id',
            'f.uuid',
            'f.title',
            'f.filename',
            'f.extension',
            'f.mimeType',
            'f.size',
            'f.documentType',
            'f.description',
            'f.desordreSlug',
            'f.datePriseDeVue',
            'f.isVisibleForUsager',
            'f.variants',
            'f.uploadedById',
            'u.prenom as uploadedByPrenom',
            'u.nom as uploadedByNom',
            'f.uploadedByUsager',
            'p.nom as partenaireNom',
            'f.createdAt',
          ])
          .where('f.signalementId', '=', id)
          .orderBy('f.createdAt', 'desc')
          .orderBy('f.id', 'desc')
          .execute(),
        db
          .selectFrom('signalementDesordrePrecision as sdp')
          .innerJoin('desordrePrecision as dp', 'dp.id', 'sdp.desordrePrecisionId')
          .innerJoin('desordreCritere as dc', 'dc.id', 'dp.desordreCritereId')
          .innerJoin('desordreCategorie as cat', 'cat.id', 'dc.desordreCategorieId')
          .select([
            'dp.slug',
            'dp.label',
            'dp.isDanger',
            'sdp.precisionLibre',
            'sdp.pieces',
            'dc.slugCritere',
            'dc.labelCritere',
            'dc.zoneCategorie',
            'cat.label as categorieLabel',
          ])
          .where('sdp.signalementId', '=', id)
          .orderBy('dc.id')
          .orderBy('dp.id')
          .execute(),
        db
          .selectFrom('signalementQualification')
          .select(['qualification', 'status', 'isPostVisite'])
          .where('signalementId', '=', id)
          .where('status', '!=', 'ARCHIVED')
          .orderBy('isPostVisite', 'desc')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('tagSignalement as ts')
          .innerJoin('tag', 'tag.id', 'ts.tagId')
          .select(['tag.id', 'tag.label'])
          .where('ts.signalementId', '=', id)
          .where('tag.isArchive', '=', false)
          .orderBy('tag.label')
          .execute(),
        db
          .selectFrom('historyEntry as h')
          .leftJoin('utilisateur as u', 'u.id', 'h.utilisateurId')
          .select([
            'h.id',
            'h.event',
            'h.entityName',
            'h.entityId',
            'h.changes',
            'h.source',
            'h.createdAt',
            'h.utilisateurId',
            'u.prenom as userPrenom',
            'u.nom as userNom',
            'u.role as userRole',
          ])
          .where('h.signalementId', '=', id)
          .where('h.event', 'in', ['CREATE', 'UPDATE', 'DELETE'])
          .orderBy('h.createdAt', 'desc')
          .orderBy('h.id', 'desc')
          .limit(500)
          .execute(),
      ]);
    if (!row) return undefined;

    const filesBySuivi = new Map<number, DossierSuivi['fichiers']>();
    for (const f of suiviFichiers) {
      const list = filesBySuivi.get(f.suiviId) ?? [];
      list.push({ uuid: f.uuid, title: f.title, mimeType: f.mimeType, size: f.size });
      filesBySuivi.set(f.suiviId, list);
    }

    const criteres: DossierCritere[] = [];
    const critereBySlug = new Map<string, DossierCritere>();
    for (const d of desordres) {
      let c = critereBySlug.get(d.slugCritere);
      if (!c) {
        c = {
          slug: d.slugCritere,
          label: d.labelCritere,
          categorieLabel: d.categorieLabel,
          zone: d.zoneCategorie,
          precisions: [],
        };
        critereBySlug.set(d.slugCritere, c);
        criteres.push(c);
      }
      c.precisions.push({
        slug: d.slug,
        label: d.label,
        isDanger: d.isDanger,
        precisionLibre: d.precisionLibre,
        pieces: d.pieces,
      });
    }

    // Partner names for history lines about affectations (removed ones are no longer in `affectations`).
    const partenaireNoms: Record<number, string> = {};
    for (const a of affectations) partenaireNoms[a.partenaireId] = a.partenaireNom;
    const historyChanges = history.map((h) => asObject(h.changes));
    const missing = new Set<number>();
    for (const c of historyChanges) {
      const v = c.partenaireId;
      const ids = Array.isArray(v) ? v : [v];
      for (const x of ids) if (typeof x === 'number' && !(x in partenaireNoms)) missing.add(x);
    }
    if (missing.size > 0) {
      const rows = await db
        .selectFrom('partenaire')
        .select(['id', 'nom'])
        .where('id', 'in', [...missing])
        .execute();
      for (const p of rows) partenaireNoms[p.id] = p.nom;
    }

    const {
      territoireCode,
      territoireNom,
      territoireTimezone,
      createdByPrenom,
      createdByNom,
      createdByPartenaireNom,
      closedByPrenom,
      closedByNom,
      ...signalement
    } = row;
    const createdBy = person(row.createdById, createdByPrenom, createdByNom);

    return {
      access,
      signalement: {
        ...signalement,
        typeCompositionLogement: asObject(signalement.typeCompositionLogement),
        situationFoyer: asObject(signalement.situationFoyer),
        informationComplementaire: asObject(signalement.informationComplementaire),
        informationProcedure: asObject(signalement.informationProcedure),
      },
      territoire: {
        id: row.territoireId,
        code: territoireCode,
        nom: territoireNom,
        timezone: territoireTimezone,
      },
      createdBy: createdBy ? { ...createdBy, partenaireNom: createdByPartenaireNom } : null,
      closedBy: person(row.closedById, closedByPrenom, closedByNom),
      affectations: affectations.map((a) => ({
        id: a.id,
        uuid: a.uuid,
        partenaireId: a.partenaireId,
        partenaireNom: a.partenaireNom,
        partenaireType: a.partenaireType,
        statut: a.statut,
        createdAt: a.createdAt,
        answeredAt: a.answeredAt,
        answeredBy: person(a.answeredById, a.answeredByPrenom, a.answeredByNom),
        affectedBy: person(a.affectedById, a.affectedByPrenom, a.affectedByNom),
        motifRefus: a.motifRefus,
        motifCloture: a.motifCloture,
        precisionsCloture: a.precisionsCloture,
        isSynchronized: a.isSynchronized,
      })),
      suivis: suivis.map((s) => ({
        id: s.id,
        uuid: s.uuid,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        author: person(s.createdById, s.authorPrenom, s.authorNom),
        partenaireNom: s.partenaireNom,
        usagerRole: s.usagerRole,
        description: s.description,
        isVisibleForUsager: s.isVisibleForUsager,
        type: s.type,
        category: s.category,
        waitingNotification: s.waitingNotification,
        fichiers: filesBySuivi.get(s.id) ?? [],
      })),
      fichiers: fichiers.map((f) => ({
        id: f.id,
        uuid: f.uuid,
        title: f.title,
        filename: f.filename,
        extension: f.extension,
        mimeType: f.mimeType,
        size: f.size,
        documentType: f.documentType,
        description: f.description,
        desordreSlug: f.desordreSlug,
        datePriseDeVue: f.datePriseDeVue,
        isVisibleForUsager: f.isVisibleForUsager,
        hasThumb: typeof asObject(f.variants).thumb === 'string',
        uploadedBy: person(f.uploadedById, f.uploadedByPrenom, f.uploadedByNom),
        uploadedByUsager: f.uploadedByUsager,
        partenaireNom: f.partenaireNom,
        createdAt: f.createdAt,
      })),
      desordres: criteres,
      qualifications,
      tags,
      history: history.map((h, i) => ({
        id: h.id,
        event: h.event,
        entityName: h.entityName,
        entityId: h.entityId,
        changes: historyChanges[i] ?? {},
        source: h.source,
        createdAt: h.createdAt,
        user:
          h.utilisateurId === null
            ? null
            : {
                id: h.utilisateurId,
                prenom: h.userPrenom ?? '',
                nom: h.userNom ?? '',
                role: h.userRole ?? '',
              },
      })),
      partenaireNoms,
    };
  }

  return {
    /** SIGN_VIEW then the whole dossier: 404 outside the principal's scope. */
    async loadForView(principal: Principal, uuid: string): Promise<DossierView> {
      const access = await authorizeSignalement(db, principal, 'SIGN_VIEW', uuid);
      const view = await load(access);
      if (!view) throw notFound();
      return view;
    },

    /**
     * One file of the dossier, after the dossier's SIGN_VIEW check. A file of another dossier (or no file)
     * is a 404, never a hint that it exists elsewhere.
     */
    async findFileForDownload(principal: Principal, uuid: string, fichierUuid: string) {
      const access = await authorizeSignalement(db, principal, 'SIGN_VIEW', uuid);
      if (!UUID.test(fichierUuid)) throw notFound();
      const file = await db
        .selectFrom('fichier')
        .select([
          'id',
          'uuid',
          'storageKey',
          'variants',
          'title',
          'filename',
          'extension',
          'mimeType',
          'size',
        ])
        .where('uuid', '=', fichierUuid)
        .where('signalementId', '=', access.id)
        .executeTakeFirst();
      if (!file) throw notFound();
      return { ...file, variants: asObject(file.variants) as Record<string, unknown> };
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DossierRepository = ReturnType<typeof createDossierRepository>;
