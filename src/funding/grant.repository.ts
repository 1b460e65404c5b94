// SQL of grants, their decisions (with the PDF as sent) and the amounts in force. The amounts' triggers commit the
// budget and keep the limits (migration 20261130_0016_funding.ts).
import { sql, type Insertable, type RawBuilder, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { selectKeysetPage } from '../platform/db/keyset-page.ts';
import type { GrantStatus } from './funding.codes.ts';
import type {
  FundingGrantTable,
  GrantAmountTable,
  GrantDecisionAmountTable,
  GrantDecisionTable,
} from './funding.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type GrantRow = Selectable<FundingGrantTable>;
export type DecisionRow = Omit<Selectable<GrantDecisionTable>, 'document'> & { decided_by_name: string | null };
export type DecisionAmountRow = Selectable<GrantDecisionAmountTable>;
export type GrantAmountRow = Selectable<GrantAmountTable>;

export interface GrantViewRow extends GrantRow {
  municipality_name: string;
  programme_code: string;
  definition: unknown;
  title: string;
  period_from: string;
  period_to: string;
  financing_type: 'share' | 'shortfall' | 'fixed';
  funding_rate_bp: number | null;
  conditions: 'ANBest-G' | 'ANBest-P';
  decided_cents: number;
  forwarded_cents: number;
  paid_cents: number;
}

const COLUMNS = sql`
  g.*, m.name as municipality_name, p.code as programme_code, v.definition, a.title,
  d.period_from, d.period_to, d.financing_type, d.funding_rate_bp, d.conditions,
  (select coalesce(sum(x.decided_cents), 0)::bigint from grant_amount x
    where x.municipality_id = g.municipality_id and x.grant_id = g.id) as decided_cents,
  (select coalesce(sum(x.forwarded_cents), 0)::bigint from grant_amount x
    where x.municipality_id = g.municipality_id and x.grant_id = g.id) as forwarded_cents,
  (select coalesce(sum(x.paid_cents), 0)::bigint from grant_amount x
    where x.municipality_id = g.municipality_id and x.grant_id = g.id) as paid_cents`;

const FROM = sql`
  funding_grant g
  join organisation m on m.id = g.municipality_id
  join funding_programme p on p.id = g.programme_id
  join funding_programme_version v on v.programme_id = g.programme_id and v.version = g.programme_version
  join funding_application a on a.municipality_id = g.municipality_id and a.id = g.application_id
  join grant_decision d on d.municipality_id = g.municipality_id and d.grant_id = g.id and d.seq = g.current_decision`;

export async function findGrant(
  db: Db,
  id: string,
  options: { lock?: boolean } = {},
): Promise<GrantViewRow | undefined> {
  if (options.lock) await sql`select 1 from funding_grant where id = ${id}::uuid for update`.execute(db);
  const { rows } = await sql<GrantViewRow>`select ${COLUMNS} from ${FROM} where g.id = ${id}::uuid`.execute(db);
  return rows[0];
}

export interface GrantSearch {
  programmeId?: string;
  municipalityId?: string;
  status?: GrantStatus;
  sort: 'createdAt' | 'reference';
  direction: 'asc' | 'desc';
  after?: { value: string; id: string };
  limit: number;
}

const SORT_EXPRESSIONS = {
  createdAt: sql`to_char(g.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  reference: sql`g.reference`,
};

export type GrantPageRow = GrantViewRow & { sort_value: string };

export async function searchGrants(db: Db, search: GrantSearch): Promise<GrantPageRow[]> {
  const conditions: RawBuilder<unknown>[] = [];
  if (search.programmeId) conditions.push(sql`g.programme_id = ${search.programmeId}::uuid`);
  if (search.municipalityId) conditions.push(sql`g.municipality_id = ${search.municipalityId}::uuid`);
  if (search.status) conditions.push(sql`g.status = ${search.status}`);
  return selectKeysetPage<GrantViewRow, Database>(db, {
    ...search,
    columns: COLUMNS,
    from: FROM,
    conditions,
    value: SORT_EXPRESSIONS[search.sort],
    id: sql`g.id`,
  });
}

export async function insertGrant(db: Db, values: Insertable<FundingGrantTable>): Promise<string> {
  const row = await db.insertInto('funding_grant').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertDecision(
  db: Db,
  decision: Insertable<GrantDecisionTable>,
  amounts: readonly Insertable<GrantDecisionAmountTable>[],
): Promise<void> {
  await db.insertInto('grant_decision').values(decision).execute();
  if (amounts.length > 0)
    await db
      .insertInto('grant_decision_amount')
      .values([...amounts])
      .execute();
}

/**
 * Sets the amounts in force to the decision's: new strands and years inserted, the others updated, those the
 * decision leaves out set to 0 (never deleted: payments refer to them). The triggers commit the difference.
 */
export async function setAmountsInForce(
  db: Db,
  municipalityId: string,
  grantId: string,
  amounts: readonly { strand: string; budgetYear: number; amountCents: number }[],
): Promise<void> {
  const current = await amountsOf(db, municipalityId, grantId);
  for (const row of current) {
    const next = amounts.find((a) => a.strand === row.strand && a.budgetYear === row.budget_year);
    const decided = next?.amountCents ?? 0;
    if (decided === row.decided_cents) continue;
    await db
      .updateTable('grant_amount')
      .set({ decided_cents: decided, version: sql`version + 1`, updated_at: new Date() })
      .where('municipality_id', '=', municipalityId)
      .where('grant_id', '=', grantId)
      .where('strand', '=', row.strand)
      .where('budget_year', '=', row.budget_year)
      .execute();
  }
  const added = amounts.filter(
    (a) => !current.some((row) => row.strand === a.strand && row.budget_year === a.budgetYear),
  );
  // One statement per row, in a fixed order (strand, year), so that concurrent decisions lock budgets alike.
  for (const amount of [...added].sort((a, b) => a.strand.localeCompare(b.strand) || a.budgetYear - b.budgetYear)) {
    await db
      .insertInto('grant_amount')
      .values({
        municipality_id: municipalityId,
        grant_id: grantId,
        strand: amount.strand,
        budget_year: amount.budgetYear,
        decided_cents: amount.amountCents,
      })
      .execute();
  }
}

export async function amountsOf(db: Db, municipalityId: string, grantId: string): Promise<GrantAmountRow[]> {
  return db
    .selectFrom('grant_amount')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('grant_id', '=', grantId)
    .orderBy('strand')
    .orderBy('budget_year')
    .execute();
}

export async function decisionsOf(db: Db, municipalityId: string, grantId: string): Promise<DecisionRow[]> {
  return db
    .selectFrom('grant_decision as d')
    .leftJoin('app_user as u', 'u.id', 'd.decided_by')
    .select([
      'd.municipality_id',
      'd.grant_id',
      'd.seq',
      'd.kind',
      'd.period_from',
      'd.period_to',
      'd.financing_type',
      'd.funding_rate_bp',
      'd.conditions',
      'd.special_conditions',
      'd.reason',
      'd.decided_by',
      'd.decided_at',
      'd.document_sha256',
      'u.display_name as decided_by_name',
    ])
    .where('d.municipality_id', '=', municipalityId)
    .where('d.grant_id', '=', grantId)
    .orderBy('d.seq')
    .execute();
}

export async function decisionAmountsOf(db: Db, municipalityId: string, grantId: string): Promise<DecisionAmountRow[]> {
  return db
    .selectFrom('grant_decision_amount')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('grant_id', '=', grantId)
    .orderBy('seq')
    .orderBy('strand')
    .orderBy('budget_year')
    .execute();
}

export async function documentOf(
  db: Db,
  municipalityId: string,
  grantId: string,
  seq: number,
): Promise<{ document: Buffer | null } | undefined> {
  return db
    .selectFrom('grant_decision')
    .select('document')
    .where('municipality_id', '=', municipalityId)
    .where('grant_id', '=', grantId)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

export async function advanceDecision(db: Db, municipalityId: string, grantId: string, seq: number): Promise<void> {
  await db
    .updateTable('funding_grant')
    .set({ current_decision: seq, version: sql`version + 1`, updated_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', grantId)
    .execute();
}

/** The grant's municipality, as an actor reaching all municipalities sees it (to act in its chain). */
export async function municipalityOfGrant(db: Db, grantId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('funding_grant')
    .select('municipality_id')
    .where('id', '=', grantId)
    .executeTakeFirst();
  return row?.municipality_id;
}
