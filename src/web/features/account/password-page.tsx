import { Paper, Stack, Text } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { AUTH_SESSION_KEY, safeRedirect } from '../../lib/auth-session.ts';
import { PasswordChangeForm } from './password-change-form.tsx';
import { useQueryClient } from '@tanstack/react-query';

/** The first sign-in with a password an administrator chose: the user must choose their own. */
export function PasswordPage({ redirect }: { redirect: string | undefined }) {
  const { t } = useTranslation();
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <Stack gap="lg" maw={560}>
      <PageTitle>{t('account.password.requiredTitle')}</PageTitle>
      <Text>{t('account.password.requiredIntro')}</Text>
      <Paper withBorder p="md">
        <PasswordChangeForm
          onChanged={() => {
            void queryClient.invalidateQueries({ queryKey: AUTH_SESSION_KEY }).then(() => {
              const target = safeRedirect(redirect);
              router.history.replace(target === '/account/password' ? '/' : target);
            });
          }}
        />
      </Paper>
    </Stack>
  );
}
