// Session rules (ASVS 5.0 V7): lifetimes, the session cookie, and what a session may do at each stage
// of the login. Pure, so that each rule is unit-tested.
import { seesParticipantData, type Role } from '../access/access.rules.ts';

export const IDLE_TIMEOUT_MS = 15 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 10 * 60 * 60_000;
/** Exports, deletions and role changes need a password (and TOTP) entered at most this long ago. */
export const STEP_UP_MAX_AGE_MS = 5 * 60_000;
/**
 * last_seen_at is written at most this often, to avoid a write per request. The idle timeout is
 * measured from it, so a session may end up to this much earlier than 15 minutes after its last use.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000;
/** 256 random bits per token (ASVS 7.2.3 asks for at least 128). */
export const SESSION_TOKEN_BYTES = 32;

/**
 * The cookie. Browsers accept a `__Host-` cookie only with Secure, Path=/ and no Domain, and Secure
 * cookies are not sent over plain HTTP: so over HTTPS (directly or behind a trusted proxy) the
 * cookie is `__Host-durchstarten_session`, and on plain-HTTP local installs (http://localhost) it is
 * `durchstarten_session` without the prefix. A request is only ever read with the name of its own
 * scheme, so a cookie set over HTTP is never accepted on HTTPS.
 */
export const SECURE_COOKIE_NAME = '__Host-durchstarten_session';
export const PLAIN_COOKIE_NAME = 'durchstarten_session';

export interface SessionCookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax';
  path: '/';
}

export function sessionCookie(secure: boolean): { name: string; options: SessionCookieOptions } {
  return {
    name: secure ? SECURE_COOKIE_NAME : PLAIN_COOKIE_NAME,
    // No Max-Age/Expires: the browser forgets it when it closes; the server ends it after 15 min
    // idle or 10 h in any case.
    options: { httpOnly: true, secure, sameSite: 'lax', path: '/' },
  };
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type SessionValidity = 'valid' | 'revoked' | 'idle_timeout' | 'expired';

export function sessionValidity(session: SessionTimes, now: Date): SessionValidity {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= IDLE_TIMEOUT_MS) return 'idle_timeout';
  return 'valid';
}

export function sessionExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + ABSOLUTE_TIMEOUT_MS);
}

export function needsLastSeenUpdate(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS;
}

export function recentlyAuthenticated(reauthenticatedAt: Date | null, now: Date): boolean {
  if (!reauthenticatedAt) return false;
  const age = now.getTime() - reauthenticatedAt.getTime();
  return age >= 0 && age <= STEP_UP_MAX_AGE_MS;
}

/** A second factor is mandatory for every role that reaches participant data; demo accounts are exempt. */
export function secondFactorRequired(user: { roles: readonly Role[]; isDemo: boolean }): boolean {
  return !user.isDemo && user.roles.some((role) => seesParticipantData(role));
}

/**
 * Where a login stands:
 * - `second_factor`: password accepted, the TOTP (or a recovery code) is still to come;
 * - `password_change`: an administrator set the password, the user must choose their own;
 * - `enrolment`: a second factor is mandatory and not yet set up;
 * - `active`: fully signed in.
 * Until `active`, the session reaches only the endpoints of its stage.
 */
export type SessionStage = 'second_factor' | 'password_change' | 'enrolment' | 'active';

export function sessionStage(
  user: { roles: readonly Role[]; isDemo: boolean; totpEnabled: boolean; passwordChangeRequired: boolean },
  session: { mfaVerifiedAt: Date | null },
): SessionStage {
  if (user.totpEnabled && !session.mfaVerifiedAt) return 'second_factor';
  if (user.passwordChangeRequired) return 'password_change';
  if (!user.totpEnabled && secondFactorRequired(user)) return 'enrolment';
  return 'active';
}
