// SQL of proofs of use: the proof with its statement lines and receipts, and the facts of the grant (decision in
// force, financing plan) and of a provider's contract that a proof is built from. Runs in a funding transaction
// (inFunding): row-level security keeps it to the municipality, or opens every municipality for the authority.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../database.ts';
import type { AuditResult, CostCategory, FinancingType, ProofKind, ProofStatus } from './funding.codes.ts';
import type { ProofSortField } from './proof.schema.ts';
import type { ProofOfUseTable } from './proof.table.ts';

type Db = Kysely<Database>;

/** Where a page of a list starts and in which order (the service reads it from the cursor and sort). */
export interface Keyset<Field extends string> {
  field: Field;
  direction: 'asc' | 'desc';
  /** the sort value and id of the last row of the previous page */
  after: { value: string | number | null; id: string } | undefined;
  limit: number;
}

/** "After this position" for an order by (value, id); `value` is never null. */
export function afterPosition(
  value: Expression<unknown>,
  id: Expression<unknown>,
  keyset: Keyset<string>,
): RawBuilder<SqlBool> {
  if (!keyset.after) return sql<SqlBool>`true`;
  const op = sql.raw(keyset.direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${value}, ${id}) ${op} (${keyset.after.value}, ${keyset.after.id}::uuid)`;
}

// --- Facts a proof is built from -----------------------------------------------------------------------------

export interface DecisionFacts {
  financingType: FinancingType;
  fundingRateBp: number | null;
  applicationId: string;
  /** the amounts of the decision in force with the eligible costs they were computed from */
  amounts: { strand: string; budgetYear: number; amountCents: number; eligibleCents: number | null }[];
}

export async function decisionFacts(db: Db, municipalityId: string, grantId: string): Promise<DecisionFacts> {
  const decision = await db
    .selectFrom('funding_grant as g')
    .innerJoin('grant_decision as d', (join) =>
      join
        .onRef('d.municipality_id', '=', 'g.municipality_id')
        .onRef('d.grant_id', '=', 'g.id')
        .onRef('d.seq', '=', 'g.current_decision'),
    )
    .where('g.municipality_id', '=', municipalityId)
    .where('g.id', '=', grantId)
    .select(['g.application_id', 'g.current_decision', 'd.financing_type', 'd.funding_rate_bp'])
    .executeTakeFirstOrThrow();
  const amounts = await db
    .selectFrom('grant_decision_amount')
    .where('municipality_id', '=', municipalityId)
    .where('grant_id', '=', grantId)
    .where('seq', '=', decision.current_decision)
    .select(['strand', 'budget_year', 'amount_cents', 'eligible_cents'])
    .orderBy('budget_year')
    .orderBy('strand')
    .execute();
  return {
    financingType: decision.financing_type,
    fundingRateBp: decision.funding_rate_bp,
    applicationId: decision.application_id,
    amounts: amounts.map((a) => ({
      strand: a.strand,
      budgetYear: a.budget_year,
      amountCents: a.amount_cents,
      eligibleCents: a.eligible_cents,
    })),
  };
}

export interface PlanLine {
  strand: string;
  budgetYear: number;
  category: CostCategory;
  description: string;
  amountCents: number;
}

/** The cost lines of the financing plan the grant was decided on. */
export async function planLines(db: Db, municipalityId: string, applicationId: string): Promise<PlanLine[]> {
  const rows = await db
    .selectFrom('application_cost_line')
    .where('municipality_id', '=', municipalityId)
    .where('application_id', '=', applicationId)
    .select(['strand', 'budget_year', 'category', 'description', 'amount_cents'])
    .orderBy('budget_year')
    .orderBy('strand')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    strand: r.strand,
    budgetYear: r.budget_year,
    category: r.category,
    description: r.description,
    amountCents: r.amount_cents,
  }));
}

export interface ContractFacts {
  id: string;
  grantId: string;
  providerId: string;
  reference: string;
  periodFrom: string;
  periodTo: string;
  status: string;
  amounts: { strand: string; budgetYear: number; amountCents: number }[];
}

export async function findContract(db: Db, contractId: string): Promise<ContractFacts | undefined> {
  const contract = await db
    .selectFrom('forwarding_contract')
    .where('id', '=', contractId)
    .select(['municipality_id', 'id', 'grant_id', 'provider_id', 'reference', 'period_from', 'period_to', 'status'])
    .executeTakeFirst();
  if (!contract) return undefined;
  const amounts = await db
    .selectFrom('forwarding_amount')
    .where('municipality_id', '=', contract.municipality_id)
    .where('contract_id', '=', contract.id)
    .select(['strand', 'budget_year', 'amount_cents'])
    .orderBy('budget_year')
    .orderBy('strand')
    .execute();
  return {
    id: contract.id,
    grantId: contract.grant_id,
    providerId: contract.provider_id,
    reference: contract.reference,
    periodFrom: contract.period_from,
    periodTo: contract.period_to,
    status: contract.status,
    amounts: amounts.map((a) => ({ strand: a.strand, budgetYear: a.budget_year, amountCents: a.amount_cents })),
  };
}

// --- Proofs --------------------------------------------------------------------------------------------------

export interface NewProof {
  municipalityId: string;
  grantId: string;
  contractId: string | null;
  providerId: string | null;
  kind: ProofKind;
  budgetYear: number | null;
  periodFrom: string;
  periodTo: string;
  dueOn: string;
  figures: unknown;
  figuresAt: Date;
  createdBy: string;
}

export interface NewLine {
  strand: string;
  budgetYear: number;
  category: CostCategory;
  description: string;
  plannedCents: number;
}

/** Inserts the proof and its statement lines; null when the grant already has one for this contract, kind and year. */
export async function insertProof(db: Db, proof: NewProof, lines: readonly NewLine[]): Promise<string | null> {
  const row = await sql<{ id: string }>`
    insert into proof_of_use (municipality_id, grant_id, contract_id, provider_id, kind, budget_year, period_from,
                              period_to, due_on, figures, figures_at, created_by)
    values (${proof.municipalityId}::uuid, ${proof.grantId}::uuid, ${proof.contractId}::uuid,
            ${proof.providerId}::uuid, ${proof.kind}, ${proof.budgetYear}, ${proof.periodFrom}::date,
            ${proof.periodTo}::date, ${proof.dueOn}::date, ${JSON.stringify(proof.figures)}::jsonb, ${proof.figuresAt},
            ${proof.createdBy}::uuid)
    on conflict do nothing
    returning id`.execute(db);
  const id = row.rows[0]?.id;
  if (!id) return null;
  if (lines.length > 0) {
    await db
      .insertInto('proof_of_use_line')
      .values(
        lines.map((line, position) => ({
          municipality_id: proof.municipalityId,
          proof_id: id,
          strand: line.strand,
          budget_year: line.budgetYear,
          category: line.category,
          description: line.description,
          planned_cents: line.plannedCents,
          position,
        })),
      )
      .execute();
  }
  return id;
}

export interface ProofRow {
  municipality_id: string;
  municipality_name: string;
  id: string;
  grant_id: string;
  grant_reference: string;
  contract_id: string | null;
  contract_reference: string | null;
  provider_id: string | null;
  provider_name: string | null;
  kind: ProofKind;
  budget_year: number | null;
  period_from: string;
  period_to: string;
  due_on: string;
  status: ProofStatus;
  narrative: unknown;
  figures: unknown;
  figures_at: Date | null;
  attached_to: string | null;
  submitted_at: Date | null;
  returned_at: Date | null;
  return_reason: string | null;
  accepted_at: Date | null;
  audited_at: Date | null;
  audit_result: ProofOfUseTable['audit_result'];
  audit_findings: string | null;
  eligible_cents: number | null;
  version: number;
  created_at: Date;
  planned_cents: number;
  actual_cents: number;
  /** created_at to the microsecond, as the list sorts and pages by it */
  created_key: string;
}

const proofSelect = sql`
  select p.municipality_id, m.name as municipality_name, p.id, p.grant_id, g.reference as grant_reference,
         p.contract_id, c.reference as contract_reference, p.provider_id, o.name as provider_name, p.kind,
         p.budget_year, p.period_from::text as period_from, p.period_to::text as period_to, p.due_on::text as due_on,
         p.status, p.narrative, p.figures, p.figures_at, p.attached_to, p.submitted_at, p.returned_at,
         p.return_reason, p.accepted_at, p.audited_at, p.audit_result, p.audit_findings, p.eligible_cents, p.version,
         p.created_at, t.planned_cents, t.actual_cents,
         (to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') collate "C") as created_key
    from proof_of_use p
    join organisation m on m.id = p.municipality_id
    join funding_grant g on g.municipality_id = p.municipality_id and g.id = p.grant_id
    left join forwarding_contract c on c.municipality_id = p.municipality_id and c.id = p.contract_id
    left join organisation o on o.id = p.provider_id
    cross join lateral (
      select coalesce(sum(l.planned_cents), 0)::bigint as planned_cents,
             coalesce(sum(l.actual_cents), 0)::bigint as actual_cents
        from proof_of_use_line l where l.municipality_id = p.municipality_id and l.proof_id = p.id) t`;

function normalise(row: ProofRow): ProofRow {
  return {
    ...row,
    planned_cents: Number(row.planned_cents),
    actual_cents: Number(row.actual_cents),
    eligible_cents: row.eligible_cents === null ? null : Number(row.eligible_cents),
  };
}

export async function findProof(
  db: Db,
  proofId: string,
  options: { lock?: boolean } = {},
): Promise<ProofRow | undefined> {
  if (options.lock) {
    // Serialises the changes of one proof (statement, receipts, status) behind its row lock.
    await sql`select 1 from proof_of_use where id = ${proofId}::uuid for update`.execute(db);
  }
  const { rows } = await sql<ProofRow>`${proofSelect} where p.id = ${proofId}::uuid`.execute(db);
  return rows[0] ? normalise(rows[0]) : undefined;
}

const proofSortColumns: Record<ProofSortField, string> = { dueOn: 'q.due_on', createdAt: 'q.created_key' };

export interface ProofFilter {
  grantId?: string | undefined;
  status?: ProofStatus | undefined;
  kind?: ProofKind | undefined;
  origin?: 'municipality' | 'provider' | undefined;
  /** a provider's staff: that provider's proofs only */
  providerId?: string | undefined;
  keyset: Keyset<ProofSortField>;
}

/** A page of the proofs visible in this transaction (limit + 1 rows: the extra one says there is more). */
export async function listProofs(db: Db, filter: ProofFilter): Promise<ProofRow[]> {
  const { keyset } = filter;
  const value = sql.ref(proofSortColumns[keyset.field]);
  const conditions = [sql`true`];
  if (filter.grantId) conditions.push(sql`q.grant_id = ${filter.grantId}::uuid`);
  if (filter.status) conditions.push(sql`q.status = ${filter.status}`);
  if (filter.kind) conditions.push(sql`q.kind = ${filter.kind}`);
  if (filter.origin === 'municipality') conditions.push(sql`q.contract_id is null`);
  if (filter.origin === 'provider') conditions.push(sql`q.contract_id is not null`);
  if (filter.providerId) conditions.push(sql`q.provider_id = ${filter.providerId}::uuid`);
  conditions.push(afterPosition(value, sql.ref('q.id'), keyset));
  const direction = sql.raw(keyset.direction);
  const { rows } = await sql<ProofRow>`select q.* from (${proofSelect}) q
     where ${sql.join(conditions, sql` and `)}
     order by ${value} ${direction}, q.id ${direction}
     limit ${keyset.limit + 1}`.execute(db);
  return rows.map(normalise);
}

export function proofSortValue(row: ProofRow, field: ProofSortField): string {
  return field === 'dueOn' ? row.due_on : row.created_key;
}

/** Providers' proofs of the grant for the same kind and year (to check, and attached to the municipality's). */
export async function providerProofsFor(db: Db, proof: ProofRow): Promise<ProofRow[]> {
  const { rows } = await sql<ProofRow>`select q.* from (${proofSelect}) q
     where q.municipality_id = ${proof.municipality_id}::uuid and q.grant_id = ${proof.grant_id}::uuid
       and q.contract_id is not null and q.kind = ${proof.kind}
       and q.budget_year is not distinct from ${proof.budget_year}::integer
     order by q.provider_name, q.id`.execute(db);
  return rows.map(normalise);
}

/** The municipality's own proof of the grant for a kind and year, if there is one. */
export async function municipalityProofFor(
  db: Db,
  municipalityId: string,
  grantId: string,
  kind: ProofKind,
  budgetYear: number | null,
): Promise<{ id: string; status: ProofStatus } | undefined> {
  const { rows } = await sql<{ id: string; status: ProofStatus }>`
    select id, status from proof_of_use
     where municipality_id = ${municipalityId}::uuid and grant_id = ${grantId}::uuid and contract_id is null
       and kind = ${kind} and budget_year is not distinct from ${budgetYear}::integer`.execute(db);
  return rows[0];
}

export interface ProofChange {
  status?: ProofStatus;
  attached_to?: string | null;
  submitted_at?: Date;
  submitted_by?: string;
  returned_at?: Date;
  returned_by?: string;
  return_reason?: string | null;
  accepted_at?: Date;
  accepted_by?: string;
  audited_at?: Date;
  audited_by?: string;
  audit_result?: AuditResult;
  audit_findings?: string | null;
  eligible_cents?: number;
  figures_at?: Date;
  narrative?: unknown;
  figures?: unknown;
}

/** Changes the proof and counts its version up; returns the new version. */
export async function changeProof(
  db: Db,
  municipalityId: string,
  proofId: string,
  change: ProofChange,
): Promise<number> {
  const { narrative, figures, ...columns } = change;
  const row = await db
    .updateTable('proof_of_use')
    .set({
      ...columns,
      ...(narrative === undefined ? {} : { narrative: JSON.stringify(narrative) }),
      ...(figures === undefined ? {} : { figures: JSON.stringify(figures) }),
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', proofId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Attaches the accepted, not yet attached providers' proofs of the grant, kind and year to the municipality's. */
export async function attachAcceptedProofs(
  db: Db,
  target: { municipalityId: string; id: string; grantId: string; kind: ProofKind; budgetYear: number | null },
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    update proof_of_use set attached_to = ${target.id}::uuid, version = version + 1, updated_at = now()
     where municipality_id = ${target.municipalityId}::uuid and grant_id = ${target.grantId}::uuid
       and contract_id is not null and status = 'accepted' and attached_to is null and kind = ${target.kind}
       and budget_year is not distinct from ${target.budgetYear}::integer
    returning id`.execute(db);
  return rows.map((r) => r.id);
}

// --- Statement lines and receipts ----------------------------------------------------------------------------

export interface LineRow {
  id: string;
  strand: string;
  budget_year: number;
  category: CostCategory;
  description: string;
  planned_cents: number;
  actual_cents: number | null;
  note: string | null;
}

export async function proofLines(db: Db, municipalityId: string, proofId: string): Promise<LineRow[]> {
  return db
    .selectFrom('proof_of_use_line')
    .where('municipality_id', '=', municipalityId)
    .where('proof_id', '=', proofId)
    .select(['id', 'strand', 'budget_year', 'category', 'description', 'planned_cents', 'actual_cents', 'note'])
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function setLineActual(
  db: Db,
  municipalityId: string,
  lineId: string,
  entry: { actualCents: number | null; note?: string | null | undefined },
): Promise<void> {
  await db
    .updateTable('proof_of_use_line')
    .set({
      actual_cents: entry.actualCents,
      ...(entry.note === undefined ? {} : { note: entry.note }),
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', lineId)
    .execute();
}

export interface ReceiptRow {
  id: string;
  proof_id: string;
  line_id: string;
  receipt_date: string;
  payee: string;
  purpose: string;
  reference: string | null;
  amount_cents: number;
  retain_until: string | null;
  version: number;
}

const receiptColumns = [
  'id',
  'proof_id',
  'line_id',
  'receipt_date',
  'payee',
  'purpose',
  'reference',
  'amount_cents',
  'retain_until',
  'version',
] as const;

export async function proofReceipts(db: Db, municipalityId: string, proofId: string): Promise<ReceiptRow[]> {
  return db
    .selectFrom('receipt')
    .where('municipality_id', '=', municipalityId)
    .where('proof_id', '=', proofId)
    .select(receiptColumns)
    .orderBy('receipt_date')
    .orderBy('id')
    .execute();
}

export async function findReceipt(db: Db, municipalityId: string, receiptId: string): Promise<ReceiptRow | undefined> {
  return db
    .selectFrom('receipt')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', receiptId)
    .select(receiptColumns)
    .executeTakeFirst();
}

export interface ReceiptValues {
  lineId: string;
  receiptDate: string;
  payee: string;
  purpose: string;
  reference: string | null;
  amountCents: number;
}

export async function insertReceipt(
  db: Db,
  municipalityId: string,
  proofId: string,
  values: ReceiptValues,
  createdBy: string,
): Promise<ReceiptRow> {
  return db
    .insertInto('receipt')
    .values({
      municipality_id: municipalityId,
      proof_id: proofId,
      line_id: values.lineId,
      receipt_date: values.receiptDate,
      payee: values.payee,
      purpose: values.purpose,
      reference: values.reference,
      amount_cents: values.amountCents,
      created_by: createdBy,
    })
    .returning(receiptColumns)
    .executeTakeFirstOrThrow();
}

export async function changeReceipt(
  db: Db,
  municipalityId: string,
  receiptId: string,
  values: Partial<ReceiptValues>,
): Promise<ReceiptRow> {
  return db
    .updateTable('receipt')
    .set({
      ...(values.lineId === undefined ? {} : { line_id: values.lineId }),
      ...(values.receiptDate === undefined ? {} : { receipt_date: values.receiptDate }),
      ...(values.payee === undefined ? {} : { payee: values.payee }),
      ...(values.purpose === undefined ? {} : { purpose: values.purpose }),
      ...(values.reference === undefined ? {} : { reference: values.reference }),
      ...(values.amountCents === undefined ? {} : { amount_cents: values.amountCents }),
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', receiptId)
    .returning(receiptColumns)
    .executeTakeFirstOrThrow();
}

export async function deleteReceipt(db: Db, municipalityId: string, receiptId: string): Promise<void> {
  await db.deleteFrom('receipt').where('municipality_id', '=', municipalityId).where('id', '=', receiptId).execute();
}

/** Receipts are kept until this day (set at every submission). */
export async function setRetention(
  db: Db,
  municipalityId: string,
  proofId: string,
  retainUntil: string,
): Promise<void> {
  await db
    .updateTable('receipt')
    .set({ retain_until: retainUntil, updated_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('proof_id', '=', proofId)
    .execute();
}

/** The municipality of a proof or claim visible in this transaction. */
export async function municipalityOf(
  db: Db,
  table: 'proof_of_use' | 'recovery_claim' | 'funding_grant' | 'forwarding_contract',
  id: string,
): Promise<{ municipalityId: string; providerId: string | null } | undefined> {
  if (table === 'proof_of_use' || table === 'forwarding_contract') {
    const row = await db
      .selectFrom(table)
      .where('id', '=', id)
      .select(['municipality_id', 'provider_id'])
      .executeTakeFirst();
    return row ? { municipalityId: row.municipality_id, providerId: row.provider_id } : undefined;
  }
  const row = await db.selectFrom(table).where('id', '=', id).select('municipality_id').executeTakeFirst();
  return row ? { municipalityId: row.municipality_id, providerId: null } : undefined;
}
