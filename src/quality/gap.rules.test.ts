import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offerTypes } from '../offers/offer.codes.ts';
import { assessmentSignals, needGroupsOf, referralSignals } from './demand.rules.ts';
import {
  computeGapTable,
  filterGapRows,
  groupOfOfferType,
  periodCount,
  periodsBetween,
  type DemandSignal,
  type SupplyOffer,
} from './gap.rules.ts';
import { gapGroups, offerTypesOfGroup } from './quality.codes.ts';

const months = periodsBetween('2026-01', '2026-03', 'month');
const options = { periods: months, byPlace: true };

function signal(overrides: Partial<DemandSignal> = {}): DemandSignal {
  return {
    participantId: 'p1',
    source: 'assessment',
    group: 'language',
    place: 'Mülheim',
    from: '2026-01-10',
    to: null,
    ...overrides,
  };
}

function offer(overrides: Partial<SupplyOffer> = {}): SupplyOffer {
  return {
    offerId: 'o1',
    group: 'language',
    place: 'Mülheim',
    from: '2026-02-01',
    to: '2026-02-28',
    capacity: 2,
    occupied: [],
    ...overrides,
  };
}

describe('need → offer types', () => {
  it('puts every offer type into exactly one group', () => {
    const listed = gapGroups.flatMap((group) => offerTypesOfGroup[group]);
    expect([...listed].sort()).toEqual([...offerTypes].sort());
    for (const type of offerTypes) expect(offerTypesOfGroup[groupOfOfferType(type)]).toContain(type);
  });

  it('maps assessed needs: literacy over language, schooling, vocational; other areas are not offer demand', () => {
    expect(needGroupsOf({ language: { needsSupport: true, germanLevel: 'A1' } })).toEqual(['language']);
    expect(needGroupsOf({ language: { needsSupport: true, literacySupport: true } })).toEqual(['literacy']);
    expect(
      needGroupsOf({
        schooling: { needsSupport: true },
        vocational: { needsSupport: true },
        childcare: { needsSupport: true, needsCare: true },
        housing: { needsSupport: true },
      }),
    ).toEqual(['school_certificate', 'vocational_preparation']);
    expect(needGroupsOf({ language: { needsSupport: false } })).toEqual([]);
    expect(needGroupsOf(null)).toEqual([]);
    expect(needGroupsOf(['language'])).toEqual([]);
  });
});

describe('periods', () => {
  it('lists months and quarters with their first and last days', () => {
    expect(periodsBetween('2024-01', '2024-03', 'month').map((p) => [p.key, p.start, p.end])).toEqual([
      ['2024-01', '2024-01-01', '2024-01-31'],
      ['2024-02', '2024-02-01', '2024-02-29'],
      ['2024-03', '2024-03-01', '2024-03-31'],
    ]);
    expect(periodsBetween('2025-11', '2026-02', 'quarter').map((p) => [p.key, p.start, p.end])).toEqual([
      ['2025-Q4', '2025-10-01', '2025-12-31'],
      ['2026-Q1', '2026-01-01', '2026-03-31'],
    ]);
  });

  it('counts periods without building them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 70 }),
        fc.constantFrom('month' as const, 'quarter' as const),
        (year, month, span, granularity) => {
          const from = `${year}-${String(month).padStart(2, '0')}`;
          const end = year * 12 + month - 1 + span;
          const to = `${Math.floor(end / 12)}-${String((end % 12) + 1).padStart(2, '0')}`;
          expect(periodCount(from, to, granularity)).toBe(periodsBetween(from, to, granularity).length);
        },
      ),
    );
  });
});

describe('computeGapTable', () => {
  it('compares demand with free seats per group, place and period and flags unmet demand', () => {
    const rows = computeGapTable(
      {
        signals: [signal(), signal({ participantId: 'p2' }), signal({ participantId: 'p3' })],
        coverage: [],
        offers: [offer({ occupied: [{ from: '2026-02-01', to: null }] })],
      },
      options,
    );
    expect(rows.map((r) => [r.period, r.demand.total, r.supply.free, r.gap, r.unmet])).toEqual([
      ['2026-01', 3, 0, 3, true],
      ['2026-02', 3, 1, 2, true],
      ['2026-03', 3, 0, 3, true],
    ]);
    expect(rows[1]?.supply).toEqual({ offers: 1, unlimitedOffers: 0, capacity: 2, taken: 1, free: 1 });
  });

  it('counts a person once per cell, under the strongest source (waiting, referral, assessment)', () => {
    const rows = computeGapTable(
      {
        signals: [
          signal(),
          signal({ source: 'referral' }),
          signal({ participantId: 'p2', source: 'referral' }),
          signal({ participantId: 'p2', source: 'waiting' }),
          signal({ participantId: 'p3' }),
        ],
        coverage: [],
        offers: [],
      },
      { periods: months.slice(0, 1), byPlace: true },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.demand).toEqual({ waiting: 1, referral: 1, assessment: 1, total: 3 });
  });

  it('does not count an assessed need while the person takes part in an offer of the group, but a waiting list always', () => {
    const rows = computeGapTable(
      {
        signals: [signal(), signal({ participantId: 'p2', source: 'waiting' })],
        coverage: [
          { participantId: 'p1', group: 'language', from: '2026-02-01', to: '2026-02-28' },
          { participantId: 'p2', group: 'language', from: '2026-01-01', to: null },
          // Another group's measure does not meet the language need.
          { participantId: 'p1', group: 'training', from: '2026-01-01', to: null },
        ],
        offers: [],
      },
      options,
    );
    expect(rows.map((r) => [r.period, r.demand.assessment, r.demand.waiting])).toEqual([
      ['2026-01', 1, 1],
      ['2026-02', 0, 1],
      ['2026-03', 1, 1],
    ]);
  });

  it('counts demand only in the periods it is open and offers only in the periods they run', () => {
    const rows = computeGapTable(
      {
        signals: [signal({ from: '2026-02-15', to: '2026-02-20' })],
        coverage: [],
        offers: [offer({ place: 'Porz', from: '2026-03-01', to: null })],
      },
      options,
    );
    expect(rows.map((r) => [r.place, r.period, r.demand.total, r.supply.offers])).toEqual([
      ['Mülheim', '2026-02', 1, 0],
      ['Porz', '2026-03', 0, 1],
    ]);
    expect(rows[1]?.gap).toBe(-2);
    expect(rows[1]?.unmet).toBe(false);
  });

  it('does not flag demand as unmet where an offer without a seat limit runs', () => {
    const rows = computeGapTable(
      { signals: [signal()], coverage: [], offers: [offer({ capacity: null, from: null, to: null })] },
      { periods: months.slice(0, 1), byPlace: true },
    );
    expect(rows[0]?.supply).toEqual({ offers: 1, unlimitedOffers: 1, capacity: 0, taken: 0, free: 0 });
    expect(rows[0]?.gap).toBe(1);
    expect(rows[0]?.unmet).toBe(false);
  });

  it('matches places ignoring case and blanks, and merges places when not by place', () => {
    const input = {
      signals: [signal({ place: ' mülheim ' }), signal({ participantId: 'p2', place: 'Porz' })],
      coverage: [],
      offers: [offer({ from: null, to: null })],
    };
    const byPlace = computeGapTable(input, { periods: months.slice(0, 1), byPlace: true });
    expect(byPlace.map((r) => [r.place, r.demand.total, r.supply.free])).toEqual([
      ['mülheim', 1, 2],
      ['Porz', 1, 0],
    ]);
    const merged = computeGapTable(input, { periods: months.slice(0, 1), byPlace: false });
    expect(merged.map((r) => [r.place, r.demand.total, r.supply.free])).toEqual([[null, 2, 2]]);
    expect(filterGapRows(byPlace, { place: 'MÜLHEIM' })).toHaveLength(1);
    expect(filterGapRows(byPlace, { unmetOnly: true }).map((r) => r.place)).toEqual(['Porz']);
    expect(filterGapRows(byPlace, { group: 'training' })).toEqual([]);
  });

  it('never counts more people in a cell than there are people with demand (property)', () => {
    const arbitrarySignal = fc.record({
      participantId: fc.constantFrom('a', 'b', 'c', 'd'),
      source: fc.constantFrom('waiting' as const, 'referral' as const, 'assessment' as const),
      group: fc.constantFrom('language' as const, 'training' as const),
      place: fc.constantFrom('X', 'Y', null),
      from: fc.constantFrom(null, '2026-01-01', '2026-02-10'),
      to: fc.constantFrom(null, '2026-01-31', '2026-03-31'),
    });
    fc.assert(
      fc.property(fc.array(arbitrarySignal, { maxLength: 30 }), (signals) => {
        const rows = computeGapTable({ signals, coverage: [], offers: [] }, options);
        for (const row of rows) {
          const people = new Set(
            signals.filter((s) => s.group === row.group && (s.place ?? null) === row.place).map((s) => s.participantId),
          );
          expect(row.demand.total).toBeLessThanOrEqual(people.size);
          expect(row.demand.waiting + row.demand.referral + row.demand.assessment).toBe(row.demand.total);
          expect(row.gap).toBe(row.demand.total - row.supply.free);
        }
      }),
    );
  });
});

describe('signals from the records', () => {
  const base = { participantId: 'p1', caseId: 'c1', caseExitedOn: null, place: 'Kalk', createdAt: new Date(0) };

  it('lets the latest assessment of a case count until the next one or the exit', () => {
    const signals = assessmentSignals([
      { ...base, assessedOn: '2026-01-05', areas: { language: { needsSupport: true } } },
      {
        ...base,
        assessedOn: '2026-03-01',
        areas: { language: { needsSupport: false }, schooling: { needsSupport: true } },
      },
      {
        ...base,
        caseId: 'c2',
        caseExitedOn: '2026-02-10',
        assessedOn: '2026-01-01',
        areas: { vocational: { needsSupport: true } },
      },
    ]);
    expect(signals.map((s) => [s.group, s.from, s.to])).toEqual([
      ['language', '2026-01-05', '2026-02-28'],
      ['school_certificate', '2026-03-01', null],
      ['vocational_preparation', '2026-01-01', '2026-02-10'],
    ]);
  });

  it('ignores an assessment replaced on the same day', () => {
    const signals = assessmentSignals([
      { ...base, assessedOn: '2026-01-05', areas: { language: { needsSupport: true } } },
      { ...base, assessedOn: '2026-01-05', createdAt: new Date(1000), areas: { schooling: { needsSupport: true } } },
    ]);
    expect(signals.map((s) => s.group)).toEqual(['school_certificate']);
  });

  it('keeps a referral open while pending or accepted, and until its outcome otherwise', () => {
    const referral = {
      participantId: 'p1',
      referredOn: '2026-01-10',
      outcomeOn: null,
      caseExitedOn: null,
      place: 'Kalk',
    };
    const signals = referralSignals([
      { ...referral, service: 'bamf_course', outcome: 'pending' },
      { ...referral, service: 'berufskolleg', outcome: 'started', outcomeOn: '2026-02-01' },
      { ...referral, service: 'jobcenter', outcome: 'pending' },
      { ...referral, service: 'employment_agency', outcome: 'cancelled' },
      { ...referral, service: 'bamf_course', outcome: 'accepted', caseExitedOn: '2026-05-31' },
    ]);
    expect(signals.map((s) => [s.group, s.from, s.to])).toEqual([
      ['language', '2026-01-10', null],
      ['vocational_preparation', '2026-01-10', '2026-01-31'],
      ['language', '2026-01-10', '2026-05-31'],
    ]);
  });
});
