// Gap analysis (issue 6, theme 4 "close gaps in the offers"): demand for offers against free seats, per group of
// offer types × place × period. Pure: the repository reads the signals, this decides what they mean. The same
// function feeds the municipality's own table and, later, theme-2 reporting (which must apply statistical
// disclosure control before anything leaves the municipality: see docs/quality-review.md).
import type { OfferType } from '../offers/offer.codes.ts';
import {
  demandSources,
  gapGroups,
  offerTypesOfGroup,
  type DemandSource,
  type GapGranularity,
  type GapGroup,
} from './quality.codes.ts';

// --- Offer types → groups ----------------------------------------------------------------------------------

const groupOfType = new Map<OfferType, GapGroup>(
  gapGroups.flatMap((group) => offerTypesOfGroup[group].map((type) => [type, group] as const)),
);

/** The group an offer type belongs to (the groups partition the types). */
export function groupOfOfferType(type: OfferType): GapGroup {
  return groupOfType.get(type) ?? 'other';
}

// --- Periods -----------------------------------------------------------------------------------------------

export interface Period {
  /** "2026-03" for a month, "2026-Q1" for a quarter. */
  key: string;
  /** First and last day, inclusive (YYYY-MM-DD). */
  start: string;
  end: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function lastDayOf(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one (UTC, no time zone involved).
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthParts(month: string): { year: number; month: number } {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The month (YYYY-MM) a calendar day lies in. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The periods from the one containing `from` to the one containing `to` (months YYYY-MM), in order. */
export function periodsBetween(from: string, to: string, granularity: GapGranularity): Period[] {
  const first = monthParts(from);
  const last = monthParts(to);
  const step = granularity === 'month' ? 1 : 3;
  const align = (m: number) => (granularity === 'month' ? m : Math.floor((m - 1) / 3) * 3 + 1);
  const periods: Period[] = [];
  let year = first.year;
  let month = align(first.month);
  const lastIndex = last.year * 12 + align(last.month);
  while (year * 12 + month <= lastIndex) {
    const endMonth = month + step - 1;
    periods.push({
      key: granularity === 'month' ? `${year}-${pad(month)}` : `${year}-Q${(month - 1) / 3 + 1}`,
      start: `${year}-${pad(month)}-01`,
      end: lastDayOf(year, endMonth),
    });
    month += step;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return periods;
}

/** Number of periods from `from` to `to`, without building them (to bound a request). */
export function periodCount(from: string, to: string, granularity: GapGranularity): number {
  const first = monthParts(from);
  const last = monthParts(to);
  const months = last.year * 12 + last.month - (first.year * 12 + first.month);
  if (months < 0) return 0;
  if (granularity === 'month') return months + 1;
  const quarter = (p: { year: number; month: number }) => p.year * 4 + Math.floor((p.month - 1) / 3);
  return quarter(last) - quarter(first) + 1;
}

export interface Interval {
  /** First day (inclusive); null = since ever. */
  from: string | null;
  /** Last day (inclusive); null = open-ended. */
  to: string | null;
}

export function overlaps(interval: Interval, period: Period): boolean {
  return (
    (interval.from === null || interval.from <= period.end) && (interval.to === null || interval.to >= period.start)
  );
}

// --- The table ---------------------------------------------------------------------------------------------

/** One person's demand for a group of offers, open during an interval. */
export interface DemandSignal extends Interval {
  participantId: string;
  source: DemandSource;
  group: GapGroup;
  /** Where: the person's city district or town (the waiting list's offer's place for waiting). */
  place: string | null;
}

/** A person taking part in an offer of a group during an interval: their need of that group is being met. */
export interface Coverage extends Interval {
  participantId: string;
  group: GapGroup;
}

/** An offer in the periods it runs, with the intervals its seats are taken in. */
export interface SupplyOffer extends Interval {
  offerId: string;
  group: GapGroup;
  place: string;
  /** Seats; null = not limited by the catalogue (regular-system offers). */
  capacity: number | null;
  occupied: readonly Interval[];
}

export interface GapInput {
  signals: readonly DemandSignal[];
  coverage: readonly Coverage[];
  offers: readonly SupplyOffer[];
}

export interface GapOptions {
  periods: readonly Period[];
  /** false: every place in one row per group and period (place null). */
  byPlace: boolean;
}

export interface GapRow {
  group: GapGroup;
  /** The place as first spelled; null = not recorded (or all places when not by place). */
  place: string | null;
  period: string;
  periodStart: string;
  periodEnd: string;
  demand: Record<DemandSource, number> & { total: number };
  supply: {
    /** Offers of the group running at the place in the period. */
    offers: number;
    /** Offers without a seat limit among them (their seats are not counted). */
    unlimitedOffers: number;
    capacity: number;
    taken: number;
    free: number;
  };
  /** Demand − free seats (negative: more seats than demand). */
  gap: number;
  /** Demand exceeds the free seats and no unlimited offer of the group runs there. */
  unmet: boolean;
}

/** Places are matched by name, ignoring case and surrounding blanks ("Köln-Mülheim" = "köln-mülheim "). */
export function placeKey(place: string | null): string {
  return place === null ? '' : place.trim().toLocaleLowerCase('de');
}

const sourceRank: Record<DemandSource, number> = Object.fromEntries(
  demandSources.map((source, index) => [source, index]),
) as Record<DemandSource, number>;

interface Cell {
  group: GapGroup;
  place: string | null;
  period: Period;
  /** participant → the strongest source of their demand in this cell. */
  people: Map<string, DemandSource>;
  offers: number;
  unlimitedOffers: number;
  capacity: number;
  taken: number;
  free: number;
}

/**
 * The gap table: for every group × place × period with demand or supply, the demand by source (each person
 * once per cell, attributed to the strongest source: waiting list, then referral, then assessment), the seats
 * and the gap. A need recorded in an assessment or a referral is not demand in a period in which the person
 * takes part in an offer of the same group (it is being met); a waiting-list entry always is.
 */
export function computeGapTable(input: GapInput, options: GapOptions): GapRow[] {
  const cells = new Map<string, Cell>();
  const cellOf = (group: GapGroup, place: string | null, period: Period): Cell => {
    const where = options.byPlace ? place : null;
    const key = `${group}\u0000${placeKey(where)}\u0000${period.key}`;
    let cell = cells.get(key);
    if (!cell) {
      const trimmed = where === null ? null : where.trim();
      cell = {
        group,
        place: trimmed === '' ? null : trimmed,
        period,
        people: new Map(),
        offers: 0,
        unlimitedOffers: 0,
        capacity: 0,
        taken: 0,
        free: 0,
      };
      cells.set(key, cell);
    }
    return cell;
  };

  const coverageOf = new Map<string, Coverage[]>();
  for (const covered of input.coverage) {
    const key = `${covered.participantId}\u0000${covered.group}`;
    const list = coverageOf.get(key);
    if (list) list.push(covered);
    else coverageOf.set(key, [covered]);
  }
  const isCovered = (signal: DemandSignal, period: Period) =>
    (coverageOf.get(`${signal.participantId}\u0000${signal.group}`) ?? []).some((c) => overlaps(c, period));

  for (const signal of input.signals) {
    for (const period of options.periods) {
      if (!overlaps(signal, period)) continue;
      if (signal.source !== 'waiting' && isCovered(signal, period)) continue;
      const people = cellOf(signal.group, signal.place, period).people;
      const before = people.get(signal.participantId);
      if (before === undefined || sourceRank[signal.source] < sourceRank[before]) {
        people.set(signal.participantId, signal.source);
      }
    }
  }

  for (const offer of input.offers) {
    for (const period of options.periods) {
      if (!overlaps(offer, period)) continue;
      const cell = cellOf(offer.group, offer.place, period);
      cell.offers += 1;
      if (offer.capacity === null) {
        cell.unlimitedOffers += 1;
        continue;
      }
      // Seats taken at some time in the period: a conservative count (a seat freed mid-period is not offered
      // twice).
      const taken = offer.occupied.filter((interval) => overlaps(interval, period)).length;
      cell.capacity += offer.capacity;
      cell.taken += taken;
      cell.free += Math.max(0, offer.capacity - taken);
    }
  }

  const rows: GapRow[] = [];
  for (const cell of cells.values()) {
    const demand = { waiting: 0, referral: 0, assessment: 0, total: 0 };
    for (const source of cell.people.values()) demand[source] += 1;
    demand.total = cell.people.size;
    const gap = demand.total - cell.free;
    rows.push({
      group: cell.group,
      place: cell.place,
      period: cell.period.key,
      periodStart: cell.period.start,
      periodEnd: cell.period.end,
      demand,
      supply: {
        offers: cell.offers,
        unlimitedOffers: cell.unlimitedOffers,
        capacity: cell.capacity,
        taken: cell.taken,
        free: cell.free,
      },
      gap,
      unmet: gap > 0 && cell.unlimitedOffers === 0,
    });
  }
  const groupRank = new Map(gapGroups.map((group, index) => [group, index]));
  const collator = new Intl.Collator('de');
  return rows.sort(
    (a, b) =>
      (groupRank.get(a.group) ?? 0) - (groupRank.get(b.group) ?? 0) ||
      // Unknown places last.
      Number(a.place === null) - Number(b.place === null) ||
      collator.compare(a.place ?? '', b.place ?? '') ||
      a.periodStart.localeCompare(b.periodStart),
  );
}

export interface GapFilter {
  group?: GapGroup | undefined;
  place?: string | undefined;
  unmetOnly?: boolean | undefined;
}

export function filterGapRows(rows: readonly GapRow[], filter: GapFilter): GapRow[] {
  const place = filter.place === undefined ? undefined : placeKey(filter.place);
  return rows.filter(
    (row) =>
      (filter.group === undefined || row.group === filter.group) &&
      (place === undefined || placeKey(row.place) === place) &&
      (!filter.unmetOnly || row.unmet),
  );
}

/** Day before a date (YYYY-MM-DD). */
export function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
