// The demo funding data of `seed` on a real database (after the demo accounts, as on a new data directory):
// budgets and allocations within their limits, Köln's grant of the published volume with its decision PDFs and
// an amendment, forwarding and payments within the decided amounts (the ledger agrees with the counters, four
// eyes), the proofs of use in progress; a second run with --replace keeps the financial records; the same seed
// gives the same data, another seed other drawings.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { createDemo } from '../demo/demo.ts';
import { createSecretBox } from '../platform/secrets.ts';
import { KOELN_GRANT, PROOF_YEAR } from './funding-seed.parameters.ts';
import { createSeedService, type SeedSummary } from './seed.service.ts';

const databases: TestDatabase[] = [];

async function admin<T extends pg.QueryResultRow>(
  database: TestDatabase,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function demoDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  await createDemo({ db: database.handle.db, secrets: createSecretBox(TEST_SECRET_KEY) });
  return database;
}

function seed(database: TestDatabase, seedNumber: number, replace = false): Promise<SeedSummary> {
  return createSeedService({ db: database.handle.db }).run({
    profile: 'koeln',
    seed: seedNumber,
    scale: 0.1,
    replace,
  });
}

/** The funding records that a seed draws, without ids and creation times: equal for equal seeds. */
async function fingerprint(database: TestDatabase): Promise<unknown[]> {
  return Promise.all([
    admin(
      database,
      `select m.name, a.strand, a.budget_year, a.amount_cents::text from budget_allocation a
         join organisation m on m.id = a.municipality_id order by 1, 2, 3`,
    ),
    admin(
      database,
      `select g.reference, a.strand, a.budget_year, a.decided_cents::text, a.forwarded_cents::text, a.paid_cents::text
         from grant_amount a join funding_grant g on g.id = a.grant_id order by 1, 2, 3`,
    ),
    admin(
      database,
      `select c.reference, p.name, f.strand, f.budget_year, f.amount_cents::text from forwarding_contract c
         join organisation p on p.id = c.provider_id
         join forwarding_amount f on f.contract_id = c.id order by 1, 3, 4`,
    ),
    admin(
      database,
      `select r.status, r.requested_at, l.strand, l.budget_year, l.amount_cents::text, l.due_on::text
         from payment_request r join payment_request_line l on l.request_id = r.id order by 2, 3, 4`,
    ),
    admin(
      database,
      `select p.kind, p.status, p.provider_id is not null as provider, l.strand, l.category, l.planned_cents::text,
              l.actual_cents::text
         from proof_of_use p join proof_of_use_line l on l.proof_id = p.id order by 3, 4, 5, 6`,
    ),
    admin(database, `select receipt_date::text, payee, amount_cents::text from receipt order by 1, 2, 3`),
  ]);
}

let database: TestDatabase;
let summary: SeedSummary;
let koelnId: string;

beforeAll(async () => {
  database = await demoDatabase();
  const [koeln] = await admin<{ id: string }>(database, "select id from organisation where name = 'Stadt Köln'");
  koelnId = koeln?.id ?? '';
  summary = await seed(database, 3);
}, 180_000);

afterAll(async () => {
  for (const entry of databases) await entry.close();
});

describe('seed: demo funding data', () => {
  it('sets the state budgets from the programme: FB1–FB4 the rest of 50 Mio € beside the FB5 cap and FB6', async () => {
    expect(summary.funding).toMatchObject({ status: 'seeded', grants: 2, decisions: 3, contracts: 3, proofs: 2 });
    console.info(`demo funding data written in ${summary.funding?.durationMs} ms`);
    const [budgets] = await admin<{ key: string; fb6: string; cap: string }>(
      database,
      `select (select sum(amount_cents) from programme_budget b where b.programme_id = p.id
                 and b.strand in ('FB1', 'FB2', 'FB3', 'FB4'))::text as key,
              (select sum(amount_cents) from programme_budget b where b.programme_id = p.id and b.strand = 'FB6')::text
                as fb6,
              (select cap_cents from programme_strand_cap c where c.programme_id = p.id and c.strand = 'FB5')::text as cap
         from funding_programme p where p.code = 'DIAA'`,
    );
    expect(budgets).toEqual({ key: '2676000000', fb6: '1824000000', cap: '500000000' });
    expect(Number(budgets?.key) + Number(budgets?.fb6) + Number(budgets?.cap)).toBe(5_000_000_000);
  });

  it('allocates within every budget, and every allocation covers what the grants commit', async () => {
    const over = await admin(
      database,
      `select b.strand, b.budget_year from programme_budget b
        where b.allocated_cents > b.amount_cents
           or b.allocated_cents <> (select coalesce(sum(a.amount_cents), 0) from budget_allocation a
                                     where a.programme_id = b.programme_id and a.strand = b.strand
                                       and a.budget_year = b.budget_year)`,
    );
    expect(over).toEqual([]);
    const uncovered = await admin(
      database,
      `select a.strand from budget_allocation a
        where a.committed_cents > a.amount_cents
           or a.committed_cents <> (select coalesce(sum(x.decided_cents), 0) from grant_amount x
                                      join funding_grant g on g.municipality_id = x.municipality_id and g.id = x.grant_id
                                     where x.municipality_id = a.municipality_id and g.programme_id = a.programme_id
                                       and x.strand = a.strand and x.budget_year = a.budget_year)`,
    );
    expect(uncovered).toEqual([]);
    const recipients = await admin<{ name: string; strands: string }>(
      database,
      `select m.name, string_agg(distinct a.strand, ',' order by a.strand) as strands from budget_allocation a
         join organisation m on m.id = a.municipality_id group by m.name order by m.name`,
    );
    // Dormagen is a town of the Kreis: no recipient of its own.
    expect(recipients).toEqual([
      { name: 'Rhein-Kreis Neuss', strands: 'FB1,FB2,FB3,FB4,FB6' },
      { name: 'Stadt Köln', strands: 'FB1,FB2,FB3,FB4,FB6' },
    ]);
  });

  it("decides Köln's grant of the published volume (20 % own contribution) with a PDF, and amends it", async () => {
    const [plan] = await admin<{ costs: string; own: string; requested: string }>(
      database,
      `select (select sum(amount_cents) from application_cost_line c where c.application_id = a.id)::text as costs,
              (select sum(amount_cents) from application_funding_source s where s.application_id = a.id
                  and s.kind = 'own_contribution')::text as own,
              (select sum(amount_cents) from application_requested_amount r where r.application_id = a.id)::text
                as requested
         from funding_application a where a.municipality_id = $1 and a.is_demo and a.status = 'decided'`,
      [koelnId],
    );
    expect(plan).toEqual({
      costs: String(KOELN_GRANT.costsCents),
      own: String(KOELN_GRANT.ownContributionCents),
      requested: String(KOELN_GRANT.costsCents - KOELN_GRANT.ownContributionCents),
    });
    const decisions = await admin<{ seq: number; kind: string; total: string; pdf: boolean; hashed: boolean }>(
      database,
      `select d.seq, d.kind, (select sum(amount_cents) from grant_decision_amount x
                               where x.grant_id = d.grant_id and x.seq = d.seq)::text as total,
              substring(d.document from 1 for 5) = '%PDF-'::bytea as pdf,
              d.document_sha256 = sha256(d.document) as hashed
         from grant_decision d join funding_grant g on g.id = d.grant_id
        where g.municipality_id = $1 and g.is_demo order by d.seq`,
      [koelnId],
    );
    // The amendment moves money between strands and years; the total stays the published one.
    expect(decisions).toEqual([
      { seq: 1, kind: 'decision', total: '236508800', pdf: true, hashed: true },
      { seq: 2, kind: 'amendment', total: '236508800', pdf: true, hashed: true },
    ]);
  });

  it('forwards and pays within the decided amounts; the ledger agrees; two different officers approved', async () => {
    const beyond = await admin(
      database,
      `select a.strand from grant_amount a
        where a.paid_cents > a.decided_cents or a.forwarded_cents > a.decided_cents
           or a.paid_cents <> (select coalesce(sum(p.amount_cents), 0) from payment p where p.grant_id = a.grant_id
                                  and p.strand = a.strand and p.budget_year = a.budget_year)
           or a.forwarded_cents <> (select coalesce(sum(f.amount_cents), 0) from forwarding_amount f
                                      join forwarding_contract c on c.id = f.contract_id
                                     where c.grant_id = a.grant_id and c.status in ('concluded', 'ended')
                                       and f.strand = a.strand and f.budget_year = a.budget_year)`,
    );
    expect(beyond).toEqual([]);
    const requests = await admin<{ status: string; n: string }>(
      database,
      'select status, count(*)::text as n from payment_request group by status order by status',
    );
    expect(requests).toEqual([
      { status: 'approved_once', n: '1' },
      { status: 'paid', n: '7' },
      { status: 'requested', n: '1' },
    ]);
    const fourEyes = await admin(
      database,
      `select id from payment_request where status = 'paid'
          and (first_approved_by = second_approved_by or requested_by in (first_approved_by, second_approved_by))`,
    );
    expect(fourEyes).toEqual([]);
    const [paid] = await admin<{ n: string }>(
      database,
      "select count(*)::text as n from payment where kind = 'payment'",
    );
    expect(Number(paid?.n)).toBe(summary.funding?.bookings);
    expect(await admin(database, 'select id from forwarding_contract where not is_demo')).toEqual([]);
  });

  it('has the interim statement in progress: the provider’s submitted, the municipality’s with actuals', async () => {
    const proofs = await admin<{ provider: boolean; status: string; lines: number; actuals: number; receipts: number }>(
      database,
      `select p.provider_id is not null as provider, p.status,
              (select count(*)::int from proof_of_use_line l where l.proof_id = p.id) as lines,
              (select count(*)::int from proof_of_use_line l where l.proof_id = p.id and l.actual_cents is not null)
                as actuals,
              (select count(*)::int from receipt r where r.proof_id = p.id) as receipts
         from proof_of_use p where p.is_demo and p.kind = 'interim' and p.budget_year = $1 order by 1`,
      [PROOF_YEAR],
    );
    expect(proofs.map((p) => [p.provider, p.status])).toEqual([
      [false, 'draft'],
      [true, 'submitted'],
    ]);
    for (const proof of proofs) {
      expect(proof.lines).toBeGreaterThan(0);
      expect(proof.actuals).toBe(proof.lines);
      expect(proof.receipts).toBeGreaterThan(0);
    }
    // Planned vs actual differ: the statement shows deviations.
    const [deviating] = await admin<{ n: string }>(
      database,
      'select count(*)::text as n from proof_of_use_line where actual_cents <> planned_cents',
    );
    expect(Number(deviating?.n)).toBeGreaterThan(0);
  });

  it('audits one entry per municipality and run, and one for the shared records', async () => {
    const entries = await admin<{ chain: string; n: string }>(
      database,
      `select m.name as chain, count(*)::text as n from audit_log l join organisation m on m.id = l.municipality_id
        where l.resource_type = 'funding' and l.resource_id = 'seed:koeln:3' group by m.name
       union all
       select 'system', count(*)::text from system_audit_log
        where resource_type = 'funding' and resource_id = 'seed:koeln:3' order by 1`,
    );
    expect(entries).toEqual([
      { chain: 'Rhein-Kreis Neuss', n: '1' },
      { chain: 'Stadt Köln', n: '1' },
      { chain: 'system', n: '1' },
    ]);
  });

  it('keeps the funding data when the demo data are replaced (financial records are never deleted)', async () => {
    const before = await fingerprint(database);
    const again = await seed(database, 3, true);
    expect(again.removed.participants).toBeGreaterThan(0);
    expect(again.funding).toMatchObject({ status: 'kept', grants: 0, allocations: 0 });
    expect(await fingerprint(database)).toEqual(before);
    const [grants] = await admin<{ n: string }>(database, 'select count(*)::text as n from funding_grant');
    expect(grants?.n).toBe('2');
  });

  it('draws the same funding data for the same seed, and other drawings for another', async () => {
    const same = await demoDatabase();
    await seed(same, 3);
    const other = await demoDatabase();
    await seed(other, 4);
    const [mine, theirs, others] = await Promise.all([fingerprint(database), fingerprint(same), fingerprint(other)]);
    expect(theirs).toEqual(mine);
    // Budgets, allocations and the grants follow the published figures; the contracts' providers and the spending
    // drawn for the proofs follow the seed.
    expect(others?.slice(0, 2)).toEqual(mine?.slice(0, 2));
    expect(others?.slice(4)).not.toEqual(mine?.slice(4));
  }, 240_000);
});
