// SQL of forwarding contracts and their amounts. Runs in a funding transaction (row-level security keeps it to
// the municipality, or to every municipality for the approving authority); a provider's own contracts are
// filtered by provider here, on top of the tenant the transaction acts in.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { ConditionSet, ForwardingStatus } from './funding.codes.ts';
import type { ForwardingSortField } from './forwarding.schema.ts';

type Db = Kysely<Database>;

export interface ContractAmount {
  strand: string;
  budgetYear: number;
  amountCents: number;
}

export interface ContractRow {
  municipality_id: string;
  municipality_name: string;
  id: string;
  grant_id: string;
  grant_reference: string;
  provider_id: string;
  provider_name: string;
  reference: string;
  conditions: ConditionSet;
  period_from: string;
  period_to: string;
  purpose: string;
  status: ForwardingStatus;
  concluded_at: Date | null;
  version: number;
  created_at: Date;
  total_cents: number;
  amounts: ContractAmount[];
  /** created_at to the microsecond and the reference in byte order: what the list sorts and pages by */
  created_key: string;
  reference_key: string;
}

const contractSelect = sql`
  select c.municipality_id, m.name as municipality_name, c.id, c.grant_id, g.reference as grant_reference,
         c.provider_id, p.name as provider_name, c.reference, c.conditions,
         to_char(c.period_from, 'YYYY-MM-DD') as period_from, to_char(c.period_to, 'YYYY-MM-DD') as period_to,
         c.purpose, c.status, c.concluded_at, c.version, c.created_at, a.total_cents, a.amounts,
         (to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') collate "C") as created_key,
         (c.reference collate "C") as reference_key
    from forwarding_contract c
    join organisation m on m.id = c.municipality_id
    join organisation p on p.id = c.provider_id
    join funding_grant g on g.municipality_id = c.municipality_id and g.id = c.grant_id
    cross join lateral (
      select coalesce(sum(f.amount_cents), 0)::bigint as total_cents,
             coalesce(jsonb_agg(jsonb_build_object('strand', f.strand, 'budgetYear', f.budget_year,
                                                   'amountCents', f.amount_cents)
                                order by f.budget_year, f.strand), '[]'::jsonb) as amounts
        from forwarding_amount f
       -- an amount taken out of a draft stays as zero (financial rows are never deleted) and is not shown
       where f.municipality_id = c.municipality_id and f.contract_id = c.id and f.amount_cents > 0) a`;

function normalise(row: ContractRow): ContractRow {
  return { ...row, total_cents: Number(row.total_cents) };
}

export async function findContract(db: Db, contractId: string): Promise<ContractRow | undefined> {
  const { rows } =
    await sql<ContractRow>`select q.* from (${contractSelect}) q where q.id = ${contractId}::uuid`.execute(db);
  return rows[0] ? normalise(rows[0]) : undefined;
}

export async function contractsOfGrant(db: Db, municipalityId: string, grantId: string): Promise<ContractRow[]> {
  const { rows } = await sql<ContractRow>`select q.* from (${contractSelect}) q
     where q.municipality_id = ${municipalityId}::uuid and q.grant_id = ${grantId}::uuid
     order by q.created_key, q.id`.execute(db);
  return rows.map(normalise);
}

const sortKeys: Record<ForwardingSortField, 'created_key' | 'reference_key'> = {
  createdAt: 'created_key',
  reference: 'reference_key',
};

export interface ContractFilter {
  status?: ForwardingStatus | undefined;
  grantId?: string | undefined;
  /** a provider's own contracts only */
  providerId?: string | undefined;
  order: { field: ForwardingSortField; direction: 'asc' | 'desc' };
  limit: number;
  /** the keyset position after the previous page's last row (platform/http/listing.ts) */
  after: { value: string | number | null; id: string } | undefined;
}

/** A page of the contracts visible in this transaction (limit + 1 rows: the extra one says there is more). */
export async function listContracts(db: Db, filter: ContractFilter): Promise<ContractRow[]> {
  const order = filter.order;
  const value = sql.ref(`q.${sortKeys[order.field]}`);
  const conditions = [sql`true`];
  if (filter.status) conditions.push(sql`q.status = ${filter.status}`);
  if (filter.grantId) conditions.push(sql`q.grant_id = ${filter.grantId}::uuid`);
  if (filter.providerId) conditions.push(sql`q.provider_id = ${filter.providerId}::uuid`);
  const direction = sql.raw(order.direction);
  if (filter.after) {
    const op = sql.raw(order.direction === 'asc' ? '>' : '<');
    conditions.push(sql`(${value}, q.id) ${op} (${filter.after.value}, ${filter.after.id}::uuid)`);
  }
  const { rows } = await sql<ContractRow>`select q.* from (${contractSelect}) q
     where ${sql.join(conditions, sql` and `)}
     order by ${value} ${direction}, q.id ${direction}
     limit ${filter.limit + 1}`.execute(db);
  return rows.map(normalise);
}

export function contractSortValue(row: ContractRow, field: ForwardingSortField): string {
  return row[sortKeys[field]];
}

export interface NewContract {
  municipalityId: string;
  grantId: string;
  providerId: string;
  reference: string;
  conditions: ConditionSet;
  periodFrom: string;
  periodTo: string;
  purpose: string;
  createdBy: string;
}

export async function insertContract(db: Db, contract: NewContract): Promise<string> {
  const row = await db
    .insertInto('forwarding_contract')
    .values({
      municipality_id: contract.municipalityId,
      grant_id: contract.grantId,
      provider_id: contract.providerId,
      reference: contract.reference,
      conditions: contract.conditions,
      period_from: contract.periodFrom,
      period_to: contract.periodTo,
      purpose: contract.purpose,
      concluded_by: null,
      concluded_at: null,
      created_by: contract.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces the amounts of a contract (only drafts change their amounts, so nothing is forwarded yet). */
export async function writeAmounts(
  db: Db,
  municipalityId: string,
  contractId: string,
  amounts: readonly ContractAmount[],
): Promise<void> {
  const existing = await db
    .selectFrom('forwarding_amount')
    .where('municipality_id', '=', municipalityId)
    .where('contract_id', '=', contractId)
    .select(['strand', 'budget_year'])
    .execute();
  const wanted = new Map(amounts.map((a) => [`${a.strand}/${a.budgetYear}`, a]));
  // Financial rows are never deleted: an amount no longer wanted is set to zero.
  for (const row of existing) {
    const key = `${row.strand}/${row.budget_year}`;
    const amount = wanted.get(key);
    await db
      .updateTable('forwarding_amount')
      .set({ amount_cents: amount?.amountCents ?? 0, version: sql`version + 1`, updated_at: new Date() })
      .where('municipality_id', '=', municipalityId)
      .where('contract_id', '=', contractId)
      .where('strand', '=', row.strand)
      .where('budget_year', '=', row.budget_year)
      .execute();
    wanted.delete(key);
  }
  if (wanted.size === 0) return;
  await db
    .insertInto('forwarding_amount')
    .values(
      [...wanted.values()].map((a) => ({
        municipality_id: municipalityId,
        contract_id: contractId,
        strand: a.strand,
        budget_year: a.budgetYear,
        amount_cents: a.amountCents,
      })),
    )
    .execute();
}

export async function lockContract(
  db: Db,
  contractId: string,
): Promise<
  | { municipality_id: string; grant_id: string; provider_id: string; status: ForwardingStatus; version: number }
  | undefined
> {
  return db
    .selectFrom('forwarding_contract')
    .where('id', '=', contractId)
    .select(['municipality_id', 'grant_id', 'provider_id', 'status', 'version'])
    .forUpdate()
    .executeTakeFirst();
}

export interface ContractChange {
  providerId?: string | undefined;
  reference?: string | undefined;
  periodFrom?: string | undefined;
  periodTo?: string | undefined;
  purpose?: string | undefined;
  status?: ForwardingStatus | undefined;
  concludedBy?: string | undefined;
  concludedAt?: Date | undefined;
}

export async function changeContract(
  db: Db,
  municipalityId: string,
  contractId: string,
  version: number,
  change: ContractChange,
  at: Date,
): Promise<void> {
  await db
    .updateTable('forwarding_contract')
    .set({
      ...(change.providerId === undefined ? {} : { provider_id: change.providerId }),
      ...(change.reference === undefined ? {} : { reference: change.reference }),
      ...(change.periodFrom === undefined ? {} : { period_from: change.periodFrom }),
      ...(change.periodTo === undefined ? {} : { period_to: change.periodTo }),
      ...(change.purpose === undefined ? {} : { purpose: change.purpose }),
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.concludedBy === undefined ? {} : { concluded_by: change.concludedBy }),
      ...(change.concludedAt === undefined ? {} : { concluded_at: change.concludedAt }),
      version: version + 1,
      updated_at: at,
    })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', contractId)
    .execute();
}
