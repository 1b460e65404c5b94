// The policy forms' values and how they become requests, checked with the shared Zod schemas before sending
// (the server checks again). Pure: no I/O, no React.
import {
  updateRetentionPolicySchema,
  type RetentionPolicy,
  type UpdateRetentionPolicy,
} from '../../../data-rights/data-rights.schema.ts';
import {
  residenceStatuses,
  strands,
  type ResidenceStatus,
  type Strand,
} from '../../../participants/participant.codes.ts';
import {
  setEligibilityPolicySchema,
  type MunicipalityEligibilityPolicy,
  type SetEligibilityPolicy,
} from '../../../participants/participant.schema.ts';

// --- Eligibility ----------------------------------------------------------------------------------------------

export interface EligibilityFormValues {
  /** "defaults": the programme's rules; "own": the municipality's override. */
  mode: 'defaults' | 'own';
  minAge: string;
  maxAge: string;
  admittedStatuses: ResidenceStatus[];
  excludeStateReceptionFacility: boolean;
  strandsExcludingWorkBan: Strand[];
}

export const ELIGIBILITY_FIELDS = [
  'minAge',
  'maxAge',
  'admittedStatuses',
  'excludeStateReceptionFacility',
  'strandsExcludingWorkBan',
] as const;
export type EligibilityField = (typeof ELIGIBILITY_FIELDS)[number];

type Rules = MunicipalityEligibilityPolicy['effective'];

function excludingWorkBan(rules: Rules): Strand[] {
  return strands.filter((strand) => rules.strands[strand]?.excludeWorkBan === true);
}

/** The form starts from the rules in force, so that "own rules" begins where the municipality stands. */
export function eligibilityValuesOf(policy: MunicipalityEligibilityPolicy): EligibilityFormValues {
  const rules = policy.effective;
  return {
    mode: policy.override === null ? 'defaults' : 'own',
    minAge: String(rules.minAge),
    maxAge: String(rules.maxAge),
    admittedStatuses: residenceStatuses.filter((status) => rules.admittedStatuses.includes(status)),
    excludeStateReceptionFacility: rules.excludeStateReceptionFacility,
    strandsExcludingWorkBan: excludingWorkBan(rules),
  };
}

export type EligibilityProblem = 'required' | 'whole' | 'range' | 'minAboveMax' | 'statusesRequired' | 'invalid';

export type Checked<T, F extends string, P extends string> =
  { ok: true; body: T } | { ok: false; problems: { field: F; problem: P }[] };

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

function parseWhole(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : 'invalid';
}

/** The problem a reported issue (Zod issue code or the server's) stands for at a field. */
function eligibilityProblemOf(field: EligibilityField, code: string, message: string): EligibilityProblem {
  if (field === 'admittedStatuses' && code === 'too_small') return 'statusesRequired';
  if ((field === 'minAge' || field === 'maxAge') && /above/.test(message)) return 'minAboveMax';
  if (code === 'too_small' || code === 'too_big') return 'range';
  if (code === 'invalid_type') return 'whole';
  return 'invalid';
}

function isEligibilityField(value: string): value is EligibilityField {
  return (ELIGIBILITY_FIELDS as readonly string[]).includes(value);
}

/** Field errors (from the schema here or from the server) at the form's fields, one per field, in form order. */
export function eligibilityProblems(
  reported: readonly { field: string; code: string; message?: string }[],
): { field: EligibilityField; problem: EligibilityProblem }[] {
  const byField = new Map<EligibilityField, EligibilityProblem>();
  for (const issue of reported) {
    // Server paths name the body ("override.minAge"); local ones start at the override too.
    const parts = issue.field.split('.');
    const name = parts[0] === 'override' ? (parts[1] ?? '') : (parts[0] ?? '');
    if (!isEligibilityField(name) || byField.has(name)) continue;
    byField.set(name, eligibilityProblemOf(name, issue.code, issue.message ?? ''));
  }
  return ELIGIBILITY_FIELDS.filter((field) => byField.has(field)).map((field) => ({
    field,
    problem: byField.get(field) ?? 'invalid',
  }));
}

/**
 * The body of PUT …/eligibility. Own rules are stored as the differences from the programme's rules only,
 * so that a later change of the programme reaches every setting the municipality did not choose itself;
 * own rules that equal the programme's are no override at all.
 */
export function toEligibilityRequest(
  values: EligibilityFormValues,
  defaults: Rules,
): Checked<SetEligibilityPolicy, EligibilityField, EligibilityProblem> {
  if (values.mode === 'defaults') return { ok: true, body: { override: null } };
  const problems: { field: EligibilityField; problem: EligibilityProblem }[] = [];
  const minAge = parseWhole(values.minAge);
  const maxAge = parseWhole(values.maxAge);
  if (minAge === null) problems.push({ field: 'minAge', problem: 'required' });
  if (minAge === 'invalid') problems.push({ field: 'minAge', problem: 'whole' });
  if (maxAge === null) problems.push({ field: 'maxAge', problem: 'required' });
  if (maxAge === 'invalid') problems.push({ field: 'maxAge', problem: 'whole' });
  if (problems.length > 0 || typeof minAge !== 'number' || typeof maxAge !== 'number') return { ok: false, problems };

  const override: Record<string, unknown> = {};
  if (minAge !== defaults.minAge) override.minAge = minAge;
  if (maxAge !== defaults.maxAge) override.maxAge = maxAge;
  if (!sameSet(values.admittedStatuses, defaults.admittedStatuses)) {
    override.admittedStatuses = residenceStatuses.filter((status) => values.admittedStatuses.includes(status));
  }
  if (values.excludeStateReceptionFacility !== defaults.excludeStateReceptionFacility) {
    override.excludeStateReceptionFacility = values.excludeStateReceptionFacility;
  }
  if (!sameSet(values.strandsExcludingWorkBan, excludingWorkBan(defaults))) {
    override.strandsExcludingWorkBan = strands.filter((strand) => values.strandsExcludingWorkBan.includes(strand));
  }
  const local: { field: EligibilityField; problem: EligibilityProblem }[] = [];
  if (minAge > maxAge) local.push({ field: 'maxAge', problem: 'minAboveMax' });
  if (values.admittedStatuses.length === 0) local.push({ field: 'admittedStatuses', problem: 'statusesRequired' });
  const parsed = setEligibilityPolicySchema.safeParse({
    override: Object.keys(override).length === 0 ? null : override,
  });
  const reported = parsed.success
    ? []
    : eligibilityProblems(
        parsed.error.issues.map((issue) => ({
          field: issue.path.map(String).join('.'),
          code: issue.code,
          message: issue.message,
        })),
      );
  // The schema names the age conflict too (at whichever age the override sets); it is named once, at the maximum.
  const all = [
    ...local,
    ...reported.filter(
      (item) =>
        !local.some(
          (known) => known.field === item.field || (known.problem === item.problem && item.problem === 'minAboveMax'),
        ),
    ),
  ];
  if (all.length > 0 || !parsed.success) {
    return { ok: false, problems: ELIGIBILITY_FIELDS.flatMap((field) => all.filter((item) => item.field === field)) };
  }
  return { ok: true, body: parsed.data };
}

/** Whether the request would change what is stored (nothing to save otherwise). */
export function eligibilityChanged(body: SetEligibilityPolicy, policy: MunicipalityEligibilityPolicy): boolean {
  return JSON.stringify(normaliseOverride(body.override)) !== JSON.stringify(normaliseOverride(policy.override));
}

function normaliseOverride(override: SetEligibilityPolicy['override']): unknown {
  if (!override || Object.keys(override).length === 0) return null;
  return Object.fromEntries(
    Object.entries(override)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => [key, Array.isArray(value) ? [...(value as string[])].sort() : value]),
  );
}

// --- Retention ------------------------------------------------------------------------------------------------

export const RETENTION_CLASSES = ['caseData', 'consentBased', 'withoutCase'] as const;
export type RetentionClassKey = (typeof RETENTION_CLASSES)[number];

export interface RetentionRowValues {
  periodMonths: string;
  action: 'anonymise' | 'delete';
  enabled: boolean;
}
export type RetentionFormValues = Record<RetentionClassKey, RetentionRowValues>;

export function retentionValuesOf(policy: RetentionPolicy): RetentionFormValues {
  const row = (rule: RetentionPolicy[RetentionClassKey]): RetentionRowValues => ({
    periodMonths: String(rule.periodMonths),
    action: rule.action,
    enabled: rule.enabled,
  });
  return {
    caseData: row(policy.caseData),
    consentBased: row(policy.consentBased),
    withoutCase: row(policy.withoutCase),
  };
}

export type RetentionProblem = 'required' | 'whole' | 'tooShort' | 'tooLong' | 'invalid';
export const MAX_RETENTION_MONTHS = 600;

/** The body of PUT …/retention: every class, checked against the minimum period the server names. */
export function toRetentionRequest(
  values: RetentionFormValues,
  policy: RetentionPolicy,
): Checked<UpdateRetentionPolicy, RetentionClassKey, RetentionProblem> {
  const problems: { field: RetentionClassKey; problem: RetentionProblem }[] = [];
  const body: Record<string, unknown> = {};
  for (const key of RETENTION_CLASSES) {
    const row = values[key];
    const months = parseWhole(row.periodMonths);
    if (months === null) problems.push({ field: key, problem: 'required' });
    else if (months === 'invalid') problems.push({ field: key, problem: 'whole' });
    else if (months < policy[key].minimumPeriodMonths) problems.push({ field: key, problem: 'tooShort' });
    else if (months > MAX_RETENTION_MONTHS) problems.push({ field: key, problem: 'tooLong' });
    body[key] = { periodMonths: typeof months === 'number' ? months : 0, action: row.action, enabled: row.enabled };
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = updateRetentionPolicySchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      problems: retentionProblems(
        parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), code: issue.code })),
      ),
    };
  }
  return { ok: true, body: parsed.data };
}

function isRetentionClass(value: string): value is RetentionClassKey {
  return (RETENTION_CLASSES as readonly string[]).includes(value);
}

/** Server or schema issues ("caseData.periodMonths") at the rows of the form, one per row. */
export function retentionProblems(
  reported: readonly { field: string; code: string }[],
): { field: RetentionClassKey; problem: RetentionProblem }[] {
  const byRow = new Map<RetentionClassKey, RetentionProblem>();
  for (const issue of reported) {
    const key = issue.field.split('.')[0] ?? '';
    if (!isRetentionClass(key) || byRow.has(key)) continue;
    byRow.set(
      key,
      issue.code === 'too_small'
        ? 'tooShort'
        : issue.code === 'too_big'
          ? 'tooLong'
          : issue.code === 'invalid_type'
            ? 'whole'
            : 'invalid',
    );
  }
  return RETENTION_CLASSES.filter((key) => byRow.has(key)).map((key) => ({
    field: key,
    problem: byRow.get(key) ?? 'invalid',
  }));
}

export function retentionChanged(body: UpdateRetentionPolicy, policy: RetentionPolicy): boolean {
  return RETENTION_CLASSES.some(
    (key) =>
      body[key].periodMonths !== policy[key].periodMonths ||
      body[key].action !== policy[key].action ||
      body[key].enabled !== policy[key].enabled,
  );
}
