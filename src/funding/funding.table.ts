// Kysely's view of the funding tables (migration 20261130_0016_funding.ts). bigint cents are parsed to safe
// numbers by the pool's type parser (platform/db/database.ts); numeric columns are read as exact strings.
import type { ColumnType, Generated } from 'kysely';
import type { DateColumn } from '../participants/participant.table.ts';
import type {
  ApplicationKind,
  ApplicationStatus,
  ConditionSet,
  CostCategory,
  DecisionKind,
  FinancingType,
  ForwardingStatus,
  FundingSourceKind,
  GrantStatus,
  PaymentKind,
  PaymentRequestStatus,
} from './funding.codes.ts';
import type { InnovationTables } from './innovation.table.ts';
import type { ProofTables } from './proof.table.ts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** A timestamp the database fills in, which a writer may also set. */
type Stamp = ColumnType<Date, Date | undefined, Date>;
/** A numeric column: read as its decimal string (exact), written as a number or string. */
type NumericColumn = ColumnType<string, number | string, number | string>;
/** A counter kept by triggers: never inserted, rarely written by hand. */
type Counter = ColumnType<number, never, number>;

export interface FundingProgrammeTable {
  id: Generated<string>;
  code: string;
  current_version: Generated<number>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FundingProgrammeVersionTable {
  programme_id: string;
  version: number;
  /** ProgrammeDefinition (programme.definition.ts), validated before it is written. */
  definition: ColumnType<unknown, string, never>;
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ProgrammeBudgetTable {
  /** Surrogate id for the API (migration 0017); the key is (programme_id, strand, budget_year). */
  id: Generated<string>;
  programme_id: string;
  strand: string;
  budget_year: number;
  amount_cents: number;
  allocated_cents: Counter;
  central: Generated<boolean>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface ProgrammeStrandCapTable {
  programme_id: string;
  strand: string;
  cap_cents: number;
  committed_cents: Counter;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface AllocationKeyTable {
  id: Generated<string>;
  name: string;
  reference_date: DateColumn;
  source: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AllocationKeyShareTable {
  key_id: string;
  recipient_id: string;
  share: NumericColumn;
}

export interface TargetPopulationTable {
  recipient_id: string;
  reference_date: DateColumn;
  tolerated_18_27: number;
  source: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface BudgetAllocationTable {
  municipality_id: string;
  programme_id: string;
  strand: string;
  budget_year: number;
  amount_cents: number;
  committed_cents: Counter;
  key_id: string | null;
  basis: ColumnType<unknown, string | undefined, string>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface FundingApplicationTable {
  municipality_id: string;
  id: Generated<string>;
  programme_id: string;
  programme_version: number;
  kind: Generated<ApplicationKind>;
  applicant_id: string;
  reference: string | null;
  title: string;
  period_from: DateColumn;
  period_to: DateColumn;
  own_contribution_rate_bp: number | null;
  own_contribution_reason: string | null;
  summary: string | null;
  status: Generated<ApplicationStatus>;
  submitted_at: Date | null;
  submitted_by: string | null;
  decided_at: Date | null;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApplicationCostLineTable {
  municipality_id: string;
  id: Generated<string>;
  application_id: string;
  strand: string;
  budget_year: number;
  category: CostCategory;
  description: string;
  quantity: NumericColumn | null;
  unit_cents: number | null;
  amount_cents: number;
  position: Generated<number>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApplicationPositionTable {
  municipality_id: string;
  id: Generated<string>;
  application_id: string;
  strand: string;
  title: string;
  rate_code: string | null;
  fte: NumericColumn;
  employer_id: string | null;
  employer_name: string | null;
  starts_on: DateColumn;
  ends_on: DateColumn;
  annual_cents: number;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApplicationFundingSourceTable {
  municipality_id: string;
  id: Generated<string>;
  application_id: string;
  kind: FundingSourceKind;
  name: string;
  budget_year: number;
  amount_cents: number;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** The grant applied for per strand and budget year (migration 20261130_0018_applications.ts). */
export interface ApplicationRequestedAmountTable {
  municipality_id: string;
  id: Generated<string>;
  application_id: string;
  strand: string;
  budget_year: number;
  amount_cents: number;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** The running number of application references per municipality and prefix (programme code and year). */
export interface ApplicationReferenceCounterTable {
  municipality_id: string;
  prefix: string;
  last_number: number;
}

export interface ApplicationCommentTable {
  municipality_id: string;
  id: Generated<string>;
  application_id: string;
  author_id: string | null;
  side: 'applicant' | 'authority';
  kind: Generated<string>;
  body: string;
  subject: string | null;
  created_at: CreatedAt;
}

export interface FundingGrantTable {
  municipality_id: string;
  id: Generated<string>;
  application_id: string;
  programme_id: string;
  programme_version: number;
  recipient_id: string;
  reference: string;
  current_decision: Generated<number>;
  status: Generated<GrantStatus>;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface GrantDecisionTable {
  municipality_id: string;
  grant_id: string;
  seq: number;
  kind: DecisionKind;
  period_from: DateColumn;
  period_to: DateColumn;
  financing_type: FinancingType;
  funding_rate_bp: number | null;
  conditions: ConditionSet;
  special_conditions: string | null;
  reason: string | null;
  decided_by: string;
  decided_at: Stamp;
  document: Buffer | null;
  document_sha256: Buffer | null;
}

export interface GrantDecisionAmountTable {
  municipality_id: string;
  grant_id: string;
  seq: number;
  strand: string;
  budget_year: number;
  amount_cents: number;
  eligible_cents: number | null;
  unit_cents: number | null;
  unit_count: NumericColumn | null;
}

export interface GrantAmountTable {
  municipality_id: string;
  grant_id: string;
  strand: string;
  budget_year: number;
  decided_cents: number;
  forwarded_cents: Counter;
  paid_cents: Counter;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface ForwardingContractTable {
  municipality_id: string;
  id: Generated<string>;
  grant_id: string;
  provider_id: string;
  reference: string;
  conditions: Generated<ConditionSet>;
  period_from: DateColumn;
  period_to: DateColumn;
  purpose: string;
  status: Generated<ForwardingStatus>;
  concluded_by: string | null;
  concluded_at: Date | null;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ForwardingAmountTable {
  municipality_id: string;
  contract_id: string;
  strand: string;
  budget_year: number;
  amount_cents: number;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface PaymentRequestTable {
  municipality_id: string;
  id: Generated<string>;
  grant_id: string;
  requested_by: string;
  requested_at: Stamp;
  status: Generated<PaymentRequestStatus>;
  justification: string | null;
  first_approved_by: string | null;
  first_approved_at: Date | null;
  second_approved_by: string | null;
  second_approved_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PaymentRequestLineTable {
  municipality_id: string;
  request_id: string;
  strand: string;
  budget_year: number;
  amount_cents: number;
  due_on: DateColumn;
  purpose: string | null;
}

export interface PaymentTable {
  municipality_id: string;
  id: Generated<string>;
  grant_id: string;
  strand: string;
  budget_year: number;
  kind: PaymentKind;
  amount_cents: number;
  request_id: string | null;
  recovery_claim_id: string | null;
  booked_on: DateColumn;
  booked_by: string;
  booked_at: CreatedAt;
  note: string | null;
}

/** With the innovation fund's (innovation.table.ts) and the proof of use's tables (proof.table.ts). */
export interface FundingTables extends InnovationTables, ProofTables {
  funding_programme: FundingProgrammeTable;
  funding_programme_version: FundingProgrammeVersionTable;
  programme_budget: ProgrammeBudgetTable;
  programme_strand_cap: ProgrammeStrandCapTable;
  allocation_key: AllocationKeyTable;
  allocation_key_share: AllocationKeyShareTable;
  target_population: TargetPopulationTable;
  budget_allocation: BudgetAllocationTable;
  funding_application: FundingApplicationTable;
  application_cost_line: ApplicationCostLineTable;
  application_position: ApplicationPositionTable;
  application_funding_source: ApplicationFundingSourceTable;
  application_comment: ApplicationCommentTable;
  application_requested_amount: ApplicationRequestedAmountTable;
  application_reference_counter: ApplicationReferenceCounterTable;
  funding_grant: FundingGrantTable;
  grant_decision: GrantDecisionTable;
  grant_decision_amount: GrantDecisionAmountTable;
  grant_amount: GrantAmountTable;
  forwarding_contract: ForwardingContractTable;
  forwarding_amount: ForwardingAmountTable;
  payment_request: PaymentRequestTable;
  payment_request_line: PaymentRequestLineTable;
  payment: PaymentTable;
}
