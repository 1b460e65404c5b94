import { sql, type Kysely } from 'kysely';

// Idempotency keys get the state "committed": written by the request's own transaction, so that a request whose
// work committed but whose answer was lost (the process died in between) is never carried out a second time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table idempotency_key drop constraint idempotency_key_state_check`.execute(db);
  await sql`alter table idempotency_key drop constraint done_has_response`.execute(db);
  await sql`alter table idempotency_key add constraint idempotency_key_state_check
      check (state in ('in_flight', 'committed', 'done'))`.execute(db);
  await sql`alter table idempotency_key add constraint done_has_response
      check (state <> 'done' or (response_status is not null and response_sealed is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // A committed key without its answer cannot be expressed in the old states; it is kept as in flight.
  await sql`update idempotency_key set state = 'in_flight' where state = 'committed'`.execute(db);
  await sql`alter table idempotency_key drop constraint idempotency_key_state_check`.execute(db);
  await sql`alter table idempotency_key drop constraint done_has_response`.execute(db);
  await sql`alter table idempotency_key add constraint idempotency_key_state_check
      check (state in ('in_flight', 'done'))`.execute(db);
  await sql`alter table idempotency_key add constraint done_has_response
      check (state = 'in_flight' or (response_status is not null and response_sealed is not null))`.execute(db);
}
