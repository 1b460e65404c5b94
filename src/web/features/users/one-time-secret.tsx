import { Alert, Button, Code, CopyButton, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** An invitation link or initial password, shown once; focus moves here so it is announced. */
export function OneTimeSecret({ title, text, value }: { title: string; text: string; value: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert ref={ref} tabIndex={-1} color="teal.9" variant="outline" title={title} role="status">
      <Stack gap="sm" align="flex-start">
        <Text>{text}</Text>
        <Code block data-testid="one-time-secret" style={{ wordBreak: 'break-all', fontSize: '1rem' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('users.oneTime.copied') : t('users.oneTime.copy')}
            </Button>
          )}
        </CopyButton>
        <Text size="sm">{t('users.oneTime.once')}</Text>
      </Stack>
    </Alert>
  );
}
