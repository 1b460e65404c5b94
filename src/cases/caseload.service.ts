// Views over cases: my caseload (coaches: the cases assigned to them; participation managers: theirs, or with
// scope=team their teams' cases) and the timeline of everything that happened to a participant. Both are
// list reads: one audit entry per request, with the count and the filter names.
import { authorize, type Actor } from '../access/access.rules.ts';
import { participantTarget } from '../participants/participant-access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  actingIn,
  auditDenial,
  caseContext,
  filterNames,
  readAudited,
  today,
  type CaseServiceOptions,
  type RequestMeta,
} from './case.context.ts';
import { findParticipantFacts, listParticipantCases } from './case.repository.ts';
import { caseVisibility, caseWarnings, deriveCaseStatus, followUpState, isVisible } from './case.rules.ts';
import { listCaseload, listTimeline, type CaseloadRow, type TimelineRow } from './caseload.repository.ts';
import type {
  CaseloadItem,
  CaseloadPage,
  CaseloadQuery,
  TimelineEvent,
  TimelinePage,
  TimelineQuery,
} from './caseload.schema.ts';

function presentCaseloadItem(row: CaseloadRow, day: string): CaseloadItem {
  const status = deriveCaseStatus({
    exitedOn: row.exited_on,
    followedUpOn: row.followed_up_on,
    assessmentCount: row.assessment_count,
    goalCount: row.goal_count,
    activeMeasures: row.active_measures,
  });
  const warnings = caseWarnings(
    {
      eligibilityLostAt: row.eligibility_lost_at,
      followUpDueOn: row.follow_up_due_on,
      followedUpOn: row.followed_up_on,
      openStepDueDates: row.open_step_due_dates,
    },
    day,
  );
  return {
    caseId: row.id,
    participant: {
      id: row.participant_id,
      number: row.number,
      familyName: row.family_name,
      givenNames: row.given_names,
    },
    programme: row.programme,
    strands: row.strands as CaseloadItem['strands'],
    openedOn: row.opened_on,
    status,
    restricted: row.restricted || row.participant_restricted,
    assignments: row.assignments,
    nextDueStep:
      row.next_step_id && row.next_step_title && row.next_step_due_on
        ? { id: row.next_step_id, title: row.next_step_title, dueOn: row.next_step_due_on }
        : null,
    nextDueOn: row.next_due_on,
    overdueSteps: row.overdue_steps,
    openAlerts: row.open_alerts,
    eligibilityLost: row.eligibility_lost_at !== null,
    eligibilityLostAt: row.eligibility_lost_at ? row.eligibility_lost_at.toISOString() : null,
    followUpDueOn: row.follow_up_due_on,
    followUp: followUpState(row.follow_up_due_on, row.followed_up_on, day),
    lastContactAt: row.last_contact_at ? row.last_contact_at.toISOString() : null,
    warnings: warnings.map((warning) => warning.kind),
  };
}

function presentEvent(row: TimelineRow): TimelineEvent {
  return {
    id: row.id,
    kind: row.kind,
    at: row.at.toISOString(),
    on: row.on_day,
    caseId: row.case_id,
    recordId: row.record_id,
    summary: row.summary,
    actorUserId: row.actor_user_id,
  };
}

export function createCaseloadService(options: CaseServiceOptions) {
  const ctx = caseContext(options);

  return {
    async caseload(actor: Actor | null, query: CaseloadQuery, meta: RequestMeta): Promise<CaseloadPage> {
      const { actor: who, municipalityId } = actingIn(actor);
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const visibility = caseVisibility(who, 'read');
      if (query.scope === 'team' && !visibility.teamScope && !visibility.everything) {
        await auditDenial(ctx, who, 'read', { caseId: null, participantId: null }, 'no team scope on cases', meta);
        throw new AppError('forbidden', "Only participation managers see their teams' cases.");
      }
      const day = today(ctx);
      return readAudited(ctx, who, municipalityId, async (trx) => {
        const rows = await listCaseload(trx, {
          visibility,
          scope: query.scope === 'own' ? { kind: 'own', userId: who.userId } : { kind: 'team', teamIds: who.teamIds },
          statuses: query.status,
          warnings: query.warning,
          programme: query.programme,
          strand: query.strand,
          today: day,
          sort: order.field,
          direction: order.direction,
          after: position ? { value: String(position.value), id: position.id } : undefined,
          limit: query.limit + 1,
        });
        // The SQL filter mirrors authorize; checking each row again keeps a divergence from ever leaking a case.
        const allowed = rows.filter((row) =>
          isVisible(visibility, {
            teamId: row.team_id,
            assignedUserIds: row.assignments.map((a) => a.userId),
            caseRestricted: row.restricted,
            participantRestricted: row.participant_restricted,
          }),
        );
        const page = toPage(
          allowed,
          query.limit,
          query.sort,
          (row) => ({ value: row.sort_key, id: row.id }),
          (row) => presentCaseloadItem(row, day),
        );
        return {
          result: page,
          audit: {
            action: 'read',
            caseId: null,
            participantId: null,
            details: {
              view: 'caseload',
              scope: query.scope,
              count: page.items.length,
              filters: filterNames(query, ['status', 'warning', 'programme', 'strand']),
            },
            meta,
          },
        };
      });
    },

    async timeline(
      actor: Actor | null,
      participantId: string,
      query: TimelineQuery,
      meta: RequestMeta,
    ): Promise<TimelinePage> {
      const { actor: who, municipalityId } = actingIn(actor);
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      return readAudited(ctx, who, municipalityId, async (trx) => {
        const participant = await findParticipantFacts(trx, participantId);
        if (!participant) throw new AppError('not_found', 'No such participant.');
        const decision = authorize(
          who,
          'read',
          participantTarget({
            municipalityId,
            restricted: participant.restricted,
            assignedUserIds: participant.assigned_user_ids,
            teamIds: participant.team_ids,
            enrolledWithOrganisationIds: [],
          }),
        );
        if (!decision.allowed) {
          await auditDenial(ctx, who, 'read', { caseId: null, participantId }, decision.reason, meta);
          throw new AppError('not_found', 'No such participant.');
        }
        // Only the cases the actor may read contribute events; a participant has few cases, all fit one query.
        const visibility = caseVisibility(who, 'read');
        const cases = await listParticipantCases(trx, {
          participantId,
          visibility,
          direction: 'asc',
          limit: 1000,
        });
        const caseIds = cases
          .filter((record) =>
            isVisible(visibility, {
              teamId: record.row.team_id,
              assignedUserIds: record.assignedUserIds,
              caseRestricted: record.row.restricted,
              participantRestricted: record.participant.restricted,
            }),
          )
          .map((record) => record.row.id);
        const rows = await listTimeline(trx, {
          participantId,
          caseIds,
          kinds: query.kind,
          direction: order.direction,
          after: position ? { value: String(position.value), id: position.id } : undefined,
          limit: query.limit + 1,
        });
        const page = toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({ value: row.sort_key, id: row.id }),
          presentEvent,
        );
        return {
          result: page,
          audit: {
            action: 'read',
            resourceType: 'participant',
            caseId: null,
            participantId,
            details: { view: 'timeline', count: page.items.length, filters: filterNames(query, ['kind']) },
            meta,
          },
        };
      });
    },
  };
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;
