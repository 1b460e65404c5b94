// Presenters: database rows → API objects (camelCase, ISO dates). Only the fields of the response schemas.
import type { AssessmentArea } from './case.codes.ts';
import { assessmentAreas } from './case.codes.ts';
import type { AssignmentRow } from './case-assignment.repository.ts';
import type { CaseRow } from './case.repository.ts';
import { deriveCaseStatus, followUpState, type CaseStatusFacts } from './case.rules.ts';
import type { Assignment, CaseEligibility, CaseSummary, EligibilityReason } from './case.schema.ts';
import type { DocumentRow } from './case-document.repository.ts';
import type { AssessmentRow, GoalRow, StepRow } from './case-plan.repository.ts';
import type { ConferenceRow, ContactRow, ReferralRow } from './case-work.repository.ts';
import type {
  Assessment,
  AssessmentAreas,
  CaseDocument,
  Conference,
  Contact,
  Goal,
  Referral,
  Step,
} from './case-work.schema.ts';

function iso(value: Date): string {
  return value.toISOString();
}

export function presentEligibility(row: CaseRow): CaseEligibility {
  return {
    decision: row.eligibility_decision,
    reasons: (Array.isArray(row.eligibility_reasons) ? row.eligibility_reasons : []) as EligibilityReason[],
    checkedAt: row.eligibility_checked_at ? iso(row.eligibility_checked_at) : null,
    lostAt: row.eligibility_lost_at ? iso(row.eligibility_lost_at) : null,
  };
}

export function presentCaseSummary(
  row: CaseRow,
  facts: Omit<CaseStatusFacts, 'exitedOn' | 'followedUpOn'>,
): CaseSummary {
  return {
    id: row.id,
    participantId: row.participant_id,
    programme: row.programme,
    teamId: row.team_id,
    openedOn: row.opened_on,
    intakeOn: row.intake_on,
    strands: row.strands as CaseSummary['strands'],
    restricted: row.restricted,
    status: deriveCaseStatus({ ...facts, exitedOn: row.exited_on, followedUpOn: row.followed_up_on }),
    eligibility: presentEligibility(row),
    exitedOn: row.exited_on,
    exitOutcome: row.exit_outcome,
    followUpDueOn: row.follow_up_due_on,
    followedUpOn: row.followed_up_on,
    version: row.version,
  };
}

export function presentExit(row: CaseRow) {
  if (row.exited_on === null || row.exit_outcome === null) return null;
  return { exitedOn: row.exited_on, outcome: row.exit_outcome, notes: row.exit_notes };
}

export function presentFollowUp(row: CaseRow, today: string) {
  if (row.follow_up_due_on === null) return null;
  return {
    dueOn: row.follow_up_due_on,
    state: followUpState(row.follow_up_due_on, row.followed_up_on, today),
    followedUpOn: row.followed_up_on,
    outcome: row.follow_up_outcome,
    notes: row.follow_up_notes,
  };
}

export function presentAssignment(row: AssignmentRow): Assignment {
  return {
    id: row.id,
    role: row.role,
    userId: row.user_id,
    displayName: row.display_name,
    startedAt: iso(row.started_at),
    endedAt: row.ended_at ? iso(row.ended_at) : null,
    version: row.version,
  };
}

/** Areas whose answer says support is needed, in the order of the code list. */
export function supportAreas(areas: AssessmentAreas): AssessmentArea[] {
  return assessmentAreas.filter((area) => areas[area]?.needsSupport === true);
}

export function presentAssessment(row: AssessmentRow): Assessment {
  const areas = row.areas as AssessmentAreas;
  return {
    id: row.id,
    assessedOn: row.assessed_on,
    areas,
    supportAreas: supportAreas(areas),
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    version: row.version,
  };
}

export function presentStep(row: StepRow, today: string): Step {
  return {
    id: row.id,
    goalId: row.goal_id,
    title: row.title,
    ownerUserId: row.owner_user_id,
    ownerName: row.owner_name,
    dueOn: row.due_on,
    status: row.status,
    doneOn: row.done_on,
    overdue: row.status === 'open' && row.due_on !== null && row.due_on < today,
    version: row.version,
  };
}

export function presentGoal(row: GoalRow, steps: readonly StepRow[], today: string): Goal {
  return {
    id: row.id,
    title: row.title,
    area: row.area as Goal['area'],
    dueOn: row.due_on,
    status: row.status,
    steps: steps.filter((step) => step.goal_id === row.id).map((step) => presentStep(step, today)),
    createdAt: iso(row.created_at),
    version: row.version,
  };
}

export function presentContact(row: ContactRow): Contact {
  return {
    id: row.id,
    occurredAt: iso(row.occurred_at),
    durationMinutes: row.duration_minutes,
    channel: row.channel,
    topic: row.topic,
    attendees: row.attendees,
    coaching: row.coaching,
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    version: row.version,
  };
}

export function presentReferral(row: ReferralRow): Referral {
  return {
    id: row.id,
    service: row.service,
    referredOn: row.referred_on,
    description: row.description,
    outcome: row.outcome,
    outcomeOn: row.outcome_on,
    outcomeNotes: row.outcome_notes,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    version: row.version,
  };
}

export function presentConference(row: ConferenceRow): Conference {
  return {
    id: row.id,
    heldOn: row.held_on,
    attendees: row.attendees,
    findings: row.findings,
    agreements: row.agreements,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    version: row.version,
  };
}

export function presentDocument(row: DocumentRow): CaseDocument {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}
