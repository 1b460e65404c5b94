// The code lists of measure-career alerts, shared by the table types, the API schemas, the rules and the web.

/** The detector's rules (docs/measure-careers.md). */
export const careerRules = [
  'no_progress',
  'repeated_same_level',
  'repeated_dropouts',
  'gap_after_measure',
  'long_without_qualification',
] as const;
export type CareerRule = (typeof careerRules)[number];

/** open → acknowledged (with a plan) or dismissed (with a reason); open → resolved when no longer found. */
export const alertStatuses = ['open', 'acknowledged', 'dismissed', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];
