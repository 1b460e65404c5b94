import type { ColumnType, Generated } from 'kysely';

import type { AlertStatus, CareerRule } from './career.codes.ts';

// The code lists live in career.codes.ts (the web app may import codes, not table types); kept available here.
export { alertStatuses, careerRules, type AlertStatus, type CareerRule } from './career.codes.ts';

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
