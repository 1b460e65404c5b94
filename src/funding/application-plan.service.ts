// The lines of a financing plan (cost lines, positions, funding sources, requested amounts). Several people of a
// municipality work on one draft at once: each line has its own version (If-Match per line), so two people
// editing different lines never conflict, and a stale write is 412. Lines are written only while the application
// is a draft or returned for correction (409 otherwise; the database's trigger keeps it too, also against a
// submission at the same moment). A draft's line is removed for good (it was never submitted); after the
// submission nothing of the plan changes.
import type { Selectable } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { isCheckViolation, isUniqueViolation } from '../platform/db/constraint-errors.ts';
import { AppError } from '../platform/errors.ts';
import { onApplication } from './application.access.ts';
import {
  definitionOf,
  presentCostLine,
  presentFundingSource,
  presentPosition,
  presentRequestedAmount,
} from './application.presenter.ts';
import {
  checkEmployer,
  costLineAmount,
  costLineValues,
  invalid,
  OPEN_PLAN,
  positionErrors,
  positionValues,
  type LineKeyValues,
} from './application-records.ts';
import {
  countLines,
  deleteLine,
  findLine,
  insertCostLine,
  insertFundingSource,
  insertPosition,
  insertRequestedAmount,
  updateLine,
  type LineTable,
} from './application.repository.ts';
import type {
  CostLine,
  CreateCostLine,
  CreateFundingSource,
  CreatePosition,
  CreateRequestedAmount,
  FundingSource,
  Position,
  RequestedAmount,
  UpdateCostLine,
  UpdateFundingSource,
  UpdatePosition,
  UpdateRequestedAmount,
} from './application.schema.ts';
import {
  assertVersion,
  auditFunding,
  fundingContext,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import type { ProgrammeDefinition } from './programme.definition.ts';

/** How one kind of line is written and answered. */
export interface LineKind<T extends LineTable, Create, Update, Out> {
  table: T;
  /** The audit's resource type and the prefix of changed field names. */
  name: string;
  insert(
    trx: Trx,
    definition: ProgrammeDefinition,
    keys: LineKeyValues,
    input: Create,
  ): Promise<Selectable<Database[T]>>;
  /** The columns a change writes (validated against the line as it is). */
  changes(trx: Trx, definition: ProgrammeDefinition, current: Selectable<Database[T]>, input: Update): Promise<object>;
  present(row: Selectable<Database[T]>): Out;
}

const costLines: LineKind<'application_cost_line', CreateCostLine, UpdateCostLine, CostLine> = {
  table: 'application_cost_line',
  name: 'cost_line',
  insert: (trx, definition, keys, input) => insertCostLine(trx, costLineValues(definition, keys, input)),
  changes: async (_trx, definition, current, input) => {
    const merged = {
      strand: input.strand ?? current.strand,
      category: input.category ?? current.category,
      quantity: input.quantity === undefined ? current.quantity : input.quantity,
      unitCents: input.unitCents === undefined ? current.unit_cents : input.unitCents,
    };
    const recomputes =
      input.amountCents === undefined && (input.quantity !== undefined || input.unitCents !== undefined);
    const amount = recomputes ? costLineAmount(definition, { ...merged, amountCents: undefined }) : input.amountCents;
    return {
      ...(input.strand === undefined ? {} : { strand: input.strand }),
      ...(input.budgetYear === undefined ? {} : { budget_year: input.budgetYear }),
      ...(input.category === undefined ? {} : { category: input.category }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.quantity === undefined ? {} : { quantity: input.quantity }),
      ...(input.unitCents === undefined ? {} : { unit_cents: input.unitCents }),
      ...(amount === undefined ? {} : { amount_cents: amount }),
      ...(input.position === undefined ? {} : { position: input.position }),
    };
  },
  present: presentCostLine,
};

const positions: LineKind<'application_position', CreatePosition, UpdatePosition, Position> = {
  table: 'application_position',
  name: 'position',
  insert: async (trx, _definition, keys, input) => {
    const errors = positionErrors(input);
    if (errors.length > 0) throw invalid(errors);
    await checkEmployer(trx, input.employerId);
    return insertPosition(trx, positionValues(keys, input));
  },
  changes: async (trx, _definition, current, input) => {
    const errors = positionErrors({
      startsOn: input.startsOn ?? current.starts_on,
      endsOn: input.endsOn ?? current.ends_on,
      employerId: input.employerId === undefined ? current.employer_id : input.employerId,
      employerName: input.employerName === undefined ? current.employer_name : input.employerName,
    });
    if (errors.length > 0) throw invalid(errors);
    await checkEmployer(trx, input.employerId);
    return {
      ...(input.strand === undefined ? {} : { strand: input.strand }),
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.rateCode === undefined ? {} : { rate_code: input.rateCode }),
      ...(input.fte === undefined ? {} : { fte: input.fte }),
      ...(input.employerId === undefined ? {} : { employer_id: input.employerId }),
      ...(input.employerName === undefined ? {} : { employer_name: input.employerName }),
      ...(input.startsOn === undefined ? {} : { starts_on: input.startsOn }),
      ...(input.endsOn === undefined ? {} : { ends_on: input.endsOn }),
      ...(input.annualCents === undefined ? {} : { annual_cents: input.annualCents }),
    };
  },
  present: presentPosition,
};

const fundingSources: LineKind<'application_funding_source', CreateFundingSource, UpdateFundingSource, FundingSource> =
  {
    table: 'application_funding_source',
    name: 'funding_source',
    insert: (trx, _definition, keys, input) =>
      insertFundingSource(trx, {
        ...keys,
        kind: input.kind,
        name: input.name,
        budget_year: input.budgetYear,
        amount_cents: input.amountCents,
      }),
    changes: async (_trx, _definition, _current, input) => ({
      ...(input.kind === undefined ? {} : { kind: input.kind }),
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.budgetYear === undefined ? {} : { budget_year: input.budgetYear }),
      ...(input.amountCents === undefined ? {} : { amount_cents: input.amountCents }),
    }),
    present: presentFundingSource,
  };

const requestedAmounts: LineKind<
  'application_requested_amount',
  CreateRequestedAmount,
  UpdateRequestedAmount,
  RequestedAmount
> = {
  table: 'application_requested_amount',
  name: 'requested_amount',
  insert: (trx, _definition, keys, input) =>
    insertRequestedAmount(trx, {
      ...keys,
      strand: input.strand,
      budget_year: input.budgetYear,
      amount_cents: input.amountCents,
    }),
  changes: async (_trx, _definition, _current, input) => ({
    ...(input.strand === undefined ? {} : { strand: input.strand }),
    ...(input.budgetYear === undefined ? {} : { budget_year: input.budgetYear }),
    ...(input.amountCents === undefined ? {} : { amount_cents: input.amountCents }),
  }),
  present: presentRequestedAmount,
};

export type { LineTable };

export const lineKinds = { costLines, positions, fundingSources, requestedAmounts };
export type LineKindName = keyof typeof lineKinds;

/**
 * Lines of one kind per plan: far more than any real plan, and low enough that the sums of a plan (up to
 * MAX_CENTS a line) stay exact integers.
 */
export const MAX_LINES_PER_KIND = 200;

const FROZEN = 'The financing plan can be changed only while the application is a draft or returned for correction.';

/** Runs a write of the plan: the plan frozen by the database at the same moment is 409, one requested amount per strand and year. */
async function planWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isCheckViolation(error, 'application_plan_frozen')) throw new AppError('conflict', FROZEN);
    if (isUniqueViolation(error, 'application_requested_amount_once')) {
      throw new AppError('conflict', 'The plan already requests an amount for this strand and year; change that one.');
    }
    throw error;
  }
}

export function createApplicationPlanService(options: FundingServiceOptions) {
  const ctx = fundingContext(options);

  /** The line to change or remove: it must exist, be the version the client saw, and the plan must be open. */
  async function lineToChange<T extends LineTable>(
    trx: Parameters<typeof findLine>[0],
    table: T,
    application: { id: string; municipality_id: string; status: string },
    lineId: string,
    version: number,
  ) {
    const key = { municipalityId: application.municipality_id, applicationId: application.id, lineId };
    const current = await findLine(trx, table, key);
    if (!current) throw new AppError('not_found', 'No such line of the plan.');
    assertVersion(current as { version: number }, version, 'line');
    if (!OPEN_PLAN.includes(application.status)) throw new AppError('conflict', FROZEN);
    return { key, current };
  }

  /** The audit entry of a line's change, in the application's chain: which fields were sent (not their values). */
  function auditLine(
    trx: Parameters<typeof auditFunding>[0],
    who: Parameters<typeof auditFunding>[1],
    application: { id: string; municipality_id: string },
    change: { kind: { name: string }; action: 'create' | 'update' | 'delete'; lineId: string; input?: object },
    meta: RequestMeta,
  ): Promise<void> {
    return auditFunding(trx, who, {
      municipalityId: application.municipality_id,
      action: change.action,
      resourceType: `application_${change.kind.name}`,
      resourceId: change.lineId,
      ...(change.input ? { changedFields: Object.keys(change.input).map((key) => `${change.kind.name}.${key}`) } : {}),
      details: { applicationId: application.id },
      meta,
    });
  }

  return {
    async add<T extends LineTable, Create, Update, Out>(
      kind: LineKind<T, Create, Update, Out>,
      actor: Actor | null,
      applicationId: string,
      input: Create & object,
      meta: RequestMeta,
    ): Promise<Out> {
      return onApplication(
        ctx,
        actor,
        applicationId,
        'applicant',
        meta,
        async (trx, row, who) => {
          if (!OPEN_PLAN.includes(row.status)) throw new AppError('conflict', FROZEN);
          if ((await countLines(trx, kind.table, row.municipality_id, row.id)) >= MAX_LINES_PER_KIND) {
            throw new AppError('conflict', `A plan has at most ${MAX_LINES_PER_KIND} lines of a kind.`);
          }
          const keys = { municipality_id: row.municipality_id, application_id: row.id };
          const line = await planWrite(() => kind.insert(trx, definitionOf(row), keys, input));
          const lineId = (line as { id: string }).id;
          await auditLine(trx, who, row, { kind, action: 'create', lineId, input }, meta);
          return kind.present(line);
        },
        { lock: false },
      );
    },

    async change<T extends LineTable, Create, Update, Out>(
      kind: LineKind<T, Create, Update, Out>,
      actor: Actor | null,
      applicationId: string,
      lineId: string,
      version: number,
      input: Update & object,
      meta: RequestMeta,
    ): Promise<Out> {
      return onApplication(
        ctx,
        actor,
        applicationId,
        'applicant',
        meta,
        async (trx, row, who) => {
          const { key, current } = await lineToChange(trx, kind.table, row, lineId, version);
          const changes = await kind.changes(trx, definitionOf(row), current, input);
          const line = await planWrite(() => updateLine(trx, kind.table, key, changes as Record<string, unknown>));
          await auditLine(trx, who, row, { kind, action: 'update', lineId, input }, meta);
          return kind.present(line);
        },
        { lock: false },
      );
    },

    async remove<T extends LineTable, Create, Update, Out>(
      kind: LineKind<T, Create, Update, Out>,
      actor: Actor | null,
      applicationId: string,
      lineId: string,
      version: number,
      meta: RequestMeta,
    ): Promise<void> {
      await onApplication(
        ctx,
        actor,
        applicationId,
        'applicant',
        meta,
        async (trx, row, who) => {
          const { key } = await lineToChange(trx, kind.table, row, lineId, version);
          await planWrite(() => deleteLine(trx, kind.table, key));
          await auditLine(trx, who, row, { kind, action: 'delete', lineId }, meta);
        },
        { lock: false },
      );
    },
  };
}

export type ApplicationPlanService = ReturnType<typeof createApplicationPlanService>;
