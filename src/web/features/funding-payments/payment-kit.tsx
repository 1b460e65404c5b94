// What the payment and forwarding pages share: load failures, outcomes that take focus, the text of a failed
// change, field errors, status badges and dates in German notation (as amounts are, docs/funding.md).
import { Alert, Badge, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForwardingStatus, PaymentRequestStatus } from '../../../funding/funding.codes.ts';
import { isProblem } from '../../lib/api-request.ts';

/** "2021-03-01" → "01.03.2021". */
export function germanDate(iso: string | null): string {
  if (!iso) return '–';
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

const REQUEST_COLOURS: Record<PaymentRequestStatus, string> = {
  requested: 'blue.9',
  approved_once: 'indigo.9',
  paid: 'teal.9',
  rejected: 'red.9',
  withdrawn: 'gray.8',
};

export function RequestStatusBadge({ status }: { status: PaymentRequestStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={REQUEST_COLOURS[status]} variant="outline">
      {t(`fundingPayments.requestStatus.${status}`)}
    </Badge>
  );
}

const CONTRACT_COLOURS: Record<ForwardingStatus, string> = {
  draft: 'gray.8',
  concluded: 'teal.9',
  ended: 'indigo.9',
  cancelled: 'red.9',
};

export function ContractStatusBadge({ status }: { status: ForwardingStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={CONTRACT_COLOURS[status]} variant="outline">
      {t(`fundingPayments.contractStatus.${status}`)}
    </Badge>
  );
}

/** The outcome of an action; takes focus when it appears (give it a new `key` per outcome). */
export function Outcome({ tone = 'success', children }: { tone?: 'success' | 'error'; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color={tone === 'success' ? 'teal.9' : 'red.9'}
      variant="outline"
      role={tone === 'success' ? 'status' : 'alert'}
    >
      {children}
    </Alert>
  );
}

/** What a failed change means for the user; field errors are shown next to their fields by the forms. */
export function useFailureText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isProblem(error, 'forbidden')) return t('fundingPayments.common.forbidden');
    if (isProblem(error, 'not_found')) return t('fundingPayments.common.notFound');
    if (isProblem(error, 'precondition_failed')) return t('fundingPayments.common.stale');
    if (isProblem(error, 'validation_failed')) {
      const messages = error.fieldErrors.map((problem) => problem.message).join(' ');
      return messages ? `${t('fundingPayments.common.invalid')} ${messages}` : t('fundingPayments.common.invalid');
    }
    if (isProblem(error, 'conflict')) {
      return `${t('fundingPayments.common.conflict')}${error.detail === undefined ? '' : ` (${error.detail})`}`;
    }
    return t('fundingPayments.common.failed');
  };
}

/** The message of a field in a failed change, if the server named that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isProblem(error, 'validation_failed')) return undefined;
  const messages = error.fieldErrors.filter((problem) => problem.field === field).map((problem) => problem.message);
  return messages.length > 0 ? messages.join(' ') : undefined;
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const final = isProblem(error) && error.status < 500;
  const text = isProblem(error, 'forbidden')
    ? t('fundingPayments.common.forbidden')
    : isProblem(error, 'not_found') || isProblem(error, 'validation_failed')
      ? t('fundingPayments.common.notFound')
      : t('fundingPayments.common.loadFailed');
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text>{text}</Text>
      {final ? null : (
        <Button mt="sm" variant="outline" onClick={onRetry}>
          {t('fundingPayments.common.retry')}
        </Button>
      )}
    </Alert>
  );
}
