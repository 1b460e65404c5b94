import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';

/** The areas that get their own features; until then each shows what it will hold. */
export type AreaKey = 'participants' | 'offers' | 'funding' | 'alliance' | 'reports' | 'admin';

export function AreaPage({ area }: { area: AreaKey }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <PageTitle>{t(`areas.${area}.title`)}</PageTitle>
      <Text>{t(`areas.${area}.description`)}</Text>
      <Alert color="blue.9" variant="outline">
        {t('areas.comingSoon')}
      </Alert>
    </Stack>
  );
}
