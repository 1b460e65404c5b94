// What the participant services share: database, clock and hooks; the access check on one record (with its
// denial audited), the write preconditions (not merged, not blocked, current version), the audit entry of a
// read or write, and the presentation of a record.
import type { Kysely, Transaction } from 'kysely';
import { authorize, type Action, type Actor } from '../access/access.rules.ts';
import { createAuditBatcher, type AuditBatcher } from '../audit/audit-batcher.ts';
import { appendAudit, auditActorOf, type AuditEntry } from '../audit/audit.service.ts';
import type { AuditDetails } from '../audit/audit.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import { participantTarget, type ParticipantFacts } from './participant-access.rules.ts';
import type { RuleProblem } from './participant.rules.ts';
import {
  findSubRecords,
  type ConsentRow,
  type LanguageRow,
  type ResidenceStatusRow,
  type SchoolingRow,
  type SubRecords,
} from './participant-records.repository.ts';
import { accessFactsOf, findParticipant, type ParticipantRow } from './participant.repository.ts';
import type {
  ConsentRecord,
  LanguageRecord,
  Participant,
  ResidenceStatusRecord,
  SchoolingRecord,
} from './participant.schema.ts';
import { periodOn } from './residence-status.rules.ts';

export type { RequestMeta };
export type Trx = Transaction<Database>;

/**
 * Called inside the transaction of a change to what eligibility depends on (birth date, residence statuses,
 * accommodation, work permission, offender flag), so that open cases are re-evaluated with it (cases area).
 */
export type EligibilityInputsChanged = (trx: Trx, actor: Actor, participantId: string) => Promise<void>;

export interface ParticipantServiceOptions {
  db: Kysely<Database>;
  /** The clock ("today" for current statuses and date checks); tests pass a fake one. */
  now?: () => Date;
  onEligibilityInputsChanged?: EligibilityInputsChanged;
  /** Where the audit entries of reads go (the app shares one); by default a batcher of this service's own. */
  readAudit?: AuditBatcher;
}

export interface ParticipantContext {
  db: Kysely<Database>;
  now: () => Date;
  onEligibilityInputsChanged: EligibilityInputsChanged;
  readAudit: AuditBatcher;
}

export function participantContext(options: ParticipantServiceOptions): ParticipantContext {
  return {
    db: options.db,
    now: options.now ?? (() => new Date()),
    onEligibilityInputsChanged: options.onEligibilityInputsChanged ?? (async () => undefined),
    readAudit: options.readAudit ?? createAuditBatcher({ db: options.db }),
  };
}

const berlinDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Germany (the programme's days are local days, not UTC days). */
export function localDay(at: Date): string {
  return berlinDate.format(at);
}

/** The signed-in actor and the municipality (tenant) the request acts in. */
export function actingIn(actor: Actor | null): { actor: Actor; municipalityId: string } {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
  const municipalityId = actor.activeMunicipalityId;
  if (municipalityId === null) throw new AppError('forbidden', 'Choose the municipality you work for first.');
  return { actor, municipalityId };
}

export function inTenant<T>(ctx: ParticipantContext, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return withTenant(ctx.db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, work);
}

export function bodyErrors(problems: readonly RuleProblem[], prefix = ''): FieldError[] {
  return problems.map((problem) => ({
    in: 'body',
    field: prefix ? `${prefix}.${problem.field}` : problem.field,
    code: problem.code,
    message: problem.message,
  }));
}

export function assertValid(problems: readonly FieldError[], message: string): void {
  if (problems.length > 0) throw new AppError('validation_failed', message, { fieldErrors: [...problems] });
}

interface AuditInput {
  /** read, create, update, delete, export (the kind of processing). */
  action: string;
  /** The participant the entry is about; null for reads of many (search), whose details say how many. */
  participantId: string | null;
  outcome?: 'success' | 'denied';
  changedFields?: readonly string[];
  details?: AuditDetails;
  meta: RequestMeta;
}

function participantEntry(actor: Actor, input: AuditInput): AuditEntry {
  return {
    municipalityId: actor.activeMunicipalityId,
    actor: auditActorOf(actor),
    action: input.action,
    resourceType: 'participant',
    resourceId: input.participantId,
    participantId: input.participantId,
    changedFields: input.changedFields ?? [],
    outcome: input.outcome ?? 'success',
    request: input.meta,
    details: input.details ?? {},
  };
}

/** An entry in the municipality's chain about one participant, in the change's transaction; call it last there. */
export async function auditParticipant(trx: Kysely<Database>, actor: Actor, input: AuditInput): Promise<void> {
  await appendAudit(trx, participantEntry(actor, input));
}

/**
 * The entry of a read, after the read's transaction: it is committed (in one batch with the reads of other
 * requests, audit/audit-batcher.ts) when this resolves, and only then may the caller answer with the data.
 */
export async function auditParticipantRead(ctx: ParticipantContext, actor: Actor, input: AuditInput): Promise<void> {
  await ctx.readAudit.append(participantEntry(actor, input));
}

/** A denial, kept in its own transaction (the request's transaction is rolled back by the refusal). */
export async function refuse(
  ctx: ParticipantContext,
  actor: Actor,
  action: Action,
  participantId: string | null,
  reason: string,
  meta: RequestMeta,
): Promise<never> {
  await inTenant(ctx, actor, (trx) =>
    appendAudit(trx, {
      municipalityId: actor.activeMunicipalityId,
      actor: auditActorOf(actor),
      action,
      resourceType: 'participant',
      resourceId: participantId,
      participantId,
      outcome: 'denied',
      request: meta,
      details: { reason },
    }),
  );
  throw new AppError('forbidden', 'You may not do this.');
}

export interface LoadedParticipant {
  row: ParticipantRow;
  facts: ParticipantFacts;
}

/** The facts of a row that decide access. */
export async function factsOf(trx: Trx, row: ParticipantRow): Promise<ParticipantFacts> {
  const facts = (await accessFactsOf(trx, [row.id])).get(row.id);
  return {
    municipalityId: row.municipality_id,
    restricted: row.restricted,
    assignedUserIds: facts?.assignedUserIds ?? [],
    teamIds: facts?.teamIds ?? [],
    // Enrolments with providers come with the offers area; until then no record is enrolled anywhere.
    enrolledWithOrganisationIds: [],
  };
}

/** Loads one record the actor may act on: 404 when not in the tenant, 403 (audited) when not allowed. */
export async function loadParticipant(
  ctx: ParticipantContext,
  trx: Trx,
  actor: Actor,
  id: string,
  action: Action,
  meta: RequestMeta,
  lock?: 'update' | 'share',
): Promise<LoadedParticipant> {
  const row = await findParticipant(trx, id, lock);
  if (!row) throw new AppError('not_found', 'No such participant.');
  const facts = await factsOf(trx, row);
  const decision = authorize(actor, action, participantTarget(facts));
  if (!decision.allowed) await refuse(ctx, actor, action, id, decision.reason, meta);
  return { row, facts };
}

/** Refuses writes to a record that was merged into another one or is blocked (Art. 18 GDPR). */
export function assertRowWritable(row: ParticipantRow): void {
  if (row.merged_into_id !== null) {
    throw new AppError(
      'conflict',
      `This record was merged into another one (${row.merged_into_id}) and is read-only; change that one.`,
    );
  }
  if (row.blocked_at !== null) {
    throw new AppError(
      'conflict',
      'This participant is blocked (restriction of processing, Art. 18 GDPR): the data are read-only until unblocked.',
    );
  }
}

export function assertVersion(row: { version: number }, expectedVersion: number, what = 'participant'): void {
  if (row.version !== expectedVersion) {
    throw new AppError('precondition_failed', `The ${what} was changed by someone else; reload it.`);
  }
}

/** Loads a record for a change: locked, allowed, writable, and at the version the client saw. */
export async function loadForWrite(
  ctx: ParticipantContext,
  trx: Trx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  meta: RequestMeta,
  action: Action = 'update',
): Promise<LoadedParticipant> {
  const loaded = await loadParticipant(ctx, trx, actor, id, action, meta, 'update');
  assertRowWritable(loaded.row);
  assertVersion(loaded.row, expectedVersion);
  return loaded;
}

// --- Presentation -------------------------------------------------------------------------------------------

function iso(value: Date): string {
  return value.toISOString();
}

export function presentResidenceStatus(row: ResidenceStatusRow): ResidenceStatusRecord {
  return {
    id: row.id,
    status: row.status,
    legalParagraph: row.legal_paragraph,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    documentExpiry: row.document_expiry,
    notes: row.notes,
    createdAt: iso(row.created_at),
  };
}

function presentLanguage(row: LanguageRow): LanguageRecord {
  return {
    id: row.id,
    language: row.language,
    level: row.level,
    evidenceDate: row.evidence_date,
    evidence: row.evidence,
    createdAt: iso(row.created_at),
  };
}

function presentSchooling(row: SchoolingRow): SchoolingRecord {
  return {
    id: row.id,
    country: row.country,
    years: row.years,
    qualification: row.qualification,
    recognised: row.recognised,
    notes: row.notes,
    createdAt: iso(row.created_at),
  };
}

function presentConsent(row: ConsentRow): ConsentRecord {
  return {
    id: row.id,
    purpose: row.purpose,
    scope: row.scope,
    givenOn: row.given_on,
    revokedOn: row.revoked_on,
    documentId: row.document_id,
    createdAt: iso(row.created_at),
    version: row.version,
  };
}

export function presentParticipant(row: ParticipantRow, records: SubRecords, today: string): Participant {
  const statuses = records.residenceStatuses.map(presentResidenceStatus);
  const current = periodOn(statuses, today);
  return {
    id: row.id,
    number: row.number,
    externalId: row.external_id,
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
    benefits: row.benefits as Participant['benefits'],
    excludedOffender: row.excluded_offender,
    vocationalExperience: row.vocational_experience,
    restricted: row.restricted,
    blockedAt: row.blocked_at ? iso(row.blocked_at) : null,
    blockedReason: row.blocked_reason,
    mergedIntoId: row.merged_into_id,
    anonymisedAt: row.anonymised_at ? iso(row.anonymised_at) : null,
    isDemo: row.is_demo,
    currentResidenceStatus: current ?? null,
    residenceStatuses: statuses,
    languages: records.languages.map(presentLanguage),
    schooling: records.schooling.map(presentSchooling),
    consents: records.consents.map(presentConsent),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    version: row.version,
  };
}

/** The full record as the API returns it, read inside the given transaction. */
export async function readParticipant(ctx: ParticipantContext, trx: Trx, id: string): Promise<Participant> {
  const row = await findParticipant(trx, id);
  if (!row) throw new AppError('not_found', 'No such participant.');
  return presentParticipant(row, await findSubRecords(trx, id), localDay(ctx.now()));
}
