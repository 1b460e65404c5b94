// Accounts: users, their roles, recovery codes, invitations and team memberships. The organisation
// facts an account needs (kind, name, the municipalities a provider serves) are read here too, in
// the same statement, because they decide every request's actor.
import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Role } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import type { OrganisationKind } from '../organisations/organisation.table.ts';
import type { AppUserTable, UserStatus } from './user.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type UserRow = Selectable<AppUserTable> & {
  roles: Role[];
  organisation_kind: OrganisationKind;
  organisation_name: string;
  /** The municipalities (tenants) the account works for, ordered by name. */
  municipality_ids: string[];
};

/**
 * Municipality organisations: themselves; providers: the municipalities they serve; others: none.
 * Expects the account's organisation as `o` (exported for the session lookup, which reads it in the same statement).
 */
export const municipalityIdsOf = sql<string[]>`case
    when o.kind = 'municipality' then array[o.id]
    when o.kind = 'provider' then coalesce((
      select array_agg(pm.served_municipality_id order by m.name, m.id)
      from provider_municipality pm join organisation m on m.id = pm.served_municipality_id
      where pm.provider_id = o.id), '{}')
    else '{}'::uuid[] end`;

/** The account's roles; expects the account as `u`. */
export const rolesOf = sql<
  Role[]
>`coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}')`;

function users(db: Db) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .selectAll('u')
    .select([
      'o.kind as organisation_kind',
      'o.name as organisation_name',
      rolesOf.as('roles'),
      municipalityIdsOf.as('municipality_ids'),
    ]);
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return users(db).where('u.id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return users(db)
    .where(sql<boolean>`lower(u.email) = lower(${email})`)
    .executeTakeFirst();
}

/** Locks the user's row for the rest of the transaction (password, TOTP and role changes). */
export async function lockUser(db: Db, id: string): Promise<void> {
  await db.selectFrom('app_user').select('id').where('id', '=', id).forUpdate().execute();
}

/**
 * Locks the rows of every account holding system_admin (in id order, so that concurrent callers queue up
 * instead of deadlocking). Take it before any other row lock of the transaction, then count with
 * `countActiveSystemAdmins` in a later statement: under READ COMMITTED that statement sees what the
 * transactions it waited for committed, so two demotions of the last two administrators cannot both pass.
 */
export async function lockSystemAdmins(db: Db): Promise<void> {
  await db
    .selectFrom('app_user')
    .select('id')
    .where('id', 'in', (eb) => eb.selectFrom('user_role').select('user_id').where('role', '=', 'system_admin'))
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Accounts that hold system_admin and can sign in (status active). */
export async function countActiveSystemAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('r.role', '=', 'system_admin')
    .where('u.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface UserFilter {
  q?: string | undefined;
  status?: UserStatus | undefined;
  organisationId?: string | undefined;
  /** Only accounts of these organisations; undefined = all. */
  organisationIds?: readonly string[] | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function listUsers(db: Db, filter: UserFilter): Promise<UserRow[]> {
  if (filter.organisationIds?.length === 0) return [];
  let query = users(db);
  if (filter.organisationIds) query = query.where('u.organisation_id', 'in', [...filter.organisationIds]);
  if (filter.organisationId) query = query.where('u.organisation_id', '=', filter.organisationId);
  if (filter.status) query = query.where('u.status', '=', filter.status);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('u.display_name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]));
  }
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where(sql<boolean>`(u.display_name, u.id) > (${name}, ${id}::uuid)`);
  }
  return query.orderBy('u.display_name').orderBy('u.id').limit(filter.limit).execute();
}

export interface NewUser {
  organisation_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  password_change_required: boolean;
  status: UserStatus;
  is_demo?: boolean;
}

export async function insertUser(db: Db, values: NewUser, roles: readonly Role[]): Promise<string> {
  const row = await db
    .insertInto('app_user')
    .values({ ...values, password_changed_at: values.password_hash ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceRoles(db, row.id, roles);
  return row.id;
}

export async function replaceRoles(db: Db, userId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
  if (roles.length > 0) {
    await db
      .insertInto('user_role')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute();
  }
}

export type UserChanges = Partial<
  Pick<
    Updateable<AppUserTable>,
    | 'password_hash'
    | 'password_changed_at'
    | 'password_change_required'
    | 'status'
    | 'totp_secret_encrypted'
    | 'totp_enabled_at'
    | 'totp_last_used_step'
    | 'totp_pending_secret_encrypted'
    | 'totp_pending_created_at'
  >
>;

/** Applies changes and bumps the version; with `expectedVersion`, only when it still matches. */
export async function updateUser(
  db: Db,
  id: string,
  changes: UserChanges,
  now: Date,
  expectedVersion?: number,
): Promise<boolean> {
  let query = db
    .updateTable('app_user')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a TOTP step as used, only if it is later than the last one: two requests racing with the
 * same code cannot both succeed.
 */
export async function claimTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ totp_last_used_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_used_step', 'is', null), eb('totp_last_used_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: readonly string[], now: Date) {
  await db.deleteFrom('user_recovery_code').where('user_id', '=', userId).execute();
  if (hashes.length > 0) {
    await db
      .insertInto('user_recovery_code')
      .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null })))
      .execute();
  }
}

/** Deletes every recovery code of a user (used or not); returns how many there were. */
export async function deleteRecoveryCodes(db: Db, userId: string): Promise<number> {
  const result = await db.deleteFrom('user_recovery_code').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Marks an unused recovery code as used; false when there is no such unused code. */
export async function useRecoveryCode(db: Db, userId: string, hash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('user_recovery_code')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertInvitation(
  db: Db,
  values: { userId: string; tokenHash: string; createdBy: string | null; createdAt: Date; expiresAt: Date },
): Promise<void> {
  // A new invitation replaces every earlier one that was not used.
  await db.deleteFrom('user_invitation').where('user_id', '=', values.userId).where('used_at', 'is', null).execute();
  await db
    .insertInto('user_invitation')
    .values({
      user_id: values.userId,
      token_hash: values.tokenHash,
      created_by: values.createdBy,
      created_at: values.createdAt,
      expires_at: values.expiresAt,
      used_at: null,
    })
    .execute();
}

export async function findInvitation(db: Db, tokenHash: string) {
  return db.selectFrom('user_invitation').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks the invitation used, once: false when it was used (or replaced) in the meantime. */
export async function consumeInvitation(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('user_invitation')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Team ids of a user in the transaction's tenant (team_member is under row-level security). */
export interface OrganisationFacts {
  id: string;
  kind: OrganisationKind;
  name: string;
}

export async function findOrganisationFacts(db: Db, id: string): Promise<OrganisationFacts | undefined> {
  return db.selectFrom('organisation').select(['id', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function findOrganisationsByName(db: Db, name: string): Promise<OrganisationFacts[]> {
  return db
    .selectFrom('organisation')
    .select(['id', 'kind', 'name'])
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .execute();
}

export async function listOrganisationFacts(db: Db, ids?: readonly string[]): Promise<OrganisationFacts[]> {
  if (ids?.length === 0) return [];
  let query = db.selectFrom('organisation').select(['id', 'kind', 'name']);
  if (ids) query = query.where('id', 'in', [...ids]);
  return query.orderBy('name').orderBy('id').execute();
}
