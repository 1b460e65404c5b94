// /funding/contracts: the forwarding contracts the signed-in user may see — a provider's own (in every
// municipality it serves), the municipality's, or all of them for the authority.
import { Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForwardingContract } from '../../../funding/forwarding.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { germanDate } from '../funding-shared/funding-kit.tsx';
import { ContractStatusBadge, LoadFailed } from './payment-kit.tsx';
import { useContracts } from './payments-api.ts';

export function ContractsPage() {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<string[]>([]);
  const page = useContracts(cursors.at(-1));
  const [seen, setSeen] = useState<ForwardingContract[]>([]);
  const rows = [...seen, ...(page.data?.items ?? [])];
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('fundingPayments.contracts.documentTitle')}>
        {t('fundingPayments.contracts.title')}
      </PageTitle>
      <Text>{t('fundingPayments.contracts.intro')}</Text>
      {page.isPending ? (
        <Loading />
      ) : page.isError ? (
        <LoadFailed error={page.error} onRetry={() => void page.refetch()} />
      ) : rows.length === 0 ? (
        <Text>{t('fundingPayments.common.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Caption>{t('fundingPayments.contracts.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingPayments.forwarding.reference')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.contracts.municipality')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.forwarding.provider')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.contracts.grant')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.contracts.period')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.contracts.conditions')}</Table.Th>
                <Table.Th scope="col">{t('fundingPayments.common.status')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingPayments.common.total')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((contract) => (
                <Table.Tr key={contract.id}>
                  <Table.Td>
                    {contract.reference}
                    <Text size="xs" c="dimmed">
                      {contract.purpose}
                    </Text>
                  </Table.Td>
                  <Table.Td>{contract.municipalityName}</Table.Td>
                  <Table.Td>{contract.providerName}</Table.Td>
                  <Table.Td>{contract.grantReference}</Table.Td>
                  <Table.Td>
                    {germanDate(contract.periodFrom)} – {germanDate(contract.periodTo)}
                  </Table.Td>
                  <Table.Td>{contract.conditions}</Table.Td>
                  <Table.Td>
                    <ContractStatusBadge status={contract.status} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={contract.totalCents} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {page.data?.nextCursor ? (
        <Button
          variant="outline"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (!next) return;
            setSeen(rows);
            setCursors((current) => [...current, next]);
          }}
        >
          {t('fundingPayments.common.more')}
        </Button>
      ) : null}
    </Stack>
  );
}
