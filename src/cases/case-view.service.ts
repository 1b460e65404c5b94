// The full view of one case: its fields, derived status, participant, assignments with history, latest
// assessment, plan, counts, warnings. Read inside the caller's transaction (after the access check).
import { AppError } from '../platform/errors.ts';
import { isoOrNull, today, type CaseContext, type Trx } from './case.context.ts';
import { listAssignments } from './case-assignment.repository.ts';
import { listAssessments, listGoals, listSteps } from './case-plan.repository.ts';
import {
  presentAssessment,
  presentAssignment,
  presentCaseSummary,
  presentExit,
  presentFollowUp,
  presentGoal,
} from './case.presenter.ts';
import { findCase, type CaseRecord } from './case.repository.ts';
import { caseWarnings } from './case.rules.ts';
import type { Case } from './case.schema.ts';
import { countCaseWork } from './case-work.repository.ts';

/** The full case view, read inside the given transaction. */
export async function readCaseDetail(ctx: CaseContext, trx: Trx, record: CaseRecord): Promise<Case> {
  const { row, participant } = record;
  const day = today(ctx);
  const [assignments, assessments, goals, steps, counts] = await Promise.all([
    listAssignments(trx, row.id),
    listAssessments(trx, row.id, 1),
    listGoals(trx, row.id),
    listSteps(trx, row.id),
    countCaseWork(trx, row.id),
  ]);
  const statusFacts = {
    assessmentCount: counts.assessments,
    goalCount: counts.goals,
    activeMeasures: counts.activeMeasures,
  };
  const latest = assessments[0];
  return {
    ...presentCaseSummary(row, statusFacts),
    participant: {
      id: participant.id,
      number: participant.number,
      familyName: participant.family_name,
      givenNames: participant.given_names,
      restricted: participant.restricted,
      blocked: participant.blocked_at !== null,
      mergedIntoId: participant.merged_into_id,
    },
    intakeNotes: row.intake_notes,
    exceptionJustification: row.exception_justification,
    exit: presentExit(row),
    followUp: presentFollowUp(row, day),
    assignments: {
      current: assignments.filter((a) => a.ended_at === null).map(presentAssignment),
      history: assignments
        .filter((a) => a.ended_at !== null)
        .sort((a, b) => (b.ended_at?.getTime() ?? 0) - (a.ended_at?.getTime() ?? 0))
        .map(presentAssignment),
    },
    latestAssessment: latest ? presentAssessment(latest) : null,
    goals: goals.map((goal) => presentGoal(goal, steps, day)),
    counts: {
      assessments: counts.assessments,
      goals: counts.goals,
      contacts: counts.contacts,
      referrals: counts.referrals,
      conferences: counts.conferences,
      documents: counts.documents,
    },
    activeMeasures: counts.activeMeasures,
    lastContactAt: isoOrNull(counts.lastContactAt),
    warnings: caseWarnings(
      {
        eligibilityLostAt: row.eligibility_lost_at,
        followUpDueOn: row.follow_up_due_on,
        followedUpOn: row.followed_up_on,
        openStepDueDates: steps.filter((step) => step.status === 'open').map((step) => step.due_on),
      },
      day,
    ),
    writable:
      row.exited_on === null &&
      participant.blocked_at === null &&
      participant.merged_into_id === null &&
      participant.anonymised_at === null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function reloadCase(ctx: CaseContext, trx: Trx, id: string): Promise<Case> {
  const record = await findCase(trx, id);
  if (!record) throw new AppError('not_found', 'No such case.');
  return readCaseDetail(ctx, trx, record);
}
