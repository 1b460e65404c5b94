// The proof of use from provider to municipality to authority, on a real database: figures from the case data,
// the financial statement with the tolerance rule, receipts, checks, the audit, the recovery claim and its
// repayment in the payment ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import type { Staff } from '../cases/case-test-setup.ts';
import { withVersion } from './payment-test-setup.ts';
import type { ProofView, RecoveryClaimView } from './proof.schema.ts';
import { PLAN, seedCaseData, setUpProofWorld, type ProofWorld, type SeededFigures } from './proof-test-setup.ts';

let world: ProofWorld;
let seeded: SeededFigures;
let providerProof: ProofView;
let ownProof: ProofView;

beforeAll(async () => {
  world = await setUpProofWorld();
  seeded = await seedCaseData(world);
});

afterAll(async () => world?.close());

async function call(staff: Staff, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, version?: number) {
  const response = await staff.browser.request(method, url, body, version === undefined ? {} : withVersion(version));
  return { status: response.statusCode, body: response.json() as never, headers: response.headers };
}

function ok<T>(response: { status: number; body: unknown }, status = 200): T {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body as T;
}

function entries(proof: ProofView, actuals: Record<string, number>) {
  return {
    lines: proof.lines.map((line) => ({ lineId: line.id, actualCents: actuals[line.description] ?? null })),
  };
}

describe('a provider proves the use of its forwarded funds to the municipality', () => {
  it('starts its interim statement with the forwarded amount as plan and its own figures from the case data', async () => {
    providerProof = ok<ProofView>(
      await call(world.providerStaff, 'POST', '/api/v1/funding/proofs', {
        grantId: world.grant.grantId,
        contractId: world.contractId,
        kind: 'interim',
        budgetYear: 2021,
      }),
      201,
    );
    expect(providerProof).toMatchObject({
      status: 'draft',
      providerId: world.provider,
      periodFrom: '2021-01-01',
      periodTo: '2021-12-31',
      dueOn: '2022-04-30',
      plannedCents: 300_000,
    });
    expect(providerProof.lines).toHaveLength(1);
    // Counted from the seeded enrolments of the provider's own offer; the single drop-out is suppressed ("."),
    // and with only one strand the total would reveal it, so the total is suppressed too.
    const { dropouts, ...visible } = seeded.provider;
    expect(dropouts).toBeLessThan(3);
    expect(providerProof.figures?.rows).toEqual([
      { strand: 'FB1', basis: 'offers', cells: { ...visible, dropouts: '.' } },
    ]);
    expect(providerProof.figures?.total.dropouts).toBe('.');
  });

  it('enters actuals and a receipt, and submits', async () => {
    const line = providerProof.lines[0];
    if (!line) throw new Error('no line');
    let proof = ok<ProofView>(
      await call(
        world.providerStaff,
        'PATCH',
        `/api/v1/funding/proofs/${providerProof.id}/statement`,
        { lines: [{ lineId: line.id, actualCents: 290_000 }] },
        providerProof.version,
      ),
    );
    proof = ok<ProofView>(
      await call(
        world.providerStaff,
        'PATCH',
        `/api/v1/funding/proofs/${proof.id}/narrative`,
        { summary: 'Sechs junge Erwachsene begleitet.', results: 'Drei Ausbildungsverträge.' },
        proof.version,
      ),
    );
    ok(
      await call(world.providerStaff, 'POST', `/api/v1/funding/proofs/${proof.id}/receipts`, {
        lineId: line.id,
        receiptDate: '2021-06-30',
        payee: 'Gehaltsabrechnung Juni',
        purpose: 'Coaching, Personal',
        reference: 'B-17',
        amountCents: 48_000,
      }),
      201,
    );
    providerProof = ok<ProofView>(
      await call(world.providerStaff, 'POST', `/api/v1/funding/proofs/${proof.id}/submit`, undefined, proof.version),
    );
    expect(providerProof).toMatchObject({ status: 'submitted', actualCents: 290_000 });
    expect(providerProof.receipts[0]?.retainUntil).toBe('2027-02-15');
    expect(providerProof.can).toEqual({ edit: false, submit: false, check: false, audit: false });
  });
});

describe('the municipality proves the use of its grant', () => {
  it('starts its statement from the financing plan, with the figures of all its strand offers', async () => {
    ownProof = ok<ProofView>(
      await call(world.office, 'POST', '/api/v1/funding/proofs', {
        grantId: world.grant.grantId,
        kind: 'interim',
        budgetYear: 2021,
      }),
      201,
    );
    expect(ownProof.lines.map((l) => [l.category, l.plannedCents, l.actualCents])).toEqual(
      PLAN.map((l) => [l.category, l.amountCents, null]),
    );
    expect(ownProof.groups[0]).toMatchObject({
      bindingCents: 1_250_000,
      decidedCents: 1_000_000,
      paidCents: 1_000_000,
    });
    const { dropouts, ...visible } = seeded.municipality;
    expect(dropouts).toBeLessThan(3);
    expect(ownProof.figures?.rows[0]?.cells).toEqual({ ...visible, dropouts: '.' });
    expect(ownProof.providerProofs.map((p) => [p.id, p.status])).toEqual([[providerProof.id, 'submitted']]);
  });

  it('cannot submit while a provider proof waits for its check, and lists what is missing', async () => {
    const response = await call(
      world.office,
      'POST',
      `/api/v1/funding/proofs/${ownProof.id}/submit`,
      undefined,
      ownProof.version,
    );
    expect(response.status).toBe(400);
    const fields = (response.body as { errors: { field: string; code: string }[] }).errors.map((e) => e.code);
    expect(fields).toEqual(expect.arrayContaining(['actual_missing', 'section_missing', 'provider_proofs_pending']));
  });

  it("returns the provider's proof with a reason; the provider corrects it; the municipality accepts and attaches it", async () => {
    const returned = ok<ProofView>(
      await call(
        world.office,
        'POST',
        `/api/v1/funding/proofs/${providerProof.id}/return`,
        { reason: 'Bitte Beleg für Juli nachreichen.' },
        providerProof.version,
      ),
    );
    expect(returned).toMatchObject({ status: 'returned', returnReason: 'Bitte Beleg für Juli nachreichen.' });
    const resubmitted = ok<ProofView>(
      await call(
        world.providerStaff,
        'POST',
        `/api/v1/funding/proofs/${returned.id}/submit`,
        undefined,
        returned.version,
      ),
    );
    const accepted = ok<ProofView>(
      await call(
        world.office,
        'POST',
        `/api/v1/funding/proofs/${resubmitted.id}/accept`,
        undefined,
        resubmitted.version,
      ),
    );
    expect(accepted).toMatchObject({ status: 'accepted', attachedTo: ownProof.id });
  });

  it('shows a line more than 20 % over plan without offset, with the amounts that are not eligible', async () => {
    const current = ok<ProofView>(await call(world.office, 'GET', `/api/v1/funding/proofs/${ownProof.id}`));
    const proof = ok<ProofView>(
      await call(
        world.office,
        'PATCH',
        `/api/v1/funding/proofs/${ownProof.id}/statement`,
        entries(current, { 'Coaches (1,5 VZÄ)': 1_250_000, Fahrtkosten: 150_000, Sachausgaben: 100_000 }),
        current.version,
      ),
    );
    expect(proof.lines[0]).toMatchObject({ status: 'over_tolerance', overToleranceCents: 50_000 });
    expect(proof.problems.map((p) => p.code)).toEqual(['line_over_tolerance', 'overrun_not_offset']);
    expect(proof.totals).toMatchObject({ actualCents: 1_500_000, eligibleCents: 1_250_000, ineligibleCents: 250_000 });
    ownProof = proof;
  });

  it('corrects the actuals (10 % over, offset by savings) and submits to the authority', async () => {
    let proof = ok<ProofView>(
      await call(
        world.office,
        'PATCH',
        `/api/v1/funding/proofs/${ownProof.id}/statement`,
        entries(ownProof, { 'Coaches (1,5 VZÄ)': 1_100_000, Fahrtkosten: 50_000, Sachausgaben: 40_000 }),
        ownProof.version,
      ),
    );
    expect(proof.problems).toEqual([]);
    expect(proof.lines.map((l) => l.status)).toEqual(['within_tolerance', 'within_plan', 'within_plan']);
    proof = ok<ProofView>(
      await call(
        world.office,
        'PATCH',
        `/api/v1/funding/proofs/${proof.id}/narrative`,
        { summary: 'Coaching in Köln 2021.', results: 'Drei Übergänge in Ausbildung.' },
        proof.version,
      ),
    );
    ownProof = ok<ProofView>(
      await call(world.office, 'POST', `/api/v1/funding/proofs/${proof.id}/submit`, undefined, proof.version),
    );
    expect(ownProof).toMatchObject({ status: 'submitted', actualCents: 1_190_000 });
    expect(ownProof.providerProofs[0]).toMatchObject({ status: 'accepted', attachedTo: ownProof.id });
  });
});

describe('the authority audits and recovers', () => {
  let claim: RecoveryClaimView;

  it('finds the submitted proof to audit, and audits it with findings: a recovery claim per strand and year', async () => {
    const page = ok<{ items: { id: string }[] }>(
      await call(world.officer, 'GET', '/api/v1/funding/proofs?origin=municipality&status=submitted'),
    );
    expect(page.items.map((p) => p.id)).toEqual([ownProof.id]);
    const audited = ok<ProofView>(
      await call(
        world.officer,
        'POST',
        `/api/v1/funding/proofs/${ownProof.id}/audit`,
        {
          result: 'findings',
          findings: 'Sachausgaben von 400 € ohne Bezug zum Projekt.',
          eligible: [{ strand: 'FB1', budgetYear: 2021, eligibleCents: 1_150_000 }],
        },
        ownProof.version,
      ),
    );
    // Paid 10,000 €; 80 % of 11,500 € eligible = 9,200 € entitled: 800 € back. 80 % of the 11,900 € spent would
    // have been 9,520 €: 480 € unspent, 320 € ineligible.
    expect(audited).toMatchObject({ status: 'audited', auditResult: 'findings', eligibleCents: 1_150_000 });
    expect(audited.claims).toHaveLength(1);
    claim = audited.claims[0] as RecoveryClaimView;
    expect(claim).toMatchObject({
      strand: 'FB1',
      budgetYear: 2021,
      paidCents: 1_000_000,
      entitledCents: 920_000,
      unspentCents: 48_000,
      ineligibleCents: 32_000,
      amountCents: 80_000,
      status: 'computed',
    });
  });

  it('issues the claim and books its repayment into the ledger until it is settled', async () => {
    claim = ok<RecoveryClaimView>(
      await call(
        world.officer,
        'POST',
        `/api/v1/funding/recovery-claims/${claim.id}/issue`,
        { dueOn: '2022-05-31', reason: 'Erstattung nach Prüfung des Zwischennachweises 2021.' },
        claim.version,
      ),
    );
    expect(claim).toMatchObject({ status: 'issued', dueOn: '2022-05-31' });
    claim = ok<RecoveryClaimView>(
      await call(world.officer, 'POST', `/api/v1/funding/recovery-claims/${claim.id}/repayments`, {
        amountCents: 30_000,
        bookedOn: '2022-05-20',
      }),
      201,
    );
    expect(claim).toMatchObject({ status: 'issued', repaidCents: 30_000 });
    const tooMuch = await call(world.officer, 'POST', `/api/v1/funding/recovery-claims/${claim.id}/repayments`, {
      amountCents: 50_001,
      bookedOn: '2022-05-30',
    });
    expect(tooMuch.status).toBe(409);
    claim = ok<RecoveryClaimView>(
      await call(world.officer, 'POST', `/api/v1/funding/recovery-claims/${claim.id}/repayments`, {
        amountCents: 50_000,
        bookedOn: '2022-05-30',
      }),
      201,
    );
    expect(claim).toMatchObject({ status: 'settled', repaidCents: 80_000 });

    const ledger = await withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => ({
      payments: await trx
        .selectFrom('payment')
        .where('grant_id', '=', world.grant.grantId)
        .select(['kind', 'amount_cents', 'recovery_claim_id'])
        .orderBy('booked_at')
        .execute(),
      paid: await trx
        .selectFrom('grant_amount')
        .where('grant_id', '=', world.grant.grantId)
        .select('paid_cents')
        .executeTakeFirstOrThrow(),
    }));
    expect(ledger.payments.filter((p) => p.kind === 'repayment')).toEqual([
      { kind: 'repayment', amount_cents: -30_000, recovery_claim_id: claim.id },
      { kind: 'repayment', amount_cents: -50_000, recovery_claim_id: claim.id },
    ]);
    expect(ledger.paid.paid_cents).toBe(920_000);
  });

  it('lets the municipality see its claims, and audits every state change in its chain', async () => {
    const page = ok<{ items: RecoveryClaimView[] }>(await call(world.office, 'GET', '/api/v1/funding/recovery-claims'));
    expect(page.items.map((c) => [c.id, c.status])).toEqual([[claim.id, 'settled']]);
    const actions = await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      trx
        .selectFrom('audit_log')
        .where('resource_type', 'in', ['proof_of_use', 'recovery_claim', 'proof_receipt'])
        .where('outcome', '=', 'success')
        .select(['action', 'resource_type'])
        .orderBy('seq')
        .execute(),
    );
    expect(actions.map((a) => `${a.resource_type}:${a.action}`)).toEqual([
      'proof_of_use:create',
      'proof_of_use:update',
      'proof_of_use:update',
      'proof_receipt:create',
      'proof_of_use:submit',
      'proof_of_use:create',
      'proof_of_use:return',
      'proof_of_use:submit',
      'proof_of_use:accept',
      'proof_of_use:update',
      'proof_of_use:update',
      'proof_of_use:update',
      'proof_of_use:submit',
      'proof_of_use:audit',
      'recovery_claim:issue',
      'recovery_claim:repay',
      'recovery_claim:repay',
    ]);
  });
});
