// One provider's quality (/quality/providers/$providerId): its indicators over all its offers, each offer's
// rates, and its quality dialogues.
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useProviderIndicators } from './api/quality-api.ts';
import { DialogueList } from './dialogue-list.tsx';
import { IndicatorsPending, IndicatorView, RateCells, RateHeaderCells } from './indicator-view.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';

export function ProviderQualityPage({ providerId }: { providerId: string }) {
  const { t } = useTranslation();
  const result = useProviderIndicators(providerId);
  const data = result.data;
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('quality.provider.documentTitle')}>
        {data ? t('quality.provider.title', { name: data.provider.name }) : t('quality.provider.documentTitle')}
      </PageTitle>
      <AnchorLink to="/quality">{t('quality.provider.back')}</AnchorLink>
      <IndicatorsPending query={result} />
      {data ? (
        <>
          <Title order={2}>{t('quality.provider.total')}</Title>
          <IndicatorView indicators={data.indicators} />
          <Title order={2}>{t('quality.provider.offersTitle')}</Title>
          <ScrollRegion label={t('quality.provider.offersTitle')} minWidth={900}>
            <Table withTableBorder>
              <caption style={{ textAlign: 'start', fontWeight: 600 }}>{t('quality.provider.offersTitle')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('quality.provider.offer')}</Table.Th>
                  <RateHeaderCells />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.offers.map(({ offer, indicators }) => (
                  <Table.Tr key={offer.id}>
                    <Table.Th scope="row" fw={400}>
                      <AnchorLink to="/quality/offers/$offerId" params={{ offerId: offer.id }}>
                        {offer.title}
                      </AnchorLink>
                      <Text size="xs">{offer.place}</Text>
                    </Table.Th>
                    <RateCells indicators={indicators} />
                    <Table.Td>{indicators.feedback.responses}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
          <Title order={2}>{t('quality.provider.dialoguesTitle')}</Title>
          <DialogueList providerId={providerId} />
        </>
      ) : null}
    </Stack>
  );
}
