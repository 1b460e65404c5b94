import type { ColumnType, Generated } from 'kysely';

export type RetentionClass = 'case_data' | 'consent_based' | 'without_case';
export type RetentionAction = 'anonymise' | 'delete';

export interface RetentionRuleTable {
  municipality_id: string;
  class: RetentionClass;
  period_months: number;
  action: RetentionAction;
  enabled: Generated<boolean>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface DeletionLedgerTable {
  municipality_id: string;
  seq: ColumnType<number, never, never>;
  participant_id: string;
  subject: 'participant' | 'consent_data';
  action: RetentionAction;
  class: string;
  reason: string;
  executed_at: ColumnType<Date, Date | undefined, never>;
  executed_by: string | null;
  evidence: ColumnType<unknown, string | undefined, never>;
}

export interface JobRunTable {
  job: string;
  slot: Date;
  instance: string;
  started_at: ColumnType<Date, Date | undefined, Date>;
  finished_at: Date | null;
  status: Generated<'running' | 'succeeded' | 'failed'>;
  result: ColumnType<unknown, string | undefined, string>;
}

export interface ParticipantImportTable {
  municipality_id: string;
  id: Generated<string>;
  file_name: string;
  status: Generated<'validating' | 'invalid' | 'importing' | 'succeeded' | 'failed'>;
  skip_invalid: Generated<boolean>;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  created_rows: Generated<number>;
  unchanged_rows: Generated<number>;
  skipped_rows: Generated<number>;
  /** Row, column and code of every problem; no cell values. */
  errors: ColumnType<unknown, string | undefined, string>;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  finished_at: Date | null;
}

export interface DataRightsTables {
  retention_rule: RetentionRuleTable;
  deletion_ledger: DeletionLedgerTable;
  job_run: JobRunTable;
  participant_import: ParticipantImportTable;
}
