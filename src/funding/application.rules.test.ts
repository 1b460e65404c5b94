// The rules of a financing plan against the bundled "Durchstarten" definition: every kind of problem with its
// field, the own contribution at 20 % and 10 %, FB4's flat rate, FB6 for alliance members and its post formula,
// and that the numbers follow the definition (a changed version changes the result).
import { describe, expect, it } from 'vitest';
import {
  lineAmountCents,
  planProblems,
  planTotals,
  requiredOwnContributionRateBp,
  type Plan,
  type PlanCostLine,
} from './application.rules.ts';
import { bundledDefinition } from './programme.bundled.ts';
import type { ProgrammeDefinition } from './programme.definition.ts';

const DIAA = bundledDefinition('DIAA');

function cost(id: string, overrides: Partial<PlanCostLine> = {}): PlanCostLine {
  return {
    id,
    strand: 'FB1',
    budgetYear: 2021,
    category: 'personnel',
    quantity: null,
    unitCents: null,
    amountCents: 100_000_00,
    ...overrides,
  };
}

/** A balanced FB1 plan for 2021: 100,000 € costs = 80,000 € requested + 20,000 € own contribution. */
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
    fundingSources: [{ id: 'own', kind: 'own_contribution', budgetYear: 2021, amountCents: 20_000_00 }],
    requestedAmounts: [{ id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 80_000_00 }],
    ...overrides,
  };
}

function codes(p: Plan): [string, string][] {
  return planProblems(p).map((problem) => [problem.field, problem.code]);
}

describe('a financing plan', () => {
  it('has no problems when it is balanced and follows the rules', () => {
    expect(planProblems(plan())).toEqual([]);
  });

  it('sums costs, requested amounts and funds per year and per strand and year', () => {
    const totals = planTotals(
      plan({
        costLines: [cost('a'), cost('b', { budgetYear: 2022, amountCents: 50_000_00 })],
        fundingSources: [
          { id: 'o', kind: 'own_contribution', budgetYear: 2021, amountCents: 20_000_00 },
          { id: 't', kind: 'third_party', budgetYear: 2022, amountCents: 10_000_00 },
        ],
      }),
    );
    expect(totals.years).toEqual([
      {
        budgetYear: 2021,
        costsCents: 100_000_00,
        requestedCents: 80_000_00,
        ownContributionCents: 20_000_00,
        thirdPartyCents: 0,
        ownShareBp: 2000,
      },
      {
        budgetYear: 2022,
        costsCents: 50_000_00,
        requestedCents: 0,
        ownContributionCents: 0,
        thirdPartyCents: 10_000_00,
        ownShareBp: 0,
      },
    ]);
    expect(totals.costsCents).toBe(150_000_00);
    expect(totals.strands.map((s) => [s.strand, s.budgetYear, s.costsCents])).toEqual([
      ['FB1', 2021, 100_000_00],
      ['FB1', 2022, 50_000_00],
    ]);
  });

  it('names an empty plan', () => {
    expect(codes(plan({ costLines: [], requestedAmounts: [], fundingSources: [] }))).toEqual([
      ['costLines', 'empty_plan'],
    ]);
  });

  it('refuses a strand the programme does not have, and a category the strand does not fund', () => {
    const p = plan({
      costLines: [cost('x', { strand: 'FB9' }), cost('y', { strand: 'FB4', category: 'material', amountCents: 0 })],
    });
    expect(codes(p)).toEqual(
      expect.arrayContaining([
        ['costLines.x.strand', 'unknown_strand'],
        ['costLines.y.category', 'category_not_allowed'],
      ]),
    );
  });

  it('refuses a year outside the period of the application and outside the runtime', () => {
    const p = plan({
      periodTo: '2024-12-31',
      costLines: [cost('c1'), cost('late', { budgetYear: 2024, amountCents: 0 })],
    });
    expect(codes(p)).toEqual(
      expect.arrayContaining([
        ['periodTo', 'outside_runtime'],
        ['costLines.late.budgetYear', 'year_outside_runtime'],
      ]),
    );
    const q = plan({ costLines: [cost('c1'), cost('next', { budgetYear: 2022, amountCents: 0 })] });
    expect(codes(q)).toContainEqual(['costLines.next.budgetYear', 'year_outside_period']);
  });

  it('requires quantity × unit amount to make the amount', () => {
    const p = plan({ costLines: [cost('c1', { quantity: '10', unitCents: 10_000_00, amountCents: 99_999_99 })] });
    expect(codes(p)).toContainEqual(['costLines.c1.amountCents', 'amount_mismatch']);
    expect(lineAmountCents('12.5', 3333)).toBe(41663); // 41,662.5 cents, half up
    expect(lineAmountCents('9999999999.99', 10_000_000_000_000)).toBeNull();
    const huge = plan({ costLines: [cost('c1', { quantity: '9999999999', unitCents: 10_000_000_000_000 })] });
    expect(codes(huge)).toContainEqual(['costLines.c1.amountCents', 'amount_mismatch']);
  });

  it('lists every problem at once, not only the first', () => {
    const p = plan({
      costLines: [cost('x', { strand: 'FB9' }), cost('y', { budgetYear: 2030 })],
      fundingSources: [],
    });
    expect(planProblems(p).length).toBeGreaterThanOrEqual(5);
  });
});

describe('own contribution', () => {
  it('is at least 20 % of the costs by default', () => {
    const short = plan({
      fundingSources: [{ id: 'own', kind: 'own_contribution', budgetYear: 2021, amountCents: 19_999_99 }],
      requestedAmounts: [{ id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 80_000_01 }],
    });
    expect(codes(short)).toEqual([['years.2021.ownContribution', 'own_contribution_too_low']]);
    expect(requiredOwnContributionRateBp(short)).toBe(2000);
  });

  it('is 10 % for a municipality under budget recovery', () => {
    const p = plan({
      recipient: { allianceMember: false, budgetRecovery: true, tolerated18to27: null },
      fundingSources: [{ id: 'own', kind: 'own_contribution', budgetYear: 2021, amountCents: 10_000_00 }],
      requestedAmounts: [{ id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 90_000_00 }],
    });
    expect(planProblems(p)).toEqual([]);
    expect(requiredOwnContributionRateBp(p)).toBe(1000);
    const without = { ...p, recipient: { ...p.recipient, budgetRecovery: false } };
    expect(codes(without)).toEqual([['years.2021.ownContribution', 'own_contribution_too_low']]);
  });

  it('follows an approved rate of its own, which needs a reason', () => {
    const p = plan({
      ownContributionRateBp: 500,
      fundingSources: [{ id: 'own', kind: 'own_contribution', budgetYear: 2021, amountCents: 5_000_00 }],
      requestedAmounts: [{ id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 95_000_00 }],
    });
    expect(codes(p)).toEqual([['ownContributionReason', 'reason_required']]);
    expect(planProblems({ ...p, ownContributionReason: 'Sonderfall laut Erlass' })).toEqual([]);
  });

  it('reads the rate from the programme version', () => {
    const changed: ProgrammeDefinition = {
      ...DIAA,
      ownContribution: { defaultRateBp: 3000, budgetRecoveryRateBp: 1000 },
    };
    expect(codes(plan({ definition: changed }))).toEqual([['years.2021.ownContribution', 'own_contribution_too_low']]);
  });

  it('requires costs = requested + own contribution + third-party funds per year', () => {
    const p = plan({ requestedAmounts: [{ id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 79_000_00 }] });
    expect(codes(p)).toEqual([['years.2021', 'unbalanced']]);
    const thirdParty = plan({
      fundingSources: [
        { id: 'own', kind: 'own_contribution', budgetYear: 2021, amountCents: 20_000_00 },
        { id: 'tp', kind: 'third_party', budgetYear: 2021, amountCents: 1_000_00 },
      ],
      requestedAmounts: [{ id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 79_000_00 }],
    });
    expect(planProblems(thirdParty)).toEqual([]);
  });

  it('refuses a requested amount where the plan has no costs', () => {
    const p = plan({
      requestedAmounts: [
        { id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 80_000_00 },
        { id: 'r2', strand: 'FB2', budgetYear: 2021, amountCents: 0 },
      ],
    });
    expect(codes(p)).toEqual([]);
    const q = plan({
      requestedAmounts: [
        { id: 'r1', strand: 'FB1', budgetYear: 2021, amountCents: 70_000_00 },
        { id: 'r2', strand: 'FB2', budgetYear: 2021, amountCents: 10_000_00 },
      ],
    });
    expect(codes(q)).toEqual([['requestedAmounts.r2.amountCents', 'no_costs']]);
  });
});

describe('FB4: teaching hours at the flat rate', () => {
  const hours = (overrides: Partial<PlanCostLine>) =>
    cost('h', {
      strand: 'FB4',
      category: 'teaching_hours',
      quantity: '100',
      unitCents: 3750,
      amountCents: 375_000,
      ...overrides,
    });
  const fb4 = (line: PlanCostLine, exam?: PlanCostLine) =>
    plan({
      costLines: exam ? [line, exam] : [line],
      fundingSources: [
        {
          id: 'own',
          kind: 'own_contribution',
          budgetYear: 2021,
          amountCents: line.amountCents + (exam?.amountCents ?? 0),
        },
      ],
      requestedAmounts: [],
    });

  it('accepts hours × exactly 37.50 € and exam fees at actual cost', () => {
    const exam = cost('e', { strand: 'FB4', category: 'exam_fees', amountCents: 12_345 });
    expect(planProblems(fb4(hours({}), exam))).toEqual([]);
  });

  it('refuses another rate per hour', () => {
    expect(codes(fb4(hours({ unitCents: 4000, amountCents: 400_000 })))).toEqual([
      ['costLines.h.unitCents', 'rate_mismatch'],
    ]);
  });

  it('refuses an amount that is not hours × rate, and hours without a number', () => {
    expect(codes(fb4(hours({ amountCents: 375_001 })))).toEqual([['costLines.h.amountCents', 'amount_mismatch']]);
    expect(codes(fb4(hours({ quantity: null })))).toEqual([['costLines.h.quantity', 'quantity_required']]);
  });

  it('refuses other material costs in FB4', () => {
    expect(codes(fb4(cost('m', { strand: 'FB4', category: 'material', amountCents: 100 })))).toEqual([
      ['costLines.m.category', 'category_not_allowed'],
    ]);
  });

  it('reads the rate from the programme version', () => {
    const changed: ProgrammeDefinition = {
      ...DIAA,
      strands: DIAA.strands.map((s) => (s.code === 'FB4' ? { ...s, teachingHourRateCents: 4000 } : s)),
    };
    expect(codes({ ...fb4(hours({})), definition: changed })).toEqual([['costLines.h.unitCents', 'rate_mismatch']]);
  });
});

describe('FB6: participation-management posts', () => {
  const post = (id: string, fte: string) => ({
    id,
    strand: 'FB6',
    rateCode: 'participation_manager_full_time',
    fte,
    startsOn: '2021-01-01',
    endsOn: '2021-12-31',
    annualCents: 3_400_000,
  });
  const fb6 = (recipient: Plan['recipient'], positions = [post('p1', '0.5')]) =>
    plan({
      recipient,
      positions,
      costLines: [cost('c', { strand: 'FB6', amountCents: 3_400_000 })],
      fundingSources: [{ id: 'own', kind: 'own_contribution', budgetYear: 2021, amountCents: 680_000 }],
      requestedAmounts: [{ id: 'r', strand: 'FB6', budgetYear: 2021, amountCents: 2_720_000 }],
    });

  it('is only for alliance members', () => {
    expect(codes(fb6({ allianceMember: true, budgetRecovery: false, tolerated18to27: 40 }))).toEqual([]);
    expect(codes(fb6({ allianceMember: false, budgetRecovery: false, tolerated18to27: 40 }))).toEqual([
      ['costLines.c.strand', 'alliance_members_only'],
      ['positions.p1.strand', 'alliance_members_only'],
      ['requestedAmounts.r.strand', 'alliance_members_only'],
    ]);
  });

  it('funds at least 0.5 posts, and one post per 100 tolerated persons aged 18–27', () => {
    const member = (population: number | null) => ({
      allianceMember: true,
      budgetRecovery: false,
      tolerated18to27: population,
    });
    expect(codes(fb6(member(10)))).toEqual([]);
    expect(codes(fb6(member(10), [post('p1', '0.51')]))).toEqual([['positions.p1.fte', 'posts_above_formula']]);
    expect(codes(fb6(member(150), [post('p1', '1'), post('p2', '0.5')]))).toEqual([]);
    expect(codes(fb6(member(149), [post('p1', '1'), post('p2', '0.5')]))).toEqual([
      ['positions.p1.fte', 'posts_above_formula'],
      ['positions.p2.fte', 'posts_above_formula'],
    ]);
    expect(codes(fb6(member(null)))).toEqual([['positions', 'no_population']]);
  });
});

describe('positions', () => {
  const position = (overrides: Partial<Plan['positions'][number]> = {}) => ({
    id: 'p',
    strand: 'FB1',
    rateCode: 'coach_full_time',
    fte: '0.5',
    startsOn: '2021-01-01',
    endsOn: '2021-12-31',
    annualCents: 3_250_000,
    ...overrides,
  });

  it('may cost at most the post rate × FTE a year', () => {
    expect(codes(plan({ positions: [position()] }))).toEqual([]);
    expect(codes(plan({ positions: [position({ annualCents: 3_250_001 })] }))).toEqual([
      ['positions.p.annualCents', 'above_post_rate'],
    ]);
  });

  it('needs a rate of the strand and a period inside the application', () => {
    expect(codes(plan({ positions: [position({ rateCode: 'nonsense' })] }))).toEqual([
      ['positions.p.rateCode', 'unknown_rate'],
    ]);
    expect(codes(plan({ positions: [position({ rateCode: null })] }))).toEqual([
      ['positions.p.rateCode', 'rate_required'],
    ]);
    expect(codes(plan({ positions: [position({ startsOn: '2020-12-01', endsOn: '2022-01-31' })] }))).toEqual([
      ['positions.p.startsOn', 'outside_period'],
      ['positions.p.endsOn', 'outside_period'],
    ]);
  });

  it('prorates a KIM half-time assistant from its own rate', () => {
    const KIM = bundledDefinition('KIM');
    const kim = plan({
      definition: KIM,
      periodFrom: '2022-01-01',
      periodTo: '2022-12-31',
      costLines: [cost('c', { strand: 'CM', budgetYear: 2022, amountCents: 2_250_000 })],
      fundingSources: [{ id: 'own', kind: 'own_contribution', budgetYear: 2022, amountCents: 450_000 }],
      requestedAmounts: [{ id: 'r', strand: 'CM', budgetYear: 2022, amountCents: 1_800_000 }],
      positions: [
        position({
          strand: 'CM',
          rateCode: 'half_time_assistant',
          startsOn: '2022-01-01',
          endsOn: '2022-12-31',
          annualCents: 2_250_000,
        }),
      ],
    });
    expect(codes(kim)).toEqual([]);
    expect(codes({ ...kim, positions: [{ ...kim.positions[0]!, fte: '0.25', annualCents: 1_125_001 }] })).toEqual([
      ['positions.p.annualCents', 'above_post_rate'],
    ]);
  });
});

describe('the kind of application', () => {
  it('keeps FB5 for proposals to the innovation fund, and proposals to FB5', () => {
    const fb5 = plan({
      costLines: [cost('c', { strand: 'FB5' })],
      requestedAmounts: [{ id: 'r', strand: 'FB5', budgetYear: 2021, amountCents: 80_000_00 }],
    });
    expect(codes(fb5)).toEqual([
      ['costLines.c.strand', 'strand_not_for_kind'],
      ['requestedAmounts.r.strand', 'strand_not_for_kind'],
    ]);
    expect(codes({ ...fb5, kind: 'innovation' })).toEqual([]);
    expect(codes(plan({ kind: 'innovation' }))).toEqual([
      ['costLines.c1.strand', 'strand_not_for_kind'],
      ['requestedAmounts.r1.strand', 'strand_not_for_kind'],
    ]);
  });
});
