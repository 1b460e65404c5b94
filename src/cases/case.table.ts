import type { ColumnType, Generated } from 'kysely';
import type { DateColumn } from '../participants/participant.table.ts';
import type {
  AssignmentRole,
  CaseOutcome,
  ContactChannel,
  DocumentKind,
  EligibilityOutcome,
  GoalStatus,
  ReferralOutcome,
  ReferralService,
  StepStatus,
} from './case.codes.ts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

/** Columns every case child table has (see childTable in migration 0007). */
interface CaseChild {
  municipality_id: string;
  id: Generated<string>;
  case_id: string;
  participant_id: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  version: Generated<number>;
}

export interface ParticipantCaseTable {
  municipality_id: string;
  id: Generated<string>;
  participant_id: string;
  programme: string;
  team_id: string | null;
  opened_on: DateColumn;
  intake_on: DateColumn | null;
  intake_notes: string | null;
  strands: Generated<string[]>;
  exception_justification: string | null;
  eligibility_decision: EligibilityOutcome | null;
  /** The reasons of the last decision (JSON array, see participants/eligibility.rules.ts). */
  eligibility_reasons: ColumnType<unknown, string | undefined, string>;
  eligibility_checked_at: Date | null;
  eligibility_lost_at: Date | null;
  exited_on: DateColumn | null;
  exit_outcome: CaseOutcome | null;
  exit_notes: string | null;
  follow_up_due_on: DateColumn | null;
  followed_up_on: DateColumn | null;
  follow_up_outcome: CaseOutcome | null;
  follow_up_notes: string | null;
  restricted: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CaseAssignmentTable extends CaseChild {
  user_id: string;
  role: AssignmentRole;
  started_at: ColumnType<Date, Date | undefined, Date>;
  ended_at: Date | null;
}

export interface CaseAssessmentTable extends CaseChild {
  assessed_on: DateColumn;
  /** Structured answers per area (validated JSON, see case.schema.ts). */
  areas: ColumnType<unknown, string, string>;
  notes: string | null;
}

export interface CaseGoalTable extends CaseChild {
  title: string;
  area: string | null;
  due_on: DateColumn | null;
  status: Generated<GoalStatus>;
}

export interface CaseStepTable extends CaseChild {
  goal_id: string;
  title: string;
  owner_user_id: string | null;
  due_on: DateColumn | null;
  status: Generated<StepStatus>;
  done_on: DateColumn | null;
}

export interface CaseContactTable extends CaseChild {
  occurred_at: Date;
  duration_minutes: number | null;
  channel: ContactChannel;
  topic: string;
  attendees: string | null;
  coaching: Generated<boolean>;
  notes: string | null;
}

export interface CaseReferralTable extends CaseChild {
  service: ReferralService;
  referred_on: DateColumn;
  description: string | null;
  outcome: Generated<ReferralOutcome>;
  outcome_on: DateColumn | null;
  outcome_notes: string | null;
}

export interface CaseConferenceTable extends CaseChild {
  held_on: DateColumn;
  attendees: string;
  findings: string | null;
  agreements: string | null;
}

export interface CaseDocumentTable extends CaseChild {
  title: string;
  kind: DocumentKind;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
}

export interface CaseTables {
  participant_case: ParticipantCaseTable;
  case_assignment: CaseAssignmentTable;
  case_assessment: CaseAssessmentTable;
  case_goal: CaseGoalTable;
  case_step: CaseStepTable;
  case_contact: CaseContactTable;
  case_referral: CaseReferralTable;
  case_conference: CaseConferenceTable;
  case_document: CaseDocumentTable;
}
