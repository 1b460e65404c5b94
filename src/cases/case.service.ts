// Cases: intake with the eligibility decision, the case view, changes, the list of a participant's cases,
// exit and follow-up. Assignments are in case-assignment.service.ts, the work on a case in case-work.service.ts.
import { authorize, type Actor } from '../access/access.rules.ts';
import { participantTarget } from '../participants/participant-access.rules.ts';
import { assertWritable } from '../participants/participant.service.ts';
import type { Strand } from '../participants/participant.codes.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  accessFactsOf,
  actingIn,
  assertCaseWritable,
  assertVersion,
  auditCase,
  auditDenial,
  caseContext,
  inTenant,
  readAudited,
  loadCase,
  today,
  type CaseContext,
  type CaseServiceOptions,
  type RequestMeta,
  type Trx,
} from './case.context.ts';
import { evaluateForCase, notEligibleError } from './case-eligibility.service.ts';
import { readCaseDetail, reloadCase } from './case-view.service.ts';
import { presentCaseSummary } from './case.presenter.ts';
import {
  findParticipantFacts,
  insertCase,
  listParticipantCases,
  teamExists,
  updateCase,
  type CaseChanges,
} from './case.repository.ts';
import {
  assigneeProblems,
  caseTarget,
  caseVisibility,
  eligibilityLostAt,
  followUpDueOn,
  isVisible,
} from './case.rules.ts';
import type {
  Case,
  CasePage,
  CreateCase,
  ExitCase,
  FollowUp,
  ListParticipantCasesQuery,
  UpdateCase,
} from './case.schema.ts';
import { findAssigneeFacts, insertAssignment } from './case-assignment.repository.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';

const ONE_OPEN_CASE = 'participant_case_one_open';

function bodyError(field: string, code: string, message: string): FieldError {
  return { in: 'body', field, code, message };
}

function dateProblems(ctx: CaseContext, dates: Record<string, string | null | undefined>): FieldError[] {
  const day = today(ctx);
  return Object.entries(dates)
    .filter(([, value]) => value != null && value > day)
    .map(([field]) => bodyError(field, 'in_future', 'must not be in the future'));
}

export function createCaseService(options: CaseServiceOptions) {
  const ctx = caseContext(options);

  /** The participant, if the actor may see it (else 404, denial audited), share-locked against blocking. */
  async function loadParticipant(trx: Trx, actor: Actor, participantId: string, meta: RequestMeta) {
    const participant = await findParticipantFacts(trx, participantId);
    if (!participant) throw new AppError('not_found', 'No such participant.');
    const decision = authorize(
      actor,
      'read',
      participantTarget({
        municipalityId: actor.activeMunicipalityId ?? '',
        restricted: participant.restricted,
        assignedUserIds: participant.assigned_user_ids,
        teamIds: participant.team_ids,
        enrolledWithOrganisationIds: [],
      }),
    );
    if (!decision.allowed) {
      await auditDenial(ctx, actor, 'read', { caseId: null, participantId }, decision.reason, meta);
      throw new AppError('not_found', 'No such participant.');
    }
    return participant;
  }

  return {
    async create(actor: Actor | null, participantId: string, input: CreateCase, meta: RequestMeta): Promise<Case> {
      const { actor: who, municipalityId } = actingIn(actor);
      try {
        return await inTenant(ctx, who, async (trx) => {
          const participant = await loadParticipant(trx, who, participantId, meta);
          // A restricted person's new case is opened only by staff assigned to one of the person's cases.
          const decision = authorize(who, 'create', {
            resource: 'case',
            municipalityId,
            assignedUserIds: participant.assigned_user_ids,
            restricted: participant.restricted,
          });
          if (!decision.allowed) {
            await auditDenial(ctx, who, 'create', { caseId: null, participantId }, decision.reason, meta);
            throw new AppError('forbidden', 'You may not do this.');
          }
          // Not blocked or merged; share-locked until the case is in, so that it cannot be blocked meanwhile.
          await assertWritable(trx, who, participantId);
          const problems = dateProblems(ctx, { openedOn: input.openedOn, intakeOn: input.intakeOn });
          if (!(await teamExists(trx, input.teamId))) {
            problems.push(bodyError('teamId', 'not_found', 'no such team in this municipality'));
          }
          if (problems.length > 0) {
            throw new AppError('validation_failed', 'The case is not valid.', { fieldErrors: problems });
          }
          const justification = input.exceptionJustification ?? null;
          const eligibility = await evaluateForCase(
            ctx,
            trx,
            { municipalityId, participantId, programme: input.programme, strands: input.strands },
            input.openedOn,
            justification,
          );
          if (eligibility?.decision === 'not_eligible') throw notEligibleError(eligibility, justification !== null);
          const now = ctx.now();
          const id = await insertCase(trx, {
            municipality_id: municipalityId,
            participant_id: participantId,
            programme: input.programme,
            team_id: input.teamId,
            opened_on: input.openedOn,
            intake_on: input.intakeOn ?? null,
            intake_notes: input.intakeNotes ?? null,
            strands: [...input.strands],
            exception_justification: justification,
            eligibility_decision: eligibility?.decision ?? null,
            eligibility_reasons: JSON.stringify(eligibility?.reasons ?? []),
            eligibility_checked_at: eligibility ? now : null,
            restricted: input.restricted ?? false,
            created_by: who.userId,
          });
          // Whoever opens the case as a participation manager becomes its participation manager, unless the case
          // goes to another team than their own (an intake handed over at once: that team's managers take it over).
          const creator = await findAssigneeFacts(trx, who.userId);
          const ownTeam = input.teamId == null || who.teamIds.includes(input.teamId);
          const workableOnceAssigned =
            ownTeam &&
            authorize(
              who,
              'update',
              caseTarget({
                municipalityId,
                teamId: input.teamId,
                assignedUserIds: [who.userId],
                caseRestricted: input.restricted ?? false,
                participantRestricted: participant.restricted,
              }),
            ).allowed;
          const creatorFits =
            workableOnceAssigned &&
            creator &&
            assigneeProblems(
              {
                status: creator.status,
                roles: creator.roles,
                organisationId: creator.organisation_id,
                organisationKind: creator.organisation_kind,
                servedMunicipalityIds: creator.served_municipality_ids,
              },
              'participation_manager',
              municipalityId,
            ).length === 0;
          if (creatorFits) {
            await insertAssignment(trx, {
              municipality_id: municipalityId,
              case_id: id,
              participant_id: participantId,
              user_id: who.userId,
              role: 'participation_manager',
              started_at: now,
              created_by: who.userId,
            });
          }
          const created = await reloadCase(ctx, trx, id);
          await auditCase(trx, municipalityId, who, {
            action: 'create',
            caseId: id,
            participantId,
            changedFields: Object.keys(input).filter((key) => input[key as keyof CreateCase] !== undefined),
            details: { eligibility: created.eligibility.decision, creatorAssigned: Boolean(creatorFits) },
            meta,
          });
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error, ONE_OPEN_CASE)) {
          throw new AppError(
            'conflict',
            'This participant has an open case in this programme already: exit it before opening a new one.',
            { fieldErrors: [bodyError('programme', 'open_case_exists', 'an open case in this programme exists')] },
          );
        }
        throw error;
      }
    },

    async get(actor: Actor | null, id: string, meta: RequestMeta): Promise<Case> {
      const { actor: who, municipalityId } = actingIn(actor);
      return readAudited(ctx, who, municipalityId, async (trx) => {
        const record = await loadCase(ctx, trx, who, id, 'read', meta);
        const detail = await readCaseDetail(ctx, trx, record);
        return {
          result: detail,
          audit: {
            action: 'read',
            caseId: id,
            participantId: record.row.participant_id,
            meta,
          },
        };
      });
    },

    async update(
      actor: Actor | null,
      id: string,
      expectedVersion: number,
      input: UpdateCase,
      meta: RequestMeta,
    ): Promise<Case> {
      const { actor: who, municipalityId } = actingIn(actor);
      return inTenant(ctx, who, async (trx) => {
        const record = await loadCase(ctx, trx, who, id, 'update', meta, { lock: true });
        assertCaseWritable(record, 'case');
        assertVersion(record.row, expectedVersion);
        const { row } = record;
        const problems = dateProblems(ctx, { intakeOn: input.intakeOn });
        if (input.teamId !== undefined && !(await teamExists(trx, input.teamId))) {
          problems.push(bodyError('teamId', 'not_found', 'no such team in this municipality'));
        }
        if (problems.length > 0) {
          throw new AppError('validation_failed', 'The change is not valid.', { fieldErrors: problems });
        }
        const changes: CaseChanges = {};
        if (input.teamId !== undefined) changes.team_id = input.teamId;
        if (input.intakeOn !== undefined) changes.intake_on = input.intakeOn;
        if (input.intakeNotes !== undefined) changes.intake_notes = input.intakeNotes;
        if (input.strands !== undefined) changes.strands = [...input.strands];
        if (input.exceptionJustification !== undefined) changes.exception_justification = input.exceptionJustification;
        if (input.restricted !== undefined) changes.restricted = input.restricted;
        // New strands or a changed exception mean a new decision, on today's date (the case runs now).
        if (input.strands !== undefined || input.exceptionJustification !== undefined) {
          const justification =
            input.exceptionJustification === undefined ? row.exception_justification : input.exceptionJustification;
          const eligibility = await evaluateForCase(
            ctx,
            trx,
            {
              municipalityId,
              participantId: row.participant_id,
              programme: row.programme,
              strands: (input.strands ?? row.strands) as Strand[],
            },
            today(ctx),
            justification,
          );
          if (eligibility) {
            if (eligibility.decision === 'not_eligible') throw notEligibleError(eligibility, justification !== null);
            const now = ctx.now();
            changes.eligibility_decision = eligibility.decision;
            changes.eligibility_reasons = JSON.stringify(eligibility.reasons);
            changes.eligibility_checked_at = now;
            changes.eligibility_lost_at = eligibilityLostAt(
              { decision: row.eligibility_decision, lostAt: row.eligibility_lost_at },
              eligibility.decision,
              now,
            );
          }
        }
        if (!(await updateCase(trx, id, expectedVersion, changes, ctx.now()))) {
          throw new AppError('precondition_failed', 'The case was changed by someone else; reload it.');
        }
        const updated = await reloadCase(ctx, trx, id);
        await auditCase(trx, municipalityId, who, {
          action: 'update',
          caseId: id,
          participantId: row.participant_id,
          changedFields: Object.keys(input).filter((key) => input[key as keyof UpdateCase] !== undefined),
          meta,
        });
        return updated;
      });
    },

    async listForParticipant(
      actor: Actor | null,
      participantId: string,
      query: ListParticipantCasesQuery,
      meta: RequestMeta,
    ): Promise<CasePage> {
      const { actor: who, municipalityId } = actingIn(actor);
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      return readAudited(ctx, who, municipalityId, async (trx) => {
        await loadParticipant(trx, who, participantId, meta);
        const visibility = caseVisibility(who, 'read');
        const rows = await listParticipantCases(trx, {
          participantId,
          visibility,
          programme: query.programme,
          open: query.open,
          direction: order.direction,
          after: position ? { value: String(position.value), id: position.id } : undefined,
          limit: query.limit + 1,
        });
        // The SQL filter mirrors authorize; checking each row again keeps a divergence from ever leaking a case.
        const allowed = rows.filter((record) => isVisible(visibility, accessFactsOf(record)));
        const page = toPage(
          allowed,
          query.limit,
          query.sort,
          (record) => ({ value: record.row.opened_on, id: record.row.id }),
          (record) => presentCaseSummary(record.row, record.statusFacts),
        );
        return {
          result: page,
          audit: {
            action: 'read',
            caseId: null,
            participantId,
            details: {
              view: 'participant_cases',
              count: page.items.length,
              filters: ['programme', 'open']
                .filter((name) => query[name as 'programme' | 'open'] !== undefined)
                .join(','),
            },
            meta,
          },
        };
      });
    },

    async exit(actor: Actor | null, id: string, expectedVersion: number, input: ExitCase, meta: RequestMeta) {
      const { actor: who, municipalityId } = actingIn(actor);
      return inTenant(ctx, who, async (trx) => {
        const record = await loadCase(ctx, trx, who, id, 'update', meta, { lock: true });
        assertCaseWritable(record, 'exit');
        assertVersion(record.row, expectedVersion);
        const problems = dateProblems(ctx, { exitedOn: input.exitedOn });
        if (input.exitedOn < record.row.opened_on) {
          problems.push(
            bodyError('exitedOn', 'before_opening', `must not be before the opening (${record.row.opened_on})`),
          );
        }
        if (problems.length > 0)
          throw new AppError('validation_failed', 'The exit is not valid.', { fieldErrors: problems });
        const changes: CaseChanges = {
          exited_on: input.exitedOn,
          exit_outcome: input.outcome,
          exit_notes: input.notes ?? null,
          follow_up_due_on: followUpDueOn(input.exitedOn),
        };
        if (!(await updateCase(trx, id, expectedVersion, changes, ctx.now()))) {
          throw new AppError('precondition_failed', 'The case was changed by someone else; reload it.');
        }
        const updated = await reloadCase(ctx, trx, id);
        await auditCase(trx, municipalityId, who, {
          action: 'update',
          caseId: id,
          participantId: record.row.participant_id,
          changedFields: ['exitedOn', 'exitOutcome', 'exitNotes', 'followUpDueOn'],
          details: { part: 'exit' },
          meta,
        });
        return updated;
      });
    },

    async followUp(actor: Actor | null, id: string, expectedVersion: number, input: FollowUp, meta: RequestMeta) {
      const { actor: who, municipalityId } = actingIn(actor);
      return inTenant(ctx, who, async (trx) => {
        const record = await loadCase(ctx, trx, who, id, 'update', meta, { lock: true });
        assertCaseWritable(record, 'follow_up');
        assertVersion(record.row, expectedVersion);
        const problems = dateProblems(ctx, { followedUpOn: input.followedUpOn });
        const exitedOn = record.row.exited_on ?? '';
        if (input.followedUpOn < exitedOn) {
          problems.push(bodyError('followedUpOn', 'before_exit', `must not be before the exit (${exitedOn})`));
        }
        if (problems.length > 0) {
          throw new AppError('validation_failed', 'The follow-up is not valid.', { fieldErrors: problems });
        }
        const changes: CaseChanges = {
          followed_up_on: input.followedUpOn,
          follow_up_outcome: input.outcome,
          follow_up_notes: input.notes ?? null,
        };
        if (!(await updateCase(trx, id, expectedVersion, changes, ctx.now()))) {
          throw new AppError('precondition_failed', 'The case was changed by someone else; reload it.');
        }
        const updated = await reloadCase(ctx, trx, id);
        await auditCase(trx, municipalityId, who, {
          action: 'update',
          caseId: id,
          participantId: record.row.participant_id,
          changedFields: ['followedUpOn', 'followUpOutcome', 'followUpNotes'],
          details: { part: 'follow_up' },
          meta,
        });
        return updated;
      });
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
