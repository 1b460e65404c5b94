// Grant decisions through the API: the suggestion from the plan, the decision creating the grant with its PDF and
// committing the municipality's budget, a decision over the budget (409, nothing written), amendments with their
// history and the database's limits (never below what was paid), and who may see and decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import { adminCount, adminRows, fieldsOf } from '../cases/case-test-setup.ts';
import { insertFundingUser } from '../../test/helpers/funding-factories.ts';
import {
  ALLOCATION_CENTS,
  APPLICATIONS,
  etagOf,
  inReview,
  setUpFundingWorld,
  withVersion,
  type FundingWorld,
} from './application-test-setup.ts';
import type { Application } from './application.schema.ts';
import type { DecisionProposal, Grant, GrantPage } from './grant.schema.ts';

let world: FundingWorld;

beforeAll(async () => {
  world = await setUpFundingWorld();
});

afterAll(async () => {
  await world.close();
});

function decide(application: Application, amountCents: number, overrides: Record<string, unknown> = {}) {
  return world.officer.browser.post(
    `${APPLICATIONS}/${application.id}/decision`,
    {
      periodFrom: '2021-01-01',
      periodTo: '2021-12-31',
      financingType: 'share',
      amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents }],
      reason: 'Der Antrag erfüllt die Fördervoraussetzungen.',
      ...overrides,
    },
    withVersion(application.version),
  );
}

async function committed(): Promise<number> {
  const rows = await adminRows<{ committed_cents: string }>(
    world,
    `select committed_cents from budget_allocation where municipality_id = $1 and programme_id = $2`,
    [world.municipality, world.programme.programmeId],
  );
  return Number(rows[0]?.committed_cents);
}

function amend(grant: Grant, amountCents: number, version: string | number = grant.version) {
  return world.officer.browser.post(
    `/api/v1/funding/grants/${grant.id}/decisions`,
    { amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents }], reason: 'Geänderter Bedarf.' },
    withVersion(version),
  );
}

describe('deciding an application', () => {
  let grant: Grant;
  let application: Application;

  beforeAll(async () => {
    application = await inReview(world, 2_500_000);
  });

  it('suggests the amounts from the plan and the rules', async () => {
    const response = await world.officer.browser.get(`${APPLICATIONS}/${application.id}/decision-proposal`);
    expect(response.statusCode, response.body).toBe(200);
    const proposal = response.json() as DecisionProposal;
    expect([proposal.financingType, proposal.fundingRateBp, proposal.conditions, proposal.totalCents]).toEqual([
      'share',
      8000,
      'ANBest-G',
      2_000_000,
    ]);
    const shortfall = await world.officer.browser.get(
      `${APPLICATIONS}/${application.id}/decision-proposal?financingType=shortfall`,
    );
    expect((shortfall.json() as DecisionProposal).fundingRateBp).toBeNull();
    expect((await world.office.browser.get(`${APPLICATIONS}/${application.id}/decision-proposal`)).statusCode).toBe(
      403,
    );
  });

  it('refuses more than the suggestion with field errors, writing nothing', async () => {
    const response = await decide(application, 2_000_001);
    expect([response.statusCode, fieldsOf(response)]).toEqual([400, ['amounts.0.amountCents']]);
    expect(await adminCount(world, `select count(*) as n from funding_grant`)).toBe(0);
  });

  it('creates the grant with decision 1 and its amounts, commits the budget, and marks the application decided', async () => {
    const before = await committed();
    const response = await decide(application, 1_900_000);
    expect(response.statusCode, response.body).toBe(201);
    grant = response.json() as Grant;
    expect(etagOf(response)).toBe('"1"');
    expect([grant.reference, grant.currentDecision, grant.programmeVersion, grant.decidedCents]).toEqual([
      application.reference,
      1,
      1,
      1_900_000,
    ]);
    expect(grant.amounts).toEqual([
      {
        strand: 'FB1',
        budgetYear: 2021,
        decidedCents: 1_900_000,
        forwardedCents: 0,
        paidCents: 0,
        remainingCents: 1_900_000,
      },
    ]);
    expect(grant.decisions.map((d) => [d.seq, d.kind, d.fundingRateBp, d.conditions, d.totalCents])).toEqual([
      [1, 'decision', 8000, 'ANBest-G', 1_900_000],
    ]);
    expect(grant.decisions[0]?.amounts[0]?.eligibleCents).toBe(2_500_000);
    expect(await committed()).toBe(before + 1_900_000);
    const decided = await world.office.browser.get(`${APPLICATIONS}/${application.id}`);
    expect(decided.json() as Application).toMatchObject({ status: 'decided', grantId: grant.id });
    const audit = await adminRows<{ action: string; resource_type: string; municipality_id: string }>(
      world,
      `select action, resource_type, municipality_id from audit_log where outcome = 'success'
         and ((resource_type = 'funding_application' and resource_id = $1) or resource_id = $2) order by seq`,
      [application.id, grant.id],
    );
    expect(audit.slice(-2).map((a) => [a.action, a.resource_type, a.municipality_id])).toEqual([
      ['decide', 'funding_application', world.municipality],
      ['create', 'funding_grant', world.municipality],
    ]);
  });

  it('serves the decision as a PDF that names the reference, with its hash', async () => {
    const response = await world.office.browser.get(`/api/v1/funding/grants/${grant.id}/document?seq=1`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const bytes = (response as unknown as { rawPayload: Buffer }).rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(`(${grant.reference})`);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(grant.decisions[0]?.documentSha256);
    expect((await world.office.browser.get(`/api/v1/funding/grants/${grant.id}/document?seq=9`)).statusCode).toBe(404);
  });

  it('does not decide twice', async () => {
    const again = await decide({ ...application, version: application.version + 1 }, 1);
    expect(again.statusCode).toBe(409);
  });

  it('amends the grant: new decision with its PDF, amounts in force and budget follow, history kept', async () => {
    const before = await committed();
    const stale = await amend(grant, 1_500_000, grant.version + 1);
    expect(stale.statusCode).toBe(412);
    const missing = await world.officer.browser.post(`/api/v1/funding/grants/${grant.id}/decisions`, {
      amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents: 1 }],
      reason: 'x',
    });
    expect(missing.statusCode).toBe(428);
    const response = await amend(grant, 1_500_000);
    expect(response.statusCode, response.body).toBe(201);
    const amended = response.json() as Grant;
    expect([amended.currentDecision, amended.decidedCents, amended.version]).toEqual([2, 1_500_000, 2]);
    expect(amended.decisions.map((d) => [d.seq, d.kind, d.totalCents, d.reason])).toEqual([
      [1, 'decision', 1_900_000, 'Der Antrag erfüllt die Fördervoraussetzungen.'],
      [2, 'amendment', 1_500_000, 'Geänderter Bedarf.'],
    ]);
    expect(await committed()).toBe(before - 400_000);
    const pdf = await world.office.browser.get(`/api/v1/funding/grants/${grant.id}/document?seq=2`);
    expect([pdf.statusCode, pdf.body.slice(0, 5)]).toEqual([200, '%PDF-']);
    grant = amended;
  });

  it('never amends below what was paid (409, nothing written)', async () => {
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => {
      const booker = await insertFundingUser(trx, world.municipality, 'booker');
      await trx
        .insertInto('payment')
        .values({
          municipality_id: world.municipality,
          grant_id: grant.id,
          strand: 'FB1',
          budget_year: 2021,
          kind: 'payment',
          amount_cents: 1_000_000,
          request_id: null,
          recovery_claim_id: null,
          booked_on: '2021-02-01',
          booked_by: booker,
          note: null,
        })
        .execute();
    });
    const response = await amend(grant, 999_999);
    expect(response.statusCode).toBe(409);
    expect((response.json() as { limit?: string }).limit).toBe('grant_amount_paid_within_decided');
    const after = (await world.office.browser.get(`/api/v1/funding/grants/${grant.id}`)).json() as Grant;
    expect([
      after.currentDecision,
      after.decisions.length,
      after.decidedCents,
      after.paidCents,
      after.remainingCents,
    ]).toEqual([2, 2, 1_500_000, 1_000_000, 500_000]);
  });

  it('lets the municipality and the ministry read the grant, not another municipality or a provider', async () => {
    const own = await world.office.browser.get('/api/v1/funding/grants?limit=100');
    expect((own.json() as GrantPage).items.map((g) => g.id)).toContain(grant.id);
    expect((await world.analyst.browser.get(`/api/v1/funding/grants/${grant.id}`)).statusCode).toBe(200);
    expect((await world.foreignOffice.browser.get(`/api/v1/funding/grants/${grant.id}`)).statusCode).toBe(404);
    const foreign = await world.foreignOffice.browser.get('/api/v1/funding/grants?limit=100');
    expect((foreign.json() as GrantPage).items).toEqual([]);
    expect((await world.providerStaff.browser.get(`/api/v1/funding/grants/${grant.id}`)).statusCode).toBe(403);
    const byOffice = await world.office.browser.post(
      `/api/v1/funding/grants/${grant.id}/decisions`,
      { amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents: 2_000_000 }], reason: 'mehr' },
      withVersion(grant.version),
    );
    expect(byOffice.statusCode).toBe(403);
  });
});

describe('the budget limits of a decision', () => {
  it('refuses a decision over the municipality’s budget with 409 and writes nothing', async () => {
    const application = await inReview(world, (ALLOCATION_CENTS * 5) / 4);
    const before = await committed();
    expect(before).toBeGreaterThan(0);
    const grants = await adminCount(world, 'select count(*) as n from funding_grant');
    // The whole allocation is the suggestion (80 % of the costs), but with the grant above it is over the budget.
    const response = await decide(application, ALLOCATION_CENTS);
    expect(response.statusCode, response.body).toBe(409);
    expect((response.json() as { limit?: string }).limit).toBe('budget_allocation_not_over_committed');
    expect(await committed()).toBe(before);
    expect(await adminCount(world, 'select count(*) as n from funding_grant')).toBe(grants);
    expect(await adminCount(world, 'select count(*) as n from grant_decision')).toBe(2);
    const still = (await world.officer.browser.get(`${APPLICATIONS}/${application.id}`)).json() as Application;
    expect([still.status, still.grantId]).toEqual(['in_review', null]);
  });

  it('refuses a decision without a budget for the strand and year (409)', async () => {
    const application = await inReview(world, 100_000);
    const response = await world.officer.browser.post(
      `${APPLICATIONS}/${application.id}/decision`,
      {
        periodFrom: '2021-01-01',
        periodTo: '2021-12-31',
        financingType: 'shortfall',
        amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents: 80_000 }],
      },
      withVersion(application.version),
    );
    // FB1 2021 has a budget: shortfall financing decides; a second programme year has none.
    expect(response.statusCode, response.body).toBe(201);
    const grant = response.json() as Grant;
    const noBudget = await world.officer.browser.post(
      `/api/v1/funding/grants/${grant.id}/decisions`,
      {
        periodTo: '2022-12-31',
        amounts: [
          { strand: 'FB1', budgetYear: 2021, amountCents: 80_000 },
          { strand: 'FB1', budgetYear: 2022, amountCents: 10_000 },
        ],
        reason: 'Verlängerung',
      },
      withVersion(grant.version),
    );
    expect(noBudget.statusCode).toBe(409);
    expect((noBudget.json() as { limit?: string }).limit).toBe('grant_amount_has_budget');
  });
});
