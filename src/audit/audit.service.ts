// The audit log's use cases: append an entry (called by every area, inside the transaction of the change or
// read it records) and search the log (administrators; the search itself is audited).
import { sql, type Kysely, type Transaction } from 'kysely';
import { authorize, type Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  insertAuditEntries,
  insertAuditEntry,
  searchAuditEntries,
  type AuditEntryRow,
  type AuditEntryValues,
} from './audit.repository.ts';
import { auditEntryProblems, chainKeyFor, truncateUserAgent, type AuditEntryFacts } from './audit.rules.ts';
import type { AuditLogPage, AuditLogQuery, AuditScope } from './audit.schema.ts';

/** What happened, by whom, to what, from where. Names of changed fields only, never their values. */
export type AuditEntry = AuditEntryFacts;

/** The transaction-local setting that opens the system chain to reading (policy system_audit_read). */
export const AUDIT_SCOPE_SETTING = 'app.audit_scope';

export class AuditEntryError extends Error {
  constructor(problems: string[]) {
    super(`Invalid audit entry: ${problems.join('; ')}`);
    this.name = 'AuditEntryError';
  }
}

/**
 * Appends an entry to its chain: the municipality's chain, or the system chain when municipalityId is null.
 *
 * Call it inside the transaction of the change or read it records, so that both commit or neither does; for a
 * tenant entry that transaction must act in that tenant (`withTenant`), or row-level security refuses the row.
 * Appending locks the chain's head until the transaction ends, so call it as late as possible in the transaction.
 * A denial that aborts the request is recorded with `db` itself (its own transaction), so that it is kept.
 */
export async function appendAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(db, entry.municipalityId, auditValues(entry));
}

/**
 * Appends many entries of one chain (all with the same municipalityId) in one statement, in their order: for bulk
 * writes such as imports, where one round trip per entry would dominate. Same rules, same chain as appendAudit: every
 * entry is checked first (one invalid entry appends none), and audit_append_batch chains the whole batch under one
 * lock of the chain's head, as if the entries had been appended one by one (docs/audit-log.md, "Bulk appends").
 */
export async function appendAuditBulk(
  db: Kysely<Database> | Transaction<Database>,
  entries: readonly AuditEntry[],
): Promise<void> {
  const first = entries[0];
  if (!first) return;
  if (entries.some((entry) => entry.municipalityId !== first.municipalityId)) {
    throw new AuditEntryError(['a bulk append writes one chain: every entry needs the same municipalityId']);
  }
  await insertAuditEntries(db, first.municipalityId, entries.map(auditValues));
}

function auditValues(entry: AuditEntry): AuditEntryValues {
  const problems = auditEntryProblems(entry);
  if (problems.length > 0) throw new AuditEntryError(problems);
  return {
    actor_user_id: entry.actor?.userId ?? null,
    actor_organisation_id: entry.actor?.organisationId ?? null,
    actor_roles: [...(entry.actor?.roles ?? [])],
    action: entry.action,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId ?? null,
    participant_id: entry.participantId ?? null,
    changed_fields: [...(entry.changedFields ?? [])],
    outcome: entry.outcome,
    ip: entry.request?.ip ?? null,
    user_agent: truncateUserAgent(entry.request?.userAgent ?? null),
    request_id: entry.request?.requestId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
}

/** The audit view of an actor. */
export function auditActorOf(actor: Actor): NonNullable<AuditEntry['actor']> {
  return { userId: actor.userId, organisationId: actor.organisationId, roles: actor.roles };
}

type RequestFacts = AuditEntry['request'];

function presentEntry(row: AuditEntryRow, chain: string) {
  return {
    id: row.id,
    seq: row.seq,
    chain,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorOrganisationId: row.actorOrganisationId,
    actorRoles: row.actorRoles,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    participantId: row.participantId,
    changedFields: row.changedFields,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    details: row.details,
  };
}

export function createAuditService(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  /**
   * Which chain the actor may search. A municipality's chain only within the tenant the actor acts in (the
   * municipal administrator's); the system chain only with a permission of scope 'all' (the system administrator).
   * Other tenants' chains are never readable through the API, also not for system administrators: the
   * municipality is the controller of its social data, and its log reveals whose cases were looked at.
   */
  function decide(actor: Actor, scope: AuditScope) {
    const municipalityId = scope === 'municipality' ? actor.activeMunicipalityId : null;
    if (scope === 'municipality' && municipalityId === null) {
      return { allowed: false, municipalityId, reason: 'no active municipality' } as const;
    }
    const decision = authorize(actor, 'read', { resource: 'audit_log', municipalityId });
    return { allowed: decision.allowed, municipalityId, reason: decision.reason } as const;
  }

  return {
    async search(actor: Actor | null, query: AuditLogQuery, request: RequestFacts): Promise<AuditLogPage> {
      if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
      const scope: AuditScope = query.scope ?? (actor.activeMunicipalityId ? 'municipality' : 'system');
      const decision = decide(actor, scope);
      if (!decision.allowed) {
        // Recorded in the actor's own chain (or the system chain), in its own transaction, then refused.
        await withTenant(db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, (trx) =>
          appendAudit(trx, {
            municipalityId: actor.activeMunicipalityId,
            actor: auditActorOf(actor),
            action: 'audit_log.search',
            resourceType: 'audit_log',
            resourceId: scope === 'system' ? 'system' : (actor.activeMunicipalityId ?? null),
            outcome: 'denied',
            request,
            details: { scope, reason: decision.reason },
          }),
        );
        throw new AppError('forbidden', 'You may not read this audit log.');
      }
      const { municipalityId } = decision;
      const chain = chainKeyFor(municipalityId);
      return withTenant(db, { municipalityId, userId: actor.userId }, async (trx) => {
        if (municipalityId === null) {
          await sql`select set_config(${AUDIT_SCOPE_SETTING}, 'system', true)`.execute(trx);
        }
        const rows = await searchAuditEntries(
          trx,
          municipalityId,
          {
            actorUserId: query.userId,
            participantId: query.participantId,
            resourceType: query.resourceType,
            action: query.action,
            outcome: query.outcome,
            from: query.from === undefined ? undefined : new Date(query.from),
            to: query.to === undefined ? undefined : new Date(query.to),
            beforeSeq: query.cursor === undefined ? undefined : Number(query.cursor),
          },
          query.limit + 1,
        );
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        // The search is itself audited, last in the transaction (the chain's lock is held only until commit).
        await appendAudit(trx, {
          municipalityId,
          actor: auditActorOf(actor),
          action: 'audit_log.search',
          resourceType: 'audit_log',
          resourceId: chain,
          participantId: query.participantId ?? null,
          outcome: 'success',
          request,
          details: {
            scope,
            ...(query.userId ? { userId: query.userId } : {}),
            ...(query.resourceType ? { resourceType: query.resourceType } : {}),
            ...(query.action ? { filterAction: query.action } : {}),
            ...(query.outcome ? { outcome: query.outcome } : {}),
            ...(query.from ? { from: query.from } : {}),
            ...(query.to ? { to: query.to } : {}),
            page: query.cursor === undefined ? 'first' : 'next',
            results: page.length,
          },
        });
        return {
          scope,
          items: page.map((row) => presentEntry(row, chain)),
          nextCursor: rows.length > query.limit && last ? String(last.seq) : null,
        };
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
