import { type Kysely, sql } from 'kysely';

/**
 * Reference tables: territoires, communes/EPCI and the v2 désordres catalogue. Their rows are upserted at start
 * by `loadReferenceData` (src/infra/db/reference-data.ts) from data/*.json and @etalab/decoupage-administratif.
 * Plain SQL that PostgreSQL 15 accepts (PGlite is 18).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table territoire (
      id serial primary key,
      code text not null unique,
      nom text not null,
      is_active boolean not null default false,
      bbox jsonb,
      timezone text not null default 'Europe/Paris',
      authorized_codes_insee jsonb,
      created_at timestamptz default now(),
      constraint territoire_authorized_codes_insee_array
        check (authorized_codes_insee is null or jsonb_typeof(authorized_codes_insee) = 'array')
    )
  `.execute(db);

  await sql`
    create table epci (
      id serial primary key,
      code text not null unique,
      nom text not null
    )
  `.execute(db);

  await sql`
    create table commune (
      id serial primary key,
      code_insee char(5) not null,
      code_postal char(5) not null,
      nom text not null,
      territoire_id integer not null references territoire (id),
      epci_id integer references epci (id),
      constraint commune_code_postal_code_insee_key unique (code_postal, code_insee)
    )
  `.execute(db);
  await sql`create index commune_code_insee_idx on commune (code_insee)`.execute(db);
  await sql`create index commune_territoire_id_idx on commune (territoire_id)`.execute(db);
  await sql`create index commune_epci_id_idx on commune (epci_id)`.execute(db);
  // Accent- and case-insensitive "starts with / contains" search on the name (address autocomplete fallback).
  await sql`
    create index commune_nom_trgm_idx on commune using gin (immutable_unaccent(lower(nom)) gin_trgm_ops)
  `.execute(db);

  await sql`
    create table desordre_categorie (
      id serial primary key,
      label text not null unique,
      app_context text not null default 'default'
        constraint desordre_categorie_app_context_check check (app_context in ('default', 'service_secours'))
    )
  `.execute(db);

  await sql`
    create table desordre_critere (
      id serial primary key,
      slug_critere text not null unique,
      slug_categorie text not null,
      label_categorie text not null,
      zone_categorie text not null
        constraint desordre_critere_zone_categorie_check check (zone_categorie in ('BATIMENT', 'LOGEMENT')),
      label_critere text not null,
      desordre_categorie_id integer not null references desordre_categorie (id),
      precision_libre_type text,
      precision_libre_label text
    )
  `.execute(db);
  await sql`create index desordre_critere_desordre_categorie_id_idx on desordre_critere (desordre_categorie_id)`.execute(
    db,
  );

  await sql`
    create table desordre_precision (
      id serial primary key,
      slug text not null unique,
      desordre_critere_id integer not null references desordre_critere (id),
      label text not null default '',
      coef numeric(6, 2) not null constraint desordre_precision_coef_check check (coef >= 0),
      is_danger boolean not null default false,
      is_insalubrite boolean not null default false,
      is_suroccupation boolean not null default false,
      qualifications text[] not null default '{}',
      is_unique boolean not null default false
    )
  `.execute(db);
  await sql`create index desordre_precision_desordre_critere_id_idx on desordre_precision (desordre_critere_id)`.execute(
    db,
  );

  await sql`
    create table reference_data_version (
      name text primary key,
      checksum text not null,
      loaded_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'reference_data_version',
    'desordre_precision',
    'desordre_critere',
    'desordre_categorie',
    'commune',
    'epci',
    'territoire',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
