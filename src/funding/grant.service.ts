// Grant decisions and amendments: the authority decides an application in review (the grant with decision 1,
// its PDF and the amounts in force, committing the budget) and amends a grant later (If-Match); the history of
// every decision with its PDF stays. Grants are read by the authority and the ministry (all municipalities) and
// by the municipality (its own). Every decision is audited in the municipality's chain.
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import { onApplication } from './application.access.ts';
import { assessApplication } from './application-records.ts';
import { definitionOf } from './application.presenter.ts';
import { amendGrantRecord, decideApplicationRecord, type Decider } from './grant-records.ts';
import { markProposalDecided } from './innovation-committee.repository.ts';
import {
  amountsOf,
  decisionAmountsOf,
  decisionsOf,
  documentOf,
  findGrant,
  municipalityOfGrant,
  searchGrants,
  type GrantViewRow,
} from './grant.repository.ts';
import { defaultFundingRateBp, proposeDecision } from './grant.rules.ts';
import type {
  Amend,
  Decide,
  DecisionProposal,
  Grant,
  GrantPage,
  GrantSummary,
  ListGrantsQuery,
  ProposalQuery,
} from './grant.schema.ts';
import {
  assertVersion,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  inFunding,
  reachesAllMunicipalities,
  signedIn,
  type FundingContext,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { sumCents } from './money.shared.ts';

const RESOURCE = 'funding_grant';
const NOT_FOUND = 'No such grant.';

function presentGrantSummary(row: GrantViewRow): GrantSummary {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    applicationId: row.application_id,
    reference: row.reference,
    title: row.title,
    programmeId: row.programme_id,
    programmeCode: row.programme_code,
    programmeName: definitionOf(row).name,
    programmeVersion: row.programme_version,
    status: row.status,
    currentDecision: row.current_decision,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    decidedCents: row.decided_cents,
    forwardedCents: row.forwarded_cents,
    paidCents: row.paid_cents,
    remainingCents: row.decided_cents - row.paid_cents,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

/** The grant as answered: summary, terms in force, amounts in force, every decision with its amounts. */
export async function loadGrant(trx: Trx, id: string): Promise<Grant> {
  const row = await findGrant(trx, id);
  if (!row) throw new AppError('not_found', NOT_FOUND);
  const [amounts, decisions, decisionAmounts] = await Promise.all([
    amountsOf(trx, row.municipality_id, row.id),
    decisionsOf(trx, row.municipality_id, row.id),
    decisionAmountsOf(trx, row.municipality_id, row.id),
  ]);
  return {
    ...presentGrantSummary(row),
    financingType: row.financing_type,
    fundingRateBp: row.funding_rate_bp,
    conditions: row.conditions,
    amounts: amounts.map((a) => ({
      strand: a.strand,
      budgetYear: a.budget_year,
      decidedCents: a.decided_cents,
      forwardedCents: a.forwarded_cents,
      paidCents: a.paid_cents,
      remainingCents: a.decided_cents - a.paid_cents,
    })),
    decisions: decisions.map((d) => {
      const own = decisionAmounts.filter((a) => a.seq === d.seq);
      return {
        seq: d.seq,
        kind: d.kind,
        periodFrom: d.period_from,
        periodTo: d.period_to,
        financingType: d.financing_type,
        fundingRateBp: d.funding_rate_bp,
        conditions: d.conditions,
        specialConditions: d.special_conditions,
        reason: d.reason,
        decidedBy: d.decided_by,
        decidedByName: d.decided_by_name,
        decidedAt: d.decided_at.toISOString(),
        amounts: own.map((a) => ({
          strand: a.strand,
          budgetYear: a.budget_year,
          amountCents: a.amount_cents,
          eligibleCents: a.eligible_cents,
          unitCents: a.unit_cents,
          unitCount: a.unit_count === null ? null : a.unit_count.replace(/\.?0+$/, '') || '0',
        })),
        totalCents: sumCents(own.map((a) => a.amount_cents)),
        documentSha256: d.document_sha256 ? d.document_sha256.toString('hex') : null,
      };
    }),
  };
}

/** The decider as the decision names it: the officer and the authority's name. */
async function deciderOf(trx: Trx, who: Actor): Promise<Decider> {
  const organisation = await trx
    .selectFrom('organisation')
    .select('name')
    .where('id', '=', who.organisationId)
    .executeTakeFirst();
  return { userId: who.userId, authorityName: organisation?.name ?? 'Bewilligungsbehörde' };
}

/**
 * Runs `work` on a grant in its municipality's transaction after the checks: a grant the actor may not see is
 * 404, an action it may not take 403 (both audited).
 */
async function onGrant<T>(
  ctx: FundingContext,
  actor: Actor | null,
  id: string,
  action: 'read' | 'update',
  meta: RequestMeta,
  work: (trx: Trx, row: GrantViewRow, who: Actor) => Promise<T>,
): Promise<T> {
  const who = signedIn(actor);
  let municipalityId = who.activeMunicipalityId;
  if (reachesAllMunicipalities(who, 'read', 'grant')) {
    const found = await inFunding(ctx, who, { action: 'read', resource: 'grant', municipalityId: null }, (trx) =>
      municipalityOfGrant(trx, id),
    );
    if (!found) throw new AppError('not_found', NOT_FOUND);
    municipalityId = found;
  }
  const audit = { resourceType: RESOURCE, resourceId: id, meta };
  return inFunding(ctx, who, { action, resource: 'grant', municipalityId }, async (trx) => {
    const row = await findGrant(trx, id, { lock: action !== 'read' });
    if (!row) throw new AppError('not_found', NOT_FOUND);
    const target = fundingTarget('grant', row.municipality_id);
    await authorizeFunding(ctx, who, 'read', target, audit, 'not_found');
    if (action !== 'read') await authorizeFunding(ctx, who, action, target, audit);
    return work(trx, row, who);
  });
}

export function createGrantService(options: FundingServiceOptions) {
  const ctx = fundingContext(options);

  return {
    /** The suggested decision for an application: amounts per strand and year from the plan and the rules. */
    async proposal(
      actor: Actor | null,
      applicationId: string,
      query: ProposalQuery,
      meta: RequestMeta,
    ): Promise<DecisionProposal> {
      return onApplication(
        ctx,
        actor,
        applicationId,
        'decide',
        meta,
        async (trx, row) => {
          const { plan, problems } = await assessApplication(trx, row);
          const proposal = proposeDecision(plan, {
            financingType: query.financingType,
            fundingRateBp: query.fundingRateBp ?? defaultFundingRateBp(plan),
          });
          return {
            periodFrom: row.period_from,
            periodTo: row.period_to,
            financingType: proposal.financingType,
            financingTypes: plan.definition.financingTypes,
            fundingRateBp: proposal.fundingRateBp,
            conditions: plan.definition.conditions.decision,
            amounts: proposal.amounts,
            totalCents: proposal.totalCents,
            problems,
          };
        },
        { lock: false },
      );
    },

    async decide(
      actor: Actor | null,
      applicationId: string,
      version: number,
      input: Decide,
      meta: RequestMeta,
    ): Promise<Grant> {
      return onApplication(ctx, actor, applicationId, 'decide', meta, async (trx, row, who) => {
        assertVersion(row, version, 'application');
        const grantId = await decideApplicationRecord(trx, row, await deciderOf(trx, who), input, ctx.now());
        // An FB5 proposal became this application (innovation fund): it is decided with it.
        if (row.kind === 'innovation') await markProposalDecided(trx, row.municipality_id, row.id);
        const grant = await loadGrant(trx, grantId);
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'decide',
          resourceType: 'funding_application',
          resourceId: row.id,
          changedFields: ['application.status'],
          details: { from: row.status, to: 'decided', reference: row.reference, grantId },
          meta,
        });
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'create',
          resourceType: RESOURCE,
          resourceId: grantId,
          changedFields: ['grant.decision', 'grant.amounts'],
          details: { reference: grant.reference, seq: 1, decidedCents: grant.decidedCents },
          meta,
        });
        return grant;
      });
    },

    async amend(actor: Actor | null, grantId: string, version: number, input: Amend, meta: RequestMeta) {
      return onGrant(ctx, actor, grantId, 'update', meta, async (trx, row, who) => {
        assertVersion(row, version, 'grant');
        const seq = await amendGrantRecord(trx, row, await deciderOf(trx, who), input, ctx.now());
        const grant = await loadGrant(trx, grantId);
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'amend',
          resourceType: RESOURCE,
          resourceId: grantId,
          changedFields: ['grant.decision', 'grant.amounts'],
          details: { reference: row.reference, seq, decidedCents: grant.decidedCents, before: row.decided_cents },
          meta,
        });
        return grant;
      });
    },

    async get(actor: Actor | null, grantId: string, meta: RequestMeta): Promise<Grant> {
      return onGrant(ctx, actor, grantId, 'read', meta, (trx) => loadGrant(trx, grantId));
    },

    /** A decision's PDF as sent; without `seq` the decision in force. */
    async document(
      actor: Actor | null,
      grantId: string,
      seq: number | undefined,
      meta: RequestMeta,
    ): Promise<{ seq: number; pdf: Buffer }> {
      return onGrant(ctx, actor, grantId, 'read', meta, async (trx, row) => {
        const wanted = seq ?? row.current_decision;
        const found = await documentOf(trx, row.municipality_id, row.id, wanted);
        if (!found?.document) throw new AppError('not_found', 'No such decision document.');
        return { seq: wanted, pdf: found.document };
      });
    },

    async list(actor: Actor | null, query: ListGrantsQuery): Promise<GrantPage> {
      const who = signedIn(actor);
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const rows = await inFunding(ctx, who, { action: 'read', resource: 'grant' }, (trx) =>
        searchGrants(trx, {
          programmeId: query.programmeId,
          municipalityId: query.municipalityId,
          status: query.status,
          sort: order.field,
          direction: order.direction,
          after: position ? { value: String(position.value), id: position.id } : undefined,
          limit: query.limit,
        }),
      );
      return toPage(
        rows,
        query.limit,
        query.sort,
        (row) => ({ value: row.sort_value, id: row.id }),
        presentGrantSummary,
      );
    },
  };
}

export type GrantService = ReturnType<typeof createGrantService>;
