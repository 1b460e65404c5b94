// What the application and grant pages add to the funding kit (../funding-shared/funding-kit.tsx): who the user
// is here (applicant or authority; hints only, the server decides every request), the status badge, and the kit's
// messages in this area's words.
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import type { ApplicationStatus } from '../../../funding/funding.codes.ts';
import { can } from '../../lib/permissions.ts';
import { FundingLoadFailed, FundingBadge, useFundingFailureText } from '../funding-shared/funding-kit.tsx';

export interface FundingSides {
  /** the municipality's managing office: drafts, submits, withdraws */
  applicant: boolean;
  /** the approving authority: reviews, returns, rejects, decides, amends */
  authority: boolean;
}

export function fundingSides(me: Pick<Me, 'permissions'>): FundingSides {
  return {
    applicant: can(me, 'create', 'application', 'municipality'),
    authority: can(me, 'create', 'grant', 'all'),
  };
}

const STATUS_COLOURS: Record<ApplicationStatus, string> = {
  draft: 'gray.8',
  submitted: 'blue.9',
  in_review: 'indigo.9',
  returned: 'grape.9',
  decided: 'teal.9',
  rejected: 'red.9',
  withdrawn: 'gray.8',
};

export function StatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <FundingBadge colour={STATUS_COLOURS[status]}>{t(`fundingApplications.status.${status}`)}</FundingBadge>;
}

/** What a failed change means for the user; field errors are shown next to their fields by the forms. */
export function useFailureText() {
  return useFundingFailureText('fundingApplications');
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return <FundingLoadFailed texts="fundingApplications" error={error} onRetry={onRetry} />;
}
