import { sql, type Kysely } from 'kysely';

// Runs as durchstarten_owner. Everything the owner creates from now on is usable by the application
// role for plain DML only; row-level security (later migrations) decides which rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`revoke create on schema public from public`.execute(db);
  await sql`alter default privileges in schema public grant select, insert, update, delete on tables to durchstarten_app`.execute(
    db,
  );
  await sql`alter default privileges in schema public grant usage, select on sequences to durchstarten_app`.execute(db);
  await sql`alter default privileges in schema public grant execute on functions to durchstarten_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter default privileges in schema public revoke execute on functions from durchstarten_app`.execute(db);
  await sql`alter default privileges in schema public revoke usage, select on sequences from durchstarten_app`.execute(
    db,
  );
  await sql`alter default privileges in schema public revoke select, insert, update, delete on tables from durchstarten_app`.execute(
    db,
  );
}
