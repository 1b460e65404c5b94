// Proposals to the innovation fund (FB5): a municipality's managing office or a provider drafts a proposal for
// a project in a municipality it works for, with the amounts requested per budget year and concept documents,
// and submits it until the call's deadline (after it: 409 naming the deadline); it may withdraw it until the
// ranking closes. Eligibility comes from the programme definition (the strand takes proposals by call, the
// runtime, the cap). Every state change is audited in the chain of the project's municipality.
import type { Actor } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  assertVersion,
  auditDenial,
  auditFunding,
  authorizeFunding,
  fundingContext,
  inFunding,
  problemsError,
  signedIn,
  type FundingContext,
  type FundingProblem,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import {
  acrossReach,
  definitionOf,
  maySeeProposal,
  presentProposal,
  presentProposalSummary,
  asProposer,
  callOpen,
  PROPOSAL,
  visibleProposal,
} from './innovation.context.ts';
import {
  amountsOf,
  findCall,
  findProposal,
  insertProposal,
  listProposals,
  programmeVersion,
  replaceAmounts,
  updateProposal,
  type CallRow,
  type ProposalRow,
} from './innovation.repository.ts';
import { documentsOf } from './innovation-document.repository.ts';
import { proposalProblems, type ProposalPlan } from './innovation.rules.ts';
import type {
  CreateProposal,
  InnovationProposal,
  InnovationProposalList,
  ProposalListQuery,
  UpdateProposal,
} from './innovation.schema.ts';

/** The organisations that may propose: a municipality for itself, a provider for a municipality it serves. */
const PROPOSING_KINDS = ['municipality', 'provider'];

/** Why the call takes no proposal now: not published, not yet open, or its deadline passed (409 naming it). */
function closedForProposals(call: CallRow, now: Date): AppError {
  if (call.status === 'published' && now.getTime() < call.opens_at.getTime()) {
    return new AppError('conflict', `The call opens for proposals on ${call.opens_at.toISOString()}.`, {
      extensions: { opensAt: call.opens_at.toISOString() },
    });
  }
  if (call.status !== 'published') {
    return new AppError('conflict', 'The call takes no more proposals.', { extensions: { status: call.status } });
  }
  return new AppError('conflict', `The deadline of this call has passed (${call.deadline.toISOString()}).`, {
    extensions: { deadline: call.deadline.toISOString() },
  });
}

async function eligibilityProblems(trx: Trx, call: CallRow, plan: ProposalPlan): Promise<FundingProblem[]> {
  const programme = await programmeVersion(trx, call.programme_id, call.programme_version);
  if (!programme) throw new Error(`call ${call.id} names a programme version that does not exist`);
  return proposalProblems(definitionOf(programme.definition), call.strand, plan);
}

/** A proposal as its proposer drafts it, in a transaction of its municipality (also for the demo seed). */
export async function createProposalIn(
  trx: Trx,
  input: CreateProposal & { municipalityId: string; applicantId: string; createdBy: string | null; isDemo?: boolean },
): Promise<string> {
  const id = await insertProposal(trx, {
    municipality_id: input.municipalityId,
    call_id: input.callId,
    applicant_id: input.applicantId,
    title: input.title,
    summary: input.summary,
    period_from: input.periodFrom,
    period_to: input.periodTo,
    created_by: input.createdBy,
    is_demo: input.isDemo ?? false,
  });
  await replaceAmounts(trx, input.municipalityId, id, input.amounts);
  return id;
}

export function createInnovationProposalService(options: FundingServiceOptions) {
  const ctx: FundingContext = fundingContext(options);

  async function view(trx: Trx, actor: Actor, id: string): Promise<InnovationProposal> {
    const row = await findProposal(trx, id);
    if (!row) throw new Error('proposal vanished in its own transaction');
    return presentProposal(
      actor,
      row,
      await amountsOf(trx, row.municipality_id, [id]),
      await documentsOf(trx, row.municipality_id, id),
    );
  }

  const byProposer = <T>(
    actor: Actor | null,
    proposalId: string,
    action: string,
    meta: RequestMeta,
    work: (trx: Trx, row: ProposalRow, who: Actor) => Promise<T>,
  ) => asProposer(ctx, actor, proposalId, action, meta, work);

  return {
    /** Drafts a proposal; the call must be open for proposals (published and before its deadline). */
    async create(actor: Actor | null, input: CreateProposal, meta: RequestMeta): Promise<InnovationProposal> {
      const who = signedIn(actor);
      const municipalityId = input.municipalityId ?? who.activeMunicipalityId;
      if (!municipalityId) {
        throw problemsError(
          [{ field: 'municipalityId', code: 'required', message: 'name the municipality where the project runs' }],
          'The proposal is not valid.',
        );
      }
      await authorizeFunding(
        ctx,
        who,
        'create',
        { resource: 'innovation', municipalityId, organisationId: who.organisationId },
        { resourceType: PROPOSAL, resourceId: null, meta },
      );
      const organisation = await ctx.db
        .selectFrom('organisation')
        .select('kind')
        .where('id', '=', who.organisationId)
        .executeTakeFirst();
      const eligible =
        PROPOSING_KINDS.includes(organisation?.kind ?? '') && who.municipalityIds.includes(municipalityId);
      if (!eligible) {
        await auditDenial(ctx, who, 'create', municipalityId, {
          resourceType: PROPOSAL,
          resourceId: null,
          meta,
          reason: 'proposals come from a municipality or from a provider serving it',
        });
        throw new AppError(
          'forbidden',
          'Proposals come from a municipality for itself, or from a provider for a municipality it serves.',
        );
      }
      return inFunding(ctx, who, { action: 'create', resource: 'innovation', municipalityId }, async (trx) => {
        const call = await findCall(trx, input.callId);
        if (!call || call.status === 'draft') {
          throw problemsError([{ field: 'callId', code: 'unknown', message: 'no such call' }], 'No such call.');
        }
        if (!callOpen(call, ctx.now())) throw closedForProposals(call, ctx.now());
        const problems = await eligibilityProblems(trx, call, input);
        if (problems.length > 0) throw problemsError(problems, 'The proposal is not eligible.');
        const id = await createProposalIn(trx, {
          ...input,
          municipalityId,
          applicantId: who.organisationId,
          createdBy: who.userId,
        });
        await auditFunding(trx, who, {
          municipalityId,
          action: 'create',
          resourceType: PROPOSAL,
          resourceId: id,
          changedFields: Object.keys(input),
          details: { callId: input.callId },
          meta,
        });
        return view(trx, who, id);
      });
    },

    async get(actor: Actor | null, proposalId: string, meta: RequestMeta): Promise<InnovationProposal> {
      const who = signedIn(actor);
      const row = await visibleProposal(ctx, who, proposalId, meta);
      return withTenant(ctx.db, { municipalityId: row.municipality_id, userId: who.userId }, (trx) =>
        view(trx, who, proposalId),
      );
    },

    /** The proposals the actor may see (the committee: all but drafts; a provider: its own; …). */
    async list(actor: Actor | null, query: ProposalListQuery, meta: RequestMeta): Promise<InnovationProposalList> {
      const who = signedIn(actor);
      await authorizeFunding(
        ctx,
        who,
        'read',
        { resource: 'innovation', municipalityId: null, organisationId: who.organisationId },
        {
          resourceType: PROPOSAL,
          resourceId: null,
          meta,
        },
      );
      const items = await acrossReach(ctx, who, async (trx) => {
        const rows = (await listProposals(trx, query)).filter((row) => maySeeProposal(who, row));
        const byMunicipality = new Map<string, string[]>();
        for (const row of rows) {
          byMunicipality.set(row.municipality_id, [...(byMunicipality.get(row.municipality_id) ?? []), row.id]);
        }
        const amounts = (
          await Promise.all([...byMunicipality].map(([municipalityId, ids]) => amountsOf(trx, municipalityId, ids)))
        ).flat();
        return rows.map((row) =>
          presentProposalSummary(
            who,
            row,
            amounts.filter((amount) => amount.proposal_id === row.id),
          ),
        );
      });
      items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
      return { items };
    },

    async update(
      actor: Actor | null,
      proposalId: string,
      version: number,
      input: UpdateProposal,
      meta: RequestMeta,
    ): Promise<InnovationProposal> {
      return byProposer(actor, proposalId, 'update', meta, async (trx, row, who) => {
        assertVersion(row, version, 'proposal');
        if (row.status !== 'draft') throw new AppError('conflict', 'Only a draft can be changed.');
        const call = await findCall(trx, row.call_id);
        if (!call) throw new Error(`proposal ${proposalId} names a call that does not exist`);
        const amounts =
          input.amounts ??
          (await amountsOf(trx, row.municipality_id, [proposalId])).map((amount) => ({
            budgetYear: amount.budget_year,
            amountCents: amount.amount_cents,
          }));
        const plan = {
          periodFrom: input.periodFrom ?? row.period_from,
          periodTo: input.periodTo ?? row.period_to,
          amounts,
        };
        const problems = await eligibilityProblems(trx, call, plan);
        if (problems.length > 0) throw problemsError(problems, 'The proposal is not eligible.');
        await updateProposal(trx, row.municipality_id, proposalId, {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.summary !== undefined ? { summary: input.summary } : {}),
          ...(input.periodFrom !== undefined ? { period_from: input.periodFrom } : {}),
          ...(input.periodTo !== undefined ? { period_to: input.periodTo } : {}),
        });
        if (input.amounts) await replaceAmounts(trx, row.municipality_id, proposalId, input.amounts);
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'update',
          resourceType: PROPOSAL,
          resourceId: proposalId,
          changedFields: Object.keys(input),
          meta,
        });
        return view(trx, who, proposalId);
      });
    },

    /** Submits a draft until the deadline; it needs a concept document and must be eligible. */
    async submit(
      actor: Actor | null,
      proposalId: string,
      version: number,
      meta: RequestMeta,
    ): Promise<InnovationProposal> {
      return byProposer(actor, proposalId, 'submit', meta, async (trx, row, who) => {
        assertVersion(row, version, 'proposal');
        if (row.status !== 'draft') throw new AppError('conflict', 'Only a draft can be submitted.');
        const call = await findCall(trx, row.call_id);
        if (!call) throw new Error(`proposal ${proposalId} names a call that does not exist`);
        if (!callOpen(call, ctx.now())) throw closedForProposals(call, ctx.now());
        const amounts = (await amountsOf(trx, row.municipality_id, [proposalId])).map((amount) => ({
          budgetYear: amount.budget_year,
          amountCents: amount.amount_cents,
        }));
        const problems = await eligibilityProblems(trx, call, {
          periodFrom: row.period_from,
          periodTo: row.period_to,
          amounts,
        });
        const documents = await documentsOf(trx, row.municipality_id, proposalId);
        if (!documents.some((document) => document.kind === 'concept')) {
          problems.push({
            field: 'documents',
            code: 'concept_missing',
            message: 'attach the concept (kind "concept")',
          });
        }
        if (problems.length > 0) throw problemsError(problems, 'The proposal cannot be submitted yet.');
        await updateProposal(trx, row.municipality_id, proposalId, {
          status: 'submitted',
          submitted_at: ctx.now(),
          submitted_by: who.userId,
        });
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'submit',
          resourceType: PROPOSAL,
          resourceId: proposalId,
          changedFields: ['status'],
          details: { callId: row.call_id, requestedCents: Number(row.requested_cents) },
          meta,
        });
        return view(trx, who, proposalId);
      });
    },

    /** Withdraws a submitted proposal while the committee still ranks (not once the ranking is closed). */
    async withdraw(
      actor: Actor | null,
      proposalId: string,
      version: number,
      meta: RequestMeta,
    ): Promise<InnovationProposal> {
      return byProposer(actor, proposalId, 'withdraw', meta, async (trx, row, who) => {
        assertVersion(row, version, 'proposal');
        const call = await findCall(trx, row.call_id);
        const open = call?.status === 'published';
        if (!['submitted', 'shortlisted'].includes(row.status) || !open) {
          throw new AppError('conflict', 'This proposal can no longer be withdrawn.');
        }
        await updateProposal(trx, row.municipality_id, proposalId, { status: 'withdrawn' });
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'withdraw',
          resourceType: PROPOSAL,
          resourceId: proposalId,
          changedFields: ['status'],
          details: { from: row.status },
          meta,
        });
        return view(trx, who, proposalId);
      });
    },
  };
}

export type InnovationProposalService = ReturnType<typeof createInnovationProposalService>;
