// SQL of the audit log. Tenant entries live in audit_log, entries without a tenant in system_audit_log; both have
// the same entry columns. Functions take a database or a transaction and return plain objects.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { AuditDetails, AuditOutcome, ChainHead, StoredAuditRecord } from './audit.rules.ts';
import { chainKeyFor } from './audit.rules.ts';
import type { SystemAuditLogTable } from './audit.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type AuditEntryValues = Insertable<SystemAuditLogTable>;

/** Appends one entry; the insert trigger chains it. No RETURNING: a tenant may append system rows it cannot read. */
export async function insertAuditEntry(db: Db, municipalityId: string | null, values: AuditEntryValues): Promise<void> {
  if (municipalityId === null) {
    await db.insertInto('system_audit_log').values(values).execute();
  } else {
    await db
      .insertInto('audit_log')
      .values({ ...values, municipality_id: municipalityId })
      .execute();
  }
}

/**
 * Appends many entries of one chain with one statement: audit_append_batch (migration 0011) locks the chain's head
 * once and numbers and hashes the entries in their order, with the same seq, hashes and canonical text as appending
 * them one by one — without a round trip, a head update and a per-call canonical text per entry.
 */
export async function insertAuditEntries(
  db: Db,
  municipalityId: string | null,
  entries: readonly AuditEntryValues[],
): Promise<void> {
  if (entries.length === 0) return;
  // Only the facts travel: the function reads these keys and nothing else (no seq, id, time or hash).
  const facts = entries.map((e) => ({
    actor_user_id: e.actor_user_id ?? null,
    actor_organisation_id: e.actor_organisation_id ?? null,
    actor_roles: e.actor_roles ?? [],
    action: e.action,
    resource_type: e.resource_type,
    resource_id: e.resource_id ?? null,
    participant_id: e.participant_id ?? null,
    changed_fields: e.changed_fields ?? [],
    outcome: e.outcome,
    ip: e.ip ?? null,
    user_agent: e.user_agent ?? null,
    request_id: e.request_id ?? null,
    details: typeof e.details === 'string' ? (JSON.parse(e.details) as unknown) : (e.details ?? {}),
  }));
  await sql`select audit_append_batch(${municipalityId}::uuid, ${JSON.stringify(facts)}::jsonb)`.execute(db);
}

export interface AuditSearchFilters {
  actorUserId?: string | undefined;
  participantId?: string | undefined;
  resourceType?: string | undefined;
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset pagination: only entries older than this seq. */
  beforeSeq?: number | undefined;
}

export interface AuditEntryRow {
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  actorRoles: string[];
  action: string;
  resourceType: string;
  resourceId: string | null;
  participantId: string | null;
  changedFields: string[];
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: AuditDetails;
}

/** Entries of one chain matching the filters, newest first. Row-level security still applies. */
export async function searchAuditEntries(
  db: Db,
  municipalityId: string | null,
  filters: AuditSearchFilters,
  limit: number,
): Promise<AuditEntryRow[]> {
  // Both tables have the same entry columns, so the query is typed against the system table's columns.
  const table = (municipalityId === null ? 'system_audit_log' : 'audit_log') as 'system_audit_log';
  let query = db
    .selectFrom(table)
    .select([
      'seq',
      'id',
      'occurred_at as occurredAt',
      'actor_user_id as actorUserId',
      'actor_organisation_id as actorOrganisationId',
      'actor_roles as actorRoles',
      'action',
      'resource_type as resourceType',
      'resource_id as resourceId',
      'participant_id as participantId',
      'changed_fields as changedFields',
      'outcome',
      'ip',
      'user_agent as userAgent',
      'request_id as requestId',
      'details',
    ]);
  if (municipalityId !== null) query = query.where(sql<boolean>`municipality_id = ${municipalityId}::uuid`);
  if (filters.actorUserId) query = query.where('actor_user_id', '=', filters.actorUserId);
  if (filters.participantId) query = query.where('participant_id', '=', filters.participantId);
  if (filters.resourceType) query = query.where('resource_type', '=', filters.resourceType);
  if (filters.action) query = query.where('action', '=', filters.action);
  if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
  if (filters.from) query = query.where('occurred_at', '>=', filters.from);
  if (filters.to) query = query.where('occurred_at', '<', filters.to);
  if (filters.beforeSeq !== undefined) query = query.where('seq', '<', filters.beforeSeq);
  const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

// ---- Verification: read with the owner's maintenance connection (policy audit_maintenance_read) ----

/** Every chain that has entries or a recorded head, 'system' first, then the municipalities in id order. */
export async function listChainKeys(db: Db): Promise<string[]> {
  const result = await sql<{ chain_key: string }>`
    select chain_key from (
      select distinct 'm:' || municipality_id::text as chain_key from audit_log
      union select 'system' from system_audit_log having count(*) > 0
      union select chain_key from audit_chain_head
    ) chains
    order by chain_key <> 'system', chain_key`.execute(db);
  return result.rows.map((row) => row.chain_key);
}

export async function readChainHead(db: Db, chainKey: string): Promise<ChainHead | null> {
  const row = await db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('chain_key', '=', chainKey)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: new Uint8Array(row.hash) } : null;
}

interface RawStoredRow {
  seq: string | number;
  id: string;
  municipality_id: string | null;
  occurred_at_micros: string;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  actor_roles: string[];
  action: string;
  resource_type: string;
  resource_id: string | null;
  participant_id: string | null;
  changed_fields: string[];
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: AuditDetails;
  prev_hash: Buffer;
  hash: Buffer;
}

/** The next entries of a chain after `afterSeq`, in seq order, with occurred_at in exact microseconds. */
export async function readChainBatch(
  db: Db,
  chainKey: string,
  afterSeq: number,
  limit: number,
): Promise<StoredAuditRecord[]> {
  const tenant = chainKey === 'system' ? null : chainKey.slice(2);
  const columns = sql`seq, id, ${tenant === null ? sql`null::uuid` : sql`municipality_id`} as municipality_id,
      (extract(epoch from occurred_at) * 1000000)::bigint::text as occurred_at_micros,
      actor_user_id, actor_organisation_id, actor_roles, action, resource_type, resource_id, participant_id,
      changed_fields, outcome, ip, user_agent, request_id, details, prev_hash, hash`;
  const result =
    tenant === null
      ? await sql<RawStoredRow>`select ${columns} from system_audit_log
            where seq > ${afterSeq} order by seq limit ${limit}`.execute(db)
      : await sql<RawStoredRow>`select ${columns} from audit_log
            where municipality_id = ${tenant}::uuid and seq > ${afterSeq} order by seq limit ${limit}`.execute(db);
  return result.rows.map((row) => ({
    chainKey: chainKeyFor(row.municipality_id),
    seq: Number(row.seq),
    id: row.id,
    municipalityId: row.municipality_id,
    occurredAtMicros: BigInt(row.occurred_at_micros),
    actorUserId: row.actor_user_id,
    actorOrganisationId: row.actor_organisation_id,
    actorRoles: row.actor_roles,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    participantId: row.participant_id,
    changedFields: row.changed_fields,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: row.details,
    prevHash: new Uint8Array(row.prev_hash),
    hash: new Uint8Array(row.hash),
  }));
}
