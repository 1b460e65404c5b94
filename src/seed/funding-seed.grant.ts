// A demo grant from application to payments, in the caller's transaction (acting in the grant's municipality),
// through the plain steps the services themselves use (application-records.ts, grant-records.ts and the
// forwarding and payment repositories): the plan is checked by the programme's rules at submission, the decision
// against the proposal, and the database's counters and CHECK constraints keep every limit (a budget, decided,
// forwarded and paid amounts, four eyes). Dated as the story happened, so that the two-month rule holds at every
// request. Not audited step by step: the caller writes the seed's one entry per municipality and run.
import { localDate } from '../cases/case.rules.ts';
import { findApplication } from '../funding/application.repository.ts';
import {
  insertApplicationDraft,
  insertPlanLines,
  submitApplicationRecord,
  type PlanLinesInput,
} from '../funding/application-records.ts';
import { amendGrantRecord, decideApplicationRecord, type Decider } from '../funding/grant-records.ts';
import { amountsOf, findGrant } from '../funding/grant.repository.ts';
import { changeContract, insertContract, writeAmounts } from '../funding/forwarding.repository.ts';
import type { Trx } from '../funding/funding.context.ts';
import { changeRequest, insertBooking, insertRequest, lockRequest } from '../funding/payment.repository.ts';
import { latestDueOn } from '../funding/payment.rules.ts';
import type { ProgrammeDefinition } from '../funding/programme.definition.ts';
import {
  GRANT_PERIOD,
  KOELN_AMENDMENT,
  KOELN_CONTRACTS,
  KOELN_PAYMENTS,
  KOELN_POSTS,
  TIMELINE,
  type PaymentStep,
} from './funding-seed.parameters.ts';
import { moved, trancheLines, type Cell } from './funding-seed.rules.ts';

export interface GrantStaff {
  /** the demo managing office of the municipality: drafts, submits, concludes contracts, requests payments */
  office: string | null;
  /** two different grant officers: the first decides and approves first, the second approves second */
  officers: readonly [string, string];
  authorityName: string;
}

export interface GrantChainInput {
  municipalityId: string;
  municipalityName: string;
  programmeId: string;
  definition: ProgrammeDefinition;
  fundingRateBp: number;
  plan: Required<Pick<PlanLinesInput, 'costLines' | 'fundingSources' | 'requestedAmounts'>>;
  staff: GrantStaff;
  /**
   * The whole story (forwarding to these providers, posts at them, payments, an amendment), or only the decision.
   * The first provider is the one whose demo staff will prove its use.
   */
  providers: readonly { id: string; name: string }[] | null;
}

export interface GrantChainResult {
  applicationId: string;
  grantId: string;
  reference: string;
  decisions: number;
  contracts: { id: string; providerId: string; reference: string }[];
  requests: { paid: number; approvedOnce: number; requested: number };
  bookings: number;
}

const at = (instant: string) => new Date(instant);
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

async function decidedCells(trx: Trx, municipalityId: string, grantId: string): Promise<Cell[]> {
  return (await amountsOf(trx, municipalityId, grantId)).map((row) => ({
    strand: row.strand,
    budgetYear: row.budget_year,
    amountCents: row.decided_cents,
  }));
}

/** Applies, submits and has the application decided (share financing at the rate the plan was made for). */
async function decide(trx: Trx, input: GrantChainInput, positions: PlanLinesInput['positions']) {
  const { municipalityId, staff } = input;
  const applicationId = await insertApplicationDraft(trx, {
    municipalityId,
    applicantId: municipalityId,
    kind: 'grant',
    createdBy: staff.office,
    isDemo: true,
    header: {
      programmeId: input.programmeId,
      title: `Durchstarten in Ausbildung und Arbeit – ${input.municipalityName} (FB1–FB4)`,
      periodFrom: GRANT_PERIOD.from,
      periodTo: GRANT_PERIOD.to,
      summary:
        'Coaching, berufsbegleitende Qualifizierung und Sprachförderung, Hauptschulabschlusskurse und ' +
        'vorbereitende Kurse für junge Geflüchtete (18–27 Jahre) mit Duldung oder Gestattung.',
    },
  });
  await insertPlanLines(trx, municipalityId, applicationId, { ...input.plan, positions });
  const draft = await findApplication(trx, applicationId, { lock: true });
  if (!draft) throw new Error('the demo application vanished');
  const reference = await submitApplicationRecord(trx, draft, staff.office, at(TIMELINE.submitted));
  const submitted = await findApplication(trx, applicationId, { lock: true });
  if (!submitted) throw new Error('the demo application vanished');
  const decider: Decider = { userId: staff.officers[0], authorityName: staff.authorityName };
  const grantId = await decideApplicationRecord(
    trx,
    submitted,
    decider,
    {
      periodFrom: GRANT_PERIOD.from,
      periodTo: GRANT_PERIOD.to,
      financingType: 'share',
      fundingRateBp: input.fundingRateBp,
      amounts: input.plan.requestedAmounts.map((cell) => ({
        strand: cell.strand,
        budgetYear: cell.budgetYear,
        amountCents: cell.amountCents,
      })),
      specialConditions:
        'Die Weiterleitung an Träger ist nach Nr. 12 VV zu § 44 LHO unter Einbeziehung der ANBest-P zulässig. ' +
        'Ein Zwischennachweis ist für jedes Haushaltsjahr vorzulegen.',
      reason: 'Der Antrag entspricht der Förderrichtlinie; die Ausgaben sind zuwendungsfähig und notwendig.',
    },
    at(TIMELINE.decided),
  );
  return { applicationId, grantId, reference };
}

async function concludeContracts(
  trx: Trx,
  input: GrantChainInput,
  grantId: string,
  providers: readonly { id: string }[],
): Promise<GrantChainResult['contracts']> {
  const office = input.staff.office;
  if (!office) return [];
  const decided = await decidedCells(trx, input.municipalityId, grantId);
  const concludedAt = at(TIMELINE.contractsConcluded);
  const contracts: GrantChainResult['contracts'] = [];
  for (const [index, template] of KOELN_CONTRACTS.entries()) {
    const provider = providers[index];
    if (!provider) break;
    const reference = `WV-${concludedAt.getFullYear()}-${String(index + 1).padStart(3, '0')}`;
    const id = await insertContract(trx, {
      municipalityId: input.municipalityId,
      grantId,
      providerId: provider.id,
      reference,
      conditions: input.definition.conditions.forwarding,
      periodFrom: GRANT_PERIOD.from,
      periodTo: GRANT_PERIOD.to,
      purpose: template.purpose,
      createdBy: office,
    });
    await trx
      .updateTable('forwarding_contract')
      .set({ is_demo: true })
      .where('municipality_id', '=', input.municipalityId)
      .where('id', '=', id)
      .execute();
    const amounts = decided
      .filter((cell) => cell.strand === template.strand)
      .map((cell) => ({
        strand: cell.strand,
        budgetYear: cell.budgetYear,
        amountCents: Math.floor((cell.amountCents * template.shareBp) / 10_000),
      }));
    await writeAmounts(trx, input.municipalityId, id, amounts);
    // Concluded: from now on the amounts count as forwarded (trigger; CHECK forwarded ≤ decided).
    await changeContract(
      trx,
      input.municipalityId,
      id,
      1,
      { status: 'concluded', concludedBy: office, concludedAt },
      concludedAt,
    );
    contracts.push({ id, providerId: provider.id, reference });
  }
  return contracts;
}

/** One payment request of the story, as far as its four eyes got; paid ones booked into the ledger. */
async function request(
  trx: Trx,
  input: GrantChainInput,
  grantId: string,
  step: PaymentStep,
  office: string,
): Promise<number> {
  const requestedAt = at(step.requestedAt);
  const dueOn = latestDueOn(localDate(requestedAt), 1);
  const lines = trancheLines(await decidedCells(trx, input.municipalityId, grantId), step.tranches);
  const requestId = await insertRequest(trx, {
    municipalityId: input.municipalityId,
    grantId,
    requestedBy: office,
    requestedAt,
    justification: `Abruf der im ${dueOn.slice(5, 7)}/${dueOn.slice(0, 4)} fälligen Ausgaben (Personal, Kurse, Weiterleitung an Träger)`,
    lines: lines.map((cell) => ({ ...cell, dueOn, purpose: `Fällige Ausgaben ${cell.strand} ${cell.budgetYear}` })),
  });
  if (step.outcome === 'requested') return 0;
  const [first, second] = input.staff.officers;
  const firstAt = plusDays(requestedAt, 2);
  const locked = await lockRequest(trx, requestId);
  if (!locked) throw new Error('the demo payment request vanished');
  const version = await changeRequest(trx, locked, { status: 'approved_once', by: first, at: firstAt });
  if (step.outcome === 'approved_once') return 0;
  const secondAt = plusDays(requestedAt, 6);
  await changeRequest(
    trx,
    { ...locked, status: 'approved_once', firstApprovedBy: first, version },
    {
      status: 'paid',
      by: second,
      at: secondAt,
    },
  );
  // Booked with the second approval, as the payment service does (CHECK: paid ≤ decided per strand and year).
  for (const line of lines) {
    await insertBooking(trx, {
      municipalityId: input.municipalityId,
      grantId,
      strand: line.strand,
      budgetYear: line.budgetYear,
      kind: 'payment',
      amountCents: line.amountCents,
      requestId,
      recoveryClaimId: null,
      bookedOn: localDate(secondAt),
      bookedBy: second,
      note: null,
    });
  }
  return lines.length;
}

/** Moves money between two cells by an amendment, within what the allocation leaves and what is not yet paid. */
async function amend(trx: Trx, input: GrantChainInput, grantId: string): Promise<boolean> {
  const { from, to } = KOELN_AMENDMENT;
  const amounts = await amountsOf(trx, input.municipalityId, grantId);
  const source = amounts.find((a) => a.strand === from.strand && a.budget_year === from.budgetYear);
  const allocation = await trx
    .selectFrom('budget_allocation')
    .select(['amount_cents', 'committed_cents'])
    .where('municipality_id', '=', input.municipalityId)
    .where('programme_id', '=', input.programmeId)
    .where('strand', '=', to.strand)
    .where('budget_year', '=', to.budgetYear)
    .executeTakeFirst();
  if (!source || !allocation) return false;
  const movable = Math.min(
    KOELN_AMENDMENT.maxCents,
    allocation.amount_cents - allocation.committed_cents,
    source.decided_cents - Math.max(source.paid_cents, source.forwarded_cents),
  );
  if (movable <= 0) return false;
  const grant = await findGrant(trx, grantId, { lock: true });
  if (!grant) throw new Error('the demo grant vanished');
  const current = await decidedCells(trx, input.municipalityId, grantId);
  await amendGrantRecord(
    trx,
    grant,
    { userId: input.staff.officers[1], authorityName: input.staff.authorityName },
    { amounts: moved(current, from, to, movable), reason: KOELN_AMENDMENT.reason },
    at(TIMELINE.amended),
  );
  return true;
}

export async function writeGrantChain(trx: Trx, input: GrantChainInput): Promise<GrantChainResult> {
  const providers = input.providers ?? [];
  const coachRate = input.definition.strands.find((s) => s.code === 'FB1')?.postRates?.[0];
  // Coaching posts at the providers coaching under contract (FB1), the plan's personnel.
  const positions =
    input.providers && coachRate && input.plan.costLines.some((line) => line.strand === 'FB1')
      ? KOELN_POSTS.flatMap((post, index) => {
          const employer = providers[index % Math.min(2, providers.length)];
          return employer
            ? [
                {
                  strand: 'FB1',
                  title: Number(post.fte) < 1 ? 'Coach (Teilzeit)' : 'Coach (Vollzeit)',
                  rateCode: coachRate.code,
                  fte: post.fte,
                  employerId: employer.id,
                  startsOn: GRANT_PERIOD.from,
                  endsOn: GRANT_PERIOD.to,
                  annualCents: post.annualCents,
                },
              ]
            : [];
        })
      : [];
  const { applicationId, grantId, reference } = await decide(trx, input, positions);
  const result: GrantChainResult = {
    applicationId,
    grantId,
    reference,
    decisions: 1,
    contracts: [],
    requests: { paid: 0, approvedOnce: 0, requested: 0 },
    bookings: 0,
  };
  const office = input.staff.office;
  if (!input.providers || !office) return result;
  result.contracts = await concludeContracts(trx, input, grantId, providers);
  let amended = false;
  for (const step of KOELN_PAYMENTS) {
    if (!amended && at(step.requestedAt) > at(TIMELINE.amended)) {
      amended = await amend(trx, input, grantId);
      if (amended) result.decisions += 1;
    }
    result.bookings += await request(trx, input, grantId, step, office);
    const key = step.outcome === 'approved_once' ? 'approvedOnce' : step.outcome;
    result.requests[key] += 1;
  }
  return result;
}
