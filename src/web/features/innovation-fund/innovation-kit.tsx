// What the innovation fund's pages add to the funding kit (../funding-shared/funding-kit.tsx): who the signed-in
// user is for this area (hints only; the server decides every request), and the kit's messages in its words.
import type { Me } from '../../../accounts/profile.schema.ts';
import { can } from '../../lib/permissions.ts';
import { FundingLoadFailed, useFundingFailureText, type ProblemDetails } from '../funding-shared/funding-kit.tsx';

/** The roles of the signed-in user in the innovation fund, from the permissions the server sent. */
export interface InnovationRoles {
  /** the approving authority: prepares calls, closes rankings, selects */
  prepares: boolean;
  /** the steering committee: scores (and reads the ranking) */
  committee: boolean;
  /** a municipality or a provider: proposes */
  proposes: boolean;
}

export function innovationRoles(me: Pick<Me, 'permissions' | 'organisation'>): InnovationRoles {
  return {
    prepares: me.permissions.some(
      (permission) =>
        permission.resource === 'innovation' && permission.action === 'manage' && permission.scope === 'all',
    ),
    committee: can(me, 'update', 'innovation', 'all'),
    proposes:
      can(me, 'create', 'innovation') &&
      (me.organisation.kind === 'municipality' || me.organisation.kind === 'provider'),
  };
}

/** Field problems as "field: message" pairs in brackets: the innovation forms show no field errors of their own. */
const fieldsAndMessages: ProblemDetails = (problems) =>
  problems.length > 0 ? `(${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')})` : '';

/** What a failed change means for the user; the server's sentence says which state stands in the way. */
export function useFailureText() {
  const failureText = useFundingFailureText('innovation');
  return (error: unknown): string => failureText(error, fieldsAndMessages);
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return <FundingLoadFailed texts="innovation" error={error} onRetry={onRetry} />;
}
