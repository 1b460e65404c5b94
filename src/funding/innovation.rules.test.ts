import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  acceptsProposals,
  callStrandProblem,
  fitsCap,
  innovationCostCategory,
  proposalProblems,
  rankProposals,
  remainingCap,
  type RankingInput,
  type ScoreEntry,
} from './innovation.rules.ts';
import type { InnovationCriterion } from './innovation.schema.ts';
import { programmeDefinitionSchema, strandOf } from './programme.definition.ts';

const durchstarten = programmeDefinitionSchema.parse(
  JSON.parse(readFileSync(new URL('./programmes/durchstarten.json', import.meta.url), 'utf8')),
);
const kim = programmeDefinitionSchema.parse(
  JSON.parse(readFileSync(new URL('./programmes/kommunales-integrationsmanagement.json', import.meta.url), 'utf8')),
);

const criteria: InnovationCriterion[] = [
  { code: 'innovation', label: 'Innovationsgrad', weight: 3, maxScore: 10 },
  { code: 'transfer', label: 'Übertragbarkeit', weight: 2, maxScore: 5 },
  { code: 'cost', label: 'Wirtschaftlichkeit', weight: 1, maxScore: 10 },
];

/** Scores of members m1, m2 … in criteria order. */
function scored(...members: number[][]): ScoreEntry[] {
  return members.flatMap((scores, member) =>
    scores.map((score, index) => ({ memberId: `m${member + 1}`, criterion: criteria[index]?.code ?? '', score })),
  );
}

function proposal(id: string, scores: ScoreEntry[], requestedCents = 100_000, submitted = '2020-03-01'): RankingInput {
  return { id, requestedCents, submittedAt: new Date(`${submitted}T10:00:00Z`), scores };
}

describe('deadline', () => {
  const call = {
    status: 'published' as const,
    opensAt: new Date('2020-01-15T00:00:00+01:00'),
    deadline: new Date('2020-03-31T23:59:59+02:00'),
  };

  it('takes proposals from the opening until the deadline, inclusive, and not after', () => {
    expect(acceptsProposals(call, new Date('2020-01-14T22:59:59Z'))).toBe(false);
    expect(acceptsProposals(call, new Date('2020-01-14T23:00:00Z'))).toBe(true);
    expect(acceptsProposals(call, new Date('2020-03-31T21:59:59Z'))).toBe(true);
    expect(acceptsProposals(call, new Date('2020-03-31T22:00:00Z'))).toBe(false);
  });

  it('takes none while the call is a draft or after the ranking closed', () => {
    const during = new Date('2020-02-01T10:00:00Z');
    expect(acceptsProposals({ ...call, status: 'draft' }, during)).toBe(false);
    expect(acceptsProposals({ ...call, status: 'ranking_closed' }, during)).toBe(false);
  });
});

describe('eligibility against the programme definition', () => {
  it('allows calls only for a strand that takes proposals by call (FB5), read from the definition', () => {
    expect(callStrandProblem(durchstarten, 'FB5')).toBeNull();
    expect(callStrandProblem(durchstarten, 'FB1')?.code).toBe('not_by_call');
    expect(callStrandProblem(durchstarten, 'FB9')?.code).toBe('unknown_strand');
    // A programme without such a strand takes no proposals at all.
    expect(kim.strands.some((strand) => callStrandProblem(kim, strand.code) === null)).toBe(false);
  });

  it('keeps the period within the runtime and the amounts within the period and the cap', () => {
    const plan = {
      periodFrom: '2020-06-01',
      periodTo: '2021-12-31',
      amounts: [
        { budgetYear: 2020, amountCents: 10_000_000 },
        { budgetYear: 2021, amountCents: 20_000_000 },
      ],
    };
    expect(proposalProblems(durchstarten, 'FB5', plan)).toEqual([]);
    const problems = proposalProblems(durchstarten, 'FB5', {
      periodFrom: '2019-01-01',
      periodTo: '2023-12-31',
      amounts: [
        { budgetYear: 2018, amountCents: 1 },
        { budgetYear: 2020, amountCents: 500_000_000 },
      ],
    });
    expect(problems.map((problem) => `${problem.field}:${problem.code}`)).toEqual([
      'periodFrom:before_runtime',
      'periodTo:after_runtime',
      'amounts.0.budgetYear:outside_period',
      'amounts:over_cap',
    ]);
  });

  it('plans a selected proposal under the strand\'s "other" costs when the strand allows them', () => {
    const fb5 = strandOf(durchstarten, 'FB5');
    if (!fb5) throw new Error('FB5 missing');
    expect(innovationCostCategory(fb5)).toBe('other');
    expect(innovationCostCategory({ ...fb5, costCategories: ['personnel', 'material'] })).toBe('personnel');
  });
});

describe('FB5 cap', () => {
  const capCents = strandOf(durchstarten, 'FB5')?.capCents ?? 0;

  it('is 5 Mio € in the definition', () => {
    expect(capCents).toBe(500_000_000);
  });

  it('admits a selection exactly up to the cap: decided + selected + requested ≤ cap', () => {
    const state = { capCents, committedCents: 300_000_000, selectedPendingCents: 150_000_000 };
    expect(remainingCap(state)).toBe(50_000_000);
    expect(fitsCap(state, 50_000_000)).toBe(true);
    expect(fitsCap(state, 50_000_001)).toBe(false);
  });

  it('shows no negative remainder when the cap is already exhausted', () => {
    const state = { capCents, committedCents: 500_000_000, selectedPendingCents: 1 };
    expect(remainingCap(state)).toBe(0);
    expect(fitsCap(state, 1)).toBe(false);
  });
});

describe('ranking', () => {
  it('ranks by the weighted mean of criterion means relative to their maxima', () => {
    // a: innovation 8, 6 → 7/10; transfer 4, 4 → 4/5; cost 5, 7 → 6/10 → (3·0.7 + 2·0.8 + 1·0.6) / 6 = 0.71667
    const a = proposal('a', scored([8, 4, 5], [6, 4, 7]));
    // b: 10/10, 1/5, 10/10 → (3 + 0.4 + 1) / 6 = 0.73333
    const b = proposal('b', scored([10, 1, 10], [10, 1, 10]));
    const [first, second] = rankProposals(criteria, [a, b]);
    expect(first).toMatchObject({
      id: 'b',
      rank: 1,
      weightedPercent: 73.33,
      scorers: 2,
      completeScorers: 2,
      tie: null,
    });
    expect(second).toMatchObject({ id: 'a', rank: 2, weightedPercent: 71.67 });
    expect(second?.criteria).toEqual([
      { criterion: 'innovation', mean: 7, scorers: 2, min: 6, max: 8, spread: 2 },
      { criterion: 'transfer', mean: 4, scorers: 2, min: 4, max: 4, spread: 0 },
      { criterion: 'cost', mean: 6, scorers: 2, min: 5, max: 7, spread: 2 },
    ]);
  });

  it("takes each criterion's mean over the members who scored it", () => {
    const partial = proposal('p', [...scored([9, 5, 9]), { memberId: 'm2', criterion: 'innovation', score: 3 }]);
    const [result] = rankProposals(criteria, [partial]);
    expect(result?.scorers).toBe(2);
    expect(result?.completeScorers).toBe(1);
    expect(result?.criteria[0]).toMatchObject({ mean: 6, scorers: 2, spread: 6 });
    expect(result?.criteria[1]).toMatchObject({ mean: 5, scorers: 1, spread: 0 });
    // (3·0.6 + 2·1 + 1·0.9) / 6 = 0.78333
    expect(result?.weightedPercent).toBe(78.33);
  });

  it('breaks a tie on the weighted mean by the heavier criterion and explains it', () => {
    // x: 10/10, 0/5, 10/10 → (3 + 0 + 1) / 6; y: 8/10, 5/5, 0/10 → (2.4 + 2) / 6 … not equal; build equal ones:
    // x: innovation 10, transfer 0, cost 0 → 3/6; y: innovation 0, transfer 5, cost 10 → (2 + 1)/6 = 3/6.
    const x = proposal('x', scored([10, 0, 0]));
    const y = proposal('y', scored([0, 5, 10]));
    const results = rankProposals(criteria, [y, x]);
    expect(results.map((r) => [r.id, r.rank, r.weightedPercent])).toEqual([
      ['x', 1, 50],
      ['y', 2, 50],
    ]);
    expect(results[0]?.tie).toEqual({ with: ['y'], brokenBy: 'heaviest_criteria' });
    expect(results[1]?.tie).toEqual({ with: ['x'], brokenBy: 'heaviest_criteria' });
  });

  it('then prefers the smaller request, then the earlier submission, and shares a place only when all is equal', () => {
    const same = scored([5, 3, 5]);
    const big = proposal('big', same, 300_000, '2020-02-01');
    const small = proposal('small', same, 100_000, '2020-03-01');
    const late = proposal('late', same, 300_000, '2020-03-15');
    const twin = proposal('twin', same, 300_000, '2020-03-15');
    const results = rankProposals(criteria, [late, big, twin, small]);
    expect(results.map((r) => [r.id, r.rank])).toEqual([
      ['small', 1],
      ['big', 2],
      ['late', 3],
      ['twin', 3],
    ]);
    expect(results[0]?.tie?.brokenBy).toBe('requested_amount');
    expect(results[1]?.tie?.brokenBy).toBe('submitted_at');
    expect(results[2]?.tie).toEqual({ with: ['small', 'big', 'twin'], brokenBy: null });
  });

  it('does not confuse nearly equal means with ties (exact fractions, no floating point)', () => {
    // 1/3 vs 0.3333…: means of three scores against a single score.
    const single: InnovationCriterion[] = [{ code: 'innovation', label: 'I', weight: 1, maxScore: 3 }];
    const thirds = {
      id: 'thirds',
      requestedCents: 1,
      submittedAt: null,
      scores: [
        { memberId: 'm1', criterion: 'innovation', score: 1 },
        { memberId: 'm2', criterion: 'innovation', score: 1 },
        { memberId: 'm3', criterion: 'innovation', score: 1 },
      ],
    };
    const one = {
      id: 'one',
      requestedCents: 2,
      submittedAt: null,
      scores: [{ memberId: 'm1', criterion: 'innovation', score: 1 }],
    };
    const results = rankProposals(single, [thirds, one]);
    // Equal exactly (1/3 each): the tie is broken by the smaller request.
    expect(results[0]).toMatchObject({ id: 'thirds', rank: 1, tie: { with: ['one'], brokenBy: 'requested_amount' } });
  });

  it('does not rank a proposal while a criterion has no score, and lists it last', () => {
    const unscored = proposal('unscored', [{ memberId: 'm1', criterion: 'innovation', score: 10 }], 1, '2020-01-01');
    const ranked = proposal('ranked', scored([1, 1, 1]));
    const results = rankProposals(criteria, [unscored, ranked]);
    expect(results.map((r) => [r.id, r.rank, r.weightedPercent])).toEqual([
      ['ranked', 1, expect.any(Number)],
      ['unscored', null, null],
    ]);
    expect(results[1]?.criteria[1]).toEqual({
      criterion: 'transfer',
      mean: null,
      scorers: 0,
      min: null,
      max: null,
      spread: null,
    });
  });

  it('ignores scores on criteria the call no longer has', () => {
    const entry = proposal('a', [...scored([10, 5, 10]), { memberId: 'm1', criterion: 'removed', score: 0 }]);
    expect(rankProposals(criteria, [entry])[0]?.weightedPercent).toBe(100);
  });
});
