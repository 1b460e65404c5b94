// Programmes as versioned configuration: everyone at work in the funding administration reads them; the
// approving authority creates a new version (the whole definition, validated, with a change note). A new version
// becomes the current one for new applications; decided grants keep the version they were decided under
// (funding_grant.programme_version), and no version is ever changed (UPDATE revoked).
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { AppError } from '../platform/errors.ts';
import type { Kysely } from 'kysely';
import {
  assertVersion,
  auditFunding,
  authorizeFunding,
  fundingContext,
  fundingTarget,
  reachesAllMunicipalities,
  signedIn,
  withinLimits,
  type FundingServiceOptions,
  type RequestMeta,
} from './funding.context.ts';
import { withTenant } from '../platform/db/rls.ts';
import { programmeDefinitionSchema, type ProgrammeDefinition } from './programme.definition.ts';
import { diffDefinitions } from './programme-diff.shared.ts';
import {
  findProgramme,
  findVersion,
  grantCountsByVersion,
  insertVersion,
  listProgrammes,
  listVersions,
  setCurrentVersion,
  upsertCaps,
  upsertStateBudgets,
  type ProgrammeRow,
  type ProgrammeVersionRow,
} from './programme.repository.ts';
import { impliedCaps, impliedStateBudgets, type ImpliedStateBudget } from './programme.rules.ts';
import type {
  CreateProgrammeVersion,
  ProgrammeDetail,
  ProgrammeDiff,
  ProgrammeList,
  ProgrammeSummary,
  ProgrammeVersionSummary,
} from './programme.schema.ts';

const RESOURCE_TYPE = 'funding_programme';

/** A stored definition, read back through the schema (defaults filled in; a damaged row is a server error). */
export function storedDefinition(value: unknown): ProgrammeDefinition {
  return programmeDefinitionSchema.parse(value);
}

function presentSummary(row: ProgrammeRow): ProgrammeSummary {
  const definition = storedDefinition(row.definition);
  return {
    id: row.id,
    code: row.code,
    name: definition.name,
    shortName: definition.shortName,
    currentVersion: row.current_version,
    version: row.version,
    runtime: definition.runtime,
    totalBudgetCents: definition.totalBudgetCents,
    strands: definition.strands.map((strand) => ({
      code: strand.code,
      name: strand.name,
      financing: strand.financing,
      distribution: strand.distribution,
    })),
    updatedAt: row.updated_at.toISOString(),
  };
}

function presentVersion(
  row: ProgrammeVersionRow,
  currentVersion: number,
  grants: Map<number, number> | null,
): ProgrammeVersionSummary {
  return {
    version: row.version,
    note: row.note,
    createdAt: row.created_at.toISOString(),
    createdByName: row.created_by_name,
    current: row.version === currentVersion,
    grantsDecided: grants ? (grants.get(row.version) ?? 0) : null,
  };
}

/**
 * The state budgets a new version changes: those whose implied amount differs from the previous version's (or
 * that are new). A budget the previous version implied identically is left as it is, so that a change the
 * authority made to it between versions (a supplementary budget) survives an unrelated new version.
 */
export function changedStateBudgets(before: ProgrammeDefinition, after: ProgrammeDefinition): ImpliedStateBudget[] {
  const key = (b: ImpliedStateBudget) => `${b.strand}/${b.budgetYear}`;
  const previous = new Map(impliedStateBudgets(before).map((b) => [key(b), b]));
  return impliedStateBudgets(after).filter((b) => {
    const old = previous.get(key(b));
    return !old || old.amountCents !== b.amountCents || old.central !== b.central;
  });
}

function changedCaps(before: ProgrammeDefinition, after: ProgrammeDefinition) {
  const previous = new Map(impliedCaps(before).map((c) => [c.strand, c.capCents]));
  return impliedCaps(after).filter((c) => previous.get(c.strand) !== c.capCents);
}

/** A changed path as an audit field name (letters, digits, _ and . only; at most 64 characters). */
function auditFieldName(path: string): string {
  return `definition.${path}`.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, 64);
}

export function createProgrammeService(options: FundingServiceOptions) {
  const ctx = fundingContext(options);

  /** Programmes are shared reference data: a transaction without tenant (no tenant rows visible). */
  function readOnly<T>(actor: Actor, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return withTenant(ctx.db, { municipalityId: null, userId: actor.userId }, work);
  }

  /** Grants per version for the viewers who see every municipality's grants; null for the others. */
  async function grantCounts(actor: Actor, programmeId: string): Promise<Map<number, number> | null> {
    if (!reachesAllMunicipalities(actor, 'read', 'grant')) return null;
    return withTenant(ctx.db, { municipalityId: null, userId: actor.userId, allTenants: true }, (trx) =>
      grantCountsByVersion(trx, programmeId),
    );
  }

  async function mayRead(actor: Actor, programmeId: string | null, meta: RequestMeta): Promise<void> {
    await authorizeFunding(ctx, actor, 'read', fundingTarget('programme', null), {
      resourceType: RESOURCE_TYPE,
      resourceId: programmeId,
      meta,
    });
  }

  async function requireProgramme(db: Kysely<Database>, id: string, lock = false): Promise<ProgrammeRow> {
    const row = await findProgramme(db, id, { lock });
    if (!row) throw new AppError('not_found', 'No such programme.');
    return row;
  }

  async function detail(actor: Actor, row: ProgrammeRow, shown = row.current_version): Promise<ProgrammeDetail> {
    const versions = await readOnly(actor, (db) => listVersions(db, row.id));
    const version = versions.find((v) => v.version === shown);
    if (!version) throw new AppError('not_found', 'No such version of the programme.');
    const grants = await grantCounts(actor, row.id);
    return {
      ...presentSummary(row),
      shownVersion: shown,
      definition: storedDefinition(version.definition),
      versions: versions.map((v) => presentVersion(v, row.current_version, grants)),
    };
  }

  return {
    async list(maybeActor: Actor | null, meta: RequestMeta): Promise<ProgrammeList> {
      const actor = signedIn(maybeActor);
      await mayRead(actor, null, meta);
      const rows = await readOnly(actor, (db) => listProgrammes(db));
      return { items: rows.map(presentSummary) };
    },

    /** A programme with its versions and the definition of one of them (default: the current one). */
    async get(
      maybeActor: Actor | null,
      id: string,
      version: number | undefined,
      meta: RequestMeta,
    ): Promise<ProgrammeDetail> {
      const actor = signedIn(maybeActor);
      await mayRead(actor, id, meta);
      const row = await readOnly(actor, (db) => requireProgramme(db, id));
      return detail(actor, row, version ?? row.current_version);
    },

    async diff(
      maybeActor: Actor | null,
      id: string,
      versions: { from: number; to: number },
      meta: RequestMeta,
    ): Promise<ProgrammeDiff> {
      const actor = signedIn(maybeActor);
      await mayRead(actor, id, meta);
      const [from, to] = await readOnly(actor, async (db) => {
        await requireProgramme(db, id);
        return Promise.all([findVersion(db, id, versions.from), findVersion(db, id, versions.to)]);
      });
      if (!from || !to) throw new AppError('not_found', 'No such version of the programme.');
      return {
        programmeId: id,
        from: versions.from,
        to: versions.to,
        changes: diffDefinitions(storedDefinition(from.definition), storedDefinition(to.definition)),
      };
    },

    /**
     * A new version from a complete definition (If-Match on the programme). It becomes the current version;
     * the state budgets and caps whose figures it changes are written too, in the same transaction: a cap or
     * budget below what is already committed or allocated is refused (409) and nothing is saved.
     */
    async createVersion(
      maybeActor: Actor | null,
      id: string,
      expectedVersion: number,
      body: CreateProgrammeVersion,
      meta: RequestMeta,
    ): Promise<ProgrammeDetail> {
      const actor = signedIn(maybeActor);
      await authorizeFunding(ctx, actor, 'update', fundingTarget('programme', null), {
        resourceType: RESOURCE_TYPE,
        resourceId: id,
        meta,
      });
      // The route validated the body already; parsing again fills in the defaults the stored definition keeps.
      const definition = programmeDefinitionSchema.parse(body.definition);
      const row = await withTenant(ctx.db, { municipalityId: null, userId: actor.userId }, async (trx) => {
        const current = await requireProgramme(trx, id, true);
        assertVersion(current, expectedVersion, 'programme');
        const latest = (await listVersions(trx, id))[0];
        const version = (latest?.version ?? 0) + 1;
        const previous = storedDefinition(current.definition);
        await insertVersion(trx, { programmeId: id, version, definition, note: body.note, createdBy: actor.userId });
        await setCurrentVersion(trx, id, version);
        const budgets = changedStateBudgets(previous, definition);
        const caps = changedCaps(previous, definition);
        await withinLimits(async () => {
          // Caps first: a cap below what is committed is the refusal that explains a lowered central budget.
          await upsertCaps(trx, id, caps);
          await upsertStateBudgets(trx, id, budgets, actor.userId);
        });
        const changes = diffDefinitions(previous, definition);
        await auditFunding(trx, actor, {
          municipalityId: null,
          action: 'create_version',
          resourceType: RESOURCE_TYPE,
          resourceId: id,
          changedFields: [...new Set(changes.map((change) => auditFieldName(change.path)))].slice(0, 200),
          details: {
            version,
            changes: changes.length,
            stateBudgetsWritten: budgets.length,
            capsWritten: caps.length,
          },
          meta,
        });
        return requireProgramme(trx, id);
      });
      return detail(actor, row);
    },
  };
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>;
