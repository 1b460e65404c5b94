// SQL of the steering committee's work on the innovation fund (FB5): the members' scores, the FB5 cap with what
// selected proposals will commit, and the funding application a selected proposal becomes.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { assignReference, insertApplicationDraft, insertPlanLines } from './application-records.ts';
import { findApplication, updateApplicationRow } from './application.repository.ts';
import type { Trx } from './funding.context.ts';
import type { CostCategory } from './funding.codes.ts';
import type { InnovationScoreTable } from './innovation.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

// --- Scores ------------------------------------------------------------------------------------------------

export type ScoreRow = Selectable<InnovationScoreTable>;

export async function insertScore(
  db: Db,
  values: Pick<ScoreRow, 'municipality_id' | 'proposal_id' | 'member_id' | 'criterion' | 'score' | 'comment'>,
): Promise<ScoreRow> {
  return db.insertInto('innovation_score').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findScore(
  db: Db,
  key: Pick<ScoreRow, 'municipality_id' | 'proposal_id' | 'member_id' | 'criterion'>,
  lock = false,
): Promise<ScoreRow | undefined> {
  let query = db
    .selectFrom('innovation_score')
    .selectAll()
    .where('municipality_id', '=', key.municipality_id)
    .where('proposal_id', '=', key.proposal_id)
    .where('member_id', '=', key.member_id)
    .where('criterion', '=', key.criterion);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateScore(
  db: Db,
  key: Pick<ScoreRow, 'municipality_id' | 'proposal_id' | 'member_id' | 'criterion'>,
  values: { score?: number; comment?: string | null },
): Promise<ScoreRow> {
  return db
    .updateTable('innovation_score')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('municipality_id', '=', key.municipality_id)
    .where('proposal_id', '=', key.proposal_id)
    .where('member_id', '=', key.member_id)
    .where('criterion', '=', key.criterion)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function scoresOfMember(
  db: Db,
  municipalityId: string,
  proposalId: string,
  memberId: string,
): Promise<ScoreRow[]> {
  return db
    .selectFrom('innovation_score')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('proposal_id', '=', proposalId)
    .where('member_id', '=', memberId)
    .orderBy('criterion')
    .execute();
}

/** Every score on the call's proposals (the committee's transaction sees all municipalities). */
export async function scoresOfCall(db: Db, callId: string): Promise<ScoreRow[]> {
  return db
    .selectFrom('innovation_score as s')
    .innerJoin('innovation_proposal as p', (join) =>
      join.onRef('p.municipality_id', '=', 's.municipality_id').onRef('p.id', '=', 's.proposal_id'),
    )
    .selectAll('s')
    .where('p.call_id', '=', callId)
    .execute();
}

// --- The FB5 cap -------------------------------------------------------------------------------------------

/**
 * Serialises selections of a capped strand: taken before the cap is read, held until the transaction ends, so
 * that two selections cannot both see room for themselves.
 */
export async function lockStrandSelections(db: Db, programmeId: string, strand: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`innovation:${programmeId}:${strand}`}, 0))`.execute(db);
}

export async function strandCap(
  db: Db,
  programmeId: string,
  strand: string,
): Promise<{ cap_cents: number; committed_cents: number } | undefined> {
  return db
    .selectFrom('programme_strand_cap')
    .select(['cap_cents', 'committed_cents'])
    .where('programme_id', '=', programmeId)
    .where('strand', '=', strand)
    .executeTakeFirst();
}

/**
 * What selected proposals of the strand (every call) will commit: their requested amounts while their
 * application is not yet decided (a decided one is in programme_strand_cap.committed_cents), rejected or
 * withdrawn. Needs a transaction that sees every municipality.
 */
export async function selectedPendingCents(db: Db, programmeId: string, strand: string): Promise<number> {
  const { rows } = await sql<{ total: number }>`
    select coalesce(sum(x.amount_cents), 0)::bigint as total
      from innovation_proposal p
      join innovation_call c on c.id = p.call_id
      join funding_application a on a.municipality_id = p.municipality_id and a.id = p.application_id
      join innovation_proposal_amount x on x.municipality_id = p.municipality_id and x.proposal_id = p.id
     where c.programme_id = ${programmeId}::uuid and c.strand = ${strand}
       and p.status = 'selected' and a.status not in ('decided', 'rejected', 'withdrawn')`.execute(db);
  return Number(rows[0]?.total ?? 0);
}

// --- The funding application of a selected proposal ----------------------------------------------------------

export interface InnovationApplicationInput {
  municipalityId: string;
  applicantId: string;
  programmeId: string;
  strand: string;
  category: CostCategory;
  title: string;
  summary: string;
  periodFrom: string;
  periodTo: string;
  amounts: readonly { budgetYear: number; amountCents: number }[];
  submittedAt: Date;
  submittedBy: string;
  isDemo: boolean;
}

/**
 * A selected proposal as a submitted funding application of kind 'innovation' (applicant = the proposer), made
 * with the applications' own steps (application-records.ts): a draft under the programme's current version, one
 * cost line and one requested amount per budget year under the FB5 strand, the file reference of the applications'
 * scheme, then submitted. It is reviewed and decided through the applications' normal path; the database's cap
 * guards the decision. Not submitApplicationRecord: a proposal states the amounts requested, not the project's
 * costs and own contribution, so the applications' balance rules have nothing to check yet (docs/funding.md).
 */
export async function insertInnovationApplication(db: Trx, input: InnovationApplicationInput): Promise<string> {
  const applicationId = await insertApplicationDraft(db, {
    municipalityId: input.municipalityId,
    applicantId: input.applicantId,
    kind: 'innovation',
    createdBy: input.submittedBy,
    isDemo: input.isDemo,
    header: {
      programmeId: input.programmeId,
      title: input.title,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      summary: input.summary === '' ? null : input.summary,
    },
  });
  await insertPlanLines(db, input.municipalityId, applicationId, {
    costLines: input.amounts.map((amount, position) => ({
      strand: input.strand,
      budgetYear: amount.budgetYear,
      category: input.category,
      description: `Innovationsvorhaben: ${input.title}`.slice(0, 500),
      amountCents: amount.amountCents,
      position,
    })),
    requestedAmounts: input.amounts.map((amount) => ({
      strand: input.strand,
      budgetYear: amount.budgetYear,
      amountCents: amount.amountCents,
    })),
  });
  const row = await findApplication(db, applicationId);
  if (!row) throw new Error('application vanished in its own transaction');
  await updateApplicationRow(db, input.municipalityId, applicationId, {
    status: 'submitted',
    reference: await assignReference(db, row, input.submittedAt),
    submitted_at: input.submittedAt,
    submitted_by: input.submittedBy,
  });
  return applicationId;
}

/**
 * Marks the proposal behind an innovation application as decided; for the grant decision's path to call in its
 * transaction when it decides an application of kind 'innovation'.
 */
export async function markProposalDecided(db: Db, municipalityId: string, applicationId: string): Promise<void> {
  await db
    .updateTable('innovation_proposal')
    .set({ status: 'decided', version: sql<number>`version + 1`, updated_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('application_id', '=', applicationId)
    .where('status', '=', 'selected')
    .execute();
}
