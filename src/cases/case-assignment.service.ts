// Assignment of participation managers and coaches to a case, with history: a new assignment ends the current
// one of its role. Managed by participation managers (a coach does not hand cases around).
import type { Actor } from '../access/access.rules.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import {
  actingIn,
  assertCaseWritable,
  auditCase,
  auditDenial,
  caseContext,
  inTenant,
  readAudited,
  loadCase,
  type CaseServiceOptions,
  type RequestMeta,
  type Trx,
} from './case.context.ts';
import { presentAssignment } from './case.presenter.ts';
import {
  endAssignment,
  endCurrentAssignment,
  findAssigneeFacts,
  findAssignment,
  insertAssignment,
  listAssigneeCandidates,
  listAssignments,
} from './case-assignment.repository.ts';
import type { CaseRecord } from './case.repository.ts';
import { assigneeProblems, type AssigneeProblem } from './case.rules.ts';
import {
  ASSIGNABLE_USERS_LIMIT,
  type AssignableUserList,
  type AssignableUsersQuery,
  type Assignment,
  type CreateAssignment,
} from './case.schema.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';

const problemMessages: Record<AssigneeProblem, string> = {
  not_active: 'the account is not active',
  lacks_role: 'the account does not hold this role',
  other_municipality: 'the account belongs neither to this municipality nor (for coaches) to a provider serving it',
};

export function createCaseAssignmentService(options: CaseServiceOptions) {
  const ctx = caseContext(options);

  /**
   * The case, when the actor may change its assignments: update access to it and the participation manager
   * role. `write` locks it and requires a state that accepts assignments; the list of candidates only reads.
   */
  async function loadForAssignment(
    trx: Trx,
    actor: Actor,
    id: string,
    meta: RequestMeta,
    { write = true }: { write?: boolean } = {},
  ): Promise<CaseRecord> {
    const record = await loadCase(ctx, trx, actor, id, 'update', meta, { lock: write });
    if (!actor.roles.includes('participation_manager')) {
      await auditDenial(
        ctx,
        actor,
        'update',
        { caseId: id, participantId: record.row.participant_id },
        'assignments are managed by participation managers',
        meta,
      );
      throw new AppError('forbidden', 'Assignments are managed by participation managers.');
    }
    if (write) assertCaseWritable(record, 'assignment');
    return record;
  }

  const collator = new Intl.Collator('de', { sensitivity: 'base' });

  return {
    /**
     * Who may hold a role on the case (the choice of the assignment form): exactly the accounts an assignment
     * accepts. Names and organisations only; one audited read of the case.
     */
    async assignableUsers(
      actor: Actor | null,
      id: string,
      query: AssignableUsersQuery,
      meta: RequestMeta,
    ): Promise<AssignableUserList> {
      const { actor: who, municipalityId } = actingIn(actor);
      return readAudited(ctx, who, municipalityId, async (trx) => {
        const record = await loadForAssignment(trx, who, id, meta, { write: false });
        const rows = await listAssigneeCandidates(trx, municipalityId, query.role, ASSIGNABLE_USERS_LIMIT + 1);
        const current = new Set(
          (await listAssignments(trx, id))
            .filter((a) => a.ended_at === null && a.role === query.role)
            .map((a) => a.user_id),
        );
        const eligible = rows.filter(
          (row) =>
            assigneeProblems(
              {
                status: row.status,
                roles: row.roles,
                organisationId: row.organisation_id,
                organisationKind: row.organisation_kind,
                servedMunicipalityIds: row.served_municipality_ids,
              },
              query.role,
              municipalityId,
            ).length === 0,
        );
        const items = eligible
          .slice(0, ASSIGNABLE_USERS_LIMIT)
          .map((row) => ({
            id: row.id,
            displayName: row.display_name,
            organisationName: row.organisation_name,
            role: query.role,
            currentlyAssigned: current.has(row.id),
          }))
          .sort((a, b) => collator.compare(a.displayName, b.displayName) || a.id.localeCompare(b.id));
        return {
          result: { items, truncated: rows.length > ASSIGNABLE_USERS_LIMIT },
          audit: {
            action: 'read',
            caseId: id,
            participantId: record.row.participant_id,
            details: { part: 'assignable_users', role: query.role, count: items.length },
            meta,
          },
        };
      });
    },

    async assign(actor: Actor | null, id: string, input: CreateAssignment, meta: RequestMeta): Promise<Assignment> {
      const { actor: who, municipalityId } = actingIn(actor);
      try {
        return await inTenant(ctx, who, async (trx) => {
          const record = await loadForAssignment(trx, who, id, meta);
          const user = await findAssigneeFacts(trx, input.userId);
          const problems: FieldError[] = user
            ? assigneeProblems(
                {
                  status: user.status,
                  roles: user.roles,
                  organisationId: user.organisation_id,
                  organisationKind: user.organisation_kind,
                  servedMunicipalityIds: user.served_municipality_ids,
                },
                input.role,
                municipalityId,
              ).map((problem) => ({ in: 'body', field: 'userId', code: problem, message: problemMessages[problem] }))
            : [{ in: 'body', field: 'userId', code: 'not_found', message: 'no such account' }];
          if (problems.length > 0) {
            throw new AppError('validation_failed', 'This account cannot be assigned in this role.', {
              fieldErrors: problems,
            });
          }
          const already = (await listAssignments(trx, id)).find(
            (a) => a.ended_at === null && a.role === input.role && a.user_id === input.userId,
          );
          if (already) throw new AppError('conflict', 'This account holds this role on the case already.');
          const now = ctx.now();
          const ended = await endCurrentAssignment(trx, id, input.role, now);
          const assignmentId = await insertAssignment(trx, {
            municipality_id: municipalityId,
            case_id: id,
            participant_id: record.row.participant_id,
            user_id: input.userId,
            role: input.role,
            started_at: now,
            created_by: who.userId,
          });
          const created = await findAssignment(trx, id, assignmentId);
          if (!created) throw new Error('assignment vanished in its own transaction');
          await auditCase(trx, municipalityId, who, {
            action: 'update',
            caseId: id,
            participantId: record.row.participant_id,
            changedFields: [`assignments.${input.role}`],
            details: { part: 'assignment', role: input.role, replaced: ended !== undefined },
            meta,
          });
          return presentAssignment(created);
        });
      } catch (error) {
        // Two assignments of the same role at the same moment: the second one lost the race.
        if (isUniqueViolation(error, 'case_assignment_current')) {
          throw new AppError('conflict', 'The assignment was changed at the same time; reload the case.');
        }
        throw error;
      }
    },

    async end(actor: Actor | null, id: string, assignmentId: string, meta: RequestMeta): Promise<void> {
      const { actor: who, municipalityId } = actingIn(actor);
      await inTenant(ctx, who, async (trx) => {
        const record = await loadForAssignment(trx, who, id, meta);
        const assignment = await findAssignment(trx, id, assignmentId);
        if (!assignment) throw new AppError('not_found', 'No such assignment on this case.');
        if (assignment.ended_at !== null || !(await endAssignment(trx, assignmentId, ctx.now()))) {
          throw new AppError('conflict', 'This assignment has ended already.');
        }
        await auditCase(trx, municipalityId, who, {
          action: 'update',
          caseId: id,
          participantId: record.row.participant_id,
          changedFields: [`assignments.${assignment.role}`],
          details: { part: 'assignment', role: assignment.role, ended: true },
          meta,
        });
      });
    },
  };
}

export type CaseAssignmentService = ReturnType<typeof createCaseAssignmentService>;
