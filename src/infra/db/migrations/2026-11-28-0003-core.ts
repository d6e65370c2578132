import { type Kysely, sql } from 'kysely';

// Frozen copies of the enum values at the time of this migration (migrations never import app code).
const PARTNER_TYPES = [
  'ADIL',
  'ARS',
  'ASSOCIATION',
  'BAILLEUR_SOCIAL',
  'CAF_MSA',
  'CCAS',
  'COMMUNE_SCHS',
  'CONCILIATEURS',
  'CONSEIL_DEPARTEMENTAL',
  'DDETS',
  'DDT_M',
  'DISPOSITIF_RENOVATION_HABITAT',
  'EPCI',
  'OPERATEUR_VISITES_ET_TRAVAUX',
  'POLICE_GENDARMERIE',
  'PREFECTURE',
  'TRIBUNAL',
  'AUTRE',
];
const ROLES = [
  'ROLE_ADMIN',
  'ROLE_ADMIN_TERRITORY',
  'ROLE_ADMIN_PARTNER',
  'ROLE_USER_PARTNER',
  'ROLE_API_USER',
];
const USER_STATUS = ['INACTIVE', 'ACTIVE', 'ARCHIVE'];
const SIGNALEMENT_STATUS = [
  'DRAFT',
  'NEED_VALIDATION',
  'ACTIVE',
  'CLOSED',
  'ARCHIVED',
  'REFUSED',
  'DRAFT_ARCHIVED',
  'INJONCTION_BAILLEUR',
  'INJONCTION_CLOSED',
];
const PROFILE_DECLARANT = [
  'LOCATAIRE',
  'BAILLEUR_OCCUPANT',
  'TIERS_PARTICULIER',
  'TIERS_PRO',
  'SERVICE_SECOURS',
  'BAILLEUR',
];
const CREATION_SOURCE = [
  'API',
  'FORM_PRO_BO',
  'FORM_SERVICE_SECOURS',
  'FORM_USAGER_V1',
  'FORM_USAGER_V2',
  'IMPORT',
];
const MOTIF_REFUS = ['HORS_PDLHI', 'HORS_ZONE_GEOGRAPHIQUE', 'HORS_COMPETENCE', 'DOUBLON', 'AUTRE'];
const MOTIF_CLOTURE = [
  'ABANDON_DE_PROCEDURE_ABSENCE_DE_REPONSE',
  'DEPART_OCCUPANT',
  'INSALUBRITE',
  'LOGEMENT_DECENT',
  'LOGEMENT_VENDU',
  'NON_DECENCE',
  'PERIL',
  'REFUS_DE_VISITE',
  'REFUS_DE_TRAVAUX',
  'RELOGEMENT_OCCUPANT',
  'RESPONSABILITE_DE_L_OCCUPANT',
  'RSD',
  'TRAVAUX_FAITS_OU_EN_COURS',
  'DOUBLON',
  'AUTRE',
  'LOGEMENT_MIS_EN_CONFORMITE',
  'DEMANDE_FERMETURE_ABANDON_OCCUPANT',
  'ABSENCE_DE_REPONSE_OCCUPANT',
  'GESTION_DU_DOSSIER_EXTERNE',
  'HORS_PERIMETRE_LHI',
];
const AFFECTATION_STATUS = ['NOUVEAU', 'EN_COURS', 'REFUSE', 'FERME'];
const NOTIFICATION_TYPE = [
  'NOUVEAU_SIGNALEMENT',
  'NOUVEAU_SUIVI',
  'NOUVELLE_AFFECTATION',
  'CLOTURE_SIGNALEMENT',
  'CLOTURE_PARTENAIRE',
  'SUIVI_USAGER',
  'NOUVEL_ABONNEMENT',
  'DEMANDE_ABANDON_PROCEDURE',
];
const QUALIFICATION_STATUS = [
  'ARCHIVED',
  'DANGER_CHECK',
  'SUROCCUPATION_CHECK',
  'ASSURANTIEL_CHECK',
  'INSALUBRITE_CHECK',
  'INSALUBRITE_AVEREE',
  'INSALUBRITE_MANQUEMENT_CHECK',
  'MISE_EN_SECURITE_PERIL_CHECK',
  'MISE_EN_SECURITE_PERIL_AVEREE',
  'NDE_AVEREE',
  'NDE_OK',
  'NDE_CHECK',
  'NON_DECENCE_CHECK',
  'NON_DECENCE_AVEREE',
  'RSD_CHECK',
  'RSD_AVEREE',
  'SALETE_CHECK',
  'SALETE_AVEREE',
];
const HISTORY_EVENT = ['LOGIN', 'LOGIN_2FA', 'CREATE', 'UPDATE', 'DELETE'];
const DRAFT_STATUS = ['EN_COURS', 'HORS_PDLHI', 'EN_SIGNALEMENT', 'ARCHIVE'];

const inList = (col: string, values: string[]) =>
  sql.raw(`check (${col} in (${values.map((v) => `'${v}'`).join(', ')}))`);

export async function up(db: Kysely<any>): Promise<void> {
  const ts = sql`timestamptz not null default now()`;

  await sql`
    create table partenaire (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      territoire_id int references territoire(id),
      nom text not null check (length(trim(nom)) > 0),
      type text not null ${inList('type', PARTNER_TYPES)},
      email text,
      email_notifiable boolean not null default true,
      competences text[] not null default '{}',
      insee text[] not null default '{}',
      is_archive boolean not null default false,
      esabora_url text,
      esabora_token text,
      is_esabora_active boolean not null default false,
      idoss_url text,
      idoss_token text,
      idoss_token_expiration_date timestamptz,
      is_idoss_active boolean not null default false,
      created_at ${ts},
      updated_at ${ts}
    )`.execute(db);
  await sql`create index partenaire_territoire_idx on partenaire (territoire_id, is_archive)`.execute(db);
  await sql`create index partenaire_insee_idx on partenaire using gin (insee)`.execute(db);

  await sql`
    create table partenaire_epci (
      partenaire_id int not null references partenaire(id) on delete cascade,
      epci_id int not null references epci(id) on delete cascade,
      primary key (partenaire_id, epci_id)
    )`.execute(db);

  await sql`
    create table utilisateur (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      email text not null check (position('@' in email) > 1),
      role text not null ${inList('role', ROLES)},
      statut text not null default 'INACTIVE' ${inList('statut', USER_STATUS)},
      nom text not null default '',
      prenom text not null default '',
      fonction text,
      telephone text,
      password_hash text,
      has_permission_affectation boolean not null default false,
      is_mailing_active boolean not null default true,
      is_mailing_summary boolean not null default false,
      token text,
      token_expired_at timestamptz,
      last_login_at timestamptz,
      archiving_scheduled_at timestamptz,
      anonymized_at timestamptz,
      created_at ${ts},
      updated_at ${ts}
    )`.execute(db);
  await sql`create unique index utilisateur_email_uniq on utilisateur (lower(email))`.execute(db);
  await sql`create index utilisateur_role_statut_idx on utilisateur (role, statut)`.execute(db);

  await sql`
    create table utilisateur_partenaire (
      utilisateur_id int not null references utilisateur(id) on delete cascade,
      partenaire_id int not null references partenaire(id) on delete cascade,
      created_at ${ts},
      primary key (utilisateur_id, partenaire_id)
    )`.execute(db);
  await sql`create index utilisateur_partenaire_partenaire_idx on utilisateur_partenaire (partenaire_id)`.execute(
    db,
  );

  await sql`
    create table signalement_draft (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      profile_declarant text ${inList('profile_declarant', PROFILE_DECLARANT)},
      email_declarant text,
      address_complete text,
      payload jsonb not null default '{}',
      current_step text,
      status text not null default 'EN_COURS' ${inList('status', DRAFT_STATUS)},
      bailleur_prevenu_at timestamptz,
      checksum text,
      pending_draft_reminded_at timestamptz,
      created_at ${ts},
      updated_at ${ts}
    )`.execute(db);
  await sql`create index signalement_draft_updated_idx on signalement_draft (updated_at)`.execute(db);
  await sql`create index signalement_draft_email_idx on signalement_draft (lower(email_declarant))`.execute(
    db,
  );

  await sql`
    create table signalement (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      reference text not null check (reference ~ '^[0-9]{4}-[0-9A-Z]+$'),
      code_suivi text not null unique check (length(code_suivi) >= 20),
      territoire_id int not null references territoire(id),
      statut text not null default 'NEED_VALIDATION' ${inList('statut', SIGNALEMENT_STATUS)},
      creation_source text not null default 'FORM_USAGER_V2' ${inList('creation_source', CREATION_SOURCE)},
      created_by_id int references utilisateur(id) on delete set null,
      created_by_partenaire_id int references partenaire(id) on delete set null,
      created_from_draft_id int references signalement_draft(id) on delete set null,
      is_imported boolean not null default false,
      created_at ${ts},
      updated_at ${ts},
      validated_at timestamptz,
      closed_at timestamptz,
      closed_by_id int references utilisateur(id) on delete set null,
      motif_cloture text ${inList('motif_cloture', MOTIF_CLOTURE)},
      com_cloture text,
      motif_refus text ${inList('motif_refus', MOTIF_REFUS)},
      is_usager_abandon_procedure boolean,

      -- déclarant / occupant
      profile_declarant text not null ${inList('profile_declarant', PROFILE_DECLARANT)},
      profile_occupant text check (profile_occupant in ('LOCATAIRE', 'BAILLEUR_OCCUPANT')),
      is_not_occupant boolean not null default false,
      lien_declarant_occupant text check (lien_declarant_occupant in ('PROCHE', 'VOISIN', 'SECOURS', 'BAILLEUR', 'PRO', 'AUTRE')),
      declarant_nom text,
      declarant_prenom text,
      declarant_email text,
      declarant_tel text,
      declarant_tel_secondaire text,
      declarant_structure text,
      declarant_matricule text,
      occupant_civilite text check (occupant_civilite in ('mme', 'mr')),
      occupant_nom text,
      occupant_prenom text,
      occupant_email text,
      occupant_tel text,
      occupant_tel_secondaire text,
      occupant_date_naissance date,
      is_cgu_accepted boolean not null default false,
      is_cgu_tiers_accepted boolean,

      -- adresse du logement
      adresse_occupant text not null,
      cp_occupant char(5) not null check (cp_occupant ~ '^[0-9]{5}$'),
      ville_occupant text not null,
      insee_occupant char(5),
      ban_id_occupant text,
      rnb_id_occupant text,
      etage_occupant text,
      escalier_occupant text,
      num_appart_occupant text,
      adresse_autre_occupant text,
      is_manual_address boolean not null default false,
      geoloc_lat numeric(9, 6) check (geoloc_lat between -90 and 90),
      geoloc_lng numeric(9, 6) check (geoloc_lng between -180 and 180),

      -- logement
      nature_logement text,
      superficie numeric(8, 2) check (superficie > 0),
      nb_pieces_logement int check (nb_pieces_logement >= 0),
      nb_niveaux_logement int check (nb_niveaux_logement >= 0),
      annee_construction int check (annee_construction between 1000 and 2100),
      is_construction_avant1949 boolean,
      is_logement_social boolean,
      is_logement_vacant boolean not null default false,
      type_composition_logement jsonb not null default '{}',

      -- foyer
      nb_occupants_logement int check (nb_occupants_logement >= 0),
      nb_adultes int check (nb_adultes >= 0),
      nb_enfants_m6 int check (nb_enfants_m6 >= 0),
      nb_enfants_p6 int check (nb_enfants_p6 >= 0),
      situation_foyer jsonb not null default '{}',

      -- situation
      is_bail_en_cours boolean,
      date_entree date,
      loyer numeric(10, 2) check (loyer >= 0),
      is_allocataire text check (is_allocataire in ('oui', 'non', 'caf', 'msa', 'nsp')),
      num_allocataire text,
      montant_allocation numeric(10, 2) check (montant_allocation >= 0),
      is_preavis_depart boolean,
      is_relogement boolean,
      is_rsa boolean,
      information_complementaire jsonb not null default '{}',

      -- procédure
      is_proprio_averti boolean,
      proprio_averti_at date,
      information_procedure jsonb not null default '{}',

      -- bailleur (propriétaire)
      type_proprio text check (type_proprio in ('PARTICULIER', 'ORGANISME_SOCIETE')),
      bailleur_nom text,
      bailleur_prenom text,
      bailleur_denomination text,
      bailleur_adresse text,
      bailleur_code_postal text,
      bailleur_ville text,
      bailleur_email text,
      bailleur_tel text,
      bailleur_tel_secondaire text,

      -- agence
      agence_denomination text,
      agence_nom text,
      agence_prenom text,
      agence_adresse text,
      agence_code_postal text,
      agence_ville text,
      agence_email text,
      agence_tel text,

      -- service de secours
      date_mission_service_secours date,
      origine_mission_service_secours text,
      ordre_mission_service_secours text,

      -- désordres
      details text,
      debut_desordres text check (debut_desordres in ('LESS_1_MONTH', 'MONTHS_1_TO_6', 'MONTHS_6_TO_12', 'YEARS_1_TO_2', 'MORE_2_YEARS', 'NSP')),
      has_seen_desordres boolean,
      json_content jsonb not null default '{}',
      synchro_data jsonb not null default '{}',

      -- scores (percentages)
      score numeric(6, 2) not null default 0 check (score between 0 and 100),
      score_logement numeric(6, 2) not null default 0 check (score_logement >= 0),
      score_batiment numeric(6, 2) not null default 0 check (score_batiment >= 0),

      -- last activity, denormalised for the lists
      last_suivi_at timestamptz,
      last_suivi_by text,
      last_suivi_is_visible_for_usager boolean,

      -- accent-insensitive search text for the back-office list
      search_text text generated always as (
        immutable_unaccent(lower(
          reference || ' ' || coalesce(occupant_nom, '') || ' ' || coalesce(occupant_prenom, '') || ' ' ||
          coalesce(declarant_nom, '') || ' ' || coalesce(declarant_prenom, '') || ' ' ||
          coalesce(occupant_email, '') || ' ' || coalesce(declarant_email, '') || ' ' ||
          adresse_occupant || ' ' || cp_occupant || ' ' || ville_occupant
        ))
      ) stored,

      unique (territoire_id, reference),
      check (statut <> 'CLOSED' or closed_at is not null),
      check (statut <> 'REFUSED' or motif_refus is not null)
    )`.execute(db);
  await sql`create index signalement_territoire_statut_idx on signalement (territoire_id, statut, created_at desc)`.execute(
    db,
  );
  await sql`create index signalement_statut_created_idx on signalement (statut, created_at desc)`.execute(db);
  await sql`create index signalement_created_idx on signalement (created_at desc)`.execute(db);
  await sql`create index signalement_score_idx on signalement (territoire_id, score)`.execute(db);
  await sql`create index signalement_last_suivi_idx on signalement (territoire_id, last_suivi_at desc)`.execute(
    db,
  );
  await sql`create index signalement_cp_idx on signalement (cp_occupant)`.execute(db);
  await sql`create index signalement_insee_idx on signalement (insee_occupant)`.execute(db);
  await sql`create index signalement_occupant_email_idx on signalement (lower(occupant_email))`.execute(db);
  await sql`create index signalement_declarant_email_idx on signalement (lower(declarant_email))`.execute(db);
  await sql`create index signalement_same_address_idx on signalement (cp_occupant, lower(adresse_occupant))`.execute(
    db,
  );
  await sql`create index signalement_search_trgm_idx on signalement using gin (search_text gin_trgm_ops)`.execute(
    db,
  );

  // Reference numbers YYYY-N are sequential per territory and year; the counter row is locked by the upsert.
  await sql`
    create table signalement_reference_counter (
      territoire_id int not null references territoire(id),
      year int not null,
      last_value int not null default 0,
      primary key (territoire_id, year)
    )`.execute(db);

  await sql`
    create table affectation (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      signalement_id int not null references signalement(id) on delete cascade,
      partenaire_id int not null references partenaire(id),
      territoire_id int not null references territoire(id),
      statut text not null default 'NOUVEAU' ${inList('statut', AFFECTATION_STATUS)},
      created_at ${ts},
      answered_at timestamptz,
      answered_by_id int references utilisateur(id) on delete set null,
      affected_by_id int references utilisateur(id) on delete set null,
      motif_refus text ${inList('motif_refus', MOTIF_REFUS)},
      motif_cloture text ${inList('motif_cloture', MOTIF_CLOTURE)},
      travaux_mise_en_conformite text check (travaux_mise_en_conformite in ('OUI', 'NON', 'EN_COURS')),
      precisions_cloture text,
      is_synchronized boolean not null default false,
      unique (signalement_id, partenaire_id),
      check (statut <> 'REFUSE' or motif_refus is not null)
    )`.execute(db);
  await sql`create index affectation_partenaire_statut_idx on affectation (partenaire_id, statut, signalement_id)`.execute(
    db,
  );
  await sql`create index affectation_signalement_idx on affectation (signalement_id)`.execute(db);

  await sql`
    create table suivi (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      signalement_id int not null references signalement(id) on delete cascade,
      created_at ${ts},
      created_by_id int references utilisateur(id) on delete set null,
      partenaire_id int references partenaire(id) on delete set null,
      usager_role text check (usager_role in ('OCCUPANT', 'DECLARANT')),
      description text not null,
      is_visible_for_usager boolean not null default false,
      type smallint not null check (type between 1 and 5),
      category text not null,
      waiting_notification boolean not null default false,
      updated_at timestamptz,
      deleted_at timestamptz,
      deleted_by_id int references utilisateur(id) on delete set null
    )`.execute(db);
  await sql`create index suivi_signalement_idx on suivi (signalement_id, created_at desc)`.execute(db);
  await sql`create index suivi_category_idx on suivi (category, created_at desc)`.execute(db);

  await sql`
    create table fichier (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      signalement_id int references signalement(id) on delete cascade,
      territoire_id int references territoire(id),
      storage_key text not null unique,
      filename text not null,
      title text not null,
      extension text not null,
      mime_type text not null,
      size int not null check (size >= 0),
      document_type text not null default 'AUTRE',
      description text,
      desordre_slug text,
      date_prise_de_vue date,
      is_visible_for_usager boolean not null default true,
      variants jsonb not null default '{}',
      uploaded_by_id int references utilisateur(id) on delete set null,
      uploaded_by_usager boolean not null default false,
      partenaire_id int references partenaire(id) on delete set null,
      is_waiting_suivi boolean not null default false,
      created_at ${ts},
      check (signalement_id is not null or territoire_id is not null)
    )`.execute(db);
  await sql`create index fichier_signalement_idx on fichier (signalement_id, created_at)`.execute(db);

  await sql`
    create table suivi_fichier (
      suivi_id int not null references suivi(id) on delete cascade,
      fichier_id int not null references fichier(id) on delete cascade,
      primary key (suivi_id, fichier_id)
    )`.execute(db);

  await sql`
    create table notification (
      id serial primary key,
      uuid uuid not null unique default gen_random_uuid(),
      utilisateur_id int not null references utilisateur(id) on delete cascade,
      type text not null ${inList('type', NOTIFICATION_TYPE)},
      signalement_id int references signalement(id) on delete cascade,
      suivi_id int references suivi(id) on delete cascade,
      affectation_id int references affectation(id) on delete cascade,
      description text,
      is_seen boolean not null default false,
      seen_at timestamptz,
      wait_mailing_summary boolean not null default false,
      mailing_summary_sent_at timestamptz,
      created_at ${ts}
    )`.execute(db);
  await sql`create index notification_user_idx on notification (utilisateur_id, is_seen, created_at desc)`.execute(
    db,
  );
  await sql`create index notification_created_idx on notification (created_at)`.execute(db);
  await sql`create index notification_summary_idx on notification (wait_mailing_summary) where wait_mailing_summary`.execute(
    db,
  );

  await sql`
    create table abonnement (
      id serial primary key,
      utilisateur_id int not null references utilisateur(id) on delete cascade,
      signalement_id int not null references signalement(id) on delete cascade,
      created_by_id int references utilisateur(id) on delete set null,
      created_at ${ts},
      unique (utilisateur_id, signalement_id)
    )`.execute(db);
  await sql`create index abonnement_signalement_idx on abonnement (signalement_id)`.execute(db);

  await sql`
    create table tag (
      id serial primary key,
      territoire_id int not null references territoire(id),
      label text not null check (length(trim(label)) > 0),
      is_archive boolean not null default false,
      created_at ${ts},
      unique (territoire_id, label)
    )`.execute(db);
  await sql`
    create table tag_signalement (
      tag_id int not null references tag(id) on delete cascade,
      signalement_id int not null references signalement(id) on delete cascade,
      primary key (tag_id, signalement_id)
    )`.execute(db);
  await sql`create index tag_signalement_signalement_idx on tag_signalement (signalement_id)`.execute(db);

  await sql`
    create table signalement_desordre_precision (
      signalement_id int not null references signalement(id) on delete cascade,
      desordre_precision_id int not null references desordre_precision(id),
      precision_libre text,
      pieces text[],
      primary key (signalement_id, desordre_precision_id)
    )`.execute(db);
  await sql`create index sdp_precision_idx on signalement_desordre_precision (desordre_precision_id)`.execute(
    db,
  );

  await sql`
    create table signalement_qualification (
      id serial primary key,
      signalement_id int not null references signalement(id) on delete cascade,
      qualification text not null,
      status text not null ${inList('status', QUALIFICATION_STATUS)},
      desordre_precision_ids int[] not null default '{}',
      details jsonb not null default '{}',
      is_post_visite boolean not null default false,
      created_at ${ts},
      updated_at ${ts}
    )`.execute(db);
  await sql`create index signalement_qualification_signalement_idx on signalement_qualification (signalement_id)`.execute(
    db,
  );
  await sql`create index signalement_qualification_status_idx on signalement_qualification (qualification, status, signalement_id)`.execute(
    db,
  );

  await sql`
    create table history_entry (
      id bigserial primary key,
      event text not null ${inList('event', HISTORY_EVENT)},
      entity_name text not null,
      entity_id text not null,
      changes jsonb not null default '{}',
      source text,
      signalement_id int references signalement(id) on delete cascade,
      utilisateur_id int references utilisateur(id) on delete set null,
      created_at ${ts}
    )`.execute(db);
  await sql`create index history_entry_entity_idx on history_entry (entity_name, entity_id, event)`.execute(
    db,
  );
  await sql`create index history_entry_signalement_idx on history_entry (signalement_id, created_at desc)`.execute(
    db,
  );
  await sql`create index history_entry_user_idx on history_entry (utilisateur_id, created_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'history_entry',
    'signalement_qualification',
    'signalement_desordre_precision',
    'tag_signalement',
    'tag',
    'abonnement',
    'notification',
    'suivi_fichier',
    'fichier',
    'suivi',
    'affectation',
    'signalement_reference_counter',
    'signalement',
    'signalement_draft',
    'utilisateur_partenaire',
    'utilisateur',
    'partenaire_epci',
    'partenaire',
  ]) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
}
