// Applications for funding: a municipality's managing office drafts one under the programme's current version,
// checks and submits it (a reference at the first submission) or withdraws it; the approving authority lists the
// submitted ones, opens one for review, comments, returns it for correction or rejects it, each with its reason.
// Every state change is audited in the municipality's chain; changes need If-Match; the plan's lines are
// application-plan.service.ts, the decision grant.service.ts.
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import { onApplication, sideOf, type Need } from './application.access.ts';
import { presentApplication, presentSummary } from './application.presenter.ts';
import {
  assessApplication,
  insertApplicationDraft,
  OPEN_PLAN,
  periodErrors,
  invalid,
  submitApplicationRecord,
} from './application-records.ts';
import {
  commentsOf,
  findApplication,
  insertComment,
  searchApplications,
  updateApplicationRow,
  type ApplicationViewRow,
} from './application.repository.ts';
import { planTotals } from './application.rules.ts';
import type {
  Application,
  ApplicationCheck,
  ApplicationPage,
  CreateApplication,
  CreateComment,
  ListApplicationsQuery,
  Reason,
  UpdateApplication,
} from './application.schema.ts';
import {
  assertVersion,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  inFunding,
  signedIn,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import type { ApplicationStatus } from './funding.codes.ts';

const RESOURCE = 'funding_application';

/** The application as answered: header, plan with its sums, comments. */
export async function loadApplication(trx: Trx, id: string): Promise<Application> {
  const row = await findApplication(trx, id);
  if (!row) throw new AppError('not_found', 'No such application.');
  const { plan, lines } = await assessApplication(trx, row);
  return presentApplication(row, lines, plan, await commentsOf(trx, row.municipality_id, row.id));
}

function changedFieldsOf(input: object): string[] {
  return Object.keys(input).map((key) => `application.${key}`);
}

export function createApplicationService(options: FundingServiceOptions) {
  const ctx = fundingContext(options);

  /** A status change of the authority or the applicant, from the statuses allowed, with an optional reason. */
  async function transition(
    actor: Actor | null,
    id: string,
    version: number,
    step: { need: Need; action: string; from: readonly ApplicationStatus[]; to: ApplicationStatus; reason?: string },
    meta: RequestMeta,
  ): Promise<Application> {
    return onApplication(ctx, actor, id, step.need, meta, async (trx, row, who) => {
      assertVersion(row, version, 'application');
      if (!step.from.includes(row.status)) {
        throw new AppError('conflict', `An application that is ${row.status} cannot be ${step.to} now.`);
      }
      await updateApplicationRow(trx, row.municipality_id, row.id, { status: step.to });
      if (step.reason !== undefined) {
        await insertComment(trx, {
          municipality_id: row.municipality_id,
          application_id: row.id,
          author_id: who.userId,
          side: sideOf(who),
          kind: step.to,
          body: step.reason,
          subject: null,
        });
      }
      await auditFunding(trx, who, {
        municipalityId: row.municipality_id,
        action: step.action,
        resourceType: RESOURCE,
        resourceId: row.id,
        changedFields: ['application.status', ...(step.reason === undefined ? [] : ['application.comment'])],
        details: { from: row.status, to: step.to, reference: row.reference },
        meta,
      });
      return loadApplication(trx, row.id);
    });
  }

  return {
    async create(actor: Actor | null, input: CreateApplication, meta: RequestMeta): Promise<Application> {
      const who = signedIn(actor);
      const municipalityId = who.activeMunicipalityId;
      const target = fundingTarget('application', municipalityId);
      await authorizeFunding(ctx, who, 'create', target, { resourceType: RESOURCE, resourceId: null, meta });
      if (municipalityId === null) throw new AppError('forbidden', 'Choose the municipality you apply for.');
      return inFunding(ctx, who, { action: 'create', resource: 'application', municipalityId }, async (trx) => {
        const id = await insertApplicationDraft(trx, {
          municipalityId,
          applicantId: municipalityId,
          kind: 'grant',
          createdBy: who.userId,
          header: input,
        });
        await auditFunding(trx, who, {
          municipalityId,
          action: 'create',
          resourceType: RESOURCE,
          resourceId: id,
          changedFields: changedFieldsOf(input),
          details: { programmeId: input.programmeId },
          meta,
        });
        return loadApplication(trx, id);
      });
    },

    async update(
      actor: Actor | null,
      id: string,
      version: number,
      input: UpdateApplication,
      meta: RequestMeta,
    ): Promise<Application> {
      return onApplication(ctx, actor, id, 'applicant', meta, async (trx, row, who) => {
        assertVersion(row, version, 'application');
        if (!OPEN_PLAN.includes(row.status)) {
          throw new AppError('conflict', `An application that is ${row.status} cannot be changed.`);
        }
        const errors = periodErrors(input.periodFrom ?? row.period_from, input.periodTo ?? row.period_to);
        if (errors.length > 0) throw invalid(errors);
        await updateApplicationRow(trx, row.municipality_id, row.id, {
          ...(input.title === undefined ? {} : { title: input.title }),
          ...(input.periodFrom === undefined ? {} : { period_from: input.periodFrom }),
          ...(input.periodTo === undefined ? {} : { period_to: input.periodTo }),
          ...(input.ownContributionRateBp === undefined
            ? {}
            : { own_contribution_rate_bp: input.ownContributionRateBp }),
          ...(input.ownContributionReason === undefined
            ? {}
            : { own_contribution_reason: input.ownContributionReason }),
          ...(input.summary === undefined ? {} : { summary: input.summary }),
        });
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'update',
          resourceType: RESOURCE,
          resourceId: row.id,
          changedFields: changedFieldsOf(input),
          meta,
        });
        return loadApplication(trx, row.id);
      });
    },

    async get(actor: Actor | null, id: string, meta: RequestMeta): Promise<Application> {
      return onApplication(ctx, actor, id, 'read', meta, (trx, row) => loadApplication(trx, row.id));
    },

    async check(actor: Actor | null, id: string, meta: RequestMeta): Promise<ApplicationCheck> {
      return onApplication(ctx, actor, id, 'read', meta, async (trx, row) => {
        const { plan, problems } = await assessApplication(trx, row);
        return { problems, totals: planTotals(plan) };
      });
    },

    async list(actor: Actor | null, query: ListApplicationsQuery): Promise<ApplicationPage> {
      const who = signedIn(actor);
      const authority = sideOf(who) === 'authority';
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const rows = await inFunding(ctx, who, { action: 'read', resource: 'application' }, (trx) =>
        searchApplications(trx, {
          programmeId: query.programmeId,
          status: query.status,
          municipalityId: query.municipalityId,
          kind: query.kind,
          submittedOnly: authority,
          sort: order.field,
          direction: order.direction,
          after: position ? { value: String(position.value), id: position.id } : undefined,
          limit: query.limit,
        }),
      );
      return toPage(rows, query.limit, query.sort, (row) => ({ value: row.sort_value, id: row.id }), presentSummary);
    },

    async submit(actor: Actor | null, id: string, version: number, meta: RequestMeta): Promise<Application> {
      return onApplication(ctx, actor, id, 'applicant', meta, async (trx, row, who) => {
        assertVersion(row, version, 'application');
        const reference = await submitApplicationRecord(trx, row, who.userId, ctx.now());
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'submit',
          resourceType: RESOURCE,
          resourceId: row.id,
          changedFields: ['application.status', ...(row.reference === null ? ['application.reference'] : [])],
          details: { from: row.status, to: 'submitted', reference },
          meta,
        });
        return loadApplication(trx, row.id);
      });
    },

    withdraw(actor: Actor | null, id: string, version: number, meta: RequestMeta) {
      // A draft never submitted stays a draft (nothing is deleted); the authority never saw it.
      const from = ['submitted', 'in_review', 'returned'] as const;
      return transition(actor, id, version, { need: 'applicant', action: 'withdraw', from, to: 'withdrawn' }, meta);
    },

    review(actor: Actor | null, id: string, version: number, meta: RequestMeta) {
      const step = { need: 'authority', action: 'review', from: ['submitted'], to: 'in_review' } as const;
      return transition(actor, id, version, step, meta);
    },

    returnForCorrection(actor: Actor | null, id: string, version: number, input: Reason, meta: RequestMeta) {
      const from = ['submitted', 'in_review'] as const;
      const step = { need: 'authority', action: 'return', from, to: 'returned', reason: input.reason } as const;
      return transition(actor, id, version, step, meta);
    },

    reject(actor: Actor | null, id: string, version: number, input: Reason, meta: RequestMeta) {
      const from = ['submitted', 'in_review'] as const;
      const step = { need: 'authority', action: 'reject', from, to: 'rejected', reason: input.reason } as const;
      return transition(actor, id, version, step, meta);
    },

    /** Both sides comment, on the whole or on a part (subject); comments are never changed or removed. */
    async comment(actor: Actor | null, id: string, input: CreateComment, meta: RequestMeta): Promise<Application> {
      return onApplication(ctx, actor, id, 'read', meta, async (trx, row: ApplicationViewRow, who) => {
        await authorizeFunding(ctx, who, 'update', fundingTarget('application', row.municipality_id), {
          resourceType: RESOURCE,
          resourceId: row.id,
          meta,
        });
        await insertComment(trx, {
          municipality_id: row.municipality_id,
          application_id: row.id,
          author_id: who.userId,
          side: sideOf(who),
          kind: 'comment',
          body: input.body,
          subject: input.subject ?? null,
        });
        await auditFunding(trx, who, {
          municipalityId: row.municipality_id,
          action: 'comment',
          resourceType: RESOURCE,
          resourceId: row.id,
          changedFields: ['application.comment'],
          details: { subject: input.subject ?? null },
          meta,
        });
        return loadApplication(trx, row.id);
      });
    },
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
