// The steering committee of the innovation fund (FB5): its members (authority and ministry: update on innovation
// for every municipality) score each submitted proposal on each criterion of the call, one score per member and
// criterion that the member may change until the ranking is closed; the ranking orders the proposals by the
// weighted mean of the scores (innovation.rules.ts); the authority selects proposals within the FB5 cap, and a
// selected proposal becomes a submitted funding application of kind 'innovation' that is decided like any other.
import type { Actor } from '../access/access.rules.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { currentProgrammeVersion } from './application.repository.ts';
import {
  assertVersion,
  auditDenial,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  inFunding,
  problemsError,
  signedIn,
  withinLimits,
  type FundingContext,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { competingStatuses } from './innovation.codes.ts';
import {
  CALL,
  criteriaOf,
  definitionOf,
  presentCall,
  presentProposal,
  presentScore,
  PROPOSAL,
  SCORE,
  visibleProposal,
} from './innovation.context.ts';
import {
  amountsOf,
  findCall,
  findProposal,
  listProposals,
  updateProposal,
  type CallRow,
} from './innovation.repository.ts';
import { documentsOf } from './innovation-document.repository.ts';
import {
  findScore,
  insertInnovationApplication,
  insertScore,
  lockStrandSelections,
  scoresOfCall,
  scoresOfMember,
  selectedPendingCents,
  strandCap,
  updateScore,
} from './innovation-committee.repository.ts';
import { acceptsScores, fitsCap, innovationCostCategory, rankProposals, remainingCap } from './innovation.rules.ts';
import type {
  CreateScore,
  InnovationProposal,
  InnovationRanking,
  InnovationScore,
  InnovationScoreList,
  UpdateScore,
} from './innovation.schema.ts';
import { strandOf } from './programme.definition.ts';

const committeeTarget = fundingTarget('innovation', null);

/** A selection refused by the cap (audited and answered 409 once its transaction has ended). */
class OverCap extends Error {
  readonly remainingCents: number;
  readonly requestedCents: number;
  readonly municipalityId: string;
  constructor(remainingCents: number, requestedCents: number, municipalityId: string) {
    super('over the cap');
    this.remainingCents = remainingCents;
    this.requestedCents = requestedCents;
    this.municipalityId = municipalityId;
  }
}

/** The cap of the call's strand and what is committed and selected against it; null when the strand has none. */
async function capOf(trx: Trx, call: CallRow) {
  const row = await strandCap(trx, call.programme_id, call.strand);
  const programme = await currentProgrammeVersion(trx, call.programme_id);
  const definedCap = programme ? strandOf(definitionOf(programme.definition), call.strand)?.capCents : undefined;
  const capCents = row?.cap_cents ?? definedCap;
  if (capCents === undefined) return null;
  return {
    capCents,
    committedCents: row?.committed_cents ?? 0,
    selectedPendingCents: await selectedPendingCents(trx, call.programme_id, call.strand),
  };
}

export function createInnovationCommitteeService(options: FundingServiceOptions) {
  const ctx: FundingContext = fundingContext(options);

  /** Only committee members score; anyone else is refused (audited), also a municipality's own staff. */
  async function asMember(actor: Actor | null, proposalId: string, meta: RequestMeta) {
    const who = signedIn(actor);
    await authorizeFunding(ctx, who, 'update', committeeTarget, { resourceType: SCORE, resourceId: proposalId, meta });
    const row = await visibleProposal(ctx, who, proposalId, meta);
    if (!(competingStatuses as readonly string[]).includes(row.status)) {
      throw new AppError('conflict', 'Only proposals in the competition are scored.');
    }
    return { who, row };
  }

  /** Runs a scoring write in the proposal's municipality, while the call still takes scores. */
  async function scoring<T>(
    who: Actor,
    municipalityId: string,
    callId: string,
    work: (trx: Trx, call: CallRow) => Promise<T>,
  ): Promise<T> {
    return inFunding(ctx, who, { action: 'update', resource: 'innovation', municipalityId }, async (trx) => {
      // A share lock on the call: closing the ranking waits for scores being written, and vice versa.
      const call = await trx
        .selectFrom('innovation_call')
        .select('id')
        .where('id', '=', callId)
        .forShare()
        .executeTakeFirst();
      const found = call ? await findCall(trx, callId) : undefined;
      if (!found) throw new Error(`call ${callId} vanished`);
      if (!acceptsScores(found.status)) throw new AppError('conflict', 'The ranking of this call is closed.');
      return work(trx, found);
    });
  }

  function checkedScore(call: CallRow, criterion: string, score: number | undefined): void {
    const found = criteriaOf(call).find((entry) => entry.code === criterion);
    if (!found) {
      throw problemsError(
        [{ field: 'criterion', code: 'unknown_criterion', message: `the call has no criterion ${criterion}` }],
        'The score is not valid.',
      );
    }
    if (score !== undefined && score > found.maxScore) {
      throw problemsError(
        [{ field: 'score', code: 'too_big', message: `at most ${found.maxScore} points on ${criterion}` }],
        'The score is not valid.',
      );
    }
  }

  return {
    /** The signed-in member's own scores of a proposal. */
    async myScores(actor: Actor | null, proposalId: string, meta: RequestMeta): Promise<InnovationScoreList> {
      const who = signedIn(actor);
      await authorizeFunding(ctx, who, 'update', committeeTarget, {
        resourceType: SCORE,
        resourceId: proposalId,
        meta,
      });
      const row = await visibleProposal(ctx, who, proposalId, meta);
      const rows = await withTenant(ctx.db, { municipalityId: row.municipality_id, userId: who.userId }, (trx) =>
        scoresOfMember(trx, row.municipality_id, proposalId, who.userId),
      );
      return { items: rows.map(presentScore) };
    },

    /** A member's score on one criterion; a second one for the same criterion is refused (update it instead). */
    async score(
      actor: Actor | null,
      proposalId: string,
      input: CreateScore,
      meta: RequestMeta,
    ): Promise<InnovationScore> {
      const { who, row } = await asMember(actor, proposalId, meta);
      return scoring(who, row.municipality_id, row.call_id, async (trx, call) => {
        checkedScore(call, input.criterion, input.score);
        try {
          const created = await insertScore(trx, {
            municipality_id: row.municipality_id,
            proposal_id: proposalId,
            member_id: who.userId,
            criterion: input.criterion,
            score: input.score,
            comment: input.comment === undefined || input.comment === '' ? null : input.comment,
          });
          await auditFunding(trx, who, {
            municipalityId: row.municipality_id,
            action: 'create',
            resourceType: SCORE,
            resourceId: proposalId,
            changedFields: ['score', ...(input.comment ? ['comment'] : [])],
            details: { criterion: input.criterion, score: input.score },
            meta,
          });
          return presentScore(created);
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError('conflict', 'You have scored this criterion already; change that score instead.', {
              extensions: { criterion: input.criterion },
            });
          }
          throw error;
        }
      });
    },

    async updateScore(
      actor: Actor | null,
      proposalId: string,
      criterion: string,
      version: number,
      input: UpdateScore,
      meta: RequestMeta,
    ): Promise<InnovationScore> {
      const { who, row } = await asMember(actor, proposalId, meta);
      return scoring(who, row.municipality_id, row.call_id, async (trx, call) => {
        checkedScore(call, criterion, input.score);
        const key = { municipality_id: row.municipality_id, proposal_id: proposalId, member_id: who.userId, criterion };
        const existing = await findScore(trx, key, true);
        if (!existing) throw new AppError('not_found', 'You have not scored this criterion yet.');
        assertVersion(existing, version, 'score');
        const updated = await updateScore(trx, key, {
          ...(input.score !== undefined ? { score: input.score } : {}),
          ...(input.comment !== undefined ? { comment: input.comment === '' ? null : input.comment } : {}),
        });
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'update',
          resourceType: SCORE,
          resourceId: proposalId,
          changedFields: Object.keys(input),
          details: { criterion, score: updated.score },
          meta,
        });
        return presentScore(updated);
      });
    },

    /** The committee's summary of a call: proposals ranked, per-criterion means, scorers, spread, and the cap. */
    async ranking(actor: Actor | null, callId: string, meta: RequestMeta): Promise<InnovationRanking> {
      const who = signedIn(actor);
      await authorizeFunding(ctx, who, 'read', committeeTarget, { resourceType: CALL, resourceId: callId, meta });
      return inFunding(ctx, who, { action: 'read', resource: 'innovation', municipalityId: null }, async (trx) => {
        const call = await findCall(trx, callId);
        if (!call || call.status === 'draft') throw new AppError('not_found', 'No such call.');
        const proposals = await listProposals(trx, { callId, statuses: competingStatuses });
        const scores = await scoresOfCall(trx, callId);
        const ranked = rankProposals(
          criteriaOf(call),
          proposals.map((proposal) => ({
            id: proposal.id,
            requestedCents: Number(proposal.requested_cents),
            submittedAt: proposal.submitted_at,
            scores: scores
              .filter(
                (score) => score.proposal_id === proposal.id && score.municipality_id === proposal.municipality_id,
              )
              .map((score) => ({ memberId: score.member_id, criterion: score.criterion, score: score.score })),
          })),
        );
        const cap = await capOf(trx, call);
        const byId = new Map(proposals.map((proposal) => [proposal.id, proposal]));
        return {
          call: presentCall(call, ctx.now()),
          capCents: cap?.capCents ?? null,
          committedCents: cap?.committedCents ?? 0,
          selectedPendingCents: cap?.selectedPendingCents ?? 0,
          remainingCents: cap ? remainingCap(cap) : null,
          members: new Set(scores.map((score) => score.member_id)).size,
          proposals: ranked.map((result) => {
            const proposal = byId.get(result.id);
            if (!proposal) throw new Error('ranked a proposal that was not listed');
            return {
              proposalId: proposal.id,
              title: proposal.title,
              municipalityName: proposal.municipality_name,
              applicantName: proposal.applicant_name,
              status: proposal.status,
              requestedCents: Number(proposal.requested_cents),
              rank: result.rank,
              weightedPercent: result.weightedPercent,
              scorers: result.scorers,
              completeScorers: result.completeScorers,
              criteria: result.criteria,
              tie: result.tie,
            };
          }),
        };
      });
    },

    /**
     * Selects a proposal once the ranking is closed: decided + selected + its requested amount must stay within
     * the strand's cap (checked under a lock that serialises selections); it becomes a submitted funding
     * application of kind 'innovation' for the authority to decide through the grant decision.
     */
    async select(
      actor: Actor | null,
      proposalId: string,
      version: number,
      meta: RequestMeta,
    ): Promise<InnovationProposal> {
      const who = signedIn(actor);
      await authorizeFunding(ctx, who, 'manage', committeeTarget, {
        resourceType: PROPOSAL,
        resourceId: proposalId,
        meta,
      });
      const seen = await visibleProposal(ctx, who, proposalId, meta);
      try {
        return await selectIn(who, seen.municipality_id, seen.call_id, proposalId, version, meta);
      } catch (error) {
        if (!(error instanceof OverCap)) throw error;
        // The refusal is audited after the selection's transaction (and its locks) ended.
        await auditDenial(ctx, who, 'select', error.municipalityId, {
          resourceType: PROPOSAL,
          resourceId: proposalId,
          meta,
          reason: 'over the cap of the strand',
        });
        throw new AppError('conflict', 'Selecting this proposal would exceed the cap of the innovation fund.', {
          extensions: {
            limit: 'innovation_cap',
            remainingCents: error.remainingCents,
            requestedCents: error.requestedCents,
          },
        });
      }
    },
  };

  async function selectIn(
    who: Actor,
    municipalityId: string,
    callId: string,
    proposalId: string,
    version: number,
    meta: RequestMeta,
  ): Promise<InnovationProposal> {
    return inFunding(ctx, who, { action: 'manage', resource: 'innovation', municipalityId }, async (trx) => {
      const call = await findCall(trx, callId, true);
      if (!call) throw new Error(`call ${callId} vanished`);
      await lockStrandSelections(trx, call.programme_id, call.strand);
      const row = await findProposal(trx, proposalId, true);
      if (!row) throw new AppError('not_found', 'No such proposal.');
      assertVersion(row, version, 'proposal');
      if (call.status !== 'ranking_closed') {
        throw new AppError(
          'conflict',
          `Proposals are selected once the ranking is closed (the call is ${call.status}).`,
        );
      }
      if (row.status !== 'submitted' && row.status !== 'shortlisted') {
        throw new AppError('conflict', `A ${row.status} proposal cannot be selected.`);
      }
      const requestedCents = Number(row.requested_cents);
      const cap = await capOf(trx, call);
      if (cap && !fitsCap(cap, requestedCents)) {
        throw new OverCap(remainingCap(cap), requestedCents, row.municipality_id);
      }
      const programme = await currentProgrammeVersion(trx, call.programme_id);
      const strand = programme ? strandOf(definitionOf(programme.definition), call.strand) : undefined;
      if (!programme || !strand) throw new AppError('conflict', `The programme no longer has strand ${call.strand}.`);
      const amounts = await amountsOf(trx, row.municipality_id, [proposalId]);
      const applicationId = await withinLimits(() =>
        insertInnovationApplication(trx, {
          municipalityId: row.municipality_id,
          applicantId: row.applicant_id,
          programmeId: call.programme_id,
          strand: call.strand,
          category: innovationCostCategory(strand),
          title: row.title,
          summary: row.summary,
          periodFrom: row.period_from,
          periodTo: row.period_to,
          amounts: amounts.map((amount) => ({ budgetYear: amount.budget_year, amountCents: amount.amount_cents })),
          submittedAt: ctx.now(),
          submittedBy: who.userId,
          isDemo: row.is_demo,
        }),
      );
      await updateProposal(trx, row.municipality_id, proposalId, {
        status: 'selected',
        selected_at: ctx.now(),
        selected_by: who.userId,
        application_id: applicationId,
      });
      await auditFunding(trx, who, {
        municipalityId: row.municipality_id,
        action: 'select',
        resourceType: PROPOSAL,
        resourceId: proposalId,
        changedFields: ['status', 'application_id'],
        details: { requestedCents, applicationId },
        meta,
      });
      await auditFunding(trx, who, {
        municipalityId: row.municipality_id,
        action: 'create',
        resourceType: 'funding_application',
        resourceId: applicationId,
        changedFields: ['status'],
        details: { kind: 'innovation', proposalId, status: 'submitted' },
        meta,
      });
      const stored = await findProposal(trx, proposalId);
      if (!stored) throw new Error('proposal vanished in its own transaction');
      return presentProposal(who, stored, amounts, await documentsOf(trx, row.municipality_id, proposalId));
    });
  }
}

export type InnovationCommitteeService = ReturnType<typeof createInnovationCommitteeService>;
