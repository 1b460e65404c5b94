// Tenant isolation in PostgreSQL. Every tenant table has `municipality_id` leading its primary key,
// row-level security ENABLEd and FORCEd, and one policy comparing it with the transaction's tenant.
// An unset tenant (empty setting) matches nothing.
import { sql, type Kysely, type Transaction } from 'kysely';
import { inTransaction } from './commit-marks.ts';

export const TENANT_SETTING = 'app.tenant_id';
export const USER_SETTING = 'app.user_id';
/**
 * 'on' while an actor whose permission reaches every municipality (the approving authority) works on
 * funding records. Set only by services after `authorize` granted an `all`-scope permission; tables opt in.
 */
export const ALL_TENANTS_SETTING = 'app.all_tenants';

/**
 * SQL for migrations: enable and force RLS on a tenant table with the standard policy. `acrossTenants` adds a
 * second policy for records the approving authority works on for all municipalities (funding administration):
 * rows of every tenant, but only in a transaction that set ALL_TENANTS_SETTING (see withTenant).
 */
export async function enableTenantIsolation(
  db: Kysely<unknown>,
  table: string,
  options: { acrossTenants?: boolean } = {},
): Promise<void> {
  const t = sql.table(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`alter table ${t} force row level security`.execute(db);
  await sql`create policy tenant_isolation on ${t}
      using (municipality_id = nullif(current_setting(${sql.lit(TENANT_SETTING)}, true), '')::uuid)
      with check (municipality_id = nullif(current_setting(${sql.lit(TENANT_SETTING)}, true), '')::uuid)`.execute(db);
  if (options.acrossTenants) {
    await sql`create policy across_tenants on ${t}
        using (current_setting(${sql.lit(ALL_TENANTS_SETTING)}, true) = 'on')
        with check (current_setting(${sql.lit(ALL_TENANTS_SETTING)}, true) = 'on')`.execute(db);
  }
}

export async function disableTenantIsolation(db: Kysely<unknown>, table: string): Promise<void> {
  const t = sql.table(table);
  await sql`drop policy if exists across_tenants on ${t}`.execute(db);
  await sql`drop policy if exists tenant_isolation on ${t}`.execute(db);
  await sql`alter table ${t} no force row level security`.execute(db);
  await sql`alter table ${t} disable row level security`.execute(db);
}

export interface TenantScope {
  /** The municipality (tenant) the transaction acts in; null = no tenant rows visible. */
  municipalityId: string | null;
  userId: string | null;
  /** Rows of every tenant in the tables that opted in (enableTenantIsolation acrossTenants); default off. */
  allTenants?: boolean;
}

/**
 * Runs work in one transaction whose tenant and user are set with set_config(..., true) (transaction-local).
 * The transaction carries the request's commit mark (platform/db/commit-marks.ts).
 */
export async function withTenant<DB, T>(
  db: Kysely<DB>,
  scope: TenantScope,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return inTransaction(db, async (trx) => {
    await sql`select set_config(${TENANT_SETTING}, ${scope.municipalityId ?? ''}, true),
                     set_config(${USER_SETTING}, ${scope.userId ?? ''}, true),
                     set_config(${ALL_TENANTS_SETTING}, ${scope.allTenants ? 'on' : ''}, true)`.execute(trx);
    return work(trx);
  });
}
