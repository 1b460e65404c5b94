// The demo funding data of a seed run (docs/funding.md "Demo data"): the bundled programmes; the state budgets of
// FB1–FB4 (the programme's total less the FB5 cap and the FB6 annual budgets, split by the assumed weights); the
// demo allocation key and population figures; allocations of FB1–FB4 by the key and of FB6 by the post formula to
// every grant recipient present; Köln's grant of the published volume with an amendment, forwarding contracts,
// payment requests in every state of the four eyes and the ledger, and its interim statement in progress;
// Rhein-Kreis Neuss's decided grant. Deterministic for a seed.
//
// Financial records are never deleted by the application, so a seed run that finds demo grants of the programme
// keeps all funding data as they are and writes none (also with --replace): the summary says "kept".
//
// Audit: one entry per municipality and run (what was generated, counts only) and one in the system chain for the
// shared records (budgets, key, population), like the seed's other writes; the proofs of use are made through
// their services, whose entries name each step.
import type { Kysely } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import {
  actInMunicipality,
  findStateBudgetByKey,
  insertKey,
  insertStateBudget,
  listKeys,
  listRecipients,
  writePopulation,
} from '../funding/budget.repository.ts';
import { applyAllocation, computeAllocation, keyOf } from '../funding/budget-allocation.ts';
import type { Recipient } from '../funding/budget.rules.ts';
import type { RequestMeta, Trx } from '../funding/funding.context.ts';
import { loadBundledProgrammes } from '../funding/programme.bundled.ts';
import { strandOf, type ProgrammeDefinition } from '../funding/programme.definition.ts';
import { fundingRateBp } from '../funding/programme.rules.ts';
import { storedDefinition } from '../funding/programme.service.ts';
import { withTenant } from '../platform/db/rls.ts';
import {
  DEMO_KEY,
  FB6_YEARS,
  FUNDING_PROGRAMME_CODE,
  KOELN_GRANT,
  NEUSS_GRANT,
  POPULATION,
} from './funding-seed.parameters.ts';
import { writeGrantChain, type GrantChainResult, type GrantStaff } from './funding-seed.grant.ts';
import { writeProofsInProgress } from './funding-seed.proof.ts';
import {
  costsByWeights,
  costsWithin,
  demoKeyShares,
  demoPlan,
  demoPopulation,
  keyStateBudgets,
  presentPartCents,
  type Cell,
} from './funding-seed.rules.ts';
import { Random } from './random.ts';
import { siteSeed } from './seed.rules.ts';
import { providersServing } from './seed.repository.ts';

export interface FundingSeedSummary {
  /** seeded; kept (demo grants of the programme exist: nothing written); skipped (no demo grant officers) */
  status: 'seeded' | 'kept' | 'skipped';
  reason: string | null;
  stateBudgets: number;
  keyRecipients: number;
  allocations: number;
  grants: number;
  decisions: number;
  contracts: number;
  paymentRequests: number;
  bookings: number;
  proofs: number;
  receipts: number;
  durationMs: number;
}

function emptySummary(status: FundingSeedSummary['status'], reason: string | null): FundingSeedSummary {
  return {
    status,
    reason,
    stateBudgets: 0,
    keyRecipients: 0,
    allocations: 0,
    grants: 0,
    decisions: 0,
    contracts: 0,
    paymentRequests: 0,
    bookings: 0,
    proofs: 0,
    receipts: 0,
    durationMs: 0,
  };
}

interface DemoUser {
  id: string;
  role: string;
  organisationId: string;
  organisationName: string;
}

async function demoUsers(db: Kysely<Database>): Promise<DemoUser[]> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'r.role', 'u.organisation_id as organisationId', 'o.name as organisationName'])
    .where('u.is_demo', '=', true)
    .where('u.status', '=', 'active')
    .where('r.role', 'in', ['grant_officer', 'managing_office', 'provider_staff'])
    .orderBy('u.email')
    .execute();
}

async function programmeOf(db: Kysely<Database>) {
  const row = await db
    .selectFrom('funding_programme as p')
    .innerJoin('funding_programme_version as v', (join) =>
      join.onRef('v.programme_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
    )
    .select(['p.id', 'v.definition'])
    .where('p.code', '=', FUNDING_PROGRAMME_CODE)
    .executeTakeFirst();
  return row ? { id: row.id, definition: storedDefinition(row.definition) } : undefined;
}

export interface FundingSeedOptions {
  profile: string;
  seed: number;
}

/** Budgets, key, population and allocations of every recipient present, in one transaction across municipalities. */
async function seedBudgets(
  trx: Trx,
  programme: { id: string; definition: ProgrammeDefinition },
  recipients: readonly Recipient[],
  userId: string,
): Promise<{ stateBudgets: number; keyRecipients: number; allocations: Map<string, number> }> {
  const { definition } = programme;
  let stateBudgets = 0;
  for (const cell of keyStateBudgets(definition)) {
    const key = { programmeId: programme.id, strand: cell.strand, budgetYear: cell.budgetYear };
    if (await insertStateBudget(trx, key, { amountCents: cell.amountCents, central: false, userId })) stateBudgets += 1;
  }
  const shares = demoKeyShares(recipients);
  const existingKey = (await listKeys(trx)).find((key) => key.name === DEMO_KEY.name);
  const keyId =
    existingKey?.id ??
    (await insertKey(
      trx,
      { name: DEMO_KEY.name, referenceDate: DEMO_KEY.referenceDate, source: DEMO_KEY.source, userId },
      shares,
    ));
  await writePopulation(
    trx,
    { referenceDate: POPULATION.referenceDate, source: POPULATION.source, userId },
    demoPopulation(recipients),
  );
  const allocations = new Map<string, number>();
  const apply = async (strandCode: string, budgetYear: number, request: Parameters<typeof computeAllocation>[3]) => {
    const strand = strandOf(definition, strandCode);
    const budget = await findStateBudgetByKey(trx, { programmeId: programme.id, strand: strandCode, budgetYear });
    if (!strand || !budget) return;
    const computed = await computeAllocation(trx, budget, strand, request);
    // A state budget someone already distributed otherwise is left as it is.
    if (!computed.preview.fitsBudget) return;
    await applyAllocation(trx, null, keyOf(budget), computed, undefined);
    for (const write of computed.writes)
      allocations.set(write.municipalityId, (allocations.get(write.municipalityId) ?? 0) + 1);
  };
  for (const cell of keyStateBudgets(definition)) {
    const budget = await findStateBudgetByKey(trx, {
      programmeId: programme.id,
      strand: cell.strand,
      budgetYear: cell.budgetYear,
    });
    if (!budget) continue;
    await apply(cell.strand, cell.budgetYear, {
      method: 'key',
      keyId,
      amountCents: presentPartCents(budget.amount_cents, recipients),
    });
  }
  const postsStrand = definition.strands.find((strand) => strand.distribution === 'posts_formula');
  if (postsStrand) {
    for (const budgetYear of FB6_YEARS) {
      await apply(postsStrand.code, budgetYear, {
        method: 'posts_formula',
        referenceDate: POPULATION.referenceDate,
        scaleToBudget: true,
      });
    }
  }
  return { stateBudgets, keyRecipients: shares.length, allocations };
}

async function allocationCells(trx: Trx, municipalityId: string, programmeId: string): Promise<Cell[]> {
  const rows = await trx
    .selectFrom('budget_allocation')
    .select(['strand', 'budget_year', 'amount_cents'])
    .where('municipality_id', '=', municipalityId)
    .where('programme_id', '=', programmeId)
    .orderBy('strand')
    .orderBy('budget_year')
    .execute();
  return rows.map((row) => ({ strand: row.strand, budgetYear: row.budget_year, amountCents: row.amount_cents }));
}

function actorOf(user: DemoUser, municipalityIds: readonly string[], activeMunicipalityId: string): Actor {
  return {
    userId: user.id,
    organisationId: user.organisationId,
    roles: [user.role as Actor['roles'][number]],
    municipalityIds,
    activeMunicipalityId,
    teamIds: [],
  };
}

export async function seedFunding(db: Kysely<Database>, options: FundingSeedOptions): Promise<FundingSeedSummary> {
  const started = performance.now();
  await loadBundledProgrammes(db);
  const programme = await programmeOf(db);
  if (!programme) return emptySummary('skipped', `programme ${FUNDING_PROGRAMME_CODE} is not loaded`);
  const users = await demoUsers(db);
  const officers = users.filter((user) => user.role === 'grant_officer');
  const [first, second] = officers;
  if (!first || !second) {
    return emptySummary(
      'skipped',
      'the demo funding data need two demo grant officers (the demo accounts of a new data directory)',
    );
  }
  const everywhere = { municipalityId: null, userId: null, allTenants: true };
  const existing = await withTenant(db, everywhere, (trx) =>
    trx
      .selectFrom('funding_application')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('programme_id', '=', programme.id)
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow(),
  );
  if (Number(existing.n) > 0) {
    return emptySummary(
      'kept',
      'demo grants of the programme exist; financial records are never deleted or duplicated',
    );
  }
  const summary = emptySummary('seeded', null);
  const meta: RequestMeta = {
    ip: null,
    userAgent: 'durchstarten seed',
    requestId: `seed:${options.profile}:${options.seed}`,
  };
  const recipients = await listRecipients(db);
  const grantMunicipalities = recipients.filter(
    (r) => r.officialKey === KOELN_GRANT.officialKey || r.officialKey === NEUSS_GRANT.officialKey,
  );
  const audit = (trx: Trx, municipalityId: string | null, details: Record<string, number | string>) =>
    appendAudit(trx, {
      municipalityId,
      actor: null,
      action: 'create',
      resourceType: 'funding',
      resourceId: `seed:${options.profile}:${options.seed}`,
      changedFields: [],
      outcome: 'success',
      details: {
        source: 'seed',
        profile: options.profile,
        seed: options.seed,
        programme: FUNDING_PROGRAMME_CODE,
        ...details,
      },
    });

  const budgets = await withTenant(db, everywhere, async (trx) => {
    const done = await seedBudgets(trx, programme, recipients, first.id);
    for (const [municipalityId, count] of done.allocations) {
      if (grantMunicipalities.some((r) => r.id === municipalityId)) continue;
      await actInMunicipality(trx, municipalityId);
      await audit(trx, municipalityId, { allocations: count });
    }
    await actInMunicipality(trx, null);
    await audit(trx, null, { stateBudgets: done.stateBudgets, keyRecipients: done.keyRecipients });
    return done;
  });
  summary.stateBudgets = budgets.stateBudgets;
  summary.keyRecipients = budgets.keyRecipients;
  summary.allocations = [...budgets.allocations.values()].reduce((sum, n) => sum + n, 0);

  const authorityName = first.organisationName;
  for (const municipality of grantMunicipalities) {
    const isKoeln = municipality.officialKey === KOELN_GRANT.officialKey;
    const random = new Random(siteSeed(options.seed, `funding:${municipality.officialKey ?? municipality.id}`));
    const office = users.find((u) => u.role === 'managing_office' && u.organisationId === municipality.id) ?? null;
    const serving = await providersServing(db, municipality.id);
    const providerStaff = users.find(
      (u) => u.role === 'provider_staff' && serving.some((p) => p.id === u.organisationId),
    );
    // Köln's providers under contract: the one with demo staff (it proves its use) first, two more drawn.
    const others = serving.filter((p) => p.id !== providerStaff?.organisationId);
    const providers = [
      ...serving.filter((p) => p.id === providerStaff?.organisationId),
      ...[0, 1].flatMap(() => (others.length > 0 ? others.splice(random.int(0, others.length - 1), 1) : [])),
    ];
    const staff: GrantStaff = { office: office?.id ?? null, officers: [first.id, second.id], authorityName };
    const rate = fundingRateBp(programme.definition, municipality);
    const chain: GrantChainResult = await withTenant(
      db,
      { municipalityId: municipality.id, userId: null },
      async (trx) => {
        const costs = isKoeln
          ? costsByWeights(KOELN_GRANT.costsCents)
          : costsWithin(await allocationCells(trx, municipality.id, programme.id), NEUSS_GRANT.shareOfAllocation, rate);
        const ownName = `Eigenanteil ${municipality.name}`;
        const written = await writeGrantChain(trx, {
          municipalityId: municipality.id,
          municipalityName: municipality.name,
          programmeId: programme.id,
          definition: programme.definition,
          fundingRateBp: rate,
          plan: demoPlan(programme.definition, costs, rate, ownName),
          staff,
          providers: isKoeln && office ? providers : null,
        });
        await audit(trx, municipality.id, {
          allocations: budgets.allocations.get(municipality.id) ?? 0,
          grant: written.reference,
          decisions: written.decisions,
          contracts: written.contracts.length,
          paymentRequests: written.requests.paid + written.requests.approvedOnce + written.requests.requested,
          bookings: written.bookings,
        });
        return written;
      },
    );
    summary.grants += 1;
    summary.decisions += chain.decisions;
    summary.contracts += chain.contracts.length;
    summary.paymentRequests += chain.requests.paid + chain.requests.approvedOnce + chain.requests.requested;
    summary.bookings += chain.bookings;
    if (!isKoeln || !office) continue;
    const contract = chain.contracts.find((c) => c.providerId === providerStaff?.organisationId);
    const provider = serving.find((p) => p.id === contract?.providerId);
    const servedBy = async (providerId: string) =>
      (
        await db
          .selectFrom('provider_municipality')
          .select('served_municipality_id')
          .where('provider_id', '=', providerId)
          .execute()
      ).map((row) => row.served_municipality_id);
    const proofs = await writeProofsInProgress({
      db,
      municipalityId: municipality.id,
      grantId: chain.grantId,
      office: actorOf(office, [municipality.id], municipality.id),
      provider:
        providerStaff && contract && provider
          ? {
              actor: actorOf(providerStaff, await servedBy(provider.id), municipality.id),
              contractId: contract.id,
              name: provider.name,
            }
          : null,
      random,
      meta,
    });
    summary.proofs += proofs.proofIds.length;
    summary.receipts += proofs.receipts;
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}
