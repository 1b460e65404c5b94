// Signing in and out: password, second factor, sessions and their actor, step-up re-authentication.
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import {
  auditActor,
  auditRequest,
  hashToken,
  newToken,
  type AccountsContext,
  type RequestMeta,
} from './accounts.context.ts';
import type { AuthState } from './auth.schema.ts';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './password-hashing.ts';
import { createLoginThrottle } from './login-throttle.service.ts';
import { createOncePerWindow } from './once-per-window.ts';
import { hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes.ts';
import {
  findSessionByTokenHash,
  findSessionWithActor,
  insertSession,
  revokeSession,
  touchSession,
  updateSession,
} from './session.repository.ts';
import {
  needsLastSeenUpdate,
  recentlyAuthenticated,
  sessionExpiry,
  sessionStage,
  sessionValidity,
  STEP_UP_MAX_AGE_MS,
  type SessionStage,
} from './session.rules.ts';
import { looksLikeTotpCode, verifyTotp } from './totp.ts';
import {
  claimTotpStep,
  findUserByEmail,
  findUserById,
  updateUser,
  useRecoveryCode,
  type UserRow,
} from './user.repository.ts';

/** The session behind a request, as the auth plugin resolved it. */
export interface AuthSession {
  id: string;
  userId: string;
  stage: SessionStage;
  createdAt: Date;
  expiresAt: Date;
  /** Password (and second factor) entered within the last 5 minutes, when the request arrived. */
  recentlyAuthenticated: boolean;
  user: { id: string; email: string; displayName: string; isDemo: boolean };
}

export interface ResolvedSession {
  session: AuthSession;
  /** Only for sessions in the `active` stage. */
  actor: Actor | null;
}

export interface LoginResult {
  token: string;
  state: AuthState;
}

/**
 * Refused cross-site requests are audited at most once per client address per minute, and for at most
 * 1,000 addresses per minute per instance. The limit is kept in memory on purpose: checking it in the
 * database (as the login throttle does with login_attempt) would itself cost a write for every forged
 * request, which is the flood the limit is there to stop; and a forged request carries no credential
 * worth throttling across instances. With N instances, an address gets at most N entries a minute.
 */
const CROSS_SITE_AUDIT_WINDOW_MS = 60_000;
const CROSS_SITE_AUDIT_MAX_ADDRESSES = 1000;

const INVALID_CREDENTIALS = 'The e-mail address or the password is wrong.';
const INVALID_CODE = 'The code is wrong or was used already.';

function stageOf(user: UserRow, session: { mfa_verified_at: Date | null }): SessionStage {
  return sessionStage(
    {
      roles: user.roles,
      isDemo: user.is_demo,
      totpEnabled: user.totp_enabled_at !== null,
      passwordChangeRequired: user.password_change_required,
    },
    { mfaVerifiedAt: session.mfa_verified_at },
  );
}

function stateOf(user: UserRow, stage: SessionStage): AuthState {
  return {
    stage,
    user: { id: user.id, displayName: user.display_name, email: user.email, isDemo: user.is_demo },
  };
}

export function createAuthService(context: AccountsContext) {
  const { db, now, secrets, audit } = context;
  const throttle = createLoginThrottle(context);
  const crossSiteAudit = createOncePerWindow({
    windowMs: CROSS_SITE_AUDIT_WINDOW_MS,
    maxKeys: CROSS_SITE_AUDIT_MAX_ADDRESSES,
    now,
  });

  /** Checks a TOTP or recovery code and uses it up; false when wrong or used before. */
  async function useSecondFactor(user: UserRow, code: string, at: Date): Promise<'totp' | 'recovery_code' | null> {
    if (looksLikeTotpCode(code) && user.totp_secret_encrypted) {
      const secret = secrets.open(user.totp_secret_encrypted, `totp:${user.id}`);
      const step = verifyTotp(secret, code, at, user.totp_last_used_step);
      if (step !== null && (await claimTotpStep(db, user.id, step))) return 'totp';
      return null;
    }
    if (looksLikeRecoveryCode(code) && (await useRecoveryCode(db, user.id, hashRecoveryCode(code), at))) {
      return 'recovery_code';
    }
    return null;
  }

  /**
   * The session of a token, valid now, with its active account and the facts of its actor: one statement
   * (findSessionWithActor), read afresh on every request.
   */
  async function loadSession(token: string) {
    const found = await findSessionWithActor(db, hashToken(token));
    if (!found) return undefined;
    const { session, user } = found;
    const at = now();
    if (
      sessionValidity(
        {
          createdAt: session.created_at,
          lastSeenAt: session.last_seen_at,
          expiresAt: session.expires_at,
          revokedAt: session.revoked_at,
        },
        at,
      ) !== 'valid'
    ) {
      return undefined;
    }
    if (user.status !== 'active') return undefined;
    return { ...found, at };
  }

  function actorOf(user: UserRow, activeMunicipalityId: string | null, teamIds: string[]): Actor {
    return {
      userId: user.id,
      organisationId: user.organisation_id,
      roles: user.roles,
      municipalityIds: user.municipality_ids,
      activeMunicipalityId,
      teamIds,
    };
  }

  return {
    /** Password step. Creates a new session (and ends the one the browser had): rotation at login. */
    async login(
      input: { email: string; password: string },
      meta: RequestMeta,
      previousToken: string | undefined,
    ): Promise<LoginResult> {
      const at = now();
      const attemptIds = await throttle.begin(meta, input.email, at);
      const user = await findUserByEmail(db, input.email.trim());
      const verified =
        user?.password_hash && user.status === 'active'
          ? await verifyPassword(user.password_hash, input.password)
          : await verifyAgainstNothing(input.password);
      if (!user || !verified) {
        await audit(db, {
          municipalityId: null,
          actor: null,
          action: 'auth.login',
          resourceType: 'user',
          resourceId: user?.id ?? null,
          outcome: 'failure',
          request: auditRequest(meta),
          details: {
            reason: user ? (user.status === 'active' ? 'wrong_password' : `account_${user.status}`) : 'unknown_account',
          },
        });
        throw new AppError('unauthenticated', INVALID_CREDENTIALS);
      }
      if (user.password_hash && needsRehash(user.password_hash)) {
        await updateUser(db, user.id, { password_hash: await hashPassword(input.password) }, at);
      }
      if (previousToken) {
        const previous = await findSessionByTokenHash(db, hashToken(previousToken));
        if (previous) await revokeSession(db, previous.id, 'rotated', at);
      }
      const token = newToken();
      const stage = stageOf(user, { mfa_verified_at: null });
      // Until the second factor is through, the attempt is neither a failure nor a success: the
      // account's failure count keeps running across password and code.
      if (stage === 'second_factor') {
        await throttle.forget(attemptIds);
      } else {
        await throttle.succeed(attemptIds);
      }
      await db.transaction().execute(async (trx) => {
        await insertSession(trx, {
          tokenHash: hashToken(token),
          userId: user.id,
          now: at,
          expiresAt: sessionExpiry(at),
          ip: meta.ip,
          userAgent: meta.userAgent,
          mfaVerifiedAt: null,
          // Entering the password counts as a recent authentication unless a second factor follows.
          reauthenticatedAt: stage === 'second_factor' ? null : at,
        });
        await audit(trx, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'auth.login',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'success',
          request: auditRequest(meta),
          details: { stage },
        });
      });
      return { token, state: stateOf(user, stage) };
    },

    /** Second step: TOTP or recovery code. Issues a new token for the now fully signed-in session. */
    async completeSecondFactor(session: AuthSession, code: string, meta: RequestMeta): Promise<LoginResult> {
      const at = now();
      const user = await findUserById(db, session.userId);
      if (!user) throw new AppError('unauthenticated', 'Sign in first.');
      const attemptIds = await throttle.begin(meta, user.email, at);
      const used = await useSecondFactor(user, code, at);
      if (!used) {
        await audit(db, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'auth.second_factor',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'failure',
          request: auditRequest(meta),
        });
        throw new AppError('unauthenticated', INVALID_CODE, {
          fieldErrors: [{ in: 'body', field: 'code', code: 'invalid_code', message: INVALID_CODE }],
        });
      }
      await throttle.succeed(attemptIds);
      const token = newToken();
      await db.transaction().execute(async (trx) => {
        const updated = await updateSession(trx, session.id, {
          token_hash: hashToken(token),
          mfa_verified_at: at,
          reauthenticated_at: at,
        });
        if (!updated) throw new AppError('unauthenticated', 'The session has ended; sign in again.');
        await audit(trx, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'auth.second_factor',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'success',
          request: auditRequest(meta),
          details: { method: used },
        });
      });
      return { token, state: stateOf(user, stageOf(user, { mfa_verified_at: at })) };
    },

    /**
     * Resolves a session cookie; null when unknown, ended, idle, expired, or the account is not active.
     * `touch` counts the request as activity (it postpones the idle timeout).
     */
    async resolve(token: string, options: { touch: boolean } = { touch: true }): Promise<ResolvedSession | null> {
      const loaded = await loadSession(token);
      if (!loaded) return null;
      const { session, user, at, activeMunicipalityId, teamIds } = loaded;
      if (options.touch && needsLastSeenUpdate(session.last_seen_at, at)) await touchSession(db, session.id, at);
      const stage = stageOf(user, session);
      return {
        session: {
          id: session.id,
          userId: user.id,
          stage,
          createdAt: session.created_at,
          expiresAt: session.expires_at,
          recentlyAuthenticated: recentlyAuthenticated(session.reauthenticated_at, at),
          user: { id: user.id, email: user.email, displayName: user.display_name, isDemo: user.is_demo },
        },
        actor: stage === 'active' ? actorOf(user, activeMunicipalityId, teamIds) : null,
      };
    },

    state(session: AuthSession | null): AuthState {
      if (!session) return { stage: null, user: null };
      return {
        stage: session.stage,
        user: {
          id: session.user.id,
          displayName: session.user.displayName,
          email: session.user.email,
          isDemo: session.user.isDemo,
        },
      };
    },

    async logout(session: AuthSession | null, meta: RequestMeta): Promise<void> {
      if (!session) return;
      const at = now();
      await db.transaction().execute(async (trx) => {
        await revokeSession(trx, session.id, 'logout', at);
        const user = await findUserById(trx, session.userId);
        await audit(trx, {
          municipalityId: null,
          actor: user ? auditActor(user) : null,
          action: 'auth.logout',
          resourceType: 'session',
          resourceId: session.id,
          outcome: 'success',
          request: auditRequest(meta),
        });
      });
    },

    /** Step-up (ASVS 7.5.3): password, and the second factor when the account has one. */
    async reauthenticate(
      session: AuthSession,
      input: { password: string; code?: string | undefined },
      meta: RequestMeta,
    ): Promise<{ validUntil: Date }> {
      const at = now();
      const user = await findUserById(db, session.userId);
      if (!user?.password_hash) throw new AppError('unauthenticated', 'Sign in first.');
      const attemptIds = await throttle.begin(meta, user.email, at);
      const passwordOk = await verifyPassword(user.password_hash, input.password);
      const needsCode = user.totp_enabled_at !== null;
      if (passwordOk && needsCode && !input.code) {
        await throttle.forget(attemptIds);
        throw new AppError('validation_failed', 'Enter the code of your authenticator app as well.', {
          fieldErrors: [{ in: 'body', field: 'code', code: 'required', message: 'code required' }],
        });
      }
      const codeOk =
        !needsCode ||
        (passwordOk && input.code !== undefined && (await useSecondFactor(user, input.code, at)) !== null);
      if (!passwordOk || !codeOk) {
        await audit(db, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'auth.reauthenticate',
          resourceType: 'session',
          resourceId: session.id,
          outcome: 'failure',
          request: auditRequest(meta),
        });
        throw new AppError('unauthenticated', passwordOk ? INVALID_CODE : 'The password is wrong.', {
          fieldErrors: [
            passwordOk
              ? { in: 'body', field: 'code', code: 'invalid_code', message: INVALID_CODE }
              : { in: 'body', field: 'password', code: 'invalid_password', message: 'wrong password' },
          ],
        });
      }
      await throttle.succeed(attemptIds);
      await db.transaction().execute(async (trx) => {
        const updated = await updateSession(trx, session.id, { reauthenticated_at: at });
        if (!updated) throw new AppError('unauthenticated', 'The session has ended; sign in again.');
        await audit(trx, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'auth.reauthenticate',
          resourceType: 'session',
          resourceId: session.id,
          outcome: 'success',
          request: auditRequest(meta),
        });
      });
      return { validUntil: new Date(at.getTime() + STEP_UP_MAX_AGE_MS) };
    },

    /** Checks the current password of a signed-in user, throttled like a login. */
    async verifyCurrentPassword(user: UserRow, password: string, meta: RequestMeta): Promise<boolean> {
      const attemptIds = await throttle.begin(meta, user.email, now());
      const ok = user.password_hash ? await verifyPassword(user.password_hash, password) : false;
      if (ok) await throttle.succeed(attemptIds);
      return ok;
    },

    /** Records a refused request (function-level access) in the audit log. */
    async recordDenial(
      actor: Actor,
      attempted: { action: string; resource: string; route: string },
      meta: RequestMeta,
    ): Promise<void> {
      await audit(db, {
        municipalityId: null,
        actor: { userId: actor.userId, organisationId: actor.organisationId, roles: [...actor.roles] },
        action: attempted.action,
        resourceType: attempted.resource,
        outcome: 'denied',
        request: auditRequest(meta),
        details: { route: attempted.route.slice(0, 200) },
      });
    },

    /**
     * Records a request refused by the CSRF check (system chain, no actor: the session is not looked at),
     * rate-limited per client address (see CROSS_SITE_AUDIT_WINDOW_MS). True when an entry was written.
     */
    async recordCrossSiteRefusal(facts: { method: string; reason: string }, meta: RequestMeta): Promise<boolean> {
      if (!crossSiteAudit.take(meta.ip ?? 'unknown')) return false;
      await audit(db, {
        municipalityId: null,
        actor: null,
        action: 'request.cross_site_refused',
        resourceType: 'request',
        outcome: 'denied',
        request: auditRequest(meta),
        details: { method: facts.method.slice(0, 16), reason: facts.reason },
      });
      return true;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
