import { type Kysely, sql } from 'kysely';

// Files sent while filling in the public form (before the signalement exists), the record of e-mails that
// could not be sent after every retry, and each agent's notification preference.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table signalement_draft_file (
      id serial primary key,
      uuid uuid not null default gen_random_uuid() unique,
      draft_id int not null references signalement_draft (id) on delete cascade,
      field text not null,
      desordre_slug text,
      storage_key text not null,
      variants jsonb not null default '{}'::jsonb,
      filename text not null,
      extension text not null,
      mime_type text not null,
      size int not null check (size >= 0),
      kind text not null check (kind in ('image', 'pdf')),
      date_prise_de_vue date,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index signalement_draft_file_draft_idx on signalement_draft_file (draft_id, field)`.execute(
    db,
  );
  await sql`create index signalement_draft_status_updated_idx on signalement_draft (status, updated_at)`.execute(
    db,
  );
  await sql`create index signalement_draft_checksum_idx on signalement_draft (checksum) where status = 'EN_COURS'`.execute(
    db,
  );

  await sql`
    create table failed_email (
      id serial primary key,
      job_name text not null,
      recipients text[] not null,
      subject text not null,
      error text not null,
      payload jsonb not null,
      signalement_id int references signalement (id) on delete set null,
      attempts int not null default 1,
      is_resent boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index failed_email_created_idx on failed_email (created_at desc)`.execute(db);

  await sql`
    alter table utilisateur add column notification_preference text not null default 'EACH'
      check (notification_preference in ('EACH', 'DIGEST', 'NONE'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table utilisateur drop column if exists notification_preference`.execute(db);
  await sql`drop table if exists failed_email`.execute(db);
  await sql`drop table if exists signalement_draft_file`.execute(db);
}
