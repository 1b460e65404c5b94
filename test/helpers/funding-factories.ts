// Rows of the funding tables for tests, inserted as the application role in a tenant transaction (the shared
// reference rows — programme, version, state budget — have no tenant). Each builds what it needs below it:
// programme → state budget → allocation → application → grant (decision, amounts) → forwarding / payments.
import { createHash, randomUUID } from 'node:crypto';
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
  const { grantId, deciderId } = await insertTestGrantOf(trx, municipalityId, programme, [
    { strand: 'FB1', budgetYear: 2021, decidedCents },
  ]);
  return { grantId, programme, deciderId };
}

/**
 * A grant of a decided application under the programme version: decision 1 (2021, 80 % share, ANBest-G) with its
 * amounts, and the amounts in force per strand and year (they commit the municipality's budget; the database
 * refuses them without one).
 */
export async function insertTestGrantOf(
  trx: Trx,
  municipalityId: string,
  programme: { programmeId: string; version: number },
  amounts: readonly { strand: string; budgetYear: number; decidedCents: number }[],
): Promise<{ grantId: string; deciderId: string }> {
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
  for (const amount of amounts) {
    const keys = { municipality_id: municipalityId, grant_id: grant.id, strand: amount.strand };
    await trx
      .insertInto('grant_decision_amount')
      .values({
        ...keys,
        seq: 1,
        budget_year: amount.budgetYear,
        amount_cents: amount.decidedCents,
        eligible_cents: Math.round(amount.decidedCents * 1.25),
        unit_cents: null,
        unit_count: null,
      })
      .execute();
    await trx
      .insertInto('grant_amount')
      .values({ ...keys, budget_year: amount.budgetYear, decided_cents: amount.decidedCents })
      .execute();
  }
  return { grantId: grant.id, deciderId };
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

// --- Innovation fund (FB5) ---

/** The criteria of the test calls: innovation (weight 3, 0–10), transfer (weight 2, 0–5). */
export const TEST_INNOVATION_CRITERIA = [
  { code: 'innovation', label: 'Innovationsgrad', weight: 3, maxScore: 10 },
  { code: 'transfer', label: 'Übertragbarkeit', weight: 2, maxScore: 5 },
];

/**
 * A published FB5 call of the programme (the first real call's deadline: 31 March 2020, end of day in Germany),
 * and the strand's cap of 5 Mio € when the programme has none yet.
 */
export async function insertTestInnovationCall(
  trx: Trx,
  programme: TestProgramme,
  options: { status?: 'draft' | 'published' | 'ranking_closed' | 'completed'; capCents?: number } = {},
): Promise<string> {
  await trx
    .insertInto('programme_strand_cap')
    .values({ programme_id: programme.programmeId, strand: 'FB5', cap_cents: options.capCents ?? 500_000_000 })
    .onConflict((oc) => oc.columns(['programme_id', 'strand']).doNothing())
    .execute();
  const call = await trx
    .insertInto('innovation_call')
    .values({
      programme_id: programme.programmeId,
      programme_version: programme.version,
      strand: 'FB5',
      title: 'Innovationsfonds 2020',
      description: 'Erster Aufruf des Innovationsfonds',
      opens_at: new Date('2020-01-15T00:00:00+01:00'),
      deadline: new Date('2020-03-31T23:59:59+02:00'),
      criteria: JSON.stringify(TEST_INNOVATION_CRITERIA),
      status: options.status ?? 'published',
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return call.id;
}

/** A proposal of the municipality itself (or of `applicantId`) to the call, with 2020 and 2021 amounts. */
export async function insertTestProposal(
  trx: Trx,
  municipalityId: string,
  callId: string,
  options: { applicantId?: string; status?: 'draft' | 'submitted'; amountsCents?: [number, number] } = {},
): Promise<string> {
  const status = options.status ?? 'submitted';
  const proposal = await trx
    .insertInto('innovation_proposal')
    .values({
      municipality_id: municipalityId,
      call_id: callId,
      applicant_id: options.applicantId ?? municipalityId,
      title: 'Digitale Lernbegleitung',
      summary: 'Lern-App mit Coaching',
      period_from: '2020-06-01',
      period_to: '2021-12-31',
      status,
      submitted_at: status === 'draft' ? null : new Date('2020-03-20T10:00:00Z'),
      submitted_by: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [first, second] = options.amountsCents ?? [5_000_000, 7_000_000];
  await trx
    .insertInto('innovation_proposal_amount')
    .values([
      { municipality_id: municipalityId, proposal_id: proposal.id, budget_year: 2020, amount_cents: first },
      { municipality_id: municipalityId, proposal_id: proposal.id, budget_year: 2021, amount_cents: second },
    ])
    .execute();
  return proposal.id;
}

/** A proposal (of a new programme's call) in the municipality; for the tenant-isolation suite. */
export async function insertTestProposalWorld(trx: Trx, municipalityId: string): Promise<string> {
  const callId = await insertTestInnovationCall(trx, await insertTestProgramme(trx));
  return insertTestProposal(trx, municipalityId, callId);
}

export async function insertTestInnovationDocument(trx: Trx, municipalityId: string, proposalId: string) {
  const content = Buffer.from('%PDF-1.7\n% Konzept\n', 'latin1');
  await trx
    .insertInto('innovation_document')
    .values({
      municipality_id: municipalityId,
      proposal_id: proposalId,
      title: 'Konzept',
      kind: 'concept',
      file_name: 'konzept.pdf',
      content_type: 'application/pdf',
      size_bytes: content.byteLength,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      created_by: null,
    })
    .execute();
}

export async function insertTestInnovationScore(trx: Trx, municipalityId: string, proposalId: string) {
  await trx
    .insertInto('innovation_score')
    .values({
      municipality_id: municipalityId,
      proposal_id: proposalId,
      member_id: await insertFundingUser(trx, municipalityId, 'committee'),
      criterion: 'innovation',
      score: 7,
      comment: null,
    })
    .execute();
}

export interface TestProof {
  proofId: string;
  lineId: string;
  grant: TestGrant;
}

/** The municipality's interim statement 2021 of a new decided grant, with one FB1 line (planned 12,500 €). */
export async function insertTestProof(trx: Trx, municipalityId: string): Promise<TestProof> {
  const grant = await insertTestGrant(trx, municipalityId);
  const proof = await trx
    .insertInto('proof_of_use')
    .values({
      municipality_id: municipalityId,
      grant_id: grant.grantId,
      contract_id: null,
      provider_id: null,
      kind: 'interim',
      budget_year: 2021,
      period_from: '2021-01-01',
      period_to: '2021-12-31',
      due_on: '2022-04-30',
      narrative: JSON.stringify({ summary: 'Coaching 2021' }),
      figures: '{}',
      figures_at: null,
      attached_to: null,
      submitted_at: null,
      submitted_by: null,
      returned_at: null,
      returned_by: null,
      return_reason: null,
      accepted_at: null,
      accepted_by: null,
      audited_at: null,
      audited_by: null,
      audit_result: null,
      audit_findings: null,
      eligible_cents: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const line = await trx
    .insertInto('proof_of_use_line')
    .values({
      municipality_id: municipalityId,
      proof_id: proof.id,
      strand: 'FB1',
      budget_year: 2021,
      category: 'personnel',
      description: 'Coaching (Personal)',
      planned_cents: 1_250_000,
      actual_cents: 1_100_000,
      note: null,
      position: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { proofId: proof.id, lineId: line.id, grant };
}

export async function insertTestReceipt(trx: Trx, municipalityId: string, proof: TestProof): Promise<void> {
  await trx
    .insertInto('receipt')
    .values({
      municipality_id: municipalityId,
      proof_id: proof.proofId,
      line_id: proof.lineId,
      receipt_date: '2021-03-31',
      payee: 'Bildungswerk Rhein',
      purpose: 'Coaching März',
      reference: 'R-2021-031',
      amount_cents: 91_000,
      retain_until: null,
      created_by: null,
    })
    .execute();
}

/** A computed recovery claim of 100 € for FB1 2021 of a proof whose grant was paid 5,000 €. */
export async function insertTestRecoveryClaim(trx: Trx, municipalityId: string): Promise<string> {
  const proof = await insertTestProof(trx, municipalityId);
  await insertTestPayment(trx, municipalityId, proof.grant, 500_000);
  const claim = await trx
    .insertInto('recovery_claim')
    .values({
      municipality_id: municipalityId,
      grant_id: proof.grant.grantId,
      proof_id: proof.proofId,
      strand: 'FB1',
      budget_year: 2021,
      paid_cents: 500_000,
      entitled_cents: 490_000,
      unspent_cents: 10_000,
      ineligible_cents: 0,
      amount_cents: 10_000,
      due_on: null,
      reason: null,
      issued_at: null,
      issued_by: null,
      settled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return claim.id;
}
