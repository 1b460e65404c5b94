import { Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useAuthSession } from '../../lib/auth-session.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useSystemStatus } from './api/get-system-status.ts';
import { SystemStatusError, SystemStatusLoading } from './system-status-states.tsx';
import { SystemStatusView } from './system-status-view.tsx';

// The caseload is a chunk of its own: people who do not work on cases never load it.
const CaseloadSection = lazy(() =>
  import('../caseload/caseload-section.tsx').then((module) => ({ default: module.CaseloadSection })),
);

/** The start page: the caseload for those who work on cases, the system status for everyone else. */
export function HomePage() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const me = useMe(session.data?.stage === 'active');
  const casework = me.data ? can(me.data, 'read', 'case') : false;
  // Until it is known who is signed in, neither part: one would flash and give way to the other.
  const deciding = session.isPending || (session.data?.stage === 'active' && me.isPending);

  return (
    <Stack gap="lg">
      <Stack gap="md">
        <PageTitle documentTitle={t('home.documentTitle')}>{t('home.title')}</PageTitle>
        <Text>{t('home.intro')}</Text>
      </Stack>
      {deciding ? (
        <Loading />
      ) : casework ? (
        <Suspense fallback={<Loading />}>
          <CaseloadSection />
        </Suspense>
      ) : (
        <SystemStatusSection />
      )}
    </Stack>
  );
}

function SystemStatusSection() {
  const { t } = useTranslation();
  const status = useSystemStatus();
  return (
    <section aria-labelledby="system-status-title">
      <Title order={2} id="system-status-title" mb="sm">
        {t('home.statusTitle')}
      </Title>
      <Stack gap="md">
        {status.isPending ? <SystemStatusLoading /> : null}
        {status.isError ? (
          <SystemStatusError error={status.error} retrying={status.isFetching} onRetry={() => void status.refetch()} />
        ) : null}
        {status.data ? <SystemStatusView status={status.data} /> : null}
      </Stack>
    </section>
  );
}
