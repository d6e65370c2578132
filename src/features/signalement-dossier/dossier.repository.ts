import { sql } from 'kysely';
import { can, type Principal } from '../../domain/policy.ts';
import { type Db, hotStatement } from '../../infra/db/database.ts';
import type { AffectationStatus, Signalement } from '../../infra/db/schema.ts';
import { notFound } from '../../infra/errors.ts';
import { authorizeSignalement, type SignalementAccess } from '../signalements/signalement-access.ts';

/**
 * Everything the back-office dossier page shows, in one statement (no per-row query, no query per list): the
 * dossier with its territory and people, and affectations, suivis with their attachments, files, désordres,
 * qualifications, tags, history and the partner names it refers to, each as a JSON subselect. Authorisation
 * (SIGN_VIEW, `authorizeSignalement`) comes first, in its own statement: a dossier outside the user's scope is
 * a 404 before anything else is read.
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

/** The tag form of the dossier page (TAGS_EDIT): the dossier's tags, archived ones included, and the territory's. */
export interface DossierTagChoices {
  current: { id: number; label: string }[];
  available: { id: number; label: string }[];
}

/** A timestamp inside SQL-built JSON arrives as an ISO string with its offset. */
type JsonDates<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends Date ? string : string | null };

type JsonAffectation = JsonDates<DossierAffectation, 'createdAt' | 'answeredAt'>;
type JsonSuivi = JsonDates<DossierSuivi, 'createdAt' | 'updatedAt'>;
type JsonFichier = JsonDates<DossierFichier, 'createdAt'>;
type JsonHistoryEntry = JsonDates<DossierHistoryEntry, 'createdAt'> & { changes: unknown };
interface JsonPrecision {
  slug: string;
  label: string;
  isDanger: boolean;
  precisionLibre: string | null;
  pieces: string[] | null;
  slugCritere: string;
  labelCritere: string;
  zoneCategorie: 'BATIMENT' | 'LOGEMENT';
  categorieLabel: string;
}

const date = (v: string) => new Date(v);
const dateOrNull = (v: string | null) => (v === null ? null : new Date(v));

/** `{id, prenom, nom}` of a user, or null without an id (the name empty if the user row is gone). */
const personJson = (idColumn: string, alias: string) =>
  sql.raw(`case when ${idColumn} is null then null else json_build_object(
    'id', ${idColumn}, 'prenom', coalesce(${alias}.prenom, ''), 'nom', coalesce(${alias}.nom, '')) end`);

/*
 * The lists of the dossier page, each one json_agg subselect of the single dossier statement (keys are written
 * camelCase: the CamelCasePlugin leaves JSON contents alone). Orders are those the page shows.
 */

const AFFECTATIONS = sql<JsonAffectation[]>`coalesce((
  select json_agg(json_build_object(
    'id', a.id, 'uuid', a.uuid, 'partenaireId', a.partenaire_id, 'partenaireNom', p.nom,
    'partenaireType', p.type, 'statut', a.statut, 'createdAt', a.created_at, 'answeredAt', a.answered_at,
    'answeredBy', ${personJson('a.answered_by_id', 'ub')}, 'affectedBy', ${personJson('a.affected_by_id', 'af')},
    'motifRefus', a.motif_refus, 'motifCloture', a.motif_cloture, 'precisionsCloture', a.precisions_cloture,
    'isSynchronized', a.is_synchronized) order by a.created_at, a.id)
  from affectation a
  join partenaire p on p.id = a.partenaire_id
  left join utilisateur ub on ub.id = a.answered_by_id
  left join utilisateur af on af.id = a.affected_by_id
  where a.signalement_id = s.id), '[]'::json)`;

// A file attached to a suivi always belongs to the same dossier; checked anyway.
const SUIVIS = sql<JsonSuivi[]>`coalesce((
  select json_agg(json_build_object(
    'id', su.id, 'uuid', su.uuid, 'createdAt', su.created_at, 'updatedAt', su.updated_at,
    'author', ${personJson('su.created_by_id', 'u')}, 'partenaireNom', p.nom, 'usagerRole', su.usager_role,
    'description', su.description, 'isVisibleForUsager', su.is_visible_for_usager, 'type', su.type,
    'category', su.category, 'waitingNotification', su.waiting_notification,
    'fichiers', coalesce((
      select json_agg(json_build_object('uuid', f.uuid, 'title', f.title, 'mimeType', f.mime_type, 'size', f.size)
        order by f.id)
      from suivi_fichier sf join fichier f on f.id = sf.fichier_id
      where sf.suivi_id = su.id and f.signalement_id = s.id), '[]'::json))
    order by su.created_at desc, su.id desc)
  from suivi su
  left join utilisateur u on u.id = su.created_by_id
  left join partenaire p on p.id = su.partenaire_id
  where su.signalement_id = s.id and su.deleted_at is null), '[]'::json)`;

const FICHIERS = sql<JsonFichier[]>`coalesce((
  select json_agg(json_build_object(
    'id', f.id, 'uuid', f.uuid, 'title', f.title, 'filename', f.filename, 'extension', f.extension,
    'mimeType', f.mime_type, 'size', f.size, 'documentType', f.document_type, 'description', f.description,
    'desordreSlug', f.desordre_slug, 'datePriseDeVue', f.date_prise_de_vue,
    'isVisibleForUsager', f.is_visible_for_usager,
    'hasThumb', coalesce(jsonb_typeof(f.variants -> 'thumb') = 'string', false),
    'uploadedBy', ${personJson('f.uploaded_by_id', 'u')}, 'uploadedByUsager', f.uploaded_by_usager,
    'partenaireNom', p.nom, 'createdAt', f.created_at)
    order by f.created_at desc, f.id desc)
  from fichier f
  left join utilisateur u on u.id = f.uploaded_by_id
  left join partenaire p on p.id = f.partenaire_id
  where f.signalement_id = s.id), '[]'::json)`;

const PRECISIONS = sql<JsonPrecision[]>`coalesce((
  select json_agg(json_build_object(
    'slug', dp.slug, 'label', dp.label, 'isDanger', dp.is_danger, 'precisionLibre', sdp.precision_libre,
    'pieces', sdp.pieces, 'slugCritere', dc.slug_critere, 'labelCritere', dc.label_critere,
    'zoneCategorie', dc.zone_categorie, 'categorieLabel', cat.label)
    order by dc.id, dp.id)
  from signalement_desordre_precision sdp
  join desordre_precision dp on dp.id = sdp.desordre_precision_id
  join desordre_critere dc on dc.id = dp.desordre_critere_id
  join desordre_categorie cat on cat.id = dc.desordre_categorie_id
  where sdp.signalement_id = s.id), '[]'::json)`;

const QUALIFICATIONS = sql<DossierQualification[]>`coalesce((
  select json_agg(json_build_object(
    'qualification', q.qualification, 'status', q.status, 'isPostVisite', q.is_post_visite)
    order by q.is_post_visite desc, q.id)
  from signalement_qualification q
  where q.signalement_id = s.id and q.status <> 'ARCHIVED'), '[]'::json)`;

const TAGS = sql<DossierView['tags']>`coalesce((
  select json_agg(json_build_object('id', tag.id, 'label', tag.label) order by tag.label)
  from tag_signalement ts join tag on tag.id = ts.tag_id
  where ts.signalement_id = s.id and not tag.is_archive), '[]'::json)`;

/** The page shows the newest 500 history lines; the partner names below are looked for in the same lines. */
const HISTORY_LINES = sql.raw(`select * from history_entry h0
  where h0.signalement_id = s.id and h0.event in ('CREATE', 'UPDATE', 'DELETE')
  order by h0.created_at desc, h0.id desc limit 500`);

const HISTORY = sql<JsonHistoryEntry[]>`coalesce((
  select json_agg(json_build_object(
    'id', h.id, 'event', h.event, 'entityName', h.entity_name, 'entityId', h.entity_id, 'changes', h.changes,
    'source', h.source, 'createdAt', h.created_at,
    'user', case when h.utilisateur_id is null then null else json_build_object(
      'id', h.utilisateur_id, 'prenom', coalesce(u.prenom, ''), 'nom', coalesce(u.nom, ''),
      'role', coalesce(u.role, '')) end)
    order by h.created_at desc, h.id desc)
  from (${HISTORY_LINES}) h
  left join utilisateur u on u.id = h.utilisateur_id), '[]'::json)`;

/**
 * Names of the partners that history lines refer to (`changes.partenaireId`, a number or a [before, after]
 * pair), affectations since removed included. Anything but a plain integer is ignored, never cast.
 */
const HISTORY_PARTENAIRES = sql<Record<string, string>>`coalesce((
  select json_object_agg(p.id, p.nom)
  from partenaire p
  where p.id in (
    select case when jsonb_typeof(e) = 'number' and (e #>> '{}') ~ '^[0-9]{1,9}$' then (e #>> '{}')::int end
    from (select h.changes -> 'partenaireId' as v from (${HISTORY_LINES}) h) hv
    cross join lateral jsonb_array_elements(
      case jsonb_typeof(hv.v) when 'array' then hv.v else jsonb_build_array(hv.v) end) e
    where hv.v is not null)), '{}'::json)`;

/** Same content and orders as `tagsOfSignalement` and `tagsOfTerritoire` (admin-tags). */
const TAG_CHOICES = sql<DossierTagChoices>`json_build_object(
  'current', coalesce((
    select json_agg(json_build_object('id', t.id, 'label', t.label) order by lower(t.label))
    from tag_signalement ts join tag t on t.id = ts.tag_id
    where ts.signalement_id = s.id), '[]'::json),
  'available', coalesce((
    select json_agg(json_build_object('id', t.id, 'label', t.label) order by lower(t.label))
    from tag t
    where t.territoire_id = s.territoire_id and not t.is_archive), '[]'::json))`;

/**
 * The dossier statement: the row with its territory and people, and every list as JSON. Its text depends only
 * on `withTagChoices`; the dossier id is its one parameter.
 */
function dossierStatement(db: Db, id: number, withTagChoices: boolean) {
  return db
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
      AFFECTATIONS.as('affectationsJson'),
      SUIVIS.as('suivisJson'),
      FICHIERS.as('fichiersJson'),
      PRECISIONS.as('precisionsJson'),
      QUALIFICATIONS.as('qualificationsJson'),
      TAGS.as('tagsJson'),
      HISTORY.as('historyJson'),
      HISTORY_PARTENAIRES.as('historyPartenairesJson'),
      (withTagChoices ? TAG_CHOICES : sql<DossierTagChoices | null>`null`).as('tagChoicesJson'),
    ])
    .where('s.id', '=', id);
}

// Some 130 selections: compiled once and prepared per connection (see hotStatement), run with the dossier's id.
const dossierOnly = hotStatement((db: Db, id: number) => dossierStatement(db, id, false), -1);
const dossierWithTagChoices = hotStatement((db: Db, id: number) => dossierStatement(db, id, true), -1);

export function createDossierRepository(db: Db) {
  /**
   * The whole dossier in one statement. Only called once the principal is allowed to see the dossier.
   */
  async function load(
    access: SignalementAccess,
    withTagChoices: boolean,
  ): Promise<{ view: DossierView; tagChoices: DossierTagChoices | undefined } | undefined> {
    const [row] = await (withTagChoices ? dossierWithTagChoices : dossierOnly)(db, access.id);
    if (!row) return undefined;

    const {
      territoireCode,
      territoireNom,
      territoireTimezone,
      createdByPrenom,
      createdByNom,
      createdByPartenaireNom,
      closedByPrenom,
      closedByNom,
      affectationsJson,
      suivisJson,
      fichiersJson,
      precisionsJson,
      qualificationsJson,
      tagsJson,
      historyJson,
      historyPartenairesJson,
      tagChoicesJson,
      ...signalement
    } = row;

    const criteres: DossierCritere[] = [];
    const critereBySlug = new Map<string, DossierCritere>();
    for (const d of precisionsJson) {
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

    const affectations: DossierAffectation[] = affectationsJson.map((a) => ({
      ...a,
      createdAt: date(a.createdAt),
      answeredAt: dateOrNull(a.answeredAt),
    }));
    const history: DossierHistoryEntry[] = historyJson.map((h) => ({
      ...h,
      changes: asObject(h.changes),
      createdAt: date(h.createdAt),
    }));

    // Partner names for history lines about affectations (removed ones are no longer in `affectations`).
    const partenaireNoms: Record<number, string> = {};
    for (const a of affectations) partenaireNoms[a.partenaireId] = a.partenaireNom;
    Object.assign(partenaireNoms, historyPartenairesJson);
    // The statement above finds every partner of well-formed lines; a line whose `changes` was stored as a
    // JSON string is only readable here, so its partners (if any) cost one more query.
    const missing = new Set<number>();
    for (const h of history) {
      const v = h.changes.partenaireId;
      for (const x of Array.isArray(v) ? v : [v]) {
        if (Number.isSafeInteger(x) && (x as number) > 0 && !((x as number) in partenaireNoms)) {
          missing.add(x as number);
        }
      }
    }
    if (missing.size > 0) {
      const rows = await db
        .selectFrom('partenaire')
        .select(['id', 'nom'])
        .where('id', 'in', [...missing])
        .execute();
      for (const p of rows) partenaireNoms[p.id] = p.nom;
    }

    const createdBy = person(row.createdById, createdByPrenom, createdByNom);
    const view: DossierView = {
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
      affectations,
      suivis: suivisJson.map((s) => ({
        ...s,
        createdAt: date(s.createdAt),
        updatedAt: dateOrNull(s.updatedAt),
      })),
      fichiers: fichiersJson.map((f) => ({ ...f, createdAt: date(f.createdAt) })),
      desordres: criteres,
      qualifications: qualificationsJson,
      tags: tagsJson,
      history,
      partenaireNoms,
    };
    return { view, tagChoices: tagChoicesJson ?? undefined };
  }

  return {
    /** SIGN_VIEW then the whole dossier: 404 outside the principal's scope. */
    async loadForView(principal: Principal, uuid: string): Promise<DossierView> {
      const access = await authorizeSignalement(db, principal, 'SIGN_VIEW', uuid);
      const loaded = await load(access, false);
      if (!loaded) throw notFound();
      return loaded.view;
    },

    /**
     * The dossier page in two statements: SIGN_VIEW (404 outside the principal's scope, before anything is
     * read), then the whole dossier, with the tag form's choices when the principal may edit its tags.
     */
    async loadPage(
      principal: Principal,
      uuid: string,
    ): Promise<{ dossier: DossierView; tagChoices: DossierTagChoices | undefined }> {
      const access = await authorizeSignalement(db, principal, 'SIGN_VIEW', uuid);
      const loaded = await load(access, can(principal, 'TAGS_EDIT', access.target));
      if (!loaded) throw notFound();
      return { dossier: loaded.view, tagChoices: loaded.tagChoices };
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
