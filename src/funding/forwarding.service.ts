// Forwarding to providers (Weiterleitung): the municipality's managing office concludes contracts under the
// programme's forwarding conditions (ANBest-P) with providers serving it, with amounts per strand and year out
// of its grant; the municipality stays liable to the authority for the forwarded money. draft → concluded →
// ended | cancelled. Concluded and ended contracts count into grant_amount.forwarded_cents (trigger of
// migration 0019), whose CHECK refuses forwarding more than was decided (409). Providers see their own
// contracts in every municipality they serve, and nothing else.
import { authorize, type Actor } from '../access/access.rules.ts';
import { findServingProvider } from '../offers/offer.repository.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage, type Page } from '../platform/http/listing.ts';
import {
  assertVersion,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  inFunding,
  problemsError,
  reachesAllMunicipalities,
  signedIn,
  withinLimits,
  type FundingContext,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import {
  changeContract,
  contractSortValue,
  contractsOfGrant,
  findContract,
  insertContract,
  listContracts,
  lockContract,
  writeAmounts,
  type ContractRow,
} from './forwarding.repository.ts';
import { contractProblems, countsAsForwarded, mayMoveTo } from './forwarding.rules.ts';
import type {
  CreateForwarding,
  ForwardingContract,
  ForwardingPage,
  ForwardingStatusChange,
  GrantForwarding,
  ListForwardingQuery,
  UpdateForwarding,
} from './forwarding.schema.ts';
import { sumCents } from './money.shared.ts';
import { findGrant, grantAmounts, type GrantFacts } from './payment.repository.ts';
import { locateRecord, readGrant } from './payment-records.ts';

const RESOURCE = 'forwarding_contract';

export interface ForwardingService {
  grantForwarding(actor: Actor | null, grantId: string, meta: RequestMeta): Promise<GrantForwarding>;
  create(actor: Actor | null, grantId: string, input: CreateForwarding, meta: RequestMeta): Promise<ForwardingContract>;
  get(actor: Actor | null, contractId: string, meta: RequestMeta): Promise<ForwardingContract>;
  list(actor: Actor | null, query: ListForwardingQuery, meta: RequestMeta): Promise<ForwardingPage>;
  update(
    actor: Actor | null,
    contractId: string,
    version: number,
    input: UpdateForwarding,
    meta: RequestMeta,
  ): Promise<ForwardingContract>;
  changeStatus(
    actor: Actor | null,
    contractId: string,
    version: number,
    input: ForwardingStatusChange,
    meta: RequestMeta,
  ): Promise<ForwardingContract>;
}

const notFound = () => new AppError('not_found', 'No such forwarding contract.');

function contractTarget(row: { municipality_id: string; provider_id: string }) {
  return fundingTarget('forwarding', row.municipality_id, row.provider_id);
}

function present(actor: Actor, row: ContractRow): ForwardingContract {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    grantId: row.grant_id,
    grantReference: row.grant_reference,
    providerId: row.provider_id,
    providerName: row.provider_name,
    reference: row.reference,
    conditions: row.conditions,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    purpose: row.purpose,
    status: row.status,
    concludedAt: row.concluded_at?.toISOString() ?? null,
    amounts: row.amounts,
    totalCents: row.total_cents,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    // A provider's staff read their contracts; only the municipality (its managing office) changes them.
    canEdit:
      (row.status === 'draft' || row.status === 'concluded') &&
      authorize(actor, 'update', fundingTarget('forwarding', row.municipality_id)).allowed,
  };
}

async function presentContract(trx: Trx, actor: Actor, contractId: string): Promise<ForwardingContract> {
  const row = await findContract(trx, contractId);
  if (!row) throw notFound();
  return present(actor, row);
}

/** The provider must serve the municipality (provider_municipality); a field error otherwise. */
async function checkProvider(trx: Trx, providerId: string, municipalityId: string): Promise<void> {
  if (!(await findServingProvider(trx, providerId, municipalityId))) {
    throw problemsError(
      [{ field: 'providerId', code: 'not_serving', message: 'No provider of that id serves the municipality.' }],
      'The contract cannot be concluded with this provider.',
    );
  }
}

/** The grant's amounts, with what its other counting contracts forward (this contract's own share taken out). */
async function forwardable(trx: Trx, grant: GrantFacts, own: ContractRow | null, lock: boolean) {
  const amounts = await grantAmounts(trx, grant.municipalityId, grant.id, { lock });
  const counted = own && countsAsForwarded(own.status) ? own.amounts : [];
  return amounts.map((a) => ({
    strand: a.strand,
    budgetYear: a.budgetYear,
    decidedCents: a.decidedCents,
    forwardedCents:
      a.forwardedCents -
      sumCents(counted.filter((c) => c.strand === a.strand && c.budgetYear === a.budgetYear).map((c) => c.amountCents)),
  }));
}

/** A duplicate file number of the municipality: 409 with the field, not a database error. */
async function uniqueReference<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'forwarding_contract_municipality_id_reference_key')) {
      throw new AppError('conflict', 'The municipality already has a contract with this reference.', {
        fieldErrors: [{ in: 'body', field: 'reference', code: 'taken', message: 'reference already used' }],
      });
    }
    throw error;
  }
}

export function createForwardingService(options: FundingServiceOptions): ForwardingService {
  const ctx: FundingContext = fundingContext(options);

  async function locateContract(actor: Actor, action: 'read' | 'update', contractId: string): Promise<string> {
    const municipalityId = await locateRecord(
      ctx,
      actor,
      { action, resource: 'forwarding' },
      'forwarding_contract',
      contractId,
    );
    if (!municipalityId) throw notFound();
    return municipalityId;
  }

  /** Loads the contract in the transaction and checks the actor may act on it (404, audited, if not). */
  async function visibleContract(
    trx: Trx,
    actor: Actor,
    action: 'read' | 'update',
    contractId: string,
    meta: RequestMeta,
  ) {
    const row = await findContract(trx, contractId);
    if (!row) throw notFound();
    // A provider's staff reach their own contracts only: another provider's is 404 (audited).
    await authorizeFunding(
      ctx,
      actor,
      action,
      contractTarget(row),
      { resourceType: RESOURCE, resourceId: contractId, meta },
      'not_found',
    );
    return row;
  }

  async function writeContract(
    actor: Actor,
    contractId: string,
    version: number,
    meta: RequestMeta,
    change: (
      trx: Trx,
      row: ContractRow,
      grant: GrantFacts,
    ) => Promise<{ action: string; fields: string[]; details: Record<string, string | number> }>,
  ): Promise<ForwardingContract> {
    const municipalityId = await locateContract(actor, 'update', contractId);
    return inFunding(ctx, actor, { action: 'update', resource: 'forwarding', municipalityId }, async (trx) => {
      const locked = await lockContract(trx, contractId);
      if (!locked) throw notFound();
      const row = await visibleContract(trx, actor, 'update', contractId, meta);
      assertVersion(locked, version, 'forwarding contract');
      const grant = await findGrant(trx, row.grant_id);
      if (!grant) throw notFound();
      const done = await change(trx, row, grant);
      await auditFunding(trx, actor, {
        municipalityId,
        action: done.action,
        resourceType: RESOURCE,
        resourceId: contractId,
        changedFields: done.fields,
        details: { grantId: grant.id, providerId: row.provider_id, ...done.details },
        meta,
      });
      return presentContract(trx, actor, contractId);
    });
  }

  return {
    async grantForwarding(actorOrNull, grantId, meta) {
      const actor = signedIn(actorOrNull);
      // The whole grant's forwarding is the municipality's (and the authority's) view; a provider sees its own.
      return readGrant(ctx, actor, 'forwarding', grantId, meta, async (trx, grant) => {
        const municipalityId = grant.municipalityId;
        const amounts = await grantAmounts(trx, municipalityId, grantId);
        const contracts = await contractsOfGrant(trx, municipalityId, grantId);
        const providers = await trx
          .selectFrom('organisation as o')
          .innerJoin('provider_municipality as pm', (join) =>
            join.onRef('pm.provider_id', '=', 'o.id').on('pm.served_municipality_id', '=', municipalityId),
          )
          .where('o.kind', '=', 'provider')
          .select(['o.id', 'o.name'])
          .orderBy('o.name')
          .orderBy('o.id')
          .execute();
        return {
          grantId,
          grantReference: grant.reference,
          municipalityId,
          period: { from: grant.periodFrom, to: grant.periodTo },
          conditions: grant.definition.conditions.forwarding,
          amounts: amounts.map((a) => ({
            strand: a.strand,
            budgetYear: a.budgetYear,
            decidedCents: a.decidedCents,
            forwardedCents: a.forwardedCents,
            forwardableCents: a.decidedCents - a.forwardedCents,
          })),
          contracts: contracts.map((row) => present(actor, row)),
          providers,
          canEdit:
            grant.status === 'active' &&
            authorize(actor, 'create', fundingTarget('forwarding', municipalityId)).allowed,
        };
      });
    },

    async create(actorOrNull, grantId, input, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = actor.activeMunicipalityId;
      await authorizeFunding(ctx, actor, 'create', fundingTarget('forwarding', municipalityId), {
        resourceType: RESOURCE,
        resourceId: null,
        meta,
      });
      return inFunding(ctx, actor, { action: 'create', resource: 'forwarding', municipalityId }, async (trx) => {
        const grant = await findGrant(trx, grantId);
        if (!grant || grant.municipalityId !== municipalityId) throw new AppError('not_found', 'No such grant.');
        if (grant.status !== 'active')
          throw new AppError('conflict', `The grant is ${grant.status}: no new contracts.`);
        await checkProvider(trx, input.providerId, grant.municipalityId);
        const problems = contractProblems(
          input,
          await forwardable(trx, grant, null, false),
          { from: grant.periodFrom, to: grant.periodTo },
          { concluding: false },
        );
        if (problems.length > 0) throw problemsError(problems, 'The contract cannot be made as it is.');
        const id = await uniqueReference(() =>
          insertContract(trx, {
            municipalityId: grant.municipalityId,
            grantId: grant.id,
            providerId: input.providerId,
            reference: input.reference,
            conditions: grant.definition.conditions.forwarding,
            periodFrom: input.periodFrom,
            periodTo: input.periodTo,
            purpose: input.purpose,
            createdBy: actor.userId,
          }),
        );
        await writeAmounts(trx, grant.municipalityId, id, input.amounts);
        await auditFunding(trx, actor, {
          municipalityId: grant.municipalityId,
          action: 'create',
          resourceType: RESOURCE,
          resourceId: id,
          changedFields: ['provider_id', 'reference', 'period_from', 'period_to', 'purpose', 'amounts'],
          details: {
            grantId: grant.id,
            providerId: input.providerId,
            totalCents: sumCents(input.amounts.map((a) => a.amountCents)),
          },
          meta,
        });
        return presentContract(trx, actor, id);
      });
    },

    async get(actorOrNull, contractId, meta) {
      const actor = signedIn(actorOrNull);
      const municipalityId = await locateContract(actor, 'read', contractId);
      return inFunding(ctx, actor, { action: 'read', resource: 'forwarding', municipalityId }, async (trx) =>
        present(actor, await visibleContract(trx, actor, 'read', contractId, meta)),
      );
    },

    async list(actorOrNull, query, meta) {
      const actor = signedIn(actorOrNull);
      const position = readCursor(query.cursor, query.sort);
      const everywhere = reachesAllMunicipalities(actor, 'read', 'forwarding');
      const ofMunicipality =
        !everywhere && authorize(actor, 'read', fundingTarget('forwarding', actor.activeMunicipalityId)).allowed;
      // A provider's staff: their own organisation's contracts, in every municipality it serves.
      const ownProvider =
        !everywhere &&
        !ofMunicipality &&
        authorize(actor, 'read', fundingTarget('forwarding', null, actor.organisationId)).allowed;
      if (!everywhere && !ofMunicipality && !ownProvider) {
        await authorizeFunding(ctx, actor, 'read', fundingTarget('forwarding', actor.activeMunicipalityId), {
          resourceType: RESOURCE,
          resourceId: null,
          meta,
        });
      }
      const filter = {
        status: query.status,
        grantId: query.grantId,
        providerId: ownProvider ? actor.organisationId : undefined,
        order: parseSort(query.sort),
        limit: query.limit,
        after: position,
      };
      const field = parseSort(query.sort).field;
      const descending = query.sort.startsWith('-');
      const tenants = ownProvider ? actor.municipalityIds : [everywhere ? null : actor.activeMunicipalityId];
      const rows: ContractRow[] = [];
      for (const municipalityId of tenants) {
        rows.push(
          ...(await withTenant(ctx.db, { municipalityId, userId: actor.userId, allTenants: everywhere }, (trx) =>
            listContracts(trx, filter),
          )),
        );
      }
      // Pages of several municipalities merge by the same order the database used (byte order, then id).
      rows.sort((a, b) => {
        const x = contractSortValue(a, field);
        const y = contractSortValue(b, field);
        const order = x === y ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : x < y ? -1 : 1;
        return descending ? -order : order;
      });
      const page: Page<ForwardingContract> = toPage(
        rows.slice(0, query.limit + 1),
        query.limit,
        query.sort,
        (row) => ({ value: contractSortValue(row, field), id: row.id }),
        (row) => present(actor, row),
      );
      return page;
    },

    async update(actorOrNull, contractId, version, input, meta) {
      const actor = signedIn(actorOrNull);
      return writeContract(actor, contractId, version, meta, async (trx, row, grant) => {
        if (row.status !== 'draft') {
          throw new AppError('conflict', `The contract is ${row.status}; only a draft can be changed.`);
        }
        if (input.providerId !== undefined) await checkProvider(trx, input.providerId, row.municipality_id);
        const next = {
          periodFrom: input.periodFrom ?? row.period_from,
          periodTo: input.periodTo ?? row.period_to,
          amounts: input.amounts ?? row.amounts,
        };
        const problems = contractProblems(
          next,
          await forwardable(trx, grant, row, false),
          {
            from: grant.periodFrom,
            to: grant.periodTo,
          },
          { concluding: false },
        );
        if (problems.length > 0) throw problemsError(problems, 'The contract cannot be changed like this.');
        await uniqueReference(() =>
          changeContract(trx, row.municipality_id, contractId, row.version, input, ctx.now()),
        );
        if (input.amounts) await writeAmounts(trx, row.municipality_id, contractId, input.amounts);
        return { action: 'update', fields: Object.keys(input), details: {} };
      });
    },

    async changeStatus(actorOrNull, contractId, version, input, meta) {
      const actor = signedIn(actorOrNull);
      return writeContract(actor, contractId, version, meta, async (trx, row, grant) => {
        if (!mayMoveTo(row.status, input.status)) {
          throw new AppError('conflict', `A ${row.status} contract cannot become ${input.status}.`);
        }
        if (input.status === 'concluded') {
          if (grant.status !== 'active') throw new AppError('conflict', `The grant is ${grant.status}.`);
          // Locks the grant's amounts: two contracts concluded at once are checked one after the other.
          const problems = contractProblems(
            { periodFrom: row.period_from, periodTo: row.period_to, amounts: row.amounts },
            await forwardable(trx, grant, row, true),
            {
              from: grant.periodFrom,
              to: grant.periodTo,
            },
            { concluding: true },
          );
          if (problems.length > 0) throw problemsError(problems, 'The contract cannot be concluded as it is.');
        }
        const at = ctx.now();
        await withinLimits(() =>
          changeContract(
            trx,
            row.municipality_id,
            contractId,
            row.version,
            {
              status: input.status,
              ...(input.status === 'concluded' ? { concludedBy: actor.userId, concludedAt: at } : {}),
            },
            at,
          ),
        );
        return {
          action: input.status === 'concluded' ? 'conclude' : input.status === 'ended' ? 'end' : 'cancel',
          fields: ['status'],
          details: { status: input.status, totalCents: row.total_cents },
        };
      });
    },
  };
}
