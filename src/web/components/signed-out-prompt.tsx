import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './router-link.tsx';

/**
 * What an area's start page shows to someone signed out: what signing in gives access to, and the way to the
 * login, which returns to this page. Area pages are public (no login wall), so that a link to them always works.
 */
export function SignedOutPrompt({ message, redirect }: { message: string; redirect: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" align="flex-start">
      <Text>{message}</Text>
      <AnchorLink to="/login" search={{ redirect }} fw={600}>
        {t('auth.menu.signIn')}
      </AnchorLink>
    </Stack>
  );
}
