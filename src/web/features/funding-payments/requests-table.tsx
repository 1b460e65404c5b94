// Payment requests with where their approvals stand and what the signed-in user may do with each (approve,
// reject with a reason, withdraw): the authority's inbox, the municipality's list, a grant's requests.
import { Button, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentRequest } from '../../../funding/payment.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { formatMoney, Money } from '../../components/money.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { RequestStatusBadge, useFailureText } from './payment-kit.tsx';
import { useRequestStep } from './payments-api.ts';

function Approvals({ request }: { request: PaymentRequest }) {
  const { t } = useTranslation();
  if (request.rejection) {
    return (
      <Text size="sm">
        {t('fundingPayments.requests.rejectedBy', {
          name: request.rejection.by.name,
          reason: request.rejection.reason,
        })}
      </Text>
    );
  }
  if (!request.firstApproval) return <Text size="sm">{t('fundingPayments.requests.noApproval')}</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm">{t('fundingPayments.requests.firstBy', { name: request.firstApproval.by.name })}</Text>
      {request.secondApproval ? (
        <Text size="sm">{t('fundingPayments.requests.secondBy', { name: request.secondApproval.by.name })}</Text>
      ) : null}
    </Stack>
  );
}

function Actions({ request, onDone }: { request: PaymentRequest; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const step = useRequestStep(request);
  const failure = useFailureText();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);
  const amount = formatMoney(request.totalCents);
  const labels = { amount, reference: request.grantReference };
  const second = request.status === 'approved_once';
  const approveText = t(second ? 'fundingPayments.requests.approveSecond' : 'fundingPayments.requests.approveFirst');

  // The outcome is announced above the list: a paid or closed request may leave the (open) list at once.
  function run(next: 'approve' | 'withdraw') {
    setAttempt((n) => n + 1);
    step.mutate(
      { step: next },
      {
        onSuccess: (changed) =>
          onDone(
            t(
              next === 'withdraw'
                ? 'fundingPayments.requests.withdrawn'
                : changed.status === 'paid'
                  ? 'fundingPayments.requests.paidOut'
                  : 'fundingPayments.requests.approved',
            ),
          ),
      },
    );
  }

  function reject(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    step.mutate(
      { step: 'reject', reason },
      {
        onSuccess: () => {
          setRejecting(false);
          onDone(t('fundingPayments.requests.rejected'));
        },
      },
    );
  }

  const error = step.error;
  const failed = !error
    ? null
    : isProblem(error, 'forbidden') && step.variables?.step === 'approve'
      ? t('fundingPayments.requests.fourEyes')
      : isProblem(error, 'conflict') && step.variables?.step === 'approve' && second
        ? t('fundingPayments.requests.overLimit')
        : failure(error);
  return (
    <Stack gap="xs">
      {failed ? <FormError key={attempt}>{failed}</FormError> : null}
      <Group gap="xs">
        {request.canApprove ? (
          <Button
            size="xs"
            loading={step.isPending}
            onClick={() => run('approve')}
            aria-label={t('fundingPayments.requests.approveLabel', { ...labels, action: approveText })}
          >
            {approveText}
          </Button>
        ) : null}
        {request.canReject && !rejecting ? (
          <Button
            size="xs"
            variant="outline"
            color="red.9"
            onClick={() => setRejecting(true)}
            aria-label={t('fundingPayments.requests.rejectLabel', labels)}
          >
            {t('fundingPayments.requests.reject')}
          </Button>
        ) : null}
        {request.canWithdraw ? (
          <Button
            size="xs"
            variant="outline"
            loading={step.isPending}
            onClick={() => run('withdraw')}
            aria-label={t('fundingPayments.requests.withdrawLabel', labels)}
          >
            {t('fundingPayments.requests.withdraw')}
          </Button>
        ) : null}
      </Group>
      {rejecting ? (
        <form onSubmit={reject} noValidate aria-label={t('fundingPayments.requests.rejectLabel', labels)}>
          <Stack gap="xs">
            <Textarea
              label={t('fundingPayments.requests.rejectReason')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              required
              autosize
              minRows={2}
              data-autofocus
            />
            <Group gap="xs">
              <Button size="xs" type="submit" color="red.9" loading={step.isPending}>
                {t('fundingPayments.requests.rejectConfirm')}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setRejecting(false)}>
                {t('fundingPayments.requests.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}

export function RequestsTable({
  requests,
  caption,
  showGrant,
}: {
  requests: readonly PaymentRequest[];
  caption: string;
  /** the authority's and municipality's lists name the municipality and grant of each request */
  showGrant: boolean;
}) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<{ text: string; n: number } | null>(null);
  const onDone = (text: string) => setNotice((last) => ({ text, n: (last?.n ?? 0) + 1 }));
  return (
    <Stack gap="sm">
      {notice ? <Outcome key={notice.n}>{notice.text}</Outcome> : null}
      {requests.length === 0 ? (
        <Text>{t('fundingPayments.common.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Caption>{caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {showGrant ? (
                  <>
                    <Table.Th scope="col">{t('fundingPayments.requests.municipality')}</Table.Th>
                    <Table.Th scope="col">{t('fundingPayments.requests.grant')}</Table.Th>
                  </>
                ) : null}
                <Table.Th scope="col">{t('fundingPayments.requests.requestedAt')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingPayments.common.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('fundingPayments.common.status')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.requests.approvals')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.requests.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requests.map((request) => (
                <Table.Tr key={request.id}>
                  {showGrant ? (
                    <>
                      <Table.Td>{request.municipalityName}</Table.Td>
                      <Table.Td>
                        <AnchorLink to="/funding/grants/$grantId/payments" params={{ grantId: request.grantId }}>
                          {request.grantReference}
                        </AnchorLink>
                      </Table.Td>
                    </>
                  ) : null}
                  <Table.Td>
                    {germanDate(request.requestedAt)}
                    <Text size="xs" c="dimmed">
                      {request.requestedBy.name}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={request.totalCents} />
                    {request.lines.map((line) => (
                      <Text size="xs" c="dimmed" key={`${line.strand}-${line.budgetYear}`}>
                        {line.strand} {line.budgetYear} · {germanDate(line.dueOn)}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <RequestStatusBadge status={request.status} />
                  </Table.Td>
                  <Table.Td>
                    <Approvals request={request} />
                  </Table.Td>
                  <Table.Td>
                    <Actions key={request.id} request={request} onDone={onDone} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
