import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';

/**
 * Shown while the participant pages' chunk loads (in the initial bundle, so it uses only the shared texts):
 * the page's heading is there at once, and the loading is announced.
 */
export function ParticipantsPending() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageTitle>{t('nav.participants')}</PageTitle>
      <Loading />
    </Stack>
  );
}
