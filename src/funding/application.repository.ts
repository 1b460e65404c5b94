// SQL of applications, their financing plans and comments. Runs inside a funding transaction (funding.context.ts):
// the municipality's own, or the authority's across all municipalities.
import {
  sql,
  type Insertable,
  type RawBuilder,
  type Kysely,
  type Selectable,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { Database } from '../database.ts';
import { selectKeysetPage } from '../platform/db/keyset-page.ts';
import type { ApplicationStatus } from './funding.codes.ts';
import type {
  ApplicationCommentTable,
  ApplicationCostLineTable,
  ApplicationFundingSourceTable,
  ApplicationPositionTable,
  ApplicationRequestedAmountTable,
  FundingApplicationTable,
} from './funding.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type ApplicationRow = Selectable<FundingApplicationTable>;
export type CostLineRow = Selectable<ApplicationCostLineTable>;
export type PositionRow = Selectable<ApplicationPositionTable>;
export type FundingSourceRow = Selectable<ApplicationFundingSourceTable>;
export type RequestedAmountRow = Selectable<ApplicationRequestedAmountTable>;
export type CommentRow = Selectable<ApplicationCommentTable> & { author_name: string | null };

export interface ApplicationViewRow extends ApplicationRow {
  municipality_name: string;
  applicant_name: string;
  programme_code: string;
  definition: unknown;
  grant_id: string | null;
  costs_cents: number;
  requested_cents: number;
}

const VIEW_COLUMNS = sql`
  a.*, m.name as municipality_name, ap.name as applicant_name, p.code as programme_code, v.definition,
         g.id as grant_id,
         (select coalesce(sum(l.amount_cents), 0)::bigint from application_cost_line l
           where l.municipality_id = a.municipality_id and l.application_id = a.id) as costs_cents,
         (select coalesce(sum(r.amount_cents), 0)::bigint from application_requested_amount r
           where r.municipality_id = a.municipality_id and r.application_id = a.id) as requested_cents`;
const VIEW_FROM = sql`
    funding_application a
    join organisation m on m.id = a.municipality_id
    join organisation ap on ap.id = a.applicant_id
    join funding_programme p on p.id = a.programme_id
    join funding_programme_version v on v.programme_id = a.programme_id and v.version = a.programme_version
    left join funding_grant g on g.municipality_id = a.municipality_id and g.application_id = a.id`;

/** The application with what its views show; `lock` takes the row lock first (for a state change). */
export async function findApplication(
  db: Db,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ApplicationViewRow | undefined> {
  if (options.lock) await sql`select 1 from funding_application where id = ${id}::uuid for update`.execute(db);
  const { rows } =
    await sql<ApplicationViewRow>`select ${VIEW_COLUMNS} from ${VIEW_FROM} where a.id = ${id}::uuid`.execute(db);
  return rows[0];
}

export interface ApplicationSearch {
  programmeId?: string;
  status?: ApplicationStatus;
  municipalityId?: string;
  kind?: 'grant' | 'innovation';
  /** the authority sees only applications that were submitted at least once */
  submittedOnly: boolean;
  sort: 'updatedAt' | 'submittedAt' | 'title';
  direction: 'asc' | 'desc';
  after?: { value: string; id: string };
  limit: number;
}

const SORT_EXPRESSIONS = {
  updatedAt: sql`to_char(a.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  submittedAt: sql`coalesce(to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '')`,
  title: sql`lower(a.title)`,
};

export type ApplicationPageRow = ApplicationViewRow & { sort_value: string };

export async function searchApplications(db: Db, search: ApplicationSearch): Promise<ApplicationPageRow[]> {
  const conditions: RawBuilder<unknown>[] = [];
  if (search.programmeId) conditions.push(sql`a.programme_id = ${search.programmeId}::uuid`);
  if (search.status) conditions.push(sql`a.status = ${search.status}`);
  if (search.municipalityId) conditions.push(sql`a.municipality_id = ${search.municipalityId}::uuid`);
  if (search.kind) conditions.push(sql`a.kind = ${search.kind}`);
  if (search.submittedOnly) conditions.push(sql`a.submitted_at is not null`);
  return selectKeysetPage<ApplicationViewRow, Database>(db, {
    ...search,
    columns: VIEW_COLUMNS,
    from: VIEW_FROM,
    conditions,
    value: SORT_EXPRESSIONS[search.sort],
    id: sql`a.id`,
  });
}

export async function insertApplication(db: Db, values: Insertable<FundingApplicationTable>): Promise<string> {
  const row = await db.insertInto('funding_application').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateApplicationRow(
  db: Db,
  municipalityId: string,
  id: string,
  changes: Updateable<FundingApplicationTable>,
): Promise<void> {
  await db
    .updateTable('funding_application')
    .set({ ...changes, version: sql`version + 1`, updated_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .execute();
}

// --- The plan ------------------------------------------------------------------------------------------------

export interface PlanRows {
  costLines: CostLineRow[];
  positions: PositionRow[];
  fundingSources: FundingSourceRow[];
  requestedAmounts: RequestedAmountRow[];
}

export async function planRowsOf(db: Db, municipalityId: string, applicationId: string): Promise<PlanRows> {
  const [costLines, positions, fundingSources, requestedAmounts] = await Promise.all([
    db
      .selectFrom('application_cost_line')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('application_id', '=', applicationId)
      .orderBy('strand')
      .orderBy('budget_year')
      .orderBy('position')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('application_position')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('application_id', '=', applicationId)
      .orderBy('strand')
      .orderBy('starts_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('application_funding_source')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('application_id', '=', applicationId)
      .orderBy('budget_year')
      .orderBy('kind')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('application_requested_amount')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('application_id', '=', applicationId)
      .orderBy('strand')
      .orderBy('budget_year')
      .execute(),
  ]);
  return { costLines, positions, fundingSources, requestedAmounts };
}

/** The tables of a plan's lines, and the key of a line in each. */
export type LineTable =
  'application_cost_line' | 'application_position' | 'application_funding_source' | 'application_requested_amount';

export interface LineKey {
  municipalityId: string;
  applicationId: string;
  lineId: string;
}

/** A line of the plan (any of the four kinds), locked for the change. */
export async function findLine<T extends LineTable>(
  db: Db,
  table: T,
  key: LineKey,
): Promise<Selectable<Database[T]> | undefined> {
  const { rows } = await sql<Selectable<Database[T]>>`
    select * from ${sql.table(table)}
     where municipality_id = ${key.municipalityId}::uuid and application_id = ${key.applicationId}::uuid
       and id = ${key.lineId}::uuid
     for update`.execute(db);
  return rows[0];
}

export async function insertCostLine(db: Db, values: Insertable<ApplicationCostLineTable>): Promise<CostLineRow> {
  return db.insertInto('application_cost_line').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertPosition(db: Db, values: Insertable<ApplicationPositionTable>): Promise<PositionRow> {
  return db.insertInto('application_position').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertFundingSource(
  db: Db,
  values: Insertable<ApplicationFundingSourceTable>,
): Promise<FundingSourceRow> {
  return db.insertInto('application_funding_source').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertRequestedAmount(
  db: Db,
  values: Insertable<ApplicationRequestedAmountTable>,
): Promise<RequestedAmountRow> {
  return db.insertInto('application_requested_amount').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a line and bumps its version; answers the line as it is now. */
export async function updateLine<T extends LineTable>(
  db: Db,
  table: T,
  key: LineKey,
  changes: Record<string, unknown>,
): Promise<Selectable<Database[T]>> {
  const assignments = Object.entries(changes).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const { rows } = await sql<Selectable<Database[T]>>`
    update ${sql.table(table)}
       set ${sql.join([...assignments, sql`version = version + 1`, sql`updated_at = now()`])}
     where municipality_id = ${key.municipalityId}::uuid and application_id = ${key.applicationId}::uuid
       and id = ${key.lineId}::uuid
     returning *`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`line ${key.lineId} vanished while locked`);
  return row;
}

export async function countLines(db: Db, table: LineTable, municipalityId: string, applicationId: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(table)}
     where municipality_id = ${municipalityId}::uuid and application_id = ${applicationId}::uuid`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function deleteLine(db: Db, table: LineTable, key: LineKey): Promise<void> {
  await sql`delete from ${sql.table(table)}
             where municipality_id = ${key.municipalityId}::uuid and application_id = ${key.applicationId}::uuid
               and id = ${key.lineId}::uuid`.execute(db);
}

// --- Comments ------------------------------------------------------------------------------------------------

export async function commentsOf(db: Db, municipalityId: string, applicationId: string): Promise<CommentRow[]> {
  return db
    .selectFrom('application_comment as c')
    .leftJoin('app_user as u', 'u.id', 'c.author_id')
    .selectAll('c')
    .select('u.display_name as author_name')
    .where('c.municipality_id', '=', municipalityId)
    .where('c.application_id', '=', applicationId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

export async function insertComment(db: Db, values: Insertable<ApplicationCommentTable>): Promise<string> {
  const row = await db.insertInto('application_comment').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

// --- Facts the rules need -------------------------------------------------------------------------------------

export interface RecipientFacts {
  name: string;
  official_key: string | null;
  alliance_member: boolean;
  budget_recovery: boolean;
  tolerated_18_27: number | null;
}

export async function recipientFacts(db: Db, organisationId: string): Promise<RecipientFacts | undefined> {
  const { rows } = await sql<RecipientFacts>`
    select o.name, o.official_key, o.alliance_member, o.budget_recovery,
           (select t.tolerated_18_27 from target_population t where t.recipient_id = o.id
             order by t.reference_date desc limit 1) as tolerated_18_27
      from organisation o where o.id = ${organisationId}::uuid`.execute(db);
  return rows[0];
}

export interface ProgrammeVersionRow {
  programme_id: string;
  code: string;
  version: number;
  definition: unknown;
}

/** The version new applications of a programme are made under. */
export async function currentProgrammeVersion(db: Db, programmeId: string): Promise<ProgrammeVersionRow | undefined> {
  const { rows } = await sql<ProgrammeVersionRow>`
    select p.id as programme_id, p.code, v.version, v.definition
      from funding_programme p
      join funding_programme_version v on v.programme_id = p.id and v.version = p.current_version
     where p.id = ${programmeId}::uuid`.execute(db);
  return rows[0];
}

/** The next running number of a reference prefix in the municipality, under the counter row's lock. */
export async function nextReferenceNumber(db: Db, municipalityId: string, prefix: string): Promise<number> {
  const { rows } = await sql<{ last_number: number }>`
    insert into application_reference_counter (municipality_id, prefix, last_number)
    values (${municipalityId}::uuid, ${prefix}, 1)
    on conflict (municipality_id, prefix) do update set last_number = application_reference_counter.last_number + 1
    returning last_number`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('the reference counter returned no row');
  return row.last_number;
}
