// Properties of the payment ledger on a real database: for any sequence of operations — amend the decided
// amounts, change the municipality's allocation, request (through the service, and directly past its checks),
// approve by either of two officers, reject, repay — payments never exceed the decided amount per strand and
// year, the paid counters equal the ledger's sums, and the municipality's remaining budget is its allocation
// minus what its grants commit.
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { isAppError } from '../platform/errors.ts';
import { createOrganisation, FakeClock } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { insertTestGrant, insertTestPaymentRequest } from '../../test/helpers/funding-factories.ts';
import { actorOf, WORLD_START } from './payment-test-setup.ts';
import { bookRepayment, createPaymentService, type PaymentService } from './payment.service.ts';

const STRANDS = ['FB1', 'FB2'] as const;
type Strand = (typeof STRANDS)[number];
const YEAR = 2021;

let database: TestDatabase;
let db: Kysely<Database>;
let municipality: string;
let office: Actor;
let officers: Actor[];
let payments: PaymentService;
const meta = { ip: null, userAgent: 'ledger-properties', requestId: null };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  municipality = await createOrganisation(db, 'municipality', 'Ledger-Stadt');
  const authority = await createOrganisation(db, 'approving_authority', 'Ledger-Behörde');
  office = await actorOf(db, municipality, ['managing_office'], [municipality]);
  officers = [await actorOf(db, authority, ['grant_officer'], []), await actorOf(db, authority, ['grant_officer'], [])];
  payments = createPaymentService({ db, now: new FakeClock(WORLD_START).now });
});

afterAll(async () => {
  await database.close();
});

const inTenant = <T>(work: Parameters<typeof withTenant<Database, T>>[2]) =>
  withTenant(db, { municipalityId: municipality, userId: null }, work);

interface World {
  grantId: string;
  programmeId: string;
  decisions: number;
}

/** A grant decided for FB1 and FB2 2021 (600,000 cents each), with allocations of 1,000,000 each. */
async function newWorld(): Promise<World> {
  return inTenant(async (trx) => {
    const grant = await insertTestGrant(trx, municipality, 600_000);
    const programmeId = grant.programme.programmeId;
    await trx
      .insertInto('programme_budget')
      .values({
        programme_id: programmeId,
        strand: 'FB2',
        budget_year: YEAR,
        amount_cents: 5_000_000,
        updated_by: null,
      })
      .execute();
    await trx
      .insertInto('budget_allocation')
      .values({
        municipality_id: municipality,
        programme_id: programmeId,
        strand: 'FB2',
        budget_year: YEAR,
        amount_cents: 1_000_000,
        key_id: null,
        updated_by: null,
      })
      .execute();
    await trx
      .updateTable('budget_allocation')
      .set({ amount_cents: 1_000_000 })
      .where('programme_id', '=', programmeId)
      .where('strand', '=', 'FB1')
      .execute();
    await trx
      .insertInto('grant_decision_amount')
      .values({
        municipality_id: municipality,
        grant_id: grant.grantId,
        seq: 1,
        strand: 'FB2',
        budget_year: YEAR,
        amount_cents: 600_000,
        eligible_cents: null,
        unit_cents: null,
        unit_count: null,
      })
      .execute();
    await trx
      .insertInto('grant_amount')
      .values({
        municipality_id: municipality,
        grant_id: grant.grantId,
        strand: 'FB2',
        budget_year: YEAR,
        decided_cents: 600_000,
      })
      .execute();
    return { grantId: grant.grantId, programmeId, decisions: 1 };
  });
}

type Operation =
  | { kind: 'amend'; strand: Strand; cents: number }
  | { kind: 'allocate'; strand: Strand; cents: number }
  | { kind: 'request'; strand: Strand; cents: number; dueInDays: number }
  | { kind: 'request_unchecked'; strand: Strand; cents: number }
  /** 'other': an officer who has not approved it yet (so that sequences reach the booking often) */
  | { kind: 'approve'; pick: number; officer: 0 | 1 | 'other' }
  | { kind: 'reject'; pick: number }
  | { kind: 'repay'; strand: Strand; cents: number };

const strand = fc.constantFrom(...STRANDS);
const amount = fc.integer({ min: 1, max: 900_000 });
// Weighted towards approvals and requests past the service's checks, so that sequences often reach the limit.
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      strand,
      cents: fc.integer({ min: 0, max: 1_200_000 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      strand,
      cents: fc.integer({ min: 0, max: 2_000_000 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      strand,
      cents: amount,
      dueInDays: fc.integer({ min: 0, max: 75 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('request_unchecked' as const), strand, cents: amount }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('approve' as const),
      pick: fc.nat(),
      officer: fc.constantFrom(0 as const, 1 as const, 'other' as const, 'other' as const),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('reject' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('repay' as const), strand, cents: fc.integer({ min: 1, max: 400_000 }) }),
    weight: 1,
  },
);

/** Expected refusals: a rule of the service (4xx) or a limit of the database (CHECK). Anything else is a bug. */
async function refusedOr<T>(work: () => Promise<T>): Promise<T | 'refused'> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && error.status < 500) return 'refused';
    if ((error as { code?: string }).code === '23514') return 'refused';
    throw error;
  }
}

async function openRequests(
  world: World,
): Promise<{ id: string; version: number; first_approved_by: string | null }[]> {
  return inTenant((trx) =>
    trx
      .selectFrom('payment_request')
      .where('grant_id', '=', world.grantId)
      .where('status', 'in', ['requested', 'approved_once'])
      .select(['id', 'version', 'first_approved_by'])
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
}

async function apply(world: World, op: Operation): Promise<void> {
  switch (op.kind) {
    case 'amend':
      // An amendment (Änderungsbescheid): a new decision whose amount replaces the one in force.
      await refusedOr(() =>
        inTenant(async (trx) => {
          const seq = world.decisions + 1;
          await sql`insert into grant_decision (municipality_id, grant_id, seq, kind, period_from, period_to,
                      financing_type, funding_rate_bp, conditions, decided_by)
                    select municipality_id, grant_id, ${seq}, 'amendment', period_from, period_to, financing_type,
                           funding_rate_bp, conditions, decided_by
                      from grant_decision where municipality_id = ${municipality} and grant_id = ${world.grantId} and seq = 1`.execute(
            trx,
          );
          await trx
            .insertInto('grant_decision_amount')
            .values({
              municipality_id: municipality,
              grant_id: world.grantId,
              seq,
              strand: op.strand,
              budget_year: YEAR,
              amount_cents: op.cents,
              eligible_cents: null,
              unit_cents: null,
              unit_count: null,
            })
            .execute();
          await trx
            .updateTable('grant_amount')
            .set({ decided_cents: op.cents })
            .where('grant_id', '=', world.grantId)
            .where('strand', '=', op.strand)
            .execute();
          await trx
            .updateTable('funding_grant')
            .set({ current_decision: seq })
            .where('id', '=', world.grantId)
            .execute();
        }),
      );
      // A refused amendment rolled back: the decision count is that of the database.
      world.decisions = await inTenant(async (trx) =>
        Number(
          (
            await trx
              .selectFrom('grant_decision')
              .where('grant_id', '=', world.grantId)
              .select((eb) => eb.fn.max('seq').as('seq'))
              .executeTakeFirstOrThrow()
          ).seq,
        ),
      );
      return;
    case 'allocate':
      await refusedOr(() =>
        inTenant((trx) =>
          trx
            .updateTable('budget_allocation')
            .set({ amount_cents: op.cents })
            .where('municipality_id', '=', municipality)
            .where('programme_id', '=', world.programmeId)
            .where('strand', '=', op.strand)
            .execute(),
        ),
      );
      return;
    case 'request': {
      const due = new Date(Date.UTC(2021, 2, 15 + op.dueInDays)).toISOString().slice(0, 10);
      await refusedOr(() =>
        payments.createRequest(
          office,
          {
            grantId: world.grantId,
            justification: null,
            lines: [{ strand: op.strand, budgetYear: YEAR, amountCents: op.cents, dueOn: due, purpose: null }],
          },
          meta,
        ),
      );
      return;
    }
    case 'request_unchecked':
      await inTenant(async (trx) => {
        const id = await insertTestPaymentRequest(trx, municipality, world.grantId, op.cents);
        await trx.updateTable('payment_request_line').set({ strand: op.strand }).where('request_id', '=', id).execute();
      });
      return;
    case 'approve': {
      const open = await openRequests(world);
      const target = open[op.pick % Math.max(open.length, 1)];
      if (!target) return;
      const officer =
        op.officer === 'other' ? officers.find((o) => o.userId !== target.first_approved_by) : officers[op.officer];
      await refusedOr(() => payments.approve(officer ?? null, target.id, target.version, meta));
      return;
    }
    case 'reject': {
      const open = await openRequests(world);
      const target = open[op.pick % Math.max(open.length, 1)];
      if (target) {
        await refusedOr(() =>
          payments.reject(officers[0] ?? null, target.id, target.version, { reason: 'Prüfung' }, meta),
        );
      }
      return;
    }
    case 'repay':
      await refusedOr(() =>
        inTenant((trx) =>
          bookRepayment(
            trx,
            {
              municipalityId: municipality,
              grantId: world.grantId,
              strand: op.strand,
              budgetYear: YEAR,
              amountCents: op.cents,
              bookedOn: '2021-03-15',
              recoveryClaimId: null,
              note: 'Rückzahlung',
            },
            { actor: officers[0] as Actor, meta },
          ),
        ),
      );
      return;
  }
}

interface Facts {
  amounts: { strand: string; decided: number; paid: number; ledger: number }[];
  allocations: { strand: string; amount: number; committed: number; decidedSum: number }[];
  budgets: { strand: string; allocated: number; allocationSum: number }[];
  paidRequests: { id: string; lines: number; booked: number }[];
}

async function facts(world: World): Promise<Facts> {
  return inTenant(async (trx) => {
    const amounts = await sql<{ strand: string; decided: string; paid: string; ledger: string }>`
      select a.strand, a.decided_cents as decided, a.paid_cents as paid,
             coalesce((select sum(p.amount_cents) from payment p where p.municipality_id = a.municipality_id
                         and p.grant_id = a.grant_id and p.strand = a.strand and p.budget_year = a.budget_year), 0) as ledger
        from grant_amount a where a.grant_id = ${world.grantId} order by a.strand`.execute(trx);
    const allocations = await sql<{ strand: string; amount: string; committed: string; decided_sum: string }>`
      select b.strand, b.amount_cents as amount, b.committed_cents as committed,
             coalesce((select sum(a.decided_cents) from grant_amount a join funding_grant g
                         on g.municipality_id = a.municipality_id and g.id = a.grant_id
                        where a.municipality_id = b.municipality_id and g.programme_id = b.programme_id
                          and a.strand = b.strand and a.budget_year = b.budget_year), 0) as decided_sum
        from budget_allocation b where b.programme_id = ${world.programmeId} order by b.strand`.execute(trx);
    const budgets = await sql<{ strand: string; allocated: string; allocation_sum: string }>`
      select pb.strand, pb.allocated_cents as allocated,
             (select coalesce(sum(b.amount_cents), 0) from budget_allocation b where b.programme_id = pb.programme_id
                 and b.strand = pb.strand and b.budget_year = pb.budget_year) as allocation_sum
        from programme_budget pb where pb.programme_id = ${world.programmeId} order by pb.strand`.execute(trx);
    const paidRequests = await sql<{ id: string; lines: string; booked: string }>`
      select r.id, (select sum(l.amount_cents) from payment_request_line l where l.request_id = r.id) as lines,
             coalesce((select sum(p.amount_cents) from payment p where p.request_id = r.id), 0) as booked
        from payment_request r where r.grant_id = ${world.grantId} and r.status = 'paid'`.execute(trx);
    return {
      amounts: amounts.rows.map((r) => ({
        strand: r.strand,
        decided: Number(r.decided),
        paid: Number(r.paid),
        ledger: Number(r.ledger),
      })),
      allocations: allocations.rows.map((r) => ({
        strand: r.strand,
        amount: Number(r.amount),
        committed: Number(r.committed),
        decidedSum: Number(r.decided_sum),
      })),
      budgets: budgets.rows.map((r) => ({
        strand: r.strand,
        allocated: Number(r.allocated),
        allocationSum: Number(r.allocation_sum),
      })),
      paidRequests: paidRequests.rows.map((r) => ({ id: r.id, lines: Number(r.lines), booked: Number(r.booked) })),
    };
  });
}

function checkInvariants(state: Facts): void {
  for (const a of state.amounts) {
    expect(a.paid, `${a.strand}: paid ≤ decided`).toBeLessThanOrEqual(a.decided);
    expect(a.paid, `${a.strand}: paid counter = ledger sum`).toBe(a.ledger);
    expect(a.paid).toBeGreaterThanOrEqual(0);
  }
  for (const b of state.allocations) {
    // remaining = budget − committed, and committed is what the grants decided
    expect(b.committed, `${b.strand}: committed = Σ decided`).toBe(b.decidedSum);
    expect(b.amount - b.committed, `${b.strand}: remaining ≥ 0`).toBeGreaterThanOrEqual(0);
  }
  for (const p of state.budgets) expect(p.allocated, `${p.strand}: allocated = Σ allocations`).toBe(p.allocationSum);
  // A paid request booked exactly its lines, once.
  for (const r of state.paidRequests) expect(r.booked, `request ${r.id}`).toBe(r.lines);
}

describe('the payment ledger', () => {
  it('keeps payments ≤ decided, counters = ledger sums and remaining = budget − committed for any sequence', async () => {
    let paidSomething = false;
    let refusedSomething = false;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 6, maxLength: 30, size: 'max' }), async (operations) => {
        const world = await newWorld();
        checkInvariants(await facts(world));
        for (const op of operations) {
          const before = await facts(world);
          await apply(world, op);
          const after = await facts(world);
          checkInvariants(after);
          const paid = (f: Facts) => f.amounts.reduce((sum, a) => sum + a.paid, 0);
          if (op.kind === 'approve' && paid(after) > paid(before)) paidSomething = true;
          if (op.kind === 'approve' && after.paidRequests.length === before.paidRequests.length)
            refusedSomething = true;
        }
      }),
      { numRuns: 30, seed: 20210315 },
    );
    // The sequences did reach both sides of the limit (a property that never paid proves nothing).
    expect(paidSomething).toBe(true);
    expect(refusedSomething).toBe(true);
  }, 240_000);

  it('refuses a repayment of more than was paid, and never lets paid go below zero', async () => {
    const world = await newWorld();
    const repay = (cents: number) =>
      inTenant((trx) =>
        bookRepayment(
          trx,
          {
            municipalityId: municipality,
            grantId: world.grantId,
            strand: 'FB1',
            budgetYear: YEAR,
            amountCents: cents,
            bookedOn: '2021-03-15',
            recoveryClaimId: null,
            note: null,
          },
          { actor: officers[0] as Actor, meta },
        ),
      );
    await expect(repay(1)).rejects.toMatchObject({ status: 409 });
    await inTenant((trx) => insertTestPaymentRequest(trx, municipality, world.grantId, 1_000));
    const [open] = await openRequests(world);
    if (!open) throw new Error('no request');
    const once = await payments.approve(officers[0] ?? null, open.id, open.version, meta);
    await payments.approve(officers[1] ?? null, open.id, once.version, meta);
    await repay(400);
    await expect(repay(601)).rejects.toMatchObject({ status: 409 });
    const state = await facts(world);
    expect(state.amounts.find((a) => a.strand === 'FB1')).toMatchObject({ paid: 600, ledger: 600 });
    // The database refuses it too, whatever the service does.
    await expect(
      inTenant((trx) =>
        sql`insert into payment (municipality_id, grant_id, strand, budget_year, kind, amount_cents, booked_on, booked_by)
            values (${municipality}, ${world.grantId}, 'FB1', ${YEAR}, 'repayment', -601, '2021-03-15', ${officers[0]?.userId})`.execute(
          trx,
        ),
      ),
    ).rejects.toSatisfy((error: unknown) => (error as { code?: string }).code === '23514');
  });
});
