// User administration: accounts, roles, invitations. Shared by the API and the web app.
import { z } from 'zod';
import { roles } from '../access/access.rules.ts';

export const userStatuses = ['invited', 'active', 'disabled'] as const;

export const roleSchema = z.enum(roles);
/** A role name (the list is in access/access.rules.ts; re-exported here for the web app). */
export type UserRole = z.infer<typeof roleSchema>;
const organisationKinds = ['ministry', 'approving_authority', 'municipality', 'provider', 'alliance_member'] as const;

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    status: z.enum(userStatuses),
    roles: z.array(z.enum(roles)),
    organisation: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(organisationKinds) }),
    secondFactorEnabled: z.boolean(),
    isDemo: z.boolean(),
    version: z.number().int().positive(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const listUsersQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100).optional(),
  status: z.enum(userStatuses).optional(),
  organisationId: z.uuid().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const userPageSchema = z
  .object({ items: z.array(userSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'UserPage' });
export type UserPage = z.infer<typeof userPageSchema>;

export const userIdParamsSchema = z.strictObject({ id: z.uuid() });

export const userSetups = ['invitation', 'initial_password'] as const;

export const createUserRequestSchema = z
  .strictObject({
    email: z.email().max(254),
    displayName: z.string().trim().min(1).max(120),
    organisationId: z.uuid(),
    roles: z.array(z.enum(roles)).min(1).max(roles.length),
    setup: z
      .enum(userSetups)
      .describe('invitation: a one-time link (7 days); initial_password: a password shown once, to be changed'),
  })
  .meta({ id: 'CreateUser' });
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const invitationLinkSchema = z.object({
  token: z.string().describe('Goes into the link /invitation#<token>; shown once'),
  expiresAt: z.iso.datetime(),
});

export const createdUserSchema = z
  .object({
    user: userSchema,
    invitation: invitationLinkSchema.nullable(),
    initialPassword: z.string().nullable().describe('Shown once'),
  })
  .meta({ id: 'CreatedUser' });
export type CreatedUser = z.infer<typeof createdUserSchema>;

export const newInvitationSchema = z.object({ invitation: invitationLinkSchema }).meta({ id: 'NewInvitation' });
export type NewInvitation = z.infer<typeof newInvitationSchema>;

export const updateRolesRequestSchema = z
  .strictObject({ roles: z.array(z.enum(roles)).min(1).max(roles.length) })
  .meta({ id: 'UpdateRoles' });

export const assignableOrganisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(organisationKinds),
  roles: z.array(z.enum(roles)).describe('Roles the caller may grant in this organisation'),
});
export const assignableOrganisationsSchema = z
  .object({ items: z.array(assignableOrganisationSchema) })
  .meta({ id: 'AssignableOrganisations' });
export type AssignableOrganisations = z.infer<typeof assignableOrganisationsSchema>;
