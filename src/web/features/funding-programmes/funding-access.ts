// Which parts of the funding administration the signed-in user's roles reach (hints for the interface; the
// server decides every request).
import type { Me } from '../../../accounts/profile.schema.ts';
import { can } from '../../lib/permissions.ts';

type Permission = Me['permissions'][number];

/** Whether some role holds the action on the resource for every municipality (the authority, the ministry). */
export function canEverywhere(
  me: Pick<Me, 'permissions'>,
  action: Permission['action'],
  resource: Permission['resource'],
): boolean {
  return me.permissions.some(
    (p) => p.resource === resource && p.scope === 'all' && (p.action === action || p.action === 'manage'),
  );
}

export { can };
