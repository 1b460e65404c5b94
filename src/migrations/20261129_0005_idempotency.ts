import { sql, type Kysely } from 'kysely';

// Idempotency keys of creating POSTs (24 h). The stored response is encrypted (it may hold personal data),
// and the scope is the caller (user id), so one caller's key never replays another caller's response.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_key (
      scope text not null check (length(scope) between 1 and 200),
      key text not null check (length(key) between 1 and 255),
      request_hash text not null,
      state text not null check (state in ('in_flight', 'done')),
      response_status integer,
      response_sealed text,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (scope, key),
      constraint done_has_response check (state = 'in_flight' or (response_status is not null and response_sealed is not null))
    )`.execute(db);
  await sql`create index idempotency_key_expiry on idempotency_key (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotency_key`.execute(db);
}
