import { Alert, Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';

export function SystemStatusLoading() {
  const { t } = useTranslation();
  return <Loading text={t('home.loading')} />;
}

export function SystemStatusError({
  error,
  retrying,
  onRetry,
}: {
  error: Error;
  retrying: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="red.9" variant="outline" title={t('home.errorTitle')} role="alert">
      <Text mb="xs">{t('home.errorText')}</Text>
      <Text size="sm" mb="sm">
        {t('home.errorDetail', { detail: error.message })}
      </Text>
      <Button onClick={onRetry} loading={retrying}>
        {t('home.retry')}
      </Button>
    </Alert>
  );
}
