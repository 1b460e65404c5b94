import type { ColumnType, Generated } from 'kysely';
import type {
  Accommodation,
  BirthDatePrecision,
  CefrLevel,
  ConsentPurpose,
  Gender,
  ResidenceStatus,
  SchoolQualification,
  WorkPermission,
} from './participant.codes.ts';

/** A `date` column: read as 'YYYY-MM-DD' (the pg type parser is set so in platform/db), written as a string. */
export type DateColumn = string;
type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export interface ParticipantNumberCounterTable {
  municipality_id: string;
  last_value: Generated<number>;
}

export interface ParticipantTable {
  municipality_id: string;
  id: Generated<string>;
  number: string;
  external_id: string | null;
  family_name: string;
  given_names: string;
  family_name_original: string | null;
  given_names_original: string | null;
  name_keys: Generated<string[]>;
  birth_date: DateColumn | null;
  birth_date_precision: BirthDatePrecision | null;
  gender: Generated<Gender>;
  countries_of_origin: Generated<string[]>;
  nationalities: Generated<string[]>;
  phone: string | null;
  email: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  city_district: string | null;
  accommodation: Generated<Accommodation>;
  work_permission: Generated<WorkPermission>;
  benefits: Generated<string[]>;
  excluded_offender: Generated<boolean>;
  vocational_experience: string | null;
  restricted: Generated<boolean>;
  blocked_at: Date | null;
  blocked_reason: string | null;
  merged_into_id: string | null;
  anonymised_at: Date | null;
  is_demo: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ParticipantResidenceStatusTable {
  municipality_id: string;
  id: Generated<string>;
  participant_id: string;
  status: ResidenceStatus;
  legal_paragraph: string | null;
  valid_from: DateColumn;
  valid_to: DateColumn | null;
  document_expiry: DateColumn | null;
  notes: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ParticipantLanguageTable {
  municipality_id: string;
  id: Generated<string>;
  participant_id: string;
  language: string;
  level: CefrLevel;
  evidence_date: DateColumn | null;
  evidence: string | null;
  created_at: CreatedAt;
}

export interface ParticipantSchoolingTable {
  municipality_id: string;
  id: Generated<string>;
  participant_id: string;
  country: string | null;
  years: number | null;
  qualification: SchoolQualification;
  recognised: Generated<boolean>;
  notes: string | null;
  created_at: CreatedAt;
}

export interface ParticipantConsentTable {
  municipality_id: string;
  id: Generated<string>;
  participant_id: string;
  purpose: ConsentPurpose;
  scope: string;
  given_on: DateColumn;
  revoked_on: DateColumn | null;
  document_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  version: Generated<number>;
}

export interface MunicipalityPolicyTable {
  municipality_id: string;
  /** Overrides of the programme's eligibility defaults (validated JSON), or null for the defaults. */
  eligibility: unknown;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface ParticipantTables {
  participant_number_counter: ParticipantNumberCounterTable;
  participant: ParticipantTable;
  participant_residence_status: ParticipantResidenceStatusTable;
  participant_language: ParticipantLanguageTable;
  participant_schooling: ParticipantSchoolingTable;
  participant_consent: ParticipantConsentTable;
  municipality_policy: MunicipalityPolicyTable;
}
