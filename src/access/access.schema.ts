import { z } from 'zod';
import { actions, resources, roles, scopes } from './access.rules.ts';

export const roleSchema = z.enum(roles);
export const permissionSchema = z.object({
  role: roleSchema,
  action: z.enum(actions),
  resource: z.enum(resources),
  scope: z.enum(scopes),
});
export const permissionTableSchema = z
  .object({
    roles: z.array(z.object({ role: roleSchema, requiresSecondFactor: z.boolean() })),
    permissions: z.array(permissionSchema),
  })
  .meta({ id: 'PermissionTable', description: 'Roles and their permissions (role × action × resource, with scope)' });
export type PermissionTable = z.infer<typeof permissionTableSchema>;
