// State budgets and their allocation to the recipients. The approving authority sets a strand's budget of a
// year, distributes it by a key (largest remainder, exact to the cent) or by the FB6 post formula — preview first,
// then apply — or sets one recipient's budget by hand. The database keeps the limits (never more allocated than
// the state budget, never less allocated than a recipient's grants commit): a refusal is a 409 naming the limit.
// The ministry reads everything; a municipality reads the state budgets and its own allocations.
import type { Kysely } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  findAllocation,
  findStateBudget,
  findStateBudgetByKey,
  insertStateBudget,
  listAllocations,
  listRecipients,
  listStateBudgets,
  updateStateBudget,
  writeAllocation,
  type AllocationRow,
  type StateBudgetRow,
} from './budget.repository.ts';
import type {
  CreateStateBudget,
  AllocationList,
  AllocationListQuery,
  AllocationPreview,
  AllocationRequest,
  BudgetAllocation,
  SetStateBudget,
  StateBudget,
  StateBudgetDetail,
  StateBudgetList,
  StateBudgetListQuery,
} from './budget.schema.ts';
import { allocationMethods } from './budget.schema.ts';
import {
  assertVersion,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  problemsError,
  reachesAllMunicipalities,
  signedIn,
  withinLimits,
  type FundingServiceOptions,
  type RequestMeta,
} from './funding.context.ts';
import { strandOf, type StrandDefinition } from './programme.definition.ts';
import { storedDefinition } from './programme.service.ts';
import { ALLOCATION_TYPE, applyAllocation, computeAllocation, keyOf } from './budget-allocation.ts';

const RESOURCE_TYPE = 'programme_budget';

function presentStateBudget(row: StateBudgetRow): StateBudget {
  const definition = storedDefinition(row.definition);
  const strand = strandOf(definition, row.strand);
  return {
    id: row.id,
    programmeId: row.programme_id,
    programmeCode: row.programme_code,
    programmeName: definition.name,
    strand: row.strand,
    strandName: strand?.name ?? null,
    distribution: strand?.distribution ?? null,
    budgetYear: row.budget_year,
    amountCents: row.amount_cents,
    allocatedCents: row.allocated_cents,
    remainingCents: row.amount_cents - row.allocated_cents,
    central: row.central,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

function basisOf(value: unknown): { method: BudgetAllocation['method']; weight: string | null } {
  const basis = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const method = allocationMethods.find((m) => m === basis.method) ?? null;
  return { method, weight: typeof basis.weight === 'string' ? basis.weight : null };
}

export function presentAllocation(row: AllocationRow): BudgetAllocation {
  return {
    budgetId: row.budget_id,
    programmeId: row.programme_id,
    programmeCode: row.programme_code,
    strand: row.strand,
    budgetYear: row.budget_year,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    officialKey: row.official_key,
    amountCents: row.amount_cents,
    committedCents: row.committed_cents,
    paidCents: row.paid_cents,
    remainingCents: row.amount_cents - row.committed_cents,
    ...basisOf(row.basis),
    keyId: row.key_id,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function createBudgetService(options: FundingServiceOptions) {
  const ctx = fundingContext(options);

  function readScope(actor: Actor) {
    const all = reachesAllMunicipalities(actor, 'read', 'budget');
    return { municipalityId: all ? null : actor.activeMunicipalityId, userId: actor.userId, allTenants: all };
  }

  async function authorityWrite(
    actor: Actor,
    action: 'update' | 'create',
    resourceId: string | null,
    meta: RequestMeta,
  ) {
    await authorizeFunding(ctx, actor, action, fundingTarget('budget', null), {
      resourceType: RESOURCE_TYPE,
      resourceId,
      meta,
    });
  }

  async function requireBudget(db: Kysely<Database>, id: string, lock = false): Promise<StateBudgetRow> {
    const row = await findStateBudget(db, id, { lock });
    if (!row) throw new AppError('not_found', 'No such state budget.');
    return row;
  }

  /** The strand in the programme's current version; a strand it no longer has cannot be allocated. */
  function strandIn(row: StateBudgetRow): StrandDefinition {
    const strand = strandOf(storedDefinition(row.definition), row.strand);
    if (!strand) {
      throw problemsError(
        [{ field: 'strand', code: 'unknown_strand', message: 'the current version has no such strand' }],
        'Unknown strand.',
      );
    }
    return strand;
  }

  async function detail(actor: Actor, budgetId: string): Promise<StateBudgetDetail> {
    return withTenant(ctx.db, readScope(actor), async (trx) => {
      const row = await requireBudget(trx, budgetId);
      const allocations = await listAllocations(trx, keyOf(row));
      return { ...presentStateBudget(row), allocations: allocations.map(presentAllocation) };
    });
  }

  return {
    async list(maybeActor: Actor | null, query: StateBudgetListQuery, meta: RequestMeta): Promise<StateBudgetList> {
      const actor = signedIn(maybeActor);
      await authorizeFunding(ctx, actor, 'read', fundingTarget('budget', actor.activeMunicipalityId), {
        resourceType: RESOURCE_TYPE,
        resourceId: null,
        meta,
      });
      const rows = await withTenant(ctx.db, { municipalityId: null, userId: actor.userId }, (trx) =>
        listStateBudgets(trx, query),
      );
      return { items: rows.map(presentStateBudget) };
    },

    async get(maybeActor: Actor | null, budgetId: string, meta: RequestMeta): Promise<StateBudgetDetail> {
      const actor = signedIn(maybeActor);
      await authorizeFunding(ctx, actor, 'read', fundingTarget('budget', actor.activeMunicipalityId), {
        resourceType: RESOURCE_TYPE,
        resourceId: budgetId,
        meta,
      });
      return detail(actor, budgetId);
    },

    /** A strand's state budget of a year, for a strand of the programme's current version (409 if it exists). */
    async create(maybeActor: Actor | null, body: CreateStateBudget, meta: RequestMeta): Promise<StateBudgetDetail> {
      const actor = signedIn(maybeActor);
      await authorityWrite(actor, 'create', null, meta);
      const id = await withTenant(ctx.db, { municipalityId: null, userId: actor.userId }, async (trx) => {
        const programme = await trx
          .selectFrom('funding_programme as p')
          .innerJoin('funding_programme_version as v', (join) =>
            join.onRef('v.programme_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
          )
          .select('v.definition')
          .where('p.id', '=', body.programmeId)
          .executeTakeFirst();
        if (!programme) {
          throw problemsError(
            [{ field: 'programmeId', code: 'not_found', message: 'no such programme' }],
            'Unknown programme.',
          );
        }
        const strand = strandOf(storedDefinition(programme.definition), body.strand);
        if (!strand) {
          throw problemsError(
            [
              {
                field: 'strand',
                code: 'unknown_strand',
                message: "the programme's current version has no such strand",
              },
            ],
            'Unknown strand.',
          );
        }
        const key = { programmeId: body.programmeId, strand: body.strand, budgetYear: body.budgetYear };
        const created = await insertStateBudget(trx, key, {
          amountCents: body.amountCents,
          central: strand.distribution === 'central',
          userId: actor.userId,
        });
        if (!created) {
          const existing = await findStateBudgetByKey(trx, key);
          throw new AppError('conflict', 'This strand has a state budget for the year already; change it instead.', {
            extensions: { budgetId: existing?.id ?? null },
          });
        }
        await auditFunding(trx, actor, {
          municipalityId: null,
          action: 'create',
          resourceType: RESOURCE_TYPE,
          resourceId: created,
          changedFields: ['amount_cents'],
          details: { amountCents: body.amountCents, strand: body.strand, budgetYear: body.budgetYear },
          meta,
        });
        return created;
      });
      return detail(actor, id);
    },

    /** Changes a state budget (If-Match); less than is allocated is refused (409). */
    async update(
      maybeActor: Actor | null,
      budgetId: string,
      expectedVersion: number,
      body: SetStateBudget,
      meta: RequestMeta,
    ): Promise<StateBudgetDetail> {
      const actor = signedIn(maybeActor);
      await authorityWrite(actor, 'update', budgetId, meta);
      await withTenant(ctx.db, { municipalityId: null, userId: actor.userId }, async (trx) => {
        const existing = await requireBudget(trx, budgetId, true);
        assertVersion(existing, expectedVersion, 'state budget');
        await withinLimits(() => updateStateBudget(trx, keyOf(existing), body.amountCents, actor.userId));
        await auditFunding(trx, actor, {
          municipalityId: null,
          action: 'update',
          resourceType: RESOURCE_TYPE,
          resourceId: budgetId,
          changedFields: ['amount_cents'],
          details: { amountCents: body.amountCents, previousCents: existing.amount_cents },
          meta,
        });
      });
      return detail(actor, budgetId);
    },

    async preview(
      maybeActor: Actor | null,
      budgetId: string,
      body: AllocationRequest,
      meta: RequestMeta,
    ): Promise<AllocationPreview> {
      const actor = signedIn(maybeActor);
      await authorityWrite(actor, 'update', budgetId, meta);
      return withTenant(ctx.db, { municipalityId: null, userId: actor.userId, allTenants: true }, async (trx) => {
        const row = await requireBudget(trx, budgetId);
        return (await computeAllocation(trx, row, strandIn(row), body)).preview;
      });
    },

    /** Applies an allocation as previewed (computed again under the state budget's lock). */
    async apply(
      maybeActor: Actor | null,
      budgetId: string,
      body: AllocationRequest,
      meta: RequestMeta,
    ): Promise<StateBudgetDetail> {
      const actor = signedIn(maybeActor);
      await authorityWrite(actor, 'update', budgetId, meta);
      await withTenant(ctx.db, { municipalityId: null, userId: actor.userId, allTenants: true }, async (trx) => {
        const row = await requireBudget(trx, budgetId, true);
        const computed = await computeAllocation(trx, row, strandIn(row), body);
        const written = await applyAllocation(trx, actor, keyOf(row), computed, meta);
        await auditFunding(trx, actor, {
          municipalityId: null,
          action: 'allocate',
          resourceType: RESOURCE_TYPE,
          resourceId: budgetId,
          changedFields: ['allocated_cents'],
          details: {
            method: computed.preview.method,
            recipients: written,
            distributedCents: computed.preview.distributedCents,
            remainingAfterCents: computed.preview.remainingAfterCents,
          },
          meta,
        });
      });
      return detail(actor, budgetId);
    },

    /** Sets one recipient's budget by hand (If-Match when it exists). */
    async setAllocation(
      maybeActor: Actor | null,
      budgetId: string,
      municipalityId: string,
      expectedVersion: number | null,
      amountCents: number,
      meta: RequestMeta,
    ): Promise<{ allocation: BudgetAllocation; created: boolean }> {
      const actor = signedIn(maybeActor);
      await authorityWrite(actor, 'update', budgetId, meta);
      return withTenant(ctx.db, { municipalityId, userId: actor.userId, allTenants: true }, async (trx) => {
        const row = await requireBudget(trx, budgetId);
        const key = keyOf(row);
        const strand = strandIn(row);
        if (strand.distribution === 'central') {
          throw problemsError(
            [
              {
                field: 'strand',
                code: 'central',
                message: 'a central strand is committed by decisions, not allocated',
              },
            ],
            'Central strands are not allocated.',
          );
        }
        const recipient = (await listRecipients(trx)).find((r) => r.id === municipalityId);
        if (!recipient) throw new AppError('not_found', 'No such recipient (a district or district-free city).');
        if (strand.allianceMembersOnly && !recipient.allianceMember && amountCents > 0) {
          throw problemsError(
            [
              {
                field: 'amountCents',
                code: 'not_alliance_member',
                message: `${strand.code} is for alliance members only`,
              },
            ],
            'Only alliance members receive this strand.',
          );
        }
        const existing = await findAllocation(trx, key, municipalityId, { lock: true });
        if (existing) {
          if (expectedVersion === null) {
            throw new AppError('precondition_required', 'Send If-Match with the ETag of the allocation.', {
              fieldErrors: [{ in: 'headers', field: 'if-match', code: 'required', message: 'If-Match is required' }],
            });
          }
          assertVersion(existing, expectedVersion, 'allocation');
        }
        await withinLimits(() =>
          writeAllocation(trx, key, {
            municipalityId,
            amountCents,
            keyId: null,
            basis: { method: 'manual' },
            userId: actor.userId,
          }),
        );
        await auditFunding(trx, actor, {
          municipalityId,
          action: existing ? 'update' : 'create',
          resourceType: ALLOCATION_TYPE,
          resourceId: budgetId,
          changedFields: ['amount_cents'],
          details: { amountCents, previousCents: existing?.amount_cents ?? 0 },
          meta,
        });
        const written = await findAllocation(trx, key, municipalityId);
        if (!written) throw new Error('the allocation just written is gone');
        return { allocation: presentAllocation(written), created: !existing };
      });
    },

    /** Allocations with committed, paid and remaining: the authority and ministry all, a municipality its own. */
    async allocations(
      maybeActor: Actor | null,
      query: AllocationListQuery,
      meta: RequestMeta,
    ): Promise<AllocationList> {
      const actor = signedIn(maybeActor);
      const audit = { resourceType: ALLOCATION_TYPE, resourceId: query.municipalityId ?? null, meta };
      await authorizeFunding(ctx, actor, 'read', fundingTarget('budget', actor.activeMunicipalityId), audit);
      // A filter names a municipality: the actor must be allowed to read its budgets too (an id that names no
      // municipality is refused like any other; auditDenial then writes the entry to the shared chain).
      if (query.municipalityId) {
        await authorizeFunding(ctx, actor, 'read', fundingTarget('budget', query.municipalityId), audit);
      }
      const rows = await withTenant(ctx.db, readScope(actor), (trx) => listAllocations(trx, query));
      return { items: rows.map(presentAllocation) };
    },
  };
}

export type BudgetService = ReturnType<typeof createBudgetService>;
