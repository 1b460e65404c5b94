// /funding/grants/$grantId/payments: a grant's amounts (decided, paid, open requests, still requestable,
// remaining per strand and year), the form of a new payment request with the two-month rule, the grant's
// requests with their approvals, and the payment ledger with running totals.
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GrantLedger } from '../../../funding/payment.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { AmountsTable } from '../funding-shared/amounts-table.tsx';
import { germanDate } from '../funding-shared/funding-kit.tsx';
import { LoadFailed } from './payment-kit.tsx';
import { useLedger, usePaymentRequests } from './payments-api.ts';
import { RequestForm } from './request-form.tsx';
import { RequestsTable } from './requests-table.tsx';

const right = { textAlign: 'right' } as const;

function Amounts({ ledger }: { ledger: GrantLedger }) {
  const { t } = useTranslation();
  return (
    <AmountsTable
      id="payment-amounts-heading"
      heading={t('fundingPayments.grantPayments.amountsHeading')}
      caption={t('fundingPayments.grantPayments.amountsCaption')}
      minWidth={640}
      strandLabel={t('fundingPayments.common.strand')}
      yearLabel={t('fundingPayments.common.year')}
      columns={(['decided', 'paid', 'openRequested', 'requestable', 'remaining'] as const).map((column) =>
        t(`fundingPayments.grantPayments.${column}`),
      )}
      rows={ledger.amounts.map((row) => ({
        ...row,
        cents: [row.decidedCents, row.paidCents, row.openRequestedCents, row.requestableCents, row.remainingCents],
      }))}
    />
  );
}

function Ledger({ ledger }: { ledger: GrantLedger }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="ledger-heading">
      <Title order={2} id="ledger-heading" mb="sm">
        {t('fundingPayments.grantPayments.ledgerHeading')}
      </Title>
      {ledger.bookings.length === 0 ? (
        <Text>{t('fundingPayments.grantPayments.noBookings')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Caption>{t('fundingPayments.grantPayments.ledgerCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingPayments.grantPayments.bookedOn')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.common.strand')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.common.year')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.grantPayments.kind')}</Table.Th>
                <Table.Th scope="col" style={right}>
                  {t('fundingPayments.common.amount')}
                </Table.Th>
                <Table.Th scope="col" style={right}>
                  {t('fundingPayments.grantPayments.runningStrand')}
                </Table.Th>
                <Table.Th scope="col" style={right}>
                  {t('fundingPayments.grantPayments.runningGrant')}
                </Table.Th>
                <Table.Th scope="col">{t('fundingPayments.grantPayments.bookedBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ledger.bookings.map((booking) => (
                <Table.Tr key={booking.id}>
                  <Table.Td>{germanDate(booking.bookedOn)}</Table.Td>
                  <Table.Td>{booking.strand}</Table.Td>
                  <Table.Td>{booking.budgetYear}</Table.Td>
                  <Table.Td>{t(`fundingPayments.kind.${booking.kind}`)}</Table.Td>
                  <Table.Td style={right}>
                    <Money cents={booking.amountCents} />
                  </Table.Td>
                  <Table.Td style={right}>
                    <Money cents={booking.strandYearTotalCents} />
                  </Table.Td>
                  <Table.Td style={right}>
                    <Money cents={booking.grantTotalCents} />
                  </Table.Td>
                  <Table.Td>{booking.bookedBy.name}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

function Requests({ grantId }: { grantId: string }) {
  const { t } = useTranslation();
  const requests = usePaymentRequests({ grantId });
  return (
    <section aria-labelledby="grant-requests-heading">
      <Title order={2} id="grant-requests-heading" mb="sm">
        {t('fundingPayments.grantPayments.requestsHeading')}
      </Title>
      {requests.isPending ? (
        <Loading />
      ) : requests.isError ? (
        <LoadFailed error={requests.error} onRetry={() => void requests.refetch()} />
      ) : (
        <RequestsTable
          requests={requests.data.items}
          caption={t('fundingPayments.requests.caption')}
          showGrant={false}
        />
      )}
    </section>
  );
}

export function GrantPaymentsPage({ grantId }: { grantId: string }) {
  const { t } = useTranslation();
  const ledger = useLedger(grantId);
  if (ledger.isPending) return <Loading />;
  if (ledger.isError) return <LoadFailed error={ledger.error} onRetry={() => void ledger.refetch()} />;
  const data = ledger.data;
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('fundingPayments.grantPayments.documentTitle')}>
        {t('fundingPayments.grantPayments.title', { reference: data.grantReference })}
      </PageTitle>
      <AnchorLink to="/funding/grants/$grantId" params={{ grantId }}>
        {t('fundingPayments.common.backToGrant')}
      </AnchorLink>
      <Text>{t('fundingPayments.grantPayments.intro', { municipality: data.municipalityName })}</Text>
      <Amounts ledger={data} />
      {data.canRequest ? <RequestForm ledger={data} /> : null}
      <Requests grantId={grantId} />
      <Ledger ledger={data} />
    </Stack>
  );
}
