// Kysely's view of the innovation fund's tables (migration 20261130_0021_innovation_fund.ts).
import type { ColumnType, Generated } from 'kysely';
import type { DateColumn } from '../participants/participant.table.ts';
import type { InnovationCallStatus, InnovationDocumentKind, InnovationProposalStatus } from './innovation.codes.ts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface InnovationCallTable {
  id: Generated<string>;
  programme_id: string;
  programme_version: number;
  strand: string;
  title: string;
  description: Generated<string>;
  opens_at: Date;
  deadline: Date;
  /** InnovationCriterion[] (innovation.schema.ts), validated before it is written; written as JSON text. */
  criteria: ColumnType<unknown, string, string>;
  status: Generated<InnovationCallStatus>;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InnovationProposalTable {
  municipality_id: string;
  id: Generated<string>;
  call_id: string;
  applicant_id: string;
  title: string;
  summary: Generated<string>;
  period_from: DateColumn;
  period_to: DateColumn;
  status: Generated<InnovationProposalStatus>;
  submitted_at: Date | null;
  submitted_by: string | null;
  selected_by: string | null;
  selected_at: Date | null;
  application_id: string | null;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InnovationProposalAmountTable {
  municipality_id: string;
  proposal_id: string;
  budget_year: number;
  amount_cents: number;
}

export interface InnovationDocumentTable {
  municipality_id: string;
  id: Generated<string>;
  proposal_id: string;
  title: string;
  kind: InnovationDocumentKind;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InnovationScoreTable {
  municipality_id: string;
  proposal_id: string;
  member_id: string;
  criterion: string;
  score: number;
  comment: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InnovationTables {
  innovation_call: InnovationCallTable;
  innovation_proposal: InnovationProposalTable;
  innovation_proposal_amount: InnovationProposalAmountTable;
  innovation_document: InnovationDocumentTable;
  innovation_score: InnovationScoreTable;
}
