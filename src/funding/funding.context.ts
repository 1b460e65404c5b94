// What every service of the funding administration shares: database and clock; the transaction a use case runs
// in (the municipality of the record, and for the approving authority every municipality); audit entries in the
// chain of the municipality a record belongs to; refusals with their audit entry; the database's money limits
// mapped to 409 with the rule they keep.
import type { Kysely, Transaction } from 'kysely';
import { authorize, mayAtScope, type Action, type Actor, type Resource, type Target } from '../access/access.rules.ts';
import { appendAudit, auditActorOf } from '../audit/audit.service.ts';
import type { AuditDetails } from '../audit/audit.rules.ts';
import { localDate } from '../cases/case.rules.ts';
import type { Database } from '../database.ts';
import { isCheckViolation } from '../platform/db/constraint-errors.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';

export type { RequestMeta };
export type Trx = Transaction<Database>;

export interface FundingServiceOptions {
  db: Kysely<Database>;
  /** The clock ("today" for the two-month rule, decision dates, deadlines); tests pass a fake one. */
  now?: () => Date;
}

export interface FundingContext {
  db: Kysely<Database>;
  now: () => Date;
}

export function fundingContext(options: FundingServiceOptions): FundingContext {
  return { db: options.db, now: options.now ?? (() => new Date()) };
}

/** Today in Germany (Europe/Berlin), as an ISO date. */
export function today(ctx: FundingContext): string {
  return localDate(ctx.now());
}

export function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
  return actor;
}

/** Whether one of the actor's roles holds `action` on `resource` for every municipality (the authority, ministry). */
export function reachesAllMunicipalities(actor: Pick<Actor, 'roles'>, action: Action, resource: Resource): boolean {
  return mayAtScope(actor, action, resource, 'all');
}

/**
 * Finds a record (by `lookup`) where the actor can see it, before the use case opens its transaction in the
 * record's municipality — a record id alone does not say which one: in every municipality for the approving
 * authority; in each municipality a provider serves for a provider's staff (their own contracts and proofs with
 * each); in the active municipality otherwise. Undefined when it is nowhere the actor can see (the caller: 404).
 */
export async function findWhereVisible<T>(
  ctx: FundingContext,
  actor: Actor,
  access: { action: Action; resource: Resource },
  lookup: (trx: Trx) => Promise<T | undefined>,
): Promise<T | undefined> {
  if (reachesAllMunicipalities(actor, access.action, access.resource)) {
    return withTenant(ctx.db, { municipalityId: null, userId: actor.userId, allTenants: true }, lookup);
  }
  const candidates = mayAtScope(actor, access.action, access.resource, 'organisation')
    ? [...new Set([actor.activeMunicipalityId, ...actor.municipalityIds])]
    : [actor.activeMunicipalityId];
  for (const municipalityId of candidates) {
    if (!municipalityId) continue;
    const found = await withTenant(ctx.db, { municipalityId, userId: actor.userId }, lookup);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function fundingTarget(
  resource: Resource,
  municipalityId: string | null,
  organisationId?: string | null,
): Target {
  return { resource, municipalityId, organisationId: organisationId ?? null };
}

/**
 * Runs a use case in one transaction. `municipalityId` is the municipality of the record worked on (its audit
 * chain; row-level security of its tables), by default the actor's active one. An actor whose permission for
 * `resource` reaches every municipality also sees the funding records of all of them (the across_tenants policy),
 * e.g. the authority's list of submitted applications.
 */
export function inFunding<T>(
  ctx: FundingContext,
  actor: Actor,
  access: { action: Action; resource: Resource; municipalityId?: string | null },
  work: (trx: Trx) => Promise<T>,
): Promise<T> {
  const allTenants = reachesAllMunicipalities(actor, access.action, access.resource);
  const municipalityId = access.municipalityId === undefined ? actor.activeMunicipalityId : access.municipalityId;
  return withTenant(ctx.db, { municipalityId, userId: actor.userId, allTenants }, work);
}

/** Authorises, or refuses with the audit entry of the denial (403; 404 for a record the actor may not see). */
export async function authorizeFunding(
  ctx: FundingContext,
  actor: Actor,
  action: Action,
  target: Target,
  audit: { resourceType: string; resourceId: string | null; meta: RequestMeta },
  as: 'not_found' | 'forbidden' = 'forbidden',
): Promise<void> {
  const decision = authorize(actor, action, target);
  if (decision.allowed) return;
  await auditDenial(ctx, actor, action, target.municipalityId ?? null, { ...audit, reason: decision.reason });
  throw as === 'not_found'
    ? new AppError('not_found', `No such ${audit.resourceType.replaceAll('_', ' ')}.`)
    : new AppError('forbidden', 'You may not do this.');
}

/**
 * The audit entry of a refusal, in its own transaction (the refused use case's transaction rolls back): also for
 * record-level rules beyond the permission table, e.g. the four-eyes rule of payment approvals.
 */
export async function auditDenial(
  ctx: FundingContext,
  actor: Actor,
  action: string,
  municipalityId: string | null,
  audit: { resourceType: string; resourceId: string | null; meta: RequestMeta; reason: string },
): Promise<void> {
  // A municipality id from the request may name nothing (or another kind of organisation): the denial then goes to
  // the shared chain with the id in its details, instead of failing on the audit log's foreign key (a 500).
  const known =
    municipalityId !== null &&
    (await ctx.db
      .selectFrom('organisation')
      .select('id')
      .where('id', '=', municipalityId)
      .where('kind', '=', 'municipality')
      .executeTakeFirst()) !== undefined;
  const chain = known ? municipalityId : null;
  await withTenant(ctx.db, { municipalityId: chain, userId: actor.userId }, (trx) =>
    appendAudit(trx, {
      municipalityId: chain,
      actor: auditActorOf(actor),
      action,
      resourceType: audit.resourceType,
      resourceId: audit.resourceId,
      participantId: null,
      changedFields: [],
      outcome: 'denied',
      request: audit.meta,
      details: known || municipalityId === null ? { reason: audit.reason } : { reason: audit.reason, municipalityId },
    }),
  );
}

export interface FundingAuditInput {
  /** The municipality the record belongs to (its chain); null for shared records (programmes, state budgets). */
  municipalityId: string | null;
  /** e.g. 'create', 'submit', 'return', 'decide', 'approve', 'book' */
  action: string;
  resourceType: string;
  resourceId: string | null;
  /** Names of the fields written (never values). */
  changedFields?: readonly string[];
  /** Amounts, statuses and references may be recorded: funding records hold no personal data. */
  details?: AuditDetails;
  meta: RequestMeta;
}

/** The audit entry of a state change, in the transaction of the change (which must act in that municipality). */
export async function auditFunding(trx: Kysely<Database>, actor: Actor, input: FundingAuditInput): Promise<void> {
  await appendAudit(trx, {
    municipalityId: input.municipalityId,
    actor: auditActorOf(actor),
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    participantId: null,
    changedFields: input.changedFields ?? [],
    outcome: 'success',
    request: input.meta,
    details: input.details ?? {},
  });
}

export function assertVersion(row: { version: number }, expectedVersion: number, what: string): void {
  if (row.version !== expectedVersion) {
    throw new AppError('precondition_failed', `The ${what} was changed by someone else; reload it.`);
  }
}

/** A rule problem of a financing plan, payment request or statement: one field error each. */
export interface FundingProblem {
  field: string;
  code: string;
  message: string;
}

export function problemsError(problems: readonly FundingProblem[], message: string): AppError {
  const fieldErrors: FieldError[] = problems.map((p) => ({
    in: 'body',
    field: p.field,
    code: p.code,
    message: p.message,
  }));
  return new AppError('validation_failed', message, { fieldErrors });
}

/** The database's money limits (migration 20261130_0016_funding.ts) and what a refusal by each means. */
const limitMessages: Record<string, string> = {
  programme_budget_not_over_allocated: 'This would allocate more than the state budget of the strand and year.',
  programme_strand_cap_holds: 'This would commit more than the strand may spend over the whole programme.',
  budget_allocation_not_over_committed: "This would commit more than the municipality's budget of the strand and year.",
  grant_amount_has_budget: 'There is no budget for this strand and year to commit the amount against.',
  grant_amount_paid_within_decided: 'This would pay more than the decided amount of the strand and year.',
  grant_amount_forwarded_within_decided: 'This would forward more than the decided amount of the strand and year.',
  payment_request_four_eyes: 'Two different people must approve, and neither may be the requester.',
  recovery_claim_not_over_repaid: 'This would book back more than the recovery claim asks for.',
  repayment_matches_claim: 'A repayment settles an issued claim of its own grant, strand and year.',
  forwarding_amount_has_decided: 'The grant has no decided amount for this strand and year to forward from.',
};

/** The constraint a refused write ran into, if it is one of the money limits. */
export function limitOf(error: unknown): string | null {
  return Object.keys(limitMessages).find((constraint) => isCheckViolation(error, constraint)) ?? null;
}

/** Runs a write; a money limit of the database refusing it becomes 409 naming the limit (never a 500). */
export async function withinLimits<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const limit = limitOf(error);
    if (limit) throw new AppError('conflict', limitMessages[limit] ?? limit, { extensions: { limit } });
    throw error;
  }
}
