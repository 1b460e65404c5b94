// Kysely's view of the proof-of-use tables (migration 20261130_0020_proof_of_use.ts), composed into FundingTables.
import type { ColumnType, Generated } from 'kysely';
import type { DateColumn } from '../participants/participant.table.ts';
import type { AuditResult, CostCategory, ProofKind, ProofStatus, RecoveryClaimStatus } from './funding.codes.ts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** A jsonb column: read as parsed JSON (checked by the repository), written as a JSON string. */
type JsonColumn = ColumnType<unknown, string | undefined, string>;
/** A counter kept by a trigger: never inserted. */
type Counter = ColumnType<number, never, number>;

export interface ProofOfUseTable {
  municipality_id: string;
  id: Generated<string>;
  grant_id: string;
  contract_id: string | null;
  provider_id: string | null;
  kind: ProofKind;
  budget_year: number | null;
  period_from: DateColumn;
  period_to: DateColumn;
  due_on: DateColumn;
  status: Generated<ProofStatus>;
  narrative: JsonColumn;
  figures: JsonColumn;
  figures_at: Date | null;
  attached_to: string | null;
  submitted_at: Date | null;
  submitted_by: string | null;
  returned_at: Date | null;
  returned_by: string | null;
  return_reason: string | null;
  accepted_at: Date | null;
  accepted_by: string | null;
  audited_at: Date | null;
  audited_by: string | null;
  audit_result: AuditResult | null;
  audit_findings: string | null;
  eligible_cents: number | null;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProofOfUseLineTable {
  municipality_id: string;
  id: Generated<string>;
  proof_id: string;
  strand: string;
  budget_year: number;
  category: CostCategory;
  description: string;
  planned_cents: number;
  actual_cents: number | null;
  note: string | null;
  position: number;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ReceiptTable {
  municipality_id: string;
  id: Generated<string>;
  proof_id: string;
  line_id: string;
  receipt_date: DateColumn;
  payee: string;
  purpose: string;
  reference: string | null;
  amount_cents: number;
  retain_until: DateColumn | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RecoveryClaimTable {
  municipality_id: string;
  id: Generated<string>;
  grant_id: string;
  proof_id: string;
  strand: string;
  budget_year: number;
  paid_cents: number;
  entitled_cents: number;
  unspent_cents: number;
  ineligible_cents: number;
  amount_cents: number;
  status: Generated<RecoveryClaimStatus>;
  due_on: DateColumn | null;
  reason: string | null;
  issued_at: Date | null;
  issued_by: string | null;
  repaid_cents: Counter;
  settled_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProofTables {
  proof_of_use: ProofOfUseTable;
  proof_of_use_line: ProofOfUseLineTable;
  receipt: ReceiptTable;
  recovery_claim: RecoveryClaimTable;
}
