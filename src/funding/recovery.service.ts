// The approving authority's audit of a municipality's proof of use and the recovery claims (Rückforderung) it
// computes per strand and year (recovery.rules.ts), their issue, and the booking of repayments into the payment
// ledger (payment.service.ts bookRepayment; the trigger of migration 0020 counts them into the claim and settles
// it). Every use case: authorize → transaction in the proof's municipality → audit entry in that chain.
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  assertVersion,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  inFunding,
  problemsError,
  reachesAllMunicipalities,
  signedIn,
  withinLimits,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { sumCents } from './money.shared.ts';
import { bookRepayment } from './payment.service.ts';
import { grantAmounts } from './payment.repository.ts';
import { isAuthority, locate, mayAudit } from './proof-access.ts';
import { changeProof, findProof } from './proof.repository.ts';
import { groupKey } from './proof.rules.ts';
import type {
  AuditProof,
  IssueClaim,
  ListClaimsQuery,
  ProofView,
  RecoveryClaimPage,
  RecoveryClaimView,
  Repayment,
} from './proof.schema.ts';
import { lockedProof, locateProof, PROOF_RESOURCE, proofNotFound, refuseUnless } from './proof.service.ts';
import { assessProof, presentClaim, presentProof } from './proof-view.ts';
import { decisionFacts } from './proof.repository.ts';
import {
  claimSortValue,
  findClaim,
  insertClaims,
  issueClaim,
  listClaims,
  outstandingClaims,
  type ClaimRow,
} from './recovery.repository.ts';
import { computeRecovery } from './recovery.rules.ts';

const CLAIM_RESOURCE = 'recovery_claim';

export interface RecoveryService {
  audit(
    actor: Actor | null,
    proofId: string,
    version: number,
    input: AuditProof,
    meta: RequestMeta,
  ): Promise<ProofView>;
  listClaims(actor: Actor | null, query: ListClaimsQuery, meta: RequestMeta): Promise<RecoveryClaimPage>;
  getClaim(actor: Actor | null, claimId: string, meta: RequestMeta): Promise<RecoveryClaimView>;
  issue(
    actor: Actor | null,
    claimId: string,
    version: number,
    input: IssueClaim,
    meta: RequestMeta,
  ): Promise<RecoveryClaimView>;
  repay(actor: Actor | null, claimId: string, input: Repayment, meta: RequestMeta): Promise<RecoveryClaimView>;
}

const claimNotFound = () => new AppError('not_found', 'No such recovery claim.');

/** Audits a submitted proof in the caller's transaction: eligible spending, claims, status (for the seed too). */
export async function auditProofIn(
  trx: Trx,
  actor: Actor,
  proofId: string,
  input: AuditProof,
  meta: RequestMeta,
  at: Date,
): Promise<void> {
  const row = await findProof(trx, proofId);
  if (!row) throw proofNotFound();
  if (row.status !== 'submitted') {
    throw new AppError('conflict', `The proof of use is ${row.status}; only a submitted one is audited.`);
  }
  const { assessment } = await assessProof(trx, row);
  const audited = new Map(assessment.groups.map((g) => [groupKey(g.strand, g.budgetYear), g.eligibleCents]));
  const problems = input.eligible.flatMap((entry, index) => {
    const key = groupKey(entry.strand, entry.budgetYear);
    const allowed = audited.get(key);
    if (allowed === undefined) {
      return [
        { field: `eligible.${index}`, code: 'unknown_group', message: 'the statement has no such strand and year' },
      ];
    }
    if (entry.eligibleCents > allowed) {
      return [
        {
          field: `eligible.${index}.eligibleCents`,
          code: 'above_rules',
          message: `at most ${allowed} cents are eligible by the statement's rules`,
        },
      ];
    }
    audited.set(key, entry.eligibleCents);
    return [];
  });
  if (problems.length > 0) throw problemsError(problems, 'The audited amounts do not fit the statement.');

  const decision = await decisionFacts(trx, row.municipality_id, row.grant_id);
  // The rows of the grant's amounts are locked: claims are computed from what is paid now.
  const amounts = await grantAmounts(trx, row.municipality_id, row.grant_id, { lock: true });
  const outstanding = await outstandingClaims(trx, row.municipality_id, row.grant_id);
  const claims = assessment.groups.flatMap((group) => {
    const key = groupKey(group.strand, group.budgetYear);
    const amount = amounts.find((a) => groupKey(a.strand, a.budgetYear) === key);
    if (!amount) return [];
    const computed = computeRecovery({
      strand: group.strand,
      budgetYear: group.budgetYear,
      financing: { type: decision.financingType, fundingRateBp: decision.fundingRateBp },
      decidedCents: amount.decidedCents,
      bindingCents: group.bindingCents,
      paidCents: amount.paidCents,
      actualCents: group.actualCents,
      eligibleCents: audited.get(key) ?? group.eligibleCents,
      outstandingCents: outstanding.get(key) ?? 0,
    });
    return computed.amountCents > 0 ? [computed] : [];
  });
  const eligibleCents = sumCents([...audited.values()]);
  await insertClaims(trx, { municipalityId: row.municipality_id, grantId: row.grant_id, proofId: row.id }, claims);
  await changeProof(trx, row.municipality_id, row.id, {
    status: 'audited',
    audited_at: at,
    audited_by: actor.userId,
    audit_result: input.result,
    audit_findings: input.findings ?? null,
    eligible_cents: eligibleCents,
  });
  await auditFunding(trx, actor, {
    municipalityId: row.municipality_id,
    action: 'audit',
    resourceType: PROOF_RESOURCE,
    resourceId: row.id,
    changedFields: ['status', 'auditResult', 'auditFindings', 'eligibleCents'],
    details: {
      result: input.result,
      eligibleCents,
      claims: claims.length,
      claimCents: sumCents(claims.map((c) => c.amountCents)),
    },
    meta,
  });
}

export function createRecoveryService(options: FundingServiceOptions): RecoveryService {
  const ctx = fundingContext(options);

  async function locateClaim(actor: Actor, action: 'read' | 'update', claimId: string, meta: RequestMeta) {
    const owner = await locate(ctx, actor, action, 'recovery_claim', claimId);
    if (!owner) throw claimNotFound();
    await authorizeFunding(
      ctx,
      actor,
      action,
      fundingTarget('proof_of_use', owner.municipalityId),
      { resourceType: CLAIM_RESOURCE, resourceId: claimId, meta },
      'not_found',
    );
    return owner.municipalityId;
  }

  async function lockedClaim(trx: Trx, claimId: string): Promise<ClaimRow> {
    const claim = await findClaim(trx, claimId, { lock: true });
    if (!claim) throw claimNotFound();
    return claim;
  }

  async function claimView(trx: Trx, claimId: string): Promise<RecoveryClaimView> {
    const claim = await findClaim(trx, claimId);
    if (!claim) throw claimNotFound();
    return presentClaim(claim);
  }

  return {
    async audit(actorOrNull, proofId, version, input, meta) {
      const actor = signedIn(actorOrNull);
      const owner = await locateProof(ctx, actor, 'update', proofId, meta);
      await refuseUnless(ctx, actor, mayAudit(actor, owner), {
        action: 'audit',
        owner,
        proofId,
        reason: "only the approving authority audits a municipality's proof of use",
        meta,
      });
      return inFunding(
        ctx,
        actor,
        { action: 'update', resource: 'proof_of_use', municipalityId: owner.municipalityId },
        async (trx) => {
          await lockedProof(trx, proofId, version);
          await auditProofIn(trx, actor, proofId, input, meta, ctx.now());
          const row = await findProof(trx, proofId);
          if (!row) throw proofNotFound();
          return presentProof(trx, actor, row);
        },
      );
    },

    async listClaims(actorOrNull, query, meta) {
      const actor = signedIn(actorOrNull);
      const everywhere = reachesAllMunicipalities(actor, 'read', 'proof_of_use');
      const municipalityId = everywhere ? null : actor.activeMunicipalityId;
      await authorizeFunding(ctx, actor, 'read', fundingTarget('proof_of_use', municipalityId), {
        resourceType: CLAIM_RESOURCE,
        resourceId: null,
        meta,
      });
      const position = readCursor(query.cursor, query.sort);
      return inFunding(ctx, actor, { action: 'read', resource: 'proof_of_use', municipalityId }, async (trx) => {
        const rows = await listClaims(trx, {
          grantId: query.grantId,
          proofId: query.proofId,
          status: query.status,
          keyset: { ...parseSort(query.sort), after: position, limit: query.limit },
        });
        const field = parseSort(query.sort).field;
        return toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({ value: claimSortValue(row, field), id: row.id }),
          presentClaim,
        );
      });
    },

    async getClaim(actorOrNull, claimId, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = await locateClaim(actor, 'read', claimId, meta);
      return inFunding(ctx, actor, { action: 'read', resource: 'proof_of_use', municipalityId }, (trx) =>
        claimView(trx, claimId),
      );
    },

    async issue(actorOrNull, claimId, version, input, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = await locateClaim(actor, 'update', claimId, meta);
      await refuseUnless(ctx, actor, isAuthority(actor), {
        action: 'issue',
        owner: { municipalityId, providerId: null },
        proofId: claimId,
        reason: 'only the approving authority issues a recovery claim',
        meta,
      });
      return inFunding(ctx, actor, { action: 'update', resource: 'proof_of_use', municipalityId }, async (trx) => {
        const claim = await lockedClaim(trx, claimId);
        assertVersion(claim, version, 'recovery claim');
        if (claim.status !== 'computed') throw new AppError('conflict', `The claim is already ${claim.status}.`);
        await issueClaim(
          trx,
          { municipalityId, id: claimId },
          { dueOn: input.dueOn, reason: input.reason ?? null, by: actor.userId, at: ctx.now() },
        );
        await auditFunding(trx, actor, {
          municipalityId,
          action: 'issue',
          resourceType: CLAIM_RESOURCE,
          resourceId: claimId,
          changedFields: ['status', 'dueOn', ...(input.reason ? ['reason'] : [])],
          details: { status: 'issued', amountCents: claim.amount_cents, dueOn: input.dueOn },
          meta,
        });
        return claimView(trx, claimId);
      });
    },

    async repay(actorOrNull, claimId, input, meta) {
      const actor = signedIn(actorOrNull);
      const located = await locate(ctx, actor, 'update', 'recovery_claim', claimId);
      if (!located) throw claimNotFound();
      const municipalityId = located.municipalityId;
      // Booking into the ledger is the authority's payment right (grant officers), not the proof's.
      await authorizeFunding(
        ctx,
        actor,
        'update',
        fundingTarget('payment', municipalityId),
        { resourceType: CLAIM_RESOURCE, resourceId: claimId, meta },
        'not_found',
      );
      return inFunding(ctx, actor, { action: 'update', resource: 'payment', municipalityId }, async (trx) => {
        const claim = await lockedClaim(trx, claimId);
        if (claim.status !== 'issued') {
          throw new AppError(
            'conflict',
            `The claim is ${claim.status}; repayments are booked against an issued claim.`,
          );
        }
        const open = claim.amount_cents - claim.repaid_cents;
        if (input.amountCents > open) {
          throw new AppError('conflict', `At most ${open} cents of this claim are still open.`, {
            extensions: { limit: 'recovery_claim_not_over_repaid' },
          });
        }
        await withinLimits(() =>
          bookRepayment(
            trx,
            {
              municipalityId,
              grantId: claim.grant_id,
              strand: claim.strand,
              budgetYear: claim.budget_year,
              amountCents: input.amountCents,
              bookedOn: input.bookedOn,
              recoveryClaimId: claim.id,
              note: input.note ?? null,
            },
            { actor, meta },
          ),
        );
        const after = await lockedClaim(trx, claimId);
        await auditFunding(trx, actor, {
          municipalityId,
          action: 'repay',
          resourceType: CLAIM_RESOURCE,
          resourceId: claimId,
          changedFields: ['repaidCents', ...(after.status === 'settled' ? ['status'] : [])],
          details: { amountCents: input.amountCents, repaidCents: after.repaid_cents, status: after.status },
          meta,
        });
        return presentClaim(after);
      });
    },
  };
}
