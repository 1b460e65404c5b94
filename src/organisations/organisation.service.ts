// Organisations (ministry, authority, municipalities, providers, alliance members) and municipal teams.
import type { Kysely } from 'kysely';
import { authorize, type Action, type Actor, type Target } from '../access/access.rules.ts';
import { appendAudit, type AuditEntry } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { inTransaction } from '../platform/db/commit-marks.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/pagination.ts';
import { z } from 'zod';
import {
  countOrganisationsOfKind,
  findOrganisation,
  insertOrganisation,
  insertTeam,
  listOrganisations,
  listTeams,
  replaceProviderMunicipalities,
  updateOrganisation,
  type OrganisationRow,
  type OrganisationValues,
} from './organisation.repository.ts';
import type {
  CreateOrganisation,
  ListOrganisationsQuery,
  Organisation,
  Team,
  UpdateOrganisation,
} from './organisation.schema.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';

type RequestMeta = AuditEntry['request'];

function present(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    shortName: row.short_name,
    municipalityKind: row.municipality_kind,
    districtId: row.district_id,
    officialKey: row.official_key,
    allianceMember: row.alliance_member,
    budgetRecovery: row.budget_recovery,
    contactEmail: row.contact_email,
    isDemo: row.is_demo,
    municipalityIds: row.municipality_ids,
    version: row.version,
  };
}

function field(fieldName: string, code: string, message: string): FieldError {
  return { in: 'body', field: fieldName, code, message };
}

const cursorSchema = z.object({ name: z.string(), id: z.uuid() });

export function createOrganisationService(db: Kysely<Database>) {
  /** Decides; a denial is recorded in the audit log in its own transaction, then raised as 403. */
  async function allow(actor: Actor | null, action: Action, target: Target, meta: RequestMeta): Promise<Actor> {
    if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
    const decision = authorize(actor, action, target);
    if (!decision.allowed) {
      await appendAudit(db, {
        municipalityId: null,
        actor: { userId: actor.userId, organisationId: actor.organisationId, roles: actor.roles },
        action,
        resourceType: target.resource,
        resourceId: target.organisationId ?? target.municipalityId ?? null,
        outcome: 'denied',
        request: meta,
        details: { reason: decision.reason },
      });
      throw new AppError('forbidden', 'You may not do this.');
    }
    return actor;
  }

  async function validateKindRules(
    values: Pick<
      CreateOrganisation,
      'kind' | 'municipalityKind' | 'districtId' | 'allianceMember' | 'budgetRecovery' | 'municipalityIds'
    >,
  ): Promise<void> {
    const problems: FieldError[] = [];
    const isMunicipality = values.kind === 'municipality';
    if (isMunicipality && !values.municipalityKind) {
      problems.push(
        field('municipalityKind', 'required', 'a municipality is a district, a district-free city or a district town'),
      );
    }
    if (!isMunicipality) {
      if (values.municipalityKind) problems.push(field('municipalityKind', 'not_allowed', 'only for municipalities'));
      if (values.allianceMember) problems.push(field('allianceMember', 'not_allowed', 'only for municipalities'));
      if (values.budgetRecovery) problems.push(field('budgetRecovery', 'not_allowed', 'only for municipalities'));
    }
    if (values.districtId) {
      if (values.municipalityKind !== 'district_town') {
        problems.push(field('districtId', 'not_allowed', 'only a district town belongs to a district'));
      } else {
        const district = await findOrganisation(db, values.districtId);
        if (district?.municipality_kind !== 'district')
          problems.push(field('districtId', 'not_found', 'no such district'));
      }
    } else if (values.municipalityKind === 'district_town') {
      problems.push(field('districtId', 'required', 'a district town belongs to a district'));
    }
    const municipalityIds = values.municipalityIds ?? [];
    if (municipalityIds.length > 0) {
      if (values.kind !== 'provider') {
        problems.push(field('municipalityIds', 'not_allowed', 'only providers work for municipalities'));
      } else if (
        (await countOrganisationsOfKind(db, municipalityIds, 'municipality')) !== new Set(municipalityIds).size
      ) {
        problems.push(field('municipalityIds', 'not_found', 'every entry must be a municipality'));
      }
    }
    if (problems.length > 0)
      throw new AppError('validation_failed', 'The organisation is not valid.', { fieldErrors: problems });
  }

  function toValues(input: UpdateOrganisation): Partial<OrganisationValues> {
    const values: Partial<OrganisationValues> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.shortName !== undefined) values.short_name = input.shortName;
    if (input.municipalityKind !== undefined) values.municipality_kind = input.municipalityKind;
    if (input.districtId !== undefined) values.district_id = input.districtId;
    if (input.officialKey !== undefined) values.official_key = input.officialKey;
    if (input.allianceMember !== undefined) values.alliance_member = input.allianceMember;
    if (input.budgetRecovery !== undefined) values.budget_recovery = input.budgetRecovery;
    if (input.contactEmail !== undefined) values.contact_email = input.contactEmail;
    return values;
  }

  function auditActor(actor: Actor): AuditEntry['actor'] {
    return { userId: actor.userId, organisationId: actor.organisationId, roles: actor.roles };
  }

  function conflictOnName(error: unknown): never {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'An organisation of this kind with this name or official key exists already.', {
        fieldErrors: [field('name', 'duplicate', 'already taken'), field('officialKey', 'duplicate', 'already taken')],
      });
    }
    throw error;
  }

  async function insert(
    input: CreateOrganisation,
    who: AuditEntry['actor'],
    meta: RequestMeta,
    isDemo: boolean,
  ): Promise<string> {
    await validateKindRules(input);
    return inTransaction(db, async (trx) => {
      const created = await insertOrganisation(trx, {
        kind: input.kind,
        name: input.name,
        short_name: input.shortName ?? null,
        municipality_kind: input.municipalityKind ?? null,
        district_id: input.districtId ?? null,
        official_key: input.officialKey ?? null,
        alliance_member: input.allianceMember ?? false,
        budget_recovery: input.budgetRecovery ?? false,
        contact_email: input.contactEmail ?? null,
        is_demo: isDemo,
      });
      if (input.municipalityIds) await replaceProviderMunicipalities(trx, created, input.municipalityIds);
      await appendAudit(trx, {
        municipalityId: null,
        actor: who,
        action: 'create',
        resourceType: 'organisation',
        resourceId: created,
        changedFields: Object.keys(input),
        outcome: 'success',
        request: meta,
      });
      return created;
    }).catch(conflictOnName);
  }

  return {
    async list(actor: Actor | null, query: ListOrganisationsQuery, meta: RequestMeta) {
      await allow(actor, 'read', { resource: 'organisation' }, meta);
      const after = decodeCursor(query.cursor, cursorSchema);
      const rows = await listOrganisations(db, { kind: query.kind, q: query.q, after, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(present),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
      };
    },

    async get(actor: Actor | null, id: string, meta: RequestMeta): Promise<Organisation> {
      await allow(actor, 'read', { resource: 'organisation', organisationId: id }, meta);
      const row = await findOrganisation(db, id);
      if (!row) throw new AppError('not_found', 'No such organisation.');
      return present(row);
    },

    async create(actor: Actor | null, input: CreateOrganisation, meta: RequestMeta): Promise<Organisation> {
      const who = await allow(actor, 'create', { resource: 'organisation' }, meta);
      const id = await insert(input, auditActor(who), meta, false);
      return this.get(who, id, meta);
    },

    /**
     * For the operator (command line, demo set-up): no signed-in actor; audited as the system.
     * Returns the new organisation's id.
     */
    async createByOperator(input: CreateOrganisation, options: { isDemo?: boolean } = {}): Promise<string> {
      return insert(input, null, undefined, options.isDemo ?? false);
    },

    async update(
      actor: Actor | null,
      id: string,
      expectedVersion: number,
      input: UpdateOrganisation,
      meta: RequestMeta,
    ): Promise<Organisation> {
      const who = await allow(actor, 'update', { resource: 'organisation', organisationId: id }, meta);
      const current = await findOrganisation(db, id);
      if (!current) throw new AppError('not_found', 'No such organisation.');
      await validateKindRules({
        kind: current.kind,
        municipalityKind: input.municipalityKind === undefined ? current.municipality_kind : input.municipalityKind,
        districtId: input.districtId === undefined ? current.district_id : input.districtId,
        allianceMember: input.allianceMember ?? current.alliance_member,
        budgetRecovery: input.budgetRecovery ?? current.budget_recovery,
        municipalityIds: input.municipalityIds ?? current.municipality_ids,
      });
      await db
        .transaction()
        .execute(async (trx) => {
          const updated = await updateOrganisation(trx, id, expectedVersion, toValues(input));
          if (!updated) {
            throw new AppError('precondition_failed', 'The organisation was changed by someone else; reload it.');
          }
          if (input.municipalityIds) await replaceProviderMunicipalities(trx, id, input.municipalityIds);
          await appendAudit(trx, {
            municipalityId: null,
            actor: auditActor(who),
            action: 'update',
            resourceType: 'organisation',
            resourceId: id,
            changedFields: Object.keys(input),
            outcome: 'success',
            request: meta,
          });
        })
        .catch(conflictOnName);
      return this.get(who, id, meta);
    },

    async listTeams(actor: Actor | null, municipalityId: string, meta: RequestMeta): Promise<Team[]> {
      const who = await allow(actor, 'read', { resource: 'team', municipalityId }, meta);
      const rows = await withTenant(db, { municipalityId, userId: who.userId }, (trx) => listTeams(trx));
      return rows.map((row) => ({
        id: row.id,
        municipalityId: row.municipality_id,
        name: row.name,
        version: row.version,
      }));
    },

    async createTeam(actor: Actor | null, municipalityId: string, name: string, meta: RequestMeta): Promise<Team> {
      const who = await allow(actor, 'create', { resource: 'team', municipalityId }, meta);
      const municipality = await findOrganisation(db, municipalityId);
      if (municipality?.kind !== 'municipality') throw new AppError('not_found', 'No such municipality.');
      try {
        const row = await withTenant(db, { municipalityId, userId: who.userId }, async (trx) => {
          const team = await insertTeam(trx, municipalityId, name);
          await appendAudit(trx, {
            municipalityId,
            actor: auditActor(who),
            action: 'create',
            resourceType: 'team',
            resourceId: team.id,
            changedFields: ['name'],
            outcome: 'success',
            request: meta,
          });
          return team;
        });
        return { id: row.id, municipalityId: row.municipality_id, name: row.name, version: row.version };
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('conflict', 'This municipality has a team of this name already.', {
            fieldErrors: [field('name', 'duplicate', 'already taken')],
          });
        }
        throw error;
      }
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
