// Contacts (FB1 coaching sessions are contacts with coaching = true), referrals to regular services with their
// outcome, and case conferences. An exited case accepts none of these any more (409).
import type { Actor } from '../access/access.rules.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  assertVersion,
  caseContext,
  fieldsOf,
  filterNames,
  readCasePart,
  today,
  writeCasePart,
  type CaseContext,
  type CaseServiceOptions,
  type RequestMeta,
} from './case.context.ts';
import { presentConference, presentContact, presentReferral } from './case.presenter.ts';
import type { CaseRow } from './case.repository.ts';
import {
  findConference,
  findContact,
  findReferral,
  insertConference,
  insertContact,
  insertReferral,
  listConferences,
  listContacts,
  listReferrals,
  updateConference,
  updateContact,
  updateReferral,
  type ConferenceValues,
  type ContactValues,
  type ReferralRow,
  type ReferralValues,
} from './case-work.repository.ts';
import type {
  Conference,
  ConferencePage,
  Contact,
  ContactPage,
  CreateConference,
  CreateContact,
  CreateReferral,
  ListConferencesQuery,
  ListContactsQuery,
  ListReferralsQuery,
  Referral,
  ReferralPage,
  UpdateConference,
  UpdateContact,
  UpdateReferral,
} from './case-work.schema.ts';

/** Clocks of phones and PCs drift; a contact "just now" may carry a time a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

function bodyError(field: string, code: string, message: string): FieldError {
  return { in: 'body', field, code, message };
}

function assertNoProblems(problems: readonly FieldError[], message: string): void {
  if (problems.length > 0) throw new AppError('validation_failed', message, { fieldErrors: [...problems] });
}

function notInFuture(ctx: CaseContext, field: string, value: string | null | undefined): FieldError[] {
  return value != null && value > today(ctx) ? [bodyError(field, 'in_future', 'must not be in the future')] : [];
}

function contactProblems(ctx: CaseContext, row: CaseRow, values: Pick<ContactValues, 'occurred_at' | 'coaching'>) {
  const problems: FieldError[] = [];
  if (values.occurred_at.getTime() > ctx.now().getTime() + CLOCK_SKEW_MS) {
    problems.push(bodyError('occurredAt', 'in_future', 'must not be in the future'));
  }
  if (values.coaching && !row.strands.includes('FB1')) {
    problems.push(bodyError('coaching', 'no_coaching_strand', 'coaching sessions belong to cases with strand FB1'));
  }
  return problems;
}

/** The columns of a referral change: an outcome other than pending gets its day (default today). */
function referralChanges(ctx: CaseContext, current: ReferralRow, input: UpdateReferral, problems: FieldError[]) {
  const changes: Partial<ReferralValues> = {};
  if (input.service !== undefined) changes.service = input.service;
  if (input.referredOn !== undefined) changes.referred_on = input.referredOn;
  if (input.description !== undefined) changes.description = input.description;
  if (input.outcomeNotes !== undefined) changes.outcome_notes = input.outcomeNotes;
  const outcome = input.outcome ?? current.outcome;
  if (input.outcome !== undefined) changes.outcome = input.outcome;
  const referredOn = input.referredOn ?? current.referred_on;
  problems.push(...notInFuture(ctx, 'referredOn', input.referredOn));
  if (outcome === 'pending') {
    if (input.outcomeOn != null) {
      problems.push(bodyError('outcomeOn', 'only_with_outcome', 'a pending referral has no outcome date'));
    } else if (current.outcome_on !== null) {
      changes.outcome_on = null;
    }
    return changes;
  }
  const outcomeOn =
    input.outcomeOn ??
    (input.outcome !== undefined && input.outcome !== current.outcome ? null : current.outcome_on) ??
    today(ctx);
  problems.push(...notInFuture(ctx, 'outcomeOn', outcomeOn));
  if (outcomeOn < referredOn) {
    problems.push(bodyError('outcomeOn', 'before_referral', `must not be before the referral (${referredOn})`));
  }
  if (outcomeOn !== current.outcome_on) changes.outcome_on = outcomeOn;
  return changes;
}

export function createCaseWorkService(options: CaseServiceOptions) {
  const ctx = caseContext(options);

  return {
    async addContact(actor: Actor | null, caseId: string, input: CreateContact, meta: RequestMeta) {
      return writeCasePart<Contact>(ctx, actor, caseId, 'contact', meta, async (trx, record, who) => {
        const values: ContactValues = {
          occurred_at: new Date(input.occurredAt),
          duration_minutes: input.durationMinutes ?? null,
          channel: input.channel,
          topic: input.topic,
          attendees: input.attendees ?? null,
          coaching: input.coaching ?? false,
          notes: input.notes ?? null,
        };
        assertNoProblems(contactProblems(ctx, record.row, values), 'The contact is not valid.');
        const row = await insertContact(trx, {
          ...values,
          municipality_id: record.row.municipality_id,
          case_id: caseId,
          participant_id: record.row.participant_id,
          created_by: who.userId,
        });
        return {
          result: presentContact(row),
          action: 'create',
          changedFields: fieldsOf('contact', input),
          partId: row.id,
        };
      });
    },

    async updateContact(
      actor: Actor | null,
      caseId: string,
      contactId: string,
      expectedVersion: number,
      input: UpdateContact,
      meta: RequestMeta,
    ) {
      return writeCasePart<Contact>(ctx, actor, caseId, 'contact', meta, async (trx, record) => {
        const current = await findContact(trx, caseId, contactId);
        if (!current) throw new AppError('not_found', 'No such contact in this case.');
        assertVersion(current, expectedVersion, 'contact');
        const changes: Partial<ContactValues> = {};
        if (input.occurredAt !== undefined) changes.occurred_at = new Date(input.occurredAt);
        if (input.durationMinutes !== undefined) changes.duration_minutes = input.durationMinutes;
        if (input.channel !== undefined) changes.channel = input.channel;
        if (input.topic !== undefined) changes.topic = input.topic;
        if (input.attendees !== undefined) changes.attendees = input.attendees;
        if (input.coaching !== undefined) changes.coaching = input.coaching;
        if (input.notes !== undefined) changes.notes = input.notes;
        const problems = contactProblems(ctx, record.row, {
          occurred_at: changes.occurred_at ?? current.occurred_at,
          coaching: changes.coaching ?? current.coaching,
        });
        // Only what this request changes is checked against the clock: an old contact stays editable.
        assertNoProblems(
          problems.filter((p) => p.field !== 'occurredAt' || changes.occurred_at !== undefined),
          'The change is not valid.',
        );
        const updated = await updateContact(trx, contactId, expectedVersion, changes, ctx.now());
        if (!updated) throw new AppError('precondition_failed', 'The contact was changed by someone else; reload it.');
        return {
          result: presentContact(updated),
          action: 'update',
          changedFields: fieldsOf('contact', input),
          partId: contactId,
        };
      });
    },

    async listContacts(actor: Actor | null, caseId: string, query: ListContactsQuery, meta: RequestMeta) {
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
        throw new AppError('validation_failed', 'The period is empty.', {
          fieldErrors: [{ in: 'querystring', field: 'to', code: 'before_from', message: 'must be after from' }],
        });
      }
      return readCasePart<ContactPage>(ctx, actor, caseId, meta, async (trx) => {
        const rows = await listContacts(
          trx,
          caseId,
          {
            channel: query.channel,
            coaching: query.coaching,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
          },
          { direction: order.direction, after: position, limit: query.limit + 1 },
        );
        const page = toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({ value: row.sort_key, id: row.id }),
          presentContact,
        );
        return {
          result: page,
          details: {
            view: 'contacts',
            count: page.items.length,
            filters: filterNames(query, ['channel', 'coaching', 'from', 'to']),
          },
        };
      });
    },

    async addReferral(actor: Actor | null, caseId: string, input: CreateReferral, meta: RequestMeta) {
      return writeCasePart<Referral>(ctx, actor, caseId, 'referral', meta, async (trx, record, who) => {
        assertNoProblems(notInFuture(ctx, 'referredOn', input.referredOn), 'The referral is not valid.');
        const row = await insertReferral(trx, {
          municipality_id: record.row.municipality_id,
          case_id: caseId,
          participant_id: record.row.participant_id,
          created_by: who.userId,
          service: input.service,
          referred_on: input.referredOn,
          description: input.description ?? null,
        });
        return {
          result: presentReferral(row),
          action: 'create',
          changedFields: fieldsOf('referral', input),
          partId: row.id,
        };
      });
    },

    async updateReferral(
      actor: Actor | null,
      caseId: string,
      referralId: string,
      expectedVersion: number,
      input: UpdateReferral,
      meta: RequestMeta,
    ) {
      return writeCasePart<Referral>(ctx, actor, caseId, 'referral', meta, async (trx) => {
        const current = await findReferral(trx, caseId, referralId);
        if (!current) throw new AppError('not_found', 'No such referral in this case.');
        assertVersion(current, expectedVersion, 'referral');
        const problems: FieldError[] = [];
        const changes = referralChanges(ctx, current, input, problems);
        assertNoProblems(problems, 'The change is not valid.');
        const updated = await updateReferral(trx, referralId, expectedVersion, changes, ctx.now());
        if (!updated) throw new AppError('precondition_failed', 'The referral was changed by someone else; reload it.');
        return {
          result: presentReferral(updated),
          action: 'update',
          changedFields: fieldsOf('referral', { ...input, outcomeOn: changes.outcome_on }),
          partId: referralId,
        };
      });
    },

    async listReferrals(actor: Actor | null, caseId: string, query: ListReferralsQuery, meta: RequestMeta) {
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      return readCasePart<ReferralPage>(ctx, actor, caseId, meta, async (trx) => {
        const rows = await listReferrals(
          trx,
          caseId,
          { service: query.service, outcome: query.outcome },
          { direction: order.direction, after: position, limit: query.limit + 1 },
        );
        const page = toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({ value: row.referred_on, id: row.id }),
          presentReferral,
        );
        return {
          result: page,
          details: { view: 'referrals', count: page.items.length, filters: filterNames(query, ['service', 'outcome']) },
        };
      });
    },

    async addConference(actor: Actor | null, caseId: string, input: CreateConference, meta: RequestMeta) {
      return writeCasePart<Conference>(ctx, actor, caseId, 'conference', meta, async (trx, record, who) => {
        assertNoProblems(notInFuture(ctx, 'heldOn', input.heldOn), 'The case conference is not valid.');
        const row = await insertConference(trx, {
          municipality_id: record.row.municipality_id,
          case_id: caseId,
          participant_id: record.row.participant_id,
          created_by: who.userId,
          held_on: input.heldOn,
          attendees: input.attendees,
          findings: input.findings ?? null,
          agreements: input.agreements ?? null,
        });
        return {
          result: presentConference(row),
          action: 'create',
          changedFields: fieldsOf('conference', input),
          partId: row.id,
        };
      });
    },

    async updateConference(
      actor: Actor | null,
      caseId: string,
      conferenceId: string,
      expectedVersion: number,
      input: UpdateConference,
      meta: RequestMeta,
    ) {
      return writeCasePart<Conference>(ctx, actor, caseId, 'conference', meta, async (trx) => {
        const current = await findConference(trx, caseId, conferenceId);
        if (!current) throw new AppError('not_found', 'No such case conference in this case.');
        assertVersion(current, expectedVersion, 'case conference');
        assertNoProblems(notInFuture(ctx, 'heldOn', input.heldOn), 'The change is not valid.');
        const changes: Partial<ConferenceValues> = {};
        if (input.heldOn !== undefined) changes.held_on = input.heldOn;
        if (input.attendees !== undefined) changes.attendees = input.attendees;
        if (input.findings !== undefined) changes.findings = input.findings;
        if (input.agreements !== undefined) changes.agreements = input.agreements;
        const updated = await updateConference(trx, conferenceId, expectedVersion, changes, ctx.now());
        if (!updated) {
          throw new AppError('precondition_failed', 'The case conference was changed by someone else; reload it.');
        }
        return {
          result: presentConference(updated),
          action: 'update',
          changedFields: fieldsOf('conference', input),
          partId: conferenceId,
        };
      });
    },

    async listConferences(actor: Actor | null, caseId: string, query: ListConferencesQuery, meta: RequestMeta) {
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      return readCasePart<ConferencePage>(ctx, actor, caseId, meta, async (trx) => {
        const rows = await listConferences(trx, caseId, {
          direction: order.direction,
          after: position,
          limit: query.limit + 1,
        });
        const page = toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({ value: row.held_on, id: row.id }),
          presentConference,
        );
        return { result: page, details: { view: 'conferences', count: page.items.length, filters: '' } };
      });
    },
  };
}

export type CaseWorkService = ReturnType<typeof createCaseWorkService>;
