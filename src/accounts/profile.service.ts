// The signed-in user's own account: profile, password change, TOTP enrolment, sessions, tenant switch.
import QRCode from 'qrcode';
import { permissions, type Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import {
  assertPasswordAcceptable,
  auditActor,
  auditRequest,
  hashToken,
  newToken,
  type AccountsContext,
  type RequestMeta,
} from './accounts.context.ts';
import type { AuthService, AuthSession } from './auth.service.ts';
import { hashPassword } from './password-hashing.ts';
import type { Me, RecoveryCodes, SessionList, TotpEnrolment } from './profile.schema.ts';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes.ts';
import {
  findLiveSessionOfUser,
  listLiveSessions,
  revokeSession,
  revokeSessionsOfUser,
  updateSession,
} from './session.repository.ts';
import { secondFactorRequired, sessionValidity } from './session.rules.ts';
import { assertRecentAuthentication } from './step-up.ts';
import { generateTotpSecret, totpUri, verifyTotp } from './totp.ts';
import {
  countUnusedRecoveryCodes,
  findUserById,
  listOrganisationFacts,
  lockUser,
  replaceRecoveryCodes,
  updateUser,
  type UserRow,
} from './user.repository.ts';

/** An enrolment not confirmed within this time must be started again. */
const ENROLMENT_VALID_MS = 30 * 60_000;

export function createProfileService(context: AccountsContext, auth: AuthService) {
  const { db, now, secrets, audit } = context;

  async function userOf(session: AuthSession): Promise<UserRow> {
    const user = await findUserById(db, session.userId);
    if (user?.status !== 'active') throw new AppError('unauthenticated', 'Sign in first.');
    return user;
  }

  function totpContext(userId: string): string {
    return `totp:${userId}`;
  }

  return {
    async me(actor: Actor): Promise<Me> {
      const user = await findUserById(db, actor.userId);
      if (!user) throw new AppError('unauthenticated', 'Sign in first.');
      const municipalities = await listOrganisationFacts(db, actor.municipalityIds);
      return {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        isDemo: user.is_demo,
        roles: user.roles,
        organisation: { id: user.organisation_id, name: user.organisation_name, kind: user.organisation_kind },
        municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })),
        activeMunicipalityId: actor.activeMunicipalityId,
        permissions: permissions
          .filter((permission) => user.roles.includes(permission.role))
          .map(({ action, resource, scope }) => ({ action, resource, scope })),
        passwordChangedAt: user.password_changed_at?.toISOString() ?? null,
        secondFactor: {
          enabled: user.totp_enabled_at !== null,
          required: secondFactorRequired({ roles: user.roles, isDemo: user.is_demo }),
          enabledAt: user.totp_enabled_at?.toISOString() ?? null,
          recoveryCodesRemaining: user.totp_enabled_at ? await countUnusedRecoveryCodes(db, user.id) : 0,
        },
      };
    },

    /** Changes the password; ends every other session and gives this one a new token. */
    async changePassword(
      session: AuthSession,
      input: { currentPassword: string; newPassword: string },
      meta: RequestMeta,
    ): Promise<{ token: string }> {
      const user = await userOf(session);
      if (!(await auth.verifyCurrentPassword(user, input.currentPassword, meta))) {
        await audit(db, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'account.password_change',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'failure',
          request: auditRequest(meta),
        });
        throw new AppError('validation_failed', 'The current password is wrong.', {
          fieldErrors: [{ in: 'body', field: 'currentPassword', code: 'invalid_password', message: 'wrong password' }],
        });
      }
      assertPasswordAcceptable(input.newPassword, { email: user.email, displayName: user.display_name }, 'newPassword');
      if (input.newPassword === input.currentPassword) {
        throw new AppError('validation_failed', 'Choose a password different from the current one.', {
          fieldErrors: [{ in: 'body', field: 'newPassword', code: 'password_unchanged', message: 'unchanged' }],
        });
      }
      const passwordHash = await hashPassword(input.newPassword);
      const at = now();
      const token = newToken();
      await db.transaction().execute(async (trx) => {
        await updateUser(
          trx,
          user.id,
          { password_hash: passwordHash, password_changed_at: at, password_change_required: false },
          at,
        );
        const ended = await revokeSessionsOfUser(trx, user.id, 'password_changed', at, session.id);
        await updateSession(trx, session.id, { token_hash: hashToken(token), reauthenticated_at: at });
        await audit(trx, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'account.password_change',
          resourceType: 'user',
          resourceId: user.id,
          changedFields: ['password'],
          outcome: 'success',
          request: auditRequest(meta),
          details: { otherSessionsEnded: ended },
        });
      });
      return { token };
    },

    /** Starts TOTP enrolment: a new seed, kept encrypted until a code confirms it. */
    async startTotpEnrolment(session: AuthSession): Promise<TotpEnrolment> {
      const user = await userOf(session);
      if (user.totp_enabled_at) {
        throw new AppError('conflict', 'A second factor is set up already.');
      }
      const secret = generateTotpSecret();
      const at = now();
      await updateUser(
        db,
        user.id,
        { totp_pending_secret_encrypted: secrets.seal(secret, totpContext(user.id)), totp_pending_created_at: at },
        at,
      );
      const uri = totpUri(secret, user.email);
      const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },

    /**
     * Confirms the enrolment with a code from the app: the second factor is on, the session counts as
     * verified (with a new token), and ten recovery codes are returned, once.
     */
    async confirmTotpEnrolment(
      session: AuthSession,
      code: string,
      meta: RequestMeta,
    ): Promise<RecoveryCodes & { token: string }> {
      const at = now();
      const token = newToken();
      const codes = generateRecoveryCodes();
      await db.transaction().execute(async (trx) => {
        await lockUser(trx, session.userId);
        const user = await findUserById(trx, session.userId);
        if (user?.status !== 'active') throw new AppError('unauthenticated', 'Sign in first.');
        if (user.totp_enabled_at) throw new AppError('conflict', 'A second factor is set up already.');
        const pending = user.totp_pending_secret_encrypted;
        const started = user.totp_pending_created_at;
        if (!pending || !started || at.getTime() - started.getTime() > ENROLMENT_VALID_MS) {
          throw new AppError('conflict', 'Start the set-up again: it was not started or is older than 30 minutes.');
        }
        const step = verifyTotp(secrets.open(pending, totpContext(user.id)), code, at, null);
        if (step === null) {
          throw new AppError('validation_failed', 'The code is wrong. Check the time on your phone and try again.', {
            fieldErrors: [{ in: 'body', field: 'code', code: 'invalid_code', message: 'wrong code' }],
          });
        }
        await updateUser(
          trx,
          user.id,
          {
            totp_secret_encrypted: pending,
            totp_enabled_at: at,
            totp_last_used_step: step,
            totp_pending_secret_encrypted: null,
            totp_pending_created_at: null,
          },
          at,
        );
        await replaceRecoveryCodes(trx, user.id, codes.map(hashRecoveryCode), at);
        await updateSession(trx, session.id, {
          token_hash: hashToken(token),
          mfa_verified_at: at,
          reauthenticated_at: at,
        });
        await audit(trx, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'account.second_factor_enrol',
          resourceType: 'user',
          resourceId: user.id,
          changedFields: ['totp'],
          outcome: 'success',
          request: auditRequest(meta),
        });
      });
      return { codes, token };
    },

    /** New recovery codes (the old ones stop working). Needs a recent authentication. */
    async regenerateRecoveryCodes(session: AuthSession, meta: RequestMeta): Promise<RecoveryCodes> {
      assertRecentAuthentication(session);
      const user = await userOf(session);
      if (!user.totp_enabled_at) throw new AppError('conflict', 'Set up a second factor first.');
      const codes = generateRecoveryCodes();
      const at = now();
      await db.transaction().execute(async (trx) => {
        await replaceRecoveryCodes(trx, user.id, codes.map(hashRecoveryCode), at);
        await audit(trx, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'account.recovery_codes_regenerate',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'success',
          request: auditRequest(meta),
        });
      });
      return { codes };
    },

    async listSessions(session: AuthSession): Promise<SessionList> {
      const at = now();
      const rows = await listLiveSessions(db, session.userId, at);
      return {
        items: rows
          .filter(
            (row) =>
              sessionValidity(
                {
                  createdAt: row.created_at,
                  lastSeenAt: row.last_seen_at,
                  expiresAt: row.expires_at,
                  revokedAt: row.revoked_at,
                },
                at,
              ) === 'valid',
          )
          .map((row) => ({
            id: row.id,
            current: row.id === session.id,
            createdAt: row.created_at.toISOString(),
            lastSeenAt: row.last_seen_at.toISOString(),
            expiresAt: row.expires_at.toISOString(),
            ip: row.ip,
            userAgent: row.user_agent,
          })),
      };
    },

    /** Ends one of the user's own sessions; returns whether it was the current one. */
    async revokeSession(session: AuthSession, sessionId: string, meta: RequestMeta): Promise<{ current: boolean }> {
      const at = now();
      await db.transaction().execute(async (trx) => {
        const owned = await findLiveSessionOfUser(trx, sessionId, session.userId);
        if (!owned) throw new AppError('not_found', 'No such active session.');
        await revokeSession(trx, sessionId, 'revoked_by_user', at);
        const user = await findUserById(trx, session.userId);
        await audit(trx, {
          municipalityId: null,
          actor: user ? auditActor(user) : null,
          action: 'session.revoke',
          resourceType: 'session',
          resourceId: sessionId,
          outcome: 'success',
          request: auditRequest(meta),
        });
      });
      return { current: sessionId === session.id };
    },

    /** "Log out everywhere": ends every session of the user, this one included. */
    async logoutEverywhere(session: AuthSession, meta: RequestMeta): Promise<{ revoked: number }> {
      const at = now();
      return db.transaction().execute(async (trx) => {
        const revoked = await revokeSessionsOfUser(trx, session.userId, 'logout_everywhere', at);
        const user = await findUserById(trx, session.userId);
        await audit(trx, {
          municipalityId: null,
          actor: user ? auditActor(user) : null,
          action: 'auth.logout_everywhere',
          resourceType: 'session',
          outcome: 'success',
          request: auditRequest(meta),
          details: { sessionsEnded: revoked },
        });
        return { revoked };
      });
    },

    /** Switches the tenant the session works in, among the user's municipalities. */
    async setActiveMunicipality(actor: Actor, session: AuthSession, municipalityId: string): Promise<void> {
      if (!actor.municipalityIds.includes(municipalityId)) {
        throw new AppError('validation_failed', 'You do not work for this municipality.', {
          fieldErrors: [{ in: 'body', field: 'municipalityId', code: 'not_allowed', message: 'not one of yours' }],
        });
      }
      await updateSession(db, session.id, { active_municipality_id: municipalityId });
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
