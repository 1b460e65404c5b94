import type { ColumnType, Generated } from 'kysely';

export const careerRules = [
  'no_progress',
  'repeated_same_level',
  'repeated_dropouts',
  'gap_after_measure',
  'long_without_qualification',
] as const;
export type CareerRule = (typeof careerRules)[number];

export const alertStatuses = ['open', 'acknowledged', 'dismissed', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export interface CareerRuleSettingTable {
  municipality_id: string;
  /** Validated by the careers area's settings schema; thresholds not given take the defaults. */
  settings: ColumnType<unknown, string, string>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MeasureCareerAlertTable {
  municipality_id: string;
  id: Generated<string>;
  participant_id: string;
  rule: CareerRule;
  anchor_enrolment_id: string;
  enrolment_ids: string[];
  details: ColumnType<unknown, string, string>;
  status: Generated<AlertStatus>;
  detected_at: ColumnType<Date, Date | undefined, never>;
  resolved_at: Date | null;
  handled_by: string | null;
  handled_at: Date | null;
  plan: string | null;
  dismissal_reason: string | null;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CareerTables {
  career_rule_setting: CareerRuleSettingTable;
  measure_career_alert: MeasureCareerAlertTable;
}
