// SQL of payment requests, the payment ledger, and the facts of a grant that payments and forwarding are checked
// against (its programme definition, period, amounts in force). Runs in a funding transaction (inFunding): row-
// level security keeps it to the municipality, or opens every municipality for the approving authority.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { GrantStatus, PaymentKind, PaymentRequestStatus } from './funding.codes.ts';
import type { PaymentRequestSortField } from './payment.schema.ts';
import { programmeDefinitionSchema, type ProgrammeDefinition } from './programme.definition.ts';
import { OPEN_REQUEST_STATUSES, type AmountPosition } from './payment.rules.ts';

type Db = Kysely<Database>;

// --- The grant -----------------------------------------------------------------------------------------------

export interface GrantFacts {
  municipalityId: string;
  municipalityName: string;
  id: string;
  reference: string;
  status: GrantStatus;
  recipientId: string;
  definition: ProgrammeDefinition;
  /** The period of the decision in force. */
  periodFrom: string;
  periodTo: string;
}

/** The grant (visible in this transaction) with its programme version's definition; undefined if not visible. */
export async function findGrant(db: Db, grantId: string): Promise<GrantFacts | undefined> {
  const row = await db
    .selectFrom('funding_grant as g')
    .innerJoin('organisation as m', 'm.id', 'g.municipality_id')
    .innerJoin('funding_programme_version as v', (join) =>
      join.onRef('v.programme_id', '=', 'g.programme_id').onRef('v.version', '=', 'g.programme_version'),
    )
    .innerJoin('grant_decision as d', (join) =>
      join
        .onRef('d.municipality_id', '=', 'g.municipality_id')
        .onRef('d.grant_id', '=', 'g.id')
        .onRef('d.seq', '=', 'g.current_decision'),
    )
    .where('g.id', '=', grantId)
    .select([
      'g.municipality_id',
      'm.name as municipality_name',
      'g.id',
      'g.reference',
      'g.status',
      'g.recipient_id',
      'v.definition',
      'd.period_from',
      'd.period_to',
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    id: row.id,
    reference: row.reference,
    status: row.status,
    recipientId: row.recipient_id,
    // Stored versions were validated when they were written; parsing again applies the schema's defaults.
    definition: programmeDefinitionSchema.parse(row.definition),
    periodFrom: row.period_from,
    periodTo: row.period_to,
  };
}

export interface GrantAmountRow extends AmountPosition {
  forwardedCents: number;
}

/**
 * The grant's amounts in force with paid, forwarded and open requested amounts. `lock` takes the rows' locks
 * (a new request waits for a concurrent one of the same grant, so that both cannot ask for the same money).
 */
export async function grantAmounts(
  db: Db,
  municipalityId: string,
  grantId: string,
  options: { lock?: boolean } = {},
): Promise<GrantAmountRow[]> {
  const lock = options.lock ? sql`for update of a` : sql``;
  const { rows } = await sql<{
    strand: string;
    budget_year: number;
    decided_cents: number;
    forwarded_cents: number;
    paid_cents: number;
    open_requested_cents: number;
  }>`
    select a.strand, a.budget_year, a.decided_cents, a.forwarded_cents, a.paid_cents,
           coalesce((select sum(l.amount_cents) from payment_request_line l
                       join payment_request r on r.municipality_id = l.municipality_id and r.id = l.request_id
                      where r.municipality_id = a.municipality_id and r.grant_id = a.grant_id
                        and r.status in (${sql.join(OPEN_REQUEST_STATUSES)})
                        and l.strand = a.strand and l.budget_year = a.budget_year), 0)::bigint as open_requested_cents
      from grant_amount a
     where a.municipality_id = ${municipalityId}::uuid and a.grant_id = ${grantId}::uuid
     order by a.budget_year, a.strand
     ${lock}`.execute(db);
  return rows.map((row) => ({
    strand: row.strand,
    budgetYear: row.budget_year,
    decidedCents: Number(row.decided_cents),
    forwardedCents: Number(row.forwarded_cents),
    paidCents: Number(row.paid_cents),
    openRequestedCents: Number(row.open_requested_cents),
  }));
}

/** The municipality a visible record belongs to, or undefined (looked up before the write's own transaction). */
export async function municipalityOfRecord(
  db: Db,
  table: 'funding_grant' | 'payment_request' | 'forwarding_contract',
  id: string,
): Promise<string | undefined> {
  const row = await db.selectFrom(table).where('id', '=', id).select('municipality_id').executeTakeFirst();
  return row?.municipality_id;
}

// --- Requests ------------------------------------------------------------------------------------------------

export interface NewRequestLine {
  strand: string;
  budgetYear: number;
  amountCents: number;
  dueOn: string;
  purpose: string | null;
}

export async function insertRequest(
  db: Db,
  input: {
    municipalityId: string;
    grantId: string;
    requestedBy: string;
    requestedAt: Date;
    justification: string | null;
    lines: readonly NewRequestLine[];
  },
): Promise<string> {
  const request = await db
    .insertInto('payment_request')
    .values({
      municipality_id: input.municipalityId,
      grant_id: input.grantId,
      requested_by: input.requestedBy,
      requested_at: input.requestedAt,
      justification: input.justification,
      first_approved_by: null,
      first_approved_at: null,
      second_approved_by: null,
      second_approved_at: null,
      rejected_by: null,
      rejected_at: null,
      rejection_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('payment_request_line')
    .values(
      input.lines.map((line) => ({
        municipality_id: input.municipalityId,
        request_id: request.id,
        strand: line.strand,
        budget_year: line.budgetYear,
        amount_cents: line.amountCents,
        due_on: line.dueOn,
        purpose: line.purpose,
      })),
    )
    .execute();
  return request.id;
}

export interface RequestState {
  municipalityId: string;
  id: string;
  grantId: string;
  status: PaymentRequestStatus;
  requestedBy: string;
  firstApprovedBy: string | null;
  version: number;
  lines: { strand: string; budgetYear: number; amountCents: number }[];
}

/** A request with its lines, locked for the change that follows. */
export async function lockRequest(db: Db, requestId: string): Promise<RequestState | undefined> {
  const row = await db
    .selectFrom('payment_request')
    .where('id', '=', requestId)
    .select(['municipality_id', 'id', 'grant_id', 'status', 'requested_by', 'first_approved_by', 'version'])
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const lines = await db
    .selectFrom('payment_request_line')
    .where('municipality_id', '=', row.municipality_id)
    .where('request_id', '=', row.id)
    .select(['strand', 'budget_year', 'amount_cents'])
    .orderBy('budget_year')
    .orderBy('strand')
    .execute();
  return {
    municipalityId: row.municipality_id,
    id: row.id,
    grantId: row.grant_id,
    status: row.status,
    requestedBy: row.requested_by,
    firstApprovedBy: row.first_approved_by,
    version: row.version,
    lines: lines.map((line) => ({ strand: line.strand, budgetYear: line.budget_year, amountCents: line.amount_cents })),
  };
}

export type RequestChange =
  | { status: 'approved_once'; by: string; at: Date }
  | { status: 'paid'; by: string; at: Date }
  | { status: 'rejected'; by: string; at: Date; reason: string }
  | { status: 'withdrawn'; at: Date };

/** Writes a status change of a locked request; the version moves on. */
export async function changeRequest(db: Db, request: RequestState, change: RequestChange): Promise<number> {
  const values =
    change.status === 'approved_once'
      ? { first_approved_by: change.by, first_approved_at: change.at }
      : change.status === 'paid'
        ? { second_approved_by: change.by, second_approved_at: change.at }
        : change.status === 'rejected'
          ? { rejected_by: change.by, rejected_at: change.at, rejection_reason: change.reason }
          : {};
  const row = await db
    .updateTable('payment_request')
    .set({ ...values, status: change.status, version: request.version + 1, updated_at: change.at })
    .where('municipality_id', '=', request.municipalityId)
    .where('id', '=', request.id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export interface RequestRow {
  municipality_id: string;
  municipality_name: string;
  id: string;
  grant_id: string;
  grant_reference: string;
  status: PaymentRequestStatus;
  justification: string | null;
  requested_by: string;
  requested_by_name: string;
  requested_at: Date;
  first_approved_by: string | null;
  first_approved_by_name: string | null;
  first_approved_at: Date | null;
  second_approved_by: string | null;
  second_approved_by_name: string | null;
  second_approved_at: Date | null;
  rejected_by: string | null;
  rejected_by_name: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  version: number;
  total_cents: number;
  /** requested_at to the microsecond, as the list sorts and pages by it */
  requested_key: string;
  lines: { strand: string; budgetYear: number; amountCents: number; dueOn: string; purpose: string | null }[];
}

const requestSelect = sql`
  select r.municipality_id, m.name as municipality_name, r.id, r.grant_id, g.reference as grant_reference, r.status,
         r.justification, r.requested_by, ru.display_name as requested_by_name, r.requested_at,
         r.first_approved_by, fu.display_name as first_approved_by_name, r.first_approved_at,
         r.second_approved_by, su.display_name as second_approved_by_name, r.second_approved_at,
         r.rejected_by, xu.display_name as rejected_by_name, r.rejected_at, r.rejection_reason, r.version,
         t.total_cents, t.lines,
         (to_char(r.requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') collate "C") as requested_key
    from payment_request r
    join organisation m on m.id = r.municipality_id
    join funding_grant g on g.municipality_id = r.municipality_id and g.id = r.grant_id
    join app_user ru on ru.id = r.requested_by
    left join app_user fu on fu.id = r.first_approved_by
    left join app_user su on su.id = r.second_approved_by
    left join app_user xu on xu.id = r.rejected_by
    cross join lateral (
      select coalesce(sum(l.amount_cents), 0)::bigint as total_cents,
             coalesce(jsonb_agg(jsonb_build_object('strand', l.strand, 'budgetYear', l.budget_year,
                                                   'amountCents', l.amount_cents, 'dueOn', l.due_on,
                                                   'purpose', l.purpose)
                                order by l.budget_year, l.strand), '[]'::jsonb) as lines
        from payment_request_line l where l.municipality_id = r.municipality_id and l.request_id = r.id) t`;

function normalise(row: RequestRow): RequestRow {
  return { ...row, total_cents: Number(row.total_cents) };
}

export async function findRequest(db: Db, requestId: string): Promise<RequestRow | undefined> {
  const { rows } = await sql<RequestRow>`${requestSelect} where r.id = ${requestId}::uuid`.execute(db);
  return rows[0] ? normalise(rows[0]) : undefined;
}

const requestSortColumns: Record<PaymentRequestSortField, string> = {
  requestedAt: 'q.requested_key',
  totalCents: 'q.total_cents',
};

export interface RequestFilter {
  status?: PaymentRequestStatus | undefined;
  open?: boolean | undefined;
  grantId?: string | undefined;
  order: { field: PaymentRequestSortField; direction: 'asc' | 'desc' };
  limit: number;
  /** the keyset position after the previous page's last row (platform/http/listing.ts) */
  after: { value: string | number | null; id: string } | undefined;
}

/** A page of the requests visible in this transaction (limit + 1 rows: the extra one says there is more). */
export async function listRequests(db: Db, filter: RequestFilter): Promise<RequestRow[]> {
  const order = filter.order;
  const value = sql.ref(requestSortColumns[order.field]);
  const conditions = [sql`true`];
  if (filter.status) conditions.push(sql`q.status = ${filter.status}`);
  if (filter.open === true) conditions.push(sql`q.status in (${sql.join(OPEN_REQUEST_STATUSES)})`);
  if (filter.open === false) conditions.push(sql`q.status not in (${sql.join(OPEN_REQUEST_STATUSES)})`);
  if (filter.grantId) conditions.push(sql`q.grant_id = ${filter.grantId}::uuid`);
  const direction = sql.raw(order.direction);
  if (filter.after) {
    const op = sql.raw(order.direction === 'asc' ? '>' : '<');
    conditions.push(sql`(${value}, q.id) ${op} (${filter.after.value}, ${filter.after.id}::uuid)`);
  }
  const { rows } = await sql<RequestRow>`select q.* from (${requestSelect}) q
     where ${sql.join(conditions, sql` and `)}
     order by ${value} ${direction}, q.id ${direction}
     limit ${filter.limit + 1}`.execute(db);
  return rows.map(normalise);
}

/** The sort value of a request row as `after` compares it. */
export function requestSortValue(row: RequestRow, field: PaymentRequestSortField): string | number {
  return field === 'requestedAt' ? row.requested_key : row.total_cents;
}

// --- Ledger --------------------------------------------------------------------------------------------------

export interface NewBooking {
  municipalityId: string;
  grantId: string;
  strand: string;
  budgetYear: number;
  kind: PaymentKind;
  /** positive for a payment, negative for a repayment */
  amountCents: number;
  requestId: string | null;
  recoveryClaimId: string | null;
  bookedOn: string;
  bookedBy: string;
  note: string | null;
}

/** Appends a booking to the ledger; the trigger moves grant_amount.paid_cents (its CHECK keeps paid ≤ decided). */
export async function insertBooking(db: Db, booking: NewBooking): Promise<string> {
  const row = await db
    .insertInto('payment')
    .values({
      municipality_id: booking.municipalityId,
      grant_id: booking.grantId,
      strand: booking.strand,
      budget_year: booking.budgetYear,
      kind: booking.kind,
      amount_cents: booking.amountCents,
      request_id: booking.requestId,
      recovery_claim_id: booking.recoveryClaimId,
      booked_on: booking.bookedOn,
      booked_by: booking.bookedBy,
      note: booking.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface BookingRow {
  id: string;
  strand: string;
  budgetYear: number;
  kind: PaymentKind;
  amountCents: number;
  requestId: string | null;
  recoveryClaimId: string | null;
  bookedOn: string;
  bookedAt: Date;
  bookedById: string;
  bookedByName: string;
  note: string | null;
}

export async function listBookings(db: Db, municipalityId: string, grantId: string): Promise<BookingRow[]> {
  const rows = await db
    .selectFrom('payment as p')
    .innerJoin('app_user as u', 'u.id', 'p.booked_by')
    .where('p.municipality_id', '=', municipalityId)
    .where('p.grant_id', '=', grantId)
    .select([
      'p.id',
      'p.strand',
      'p.budget_year',
      'p.kind',
      'p.amount_cents',
      'p.request_id',
      'p.recovery_claim_id',
      'p.booked_on',
      'p.booked_at',
      'p.booked_by',
      'u.display_name',
      'p.note',
    ])
    .orderBy('p.booked_at')
    .orderBy('p.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    strand: row.strand,
    budgetYear: row.budget_year,
    kind: row.kind,
    amountCents: row.amount_cents,
    requestId: row.request_id,
    recoveryClaimId: row.recovery_claim_id,
    bookedOn: row.booked_on,
    bookedAt: row.booked_at,
    bookedById: row.booked_by,
    bookedByName: row.display_name,
    note: row.note,
  }));
}
