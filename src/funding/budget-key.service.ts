// Allocation keys (e.g. the refugee distribution key FlüAG) and the population figures behind the FB6 post
// formula, entered as data by the approving authority: as JSON entries or a CSV upload (official key; value).
// Every problem is listed as a field error of its entry ("shares.3.officialKey", "csv.7"), and nothing is saved
// unless all entries are valid. Keys are never changed or deleted (a new key is a new record).
import type { Actor } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  parseCount,
  readTwoColumnCsv,
  resolvePopulation,
  resolveShares,
  type PopulationEntry,
  type ShareEntry,
} from './budget.rules.ts';
import {
  findKey,
  insertKey,
  keyNameTaken,
  listKeys,
  listRecipients,
  populationAt,
  populationDates,
  sharesOfKey,
  writePopulation,
  type KeyRow,
} from './budget.repository.ts';
import type {
  AllocationKey,
  AllocationKeyList,
  CreateAllocationKey,
  CreatePopulation,
  Population,
} from './budget.schema.ts';
import {
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  problemsError,
  signedIn,
  type FundingProblem,
  type FundingServiceOptions,
  type RequestMeta,
} from './funding.context.ts';

function presentKeySummary(row: KeyRow) {
  return {
    id: row.id,
    name: row.name,
    referenceDate: row.reference_date,
    source: row.source,
    recipients: row.recipients,
    createdAt: row.created_at.toISOString(),
  };
}

export function createBudgetKeyService(options: FundingServiceOptions) {
  const ctx = fundingContext(options);

  async function mayRead(actor: Actor, resourceId: string | null, meta: RequestMeta) {
    await authorizeFunding(ctx, actor, 'read', fundingTarget('budget', actor.activeMunicipalityId), {
      resourceType: 'allocation_key',
      resourceId,
      meta,
    });
  }

  async function mayCreate(actor: Actor, resourceType: string, meta: RequestMeta) {
    await authorizeFunding(ctx, actor, 'create', fundingTarget('budget', null), {
      resourceType,
      resourceId: null,
      meta,
    });
  }

  const shared = (actor: Actor) => ({ municipalityId: null, userId: actor.userId });

  return {
    async listKeys(maybeActor: Actor | null, meta: RequestMeta): Promise<AllocationKeyList> {
      const actor = signedIn(maybeActor);
      await mayRead(actor, null, meta);
      const rows = await withTenant(ctx.db, shared(actor), (trx) => listKeys(trx));
      return { items: rows.map(presentKeySummary) };
    },

    async getKey(maybeActor: Actor | null, keyId: string, meta: RequestMeta): Promise<AllocationKey> {
      const actor = signedIn(maybeActor);
      await mayRead(actor, keyId, meta);
      return withTenant(ctx.db, shared(actor), async (trx) => {
        const row = await findKey(trx, keyId);
        if (!row) throw new AppError('not_found', 'No such allocation key.');
        const shares = await sharesOfKey(trx, keyId);
        return {
          ...presentKeySummary(row),
          shares: shares.map((s) => ({
            municipalityId: s.recipient_id,
            municipalityName: s.name,
            officialKey: s.official_key,
            share: s.share,
          })),
        };
      });
    },

    async createKey(maybeActor: Actor | null, body: CreateAllocationKey, meta: RequestMeta): Promise<AllocationKey> {
      const actor = signedIn(maybeActor);
      await mayCreate(actor, 'allocation_key', meta);
      const keyId = await withTenant(ctx.db, shared(actor), async (trx) => {
        const recipients = await listRecipients(trx);
        let entries: ShareEntry[];
        let paths;
        const problems: FundingProblem[] = [];
        if (body.csv !== undefined) {
          const csv = readTwoColumnCsv(body.csv);
          problems.push(...csv.problems);
          entries = csv.rows.map((row) => ({ officialKey: row.cells[0] ?? '', share: row.cells[1] ?? '' }));
          paths = { list: 'csv', entry: (index: number) => `csv.${csv.rows[index]?.line ?? 0}` };
        } else {
          entries = body.shares ?? [];
          paths = { list: 'shares', entry: (index: number, column: string) => `shares.${index}.${column}` };
        }
        const resolved = problems.length === 0 ? resolveShares(entries, recipients, paths) : null;
        problems.push(...(resolved?.problems ?? []));
        if (await keyNameTaken(trx, body.name.trim())) {
          problems.push({ field: 'name', code: 'taken', message: 'a key with this name exists' });
        }
        if (problems.length > 0 || !resolved) throw problemsError(problems, 'The key has problems; nothing was saved.');
        const id = await insertKey(
          trx,
          {
            name: body.name.trim(),
            referenceDate: body.referenceDate,
            source: body.source ?? null,
            userId: actor.userId,
          },
          resolved.shares,
        );
        await auditFunding(trx, actor, {
          municipalityId: null,
          action: 'create',
          resourceType: 'allocation_key',
          resourceId: id,
          changedFields: ['name', 'reference_date', 'source', 'shares'],
          details: { recipients: resolved.shares.length, referenceDate: body.referenceDate },
          meta,
        });
        return id;
      });
      return this.getKey(actor, keyId, meta);
    },

    async population(
      maybeActor: Actor | null,
      referenceDate: string | undefined,
      meta: RequestMeta,
    ): Promise<Population> {
      const actor = signedIn(maybeActor);
      await mayRead(actor, null, meta);
      return withTenant(ctx.db, shared(actor), async (trx) => {
        const dates = await populationDates(trx);
        const date = referenceDate ?? dates[0] ?? null;
        const rows = date ? await populationAt(trx, date) : [];
        return {
          referenceDate: date,
          referenceDates: dates,
          items: rows.map((row) => ({
            municipalityId: row.recipient_id,
            municipalityName: row.name,
            officialKey: row.official_key,
            allianceMember: row.alliance_member,
            tolerated18To27: row.tolerated_18_27,
            source: row.source,
          })),
        };
      });
    },

    /** Enters (or corrects) the figures of a date; recipients not named keep the figures they have. */
    async enterPopulation(maybeActor: Actor | null, body: CreatePopulation, meta: RequestMeta): Promise<Population> {
      const actor = signedIn(maybeActor);
      await mayCreate(actor, 'target_population', meta);
      await withTenant(ctx.db, shared(actor), async (trx) => {
        const recipients = await listRecipients(trx);
        const problems: FundingProblem[] = [];
        let entries: PopulationEntry[];
        let paths;
        if (body.csv !== undefined) {
          const csv = readTwoColumnCsv(body.csv);
          problems.push(...csv.problems);
          entries = [];
          for (const row of csv.rows) {
            const count = parseCount(row.cells[1] ?? '');
            if (Number.isNaN(count)) {
              problems.push({ field: `csv.${row.line}`, code: 'invalid_number', message: 'a whole number of persons' });
            }
            entries.push({ officialKey: row.cells[0] ?? '', tolerated18To27: count });
          }
          paths = { list: 'csv', entry: (index: number) => `csv.${csv.rows[index]?.line ?? 0}` };
        } else {
          entries = body.figures ?? [];
          paths = { list: 'figures', entry: (index: number, column: string) => `figures.${index}.${column}` };
        }
        const resolved = problems.length === 0 ? resolvePopulation(entries, recipients, paths) : null;
        problems.push(...(resolved?.problems ?? []));
        if (problems.length > 0 || !resolved) {
          throw problemsError(problems, 'The figures have problems; nothing was saved.');
        }
        await writePopulation(
          trx,
          { referenceDate: body.referenceDate, source: body.source ?? null, userId: actor.userId },
          resolved.figures,
        );
        await auditFunding(trx, actor, {
          municipalityId: null,
          action: 'create',
          resourceType: 'target_population',
          resourceId: body.referenceDate,
          changedFields: ['tolerated_18_27', 'source'],
          details: { recipients: resolved.figures.length, referenceDate: body.referenceDate },
          meta,
        });
      });
      return this.population(actor, body.referenceDate, meta);
    },
  };
}

export type BudgetKeyService = ReturnType<typeof createBudgetKeyService>;
