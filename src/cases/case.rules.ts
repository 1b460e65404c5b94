// Pure rules of case work: the derived case status, the follow-up date, the warnings a case shows, the
// weakest eligibility decision, who may be assigned, and which writes an exited case still accepts.
// No I/O: the services gather the facts, these functions decide.
import { permissions, type Action, type Actor, type Target } from '../access/access.rules.ts';
import type { AssignmentRole, CaseStatus, EligibilityOutcome, ReferralOutcome } from './case.codes.ts';

/** The time zone whose calendar decides "today" for due dates (NRW municipalities). */
export const CASE_TIME_ZONE = 'Europe/Berlin';
/** NRW labour-market practice: a follow-up questionnaire 6 months after exit. */
export const FOLLOW_UP_MONTHS = 6;
/** The follow-up task appears on the caseload this many days before it is due. */
export const FOLLOW_UP_LEAD_DAYS = 14;
/** Referral outcomes that mean the person is in a measure now (counted as active measures). */
export const activeReferralOutcomes: readonly ReferralOutcome[] = ['accepted', 'started'];

const calendarDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: CASE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) of an instant in the case time zone. */
export function localDate(at: Date): string {
  return calendarDay.format(at);
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not an ISO date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds calendar months; a day that the target month lacks becomes its last day (31 Aug + 6 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** When the follow-up of a case exited on this date is due. */
export function followUpDueOn(exitedOn: string): string {
  return addMonths(exitedOn, FOLLOW_UP_MONTHS);
}

/** What the status of a case is derived from. */
export interface CaseStatusFacts {
  exitedOn: string | null;
  followedUpOn: string | null;
  assessmentCount: number;
  goalCount: number;
  /** Referrals accepted or started, and (from the offers area) current enrolments. */
  activeMeasures: number;
}

/** open → assessed → planned → in measures → exited → followed up; the furthest stage reached counts. */
export function deriveCaseStatus(facts: CaseStatusFacts): CaseStatus {
  if (facts.followedUpOn !== null) return 'followed_up';
  if (facts.exitedOn !== null) return 'exited';
  if (facts.activeMeasures > 0) return 'in_measures';
  if (facts.goalCount > 0) return 'planned';
  if (facts.assessmentCount > 0) return 'assessed';
  return 'open';
}

export type CaseWarning =
  | { kind: 'eligibility_lost'; since: string }
  | { kind: 'follow_up_due'; dueOn: string }
  | { kind: 'follow_up_overdue'; dueOn: string }
  | { kind: 'steps_overdue'; count: number; oldestDueOn: string };

export interface CaseWarningFacts {
  eligibilityLostAt: Date | null;
  followUpDueOn: string | null;
  followedUpOn: string | null;
  /** Due dates of the case's open steps (null = no due date). */
  openStepDueDates: readonly (string | null)[];
}

export type FollowUpState = 'due' | 'overdue' | null;

/** Whether the follow-up shows as a task today: from FOLLOW_UP_LEAD_DAYS before its date, overdue after it. */
export function followUpState(dueOn: string | null, followedUpOn: string | null, today: string): FollowUpState {
  if (dueOn === null || followedUpOn !== null) return null;
  if (today > dueOn) return 'overdue';
  return today >= addDays(dueOn, -FOLLOW_UP_LEAD_DAYS) ? 'due' : null;
}

/** The warnings a case shows on the given day, in a fixed order. */
export function caseWarnings(facts: CaseWarningFacts, today: string): CaseWarning[] {
  const warnings: CaseWarning[] = [];
  if (facts.eligibilityLostAt)
    warnings.push({ kind: 'eligibility_lost', since: facts.eligibilityLostAt.toISOString() });
  const followUp = followUpState(facts.followUpDueOn, facts.followedUpOn, today);
  if (followUp === 'due' && facts.followUpDueOn) warnings.push({ kind: 'follow_up_due', dueOn: facts.followUpDueOn });
  if (followUp === 'overdue' && facts.followUpDueOn) {
    warnings.push({ kind: 'follow_up_overdue', dueOn: facts.followUpDueOn });
  }
  const overdue = facts.openStepDueDates.filter((due): due is string => due !== null && due < today).sort();
  if (overdue.length > 0 && overdue[0]) {
    warnings.push({ kind: 'steps_overdue', count: overdue.length, oldestDueOn: overdue[0] });
  }
  return warnings;
}

const strength: Record<EligibilityOutcome, number> = { not_eligible: 0, eligible_by_exception: 1, eligible: 2 };

/** A case's decision is the weakest over its strands (one strand not eligible makes the case not eligible). */
export function weakestDecision(decisions: readonly EligibilityOutcome[]): EligibilityOutcome {
  let weakest: EligibilityOutcome = 'eligible';
  for (const decision of decisions) if (strength[decision] < strength[weakest]) weakest = decision;
  return weakest;
}

export function isEligible(decision: EligibilityOutcome | null): boolean {
  return decision === 'eligible' || decision === 'eligible_by_exception';
}

/**
 * When eligibility was lost, after a new decision: set at the moment it goes from eligible (or by exception)
 * to not eligible, kept while it stays lost, cleared when it is regained.
 */
export function eligibilityLostAt(
  previous: { decision: EligibilityOutcome | null; lostAt: Date | null },
  next: EligibilityOutcome,
  now: Date,
): Date | null {
  if (isEligible(next)) return null;
  if (previous.lostAt) return previous.lostAt;
  return isEligible(previous.decision) ? now : null;
}

/** The parts of a case a request writes; an exited case accepts only documents, its follow-up and assignments. */
export type CasePart =
  | 'case'
  | 'assessment'
  | 'goal'
  | 'step'
  | 'contact'
  | 'referral'
  | 'conference'
  | 'document'
  | 'assignment'
  | 'exit'
  | 'follow_up';

export type CaseWriteProblem = 'exited' | 'not_exited' | 'followed_up' | null;

/**
 * Whether a write to this part is allowed in the case's state. Exited cases are closed for plan and contact
 * work (a new case is opened instead; reopening is not possible). Assignments stay possible until the follow-up
 * is done, because someone must be responsible for it.
 */
export function caseWriteProblem(state: { exitedOn: string | null; followedUpOn: string | null }, part: CasePart) {
  const exited = state.exitedOn !== null;
  switch (part) {
    case 'document':
      return null;
    case 'follow_up':
      if (!exited) return 'not_exited';
      return state.followedUpOn !== null ? 'followed_up' : null;
    case 'assignment':
      return state.followedUpOn !== null ? 'followed_up' : null;
    default:
      return exited ? 'exited' : null;
  }
}

/** The facts of a case that decide who may act on it. */
export interface CaseAccessFacts {
  municipalityId: string;
  teamId: string | null;
  /** Users currently assigned (participation manager, coach). */
  assignedUserIds: readonly string[];
  caseRestricted: boolean;
  participantRestricted: boolean;
}

/** The access Target of a case: restricted when the case or its participant is. */
export function caseTarget(facts: CaseAccessFacts): Target {
  return {
    resource: 'case',
    municipalityId: facts.municipalityId,
    teamIds: facts.teamId ? [facts.teamId] : [],
    assignedUserIds: facts.assignedUserIds,
    restricted: facts.caseRestricted || facts.participantRestricted,
  };
}

/**
 * Which cases of the active municipality an actor may act on, derived from the permission table, so that list
 * queries filter in SQL by the same rules `authorize` applies to one case: everything (municipality scope),
 * the cases of some teams, and/or the cases assigned to the actor. Restricted cases always need an assignment.
 */
export interface CaseVisibility {
  userId: string;
  everything: boolean;
  /** Whether the actor's role reaches cases by team at all (a manager without teams has it, with no teams). */
  teamScope: boolean;
  teamIds: readonly string[];
  assigned: boolean;
}

export function caseVisibility(actor: Actor, action: Action): CaseVisibility {
  const scopes = new Set(
    permissions
      .filter(
        (p) => actor.roles.includes(p.role) && p.resource === 'case' && (p.action === action || p.action === 'manage'),
      )
      .map((p) => p.scope),
  );
  const inMunicipality =
    actor.activeMunicipalityId !== null && actor.municipalityIds.includes(actor.activeMunicipalityId);
  return {
    userId: actor.userId,
    everything: scopes.has('all') || (scopes.has('municipality') && inMunicipality),
    teamScope: scopes.has('team'),
    teamIds: scopes.has('team') ? actor.teamIds : [],
    assigned: scopes.has('own'),
  };
}

/** The same decision as `authorize` on `caseTarget(facts)`, for a case of the actor's active municipality. */
export function isVisible(visibility: CaseVisibility, facts: Omit<CaseAccessFacts, 'municipalityId'>): boolean {
  const assigned = facts.assignedUserIds.includes(visibility.userId);
  if ((facts.caseRestricted || facts.participantRestricted) && !assigned) return false;
  if (visibility.everything) return true;
  if (facts.teamId !== null && visibility.teamIds.includes(facts.teamId)) return true;
  return visibility.assigned && assigned;
}

/** The account facts that decide whether a user may be assigned to a case in a role. */
export interface AssigneeFacts {
  status: 'invited' | 'active' | 'disabled';
  roles: readonly string[];
  organisationId: string;
  organisationKind: string;
  /** Municipalities the user's organisation serves (a provider's); empty otherwise. */
  servedMunicipalityIds: readonly string[];
}

export type AssigneeProblem = 'not_active' | 'lacks_role' | 'other_municipality';

/**
 * Participation managers belong to the case's municipality; coaches may also work for a provider serving it.
 * Every problem is listed.
 */
export function assigneeProblems(user: AssigneeFacts, role: AssignmentRole, municipalityId: string): AssigneeProblem[] {
  const problems: AssigneeProblem[] = [];
  if (user.status !== 'active') problems.push('not_active');
  if (!user.roles.includes(role)) problems.push('lacks_role');
  const ownMunicipality = user.organisationKind === 'municipality' && user.organisationId === municipalityId;
  const servingProvider =
    role === 'coach' && user.organisationKind === 'provider' && user.servedMunicipalityIds.includes(municipalityId);
  if (!ownMunicipality && !servingProvider) problems.push('other_municipality');
  return problems;
}
