import { describe, expect, it } from 'vitest';
import { bundledDefinition } from '../funding/programme.bundled.ts';
import { KOELN_GRANT, KOELN_PAYMENTS } from './funding-seed.parameters.ts';
import {
  costsByWeights,
  costsWithin,
  demoKeyShares,
  demoPlan,
  demoPopulation,
  keyStateBudgets,
  keyStrandTotalCents,
  presentPartCents,
  trancheLines,
} from './funding-seed.rules.ts';
import { NRW_SITES } from './nrw-sites.ts';

const definition = bundledDefinition('DIAA');
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('demo funding arithmetic', () => {
  it('leaves 26.76 Mio € for FB1–FB4 (50 Mio € − 5 Mio € FB5 cap − 18.24 Mio € FB6) and splits it to the cent', () => {
    expect(keyStrandTotalCents(definition)).toBe(2_676_000_000);
    const budgets = keyStateBudgets(definition);
    expect(budgets).toHaveLength(16);
    expect(sum(budgets.map((b) => b.amountCents))).toBe(2_676_000_000);
    expect(new Set(budgets.map((b) => b.strand))).toEqual(new Set(['FB1', 'FB2', 'FB3', 'FB4']));
  });

  it('builds key shares of exactly 100 % over the recipients present, and their part of a budget', () => {
    const recipients = [
      { id: 'k', officialKey: '05315000' },
      { id: 'n', officialKey: '05162000' },
      { id: 'd', officialKey: '05162004' },
    ];
    const shares = demoKeyShares(recipients);
    // Dormagen (a district town) has no estimate of its own: it is not a recipient.
    expect(shares.map((s) => s.recipientId)).toEqual(['k', 'n']);
    expect(shares.every((s) => /^\d{1,3}\.\d{8}$/.test(s.share))).toBe(true);
    expect(sum(shares.map((s) => Math.round(Number(s.share) * 1e8)))).toBe(100 * 1e8);
    const all = NRW_SITES.reduce((total, site) => total + site.tolerated, 0);
    expect(presentPartCents(1_000_000_000, recipients)).toBe(Math.floor((1_000_000_000 * (5958 + 1200)) / all));
    const everyone = NRW_SITES.map((site) => ({ id: site.officialKey, officialKey: site.officialKey }));
    expect(presentPartCents(1_000_000_000, everyone)).toBe(1_000_000_000);
    expect(demoPopulation(recipients)).toEqual([
      { recipientId: 'k', tolerated: 1490 },
      { recipientId: 'n', tolerated: 300 },
    ]);
  });

  it("plans Köln's published volume exactly: 2,956,360 € costs, 591,272 € own contribution, 80 % per cell", () => {
    const costs = costsByWeights(KOELN_GRANT.costsCents);
    const plan = demoPlan(definition, costs, 8000, 'Eigenanteil Stadt Köln');
    expect(sum(plan.costLines.map((l) => l.amountCents ?? 0))).toBe(KOELN_GRANT.costsCents);
    expect(sum(plan.fundingSources.map((s) => s.amountCents))).toBe(KOELN_GRANT.ownContributionCents);
    for (const cell of costs) {
      const requested = plan.requestedAmounts.find((r) => r.strand === cell.strand && r.budgetYear === cell.budgetYear);
      expect(requested?.amountCents).toBe((cell.amountCents * 8) / 10);
    }
    for (const source of plan.fundingSources) {
      const ofYear = <T extends { budgetYear: number; amountCents?: number }>(lines: readonly T[]) =>
        sum(lines.filter((l) => l.budgetYear === source.budgetYear).map((l) => l.amountCents ?? 0));
      expect(ofYear(plan.costLines)).toBe(ofYear(plan.requestedAmounts) + source.amountCents);
    }
    // FB4: whole teaching hours at the definition's flat rate, the rest exam fees.
    const hours = plan.costLines.filter((l) => l.category === 'teaching_hours');
    expect(hours.length).toBe(4);
    for (const line of hours) expect(line.amountCents).toBe(Number(line.quantity) * 3750);
    expect(() => costsByWeights(123)).toThrow(RangeError);
  });

  it('keeps a grant within its allocation at the funding rate (90 % under budget recovery)', () => {
    const allocations = [
      { strand: 'FB1', budgetYear: 2021, amountCents: 10_000_001 },
      { strand: 'FB6', budgetYear: 2021, amountCents: 5_000_000 },
    ];
    const costs = costsWithin(allocations, 0.85, 9000);
    expect(costs.map((c) => c.strand)).toEqual(['FB1']);
    const requested = demoPlan(definition, costs, 9000, 'Eigenanteil').requestedAmounts[0]?.amountCents ?? 0;
    expect(requested).toBeLessThanOrEqual(8_500_000);
    expect(requested).toBeGreaterThan(8_499_000);
  });

  it('asks per budget year for at most what was decided', () => {
    const decided = costsByWeights(KOELN_GRANT.costsCents).map((c) => ({
      ...c,
      amountCents: (c.amountCents * 8) / 10,
    }));
    const asked = KOELN_PAYMENTS.flatMap((step) => trancheLines(decided, step.tranches));
    for (const cell of decided) {
      const total = sum(
        asked.filter((a) => a.strand === cell.strand && a.budgetYear === cell.budgetYear).map((a) => a.amountCents),
      );
      expect(total).toBeLessThanOrEqual(cell.amountCents);
    }
  });
});
