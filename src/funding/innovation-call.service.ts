// Calls of the innovation fund (FB5): the approving authority prepares a call (title, description, opening,
// deadline, weighted scoring criteria) for a strand that takes proposals by call, publishes it, closes the
// ranking after the deadline, and completes it (the proposals not selected are closed). Calls are shared
// reference data: their audit entries have no municipality; closing proposals is audited in each one's chain.
import type { Actor } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  assertVersion,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  inFunding,
  problemsError,
  signedIn,
  type FundingContext,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { CALL, definitionOf, PROPOSAL, preparesCalls, presentCall } from './innovation.context.ts';
import {
  closeUnselected,
  findCall,
  insertCall,
  listCalls,
  programmeVersion,
  type CallRow,
} from './innovation.repository.ts';
import { callStrandProblem } from './innovation.rules.ts';
import type {
  CallTransition,
  CreateCall,
  InnovationCall,
  InnovationCallList,
  UpdateCall,
} from './innovation.schema.ts';
import { updateCall } from './innovation.repository.ts';

const manageTarget = fundingTarget('innovation', null);

async function callOrNotFound(trx: Trx, callId: string, lock = false): Promise<CallRow> {
  const row = await findCall(trx, callId, lock);
  if (!row) throw new AppError('not_found', 'No such call.');
  return row;
}

/** Creates a call in a transaction (also for the demo seed): the strand must take proposals by call. */
export async function createCallIn(
  trx: Trx,
  actor: Actor | null,
  input: CreateCall & { isDemo?: boolean },
): Promise<string> {
  const programme = await programmeVersion(trx, input.programmeId);
  if (!programme) {
    throw problemsError(
      [{ field: 'programmeId', code: 'unknown', message: 'no such programme' }],
      'No such programme.',
    );
  }
  const problem = callStrandProblem(definitionOf(programme.definition), input.strand);
  if (problem) throw problemsError([problem], 'The call is not valid.');
  return insertCall(trx, {
    programme_id: programme.programme_id,
    programme_version: programme.version,
    strand: input.strand,
    title: input.title,
    description: input.description,
    opens_at: new Date(input.opensAt),
    deadline: new Date(input.deadline),
    criteria: JSON.stringify(input.criteria),
    created_by: actor?.userId ?? null,
    is_demo: input.isDemo ?? false,
  });
}

export function createInnovationCallService(options: FundingServiceOptions) {
  const ctx: FundingContext = fundingContext(options);

  async function manage<T>(
    actor: Actor | null,
    callId: string | null,
    meta: RequestMeta,
    work: (trx: Trx, who: Actor) => Promise<T>,
  ) {
    const who = signedIn(actor);
    await authorizeFunding(ctx, who, 'manage', manageTarget, { resourceType: CALL, resourceId: callId, meta });
    return inFunding(ctx, who, { action: 'manage', resource: 'innovation', municipalityId: null }, (trx) =>
      work(trx, who),
    );
  }

  return {
    async create(actor: Actor | null, input: CreateCall, meta: RequestMeta): Promise<InnovationCall> {
      return manage(actor, null, meta, async (trx, who) => {
        const id = await createCallIn(trx, who, input);
        await auditFunding(trx, who, {
          municipalityId: null,
          action: 'create',
          resourceType: CALL,
          resourceId: id,
          changedFields: Object.keys(input),
          details: { strand: input.strand, deadline: input.deadline },
          meta,
        });
        return presentCall(await callOrNotFound(trx, id), ctx.now());
      });
    },

    async list(actor: Actor | null, meta: RequestMeta): Promise<InnovationCallList> {
      const who = signedIn(actor);
      await authorizeFunding(ctx, who, 'read', fundingTarget('innovation', null, who.organisationId), {
        resourceType: CALL,
        resourceId: null,
        meta,
      });
      const rows = await withTenant(ctx.db, { municipalityId: null, userId: who.userId }, (trx) =>
        listCalls(trx, preparesCalls(who)),
      );
      return { items: rows.map((row) => presentCall(row, ctx.now())) };
    },

    async get(actor: Actor | null, callId: string, meta: RequestMeta): Promise<InnovationCall> {
      const who = signedIn(actor);
      await authorizeFunding(ctx, who, 'read', fundingTarget('innovation', null, who.organisationId), {
        resourceType: CALL,
        resourceId: callId,
        meta,
      });
      const row = await withTenant(ctx.db, { municipalityId: null, userId: who.userId }, (trx) =>
        findCall(trx, callId),
      );
      // A draft is the authority's work in progress.
      if (!row || (row.status === 'draft' && !preparesCalls(who))) throw new AppError('not_found', 'No such call.');
      return presentCall(row, ctx.now());
    },

    /** Title, description and deadline while the call runs; opening and criteria only while it is a draft. */
    async update(
      actor: Actor | null,
      callId: string,
      version: number,
      input: UpdateCall,
      meta: RequestMeta,
    ): Promise<InnovationCall> {
      return manage(actor, callId, meta, async (trx, who) => {
        const row = await callOrNotFound(trx, callId, true);
        assertVersion(row, version, 'call');
        if (row.status === 'ranking_closed' || row.status === 'completed') {
          throw new AppError('conflict', 'The ranking of this call is closed; the call can no longer be changed.');
        }
        if (row.status !== 'draft' && (input.criteria !== undefined || input.opensAt !== undefined)) {
          throw new AppError('conflict', 'Opening and criteria are fixed once the call is published.');
        }
        const opensAt = input.opensAt ? new Date(input.opensAt) : row.opens_at;
        const deadline = input.deadline ? new Date(input.deadline) : row.deadline;
        if (deadline.getTime() <= opensAt.getTime()) {
          throw problemsError(
            [{ field: 'deadline', code: 'before_opening', message: 'the deadline must be after the opening' }],
            'The call is not valid.',
          );
        }
        await updateCall(trx, callId, {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.opensAt !== undefined ? { opens_at: opensAt } : {}),
          ...(input.deadline !== undefined ? { deadline } : {}),
          ...(input.criteria !== undefined ? { criteria: JSON.stringify(input.criteria) } : {}),
        });
        await auditFunding(trx, who, {
          municipalityId: null,
          action: 'update',
          resourceType: CALL,
          resourceId: callId,
          changedFields: Object.keys(input),
          meta,
        });
        return presentCall(await callOrNotFound(trx, callId), ctx.now());
      });
    },

    /**
     * draft → published → ranking_closed (only after the deadline: no proposal can come in any more) →
     * completed (proposals not selected are closed as not_selected, each in its municipality's transaction).
     */
    async transition(
      actor: Actor | null,
      callId: string,
      version: number,
      input: CallTransition,
      meta: RequestMeta,
    ): Promise<InnovationCall> {
      const who = signedIn(actor);
      const before = await manage(who, callId, meta, async (trx) => {
        const row = await callOrNotFound(trx, callId);
        assertVersion(row, version, 'call');
        return row;
      });
      const from = { published: 'draft', ranking_closed: 'published', completed: 'ranking_closed' }[input.status];
      if (before.status !== from) {
        throw new AppError('conflict', `A call can become ${input.status} only from ${from}; it is ${before.status}.`);
      }
      if (input.status === 'ranking_closed' && ctx.now().getTime() <= before.deadline.getTime()) {
        throw new AppError('conflict', 'The ranking can be closed only after the deadline.', {
          extensions: { deadline: before.deadline.toISOString() },
        });
      }
      if (input.status === 'completed') await closeProposals(ctx, who, callId, meta);
      return manage(who, callId, meta, async (trx) => {
        const row = await callOrNotFound(trx, callId, true);
        assertVersion(row, version, 'call');
        await updateCall(trx, callId, { status: input.status });
        await auditFunding(trx, who, {
          municipalityId: null,
          action: input.status === 'published' ? 'publish' : input.status === 'completed' ? 'complete' : 'close',
          resourceType: CALL,
          resourceId: callId,
          changedFields: ['status'],
          details: { from: row.status, to: input.status },
          meta,
        });
        return presentCall(await callOrNotFound(trx, callId), ctx.now());
      });
    },
  };
}

/** Closes the call's remaining proposals as not selected, one transaction (and audit chain) per municipality. */
async function closeProposals(ctx: FundingContext, actor: Actor, callId: string, meta: RequestMeta): Promise<void> {
  const municipalities = await inFunding(
    ctx,
    actor,
    { action: 'manage', resource: 'innovation', municipalityId: null },
    (trx) =>
      trx
        .selectFrom('innovation_proposal')
        .select('municipality_id')
        .distinct()
        .where('call_id', '=', callId)
        .where('status', 'in', ['submitted', 'shortlisted'])
        .execute(),
  );
  for (const { municipality_id: municipalityId } of municipalities) {
    await withTenant(ctx.db, { municipalityId, userId: actor.userId }, async (trx) => {
      for (const closed of await closeUnselected(trx, callId)) {
        await auditFunding(trx, actor, {
          municipalityId,
          action: 'not_select',
          resourceType: PROPOSAL,
          resourceId: closed.id,
          changedFields: ['status'],
          details: { to: 'not_selected' },
          meta,
        });
      }
    });
  }
}

export type InnovationCallService = ReturnType<typeof createInnovationCallService>;
