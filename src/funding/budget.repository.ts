// SQL of state budgets, their allocation to the recipients, allocation keys and population figures. State
// budgets, keys and figures are shared reference data; budget_allocation is tenant data, read and written for
// all municipalities only in a transaction with the across-tenants scope (the authority, the ministry).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { TENANT_SETTING } from '../platform/db/rls.ts';
import type { Recipient } from './budget.rules.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface BudgetKey {
  programmeId: string;
  strand: string;
  budgetYear: number;
}

export interface StateBudgetRow {
  id: string;
  programme_id: string;
  programme_code: string;
  definition: unknown;
  strand: string;
  budget_year: number;
  amount_cents: number;
  allocated_cents: number;
  central: boolean;
  version: number;
  updated_at: Date;
}

export interface AllocationRow {
  budget_id: string;
  programme_id: string;
  programme_code: string;
  strand: string;
  budget_year: number;
  municipality_id: string;
  municipality_name: string;
  official_key: string | null;
  amount_cents: number;
  committed_cents: number;
  paid_cents: number;
  key_id: string | null;
  basis: unknown;
  version: number;
  updated_at: Date;
}

/** The districts and district-free cities: the recipients of the state's funds. */
export async function listRecipients(db: Db): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'official_key', 'alliance_member', 'budget_recovery'])
    .where('kind', '=', 'municipality')
    .where('municipality_kind', 'in', ['district', 'district_free_city'])
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    officialKey: row.official_key,
    allianceMember: row.alliance_member,
    budgetRecovery: row.budget_recovery,
  }));
}

const STATE_BUDGET = sql`
  select b.id, b.programme_id, p.code as programme_code, v.definition, b.strand, b.budget_year, b.amount_cents,
         b.allocated_cents, b.central, b.version, b.updated_at
    from programme_budget b
    join funding_programme p on p.id = b.programme_id
    join funding_programme_version v on v.programme_id = p.id and v.version = p.current_version`;

export async function listStateBudgets(
  db: Db,
  filter: { programmeId?: string | undefined; strand?: string | undefined; budgetYear?: number | undefined },
): Promise<StateBudgetRow[]> {
  const { rows } = await sql<StateBudgetRow>`${STATE_BUDGET}
    where (${filter.programmeId ?? null}::uuid is null or b.programme_id = ${filter.programmeId ?? null}::uuid)
      and (${filter.strand ?? null}::text is null or b.strand = ${filter.strand ?? null}::text)
      and (${filter.budgetYear ?? null}::int is null or b.budget_year = ${filter.budgetYear ?? null}::int)
    order by p.code, b.budget_year, b.strand`.execute(db);
  return rows;
}

export async function findStateBudget(
  db: Db,
  id: string,
  options: { lock?: boolean } = {},
): Promise<StateBudgetRow | undefined> {
  const { rows } = await sql<StateBudgetRow>`${STATE_BUDGET} where b.id = ${id}::uuid
    ${options.lock ? sql`for update of b` : sql``}`.execute(db);
  return rows[0];
}

export async function findStateBudgetByKey(db: Db, key: BudgetKey): Promise<StateBudgetRow | undefined> {
  const { rows } = await sql<StateBudgetRow>`${STATE_BUDGET}
    where b.programme_id = ${key.programmeId}::uuid and b.strand = ${key.strand} and b.budget_year = ${key.budgetYear}`.execute(
    db,
  );
  return rows[0];
}

export async function insertStateBudget(
  db: Db,
  key: BudgetKey,
  values: { amountCents: number; central: boolean; userId: string },
): Promise<string> {
  const row = await db
    .insertInto('programme_budget')
    .values({
      programme_id: key.programmeId,
      strand: key.strand,
      budget_year: key.budgetYear,
      amount_cents: values.amountCents,
      central: values.central,
      updated_by: values.userId,
    })
    .onConflict((oc) => oc.columns(['programme_id', 'strand', 'budget_year']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? '';
}

export async function updateStateBudget(db: Db, key: BudgetKey, amountCents: number, userId: string): Promise<void> {
  await db
    .updateTable('programme_budget')
    .set((eb) => ({
      amount_cents: amountCents,
      updated_by: userId,
      updated_at: new Date(),
      version: eb('version', '+', 1),
    }))
    .where('programme_id', '=', key.programmeId)
    .where('strand', '=', key.strand)
    .where('budget_year', '=', key.budgetYear)
    .execute();
}

const ALLOCATION = sql`
  select b.id as budget_id, a.programme_id, p.code as programme_code, a.strand, a.budget_year, a.municipality_id,
         o.name as municipality_name, o.official_key, a.amount_cents, a.committed_cents,
         coalesce((select sum(ga.paid_cents) from funding_grant g
                     join grant_amount ga on ga.municipality_id = g.municipality_id and ga.grant_id = g.id
                    where g.municipality_id = a.municipality_id and g.programme_id = a.programme_id
                      and ga.strand = a.strand and ga.budget_year = a.budget_year), 0)::bigint as paid_cents,
         a.key_id, a.basis, a.version, a.updated_at
    from budget_allocation a
    join programme_budget b on b.programme_id = a.programme_id and b.strand = a.strand and b.budget_year = a.budget_year
    join funding_programme p on p.id = a.programme_id
    join organisation o on o.id = a.municipality_id`;

/** Allocations as far as the transaction's tenant scope reaches (one municipality, or all). */
export async function listAllocations(
  db: Db,
  filter: {
    municipalityId?: string | undefined;
    programmeId?: string | undefined;
    strand?: string | undefined;
    budgetYear?: number | undefined;
  },
): Promise<AllocationRow[]> {
  const { rows } = await sql<AllocationRow>`${ALLOCATION}
    where (${filter.municipalityId ?? null}::uuid is null or a.municipality_id = ${filter.municipalityId ?? null}::uuid)
      and (${filter.programmeId ?? null}::uuid is null or a.programme_id = ${filter.programmeId ?? null}::uuid)
      and (${filter.strand ?? null}::text is null or a.strand = ${filter.strand ?? null}::text)
      and (${filter.budgetYear ?? null}::int is null or a.budget_year = ${filter.budgetYear ?? null}::int)
    order by p.code, a.budget_year, a.strand, o.name`.execute(db);
  return rows;
}

export async function findAllocation(db: Db, key: BudgetKey, municipalityId: string, options: { lock?: boolean } = {}) {
  const { rows } = await sql<AllocationRow>`${ALLOCATION}
    where a.municipality_id = ${municipalityId}::uuid and a.programme_id = ${key.programmeId}::uuid
      and a.strand = ${key.strand} and a.budget_year = ${key.budgetYear}
    ${options.lock ? sql`for update of a` : sql``}`.execute(db);
  return rows[0];
}

/**
 * Sets a recipient's budget of a strand and year (created when absent). The trigger moves the state budget's
 * allocated amount by the difference; the database refuses over-allocation and an amount below what the
 * recipient's grants already commit (CHECK constraints, 23514).
 */
export async function writeAllocation(
  db: Db,
  key: BudgetKey,
  values: { municipalityId: string; amountCents: number; keyId: string | null; basis: object; userId: string | null },
): Promise<void> {
  await sql`
    insert into budget_allocation (municipality_id, programme_id, strand, budget_year, amount_cents, key_id, basis,
                                   updated_by)
    values (${values.municipalityId}::uuid, ${key.programmeId}::uuid, ${key.strand}, ${key.budgetYear},
            ${values.amountCents}, ${values.keyId}::uuid, ${JSON.stringify(values.basis)}::jsonb, ${values.userId}::uuid)
    on conflict (municipality_id, programme_id, strand, budget_year) do update
      set amount_cents = excluded.amount_cents, key_id = excluded.key_id, basis = excluded.basis,
          updated_by = excluded.updated_by, updated_at = now(), version = budget_allocation.version + 1`.execute(db);
}

/**
 * Switches the transaction's tenant, so that the audit entry of a write on a municipality's record goes to that
 * municipality's chain (audit_log admits a tenant's rows only). Used by the authority's writes across
 * municipalities, which read and write funding records through the across-tenants policy anyway.
 */
export async function actInMunicipality(db: Db, municipalityId: string | null): Promise<void> {
  await sql`select set_config(${TENANT_SETTING}, ${municipalityId ?? ''}, true)`.execute(db);
}

// --- Allocation keys ------------------------------------------------------------------------------------------

export interface KeyRow {
  id: string;
  name: string;
  reference_date: string;
  source: string | null;
  created_at: Date;
  recipients: number;
}

export async function insertKey(
  db: Db,
  values: { name: string; referenceDate: string; source: string | null; userId: string },
  shares: readonly { recipientId: string; share: string }[],
): Promise<string> {
  const row = await db
    .insertInto('allocation_key')
    .values({
      name: values.name,
      reference_date: values.referenceDate,
      source: values.source,
      created_by: values.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (shares.length > 0) {
    await db
      .insertInto('allocation_key_share')
      .values(shares.map((share) => ({ key_id: row.id, recipient_id: share.recipientId, share: share.share })))
      .execute();
  }
  return row.id;
}

const KEY = sql`
  select k.id, k.name, to_char(k.reference_date, 'YYYY-MM-DD') as reference_date, k.source, k.created_at,
         (select count(*)::int from allocation_key_share s where s.key_id = k.id) as recipients
    from allocation_key k`;

export async function listKeys(db: Db): Promise<KeyRow[]> {
  const { rows } = await sql<KeyRow>`${KEY} order by k.reference_date desc, k.name`.execute(db);
  return rows;
}

export async function findKey(db: Db, id: string): Promise<KeyRow | undefined> {
  const { rows } = await sql<KeyRow>`${KEY} where k.id = ${id}::uuid`.execute(db);
  return rows[0];
}

export async function keyNameTaken(db: Db, name: string): Promise<boolean> {
  const row = await db.selectFrom('allocation_key').select('id').where('name', '=', name).executeTakeFirst();
  return row !== undefined;
}

export async function sharesOfKey(db: Db, keyId: string) {
  const { rows } = await sql<{ recipient_id: string; name: string; official_key: string | null; share: string }>`
    select s.recipient_id, o.name, o.official_key, s.share::text as share
      from allocation_key_share s join organisation o on o.id = s.recipient_id
     where s.key_id = ${keyId}::uuid
     order by o.name`.execute(db);
  // numeric(12, 8) reads with trailing zeros ("5.60124000"): shown as entered.
  return rows.map((row) => ({ ...row, share: row.share.replace(/\.?0+$/, '') }));
}

// --- Population figures (tolerated persons aged 18–27) --------------------------------------------------------

export async function writePopulation(
  db: Db,
  values: { referenceDate: string; source: string | null; userId: string },
  figures: readonly { recipientId: string; tolerated: number }[],
): Promise<void> {
  if (figures.length === 0) return;
  await db
    .insertInto('target_population')
    .values(
      figures.map((figure) => ({
        recipient_id: figure.recipientId,
        reference_date: values.referenceDate,
        tolerated_18_27: figure.tolerated,
        source: values.source,
        created_by: values.userId,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['recipient_id', 'reference_date']).doUpdateSet((eb) => ({
        tolerated_18_27: eb.ref('excluded.tolerated_18_27'),
        source: eb.ref('excluded.source'),
        created_by: eb.ref('excluded.created_by'),
      })),
    )
    .execute();
}

export async function populationDates(db: Db): Promise<string[]> {
  const { rows } = await sql<{ d: string }>`
    select distinct to_char(reference_date, 'YYYY-MM-DD') as d from target_population order by d desc`.execute(db);
  return rows.map((row) => row.d);
}

export async function populationAt(db: Db, referenceDate: string) {
  const { rows } = await sql<{
    recipient_id: string;
    name: string;
    official_key: string | null;
    alliance_member: boolean;
    tolerated_18_27: number;
    source: string | null;
  }>`
    select t.recipient_id, o.name, o.official_key, o.alliance_member, t.tolerated_18_27, t.source
      from target_population t join organisation o on o.id = t.recipient_id
     where t.reference_date = ${referenceDate}::date
     order by o.name`.execute(db);
  return rows;
}
