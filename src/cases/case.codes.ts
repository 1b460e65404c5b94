// The code lists of case work, shared by the API schemas, the rules and the web forms. Migration
// 20261129_0007_cases.ts froze the lists of its time in check constraints; a test keeps both in step.

/** Exit and follow-up outcomes (domain.md section 5). */
export const caseOutcomes = [
  'training_dual', // Ausbildung (dual)
  'training_school', // Ausbildung (schulisch)
  'entry_qualification', // Einstiegsqualifizierung (EQ)
  'employment_insured', // sozialversicherungspflichtige Beschäftigung
  'employment_marginal', // geringfügige Beschäftigung
  'school_certificate', // Schulabschluss
  'language_certificate', // Sprachzertifikat (level)
  'handover_kim', // Übergabe an KIM
  'handover_regular', // Übergabe an das Regelsystem
  'dropout', // Abbruch
  'moved_away', // Wegzug
  'departure', // Ausreise / Abschiebung
  'status_change', // Statuswechsel
  'other',
] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** Outcomes that count as a placement into training or work (Köln's "23 % placed"). */
export const placementOutcomes: readonly CaseOutcome[] = [
  'training_dual',
  'training_school',
  'entry_qualification',
  'employment_insured',
  'employment_marginal',
];

export const contactChannels = ['in_person', 'phone', 'video', 'message', 'outreach', 'home_visit'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/** Regular services a case refers to (Regelsystem). */
export const referralServices = [
  'jobcenter',
  'employment_agency',
  'bamf_course',
  'berufskolleg',
  'counselling',
  'other',
] as const;
export type ReferralService = (typeof referralServices)[number];

export const referralOutcomes = [
  'pending',
  'accepted',
  'started',
  'completed',
  'rejected',
  'no_show',
  'cancelled',
] as const;
export type ReferralOutcome = (typeof referralOutcomes)[number];

/** Areas of the needs assessment. */
export const assessmentAreas = [
  'language',
  'schooling',
  'vocational',
  'health',
  'childcare',
  'housing',
  'legal_status',
  'finances',
] as const;
export type AssessmentArea = (typeof assessmentAreas)[number];

export const goalStatuses = ['open', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof goalStatuses)[number];
export const stepStatuses = ['open', 'done', 'cancelled'] as const;
export type StepStatus = (typeof stepStatuses)[number];

export const documentKinds = ['consent', 'certificate', 'residence_document', 'cv', 'letter', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const assignmentRoles = ['participation_manager', 'coach'] as const;
export type AssignmentRole = (typeof assignmentRoles)[number];

export const eligibilityOutcomes = ['eligible', 'not_eligible', 'eligible_by_exception'] as const;
export type EligibilityOutcome = (typeof eligibilityOutcomes)[number];

/** The derived case status (never stored): open → assessed → planned → in measures → exited → followed up. */
export const caseStatuses = ['open', 'assessed', 'planned', 'in_measures', 'exited', 'followed_up'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** The warnings a case can show (derived by case.rules.ts `caseWarnings`), in their fixed order. */
export const warningKinds = ['eligibility_lost', 'follow_up_due', 'follow_up_overdue', 'steps_overdue'] as const;
export type WarningKind = (typeof warningKinds)[number];

/** Whose cases the caseload shows: own (assigned to me) or team (my teams' cases). */
export const caseloadScopes = ['own', 'team'] as const;
export type CaseloadScope = (typeof caseloadScopes)[number];
