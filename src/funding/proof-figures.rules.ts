// The figures of the narrative report (participants, enrolments, completions, drop-outs, placements per strand),
// as they leave the municipality for the approving authority: statistical disclosure control
// (quality-targets.md) with the dashboard's rule (dashboard.rules.ts): a count of 1 or 2 shows as "."; when a
// column has exactly one suppressed strand cell, the total would give it away, so the smallest other non-zero cell
// is suppressed too (with none, the total is). Only the suppressed table is stored. Pure.

import { DISCLOSURE_THRESHOLD, isSmall, suppressColumn } from './dashboard.rules.ts';

export const SUPPRESSED = '.';

/** The counted measures: enrolment-based strands (offers) have all of them, case-based strands (posts) not. */
export const figureMeasures = ['participants', 'women', 'enrolments', 'completions', 'dropouts', 'placements'] as const;
export type FigureMeasure = (typeof figureMeasures)[number];

/** A count, "." (suppressed) or null (does not apply to the strand). */
export type FigureCell = number | typeof SUPPRESSED | null;

export interface RawFigureRow {
  strand: string;
  /** offers: counted from enrolments in the strand's offers; cases: from cases of the strand (posts, FB6) */
  basis: 'offers' | 'cases';
  counts: Record<FigureMeasure, number | null>;
}

export interface FigureRow {
  strand: string;
  basis: 'offers' | 'cases';
  cells: Record<FigureMeasure, FigureCell>;
}

export interface FigureTable {
  threshold: number;
  rows: FigureRow[];
  total: Record<FigureMeasure, FigureCell>;
}

/** Suppresses small cells and what would reveal them (the dashboard's rule, dashboard.rules.ts). */
export function discloseFigures(rows: readonly RawFigureRow[], threshold = DISCLOSURE_THRESHOLD): FigureTable {
  const out: FigureRow[] = rows.map((row) => ({
    strand: row.strand,
    basis: row.basis,
    cells: Object.fromEntries(figureMeasures.map((m) => [m, null])) as Record<FigureMeasure, FigureCell>,
  }));
  const total = {} as Record<FigureMeasure, FigureCell>;
  for (const measure of figureMeasures) {
    const applicable = rows.flatMap((row, index) => {
      const count = row.counts[measure];
      return count === null ? [] : [{ index, count }];
    });
    if (applicable.length === 0) {
      total[measure] = null;
      continue;
    }
    const { cells, totalSuppressed } = suppressColumn(
      applicable.map((a) => a.count),
      threshold,
    );
    applicable.forEach(({ index }, position) => {
      const row = out[index];
      if (row) row.cells[measure] = cells[position] ?? SUPPRESSED;
    });
    const sum = applicable.reduce((acc, a) => acc + a.count, 0);
    total[measure] = totalSuppressed || isSmall(sum, threshold) ? SUPPRESSED : sum;
  }
  return { threshold, rows: out, total };
}
