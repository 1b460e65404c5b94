// Writes one batch of validated import rows in the caller's tenant transaction: new records in bulk (numbers
// from the municipality's counter, name keys, sub-records), changes to existing ones field by field, an audit
// entry per created or changed participant (as intake and editing write them), and the import's progress.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import { appendAuditBulk, auditActorOf } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { residenceStatusValues } from '../participants/participant-status.service.ts';
import { insertBulk, textArrayLiteral, type BulkColumns } from '../platform/db/bulk-insert.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import {
  addProgress,
  endResidenceStatus,
  reserveNumbers,
  updateParticipantColumns,
} from './participant-import.repository.ts';
import type { ComparedField } from './participant-import.rules.ts';
import type { PreparedRow } from './participant-import.validation.ts';

const PARTICIPANT: BulkColumns = [
  ['municipality_id', 'uuid'],
  ['id', 'uuid'],
  ['number', 'text'],
  ['external_id', 'text'],
  ['family_name', 'text'],
  ['given_names', 'text'],
  ['family_name_original', 'text'],
  ['given_names_original', 'text'],
  ['name_keys', 'text[]'],
  ['birth_date', 'date'],
  ['birth_date_precision', 'text'],
  ['gender', 'text'],
  ['countries_of_origin', 'text[]'],
  ['nationalities', 'text[]'],
  ['phone', 'text'],
  ['email', 'text'],
  ['street', 'text'],
  ['postcode', 'text'],
  ['city', 'text'],
  ['city_district', 'text'],
  ['accommodation', 'text'],
  ['work_permission', 'text'],
  ['benefits', 'text[]'],
  ['excluded_offender', 'bool'],
  ['vocational_experience', 'text'],
  ['restricted', 'bool'],
  ['created_by', 'uuid'],
];
const STATUS: BulkColumns = [
  ['municipality_id', 'uuid'],
  ['participant_id', 'uuid'],
  ['status', 'text'],
  ['legal_paragraph', 'text'],
  ['valid_from', 'date'],
  ['valid_to', 'date'],
  ['document_expiry', 'date'],
  ['notes', 'text'],
  ['created_by', 'uuid'],
];
const LANGUAGE: BulkColumns = [
  ['municipality_id', 'uuid'],
  ['participant_id', 'uuid'],
  ['language', 'text'],
  ['level', 'text'],
  ['evidence_date', 'date'],
  ['evidence', 'text'],
];
const SCHOOLING: BulkColumns = [
  ['municipality_id', 'uuid'],
  ['participant_id', 'uuid'],
  ['country', 'text'],
  ['years', 'int'],
  ['qualification', 'text'],
  ['recognised', 'bool'],
  ['notes', 'text'],
];

/** Column of each compared field (for updates). */
const COLUMN: Record<ComparedField, string> = {
  familyName: 'family_name',
  givenNames: 'given_names',
  familyNameOriginal: 'family_name_original',
  givenNamesOriginal: 'given_names_original',
  birthDate: 'birth_date',
  birthDatePrecision: 'birth_date_precision',
  gender: 'gender',
  countriesOfOrigin: 'countries_of_origin',
  nationalities: 'nationalities',
  phone: 'phone',
  email: 'email',
  street: 'street',
  postcode: 'postcode',
  city: 'city',
  cityDistrict: 'city_district',
  accommodation: 'accommodation',
  workPermission: 'work_permission',
  benefits: 'benefits',
  vocationalExperience: 'vocational_experience',
  excludedOffender: 'excluded_offender',
  restricted: 'restricted',
};

const NAME_FIELDS: readonly ComparedField[] = ['familyName', 'givenNames', 'familyNameOriginal', 'givenNamesOriginal'];

/** Fields whose change can change an eligibility decision (participants/eligibility.rules.ts). */
const ELIGIBILITY_FIELDS: readonly ComparedField[] = [
  'birthDate',
  'birthDatePrecision',
  'accommodation',
  'workPermission',
  'excludedOffender',
];

class Columns {
  readonly values: Record<string, unknown[]> = {};
  readonly columns: BulkColumns;
  constructor(columns: BulkColumns) {
    this.columns = columns;
    for (const [name] of columns) this.values[name] = [];
  }
  add(row: Record<string, unknown>): void {
    for (const [name] of this.columns) this.values[name]?.push(row[name] ?? null);
  }
}

export interface BatchContext {
  municipalityId: string;
  importId: string;
  actor: Actor | null;
  meta: RequestMeta | undefined;
  now: Date;
  /** Re-evaluates the open cases of a participant whose eligibility inputs changed (signed-in actors). */
  onEligibilityInputsChanged?:
    ((trx: Transaction<Database>, actor: Actor, participantId: string) => Promise<void>) | undefined;
}

export interface BatchResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Ids of participants whose eligibility inputs changed. */
  eligibilityChanged: string[];
}

export async function writeBatch(
  trx: Transaction<Database>,
  rows: readonly PreparedRow[],
  context: BatchContext,
): Promise<BatchResult> {
  const m = context.municipalityId;
  const createdBy = context.actor?.userId ?? null;
  const creations = rows.filter((row) => row.kind === 'create');
  const updates = rows.filter((row) => row.kind === 'update');
  const participants = new Columns(PARTICIPANT);
  const statuses = new Columns(STATUS);
  const languages = new Columns(LANGUAGE);
  const schooling = new Columns(SCHOOLING);
  const audits: { participantId: string; action: 'create' | 'update'; fields: string[] }[] = [];
  const eligibilityChanged: string[] = [];

  const first = creations.length > 0 ? await reserveNumbers(trx, m, creations.length) : 0;
  creations.forEach((prepared, index) => {
    const { input } = prepared;
    const id = randomUUID();
    participants.add({
      municipality_id: m,
      id,
      number: `TN-${String(first + index).padStart(6, '0')}`,
      external_id: input.externalId,
      family_name: input.familyName,
      given_names: input.givenNames ?? '',
      family_name_original: input.familyNameOriginal ?? null,
      given_names_original: input.givenNamesOriginal ?? null,
      name_keys: textArrayLiteral(prepared.nameKeys),
      birth_date: input.birthDate ?? null,
      birth_date_precision: input.birthDatePrecision ?? null,
      gender: input.gender ?? 'not_stated',
      countries_of_origin: textArrayLiteral(input.countriesOfOrigin ?? []),
      nationalities: textArrayLiteral(input.nationalities ?? []),
      phone: input.phone ?? null,
      email: input.email ?? null,
      street: input.street ?? null,
      postcode: input.postcode ?? null,
      city: input.city ?? null,
      city_district: input.cityDistrict ?? null,
      accommodation: input.accommodation ?? 'unknown',
      work_permission: input.workPermission ?? 'unknown',
      benefits: textArrayLiteral(input.benefits ?? []),
      excluded_offender: input.excludedOffender ?? false,
      vocational_experience: input.vocationalExperience ?? null,
      restricted: input.restricted ?? false,
      created_by: createdBy,
    });
    addSubRecords(prepared, id);
    audits.push({ participantId: id, action: 'create', fields: Object.keys(input).sort() });
  });

  function addSubRecords(prepared: PreparedRow, participantId: string) {
    const status = prepared.input.residenceStatuses?.[0];
    if (status && prepared.addStatus) {
      statuses.add({
        municipality_id: m,
        participant_id: participantId,
        ...residenceStatusValues(status),
        created_by: createdBy,
      });
    }
    for (const language of prepared.addLanguages) {
      languages.add({
        municipality_id: m,
        participant_id: participantId,
        language: language.language,
        level: language.level,
        evidence_date: language.evidenceDate ?? null,
        evidence: language.evidence ?? null,
      });
    }
    for (const school of prepared.addSchooling) {
      schooling.add({
        municipality_id: m,
        participant_id: participantId,
        country: school.country ?? null,
        years: school.years ?? null,
        qualification: school.qualification,
        recognised: school.recognised ?? false,
        notes: school.notes ?? null,
      });
    }
  }

  await insertBulk(trx, 'participant', PARTICIPANT, participants.values);
  // Foreign-key checks of the sub-records look the participant up with a plan the connection caches from the first
  // time it ran — for a new municipality's import, a plan for a table of a page or two, which gets slower with every
  // batch (measured: 5 µs per checked row after `discard plans`, 35–150 µs with the cached plan at 2,000 to 10,000
  // participants). The app role may not ANALYZE; dropping the connection's cached plans makes the checks
  // plan again for the table's current size. Cheap: a handful of statements are planned again once per batch.
  await sql`discard plans`.execute(trx);
  for (const prepared of updates) {
    const existing = prepared.existing;
    if (!existing) continue;
    const values: Record<string, unknown> = {};
    for (const field of prepared.changed) values[COLUMN[field]] = prepared.input[field] ?? null;
    if (prepared.changed.some((field) => NAME_FIELDS.includes(field))) {
      values.name_keys = prepared.nameKeys;
    }
    // Defaults of columns that cannot be null, for cells the file has emptied.
    if ('gender' in values && values.gender === null) values.gender = 'not_stated';
    for (const column of ['accommodation', 'work_permission'] as const)
      if (column in values && values[column] === null) values[column] = 'unknown';
    for (const column of ['countries_of_origin', 'nationalities', 'benefits'] as const)
      if (column in values && values[column] === null) values[column] = [];
    for (const column of ['excluded_offender', 'restricted'] as const)
      if (column in values && values[column] === null) values[column] = false;
    if ('given_names' in values && values.given_names === null) values.given_names = '';
    await updateParticipantColumns(trx, existing.id, values, context.now);
    for (const close of prepared.closeStatuses) await endResidenceStatus(trx, close.id, close.validTo);
    addSubRecords(prepared, existing.id);
    const fields: string[] = [...prepared.changed];
    if (prepared.addStatus) fields.push('residenceStatuses');
    if (prepared.addLanguages.length > 0) fields.push('languages');
    if (prepared.addSchooling.length > 0) fields.push('schooling');
    audits.push({ participantId: existing.id, action: 'update', fields: fields.sort() });
    if (prepared.addStatus || prepared.changed.some((field) => ELIGIBILITY_FIELDS.includes(field))) {
      eligibilityChanged.push(existing.id);
    }
  }
  await insertBulk(trx, 'participant_residence_status', STATUS, statuses.values);
  await insertBulk(trx, 'participant_language', LANGUAGE, languages.values);
  await insertBulk(trx, 'participant_schooling', SCHOOLING, schooling.values);

  const unchanged = rows.length - creations.length - updates.length;
  await addProgress(trx, context.importId, { processed: rows.length, created: creations.length, unchanged });
  if (context.actor && context.onEligibilityInputsChanged) {
    for (const participantId of eligibilityChanged)
      await context.onEligibilityInputsChanged(trx, context.actor, participantId);
  }
  // Audit last: appending locks the municipality's chain until the transaction ends. One statement for the batch's
  // entries (chained row by row by the trigger, as single appends are): a round trip per entry made the import slow.
  const actor = context.actor ? auditActorOf(context.actor) : null;
  await appendAuditBulk(
    trx,
    audits.map((audit) => ({
      municipalityId: m,
      actor,
      action: audit.action,
      resourceType: 'participant',
      resourceId: audit.participantId,
      participantId: audit.participantId,
      changedFields: audit.fields,
      outcome: 'success',
      request: context.meta,
      details: { source: 'import', importId: context.importId },
    })),
  );
  return { created: creations.length, updated: updates.length, unchanged, eligibilityChanged };
}
