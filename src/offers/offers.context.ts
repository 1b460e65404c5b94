// What the services of the offers area share: database, clock, the read-audit batcher and the enrolment hook;
// audit entries of the area (offers and contacts are not personal data; enrolments are, and name the person);
// a refusal with its audit entry; the mapping of the database's capacity backstop to 409.
import type { Kysely } from 'kysely';
import { authorize, type Action, type Actor, type Target } from '../access/access.rules.ts';
import { createAuditBatcher, type AuditBatcher } from '../audit/audit-batcher.ts';
import { appendAudit, auditActorOf, type AuditEntry } from '../audit/audit.service.ts';
import type { AuditDetails } from '../audit/audit.rules.ts';
import { localDate } from '../cases/case.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import type { RuleProblem } from '../participants/participant.rules.ts';
import type { OnEnrolmentChanged } from './enrolment.port.ts';

export type { RequestMeta };

export interface OfferServiceOptions {
  db: Kysely<Database>;
  /** The clock ("today" for referral and attendance dates); tests pass a fake one. */
  now?: () => Date;
  /** Where the audit entries of reads go (the app shares one); by default a batcher of this service's own. */
  readAudit?: AuditBatcher;
  /** Called inside the transaction after every enrolment write (the measure-career detector). */
  onEnrolmentChanged?: OnEnrolmentChanged;
}

export interface OfferContext {
  db: Kysely<Database>;
  now: () => Date;
  readAudit: AuditBatcher;
  onEnrolmentChanged: OnEnrolmentChanged;
}

export function offerContext(options: OfferServiceOptions): OfferContext {
  return {
    db: options.db,
    now: options.now ?? (() => new Date()),
    readAudit: options.readAudit ?? createAuditBatcher({ db: options.db }),
    onEnrolmentChanged: options.onEnrolmentChanged ?? (async () => undefined),
  };
}

/** The target of keeping a provider's offers and contacts: organisation = the provider. */
export function offerTarget(municipalityId: string, providerId: string): Target {
  return { resource: 'offer', municipalityId, organisationId: providerId };
}

export function mayEdit(actor: Actor, municipalityId: string, providerId: string): boolean {
  return authorize(actor, 'update', offerTarget(municipalityId, providerId)).allowed;
}

export function today(ctx: OfferContext): string {
  return localDate(ctx.now());
}

export type AuditedResource = 'offer' | 'provider_contact' | 'enrolment';

export interface OfferAuditInput {
  action: string;
  resourceType: AuditedResource;
  resourceId: string | null;
  /** The person an enrolment entry is about; null for the catalogue and for reads of many. */
  participantId?: string | null;
  outcome?: 'success' | 'denied';
  changedFields?: readonly string[];
  details?: AuditDetails;
  meta: RequestMeta;
}

function entryOf(actor: Actor, input: OfferAuditInput): AuditEntry {
  return {
    municipalityId: actor.activeMunicipalityId,
    actor: auditActorOf(actor),
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    participantId: input.participantId ?? null,
    changedFields: input.changedFields ?? [],
    outcome: input.outcome ?? 'success',
    request: input.meta,
    details: input.details ?? {},
  };
}

/** The entry of a write, in its own transaction; call it last there. */
export async function auditWrite(trx: Kysely<Database>, actor: Actor, input: OfferAuditInput): Promise<void> {
  await appendAudit(trx, entryOf(actor, input));
}

/** The entry of a read of enrolment data, committed (batched) before the caller may answer with the data. */
export async function auditRead(ctx: OfferContext, actor: Actor, input: OfferAuditInput): Promise<void> {
  await ctx.readAudit.append(entryOf(actor, input));
}

/**
 * Refuses with its audit entry (in its own transaction: the request's is rolled back by the refusal). `as`
 * not_found for a record the actor may not even see (an id reveals nothing), forbidden otherwise.
 */
export async function refuse(
  ctx: OfferContext,
  actor: Actor,
  action: Action,
  target: { resourceType: AuditedResource; resourceId: string | null; participantId?: string | null },
  reason: string,
  meta: RequestMeta,
  as: 'not_found' | 'forbidden' = 'forbidden',
): Promise<never> {
  await withTenant(ctx.db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, (trx) =>
    appendAudit(trx, entryOf(actor, { ...target, action, outcome: 'denied', details: { reason }, meta })),
  );
  throw as === 'not_found'
    ? new AppError('not_found', `No such ${target.resourceType.replace('_', ' ')}.`)
    : new AppError('forbidden', 'You may not do this.');
}

export function bodyErrors(problems: readonly RuleProblem[]): FieldError[] {
  return problems.map((problem) => ({
    in: 'body',
    field: problem.field,
    code: problem.code,
    message: problem.message,
  }));
}

export function assertNoProblems(problems: readonly RuleProblem[], message: string): void {
  if (problems.length > 0) throw new AppError('validation_failed', message, { fieldErrors: bodyErrors(problems) });
}

/** The names of the fields a request sets, for the audit log (never their values). */
export function changedFieldsOf(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}
