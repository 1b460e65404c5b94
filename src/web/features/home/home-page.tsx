import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { useSystemStatus } from './api/get-system-status.ts';
import { SystemStatusError, SystemStatusLoading } from './system-status-states.tsx';
import { SystemStatusView } from './system-status-view.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const status = useSystemStatus();

  return (
    <Stack gap="lg">
      <Stack gap="md">
        <PageTitle documentTitle={t('home.documentTitle')}>{t('home.title')}</PageTitle>
        <Text>{t('home.intro')}</Text>
      </Stack>
      <section aria-labelledby="system-status-title">
        <Title order={2} id="system-status-title" mb="sm">
          {t('home.statusTitle')}
        </Title>
        <Stack gap="md">
          {status.isPending ? <SystemStatusLoading /> : null}
          {status.isError ? (
            <SystemStatusError
              error={status.error}
              retrying={status.isFetching}
              onRetry={() => void status.refetch()}
            />
          ) : null}
          {status.data ? <SystemStatusView status={status.data} /> : null}
        </Stack>
      </section>
    </Stack>
  );
}
