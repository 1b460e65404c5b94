// The quality review's start (/quality): every provider with offers in the municipality (provider staff: their
// own), with the main rates; links to each provider, the gap analysis and the quality dialogues.
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useProviderOverview } from './api/quality-api.ts';
import { RateCells, RateHeaderCells } from './indicator-view.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';

export function QualityOverviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const readable = me.data ? can(me.data, 'read', 'quality') : false;
  const overview = useProviderOverview();
  return (
    <Stack gap="lg">
      <PageTitle>{t('quality.overview.title')}</PageTitle>
      <Text>{t('quality.overview.intro')}</Text>
      <Group gap="lg">
        {me.data && can(me.data, 'read', 'aggregate') ? (
          <AnchorLink to="/offers/gaps">{t('quality.overview.gapsLink')}</AnchorLink>
        ) : null}
        {readable ? <AnchorLink to="/quality/dialogues">{t('quality.overview.dialoguesLink')}</AnchorLink> : null}
      </Group>
      {me.data && !readable ? <Text>{t('quality.common.noAccess')}</Text> : null}
      {readable && overview.isPending ? <Loading text={t('quality.common.loading')} /> : null}
      {readable && overview.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          <Text mb="sm">{t('quality.common.failed')}</Text>
          <Button variant="default" onClick={() => void overview.refetch()}>
            {t('quality.common.retry')}
          </Button>
        </Alert>
      ) : null}
      {overview.data && overview.data.providers.length === 0 ? <Text>{t('quality.overview.empty')}</Text> : null}
      {overview.data && overview.data.providers.length > 0 ? (
        <ScrollRegion label={t('quality.overview.caption')} minWidth={900}>
          <Table withTableBorder>
            <caption style={{ textAlign: 'start', fontWeight: 600 }}>{t('quality.overview.caption')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('quality.overview.provider')}</Table.Th>
                <Table.Th scope="col">{t('quality.overview.offers')}</Table.Th>
                <RateHeaderCells />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overview.data.providers.map(({ provider, offers, indicators }) => (
                <Table.Tr key={provider.id}>
                  <Table.Th scope="row" fw={400}>
                    <AnchorLink to="/quality/providers/$providerId" params={{ providerId: provider.id }}>
                      {provider.name}
                    </AnchorLink>
                  </Table.Th>
                  <Table.Td>{offers}</Table.Td>
                  <RateCells indicators={indicators} />
                  <Table.Td>{indicators.feedback.responses}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      ) : null}
    </Stack>
  );
}
