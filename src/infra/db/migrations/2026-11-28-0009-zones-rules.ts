import { type Kysely, sql } from 'kysely';

// Zones drawn by the territories (GeoJSON geometry kept as jsonb with its bbox; point-in-zone is computed in
// TypeScript, see src/domain/geo.ts), the partners linked to or excluded from a zone, and the automatic
// assignment rules (spec domain §6.10, integrations §4).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table territoire add column is_auto_affectation_enabled boolean not null default false`.execute(
    db,
  );
  await sql`
    create table zone (
      id serial primary key,
      territoire_id integer not null references territoire(id),
      name text not null,
      type text not null default 'AUTRE',
      geometry jsonb not null,
      bbox jsonb not null,
      created_by_id integer references utilisateur(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index zone_territoire_idx on zone (territoire_id, name)`.execute(db);
  await sql`
    create table partenaire_zone (
      partenaire_id integer not null references partenaire(id) on delete cascade,
      zone_id integer not null references zone(id) on delete cascade,
      excluded boolean not null default false,
      primary key (partenaire_id, zone_id)
    )`.execute(db);
  await sql`create index partenaire_zone_zone_idx on partenaire_zone (zone_id)`.execute(db);
  await sql`
    create table auto_affectation_rule (
      id serial primary key,
      territoire_id integer not null references territoire(id),
      status text not null default 'ACTIVE',
      profile_declarant text not null default 'all',
      partner_type text not null,
      insee_to_include text[] not null default '{}',
      insee_to_exclude text[] not null default '{}',
      partner_to_exclude integer[] not null default '{}',
      parc text not null default 'all',
      allocataire text not null default 'all',
      procedures_suspectees text[] not null default '{}',
      zones_to_include integer[] not null default '{}',
      zones_to_exclude integer[] not null default '{}',
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index auto_affectation_rule_territoire_idx on auto_affectation_rule (territoire_id, status)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists auto_affectation_rule`.execute(db);
  await sql`drop table if exists partenaire_zone`.execute(db);
  await sql`drop table if exists zone`.execute(db);
  await sql`alter table territoire drop column if exists is_auto_affectation_enabled`.execute(db);
}
