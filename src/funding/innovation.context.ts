// What the innovation fund's services share: who prepares calls and who sits on the steering committee (read
// from the permission table), who may see a proposal, finding a proposal in the municipalities the actor reaches,
// and the API shapes of the rows.
import type { Action, Actor } from '../access/access.rules.ts';
import { authorize } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  auditDenial,
  authorizeFunding,
  fundingTarget,
  inFunding,
  reachesAllMunicipalities,
  signedIn,
  type FundingContext,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import type { ScoreRow } from './innovation-committee.repository.ts';
import type { DocumentRow } from './innovation-document.repository.ts';
import type { CallRow, ProposalRow } from './innovation.repository.ts';
import { findProposal } from './innovation.repository.ts';
import { acceptsProposals } from './innovation.rules.ts';
import {
  criteriaSchema,
  type InnovationCall,
  type InnovationCriterion,
  type InnovationDocument,
  type InnovationProposal,
  type InnovationProposalSummary,
  type InnovationScore,
} from './innovation.schema.ts';
import { programmeDefinitionSchema, type ProgrammeDefinition } from './programme.definition.ts';

export const CALL = 'innovation_call';
export const PROPOSAL = 'innovation_proposal';
export const SCORE = 'innovation_score';
export const DOCUMENT = 'innovation_document';

/** The approving authority: prepares calls, closes rankings and selects (manage on innovation, every municipality). */
export function preparesCalls(actor: Actor): boolean {
  return reachesAllMunicipalities(actor, 'manage', 'innovation');
}

export function proposalTarget(row: Pick<ProposalRow, 'municipality_id' | 'applicant_id'>) {
  return fundingTarget('innovation', row.municipality_id, row.applicant_id);
}

/** Whether the actor works for the proposing organisation (only it edits, submits and withdraws). */
export function isProposer(actor: Actor, row: Pick<ProposalRow, 'applicant_id'>): boolean {
  return actor.organisationId === row.applicant_id;
}

/**
 * Who sees a proposal: the permission table (the committee every one, a municipality's staff those of its
 * municipality, a provider its own), and a draft only its proposer.
 */
export function maySeeProposal(
  actor: Actor,
  row: Pick<ProposalRow, 'municipality_id' | 'applicant_id' | 'status'>,
): boolean {
  if (!authorize(actor, 'read', proposalTarget(row)).allowed) return false;
  return row.status !== 'draft' || isProposer(actor, row);
}

/**
 * The municipalities whose proposals the actor's transactions look into: every one (one transaction across
 * tenants) for the committee, otherwise those the actor works for.
 */
export function reachOf(actor: Actor, action: Action): { allTenants: true } | { municipalityIds: readonly string[] } {
  return reachesAllMunicipalities(actor, action, 'innovation')
    ? { allTenants: true }
    : { municipalityIds: actor.municipalityIds };
}

/** Runs a read in every municipality the actor reaches and concatenates the results. */
export async function acrossReach<T>(
  ctx: FundingContext,
  actor: Actor,
  work: (trx: Trx) => Promise<T[]>,
): Promise<T[]> {
  const reach = reachOf(actor, 'read');
  if ('allTenants' in reach) {
    return withTenant(ctx.db, { municipalityId: null, userId: actor.userId, allTenants: true }, (trx) => work(trx));
  }
  const results: T[] = [];
  for (const municipalityId of reach.municipalityIds) {
    results.push(...(await withTenant(ctx.db, { municipalityId, userId: actor.userId }, (trx) => work(trx))));
  }
  return results;
}

/** The proposal as the actor may see it, or 404 (audited when it exists but is not the actor's to see). */
export async function visibleProposal(
  ctx: FundingContext,
  actor: Actor,
  proposalId: string,
  meta: RequestMeta,
): Promise<ProposalRow> {
  const [row] = await acrossReach(ctx, actor, async (trx) => {
    const found = await findProposal(trx, proposalId);
    return found ? [found] : [];
  });
  if (!row) throw new AppError('not_found', 'No such proposal.');
  if (!maySeeProposal(actor, row)) {
    await auditDenial(ctx, actor, 'read', row.municipality_id, {
      resourceType: PROPOSAL,
      resourceId: proposalId,
      meta,
      reason: row.status === 'draft' ? 'a draft is seen only by its proposer' : 'not within the reader’s scope',
    });
    throw new AppError('not_found', 'No such proposal.');
  }
  return row;
}

/**
 * A change by the proposer: the proposal is found where the actor may see it, the actor must hold update in its
 * scope and work for the proposing organisation, and the work runs with the proposal locked, in its municipality.
 */
export async function asProposer<T>(
  ctx: FundingContext,
  actor: Actor | null,
  proposalId: string,
  action: string,
  meta: RequestMeta,
  work: (trx: Trx, row: ProposalRow, who: Actor) => Promise<T>,
): Promise<T> {
  const who = signedIn(actor);
  const seen = await visibleProposal(ctx, who, proposalId, meta);
  await authorizeFunding(ctx, who, 'update', proposalTarget(seen), {
    resourceType: PROPOSAL,
    resourceId: proposalId,
    meta,
  });
  if (!isProposer(who, seen)) {
    await auditDenial(ctx, who, action, seen.municipality_id, {
      resourceType: PROPOSAL,
      resourceId: proposalId,
      meta,
      reason: 'only the proposing organisation changes its proposal',
    });
    throw new AppError('forbidden', 'Only the proposing organisation may change its proposal.');
  }
  return inFunding(
    ctx,
    who,
    { action: 'update', resource: 'innovation', municipalityId: seen.municipality_id },
    async (trx) => {
      const row = await findProposal(trx, proposalId, true);
      if (!row) throw new AppError('not_found', 'No such proposal.');
      return work(trx, row, who);
    },
  );
}

export function definitionOf(definition: unknown): ProgrammeDefinition {
  return programmeDefinitionSchema.parse(definition);
}

export function criteriaOf(row: Pick<CallRow, 'criteria'>): InnovationCriterion[] {
  return criteriaSchema.parse(row.criteria);
}

/** Whether the call takes proposals at this instant (published, opened, deadline not passed). */
export function callOpen(row: Pick<CallRow, 'status' | 'opens_at' | 'deadline'>, now: Date): boolean {
  return acceptsProposals({ status: row.status, opensAt: row.opens_at, deadline: row.deadline }, now);
}

export function presentCall(row: CallRow, now: Date): InnovationCall {
  return {
    id: row.id,
    programmeId: row.programme_id,
    programmeVersion: row.programme_version,
    programmeName: row.programme_name,
    strand: row.strand,
    title: row.title,
    description: row.description,
    opensAt: row.opens_at.toISOString(),
    deadline: row.deadline.toISOString(),
    criteria: criteriaOf(row),
    status: row.status,
    acceptsProposals: callOpen(row, now),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentDocument(row: DocumentRow): InnovationDocument {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentProposalSummary(
  actor: Actor,
  row: ProposalRow,
  amounts: readonly { budget_year: number; amount_cents: number }[],
): InnovationProposalSummary {
  return {
    id: row.id,
    callId: row.call_id,
    callTitle: row.call_title,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    applicantId: row.applicant_id,
    applicantName: row.applicant_name,
    title: row.title,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    amounts: amounts.map((amount) => ({ budgetYear: amount.budget_year, amountCents: amount.amount_cents })),
    requestedCents: Number(row.requested_cents),
    status: row.status,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    selectedAt: row.selected_at?.toISOString() ?? null,
    applicationId: row.application_id,
    editable: row.status === 'draft' && isProposer(actor, row),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentProposal(
  actor: Actor,
  row: ProposalRow,
  amounts: readonly { budget_year: number; amount_cents: number }[],
  documents: readonly DocumentRow[],
): InnovationProposal {
  return {
    ...presentProposalSummary(actor, row, amounts),
    summary: row.summary,
    documents: documents.map(presentDocument),
  };
}

export function presentScore(row: ScoreRow): InnovationScore {
  return {
    proposalId: row.proposal_id,
    criterion: row.criterion,
    score: row.score,
    comment: row.comment,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}
