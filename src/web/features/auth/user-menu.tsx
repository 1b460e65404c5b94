import { Badge, Button, Group, Text } from '@mantine/core';
import { useLocation, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/router-link.tsx';
import { useApplyAuthState, useAuthSession } from '../../lib/auth-session.ts';
import { logout } from './api/auth-api.ts';

/**
 * Header: the signed-in user's name (a link to their account) and "sign out", or a link to sign in.
 * Plain link and button rather than a drop-down menu: fewer key presses, and no popover code in the
 * bundle every page loads.
 */
export function UserMenu() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const apply = useApplyAuthState();
  const router = useRouter();
  const location = useLocation();
  const state = session.data;

  if (!state?.user || state.stage === null) {
    if (location.pathname === '/login') return null;
    return (
      <AnchorLink to="/login" search={{ redirect: `${location.pathname}${location.searchStr}` }} fw={600}>
        {t('auth.menu.signIn')}
      </AnchorLink>
    );
  }

  const signOut = async () => {
    await logout().catch(() => undefined);
    apply({ stage: null, user: null });
    router.history.push('/login');
  };

  return (
    <Group gap="sm" wrap="nowrap">
      {state.user.isDemo ? (
        <Badge color="violet.9" variant="outline" tt="none">
          {t('auth.menu.demo')}
        </Badge>
      ) : null}
      {state.stage === 'active' ? (
        <AnchorLink
          to="/account"
          aria-label={t('auth.menu.label', { name: state.user.displayName })}
          maw={220}
          truncate="end"
        >
          {state.user.displayName}
        </AnchorLink>
      ) : (
        <Text maw={220} truncate="end">
          {state.user.displayName}
        </Text>
      )}
      <Button variant="default" onClick={() => void signOut()}>
        {t('auth.menu.signOut')}
      </Button>
    </Group>
  );
}
