// One test per number of issue 7 that the programme rules compute, each read from the bundled definitions, and
// each shown to follow the definition when a new version changes it.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programmeDefinitionSchema, strandOf, type ProgrammeDefinition } from './programme.definition.ts';
import { diffDefinitions } from './programme-diff.shared.ts';
import {
  capRemainingCents,
  formulaPostHundredths,
  fteHundredths,
  fteText,
  fundingRateBp,
  impliedCaps,
  impliedStateBudgets,
  mayReceiveStrand,
  ownContributionCents,
  ownContributionRateBp,
  postCents,
  postRateOf,
  runtimeYears,
  setupCents,
  teachingHoursCents,
} from './programme.rules.ts';

function bundled(file: string): ProgrammeDefinition {
  const text = readFileSync(new URL(`./programmes/${file}`, import.meta.url), 'utf8');
  return programmeDefinitionSchema.parse(JSON.parse(text));
}

const durchstarten = bundled('durchstarten.json');
const kim = bundled('kommunales-integrationsmanagement.json');

function strand(definition: ProgrammeDefinition, code: string) {
  const found = strandOf(definition, code);
  if (!found) throw new Error(`no strand ${code}`);
  return found;
}

describe('own contribution', () => {
  it('is 20 % by default and 10 % for a municipality under budget recovery', () => {
    expect(ownContributionRateBp(durchstarten, { budgetRecovery: false })).toBe(2000);
    expect(ownContributionRateBp(durchstarten, { budgetRecovery: true })).toBe(1000);
    expect(fundingRateBp(durchstarten, { budgetRecovery: false })).toBe(8000);
    expect(fundingRateBp(durchstarten, { budgetRecovery: true })).toBe(9000);
  });

  it("reproduces Cologne's volume: 2,956,360 € with 20 % own contribution = 591,272 €", () => {
    expect(ownContributionCents(295_636_000, 2000)).toBe(59_127_200);
  });

  it('rounds the own contribution up, so the grant is the rounded-down funding share', () => {
    // 20 % of 0.03 € = 0.6 cent: the recipient bears 1 cent, the grant is 2 cents (80 % = 2.4 → 2).
    expect(ownContributionCents(3, 2000)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (cents, rate) => {
        const own = ownContributionCents(cents, rate);
        expect(own * 10_000).toBeGreaterThanOrEqual(cents * rate);
        expect((own - 1) * 10_000).toBeLessThan(cents * rate);
      }),
    );
  });

  it('follows the definition: a version with 25 % changes the rate', () => {
    const changed = { ...durchstarten, ownContribution: { defaultRateBp: 2500, budgetRecoveryRateBp: 1000 } };
    expect(ownContributionRateBp(changed, { budgetRecovery: false })).toBe(2500);
  });
});

describe('FB4 teaching hours', () => {
  const fb4 = strand(durchstarten, 'FB4');

  it('funds hours × 37.50 € plus exam fees at actual cost', () => {
    expect(teachingHoursCents(fb4, { hours: 400, examFeesCents: 0 })).toEqual({
      ok: true,
      hoursCents: 1_500_000,
      examFeesCents: 0,
      totalCents: 1_500_000,
    });
    expect(teachingHoursCents(fb4, { hours: '1234.5', examFeesCents: 48_000 })).toEqual({
      ok: true,
      hoursCents: 4_629_375,
      examFeesCents: 48_000,
      totalCents: 4_677_375,
    });
  });

  it('rounds a fraction of a cent down (0.01 h × 37.50 € = 37.5 cents → 37)', () => {
    const result = teachingHoursCents(fb4, { hours: '0.01', examFeesCents: 0 });
    expect(result.ok && result.hoursCents).toBe(37);
  });

  it('refuses exam fees in a strand that does not fund them, and hours in a strand without a rate', () => {
    expect(teachingHoursCents({ ...fb4, examFeesAtActualCost: false }, { hours: 10, examFeesCents: 1 })).toEqual({
      ok: false,
      problem: 'exam_fees_not_funded',
    });
    expect(teachingHoursCents(strand(durchstarten, 'FB1'), { hours: 10, examFeesCents: 0 })).toEqual({
      ok: false,
      problem: 'not_teaching_hours',
    });
  });

  it('follows a new version of the rate (40 € per hour)', () => {
    const result = teachingHoursCents({ ...fb4, teachingHourRateCents: 4000 }, { hours: 10, examFeesCents: 0 });
    expect(result.ok && result.totalCents).toBe(40_000);
  });
});

describe('FB6 participation-management posts', () => {
  const fb6 = strand(durchstarten, 'FB6');
  const formula = fb6.postsFormula ?? { personsPerPost: 0, minimumFte: 0 };

  it.each([
    [0, '0.50'],
    [1, '0.50'],
    [49, '0.50'],
    [50, '0.50'],
    [51, '0.51'],
    [99, '0.99'],
    [100, '1.00'],
    [149, '1.49'],
    [150, '1.50'],
    [2000, '20.00'],
  ])('gives %i tolerated persons aged 18–27 %s posts (max(0.5, n / 100))', (population, posts) => {
    expect(fteText(formulaPostHundredths(population, formula))).toBe(posts);
  });

  it('never gives fewer than the minimum, and grows with the population', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (population) => {
        const posts = formulaPostHundredths(population, formula);
        expect(posts).toBeGreaterThanOrEqual(50);
        expect(formulaPostHundredths(population + 1, formula)).toBeGreaterThanOrEqual(posts);
      }),
    );
  });

  it('follows the definition (one post per 80 persons, at least one post)', () => {
    expect(formulaPostHundredths(120, { personsPerPost: 80, minimumFte: 1 })).toBe(150);
    expect(formulaPostHundredths(40, { personsPerPost: 80, minimumFte: 1 })).toBe(100);
  });

  it('is only for alliance members of "Gemeinsam klappt\'s"; the other strands are for everyone', () => {
    expect(mayReceiveStrand(fb6, { allianceMember: true })).toBe(true);
    expect(mayReceiveStrand(fb6, { allianceMember: false })).toBe(false);
    expect(mayReceiveStrand(strand(durchstarten, 'FB1'), { allianceMember: false })).toBe(true);
  });

  it('refuses a negative or fractional population', () => {
    expect(() => formulaPostHundredths(-1, formula)).toThrow(RangeError);
    expect(() => formulaPostHundredths(1.5, formula)).toThrow(RangeError);
  });
});

describe('KIM post rates and set-up', () => {
  const cm = strand(kim, 'CM');
  const fullTime = postRateOf(cm, 'full_time');
  const assistant = postRateOf(cm, 'half_time_assistant');

  it('funds up to 57,000 € a year per full-time post, prorated by FTE and months', () => {
    if (!fullTime) throw new Error('no full-time rate');
    expect(postCents(fullTime, 1, 12)).toBe(5_700_000);
    expect(postCents(fullTime, '0.5', 12)).toBe(2_850_000);
    expect(postCents(fullTime, 1, 6)).toBe(2_850_000);
    expect(postCents(fullTime, '0.75', 12)).toBe(4_275_000);
    // 57,000 € × 0.33 × 7 / 12 = 10,972.50 €
    expect(postCents(fullTime, '0.33', 7)).toBe(1_097_250);
    // 57,000 € × 0.01 / 12 = 47.50 €
    expect(postCents(fullTime, '0.01', 1)).toBe(4_750);
  });

  it('funds up to 22,500 € a year per half-time assistant (the rate is for 0.5 FTE)', () => {
    if (!assistant) throw new Error('no assistant rate');
    expect(postCents(assistant, '0.5', 12)).toBe(2_250_000);
    expect(postCents(assistant, '0.25', 12)).toBe(1_125_000);
    // 22,500 € × (0.3 / 0.5) × 5 / 12 = 5,625 €
    expect(postCents(assistant, '0.3', 5)).toBe(562_500);
  });

  it('rounds a prorated amount down to the cent', () => {
    // FB1 coach 65,000 € × 1 × 1 / 12 = 5,416.666… €
    const coach = postRateOf(strand(durchstarten, 'FB1'), 'coach_full_time');
    if (!coach) throw new Error('no coach rate');
    expect(postCents(coach, 1, 1)).toBe(541_666);
  });

  it('funds 5,700 € set-up per new workstation', () => {
    expect(setupCents(cm, 3)).toEqual({ ok: true, cents: 1_710_000 });
    expect(setupCents(cm, 0)).toEqual({ ok: true, cents: 0 });
    expect(setupCents(strand(durchstarten, 'FB4'), 1)).toEqual({ ok: false, problem: 'no_setup_in_strand' });
  });

  it('refuses months outside 0…12 and FTE with more than two decimals', () => {
    if (!fullTime) throw new Error('no full-time rate');
    expect(() => postCents(fullTime, 1, 13)).toThrow(RangeError);
    expect(() => fteHundredths('0.333')).toThrow(RangeError);
  });
});

describe('FB5 cap and the budgets a definition implies', () => {
  it('keeps FB5 within 5 Mio € over the runtime', () => {
    const fb5 = strand(durchstarten, 'FB5');
    expect(capRemainingCents(fb5, 0)).toBe(500_000_000);
    expect(capRemainingCents(fb5, 499_999_999)).toBe(1);
    expect(capRemainingCents(fb5, 500_000_000)).toBe(0);
    expect(capRemainingCents(strand(durchstarten, 'FB1'), 1)).toBeNull();
    expect(impliedCaps(durchstarten)).toEqual([{ strand: 'FB5', capCents: 500_000_000 }]);
  });

  it('implies the FB6 budgets (2.4 Mio € in 2019, 3.96 Mio € from 2020) and a central FB5 budget per year', () => {
    expect(runtimeYears(durchstarten)).toEqual([2019, 2020, 2021, 2022, 2023]);
    const budgets = impliedStateBudgets(durchstarten);
    expect(budgets.filter((b) => b.strand === 'FB6').map((b) => [b.budgetYear, b.amountCents, b.central])).toEqual([
      [2019, 240_000_000, false],
      [2020, 396_000_000, false],
      [2021, 396_000_000, false],
      [2022, 396_000_000, false],
      [2023, 396_000_000, false],
    ]);
    expect(budgets.filter((b) => b.strand === 'FB5').map((b) => [b.budgetYear, b.amountCents, b.central])).toEqual(
      [2019, 2020, 2021, 2022, 2023].map((year) => [year, 500_000_000, true]),
    );
    // Key strands get their budgets from the authority, year by year.
    expect(budgets.some((b) => ['FB1', 'FB2', 'FB3', 'FB4'].includes(b.strand))).toBe(false);
  });

  it('gives a central strand without figures (KIM) a zero budget per year for the authority to set', () => {
    const budgets = impliedStateBudgets(kim);
    expect(budgets.map((b) => b.budgetYear)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(budgets.every((b) => b.amountCents === 0 && b.central)).toBe(true);
  });
});

describe('differences between versions', () => {
  it('names the changed rate of FB4 by the strand code, and nothing else', () => {
    const next = structuredClone(durchstarten);
    const fb4 = next.strands.find((s) => s.code === 'FB4');
    if (fb4) fb4.teachingHourRateCents = 4000;
    expect(diffDefinitions(durchstarten, next)).toEqual([
      { path: 'strands.FB4.teachingHourRateCents', kind: 'changed', before: 3750, after: 4000 },
    ]);
  });

  it('reads an added strand and an added budget year as one addition each', () => {
    const next = structuredClone(durchstarten);
    const fb6 = next.strands.find((s) => s.code === 'FB6');
    fb6?.annualBudgets.push({ budgetYear: 2024, amountCents: 100 });
    next.strands.unshift({ ...strand(durchstarten, 'FB1'), code: 'FB0' });
    const changes = diffDefinitions(durchstarten, next);
    // Entries of the earlier version first, then the new ones.
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ['strands.FB6.annualBudgets.2024', 'added'],
      ['strands.FB0', 'added'],
    ]);
  });

  it('finds no change between a definition and its copy, and a removed field as removed', () => {
    expect(diffDefinitions(durchstarten, structuredClone(durchstarten))).toEqual([]);
    const { legalBasis: _dropped, ...rest } = durchstarten;
    expect(diffDefinitions(durchstarten, rest)).toEqual([
      { path: 'legalBasis', kind: 'removed', before: durchstarten.legalBasis },
    ]);
  });

  it('compares a list of plain values as one value', () => {
    const next = structuredClone(durchstarten);
    const fb4 = next.strands.find((s) => s.code === 'FB4');
    fb4?.costCategories.push('material');
    expect(diffDefinitions(durchstarten, next)).toEqual([
      {
        path: 'strands.FB4.costCategories',
        kind: 'changed',
        before: ['teaching_hours', 'exam_fees'],
        after: ['teaching_hours', 'exam_fees', 'material'],
      },
    ]);
  });
});
