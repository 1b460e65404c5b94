// Participants (Teilnehmende): intake with the duplicate check, the record and its changes, search, blocking.
// Every use case checks access first (authorize on the record's facts, or the actor's reach for lists),
// runs in one tenant transaction, and appends its audit entry — reads included — in that transaction.
import { authorize, type Actor } from '../access/access.rules.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import { participantReach } from './participant-access.rules.ts';
import { createBlockingService } from './participant-blocking.service.ts';
import {
  auditShown,
  candidatesIn,
  createDuplicateService,
  unreviewedCandidates,
} from './participant-duplicates.service.ts';
import { createEligibilityService } from './participant-eligibility.service.ts';
import { nameKeys, searchKeyGroups } from './participant-names.rules.ts';
import {
  insertConsent,
  insertLanguage,
  insertResidenceStatus,
  insertSchooling,
} from './participant-records.repository.ts';
import { createRecordService, subRecordProblems } from './participant-records.service.ts';
import { createResidenceStatusService, residenceStatusValues } from './participant-status.service.ts';
import {
  formatParticipantNumber,
  insertParticipant,
  nextParticipantNumber,
  searchParticipants,
  updateParticipantRow,
  type ParticipantRow,
  type ParticipantSummaryRow,
  type ParticipantValues,
} from './participant.repository.ts';
import { benefitProblems, changedFields, resolveBirthDate } from './participant.rules.ts';
import type {
  CreateParticipant,
  DuplicateCandidate,
  ListParticipantsQuery,
  Participant,
  ParticipantPage,
  ParticipantSummary,
  UpdateParticipant,
} from './participant.schema.ts';
import {
  actingIn,
  assertValid,
  assertVersion,
  auditParticipant,
  auditParticipantRead,
  bodyErrors,
  inTenant,
  loadForWrite,
  loadParticipant,
  localDay,
  participantContext,
  readParticipant,
  refuse,
  type ParticipantContext,
  type ParticipantServiceOptions,
  type RequestMeta,
  type Trx,
} from './participants.context.ts';
import { planHistory } from './residence-status.rules.ts';

export type { EligibilityInputsChanged, ParticipantServiceOptions } from './participants.context.ts';
export { eligibilityPersonOf, eligibilityPolicyOf } from './participant-eligibility.service.ts';
export { assertWritable } from './participant-blocking.service.ts';

/** Fields whose change can change an eligibility decision (eligibility.rules.ts). */
const ELIGIBILITY_FIELDS = ['birthDate', 'birthDatePrecision', 'accommodation', 'workPermission', 'excludedOffender'];

const NUMBER_QUERY = /^TN-?([0-9]{1,12})$/i;

/** The API fields of the record and their columns (for values to store and the names of changed fields). */
function toValues(input: UpdateParticipant): Partial<ParticipantValues> {
  const values: Partial<ParticipantValues> = {};
  if (input.familyName !== undefined) values.family_name = input.familyName;
  if (input.givenNames !== undefined) values.given_names = input.givenNames;
  if (input.familyNameOriginal !== undefined) values.family_name_original = input.familyNameOriginal;
  if (input.givenNamesOriginal !== undefined) values.given_names_original = input.givenNamesOriginal;
  if (input.gender !== undefined) values.gender = input.gender;
  if (input.countriesOfOrigin !== undefined) values.countries_of_origin = input.countriesOfOrigin;
  if (input.nationalities !== undefined) values.nationalities = input.nationalities;
  if (input.phone !== undefined) values.phone = input.phone;
  if (input.email !== undefined) values.email = input.email;
  if (input.street !== undefined) values.street = input.street;
  if (input.postcode !== undefined) values.postcode = input.postcode;
  if (input.city !== undefined) values.city = input.city;
  if (input.cityDistrict !== undefined) values.city_district = input.cityDistrict;
  if (input.accommodation !== undefined) values.accommodation = input.accommodation;
  if (input.workPermission !== undefined) values.work_permission = input.workPermission;
  if (input.benefits !== undefined) values.benefits = input.benefits;
  if (input.excludedOffender !== undefined) values.excluded_offender = input.excludedOffender;
  if (input.vocationalExperience !== undefined) values.vocational_experience = input.vocationalExperience;
  if (input.restricted !== undefined) values.restricted = input.restricted;
  return values;
}

/** The current values of a row under the API's field names, to compare a change with. */
function apiFields(row: ParticipantRow): Record<string, unknown> {
  return {
    familyName: row.family_name,
    givenNames: row.given_names,
    familyNameOriginal: row.family_name_original,
    givenNamesOriginal: row.given_names_original,
    birthDate: row.birth_date,
    birthDatePrecision: row.birth_date_precision,
    gender: row.gender,
    countriesOfOrigin: row.countries_of_origin,
    nationalities: row.nationalities,
    phone: row.phone,
    email: row.email,
    street: row.street,
    postcode: row.postcode,
    city: row.city,
    cityDistrict: row.city_district,
    accommodation: row.accommodation,
    workPermission: row.work_permission,
    benefits: row.benefits,
    excludedOffender: row.excluded_offender,
    vocationalExperience: row.vocational_experience,
    restricted: row.restricted,
  };
}

interface Names {
  familyName: string;
  givenNames: string;
  familyNameOriginal: string | null;
  givenNamesOriginal: string | null;
}

function presentSummary(row: ParticipantSummaryRow): ParticipantSummary {
  return {
    id: row.id,
    number: row.number,
    familyName: row.family_name,
    givenNames: row.given_names,
    birthDate: row.birth_date,
    birthDatePrecision: row.birth_date_precision,
    gender: row.gender,
    currentResidenceStatus: row.current_status,
    openCaseCount: row.open_case_count,
    restricted: row.restricted,
    blocked: row.blocked_at !== null,
    mergedIntoId: row.merged_into_id,
    version: row.version,
  };
}

export { presentSummary as presentParticipantSummary };

/** Unreviewed duplicate candidates found during creation; ends its transaction. */
class DuplicatesFound extends Error {
  readonly candidates: DuplicateCandidate[];
  constructor(candidates: DuplicateCandidate[]) {
    super('unreviewed duplicate candidates');
    this.candidates = candidates;
  }
}

export function createParticipantService(options: ParticipantServiceOptions) {
  const ctx: ParticipantContext = participantContext(options);
  const duplicates = createDuplicateService(ctx, presentSummary);
  const records = createRecordService(ctx);
  const eligibility = createEligibilityService(ctx);
  const blocking = createBlockingService(ctx);
  const statuses = createResidenceStatusService(ctx);

  /** Every problem of a new record beyond its shape, with its field. */
  function creationProblems(input: CreateParticipant, today: string): FieldError[] {
    const birth = resolveBirthDate(input, { birthDate: null, birthDatePrecision: null }, today);
    const problems = [...bodyErrors(birth.problems), ...bodyErrors(benefitProblems(input.benefits))];
    problems.push(...subRecordProblems(input, today));
    return problems;
  }

  async function insertSubRecords(
    trx: Trx,
    municipalityId: string,
    participantId: string,
    actor: Actor,
    input: CreateParticipant,
  ) {
    const base = { municipality_id: municipalityId, participant_id: participantId };
    // The whole history placed like additions in the order of their start (validated the same way before).
    const statuses = input.residenceStatuses ?? [];
    const history = planHistory(
      statuses.map((status) => ({ validFrom: status.validFrom, validTo: status.validTo ?? null })),
    );
    for (const [index, status] of statuses.entries()) {
      await insertResidenceStatus(trx, {
        ...base,
        ...residenceStatusValues(status),
        valid_to: history.validTo[index] ?? null,
        created_by: actor.userId,
      });
    }
    for (const language of input.languages ?? []) {
      await insertLanguage(trx, {
        ...base,
        language: language.language,
        level: language.level,
        evidence_date: language.evidenceDate ?? null,
        evidence: language.evidence ?? null,
      });
    }
    for (const schooling of input.schooling ?? []) {
      await insertSchooling(trx, {
        ...base,
        country: schooling.country ?? null,
        years: schooling.years ?? null,
        qualification: schooling.qualification,
        recognised: schooling.recognised ?? false,
        notes: schooling.notes ?? null,
      });
    }
    for (const consent of input.consents ?? []) {
      await insertConsent(trx, {
        ...base,
        purpose: consent.purpose,
        scope: consent.scope,
        given_on: consent.givenOn,
        revoked_on: null,
        document_id: consent.documentId ?? null,
        created_by: actor.userId,
      });
    }
  }

  return {
    ...duplicates,
    ...records,
    ...eligibility,
    ...blocking,
    ...statuses,

    /**
     * Intake of a new participant. The duplicate check runs again here: while it finds records the user has
     * not reviewed (reviewedCandidateIds), creation is refused with 409 and the candidates, so that no
     * client can skip it.
     */
    async create(actorOrNull: Actor | null, input: CreateParticipant, meta: RequestMeta): Promise<Participant> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      const decision = authorize(actor, 'create', { resource: 'participant', municipalityId });
      if (!decision.allowed) await refuse(ctx, actor, 'create', null, decision.reason, meta);
      const today = localDay(ctx.now());
      assertValid(creationProblems(input, today), 'The participant is not valid.');
      const birth = resolveBirthDate(input, { birthDate: null, birthDatePrecision: null }, today);
      const names: Names = {
        familyName: input.familyName,
        givenNames: input.givenNames ?? '',
        familyNameOriginal: input.familyNameOriginal ?? null,
        givenNamesOriginal: input.givenNamesOriginal ?? null,
      };

      try {
        return await inTenant(ctx, actor, async (trx) => {
          // The number first: it locks the municipality's counter until commit, so that two intakes of the same
          // person at the same moment are checked one after the other and the second one sees the first.
          const number = formatParticipantNumber(await nextParticipantNumber(trx, municipalityId));
          const candidates = await candidatesIn(
            trx,
            actor,
            { ...names, birthDate: birth.birthDate, birthDatePrecision: birth.birthDatePrecision },
            today,
            presentSummary,
          );
          const open = unreviewedCandidates(candidates, input.reviewedCandidateIds ?? []);
          // Thrown, so that the transaction (and the counter) rolls back.
          if (open.length > 0) throw new DuplicatesFound(open);

          const row = await insertParticipant(trx, municipalityId, number, {
            ...toValues(input),
            family_name: names.familyName,
            given_names: names.givenNames,
            external_id: input.externalId ?? null,
            name_keys: nameKeys(names),
            birth_date: birth.birthDate,
            birth_date_precision: birth.birthDatePrecision,
            created_by: actor.userId,
          });
          await insertSubRecords(trx, municipalityId, row.id, actor, input);
          const created = await readParticipant(ctx, trx, row.id);
          await auditShown(trx, actor, candidates, meta);
          await auditParticipant(trx, actor, {
            action: 'create',
            participantId: row.id,
            changedFields: Object.keys(input)
              .filter((key) => key !== 'reviewedCandidateIds')
              .sort(),
            details: { reviewedCandidates: candidates.length },
            meta,
          });
          return created;
        });
      } catch (error) {
        if ((error as { constraint?: unknown }).constraint === 'participant_external_id') {
          throw new AppError('conflict', 'A participant with this external id exists already.', {
            fieldErrors: [{ in: 'body', field: 'externalId', code: 'duplicate', message: 'already taken' }],
          });
        }
        if (!(error instanceof DuplicatesFound)) throw error;
        // What the user was shown is a read of those records: kept although the creation is refused.
        await inTenant(ctx, actor, (trx) => auditShown(trx, actor, error.candidates, meta));
        throw new AppError(
          'conflict',
          'Similar participants exist: review the candidates and confirm that none of them is this person.',
          { extensions: { candidates: error.candidates } },
        );
      }
    },

    async get(actorOrNull: Actor | null, id: string, meta: RequestMeta): Promise<Participant> {
      const { actor } = actingIn(actorOrNull);
      const participant = await inTenant(ctx, actor, async (trx) => {
        await loadParticipant(ctx, trx, actor, id, 'read', meta);
        return readParticipant(ctx, trx, id);
      });
      await auditParticipantRead(ctx, actor, { action: 'read', participantId: id, meta });
      return participant;
    },

    async update(
      actorOrNull: Actor | null,
      id: string,
      expectedVersion: number,
      input: UpdateParticipant,
      meta: RequestMeta,
    ): Promise<Participant> {
      const { actor } = actingIn(actorOrNull);
      const today = localDay(ctx.now());
      return inTenant(ctx, actor, async (trx) => {
        const { row } = await loadForWrite(ctx, trx, actor, id, expectedVersion, meta);
        const birth = resolveBirthDate(
          input,
          { birthDate: row.birth_date, birthDatePrecision: row.birth_date_precision },
          today,
        );
        assertValid(
          [...bodyErrors(birth.problems), ...bodyErrors(benefitProblems(input.benefits))],
          'The change is not valid.',
        );
        const changed = changedFields(apiFields(row), {
          ...input,
          birthDate: birth.birthDate,
          birthDatePrecision: birth.birthDatePrecision,
        });
        const names: Names = {
          familyName: input.familyName ?? row.family_name,
          givenNames: input.givenNames ?? row.given_names,
          familyNameOriginal:
            input.familyNameOriginal === undefined ? row.family_name_original : input.familyNameOriginal,
          givenNamesOriginal:
            input.givenNamesOriginal === undefined ? row.given_names_original : input.givenNamesOriginal,
        };
        const nameChanged = changed.some((field) => field.startsWith('familyName') || field.startsWith('givenNames'));
        const updated = await updateParticipantRow(
          trx,
          id,
          expectedVersion,
          {
            ...toValues(input),
            birth_date: birth.birthDate,
            birth_date_precision: birth.birthDatePrecision,
            ...(nameChanged ? { name_keys: nameKeys(names) } : {}),
          },
          ctx.now(),
        );
        if (!updated) assertVersion({ version: -1 }, expectedVersion);
        if (changed.some((field) => ELIGIBILITY_FIELDS.includes(field))) {
          await ctx.onEligibilityInputsChanged(trx, actor, id);
        }
        const participant = await readParticipant(ctx, trx, id);
        await auditParticipant(trx, actor, { action: 'update', participantId: id, changedFields: changed, meta });
        return participant;
      });
    },

    /** Search within the actor's reach; one audit entry per request (count and filter names, no values). */
    async list(actorOrNull: Actor | null, query: ListParticipantsQuery, meta: RequestMeta): Promise<ParticipantPage> {
      const { actor } = actingIn(actorOrNull);
      const reach =
        participantReach(actor, 'read') ??
        (await refuse(ctx, actor, 'read', null, 'no permission to read participants here', meta));
      const sort = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const text = query.q;
      const number = text === undefined ? undefined : NUMBER_QUERY.exec(text);
      const keyGroups = text !== undefined && !number ? searchKeyGroups(text) : undefined;
      const page = await inTenant(ctx, actor, async (trx) => {
        const rows =
          keyGroups !== undefined && keyGroups.length === 0
            ? []
            : await searchParticipants(trx, {
                reach,
                today: localDay(ctx.now()),
                number: number ? formatParticipantNumber(Number(number[1])) : undefined,
                nameKeyGroups: keyGroups,
                birthDate: query.birthDate,
                birthYear: query.birthYear,
                residenceStatus: query.residenceStatus,
                gender: query.gender,
                cityDistrict: query.cityDistrict,
                hasOpenCase: query.hasOpenCase,
                blocked: query.blocked,
                includeMerged: query.includeMerged,
                sort,
                after: position,
                limit: query.limit + 1,
              });
        return toPage(rows, query.limit, query.sort, (row) => ({ value: row.sort_key, id: row.id }), presentSummary);
      });
      const filters = Object.keys(query)
        .filter((key) => !['limit', 'cursor', 'sort'].includes(key))
        .sort();
      await auditParticipantRead(ctx, actor, {
        action: 'read',
        participantId: null,
        details: {
          operation: 'search',
          count: page.items.length,
          filters: filters.join(','),
          sort: query.sort,
          page: query.cursor === undefined ? 'first' : 'next',
        },
        meta,
      });
      return page;
    },
  };
}

export type ParticipantService = ReturnType<typeof createParticipantService>;
