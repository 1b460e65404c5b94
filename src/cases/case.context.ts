// What the case services share: database, clock and the participant facts they need; loading one case with
// its access check (a case the actor may not see is "not found", and the denial is audited); the write
// preconditions (participant neither blocked nor merged, case state, current version); audit entries.
import type { Kysely, Transaction } from 'kysely';
import { authorize, type Action, type Actor } from '../access/access.rules.ts';
import { createAuditBatcher, type AuditBatcher } from '../audit/audit-batcher.ts';
import { appendAudit, auditActorOf, type AuditEntry } from '../audit/audit.service.ts';
import type { AuditDetails } from '../audit/audit.rules.ts';
import type { Database } from '../database.ts';
import { assertWritable } from '../participants/participant.service.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import { findCase, lockCase, type CaseRecord, type ParticipantFactsRow } from './case.repository.ts';
import { caseTarget, caseWriteProblem, localDate, type CasePart } from './case.rules.ts';

export type { RequestMeta };
export type Trx = Transaction<Database>;

export interface CaseServiceOptions {
  db: Kysely<Database>;
  /** The clock (today's date for due dates and eligibility); tests pass a fake one. */
  now?: () => Date;
  /** Where the audit entries of reads go (the app shares one); by default a batcher of this service's own. */
  readAudit?: AuditBatcher;
}

export interface CaseContext {
  db: Kysely<Database>;
  now: () => Date;
  readAudit: AuditBatcher;
}

export function caseContext(options: CaseServiceOptions): CaseContext {
  return {
    db: options.db,
    now: options.now ?? (() => new Date()),
    readAudit: options.readAudit ?? createAuditBatcher({ db: options.db }),
  };
}

export function today(ctx: CaseContext): string {
  return localDate(ctx.now());
}

/** The signed-in actor and the municipality (tenant) the request acts in. */
export function actingIn(actor: Actor | null): { actor: Actor; municipalityId: string } {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
  const municipalityId = actor.activeMunicipalityId;
  if (municipalityId === null) throw new AppError('forbidden', 'Choose the municipality you work for first.');
  return { actor, municipalityId };
}

export function inTenant<T>(ctx: CaseContext, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return withTenant(ctx.db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, work);
}

export interface CaseAuditInput {
  action: string;
  /** 'participant' for views that show the participant's own data too (the timeline). */
  resourceType?: 'case' | 'participant';
  caseId: string | null;
  participantId: string | null;
  outcome?: 'success' | 'denied';
  changedFields?: readonly string[];
  details?: AuditDetails;
  meta?: RequestMeta | undefined;
}

/**
 * An entry in the municipality's chain about case data; call it last in the transaction. `actor` null is the
 * system (the nightly eligibility check).
 */
export async function auditCase(
  trx: Kysely<Database>,
  municipalityId: string | null,
  actor: Actor | null,
  input: CaseAuditInput,
): Promise<void> {
  await appendAudit(trx, caseEntry(municipalityId, actor, input));
}

function caseEntry(municipalityId: string | null, actor: Actor | null, input: CaseAuditInput): AuditEntry {
  return {
    municipalityId,
    actor: actor ? auditActorOf(actor) : null,
    action: input.action,
    resourceType: input.resourceType ?? 'case',
    resourceId: input.caseId ?? (input.resourceType === 'participant' ? input.participantId : null),
    participantId: input.participantId,
    changedFields: input.changedFields ?? [],
    outcome: input.outcome ?? 'success',
    request: input.meta,
    details: input.details ?? {},
  };
}

/**
 * A read of case data: `work` reads in the tenant's transaction and names its audit entry; the entry is appended
 * after that transaction through the read-audit batcher (audit/audit-batcher.ts), and the result is returned only
 * once the entry is committed — a failed append fails the request (503) and nothing is sent.
 */
export async function readAudited<T>(
  ctx: CaseContext,
  actor: Actor,
  municipalityId: string,
  work: (trx: Trx) => Promise<{ result: T; audit: CaseAuditInput }>,
): Promise<T> {
  const read = await inTenant(ctx, actor, work);
  await ctx.readAudit.append(caseEntry(municipalityId, actor, read.audit));
  return read.result;
}

/** Records a denial in its own transaction (the request's transaction is rolled back by the refusal). */
export async function auditDenial(
  ctx: CaseContext,
  actor: Actor,
  action: Action,
  ids: { caseId: string | null; participantId: string | null },
  reason: string,
  meta: RequestMeta,
): Promise<void> {
  await inTenant(ctx, actor, (trx) =>
    auditCase(trx, actor.activeMunicipalityId, actor, {
      action,
      caseId: ids.caseId,
      participantId: ids.participantId,
      outcome: 'denied',
      details: { reason },
      meta,
    }),
  );
}

export function accessFactsOf(record: CaseRecord) {
  return {
    municipalityId: record.row.municipality_id,
    teamId: record.row.team_id,
    assignedUserIds: record.assignedUserIds,
    caseRestricted: record.row.restricted,
    participantRestricted: record.participant.restricted,
  };
}

const NOT_FOUND = 'No such case.';

/**
 * Loads one case the actor may act on. Not in the tenant, or not even readable for the actor → 404 (an id
 * reveals nothing); readable but the action is not allowed → 403. Denials are audited. With `lock` (writes),
 * the participant must be writable (not blocked or merged, else 409) and stays share-locked, then the case row
 * is locked: always in this order, the one the participants area follows when it re-evaluates cases.
 */
export async function loadCase(
  ctx: CaseContext,
  trx: Trx,
  actor: Actor,
  id: string,
  action: Action,
  meta: RequestMeta,
  options: { lock?: boolean } = {},
): Promise<CaseRecord> {
  const found = await findCase(trx, id);
  if (!found) throw new AppError('not_found', NOT_FOUND);
  const check = async (record: CaseRecord) => {
    const target = caseTarget(accessFactsOf(record));
    const ids = { caseId: id, participantId: record.row.participant_id };
    const visible = authorize(actor, 'read', target);
    if (!visible.allowed) {
      await auditDenial(ctx, actor, action, ids, visible.reason, meta);
      throw new AppError('not_found', NOT_FOUND);
    }
    const decision = action === 'read' ? visible : authorize(actor, action, target);
    if (!decision.allowed) {
      await auditDenial(ctx, actor, action, ids, decision.reason, meta);
      throw new AppError('forbidden', 'You may not do this.');
    }
  };
  await check(found);
  if (!options.lock) return found;
  await assertWritable(trx, actor, found.row.participant_id);
  const locked = await lockCase(trx, id);
  if (!locked) throw new AppError('not_found', NOT_FOUND);
  // The assignments may have changed while waiting for the lock.
  await check(locked);
  return locked;
}

/** Refuses processing of a participant that is blocked (Art. 18 GDPR) or was merged into another record. */
export function assertParticipantWritable(
  participant: Pick<ParticipantFactsRow, 'blocked_at' | 'merged_into_id' | 'anonymised_at'>,
) {
  if (participant.merged_into_id !== null) {
    throw new AppError(
      'conflict',
      `This participant was merged into another record (${participant.merged_into_id}); work on that record's cases.`,
    );
  }
  if (participant.blocked_at !== null) {
    throw new AppError(
      'conflict',
      'This participant is blocked (restriction of processing, Art. 18 GDPR): the case is read-only until unblocked.',
    );
  }
  if (participant.anonymised_at !== null) {
    throw new AppError('conflict', 'This participant was anonymised; the case is read-only.');
  }
}

const stateMessages = {
  exited: 'The case is exited: it accepts only documents and the follow-up. Open a new case instead.',
  not_exited: 'The follow-up comes after the exit: exit the case first.',
  followed_up: 'The follow-up of this case is done; the case is closed.',
} as const;

/** The participant must be writable and the case's state must accept a write to this part (else 409). */
export function assertCaseWritable(record: CaseRecord, part: CasePart): void {
  assertParticipantWritable(record.participant);
  const problem = caseWriteProblem({ exitedOn: record.row.exited_on, followedUpOn: record.row.followed_up_on }, part);
  if (problem) throw new AppError('conflict', stateMessages[problem]);
}

export function assertVersion(row: { version: number }, expectedVersion: number, what = 'case'): void {
  if (row.version !== expectedVersion) {
    throw new AppError('precondition_failed', `The ${what} was changed by someone else; reload it.`);
  }
}

/** What a write to a part of a case did, for its audit entry. */
export interface CaseWrite<T> {
  result: T;
  action: 'create' | 'update' | 'delete';
  /** Names of the fields written, prefixed with the part (e.g. "contact.topic"); never values. */
  changedFields: readonly string[];
  partId: string;
}

/**
 * The frame of every write to a part of a case: the actor's tenant, the case loaded for update (locked, access
 * checked), the participant writable and the case's state accepting this part; the work; the audit entry last.
 */
export async function writeCasePart<T>(
  ctx: CaseContext,
  actor: Actor | null,
  caseId: string,
  part: CasePart,
  meta: RequestMeta,
  work: (trx: Trx, record: CaseRecord, who: Actor) => Promise<CaseWrite<T>>,
): Promise<T> {
  const { actor: who, municipalityId } = actingIn(actor);
  return inTenant(ctx, who, async (trx) => {
    const record = await loadCase(ctx, trx, who, caseId, 'update', meta, { lock: true });
    assertCaseWritable(record, part);
    const written = await work(trx, record, who);
    await auditCase(trx, municipalityId, who, {
      action: written.action,
      caseId,
      participantId: record.row.participant_id,
      changedFields: written.changedFields,
      details: { part, partId: written.partId },
      meta,
    });
    return written.result;
  });
}

/** The frame of every read of a part of a case: access checked, then one audit entry for the request. */
export async function readCasePart<T>(
  ctx: CaseContext,
  actor: Actor | null,
  caseId: string,
  meta: RequestMeta,
  work: (trx: Trx, record: CaseRecord) => Promise<{ result: T; details: AuditDetails }>,
): Promise<T> {
  const { actor: who, municipalityId } = actingIn(actor);
  return readAudited(ctx, who, municipalityId, async (trx) => {
    const record = await loadCase(ctx, trx, who, caseId, 'read', meta);
    const read = await work(trx, record);
    return {
      result: read.result,
      audit: { action: 'read', caseId, participantId: record.row.participant_id, details: read.details, meta },
    };
  });
}

/** The names of the fields a request sets, prefixed with the part, for the audit log. */
export function fieldsOf(part: string, input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => `${part}.${key}`);
}

/** The filter names a list request used (never their values), for the audit log. */
export function filterNames(query: object, names: readonly string[]): string {
  return names.filter((name) => (query as Record<string, unknown>)[name] !== undefined).join(',');
}

export function iso(value: Date): string {
  return value.toISOString();
}

export function isoOrNull(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
