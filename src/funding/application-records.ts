// The plain steps of an application on a transaction, without access checks or audit: used by the services
// (which check and audit around them) and callable from the demo seed and from the innovation fund, whose FB5
// proposals become applications of kind 'innovation' (see docs/funding.md "Applications").
import { AppError, type FieldError } from '../platform/errors.ts';
import { localDate } from '../cases/case.rules.ts';
import { planFrom, definitionOf } from './application.presenter.ts';
import {
  currentProgrammeVersion,
  findApplication,
  insertApplication,
  insertCostLine,
  insertFundingSource,
  insertPosition,
  insertRequestedAmount,
  nextReferenceNumber,
  planRowsOf,
  recipientFacts,
  updateApplicationRow,
  type ApplicationViewRow,
  type PlanRows,
} from './application.repository.ts';
import { lineAmountCents, planProblems, teachingHoursAmountCents, type Plan } from './application.rules.ts';
import type {
  CreateApplication,
  CreateCostLine,
  CreateFundingSource,
  CreatePosition,
  CreateRequestedAmount,
} from './application.schema.ts';
import type { FundingProblem, Trx } from './funding.context.ts';
import type { ApplicationKind } from './funding.codes.ts';
import { strandOf, type ProgrammeDefinition } from './programme.definition.ts';

export function bodyError(field: string, code: string, message: string): FieldError {
  return { in: 'body', field, code, message };
}

export function invalid(errors: FieldError[], message = 'The input is not valid.'): AppError {
  return new AppError('validation_failed', message, { fieldErrors: errors });
}

/** A period the database would refuse, as a field error. */
export function periodErrors(from: string, to: string, field = 'periodTo'): FieldError[] {
  return to < from ? [bodyError(field, 'ends_before_start', 'The period ends before it starts.')] : [];
}

export interface NewApplication {
  municipalityId: string;
  /** the municipality itself, or (FB5 proposals) the proposing provider */
  applicantId: string;
  kind: ApplicationKind;
  createdBy: string | null;
  isDemo?: boolean;
  header: CreateApplication;
}

/** A draft under the programme's current version; answers its id. */
export async function insertApplicationDraft(trx: Trx, input: NewApplication): Promise<string> {
  const { header } = input;
  const programme = await currentProgrammeVersion(trx, header.programmeId);
  if (!programme) throw invalid([bodyError('programmeId', 'unknown', 'No such programme.')]);
  const errors = periodErrors(header.periodFrom, header.periodTo);
  if (errors.length > 0) throw invalid(errors);
  return insertApplication(trx, {
    municipality_id: input.municipalityId,
    programme_id: programme.programme_id,
    programme_version: programme.version,
    kind: input.kind,
    applicant_id: input.applicantId,
    reference: null,
    title: header.title,
    period_from: header.periodFrom,
    period_to: header.periodTo,
    own_contribution_rate_bp: header.ownContributionRateBp ?? null,
    own_contribution_reason: header.ownContributionReason ?? null,
    summary: header.summary ?? null,
    created_by: input.createdBy,
    is_demo: input.isDemo ?? false,
  });
}

/**
 * A cost line's amount: as given, or quantity × unit amount (teaching hours of a flat-rate strand by the
 * programme's own rule). Neither → a field error.
 */
export function costLineAmount(
  definition: ProgrammeDefinition,
  line: Pick<CreateCostLine, 'strand' | 'category' | 'quantity' | 'unitCents' | 'amountCents'>,
): number {
  if (line.amountCents !== undefined) return line.amountCents;
  if (line.quantity != null && line.unitCents != null) {
    const strand = strandOf(definition, line.strand);
    const flatRate =
      strand?.financing === 'teaching_hours' &&
      line.category === 'teaching_hours' &&
      line.unitCents === strand.teachingHourRateCents;
    const computed =
      strand && flatRate
        ? teachingHoursAmountCents(strand, line.quantity)
        : lineAmountCents(line.quantity, line.unitCents);
    if (computed === null) {
      throw invalid([bodyError('quantity', 'too_large', 'Quantity × unit amount is beyond any amount of a line.')]);
    }
    return computed;
  }
  throw invalid([bodyError('amountCents', 'required', 'Give the amount, or quantity and unit amount.')]);
}

export interface LineKeyValues {
  municipality_id: string;
  application_id: string;
}

export function costLineValues(definition: ProgrammeDefinition, keys: LineKeyValues, input: CreateCostLine) {
  return {
    ...keys,
    strand: input.strand,
    budget_year: input.budgetYear,
    category: input.category,
    description: input.description,
    quantity: input.quantity ?? null,
    unit_cents: input.unitCents ?? null,
    amount_cents: costLineAmount(definition, input),
    position: input.position ?? 0,
  };
}

export function positionErrors(input: Pick<CreatePosition, 'startsOn' | 'endsOn' | 'employerId' | 'employerName'>) {
  const errors = periodErrors(input.startsOn, input.endsOn, 'endsOn');
  if ((input.employerId ?? null) === null && (input.employerName ?? null) === null) {
    errors.push(bodyError('employerName', 'required', 'Name the employer (an organisation or a name).'));
  }
  return errors;
}

export function positionValues(keys: LineKeyValues, input: CreatePosition) {
  return {
    ...keys,
    strand: input.strand,
    title: input.title,
    rate_code: input.rateCode ?? null,
    fte: input.fte,
    employer_id: input.employerId ?? null,
    employer_name: input.employerName ?? null,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    annual_cents: input.annualCents,
  };
}

/** The employer of a post must be an organisation of the system (else a field error, not a foreign-key 500). */
export async function checkEmployer(trx: Trx, employerId: string | null | undefined): Promise<void> {
  if (employerId == null) return;
  const found = await trx.selectFrom('organisation').select('id').where('id', '=', employerId).executeTakeFirst();
  if (!found) throw invalid([bodyError('employerId', 'unknown', 'No such organisation.')]);
}

export interface PlanLinesInput {
  costLines?: readonly CreateCostLine[];
  positions?: readonly CreatePosition[];
  fundingSources?: readonly CreateFundingSource[];
  requestedAmounts?: readonly CreateRequestedAmount[];
}

/** Adds lines to a draft's plan in one go (seed, FB5 proposals); the plan must still be open (trigger). */
export async function insertPlanLines(
  trx: Trx,
  municipalityId: string,
  applicationId: string,
  lines: PlanLinesInput,
): Promise<void> {
  const row = await findApplication(trx, applicationId);
  if (!row || row.municipality_id !== municipalityId) throw new AppError('not_found', 'No such application.');
  const definition = definitionOf(row);
  const keys = { municipality_id: municipalityId, application_id: applicationId };
  for (const line of lines.costLines ?? []) await insertCostLine(trx, costLineValues(definition, keys, line));
  for (const position of lines.positions ?? []) {
    const errors = positionErrors(position);
    if (errors.length > 0) throw invalid(errors);
    await checkEmployer(trx, position.employerId);
    await insertPosition(trx, positionValues(keys, position));
  }
  for (const source of lines.fundingSources ?? []) {
    await insertFundingSource(trx, {
      ...keys,
      kind: source.kind,
      name: source.name,
      budget_year: source.budgetYear,
      amount_cents: source.amountCents,
    });
  }
  for (const requested of lines.requestedAmounts ?? []) {
    await insertRequestedAmount(trx, {
      ...keys,
      strand: requested.strand,
      budget_year: requested.budgetYear,
      amount_cents: requested.amountCents,
    });
  }
}

export interface Assessment {
  plan: Plan;
  lines: PlanRows;
  problems: FundingProblem[];
}

/** The plan of an application with every problem the rules find. */
export async function assessApplication(trx: Trx, row: ApplicationViewRow): Promise<Assessment> {
  const lines = await planRowsOf(trx, row.municipality_id, row.id);
  const recipient = await recipientFacts(trx, row.municipality_id);
  if (!recipient) throw new Error(`municipality ${row.municipality_id} of an application is missing`);
  const plan = planFrom(row, lines, recipient);
  return { plan, lines, problems: planProblems(plan) };
}

/** "DIAA-2021-05315000-0001": programme, year of the first submission, municipality key, running number. */
export async function assignReference(trx: Trx, row: ApplicationViewRow, now: Date): Promise<string> {
  const recipient = await recipientFacts(trx, row.municipality_id);
  const municipalityKey = recipient?.official_key ?? row.municipality_id.slice(0, 8).toUpperCase();
  const prefix = `${row.programme_code}-${localDate(now).slice(0, 4)}`;
  const number = await nextReferenceNumber(trx, row.municipality_id, `${prefix}-${municipalityKey}`);
  return `${prefix}-${municipalityKey}-${String(number).padStart(4, '0')}`;
}

export const OPEN_PLAN: readonly string[] = ['draft', 'returned'];

/**
 * Submits a draft or returned application (locked by the caller): refused with every problem of the plan (400),
 * a reference at the first submission. Answers the reference.
 */
export async function submitApplicationRecord(
  trx: Trx,
  row: ApplicationViewRow,
  userId: string | null,
  now: Date,
): Promise<string> {
  if (!OPEN_PLAN.includes(row.status)) {
    throw new AppError('conflict', `An application that is ${row.status} cannot be submitted.`);
  }
  const { problems } = await assessApplication(trx, row);
  if (problems.length > 0) {
    throw new AppError('validation_failed', 'The application has problems; correct them and submit again.', {
      fieldErrors: problems.map((p) => bodyError(p.field, p.code, p.message)),
    });
  }
  const reference = row.reference ?? (await assignReference(trx, row, now));
  await updateApplicationRow(trx, row.municipality_id, row.id, {
    status: 'submitted',
    reference,
    submitted_at: now,
    submitted_by: userId,
  });
  return reference;
}
