// /funding/grants: the grants with their totals in force (all for the authority and the ministry, its own for a
// municipality).
import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { LoadFailed } from './application-kit.tsx';
import { useGrants } from './applications-api.ts';

export function GrantsPage() {
  const { t } = useTranslation();
  const grants = useGrants(undefined);
  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingApplications.grants.title')}</PageTitle>
      <Text>{t('fundingApplications.grants.intro')}</Text>
      <AnchorLink to="/funding/applications">{t('fundingApplications.grants.applications')}</AnchorLink>
      {grants.isPending ? (
        <Loading text={t('fundingApplications.common.loading')} />
      ) : grants.isError ? (
        <LoadFailed error={grants.error} onRetry={() => void grants.refetch()} />
      ) : grants.data.items.length === 0 ? (
        <Text>{t('fundingApplications.grants.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Caption>{t('fundingApplications.grants.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingApplications.grants.reference')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.grants.grantTitle')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.grants.municipality')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.grants.decided')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.grants.paid')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.grants.remaining')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {grants.data.items.map((grant) => (
                <Table.Tr key={grant.id}>
                  <Table.Td>
                    <AnchorLink to="/funding/grants/$grantId" params={{ grantId: grant.id }}>
                      {grant.reference}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{grant.title}</Table.Td>
                  <Table.Td>{grant.municipalityName}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={grant.decidedCents} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={grant.paidCents} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={grant.remainingCents} />
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
