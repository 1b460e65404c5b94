import type { ColumnType, Generated } from 'kysely';
import type { AuditDetails, AuditOutcome } from './audit.rules.ts';

/** Columns the insert trigger sets: whatever a client sends for them is replaced. */
type SetByTrigger<T> = ColumnType<T, never, never>;
/** Append-only: written once at insert, never updated. */
type Append<T> = ColumnType<T, T, never>;

/** The columns of an entry, shared by the tenant chains and the system chain. */
export interface AuditEntryColumns {
  seq: SetByTrigger<number>;
  id: SetByTrigger<string>;
  occurred_at: SetByTrigger<Date>;
  actor_user_id: Append<string | null>;
  actor_organisation_id: Append<string | null>;
  actor_roles: Append<string[]>;
  action: Append<string>;
  resource_type: Append<string>;
  resource_id: Append<string | null>;
  participant_id: Append<string | null>;
  changed_fields: Append<string[]>;
  outcome: Append<AuditOutcome>;
  ip: Append<string | null>;
  user_agent: Append<string | null>;
  request_id: Append<string | null>;
  /** Inserted as JSON text; read back as the parsed object. */
  details: ColumnType<AuditDetails, string, never>;
  prev_hash: SetByTrigger<Buffer>;
  hash: SetByTrigger<Buffer>;
}

/** One hash chain per municipality (tenant table: municipality_id leads the key, row-level security). */
export interface AuditLogTable extends AuditEntryColumns {
  municipality_id: Append<string>;
}

/** The chain of events without a tenant; readable only with app.audit_scope = 'system'. */
export type SystemAuditLogTable = AuditEntryColumns;

/** Readable by the owner role only (audit:verify); the application role has no privilege on it. */
export interface AuditChainHeadTable {
  chain_key: string;
  seq: number;
  hash: Buffer;
  updated_at: Generated<Date>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  system_audit_log: SystemAuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}
