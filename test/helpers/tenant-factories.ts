// One factory per tenant table: inserts a row for the given municipality inside a transaction whose
// tenant is that municipality (as the application role, under row-level security). The tenant-isolation
// suite fails for any table with municipality_id that has no factory here.
import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../src/audit/audit.service.ts';
import type { Database } from '../../src/database.ts';
import { formatParticipantNumber, nextParticipantNumber } from '../../src/participants/participant.repository.ts';
import {
  insertFundingUser,
  insertTestAllocation,
  insertTestApplication,
  insertTestForwarding,
  insertTestGrant,
  insertTestPayment,
  insertTestPaymentRequest,
  insertTestProgramme,
  insertTestInnovationDocument,
  insertTestInnovationScore,
  insertTestProposalWorld,
  insertTestProof,
  insertTestReceipt,
  insertTestRecoveryClaim,
} from './funding-factories.ts';
import { insertEnrolment, insertOffer, insertOpenAlert, type OfferValues } from './offer-factories.ts';

export type TenantRowFactory = (trx: Transaction<Database>, municipalityId: string) => Promise<void>;

async function insertTeam(trx: Transaction<Database>, municipalityId: string): Promise<string> {
  const team = await trx
    .insertInto('team')
    .values({ municipality_id: municipalityId, name: `Team ${randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return team.id;
}

/** A user of the municipality without credentials (for factories of tables that refer to one). */
async function insertTestUser(
  trx: Transaction<Database>,
  municipalityId: string,
  emailPrefix: string,
  displayName: string,
): Promise<string> {
  const user = await trx
    .insertInto('app_user')
    .values({
      organisation_id: municipalityId,
      email: `${emailPrefix}-${randomUUID()}@example.org`,
      display_name: displayName,
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

/** A participant with the next number of the municipality (for factories of tables that refer to one). */
export async function insertTestParticipant(trx: Transaction<Database>, municipalityId: string): Promise<string> {
  const number = formatParticipantNumber(await nextParticipantNumber(trx, municipalityId));
  const row = await trx
    .insertInto('participant')
    .values({ municipality_id: municipalityId, number, family_name: 'Testperson', given_names: 'Tenant' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A case (with its participant) for factories of the case tables. */
async function insertTestCase(
  trx: Transaction<Database>,
  municipalityId: string,
): Promise<{ municipality_id: string; case_id: string; participant_id: string; created_by: null }> {
  const participantId = await insertTestParticipant(trx, municipalityId);
  const row = await trx
    .insertInto('participant_case')
    .values({
      municipality_id: municipalityId,
      participant_id: participantId,
      programme: 'diaa',
      team_id: null,
      opened_on: '2025-03-01',
      intake_on: null,
      intake_notes: null,
      strands: ['FB1'],
      exception_justification: null,
      eligibility_decision: 'eligible',
      eligibility_reasons: '[]',
      eligibility_checked_at: null,
      restricted: false,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { municipality_id: municipalityId, case_id: row.id, participant_id: participantId, created_by: null };
}

async function insertTestGoal(trx: Transaction<Database>, municipalityId: string) {
  const base = await insertTestCase(trx, municipalityId);
  const goal = await trx
    .insertInto('case_goal')
    .values({ ...base, title: 'Ausbildungsplatz finden', area: 'vocational', due_on: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { base, goalId: goal.id };
}

/** An open offer (capacity 10) of a provider serving the municipality: the one given, or a new one. */
export async function insertTestOffer(
  trx: Transaction<Database>,
  municipalityId: string,
  overrides: Partial<OfferValues> = {},
): Promise<{ offerId: string; providerId: string }> {
  const provider =
    overrides.provider_id === undefined
      ? await trx
          .insertInto('organisation')
          .values({ kind: 'provider', name: `Bildungswerk ${randomUUID()}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      : { id: overrides.provider_id };
  await trx
    .insertInto('provider_municipality')
    .values({ provider_id: provider.id, served_municipality_id: municipalityId })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const offerId = await insertOffer(trx, { municipality_id: municipalityId, provider_id: provider.id }, overrides);
  return { offerId, providerId: provider.id };
}

/** An active enrolment of a new participant in a new offer. */
export async function insertTestEnrolment(
  trx: Transaction<Database>,
  municipalityId: string,
): Promise<{ enrolmentId: string; offerId: string; participantId: string }> {
  const participantId = await insertTestParticipant(trx, municipalityId);
  const { offerId } = await insertTestOffer(trx, municipalityId);
  const enrolmentId = await insertEnrolment(trx, {
    municipality_id: municipalityId,
    participant_id: participantId,
    offer_id: offerId,
  });
  return { enrolmentId, offerId, participantId };
}

async function insertTestDialogue(trx: Transaction<Database>, municipalityId: string): Promise<string> {
  const { offerId, providerId } = await insertTestOffer(trx, municipalityId);
  const dialogue = await trx
    .insertInto('quality_dialogue')
    .values({
      municipality_id: municipalityId,
      provider_id: providerId,
      offer_id: offerId,
      held_on: '2026-02-10',
      attendees: 'Geschäftsstelle, Träger',
      findings: null,
      follow_up_on: null,
      follow_up_notes: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return dialogue.id;
}

export const tenantRowFactories: Record<string, TenantRowFactory> = {
  participant_number_counter: async (trx, municipalityId) => {
    await nextParticipantNumber(trx, municipalityId);
  },
  participant: async (trx, municipalityId) => {
    await insertTestParticipant(trx, municipalityId);
  },
  participant_residence_status: async (trx, municipalityId) => {
    const participantId = await insertTestParticipant(trx, municipalityId);
    await trx
      .insertInto('participant_residence_status')
      .values({
        municipality_id: municipalityId,
        participant_id: participantId,
        status: 'toleration_60a',
        legal_paragraph: null,
        valid_from: '2024-01-01',
        valid_to: null,
        document_expiry: null,
        notes: null,
        created_by: null,
      })
      .execute();
  },
  participant_language: async (trx, municipalityId) => {
    const participantId = await insertTestParticipant(trx, municipalityId);
    await trx
      .insertInto('participant_language')
      .values({
        municipality_id: municipalityId,
        participant_id: participantId,
        language: 'ar',
        level: 'native',
        evidence_date: null,
        evidence: null,
      })
      .execute();
  },
  participant_schooling: async (trx, municipalityId) => {
    const participantId = await insertTestParticipant(trx, municipalityId);
    await trx
      .insertInto('participant_schooling')
      .values({
        municipality_id: municipalityId,
        participant_id: participantId,
        country: 'SY',
        years: 8,
        qualification: 'foreign_other',
        notes: null,
      })
      .execute();
  },
  participant_consent: async (trx, municipalityId) => {
    const participantId = await insertTestParticipant(trx, municipalityId);
    await trx
      .insertInto('participant_consent')
      .values({
        municipality_id: municipalityId,
        participant_id: participantId,
        purpose: 'case_management',
        scope: 'Fallbegleitung',
        given_on: '2025-01-15',
        revoked_on: null,
        document_id: null,
        created_by: null,
      })
      .execute();
  },
  municipality_policy: async (trx, municipalityId) => {
    await trx
      .insertInto('municipality_policy')
      .values({ municipality_id: municipalityId, eligibility: JSON.stringify({ maxAge: 26 }) })
      .onConflict((oc) => oc.column('municipality_id').doUpdateSet({ eligibility: JSON.stringify({ maxAge: 26 }) }))
      .execute();
  },
  retention_rule: async (trx, municipalityId) => {
    await trx
      .insertInto('retention_rule')
      .values({
        municipality_id: municipalityId,
        class: 'case_data',
        period_months: 60,
        action: 'anonymise',
        updated_by: null,
      })
      .execute();
  },
  deletion_ledger: async (trx, municipalityId) => {
    await trx
      .insertInto('deletion_ledger')
      .values({
        municipality_id: municipalityId,
        participant_id: randomUUID(),
        subject: 'participant',
        action: 'delete',
        class: 'without_case',
        reason: 'test',
        executed_by: null,
        evidence: JSON.stringify({ rows: { participant: 1 } }),
      })
      .execute();
  },
  participant_import: async (trx, municipalityId) => {
    await trx
      .insertInto('participant_import')
      .values({ municipality_id: municipalityId, file_name: 'teilnehmende.csv', created_by: null, finished_at: null })
      .execute();
  },
  participant_case: async (trx, municipalityId) => {
    await insertTestCase(trx, municipalityId);
  },
  case_assignment: async (trx, municipalityId) => {
    const base = await insertTestCase(trx, municipalityId);
    const userId = await insertTestUser(trx, municipalityId, 'coach', 'Coach');
    await trx
      .insertInto('case_assignment')
      .values({ ...base, user_id: userId, role: 'coach' })
      .execute();
  },
  case_assessment: async (trx, municipalityId) => {
    const base = await insertTestCase(trx, municipalityId);
    await trx
      .insertInto('case_assessment')
      .values({
        ...base,
        assessed_on: '2025-03-05',
        areas: JSON.stringify({ language: { needsSupport: true, notes: null, germanLevel: 'A2' } }),
        notes: null,
      })
      .execute();
  },
  case_goal: async (trx, municipalityId) => {
    await insertTestGoal(trx, municipalityId);
  },
  case_step: async (trx, municipalityId) => {
    const { base, goalId } = await insertTestGoal(trx, municipalityId);
    await trx
      .insertInto('case_step')
      .values({
        ...base,
        goal_id: goalId,
        title: 'Bewerbung schreiben',
        owner_user_id: null,
        due_on: '2025-04-01',
        done_on: null,
      })
      .execute();
  },
  case_contact: async (trx, municipalityId) => {
    const base = await insertTestCase(trx, municipalityId);
    await trx
      .insertInto('case_contact')
      .values({
        ...base,
        occurred_at: new Date('2025-03-10T10:00:00Z'),
        duration_minutes: 45,
        channel: 'in_person',
        topic: 'Coaching',
        attendees: null,
        coaching: true,
        notes: null,
      })
      .execute();
  },
  case_referral: async (trx, municipalityId) => {
    const base = await insertTestCase(trx, municipalityId);
    await trx
      .insertInto('case_referral')
      .values({
        ...base,
        service: 'jobcenter',
        referred_on: '2025-03-12',
        description: null,
        outcome_on: null,
        outcome_notes: null,
      })
      .execute();
  },
  case_conference: async (trx, municipalityId) => {
    const base = await insertTestCase(trx, municipalityId);
    await trx
      .insertInto('case_conference')
      .values({
        ...base,
        held_on: '2025-03-20',
        attendees: 'Teilhabemanagement, Jobcenter',
        findings: null,
        agreements: null,
      })
      .execute();
  },
  case_document: async (trx, municipalityId) => {
    const base = await insertTestCase(trx, municipalityId);
    const content = Buffer.from('Zeugnis', 'utf8');
    await trx
      .insertInto('case_document')
      .values({
        ...base,
        title: 'Zeugnis',
        kind: 'certificate',
        file_name: 'zeugnis.txt',
        content_type: 'text/plain',
        size_bytes: content.byteLength,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
      })
      .execute();
  },
  team: async (trx, municipalityId) => {
    await insertTeam(trx, municipalityId);
  },
  team_member: async (trx, municipalityId) => {
    const teamId = await insertTeam(trx, municipalityId);
    const userId = await insertTestUser(trx, municipalityId, 'member', 'Team member');
    await trx
      .insertInto('team_member')
      .values({ municipality_id: municipalityId, team_id: teamId, user_id: userId })
      .execute();
  },
  offer: async (trx, municipalityId) => {
    await insertTestOffer(trx, municipalityId);
  },
  enrolment: async (trx, municipalityId) => {
    await insertTestEnrolment(trx, municipalityId);
  },
  career_rule_setting: async (trx, municipalityId) => {
    await trx
      .insertInto('career_rule_setting')
      .values({ municipality_id: municipalityId, settings: '{}', updated_by: null })
      .execute();
  },
  measure_career_alert: async (trx, municipalityId) => {
    const { enrolmentId, participantId } = await insertTestEnrolment(trx, municipalityId);
    await insertOpenAlert(trx, {
      municipality_id: municipalityId,
      participant_id: participantId,
      enrolment_id: enrolmentId,
    });
  },
  feedback_invitation: async (trx, municipalityId) => {
    const { enrolmentId } = await insertTestEnrolment(trx, municipalityId);
    await trx
      .insertInto('feedback_invitation')
      .values({
        municipality_id: municipalityId,
        enrolment_id: enrolmentId,
        token_hash: createHash('sha256').update(randomUUID()).digest(),
        language: 'de',
        created_by: null,
        expires_at: new Date(Date.now() + 86_400_000),
        used_at: null,
      })
      .execute();
  },
  feedback_response: async (trx, municipalityId) => {
    const { offerId } = await insertTestOffer(trx, municipalityId);
    await trx
      .insertInto('feedback_response')
      .values({
        municipality_id: municipalityId,
        offer_id: offerId,
        survey_version: 1,
        language: 'de',
        answers: '{}',
        given_in: '2026-06-01',
      })
      .execute();
  },
  quality_dialogue: async (trx, municipalityId) => {
    await insertTestDialogue(trx, municipalityId);
  },
  quality_action: async (trx, municipalityId) => {
    const dialogueId = await insertTestDialogue(trx, municipalityId);
    await trx
      .insertInto('quality_action')
      .values({
        municipality_id: municipalityId,
        dialogue_id: dialogueId,
        action: 'Anwesenheit monatlich melden',
        owner: 'Träger',
        due_on: '2026-03-31',
        done_on: null,
      })
      .execute();
  },
  budget_allocation: async (trx, municipalityId) => {
    await insertTestAllocation(trx, municipalityId, await insertTestProgramme(trx));
  },
  funding_application: async (trx, municipalityId) => {
    await insertTestApplication(trx, municipalityId, await insertTestProgramme(trx));
  },
  application_cost_line: async (trx, municipalityId) => {
    const applicationId = await insertTestApplication(trx, municipalityId, await insertTestProgramme(trx));
    await trx
      .insertInto('application_cost_line')
      .values({
        municipality_id: municipalityId,
        application_id: applicationId,
        strand: 'FB4',
        budget_year: 2021,
        category: 'teaching_hours',
        description: 'Jugendintegrationskurs',
        quantity: 400,
        unit_cents: 3750,
        amount_cents: 1_500_000,
      })
      .execute();
  },
  application_position: async (trx, municipalityId) => {
    const applicationId = await insertTestApplication(trx, municipalityId, await insertTestProgramme(trx));
    await trx
      .insertInto('application_position')
      .values({
        municipality_id: municipalityId,
        application_id: applicationId,
        strand: 'FB6',
        title: 'Teilhabemanagement',
        rate_code: 'participation_manager_full_time',
        fte: 0.5,
        employer_id: null,
        employer_name: 'Stadtverwaltung',
        starts_on: '2021-01-01',
        ends_on: '2021-12-31',
        annual_cents: 3_400_000,
      })
      .execute();
  },
  application_funding_source: async (trx, municipalityId) => {
    const applicationId = await insertTestApplication(trx, municipalityId, await insertTestProgramme(trx));
    await trx
      .insertInto('application_funding_source')
      .values({
        municipality_id: municipalityId,
        application_id: applicationId,
        kind: 'own_contribution',
        name: 'Eigenanteil',
        budget_year: 2021,
        amount_cents: 250_000,
      })
      .execute();
  },
  application_comment: async (trx, municipalityId) => {
    const applicationId = await insertTestApplication(trx, municipalityId, await insertTestProgramme(trx));
    await trx
      .insertInto('application_comment')
      .values({
        municipality_id: municipalityId,
        application_id: applicationId,
        author_id: await insertFundingUser(trx, municipalityId),
        side: 'applicant',
        body: 'Bitte Stellenanteile prüfen.',
        subject: null,
      })
      .execute();
  },
  application_requested_amount: async (trx, municipalityId) => {
    const applicationId = await insertTestApplication(trx, municipalityId, await insertTestProgramme(trx));
    await trx
      .insertInto('application_requested_amount')
      .values({
        municipality_id: municipalityId,
        application_id: applicationId,
        strand: 'FB1',
        budget_year: 2021,
        amount_cents: 1_000_000,
      })
      .execute();
  },
  application_reference_counter: async (trx, municipalityId) => {
    await trx
      .insertInto('application_reference_counter')
      .values({ municipality_id: municipalityId, prefix: `T-${randomUUID().slice(0, 8)}`, last_number: 1 })
      .execute();
  },
  funding_grant: async (trx, municipalityId) => {
    await insertTestGrant(trx, municipalityId);
  },
  grant_decision: async (trx, municipalityId) => {
    await insertTestGrant(trx, municipalityId);
  },
  grant_decision_amount: async (trx, municipalityId) => {
    await insertTestGrant(trx, municipalityId);
  },
  grant_amount: async (trx, municipalityId) => {
    await insertTestGrant(trx, municipalityId);
  },
  forwarding_contract: async (trx, municipalityId) => {
    const { providerId } = await insertTestOffer(trx, municipalityId);
    await insertTestForwarding(trx, municipalityId, providerId);
  },
  forwarding_amount: async (trx, municipalityId) => {
    const { providerId } = await insertTestOffer(trx, municipalityId);
    const contractId = await insertTestForwarding(trx, municipalityId, providerId);
    await trx
      .insertInto('forwarding_amount')
      .values({
        municipality_id: municipalityId,
        contract_id: contractId,
        strand: 'FB1',
        budget_year: 2021,
        amount_cents: 50_000,
      })
      .execute();
  },
  payment_request: async (trx, municipalityId) => {
    const { grantId } = await insertTestGrant(trx, municipalityId);
    await insertTestPaymentRequest(trx, municipalityId, grantId);
  },
  payment_request_line: async (trx, municipalityId) => {
    const { grantId } = await insertTestGrant(trx, municipalityId);
    await insertTestPaymentRequest(trx, municipalityId, grantId);
  },
  payment: async (trx, municipalityId) => {
    const grant = await insertTestGrant(trx, municipalityId);
    await insertTestPayment(trx, municipalityId, grant, 100_000);
  },
  innovation_proposal: async (trx, municipalityId) => {
    await insertTestProposalWorld(trx, municipalityId);
  },
  innovation_proposal_amount: async (trx, municipalityId) => {
    await insertTestProposalWorld(trx, municipalityId);
  },
  innovation_document: async (trx, municipalityId) => {
    await insertTestInnovationDocument(trx, municipalityId, await insertTestProposalWorld(trx, municipalityId));
  },
  innovation_score: async (trx, municipalityId) => {
    await insertTestInnovationScore(trx, municipalityId, await insertTestProposalWorld(trx, municipalityId));
  },
  proof_of_use: async (trx, municipalityId) => {
    await insertTestProof(trx, municipalityId);
  },
  proof_of_use_line: async (trx, municipalityId) => {
    await insertTestProof(trx, municipalityId);
  },
  receipt: async (trx, municipalityId) => {
    await insertTestReceipt(trx, municipalityId, await insertTestProof(trx, municipalityId));
  },
  recovery_claim: async (trx, municipalityId) => {
    await insertTestRecoveryClaim(trx, municipalityId);
  },
  audit_log: async (trx, municipalityId) => {
    await appendAudit(trx, {
      municipalityId,
      actor: null,
      action: 'read',
      resourceType: 'team',
      outcome: 'success',
    });
  },
};
