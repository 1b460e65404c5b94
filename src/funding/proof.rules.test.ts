import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import durchstarten from './programmes/durchstarten.json' with { type: 'json' };
import { programmeDefinitionSchema } from './programme.definition.ts';
import {
  addMonths,
  assessStatement,
  groupKey,
  proofPeriod,
  retainUntil,
  submissionProblems,
  type StatementLineInput,
} from './proof.rules.ts';

// The tolerance comes from the programme definition, as in the service.
const definition = programmeDefinitionSchema.parse(durchstarten);
const TOLERANCE = definition.lineToleranceBp;

function line(id: string, plannedCents: number, actualCents: number | null, strand = 'FB1', budgetYear = 2021) {
  return { id, strand, budgetYear, plannedCents, actualCents } satisfies StatementLineInput;
}

function codes(lines: StatementLineInput[], binding?: Map<string, number>) {
  return assessStatement(lines, TOLERANCE, binding).problems.map((p) => `${p.code}:${p.field}`);
}

describe('the 20 % line tolerance of the financial statement', () => {
  it('reads 20 % from the programme definition', () => {
    expect(TOLERANCE).toBe(2000);
  });

  it('accepts a line 20 % over its plan when savings on another line offset it', () => {
    const result = assessStatement([line('a', 100_000, 120_000), line('b', 100_000, 80_000)], TOLERANCE);
    expect(result.problems).toEqual([]);
    expect(result.lines.map((l) => l.status)).toEqual(['within_tolerance', 'within_plan']);
    expect(result.groups[0]).toMatchObject({ savingsCents: 20_000, overrunCents: 20_000, eligibleCents: 200_000 });
    expect(result.totals).toEqual({
      plannedCents: 200_000,
      actualCents: 200_000,
      eligibleCents: 200_000,
      ineligibleCents: 0,
    });
  });

  it('accepts exactly 20 % over plan, and refuses 20 % + 1 cent (the cent is not eligible)', () => {
    const exactly = assessStatement([line('a', 100_000, 120_000), line('b', 100_000, 70_000)], TOLERANCE);
    expect(exactly.lines[0]).toMatchObject({ status: 'within_tolerance', toleranceCents: 20_000 });
    expect(exactly.problems).toEqual([]);

    const oneCentMore = assessStatement([line('a', 100_000, 120_001), line('b', 100_000, 70_000)], TOLERANCE);
    expect(oneCentMore.lines[0]).toMatchObject({
      status: 'over_tolerance',
      overToleranceCents: 1,
      cappedCents: 120_000,
    });
    expect(oneCentMore.problems.map((p) => p.code)).toEqual(['line_over_tolerance']);
    expect(oneCentMore.groups[0]).toMatchObject({ actualCents: 190_001, eligibleCents: 190_000, ineligibleCents: 1 });
  });

  it('does not fund an overrun within 20 % that no saving offsets: the total is binding', () => {
    const result = assessStatement([line('a', 100_000, 110_000), line('b', 100_000, 100_000)], TOLERANCE);
    expect(codes([line('a', 100_000, 110_000), line('b', 100_000, 100_000)])).toEqual([
      'overrun_not_offset:groups.FB1-2021',
    ]);
    expect(result.groups[0]).toMatchObject({ notOffsetCents: 10_000, eligibleCents: 200_000, ineligibleCents: 10_000 });
  });

  it('shows both problems for a line more than 20 % over plan without offset', () => {
    const lines = [line('a', 100_000, 130_000), line('b', 100_000, 100_000)];
    expect(codes(lines)).toEqual(['line_over_tolerance:lines.a.actualCents', 'overrun_not_offset:groups.FB1-2021']);
    const result = assessStatement(lines, TOLERANCE);
    // 10,000 over the tolerance, the remaining 20,000 of the overrun not offset: 30,000 ineligible.
    expect(result.groups[0]).toMatchObject({ eligibleCents: 200_000, ineligibleCents: 30_000, notOffsetCents: 20_000 });
  });

  it('caps a line more than 20 % over plan even when other lines saved more', () => {
    const result = assessStatement([line('a', 100_000, 150_000), line('b', 100_000, 40_000)], TOLERANCE);
    expect(result.problems.map((p) => p.code)).toEqual(['line_over_tolerance']);
    expect(result.groups[0]).toMatchObject({ eligibleCents: 160_000, ineligibleCents: 30_000 });
  });

  it('offsets several lines against several savings within a strand and year, not across', () => {
    const lines = [
      line('a', 50_000, 58_000),
      line('b', 30_000, 35_000),
      line('c', 100_000, 87_000),
      line('d', 20_000, 20_000),
      line('x', 40_000, 48_000, 'FB1', 2022),
      line('y', 40_000, 40_000, 'FB1', 2022),
    ];
    const result = assessStatement(lines, TOLERANCE);
    const [first, second] = result.groups;
    // 2021: +8,000 +5,000 offset by −13,000: all eligible. 2022: +8,000 with nothing saved in that year.
    expect(first).toMatchObject({ overrunCents: 13_000, savingsCents: 13_000, eligibleCents: 200_000 });
    expect(second).toMatchObject({ notOffsetCents: 8_000, eligibleCents: 80_000 });
    expect(result.problems.map((p) => p.field)).toEqual([`groups.${groupKey('FB1', 2022)}`]);
  });

  it('binds a group to the decided eligible costs when the decision set them below the plan', () => {
    const lines = [line('a', 100_000, 100_000), line('b', 100_000, 100_000)];
    const result = assessStatement(lines, TOLERANCE, new Map([['FB1-2021', 180_000]]));
    expect(result.groups[0]).toMatchObject({ bindingCents: 180_000, eligibleCents: 180_000, notOffsetCents: 20_000 });
  });

  it('rounds the tolerance down to whole cents (at most 20 %)', () => {
    const result = assessStatement([line('a', 999, 1_198), line('b', 1_000, 800)], TOLERANCE);
    // 20 % of 9.99 € = 1.998 € → 1.99 €: 11.98 € is within, 11.99 € would not be.
    expect(result.lines[0]).toMatchObject({ toleranceCents: 199, status: 'within_tolerance' });
    expect(assessStatement([line('a', 999, 1_199)], TOLERANCE).lines[0]?.status).toBe('over_tolerance');
  });

  it('never makes more eligible than was spent, the plan binds, or the lines allow (any statement)', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ planned: cents, actual: fc.option(cents, { nil: null }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (raw) => {
          const lines = raw.map((r, index) => line(`l${index}`, r.planned, r.actual));
          const { groups, lines: assessed } = assessStatement(lines, TOLERANCE);
          const group = groups[0];
          if (!group) return false;
          const within = lines.every((l, i) => {
            const a = assessed[i];
            return a !== undefined && a.cappedCents <= l.plannedCents + a.toleranceCents;
          });
          return (
            within &&
            group.eligibleCents <= group.actualCents &&
            group.eligibleCents <= group.plannedCents &&
            group.eligibleCents + group.ineligibleCents === group.actualCents
          );
        },
      ),
    );
  });
});

describe('submission', () => {
  it('lists what is missing: actuals, sections, unchecked provider proofs', () => {
    const problems = submissionProblems({
      lines: [line('a', 100, null), line('b', 100, 0)],
      narrative: { summary: 'Ein Jahr Coaching', results: '  ' },
      requiredSections: ['summary', 'results'],
      pendingProviderProofs: 2,
    });
    expect(problems.map((p) => `${p.code}:${p.field}`)).toEqual([
      'actual_missing:lines.a.actualCents',
      'section_missing:narrative.results',
      'provider_proofs_pending:providerProofs',
    ]);
  });

  it('refuses an empty statement', () => {
    expect(
      submissionProblems({ lines: [], narrative: {}, requiredSections: [], pendingProviderProofs: 0 }).map(
        (p) => p.code,
      ),
    ).toEqual(['statement_empty']);
  });
});

describe('periods and due dates from the programme definition', () => {
  const period = { from: '2020-09-01', to: '2022-06-30' };
  const rules = {
    interimStatementDue: definition.interimStatementDue,
    finalProofDueMonths: definition.finalProofDueMonths,
  };

  it('covers a budget year within the grant period, due on 30 April of the next year', () => {
    expect(proofPeriod({ kind: 'interim', budgetYear: 2020, period, ...rules })).toEqual({
      from: '2020-09-01',
      to: '2020-12-31',
      dueOn: '2021-04-30',
    });
    expect(proofPeriod({ kind: 'interim', budgetYear: 2022, period, ...rules })?.to).toBe('2022-06-30');
    expect(proofPeriod({ kind: 'interim', budgetYear: 2023, period, ...rules })).toBeNull();
  });

  it('covers the whole period in the final proof, due twelve months after its end', () => {
    expect(proofPeriod({ kind: 'final', budgetYear: null, period, ...rules })).toEqual({
      from: '2020-09-01',
      to: '2022-06-30',
      dueOn: '2023-06-30',
    });
  });

  it('adds months on the last day of shorter months, and keeps receipts five years', () => {
    expect(addMonths('2021-08-31', 6)).toBe('2022-02-28');
    expect(addMonths('2021-12-15', 1)).toBe('2022-01-15');
    expect(retainUntil('2024-02-29', definition.receiptRetentionYears)).toBe('2029-02-28');
  });
});
