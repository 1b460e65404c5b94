// The operator's use case: creating an account from the command line (`durchstarten users:create`),
// e.g. the first system administrator, when nobody can sign in yet.
import { z } from 'zod';
import type { Role } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { assertPasswordAcceptable, type AccountsContext } from './accounts.context.ts';
import { hashPassword } from './password-hashing.ts';
import { findOrganisationFacts, findOrganisationsByName, findUserById, insertUser } from './user.repository.ts';
import { roleGrantProblems, rolesByOrganisationKind } from './user.rules.ts';
import type { User } from './user.schema.ts';
import { generateInitialPassword, presentUser } from './user.service.ts';
import { isUniqueViolation } from '../platform/db/constraint-errors.ts';

export function createUserOperatorService(context: AccountsContext) {
  const { db, audit } = context;

  return {
    /**
     * For the operator's command line (`durchstarten users:create`), e.g. the first system administrator:
     * no acting user, the organisation by id or exact name. With a password, the account is active at
     * once; without, an initial password is generated that must be changed at the first login.
     */
    async createByOperator(input: {
      email: string;
      displayName: string;
      organisation: string;
      roles: readonly Role[];
      password?: string | undefined;
      /** Demo accounts (demo set-up): marked in the UI, no second factor required. */
      isDemo?: boolean;
    }): Promise<{ user: User; initialPassword: string | null }> {
      const byId = z.uuid().safeParse(input.organisation).success
        ? await findOrganisationFacts(db, input.organisation)
        : undefined;
      const matches = byId ? [byId] : await findOrganisationsByName(db, input.organisation);
      if (matches.length !== 1 || !matches[0]) {
        throw new AppError(
          'validation_failed',
          matches.length === 0
            ? `No organisation "${input.organisation}".`
            : `"${input.organisation}" names ${matches.length} organisations; give the id instead.`,
        );
      }
      const organisation = matches[0];
      const roles = [...new Set(input.roles)];
      const problems = roleGrantProblems(roles, organisation.kind, ['system_admin']);
      if (problems.length > 0) {
        throw new AppError(
          'validation_failed',
          `Roles not possible in a ${organisation.kind} organisation: ${problems.map((p) => p.role ?? p.problem).join(', ')}. ` +
            `Possible: ${rolesByOrganisationKind[organisation.kind].join(', ')}.`,
        );
      }
      const email = input.email.trim();
      if (!z.email().safeParse(email).success)
        throw new AppError('validation_failed', `"${email}" is not an e-mail address.`);
      if (input.password !== undefined) {
        assertPasswordAcceptable(input.password, { email, displayName: input.displayName }, 'password');
      }
      const initialPassword = input.password === undefined ? generateInitialPassword() : null;
      const passwordHash = await hashPassword(input.password ?? initialPassword ?? '');
      try {
        const id = await withTenant(
          db,
          { municipalityId: organisation.kind === 'municipality' ? organisation.id : null, userId: null },
          async (trx) => {
            const created = await insertUser(
              trx,
              {
                organisation_id: organisation.id,
                email,
                display_name: input.displayName.trim(),
                password_hash: passwordHash,
                password_change_required: initialPassword !== null,
                status: 'active',
                is_demo: input.isDemo ?? false,
              },
              roles,
            );
            await audit(trx, {
              municipalityId: organisation.kind === 'municipality' ? organisation.id : null,
              actor: null,
              action: 'user.create',
              resourceType: 'user',
              resourceId: created,
              changedFields: ['email', 'displayName', 'organisationId', 'roles'],
              outcome: 'success',
              details: { via: 'cli', roles: roles.join(',') },
            });
            return created;
          },
        );
        const user = await findUserById(db, id);
        if (!user) throw new AppError('internal', 'The account just created is missing.');
        return { user: presentUser(user), initialPassword };
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError('conflict', `An account with the e-mail address ${email} exists already.`);
        throw error;
      }
    },
  };
}
