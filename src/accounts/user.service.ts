// User administration: who may see and manage which accounts, invitations, roles, disabling.
import { randomInt } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { authorize, type Action, type Actor, type Role, type Target } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/pagination.ts';
import {
  auditActorOf,
  auditRequest,
  hashToken,
  newToken,
  type AccountsContext,
  type RequestMeta,
} from './accounts.context.ts';
import type { AuthSession } from './auth.service.ts';
import { hashPassword } from './password-hashing.ts';
import { revokeSessionsOfUser } from './session.repository.ts';
import { assertRecentAuthentication } from './step-up.ts';
import {
  countActiveSystemAdmins,
  deleteRecoveryCodes,
  findOrganisationFacts,
  findUserById,
  insertInvitation,
  insertUser,
  listOrganisationFacts,
  listUsers,
  lockSystemAdmins,
  lockUser,
  replaceRoles,
  updateUser,
  type OrganisationFacts,
  type UserRow,
} from './user.repository.ts';
import { roleGrantProblems, rolesByOrganisationKind } from './user.rules.ts';
import type {
  AssignableOrganisations,
  CreatedUser,
  CreateUserRequest,
  ListUsersQuery,
  NewInvitation,
  User,
  UserPage,
} from './user.schema.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';

export const INVITATION_VALID_MS = 7 * 24 * 60 * 60_000;
const cursorSchema = z.object({ name: z.string(), id: z.uuid() });
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** An initial password: 4 groups of 4 characters from 31 (about 79 bits); to be replaced at first login. */
export function generateInitialPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    roles: row.roles,
    organisation: { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind },
    secondFactorEnabled: row.totp_enabled_at !== null,
    isDemo: row.is_demo,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

/** Accounts of a municipality belong to its tenant; other accounts to no tenant. */
function organisationTarget(organisation: { id: string; kind: string }): Target {
  return {
    resource: 'user',
    organisationId: organisation.id,
    municipalityId: organisation.kind === 'municipality' ? organisation.id : null,
  };
}

function userTarget(user: UserRow): Target {
  return organisationTarget({ id: user.organisation_id, kind: user.organisation_kind });
}

function roleFieldErrors(problems: ReturnType<typeof roleGrantProblems>): FieldError[] {
  const messages = {
    no_roles: 'choose at least one role',
    not_for_organisation: 'this role does not fit the organisation',
    not_grantable: 'you may not grant this role',
  };
  return problems.map(({ role, problem }) => ({
    in: 'body',
    field: 'roles',
    code: `role_${problem}`,
    message: role ? `${role}: ${messages[problem]}` : messages[problem],
  }));
}

function organisationOf(user: UserRow): { id: string; kind: string } {
  return { id: user.organisation_id, kind: user.organisation_kind };
}

const LAST_SYSTEM_ADMIN =
  'This is the last active system administrator: give another account the role system_admin first.';

/** Whether the account counts towards the active system administrators that must never run out. */
function isActiveSystemAdmin(user: UserRow): boolean {
  return user.status === 'active' && user.roles.includes('system_admin');
}

/** Audit names of the second-factor facts an account holds (and a reset clears). */
function secondFactorFields(user: UserRow, recoveryCodes: number): string[] {
  return [
    ...(user.totp_secret_encrypted !== null || user.totp_enabled_at !== null ? ['totpSecret'] : []),
    ...(user.totp_pending_secret_encrypted !== null ? ['totpPendingSecret'] : []),
    ...(user.totp_last_used_step !== null ? ['totpLastUsedStep'] : []),
    ...(recoveryCodes > 0 ? ['recoveryCodes'] : []),
  ];
}

export function createUserService(context: AccountsContext) {
  const { db, now, audit } = context;

  async function allow(actor: Actor, action: Action, target: Target, meta: RequestMeta): Promise<void> {
    const decision = authorize(actor, action, target);
    if (decision.allowed) return;
    await audit(db, {
      municipalityId: null,
      actor: auditActorOf(actor),
      action: `user.${action}`,
      resourceType: 'user',
      resourceId: target.organisationId ?? null,
      outcome: 'denied',
      request: auditRequest(meta),
      details: { reason: decision.reason },
    });
    throw new AppError('forbidden', 'You may not do this.');
  }

  async function load(actor: Actor, id: string, action: Action, meta: RequestMeta): Promise<UserRow> {
    const user = await findUserById(db, id);
    if (!user) throw new AppError('not_found', 'No such user.');
    // Not visible at all → 404, so that ids of other municipalities' accounts reveal nothing.
    if (!authorize(actor, 'read', userTarget(user)).allowed) throw new AppError('not_found', 'No such user.');
    await allow(actor, action, userTarget(user), meta);
    return user;
  }

  /** Changing an account needs the right to grant each of its roles: no one strips a role they could not give. */
  function assertManageable(actor: Actor, user: UserRow): void {
    if (user.id === actor.userId) throw new AppError('forbidden', 'You cannot change your own account here.');
    if (roleGrantProblems(user.roles, user.organisation_kind, actor.roles).some((p) => p.problem === 'not_grantable')) {
      throw new AppError('forbidden', 'This account has roles you may not manage.');
    }
  }

  function assertVersion(user: UserRow, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && user.version !== expectedVersion) {
      throw new AppError('precondition_failed', 'The account was changed in the meantime; reload it.');
    }
  }

  /**
   * The system must keep at least one active system administrator (else nobody could manage accounts or
   * organisations any more). A transaction that may take the role or the status from one takes
   * `lockSystemAdmins` first, before any other row lock (see there); `guarded` says whether it did. When
   * it did not (the account was no system administrator when the request read it) but the account is one
   * now, the change is refused as stale instead of running unguarded.
   */
  async function assertNotLastSystemAdmin(
    trx: Transaction<Database>,
    guarded: boolean,
    current: UserRow,
    losesIt: boolean,
    fieldError: FieldError,
  ): Promise<void> {
    if (!losesIt || !isActiveSystemAdmin(current)) return;
    if (!guarded) throw new AppError('precondition_failed', 'The account was changed in the meantime; reload it.');
    if ((await countActiveSystemAdmins(trx)) <= 1) {
      throw new AppError('conflict', LAST_SYSTEM_ADMIN, { fieldErrors: [fieldError] });
    }
  }

  function auditMunicipality(organisation: { id: string; kind: string }): string | null {
    return organisation.kind === 'municipality' ? organisation.id : null;
  }

  /** Changes to a municipality's accounts are audited in its chain, so they run in its tenant. */
  function tenantOf(actor: Actor, organisation: { id: string; kind: string }) {
    return { municipalityId: auditMunicipality(organisation), userId: actor.userId };
  }

  async function invite(userId: string, createdBy: string | null, at: Date) {
    const token = newToken();
    const expiresAt = new Date(at.getTime() + INVITATION_VALID_MS);
    await insertInvitation(db, { userId, tokenHash: hashToken(token), createdBy, createdAt: at, expiresAt });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async function reload(id: string): Promise<User> {
    const user = await findUserById(db, id);
    if (!user) throw new AppError('not_found', 'No such user.');
    return presentUser(user);
  }

  return {
    async list(actor: Actor, query: ListUsersQuery, meta: RequestMeta): Promise<UserPage> {
      let organisationIds: string[] | undefined;
      if (!authorize(actor, 'read', { resource: 'user' }).allowed) {
        const candidates = [...new Set([...actor.municipalityIds, actor.organisationId])];
        organisationIds = candidates.filter(
          (id) =>
            authorize(actor, 'read', {
              resource: 'user',
              organisationId: id,
              municipalityId: actor.municipalityIds.includes(id) ? id : null,
            }).allowed,
        );
        if (organisationIds.length === 0) await allow(actor, 'read', { resource: 'user' }, meta);
      }
      const after = decodeCursor(query.cursor, cursorSchema);
      const rows = await listUsers(db, {
        q: query.q,
        status: query.status,
        organisationId: query.organisationId,
        organisationIds,
        after,
        limit: query.limit + 1,
      });
      const visible = rows.filter((row) => authorize(actor, 'read', userTarget(row)).allowed);
      const page = visible.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(presentUser),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ name: last.display_name, id: last.id }) : null,
      };
    },

    async get(actor: Actor, id: string, meta: RequestMeta): Promise<User> {
      return presentUser(await load(actor, id, 'read', meta));
    },

    async assignableOrganisations(actor: Actor): Promise<AssignableOrganisations> {
      const all = authorize(actor, 'create', { resource: 'user' }).allowed;
      const organisations = await listOrganisationFacts(db, all ? undefined : actor.municipalityIds);
      return {
        items: organisations
          .filter((organisation) => authorize(actor, 'create', organisationTarget(organisation)).allowed)
          .map((organisation) => ({
            ...organisation,
            roles: rolesByOrganisationKind[organisation.kind].filter(
              (role) => roleGrantProblems([role], organisation.kind, actor.roles).length === 0,
            ),
          }))
          .filter((organisation) => organisation.roles.length > 0),
      };
    },

    /** Creates an account with an invitation link (7 days) or an initial password, each shown once. */
    async create(actor: Actor, input: CreateUserRequest, meta: RequestMeta): Promise<CreatedUser> {
      const organisation: OrganisationFacts | undefined = await findOrganisationFacts(db, input.organisationId);
      if (!organisation) {
        throw new AppError('validation_failed', 'The organisation does not exist.', {
          fieldErrors: [{ in: 'body', field: 'organisationId', code: 'not_found', message: 'no such organisation' }],
        });
      }
      await allow(actor, 'create', organisationTarget(organisation), meta);
      const roles = [...new Set(input.roles)];
      const problems = roleGrantProblems(roles, organisation.kind, actor.roles);
      if (problems.length > 0) {
        throw new AppError('validation_failed', 'The roles do not fit.', { fieldErrors: roleFieldErrors(problems) });
      }
      const at = now();
      const initialPassword = input.setup === 'initial_password' ? generateInitialPassword() : null;
      const passwordHash = initialPassword ? await hashPassword(initialPassword) : null;
      let id: string;
      try {
        id = await withTenant(db, tenantOf(actor, organisation), async (trx) => {
          const created = await insertUser(
            trx,
            {
              organisation_id: organisation.id,
              email: input.email.trim(),
              display_name: input.displayName,
              password_hash: passwordHash,
              password_change_required: initialPassword !== null,
              status: initialPassword ? 'active' : 'invited',
            },
            roles,
          );
          await audit(trx, {
            municipalityId: auditMunicipality(organisation),
            actor: auditActorOf(actor),
            action: 'user.create',
            resourceType: 'user',
            resourceId: created,
            changedFields: ['email', 'displayName', 'organisationId', 'roles'],
            outcome: 'success',
            request: auditRequest(meta),
            details: { setup: input.setup, roles: roles.join(',') },
          });
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('conflict', 'An account with this e-mail address exists already.', {
            fieldErrors: [{ in: 'body', field: 'email', code: 'duplicate', message: 'already taken' }],
          });
        }
        throw error;
      }
      const invitation = initialPassword ? null : await invite(id, actor.userId, at);
      return { user: await reload(id), invitation, initialPassword };
    },

    /** A new invitation link for an account that has not been activated yet (earlier links stop working). */
    async reinvite(actor: Actor, id: string, meta: RequestMeta): Promise<NewInvitation> {
      const user = await load(actor, id, 'update', meta);
      assertManageable(actor, user);
      if (user.status !== 'invited') throw new AppError('conflict', 'This account has been activated already.');
      const invitation = await invite(user.id, actor.userId, now());
      await withTenant(db, tenantOf(actor, organisationOf(user)), (trx) =>
        audit(trx, {
          municipalityId: auditMunicipality(organisationOf(user)),
          actor: auditActorOf(actor),
          action: 'user.invite',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'success',
          request: auditRequest(meta),
        }),
      );
      return { invitation };
    },

    /** Replaces the roles. Needs a recent authentication (step-up). */
    async updateRoles(
      actor: Actor,
      session: AuthSession | null,
      id: string,
      roles: readonly Role[],
      expectedVersion: number | undefined,
      meta: RequestMeta,
    ): Promise<User> {
      const user = await load(actor, id, 'update', meta);
      assertManageable(actor, user);
      assertRecentAuthentication(session);
      const wanted = [...new Set(roles)];
      const problems = roleGrantProblems(wanted, user.organisation_kind, actor.roles);
      if (problems.length > 0) {
        throw new AppError('validation_failed', 'The roles do not fit.', { fieldErrors: roleFieldErrors(problems) });
      }
      const at = now();
      const guarded = user.roles.includes('system_admin');
      await withTenant(db, tenantOf(actor, organisationOf(user)), async (trx) => {
        if (guarded) await lockSystemAdmins(trx);
        await lockUser(trx, user.id);
        const current = await findUserById(trx, user.id);
        if (!current) throw new AppError('not_found', 'No such user.');
        assertVersion(current, expectedVersion);
        await assertNotLastSystemAdmin(trx, guarded, current, !wanted.includes('system_admin'), {
          in: 'body',
          field: 'roles',
          code: 'last_system_admin',
          message: 'the last active system administrator keeps system_admin',
        });
        await replaceRoles(trx, user.id, wanted);
        await updateUser(trx, user.id, {}, at);
        await audit(trx, {
          municipalityId: auditMunicipality(organisationOf(user)),
          actor: auditActorOf(actor),
          action: 'user.roles_change',
          resourceType: 'user',
          resourceId: user.id,
          changedFields: ['roles'],
          outcome: 'success',
          request: auditRequest(meta),
          details: {
            added: wanted.filter((role) => !current.roles.includes(role)).join(','),
            removed: current.roles.filter((role) => !wanted.includes(role)).join(','),
          },
        });
      });
      return reload(user.id);
    },

    /** Disables (ending every session at once) or re-enables an account. */
    async setEnabled(
      actor: Actor,
      id: string,
      enabled: boolean,
      expectedVersion: number | undefined,
      meta: RequestMeta,
    ): Promise<User> {
      const user = await load(actor, id, 'update', meta);
      assertManageable(actor, user);
      const at = now();
      const guarded = !enabled && user.roles.includes('system_admin');
      await withTenant(db, tenantOf(actor, organisationOf(user)), async (trx) => {
        if (guarded) await lockSystemAdmins(trx);
        await lockUser(trx, user.id);
        const current = await findUserById(trx, user.id);
        if (!current) throw new AppError('not_found', 'No such user.');
        assertVersion(current, expectedVersion);
        const status = enabled ? (current.password_hash ? 'active' : 'invited') : 'disabled';
        if (status === current.status) return;
        await assertNotLastSystemAdmin(trx, guarded, current, !enabled, {
          in: 'params',
          field: 'id',
          code: 'last_system_admin',
          message: 'the last active system administrator cannot be disabled',
        });
        await updateUser(trx, user.id, { status }, at);
        const ended = enabled ? 0 : await revokeSessionsOfUser(trx, user.id, 'account_disabled', at);
        await audit(trx, {
          municipalityId: auditMunicipality(organisationOf(user)),
          actor: auditActorOf(actor),
          action: enabled ? 'user.enable' : 'user.disable',
          resourceType: 'user',
          resourceId: user.id,
          changedFields: ['status'],
          outcome: 'success',
          request: auditRequest(meta),
          details: { sessionsEnded: ended },
        });
      });
      return reload(user.id);
    },

    /**
     * Administrator reset of a lost second factor (phone and recovery codes gone): clears the TOTP secret,
     * a pending enrolment, the last used step and all recovery codes, and ends every session of the
     * account. If its roles require a second factor, its next login goes through enrolment again (see
     * `sessionStage`). Needs a step-up; never on the own account (the profile has its own way).
     */
    async resetSecondFactor(
      actor: Actor,
      session: AuthSession | null,
      id: string,
      expectedVersion: number | undefined,
      meta: RequestMeta,
    ): Promise<User> {
      const user = await load(actor, id, 'update', meta);
      if (user.id === actor.userId) {
        throw new AppError('forbidden', 'You cannot reset your own second factor here; use your profile.');
      }
      assertManageable(actor, user);
      assertRecentAuthentication(session);
      const at = now();
      await withTenant(db, tenantOf(actor, organisationOf(user)), async (trx) => {
        await lockUser(trx, user.id);
        const current = await findUserById(trx, user.id);
        if (!current) throw new AppError('not_found', 'No such user.');
        assertVersion(current, expectedVersion);
        const recoveryCodes = await deleteRecoveryCodes(trx, user.id);
        const changedFields = secondFactorFields(current, recoveryCodes);
        if (changedFields.length === 0) {
          throw new AppError('conflict', 'This account has no second factor to reset.');
        }
        await updateUser(
          trx,
          user.id,
          {
            totp_secret_encrypted: null,
            totp_enabled_at: null,
            totp_last_used_step: null,
            totp_pending_secret_encrypted: null,
            totp_pending_created_at: null,
          },
          at,
        );
        const ended = await revokeSessionsOfUser(trx, user.id, 'second_factor_reset', at);
        await audit(trx, {
          municipalityId: auditMunicipality(organisationOf(user)),
          actor: auditActorOf(actor),
          action: 'user.second_factor_reset',
          resourceType: 'user',
          resourceId: user.id,
          changedFields,
          outcome: 'success',
          request: auditRequest(meta),
          details: { sessionsEnded: ended },
        });
      });
      return reload(user.id);
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
