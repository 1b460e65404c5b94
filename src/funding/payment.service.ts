// Payment requests (Mittelabruf) and the payment ledger: the municipality's managing office requests money of a
// grant (two-month rule, at most decided − paid − open requests); two different grant officers approve, neither
// of them the requester (four eyes); the second approval books the payments into the ledger in the same
// transaction, where the database's counter and CHECK keep payments ≤ decided also under concurrent approvals.
// Every use case: authorize → transaction in the record's municipality → audit entry in that municipality's chain.
import { authorize, type Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { locateRecord, readGrant } from './payment-records.ts';
import {
  assertVersion,
  auditDenial,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  inFunding,
  reachesAllMunicipalities,
  signedIn,
  today,
  withinLimits,
  problemsError,
  type FundingContext,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  changeRequest,
  findGrant,
  findRequest,
  grantAmounts,
  insertBooking,
  insertRequest,
  listBookings,
  listRequests,
  lockRequest,
  requestSortValue,
  type RequestRow,
  type RequestState,
} from './payment.repository.ts';
import {
  approvalStep,
  latestDueOn,
  OPEN_REQUEST_STATUSES,
  requestableCents,
  remainingCents,
  requestProblems,
  runningTotals,
} from './payment.rules.ts';
import type {
  CreatePaymentRequest,
  GrantLedger,
  ListPaymentRequestsQuery,
  PaymentRequest,
  PaymentRequestPage,
  RejectPaymentRequest,
} from './payment.schema.ts';
import { sumCents } from './money.shared.ts';

const RESOURCE = 'payment_request';

export interface PaymentService {
  createRequest(actor: Actor | null, input: CreatePaymentRequest, meta: RequestMeta): Promise<PaymentRequest>;
  getRequest(actor: Actor | null, requestId: string, meta: RequestMeta): Promise<PaymentRequest>;
  listRequests(actor: Actor | null, query: ListPaymentRequestsQuery, meta: RequestMeta): Promise<PaymentRequestPage>;
  approve(actor: Actor | null, requestId: string, version: number, meta: RequestMeta): Promise<PaymentRequest>;
  reject(
    actor: Actor | null,
    requestId: string,
    version: number,
    input: RejectPaymentRequest,
    meta: RequestMeta,
  ): Promise<PaymentRequest>;
  withdraw(actor: Actor | null, requestId: string, version: number, meta: RequestMeta): Promise<PaymentRequest>;
  ledger(actor: Actor | null, grantId: string, meta: RequestMeta): Promise<GrantLedger>;
}

const notFound = () => new AppError('not_found', 'No such payment request.');

function present(actor: Actor, row: RequestRow): PaymentRequest {
  const target = fundingTarget('payment', row.municipality_id);
  const open = OPEN_REQUEST_STATUSES.includes(row.status);
  const officer = authorize(actor, 'update', target).allowed;
  const step = approvalStep(
    { status: row.status, requestedBy: row.requested_by, firstApprovedBy: row.first_approved_by },
    actor.userId,
  );
  const user = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  const approval = (id: string | null, name: string | null, at: Date | null) => {
    const by = user(id, name);
    return by && at ? { by, at: at.toISOString() } : null;
  };
  const rejectedBy = user(row.rejected_by, row.rejected_by_name);
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    grantId: row.grant_id,
    grantReference: row.grant_reference,
    status: row.status,
    justification: row.justification,
    requestedBy: { id: row.requested_by, name: row.requested_by_name },
    requestedAt: row.requested_at.toISOString(),
    firstApproval: approval(row.first_approved_by, row.first_approved_by_name, row.first_approved_at),
    secondApproval: approval(row.second_approved_by, row.second_approved_by_name, row.second_approved_at),
    rejection:
      rejectedBy && row.rejected_at
        ? { by: rejectedBy, at: row.rejected_at.toISOString(), reason: row.rejection_reason ?? '' }
        : null,
    lines: row.lines,
    totalCents: row.total_cents,
    version: row.version,
    canApprove: officer && step.ok,
    canReject: officer && open,
    canWithdraw: open && authorize(actor, 'create', target).allowed,
  };
}

async function presentRequest(trx: Trx, actor: Actor, requestId: string): Promise<PaymentRequest> {
  const row = await findRequest(trx, requestId);
  if (!row) throw notFound();
  return present(actor, row);
}

/** Why the four-eyes rule refuses an approval, for the answer and the audit entry. */
const refusals = {
  requester: 'The requester of a payment cannot approve it (four eyes).',
  already_approved: 'You gave the first approval; a second officer must give the second (four eyes).',
} as const;

type ApprovalOutcome = { refused: keyof typeof refusals } | { request: PaymentRequest };

export interface RepaymentInput {
  municipalityId: string;
  grantId: string;
  strand: string;
  budgetYear: number;
  /** What comes back, as a positive amount; the ledger books it negative. */
  amountCents: number;
  bookedOn: string;
  recoveryClaimId: string | null;
  note: string | null;
}

/**
 * Books money coming back to the authority (a repayment of a recovery claim, returned funds) into the ledger, in
 * the caller's transaction (which acts in the grant's municipality), with its audit entry. Refuses (409) to book
 * back more than has been paid in the strand and year. For the proof of use's recovery claims (H4) and the seed.
 */
export async function bookRepayment(
  trx: Trx,
  input: RepaymentInput,
  by: { actor: Actor; meta: RequestMeta },
): Promise<string> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new RangeError('a repayment is a positive amount of whole cents');
  }
  const amount = await trx
    .selectFrom('grant_amount')
    .where('municipality_id', '=', input.municipalityId)
    .where('grant_id', '=', input.grantId)
    .where('strand', '=', input.strand)
    .where('budget_year', '=', input.budgetYear)
    .select('paid_cents')
    .forUpdate()
    .executeTakeFirst();
  if (!amount) throw new AppError('not_found', 'The grant has no amount for this strand and year.');
  if (input.amountCents > amount.paid_cents) {
    throw new AppError('conflict', 'More cannot come back than has been paid in this strand and year.', {
      extensions: { limit: 'repayment_within_paid' },
    });
  }
  const id = await insertBooking(trx, {
    municipalityId: input.municipalityId,
    grantId: input.grantId,
    strand: input.strand,
    budgetYear: input.budgetYear,
    kind: 'repayment',
    amountCents: -input.amountCents,
    requestId: null,
    recoveryClaimId: input.recoveryClaimId,
    bookedOn: input.bookedOn,
    bookedBy: by.actor.userId,
    note: input.note,
  });
  await auditFunding(trx, by.actor, {
    municipalityId: input.municipalityId,
    action: 'book',
    resourceType: 'payment',
    resourceId: id,
    details: {
      kind: 'repayment',
      grantId: input.grantId,
      strand: input.strand,
      budgetYear: input.budgetYear,
      amountCents: -input.amountCents,
      recoveryClaimId: input.recoveryClaimId,
    },
    meta: by.meta,
  });
  return id;
}

/**
 * The second approval's booking: one payment per line of the request, in the approval's transaction. The
 * trigger raises grant_amount.paid_cents; its CHECK refuses an over-payment (409, and nothing is written).
 */
async function bookRequest(trx: Trx, actor: Actor, request: RequestState, bookedOn: string, meta: RequestMeta) {
  await withinLimits(async () => {
    for (const line of request.lines) {
      const id = await insertBooking(trx, {
        municipalityId: request.municipalityId,
        grantId: request.grantId,
        strand: line.strand,
        budgetYear: line.budgetYear,
        kind: 'payment',
        amountCents: line.amountCents,
        requestId: request.id,
        recoveryClaimId: null,
        bookedOn,
        bookedBy: actor.userId,
        note: null,
      });
      await auditFunding(trx, actor, {
        municipalityId: request.municipalityId,
        action: 'book',
        resourceType: 'payment',
        resourceId: id,
        details: {
          kind: 'payment',
          requestId: request.id,
          grantId: request.grantId,
          strand: line.strand,
          budgetYear: line.budgetYear,
          amountCents: line.amountCents,
        },
        meta,
      });
    }
  });
}

export function createPaymentService(options: FundingServiceOptions): PaymentService {
  const ctx: FundingContext = fundingContext(options);

  /** The request's municipality, when the actor can reach it; 404 (audited) otherwise. */
  async function locate(actor: Actor, action: 'read' | 'update' | 'create', requestId: string, meta: RequestMeta) {
    const municipalityId = await locateRecord(
      ctx,
      actor,
      { action, resource: 'payment' },
      'payment_request',
      requestId,
    );
    if (!municipalityId) throw notFound();
    await authorizeFunding(
      ctx,
      actor,
      action,
      fundingTarget('payment', municipalityId),
      { resourceType: RESOURCE, resourceId: requestId, meta },
      'not_found',
    );
    return municipalityId;
  }

  return {
    async createRequest(actorOrNull, input, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = actor.activeMunicipalityId;
      await authorizeFunding(ctx, actor, 'create', fundingTarget('payment', municipalityId), {
        resourceType: RESOURCE,
        resourceId: null,
        meta,
      });
      return inFunding(ctx, actor, { action: 'create', resource: 'payment', municipalityId }, async (trx) => {
        const grant = await findGrant(trx, input.grantId);
        if (!grant || grant.municipalityId !== municipalityId) {
          throw problemsError(
            [{ field: 'grantId', code: 'not_found', message: 'No such grant of your municipality.' }],
            'No such grant.',
          );
        }
        if (grant.status !== 'active')
          throw new AppError('conflict', `The grant is ${grant.status}: no more payments.`);
        // Locks the grant's amounts: a concurrent request of the same grant waits and then sees this one as open.
        const positions = await grantAmounts(trx, grant.municipalityId, grant.id, { lock: true });
        const problems = requestProblems(input.lines, positions, {
          today: today(ctx),
          dueWithinMonths: grant.definition.paymentDueWithinMonths,
        });
        if (problems.length > 0) throw problemsError(problems, 'The payment request cannot be made as it is.');
        const lines = input.lines.map((line) => ({ ...line, purpose: line.purpose ?? null }));
        const id = await insertRequest(trx, {
          municipalityId: grant.municipalityId,
          grantId: grant.id,
          requestedBy: actor.userId,
          requestedAt: ctx.now(),
          justification: input.justification ?? null,
          lines,
        });
        await auditFunding(trx, actor, {
          municipalityId: grant.municipalityId,
          action: 'create',
          resourceType: RESOURCE,
          resourceId: id,
          changedFields: ['grant_id', 'justification', 'lines'],
          details: { grantId: grant.id, lines: lines.length, totalCents: sumCents(lines.map((l) => l.amountCents)) },
          meta,
        });
        return presentRequest(trx, actor, id);
      });
    },

    async getRequest(actorOrNull, requestId, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = await locate(actor, 'read', requestId, meta);
      return inFunding(ctx, actor, { action: 'read', resource: 'payment', municipalityId }, (trx) =>
        presentRequest(trx, actor, requestId),
      );
    },

    async listRequests(actorOrNull, query, meta) {
      const actor = signedIn(actorOrNull);
      const everywhere = reachesAllMunicipalities(actor, 'read', 'payment');
      const municipalityId = everywhere ? null : actor.activeMunicipalityId;
      await authorizeFunding(ctx, actor, 'read', fundingTarget('payment', municipalityId), {
        resourceType: RESOURCE,
        resourceId: null,
        meta,
      });
      const position = readCursor(query.cursor, query.sort);
      return inFunding(ctx, actor, { action: 'read', resource: 'payment', municipalityId }, async (trx) => {
        const rows = await listRequests(trx, {
          status: query.status,
          open: query.open,
          grantId: query.grantId,
          order: parseSort(query.sort),
          limit: query.limit,
          after: position,
        });
        const field = parseSort(query.sort).field;
        return toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({ value: requestSortValue(row, field), id: row.id }),
          (row) => present(actor, row),
        );
      });
    },

    async approve(actorOrNull, requestId, version, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = await locate(actor, 'update', requestId, meta);
      const result = await inFunding(
        ctx,
        actor,
        { action: 'update', resource: 'payment', municipalityId },
        async (trx): Promise<ApprovalOutcome> => {
          const request = await lockRequest(trx, requestId);
          if (!request) throw notFound();
          assertVersion(request, version, 'payment request');
          const step = approvalStep(request, actor.userId);
          if (!step.ok) {
            if (step.reason === 'not_open') {
              throw new AppError('conflict', `The payment request is ${request.status}; it cannot be approved.`);
            }
            return { refused: step.reason };
          }
          const at = ctx.now();
          if (step.step === 'first') {
            await withinLimits(() => changeRequest(trx, request, { status: 'approved_once', by: actor.userId, at }));
          } else {
            const grant = await findGrant(trx, request.grantId);
            if (grant?.status !== 'active') {
              throw new AppError('conflict', `The grant is ${grant?.status ?? 'gone'}: no more payments.`);
            }
            await withinLimits(() => changeRequest(trx, request, { status: 'paid', by: actor.userId, at }));
            await bookRequest(trx, actor, request, today(ctx), meta);
          }
          await auditFunding(trx, actor, {
            municipalityId,
            action: 'approve',
            resourceType: RESOURCE,
            resourceId: requestId,
            changedFields: step.step === 'first' ? ['status', 'first_approved_by'] : ['status', 'second_approved_by'],
            details: {
              step: step.step,
              status: step.step === 'first' ? 'approved_once' : 'paid',
              totalCents: sumCents(request.lines.map((line) => line.amountCents)),
            },
            meta,
          });
          return { request: await presentRequest(trx, actor, requestId) };
        },
      );
      if ('refused' in result) {
        await auditDenial(ctx, actor, 'approve', municipalityId, {
          resourceType: RESOURCE,
          resourceId: requestId,
          meta,
          reason: `four eyes: ${result.refused}`,
        });
        throw new AppError('forbidden', refusals[result.refused], { extensions: { rule: 'four_eyes' } });
      }
      return result.request;
    },

    async reject(actorOrNull, requestId, version, input, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = await locate(actor, 'update', requestId, meta);
      return inFunding(ctx, actor, { action: 'update', resource: 'payment', municipalityId }, async (trx) => {
        const request = await lockRequest(trx, requestId);
        if (!request) throw notFound();
        assertVersion(request, version, 'payment request');
        if (!OPEN_REQUEST_STATUSES.includes(request.status)) {
          throw new AppError('conflict', `The payment request is ${request.status}; it cannot be rejected.`);
        }
        await changeRequest(trx, request, {
          status: 'rejected',
          by: actor.userId,
          at: ctx.now(),
          reason: input.reason,
        });
        await auditFunding(trx, actor, {
          municipalityId,
          action: 'reject',
          resourceType: RESOURCE,
          resourceId: requestId,
          changedFields: ['status', 'rejected_by', 'rejection_reason'],
          details: { status: 'rejected' },
          meta,
        });
        return presentRequest(trx, actor, requestId);
      });
    },

    async withdraw(actorOrNull, requestId, version, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = await locate(actor, 'create', requestId, meta);
      return inFunding(ctx, actor, { action: 'create', resource: 'payment', municipalityId }, async (trx) => {
        const request = await lockRequest(trx, requestId);
        if (!request) throw notFound();
        assertVersion(request, version, 'payment request');
        // Until the second approval books the money, the municipality may take its request back.
        if (!OPEN_REQUEST_STATUSES.includes(request.status)) {
          throw new AppError('conflict', `The payment request is ${request.status}; it cannot be withdrawn.`);
        }
        await changeRequest(trx, request, { status: 'withdrawn', at: ctx.now() });
        await auditFunding(trx, actor, {
          municipalityId,
          action: 'withdraw',
          resourceType: RESOURCE,
          resourceId: requestId,
          changedFields: ['status'],
          details: { status: 'withdrawn' },
          meta,
        });
        return presentRequest(trx, actor, requestId);
      });
    },

    async ledger(actorOrNull, grantId, meta) {
      const actor = signedIn(actorOrNull);
      return readGrant(ctx, actor, 'payment', grantId, meta, async (trx, grant) => {
        const municipalityId = grant.municipalityId;
        const amounts = await grantAmounts(trx, municipalityId, grantId);
        const bookings = runningTotals(await listBookings(trx, municipalityId, grantId));
        const day = today(ctx);
        const decided = sumCents(amounts.map((a) => a.decidedCents));
        const paid = sumCents(amounts.map((a) => a.paidCents));
        return {
          grantId,
          grantReference: grant.reference,
          municipalityId,
          municipalityName: grant.municipalityName,
          grantStatus: grant.status,
          rule: {
            dueWithinMonths: grant.definition.paymentDueWithinMonths,
            today: day,
            latestDueOn: latestDueOn(day, grant.definition.paymentDueWithinMonths),
          },
          amounts: amounts.map((a) => ({
            ...a,
            requestableCents: requestableCents(a),
            remainingCents: remainingCents(a),
          })),
          bookings: bookings.map(({ booking, strandYearTotalCents, grantTotalCents }) => ({
            id: booking.id,
            strand: booking.strand,
            budgetYear: booking.budgetYear,
            kind: booking.kind,
            amountCents: booking.amountCents,
            requestId: booking.requestId,
            recoveryClaimId: booking.recoveryClaimId,
            bookedOn: booking.bookedOn,
            bookedAt: booking.bookedAt.toISOString(),
            bookedBy: { id: booking.bookedById, name: booking.bookedByName },
            note: booking.note,
            strandYearTotalCents,
            grantTotalCents,
          })),
          totals: { decidedCents: decided, paidCents: paid, remainingCents: decided - paid },
          canRequest:
            grant.status === 'active' && authorize(actor, 'create', fundingTarget('payment', municipalityId)).allowed,
        };
      });
    },
  };
}
