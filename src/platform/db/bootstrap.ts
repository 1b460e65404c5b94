// Roles and database set-up shared by the embedded and the external mode.
//
// Three roles, so that row-level security can never be bypassed by the application:
//   admin  (superuser of the embedded cluster, or the DATABASE_URL login) – creates roles and databases;
//   durchstarten_owner (NOLOGIN) – owns every table; migrations run as it via SET ROLE;
//   durchstarten_app  (LOGIN, NOSUPERUSER, NOBYPASSRLS, owns nothing) – what the running app uses.
import { createHmac } from 'node:crypto';
import pg from 'pg';

export const OWNER_ROLE = 'durchstarten_owner';
export const APP_ROLE = 'durchstarten_app';
const BOOTSTRAP_LOCK = 'durchstarten:bootstrap';

export class BootstrapError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BootstrapError';
  }
}

export interface ProvisionedDatabase {
  /** Connection used by migrations: objects it creates are owned by the owner role. */
  migration: pg.ClientConfig;
  /** Connection string of the unprivileged application role. */
  appUrl: string;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || 'postgres';
}

/**
 * The application role's password is derived from the admin connection, so every app instance that
 * shares one DATABASE_URL agrees on it without storing another secret, and restarts keep it.
 */
export function derivedAppPassword(adminUrl: string): string {
  const parsed = new URL(adminUrl);
  const key = parsed.password ? decodeURIComponent(parsed.password) : `${parsed.username}@${parsed.host}`;
  return createHmac('sha256', key).update(APP_ROLE).digest('base64url');
}

function appUrlFor(adminUrl: string, database: string): string {
  const parsed = new URL(withDatabase(adminUrl, database));
  parsed.username = APP_ROLE;
  parsed.password = derivedAppPassword(adminUrl);
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'durchstarten-bootstrap' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Makes sure the roles exist and (optionally) the database. Idempotent and safe when several
 * instances start at once (serialised by an advisory lock).
 */
export async function provisionDatabase(options: {
  adminUrl: string;
  database: string;
  createDatabase: boolean;
  appUrl?: string | undefined;
}): Promise<ProvisionedDatabase> {
  const { adminUrl, database } = options;
  const targetUrl = withDatabase(adminUrl, database);
  const canManageRoles = await withClient(adminUrl, async (client) => {
    await client.query('select pg_advisory_lock(hashtext($1))', [BOOTSTRAP_LOCK]);
    try {
      const { rows } = await client.query<{ rolsuper: boolean; rolcreaterole: boolean }>(
        'select rolsuper, rolcreaterole from pg_roles where rolname = current_user',
      );
      const privileges = rows[0];
      const manage = Boolean(privileges?.rolsuper || privileges?.rolcreaterole);
      if (manage) {
        await ensureRoles(client, adminUrl);
      } else if (!options.appUrl) {
        throw new BootstrapError(
          `The DATABASE_URL role may not create roles. Either use a superuser or a CREATEROLE login, or create the roles ` +
            `${OWNER_ROLE} and ${APP_ROLE} yourself (see docs/operations.md) and set DATABASE_APP_URL.`,
        );
      }
      if (options.createDatabase) {
        const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
        if (exists.rowCount === 0) {
          const owner = manage ? ` owner ${client.escapeIdentifier(OWNER_ROLE)}` : '';
          await client.query(
            `create database ${client.escapeIdentifier(database)}${owner} encoding 'UTF8' template template0`,
          );
        }
      }
      return manage;
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [BOOTSTRAP_LOCK]);
    }
  });

  if (!canManageRoles) {
    // Roles created by a DBA: migrations run as the owner role when the login may assume it.
    const asOwner = await withClient(targetUrl, async (client) => {
      const { rows } = await client.query<{ member: boolean }>(
        `select exists (select 1 from pg_roles where rolname = $1) and pg_has_role(current_user, $1, 'MEMBER') as member`,
        [OWNER_ROLE],
      );
      return Boolean(rows[0]?.member);
    });
    return {
      migration: asOwner
        ? { connectionString: targetUrl, options: `-c role=${OWNER_ROLE}` }
        : { connectionString: targetUrl },
      appUrl: options.appUrl as string,
    };
  }
  await withClient(targetUrl, async (client) => {
    const db = client.escapeIdentifier(database);
    await client.query(`grant connect, create, temporary on database ${db} to ${OWNER_ROLE}`);
    await client.query(`grant connect on database ${db} to ${APP_ROLE}`);
    await client.query(`grant usage, create on schema public to ${OWNER_ROLE}`);
  });
  return {
    migration: { connectionString: targetUrl, options: `-c role=${OWNER_ROLE}` },
    appUrl: options.appUrl ?? appUrlFor(adminUrl, database),
  };
}

async function ensureRoles(client: pg.Client, adminUrl: string): Promise<void> {
  const existing = await client.query<{ rolname: string }>('select rolname from pg_roles where rolname = any($1)', [
    [OWNER_ROLE, APP_ROLE],
  ]);
  const names = new Set(existing.rows.map((row) => row.rolname));
  if (!names.has(OWNER_ROLE)) await client.query(`create role ${OWNER_ROLE} nologin`);
  if (!names.has(APP_ROLE)) await client.query(`create role ${APP_ROLE} login`);
  const password = client.escapeLiteral(derivedAppPassword(adminUrl));
  const { rows } = await client.query<{ rolsuper: boolean }>(
    'select rolsuper from pg_roles where rolname = current_user',
  );
  if (rows[0]?.rolsuper) {
    // Re-asserted on every start: the app role may never gain privileges that bypass row-level security.
    await client.query(
      `alter role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole noinherit noreplication password ${password}`,
    );
    await client.query(`alter role ${OWNER_ROLE} nologin nosuperuser nobypassrls`);
  } else {
    // A CREATEROLE login may not name superuser attributes at all; roles it creates cannot have them,
    // and the app checks its own role at every start (checkAppRole).
    await client.query(`alter role ${APP_ROLE} login noinherit password ${password}`);
    await client.query(`grant ${OWNER_ROLE} to current_user`);
  }
}

export interface RoleCheck {
  role: string;
  superuser: boolean;
  bypassRls: boolean;
  ownsTables: number;
}

/** The running app refuses to start as a role that could bypass row-level security. */
export async function checkAppRole(client: pg.ClientBase): Promise<RoleCheck> {
  const { rows } = await client.query<{ role: string; superuser: boolean; bypass_rls: boolean; owns_tables: string }>(
    `select current_user as role, r.rolsuper as superuser, r.rolbypassrls as bypass_rls,
            (select count(*) from pg_class c where c.relowner = r.oid and c.relkind in ('r','p')) as owns_tables
       from pg_roles r where r.rolname = current_user`,
  );
  const row = rows[0];
  if (!row) throw new BootstrapError('Could not read the privileges of the application role.');
  return { role: row.role, superuser: row.superuser, bypassRls: row.bypass_rls, ownsTables: Number(row.owns_tables) };
}
