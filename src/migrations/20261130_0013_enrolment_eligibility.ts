import { sql, type Kysely } from 'kysely';

// Enrolments keep the eligibility decision they were admitted with (strand offers): the outcome, and the
// justification of an exception to the age rule (domain.md section 3), as evidence for the funding audit.
// queued_at orders the waiting list: the time the enrolment was put on it, taken at the insert itself
// (clock_timestamp, not the transaction's start), which is in lock order because enrolments into one offer are
// serialised by the offer's row lock.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table enrolment
      add column eligibility_outcome text
        check (eligibility_outcome in ('eligible', 'eligible_by_exception')),
      add column exception_justification text check (length(exception_justification) between 1 and 2000),
      add column queued_at timestamptz not null default clock_timestamp(),
      add constraint enrolment_exception_justified
        check (eligibility_outcome is distinct from 'eligible_by_exception' or exception_justification is not null)`.execute(
    db,
  );
  await sql`create index enrolment_queue on enrolment (municipality_id, offer_id, queued_at, id)
              where status = 'waiting'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index enrolment_queue`.execute(db);
  await sql`alter table enrolment drop constraint enrolment_exception_justified,
      drop column queued_at, drop column exception_justification, drop column eligibility_outcome`.execute(db);
}
