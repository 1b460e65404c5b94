// Validation of a whole import file before anything is written: every row through the same schema and rules
// as POST /api/v1/participants, external ids unique in the file, the stored records they refer to (blocked,
// merged or anonymised ones cannot be changed; restricted ones only by assigned staff), and what each valid
// row will do: create, update (which fields) or nothing. Similar existing records are reported as warnings.
import type { Transaction } from 'kysely';
import { authorize, type Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { participantTarget } from '../participants/participant-access.rules.ts';
import { duplicateMatch, nameKeys } from '../participants/participant-names.rules.ts';
import { subRecordProblems } from '../participants/participant-records.service.ts';
import { benefitProblems, resolveBirthDate } from '../participants/participant.rules.ts';
import {
  createParticipantSchema,
  type CreateParticipant,
  type LanguageInput,
  type SchoolingInput,
} from '../participants/participant.schema.ts';
import { planStatusAddition } from '../participants/residence-status.rules.ts';
import type { FieldError } from '../platform/errors.ts';
import type { ParsedCsv } from './participant-import.csv.ts';
import {
  participantsByExternalId,
  participantsWithNameKeys,
  type SimilarRecord,
  type StoredParticipant,
} from './participant-import.repository.ts';
import {
  changedFields,
  COMPARED_FIELDS,
  duplicateExternalIds,
  fieldsOfColumns,
  readHeader,
  rowInput,
  rowProblems,
  type ComparedField,
  type ImportProblem,
} from './participant-import.rules.ts';

export interface PreparedRow {
  row: number;
  input: CreateParticipant & { externalId: string };
  kind: 'create' | 'update' | 'unchanged';
  existing: StoredParticipant | null;
  /** Record fields the row changes (updates). */
  changed: ComparedField[];
  /** Sub-records the stored record does not have yet (updates); everything of the row for creations. */
  addStatus: boolean;
  /** Open-ended statuses the added one ends (updates). */
  closeStatuses: { id: string; validTo: string }[];
  addLanguages: LanguageInput[];
  addSchooling: SchoolingInput[];
  /** The row's name keys (participant.name_keys): computed once, used for similar records and by the writer. */
  nameKeys: string[];
}

export interface Validation {
  totalRows: number;
  /** The rows without errors, in file order. */
  rows: PreparedRow[];
  /** Rows with at least one error (not imported). */
  invalidRows: number;
  problems: ImportProblem[];
}

const CHUNK = 2000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function schemaErrors(
  issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[],
): FieldError[] {
  return issues.map((issue) => ({
    in: 'body',
    field: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

function storedValues(stored: StoredParticipant): Record<ComparedField, unknown> {
  return {
    familyName: stored.family_name,
    givenNames: stored.given_names,
    familyNameOriginal: stored.family_name_original,
    givenNamesOriginal: stored.given_names_original,
    birthDate: stored.birth_date,
    birthDatePrecision: stored.birth_date_precision,
    gender: stored.gender,
    countriesOfOrigin: stored.countries_of_origin,
    nationalities: stored.nationalities,
    phone: stored.phone,
    email: stored.email,
    street: stored.street,
    postcode: stored.postcode,
    city: stored.city,
    cityDistrict: stored.city_district,
    accommodation: stored.accommodation,
    workPermission: stored.work_permission,
    benefits: stored.benefits,
    vocationalExperience: stored.vocational_experience,
    excludedOffender: stored.excluded_offender,
    restricted: stored.restricted,
  };
}

function rowError(row: number, column: string | null, code: string, message: string): ImportProblem {
  return { row, column, code, message, severity: 'error' };
}

/** What an existing record gets from a row: changed fields and the sub-records it lacks. */
function planUpdate(
  prepared: PreparedRow,
  stored: StoredParticipant,
  present: ReadonlySet<ComparedField>,
): ImportProblem[] {
  const { input } = prepared;
  const incoming = Object.fromEntries(COMPARED_FIELDS.map((field) => [field, input[field]]));
  prepared.changed = changedFields(storedValues(stored), incoming, present);
  const problems: ImportProblem[] = [];
  // What the row brings is added only where the record lacks it.
  prepared.addStatus = false;
  const status = input.residenceStatuses?.[0];
  if (status && !stored.statuses.some((s) => s.status === status.status && s.valid_from === status.validFrom)) {
    const plan = planStatusAddition(
      stored.statuses.map((s) => ({ id: s.id, validFrom: s.valid_from, validTo: s.valid_to })),
      { validFrom: status.validFrom, validTo: status.validTo ?? null },
    );
    if (plan.problems.length > 0) {
      for (const problem of plan.problems)
        problems.push(rowError(prepared.row, 'residence_status_valid_from', problem.code, problem.message));
    } else {
      prepared.addStatus = true;
      prepared.closeStatuses = plan.close.flatMap((change) =>
        change.validTo ? [{ id: change.id, validTo: change.validTo }] : [],
      );
    }
  }
  prepared.addLanguages = (input.languages ?? []).filter(
    (language) => !stored.languages.some((l) => l.language === language.language && l.level === language.level),
  );
  prepared.addSchooling = (input.schooling ?? []).filter(
    (school) =>
      !stored.schooling.some((s) => s.qualification === school.qualification && s.country === (school.country ?? null)),
  );
  const changes =
    prepared.changed.length +
    (prepared.addStatus ? 1 : 0) +
    prepared.addLanguages.length +
    prepared.addSchooling.length;
  prepared.kind = changes > 0 ? 'update' : 'unchanged';
  return problems;
}

function similarWarnings(rows: readonly PreparedRow[], records: readonly SimilarRecord[]): ImportProblem[] {
  const byKey = new Map<string, SimilarRecord[]>();
  for (const record of records) {
    const keys = nameKeys({
      familyName: record.family_name,
      givenNames: record.given_names,
      familyNameOriginal: record.family_name_original,
      givenNamesOriginal: record.given_names_original,
    });
    for (const key of keys) byKey.set(key, [...(byKey.get(key) ?? []), record]);
  }
  const warnings: ImportProblem[] = [];
  for (const prepared of rows) {
    if (prepared.kind !== 'create') continue;
    const facts = {
      familyName: prepared.input.familyName,
      givenNames: prepared.input.givenNames ?? '',
      familyNameOriginal: prepared.input.familyNameOriginal ?? null,
      givenNamesOriginal: prepared.input.givenNamesOriginal ?? null,
      birthDate: prepared.input.birthDate ?? null,
      birthDatePrecision: prepared.input.birthDatePrecision ?? null,
    };
    const candidates = new Set(prepared.nameKeys.flatMap((key) => byKey.get(key) ?? []));
    const similar = [...candidates].filter(
      (record) =>
        duplicateMatch(facts, {
          familyName: record.family_name,
          givenNames: record.given_names,
          familyNameOriginal: record.family_name_original,
          givenNamesOriginal: record.given_names_original,
          birthDate: record.birth_date,
          birthDatePrecision: record.birth_date_precision,
        }) !== null,
    );
    if (similar.length > 0) {
      const numbers = similar.slice(0, 3).map((record) => record.number);
      warnings.push({
        row: prepared.row,
        column: 'family_name',
        code: 'possible_duplicate',
        message: `similar to existing participant${similar.length > 1 ? 's' : ''} ${numbers.join(', ')}${similar.length > 3 ? ', …' : ''}; merge them on the participant page if they are one person`,
        severity: 'warning',
      });
    }
  }
  return warnings;
}

/**
 * Validates a parsed file in the tenant transaction `trx`. `actor` is the signed-in user (null for the
 * operator's command line), whose right to change each existing record is checked.
 */
export async function validateImport(
  trx: Transaction<Database>,
  csv: ParsedCsv,
  options: { actor: Actor | null; municipalityId: string; today: string },
): Promise<Validation> {
  const problems: ImportProblem[] = [...csv.problems];
  const header = readHeader(csv.header);
  problems.push(...header.problems);
  const totalRows = csv.records.length + csv.problems.filter((p) => p.code === 'column_count').length;
  if (header.problems.length > 0 || csv.header.length === 0) {
    return { totalRows, rows: [], invalidRows: totalRows, problems };
  }
  const present = fieldsOfColumns(header.columns);
  const candidates: PreparedRow[] = [];
  const failed = new Set<number>(problems.filter((p) => p.row !== null && p.row > 1).map((p) => p.row ?? 0));
  for (const record of csv.records) {
    const read = rowInput(record.row, header.columns, record.cells);
    const rowProblemsFound: ImportProblem[] = [...read.problems];
    const parsed = createParticipantSchema.safeParse(read.input);
    if (!parsed.success) {
      rowProblemsFound.push(...rowProblems(record.row, schemaErrors(parsed.error.issues), read.languageColumns));
    } else {
      const input = parsed.data;
      const birth = resolveBirthDate(input, { birthDate: null, birthDatePrecision: null }, options.today);
      const ruleErrors: FieldError[] = [
        ...[...birth.problems, ...benefitProblems(input.benefits)].map((p) => ({ in: 'body' as const, ...p })),
        ...subRecordProblems(input, options.today),
      ];
      rowProblemsFound.push(...rowProblems(record.row, ruleErrors, read.languageColumns));
      if (!input.externalId)
        rowProblemsFound.push(rowError(record.row, 'external_id', 'required', 'every row needs an external id'));
      if (rowProblemsFound.length === 0 && input.externalId) {
        candidates.push({
          row: record.row,
          input: { ...input, externalId: input.externalId },
          kind: 'create',
          existing: null,
          changed: [],
          addStatus: input.residenceStatuses !== undefined && input.residenceStatuses.length > 0,
          closeStatuses: [],
          addLanguages: input.languages ?? [],
          addSchooling: input.schooling ?? [],
          // Tokenising names in every script is the costliest step of validation: once per row.
          nameKeys: nameKeys({
            familyName: input.familyName,
            givenNames: input.givenNames ?? '',
            familyNameOriginal: input.familyNameOriginal ?? null,
            givenNamesOriginal: input.givenNamesOriginal ?? null,
          }),
        });
      }
    }
    problems.push(...rowProblemsFound);
    if (rowProblemsFound.length > 0) failed.add(record.row);
  }
  // An external id repeated in the file: every repetition is an error (which one is right is unknown).
  const repeated = duplicateExternalIds(
    csv.records.map((record) => ({
      row: record.row,
      externalId: rowInput(record.row, header.columns, record.cells).input.externalId as string | undefined,
    })),
  );
  problems.push(...repeated);
  for (const problem of repeated) if (problem.row !== null) failed.add(problem.row);

  const valid = candidates.filter((candidate) => !failed.has(candidate.row));
  const stored = new Map<string, StoredParticipant>();
  for (const ids of chunks(
    valid.map((row) => row.input.externalId),
    CHUNK,
  )) {
    for (const participant of await participantsByExternalId(trx, ids)) {
      if (participant.external_id) stored.set(participant.external_id, participant);
    }
  }
  const rows: PreparedRow[] = [];
  for (const prepared of valid) {
    const existing = stored.get(prepared.input.externalId);
    if (!existing) {
      rows.push(prepared);
      continue;
    }
    prepared.existing = existing;
    const refused = (code: string, message: string) => rowError(prepared.row, 'external_id', code, message);
    let problem: ImportProblem | null = null;
    if (existing.anonymised_at) problem = refused('anonymised', 'the record with this external id was anonymised');
    else if (existing.merged_into_id)
      problem = refused('merged', 'the record with this external id was merged into another');
    else if (existing.blocked_at)
      problem = refused('blocked', 'the record with this external id is blocked (Art. 18 GDPR)');
    else if (
      options.actor &&
      !authorize(
        options.actor,
        'update',
        participantTarget({
          municipalityId: options.municipalityId,
          restricted: existing.restricted,
          assignedUserIds: existing.assigned_user_ids,
          teamIds: existing.team_ids,
          enrolledWithOrganisationIds: [],
        }),
      ).allowed
    ) {
      problem = refused('not_permitted', 'you may not change the record with this external id');
    }
    const updateProblems = problem ? [problem] : planUpdate(prepared, existing, present);
    if (updateProblems.length > 0) {
      problems.push(...updateProblems);
      failed.add(prepared.row);
      continue;
    }
    rows.push(prepared);
  }

  const creations = rows.filter((row) => row.kind === 'create');
  const keys = [...new Set(creations.flatMap((row) => row.nameKeys))];
  const similar = new Map<string, SimilarRecord>();
  for (const part of chunks(keys, CHUNK)) {
    for (const record of await participantsWithNameKeys(trx, part)) similar.set(record.id, record);
  }
  problems.push(...similarWarnings(creations, [...similar.values()]));

  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { totalRows, rows, invalidRows: failed.size, problems };
}
