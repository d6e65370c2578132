import { type Kysely, sql } from 'kysely';

// Agent accounts: single-use links and codes (activation, password reset, e-mail change, 2FA), stored hashed,
// and the date of the last password change (sessions opened before it are ended).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table utilisateur add column password_changed_at timestamptz`.execute(db);
  await sql`
    create table account_token (
      id serial primary key,
      utilisateur_id int not null references utilisateur (id) on delete cascade,
      purpose text not null check (purpose in ('ACTIVATION', 'RESET', 'EMAIL_CHANGE', 'TWO_FACTOR')),
      token_hash text not null unique,
      new_email text,
      expires_at timestamptz not null,
      used_at timestamptz,
      attempts int not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index account_token_user_idx on account_token (utilisateur_id, purpose)`.execute(db);
  await sql`create index account_token_expires_idx on account_token (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists account_token`.execute(db);
  await sql`alter table utilisateur drop column if exists password_changed_at`.execute(db);
}
