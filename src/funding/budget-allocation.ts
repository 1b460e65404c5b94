// Computing and writing an allocation of a state budget to the recipients — by an allocation key (largest
// remainder, exact to the cent) or by the FB6 post formula — as plain functions on a transaction, so that the
// budget service (preview, apply) and the demo seed share them.
import type { Kysely } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import type { AppError } from '../platform/errors.ts';
import { allocateByKey, allocateByPostsFormula, type Allocation, type Recipient } from './budget.rules.ts';
import {
  actInMunicipality,
  findKey,
  listAllocations,
  listRecipients,
  populationAt,
  sharesOfKey,
  writeAllocation,
  type AllocationRow,
  type BudgetKey,
  type StateBudgetRow,
} from './budget.repository.ts';
import { allocationRequestSchema, type AllocationPreview, type AllocationRequest } from './budget.schema.ts';
import { auditFunding, problemsError, withinLimits, type RequestMeta, type Trx } from './funding.context.ts';
import type { StrandDefinition } from './programme.definition.ts';

export const ALLOCATION_TYPE = 'budget_allocation';

/** What an allocation would write, and how the state budget looks before and after. */
export interface ComputedAllocation {
  preview: AllocationPreview;
  writes: { municipalityId: string; amountCents: number; keyId: string | null; basis: object }[];
}

/**
 * Computes an allocation of a state budget (pure apart from the reads): the amounts per recipient, what the
 * recipients outside it keep, and the state budget's remainder afterwards. Callable from the demo seed.
 */
export async function computeAllocation(
  trx: Kysely<Database>,
  budget: StateBudgetRow,
  strand: StrandDefinition,
  input: AllocationRequest,
): Promise<ComputedAllocation> {
  const request = allocationRequestSchema.parse(input);
  const recipients = await listRecipients(trx);
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const key: BudgetKey = { programmeId: budget.programme_id, strand: budget.strand, budgetYear: budget.budget_year };
  const current = new Map((await listAllocations(trx, key)).map((row) => [row.municipality_id, row]));
  let allocation: Allocation;
  let basis: (recipientId: string, weight: string) => object;
  let keyId: string | null = null;
  if (request.method === 'key') {
    if (strand.distribution !== 'key') throw methodError(strand, 'key');
    const found = await findKey(trx, request.keyId);
    if (!found)
      throw problemsError([{ field: 'keyId', code: 'not_found', message: 'no such allocation key' }], 'Unknown key.');
    keyId = found.id;
    const shares = (await sharesOfKey(trx, found.id)).map((s) => ({ recipientId: s.recipient_id, share: s.share }));
    const heldByOthers = heldOutside(budget, current, new Set(shares.map((s) => s.recipientId)));
    const amount = request.amountCents ?? Math.max(0, budget.amount_cents - heldByOthers);
    allocation = allocateByKey(strand, amount, shares, byId);
    basis = (_, weight) => ({ method: 'key', keyId: found.id, keyName: found.name, weight });
  } else {
    if (strand.distribution !== 'posts_formula') throw methodError(strand, 'posts_formula');
    const rate = request.rateCode ? strand.postRates.find((r) => r.code === request.rateCode) : strand.postRates[0];
    if (!rate) {
      throw problemsError(
        [{ field: 'rateCode', code: 'unknown_rate', message: `strand ${strand.code} has no such post rate` }],
        'Unknown post rate.',
      );
    }
    const figures = await populationAt(trx, request.referenceDate);
    if (figures.length === 0) {
      throw problemsError(
        [{ field: 'referenceDate', code: 'no_figures', message: 'no population figures for this date' }],
        'No population figures.',
      );
    }
    const population = new Map(figures.map((f) => [f.recipient_id, f.tolerated_18_27]));
    const heldByOthers = heldOutside(budget, current, new Set(figures.map((f) => f.recipient_id)));
    const room = Math.max(0, budget.amount_cents - heldByOthers);
    allocation = allocateByPostsFormula(strand, rate, population, recipients, request.scaleToBudget ? room : null);
    basis = (recipientId, weight) => ({
      method: 'posts_formula',
      referenceDate: request.referenceDate,
      tolerated18To27: population.get(recipientId) ?? 0,
      weight,
      rateCode: rate.code,
      rateAnnualCents: rate.annualMaxCents,
      scaled: request.scaleToBudget,
    });
  }
  return {
    preview: previewOf(budget, current, byId, allocation, request.method),
    writes: writesOf(allocation, keyId, basis),
  };
}

function methodError(strand: StrandDefinition, method: string): AppError {
  return problemsError(
    [
      {
        field: 'method',
        code: 'wrong_method',
        message: `strand ${strand.code} is distributed by ${strand.distribution}, not by ${method}`,
      },
    ],
    'This strand is not distributed this way.',
  );
}

/** What the recipients outside an allocation hold of the state budget (central commitments included). */
function heldOutside(budget: StateBudgetRow, current: Map<string, AllocationRow>, inside: Set<string>): number {
  let held = budget.allocated_cents;
  for (const [id, row] of current) if (inside.has(id)) held -= row.amount_cents;
  return held;
}

function previewOf(
  budget: StateBudgetRow,
  current: Map<string, AllocationRow>,
  recipients: Map<string, Recipient>,
  allocation: Allocation,
  method: 'key' | 'posts_formula',
): AllocationPreview {
  const lines = allocation.lines.map((line) => {
    const recipient = recipients.get(line.recipientId);
    const row = current.get(line.recipientId);
    return {
      municipalityId: line.recipientId,
      municipalityName: recipient?.name ?? '',
      officialKey: recipient?.officialKey ?? null,
      weight: line.weight,
      currentCents: row?.amount_cents ?? 0,
      amountCents: line.amountCents,
      committedCents: row?.committed_cents ?? 0,
    };
  });
  const delta = lines.reduce((sum, line) => sum + line.amountCents - line.currentCents, 0);
  const after = budget.allocated_cents + delta;
  return {
    method,
    budgetCents: budget.amount_cents,
    allocatedBeforeCents: budget.allocated_cents,
    distributedCents: allocation.totalCents,
    allocatedAfterCents: after,
    remainingAfterCents: budget.amount_cents - after,
    fitsBudget: after <= budget.amount_cents,
    coversCommitments: lines.every((line) => line.amountCents >= line.committedCents),
    lines,
    excluded: allocation.excluded.map((entry) => ({
      municipalityId: entry.recipientId,
      municipalityName: recipients.get(entry.recipientId)?.name ?? '',
      reason: entry.reason,
    })),
  };
}

function writesOf(
  allocation: Allocation,
  keyId: string | null,
  basis: (recipientId: string, weight: string) => object,
): ComputedAllocation['writes'] {
  return allocation.lines.map((line) => ({
    municipalityId: line.recipientId,
    amountCents: line.amountCents,
    keyId,
    basis: basis(line.recipientId, line.weight),
  }));
}

/**
 * Writes an allocation: the decreases first, so that moving money between recipients never passes through a
 * state above the budget; every changed allocation audited in its municipality's chain. Callable from the seed
 * with a transaction that has the across-tenants scope.
 */
export async function applyAllocation(
  trx: Trx,
  actor: Actor | null,
  key: BudgetKey,
  computed: ComputedAllocation,
  meta: RequestMeta | undefined,
): Promise<number> {
  const current = new Map(computed.preview.lines.map((line) => [line.municipalityId, line.currentCents]));
  const delta = (write: { municipalityId: string; amountCents: number }) =>
    write.amountCents - (current.get(write.municipalityId) ?? 0);
  const changed = computed.writes.filter((write) => delta(write) !== 0).sort((a, b) => delta(a) - delta(b));
  await withinLimits(async () => {
    for (const write of changed) {
      await writeAllocation(trx, key, { ...write, userId: actor?.userId ?? null });
      if (actor && meta) {
        await actInMunicipality(trx, write.municipalityId);
        await auditFunding(trx, actor, {
          municipalityId: write.municipalityId,
          action: 'allocate',
          resourceType: ALLOCATION_TYPE,
          resourceId: `${key.programmeId}/${key.strand}/${key.budgetYear}`,
          changedFields: ['amount_cents', 'basis'],
          details: { amountCents: write.amountCents, previousCents: current.get(write.municipalityId) ?? 0 },
          meta,
        });
      }
    }
  });
  await actInMunicipality(trx, null);
  return changed.length;
}

export function keyOf(row: StateBudgetRow): BudgetKey {
  return { programmeId: row.programme_id, strand: row.strand, budgetYear: row.budget_year };
}
