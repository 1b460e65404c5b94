// The funding dashboard through the API: money per programme, year, strand and municipality; cost per
// participant and per successful transition from the case data; a municipality sees its own figures in full,
// the ministry every municipality's with small counts of people suppressed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import { insertEnrolment, insertOffer } from '../../test/helpers/offer-factories.ts';
import { createCase, createParticipant } from '../../test/helpers/participant-factories.ts';
import type { Dashboard } from './dashboard.schema.ts';
import { insertDecidedGrant, setUpBudgetWorld, type BudgetWorld } from './budget-test-setup.ts';

let world: BudgetWorld;

/** People in an FB1 coaching offer of the municipality in 2021; the first `placed` of them left into training. */
async function coached(municipalityId: string, people: number, placed: number): Promise<void> {
  const offerId = await withTenant(world.db, { municipalityId, userId: null }, (trx) =>
    insertOffer(
      trx,
      { municipality_id: municipalityId, provider_id: world.providerId },
      {
        title: 'Coaching 2021',
        type: 'coaching',
        strand: 'FB1',
        starts_on: '2021-01-01',
        ends_on: '2021-12-31',
        capacity: 50,
        entry_level: null,
        target_level: null,
        status: 'running',
      },
    ),
  );
  for (let index = 0; index < people; index += 1) {
    const person = await createParticipant(world.db, municipalityId);
    await createCase(world.db, municipalityId, person.id, {
      opened_on: '2021-01-10',
      intake_on: '2021-01-10',
      ...(index < placed ? { exited_on: '2021-06-30', exit_outcome: 'training_dual' } : {}),
    });
    await withTenant(world.db, { municipalityId, userId: null }, (trx) =>
      insertEnrolment(
        trx,
        { municipality_id: municipalityId, participant_id: person.id, offer_id: offerId },
        { referred_on: '2021-01-15', starts_on: '2021-02-01' },
      ),
    );
  }
}

let fb1Budget: string;

async function allocate(municipalityId: string, amountCents: number) {
  const response = await world.authority.browser.put(
    `/api/v1/funding/budgets/${fb1Budget}/allocations/${municipalityId}`,
    { amountCents },
  );
  expect(response.statusCode, response.body).toBe(201);
}

async function dashboard(staff: BudgetWorld['office'], query = ''): Promise<Dashboard> {
  const response = await staff.browser.get(`/api/v1/funding/dashboard${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Dashboard;
}

beforeAll(async () => {
  world = await setUpBudgetWorld();
  const budget = await world.authority.browser.post('/api/v1/funding/budgets', {
    programmeId: world.diaa,
    strand: 'FB1',
    budgetYear: 2021,
    amountCents: 100_000_000,
  });
  expect(budget.statusCode, budget.body).toBe(201);
  fb1Budget = (budget.json() as { id: string }).id;
  await allocate(world.koeln.id, 40_000_000);
  await allocate(world.neuss.id, 30_000_000);
  await allocate(world.olpe.id, 20_000_000);
  const diaa = { programmeId: world.diaa, version: 1 };
  await insertDecidedGrant(world, world.koeln.id, diaa, [
    { strand: 'FB1', budgetYear: 2021, decidedCents: 30_000_000, paidCents: 12_000_000 },
  ]);
  await insertDecidedGrant(world, world.neuss.id, diaa, [
    { strand: 'FB1', budgetYear: 2021, decidedCents: 10_000_000, paidCents: 1_000_000 },
  ]);
  await insertDecidedGrant(world, world.olpe.id, diaa, [
    { strand: 'FB1', budgetYear: 2021, decidedCents: 5_000_000, paidCents: 5_000_000 },
  ]);
  await coached(world.koeln.id, 6, 2);
  await coached(world.neuss.id, 2, 0);
  await coached(world.olpe.id, 5, 0);
});

afterAll(async () => {
  await world.close();
});

describe('the funding dashboard', () => {
  it("shows a municipality its own budget, committed, paid and remaining, and its own people's figures in full", async () => {
    const view = await dashboard(world.office, '?budgetYear=2021');
    expect(view.scope).toBe('municipality');
    expect(view.disclosure.applied).toBe(false);
    expect(view.strands).toEqual([]);
    expect(
      view.municipalities.map((m) => [
        m.municipalityId,
        m.strand,
        m.budgetCents,
        m.committedCents,
        m.paidCents,
        m.remainingCents,
      ]),
    ).toEqual([[world.koeln.id, 'FB1', 40_000_000, 30_000_000, 12_000_000, 10_000_000]]);
    const own = view.outcomes.find((o) => o.municipalityId === world.koeln.id);
    expect(own).toMatchObject({
      participants: 6,
      placements: 2,
      // 120,000 € paid ÷ 6 = 20,000 €; ÷ 2 placements = 60,000 €; committed 300,000 € ÷ 6 = 50,000 €
      costPerParticipantPaidCents: 2_000_000,
      costPerPlacementPaidCents: 6_000_000,
      costPerParticipantCommittedCents: 5_000_000,
      costPerPlacementCommittedCents: 15_000_000,
    });
    // Asking for another municipality is refused; the filter cannot widen the view.
    expect(
      (await world.office.browser.get(`/api/v1/funding/dashboard?municipalityId=${world.neuss.id}`)).statusCode,
    ).toBe(403);
    expect(
      (await world.office.browser.get('/api/v1/funding/dashboard?municipalityId=00000000-0000-4000-8000-000000000000'))
        .statusCode,
    ).toBe(403);
  });

  it('shows the ministry every municipality, with small counts of people suppressed (and a second one with them)', async () => {
    const view = await dashboard(world.ministry, `?programmeId=${world.diaa}&budgetYear=2021&strand=FB1`);
    expect(view.scope).toBe('all');
    expect(view.disclosure).toEqual({ applied: true, threshold: 3, minimumAverageBase: 5 });
    expect(
      view.strands.map((s) => [
        s.strand,
        s.stateBudgetCents,
        s.allocatedCents,
        s.committedCents,
        s.paidCents,
        s.remainingCents,
      ]),
    ).toEqual([['FB1', 100_000_000, 90_000_000, 45_000_000, 18_000_000, 55_000_000]]);
    expect(view.municipalities).toHaveLength(3);
    const of = (id: string | null) => view.outcomes.find((o) => o.municipalityId === id);
    // Neuss has 2 participants: suppressed; the smallest other (Olpe, 5) with it, so the total cannot give it away.
    expect([
      of(world.neuss.id)?.participants,
      of(world.olpe.id)?.participants,
      of(world.koeln.id)?.participants,
    ]).toEqual([null, null, 6]);
    expect(of(null)?.participants).toBe(13);
    // Köln's 2 placements are suppressed; no other municipality has any, so the total is suppressed too.
    expect(of(world.koeln.id)?.placements).toBeNull();
    expect(of(null)?.placements).toBeNull();
    // Averages from at least five people only: Köln's cost per participant, not per placement.
    expect(of(world.koeln.id)?.costPerParticipantPaidCents).toBe(2_000_000);
    expect(of(world.koeln.id)?.costPerPlacementPaidCents).toBeNull();
    expect(of(world.neuss.id)?.costPerParticipantPaidCents).toBeNull();
    // 180,000 € paid ÷ 13 participants = 13,846.153… € → 13,846.15 €
    expect(of(null)?.costPerParticipantPaidCents).toBe(1_384_615);
    // Money is never suppressed.
    expect(of(world.neuss.id)?.paidCents).toBe(1_000_000);
  });

  it('lets the authority filter by municipality, and refuses those without budget access', async () => {
    const view = await dashboard(world.authority, `?municipalityId=${world.olpe.id}`);
    expect(view.municipalities.map((m) => m.municipalityId)).toEqual([world.olpe.id]);
    expect((await world.caseworker.browser.get('/api/v1/funding/dashboard')).statusCode).toBe(403);
    expect((await world.provider.browser.get('/api/v1/funding/dashboard')).statusCode).toBe(403);
    expect((await world.ministry.browser.get('/api/v1/funding/dashboard?budgetYear=1999')).statusCode).toBe(400);
  });
});
