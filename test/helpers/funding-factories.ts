// Rows of the funding tables for tests, inserted as the application role in a tenant transaction (the shared
// reference rows — programme, version, state budget — have no tenant). Each builds what it needs below it:
// programme → state budget → allocation → application → grant (decision, amounts) → forwarding / payments.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Transaction } from 'kysely';
import type { Database } from '../../src/database.ts';

type Trx = Transaction<Database>;

/** The bundled definition of "Durchstarten" (src/funding/programmes/durchstarten.json), as stored JSON. */
export const DURCHSTARTEN_DEFINITION: string = readFileSync(
  new URL('../../src/funding/programmes/durchstarten.json', import.meta.url),
  'utf8',
);

export interface TestProgramme {
  programmeId: string;
  version: number;
}

/** A programme (unique code) at version 1 with the Durchstarten definition, and a state budget for FB1 2021. */
export async function insertTestProgramme(trx: Trx, budgetCents = 100_000_000): Promise<TestProgramme> {
  const code = `T${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
  const programme = await trx
    .insertInto('funding_programme')
    .values({ code })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('funding_programme_version')
    .values({
      programme_id: programme.id,
      version: 1,
      definition: DURCHSTARTEN_DEFINITION,
      note: null,
      created_by: null,
    })
    .execute();
  await trx
    .insertInto('programme_budget')
    .values({
      programme_id: programme.id,
      strand: 'FB1',
      budget_year: 2021,
      amount_cents: budgetCents,
      updated_by: null,
    })
    .execute();
  return { programmeId: programme.id, version: 1 };
}

/** A user of the municipality without credentials (requesters, approvers, deciders). */
export async function insertFundingUser(trx: Trx, organisationId: string, label = 'funding'): Promise<string> {
  const user = await trx
    .insertInto('app_user')
    .values({
      organisation_id: organisationId,
      email: `${label}-${randomUUID()}@example.org`,
      display_name: `Test ${label}`,
      password_hash: null,
      password_changed_at: null,
      totp_secret_encrypted: null,
      totp_enabled_at: null,
      totp_last_used_step: null,
      totp_pending_secret_encrypted: null,
      totp_pending_created_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

export async function insertTestAllocation(
  trx: Trx,
  municipalityId: string,
  programme: TestProgramme,
  amountCents = 10_000_000,
): Promise<void> {
  await trx
    .insertInto('budget_allocation')
    .values({
      municipality_id: municipalityId,
      programme_id: programme.programmeId,
      strand: 'FB1',
      budget_year: 2021,
      amount_cents: amountCents,
      key_id: null,
      updated_by: null,
    })
    .execute();
}

export async function insertTestApplication(
  trx: Trx,
  municipalityId: string,
  programme: TestProgramme,
  status: 'draft' | 'decided' = 'draft',
): Promise<string> {
  const row = await trx
    .insertInto('funding_application')
    .values({
      municipality_id: municipalityId,
      programme_id: programme.programmeId,
      programme_version: programme.version,
      applicant_id: municipalityId,
      reference: status === 'draft' ? null : `A-${randomUUID()}`,
      title: 'Coaching 2021',
      period_from: '2021-01-01',
      period_to: '2021-12-31',
      own_contribution_rate_bp: null,
      own_contribution_reason: null,
      summary: null,
      status,
      submitted_at: status === 'draft' ? null : new Date('2020-11-02T09:00:00Z'),
      submitted_by: null,
      decided_at: status === 'draft' ? null : new Date('2020-12-15T09:00:00Z'),
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestGrant {
  grantId: string;
  programme: TestProgramme;
  deciderId: string;
}

/** A decided grant: programme, allocation, application, grant, decision 1 with FB1 2021 = decidedCents. */
export async function insertTestGrant(trx: Trx, municipalityId: string, decidedCents = 1_000_000): Promise<TestGrant> {
  const programme = await insertTestProgramme(trx);
  await insertTestAllocation(trx, municipalityId, programme);
  const applicationId = await insertTestApplication(trx, municipalityId, programme, 'decided');
  const deciderId = await insertFundingUser(trx, municipalityId, 'decider');
  const grant = await trx
    .insertInto('funding_grant')
    .values({
      municipality_id: municipalityId,
      application_id: applicationId,
      programme_id: programme.programmeId,
      programme_version: programme.version,
      recipient_id: municipalityId,
      reference: `ZB-${randomUUID()}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('grant_decision')
    .values({
      municipality_id: municipalityId,
      grant_id: grant.id,
      seq: 1,
      kind: 'decision',
      period_from: '2021-01-01',
      period_to: '2021-12-31',
      financing_type: 'share',
      funding_rate_bp: 8000,
      conditions: 'ANBest-G',
      special_conditions: null,
      reason: null,
      decided_by: deciderId,
      document: null,
      document_sha256: null,
    })
    .execute();
  await trx
    .insertInto('grant_decision_amount')
    .values({
      municipality_id: municipalityId,
      grant_id: grant.id,
      seq: 1,
      strand: 'FB1',
      budget_year: 2021,
      amount_cents: decidedCents,
      eligible_cents: Math.round(decidedCents * 1.25),
      unit_cents: null,
      unit_count: null,
    })
    .execute();
  await trx
    .insertInto('grant_amount')
    .values({
      municipality_id: municipalityId,
      grant_id: grant.id,
      strand: 'FB1',
      budget_year: 2021,
      decided_cents: decidedCents,
    })
    .execute();
  return { grantId: grant.id, programme, deciderId };
}

export async function insertTestForwarding(trx: Trx, municipalityId: string, providerId: string): Promise<string> {
  const { grantId } = await insertTestGrant(trx, municipalityId);
  const contract = await trx
    .insertInto('forwarding_contract')
    .values({
      municipality_id: municipalityId,
      grant_id: grantId,
      provider_id: providerId,
      reference: `WL-${randomUUID()}`,
      period_from: '2021-01-01',
      period_to: '2021-12-31',
      purpose: 'Coaching (FB1)',
      concluded_by: null,
      concluded_at: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return contract.id;
}

/** A payment request of the grant for FB1 2021, requested by a new user of the municipality. */
export async function insertTestPaymentRequest(
  trx: Trx,
  municipalityId: string,
  grantId: string,
  amountCents = 100_000,
): Promise<string> {
  const requesterId = await insertFundingUser(trx, municipalityId, 'requester');
  const request = await trx
    .insertInto('payment_request')
    .values({
      municipality_id: municipalityId,
      grant_id: grantId,
      requested_by: requesterId,
      justification: null,
      first_approved_by: null,
      first_approved_at: null,
      second_approved_by: null,
      second_approved_at: null,
      rejected_by: null,
      rejected_at: null,
      rejection_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('payment_request_line')
    .values({
      municipality_id: municipalityId,
      request_id: request.id,
      strand: 'FB1',
      budget_year: 2021,
      amount_cents: amountCents,
      due_on: '2021-03-01',
      purpose: null,
    })
    .execute();
  return request.id;
}

/** A payment of the grant into the ledger (counts into grant_amount.paid_cents). */
export async function insertTestPayment(trx: Trx, municipalityId: string, grant: TestGrant, amountCents: number) {
  await trx
    .insertInto('payment')
    .values({
      municipality_id: municipalityId,
      grant_id: grant.grantId,
      strand: 'FB1',
      budget_year: 2021,
      kind: amountCents > 0 ? 'payment' : 'repayment',
      amount_cents: amountCents,
      request_id: null,
      recovery_claim_id: null,
      booked_on: '2021-02-01',
      booked_by: grant.deciderId,
      note: null,
    })
    .execute();
}
