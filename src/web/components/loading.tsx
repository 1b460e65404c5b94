import { Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The one loading indicator: announced to screen readers (role=status), the spinner itself hidden from them. */
export function Loading({ text }: { text?: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" role="status">
      <Loader size="sm" aria-hidden="true" />
      <Text>{text ?? t('auth.common.loading')}</Text>
    </Group>
  );
}
