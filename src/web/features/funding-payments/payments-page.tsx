// /funding/payments: for the approving authority the inbox of open payment requests of every municipality
// (first and second approval, rejection); for the municipality its own requests and where they stand.
import { NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { LoadFailed } from './payment-kit.tsx';
import { usePaymentRequests } from './payments-api.ts';
import { RequestsTable } from './requests-table.tsx';

export function PaymentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  // A hint for the wording only: the server decides what each user sees and may do.
  const authority = me.data !== undefined && can(me.data, 'update', 'payment', 'all');
  const [show, setShow] = useState<'open' | 'all'>('open');
  const requests = usePaymentRequests(show === 'open' ? { open: true } : {});
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('fundingPayments.requests.documentTitle')}>
        {t('fundingPayments.requests.title')}
      </PageTitle>
      <Text>
        {t(authority ? 'fundingPayments.requests.introAuthority' : 'fundingPayments.requests.introMunicipality')}
      </Text>
      <NativeSelect
        id="payments-show"
        label={t('fundingPayments.requests.filter')}
        value={show}
        onChange={(event) => setShow(event.currentTarget.value === 'all' ? 'all' : 'open')}
        data={[
          { value: 'open', label: t('fundingPayments.requests.filterOpen') },
          { value: 'all', label: t('fundingPayments.requests.filterAll') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {requests.isPending ? (
        <Loading />
      ) : requests.isError ? (
        <LoadFailed error={requests.error} onRetry={() => void requests.refetch()} />
      ) : (
        <RequestsTable requests={requests.data.items} caption={t('fundingPayments.requests.caption')} showGrant />
      )}
    </Stack>
  );
}
