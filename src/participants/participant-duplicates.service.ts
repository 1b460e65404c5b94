// The duplicate check at intake and the merging of two records of one person. Candidates come from the
// database (shared name keys, compatible birth date) and are scored and explained by the pure rules of
// participant-names.rules.ts. Records the actor may not see appear only as their likeness, without data.
import { authorize, type Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { participantTarget } from './participant-access.rules.ts';
import { duplicateMatch, nameKeys } from './participant-names.rules.ts';
import {
  conflictingOpenCaseProgrammes,
  moveParticipantRows,
  participantReferencingTables,
  repointMergedRecords,
} from './participant-records.repository.ts';
import {
  accessFactsOf,
  participantSummaries,
  preselectDuplicates,
  updateParticipantRow,
  type ParticipantRow,
  type ParticipantValues,
} from './participant.repository.ts';
import { resolveBirthDate } from './participant.rules.ts';
import type { DuplicateCandidate, DuplicateCheck, Participant, ParticipantSummary } from './participant.schema.ts';
import {
  actingIn,
  assertRowWritable,
  assertValid,
  assertVersion,
  auditParticipant,
  bodyErrors,
  inTenant,
  loadParticipant,
  localDay,
  readParticipant,
  refuse,
  type ParticipantContext,
  type RequestMeta,
  type Trx,
} from './participants.context.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';

/** How many records the database hands to the scoring, and how many candidates are shown. */
const PRESELECTION_LIMIT = 200;
const CANDIDATE_LIMIT = 20;

export interface PersonForMatching {
  familyName: string;
  givenNames: string;
  familyNameOriginal: string | null;
  givenNamesOriginal: string | null;
  birthDate: string | null;
  birthDatePrecision: ParticipantRow['birth_date_precision'];
}

function personOf(row: ParticipantRow): PersonForMatching {
  return {
    familyName: row.family_name,
    givenNames: row.given_names,
    familyNameOriginal: row.family_name_original,
    givenNamesOriginal: row.given_names_original,
    birthDate: row.birth_date,
    birthDatePrecision: row.birth_date_precision,
  };
}

/** Candidates the user has not yet confirmed to be other people. */
export function unreviewedCandidates(
  candidates: readonly DuplicateCandidate[],
  reviewedIds: readonly string[],
): DuplicateCandidate[] {
  return candidates.filter((candidate) => !reviewedIds.includes(candidate.id));
}

/** Presents a summary row; set by the participant service (its presenter), to keep one definition. */
type SummaryPresenter = (row: Awaited<ReturnType<typeof participantSummaries>>[number]) => ParticipantSummary;

/** The candidates for a person within the actor's municipality, best first. */
export async function candidatesIn(
  trx: Trx,
  actor: Actor,
  person: PersonForMatching,
  today: string,
  present: SummaryPresenter,
  excludeId?: string,
): Promise<DuplicateCandidate[]> {
  const municipalityId = actor.activeMunicipalityId;
  if (municipalityId === null) return [];
  const rows = await preselectDuplicates(trx, {
    municipalityId,
    nameKeys: nameKeys(person),
    birthDate: person.birthDate,
    limit: PRESELECTION_LIMIT,
  });
  const scored = rows
    .filter((row) => row.id !== excludeId)
    .map((row) => ({ row, match: duplicateMatch(person, personOf(row)) }))
    .filter((entry): entry is { row: ParticipantRow; match: NonNullable<typeof entry.match> } => entry.match !== null)
    .sort((a, b) => b.match.score - a.match.score || a.row.number.localeCompare(b.row.number))
    .slice(0, CANDIDATE_LIMIT);
  const facts = await accessFactsOf(
    trx,
    scored.map((entry) => entry.row.id),
  );
  const visible = scored.filter(({ row }) => {
    const fact = facts.get(row.id);
    return authorize(
      actor,
      'read',
      participantTarget({
        municipalityId: row.municipality_id,
        restricted: row.restricted,
        assignedUserIds: fact?.assignedUserIds ?? [],
        teamIds: fact?.teamIds ?? [],
        enrolledWithOrganisationIds: [],
      }),
    ).allowed;
  });
  const summaries = new Map(
    (
      await participantSummaries(
        trx,
        visible.map((entry) => entry.row.id),
        today,
      )
    ).map((row) => [row.id, row]),
  );
  return scored.map(({ row, match }): DuplicateCandidate => {
    const summary = summaries.get(row.id);
    if (!summary) return { id: row.id, restricted: true, score: match.score };
    return {
      id: row.id,
      restricted: false,
      score: match.score,
      reasons: match.reasons.map((reason) => String(reason)),
      participant: present(summary),
    };
  });
}

/**
 * Showing candidates is a read of their data: one entry for the check (how many, how many hidden) and one
 * per record whose data were shown, so that each person's log tells who saw them.
 */
export async function auditShown(
  trx: Trx,
  actor: Actor,
  candidates: readonly DuplicateCandidate[],
  meta: RequestMeta,
): Promise<void> {
  await auditParticipant(trx, actor, {
    action: 'read',
    participantId: null,
    details: {
      operation: 'duplicate_check',
      count: candidates.length,
      hidden: candidates.filter((candidate) => candidate.restricted).length,
    },
    meta,
  });
  for (const candidate of candidates) {
    if (candidate.restricted) continue;
    await auditParticipant(trx, actor, {
      action: 'read',
      participantId: candidate.id,
      details: { operation: 'duplicate_candidate', score: Math.round(candidate.score * 100) },
      meta,
    });
  }
}

const ADDRESS = ['street', 'postcode', 'city', 'city_district'] as const;

/** The duplicate's values for what the survivor lacks, and the API names of those fields. */
function missingOnSurvivor(survivor: ParticipantRow, duplicate: ParticipantRow) {
  const values: Partial<ParticipantValues> = {};
  const fields: string[] = [];
  const take = <K extends keyof ParticipantValues & keyof ParticipantRow>(
    column: K,
    field: string,
    missing: boolean,
  ) => {
    if (missing && !isEmpty(duplicate[column])) {
      values[column] = duplicate[column];
      fields.push(field);
    }
  };
  take('given_names', 'givenNames', survivor.given_names === '');
  take('family_name_original', 'familyNameOriginal', survivor.family_name_original === null);
  take('given_names_original', 'givenNamesOriginal', survivor.given_names_original === null);
  if (survivor.birth_date === null && duplicate.birth_date !== null) {
    values.birth_date = duplicate.birth_date;
    values.birth_date_precision = duplicate.birth_date_precision;
    fields.push('birthDate', 'birthDatePrecision');
  }
  take('gender', 'gender', survivor.gender === 'not_stated' && duplicate.gender !== 'not_stated');
  take('countries_of_origin', 'countriesOfOrigin', survivor.countries_of_origin.length === 0);
  take('nationalities', 'nationalities', survivor.nationalities.length === 0);
  take('benefits', 'benefits', survivor.benefits.length === 0);
  take('phone', 'phone', survivor.phone === null);
  take('email', 'email', survivor.email === null);
  // An address is taken whole: parts of two addresses would make one that does not exist.
  if (ADDRESS.every((column) => survivor[column] === null) && ADDRESS.some((column) => duplicate[column] !== null)) {
    for (const column of ADDRESS) values[column] = duplicate[column];
    fields.push('street', 'postcode', 'city', 'cityDistrict');
  }
  take('accommodation', 'accommodation', survivor.accommodation === 'unknown' && duplicate.accommodation !== 'unknown');
  take(
    'work_permission',
    'workPermission',
    survivor.work_permission === 'unknown' && duplicate.work_permission !== 'unknown',
  );
  take('vocational_experience', 'vocationalExperience', survivor.vocational_experience === null);
  take('external_id', 'externalId', survivor.external_id === null);
  // Protection is never lost by merging: restricted or excluded on either record stays so.
  if (duplicate.restricted && !survivor.restricted) {
    values.restricted = true;
    fields.push('restricted');
  }
  if (duplicate.excluded_offender && !survivor.excluded_offender) {
    values.excluded_offender = true;
    fields.push('excludedOffender');
  }
  return { values, fields };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

export function createDuplicateService(ctx: ParticipantContext, present: SummaryPresenter) {
  return {
    /** The duplicate check at intake: candidates for the entered names and birth date. */
    async checkDuplicates(
      actorOrNull: Actor | null,
      input: DuplicateCheck,
      meta: RequestMeta,
    ): Promise<{ candidates: DuplicateCandidate[] }> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      const decision = authorize(actor, 'create', { resource: 'participant', municipalityId });
      if (!decision.allowed) await refuse(ctx, actor, 'read', null, decision.reason, meta);
      const today = localDay(ctx.now());
      const birth = resolveBirthDate(input, { birthDate: null, birthDatePrecision: null }, today);
      assertValid(bodyErrors(birth.problems), 'The names or the birth date are not valid.');
      return inTenant(ctx, actor, async (trx) => {
        const candidates = await candidatesIn(
          trx,
          actor,
          {
            familyName: input.familyName,
            givenNames: input.givenNames ?? '',
            familyNameOriginal: input.familyNameOriginal ?? null,
            givenNamesOriginal: input.givenNamesOriginal ?? null,
            birthDate: birth.birthDate,
            birthDatePrecision: birth.birthDatePrecision,
          },
          today,
          present,
        );
        await auditShown(trx, actor, candidates, meta);
        return { candidates };
      });
    },

    /**
     * Merges a duplicate into the survivor: every row that refers to the duplicate moves (participant
     * sub-records, cases and their children, and any later table with a participant_id), fields the survivor
     * lacks are copied, and the duplicate stays read-only, pointing at the survivor. Audited on both.
     */
    async merge(
      actorOrNull: Actor | null,
      survivorId: string,
      expectedVersion: number,
      duplicateId: string,
      meta: RequestMeta,
    ): Promise<Participant> {
      const { actor } = actingIn(actorOrNull);
      if (survivorId === duplicateId) {
        assertValid(
          [{ in: 'body', field: 'duplicateId', code: 'same_record', message: 'a record cannot be merged into itself' }],
          'Choose another record to merge.',
        );
      }
      try {
        return await inTenant(ctx, actor, async (trx) => {
          // Both rows locked, always in the same order, so that two opposite merges cannot deadlock.
          const [first, second] = [survivorId, duplicateId].sort();
          const loaded = new Map<string, ParticipantRow>();
          for (const id of [first ?? '', second ?? '']) {
            const { row } = await loadParticipant(ctx, trx, actor, id, 'update', meta, 'update');
            loaded.set(id, row);
          }
          const survivor = loaded.get(survivorId) as ParticipantRow;
          const duplicate = loaded.get(duplicateId) as ParticipantRow;
          assertRowWritable(survivor);
          assertRowWritable(duplicate);
          assertVersion(survivor, expectedVersion);

          const programmes = await conflictingOpenCaseProgrammes(trx, survivorId, duplicateId);
          if (programmes.length > 0) {
            throw new AppError(
              'conflict',
              `Both records have an open case in ${programmes.join(', ')}; close one of them before merging.`,
              { extensions: { programmes } },
            );
          }

          const moved: Record<string, number> = {};
          for (const table of await participantReferencingTables(trx)) {
            const count = await moveParticipantRows(trx, table, duplicateId, survivorId);
            if (count > 0) moved[table] = count;
          }
          const { values, fields } = missingOnSurvivor(survivor, duplicate);
          const now = ctx.now();
          await repointMergedRecords(trx, duplicateId, survivorId);
          await updateParticipantRow(
            trx,
            duplicateId,
            duplicate.version,
            {
              merged_into_id: survivorId,
              ...(values.external_id ? { external_id: null } : {}),
              ...(survivor.restricted && !duplicate.restricted ? { restricted: true } : {}),
            },
            now,
          );
          if (fields.some((field) => field.endsWith('Original') || field === 'givenNames')) {
            values.name_keys = nameKeys({
              familyName: survivor.family_name,
              givenNames: values.given_names ?? survivor.given_names,
              familyNameOriginal: values.family_name_original ?? survivor.family_name_original,
              givenNamesOriginal: values.given_names_original ?? survivor.given_names_original,
            });
          }
          if (!(await updateParticipantRow(trx, survivorId, expectedVersion, values, now))) {
            assertVersion({ version: -1 }, expectedVersion);
          }
          await ctx.onEligibilityInputsChanged(trx, actor, survivorId);
          const merged = await readParticipant(ctx, trx, survivorId);
          const movedRows = Object.values(moved).reduce((sum, count) => sum + count, 0);
          await auditParticipant(trx, actor, {
            action: 'update',
            participantId: survivorId,
            changedFields: [...fields, ...Object.keys(moved)],
            details: { operation: 'merge', mergedId: duplicateId, movedRows },
            meta,
          });
          await auditParticipant(trx, actor, {
            action: 'update',
            participantId: duplicateId,
            changedFields: ['mergedIntoId', ...(values.external_id ? ['externalId'] : [])],
            details: { operation: 'merge', mergedIntoId: survivorId, movedRows },
            meta,
          });
          return merged;
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError(
            'conflict',
            'Both records hold data that may exist only once per person; resolve that first.',
          );
        }
        throw error;
      }
    },
  };
}
