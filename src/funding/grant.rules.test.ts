// The suggested decision per financing type, and the problems of what the officer decides or amends.
import { describe, expect, it } from 'vitest';
import type { Plan, PlanCostLine } from './application.rules.ts';
import { decisionProblems, defaultFundingRateBp, proposeDecision, termsProblems } from './grant.rules.ts';
import { bundledDefinition } from './programme.bundled.ts';

const DIAA = bundledDefinition('DIAA');

function cost(id: string, overrides: Partial<PlanCostLine> = {}): PlanCostLine {
  return {
    id,
    strand: 'FB1',
    budgetYear: 2021,
    category: 'personnel',
    quantity: null,
    unitCents: null,
    amountCents: 100_000_01,
    ...overrides,
  };
}

function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    definition: DIAA,
    kind: 'grant',
    periodFrom: '2021-01-01',
    periodTo: '2021-12-31',
    ownContributionRateBp: null,
    ownContributionReason: null,
    recipient: { allianceMember: false, budgetRecovery: false, tolerated18to27: null },
    costLines: [cost('c1')],
    positions: [],
    fundingSources: [{ id: 'own', kind: 'own_contribution', budgetYear: 2021, amountCents: 20_000_01 }],
    requestedAmounts: [{ id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 80_000_00 }],
    ...overrides,
  };
}

const terms = (amountCents: number, overrides: Partial<Parameters<typeof termsProblems>[1]> = {}) => ({
  periodFrom: '2021-01-01',
  periodTo: '2021-12-31',
  financingType: 'share' as const,
  fundingRateBp: 8000,
  amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents }],
  ...overrides,
});

describe('the suggested decision', () => {
  it('share financing: the funding rate (100 % − own contribution) of the eligible costs, rounded down', () => {
    expect(defaultFundingRateBp(plan())).toBe(8000);
    const proposal = proposeDecision(
      plan({ requestedAmounts: [{ id: 'r', strand: 'FB1', budgetYear: 2021, amountCents: 90_000_00 }] }),
    );
    // 80 % of 100,000.01 € = 80,000.008 € → 80,000.00 €
    expect(proposal.amounts).toEqual([
      {
        strand: 'FB1',
        budgetYear: 2021,
        eligibleCents: 100_000_01,
        requestedCents: 90_000_00,
        amountCents: 80_000_00,
        unitCents: null,
        unitCount: null,
      },
    ]);
    expect(proposal.fundingRateBp).toBe(8000);
  });

  it('never suggests more than requested', () => {
    expect(proposeDecision(plan()).amounts[0]?.amountCents).toBe(80_000_00);
    const less = plan({ requestedAmounts: [{ id: 'r', strand: 'FB1', budgetYear: 2021, amountCents: 50_000_00 }] });
    expect(proposeDecision(less).totalCents).toBe(50_000_00);
  });

  it('under budget recovery the default rate is 90 %', () => {
    const recovering = plan({ recipient: { allianceMember: false, budgetRecovery: true, tolerated18to27: null } });
    expect(defaultFundingRateBp(recovering)).toBe(9000);
  });

  it('shortfall financing: the request, at most the costs', () => {
    const proposal = proposeDecision(plan(), { financingType: 'shortfall' });
    expect([proposal.fundingRateBp, proposal.totalCents]).toEqual([null, 80_000_00]);
  });

  it('fixed amount for FB4: hours × 37.50 € as unit amount × count', () => {
    const fb4 = plan({
      costLines: [
        cost('h', {
          strand: 'FB4',
          category: 'teaching_hours',
          quantity: '120.5',
          unitCents: 3750,
          amountCents: 451_875,
        }),
      ],
      requestedAmounts: [{ id: 'r', strand: 'FB4', budgetYear: 2021, amountCents: 500_000 }],
    });
    const proposal = proposeDecision(fb4, { financingType: 'fixed' });
    expect(proposal.amounts[0]).toMatchObject({ amountCents: 451_875, unitCents: 3750, unitCount: '120.5' });
  });
});

describe('problems of a decision', () => {
  it('accepts the suggestion and anything lower', () => {
    expect(decisionProblems(plan(), terms(80_000_00))).toEqual([]);
    expect(decisionProblems(plan(), terms(1))).toEqual([]);
  });

  it('refuses more than the suggestion, and strands and years the plan does not have', () => {
    const problems = decisionProblems(
      plan(),
      terms(0, {
        amounts: [
          { strand: 'FB1', budgetYear: 2021, amountCents: 80_000_01 },
          { strand: 'FB2', budgetYear: 2021, amountCents: 1 },
        ],
      }),
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['amounts.0.amountCents', 'above_proposal'],
      ['amounts.1.strand', 'not_in_plan'],
    ]);
  });

  it('keeps to the programme: financing types, rate only for share, period in the runtime, units only for fixed', () => {
    const kim = bundledDefinition('KIM');
    const codes = (t: Parameters<typeof termsProblems>[1], definition = DIAA) =>
      termsProblems(definition, t).map((p) => [p.field, p.code]);
    expect(codes(terms(1, { financingType: 'shortfall', fundingRateBp: null, periodFrom: '2020-01-01' }), kim)).toEqual(
      [
        ['financingType', 'not_allowed'],
        ['periodFrom', 'outside_runtime'],
        ['amounts.0.strand', 'unknown_strand'],
      ],
    );
    expect(codes(terms(1, { fundingRateBp: null }))).toEqual([['fundingRateBp', 'required']]);
    expect(codes(terms(1, { financingType: 'fixed' }))).toEqual([['fundingRateBp', 'only_for_share']]);
    expect(codes(terms(1, { periodTo: '2023-07-01' }))).toEqual([['periodTo', 'outside_runtime']]);
    expect(codes(terms(1, { periodFrom: '2022-01-01', periodTo: '2022-12-31' }))).toEqual([
      ['amounts.0.budgetYear', 'year_outside_period'],
    ]);
    const fixed = (unitCents: number | null, unitCount: string | null, amountCents: number) =>
      terms(0, {
        financingType: 'fixed',
        fundingRateBp: null,
        amounts: [{ strand: 'FB4', budgetYear: 2021, amountCents, unitCents, unitCount }],
      });
    expect(codes(fixed(3750, '10', 37_500))).toEqual([]);
    expect(codes(fixed(3750, '10', 37_501))).toEqual([['amounts.0.amountCents', 'amount_mismatch']]);
    expect(codes(fixed(3750, null, 37_500))).toEqual([['amounts.0.unitCount', 'required']]);
    expect(
      codes(
        terms(0, {
          amounts: [
            { strand: 'FB1', budgetYear: 2021, amountCents: 1 },
            { strand: 'FB1', budgetYear: 2021, amountCents: 2 },
          ],
        }),
      ),
    ).toEqual([['amounts.1.strand', 'duplicate']]);
  });
});
