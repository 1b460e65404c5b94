// What the payment and forwarding pages add to the funding kit (../funding-shared/funding-kit.tsx): the status
// badges, and the kit's messages in this area's words.
import { useTranslation } from 'react-i18next';
import type { ForwardingStatus, PaymentRequestStatus } from '../../../funding/funding.codes.ts';
import { FundingBadge, FundingLoadFailed, useFundingFailureText } from '../funding-shared/funding-kit.tsx';

const REQUEST_COLOURS: Record<PaymentRequestStatus, string> = {
  requested: 'blue.9',
  approved_once: 'indigo.9',
  paid: 'teal.9',
  rejected: 'red.9',
  withdrawn: 'gray.8',
};

export function RequestStatusBadge({ status }: { status: PaymentRequestStatus }) {
  const { t } = useTranslation();
  return <FundingBadge colour={REQUEST_COLOURS[status]}>{t(`fundingPayments.requestStatus.${status}`)}</FundingBadge>;
}

const CONTRACT_COLOURS: Record<ForwardingStatus, string> = {
  draft: 'gray.8',
  concluded: 'teal.9',
  ended: 'indigo.9',
  cancelled: 'red.9',
};

export function ContractStatusBadge({ status }: { status: ForwardingStatus }) {
  const { t } = useTranslation();
  return <FundingBadge colour={CONTRACT_COLOURS[status]}>{t(`fundingPayments.contractStatus.${status}`)}</FundingBadge>;
}

/** What a failed change means for the user; field errors are shown next to their fields by the forms. */
export function useFailureText() {
  return useFundingFailureText('fundingPayments');
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return <FundingLoadFailed texts="fundingPayments" error={error} onRetry={onRetry} />;
}
