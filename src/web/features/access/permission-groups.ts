// The permission table as the page shows it: one group per role, one row per kind of data and reach,
// with the actions listed in a fixed order. Pure: no I/O.
import { permissionSchema, roleSchema, type PermissionTable } from '../../../access/access.schema.ts';

export const ROLES = roleSchema.options;
export const ACTIONS = permissionSchema.shape.action.options;
export const RESOURCES = permissionSchema.shape.resource.options;
export const SCOPES = permissionSchema.shape.scope.options;

export type Role = (typeof ROLES)[number];
export type Action = (typeof ACTIONS)[number];
export type Resource = (typeof RESOURCES)[number];
export type Scope = (typeof SCOPES)[number];

export interface PermissionRow {
  resource: Resource;
  scope: Scope;
  actions: Action[];
}

export interface RoleGroup {
  role: Role;
  requiresSecondFactor: boolean;
  rows: PermissionRow[];
}

function byOrder<T>(order: readonly T[]) {
  return (a: T, b: T) => order.indexOf(a) - order.indexOf(b);
}

/** Groups by role (in the table's order of roles), then by data and reach; `manage` stands alone as it implies all. */
export function groupByRole(table: PermissionTable): RoleGroup[] {
  return table.roles.map(({ role, requiresSecondFactor }) => {
    const rows = new Map<string, PermissionRow>();
    for (const permission of table.permissions) {
      if (permission.role !== role) continue;
      const key = `${permission.resource}:${permission.scope}`;
      const row = rows.get(key) ?? { resource: permission.resource, scope: permission.scope, actions: [] };
      if (!row.actions.includes(permission.action)) row.actions.push(permission.action);
      rows.set(key, row);
    }
    const sorted = [...rows.values()]
      .map((row) => ({
        ...row,
        actions: row.actions.includes('manage') ? (['manage'] as Action[]) : row.actions.sort(byOrder(ACTIONS)),
      }))
      .sort((a, b) => byOrder(RESOURCES)(a.resource, b.resource) || byOrder(SCOPES)(a.scope, b.scope));
    return { role, requiresSecondFactor, rows: sorted };
  });
}

/** The id of a role's section, the target of the page's jump links. */
export function roleSectionId(role: Role): string {
  return `role-${role.replaceAll('_', '-')}`;
}
