// What anonymising a person means, table by table and column by column. Identifying data (names, contact,
// address, exact date of birth, external ids, free texts, documents, consents) go; the statistical facts that
// reports need (gender, year of birth, countries, statuses, languages, schooling, case dates, strands and
// outcomes) stay. Every column of every table holding a person's data is classified here, and a test fails when
// a table or column appears that is not, so that new data cannot escape anonymisation unnoticed.

/** Tables that hold a person's data: `participant` and every table with a participant_id column. */
export const personTables = [
  'participant',
  'participant_residence_status',
  'participant_language',
  'participant_schooling',
  'participant_consent',
  'participant_case',
  'case_assignment',
  'case_assessment',
  'case_goal',
  'case_step',
  'case_contact',
  'case_referral',
  'case_conference',
  'case_document',
  'enrolment',
  'measure_career_alert',
  'audit_log',
  'deletion_ledger',
] as const;
export type PersonTable = (typeof personTables)[number];

export type ColumnTreatment =
  /** Kept as it is (a statistical fact, a key, or no personal data). */
  | 'keep'
  | 'null'
  /** Replaced by ANONYMISED_TEXT (for required text). */
  | 'redact'
  | 'empty_text'
  | 'empty_array'
  | 'empty_json_array'
  /** Structured JSON: only codes, numbers, booleans and dates stay (scrubStructured). */
  | 'scrub_json'
  /** The first day of the year of birth; its precision becomes 'year'. */
  | 'birth_year'
  | 'birth_year_precision'
  /** A new pseudonymous number, so that paper files and letters can no longer be linked to the record. */
  | 'renumber'
  | 'false'
  /** The time of the anonymisation. */
  | 'now'
  /** version + 1 (the record changed). */
  | 'bump';

export type TablePlan =
  | { rows: 'scrub'; columns: Record<string, ColumnTreatment> }
  | { rows: 'delete'; why: string }
  | { rows: 'keep'; why: string };

export const ANONYMISED_TEXT = '[anonymisiert]';

const caseChild = {
  municipality_id: 'keep',
  id: 'keep',
  case_id: 'keep',
  participant_id: 'keep',
  created_by: 'keep',
  created_at: 'keep',
  updated_at: 'now',
  version: 'bump',
} as const satisfies Record<string, ColumnTreatment>;

export const ANONYMISATION_PLAN: Record<PersonTable, TablePlan> = {
  participant: {
    rows: 'scrub',
    columns: {
      municipality_id: 'keep',
      id: 'keep',
      number: 'renumber',
      external_id: 'null',
      family_name: 'redact',
      given_names: 'empty_text',
      family_name_original: 'null',
      given_names_original: 'null',
      name_keys: 'empty_array',
      birth_date: 'birth_year',
      birth_date_precision: 'birth_year_precision',
      gender: 'keep',
      countries_of_origin: 'keep',
      nationalities: 'keep',
      phone: 'null',
      email: 'null',
      street: 'null',
      postcode: 'null',
      // The city and its district stay: reports are broken down by them (reference-data.md, Köln districts).
      city: 'keep',
      city_district: 'keep',
      accommodation: 'keep',
      work_permission: 'keep',
      benefits: 'keep',
      // Data about offences (Art. 10 GDPR) are not kept beyond their purpose.
      excluded_offender: 'false',
      vocational_experience: 'null',
      restricted: 'keep',
      // Anonymous data are no personal data: nothing is left to block.
      blocked_at: 'null',
      blocked_reason: 'null',
      merged_into_id: 'keep',
      anonymised_at: 'now',
      is_demo: 'keep',
      created_by: 'keep',
      version: 'bump',
      created_at: 'keep',
      updated_at: 'now',
    },
  },
  participant_residence_status: {
    rows: 'scrub',
    columns: {
      municipality_id: 'keep',
      id: 'keep',
      participant_id: 'keep',
      status: 'keep',
      legal_paragraph: 'keep',
      valid_from: 'keep',
      valid_to: 'keep',
      document_expiry: 'keep',
      notes: 'null',
      created_by: 'keep',
      created_at: 'keep',
    },
  },
  participant_language: {
    rows: 'scrub',
    columns: {
      municipality_id: 'keep',
      id: 'keep',
      participant_id: 'keep',
      language: 'keep',
      level: 'keep',
      evidence_date: 'keep',
      evidence: 'null',
      created_at: 'keep',
    },
  },
  participant_schooling: {
    rows: 'scrub',
    columns: {
      municipality_id: 'keep',
      id: 'keep',
      participant_id: 'keep',
      country: 'keep',
      years: 'keep',
      qualification: 'keep',
      recognised: 'keep',
      notes: 'null',
      created_at: 'keep',
    },
  },
  participant_consent: {
    rows: 'delete',
    why: 'consents document the lawfulness of processing a person; anonymous data need none',
  },
  participant_case: {
    rows: 'scrub',
    columns: {
      municipality_id: 'keep',
      id: 'keep',
      participant_id: 'keep',
      programme: 'keep',
      team_id: 'keep',
      opened_on: 'keep',
      intake_on: 'keep',
      intake_notes: 'null',
      strands: 'keep',
      exception_justification: 'null',
      eligibility_decision: 'keep',
      // The reasons may name dates of the person (birthday, document expiry); the decision itself stays.
      eligibility_reasons: 'empty_json_array',
      eligibility_checked_at: 'keep',
      eligibility_lost_at: 'keep',
      exited_on: 'keep',
      exit_outcome: 'keep',
      exit_notes: 'null',
      follow_up_due_on: 'keep',
      followed_up_on: 'keep',
      follow_up_outcome: 'keep',
      follow_up_notes: 'null',
      restricted: 'keep',
      is_demo: 'keep',
      created_by: 'keep',
      version: 'bump',
      created_at: 'keep',
      updated_at: 'now',
    },
  },
  case_assignment: {
    rows: 'keep',
    why: 'who worked on the case and when: staff workload statistics; no data of the person',
  },
  case_assessment: {
    rows: 'scrub',
    columns: { ...caseChild, assessed_on: 'keep', areas: 'scrub_json', notes: 'null' },
  },
  case_goal: {
    rows: 'scrub',
    columns: { ...caseChild, title: 'redact', area: 'keep', due_on: 'keep', status: 'keep' },
  },
  case_step: {
    rows: 'scrub',
    columns: {
      ...caseChild,
      goal_id: 'keep',
      title: 'redact',
      owner_user_id: 'keep',
      due_on: 'keep',
      status: 'keep',
      done_on: 'keep',
    },
  },
  case_contact: {
    rows: 'scrub',
    columns: {
      ...caseChild,
      occurred_at: 'keep',
      duration_minutes: 'keep',
      channel: 'keep',
      topic: 'redact',
      attendees: 'null',
      coaching: 'keep',
      notes: 'null',
    },
  },
  case_referral: {
    rows: 'scrub',
    columns: {
      ...caseChild,
      service: 'keep',
      referred_on: 'keep',
      description: 'null',
      outcome: 'keep',
      outcome_on: 'keep',
      outcome_notes: 'null',
    },
  },
  case_conference: {
    rows: 'scrub',
    columns: { ...caseChild, held_on: 'keep', attendees: 'redact', findings: 'null', agreements: 'null' },
  },
  case_document: { rows: 'delete', why: 'documents are personal through and through' },
  // Enrolments feed the quality review (fill, completion and drop-out rates, transitions) and the measure-career
  // statistics: the facts stay, the free texts and the exception's justification go.
  enrolment: {
    rows: 'scrub',
    columns: {
      municipality_id: 'keep',
      id: 'keep',
      participant_id: 'keep',
      offer_id: 'keep',
      case_id: 'keep',
      referred_on: 'keep',
      starts_on: 'keep',
      ends_on: 'keep',
      status: 'keep',
      dropout_reason: 'keep',
      dropout_notes: 'null',
      sessions_planned: 'keep',
      sessions_attended: 'keep',
      hours_attended: 'keep',
      attendance_confirmed_by: 'keep',
      attendance_confirmed_on: 'keep',
      certificate: 'keep',
      exam_result: 'keep',
      cefr_level_reached: 'keep',
      school_qualification_reached: 'keep',
      vocational_qualification_reached: 'keep',
      next_step: 'null',
      eligibility_outcome: 'keep',
      exception_justification: 'null',
      queued_at: 'keep',
      is_demo: 'keep',
      created_by: 'keep',
      version: 'bump',
      created_at: 'keep',
      updated_at: 'now',
    },
  },
  // Measure-career alerts feed the quality review (alerts linked to offers and providers) and the municipality's
  // counts: the rule, dates, states and figures stay; the staff's plan and reason are free text and go (redacted,
  // not nulled, because an acknowledged alert must have a plan and a dismissed one a reason).
  measure_career_alert: {
    rows: 'scrub',
    columns: {
      municipality_id: 'keep',
      id: 'keep',
      participant_id: 'keep',
      rule: 'keep',
      anchor_enrolment_id: 'keep',
      enrolment_ids: 'keep',
      details: 'scrub_json',
      status: 'keep',
      detected_at: 'keep',
      resolved_at: 'keep',
      handled_by: 'keep',
      handled_at: 'keep',
      plan: 'redact',
      dismissal_reason: 'redact',
      version: 'bump',
      updated_at: 'now',
    },
  },
  audit_log: {
    rows: 'keep',
    why: 'append-only and hash-chained; holds the participant only as a random id, never content',
  },
  deletion_ledger: { rows: 'keep', why: 'the evidence of the erasure itself; no personal data' },
};

/** Keys of structured answers that hold free text whatever their value looks like. */
const FREE_TEXT_KEYS = new Set(['notes', 'note', 'comment', 'comments', 'vocationalGoal', 'occupations']);
/** Values that are codes of a list (snake_case), CEFR levels, ISO countries/languages, strands or ISO dates. */
const CODE = /^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)*|[A-C][0-2]|A0|[A-Z]{2}|FB[1-6]|\d{4}-\d{2}-\d{2})$/;

/**
 * Keeps only what cannot be free text: numbers, booleans, nulls and code-like strings, in objects and arrays,
 * without the keys that hold free text. The result is still valid against the areas' schema, whose text
 * fields are all optional.
 */
export function scrubStructured(value: unknown): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return CODE.test(value) && value.length <= 40 ? value : undefined;
  if (Array.isArray(value)) {
    return value.map(scrubStructured).filter((item) => item !== undefined);
  }
  if (typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (FREE_TEXT_KEYS.has(key)) continue;
      const scrubbed = scrubStructured(item);
      if (scrubbed !== undefined) kept[key] = scrubbed;
    }
    return kept;
  }
  return undefined;
}

/** The columns a plan changes (for the audit entry's changedFields: names, never values). */
export function changedColumns(table: PersonTable): string[] {
  const plan = ANONYMISATION_PLAN[table];
  if (plan.rows !== 'scrub') return [];
  return Object.entries(plan.columns)
    .filter(([, treatment]) => !['keep', 'now', 'bump'].includes(treatment))
    .map(([column]) => column);
}

/** The pseudonymous number for a counter value: "TN-" and at least six digits. */
export function participantNumber(value: number): string {
  return `TN-${String(value).padStart(6, '0')}`;
}
