// What the accounts services share: database, clock, secrets and the audit log, plus small helpers.
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Actor, Role } from '../access/access.rules.ts';
import type { AuditEntryFacts } from '../audit/audit.rules.ts';
import type { Database } from '../database.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import type { SecretBox } from '../platform/secrets.ts';
import { isCommonPassword } from './common-passwords.ts';
import { passwordProblems, type PasswordProblem } from './password.rules.ts';

/** Appends an entry to the audit log; with a transaction, as part of it. */
export type AuditWriter = (db: Kysely<Database>, entry: AuditEntryFacts) => Promise<unknown>;

export interface AccountsContext {
  db: Kysely<Database>;
  /** The clock; tests pass a fake one to move through idle and absolute timeouts. */
  now: () => Date;
  secrets: SecretBox;
  audit: AuditWriter;
}

export type { RequestMeta };

/** 256 random bits, base64url (43 characters): session and invitation tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored as SHA-256 only: a copy of the database does not let anyone in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function auditActor(user: { id: string; organisation_id: string; roles: readonly Role[] }) {
  return { userId: user.id, organisationId: user.organisation_id, roles: [...user.roles] };
}

export function auditActorOf(actor: Actor) {
  return { userId: actor.userId, organisationId: actor.organisationId, roles: [...actor.roles] };
}

/** The request facts for the audit log; an address that does not parse (odd proxy headers) is left out. */
export function auditRequest(meta: RequestMeta) {
  return { ip: meta.ip && isIP(meta.ip) !== 0 ? meta.ip : null, userAgent: meta.userAgent, requestId: meta.requestId };
}

const passwordMessages: Record<PasswordProblem, string> = {
  too_short: 'Use at least 8 characters.',
  too_long: 'Use at most 128 characters.',
  common: 'This password is too common; choose another one.',
  matches_account: 'The password must not be your e-mail address or name.',
};

/** Throws a 400 problem with a field error per problem of the new password. */
export function assertPasswordAcceptable(
  password: string,
  account: { email: string; displayName: string },
  field: string,
): void {
  const problems = passwordProblems(password, account, isCommonPassword);
  if (problems.length === 0) return;
  const fieldErrors: FieldError[] = problems.map((problem) => ({
    in: 'body',
    field,
    code: `password_${problem}`,
    message: passwordMessages[problem],
  }));
  throw new AppError('validation_failed', 'The new password does not meet the rules.', { fieldErrors });
}
