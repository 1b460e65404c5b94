// SQL of the innovation fund (FB5): calls (shared reference data) and proposals with their requested amounts
// (tenant data of the municipality where a project runs). Documents: innovation-document.repository.ts; scores,
// the cap and the application of a selected proposal: innovation-committee.repository.ts.
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { InnovationProposalStatus } from './innovation.codes.ts';
import type { InnovationCallTable, InnovationProposalTable } from './innovation.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

// --- Calls -------------------------------------------------------------------------------------------------

export type CallRow = Selectable<InnovationCallTable> & { programme_name: string };

function calls(db: Db) {
  return db
    .selectFrom('innovation_call as c')
    .innerJoin('funding_programme_version as v', (join) =>
      join.onRef('v.programme_id', '=', 'c.programme_id').onRef('v.version', '=', 'c.programme_version'),
    )
    .selectAll('c')
    .select(sql<string>`v.definition ->> 'name'`.as('programme_name'));
}

export async function findCall(db: Db, id: string, lock = false): Promise<CallRow | undefined> {
  let query = calls(db).where('c.id', '=', id);
  if (lock) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

/** Calls, the latest deadline first; drafts only for those who prepare calls. At most 500 (a few per year). */
export async function listCalls(db: Db, includeDrafts: boolean): Promise<CallRow[]> {
  let query = calls(db);
  if (!includeDrafts) query = query.where('c.status', '<>', 'draft');
  return query.orderBy('c.deadline', 'desc').orderBy('c.id').limit(500).execute();
}

export async function insertCall(db: Db, values: Insertable<InnovationCallTable>): Promise<string> {
  const row = await db.insertInto('innovation_call').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCall(
  db: Db,
  id: string,
  values: Partial<{
    title: string;
    description: string;
    opens_at: Date;
    deadline: Date;
    criteria: string;
    status: InnovationCallTable['status']['__update__'];
  }>,
): Promise<void> {
  await db
    .updateTable('innovation_call')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export interface ProgrammeVersionFacts {
  programme_id: string;
  version: number;
  definition: unknown;
}

/** The programme's current version (what a new call is made under), or a given version. */
export async function programmeVersion(
  db: Db,
  programmeId: string,
  version?: number,
): Promise<ProgrammeVersionFacts | undefined> {
  const { rows } = await sql<ProgrammeVersionFacts>`
    select v.programme_id, v.version, v.definition
      from funding_programme p
      join funding_programme_version v on v.programme_id = p.id and v.version = ${version ?? sql`p.current_version`}
     where p.id = ${programmeId}::uuid`.execute(db);
  return rows[0];
}

// --- Proposals ---------------------------------------------------------------------------------------------

export type ProposalRow = Selectable<InnovationProposalTable> & {
  call_title: string;
  municipality_name: string;
  applicant_name: string;
  requested_cents: number;
};

function proposals(db: Db) {
  return db
    .selectFrom('innovation_proposal as p')
    .innerJoin('innovation_call as c', 'c.id', 'p.call_id')
    .innerJoin('organisation as m', 'm.id', 'p.municipality_id')
    .innerJoin('organisation as a', 'a.id', 'p.applicant_id')
    .selectAll('p')
    .select([
      'c.title as call_title',
      'm.name as municipality_name',
      'a.name as applicant_name',
      sql<number>`(select coalesce(sum(x.amount_cents), 0) from innovation_proposal_amount x
                    where x.municipality_id = p.municipality_id and x.proposal_id = p.id)::bigint`.as(
        'requested_cents',
      ),
    ]);
}

export async function findProposal(db: Db, id: string, lock = false): Promise<ProposalRow | undefined> {
  let query = proposals(db).where('p.id', '=', id);
  if (lock) query = query.forUpdate('p');
  return query.executeTakeFirst();
}

/** Where a proposal is (its municipality), among the tenants the transaction sees. */
export async function proposalMunicipality(db: Db, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('innovation_proposal')
    .select('municipality_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.municipality_id;
}

export interface ProposalFilter {
  callId?: string | undefined;
  status?: InnovationProposalStatus | undefined;
  statuses?: readonly InnovationProposalStatus[];
}

/** Proposals the transaction sees, newest first; at most 1,000 (a call draws tens, not thousands). */
export async function listProposals(db: Db, filter: ProposalFilter): Promise<ProposalRow[]> {
  let query = proposals(db);
  if (filter.callId) query = query.where('p.call_id', '=', filter.callId);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  if (filter.statuses) query = query.where('p.status', 'in', [...filter.statuses]);
  return query.orderBy('p.created_at', 'desc').orderBy('p.id').limit(1000).execute();
}

export async function insertProposal(
  db: Db,
  values: Pick<
    Selectable<InnovationProposalTable>,
    'municipality_id' | 'call_id' | 'applicant_id' | 'title' | 'summary' | 'period_from' | 'period_to' | 'created_by'
  > & { is_demo?: boolean },
): Promise<string> {
  const row = await db.insertInto('innovation_proposal').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProposal(
  db: Db,
  municipalityId: string,
  id: string,
  values: Partial<{
    title: string;
    summary: string;
    period_from: string;
    period_to: string;
    status: InnovationProposalStatus;
    submitted_at: Date;
    submitted_by: string;
    selected_at: Date;
    selected_by: string;
    application_id: string;
  }>,
): Promise<void> {
  await db
    .updateTable('innovation_proposal')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .execute();
}

export interface AmountRow {
  proposal_id: string;
  budget_year: number;
  amount_cents: number;
}

export async function amountsOf(db: Db, municipalityId: string, proposalIds: readonly string[]): Promise<AmountRow[]> {
  if (proposalIds.length === 0) return [];
  return db
    .selectFrom('innovation_proposal_amount')
    .select(['proposal_id', 'budget_year', 'amount_cents'])
    .where('municipality_id', '=', municipalityId)
    .where('proposal_id', 'in', [...proposalIds])
    .orderBy('budget_year')
    .execute();
}

/** Replaces the requested amounts of a draft (the database refuses it for a submitted proposal). */
export async function replaceAmounts(
  db: Db,
  municipalityId: string,
  proposalId: string,
  amounts: readonly { budgetYear: number; amountCents: number }[],
): Promise<void> {
  await db
    .deleteFrom('innovation_proposal_amount')
    .where('municipality_id', '=', municipalityId)
    .where('proposal_id', '=', proposalId)
    .execute();
  await db
    .insertInto('innovation_proposal_amount')
    .values(
      amounts.map((amount) => ({
        municipality_id: municipalityId,
        proposal_id: proposalId,
        budget_year: amount.budgetYear,
        amount_cents: amount.amountCents,
      })),
    )
    .execute();
}

/** Closes the proposals of a call still in the competition as not selected (in the transaction's tenants). */
export async function closeUnselected(db: Db, callId: string): Promise<{ municipality_id: string; id: string }[]> {
  return db
    .updateTable('innovation_proposal')
    .set({ status: 'not_selected', version: sql<number>`version + 1`, updated_at: new Date() })
    .where('call_id', '=', callId)
    .where('status', 'in', ['submitted', 'shortlisted'])
    .returning(['municipality_id', 'id'])
    .execute();
}
