// Invitations: a one-time link (7 days) with which an invited person sets their first password.
import { AppError } from '../platform/errors.ts';
import {
  assertPasswordAcceptable,
  auditActor,
  auditRequest,
  hashToken,
  type AccountsContext,
  type RequestMeta,
} from './accounts.context.ts';
import type { Invitation } from './auth.schema.ts';
import { hashPassword } from './password-hashing.ts';
import { consumeInvitation, findInvitation, findUserById, updateUser } from './user.repository.ts';

export function createInvitationService(context: AccountsContext) {
  const { db, now, audit } = context;

  return {
    /** Who a link is for; 404 when it is unknown, used, replaced or expired. */
    async invitation(token: string): Promise<Invitation> {
      const found = await findInvitation(db, hashToken(token));
      const at = now();
      if (!found || found.used_at || found.expires_at.getTime() <= at.getTime()) {
        throw new AppError('not_found', 'This invitation link is not valid (any more). Ask for a new one.');
      }
      const user = await findUserById(db, found.user_id);
      if (user?.status !== 'invited') throw new AppError('not_found', 'This invitation link is not valid (any more).');
      return {
        email: user.email,
        displayName: user.display_name,
        organisationName: user.organisation_name,
        expiresAt: found.expires_at.toISOString(),
      };
    },

    /** Sets the first password through a one-time invitation link and activates the account. */
    async acceptInvitation(input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
      const at = now();
      const found = await findInvitation(db, hashToken(input.token));
      const user = found ? await findUserById(db, found.user_id) : undefined;
      if (!found || !user || found.used_at || found.expires_at.getTime() <= at.getTime() || user.status !== 'invited') {
        throw new AppError('not_found', 'This invitation link is not valid (any more). Ask for a new one.');
      }
      assertPasswordAcceptable(input.password, { email: user.email, displayName: user.display_name }, 'password');
      const passwordHash = await hashPassword(input.password);
      await db.transaction().execute(async (trx) => {
        if (!(await consumeInvitation(trx, found.id, at))) {
          throw new AppError('not_found', 'This invitation link was used already.');
        }
        await updateUser(
          trx,
          user.id,
          { password_hash: passwordHash, password_changed_at: at, password_change_required: false, status: 'active' },
          at,
        );
        await audit(trx, {
          municipalityId: null,
          actor: auditActor(user),
          action: 'account.invitation_accept',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'success',
          request: auditRequest(meta),
        });
      });
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
