import { describe, expect, it } from 'vitest';
import { forwardingStatuses } from './funding.codes.ts';
import { contractProblems, countsAsForwarded, mayMoveTo } from './forwarding.rules.ts';

const grantPeriod = { from: '2021-01-01', to: '2021-12-31' };
const positions = [{ strand: 'FB1', budgetYear: 2021, decidedCents: 1_000_000, forwardedCents: 600_000 }];
const contract = (amountCents: number, overrides: Partial<{ periodFrom: string; periodTo: string }> = {}) => ({
  periodFrom: '2021-02-01',
  periodTo: '2021-11-30',
  amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents }],
  ...overrides,
});

describe('forwarding contract status', () => {
  it('goes draft → concluded → ended, and draft or concluded → cancelled, nothing else', () => {
    const allowed = forwardingStatuses.flatMap((from) =>
      forwardingStatuses.filter((to) => mayMoveTo(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual(['draft→concluded', 'draft→cancelled', 'concluded→ended', 'concluded→cancelled']);
  });

  it('counts concluded and ended contracts as forwarded', () => {
    expect(forwardingStatuses.filter(countsAsForwarded)).toEqual(['concluded', 'ended']);
  });
});

describe('a contract against its grant', () => {
  it('may forward exactly what is left (decided − forwarded) when concluded, not a cent more', () => {
    expect(contractProblems(contract(400_000), positions, grantPeriod, { concluding: true })).toEqual([]);
    expect(contractProblems(contract(400_001), positions, grantPeriod, { concluding: true })).toEqual([
      expect.objectContaining({ field: 'amounts.0.amountCents', code: 'exceeds_forwardable' }),
    ]);
  });

  it('lets a draft plan more than is left (it forwards nothing until concluded)', () => {
    expect(contractProblems(contract(900_000), positions, grantPeriod, { concluding: false })).toEqual([]);
  });

  it('stays within the grant period, and needs a decided strand and year', () => {
    const problems = contractProblems(
      {
        periodFrom: '2020-12-01',
        periodTo: '2022-01-31',
        amounts: [
          { strand: 'FB2', budgetYear: 2021, amountCents: 1 },
          { strand: 'FB1', budgetYear: 2021, amountCents: 1 },
          { strand: 'FB1', budgetYear: 2021, amountCents: 1 },
        ],
      },
      positions,
      grantPeriod,
      { concluding: false },
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['periodFrom', 'outside_grant_period'],
      ['periodTo', 'outside_grant_period'],
      ['amounts.0.strand', 'not_decided'],
      ['amounts.2.strand', 'duplicate_line'],
    ]);
  });

  it('concludes only a contract with an amount', () => {
    expect(
      contractProblems({ ...contract(1), amounts: [] }, positions, grantPeriod, { concluding: true }).map(
        (p) => p.code,
      ),
    ).toEqual(['required']);
  });
});
