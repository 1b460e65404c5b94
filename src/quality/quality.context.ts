// What the quality services share: database, clock, the feedback threshold; the actor's tenant; the access
// target of quality data (the provider the figures or the dialogue are about); audit entries of writes and of
// refused reads.
import type { Kysely } from 'kysely';
import { authorize, type Action, type Actor, type Target } from '../access/access.rules.ts';
import { appendAudit, auditActorOf } from '../audit/audit.service.ts';
import type { AuditDetails } from '../audit/audit.rules.ts';
import { actingIn, fieldsOf, type Trx } from '../cases/case.context.ts';
import type { Database } from '../database.ts';
import { localDay } from '../participants/participants.context.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import { DEFAULT_FEEDBACK_THRESHOLD } from './indicator.rules.ts';

export type { RequestMeta, Trx };
export { actingIn, fieldsOf };

export interface QualityServiceOptions {
  db: Kysely<Database>;
  /** The clock (today's date for overdue actions and transitions); tests pass a fake one. */
  now?: () => Date;
  /** Feedback is summarised from at least this many responses (3–20; default 3). */
  feedbackThreshold?: number;
}

export interface QualityContext {
  db: Kysely<Database>;
  now: () => Date;
  feedbackThreshold: number;
}

export function qualityContext(options: QualityServiceOptions): QualityContext {
  const threshold = options.feedbackThreshold ?? DEFAULT_FEEDBACK_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 3 || threshold > 20) {
    throw new Error('The feedback threshold must be a whole number from 3 to 20.');
  }
  return { db: options.db, now: options.now ?? (() => new Date()), feedbackThreshold: threshold };
}

export function today(ctx: QualityContext): string {
  return localDay(ctx.now());
}

/** One transaction in the actor's tenant. */
export function withActor<T>(ctx: QualityContext, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return withTenant(ctx.db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, work);
}

/** Quality data about a provider (its figures, its dialogues): providers reach their own, the office all. */
export function qualityTarget(municipalityId: string, providerId: string | null): Target {
  return { resource: 'quality', municipalityId, organisationId: providerId };
}

/**
 * How far the actor reaches quality data in the municipality: every provider, only their own organisation
 * (provider staff), or nothing (403).
 */
export function qualityReach(actor: Actor, municipalityId: string, action: Action): { providerId: string | null } {
  if (authorize(actor, action, qualityTarget(municipalityId, null)).allowed) return { providerId: null };
  if (authorize(actor, action, qualityTarget(municipalityId, actor.organisationId)).allowed) {
    return { providerId: actor.organisationId };
  }
  throw new AppError('forbidden', 'You may not see the quality review of this municipality.');
}

export interface QualityAuditInput {
  action: string;
  resourceType: 'quality_dialogue' | 'quality_action' | 'feedback_invitation' | 'gap_analysis' | 'quality_indicators';
  resourceId: string | null;
  participantId?: string | null;
  changedFields?: readonly string[];
  outcome?: 'success' | 'denied';
  details?: AuditDetails;
  meta?: RequestMeta | undefined;
}

export async function auditQuality(
  trx: Kysely<Database>,
  municipalityId: string,
  actor: Actor | null,
  input: QualityAuditInput,
): Promise<void> {
  await appendAudit(trx, {
    municipalityId,
    actor: actor ? auditActorOf(actor) : null,
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    participantId: input.participantId ?? null,
    changedFields: input.changedFields ?? [],
    outcome: input.outcome ?? 'success',
    request: input.meta,
    details: input.details ?? {},
  });
}

/** Records a refusal in its own transaction (the request's transaction is rolled back by it). */
export async function auditRefusal(
  ctx: QualityContext,
  actor: Actor,
  municipalityId: string,
  input: Omit<QualityAuditInput, 'outcome'> & { reason: string },
): Promise<void> {
  const { reason, ...rest } = input;
  await withActor(ctx, actor, (trx) =>
    auditQuality(trx, municipalityId, actor, { ...rest, outcome: 'denied', details: { ...rest.details, reason } }),
  );
}
