import type { ColumnType, Generated } from 'kysely';
import type { DateColumn } from '../participants/participant.table.ts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export interface FeedbackInvitationTable {
  municipality_id: string;
  id: Generated<string>;
  enrolment_id: string;
  token_hash: Buffer;
  language: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

/** No link to the enrolment or the person, and only the month: anonymous to the provider. */
export interface FeedbackResponseTable {
  municipality_id: string;
  id: Generated<string>;
  offer_id: string;
  survey_version: number;
  language: string;
  answers: ColumnType<unknown, string, never>;
  given_in: DateColumn;
}

export interface QualityDialogueTable {
  municipality_id: string;
  id: Generated<string>;
  provider_id: string;
  offer_id: string | null;
  held_on: DateColumn;
  attendees: string;
  findings: string | null;
  follow_up_on: DateColumn | null;
  follow_up_notes: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface QualityActionTable {
  municipality_id: string;
  id: Generated<string>;
  dialogue_id: string;
  action: string;
  owner: string;
  due_on: DateColumn | null;
  status: Generated<'open' | 'done' | 'dropped'>;
  done_on: DateColumn | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface QualityTables {
  feedback_invitation: FeedbackInvitationTable;
  feedback_response: FeedbackResponseTable;
  quality_dialogue: QualityDialogueTable;
  quality_action: QualityActionTable;
}
