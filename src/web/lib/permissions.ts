// What the signed-in user may do, from the permission list the server sends with /api/v1/me. Hints for the
// interface only (show the links and buttons that can work); the server decides every request anyway.
import type { Me } from '../../accounts/profile.schema.ts';

type Permission = Me['permissions'][number];

/** Whether some role of the user holds the action (or `manage`) on the resource, at the scope if one is named. */
export function can(
  me: Pick<Me, 'permissions'>,
  action: Permission['action'],
  resource: Permission['resource'],
  scope?: Permission['scope'],
): boolean {
  return me.permissions.some(
    (permission) =>
      permission.resource === resource &&
      (permission.action === action || permission.action === 'manage') &&
      (scope === undefined || permission.scope === scope),
  );
}
