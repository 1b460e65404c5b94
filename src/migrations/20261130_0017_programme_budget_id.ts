import { sql, type Kysely } from 'kysely';

// A state budget (programme_budget, keyed by programme, strand and budget year) gets a surrogate id, so that the
// API can name it in one path segment (/api/v1/funding/budgets/:budgetId) like every other record — and the API
// fuzzer can draw real ones from a pool. The natural key stays the primary key: the foreign key of
// budget_allocation and the triggers keep using it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table programme_budget add column id uuid not null default gen_random_uuid()`.execute(db);
  await sql`alter table programme_budget add constraint programme_budget_id_unique unique (id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table programme_budget drop column id`.execute(db);
}
