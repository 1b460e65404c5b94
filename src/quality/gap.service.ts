// Gap analysis use cases: the table (aggregate read) and its export as XLSX or CSV (aggregate export, audited).
// computeGapAnalysis is the reusable computation (theme-2 reporting will call it inside its own transaction).
import type { Actor } from '../access/access.rules.ts';
import { authorize } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import {
  assessmentsInRange,
  offersInRange,
  participationInRange,
  referralsInRange,
  waitingInRange,
} from './gap.repository.ts';
import { assessmentSignals, referralSignals } from './demand.rules.ts';
import {
  computeGapTable,
  filterGapRows,
  groupOfOfferType,
  monthOf,
  periodCount,
  periodsBetween,
  type GapFilter,
  type SupplyOffer,
} from './gap.rules.ts';
import { gapCsv, gapWorkbook } from './gap-export.ts';
import { MAX_GAP_PERIODS, type GapExportQuery, type GapQuery, type GapTable } from './gap.schema.ts';
import type { GapGranularity } from './quality.codes.ts';
import {
  actingIn,
  auditQuality,
  auditRefusal,
  qualityContext,
  today,
  withActor,
  type QualityServiceOptions,
  type RequestMeta,
  type Trx,
} from './quality.context.ts';

export interface GapScope {
  from: string;
  to: string;
  granularity: GapGranularity;
  byPlace: boolean;
}

/** The gap table of the transaction's municipality (tenant), for months `from` to `to`. */
export async function computeGapAnalysis(trx: Trx, scope: GapScope, filter: GapFilter = {}): Promise<GapTable> {
  const periods = periodsBetween(scope.from, scope.to, scope.granularity);
  const first = periods[0];
  const last = periods.at(-1);
  if (!first || !last) throw new Error('no periods');
  const range = { start: first.start, end: last.end };
  const [assessments, referrals, waiting, participation, offers] = await Promise.all([
    assessmentsInRange(trx, range),
    referralsInRange(trx, range),
    waitingInRange(trx, range),
    participationInRange(trx, range),
    offersInRange(trx, range),
  ]);
  const occupiedOf = new Map<string, { from: string; to: string | null }[]>();
  for (const row of participation) {
    const list = occupiedOf.get(row.offer_id) ?? [];
    list.push({ from: row.starts_on, to: row.ends_on });
    occupiedOf.set(row.offer_id, list);
  }
  const signals = [
    ...assessmentSignals(
      assessments.map((row) => ({
        participantId: row.participant_id,
        caseId: row.case_id,
        assessedOn: row.assessed_on,
        createdAt: row.created_at,
        caseExitedOn: row.exited_on,
        place: row.place,
        areas: row.areas,
      })),
    ),
    ...referralSignals(
      referrals.map((row) => ({
        participantId: row.participant_id,
        service: row.service,
        referredOn: row.referred_on,
        outcome: row.outcome,
        outcomeOn: row.outcome_on,
        caseExitedOn: row.exited_on,
        place: row.place,
      })),
    ),
    ...waiting.map((row) => ({
      participantId: row.participant_id,
      source: 'waiting' as const,
      group: groupOfOfferType(row.type),
      place: row.place,
      from: row.referred_on,
      to: null,
    })),
  ];
  const coverage = participation.map((row) => ({
    participantId: row.participant_id,
    group: groupOfOfferType(row.type),
    from: row.starts_on,
    to: row.ends_on,
  }));
  const supply: SupplyOffer[] = offers.map((row) => ({
    offerId: row.id,
    group: groupOfOfferType(row.type),
    place: row.place,
    capacity: row.capacity,
    from: row.starts_on,
    to: row.ends_on,
    occupied: occupiedOf.get(row.id) ?? [],
  }));
  const rows = filterGapRows(
    computeGapTable({ signals, coverage, offers: supply }, { periods, byPlace: scope.byPlace }),
    filter,
  );
  return {
    from: scope.from,
    to: scope.to,
    granularity: scope.granularity,
    byPlace: scope.byPlace,
    periods: periods.map((p) => ({ key: p.key, start: p.start, end: p.end })),
    rows,
    totals: {
      demand: rows.reduce((sum, row) => sum + row.demand.total, 0),
      free: rows.reduce((sum, row) => sum + row.supply.free, 0),
      unmetRows: rows.filter((row) => row.unmet).length,
    },
  };
}

function addMonths(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months of a request: by default the current month and the eleven after it. */
export function gapScopeOf(query: GapQuery, currentDay: string): GapScope {
  const from = query.from ?? monthOf(currentDay);
  const to = query.to ?? addMonths(from, 11);
  if (to < from) {
    throw new AppError('validation_failed', 'The last month comes before the first.', {
      fieldErrors: [{ in: 'querystring', field: 'to', code: 'too_small', message: 'must not be before from' }],
    });
  }
  if (periodCount(from, to, query.granularity) > MAX_GAP_PERIODS) {
    throw new AppError('validation_failed', `At most ${MAX_GAP_PERIODS} periods at a time.`, {
      fieldErrors: [{ in: 'querystring', field: 'to', code: 'too_big', message: `at most ${MAX_GAP_PERIODS} periods` }],
    });
  }
  return { from, to, granularity: query.granularity, byPlace: query.byPlace };
}

export interface GapFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export function createGapService(options: QualityServiceOptions) {
  const ctx = qualityContext(options);

  async function authorized(actor: Actor | null, action: 'read' | 'export', meta: RequestMeta) {
    const { actor: who, municipalityId } = actingIn(actor);
    const decision = authorize(who, action, { resource: 'aggregate', municipalityId });
    if (!decision.allowed) {
      await auditRefusal(ctx, who, municipalityId, {
        action,
        resourceType: 'gap_analysis',
        resourceId: null,
        reason: decision.reason,
        meta,
      });
      throw new AppError('forbidden', 'You may not see the gap analysis of this municipality.');
    }
    return { who, municipalityId };
  }

  return {
    async table(actor: Actor | null, query: GapQuery, meta: RequestMeta): Promise<GapTable> {
      const { who } = await authorized(actor, 'read', meta);
      const scope = gapScopeOf(query, today(ctx));
      return withActor(ctx, who, (trx) => computeGapAnalysis(trx, scope, query));
    },

    /** The table as a file; the export is audited (what was exported, never the figures). */
    async export(actor: Actor | null, query: GapExportQuery, meta: RequestMeta): Promise<GapFile> {
      const { who, municipalityId } = await authorized(actor, 'export', meta);
      const scope = gapScopeOf(query, today(ctx));
      const table = await withActor(ctx, who, async (trx) => {
        const computed = await computeGapAnalysis(trx, scope, query);
        await auditQuality(trx, municipalityId, who, {
          action: 'export',
          resourceType: 'gap_analysis',
          resourceId: null,
          details: {
            format: query.format,
            from: scope.from,
            to: scope.to,
            granularity: scope.granularity,
            byPlace: scope.byPlace,
            rows: computed.rows.length,
          },
          meta,
        });
        return computed;
      });
      const base = `bedarfsanalyse-${scope.from}-${scope.to}`;
      if (query.format === 'csv') {
        return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: gapCsv(table) };
      }
      return {
        fileName: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content: await gapWorkbook(table, { createdAt: ctx.now() }),
      };
    },
  };
}

export type GapService = ReturnType<typeof createGapService>;
