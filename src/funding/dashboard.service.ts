// The funding dashboard. The authority and the ministry see every municipality (with filters); a municipality's
// managing office and administration see their own. Money comes from the allocations and the grants' amounts in
// force; the people behind a strand from each municipality's case data, read in that municipality's own tenant
// transaction. Counts that leave the municipality pass statistical disclosure control (dashboard.rules.ts).
import type { Actor } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { costFigures, DISCLOSURE_THRESHOLD, MIN_AVERAGE_BASE, suppressColumn } from './dashboard.rules.ts';
import { moneyRows, peopleByStrand, stateBudgetTotals, type MoneyRow, type PeopleRow } from './dashboard.repository.ts';
import type { Dashboard, DashboardOutcome, DashboardQuery } from './dashboard.schema.ts';
import {
  authorizeFunding,
  fundingContext,
  fundingTarget,
  reachesAllMunicipalities,
  signedIn,
  type FundingServiceOptions,
  type RequestMeta,
} from './funding.context.ts';
import { strandOf } from './programme.definition.ts';
import { storedDefinition } from './programme.service.ts';

/** Municipalities whose case data are read at once (each in its own transaction). */
const PARALLEL_MUNICIPALITIES = 4;

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += size) {
    results.push(...(await Promise.all(items.slice(index, index + size).map(work))));
  }
  return results;
}

type ProgrammeStrand = { programmeId: string; programmeCode: string; strand: string };

/** Money per programme, strand and municipality, summed over the years in view. */
function moneyByStrandAndMunicipality(rows: readonly MoneyRow[]) {
  const sums = new Map<
    string,
    ProgrammeStrand & { municipalityId: string; name: string; paid: number; committed: number }
  >();
  for (const row of rows) {
    const key = `${row.programme_id}|${row.strand}|${row.municipality_id}`;
    const entry = sums.get(key) ?? {
      programmeId: row.programme_id,
      programmeCode: row.programme_code,
      strand: row.strand,
      municipalityId: row.municipality_id,
      name: row.municipality_name,
      paid: 0,
      committed: 0,
    };
    entry.paid += row.paid_cents;
    entry.committed += row.committed_cents;
    sums.set(key, entry);
  }
  return [...sums.values()];
}

/** The outcome rows: per municipality, then per programme and strand the total; counts suppressed when `control`. */
export function outcomeRows(
  money: ReturnType<typeof moneyByStrandAndMunicipality>,
  people: ReadonlyMap<string, readonly PeopleRow[]>,
  control: boolean,
): DashboardOutcome[] {
  const groups = new Map<string, typeof money>();
  for (const entry of money) {
    const key = `${entry.programmeId}|${entry.strand}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const minimumBase = control ? MIN_AVERAGE_BASE : 1;
  const out: DashboardOutcome[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const counts = group.map((entry) => people.get(entry.municipalityId)?.find((p) => p.strand === entry.strand));
    const participants = counts.map((c) => c?.participants ?? 0);
    const placements = counts.map((c) => c?.placements ?? 0);
    const shownParticipants = control ? suppressColumn(participants) : { cells: participants, totalSuppressed: false };
    const shownPlacements = control ? suppressColumn(placements) : { cells: placements, totalSuppressed: false };
    group.forEach((entry, index) => {
      out.push({
        programmeId: entry.programmeId,
        programmeCode: entry.programmeCode,
        strand: entry.strand,
        municipalityId: entry.municipalityId,
        municipalityName: entry.name,
        paidCents: entry.paid,
        committedCents: entry.committed,
        ...costFigures(
          { paidCents: entry.paid, committedCents: entry.committed },
          {
            participants: shownParticipants.cells[index] ?? null,
            // A placement count is no less identifying than its participants: hidden with them.
            placements: shownParticipants.cells[index] === null ? null : (shownPlacements.cells[index] ?? null),
          },
          minimumBase,
        ),
      });
    });
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const totalParticipants = sum(participants);
    const totalPlacements = sum(placements);
    const paid = sum(group.map((e) => e.paid));
    const committed = sum(group.map((e) => e.committed));
    const hideTotal = (count: number, suppressed: boolean) =>
      control && (suppressed || (count > 0 && count < DISCLOSURE_THRESHOLD)) ? null : count;
    out.push({
      programmeId: first.programmeId,
      programmeCode: first.programmeCode,
      strand: first.strand,
      municipalityId: null,
      municipalityName: null,
      paidCents: paid,
      committedCents: committed,
      ...costFigures(
        { paidCents: paid, committedCents: committed },
        {
          participants: hideTotal(totalParticipants, shownParticipants.totalSuppressed),
          placements: hideTotal(totalPlacements, shownPlacements.totalSuppressed),
        },
        minimumBase,
      ),
    });
  }
  return out;
}

export function createDashboardService(options: FundingServiceOptions) {
  const ctx = fundingContext(options);

  return {
    async dashboard(maybeActor: Actor | null, query: DashboardQuery, meta: RequestMeta): Promise<Dashboard> {
      const actor = signedIn(maybeActor);
      const all = reachesAllMunicipalities(actor, 'read', 'budget');
      const municipalityId = all ? (query.municipalityId ?? null) : actor.activeMunicipalityId;
      const audit = { resourceType: 'funding_dashboard', resourceId: query.municipalityId ?? null, meta };
      await authorizeFunding(ctx, actor, 'read', fundingTarget('budget', actor.activeMunicipalityId), audit);
      // A filter names a municipality: the actor must be allowed to read its budgets too (an id that names no
      // municipality is refused like any other; auditDenial then writes the entry to the shared chain).
      if (query.municipalityId) {
        await authorizeFunding(ctx, actor, 'read', fundingTarget('budget', query.municipalityId), audit);
      }
      const filter = { ...query, municipalityId: municipalityId ?? undefined };
      const scope = { municipalityId: all ? null : municipalityId, userId: actor.userId, allTenants: all };
      const { money, totals } = await withTenant(ctx.db, scope, async (trx) => ({
        money: await moneyRows(trx, filter),
        totals: all ? await stateBudgetTotals(trx, filter) : [],
      }));
      const municipalities = [...new Set(money.map((row) => row.municipality_id))];
      const people = new Map(
        await inBatches(municipalities, PARALLEL_MUNICIPALITIES, async (id) => {
          const rows = await withTenant(ctx.db, { municipalityId: id, userId: actor.userId }, (trx) =>
            peopleByStrand(trx, query.budgetYear ?? null),
          );
          return [id, rows] as const;
        }),
      );
      return {
        scope: all ? 'all' : 'municipality',
        disclosure: { applied: all, threshold: DISCLOSURE_THRESHOLD, minimumAverageBase: MIN_AVERAGE_BASE },
        strands: all ? strandTotals(money, totals) : [],
        municipalities: money.map((row) => ({
          programmeId: row.programme_id,
          programmeCode: row.programme_code,
          budgetYear: row.budget_year,
          strand: row.strand,
          municipalityId: row.municipality_id,
          municipalityName: row.municipality_name,
          budgetCents: row.budget_cents,
          committedCents: row.committed_cents,
          paidCents: row.paid_cents,
          remainingCents: row.budget_cents === null ? null : row.budget_cents - row.committed_cents,
        })),
        outcomes: outcomeRows(moneyByStrandAndMunicipality(money), people, all),
      };
    },
  };
}

/** Per programme, year and strand: the state budget with the sums of the municipalities' rows. */
function strandTotals(
  money: readonly MoneyRow[],
  totals: Awaited<ReturnType<typeof stateBudgetTotals>>,
): Dashboard['strands'] {
  const key = (programmeId: string, year: number, strand: string) => `${programmeId}|${year}|${strand}`;
  const out = new Map<string, Dashboard['strands'][number]>();
  for (const row of money) {
    const k = key(row.programme_id, row.budget_year, row.strand);
    const entry = out.get(k) ?? {
      programmeId: row.programme_id,
      programmeCode: row.programme_code,
      budgetYear: row.budget_year,
      strand: row.strand,
      strandName: strandOf(storedDefinition(row.definition), row.strand)?.name ?? null,
      stateBudgetCents: null,
      allocatedCents: null,
      committedCents: 0,
      paidCents: 0,
      remainingCents: null,
    };
    entry.committedCents += row.committed_cents;
    entry.paidCents += row.paid_cents;
    out.set(k, entry);
  }
  for (const total of totals) {
    const k = key(total.programme_id, total.budget_year, total.strand);
    const entry = out.get(k) ?? {
      programmeId: total.programme_id,
      programmeCode: total.programme_code,
      budgetYear: total.budget_year,
      strand: total.strand,
      strandName: strandOf(storedDefinition(total.definition), total.strand)?.name ?? null,
      committedCents: 0,
      paidCents: 0,
      stateBudgetCents: null,
      allocatedCents: null,
      remainingCents: null,
    };
    entry.stateBudgetCents = total.amount_cents;
    entry.allocatedCents = total.allocated_cents;
    entry.remainingCents = total.amount_cents - entry.committedCents;
    out.set(k, entry);
  }
  return [...out.values()].sort(
    (a, b) =>
      a.programmeCode.localeCompare(b.programmeCode) || a.budgetYear - b.budgetYear || a.strand.localeCompare(b.strand),
  );
}
export type DashboardService = ReturnType<typeof createDashboardService>;
