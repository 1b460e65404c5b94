import type { ColumnType, Generated } from 'kysely';
import type { CefrLevel, SchoolQualification } from '../participants/participant.codes.ts';
import type { DateColumn } from '../participants/participant.table.ts';
import type { DropoutReason, EnrolmentStatus, ExamResult, OfferStatus, OfferStrand, OfferType } from './offer.codes.ts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;
/** A nullable column that inserts may leave out (added after the first writers of the table existed). */
type OptionalColumn<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A numeric column: read as its decimal string (exact), written as a number or string. */
type NumericColumn = ColumnType<string, number | string, number | string>;

export interface ProviderContactTable {
  id: Generated<string>;
  provider_id: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OfferTable {
  municipality_id: string;
  id: Generated<string>;
  provider_id: string;
  title: string;
  type: OfferType;
  strand: OfferStrand | null;
  description: string | null;
  place: string;
  starts_on: DateColumn | null;
  ends_on: DateColumn | null;
  weekly_hours: NumericColumn | null;
  teaching_units: number | null;
  capacity: number | null;
  entry_level: CefrLevel | null;
  entry_requirements: string | null;
  target_level: CefrLevel | null;
  target_qualification: SchoolQualification | null;
  leads_to_vocational_qualification: Generated<boolean>;
  support_languages: Generated<string[]>;
  childcare: Generated<boolean>;
  accessible: Generated<boolean>;
  accessibility_notes: string | null;
  /** bigint cents, parsed to a safe number. */
  cost_cents: number | null;
  cost_notes: string | null;
  status: Generated<OfferStatus>;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EnrolmentTable {
  municipality_id: string;
  id: Generated<string>;
  participant_id: string;
  offer_id: string;
  case_id: string | null;
  referred_on: DateColumn;
  starts_on: DateColumn | null;
  ends_on: DateColumn | null;
  status: EnrolmentStatus;
  dropout_reason: DropoutReason | null;
  dropout_notes: string | null;
  sessions_planned: number | null;
  sessions_attended: number | null;
  hours_attended: NumericColumn | null;
  attendance_confirmed_by: string | null;
  attendance_confirmed_on: DateColumn | null;
  certificate: Generated<boolean>;
  exam_result: ExamResult | null;
  cefr_level_reached: CefrLevel | null;
  school_qualification_reached: SchoolQualification | null;
  vocational_qualification_reached: Generated<boolean>;
  next_step: string | null;
  /** The eligibility decision the enrolment was admitted with (strand offers only; migration 0013). */
  eligibility_outcome: OptionalColumn<'eligible' | 'eligible_by_exception'>;
  exception_justification: OptionalColumn<string>;
  /** When it was put on the waiting list (orders the queue). */
  queued_at: ColumnType<Date, never, Date>;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OfferTables {
  provider_contact: ProviderContactTable;
  offer: OfferTable;
  enrolment: EnrolmentTable;
}
