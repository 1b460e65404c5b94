// Use cases of enrolments: enrol a person into an offer (a seat, or the waiting list when the offer is full),
// change an enrolment (status, dates, attendance, results, next step), read one, and list a person's or an
// offer's enrolments. Every write is audited and followed, inside its transaction, by onEnrolmentChanged (the
// measure-career detector); every read is audited like a read of the person's data.
//
// Capacity: the offer's row is locked before seats are counted (participant → offer → enrolment, always in this
// order), so concurrent enrolments into one offer are serialised; the triggers of migration 0012 are the
// backstop, and their violation is a 409, never a 500. The waiting list is explained in enrolment.rules.ts.
import type { Transaction, Updateable } from 'kysely';
import { authorize, type Action, type Actor } from '../access/access.rules.ts';
import { actingIn } from '../cases/case.context.ts';
import type { Database } from '../database.ts';
import { assertWritable } from '../participants/participant.service.ts';
import { accessFactsOf, findParticipant } from '../participants/participant.repository.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  enrolmentReach,
  enrolmentTarget,
  participantEnrolmentsTarget,
  type EnrolmentFacts,
  type EnrolmentReach,
} from './enrolment-access.rules.ts';
import {
  findCaseOf,
  findEnrolment,
  hasCurrentEnrolment,
  insertEnrolment,
  lockEnrolment,
  providersOfParticipant,
  searchEnrolments,
  updateEnrolment,
  type EnrolmentRow,
} from './enrolment.repository.ts';
import { checkEligibility } from './enrolment-eligibility.ts';
import { presentEnrolment, stateOf } from './enrolment.presenter.ts';
import {
  applyEnrolmentChange,
  enrolmentProblems,
  enrolmentTransitionProblem,
  laterDate,
  maySeat,
  type EnrolmentState,
} from './enrolment.rules.ts';
import type {
  CreateEnrolment,
  Enrolment,
  EnrolmentPage,
  ListEnrolmentsQuery,
  UpdateEnrolment,
} from './enrolment.schema.ts';
import { findOffer, type OfferRow } from './offer.repository.ts';
import { acceptsEnrolments, newEnrolmentStatus, seatCounts } from './offer.rules.ts';
import type { EnrolmentTable } from './offer.table.ts';
import {
  assertNoProblems,
  auditRead,
  auditWrite,
  changedFieldsOf,
  offerContext,
  refuse,
  today,
  type OfferContext,
  type OfferServiceOptions,
  type RequestMeta,
} from './offers.context.ts';
import { isCheckViolation, isUniqueViolation } from '../platform/db/constraint-errors.ts';

export type { EnrolmentChange, OnEnrolmentChanged } from './enrolment.port.ts';

type Trx = Transaction<Database>;

export function createEnrolmentService(options: OfferServiceOptions) {
  const ctx: OfferContext = offerContext(options);
  const inTenant = <T>(actor: Actor, work: (trx: Trx) => Promise<T>) =>
    withTenant(ctx.db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, work);

  async function factsOf(trx: Trx, row: EnrolmentRow): Promise<EnrolmentFacts> {
    const facts = (await accessFactsOf(trx, [row.participant_id])).get(row.participant_id);
    return {
      municipalityId: row.municipality_id,
      assignedUserIds: facts?.assignedUserIds ?? [],
      providerId: row.provider_id,
      restricted: row.participant_restricted,
    };
  }

  /** One enrolment the actor may act on: 404 (audited) when not even readable for them, 403 when not this. */
  async function loadEnrolment(trx: Trx, actor: Actor, id: string, action: Action, meta: RequestMeta) {
    const row = await findEnrolment(trx, id);
    if (!row) throw new AppError('not_found', 'No such enrolment.');
    const target = enrolmentTarget(await factsOf(trx, row));
    const audited = { resourceType: 'enrolment' as const, resourceId: id, participantId: row.participant_id };
    const visible = authorize(actor, 'read', target);
    if (!visible.allowed) await refuse(ctx, actor, action, audited, visible.reason, meta, 'not_found');
    const decision = action === 'read' ? visible : authorize(actor, action, target);
    if (!decision.allowed) await refuse(ctx, actor, action, audited, decision.reason, meta);
    return row;
  }

  /** A person whose enrolments the actor may act on as a whole (list them, enrol the person). */
  async function loadPerson(trx: Trx, actor: Actor, participantId: string, action: Action, meta: RequestMeta) {
    const person = await findParticipant(trx, participantId);
    if (!person) throw new AppError('not_found', 'No such participant.');
    const facts = (await accessFactsOf(trx, [participantId])).get(participantId);
    const target = participantEnrolmentsTarget({
      municipalityId: person.municipality_id,
      assignedUserIds: facts?.assignedUserIds ?? [],
      providerIds: await providersOfParticipant(trx, participantId),
      restricted: person.restricted,
    });
    const audited = { resourceType: 'enrolment' as const, resourceId: null, participantId };
    const visible = authorize(actor, 'read', target);
    if (!visible.allowed) await refuse(ctx, actor, action, audited, visible.reason, meta, 'not_found');
    const decision = action === 'read' ? visible : authorize(actor, action, target);
    if (!decision.allowed) await refuse(ctx, actor, action, audited, decision.reason, meta);
    return person;
  }

  /** Writes need a person that may be processed: not blocked, merged or anonymised (then 409). */
  async function assertPersonWritable(trx: Trx, actor: Actor, participantId: string, anonymisedAt: Date | null) {
    await assertWritable(trx, actor, participantId);
    if (anonymisedAt !== null) throw new AppError('conflict', 'The participant was anonymised; nothing can be added.');
  }

  async function insertOrConflict(trx: Trx, values: Parameters<typeof insertEnrolment>[1]): Promise<string> {
    try {
      return await insertEnrolment(trx, values);
    } catch (error) {
      if (isCheckViolation(error, 'enrolment_within_capacity')) {
        throw new AppError('conflict', 'The offer is full; try again to be put on its waiting list.', { cause: error });
      }
      if (isUniqueViolation(error, 'enrolment_one_current')) {
        throw new AppError('conflict', 'The person is already enrolled in or waiting for this offer.', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async function readBack(trx: Trx, id: string): Promise<Enrolment> {
    const row = await findEnrolment(trx, id);
    if (!row) throw new Error('the enrolment just written is gone');
    return presentEnrolment(row);
  }

  /**
   * A page of enrolments within the actor's reach, after `check` (the person or offer is visible to the actor);
   * one audit entry for the read, with the count, committed before the page is answered.
   */
  async function listPage(
    actorOrNull: Actor | null,
    query: ListEnrolmentsQuery,
    meta: RequestMeta,
    list: {
      scope: { participantId?: string; offerId?: string };
      check: (trx: Trx, actor: Actor, reach: EnrolmentReach) => Promise<void>;
      audit: { participantId: string | null; details: Record<string, string> };
    },
  ): Promise<EnrolmentPage> {
    const { actor } = actingIn(actorOrNull);
    const reach = enrolmentReach(actor, 'read');
    if (!reach) throw new AppError('forbidden', 'You may not do this.');
    const order = parseSort(query.sort);
    const position = readCursor(query.cursor, query.sort);
    const rows = await inTenant(actor, async (trx) => {
      await list.check(trx, actor, reach);
      return searchEnrolments(trx, {
        reach,
        ...list.scope,
        status: query.status,
        sort: order,
        after: position,
        limit: query.limit + 1,
      });
    });
    const page = toPage(
      rows,
      query.limit,
      query.sort,
      (row) => ({ value: row.sort_key, id: row.id }),
      presentEnrolment,
    );
    await auditRead(ctx, actor, {
      action: 'read',
      resourceType: 'enrolment',
      resourceId: null,
      participantId: list.audit.participantId,
      details: { ...list.audit.details, count: page.items.length },
      meta,
    });
    return page;
  }

  return {
    async enrol(
      actorOrNull: Actor | null,
      participantId: string,
      input: CreateEnrolment,
      meta: RequestMeta,
    ): Promise<Enrolment> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      const day = today(ctx);
      return inTenant(actor, async (trx) => {
        const person = await loadPerson(trx, actor, participantId, 'create', meta);
        await assertPersonWritable(trx, actor, participantId, person.anonymised_at);
        const referredOn = input.referredOn ?? day;
        const problems = [];
        if (referredOn > day) {
          problems.push({ field: 'referredOn', code: 'in_future', message: 'a referral is recorded once it is made' });
        }
        const caseRow = input.caseId ? await findCaseOf(trx, input.caseId, participantId) : undefined;
        if (input.caseId && !caseRow) {
          problems.push({ field: 'caseId', code: 'not_found', message: 'not a case of this participant' });
        }
        const offer: OfferRow | undefined = await findOffer(trx, input.offerId, true);
        if (!offer)
          problems.push({ field: 'offerId', code: 'not_found', message: 'no such offer in this municipality' });
        assertNoProblems(problems, 'The enrolment is not valid.');
        if (!offer) throw new Error('unreachable: a missing offer is a problem above');
        if (!acceptsEnrolments(offer.status)) {
          throw new AppError('conflict', 'The offer has ended; it takes no more enrolments.');
        }
        if (await hasCurrentEnrolment(trx, participantId, offer.id)) {
          throw new AppError('conflict', 'The person is already enrolled in or waiting for this offer.');
        }
        const eligibility = offer.strand
          ? await checkEligibility(
              trx,
              { municipalityId, participantId, strand: offer.strand, on: referredOn },
              input.exceptionJustification ?? caseRow?.exception_justification ?? null,
            )
          : null;
        const status = newEnrolmentStatus(seatCounts(offer.capacity, offer.active_count, offer.waiting_count));
        // A seat means the person starts: on the planned day, else when the offer starts (not before the referral).
        const startsOn =
          input.startsOn ?? (status === 'active' ? laterDate(offer.starts_on ?? referredOn, referredOn) : null);
        const state: EnrolmentState = {
          status,
          referredOn,
          startsOn,
          endsOn: input.endsOn ?? null,
          dropoutReason: null,
          sessionsPlanned: null,
          sessionsAttended: null,
          hoursAttended: null,
          certificate: false,
          examResult: null,
          cefrLevelReached: null,
          schoolQualificationReached: null,
          vocationalQualificationReached: false,
        };
        assertNoProblems(enrolmentProblems(state), 'The enrolment is not valid.');
        const id = await insertOrConflict(trx, {
          municipality_id: municipalityId,
          participant_id: participantId,
          offer_id: offer.id,
          case_id: caseRow?.id ?? null,
          referred_on: referredOn,
          starts_on: startsOn,
          ends_on: state.endsOn,
          status,
          dropout_reason: null,
          dropout_notes: null,
          sessions_planned: null,
          sessions_attended: null,
          hours_attended: null,
          attendance_confirmed_by: null,
          attendance_confirmed_on: null,
          exam_result: null,
          cefr_level_reached: null,
          school_qualification_reached: null,
          next_step: null,
          eligibility_outcome: eligibility?.outcome ?? null,
          exception_justification: eligibility?.justification ?? null,
          created_by: actor.userId,
        });
        await ctx.onEnrolmentChanged(trx, { municipalityId, participantId, actor });
        await auditWrite(trx, actor, {
          action: 'create',
          resourceType: 'enrolment',
          resourceId: id,
          participantId,
          changedFields: changedFieldsOf(input),
          details: { offerId: offer.id, status, ...(eligibility ? { eligibility: eligibility.outcome } : {}) },
          meta,
        });
        return readBack(trx, id);
      });
    },

    async update(
      actorOrNull: Actor | null,
      enrolmentId: string,
      expectedVersion: number,
      input: UpdateEnrolment,
      meta: RequestMeta,
    ): Promise<Enrolment> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      const day = today(ctx);
      return inTenant(actor, async (trx) => {
        const found = await loadEnrolment(trx, actor, enrolmentId, 'update', meta);
        const person = await findParticipant(trx, found.participant_id);
        await assertPersonWritable(trx, actor, found.participant_id, person?.anonymised_at ?? null);
        // Lock order: participant (share, above) → offer → enrolment.
        const offer = await findOffer(trx, found.offer_id, true);
        const locked = await lockEnrolment(trx, enrolmentId);
        if (!offer || !locked) throw new AppError('not_found', 'No such enrolment.');
        if (locked.version !== expectedVersion) {
          throw new AppError('precondition_failed', 'The enrolment was changed by someone else; reload it.');
        }
        const row = await findEnrolment(trx, enrolmentId);
        if (!row) throw new AppError('not_found', 'No such enrolment.');
        const before = stateOf(row);
        const status = input.status ?? before.status;
        const transition = enrolmentTransitionProblem(before.status, status);
        if (transition) {
          throw new AppError('conflict', `The enrolment cannot change so: ${transition.message}.`, {
            fieldErrors: [{ in: 'body', ...transition }],
          });
        }
        if (before.status === 'waiting' && status === 'active') {
          const free = seatCounts(offer.capacity, offer.active_count, offer.waiting_count).free;
          if (offer.status === 'ended') throw new AppError('conflict', 'The offer has ended; nobody can start it now.');
          if (!maySeat(row.waiting_position ?? Number.MAX_SAFE_INTEGER, free)) {
            throw new AppError(
              'conflict',
              `No seat is free for this person yet: place ${row.waiting_position} on the waiting list, ${free} seat(s) free.`,
              { fieldErrors: [{ in: 'body', field: 'status', code: 'no_free_seat', message: 'no seat is free yet' }] },
            );
          }
        }
        const after = applyEnrolmentChange(
          before,
          { ...input, status },
          { today: day, offerStartsOn: offer.starts_on },
        );
        const attendanceChanged =
          input.sessionsPlanned !== undefined ||
          input.sessionsAttended !== undefined ||
          input.hoursAttended !== undefined;
        assertNoProblems(enrolmentProblems(after), 'The change is not valid.');
        if (input.attendanceConfirmed === true && actor.organisationId !== row.provider_id) {
          throw new AppError('forbidden', "Attendance is confirmed by the offer's provider.", {
            fieldErrors: [
              {
                in: 'body',
                field: 'attendanceConfirmed',
                code: 'provider_only',
                message: "only the offer's provider confirms attendance",
              },
            ],
          });
        }
        const changes: Updateable<EnrolmentTable> = {
          status: after.status,
          starts_on: after.startsOn,
          ends_on: after.endsOn,
          dropout_reason: after.dropoutReason,
          sessions_planned: after.sessionsPlanned,
          sessions_attended: after.sessionsAttended,
          hours_attended: after.hoursAttended,
          certificate: after.certificate,
          exam_result: after.examResult,
          cefr_level_reached: after.cefrLevelReached,
          school_qualification_reached: after.schoolQualificationReached,
          vocational_qualification_reached: after.vocationalQualificationReached,
        };
        if (input.dropoutNotes !== undefined) changes.dropout_notes = input.dropoutNotes;
        else if (after.status !== 'dropped_out') changes.dropout_notes = null;
        if (input.nextStep !== undefined) changes.next_step = input.nextStep;
        if (input.attendanceConfirmed === true) {
          changes.attendance_confirmed_by = actor.userId;
          changes.attendance_confirmed_on = day;
        } else if (input.attendanceConfirmed === false || attendanceChanged) {
          // A confirmation is of the figures it was given for: changed figures need a new one.
          changes.attendance_confirmed_by = null;
          changes.attendance_confirmed_on = null;
        }
        try {
          await updateEnrolment(trx, enrolmentId, changes, ctx.now());
        } catch (error) {
          if (isCheckViolation(error, 'enrolment_within_capacity')) {
            throw new AppError('conflict', 'The offer is full: no seat is free for this person.', { cause: error });
          }
          throw error;
        }
        await ctx.onEnrolmentChanged(trx, { municipalityId, participantId: row.participant_id, actor });
        await auditWrite(trx, actor, {
          action: 'update',
          resourceType: 'enrolment',
          resourceId: enrolmentId,
          participantId: row.participant_id,
          changedFields: changedFieldsOf(input),
          details: before.status === status ? {} : { from: before.status, to: status },
          meta,
        });
        return readBack(trx, enrolmentId);
      });
    },

    async get(actorOrNull: Actor | null, enrolmentId: string, meta: RequestMeta): Promise<Enrolment> {
      const { actor } = actingIn(actorOrNull);
      const row = await inTenant(actor, (trx) => loadEnrolment(trx, actor, enrolmentId, 'read', meta));
      await auditRead(ctx, actor, {
        action: 'read',
        resourceType: 'enrolment',
        resourceId: enrolmentId,
        participantId: row.participant_id,
        meta,
      });
      return presentEnrolment(row);
    },

    async listOfParticipant(
      actor: Actor | null,
      participantId: string,
      query: ListEnrolmentsQuery,
      meta: RequestMeta,
    ): Promise<EnrolmentPage> {
      return listPage(actor, query, meta, {
        scope: { participantId },
        check: async (trx, who) => {
          await loadPerson(trx, who, participantId, 'read', meta);
        },
        audit: { participantId, details: { view: 'enrolments_of_participant' } },
      });
    },

    async listOfOffer(
      actor: Actor | null,
      offerId: string,
      query: ListEnrolmentsQuery,
      meta: RequestMeta,
    ): Promise<EnrolmentPage> {
      return listPage(actor, query, meta, {
        scope: { offerId },
        check: async (trx, who, reach) => {
          const offer = await findOffer(trx, offerId);
          if (!offer) throw new AppError('not_found', 'No such offer.');
          // A provider's staff see the enrolments of their own offers only; another provider's list is refused
          // rather than shown empty, so that nobody takes it for an offer without participants.
          if (!reach.wholeMunicipality && !reach.assigned && reach.providerId !== offer.provider_id) {
            const reason = "the offer is another provider's";
            await refuse(ctx, who, 'read', { resourceType: 'enrolment', resourceId: null }, reason, meta);
          }
        },
        audit: { participantId: null, details: { view: 'enrolments_of_offer', offerId } },
      });
    },
  };
}

export type EnrolmentService = ReturnType<typeof createEnrolmentService>;
