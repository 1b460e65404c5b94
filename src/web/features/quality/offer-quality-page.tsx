// One offer's quality (/quality/offers/$offerId): its indicators and the participants' feedback summary.
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useOfferIndicators } from './api/quality-api.ts';
import { IndicatorsPending, IndicatorView } from './indicator-view.tsx';

export function OfferQualityPage({ offerId }: { offerId: string }) {
  const { t } = useTranslation();
  const result = useOfferIndicators(offerId);
  const data = result.data;
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('quality.offer.documentTitle')}>
        {data ? t('quality.offer.title', { title: data.offer.title }) : t('quality.offer.documentTitle')}
      </PageTitle>
      <IndicatorsPending query={result} />
      {data ? (
        <>
          <AnchorLink to="/quality/providers/$providerId" params={{ providerId: data.offer.providerId }}>
            {t('quality.offer.back')}
          </AnchorLink>
          <Text>{t('quality.offer.provider', { name: data.offer.providerName })}</Text>
          <IndicatorView indicators={data.indicators} />
        </>
      ) : null}
    </Stack>
  );
}
