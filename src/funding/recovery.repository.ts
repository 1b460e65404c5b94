// SQL of recovery claims (Rückforderung): computed by the audit of a proof of use, issued by the authority, settled
// by repayments in the payment ledger (the trigger of migration 0020 counts them into repaid_cents).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { RecoveryClaimStatus } from './funding.codes.ts';
import type { RecoveryComputation } from './recovery.rules.ts';
import type { ClaimSortField } from './proof.schema.ts';
import { afterPosition, type Keyset } from './proof.repository.ts';

type Db = Kysely<Database>;

export interface ClaimRow {
  municipality_id: string;
  municipality_name: string;
  id: string;
  grant_id: string;
  grant_reference: string;
  proof_id: string;
  strand: string;
  budget_year: number;
  paid_cents: number;
  entitled_cents: number;
  unspent_cents: number;
  ineligible_cents: number;
  amount_cents: number;
  repaid_cents: number;
  status: RecoveryClaimStatus;
  due_on: string | null;
  reason: string | null;
  issued_at: Date | null;
  settled_at: Date | null;
  version: number;
  created_key: string;
}

const claimSelect = sql`
  select r.municipality_id, m.name as municipality_name, r.id, r.grant_id, g.reference as grant_reference,
         r.proof_id, r.strand, r.budget_year, r.paid_cents, r.entitled_cents, r.unspent_cents, r.ineligible_cents,
         r.amount_cents, r.repaid_cents, r.status, r.due_on::text as due_on, r.reason, r.issued_at, r.settled_at,
         r.version,
         (to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') collate "C") as created_key
    from recovery_claim r
    join organisation m on m.id = r.municipality_id
    join funding_grant g on g.municipality_id = r.municipality_id and g.id = r.grant_id`;

const MONEY = [
  'paid_cents',
  'entitled_cents',
  'unspent_cents',
  'ineligible_cents',
  'amount_cents',
  'repaid_cents',
] as const;

function normalise(row: ClaimRow): ClaimRow {
  const out = { ...row };
  for (const key of MONEY) out[key] = Number(row[key]);
  return out;
}

export async function findClaim(
  db: Db,
  claimId: string,
  options: { lock?: boolean } = {},
): Promise<ClaimRow | undefined> {
  if (options.lock) await sql`select 1 from recovery_claim where id = ${claimId}::uuid for update`.execute(db);
  const { rows } = await sql<ClaimRow>`${claimSelect} where r.id = ${claimId}::uuid`.execute(db);
  return rows[0] ? normalise(rows[0]) : undefined;
}

export async function claimsOfProof(db: Db, municipalityId: string, proofId: string): Promise<ClaimRow[]> {
  const { rows } = await sql<ClaimRow>`${claimSelect}
     where r.municipality_id = ${municipalityId}::uuid and r.proof_id = ${proofId}::uuid
     order by r.budget_year, r.strand`.execute(db);
  return rows.map(normalise);
}

/** What earlier claims of the grant ask back per strand and year and is not yet repaid, by "strand-year". */
export async function outstandingClaims(db: Db, municipalityId: string, grantId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('recovery_claim')
    .where('municipality_id', '=', municipalityId)
    .where('grant_id', '=', grantId)
    .where('status', '<>', 'settled')
    .select(['strand', 'budget_year', sql<string>`sum(amount_cents - repaid_cents)`.as('outstanding')])
    .groupBy(['strand', 'budget_year'])
    .execute();
  return new Map(rows.map((r) => [`${r.strand}-${r.budget_year}`, Number(r.outstanding)]));
}

export async function insertClaims(
  db: Db,
  target: { municipalityId: string; grantId: string; proofId: string },
  claims: readonly RecoveryComputation[],
): Promise<string[]> {
  if (claims.length === 0) return [];
  const rows = await db
    .insertInto('recovery_claim')
    .values(
      claims.map((claim) => ({
        municipality_id: target.municipalityId,
        grant_id: target.grantId,
        proof_id: target.proofId,
        strand: claim.strand,
        budget_year: claim.budgetYear,
        paid_cents: claim.paidCents,
        entitled_cents: claim.entitledCents,
        unspent_cents: claim.unspentCents,
        ineligible_cents: claim.ineligibleCents,
        amount_cents: claim.amountCents,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function issueClaim(
  db: Db,
  claim: { municipalityId: string; id: string },
  issue: { dueOn: string; reason: string | null; by: string; at: Date },
): Promise<void> {
  await db
    .updateTable('recovery_claim')
    .set({
      status: 'issued',
      due_on: issue.dueOn,
      reason: issue.reason,
      issued_at: issue.at,
      issued_by: issue.by,
      version: sql<number>`version + 1`,
      updated_at: issue.at,
    })
    .where('municipality_id', '=', claim.municipalityId)
    .where('id', '=', claim.id)
    .execute();
}

const claimSortColumns: Record<ClaimSortField, string> = { createdAt: 'q.created_key', amountCents: 'q.amount_cents' };

export interface ClaimFilter {
  grantId?: string | undefined;
  proofId?: string | undefined;
  status?: RecoveryClaimStatus | undefined;
  keyset: Keyset<ClaimSortField>;
}

export async function listClaims(db: Db, filter: ClaimFilter): Promise<ClaimRow[]> {
  const { keyset } = filter;
  const value = sql.ref(claimSortColumns[keyset.field]);
  const conditions = [sql`true`];
  if (filter.grantId) conditions.push(sql`q.grant_id = ${filter.grantId}::uuid`);
  if (filter.proofId) conditions.push(sql`q.proof_id = ${filter.proofId}::uuid`);
  if (filter.status) conditions.push(sql`q.status = ${filter.status}`);
  conditions.push(afterPosition(value, sql.ref('q.id'), keyset));
  const direction = sql.raw(keyset.direction);
  const { rows } = await sql<ClaimRow>`select q.* from (${claimSelect}) q
     where ${sql.join(conditions, sql` and `)}
     order by ${value} ${direction}, q.id ${direction}
     limit ${keyset.limit + 1}`.execute(db);
  return rows.map(normalise);
}

export function claimSortValue(row: ClaimRow, field: ClaimSortField): string | number {
  return field === 'createdAt' ? row.created_key : row.amount_cents;
}
