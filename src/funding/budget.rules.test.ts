import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateByKey,
  allocateByPostsFormula,
  normaliseShare,
  parseCount,
  readTwoColumnCsv,
  resolvePopulation,
  resolveShares,
  type Recipient,
} from './budget.rules.ts';
import { programmeDefinitionSchema, strandOf } from './programme.definition.ts';

const durchstarten = programmeDefinitionSchema.parse(
  JSON.parse(readFileSync(new URL('./programmes/durchstarten.json', import.meta.url), 'utf8')),
);
function strand(code: string) {
  const found = strandOf(durchstarten, code);
  if (!found) throw new Error(code);
  return found;
}

const recipients: Recipient[] = [
  { id: 'koeln', name: 'Köln', officialKey: '05315000', allianceMember: true, budgetRecovery: false },
  { id: 'neuss', name: 'Rhein-Kreis Neuss', officialKey: '05162000', allianceMember: true, budgetRecovery: false },
  { id: 'olpe', name: 'Kreis Olpe', officialKey: '05966000', allianceMember: false, budgetRecovery: true },
];
const byId = new Map(recipients.map((r) => [r.id, r]));
const paths = (list: string) => ({ list, entry: (index: number, column: string) => `${list}.${index}.${column}` });

describe('allocation keys', () => {
  it('reads shares in German or English notation, exactly', () => {
    expect(normaliseShare('5,60124')).toBe('5.60124');
    expect(normaliseShare('5.60124')).toBe('5.60124');
    expect(normaliseShare('100')).toBe('100');
    expect(normaliseShare('0,00000001')).toBe('0.00000001');
    for (const bad of ['0', '100,0001', '-1', '1e2', 'abc', '', '1.123456789']) expect(normaliseShare(bad)).toBeNull();
  });

  it('lists unknown keys, duplicates and bad shares as field errors of their entry', () => {
    const { problems } = resolveShares(
      [
        { officialKey: '05315000', share: '50' },
        { officialKey: '99999999', share: '25' },
        { officialKey: '05315000', share: '25' },
        { officialKey: '05162000', share: 'viel' },
      ],
      recipients,
      paths('shares'),
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['shares.1.officialKey', 'unknown_recipient'],
      ['shares.2.officialKey', 'duplicate'],
      ['shares.3.share', 'invalid_share'],
    ]);
  });

  it('requires the shares to add up to 100 % within 0.01 percentage points', () => {
    const key = (a: string, b: string) =>
      resolveShares(
        [
          { officialKey: '05315000', share: a },
          { officialKey: '05162000', share: b },
        ],
        recipients,
        paths('shares'),
      ).problems.map((p) => p.code);
    expect(key('60', '40')).toEqual([]);
    expect(key('60,005', '40')).toEqual([]);
    expect(key('60,02', '40')).toEqual(['shares_not_100']);
    expect(key('59,98', '40')).toEqual(['shares_not_100']);
  });

  it('reads a CSV upload with a header, either delimiter, and names the line of a broken row', () => {
    const csv = readTwoColumnCsv('AGS;Anteil;Name\n05315000;5,60124;Köln\n05162000;2,1;Neuss\n');
    expect(csv.problems).toEqual([]);
    expect(csv.rows.map((row) => row.cells.slice(0, 2))).toEqual([
      ['05315000', '5,60124'],
      ['05162000', '2,1'],
    ]);
    expect(readTwoColumnCsv('AGS,Anteil\n05315000,5.6\n').rows[0]?.cells).toEqual(['05315000', '5.6']);
    expect(readTwoColumnCsv('AGS;Anteil\n05315000\n').problems[0]?.field).toBe('csv.2');
    expect(readTwoColumnCsv('').problems[0]?.code).toBe('empty');
  });

  it('reads counts with German thousands separators', () => {
    expect(parseCount('1.234')).toBe(1234);
    expect(parseCount('87')).toBe(87);
    expect(parseCount('1,5')).toBeNaN();
    expect(parseCount('-3')).toBeNaN();
  });
});

describe('distributing by key', () => {
  it("adds up to the strand's budget exactly, whatever the shares", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 53 }),
        (amount, weights) => {
          const many = weights.map((w, index) => ({ id: `r${index}`, name: `R${index}`, officialKey: null }));
          const map = new Map(many.map((r) => [r.id, { ...r, allianceMember: true, budgetRecovery: false }]));
          const shares = weights.map((w, index) => ({ recipientId: `r${index}`, share: (w / 1000).toFixed(3) }));
          const result = allocateByKey(strand('FB1'), amount, shares, map);
          expect(result.totalCents).toBe(amount);
          expect(result.lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(amount);
        },
      ),
    );
  });

  it('gives FB6 by key only to alliance members, re-weighting the others', () => {
    const shares = [
      { recipientId: 'koeln', share: '50' },
      { recipientId: 'neuss', share: '25' },
      { recipientId: 'olpe', share: '25' },
    ];
    const result = allocateByKey(strand('FB6'), 300_00, shares, byId);
    expect(result.lines.map((l) => [l.recipientId, l.amountCents])).toEqual([
      ['koeln', 200_00],
      ['neuss', 100_00],
    ]);
    expect(result.excluded).toEqual([{ recipientId: 'olpe', reason: 'not_alliance_member' }]);
    // FB1 is for everyone.
    expect(allocateByKey(strand('FB1'), 100, shares, byId).lines.map((l) => l.amountCents)).toEqual([50, 25, 25]);
  });
});

describe('distributing by the FB6 post formula', () => {
  const rate = strand('FB6').postRates[0];
  if (!rate) throw new Error('no FB6 rate');

  it('gives each alliance member max(0.5, n / 100) posts × 68,000 € and lists who is left out', () => {
    const population = new Map([
      ['koeln', 1490],
      ['neuss', 20],
      ['olpe', 300],
    ]);
    const result = allocateByPostsFormula(strand('FB6'), rate, population, recipients, null);
    expect(result.lines).toEqual([
      { recipientId: 'koeln', weight: '14.90', amountCents: 101_320_000 },
      { recipientId: 'neuss', weight: '0.50', amountCents: 3_400_000 },
    ]);
    expect(result.excluded).toEqual([{ recipientId: 'olpe', reason: 'not_alliance_member' }]);
    expect(result.totalCents).toBe(104_720_000);
    const none = allocateByPostsFormula(strand('FB6'), rate, new Map([['koeln', 5]]), recipients, null);
    expect(none.excluded).toEqual([{ recipientId: 'neuss', reason: 'no_population' }]);
  });

  it('scales a total above the budget down to it exactly, in proportion', () => {
    const population = new Map([
      ['koeln', 300],
      ['neuss', 100],
    ]);
    const result = allocateByPostsFormula(strand('FB6'), rate, population, recipients, 10_000_001);
    expect(result.totalCents).toBe(10_000_001);
    expect(result.lines.map((l) => l.amountCents)).toEqual([7_500_001, 2_500_000]);
    // Below the budget nothing is scaled.
    expect(allocateByPostsFormula(strand('FB6'), rate, population, recipients, 10 ** 12).totalCents).toBe(27_200_000);
  });

  it('checks population figures like keys', () => {
    const { figures, problems } = resolvePopulation(
      [
        { officialKey: '05315000', tolerated18To27: 1490 },
        { officialKey: '1', tolerated18To27: 3 },
        { officialKey: '05162000', tolerated18To27: -1 },
      ],
      recipients,
      paths('figures'),
    );
    expect(figures).toEqual([{ recipientId: 'koeln', tolerated: 1490 }]);
    expect(problems.map((p) => p.field)).toEqual(['figures.1.officialKey', 'figures.2.tolerated18To27']);
    expect(resolvePopulation([], recipients, paths('figures')).problems[0]?.field).toBe('figures');
  });
});
