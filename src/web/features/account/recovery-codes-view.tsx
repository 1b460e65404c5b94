import { Alert, Button, Checkbox, Group, List, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Ten recovery codes, shown once; the user confirms having stored them before moving on. */
export function RecoveryCodesView({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const headingRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const download = () => {
    const blob = new Blob([`${t('account.recoveryCodes.fileHeader')}\n\n${codes.join('\n')}\n`], {
      type: 'text/plain',
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'durchstarten-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Stack gap="md">
      <Alert ref={headingRef} tabIndex={-1} color="blue.9" variant="outline" title={t('account.recoveryCodes.title')}>
        <Text>{t('account.recoveryCodes.intro')}</Text>
      </Alert>
      <List
        type="ordered"
        data-testid="recovery-codes"
        styles={{ item: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: '1.05rem' } }}
      >
        {codes.map((code) => (
          <List.Item key={code}>{code}</List.Item>
        ))}
      </List>
      <Group>
        <Button variant="default" onClick={download}>
          {t('account.recoveryCodes.download')}
        </Button>
      </Group>
      <Checkbox
        label={t('account.recoveryCodes.saved')}
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
      />
      <Group>
        <Button onClick={onDone} disabled={!saved}>
          {t('account.recoveryCodes.continue')}
        </Button>
      </Group>
    </Stack>
  );
}
