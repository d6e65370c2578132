import { type Kysely, sql } from 'kysely';

// Embedded defaults for state that moves to Redis when REDIS_URL is set.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table http_session (
      id text primary key,
      data jsonb not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index http_session_expires_idx on http_session (expires_at)`.execute(db);

  await sql`
    create table rate_limit (
      key text primary key,
      hits int not null,
      reset_at timestamptz not null
    )`.execute(db);
  await sql`create index rate_limit_reset_idx on rate_limit (reset_at)`.execute(db);

  await sql`
    create table cache_entry (
      key text primary key,
      value jsonb not null,
      expires_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists cache_entry`.execute(db);
  await sql`drop table if exists rate_limit`.execute(db);
  await sql`drop table if exists http_session`.execute(db);
}
